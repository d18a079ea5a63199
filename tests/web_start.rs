//! In a real browser: the module starts the page in the task after the one
//! that instantiated it; a first start is two tasks, reading the choice and
//! then drawing the banner (so that it is never one long task), and a page
//! that breaks the browser's schedulers still gets its banner.
#![cfg(target_arch = "wasm32")]

mod common;

use common::page::{
    a_task_later, banner_visible, clear_storage, dialog_open, hosts, icta, put_raw,
};
use icta_consent::api::{self, testing};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
const saved = {};
export function listen_ready() {
  window.__ready = 0;
  if (!window.__listening) {
    window.addEventListener('icta-consent:ready', () => { window.__ready += 1; });
    window.__listening = true;
  }
}
export function ready_count() { return window.__ready; }
// How many icta-consent:ready events had fired when the banner's host went
// in (a mutation observer's callback: the end of the task that inserted it).
export function watch_host() {
  window.__readyAtHost = null;
  const observer = new MutationObserver(() => {
    if (document.getElementById('icta-consent')) {
      window.__readyAtHost = window.__ready;
      observer.disconnect();
    }
  });
  observer.observe(document.body, { childList: true });
}
export function ready_at_host() { return window.__readyAtHost; }
export function scheduler_never_calls_back() {
  saved.scheduler = Object.getOwnPropertyDescriptor(window, 'scheduler');
  Object.defineProperty(window, 'scheduler', {
    configurable: true,
    value: { postTask() { return new Promise(() => {}); } },
  });
}
export function timers_throw() {
  saved.scheduler = Object.getOwnPropertyDescriptor(window, 'scheduler');
  saved.setTimeout = window.setTimeout;
  Object.defineProperty(window, 'scheduler', {
    configurable: true,
    value: { postTask() { throw new Error('no scheduler here'); } },
  });
  window.setTimeout = () => { throw new Error('no timers here'); };
}
export function restore() {
  if (saved.setTimeout) { window.setTimeout = saved.setTimeout; delete saved.setTimeout; }
  if ('scheduler' in saved) {
    if (saved.scheduler) Object.defineProperty(window, 'scheduler', saved.scheduler);
    else delete window.scheduler;
    delete saved.scheduler;
  }
}
export function a_timer_later() { return new Promise((resolve) => saved.setTimeout ? saved.setTimeout(resolve, 20) : setTimeout(resolve, 20)); }
"#)]
extern "C" {
    fn listen_ready();
    fn ready_count() -> u32;
    fn watch_host();
    fn ready_at_host() -> Option<u32>;
    fn scheduler_never_calls_back();
    fn timers_throw();
    fn restore();
    fn a_timer_later() -> js_sys::Promise;
}

fn fresh() {
    restore();
    testing::stop();
    clear_storage();
    listen_ready();
}

#[wasm_bindgen_test]
async fn a_first_start_draws_the_banner_in_the_next_task_and_is_ready_in_the_one_after() {
    fresh();
    watch_host();
    testing::start_with(icta());
    // The start's own task has read the choice: the API answers already.
    assert!(api::choices().is_null());
    assert_eq!(hosts(), 0, "nothing drawn in the start's own task");
    assert_eq!(ready_count(), 0, "not ready in the start's own task");
    a_task_later().await;
    a_task_later().await;
    assert_eq!(hosts(), 1);
    assert!(banner_visible());
    assert_eq!(ready_count(), 1);
    // The banner's task ended with the banner in and nothing else: the
    // listeners, the gate's first pass and ready came in a task after it.
    assert_eq!(ready_at_host(), Some(0), "ready in the banner's own task");
    testing::stop();
}

#[wasm_bindgen_test]
async fn a_returning_visitors_start_is_one_task() {
    fresh();
    testing::start_with(icta());
    a_task_later().await;
    api::reject_all();
    testing::stop();
    testing::start_with(icta());
    assert_eq!(
        ready_count(),
        2,
        "ready in the start's own task: no banner to draw"
    );
    assert_eq!(hosts(), 0);
    testing::stop();
}

#[wasm_bindgen_test]
async fn a_call_between_the_two_tasks_takes_the_rest_of_the_start_along() {
    fresh();
    testing::start_with(icta());
    api::show_preferences();
    assert!(dialog_open(), "the dialog opens at once");
    assert_eq!(ready_count(), 1, "the start finished first");
    assert_eq!(hosts(), 1);
    a_task_later().await;
    assert_eq!(hosts(), 1, "the next task draws nothing twice");
    assert!(dialog_open());
    testing::stop();
}

#[wasm_bindgen_test]
async fn a_scheduler_that_never_calls_back_still_gets_the_banner_from_a_timer() {
    fresh();
    scheduler_never_calls_back();
    testing::start_with(icta());
    assert_eq!(hosts(), 0);
    let _ = wasm_bindgen_futures::JsFuture::from(a_timer_later()).await;
    restore();
    assert!(banner_visible(), "the timer went on");
    assert_eq!(ready_count(), 1);
    testing::stop();
}

#[wasm_bindgen_test]
async fn timers_that_throw_get_the_banner_at_once() {
    fresh();
    timers_throw();
    testing::start_with(icta());
    restore();
    assert!(banner_visible(), "drawn in the start's own task");
    assert_eq!(ready_count(), 1);
    testing::stop();
}

#[wasm_bindgen_test]
async fn a_tampered_value_still_yields_and_grants_nothing() {
    fresh();
    put_raw("{\"schema\":1,\"choices\":{\"analytics\":\"yes\"}}");
    testing::start_with(icta());
    assert_eq!(api::accepted("analytics").ok(), Some(false));
    a_task_later().await;
    assert!(banner_visible());
    assert_eq!(api::accepted("analytics").ok(), Some(false));
    testing::stop();
}

/// A stored "reject all", so that a start is one task and announces itself.
async fn a_returning_visitor() {
    fresh();
    testing::start_with(icta());
    a_task_later().await;
    api::reject_all();
    testing::stop();
}

#[wasm_bindgen_test]
async fn the_modules_start_function_starts_the_page_in_the_next_task() {
    a_returning_visitor().await;
    let before = ready_count();
    // What the module runs as it is instantiated: the page starts in a
    // task of its own, not in the one that compiled the module.
    api::start();
    assert_eq!(
        ready_count(),
        before,
        "nothing started in the instantiating task"
    );
    a_task_later().await;
    assert_eq!(ready_count(), before + 1, "started in the next task");
    a_task_later().await;
    assert_eq!(ready_count(), before + 1, "and only once");
    testing::stop();
}

#[wasm_bindgen_test]
async fn an_api_call_before_that_task_starts_the_page_at_once() {
    a_returning_visitor().await;
    let before = ready_count();
    api::start();
    assert!(!api::choices().is_null(), "the stored choice, read at once");
    assert_eq!(ready_count(), before + 1, "started by the call");
    a_task_later().await;
    assert_eq!(
        ready_count(),
        before + 1,
        "the next task starts nothing twice"
    );
    testing::stop();
}

#[wasm_bindgen_test]
async fn with_no_next_task_to_be_had_the_module_starts_the_page_at_once() {
    a_returning_visitor().await;
    let before = ready_count();
    timers_throw();
    api::start();
    restore();
    assert_eq!(ready_count(), before + 1);
    testing::stop();
}
