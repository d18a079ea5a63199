//! In a real browser: gated scripts, iframes and images run only when their
//! category is granted, exactly once, in document order; the ready and change
//! events; withdrawal deletes analytics cookies.
#![cfg(target_arch = "wasm32")]

mod common;

use common::page::add_gated;
use icta_consent::api::{self, testing};
use icta_consent::Profile;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
export function reset_page() {
  for (const el of document.querySelectorAll('[data-test]')) el.remove();
  window.__ran = [];
  window.__events = [];
  localStorage.clear();
  if (!window.__listening) {
    window.__listening = true;
    for (const name of ['icta-consent:ready', 'icta-consent:change']) {
      window.addEventListener(name, (e) => window.__events.push([name, JSON.stringify(e.detail)]));
    }
  }
}
export function add(html) {
  const box = document.createElement('div');
  box.setAttribute('data-test', '');
  box.innerHTML = html;
  document.body.append(box);
}
// innerHTML never runs scripts: copy each into a created element so the
// markup is what a page's HTML would give.
export function add_scripts(html) {
  const box = document.createElement('div');
  box.setAttribute('data-test', '');
  const parsed = document.createElement('div');
  parsed.innerHTML = html;
  for (const old of parsed.children) {
    const el = document.createElement(old.tagName);
    for (const a of old.attributes) el.setAttribute(a.name, a.value);
    if (old.nonce) el.nonce = old.nonce;
    el.text = old.textContent;
    box.append(el);
  }
  document.body.append(box);
}
export function ran() { return window.__ran.join(','); }
export function events() { return JSON.stringify(window.__events); }
export function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }
export function query(selector, attr) {
  const el = document.querySelector(selector);
  return el ? el.getAttribute(attr) : null;
}
export function live_scripts(marker) {
  return [...document.querySelectorAll('script:not([type="text/plain"])')].filter((s) => (s.src || s.text).includes(marker));
}
export function add_on_ready(html) {
  window.addEventListener('icta-consent:ready', () => add_scripts(html), { once: true });
}
export function cookies() { return document.cookie; }
export function set_cookie(c) { document.cookie = c; }
"#)]
extern "C" {
    fn reset_page();
    fn add(html: &str);
    fn add_scripts(html: &str);
    fn ran() -> String;
    fn events() -> String;
    fn sleep(ms: u32) -> js_sys::Promise;
    fn query(selector: &str, attr: &str) -> Option<String>;
    fn live_scripts(marker: &str) -> js_sys::Array;
    fn add_on_ready(html: &str);
    fn cookies() -> String;
    fn set_cookie(cookie: &str);
}

async fn settle() {
    let _ = wasm_bindgen_futures::JsFuture::from(sleep(150)).await;
}

/// An external script (a `data:` URL, so no server is needed) that records `name`.
fn external(category: &str, name: &str) -> String {
    format!(
        r#"<script type="text/plain" data-consent="{category}" src="data:text/javascript,window.__ran.push('{name}')"></script>"#
    )
}

fn inline(category: &str, name: &str) -> String {
    format!(
        r#"<script type="text/plain" data-consent="{category}">window.__ran.push('{name}')</script>"#
    )
}

/// `api::save({preferences, analytics})`, as a page calls it.
fn save(preferences: bool, analytics: bool) {
    let choices = js_sys::Object::new();
    js_sys::Reflect::set(&choices, &"preferences".into(), &preferences.into()).expect("set");
    js_sys::Reflect::set(&choices, &"analytics".into(), &analytics.into()).expect("set");
    api::save(choices.into()).expect("two booleans");
}

fn fresh() -> Profile {
    testing::stop();
    reset_page();
    let mut profile = Profile::icta();
    profile.reload_on_withdraw = false; // a reload would end the test page
    profile
}

#[wasm_bindgen_test]
async fn nothing_gated_runs_before_consent() {
    let profile = fresh();
    add_scripts(
        &[
            external("analytics", "a"),
            inline("analytics", "b"),
            inline("preferences", "p"),
        ]
        .concat(),
    );
    testing::start_with(profile);
    settle().await;
    assert_eq!(ran(), "");
    assert_eq!(live_scripts("__ran").length(), 0, "no live copy was made");
}

#[wasm_bindgen_test]
async fn accepting_runs_external_inline_external_in_document_order_once() {
    let profile = fresh();
    add_scripts(
        &[
            external("analytics", "1"),
            inline("analytics", "2"),
            external("analytics", "3"),
        ]
        .concat(),
    );
    testing::start_with(profile);
    api::accept_all();
    settle().await;
    assert_eq!(ran(), "1,2,3");
    api::accept_all();
    save(false, true);
    settle().await;
    assert_eq!(ran(), "1,2,3", "each runs exactly once");
}

#[wasm_bindgen_test]
async fn a_custom_choice_runs_only_its_categories() {
    let profile = fresh();
    add_scripts(
        &[
            inline("analytics", "a"),
            inline("preferences", "p"),
            inline("marketing", "m"),
        ]
        .concat(),
    );
    testing::start_with(profile);
    save(true, false);
    settle().await;
    assert_eq!(ran(), "p");
    api::accept_all();
    settle().await;
    assert_eq!(ran(), "p,a", "an unknown category never runs");
}

#[wasm_bindgen_test]
async fn a_returning_visitor_runs_granted_scripts_without_a_click() {
    let profile = fresh();
    testing::start_with(profile.clone());
    api::accept_all();
    testing::stop();
    add_scripts(&inline("analytics", "back"));
    testing::start_with(profile);
    settle().await;
    assert_eq!(ran(), "back");
}

#[wasm_bindgen_test]
async fn a_gated_script_added_after_start_runs_once_granted() {
    let profile = fresh();
    testing::start_with(profile);
    add_scripts(&inline("analytics", "late-before"));
    settle().await;
    assert_eq!(ran(), "", "not before consent");
    api::accept_all();
    settle().await;
    add_scripts(&external("analytics", "late-after"));
    settle().await;
    assert_eq!(ran(), "late-before,late-after");
}

#[wasm_bindgen_test]
async fn the_live_copy_keeps_the_originals_attributes_and_nonce() {
    let profile = fresh();
    add_scripts(concat!(
        r#"<script type="text/plain" data-consent="analytics" data-type="module" "#,
        r#"src="data:text/javascript,window.__ran.push('m')" integrity="sha384-abc" "#,
        r#"crossorigin="anonymous" referrerpolicy="no-referrer" nonce="n0nce" data-extra="x" async></script>"#,
    ));
    testing::start_with(profile);
    api::accept_all();
    let live = live_scripts("__ran");
    assert_eq!(live.length(), 1);
    let script: web_sys::HtmlScriptElement = live.get(0).unchecked_into();
    assert_eq!(script.type_(), "module");
    assert_eq!(
        script.get_attribute("integrity").as_deref(),
        Some("sha384-abc")
    );
    assert_eq!(
        script.get_attribute("crossorigin").as_deref(),
        Some("anonymous")
    );
    assert_eq!(
        script.get_attribute("referrerpolicy").as_deref(),
        Some("no-referrer")
    );
    assert_eq!(script.get_attribute("data-extra").as_deref(), Some("x"));
    assert!(script.has_attribute("async"));
    assert_eq!(script.nonce(), "n0nce");
    assert!(
        !script.has_attribute("data-consent"),
        "the copy is not gated again"
    );
}

#[wasm_bindgen_test]
async fn iframes_and_images_get_their_source_only_when_granted() {
    let profile = fresh();
    add(concat!(
        r#"<iframe data-consent="analytics" data-src="about:blank#granted" title="t"></iframe>"#,
        r#"<img data-consent="preferences" data-src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="">"#,
    ));
    testing::start_with(profile);
    assert_eq!(query("iframe[data-consent]", "src"), None);
    save(false, true);
    assert_eq!(
        query("iframe[data-consent]", "src").as_deref(),
        Some("about:blank#granted")
    );
    assert_eq!(
        query("img[data-consent]", "src"),
        None,
        "preferences were not granted"
    );
}

#[wasm_bindgen_test]
async fn withdrawing_analytics_deletes_the_analytics_cookies_only() {
    let profile = fresh();
    testing::start_with(profile);
    api::accept_all();
    for cookie in ["_ga=GA1.1.1", "_ga_ABC=GS1", "_gid=GA1.2", "keep=1"] {
        set_cookie(&format!("{cookie}; Path=/"));
    }
    api::reject_all();
    let left = cookies();
    assert!(!left.contains("_ga") && !left.contains("_gid"), "{left}");
    assert!(left.contains("keep=1"), "{left}");
    set_cookie("keep=; Max-Age=0; Path=/");
}

#[wasm_bindgen_test]
async fn ready_and_change_events_carry_the_choices() {
    let profile = fresh();
    testing::start_with(profile);
    save(true, false);
    api::reset();
    assert_eq!(
        events(),
        r#"[["icta-consent:ready","null"],["icta-consent:change","{\"necessary\":true,\"preferences\":true,\"analytics\":false}"],["icta-consent:change","null"]]"#
    );
}

#[wasm_bindgen_test]
async fn a_gated_script_a_ready_listener_adds_runs_for_a_returning_visitor() {
    let profile = fresh();
    testing::start_with(profile.clone());
    api::accept_all();
    testing::stop();
    // The page adds a gated script as the module announces it is ready: the
    // module already watches for it.
    add_on_ready(&inline("analytics", "added-on-ready"));
    testing::start_with(profile);
    settle().await;
    assert_eq!(ran(), "added-on-ready");
}

#[wasm_bindgen_test]
async fn added_gated_scripts_run_whether_added_alone_or_inside_a_container_but_not_once_removed() {
    let profile = fresh();
    testing::start_with(profile);
    api::accept_all();
    // Alone, as the added node itself; nested, inside an added container;
    // and one the page takes out again before the observer reports it.
    add_gated("alone");
    add_scripts(&inline("analytics", "nested"));
    add_gated("removed").remove();
    settle().await;
    assert_eq!(ran(), "alone,nested");
}
