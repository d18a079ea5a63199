//! The page's controller: ties the visitor's clicks and the API's calls to the
//! consent state and the view.

use std::cell::RefCell;

use wasm_bindgen::JsCast;
use web_sys::{Element, Event, KeyboardEvent};

use crate::browser::{Consent, Error, Listener, View};
use crate::core::{Action, Choices, Profile};

thread_local! {
    static PAGE: RefCell<Option<Page>> = const { RefCell::new(None) };
}

/// One page: its consent state, its view once built, and its listeners.
#[derive(Debug)]
pub struct Page {
    profile: Profile,
    consent: Consent,
    view: Option<View>,
    view_listeners: Vec<Listener>,
    _page_listener: Option<Listener>,
}

/// Starts the page with `profile` if it has not started: assesses the stored
/// choice, listens for `data-consent-open` clicks, and shows the banner when
/// the visitor must be asked. A second start (the tag included twice) does
/// nothing.
pub fn start(profile: Profile) {
    let started = PAGE.with(|cell| cell.borrow().is_some());
    if started {
        return;
    }
    let consent = Consent::start(profile.clone());
    let page_listener = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| report(Listener::new(&d, "click", on_page_click)));
    let mut page = Page {
        profile,
        consent,
        view: None,
        view_listeners: Vec::new(),
        _page_listener: page_listener,
    };
    if page.consent.show_banner() {
        page.show_banner();
    }
    PAGE.with(|cell| *cell.borrow_mut() = Some(page));
}

/// Runs `f` on the page, starting it with the icta.az profile if needed.
pub fn with<R>(f: impl FnOnce(&mut Page) -> R) -> R {
    ensure_started();
    PAGE.with(|cell| {
        let mut slot = cell.borrow_mut();
        let page = slot.as_mut().expect("unreachable: start() fills the page");
        f(page)
    })
}

/// Starts the page with the icta.az profile unless it has started. Out of
/// line: inlined into every `with`, the profile's construction cost 1.6 KB each.
#[inline(never)]
fn ensure_started() {
    if PAGE.with(|cell| cell.borrow().is_none()) {
        start(Profile::icta());
    }
}

/// Removes the banner and forgets the page's state; the next call starts
/// afresh. For tests, and for pages that swap their whole body.
pub fn stop() {
    let page = PAGE.with(|cell| cell.borrow_mut().take());
    if let Some(page) = page {
        if let Some(view) = &page.view {
            view.remove();
        }
    }
}

impl Page {
    /// The consent state.
    pub fn consent(&self) -> &Consent {
        &self.consent
    }

    /// The view, if built.
    pub fn view(&self) -> Option<&View> {
        self.view.as_ref()
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
            report(view.open_preferences(granted, false));
        }
    }

    /// Records `action`, hides the banner and closes the dialog.
    pub fn act(&mut self, action: Action) -> Choices {
        let choices = self.consent.act(action);
        if let Some(view) = &mut self.view {
            view.close_preferences();
            view.set_banner_visible(false);
        }
        choices
    }

    /// Forgets the choice and asks again.
    pub fn reset(&mut self) {
        self.consent.reset();
        self.show_banner();
    }

    /// The view, built on first use. `None` (with one console error) when the
    /// page cannot hold it.
    fn ensure_view(&mut self) -> Option<&mut View> {
        if self.view.is_none() {
            let document = web_sys::window()?.document()?;
            let view = report(View::build(
                &document,
                &self.profile,
                self.consent.language(),
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

    fn on_action(&mut self, name: &str) {
        match name {
            "accept-all" => drop(self.act(Action::AcceptAll)),
            "reject-all" => drop(self.act(Action::RejectAll)),
            "save" => {
                let (preferences, analytics) =
                    self.view.as_ref().map_or((false, false), View::switches);
                self.act(Action::Save {
                    preferences,
                    analytics,
                });
            }
            "preferences" => self.show_preferences(),
            "close" => {
                if let Some(view) = &mut self.view {
                    view.close_preferences();
                }
            }
            _ => {}
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
        let action = button.get_attribute("data-action").unwrap_or_default();
        with(|page| page.on_action(&action));
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

/// Logs `result`'s error on the console and keeps its value, if any.
fn report<T>(result: Result<T, Error>) -> Option<T> {
    result
        .map_err(|error| web_sys::console::error_1(&error.message().into()))
        .ok()
}
