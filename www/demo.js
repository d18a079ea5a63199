// The demo page's own script: loads the module and shows the decision it took.
// (The banner itself arrives with the banner issue; these buttons call the API.)
import init, * as consent from "/pkg/icta_consent.js";

const box = document.getElementById("consent-status");
const yesNo = (value) => (value ? "bəli" : "xeyr");

function show() {
  const s = consent.status();
  const fields = {
    module: "yükləndi",
    necessary: yesNo(s.granted.necessary),
    preferences: yesNo(s.granted.preferences),
    analytics: yesNo(s.granted.analytics),
    showBanner: yesNo(s.showBanner),
    reason: s.reason ?? "etibarlı seçim var",
    language: s.language,
    storage: s.storage,
  };
  for (const [name, text] of Object.entries(fields)) {
    box.querySelector(`[data-field="${name}"]`).textContent = text;
  }
  box.dataset.state = "ready";
  box.dataset.analytics = String(s.granted.analytics);
  box.dataset.showBanner = String(s.showBanner);
}

// ?lang=en shows the banner as a page in English (or Russian) would.
const lang = new URLSearchParams(location.search).get("lang");
if (lang) document.documentElement.lang = lang;

try {
  await init();
  show();
  for (const button of document.querySelectorAll("[data-demo]")) {
    button.addEventListener("click", () => {
      consent[button.dataset.demo]();
      show();
    });
  }
} catch (error) {
  box.dataset.state = "failed";
  box.querySelector('[data-field="module"]').textContent = "yüklənmədi";
  console.error("icta-consent demo: the module did not load", error);
}
