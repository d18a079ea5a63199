// icta-consent: the one-tag entry point.
//
//   <script type="module" src="/icta-consent/icta-consent.js"></script>
//
// Loads the WebAssembly module beside this file, which reads the visitor's
// choice, shows the banner if needed and runs the scripts marked
// data-consent that the choice allows. Including the tag twice is harmless.
//
// For the web build (www/icta-consent/, dist/) ./scripts/build bundles this
// file and wasm-bindgen's glue into one module, so a page makes one request
// for the JavaScript, then one for the .wasm. In the npm package (pkg/) it
// stays a separate file that imports the glue ("@icta/consent/auto").
import init, * as api from "./icta_consent.js";

// The standard gtag stub, so that Consent Mode v2 defaults are set before any
// Google tag runs (Google's own snippet defines the same function).
window.dataLayer = window.dataLayer || [];
window.gtag = window.gtag || function gtag() { window.dataLayer.push(arguments); };

if (!window.IctaConsent) {
  // The .wasm beside this file (import.meta.url, so a site serving it from
  // another folder works), fetched as soon as this module runs; the glue
  // compiles it as it streams in.
  const wasm = fetch(new URL("./icta_consent_bg.wasm", import.meta.url));
  window.IctaConsent = Object.freeze({
    accepted: api.accepted,
    choices: api.choices,
    acceptAll: api.acceptAll,
    rejectAll: api.rejectAll,
    save: api.save,
    showBanner: api.showBanner,
    showPreferences: api.showPreferences,
    reset: api.reset,
  });
  init({ module_or_path: wasm }).catch((error) => {
    console.error("icta-consent: the module did not load; analytics stays blocked.", error);
  });
}
