//! In a real browser whose localStorage can be read but not written (a full
//! quota, older Safari's private windows): the choice still applies for the
//! page, kept in memory, and nothing grants analytics before the visitor says so.
//!
//! A file of its own: each test file runs in its own page, and this one
//! breaks the page's storage.
#![cfg(target_arch = "wasm32")]

mod common;

use common::page::{banner_visible, icta, stored};
use icta_consent::api::{self, testing};
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

fn accepted(category: &str) -> bool {
    api::accepted(category).expect("a category")
}

#[wasm_bindgen_test]
async fn a_full_local_storage_keeps_the_choice_in_memory_for_the_page() {
    testing::stop();
    fill_local_storage();
    common::page::start_with(icta()).await;
    assert!(testing::storage_works(), "reading still works");
    assert!(banner_visible());
    assert!(api::choices().is_null());
    assert!(!accepted("analytics"));

    api::accept_all();
    assert!(
        !testing::storage_works(),
        "the failed write moved it to memory"
    );
    assert!(!banner_visible());
    assert!(accepted("analytics"));
    assert_eq!(stored(), None, "nothing was written");

    testing::stop();
    common::page::start_with(icta()).await;
    assert!(
        banner_visible(),
        "nothing was stored, so the next page asks again"
    );
    assert!(!accepted("analytics"));
    testing::stop();
}
