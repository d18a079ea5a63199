// Demo only: prints window.dataLayer on the page whenever the consent changes.
// Each entry is the arguments of one gtag() call.
const out = document.getElementById("datalayer");

function show() {
  const calls = (window.dataLayer || []).map((args) => Array.from(args));
  out.textContent = calls.map((call) => JSON.stringify(call)).join("\n") || "(empty)";
}

window.addEventListener("icta-consent:ready", show);
// The change event comes just before the newly allowed scripts run: look after them.
window.addEventListener("icta-consent:change", () => setTimeout(show));
