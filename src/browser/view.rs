//! The banner and the preferences dialog: built once in an open shadow root,
//! then shown, hidden and read. Every text goes in as text, never as HTML.

use alloc::string::String;

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    Document, Element, HtmlDialogElement, HtmlElement, HtmlInputElement, Node, ShadowRoot,
};

use crate::browser::effects::from_json;
use crate::browser::{warn_once, Error};
use crate::core::{is_safe_link, Category, Choices, Lang, Profile, Texts, ICTA_POLICY_URL};

/// The id of the element that hosts the shadow root.
pub const HOST_ID: &str = "icta-consent";
/// banner.css, minified by build.rs.
const STYLES: &str = include_str!(concat!(env!("OUT_DIR"), "/banner.min.css"));

/// The banner and dialog of one page: handles only. What shows is the
/// core's to decide; each method here is one effect's DOM work, run with
/// nothing borrowed.
#[derive(Clone, Debug)]
pub struct View {
    host: Element,
    root: ShadowRoot,
    banner: Element,
    dialog: HtmlDialogElement,
}

impl View {
    /// Builds the banner (hidden) and the dialog (closed) in a shadow root on
    /// `<div id="icta-consent">` at the end of `<body>`.
    ///
    /// Under the Global Privacy Control signal (`privacy_signal`), the banner
    /// and the dialog say the signal was honoured and offer no one-click
    /// "Accept all": analytics can only be turned on with its switch.
    pub fn build(
        document: &Document,
        profile: &Profile,
        lang: Lang,
        privacy_signal: bool,
    ) -> Result<Self, Error> {
        let body = document.body().ok_or(Error::NoBody)?;
        let host = document.create_element("div")?;
        host.set_attribute("id", HOST_ID)?;
        let root = host.attach_shadow(&from_json(r#"{"mode":"open"}"#).unchecked_into())?;
        adopt_styles(document, &root)?;

        let slots = markup_slots(profile.texts(lang), lang.code(), policy_link(profile));
        build_into(&root, &slots, privacy_signal)?;
        let find = |selector: &str| {
            root.query_selector(selector)
                .ok()
                .flatten()
                .ok_or(Error::Markup)
        };
        let banner = find(".banner")?;
        let dialog = find("dialog")?.unchecked_into();
        body.append_child(&host)?;
        Ok(Self {
            host,
            root,
            banner,
            dialog,
        })
    }

    /// The shadow root, for event delegation.
    pub fn root(&self) -> &ShadowRoot {
        &self.root
    }

    /// Shows or hides the first layer. Showing never moves focus: the page
    /// stays the visitor's.
    pub fn set_banner_visible(&self, visible: bool) {
        let _ = self.banner.toggle_attribute_with_force("hidden", !visible);
    }

    /// Sets the dialog's switches to `choices`.
    pub fn set_switches(&self, choices: Choices) {
        for category in [Category::Preferences, Category::Analytics] {
            if let Some(switch) = self.switch(category) {
                switch.set_checked(choices.grants(category));
            }
        }
    }

    /// Opens the dialog as a modal: the browser moves focus into it.
    pub fn open_preferences(&self) -> Result<(), Error> {
        self.dialog.show_modal()?;
        Ok(())
    }

    /// Closes the dialog.
    pub fn close_preferences(&self) {
        self.dialog.close();
    }

    /// Whether the dialog is open.
    pub fn preferences_open(&self) -> bool {
        self.dialog.open()
    }

    /// Moves focus back to `element`, unless it has left the page or sits in
    /// a hidden part of the banner.
    pub fn return_focus(&self, element: &HtmlElement) {
        let hidden_here = element.closest("[hidden]").ok().flatten().is_some()
            && self.root.contains(Some(element));
        if element.is_connected() && !hidden_here {
            let _ = element.focus();
        }
    }

    /// The element that has focus, looking into the shadow root.
    pub fn focused_element(&self) -> Option<HtmlElement> {
        let inner = self.root.active_element();
        let outer = || self.host.owner_document()?.active_element();
        // Any element that can have focus has `focus()` (HTML, SVG and
        // MathML alike), and one that has none throws a caught TypeError.
        Some(inner.or_else(outer)?.unchecked_into())
    }

    /// The switches as the visitor left them.
    pub fn switches(&self) -> (bool, bool) {
        let on = |c| self.switch(c).is_some_and(|s| s.checked());
        (on(Category::Preferences), on(Category::Analytics))
    }

    fn switch(&self, category: Category) -> Option<HtmlInputElement> {
        let selector = match category {
            Category::Necessary => "#icc-necessary",
            Category::Preferences => "#icc-preferences",
            Category::Analytics => "#icc-analytics",
        };
        // Always the <input> (its id says so): no checked cast.
        Some(self.root.query_selector(selector).ok()??.unchecked_into())
    }

    /// Removes the banner and dialog from the page.
    #[cfg(feature = "std")]
    pub fn remove(&self) {
        self.host.remove();
    }
}

#[wasm_bindgen(module = "/src/browser/added.js")]
extern "C" {
    /// Builds [`MARKUP`] into `root` (see added.js), the slots' texts in
    /// `texts`, each ended by a NUL.
    #[wasm_bindgen(js_name = buildMarkup, catch)]
    fn build_markup(root: &Node, ops: &str, texts: &str, signal: bool) -> Result<(), JsValue>;
}

/// Builds [`MARKUP`] (`src/browser/markup.html`, compiled by build.rs; the
/// operations are described in `build/markup.rs`) into `root`, with `slots`
/// for its values, in one call into JavaScript. Texts become text nodes:
/// whatever a text says, it is never parsed as markup. A NUL in a text, which
/// would end it early, becomes U+FFFD, as it does in HTML.
fn build_into(root: &Node, slots: &Slots<'_>, privacy_signal: bool) -> Result<(), Error> {
    let mut texts = String::new();
    for slot in slots {
        texts.extend(slot.chars().map(|c| if c == '\0' { '\u{fffd}' } else { c }));
        texts.push('\0');
    }
    Ok(build_markup(root, MARKUP, &texts, privacy_signal)?)
}

// MARKUP, Slots and markup_slots, generated by build.rs from
// src/browser/markup.html.
include!(concat!(env!("OUT_DIR"), "/markup.rs"));

/// The profile's privacy-policy link if it is safe, else the icta.az one,
/// with an error on the console.
fn policy_link(profile: &Profile) -> &str {
    if is_safe_link(&profile.policy_url) {
        &profile.policy_url
    } else {
        crate::browser::env::error(Error::UnsafeLink.message());
        ICTA_POLICY_URL
    }
}

/// Adopts the styles as a constructable stylesheet (no `'unsafe-inline'`
/// needed); browsers without one (Safari before 16.4) get a `<style>`.
fn adopt_styles(document: &Document, root: &ShadowRoot) -> Result<(), Error> {
    if let Ok(sheet) = web_sys::CssStyleSheet::new() {
        if sheet.replace_sync(STYLES).is_ok() {
            root.set_adopted_style_sheets(&js_sys::Array::of1(&sheet));
            return Ok(());
        }
    }
    warn_once("constructable stylesheets are unsupported; using a <style> element");
    let style = document.create_element("style")?;
    style.set_text_content(Some(STYLES));
    root.append_child(&style)?;
    Ok(())
}
