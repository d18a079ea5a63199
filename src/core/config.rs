//! A page's run-time overrides of the site profile: the JSON in
//! `<script type="application/json" id="icta-consent-config">`.

use std::fmt;

use serde::Deserialize;

use crate::core::{is_safe_link, Lang, Profile, Text, TextsPatch};

/// The most days a choice may last: 13 months.
pub const MAX_LIFETIME_DAYS: u32 = 395;

/// What a page may override. Every key is optional; an unknown key is an
/// error, so a typo never passes silently.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Overrides {
    revision: Option<u32>,
    lifetime_days: Option<u32>,
    languages: Option<Vec<Lang>>,
    policy_url: Option<String>,
    report_url: Option<String>,
    reload_on_withdraw: Option<bool>,
    texts: Option<TextOverrides>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct TextOverrides {
    az: Option<TextsPatch>,
    en: Option<TextsPatch>,
    ru: Option<TextsPatch>,
}

/// Why a page's config was ignored. The defaults are used instead, and
/// nothing is granted because of it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigError {
    /// Not JSON of the config's shape; the parser's words, naming the key.
    Malformed(String),
    /// `revision` is 0.
    Revision,
    /// `lifetime_days` is 0 or more than [`MAX_LIFETIME_DAYS`].
    Lifetime,
    /// `languages` is empty.
    Languages,
    /// `policy_url` or `report_url` is not an `https:`, `http:` or relative URL.
    UnsafeLink,
    /// A text is empty or blank.
    BlankText,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("config ignored: ")?;
        f.write_str(match self {
            Self::Malformed(why) => why,
            Self::Revision => "revision must be 1 or more",
            Self::Lifetime => "lifetime_days must be between 1 and 395",
            Self::Languages => "languages must name at least one of az, en, ru",
            Self::UnsafeLink => "policy_url and report_url must be https:, http: or relative URLs",
            Self::BlankText => "texts must not be blank",
        })
    }
}

impl std::error::Error for ConfigError {}

impl Profile {
    /// This profile with a page's JSON config applied: all of it, or (on any
    /// error) none of it.
    ///
    /// # Errors
    /// When the JSON is malformed, has an unknown key, or sets a value out of
    /// range: see [`ConfigError`].
    ///
    /// # Examples
    /// ```
    /// use icta_consent::{Lang, Profile};
    /// let profile = Profile::icta()
    ///     .with_config(r#"{"revision": 2, "texts": {"en": {"banner_title": "Cookies"}}}"#)
    ///     .unwrap();
    /// assert_eq!(profile.revision, 2);
    /// assert_eq!(profile.texts(Lang::En).banner_title, "Cookies");
    ///
    /// let typo = Profile::icta().with_config(r#"{"revison": 2}"#).unwrap_err();
    /// assert!(typo.to_string().starts_with("config ignored: unknown field `revison`"));
    /// ```
    pub fn with_config(mut self, json: &str) -> Result<Self, ConfigError> {
        let o: Overrides =
            serde_json::from_str(json).map_err(|e| ConfigError::Malformed(e.to_string()))?;
        if o.revision == Some(0) {
            return Err(ConfigError::Revision);
        }
        if o.lifetime_days
            .is_some_and(|d| d == 0 || d > MAX_LIFETIME_DAYS)
        {
            return Err(ConfigError::Lifetime);
        }
        if o.languages.as_ref().is_some_and(Vec::is_empty) {
            return Err(ConfigError::Languages);
        }
        let links = [o.policy_url.as_deref(), o.report_url.as_deref()];
        if links.into_iter().flatten().any(|url| !is_safe_link(url)) {
            return Err(ConfigError::UnsafeLink);
        }
        self.revision = o.revision.unwrap_or(self.revision);
        self.lifetime_days = o.lifetime_days.unwrap_or(self.lifetime_days);
        if let Some(languages) = o.languages {
            self.languages = languages.into();
        }
        if let Some(url) = o.policy_url {
            self.policy_url = Text::Owned(url);
        }
        if let Some(url) = o.report_url {
            self.report_url = Some(Text::Owned(url));
        }
        self.reload_on_withdraw = o.reload_on_withdraw.unwrap_or(self.reload_on_withdraw);
        let texts = o.texts.unwrap_or_default();
        for (lang, patch) in [
            (Lang::Az, texts.az),
            (Lang::En, texts.en),
            (Lang::Ru, texts.ru),
        ] {
            if let Some(patch) = patch {
                self.texts_mut(lang).apply(patch);
            }
        }
        if Lang::ALL.iter().any(|&lang| self.texts(lang).has_blank()) {
            return Err(ConfigError::BlankText);
        }
        Ok(self)
    }
}
