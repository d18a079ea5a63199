//! In a real browser whose `window.localStorage` throws (cookies blocked, a
//! sandboxed iframe): the page still works, the choice lives in memory for
//! the page, and nothing grants analytics before the visitor says so.
//!
//! A file of its own: each test file runs in its own page, and this one
//! breaks the page's storage.
#![cfg(target_arch = "wasm32")]

mod common;

use common::page::{banner_visible, icta};
use icta_consent::api::{self, testing};
use icta_consent::Reason;
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

fn accepted(category: &str) -> bool {
    api::accepted(category).expect("a category")
}

#[wasm_bindgen_test]
async fn blocked_storage_keeps_the_choice_in_memory_and_analytics_off_until_asked() {
    testing::stop();
    block_local_storage();
    assert!(
        local_storage_throws(),
        "the override must make the getter throw"
    );

    common::page::start_with(icta()).await;
    assert!(!testing::storage_works(), "the choice lives in memory");
    assert!(banner_visible());
    assert_eq!(testing::reason(), Some(Reason::Missing));
    assert!(api::choices().is_null());
    assert!(!accepted("analytics"));
    assert!(!accepted("preferences"));

    api::accept_all();
    assert!(!banner_visible());
    assert_eq!(testing::reason(), None);
    assert!(accepted("analytics"));

    api::reject_all();
    assert!(!accepted("analytics"));

    api::reset();
    assert!(banner_visible());
    assert_eq!(testing::reason(), Some(Reason::Missing));
    testing::stop();
}
