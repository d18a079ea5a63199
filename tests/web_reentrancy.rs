//! In a real browser: page code that calls the API at the worst moments,
//! from inside the banner's own effects: focus handlers while the dialog
//! opens, closes and gives focus back; a change listener that vetoes
//! analytics; a ready listener; a wrapped `console.error`; a patched
//! `Storage.prototype.setItem`; a `gtag` stub. Nothing throws, no second
//! banner appears, every call takes effect at once and in order, nothing
//! gated runs that the last choice forbids, and the banner keeps working.
//!
//! The page's handlers are JavaScript (inline_js). They call the API through
//! `window.__icta`, an object of the same functions as the module's exports
//! (the test module's own exports cannot be imported from a snippet): each
//! calls the `api::` function its export wraps, and throws what it throws.
#![cfg(target_arch = "wasm32")]

mod common;

use common::page::{
    add_gated, banner_visible, clear_storage, dialog_open, find, hosts, icta, stored,
};
use icta_consent::api::{self, testing};
use icta_consent::{Choices, Method, Record, Stored};
use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
const ALL = '{"necessary":true,"preferences":true,"analytics":true}';
const NONE = '{"necessary":true,"preferences":false,"analytics":false}';
const CUSTOM = '{"necessary":true,"preferences":true,"analytics":false}';

// What the page's handlers saw. `budget` bounds how many storms may run:
// each storm's calls make effects that fire the handlers again.
const page = { failures: [], storms: [], seen: [], console: [], gtag: [], changes: [], undo: [], budget: 0, busy: false };
const fail = (message) => page.failures.push(message);
const show = (value) => JSON.stringify(value);

window.addEventListener('error', (e) => fail(`window error: ${e.message}`));
window.addEventListener('unhandledrejection', (e) => fail(`unhandled rejection: ${e.reason}`));

export function has_api() { return typeof window.__icta === 'object'; }
export function install_api(api) { window.__icta = api; }

// Every API function once, each call in try/catch and checked at once:
// choices, accepted for each category, showBanner, showPreferences,
// acceptAll, reset, then a rejectAll() and a save() whose effect
// choices() must show straight away. Returns whether it ran.
function storm(where) {
  if (page.busy || page.budget <= 0) return false;
  page.busy = true;
  page.budget -= 1;
  page.storms.push(where);
  const api = window.__icta;
  const call = (name, f, check) => {
    let result;
    try {
      result = f();
    } catch (err) {
      fail(`${where}: ${name} threw ${err}`);
      return;
    }
    const wrong = check ? check(result) : null;
    if (wrong) fail(`${where}: after ${name}, ${wrong}`);
  };
  const now = (want) => (returned) => {
    const got = show(api.choices());
    if (got !== want) return `choices() is ${got}, not ${want}`;
    if (returned !== undefined && show(returned) !== want) return `it returned ${show(returned)}`;
    return null;
  };
  try {
    call('choices()', () => page.seen.push(show(api.choices())));
    for (const c of ['necessary', 'preferences', 'analytics']) {
      call(`accepted("${c}")`, () => api.accepted(c), (r) => (typeof r === 'boolean' ? null : `it returned ${r}`));
    }
    call('accepted("necessary")', () => api.accepted('necessary'), (r) => (r === true ? null : 'necessary is not granted'));
    call('showBanner()', () => api.showBanner());
    call('showPreferences()', () => api.showPreferences());
    call('acceptAll()', () => api.acceptAll(), (r) => now(ALL)(r) || (api.accepted('analytics') ? null : 'analytics is not granted'));
    call('reset()', () => api.reset(), () => (api.choices() === null ? null : `choices() is ${show(api.choices())}`));
    call('rejectAll()', () => api.rejectAll(), now(NONE));
    call('save()', () => api.save({ preferences: true, analytics: false }), now(CUSTOM));
  } finally {
    page.busy = false;
  }
  return true;
}

function listen(target, type, handler, options) {
  target.addEventListener(type, handler, options);
  page.undo.push(() => target.removeEventListener(type, handler, options));
}

export function arm(budget) { page.budget = budget; }

function describe(el) {
  if (el === window) return 'window';
  if (el === document) return 'document';
  return el && el.tagName ? `${el.tagName}${el.id ? '#' + el.id : ''}` : String(el);
}

export function listen_focus() {
  for (const [target, name] of [[window, 'window'], [document, 'document']]) {
    for (const type of ['focus', 'blur', 'focusin', 'focusout']) {
      listen(target, type, (e) => storm(`${type} on ${name}, target ${describe(e.target)}`), true);
    }
  }
}

// Vetoes analytics whenever the choice grants it.
export function listen_change_veto() {
  listen(window, 'icta-consent:change', (e) => {
    page.changes.push(show(e.detail));
    if (e.detail && e.detail.analytics) {
      try {
        window.__icta.save({ preferences: true, analytics: false });
      } catch (err) {
        fail(`the veto threw ${err}`);
      }
    }
  });
}

// Calls every function whenever the choice changes.
export function listen_change_storm() {
  listen(window, 'icta-consent:change', (e) => { page.changes.push(show(e.detail)); storm('icta-consent:change'); });
}

// A checkbox of the page whose change handler calls every function.
export function add_page_checkbox() {
  const box = document.createElement('input');
  box.type = 'checkbox';
  box.setAttribute('data-test', '');
  document.body.append(box);
  listen(box, 'change', () => storm('change on a page checkbox'));
  return box;
}

export function listen_ready() {
  listen(window, 'icta-consent:ready', () => storm('icta-consent:ready'));
}

export function wrap_console_error() {
  const original = console.error;
  console.error = function (...args) {
    page.console.push(args.map(String).join(' '));
    storm('console.error');
    return original.apply(this, args);
  };
  page.undo.push(() => { console.error = original; });
}

export function patch_set_item() {
  const original = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    storm('setItem');
    return original.call(this, key, value);
  };
  page.undo.push(() => { Storage.prototype.setItem = original; });
}
export function set_item_is_native() {
  return Storage.prototype.setItem.toString().includes('[native code]');
}

export function stub_gtag() {
  window.gtag = function (...args) {
    page.gtag.push(show(args));
    storm(`gtag ${args[1]}`);
  };
  page.undo.push(() => { delete window.gtag; });
}

// The page as a test found it: handlers removed, patches undone.
export function undo_page() {
  for (const undo of page.undo.splice(0).reverse()) undo();
  for (const el of document.querySelectorAll('[data-test]')) el.remove();
  for (const key of ['failures', 'storms', 'seen', 'console', 'gtag', 'changes']) page[key] = [];
  page.budget = 0;
  page.busy = false;
  window.__ran = [];
}

export function failures() { return page.failures.join('\n'); }
export function storms() { return show(page.storms); }
export function seen() { return show(page.seen); }
export function console_errors() { return show(page.console); }
export function gtag_calls() { return show(page.gtag); }
export function changes() { return show(page.changes); }
export function ran() { return window.__ran.join(','); }

export function add_button() {
  const button = document.createElement('button');
  button.setAttribute('data-test', '');
  button.textContent = 'A button of the page';
  document.body.append(button);
  return button;
}
export function add_config(id, json) {
  const el = document.createElement('script');
  el.type = 'application/json';
  el.id = id;
  el.setAttribute('data-test', '');
  el.textContent = json;
  document.head.append(el);
}
export function press(el, key) {
  el.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true }));
}
export function focused_is(el) { return document.activeElement === el; }
export function focused() { return describe(document.activeElement); }
export function tick() { return new Promise((resolve) => setTimeout(resolve, 50)); }
"#)]
extern "C" {
    fn has_api() -> bool;
    fn install_api(api: &Object);
    fn arm(budget: u32);
    fn listen_focus();
    fn listen_change_veto();
    fn listen_ready();
    fn listen_change_storm();
    fn add_page_checkbox() -> HtmlElement;
    fn wrap_console_error();
    fn patch_set_item();
    fn set_item_is_native() -> bool;
    fn stub_gtag();
    fn undo_page();
    fn failures() -> String;
    fn storms() -> String;
    fn seen() -> String;
    fn console_errors() -> String;
    fn gtag_calls() -> String;
    fn changes() -> String;
    fn ran() -> String;
    fn add_button() -> HtmlElement;
    fn add_config(id: &str, json: &str);
    fn press(element: &Element, key: &str);
    fn focused_is(element: &HtmlElement) -> bool;
    fn focused() -> String;
    fn tick() -> js_sys::Promise;
}

const ALL: &str = r#"{"necessary":true,"preferences":true,"analytics":true}"#;
const NONE: &str = r#"{"necessary":true,"preferences":false,"analytics":false}"#;
const CUSTOM: &str = r#"{"necessary":true,"preferences":true,"analytics":false}"#;

/// How many storms of calls a focus test lets its handlers run. Each storm
/// opens and closes the dialog again, so focus keeps moving; a move fires
/// blur, focusout, focus and focusin, each seen by the window's and the
/// document's listener: 24 storms cover three moves, into the dialog and
/// back out to the page.
const BUDGET: u32 = 24;

/// `window.__icta`: the module's exports, as functions of the page.
fn page_api() -> Object {
    let object = Object::new();
    let set = |name: &str, f: JsValue| {
        Reflect::set(&object, &name.into(), &f).expect("a property");
    };
    set(
        "choices",
        Closure::<dyn Fn() -> JsValue>::new(api::choices).into_js_value(),
    );
    set(
        "accepted",
        Closure::<dyn Fn(String) -> Result<bool, JsError>>::new(|c: String| api::accepted(&c))
            .into_js_value(),
    );
    set(
        "showBanner",
        Closure::<dyn Fn()>::new(api::show_banner).into_js_value(),
    );
    set(
        "showPreferences",
        Closure::<dyn Fn()>::new(api::show_preferences).into_js_value(),
    );
    set(
        "save",
        Closure::<dyn Fn(JsValue) -> Result<JsValue, JsError>>::new(api::save).into_js_value(),
    );
    set(
        "acceptAll",
        Closure::<dyn Fn() -> JsValue>::new(api::accept_all).into_js_value(),
    );
    set(
        "rejectAll",
        Closure::<dyn Fn() -> JsValue>::new(api::reject_all).into_js_value(),
    );
    set(
        "reset",
        Closure::<dyn Fn()>::new(api::reset).into_js_value(),
    );
    object
}

/// A fresh page: nothing started, nothing stored, no handler of the page's.
fn fresh() {
    undo_page();
    testing::stop();
    clear_storage();
    if !has_api() {
        install_api(&page_api());
    }
}

/// What each test leaves: the page as [`fresh`] makes it.
fn clean_up() {
    undo_page();
    testing::stop();
    clear_storage();
}

fn json(value: &JsValue) -> String {
    js_sys::JSON::stringify(value).expect("JSON").into()
}

fn choices() -> String {
    json(&api::choices())
}

/// The record localStorage holds, read by the core.
fn stored_record() -> Record {
    match Stored::parse(stored().as_deref()) {
        Stored::Record(record) => record,
        other => panic!("no record stored: {other:?}"),
    }
}

async fn settle() {
    JsFuture::from(tick()).await.expect("a tick");
}

/// What every storm must leave: no failure, the last call's choice in
/// force and stored, one banner host, the dialog closed, nothing gated run.
fn assert_the_last_call_won(context: &str) {
    assert_the_last_call_won_having_run(context, "");
}

/// The same, where the storm's calls were the page's own, made at the top
/// level: its `acceptAll()` then ran the gated script, once, before its
/// `rejectAll()` withdrew it.
fn assert_the_last_call_won_having_run(context: &str, gated: &str) {
    assert_eq!(failures(), "", "{context}");
    assert_ne!(storms(), "[]", "{context}: the page's handlers ran");
    assert_eq!(choices(), CUSTOM, "{context}: storms {}", storms());
    assert_eq!(api::accepted("analytics").ok(), Some(false), "{context}");
    assert_eq!(api::accepted("preferences").ok(), Some(true), "{context}");
    let record = stored_record();
    assert_eq!(record.choices, Choices::custom(true, false), "{context}");
    assert_eq!(record.method, Method::Custom, "{context}");
    assert_eq!(testing::reason(), None, "{context}");
    assert_eq!(hosts(), 1, "{context}: one banner host");
    assert!(!dialog_open(), "{context}: the last save closed the dialog");
    assert!(!banner_visible(), "{context}: a choice is made");
    assert_eq!(ran(), gated, "{context}: what ran");
}

/// The focus handlers ran on window and on document for each kind of focus
/// event, as focus went into the dialog and as it came back to the page.
fn assert_every_focus_handler_ran() {
    let storms = storms();
    for kind in ["focus", "blur", "focusin", "focusout"] {
        for on in ["window", "document"] {
            let handler = format!("\"{kind} on {on},");
            assert!(storms.contains(&handler), "{handler} in {storms}");
        }
    }
    for target in ["DIV#icta-consent", "BUTTON"] {
        let moved = format!("\"focus on window, target {target}\"");
        assert!(storms.contains(&moved), "{moved} in {storms}");
    }
}

/// With the page's handlers gone, the banner's own buttons still work.
/// Reject first: withdrawing analytics once it has run would reload the
/// page under a profile that says so (the configured one).
fn assert_the_banner_still_works() {
    undo_page();
    add_gated("after");
    api::show_banner();
    assert!(banner_visible());
    find(".banner [data-action=reject-all]").click();
    assert!(!banner_visible());
    let record = stored().expect("Reject all was stored");
    assert!(record.contains(r#""method":"reject-all""#), "{record}");
    assert_eq!(choices(), NONE);
    api::show_banner();
    assert!(banner_visible());
    find(".banner [data-action=accept-all]").click();
    assert!(!banner_visible());
    let record = stored().expect("Accept all was stored");
    assert!(record.contains(r#""method":"accept-all""#), "{record}");
    assert_eq!(choices(), ALL);
    assert_eq!(ran(), "after", "accepting runs what is gated");
    assert_eq!(hosts(), 1);
}

/// A first visit with a button of the page focused, the banner showing, and
/// a gated analytics script waiting.
async fn first_visit_with_focus() -> HtmlElement {
    fresh();
    let button = add_button();
    add_gated("a");
    common::page::start_with(icta()).await;
    assert!(banner_visible());
    button.focus().expect("focus");
    assert!(focused_is(&button), "the page's button has focus");
    button
}

/// What a storm of focus handlers must leave: the last call's choice, every
/// handler run, no choice seen before the storm, focus back on the page's
/// `button`, and a banner that still works.
fn after_a_focus_storm(context: &str, button: &HtmlElement) {
    assert_the_last_call_won(context);
    assert_every_focus_handler_ran();
    assert!(
        seen().starts_with(r#"["null","#),
        "{context}: no choice yet: {}",
        seen()
    );
    assert!(
        focused_is(button),
        "{context}: focus is back on the page's button, not on {}",
        focused()
    );
    assert_the_banner_still_works();
    clean_up();
}

#[wasm_bindgen_test]
async fn focus_handlers_calling_every_function_as_show_preferences_opens_the_dialog() {
    let button = first_visit_with_focus().await;
    listen_focus();
    arm(BUDGET);
    api::show_preferences();
    after_a_focus_storm("showPreferences()", &button);
}

#[wasm_bindgen_test]
async fn focus_handlers_calling_every_function_as_escape_closes_the_dialog() {
    let button = first_visit_with_focus().await;
    listen_focus();
    api::show_preferences();
    assert!(dialog_open());
    arm(BUDGET);
    press(&find("dialog"), "Escape");
    after_a_focus_storm("Escape", &button);
}

#[wasm_bindgen_test]
async fn focus_handlers_calling_every_function_as_the_close_button_closes_the_dialog() {
    let button = first_visit_with_focus().await;
    listen_focus();
    find(".banner [data-action=preferences]").click();
    assert!(dialog_open());
    arm(BUDGET);
    find("dialog [data-action=close]").click();
    after_a_focus_storm("the close button", &button);
}

#[wasm_bindgen_test]
async fn a_change_listener_that_vetoes_analytics_keeps_gated_scripts_from_running() {
    fresh();
    add_gated("a");
    listen_change_veto();
    common::page::start_with(icta()).await;
    let returned = json(&api::accept_all());
    add_gated("added-later");
    settle().await;
    assert_eq!(failures(), "");
    assert_eq!(ran(), "", "nothing gated ran");
    assert_eq!(
        changes(),
        format!("[{ALL:?},{CUSTOM:?}]"),
        "accept, then veto"
    );
    assert_eq!(choices(), CUSTOM, "the veto is in force");
    assert_eq!(returned, CUSTOM, "acceptAll() returns what is granted now");
    let record = stored_record();
    assert!(!record.choices.grants(icta_consent::Category::Analytics));
    assert!(
        stored().expect("stored").contains(r#""analytics":false"#),
        "{:?}",
        stored()
    );

    // A reload: the stored veto stands, and still nothing gated runs.
    testing::stop();
    common::page::start().await;
    add_gated("after-reload");
    settle().await;
    assert_eq!(testing::reason(), None);
    assert_eq!(choices(), CUSTOM);
    assert!(!banner_visible());
    assert_eq!(ran(), "", "nothing gated ran after the reload");
    assert_eq!(failures(), "");
    clean_up();
}

#[wasm_bindgen_test]
async fn a_ready_listener_that_calls_every_function_gets_one_banner_and_its_last_call() {
    fresh();
    add_gated("a");
    listen_ready();
    arm(1);
    common::page::start_with(icta()).await;
    assert_eq!(storms(), r#"["icta-consent:ready"]"#);
    assert_eq!(seen(), r#"["null"]"#, "no choice yet when ready fires");
    assert_the_last_call_won("icta-consent:ready");
    common::page::start().await;
    assert_eq!(hosts(), 1, "starting again adds no banner");
    assert_the_banner_still_works();
    clean_up();
}

#[wasm_bindgen_test]
async fn a_wrapped_console_error_that_calls_every_function_on_a_broken_config() {
    fresh();
    add_config(testing::CONFIG_ID, "{broken");
    add_gated("a");
    wrap_console_error();
    arm(1);
    common::page::start().await;
    let logged = console_errors();
    assert!(
        logged.starts_with(r#"["icta-consent: config ignored: "#),
        "{logged}"
    );
    assert_eq!(storms(), r#"["console.error"]"#);
    settle().await;
    assert_the_last_call_won("console.error");
    assert_the_banner_still_works();
    clean_up();
}

#[wasm_bindgen_test]
async fn a_patched_set_item_that_calls_every_function_as_the_choice_is_stored() {
    fresh();
    add_gated("a");
    common::page::start_with(icta()).await;
    patch_set_item();
    arm(1);
    let returned = json(&api::accept_all());
    assert_eq!(storms(), r#"["setItem"]"#);
    assert_eq!(
        seen(),
        format!("[{ALL:?}]"),
        "the patch sees the choice it is storing"
    );
    assert_eq!(returned, CUSTOM, "acceptAll() returns what is granted now");
    assert_the_last_call_won("setItem");
    undo_page();
    assert!(set_item_is_native(), "setItem is restored");
    assert_the_banner_still_works();
    clean_up();
}

#[wasm_bindgen_test]
async fn a_gtag_stub_that_calls_every_function_as_consent_mode_is_reported() {
    fresh();
    add_gated("a");
    stub_gtag();
    arm(1);
    common::page::start_with(icta()).await;
    settle().await;
    assert_eq!(storms(), r#"["gtag default"]"#);
    assert_the_last_call_won("gtag");
    let calls: js_sys::Array = js_sys::JSON::parse(&gtag_calls()).expect("JSON").into();
    let call = |i: u32| calls.get(i).as_string().expect("each call as JSON");
    let first = call(0);
    assert!(first.starts_with(r#"["consent","default","#), "{first}");
    let last = call(calls.length() - 1);
    assert!(
        last.starts_with(r#"["consent","update","#)
            && last.contains(r#""analytics_storage":"denied""#)
            && last.contains(r#""functionality_storage":"granted""#),
        "Consent Mode ends on the last choice: {last}"
    );
    assert_the_banner_still_works();
    clean_up();
}

#[wasm_bindgen_test]
async fn a_change_listener_that_calls_every_function_gets_its_last_call() {
    fresh();
    add_gated("a");
    common::page::start_with(icta()).await;
    listen_change_storm();
    arm(1);
    // The visitor accepts; the page's change listener then calls everything.
    find(".banner [data-action=accept-all]").click();
    assert_eq!(storms(), r#"["icta-consent:change"]"#);
    assert_the_last_call_won("icta-consent:change");
    assert_the_banner_still_works();
    clean_up();
}

#[wasm_bindgen_test]
async fn a_page_inputs_change_handler_that_calls_every_function_gets_its_last_call() {
    fresh();
    add_gated("a");
    common::page::start_with(icta()).await;
    let checkbox = add_page_checkbox();
    arm(1);
    // The visitor ticks a checkbox of the page's, with the banner showing.
    checkbox.click();
    assert_eq!(storms(), r#"["change on a page checkbox"]"#);
    assert_the_last_call_won_having_run("change on a page checkbox", "a");
    assert_the_banner_still_works();
    clean_up();
}
