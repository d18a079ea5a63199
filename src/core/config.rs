//! A page's run-time overrides of the site profile: the JSON in
//! `<script type="application/json" id="icta-consent-config">`.

use alloc::borrow::Cow;
use alloc::borrow::ToOwned;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::core::json::{self, Member, Value};
use crate::core::{is_safe_link, Lang, Profile, Text};

/// The most days a choice may last: 13 months.
pub const MAX_LIFETIME_DAYS: u32 = 395;

/// Where in a page's config a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    /// The line, from 1; a line ends at a `\n`.
    pub line: usize,
    /// The character on that line, from 1, counted in characters (not bytes).
    pub column: usize,
}

impl Position {
    /// Where byte `offset` of `text` is (the end of the text, past it).
    fn of(text: &str, offset: usize) -> Self {
        let mut at = Self { line: 1, column: 1 };
        for &b in text.as_bytes().iter().take(offset) {
            if b == b'\n' {
                at = Self {
                    line: at.line + 1,
                    column: 1,
                };
            } else if b & 0xc0 != 0x80 {
                // Not a UTF-8 continuation byte: a character starts here.
                at.column += 1;
            }
        }
        at
    }
}

/// Why a page's config was ignored, and where in its text. The defaults are
/// used instead, and nothing is granted because of it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigError {
    /// The text is not JSON: where it stops being JSON.
    NotJson(Position),
    /// The JSON, `texts` or a language in `texts` is not an object with
    /// distinct keys: where that value is, or the key that repeats.
    NotAnObject(Position),
    /// A key the config does not have (a typo, most often): its path, and
    /// where the key's opening quote is.
    UnknownKey(String, Position),
    /// `revision` is not a whole number of 1 or more: where the value is.
    Revision(Position),
    /// `lifetime_days` is not a whole number from 1 to [`MAX_LIFETIME_DAYS`]:
    /// where the value is.
    Lifetime(Position),
    /// `languages` is not a non-empty list of `"az"`, `"en"`, `"ru"`: where the
    /// value is.
    Languages(Position),
    /// `policy_url` or `report_url` is not an `https:`, `http:` or relative
    /// URL: where the value is.
    UnsafeLink(Position),
    /// `reload_on_withdraw` is not `true` or `false`: where the value is.
    Reload(Position),
    /// A text is not a string, or is blank: where the value is.
    Text(Position),
}

impl ConfigError {
    /// Where in the config's text the problem is: the first character of the
    /// key or value at fault, or where the text stops being JSON.
    pub fn position(&self) -> Position {
        match self {
            Self::NotJson(at)
            | Self::NotAnObject(at)
            | Self::UnknownKey(_, at)
            | Self::Revision(at)
            | Self::Lifetime(at)
            | Self::Languages(at)
            | Self::UnsafeLink(at)
            | Self::Reload(at)
            | Self::Text(at) => *at,
        }
    }

    /// What the console says: `config ignored: `, a short fixed phrase, and
    /// `at line L, column C`. Built without the formatting machinery, which
    /// would cost the browser kilobytes.
    pub fn message(&self) -> Cow<'static, str> {
        let mut out = String::from("config ignored: ");
        let (why, at) = match self {
            Self::NotJson(at) => ("not valid JSON", at),
            Self::NotAnObject(at) => ("not a JSON object with distinct keys", at),
            Self::UnknownKey(key, at) => {
                out.push_str("unknown key \"");
                out.push_str(key);
                ("\"", at)
            }
            Self::Revision(at) => ("revision must be a whole number, 1 or more", at),
            Self::Lifetime(at) => ("lifetime_days must be a whole number from 1 to 395", at),
            Self::Languages(at) => (
                "languages must be a non-empty list of \"az\", \"en\", \"ru\"",
                at,
            ),
            Self::UnsafeLink(at) => (
                "policy_url and report_url must be https:, http: or relative URLs",
                at,
            ),
            Self::Reload(at) => ("reload_on_withdraw must be true or false", at),
            Self::Text(at) => ("texts must be strings, not blank", at),
        };
        out.push_str(why);
        out.push_str(" at line ");
        json::push_u64(&mut out, at.line as u64);
        out.push_str(", column ");
        json::push_u64(&mut out, at.column as u64);
        Cow::Owned(out)
    }

    /// This error at `here`.
    fn placed(mut self, here: Position) -> Self {
        match &mut self {
            Self::NotJson(at)
            | Self::NotAnObject(at)
            | Self::UnknownKey(_, at)
            | Self::Revision(at)
            | Self::Lifetime(at)
            | Self::Languages(at)
            | Self::UnsafeLink(at)
            | Self::Reload(at)
            | Self::Text(at) => *at = here,
        }
        self
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
    /// range: see [`ConfigError`], which says where in `text` the problem is.
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
    /// let typo = Profile::icta().with_config("{\n  \"revison\": 2\n}").unwrap_err();
    /// assert_eq!(
    ///     typo.to_string(),
    ///     r#"config ignored: unknown key "revison" at line 2, column 3"#
    /// );
    /// assert_eq!((typo.position().line, typo.position().column), (2, 3));
    /// ```
    pub fn with_config(mut self, text: &str) -> Result<Self, ConfigError> {
        // Where the reading is, as a byte offset: kept up to date as it goes
        // and turned into a line and column only for an error.
        let mut at = 0;
        let applied = match json::parse_at(text, &mut at) {
            Some(root) => self.apply(&root, &mut at),
            None => Err(ConfigError::NotJson(UNPLACED)),
        };
        match applied {
            Ok(()) => Ok(self),
            Err(error) => Err(error.placed(Position::of(text, at))),
        }
    }

    /// Applies the config `root`; on an error, `at` is where its key or value
    /// begins.
    fn apply(&mut self, root: &Value<'_>, at: &mut usize) -> Result<(), ConfigError> {
        for m in object(root, at)? {
            *at = m.value_at;
            let value = &m.value;
            match m.key.as_ref() {
                "revision" => {
                    self.revision = value
                        .as_u32()
                        .filter(|r| *r > 0)
                        .ok_or(ConfigError::Revision(UNPLACED))?;
                }
                "lifetime_days" => {
                    let days = value
                        .as_u32()
                        .filter(|d| (1..=MAX_LIFETIME_DAYS).contains(d));
                    self.lifetime_days = days.ok_or(ConfigError::Lifetime(UNPLACED))?;
                }
                "languages" => {
                    self.languages = languages(value)
                        .ok_or(ConfigError::Languages(UNPLACED))?
                        .into()
                }
                "policy_url" => self.policy_url = link(value)?,
                "report_url" => self.report_url = Some(link(value)?),
                "reload_on_withdraw" => {
                    self.reload_on_withdraw =
                        value.as_bool().ok_or(ConfigError::Reload(UNPLACED))?
                }
                "texts" => self.set_texts(value, at)?,
                other => {
                    *at = m.key_at;
                    return Err(ConfigError::UnknownKey(other.to_owned(), UNPLACED));
                }
            }
        }
        Ok(())
    }

    fn set_texts(&mut self, value: &Value<'_>, at: &mut usize) -> Result<(), ConfigError> {
        for lang in object(value, at)? {
            let unknown = |name: &str| {
                ConfigError::UnknownKey(["texts.", &lang.key, name].concat(), UNPLACED)
            };
            *at = lang.key_at;
            let code = Lang::from_code(&lang.key).ok_or_else(|| unknown(""))?;
            *at = lang.value_at;
            for m in object(&lang.value, at)? {
                *at = m.value_at;
                let text = m
                    .value
                    .as_str()
                    .filter(|t| t.chars().any(|c| !c.is_whitespace()))
                    .ok_or(ConfigError::Text(UNPLACED))?;
                if !self.texts_mut(code).set(&m.key, text) {
                    *at = m.key_at;
                    return Err(unknown(&[".", &m.key].concat()));
                }
            }
        }
        Ok(())
    }
}

/// The position of an error not yet placed (see `ConfigError::placed`).
const UNPLACED: Position = Position { line: 0, column: 0 };

/// The members of `value` if it is an object with distinct keys; `at` is
/// where `value` begins, and becomes where the repeated key is.
fn object<'v, 'a>(value: &'v Value<'a>, at: &mut usize) -> Result<&'v [Member<'a>], ConfigError> {
    value.members().map_err(|repeat| {
        if let Some(key_at) = repeat {
            *at = key_at;
        }
        ConfigError::NotAnObject(UNPLACED)
    })
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
        .ok_or(ConfigError::UnsafeLink(UNPLACED))?;
    Ok(Text::Owned(url.to_owned()))
}
