//! Google Consent Mode v2: the state to report from the visitor's choices.

use serde::Serialize;

use crate::core::{Category, Choices};

/// `"granted"` or `"denied"`, as Consent Mode spells them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Signal {
    /// Storage of this type may be used.
    Granted,
    /// Storage of this type may not be used.
    Denied,
}

impl Signal {
    const fn from(granted: bool) -> Self {
        if granted {
            Self::Granted
        } else {
            Self::Denied
        }
    }
}

/// The seven Consent Mode v2 storage types. Advertising is never granted: the
/// site's policy names no advertising purpose.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[allow(missing_docs)] // the fields are Consent Mode's own names
pub struct ConsentMode {
    pub ad_storage: Signal,
    pub ad_user_data: Signal,
    pub ad_personalization: Signal,
    pub analytics_storage: Signal,
    pub functionality_storage: Signal,
    pub personalization_storage: Signal,
    pub security_storage: Signal,
}

impl ConsentMode {
    /// What is reported before the visitor's choice is known: everything
    /// denied but `security_storage`.
    pub const DEFAULT: Self = Self::from_choices(Choices::NECESSARY_ONLY);

    /// The state for `choices`: analytics to `analytics_storage`, preferences
    /// to `functionality_storage` and `personalization_storage`.
    pub const fn from_choices(choices: Choices) -> Self {
        let preferences = Signal::from(choices.grants(Category::Preferences));
        Self {
            ad_storage: Signal::Denied,
            ad_user_data: Signal::Denied,
            ad_personalization: Signal::Denied,
            analytics_storage: Signal::from(choices.grants(Category::Analytics)),
            functionality_storage: preferences,
            personalization_storage: preferences,
            security_storage: Signal::Granted,
        }
    }
}
