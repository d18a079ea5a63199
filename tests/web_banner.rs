//! In a real browser: what a visitor sees and what each control does.
#![cfg(target_arch = "wasm32")]

mod common;

use common::page::{
    banner_visible, clear_storage, dialog_open, document, find, hosts, icta, root, stored,
};
use icta_consent::api::{self, testing};
use icta_consent::{Lang, Profile};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = "
export function press(el, key) {
  el.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true }));
}
export function click_was_prevented(el) {
  let prevented = null;
  const spy = (e) => { prevented = e.defaultPrevented; };
  window.addEventListener('click', spy);
  el.click();
  window.removeEventListener('click', spy);
  return prevented;
}
export function parse(json) { return JSON.parse(json); }
export function keydown_without_key(el) {
  el.dispatchEvent(new Event('keydown', { bubbles: true, composed: true, cancelable: true }));
}
")]
extern "C" {
    fn press(element: &Element, key: &str);
    fn keydown_without_key(element: &Element);
    fn click_was_prevented(element: &HtmlElement) -> bool;
    fn parse(json: &str) -> JsValue;
}

/// A fresh page: no stored choice, `<html lang>` as given, nothing started.
fn fresh_page(lang: Option<&str>) {
    testing::stop();
    clear_storage();
    let html = document().document_element().expect("<html>");
    match lang {
        Some(lang) => html.set_attribute("lang", lang).expect("lang"),
        None => html.remove_attribute("lang").expect("lang"),
    }
    for stray in document()
        .query_selector_all("[data-test]")
        .expect("query")
        .values()
    {
        stray.expect("node").unchecked_into::<Element>().remove();
    }
}

fn text(selector: &str) -> String {
    find(selector).text_content().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn a_first_visit_shows_the_banner_in_azerbaijani_without_taking_focus() {
    fresh_page(Some("az"));
    common::page::start_with(icta()).await;
    assert!(banner_visible());
    let az = Profile::icta().texts(Lang::Az).clone();
    assert_eq!(text("h2"), az.banner_title);
    assert_eq!(text("[data-action=accept-all]"), az.accept_all);
    assert_eq!(text("[data-action=reject-all]"), az.reject_all);
    assert_eq!(text("[data-action=preferences]"), az.preferences);
    assert_eq!(
        find(".banner").get_attribute("role").as_deref(),
        Some("region")
    );
    assert_eq!(find(".banner").get_attribute("lang").as_deref(), Some("az"));
    let focused = document().active_element().map(|e| e.tag_name());
    assert_eq!(
        focused.as_deref(),
        Some("BODY"),
        "the banner must not steal focus"
    );
}

#[wasm_bindgen_test]
async fn the_page_language_picks_english_or_russian_and_anything_else_azerbaijani() {
    let profile = icta();
    let table = [
        (Some("en-GB"), Lang::En),
        (Some("ru"), Lang::Ru),
        (Some("de"), Lang::Az),
        (None, Lang::Az),
    ];
    for (tag, lang) in table {
        fresh_page(tag);
        common::page::start_with(profile.clone()).await;
        let texts = profile.texts(lang);
        assert_eq!(text("h2"), texts.banner_title, "{tag:?}");
        assert_eq!(text("#icc-dialog-title"), texts.dialog_title, "{tag:?}");
        assert_eq!(text("[data-action=save]"), texts.save, "{tag:?}");
        assert_eq!(
            find("dialog").get_attribute("lang").as_deref(),
            Some(lang.code())
        );
    }
}

#[wasm_bindgen_test]
async fn accept_all_stores_the_choice_and_hides_the_banner() {
    fresh_page(Some("az"));
    common::page::start_with(icta()).await;
    find(".banner [data-action=accept-all]").click();
    assert!(!banner_visible());
    let record = stored().expect("a stored choice");
    assert!(record.contains(r#""method":"accept-all""#), "{record}");
    assert!(record.contains(r#""analytics":true"#), "{record}");
}

#[wasm_bindgen_test]
async fn reject_all_stores_analytics_off_and_hides_the_banner() {
    fresh_page(Some("en"));
    common::page::start_with(icta()).await;
    find(".banner [data-action=reject-all]").click();
    assert!(!banner_visible());
    let record = stored().expect("a stored choice");
    assert!(record.contains(r#""method":"reject-all""#), "{record}");
    assert!(record.contains(r#""analytics":false"#), "{record}");
    assert!(record.contains(r#""language":"en""#), "{record}");
}

#[wasm_bindgen_test]
async fn preferences_opens_the_dialog_with_nothing_pre_ticked_and_save_stores_the_switches() {
    fresh_page(Some("az"));
    common::page::start_with(icta()).await;
    find(".banner [data-action=preferences]").click();
    assert!(dialog_open());
    assert!(!banner_visible(), "the dialog takes the banner's place");
    let switch =
        |name: &str| -> HtmlInputElement { find(&format!("input[name={name}]")).unchecked_into() };
    assert!(switch("necessary").checked() && switch("necessary").disabled());
    assert!(
        !switch("preferences").checked(),
        "preferences must not be pre-ticked"
    );
    assert!(
        !switch("analytics").checked(),
        "analytics must not be pre-ticked"
    );

    switch("analytics").click();
    find("dialog [data-action=save]").click();
    assert!(!dialog_open());
    assert!(!banner_visible());
    let record = stored().expect("a stored choice");
    assert!(record.contains(r#""method":"custom""#), "{record}");
    assert!(
        record.contains(r#""preferences":false,"analytics":true"#),
        "{record}"
    );
}

#[wasm_bindgen_test]
async fn the_dialog_shows_the_visitors_current_choices() {
    fresh_page(Some("az"));
    common::page::start_with(icta()).await;
    api::save(parse(r#"{"preferences": true, "analytics": false}"#)).expect("saved");
    api::show_preferences();
    let checked = |name: &str| {
        find(&format!("input[name={name}]"))
            .unchecked_into::<HtmlInputElement>()
            .checked()
    };
    assert!(checked("preferences"));
    assert!(!checked("analytics"));
}

#[wasm_bindgen_test]
async fn the_dialogs_accept_and_reject_buttons_work_too() {
    for (action, analytics) in [("accept-all", true), ("reject-all", false)] {
        fresh_page(Some("az"));
        common::page::start_with(icta()).await;
        api::show_preferences();
        find(&format!("dialog [data-action={action}]")).click();
        assert!(!dialog_open(), "{action}");
        assert!(!banner_visible(), "{action}");
        let record = stored().expect("a stored choice");
        assert!(
            record.contains(&format!(r#""analytics":{analytics}"#)),
            "{action}: {record}"
        );
    }
}

#[wasm_bindgen_test]
async fn a_cookie_settings_link_opens_the_dialog_and_escape_returns_focus_to_it() {
    fresh_page(Some("az"));
    common::page::start_with(icta()).await;
    find(".banner [data-action=reject-all]").click();

    let link: HtmlElement = document().create_element("a").expect("a").unchecked_into();
    link.set_attribute("href", "#cookie-settings")
        .expect("href");
    link.set_attribute("data-consent-open", "").expect("attr");
    link.set_attribute("data-test", "").expect("attr");
    link.set_text_content(Some("Cookie settings"));
    document()
        .body()
        .expect("body")
        .append_child(&link)
        .expect("append");
    link.focus().expect("focus");

    assert!(click_was_prevented(&link), "the link must not navigate");
    assert!(dialog_open());
    assert!(
        !banner_visible(),
        "the banner stays hidden: only the dialog opens"
    );

    // Page code may dispatch any event: a keydown that is no KeyboardEvent
    // has no key, and is not Escape.
    keydown_without_key(&find("dialog"));
    assert!(dialog_open(), "a keydown without a key closes nothing");
    press(&find("dialog"), "Escape");
    assert!(!dialog_open());
    let focused = document()
        .active_element()
        .and_then(|e| e.get_attribute("data-consent-open"));
    assert_eq!(focused.as_deref(), Some(""), "focus returns to the link");
    assert!(
        stored()
            .expect("choice")
            .contains(r#""method":"reject-all""#),
        "Escape changes nothing"
    );
}

#[wasm_bindgen_test]
async fn the_close_button_closes_the_dialog_without_a_choice() {
    fresh_page(Some("az"));
    common::page::start_with(icta()).await;
    find(".banner [data-action=preferences]").click();
    find("dialog [data-action=close]").click();
    assert!(!dialog_open());
    assert!(banner_visible(), "with no choice made the banner stays");
    assert_eq!(stored(), None);
}

#[wasm_bindgen_test]
async fn a_returning_visitor_gets_no_banner_at_all() {
    fresh_page(Some("az"));
    common::page::start_with(icta()).await;
    find(".banner [data-action=accept-all]").click();
    testing::stop();
    common::page::start_with(icta()).await;
    assert_eq!(hosts(), 0, "nothing is rendered");
    assert!(!banner_visible());
}

#[wasm_bindgen_test]
async fn starting_twice_gives_one_banner() {
    fresh_page(Some("az"));
    common::page::start_with(icta()).await;
    common::page::start_with(icta()).await;
    common::page::start().await;
    assert_eq!(hosts(), 1);
}

#[wasm_bindgen_test]
async fn texts_are_shown_as_text_never_as_html() {
    fresh_page(Some("az"));
    let attack = "<img src=x onerror=alert(1)>";
    let mut profile = icta();
    let az = profile.texts_mut(Lang::Az);
    az.banner_title = attack.into();
    az.policy_link = attack.into();
    az.analytics_title = attack.into();
    common::page::start_with(profile).await;
    assert_eq!(text("h2"), attack);
    assert_eq!(text(".banner a"), attack);
    assert_eq!(text("label[for=icc-analytics]"), attack);
    assert!(
        root().query_selector("img").expect("query").is_none(),
        "no element was injected"
    );
}

#[wasm_bindgen_test]
async fn each_text_lands_in_its_own_place_whatever_characters_it_holds() {
    // The texts reach the markup's builder as one string, each ended by a
    // NUL: a NUL in a text (shown as U+FFFD, as HTML does), characters
    // outside the BMP, the markup's own operation bytes and an empty text
    // must not move the texts after them.
    fresh_page(Some("az"));
    let mut profile = icta();
    let default_analytics = profile.texts(Lang::Az).analytics_title.clone();
    let az = profile.texts_mut(Lang::Az);
    az.banner_title = "🍪 \u{1}\u{5}\u{10} Çərəzlər".into();
    az.banner_body = "".into();
    az.policy_link = "𝒫\0siyasət".into();
    common::page::start_with(profile).await;
    assert_eq!(text("h2"), "🍪 \u{1}\u{5}\u{10} Çərəzlər");
    assert_eq!(text("#icc-body"), " 𝒫\u{fffd}siyasət");
    assert_eq!(text(".banner a"), "𝒫\u{fffd}siyasət");
    assert_eq!(text("label[for=icc-analytics]"), default_analytics);
    assert_eq!(find(".banner").get_attribute("lang").as_deref(), Some("az"));
}

#[wasm_bindgen_test]
async fn an_unsafe_policy_link_is_replaced_by_the_default() {
    for bad in [
        "javascript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,hi",
    ] {
        fresh_page(Some("az"));
        let mut profile = icta();
        profile.policy_url = bad.into();
        common::page::start_with(profile).await;
        assert_eq!(
            find(".banner a").get_attribute("href").as_deref(),
            Some("/privacy-policy/"),
            "{bad:?}"
        );
    }
    fresh_page(Some("az"));
    let mut profile = icta();
    profile.policy_url = "https://icta.az/az/privacy".into();
    common::page::start_with(profile).await;
    assert_eq!(
        find(".banner a").get_attribute("href").as_deref(),
        Some("https://icta.az/az/privacy")
    );
}
