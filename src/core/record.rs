//! The record of a visitor's choice, as it is kept in localStorage.

use serde::{Deserialize, Serialize};

use crate::core::{Choices, Lang, Profile};

/// The version of the stored record's shape. A record of another shape is
/// never read as this one: the visitor is asked again.
pub const SCHEMA: u32 = 1;

/// How a choice was given.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
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

/// A visitor's choice, with what makes it provable and checkable later.
///
/// Timestamps are milliseconds since the Unix epoch. The record stores its own
/// expiry, since localStorage, unlike a cookie, has none.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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

    /// The proof of this choice sent to the profile's `report_url`: consent
    /// id, time, revision, choices and language, nothing else.
    pub fn proof_json(&self) -> String {
        #[derive(Serialize)]
        struct Proof<'a> {
            consent_id: &'a str,
            timestamp: u64,
            revision: u32,
            choices: Choices,
            language: Lang,
            method: Method,
        }
        let proof = Proof {
            consent_id: &self.consent_id,
            timestamp: self.updated_at,
            revision: self.revision,
            choices: self.choices,
            language: self.language,
            method: self.method,
        };
        serde_json::to_string(&proof).unwrap_or_default()
    }

    /// The record as the JSON text kept in localStorage.
    pub fn to_json(&self) -> String {
        // A struct of strings, numbers and enums always serializes.
        serde_json::to_string(self).unwrap_or_default()
    }
}
