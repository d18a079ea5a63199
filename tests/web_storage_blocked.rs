//! In a real browser whose `window.localStorage` throws (cookies blocked, a
//! sandboxed iframe): the page still works, the choice lives in memory for
//! the page, and nothing grants analytics before the visitor says so.
//!
//! A file of its own: each test file runs in its own page, and this one
//! breaks the page's storage.
#![cfg(target_arch = "wasm32")]

use icta_consent::browser::{Backend, Consent};
use icta_consent::{Action, Category, Choices, Profile, Reason};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = "
export function block_local_storage() {
  Object.defineProperty(window, 'localStorage', {
    configurable: true,
    get() { throw new DOMException('The operation is insecure.', 'SecurityError'); },
  });
}
export function local_storage_throws() {
  try { window.localStorage; return false; } catch (e) { return true; }
}
")]
extern "C" {
    fn block_local_storage();
    fn local_storage_throws() -> bool;
}

#[wasm_bindgen_test]
fn blocked_storage_keeps_the_choice_in_memory_and_analytics_off_until_asked() {
    block_local_storage();
    assert!(
        local_storage_throws(),
        "the override must make the getter throw"
    );

    let mut consent = Consent::start(&Profile::icta());
    assert_eq!(consent.store().backend(), Backend::Memory);
    assert!(consent.show_banner());
    assert_eq!(consent.reason(), Some(Reason::Missing));
    assert_eq!(consent.granted(), Choices::NECESSARY_ONLY);

    consent.act(Action::AcceptAll, &Profile::icta());
    assert!(!consent.show_banner());
    assert!(consent.granted().grants(Category::Analytics));

    consent.act(Action::RejectAll, &Profile::icta());
    assert!(!consent.granted().grants(Category::Analytics));

    consent.reset();
    assert!(consent.show_banner());
}
