//! In a real browser: the JavaScript API refuses bad input with a clear
//! message, and a bad call never grants anything.
#![cfg(target_arch = "wasm32")]

use icta_consent::api::{self, testing};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
export function parse(json) { return JSON.parse(json); }
export function clear() { localStorage.clear(); }
"#)]
extern "C" {
    fn parse(json: &str) -> JsValue;
    fn clear();
}

fn message(error: JsError) -> String {
    let value: JsValue = error.into();
    value.unchecked_into::<js_sys::Error>().message().into()
}

fn fresh() {
    testing::stop();
    clear();
    api::start();
}

#[wasm_bindgen_test]
fn accepted_answers_for_each_category_and_throws_on_any_other_name() {
    fresh();
    assert_eq!(api::accepted("necessary").ok(), Some(true));
    assert_eq!(api::accepted("preferences").ok(), Some(false));
    assert_eq!(api::accepted("analytics").ok(), Some(false));
    for bad in ["marketing", "Analytics", "", " analytics"] {
        let error = api::accepted(bad).expect_err(bad);
        assert_eq!(
            message(error),
            r#"icta-consent: unknown category (expected "necessary", "preferences" or "analytics")"#
        );
    }
}

#[wasm_bindgen_test]
fn save_takes_exactly_two_booleans_and_a_bad_call_grants_nothing() {
    fresh();
    let bad = [
        "null",
        "{}",
        r#"{"preferences": true}"#,
        r#"{"preferences": "yes", "analytics": true}"#,
        r#"{"preferences": true, "analytics": 1}"#,
        r#"{"preferences": true, "analytics": true, "marketing": true}"#,
        r#"[true, true]"#,
    ];
    for json in bad {
        let error = api::save(parse(json)).expect_err(json);
        assert_eq!(
            message(error),
            "icta-consent: save() takes {preferences: boolean, analytics: boolean}",
            "{json}"
        );
        assert_eq!(api::accepted("analytics").ok(), Some(false), "{json}");
        assert!(api::choices().is_null(), "{json}: nothing was saved");
    }
    // Read as the browser writes it as JSON: no value, a string of JSON, and
    // an object that refers to itself (JSON.stringify throws) are refused.
    let cyclic = js_sys::Object::new();
    js_sys::Reflect::set(&cyclic, &"preferences".into(), &cyclic).expect("a property");
    let odd = [
        JsValue::UNDEFINED,
        JsValue::from_str(r#"{"preferences": true, "analytics": true}"#),
        cyclic.into(),
    ];
    for value in odd {
        let error = api::save(value).expect_err("an odd argument");
        assert_eq!(
            message(error),
            "icta-consent: save() takes {preferences: boolean, analytics: boolean}"
        );
        assert!(api::choices().is_null(), "nothing was saved");
    }
    api::save(parse(r#"{"preferences": false, "analytics": true}"#)).expect("a good call");
    assert_eq!(api::accepted("analytics").ok(), Some(true));
    assert_eq!(api::accepted("preferences").ok(), Some(false));
}

#[wasm_bindgen_test]
fn choices_is_null_until_the_visitor_chooses_then_the_choices() {
    fresh();
    assert!(api::choices().is_null());
    api::reject_all();
    let choices = js_sys::JSON::stringify(&api::choices()).expect("JSON");
    assert_eq!(
        String::from(choices),
        r#"{"necessary":true,"preferences":false,"analytics":false}"#
    );
    api::reset();
    assert!(api::choices().is_null());
}
