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
  // Until the module has started, the API answers "nothing granted yet"
  // (accepted() is true for "necessary" only, whatever the name) and keeps
  // actions, unchecked, which run in order once it has (after
  // icta-consent:ready).
  // Whether it has: a call into it works (the glue throws a TypeError before).
  let live = 0;
  let early = [];
  const started = () => {
    if (!live) try { live = api.accepted("necessary"); } catch {}
    return live;
  };
  const act = (f) => (...args) => started() ? f(...args) : void early.push(() => f(...args));
  // The choices (or null) once the module has started and read them: for
  // page code that may come after icta-consent:ready has fired. Pending for
  // good if the module does not load.
  let begun;
  const ready = new Promise((resolve) => { begun = resolve; });
  window.IctaConsent = Object.freeze({
    ready,
    accepted: (category) => started() ? api.accepted(category) : category === "necessary",
    choices: () => started() ? api.choices() : null,
    acceptAll: act(api.acceptAll),
    rejectAll: act(api.rejectAll),
    save: act(api.save),
    showBanner: act(api.showBanner),
    showPreferences: act(api.showPreferences),
    reset: act(api.reset),
  });
  // The module starts in a task of its own, which it asks for as it is
  // instantiated (api.rs, start); what waited for it runs in a task after,
  // or at once on a page whose timers throw (the module then started at once
  // too).
  const after = (f) => { try { setTimeout(f); } catch { f(); } };
  init({ module_or_path: wasm }).then(() => after(() => {
    // One bad call (a save() of the wrong shape) says so and stops nothing.
    for (const f of early) try { f(); } catch (error) { console.error(error); }
    early = [];
    begun(api.choices());
  }), (error) => {
    console.error("icta-consent: the module did not load; analytics stays blocked.", error);
  });
}
