//! What the banner does about an assessment, and what a visitor's click means.

use crate::core::json;
use crate::core::{Assessment, Choices, Method};

/// The categories granted now: the record's choices when valid, else only
/// `necessary`.
pub fn granted(assessment: &Assessment) -> Choices {
    match assessment {
        Assessment::Valid(record) => record.choices,
        Assessment::Ask(_) => Choices::NECESSARY_ONLY,
    }
}

/// Whether the visitor must be asked: whenever there is no valid choice.
pub fn show_banner(assessment: &Assessment) -> bool {
    matches!(assessment, Assessment::Ask(_))
}

/// What a visitor (or a page, through the API) can do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// "Accept all".
    AcceptAll,
    /// "Reject all".
    RejectAll,
    /// "Save choices" with these switches.
    Save {
        /// The preferences switch.
        preferences: bool,
        /// The analytics switch.
        analytics: bool,
    },
}

impl Action {
    /// The choices this action grants and how the record names it.
    pub const fn resolve(self) -> (Choices, Method) {
        match self {
            Self::AcceptAll => (Choices::ALL, Method::AcceptAll),
            Self::RejectAll => (Choices::NECESSARY_ONLY, Method::RejectAll),
            Self::Save {
                preferences,
                analytics,
            } => (Choices::custom(preferences, analytics), Method::Custom),
        }
    }

    /// The `save()` of the JavaScript API, from its argument as JSON text:
    /// an object with exactly the keys `preferences` and `analytics`, both
    /// booleans. Anything else is `None`, and nothing is saved.
    ///
    /// ```
    /// use icta_consent::Action;
    /// let save = Action::from_save_json(r#"{"analytics":true,"preferences":false}"#);
    /// assert_eq!(save, Some(Action::Save { preferences: false, analytics: true }));
    /// assert_eq!(Action::from_save_json(r#"{"analytics":"yes","preferences":false}"#), None);
    /// ```
    pub fn from_save_json(text: &str) -> Option<Self> {
        let value = json::parse(text)?;
        let [preferences, analytics] = json::exact(&value, ["preferences", "analytics"])?;
        Some(Self::Save {
            preferences: preferences.as_bool()?,
            analytics: analytics.as_bool()?,
        })
    }
}
