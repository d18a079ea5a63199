//! Google Consent Mode v2: the state to report from the visitor's choices.

use crate::core::json::Writer;
use crate::core::{Category, Choices};
use alloc::string::String;

/// `"granted"` or `"denied"`, as Consent Mode spells them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Signal {
    /// Storage of this type may be used.
    Granted,
    /// Storage of this type may not be used.
    Denied,
}

impl Signal {
    /// `"granted"` or `"denied"`.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Granted => "granted",
            Self::Denied => "denied",
        }
    }

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
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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

    /// The state as the JSON object `gtag("consent", …)` takes.
    pub fn to_json(self) -> String {
        let mut w = Writer::default();
        w.open();
        for (key, signal) in [
            ("ad_storage", self.ad_storage),
            ("ad_user_data", self.ad_user_data),
            ("ad_personalization", self.ad_personalization),
            ("analytics_storage", self.analytics_storage),
            ("functionality_storage", self.functionality_storage),
            ("personalization_storage", self.personalization_storage),
            ("security_storage", self.security_storage),
        ] {
            w.key(key).string(signal.name());
        }
        w.close();
        w.finish()
    }
}
