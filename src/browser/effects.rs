//! What the page does when the choice is known or changes: Consent Mode,
//! events, cookie deletion, reload, and proof of consent.

use alloc::borrow::Cow;
use alloc::string::String;

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::CustomEvent;

use crate::browser::window;
use crate::core::{cookies_to_clear, deletions, Choices, ConsentMode, Text};

#[wasm_bindgen]
extern "C" {
    /// The page's document, seen for its `cookie` property, which web-sys
    /// has only on `HtmlDocument` (a checked cast, and one import more).
    type CookieJar;
    /// `document.cookie`: the page's cookies, as a header.
    #[wasm_bindgen(method, getter, catch)]
    fn cookie(this: &CookieJar) -> Result<String, JsValue>;
    /// Sets (here: deletes) one cookie through `document.cookie`.
    #[wasm_bindgen(method, setter, catch)]
    fn set_cookie(this: &CookieJar, value: &str) -> Result<(), JsValue>;
}

/// A plain JS value from JSON text this crate wrote, through the browser's
/// own parser (`null` if it were not JSON). It also builds the few option
/// objects passed to browser APIs (`{mode: "open"}` and the like): one
/// `JSON.parse` import serves them all, where web-sys's dictionary types cost
/// an import per field.
pub fn from_json(text: &str) -> JsValue {
    js_sys::JSON::parse(text).unwrap_or(JsValue::NULL)
}

/// The choices as a plain JS object, or `null`.
pub fn choices_js(choices: Option<Choices>) -> JsValue {
    choices.map_or(JsValue::NULL, |c| from_json(&c.to_json()))
}

/// Dispatches `name` on `window` with `detail`.
pub fn dispatch(name: &str, detail: Option<Choices>) {
    let detail = detail.map_or(Cow::Borrowed("null"), |c| Cow::Owned(c.to_json()));
    let init = from_json(&["{\"detail\":", &detail, "}"].concat());
    let event = CustomEvent::new_with_event_init_dict(name, init.unchecked_ref());
    if let (Some(window), Ok(event)) = (window(), event) {
        let _ = window.dispatch_event(&event);
    }
}

/// Reports Consent Mode v2 state through the page's `gtag`, if it has one
/// (the one-tag loader defines the standard stub): `"default"` before the
/// choice is known, `"update"` before any gated script runs.
pub fn consent_mode(command: &str, state: ConsentMode) {
    let Some(window) = window() else {
        return;
    };
    let gtag = js_sys::Reflect::get(&window, &"gtag".into()).ok();
    if let Some(gtag) = gtag.and_then(|g| g.dyn_into::<js_sys::Function>().ok()) {
        let _ = gtag.call3(
            &JsValue::UNDEFINED,
            &"consent".into(),
            &command.into(),
            &from_json(&state.to_json()),
        );
    }
}

/// Deletes the cookies matching `patterns` on this host and its parents.
pub fn clear_cookies(patterns: &[Text]) {
    let Some(window) = window() else {
        return;
    };
    let Some(jar) = window.document().map(JsCast::unchecked_into::<CookieJar>) else {
        return;
    };
    let host = window.location().hostname().unwrap_or_default();
    let header = jar.cookie().unwrap_or_default();
    for name in cookies_to_clear(&header, patterns) {
        for deletion in deletions(name, &host) {
            let _ = jar.set_cookie(&deletion);
        }
    }
}

/// Reloads the page, so analytics already running stops.
pub fn reload() {
    if let Some(window) = window() {
        let _ = window.location().reload();
    }
}

/// Sends `body` to `url` with `navigator.sendBeacon`.
pub fn beacon(url: &str, body: &str) {
    if let Some(window) = window() {
        let _ = window.navigator().send_beacon_with_opt_str(url, Some(body));
    }
}
