//! The record of a visitor's choice, as it is kept in localStorage.

use crate::core::json::{self, Value, Writer};
use crate::core::{Choices, Lang, Profile};
use alloc::borrow::ToOwned;
use alloc::string::String;

/// The version of the stored record's shape. A record of another shape is
/// never read as this one: the visitor is asked again.
pub const SCHEMA: u32 = 1;

/// How a choice was given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// The visitor pressed "Accept all".
    AcceptAll,
    /// The visitor pressed "Reject all".
    RejectAll,
    /// The visitor saved a choice per category.
    Custom,
    /// The browser's Global Privacy Control signal, with no click.
    PrivacySignal,
}

impl Method {
    const ALL: [Self; 4] = [
        Self::AcceptAll,
        Self::RejectAll,
        Self::Custom,
        Self::PrivacySignal,
    ];

    /// The name stored in the record: `accept-all`, `reject-all`, `custom`,
    /// `privacy-signal`.
    pub const fn name(self) -> &'static str {
        match self {
            Self::AcceptAll => "accept-all",
            Self::RejectAll => "reject-all",
            Self::Custom => "custom",
            Self::PrivacySignal => "privacy-signal",
        }
    }

    /// The method with exactly this name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.name() == name)
    }
}

/// The stored record's keys, in the order they are written.
const KEYS: [&str; 9] = [
    "schema",
    "revision",
    "consent_id",
    "given_at",
    "updated_at",
    "expires_at",
    "language",
    "method",
    "choices",
];

/// A visitor's choice, with what makes it provable and checkable later.
///
/// Timestamps are milliseconds since the Unix epoch. The record stores its own
/// expiry, since localStorage, unlike a cookie, has none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// The shape version, [`SCHEMA`] for records this build writes.
    pub schema: u32,
    /// The policy revision the choice was made under.
    pub revision: u32,
    /// A random id (UUID v4) naming this visitor's consent, kept across updates.
    pub consent_id: String,
    /// When consent was first given.
    pub given_at: u64,
    /// When the choice last changed.
    pub updated_at: u64,
    /// When the choice stops being valid.
    pub expires_at: u64,
    /// The language the banner was shown in.
    pub language: Lang,
    /// How the choice was given.
    pub method: Method,
    /// The choice per category.
    pub choices: Choices,
}

/// A UUID v4 in its usual text form, made from 16 random bytes.
///
/// The core has no randomness of its own: the browser layer passes bytes from
/// `crypto.getRandomValues`.
///
/// ```
/// let id = icta_consent::consent_id([0xab; 16]);
/// assert_eq!(id, "abababab-abab-4bab-abab-abababababab");
/// ```
pub fn consent_id(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
    let mut id = String::with_capacity(36);
    for (i, byte) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            id.push('-');
        }
        for nibble in [byte >> 4, byte & 0x0f] {
            id.push(char::from_digit(u32::from(nibble), 16).unwrap_or('0'));
        }
    }
    id
}

/// Whether `id` has the shape [`consent_id`] writes.
pub(crate) fn is_consent_id(id: &str) -> bool {
    id.len() == 36
        && id.bytes().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_digit() || (b'a'..=b'f').contains(&b),
        })
}

/// The moment of a choice and what the browser layer supplies for it.
#[derive(Clone, Copy, Debug)]
pub struct Moment {
    /// Now, in milliseconds since the Unix epoch.
    pub now: u64,
    /// Sixteen random bytes, used only when a new consent id is needed.
    pub random: [u8; 16],
    /// The language the banner is shown in.
    pub language: Lang,
}

impl Record {
    /// The record of a choice made at `moment`.
    ///
    /// An update of a still-valid `previous` record keeps its consent id and
    /// first-given time; otherwise the record starts afresh.
    pub fn new(
        choices: Choices,
        method: Method,
        previous: Option<&Record>,
        moment: Moment,
        profile: &Profile,
    ) -> Self {
        let (consent_id, given_at) = match previous {
            Some(p) => (p.consent_id.clone(), p.given_at),
            None => (consent_id(moment.random), moment.now),
        };
        Self {
            schema: SCHEMA,
            revision: profile.revision,
            consent_id,
            given_at,
            updated_at: moment.now,
            expires_at: moment.now.saturating_add(profile.lifetime_ms()),
            language: moment.language,
            method,
            choices,
        }
    }

    /// The record in `text`, if it is JSON of exactly the record's shape:
    /// these nine keys and no other, each of its type, `choices` with exactly
    /// the three categories as booleans.
    pub fn from_json(text: &str) -> Option<Self> {
        Self::from_value(&json::parse(text)?)
    }

    fn from_value(value: &Value<'_>) -> Option<Self> {
        let [schema, revision, id, given, updated, expires, language, method, choices] =
            json::exact(value, KEYS)?;
        let [necessary, preferences, analytics] =
            json::exact(choices, ["necessary", "preferences", "analytics"])?;
        Some(Self {
            schema: schema.as_u32()?,
            revision: revision.as_u32()?,
            consent_id: id.as_str()?.to_owned(),
            given_at: given.as_u64()?,
            updated_at: updated.as_u64()?,
            expires_at: expires.as_u64()?,
            language: Lang::from_code(language.as_str()?)?,
            method: Method::from_name(method.as_str()?)?,
            choices: Choices::from_stored(
                necessary.as_bool()?,
                preferences.as_bool()?,
                analytics.as_bool()?,
            ),
        })
    }

    /// The proof of this choice sent to the profile's `report_url`: consent
    /// id, time, revision, choices, language and method, nothing else.
    pub fn proof_json(&self) -> String {
        let mut w = Writer::default();
        w.open();
        w.key("consent_id").string(&self.consent_id);
        w.key("timestamp").number(self.updated_at);
        w.key("revision").number(self.revision.into());
        w.key("choices");
        self.choices.write(&mut w);
        w.key("language").string(self.language.code());
        w.key("method").string(self.method.name());
        w.close();
        w.finish()
    }

    /// The record as the JSON text kept in localStorage.
    pub fn to_json(&self) -> String {
        let [schema, revision, id, given, updated, expires, language, method, choices] = KEYS;
        let mut w = Writer::default();
        w.open();
        w.key(schema).number(self.schema.into());
        w.key(revision).number(self.revision.into());
        w.key(id).string(&self.consent_id);
        w.key(given).number(self.given_at);
        w.key(updated).number(self.updated_at);
        w.key(expires).number(self.expires_at);
        w.key(language).string(self.language.code());
        w.key(method).string(self.method.name());
        w.key(choices);
        self.choices.write(&mut w);
        w.close();
        w.finish()
    }
}
