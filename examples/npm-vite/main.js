// The banner as a dependency: the module's functions, imported. Nothing is
// global here (no window.IctaConsent, no gtag stub: see the README).
import init, { accepted, reset, save } from "@icta/consent";

const consent = document.getElementById("consent-status");

// The app's analytics is a separate chunk, fetched the first time analytics
// is allowed and never before.
let analytics;
function loadAnalyticsIfAllowed() {
  if (!analytics && accepted("analytics")) {
    analytics = import("./analytics.js");
  }
}

// Shows the choices an event carries (null: the visitor has not chosen).
function show(event) {
  const choices = event.detail;
  consent.textContent = choices
    ? `preferences ${choices.preferences ? "on" : "off"}, analytics ${choices.analytics ? "on" : "off"}`
    : "not chosen yet";
  consent.dataset.state = "ready";
  loadAnalyticsIfAllowed();
}

// Listen before init(): the module announces its start with icta-consent:ready.
window.addEventListener("icta-consent:ready", show);
window.addEventListener("icta-consent:change", show);

document.getElementById("analytics-only").addEventListener("click", () => save({ preferences: false, analytics: true }));
document.getElementById("forget").addEventListener("click", () => reset());

// Fetches and starts the module (its .wasm is bundled as an asset): it reads
// the stored choice and shows the banner if the visitor must be asked.
await init();
