//! In a real browser: the choice survives in localStorage, and a tampered
//! value is ignored, grants nothing, and is replaced by the next save.
#![cfg(target_arch = "wasm32")]

mod common;

use common::page::{banner_visible, clear_storage, hosts, icta, put_raw, stored};
use common::stored::never_valid;
use icta_consent::api::{self, testing};
use icta_consent::{assess_stored, Assessment, Choices, Method, Profile, Reason, Stored};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = "export function parse(json) { return JSON.parse(json); }")]
extern "C" {
    fn parse(json: &str) -> JsValue;
}

/// A new page load with whatever localStorage holds now.
async fn load() {
    testing::stop();
    common::page::start_with(icta()).await;
}

/// A first visit: nothing stored.
async fn first_visit() {
    testing::stop();
    clear_storage();
    common::page::start_with(icta()).await;
}

fn accepted(category: &str) -> bool {
    api::accepted(category).expect("a category")
}

/// The record localStorage holds, read by the core.
fn stored_record() -> icta_consent::Record {
    match Stored::parse(stored().as_deref()) {
        Stored::Record(record) => record,
        other => panic!("no record stored: {other:?}"),
    }
}

#[wasm_bindgen_test]
async fn a_first_visit_finds_nothing_and_grants_only_necessary() {
    first_visit().await;
    assert!(testing::storage_works(), "localStorage is used");
    assert!(banner_visible());
    assert_eq!(testing::reason(), Some(Reason::Missing));
    assert!(api::choices().is_null());
    assert!(accepted("necessary"));
    assert!(!accepted("preferences"));
    assert!(!accepted("analytics"));
    testing::stop();
}

#[wasm_bindgen_test]
async fn accept_all_survives_a_reload() {
    first_visit().await;
    api::accept_all();
    let saved = stored().expect("the choice is in localStorage");
    assert!(saved.contains(r#""method":"accept-all""#), "{saved}");

    load().await;
    assert!(!banner_visible());
    assert_eq!(hosts(), 0, "a returning visitor's page builds no banner");
    assert_eq!(testing::reason(), None);
    assert!(accepted("analytics"));
    assert_eq!(stored(), Some(saved.clone()), "read, not rewritten");
    // The reloaded page holds the stored record itself: an update keeps its
    // consent id and the time consent was first given.
    let first = Stored::parse(Some(&saved));
    api::reject_all();
    let (Stored::Record(first), updated) = (first, stored_record()) else {
        panic!("a record was stored: {saved}");
    };
    assert_eq!(updated.consent_id, first.consent_id);
    assert_eq!(updated.given_at, first.given_at);
    testing::stop();
}

#[wasm_bindgen_test]
async fn reject_all_keeps_analytics_off_after_a_reload() {
    first_visit().await;
    api::reject_all();
    load().await;
    assert!(!banner_visible());
    assert_eq!(testing::reason(), None);
    assert!(!accepted("analytics"));
    assert!(!accepted("preferences"));
    testing::stop();
}

#[wasm_bindgen_test]
async fn the_store_round_trips_a_record_unchanged() {
    first_visit().await;
    api::save(parse(r#"{"preferences": true, "analytics": false}"#)).expect("saved");
    let text = stored().expect("saved");
    let record = stored_record();
    assert_eq!(record.choices, Choices::custom(true, false));
    assert_eq!(record.method, Method::Custom);
    assert_eq!(record.to_json(), text, "the core reads back what it wrote");

    load().await;
    assert_eq!(testing::reason(), None);
    let choices = js_sys::JSON::stringify(&api::choices()).expect("JSON");
    assert_eq!(
        String::from(choices),
        r#"{"necessary":true,"preferences":true,"analytics":false}"#
    );
    assert_eq!(stored(), Some(text), "unchanged by the reload");
    testing::stop();
}

#[wasm_bindgen_test]
async fn every_tampered_value_is_ignored_and_grants_nothing() {
    for (name, text) in never_valid() {
        put_raw(text);
        load().await;
        assert!(banner_visible(), "{name}: the banner must show");
        assert!(testing::reason().is_some(), "{name}: asked again");
        assert!(api::choices().is_null(), "{name}: no choices");
        assert!(!accepted("analytics"), "{name}: analytics");
        assert!(!accepted("preferences"), "{name}: preferences");
    }
    testing::stop();
}

#[wasm_bindgen_test]
async fn the_browser_reads_stored_values_as_the_core_does() {
    // Each fixture goes through localStorage and across the JS boundary (UTF-16
    // in the browser, UTF-8 in the module) before the core judges it: the page
    // must reach the same verdict as the fixture's text judged natively.
    let profile = Profile::icta();
    for (name, text) in never_valid() {
        put_raw(text);
        load().await;
        let now = js_sys::Date::now() as u64;
        let native = assess_stored(Stored::parse(Some(text)), &profile, now);
        let reason = testing::reason().unwrap_or_else(|| panic!("{name}: asked"));
        assert_eq!(Assessment::Ask(reason), native, "{name}");
    }
    testing::stop();
}

#[wasm_bindgen_test]
async fn a_megabyte_string_is_ignored() {
    put_raw(&"x".repeat(1 << 20));
    load().await;
    assert!(banner_visible());
    assert_eq!(testing::reason(), Some(Reason::Malformed));
    testing::stop();
    clear_storage();
}

#[wasm_bindgen_test]
async fn a_tampered_value_is_replaced_by_the_next_save() {
    put_raw(r#"{"schema":1,"choices":{"analytics":"true"}}"#);
    load().await;
    assert_eq!(testing::reason(), Some(Reason::Malformed));
    api::reject_all();
    assert!(stored()
        .expect("stored")
        .contains(r#""method":"reject-all""#));
    load().await;
    assert!(!banner_visible());
    assert_eq!(testing::reason(), None);
    testing::stop();
}

#[wasm_bindgen_test]
async fn reset_forgets_the_choice() {
    first_visit().await;
    api::accept_all();
    api::reset();
    assert_eq!(stored(), None);
    assert!(banner_visible());
    assert_eq!(testing::reason(), Some(Reason::Missing));
    assert!(!accepted("analytics"));
    load().await;
    assert!(banner_visible(), "the next page asks again");
    testing::stop();
}
