//! In a real browser whose localStorage can be read but not written (a full
//! quota, older Safari's private windows): the choice still applies for the
//! page, kept in memory, and nothing grants analytics before the visitor says so.
//!
//! A file of its own: each test file runs in its own page, and this one
//! breaks the page's storage.
#![cfg(target_arch = "wasm32")]

use icta_consent::browser::{Backend, Consent};
use icta_consent::{Action, Category, Choices, Profile};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = "
export function fill_local_storage() {
  localStorage.clear();
  Storage.prototype.setItem = function () {
    throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  };
}
")]
extern "C" {
    fn fill_local_storage();
}

#[wasm_bindgen_test]
fn a_full_local_storage_keeps_the_choice_in_memory_for_the_page() {
    fill_local_storage();
    let profile = Profile::icta();
    let mut consent = Consent::start(&profile);
    assert_eq!(
        consent.store().backend(),
        Backend::LocalStorage,
        "reading still works"
    );
    assert!(consent.show_banner());
    assert_eq!(consent.granted(), Choices::NECESSARY_ONLY);

    consent.act(Action::AcceptAll, &profile);
    assert_eq!(
        consent.store().backend(),
        Backend::Memory,
        "the failed write moved it to memory"
    );
    assert!(!consent.show_banner());
    assert!(consent.granted().grants(Category::Analytics));

    let reloaded = Consent::start(&profile);
    assert!(
        reloaded.show_banner(),
        "nothing was stored, so the next page asks again"
    );
    assert!(!reloaded.granted().grants(Category::Analytics));
}
