//! In a real browser: the page's JSON config, the Global Privacy Control
//! signal, a choice made in another tab, and proof of consent.
#![cfg(target_arch = "wasm32")]

mod common;

use common::page::{add_gated, banner_visible, dialog_open, find, hosts, stored, try_find};
use icta_consent::api::{self, testing};
use icta_consent::{Lang, Method, Profile, Reason, Stored};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
export function reset_page() {
  for (const el of document.querySelectorAll('[data-test]')) el.remove();
  window.__ran = [];
  window.__beacons = [];
  localStorage.clear();
  delete navigator.globalPrivacyControl;
  Object.defineProperty(navigator, 'sendBeacon', {
    configurable: true,
    value: (url, body) => { window.__beacons.push([url, body]); return true; },
  });
}
export function set_gpc(on) {
  Object.defineProperty(navigator, 'globalPrivacyControl', { configurable: true, get: () => on });
}
export function add_config(json) {
  const el = document.createElement('script');
  el.type = 'application/json';
  el.id = 'icta-consent-config';
  el.setAttribute('data-test', '');
  el.textContent = json;
  document.head.append(el);
}
export function other_tab_writes(key, value) {
  localStorage.setItem(key, value);
  window.dispatchEvent(new StorageEvent('storage', { key, newValue: value }));
}
export function add_settings_link() {
  const a = document.createElement('a');
  a.href = '#cookie-settings';
  a.setAttribute('data-consent-open', '');
  a.setAttribute('data-test', '');
  a.textContent = 'Cookie settings';
  document.body.append(a);
  return a;
}
export function parse(json) { return JSON.parse(json); }
export function ran() { return window.__ran.join(','); }
export function beacons() { return JSON.stringify(window.__beacons); }
export function capture_console_errors() {
  window.__errors = [];
  if (!console.__wrapped) {
    const original = console.error;
    console.error = (...args) => { (window.__errors || []).push(args.join(' ')); original.apply(console, args); };
    console.__wrapped = true;
  }
}
export function console_errors() { return (window.__errors || []).join('\n'); }
export function shadow_text(selector) {
  const el = document.getElementById('icta-consent').shadowRoot.querySelector(selector);
  return el ? el.textContent : null;
}
export function shadow_hidden(selector) {
  const el = document.getElementById('icta-consent').shadowRoot.querySelector(selector);
  return !el || el.closest('[hidden]') !== null;
}
"#)]
extern "C" {
    fn reset_page();
    fn set_gpc(on: bool);
    fn add_config(json: &str);
    fn other_tab_writes(key: &str, value: &str);
    fn add_settings_link() -> web_sys::HtmlElement;
    fn parse(json: &str) -> JsValue;
    fn ran() -> String;
    fn beacons() -> String;
    fn capture_console_errors();
    fn console_errors() -> String;
    fn shadow_text(selector: &str) -> Option<String>;
    fn shadow_hidden(selector: &str) -> bool;
}

fn fresh() {
    testing::stop();
    reset_page();
    capture_console_errors();
    let html = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element());
    html.expect("<html>")
        .set_attribute("lang", "en")
        .expect("lang");
}

fn no_reload(mut profile: Profile) -> Profile {
    profile.reload_on_withdraw = false;
    profile
}

fn accepted(category: &str) -> bool {
    api::accepted(category).expect("a category")
}

fn choices_json() -> String {
    js_sys::JSON::stringify(&api::choices())
        .expect("JSON")
        .into()
}

/// The record localStorage holds, read by the core.
fn stored_record() -> icta_consent::Record {
    match Stored::parse(stored().as_deref()) {
        Stored::Record(record) => record,
        other => panic!("no record stored: {other:?}"),
    }
}

#[wasm_bindgen_test]
async fn a_page_config_overrides_texts_and_revision() {
    fresh();
    add_config(r#"{"revision": 7, "texts": {"en": {"banner_title": "Cookies at the Agency"}}}"#);
    common::page::start().await;
    assert_eq!(shadow_text("h2").as_deref(), Some("Cookies at the Agency"));
    assert_eq!(console_errors(), "");
    api::reject_all();
    assert_eq!(
        stored_record().revision,
        7,
        "the choice is made under revision 7"
    );
    testing::stop();
}

#[wasm_bindgen_test]
async fn a_broken_config_is_reported_and_the_defaults_are_used_with_analytics_blocked() {
    for broken in [
        "{",
        r#"{"revison": 2}"#,
        r#"{"policy_url": "javascript:alert(1)"}"#,
    ] {
        fresh();
        add_config(broken);
        add_gated("x");
        common::page::start().await;
        assert!(
            console_errors().starts_with("icta-consent: config ignored: "),
            "{broken}: {}",
            console_errors()
        );
        let default_title = Profile::icta().texts(Lang::En).banner_title.to_string();
        assert_eq!(
            shadow_text("h2"),
            Some(default_title),
            "{broken}: the banner still works"
        );
        assert_eq!(
            find(".banner a").get_attribute("href").as_deref(),
            Some("/privacy-policy/"),
            "{broken}: the default policy link"
        );
        assert_eq!(ran(), "", "{broken}: analytics stays blocked");
        api::reject_all();
        assert_eq!(
            stored_record().revision,
            Profile::icta().revision,
            "{broken}: the default revision"
        );
        testing::stop();
    }
}

#[wasm_bindgen_test]
async fn under_global_privacy_control_a_first_visit_shows_no_banner_and_records_the_signal() {
    fresh();
    set_gpc(true);
    add_gated("x");
    common::page::start_with(no_reload(Profile::icta())).await;
    assert!(!banner_visible(), "the signal has answered");
    assert_eq!(hosts(), 0, "nothing is rendered");
    assert_eq!(testing::reason(), None);
    let record = stored_record();
    assert_eq!(record.method, Method::PrivacySignal);
    assert!(
        stored()
            .expect("stored")
            .contains(r#""method":"privacy-signal""#),
        "{:?}",
        stored()
    );
    assert_eq!(
        choices_json(),
        r#"{"necessary":true,"preferences":false,"analytics":false}"#
    );
    assert!(!accepted("analytics"));
    assert_eq!(ran(), "");

    // A reset under the signal is answered by the signal again.
    api::reset();
    assert!(!banner_visible());
    assert_eq!(stored_record().method, Method::PrivacySignal);
    assert_eq!(ran(), "");
    testing::stop();
}

#[wasm_bindgen_test]
async fn a_privacy_signal_choice_lasts_only_while_the_signal_is_sent() {
    fresh();
    set_gpc(true);
    add_gated("x");
    common::page::start_with(no_reload(Profile::icta())).await;
    let answered = stored().expect("the signal's record");

    testing::stop();
    set_gpc(false);
    common::page::start_with(no_reload(Profile::icta())).await;
    assert_eq!(testing::reason(), Some(Reason::SignalGone));
    assert!(banner_visible(), "the visitor is asked");
    assert!(api::choices().is_null());
    assert!(!accepted("analytics"));
    assert_eq!(shadow_text(".banner .signal"), None, "no notice without it");
    assert!(shadow_text(".banner [data-action=accept-all]").is_some());
    assert_eq!(stored(), Some(answered), "nothing is written until asked");
    assert_eq!(ran(), "");
    testing::stop();
}

#[wasm_bindgen_test]
async fn under_global_privacy_control_the_dialog_says_so_and_offers_no_one_click_accept() {
    fresh();
    set_gpc(true);
    add_gated("x");
    common::page::start_with(no_reload(Profile::icta())).await;
    let link = add_settings_link();
    link.click();
    assert!(dialog_open(), "the cookie settings link opens the dialog");
    assert!(
        !shadow_hidden("dialog .signal"),
        "the dialog says the signal was honoured"
    );
    assert_eq!(shadow_text("dialog [data-action=accept-all]"), None);
    assert!(shadow_text("dialog [data-action=save]").is_some());
    assert!(shadow_text("dialog [data-action=reject-all]").is_some());
    let notice = Profile::icta().texts(Lang::En).privacy_signal.to_string();
    assert_eq!(
        shadow_text(".banner .signal"),
        Some(notice),
        "and the banner"
    );
    assert_eq!(shadow_text(".banner [data-action=accept-all]"), None);
    assert!(shadow_text(".banner [data-action=reject-all]").is_some());
    find("dialog [data-action=close]").click();
    assert!(!dialog_open());
    assert!(
        !banner_visible(),
        "closing asks nothing: the signal answered"
    );

    api::show_preferences();
    assert!(dialog_open(), "showPreferences() opens it too");
    assert_eq!(ran(), "");
    testing::stop();
}

#[wasm_bindgen_test]
async fn an_opt_in_saved_under_the_signal_is_the_visitors_own_and_wins_over_it() {
    fresh();
    set_gpc(true);
    add_gated("x");
    common::page::start_with(no_reload(Profile::icta())).await;
    api::show_preferences();
    // Turning analytics on in the dialog is the visitor's own, explicit choice.
    find("input[name=analytics]").click();
    find("dialog [data-action=save]").click();
    assert!(!dialog_open());
    let record = stored_record();
    assert_eq!(record.method, Method::Custom);
    assert!(record.choices.grants(icta_consent::Category::Analytics));
    assert!(accepted("analytics"));
    assert_eq!(ran(), "x");

    // The next page, with the signal still sent: the visitor's choice stands.
    testing::stop();
    reset_page();
    set_gpc(true);
    let saved = record.to_json();
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .expect("storage")
        .set_item("icta-consent", &saved)
        .expect("setItem");
    add_gated("y");
    common::page::start_with(no_reload(Profile::icta())).await;
    assert_eq!(testing::reason(), None);
    assert!(!banner_visible());
    assert!(accepted("analytics"));
    assert_eq!(stored(), Some(saved), "not overwritten by the signal");
    assert_eq!(ran(), "y");
    testing::stop();
}

#[wasm_bindgen_test]
async fn without_the_signal_there_is_no_notice() {
    fresh();
    set_gpc(false);
    common::page::start_with(no_reload(Profile::icta())).await;
    assert!(banner_visible());
    assert_eq!(shadow_text(".banner .signal"), None);
    assert!(shadow_text(".banner [data-action=accept-all]").is_some());
    api::show_preferences();
    assert_eq!(shadow_text("dialog .signal"), None, "nor in the dialog");
    assert!(shadow_text("dialog [data-action=accept-all]").is_some());
    assert!(try_find("dialog [data-action=save]").is_some());
    testing::stop();
}

#[wasm_bindgen_test]
async fn accepting_in_another_tab_runs_analytics_here_and_hides_the_banner() {
    fresh();
    add_gated("from-other-tab");
    common::page::start_with(no_reload(Profile::icta())).await;
    assert!(!shadow_hidden(".banner"));
    // What the other tab stored: a real record, made by the same code.
    api::accept_all();
    let stored = stored().expect("stored");
    testing::stop();
    reset_page();
    add_gated("from-other-tab");
    common::page::start_with(no_reload(Profile::icta())).await;
    assert_eq!(ran(), "");
    other_tab_writes("icta-consent", &stored);
    assert_eq!(ran(), "from-other-tab");
    assert!(shadow_hidden(".banner"));
    testing::stop();
}

#[wasm_bindgen_test]
async fn another_tab_writing_garbage_grants_nothing() {
    fresh();
    add_gated("x");
    common::page::start_with(no_reload(Profile::icta())).await;
    other_tab_writes(
        "icta-consent",
        r#"{"schema":1,"choices":{"analytics":true}}"#,
    );
    assert_eq!(ran(), "");
    assert!(!shadow_hidden(".banner"));
    testing::stop();
}

#[wasm_bindgen_test]
async fn with_a_report_url_each_saved_choice_is_sent_as_proof_and_nothing_else() {
    fresh();
    let mut profile = no_reload(Profile::icta());
    profile.report_url = Some("/consent-log".into());
    common::page::start_with(profile).await;
    api::reject_all();
    let sent = beacons();
    assert!(
        sent.starts_with(r#"[["/consent-log","{\"consent_id\":\""#),
        "{sent}"
    );
    for field in [
        r#"\"revision\":1"#,
        r#"\"language\":\"en\""#,
        r#"\"method\":\"reject-all\""#,
        r#"\"analytics\":false"#,
    ] {
        assert!(sent.contains(field), "{field} in {sent}");
    }
    assert!(
        !sent.contains("expires_at") && !sent.contains("given_at"),
        "{sent}"
    );
    let calls = js_sys::JSON::parse(&sent).expect("beacons as JSON");
    let body = js_sys::Reflect::get_u32(&js_sys::Reflect::get_u32(&calls, 0).expect("one call"), 1)
        .expect("a body")
        .as_string()
        .expect("a string body");
    let proof = js_sys::JSON::parse(&body).expect("the proof is JSON");
    let proof: js_sys::Object = proof.unchecked_into();
    let keys: Vec<String> = js_sys::Object::keys(&proof)
        .iter()
        .filter_map(|k| k.as_string())
        .collect();
    assert_eq!(
        keys,
        [
            "consent_id",
            "timestamp",
            "revision",
            "choices",
            "language",
            "method"
        ],
        "the proof holds these fields and nothing else"
    );
    testing::stop();
}

#[wasm_bindgen_test]
async fn without_a_report_url_nothing_is_sent() {
    fresh();
    common::page::start_with(no_reload(Profile::icta())).await;
    api::accept_all();
    assert_eq!(beacons(), "[]");
    testing::stop();
}

#[wasm_bindgen_test]
async fn the_host_element_is_the_only_thing_added_to_the_page() {
    fresh();
    let document = common::page::document();
    let elements = || document.query_selector_all("*").expect("query").length();
    let before = elements();
    common::page::start_with(no_reload(Profile::icta())).await;
    assert_eq!(elements(), before + 1, "one element added: the host");
    let host = document.get_element_by_id(testing::HOST_ID).expect("host");
    assert_eq!(
        host.parent_element().map(|p| p.tag_name()).as_deref(),
        Some("BODY")
    );
    assert!(host.shadow_root().is_some());
    assert_eq!(
        host.child_element_count(),
        0,
        "everything is inside the shadow root"
    );
    testing::stop();
}
