//! The banner and the preferences dialog: built once in an open shadow root,
//! then shown, hidden and read. Every text goes in as text, never as HTML.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, HtmlDialogElement, HtmlElement, HtmlInputElement, ShadowRoot};

use crate::browser::{warn_once, Error};
use crate::core::{is_safe_link, Category, Choices, Lang, Profile, Texts};

/// The id of the element that hosts the shadow root.
pub const HOST_ID: &str = "icta-consent";
/// banner.css, minified by build.rs.
const STYLES: &str = include_str!(concat!(env!("OUT_DIR"), "/banner.min.css"));

/// The banner and dialog of one page.
#[derive(Debug)]
pub struct View {
    host: Element,
    root: ShadowRoot,
    banner: Element,
    dialog: HtmlDialogElement,
    signal: Element,
    /// Where focus was before the dialog opened, to return it there.
    return_focus: Option<HtmlElement>,
    /// Whether the banner showed when the dialog opened: the dialog takes its
    /// place, and gives it back if closed without a choice.
    banner_behind_dialog: bool,
}

impl View {
    /// Builds the banner (hidden) and the dialog (closed) in a shadow root on
    /// `<div id="icta-consent">` at the end of `<body>`.
    ///
    /// Under the Global Privacy Control signal (`privacy_signal`), the banner
    /// says the signal was honoured and offers no one-click "Accept all":
    /// analytics can only be turned on in the dialog.
    pub fn build(
        document: &Document,
        profile: &Profile,
        lang: Lang,
        privacy_signal: bool,
    ) -> Result<Self, Error> {
        let body = document.body().ok_or(Error::NoBody)?;
        let host = document.create_element("div")?;
        host.set_id(HOST_ID);
        let root =
            host.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))?;
        adopt_styles(document, &root)?;

        let texts = profile.texts(lang);
        let b = Builder { document, lang };
        let banner = b.banner(texts, policy_link(profile), privacy_signal)?;
        let (dialog, signal) = b.dialog(texts)?;
        root.append_child(&banner)?;
        root.append_child(&dialog)?;
        body.append_child(&host)?;
        Ok(Self {
            host,
            root,
            banner,
            dialog,
            signal,
            return_focus: None,
            banner_behind_dialog: false,
        })
    }

    /// The shadow root, for event delegation.
    pub fn root(&self) -> &ShadowRoot {
        &self.root
    }

    /// Shows or hides the first layer. Showing never moves focus: the page
    /// stays the visitor's.
    pub fn set_banner_visible(&mut self, visible: bool) {
        if self.dialog.open() {
            self.banner_behind_dialog = visible;
        } else {
            set_hidden(&self.banner, !visible);
        }
    }

    /// Whether the first layer is showing.
    pub fn banner_visible(&self) -> bool {
        !self.banner.has_attribute("hidden")
    }

    /// Opens the dialog with the switches set to `choices`, remembering where
    /// focus was so that closing returns it there.
    pub fn open_preferences(
        &mut self,
        choices: Choices,
        privacy_signal: bool,
    ) -> Result<(), Error> {
        for category in [Category::Preferences, Category::Analytics] {
            if let Some(switch) = self.switch(category) {
                switch.set_checked(choices.grants(category));
            }
        }
        set_hidden(&self.signal, !privacy_signal);
        if !self.dialog.open() {
            self.return_focus = focused_element(&self.root);
            self.banner_behind_dialog = self.banner_visible();
            self.dialog.show_modal()?;
            set_hidden(&self.banner, true);
        }
        Ok(())
    }

    /// Closes the dialog, if open, gives the banner back if it showed before,
    /// and returns focus where it was.
    pub fn close_preferences(&mut self) {
        if self.dialog.open() {
            self.dialog.close();
            set_hidden(
                &self.banner,
                !std::mem::take(&mut self.banner_behind_dialog),
            );
        }
        self.restore_focus();
    }

    /// Returns focus to where it was before the dialog opened.
    fn restore_focus(&mut self) {
        if let Some(element) = self.return_focus.take() {
            if element.is_connected() && !is_hidden_in(&element, &self.root) {
                let _ = element.focus();
            }
        }
    }

    /// Whether the dialog is open.
    pub fn preferences_open(&self) -> bool {
        self.dialog.open()
    }

    /// The switches as the visitor left them.
    pub fn switches(&self) -> (bool, bool) {
        let on = |c| self.switch(c).is_some_and(|s| s.checked());
        (on(Category::Preferences), on(Category::Analytics))
    }

    fn switch(&self, category: Category) -> Option<HtmlInputElement> {
        let selector = ["input[name=\"", category.name(), "\"]"].concat();
        self.root.query_selector(&selector).ok()??.dyn_into().ok()
    }

    /// Removes the banner and dialog from the page.
    pub fn remove(&self) {
        self.host.remove();
    }
}

/// Builds elements in one document and language.
struct Builder<'a> {
    document: &'a Document,
    lang: Lang,
}

impl Builder<'_> {
    /// `<tag attr=value ...>` with `text` as its only child, if any.
    fn el(&self, tag: &str, attrs: &[(&str, &str)], text: Option<&str>) -> Result<Element, Error> {
        let element = self.document.create_element(tag)?;
        for (name, value) in attrs {
            element.set_attribute(name, value)?;
        }
        if let Some(text) = text {
            element.set_text_content(Some(text));
        }
        Ok(element)
    }

    fn button(&self, action: &str, label: &str) -> Result<Element, Error> {
        self.el(
            "button",
            &[("type", "button"), ("data-action", action)],
            Some(label),
        )
    }

    fn banner(&self, t: &Texts, policy_url: &str, privacy_signal: bool) -> Result<Element, Error> {
        let banner = self.el(
            "section",
            &[
                ("class", "banner"),
                ("role", "region"),
                ("aria-labelledby", "icc-title"),
                ("aria-describedby", "icc-body"),
                ("lang", self.lang.code()),
                ("hidden", ""),
            ],
            None,
        )?;
        let card = self.el("div", &[("class", "card")], None)?;
        let text = self.el("div", &[("class", "text")], None)?;
        text.append_child(&*self.el("h2", &[("id", "icc-title")], Some(&t.banner_title))?)?;
        let body = self.el("p", &[("id", "icc-body")], Some(&t.banner_body))?;
        body.append_child(&self.document.create_text_node(" "))?;
        body.append_child(&*self.el("a", &[("href", policy_url)], Some(&t.policy_link))?)?;
        text.append_child(&body)?;
        if privacy_signal {
            text.append_child(&*self.el(
                "p",
                &[("class", "signal"), ("role", "note")],
                Some(&t.privacy_signal),
            )?)?;
        }
        let buttons = self.el("div", &[("class", "buttons")], None)?;
        if !privacy_signal {
            buttons.append_child(&*self.button("accept-all", &t.accept_all)?)?;
        }
        buttons.append_child(&*self.button("reject-all", &t.reject_all)?)?;
        buttons.append_child(&*self.button("preferences", &t.preferences)?)?;
        card.append_child(&text)?;
        card.append_child(&buttons)?;
        banner.append_child(&card)?;
        Ok(banner)
    }

    fn dialog(&self, t: &Texts) -> Result<(HtmlDialogElement, Element), Error> {
        let dialog = self.el(
            "dialog",
            &[
                ("aria-labelledby", "icc-dialog-title"),
                ("aria-describedby", "icc-dialog-body"),
                ("lang", self.lang.code()),
                // Opening focuses the dialog itself, so a screen reader reads
                // its title and description first; Tab then reaches the controls.
                ("autofocus", ""),
            ],
            None,
        )?;
        let head = self.el("div", &[("class", "head")], None)?;
        head.append_child(&*self.el(
            "h2",
            &[("id", "icc-dialog-title")],
            Some(&t.dialog_title),
        )?)?;
        let close = self.el(
            "button",
            &[
                ("type", "button"),
                ("class", "close"),
                ("data-action", "close"),
                ("aria-label", &t.close),
            ],
            Some("×"),
        )?;
        head.append_child(&close)?;
        dialog.append_child(&head)?;
        dialog.append_child(&*self.el(
            "p",
            &[("id", "icc-dialog-body"), ("class", "intro")],
            Some(&t.dialog_body),
        )?)?;

        let list = self.el("ul", &[], None)?;
        let rows = [
            (Category::Necessary, &t.necessary_title, &t.necessary_body),
            (
                Category::Preferences,
                &t.preferences_title,
                &t.preferences_body,
            ),
            (Category::Analytics, &t.analytics_title, &t.analytics_body),
        ];
        for (category, title, body) in rows {
            list.append_child(&*self.category(category, title, body, &t.always_on)?)?;
        }
        dialog.append_child(&list)?;

        let signal = self.el(
            "p",
            &[("class", "signal"), ("role", "note"), ("hidden", "")],
            Some(&t.privacy_signal),
        )?;
        dialog.append_child(&signal)?;
        let buttons = self.el("div", &[("class", "buttons")], None)?;
        buttons.append_child(&*self.button("save", &t.save)?)?;
        buttons.append_child(&*self.button("accept-all", &t.accept_all)?)?;
        buttons.append_child(&*self.button("reject-all", &t.reject_all)?)?;
        dialog.append_child(&buttons)?;
        Ok((dialog.unchecked_into(), signal))
    }

    /// One category: its name as the switch's label, its description, and
    /// "Always on" for `necessary`, whose switch cannot be changed.
    fn category(
        &self,
        category: Category,
        title: &str,
        body: &str,
        always_on: &str,
    ) -> Result<Element, Error> {
        let name = category.name();
        let id = ["icc-", name].concat();
        let described = ["icc-", name, "-body"].concat();
        let item = self.el("li", &[], None)?;
        let row = self.el("div", &[("class", "row")], None)?;
        row.append_child(&*self.el("label", &[("for", &id)], Some(title))?)?;
        let necessary = category == Category::Necessary;
        if necessary {
            row.append_child(&*self.el("span", &[("class", "always")], Some(always_on))?)?;
        }
        let switch = self.el(
            "input",
            &[
                ("type", "checkbox"),
                ("role", "switch"),
                ("id", &id),
                ("name", name),
                ("aria-describedby", &described),
            ],
            None,
        )?;
        if necessary {
            switch.set_attribute("checked", "")?;
            switch.set_attribute("disabled", "")?;
        }
        row.append_child(&switch)?;
        item.append_child(&row)?;
        item.append_child(&*self.el("p", &[("id", &described)], Some(body))?)?;
        Ok(item)
    }
}

/// The profile's privacy-policy link if it is safe, else the icta.az one,
/// with an error on the console.
fn policy_link(profile: &Profile) -> &str {
    if is_safe_link(&profile.policy_url) {
        &profile.policy_url
    } else {
        web_sys::console::error_1(&JsValue::from_str(Error::UnsafeLink.message()));
        DEFAULT_POLICY_URL
    }
}

/// The privacy-policy link of the compiled-in profile, checked by build.rs.
const DEFAULT_POLICY_URL: &str = "/privacy-policy/";

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

fn set_hidden(element: &Element, hidden: bool) {
    let _ = element.toggle_attribute_with_force("hidden", hidden);
}

/// The element that has focus, looking into our shadow root.
fn focused_element(root: &ShadowRoot) -> Option<HtmlElement> {
    let inner = root.active_element();
    let outer = || root.host().owner_document()?.active_element();
    inner.or_else(outer)?.dyn_into().ok()
}

/// Whether `element` sits inside a hidden part of our shadow root.
fn is_hidden_in(element: &HtmlElement, root: &ShadowRoot) -> bool {
    element.closest("[hidden]").ok().flatten().is_some() && root.contains(Some(element))
}
