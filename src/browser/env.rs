//! What the page's environment supplies: time, randomness, its language, a console.

use alloc::string::String;
use core::cell::Cell;

use wasm_bindgen::prelude::wasm_bindgen;
use web_sys::Window;

use crate::browser::Local;

#[wasm_bindgen(module = "/src/browser/added.js")]
extern "C" {
    /// The page's `window`; `None` where there is none (a worker).
    #[wasm_bindgen(js_name = pageWindow)]
    fn page_window() -> Option<Window>;
}

#[wasm_bindgen]
extern "C" {
    /// `console.warn`, which a page may have wrapped, and its wrapper may
    /// throw: caught, so a throwing wrapper cannot stop the banner midway.
    #[wasm_bindgen(js_namespace = console, js_name = warn, catch)]
    fn console_warn(message: &str) -> Result<(), wasm_bindgen::JsValue>;
    /// `console.error`, caught likewise.
    #[wasm_bindgen(js_namespace = console, js_name = error, catch)]
    fn console_error(message: &str) -> Result<(), wasm_bindgen::JsValue>;
}

/// The page's `window`. `web_sys::window()` finds it by trying four globals
/// in turn and checking the type: four more imports, 1.6 KB more of module
/// and glue (366 B brotli). Asked of the page each time: a `static` of
/// wasm-bindgen's keeps it, but its lazy cell cost the module more.
pub fn window() -> Option<Window> {
    page_window()
}

/// Now, in milliseconds since the Unix epoch (`Date.now()`).
pub fn now_ms() -> u64 {
    // Date.now() is a whole, non-negative number of milliseconds.
    js_sys::Date::now() as u64
}

/// The `lang` attribute of the page's `<html>`, if set.
pub fn page_language() -> Option<String> {
    let lang = window()?
        .document()?
        .document_element()?
        .get_attribute("lang")?;
    Some(lang)
}

/// Whether the browser sends the Global Privacy Control signal
/// (`navigator.globalPrivacyControl === true`).
pub fn privacy_signal() -> bool {
    window()
        .and_then(|w| js_sys::Reflect::get(&w.navigator(), &"globalPrivacyControl".into()).ok())
        .and_then(|v| v.as_bool())
        == Some(true)
}

/// The id of the page's optional JSON config element.
pub const CONFIG_ID: &str = "icta-consent-config";

/// The text of `<script type="application/json" id="icta-consent-config">`.
pub fn page_config() -> Option<String> {
    window()?
        .document()?
        .get_element_by_id(CONFIG_ID)?
        .text_content()
}

/// Sixteen bytes from `crypto.getRandomValues`, which every browser that runs
/// this module has, and which throws only for more than 65 536 bytes. Were it
/// ever to fail, the bytes stay zero: the consent id is then not unique, and
/// nothing else changes.
pub fn random_bytes() -> [u8; 16] {
    let mut bytes = [0u8; 16];
    if let Some(crypto) = window().and_then(|w| w.crypto().ok()) {
        let _ = crypto.get_random_values_with_u8_array(&mut bytes);
    }
    bytes
}

/// Writes `message` to the console as a warning.
pub fn warn(message: &str) {
    let _ = console_warn(&["icta-consent: ", message].concat());
}

/// Writes `message` (which names the module itself) to the console as an error.
pub fn error(message: &str) {
    let _ = console_error(message);
}

static WARNED: Local<Cell<bool>> = Local::new(Cell::new(false));

/// Writes `message` to the console as a warning, once per page: a visitor's
/// console is not the place for a stream of repeats.
pub(crate) fn warn_once(message: &str) {
    if !WARNED.with(|w| w.replace(true)) {
        warn(message);
    }
}
