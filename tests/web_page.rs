//! In a real browser: the page's JSON config, the Global Privacy Control
//! signal, a choice made in another tab, and proof of consent.
#![cfg(target_arch = "wasm32")]

use icta_consent::browser::{controller, HOST_ID};
use icta_consent::{Action, Lang, Profile};
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
export function add_gated(name) {
  const el = document.createElement('script');
  el.type = 'text/plain';
  el.setAttribute('data-consent', 'analytics');
  el.setAttribute('data-test', '');
  el.text = `window.__ran.push('${name}')`;
  document.body.append(el);
}
export function other_tab_writes(key, value) {
  localStorage.setItem(key, value);
  window.dispatchEvent(new StorageEvent('storage', { key, newValue: value }));
}
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
    fn add_gated(name: &str);
    fn other_tab_writes(key: &str, value: &str);
    fn ran() -> String;
    fn beacons() -> String;
    fn capture_console_errors();
    fn console_errors() -> String;
    fn shadow_text(selector: &str) -> Option<String>;
    fn shadow_hidden(selector: &str) -> bool;
}

fn fresh() {
    controller::stop();
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

#[wasm_bindgen_test]
fn a_page_config_overrides_texts_and_revision() {
    fresh();
    add_config(r#"{"revision": 7, "texts": {"en": {"banner_title": "Cookies at the Agency"}}}"#);
    let profile = controller::configured_profile();
    assert_eq!(profile.revision, 7);
    controller::start(no_reload(profile));
    assert_eq!(shadow_text("h2").as_deref(), Some("Cookies at the Agency"));
    assert_eq!(console_errors(), "");
}

#[wasm_bindgen_test]
fn a_broken_config_is_reported_and_the_defaults_are_used_with_analytics_blocked() {
    for broken in [
        "{",
        r#"{"revison": 2}"#,
        r#"{"policy_url": "javascript:alert(1)"}"#,
    ] {
        fresh();
        add_config(broken);
        add_gated("x");
        let profile = controller::configured_profile();
        assert_eq!(profile, Profile::icta(), "{broken}");
        assert!(
            console_errors().starts_with("icta-consent: config ignored: "),
            "{broken}: {}",
            console_errors()
        );
        controller::start(no_reload(profile));
        let default_title = Profile::icta().texts(Lang::En).banner_title.to_string();
        assert_eq!(
            shadow_text("h2"),
            Some(default_title),
            "{broken}: the banner still works"
        );
        assert_eq!(ran(), "", "{broken}: analytics stays blocked");
    }
}

#[wasm_bindgen_test]
fn under_global_privacy_control_the_banner_says_so_and_offers_no_one_click_accept() {
    fresh();
    set_gpc(true);
    add_gated("x");
    controller::start(no_reload(Profile::icta()));
    let notice = Profile::icta().texts(Lang::En).privacy_signal.to_string();
    assert_eq!(shadow_text(".banner .signal"), Some(notice.clone()));
    assert_eq!(shadow_text(".banner [data-action=accept-all]"), None);
    assert!(shadow_text(".banner [data-action=reject-all]").is_some());
    controller::with(|page| page.show_preferences());
    assert!(
        !shadow_hidden("dialog .signal"),
        "the dialog repeats the notice"
    );
    assert_eq!(ran(), "");
    // Turning analytics on in the dialog is the visitor's own, explicit choice.
    controller::act(Action::Save {
        preferences: false,
        analytics: true,
    });
    assert_eq!(ran(), "x");
}

#[wasm_bindgen_test]
fn without_the_signal_there_is_no_notice() {
    fresh();
    set_gpc(false);
    controller::start(no_reload(Profile::icta()));
    assert_eq!(shadow_text(".banner .signal"), None);
    assert!(shadow_text(".banner [data-action=accept-all]").is_some());
    controller::with(|page| page.show_preferences());
    assert_eq!(shadow_text("dialog .signal"), None, "nor in the dialog");
}

#[wasm_bindgen_test]
fn accepting_in_another_tab_runs_analytics_here_and_hides_the_banner() {
    fresh();
    add_gated("from-other-tab");
    controller::start(no_reload(Profile::icta()));
    assert!(!shadow_hidden(".banner"));
    // What the other tab stored: a real record, made by the same code.
    controller::act(Action::AcceptAll);
    let stored = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item("icta-consent").ok().flatten())
        .expect("stored");
    controller::stop();
    reset_page();
    add_gated("from-other-tab");
    controller::start(no_reload(Profile::icta()));
    assert_eq!(ran(), "");
    other_tab_writes("icta-consent", &stored);
    assert_eq!(ran(), "from-other-tab");
    assert!(shadow_hidden(".banner"));
}

#[wasm_bindgen_test]
fn another_tab_writing_garbage_grants_nothing() {
    fresh();
    add_gated("x");
    controller::start(no_reload(Profile::icta()));
    other_tab_writes(
        "icta-consent",
        r#"{"schema":1,"choices":{"analytics":true}}"#,
    );
    assert_eq!(ran(), "");
    assert!(!shadow_hidden(".banner"));
}

#[wasm_bindgen_test]
fn with_a_report_url_each_saved_choice_is_sent_as_proof_and_nothing_else() {
    fresh();
    let mut profile = no_reload(Profile::icta());
    profile.report_url = Some("/consent-log".into());
    controller::start(profile);
    controller::act(Action::RejectAll);
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
}

#[wasm_bindgen_test]
fn without_a_report_url_nothing_is_sent() {
    fresh();
    controller::start(no_reload(Profile::icta()));
    controller::act(Action::AcceptAll);
    assert_eq!(beacons(), "[]");
}

#[wasm_bindgen_test]
fn the_host_element_is_the_only_thing_added_to_the_page() {
    fresh();
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("document");
    let elements = || document.query_selector_all("*").expect("query").length();
    let before = elements();
    controller::start(no_reload(Profile::icta()));
    assert_eq!(elements(), before + 1, "one element added: the host");
    let host = document.get_element_by_id(HOST_ID).expect("host");
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
}
