//! The page's controller: ties the visitor's clicks, the API's calls and other
//! tabs' changes to the consent state, the view and the gate.
//!
//! The page's state lives in one `RefCell`. Anything that can run page code
//! (activating a gated script, dispatching an event, calling `gtag`) happens
//! after that borrow ends, so page code may call the API at any time.

use alloc::vec::Vec;
use core::cell::RefCell;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, KeyboardEvent, MutationObserver, StorageEvent};

use crate::browser::effects::{self, CHANGE, READY};
use crate::browser::{
    gate, page_config, privacy_signal, window, Consent, Error, Listener, Local, View,
};
use crate::core::{Action, Category, Choices, ConsentMode, Profile, Record};

static PAGE: Local<RefCell<Option<Page>>> = Local::new(RefCell::new(None));

/// One page: its profile, consent state, view once built, and listeners.
#[derive(Debug)]
pub struct Page {
    profile: Profile,
    consent: Consent,
    privacy_signal: bool,
    view: Option<View>,
    view_listeners: Vec<Listener>,
    page_listeners: Vec<Listener>,
    observer: Option<(MutationObserver, Closure<dyn FnMut()>)>,
}

/// What changed, for the effects that run once the page's state is released.
#[derive(Debug)]
struct Change {
    before: Choices,
    /// The valid choice now, if any (the events' detail).
    chosen: Option<Choices>,
    /// The new record, when the visitor made a choice on this page.
    record: Option<Record>,
}

impl Change {
    /// What is granted now: the valid choice, else only `necessary`.
    fn after(&self) -> Choices {
        self.chosen.unwrap_or(Choices::NECESSARY_ONLY)
    }
}

/// The icta.az profile with the page's JSON config applied; on a broken
/// config, the profile as compiled in, with the reason on the console.
pub fn configured_profile() -> Profile {
    match page_config() {
        None => Profile::icta(),
        Some(json) => Profile::icta().with_config(&json).unwrap_or_else(|error| {
            let message = ["icta-consent: ", &error.message()].concat();
            web_sys::console::error_1(&message.into());
            Profile::icta()
        }),
    }
}

/// Starts the page with `profile` unless it has started: assesses the stored choice, reports Consent Mode, runs what a
/// valid choice grants, shows the banner when the visitor must be asked,
/// and announces `icta-consent:ready`.
pub fn start(profile: Profile) {
    // A second tag never gets here (the loader starts once per page); this
    // guards `start` called after the page has started, as tests may.
    if PAGE.with(|cell| cell.borrow().is_some()) {
        return;
    }
    let signal = privacy_signal();
    let mut page = Page {
        consent: Consent::start(&profile),
        profile,
        privacy_signal: signal,
        view: None,
        view_listeners: Vec::new(),
        page_listeners: Vec::new(),
        observer: None,
    };
    if page.consent.show_banner() {
        page.show_banner();
    }
    // After the banner: its insertion would otherwise wake the observer for
    // a second search of the document right after start.
    page.listen();
    let granted = page.consent.granted();
    let chosen = page.consent.record().map(|r| r.choices);
    PAGE.with(|cell| *cell.borrow_mut() = Some(page));

    effects::consent_mode("default", ConsentMode::DEFAULT);
    if chosen.is_some() {
        effects::consent_mode("update", ConsentMode::from_choices(granted));
    }
    activate(granted);
    effects::dispatch(READY, chosen);
}

/// Runs `f` on the page, starting it if needed.
pub fn with<R>(f: impl FnOnce(&mut Page) -> R) -> R {
    ensure_started();
    PAGE.with(|cell| {
        let mut slot = cell.borrow_mut();
        let page = slot.as_mut().expect("unreachable: start() fills the page");
        f(page)
    })
}

/// Starts the page with the configured profile unless it has started.
fn ensure_started() {
    if PAGE.with(|cell| cell.borrow().is_none()) {
        start(configured_profile());
    }
}

/// Removes the banner, its listeners and the page's state; the next call
/// starts afresh. For tests, and for pages that replace their whole body.
pub fn stop() {
    let page = PAGE.with(|cell| cell.borrow_mut().take());
    if let Some(page) = page {
        if let Some(view) = &page.view {
            view.remove();
        }
        if let Some((observer, _)) = &page.observer {
            observer.disconnect();
        }
    }
}

/// Records what the visitor (or the page) chose, then applies it: Consent
/// Mode, the change event, proof of consent, cookie deletion and reload on
/// withdrawal, and the gated scripts the choice now allows.
pub fn act(action: Action) -> Choices {
    let change = with(|page| page.act(action));
    apply(&change);
    change.after()
}

/// Forgets the choice and asks again; withdraws analytics if it was granted.
pub fn reset() {
    let change = with(Page::reset);
    apply(&change);
}

fn apply(change: &Change) {
    let (reload, patterns, report_url) = with(|page| {
        let p = &page.profile;
        (
            p.reload_on_withdraw,
            p.clear_on_withdraw.clone(),
            p.report_url.clone(),
        )
    });
    effects::consent_mode("update", ConsentMode::from_choices(change.after()));
    if let (Some(url), Some(record)) = (report_url, &change.record) {
        effects::beacon(&url, &record.proof_json());
    }
    effects::dispatch(CHANGE, change.chosen);
    let analytics = Category::Analytics;
    if change.before.grants(analytics) && !change.after().grants(analytics) {
        effects::clear_cookies(&patterns);
        if reload {
            effects::reload();
            return;
        }
    }
    activate(change.after());
}

fn activate(granted: Choices) {
    if let Some(document) = window().and_then(|w| w.document()) {
        gate::activate(&document, granted);
    }
}

impl Page {
    /// The consent state.
    pub fn consent(&self) -> &Consent {
        &self.consent
    }

    /// Shows the first layer.
    pub fn show_banner(&mut self) {
        if let Some(view) = self.ensure_view() {
            view.set_banner_visible(true);
        }
    }

    /// Opens the preferences dialog with the visitor's current choices.
    pub fn show_preferences(&mut self) {
        let granted = self.consent.granted();
        if let Some(view) = self.ensure_view() {
            report(view.open_preferences(granted));
        }
    }

    fn act(&mut self, action: Action) -> Change {
        let before = self.consent.granted();
        let after = self.consent.act(action, &self.profile);
        self.hide_view();
        Change {
            before,
            chosen: Some(after),
            record: self.consent.record().cloned(),
        }
    }

    fn reset(&mut self) -> Change {
        let before = self.consent.granted();
        self.consent.reset();
        self.show_banner();
        Change {
            before,
            chosen: None,
            record: None,
        }
    }

    /// Another tab changed the stored choice: read it again.
    fn resync(&mut self) -> Change {
        let before = self.consent.granted();
        self.consent.reload(&self.profile);
        if self.consent.show_banner() {
            self.show_banner();
        } else {
            self.hide_view();
        }
        Change {
            before,
            chosen: self.consent.record().map(|r| r.choices),
            record: None,
        }
    }

    fn hide_view(&mut self) {
        if let Some(view) = &mut self.view {
            view.close_preferences();
            view.set_banner_visible(false);
        }
    }

    /// Listens for `data-consent-open` clicks, other tabs' choices, and gated
    /// elements added later.
    fn listen(&mut self) {
        let Some(window) = window() else {
            return;
        };
        if let Some(document) = window.document() {
            self.page_listeners
                .extend(report(Listener::new(&document, "click", on_page_click)));
            let callback = Closure::<dyn FnMut()>::new(on_mutation);
            if let Ok(observer) = MutationObserver::new(callback.as_ref().unchecked_ref()) {
                let options = effects::from_json(r#"{"childList":true,"subtree":true}"#);
                let _ = observer.observe_with_options(&document, options.unchecked_ref());
                self.observer = Some((observer, callback));
            }
        }
        self.page_listeners
            .extend(report(Listener::new(&window, "storage", on_storage)));
    }

    /// The view, built on first use. `None` (with one console error) when the
    /// page cannot hold it.
    fn ensure_view(&mut self) -> Option<&mut View> {
        if self.view.is_none() {
            let document = window()?.document()?;
            let lang = self.consent.language();
            let view = report(View::build(
                &document,
                &self.profile,
                lang,
                self.privacy_signal,
            ))?;
            let root = view.root().clone();
            self.view_listeners = [
                Listener::new(&root, "click", on_view_click),
                Listener::new(&root, "keydown", on_view_keydown),
            ]
            .into_iter()
            .filter_map(report)
            .collect();
            self.view = Some(view);
        }
        self.view.as_mut()
    }

    /// What a `data-action` button means, once the page's state is read.
    fn on_action(&mut self, name: &str) -> Option<Action> {
        match name {
            "accept-all" => Some(Action::AcceptAll),
            "reject-all" => Some(Action::RejectAll),
            "save" => {
                let (preferences, analytics) =
                    self.view.as_ref().map_or((false, false), View::switches);
                Some(Action::Save {
                    preferences,
                    analytics,
                })
            }
            "preferences" => {
                self.show_preferences();
                None
            }
            "close" => {
                if let Some(view) = &mut self.view {
                    view.close_preferences();
                }
                None
            }
            _ => None,
        }
    }
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
        with(Page::show_preferences);
    }
}

/// A click in the banner or dialog: the button's `data-action` says what to do.
fn on_view_click(event: Event) {
    if let Some(button) = target_with(&event, "[data-action]") {
        let name = button.get_attribute("data-action").unwrap_or_default();
        if let Some(action) = with(|page| page.on_action(&name)) {
            act(action);
        }
    }
}

/// Escape closes the dialog and returns focus where it was.
fn on_view_keydown(event: Event) {
    let escape = event
        .dyn_ref::<KeyboardEvent>()
        .is_some_and(|k| k.key() == "Escape");
    if escape {
        with(|page| {
            if page.view.as_ref().is_some_and(View::preferences_open) {
                event.prevent_default();
                page.on_action("close");
            }
        });
    }
}

/// Another tab wrote (or cleared) the stored choice.
fn on_storage(event: Event) {
    let Some(event) = event.dyn_ref::<StorageEvent>() else {
        return;
    };
    let key = with(|page| page.profile.storage_key.clone());
    // A null key means the other tab cleared all of localStorage.
    if event.key().is_none_or(|k| k == key) {
        let change = with(Page::resync);
        if change.before != change.after() || change.chosen.is_some() {
            apply(&change);
        }
    }
}

/// Nodes were added: run any gated ones the current choice allows.
fn on_mutation() {
    let granted = with(|page| page.consent.granted());
    activate(granted);
}

/// Logs `result`'s error on the console and keeps its value, if any.
fn report<T>(result: Result<T, Error>) -> Option<T> {
    result
        .map_err(|error| web_sys::console::error_1(&error.message().into()))
        .ok()
}
