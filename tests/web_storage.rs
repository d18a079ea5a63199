//! In a real browser: the choice survives in localStorage, and a tampered
//! value is ignored, grants nothing, and is replaced by the next save.
#![cfg(target_arch = "wasm32")]

mod common;

use common::stored::never_valid;
use icta_consent::browser::{Backend, Consent, ConsentStore};
use icta_consent::{assess_stored, Action, Assessment, Category, Choices, Profile, Reason, Stored};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const KEY: &str = "icta-consent";

fn local_storage() -> web_sys::Storage {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .expect("the test browser has localStorage")
}

fn put_raw(text: &str) {
    local_storage().set_item(KEY, text).expect("setItem works");
}

fn raw() -> Option<String> {
    local_storage().get_item(KEY).expect("getItem works")
}

#[wasm_bindgen_test]
fn a_first_visit_finds_nothing_and_grants_only_necessary() {
    local_storage().clear().expect("clear");
    let consent = Consent::start(&Profile::icta());
    assert_eq!(consent.store().backend(), Backend::LocalStorage);
    assert!(consent.show_banner());
    assert_eq!(consent.reason(), Some(Reason::Missing));
    assert_eq!(consent.granted(), Choices::NECESSARY_ONLY);
}

#[wasm_bindgen_test]
fn accept_all_survives_a_reload() {
    local_storage().clear().expect("clear");
    let mut page = Consent::start(&Profile::icta());
    page.act(Action::AcceptAll, &Profile::icta());
    let stored = raw().expect("the choice is in localStorage");
    assert!(stored.contains(r#""method":"accept-all""#), "{stored}");

    let reloaded = Consent::start(&Profile::icta());
    assert!(!reloaded.show_banner());
    assert!(reloaded.granted().grants(Category::Analytics));
    assert_eq!(reloaded.record(), page.record());
}

#[wasm_bindgen_test]
fn reject_all_keeps_analytics_off_after_a_reload() {
    local_storage().clear().expect("clear");
    Consent::start(&Profile::icta()).act(Action::RejectAll, &Profile::icta());
    let reloaded = Consent::start(&Profile::icta());
    assert!(!reloaded.show_banner());
    assert!(!reloaded.granted().grants(Category::Analytics));
}

#[wasm_bindgen_test]
fn the_store_round_trips_a_record_unchanged() {
    local_storage().clear().expect("clear");
    let mut page = Consent::start(&Profile::icta());
    page.act(
        Action::Save {
            preferences: true,
            analytics: false,
        },
        &Profile::icta(),
    );
    let record = page.record().expect("saved").clone();
    let mut store = ConsentStore::open(KEY);
    assert_eq!(store.load(), Stored::Record(record));
}

#[wasm_bindgen_test]
fn every_tampered_value_is_ignored_and_grants_nothing() {
    let profile = Profile::icta();
    for (name, text) in never_valid() {
        put_raw(text);
        let consent = Consent::start(&profile);
        assert!(consent.show_banner(), "{name}: the banner must show");
        assert_eq!(
            consent.granted(),
            Choices::NECESSARY_ONLY,
            "{name}: granted"
        );
    }
}

#[wasm_bindgen_test]
fn the_browser_reads_stored_values_as_the_core_does() {
    // Each fixture goes through localStorage and across the JS boundary (UTF-16
    // in the browser, UTF-8 in the module) before the core judges it: it must
    // reach the same verdict as the fixture's text judged natively.
    let profile = Profile::icta();
    for (name, text) in never_valid() {
        put_raw(text);
        let in_browser = assess_stored(
            ConsentStore::open(KEY).load(),
            &profile,
            common::stored::NOW,
        );
        let native = assess_stored(Stored::parse(Some(text)), &profile, common::stored::NOW);
        assert_eq!(in_browser, native, "{name}");
        assert!(matches!(in_browser, Assessment::Ask(_)), "{name}");
    }
}

#[wasm_bindgen_test]
fn a_megabyte_string_is_ignored() {
    put_raw(&"x".repeat(1 << 20));
    let consent = Consent::start(&Profile::icta());
    assert!(consent.show_banner());
    assert_eq!(consent.reason(), Some(Reason::Malformed));
}

#[wasm_bindgen_test]
fn a_tampered_value_is_replaced_by_the_next_save() {
    put_raw(r#"{"schema":1,"choices":{"analytics":"true"}}"#);
    let mut consent = Consent::start(&Profile::icta());
    assert_eq!(consent.reason(), Some(Reason::Malformed));
    consent.act(Action::RejectAll, &Profile::icta());
    let reloaded = Consent::start(&Profile::icta());
    assert!(!reloaded.show_banner());
    assert!(raw().expect("stored").contains(r#""method":"reject-all""#));
}

#[wasm_bindgen_test]
fn reset_forgets_the_choice() {
    local_storage().clear().expect("clear");
    let mut consent = Consent::start(&Profile::icta());
    consent.act(Action::AcceptAll, &Profile::icta());
    consent.reset();
    assert_eq!(raw(), None);
    assert!(consent.show_banner());
    assert!(Consent::start(&Profile::icta()).show_banner());
}
