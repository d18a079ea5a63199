//! What the page does when the choice is known or changes: Consent Mode,
//! events, cookie deletion, reload, and proof of consent.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CustomEvent, CustomEventInit, HtmlDocument};

use crate::browser::window;
use crate::core::{cookies_to_clear, deletions, Choices, ConsentMode, Text};

/// Fired on `window` once the module has started; detail: the choices, or
/// `null` when the visitor has not chosen.
pub const READY: &str = "icta-consent:ready";
/// Fired on `window` when the choice changes; detail: the new choices, or
/// `null` after a reset.
pub const CHANGE: &str = "icta-consent:change";

/// A plain JS value from JSON text this crate wrote, through the browser's
/// own parser (`null` if it were not JSON).
pub fn from_json(text: &str) -> JsValue {
    js_sys::JSON::parse(text).unwrap_or(JsValue::NULL)
}

/// The choices as a plain JS object, or `null`.
pub fn choices_js(choices: Option<Choices>) -> JsValue {
    choices.map_or(JsValue::NULL, |c| from_json(&c.to_json()))
}

/// Dispatches `name` on `window` with `detail`.
pub fn dispatch(name: &str, detail: Option<Choices>) {
    let init = CustomEventInit::new();
    init.set_detail(&choices_js(detail));
    let event = CustomEvent::new_with_event_init_dict(name, &init);
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
    let Some(document) = window
        .document()
        .and_then(|d| d.dyn_into::<HtmlDocument>().ok())
    else {
        return;
    };
    let host = window.location().hostname().unwrap_or_default();
    let header = document.cookie().unwrap_or_default();
    for name in cookies_to_clear(&header, patterns) {
        for deletion in deletions(name, &host) {
            let _ = document.set_cookie(&deletion);
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
