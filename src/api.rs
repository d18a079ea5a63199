//! Every `#[wasm_bindgen]` export, and nothing else: the JavaScript API.

use wasm_bindgen::prelude::*;

use crate::browser::controller::{self, act, clock, feed, read};
use crate::browser::effects::choices_js;
use crate::core::{Action, Category, Input, Machine};

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

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** A consent category, as the privacy policy names them. */
export type Category = "necessary" | "preferences" | "analytics";

/** What the visitor allows. `necessary` is always true. */
export interface Choices {
  necessary: true;
  preferences: boolean;
  analytics: boolean;
}
"#;

/// Starts the module: reads the stored choice, assesses it, and shows the
/// banner if the visitor must be asked. Runs by itself when the module loads,
/// in the next task; a call to the API before then starts it at once.
#[wasm_bindgen(start)]
pub fn start() {
    controller::start_soon();
}

/// Shows the banner again.
#[wasm_bindgen(js_name = showBanner)]
pub fn show_banner() {
    feed(Input::ShowBanner);
}

/// Opens the preferences dialog.
#[wasm_bindgen(js_name = showPreferences)]
pub fn show_preferences() {
    feed(Input::ShowPreferences);
}

/// The visitor's valid choices, or `null` when they have not chosen (or their
/// choice is no longer valid).
#[wasm_bindgen(unchecked_return_type = "Choices | null")]
pub fn choices() -> JsValue {
    choices_js(read(Machine::choices).flatten())
}

/// Whether `category` is granted now.
///
/// # Errors
/// When `category` is not `"necessary"`, `"preferences"` or `"analytics"`.
#[wasm_bindgen]
pub fn accepted(
    #[wasm_bindgen(unchecked_param_type = "Category")] category: &str,
) -> Result<bool, JsError> {
    let category = Category::from_name(category).ok_or(ApiError::UnknownCategory)?;
    Ok(read(|m| m.granted().grants(category)).unwrap_or(category == Category::Necessary))
}

/// Grants every category, as the "Accept all" button does.
#[wasm_bindgen(js_name = acceptAll, unchecked_return_type = "Choices")]
pub fn accept_all() -> JsValue {
    choices_js(Some(act(Action::AcceptAll)))
}

/// Grants only what is necessary, as the "Reject all" button does.
#[wasm_bindgen(js_name = rejectAll, unchecked_return_type = "Choices")]
pub fn reject_all() -> JsValue {
    choices_js(Some(act(Action::RejectAll)))
}

/// What `save(choices)` asks for, if `choices` is an object of exactly the
/// two booleans: the browser writes it as JSON, and the core reads it
/// (`Action::from_save_json`).
fn save_args(value: &JsValue) -> Option<Action> {
    let json = js_sys::JSON::stringify(value).ok()?.as_string()?;
    Action::from_save_json(&json)
}

/// Saves a choice per category: `save({preferences: true, analytics: false})`.
///
/// # Errors
/// When the argument is not an object of exactly those two booleans; nothing
/// is saved then.
#[wasm_bindgen(unchecked_return_type = "Choices")]
pub fn save(
    #[wasm_bindgen(unchecked_param_type = "{ preferences: boolean; analytics: boolean }")] choices: JsValue,
) -> Result<JsValue, JsError> {
    let action = save_args(&choices).ok_or(ApiError::BadChoices)?;
    Ok(choices_js(Some(act(action))))
}

/// Forgets the visitor's choice: they are asked again.
#[wasm_bindgen]
pub fn reset() {
    feed(Input::Reset(clock()));
}

/// Hooks for the browser tests, which start the page with a profile of their
/// own and stop it between tests. Plain Rust, not exported to JavaScript:
/// the shipped module has none of it.
#[doc(hidden)]
#[cfg(feature = "std")]
pub mod testing {
    pub use crate::browser::{CONFIG_ID, HOST_ID};

    use crate::browser::controller;
    use crate::core::{Machine, Profile, Reason};

    /// Starts the page with `profile`, unless it has started.
    pub fn start_with(profile: Profile) {
        controller::start(profile, None, crate::browser::page_config().is_some());
    }

    /// Removes the banner, its listeners and the page's state.
    pub fn stop() {
        controller::stop();
    }

    /// Why the visitor is asked, if they are.
    pub fn reason() -> Option<Reason> {
        controller::read(Machine::reason).flatten()
    }

    /// Whether the choice is kept in localStorage, not only in memory.
    pub fn storage_works() -> bool {
        controller::storage_works()
    }
}
