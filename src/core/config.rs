//! A page's run-time overrides of the site profile: the JSON in
//! `<script type="application/json" id="icta-consent-config">`.

use alloc::borrow::Cow;
use alloc::borrow::ToOwned;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::core::json::{self, Value};
use crate::core::{is_safe_link, Lang, Profile, Text};

/// The most days a choice may last: 13 months.
pub const MAX_LIFETIME_DAYS: u32 = 395;

/// Why a page's config was ignored. The defaults are used instead, and
/// nothing is granted because of it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigError {
    /// The text is not JSON.
    NotJson,
    /// The JSON is not one object with distinct keys.
    NotAnObject,
    /// A key the config does not have (a typo, most often); its path.
    UnknownKey(String),
    /// `revision` is not a whole number of 1 or more.
    Revision,
    /// `lifetime_days` is not a whole number from 1 to [`MAX_LIFETIME_DAYS`].
    Lifetime,
    /// `languages` is not a non-empty list of `"az"`, `"en"`, `"ru"`.
    Languages,
    /// `policy_url` or `report_url` is not an `https:`, `http:` or relative URL.
    UnsafeLink,
    /// `reload_on_withdraw` is not `true` or `false`.
    Reload,
    /// A text is not a string, or is blank.
    Text,
}

impl ConfigError {
    /// What the console says, beginning `config ignored: `. Built without the
    /// formatting machinery, which would cost the browser kilobytes.
    pub fn message(&self) -> Cow<'static, str> {
        let why = match self {
            Self::NotJson => "not valid JSON",
            Self::NotAnObject => "not a JSON object with distinct keys",
            Self::UnknownKey(key) => {
                return Cow::Owned(["config ignored: unknown key \"", key, "\""].concat());
            }
            Self::Revision => "revision must be a whole number, 1 or more",
            Self::Lifetime => "lifetime_days must be a whole number from 1 to 395",
            Self::Languages => "languages must be a non-empty list of \"az\", \"en\", \"ru\"",
            Self::UnsafeLink => "policy_url and report_url must be https:, http: or relative URLs",
            Self::Reload => "reload_on_withdraw must be true or false",
            Self::Text => "texts must be strings, not blank",
        };
        Cow::Owned(["config ignored: ", why].concat())
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl core::error::Error for ConfigError {}

impl Profile {
    /// This profile with a page's JSON config applied: all of it, or (on any
    /// error) none of it. Every key is optional; an unknown key is an error,
    /// so a typo never passes silently. The storage key and the cookies to
    /// clear are the site's, not a page's, to change.
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
    /// assert_eq!(typo.to_string(), r#"config ignored: unknown key "revison""#);
    /// ```
    pub fn with_config(mut self, text: &str) -> Result<Self, ConfigError> {
        let value = json::parse(text).ok_or(ConfigError::NotJson)?;
        for (key, value) in value.members().ok_or(ConfigError::NotAnObject)? {
            match key.as_ref() {
                "revision" => {
                    self.revision = value
                        .as_u32()
                        .filter(|r| *r > 0)
                        .ok_or(ConfigError::Revision)?;
                }
                "lifetime_days" => {
                    let days = value
                        .as_u32()
                        .filter(|d| (1..=MAX_LIFETIME_DAYS).contains(d));
                    self.lifetime_days = days.ok_or(ConfigError::Lifetime)?;
                }
                "languages" => {
                    self.languages = languages(value).ok_or(ConfigError::Languages)?.into()
                }
                "policy_url" => self.policy_url = link(value)?,
                "report_url" => self.report_url = Some(link(value)?),
                "reload_on_withdraw" => {
                    self.reload_on_withdraw = value.as_bool().ok_or(ConfigError::Reload)?
                }
                "texts" => self.set_texts(value)?,
                other => return Err(ConfigError::UnknownKey(other.to_owned())),
            }
        }
        Ok(self)
    }

    fn set_texts(&mut self, value: &Value<'_>) -> Result<(), ConfigError> {
        for (code, texts) in value.members().ok_or(ConfigError::NotAnObject)? {
            let unknown = |name: &str| ConfigError::UnknownKey(["texts.", code, name].concat());
            let lang = Lang::from_code(code).ok_or_else(|| unknown(""))?;
            for (name, text) in texts.members().ok_or(ConfigError::NotAnObject)? {
                let text = text
                    .as_str()
                    .filter(|t| !t.trim().is_empty())
                    .ok_or(ConfigError::Text)?;
                if !self.texts_mut(lang).set(name, text) {
                    return Err(unknown(&[".", name].concat()));
                }
            }
        }
        Ok(())
    }
}

fn languages(value: &Value<'_>) -> Option<Vec<Lang>> {
    let Value::Array(items) = value else {
        return None;
    };
    let mut languages = Vec::new();
    for item in items {
        languages.push(Lang::from_code(item.as_str()?)?);
    }
    (!languages.is_empty()).then_some(languages)
}

fn link(value: &Value<'_>) -> Result<Text, ConfigError> {
    let url = value
        .as_str()
        .filter(|url| is_safe_link(url))
        .ok_or(ConfigError::UnsafeLink)?;
    Ok(Text::Owned(url.to_owned()))
}
