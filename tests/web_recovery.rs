//! In a real browser: page code that throws through one of the banner's
//! effects (a patched prototype) cuts that run short, and the banner still
//! finishes it and keeps working. A file of its own: it patches prototypes.
#![cfg(target_arch = "wasm32")]

use icta_consent::api::{self, testing};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
export function clear() { localStorage.clear(); }
export function break_dialog_close_once() {
  const close = HTMLDialogElement.prototype.close;
  HTMLDialogElement.prototype.close = function () {
    HTMLDialogElement.prototype.close = close;
    throw new Error('the page broke dialog.close()');
  };
  window.__thrown = [];
  window.addEventListener('error', (e) => { window.__thrown.push(e.message); e.preventDefault(); }, { once: true });
}
export function click_in_banner(selector) {
  document.getElementById('icta-consent').shadowRoot.querySelector(selector).click();
}
export function banner_hidden() {
  return document.getElementById('icta-consent').shadowRoot.querySelector('.banner').hidden;
}
export function thrown() { return (window.__thrown || []).join(','); }
export function stored() { return localStorage.getItem('icta-consent'); }
export function tick() { return new Promise((resolve) => setTimeout(resolve, 0)); }
"#)]
extern "C" {
    fn clear();
    fn break_dialog_close_once();
    fn click_in_banner(selector: &str);
    fn banner_hidden() -> bool;
    fn thrown() -> String;
    fn stored() -> Option<String>;
    fn tick() -> js_sys::Promise;
}

#[wasm_bindgen_test]
async fn an_exception_from_page_code_inside_an_effect_does_not_stop_the_banner() {
    testing::stop();
    clear();
    api::start();
    api::show_preferences();
    assert!(banner_hidden(), "the dialog took the banner's place");

    // The visitor closes the dialog; the page's patched close() throws in
    // the middle of the effects that closing runs.
    break_dialog_close_once();
    click_in_banner("[data-action=close]");
    assert!(
        thrown().contains("the page broke dialog.close()"),
        "{}",
        thrown()
    );
    wasm_bindgen_futures::JsFuture::from(tick())
        .await
        .expect("a tick");

    // The rest of that run was finished: the banner is back.
    assert!(!banner_hidden(), "the banner came back after the dialog");
    // And the next choice runs all of its effects.
    click_in_banner(".banner [data-action=accept-all]");
    let record = stored().expect("Accept all was stored");
    assert!(record.contains(r#""method":"accept-all""#), "{record}");
    assert!(banner_hidden());
    testing::stop();
    clear();
}
