//! The page's controller: feeds the core's [`Machine`] what happens (clicks,
//! API calls, other tabs, storage failures) and runs the effects it decides.
//!
//! The page's state lives in one `RefCell`, borrowed only by short pieces of
//! plain Rust that never call JavaScript. Every call that can run page code
//! (focus moves, `showModal`, `console`, events, `gtag`, storage, a gated
//! script) is made by [`run`] with nothing borrowed; an input that page code
//! makes meanwhile changes the state at once and queues its effects after the
//! current ones, so page code may call the API from any handler.

use alloc::boxed::Box;
use alloc::vec::Vec;
use core::cell::RefCell;

use js_sys::Array;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    Element, Event, HtmlElement, KeyboardEvent, MutationObserver, Storage, StorageEvent,
};

use crate::browser::{
    effects, env, gate, page_config, page_language, privacy_signal, window, Callback, Error,
    Listener, Local, View,
};
use crate::core::{
    Action, Choices, Clock, ConfigError, Effect, Input, Lang, Machine, Profile, Stored, Visit,
    Watch,
};

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// `scheduler.postTask` (Chromium, Firefox); throws where there is none.
    #[wasm_bindgen(js_namespace = scheduler, js_name = postTask, catch)]
    fn post_task(
        callback: &js_sys::Function,
        options: &wasm_bindgen::JsValue,
    ) -> Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>;
}

/// Ahead of the page's other tasks.
const USER_BLOCKING: &str = r#"{"priority":"user-blocking"}"#;

static PAGE: Local<RefCell<Option<Page>>> = Local::new(RefCell::new(None));

/// One page: the machine, and the browser's handles for its effects.
struct Page {
    machine: Machine<'static>,
    /// localStorage, while it works.
    storage: Option<Storage>,
    /// The banner and dialog, once built.
    view: Option<View>,
    /// Where focus was when the dialog opened.
    return_focus: Option<HtmlElement>,
    listeners: Vec<Listener>,
    observer: Option<(MutationObserver, Closure<Callback>)>,
    /// Elements the page has added, for the next [`Effect::ActivateAdded`].
    added: Vec<Element>,
    /// [`resume`], as a function for `queueMicrotask`.
    resume: Option<js_sys::Function>,
    /// Whether the page's config was there when the module started.
    configured: bool,
}

/// Runs `f` on the page's state, if the page has started. `f` must not call
/// JavaScript; then the borrow is never taken twice, and were it ever, the
/// call would get `None` instead of a trap.
fn with<R>(f: impl FnOnce(&mut Page) -> R) -> Option<R> {
    PAGE.with(|cell| cell.try_borrow_mut().ok()?.as_mut().map(f))
}

/// Reads the machine, starting the page first if it has not started.
pub fn read<R>(f: impl FnOnce(&Machine<'static>) -> R) -> Option<R> {
    ensure_started();
    with(|page| f(&page.machine))
}

/// The icta.az profile with the page's JSON config applied; on a broken
/// config, the profile as compiled in, and the reason for the console.
fn configured_profile(config: Option<&str>) -> (Profile, Option<ConfigError>) {
    let Some(json) = config else {
        return (Profile::icta(), None);
    };
    match Profile::icta().with_config(json) {
        Ok(profile) => (profile, None),
        Err(error) => (Profile::icta(), Some(error)),
    }
}

/// Starts the page in a task of its own (see [`soon`]), after the one that
/// compiled and instantiated the module: the two together were one long
/// task under a slow CPU. Page code that calls the API before then starts
/// it at once ([`read`], [`feed`]).
pub fn start_soon() {
    if !soon(ensure_started) {
        ensure_started();
    }
}

/// Calls `f` in the next task: the scheduler's most urgent, where there is
/// one, and a timer too, should the page's scheduler never call back. Both
/// call `f`, so a second call must do nothing. False when neither could be
/// asked for.
fn soon(f: fn()) -> bool {
    let callback: js_sys::Function = Closure::<Callback>::new(move |_| f())
        .into_js_value()
        .unchecked_into();
    let urgent = post_task(&callback, &effects::from_json(USER_BLOCKING)).is_ok();
    let timer = window().is_some_and(|w| w.set_timeout_with_callback(&callback).is_ok());
    urgent || timer
}

/// Starts the page with the configured profile unless it has started.
pub fn ensure_started() {
    if PAGE.with(|cell| cell.try_borrow().is_ok_and(|page| page.is_none())) {
        // Read once: the profile comes from it, and a late one is reported.
        let config = page_config();
        let (profile, error) = configured_profile(config.as_deref());
        start(profile, error, config.is_some());
    }
}

/// Starts the page with `profile` unless it has started: the machine first
/// (so calls from page code during start find it and wait for it), then
/// what the browser holds, then [`Input::Start`].
pub fn start(profile: Profile, config_error: Option<ConfigError>, configured: bool) {
    let language = Lang::negotiate(page_language().as_deref(), &profile.languages);
    // One profile per page, for the page's life: the machine borrows it.
    let profile: &'static Profile = Box::leak(Box::new(profile));
    let page = Page {
        machine: Machine::new(profile, language),
        storage: None,
        view: None,
        return_focus: None,
        listeners: Vec::new(),
        observer: None,
        added: Vec::new(),
        configured,
        // Made once, for the page's life.
        resume: Some(
            Closure::<Callback>::new(|_| resume())
                .into_js_value()
                .unchecked_into(),
        ),
    };
    let fresh = PAGE.with(|cell| match cell.try_borrow_mut() {
        Ok(mut slot) if slot.is_none() => {
            *slot = Some(page);
            true
        }
        _ => false,
    });
    if !fresh {
        return;
    }
    let storage = window().and_then(|w| w.local_storage().ok().flatten());
    let read = match &storage {
        Some(s) => s.get_item(&profile.storage_key).ok(),
        None => None,
    };
    let visit = Visit {
        stored: Stored::parse(read.as_ref().and_then(Option::as_deref)),
        now: env::now_ms(),
        random: env::random_bytes(),
        signal: privacy_signal(),
        storage: read.is_some(),
        config_error,
        body: body().is_some(),
    };
    with(|page| page.storage = storage.filter(|_| visit.storage));
    feed(Input::Start(visit));
}

/// Removes the banner, its listeners and the page's state; the next call
/// starts afresh. For the tests.
#[cfg(feature = "std")]
pub fn stop() {
    let page = PAGE.with(|cell| cell.try_borrow_mut().ok()?.take());
    if let Some(page) = page {
        if let Some(view) = &page.view {
            view.remove();
        }
        if let Some((observer, _)) = &page.observer {
            observer.disconnect();
        }
        // The listeners are removed as they drop, here, with nothing borrowed.
    }
}

/// Hands `input` to the machine and, unless a run is under way (this is
/// page code called from an effect), runs the effects it queued, and any
/// that page code adds meanwhile, one at a time with nothing borrowed.
pub fn feed(input: Input) {
    ensure_started();
    if with(|page| page.machine.handle(input)) == Some(true) {
        run_queue();
    }
}

/// Runs the queue that the machine has said to run.
fn run_queue() {
    // Should page code throw through an effect (a patched prototype), the
    // run stops there; a microtask, which runs only once the stack is
    // empty, then finds it still under way and finishes it.
    if let (Some(window), Some(Some(resume))) = (window(), with(|page| page.resume.clone())) {
        window.queue_microtask(&resume);
    }
    drain();
}

/// The rest of a run that yielded (see [`Effect::Yield`]), in its own task.
fn go_on() {
    if with(|page| page.machine.resume()) == Some(true) {
        run_queue();
    }
}

/// Runs the queued effects, one at a time, with nothing borrowed.
fn drain() {
    while let Some(effect) = with(|page| page.machine.next_effect()).flatten() {
        run(effect);
    }
}

/// Finishes a run that an exception cut short (see [`feed`]).
fn resume() {
    if with(|page| page.machine.running()) == Some(true) {
        drain();
    }
}

/// The page's profile.
fn profile() -> Option<&'static Profile> {
    with(|page| page.machine.profile())
}

/// Whether the choice is kept in localStorage (not only in memory).
#[cfg(feature = "std")]
pub fn storage_works() -> bool {
    with(|page| page.storage.is_some()) == Some(true)
}

/// Feeds a visitor's or the API's `action`; returns the choices now granted.
pub fn act(action: Action) -> Choices {
    feed(Input::Act(action, clock()));
    read(Machine::granted).unwrap_or(Choices::NECESSARY_ONLY)
}

/// Now and sixteen random bytes, for an input.
pub fn clock() -> Clock {
    Clock {
        now: env::now_ms(),
        random: env::random_bytes(),
    }
}

/// Runs one effect. Called with nothing borrowed.
fn run(effect: Effect) {
    match effect {
        Effect::Store(record) => {
            let key = profile().map(|p| &p.storage_key);
            let storage = with(|page| page.storage.clone()).flatten();
            let saved = match (storage, key) {
                (Some(s), Some(key)) => s.set_item(key, &record.to_json()).is_ok(),
                _ => false,
            };
            if !saved {
                fail_storage();
            }
        }
        Effect::Forget => {
            let key = profile().map(|p| &p.storage_key);
            let storage = with(|page| page.storage.clone()).flatten();
            if let (Some(s), Some(key)) = (storage, key) {
                if s.remove_item(key).is_err() {
                    fail_storage();
                }
            }
        }
        Effect::Banner(visible) => {
            if let Some(view) = view() {
                view.set_banner_visible(visible);
            }
        }
        Effect::OpenDialog(choices) => {
            if let Some(view) = view() {
                view.set_switches(choices);
                if !view.preferences_open() {
                    let focused = view.focused_element();
                    with(|page| page.return_focus = focused);
                    report(view.open_preferences());
                }
            }
        }
        Effect::CloseDialog => {
            if let Some(view) = with(|page| page.view.clone()).flatten() {
                view.close_preferences();
            }
        }
        Effect::ReturnFocus => {
            let view = with(|page| page.view.clone()).flatten();
            let element = with(|page| page.return_focus.take()).flatten();
            if let (Some(view), Some(element)) = (view, element) {
                view.return_focus(&element);
            }
        }
        Effect::ConsentMode(command, state) => effects::consent_mode(command.name(), state),
        Effect::Notify(notice, choices) => effects::dispatch(notice.name(), choices),
        Effect::Beacon(url, proof) => effects::beacon(&url, &proof),
        Effect::ClearCookies => {
            if let Some(profile) = profile() {
                effects::clear_cookies(&profile.clear_on_withdraw);
            }
        }
        Effect::Reload => effects::reload(),
        Effect::Activate(granted) => {
            if let Some(document) = window().and_then(|w| w.document()) {
                keep_for_later(gate::activate(&document, granted));
            }
        }
        Effect::ActivateAdded(granted) => {
            let added = with(|page| core::mem::take(&mut page.added)).unwrap_or_default();
            keep_for_later(gate::activate_added(&added, granted));
        }
        Effect::Observe(watch) => observe(watch),
        Effect::Warn(warning) => env::warn(warning.message()),
        Effect::Listen => listen(),
        Effect::Yield => {
            // With no next task to be had, right now.
            if !soon(go_on) {
                with(|page| page.machine.resume());
            }
        }
        Effect::ConfigIgnored(error) => {
            let message = ["icta-consent: ", &error.message()].concat();
            env::error(&message);
        }
    }
}

/// Keeps the inline scripts the parser may still be writing, for the next
/// activation: the next mutation, or the end of parsing.
fn keep_for_later(open: Vec<Element>) {
    if !open.is_empty() {
        with(|page| page.added.extend(open));
    }
}

/// The page's `<body>`, once the parser has made it.
fn body() -> Option<HtmlElement> {
    window()?.document()?.body()
}

/// Watches `watch`'s DOM changes and no others (see [`Watch`]).
fn observe(watch: Watch) {
    let Some(observer) = with(|page| page.observer.as_ref().map(|(o, _)| o.clone())).flatten()
    else {
        return;
    };
    observer.disconnect();
    let document = window().and_then(|w| w.document());
    let (target, options): (Option<web_sys::Node>, &str) = match watch {
        Watch::Nothing => return,
        Watch::Body => (
            document.and_then(|d| d.document_element()).map(Into::into),
            r#"{"childList":true}"#,
        ),
        Watch::Added => (
            document.map(Into::into),
            r#"{"childList":true,"subtree":true}"#,
        ),
    };
    if let Some(target) = target {
        let _ = observer.observe_with_options(&target, effects::from_json(options).unchecked_ref());
    }
}

/// localStorage threw: the choice lives in memory from now on.
fn fail_storage() {
    with(|page| page.storage = None);
    feed(Input::StorageFailed);
}

/// The view, built on first use. `None` (with one console error) when the
/// page cannot hold it.
fn view() -> Option<View> {
    if let Some(view) = with(|page| page.view.clone())? {
        return Some(view);
    }
    let machine = read(|m| (m.profile(), m.language(), m.privacy_signal()))?;
    let document = window()?.document()?;
    let (profile, lang, signal) = machine;
    let view = report(View::build(&document, profile, lang, signal))?;
    let root = view.root().clone();
    let listeners: Vec<Listener> = [
        Listener::new(&root, "click", on_view_click),
        Listener::new(&root, "keydown", on_view_keydown),
    ]
    .into_iter()
    .filter_map(report)
    .collect();
    let kept = with(|page| {
        page.listeners.extend(listeners);
        page.view.get_or_insert(view).clone()
    });
    kept
}

/// Listens for `data-consent-open` clicks, other tabs' choices, and gated
/// elements added later.
fn listen() {
    let Some(window) = window() else {
        return;
    };
    let mut listeners = Vec::new();
    let mut observer = None;
    if let Some(document) = window.document() {
        listeners.extend(report(Listener::new(&document, "click", on_page_click)));
        if document.ready_state() == "loading" {
            // Once; the page keeps it (one closure for the page's life).
            let parsed = Closure::<Callback>::new(|_| parsed()).into_js_value();
            let _ = document
                .add_event_listener_with_callback("DOMContentLoaded", parsed.unchecked_ref());
        }
        // Made here, observing only as Effect::Observe says.
        let callback =
            Closure::<Callback>::new(|records: JsValue| on_mutation(records.unchecked_into()));
        if let Ok(o) = MutationObserver::new(callback.as_ref().unchecked_ref()) {
            observer = Some((o, callback));
        }
    }
    listeners.extend(report(Listener::new(&window, "storage", on_storage)));
    with(|page| {
        page.listeners.extend(listeners);
        page.observer = observer;
    });
}

/// The `[data-…]` element an event happened in, if any.
fn target_with(event: &Event, selector: &str) -> Option<Element> {
    let target: Element = event.target()?.dyn_into().ok()?;
    target.closest(selector).ok()?
}

/// A click on the page: `[data-consent-open]` opens the preferences dialog.
fn on_page_click(event: Event) {
    if target_with(&event, "[data-consent-open]").is_some() {
        event.prevent_default();
        feed(Input::ShowPreferences);
    }
}

/// A click in the banner or dialog: the button's `data-action` says what to do.
fn on_view_click(event: Event) {
    let Some(button) = target_with(&event, "[data-action]") else {
        return;
    };
    let input = match button.get_attribute("data-action").as_deref() {
        Some("accept-all") => Input::Act(Action::AcceptAll, clock()),
        Some("reject-all") => Input::Act(Action::RejectAll, clock()),
        Some("save") => {
            let view = with(|page| page.view.clone()).flatten();
            let (preferences, analytics) = view.map_or((false, false), |v| v.switches());
            let save = Action::Save {
                preferences,
                analytics,
            };
            Input::Act(save, clock())
        }
        Some("preferences") => Input::ShowPreferences,
        Some("close") => Input::ClosePreferences,
        _ => return,
    };
    feed(input);
}

/// Escape closes the dialog and returns focus where it was.
fn on_view_keydown(event: Event) {
    let escape = event
        .dyn_ref::<KeyboardEvent>()
        .is_some_and(|k| k.key() == "Escape");
    if escape && with(|page| page.machine.dialog_open()) == Some(true) {
        event.prevent_default();
        feed(Input::ClosePreferences);
    }
}

/// Another tab wrote (or cleared) the stored choice.
fn on_storage(event: Event) {
    let Some(event) = event.dyn_ref::<StorageEvent>() else {
        return;
    };
    let Some(key) = profile().map(|p| &p.storage_key) else {
        return;
    };
    // A null key means the other tab cleared all of localStorage.
    if event.key().is_none_or(|k| k == **key) {
        let Some(storage) = with(|page| page.storage.clone()).flatten() else {
            return;
        };
        match storage.get_item(key) {
            Ok(text) => feed(Input::OtherTab(Stored::parse(text.as_deref()), clock())),
            Err(_) => fail_storage(),
        }
    }
}

/// The parser has finished: what it was still writing is complete. A config
/// that came only after the module had started was not read: say so.
fn parsed() {
    if with(|page| !page.configured).unwrap_or(false) && page_config().is_some() {
        env::error(LATE_CONFIG);
    }
    if with(|page| !page.added.is_empty()) == Some(true) {
        feed(Input::NodesAdded);
    }
}

const LATE_CONFIG: &str =
    "icta-consent: config ignored: it comes after the module's script tag, and must come before";

/// Nodes were added: the `<body>` the banner waits for, or elements for the
/// gate to look at (it runs any gated ones the current choice allows).
fn on_mutation(records: Array) {
    if with(|page| page.machine.awaits_body()) == Some(true) && body().is_some() {
        feed(Input::Body);
    }
    if with(|page| page.machine.watching()) != Some(Watch::Added) {
        return;
    }
    let added: Vec<Element> = match gate::gated_among(&records) {
        Some(found) => (0..found.length())
            .map(|i| found.get(i).unchecked_into())
            .collect(),
        None => Vec::new(),
    };
    // Also when nothing new is gated but an inline script waits for the
    // parser to move past it (see gate::activate): it may have.
    if with(|page| {
        page.added.extend(added);
        !page.added.is_empty()
    }) == Some(true)
    {
        feed(Input::NodesAdded);
    }
}

/// What the gate may run now: the grant committed at this moment.
pub fn granted_now() -> Choices {
    with(|page| page.machine.granted()).unwrap_or(Choices::NECESSARY_ONLY)
}

/// Logs `result`'s error on the console and keeps its value, if any.
fn report<T>(result: Result<T, Error>) -> Option<T> {
    result.map_err(|error| env::error(error.message())).ok()
}
