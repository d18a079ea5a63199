//! Every `#[wasm_bindgen]` export, and nothing else: the JavaScript API.

use std::cell::RefCell;

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use crate::browser::{Backend, Consent};
use crate::core::{Action, Category, Choices, Profile};

thread_local! {
    static CONSENT: RefCell<Option<Consent>> = const { RefCell::new(None) };
}

/// Errors a page's call can get, each a fixed phrase.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
enum ApiError {
    /// `accepted()` was given a name that is not a category.
    UnknownCategory,
    /// `save()` was given something other than two booleans.
    BadChoices,
}

impl From<ApiError> for JsError {
    fn from(error: ApiError) -> Self {
        JsError::new(match error {
            ApiError::UnknownCategory => {
                "icta-consent: unknown category (expected \"necessary\", \"preferences\" or \"analytics\")"
            }
            ApiError::BadChoices => {
                "icta-consent: save() takes {preferences: boolean, analytics: boolean}"
            }
        })
    }
}

/// Runs `f` on the page's consent state, starting it on first use.
fn with<R>(f: impl FnOnce(&mut Consent) -> R) -> R {
    CONSENT.with(|cell| {
        let mut slot = cell.borrow_mut();
        let consent = slot.get_or_insert_with(|| Consent::start(Profile::icta()));
        f(consent)
    })
}

fn to_js<T: Serialize>(value: &T) -> JsValue {
    serde_wasm_bindgen::to_value(value).unwrap_or(JsValue::NULL)
}

/// Starts the module: reads the stored choice and assesses it.
#[wasm_bindgen(start)]
pub fn start() {
    with(|_| ());
}

/// The visitor's valid choices, or `null` when they have not chosen (or their
/// choice is no longer valid).
#[wasm_bindgen]
pub fn choices() -> JsValue {
    with(|c| c.record().map_or(JsValue::NULL, |r| to_js(&r.choices)))
}

/// Whether `category` is granted now.
///
/// # Errors
/// When `category` is not `"necessary"`, `"preferences"` or `"analytics"`.
#[wasm_bindgen]
pub fn accepted(category: &str) -> Result<bool, JsError> {
    let category = Category::from_name(category).ok_or(ApiError::UnknownCategory)?;
    Ok(with(|c| c.granted().grants(category)))
}

/// Grants every category, as the "Accept all" button does.
#[wasm_bindgen(js_name = acceptAll)]
pub fn accept_all() -> JsValue {
    to_js(&with(|c| c.act(Action::AcceptAll)))
}

/// Grants only what is necessary, as the "Reject all" button does.
#[wasm_bindgen(js_name = rejectAll)]
pub fn reject_all() -> JsValue {
    to_js(&with(|c| c.act(Action::RejectAll)))
}

/// What `save()` takes.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SaveArgs {
    preferences: bool,
    analytics: bool,
}

/// Saves a choice per category: `save({preferences: true, analytics: false})`.
///
/// # Errors
/// When the argument is not an object of exactly those two booleans; nothing
/// is saved then.
#[wasm_bindgen]
pub fn save(choices: JsValue) -> Result<JsValue, JsError> {
    let SaveArgs {
        preferences,
        analytics,
    } = serde_wasm_bindgen::from_value(choices).map_err(|_| ApiError::BadChoices)?;
    let granted: Choices = with(|c| {
        c.act(Action::Save {
            preferences,
            analytics,
        })
    });
    Ok(to_js(&granted))
}

/// Forgets the visitor's choice: they are asked again.
#[wasm_bindgen]
pub fn reset() {
    with(Consent::reset);
}

/// What the module decided on this page, for the demo and for debugging.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Status {
    granted: Choices,
    show_banner: bool,
    reason: Option<&'static str>,
    language: &'static str,
    storage: &'static str,
}

/// What the module decided: `{granted, showBanner, reason, language, storage}`.
#[wasm_bindgen]
pub fn status() -> JsValue {
    with(|c| {
        to_js(&Status {
            granted: c.granted(),
            show_banner: c.show_banner(),
            reason: c.reason().map(|r| r.message()),
            language: c.language().code(),
            storage: match c.store().backend() {
                Backend::LocalStorage => "localStorage",
                Backend::Memory => "memory",
            },
        })
    })
}
