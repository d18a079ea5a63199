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
    /// Where to send proof of each saved choice with `navigator.sendBeacon`;
    /// `None` (the default) sends nothing.
    pub report_url: Option<Text>,
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

/// Declares [`Texts`] and its by-name setter from one list of fields, so a
/// page's config and the struct can never disagree.
macro_rules! texts {
    ($($field:ident),+ $(,)?) => {
        /// What the banner and the preferences dialog say, in one language.
        #[derive(Clone, Debug, PartialEq, Eq)]
        #[allow(missing_docs)] // each field is named for the place it fills
        pub struct Texts {
            $(pub $field: Text,)+
        }

        impl Texts {
            /// Replaces the text called `name`; `false` if there is none.
            pub fn set(&mut self, name: &str, text: &str) -> bool {
                match name {
                    $(stringify!($field) => self.$field = Text::Owned(text.to_owned()),)+
                    _ => return false,
                }
                true
            }

            /// Whether any text is blank.
            pub fn has_blank(&self) -> bool {
                false $(|| self.$field.trim().is_empty())+
            }
        }
    };
}

texts! {
    banner_title,
    banner_body,
    policy_link,
    accept_all,
    reject_all,
    preferences,
    save,
    close,
    dialog_title,
    dialog_body,
    always_on,
    necessary_title,
    necessary_body,
    preferences_title,
    preferences_body,
    analytics_title,
    analytics_body,
    privacy_signal,
}

impl Profile {
    /// The icta.az profile compiled in from `pkg-config/icta.az.toml`.
    ///
    /// ```
    /// let profile = icta_consent::Profile::icta();
    /// assert_eq!(profile.storage_key, "icta-consent");
    /// assert_eq!(profile.lifetime_days, 180);
    /// ```
    #[inline(never)] // one copy of the construction, however many callers
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

    /// The texts for `lang`, to change.
    pub fn texts_mut(&mut self, lang: Lang) -> &mut Texts {
        match lang {
            Lang::Az => &mut self.texts.az,
            Lang::En => &mut self.texts.en,
            Lang::Ru => &mut self.texts.ru,
        }
    }
}
