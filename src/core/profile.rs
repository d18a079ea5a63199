//! The site profile: revision, lifetime, storage key, languages and texts.
//!
//! The icta.az profile lives in `pkg-config/icta.az.toml`; `build.rs` turns it
//! into Rust at build time, so the browser never parses TOML.

use std::borrow::Cow;

use crate::core::Lang;

/// A text of the profile: borrowed from the compiled-in profile, owned when a
/// page overrides it.
pub type Text = Cow<'static, str>;

/// Milliseconds in a day.
const DAY_MS: u64 = 86_400_000;

/// Everything the banner needs to know about the site it runs on.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Profile {
    /// The privacy-policy revision; a stored choice made under another one is asked again.
    pub revision: u32,
    /// How many days a choice stays valid.
    pub lifetime_days: u32,
    /// The localStorage key that holds the choice.
    pub storage_key: Text,
    /// Offered languages, the default first.
    pub languages: Cow<'static, [Lang]>,
    /// The privacy-policy link: `https:`, `http:` or relative.
    pub policy_url: Text,
    /// Cookie names (a trailing `*` matches any suffix) deleted when analytics is withdrawn.
    pub clear_on_withdraw: Cow<'static, [Text]>,
    /// Whether to reload the page after analytics is withdrawn.
    pub reload_on_withdraw: bool,
    /// The texts, one set per language.
    pub texts: Catalog,
}

/// One set of texts per language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Catalog {
    /// Azerbaijani.
    pub az: Texts,
    /// English.
    pub en: Texts,
    /// Russian.
    pub ru: Texts,
}

/// What the banner and the preferences dialog say, in one language.
#[derive(Clone, Debug, PartialEq, Eq)]
#[allow(missing_docs)] // each field is named for the place it fills
pub struct Texts {
    pub banner_title: Text,
    pub banner_body: Text,
    pub policy_link: Text,
    pub accept_all: Text,
    pub reject_all: Text,
    pub preferences: Text,
    pub save: Text,
    pub close: Text,
    pub dialog_title: Text,
    pub dialog_body: Text,
    pub always_on: Text,
    pub necessary_title: Text,
    pub necessary_body: Text,
    pub preferences_title: Text,
    pub preferences_body: Text,
    pub analytics_title: Text,
    pub analytics_body: Text,
    pub privacy_signal: Text,
}

impl Profile {
    /// The icta.az profile compiled in from `pkg-config/icta.az.toml`.
    ///
    /// ```
    /// let profile = icta_consent::Profile::icta();
    /// assert_eq!(profile.storage_key, "icta-consent");
    /// assert_eq!(profile.lifetime_days, 180);
    /// ```
    pub fn icta() -> Self {
        include!(concat!(env!("OUT_DIR"), "/icta_profile.rs"))
    }

    /// How long a choice stays valid, in milliseconds.
    pub const fn lifetime_ms(&self) -> u64 {
        self.lifetime_days as u64 * DAY_MS
    }

    /// The texts for `lang`.
    pub const fn texts(&self, lang: Lang) -> &Texts {
        match lang {
            Lang::Az => &self.texts.az,
            Lang::En => &self.texts.en,
            Lang::Ru => &self.texts.ru,
        }
    }
}
