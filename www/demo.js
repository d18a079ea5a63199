// The demo page's status panel: what the banner decided, and how many
// requests the stand-in analytics made (counted by the demo server).
const box = document.getElementById("consent-status");
const yesNo = (value) => (value ? "bəli" : "xeyr");
const field = (name, text) => {
  box.querySelector(`[data-field="${name}"]`).textContent = text;
};

async function show(choices) {
  field("module", "yükləndi");
  field("choice", choices ? "var" : "hələ yoxdur");
  field("preferences", yesNo(choices?.preferences));
  field("analytics", yesNo(choices?.analytics));
  box.dataset.state = "ready";
  box.dataset.analytics = String(Boolean(choices?.analytics));
  box.dataset.chosen = String(Boolean(choices));
  try {
    const hits = await (await fetch("/__hits")).json();
    field("hits", String(hits.analytics));
  } catch {
    field("hits", "—");
  }
}

// This script may run before the banner's module or after it has started.
window.addEventListener("icta-consent:ready", (e) => show(e.detail));
window.IctaConsent?.ready.then(show);
window.addEventListener("icta-consent:change", (e) => show(e.detail));
window.addEventListener("demo:analytics", () => show(window.IctaConsent?.choices()));

for (const button of document.querySelectorAll("[data-demo]")) {
  button.addEventListener("click", () => window.IctaConsent?.[button.dataset.demo]());
}

