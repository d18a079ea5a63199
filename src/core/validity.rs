//! Whether a stored value is a choice the banner may act on.
//!
//! Anything short of a well-formed, untampered record of this schema, made
//! under the current policy revision and not yet expired, means "ask the
//! visitor", and grants nothing beyond `necessary`.

use core::fmt;

use crate::core::record::{is_consent_id, SCHEMA};
use crate::core::{Choices, Method, Profile, Record};

/// A stored value longer than this is not a record this module wrote.
pub const MAX_STORED_LEN: usize = 4096;

/// How far a record's time may lie ahead of the visitor's clock (one day),
/// for clocks that were wrong when the choice was made.
const MAX_CLOCK_SKEW_MS: u64 = 86_400_000;

/// Why the visitor is asked (again).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Reason {
    /// Nothing is stored.
    Missing,
    /// The stored value is not JSON of the record's shape.
    Malformed,
    /// The record is of a schema version this build does not know.
    UnknownSchema,
    /// The record parses but contradicts itself: a forged or edited value.
    Tampered,
    /// The choice was made under another policy revision.
    RevisionChanged,
    /// The choice is older than the profile's lifetime or its own expiry.
    Expired,
    /// The choice was the Global Privacy Control signal's, and the browser
    /// no longer sends it.
    SignalGone,
}

impl Reason {
    /// A short, fixed phrase for the console and the API.
    pub const fn message(self) -> &'static str {
        match self {
            Self::Missing => "no stored choice",
            Self::Malformed => "stored choice is malformed",
            Self::UnknownSchema => "stored choice has an unknown schema version",
            Self::Tampered => "stored choice is inconsistent",
            Self::RevisionChanged => "privacy policy revision changed",
            Self::Expired => "stored choice expired",
            Self::SignalGone => "the privacy signal that answered is no longer sent",
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

/// What the stored value is worth.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Assessment {
    /// A valid choice to act on.
    Valid(Record),
    /// No valid choice: show the banner and grant only `necessary`.
    Ask(Reason),
}

/// What a read of storage found, before any check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stored {
    /// Nothing is stored.
    Missing,
    /// A value that is not JSON of the record's exact shape.
    Malformed,
    /// A value of the record's shape, not yet checked.
    Record(Record),
}

impl Stored {
    /// Parses the stored text (`None` when nothing is stored).
    pub fn parse(text: Option<&str>) -> Self {
        match text {
            None => Self::Missing,
            Some(text) if text.len() > MAX_STORED_LEN => Self::Malformed,
            Some(text) => Record::from_json(text).map_or(Self::Malformed, Self::Record),
        }
    }
}

/// Reads the stored text (`None` when nothing is stored) and checks it.
///
/// ```
/// use icta_consent::{assess, Assessment, Profile, Reason};
/// let profile = Profile::icta();
/// assert_eq!(assess(None, &profile, 0), Assessment::Ask(Reason::Missing));
/// assert_eq!(assess(Some("{}"), &profile, 0), Assessment::Ask(Reason::Malformed));
/// ```
pub fn assess(stored: Option<&str>, profile: &Profile, now: u64) -> Assessment {
    assess_stored(Stored::parse(stored), profile, now)
}

/// Checks what storage held: shape, schema, consistency, revision, expiry.
pub fn assess_stored(stored: Stored, profile: &Profile, now: u64) -> Assessment {
    let record = match stored {
        Stored::Missing => return Assessment::Ask(Reason::Missing),
        Stored::Malformed => return Assessment::Ask(Reason::Malformed),
        Stored::Record(record) => record,
    };
    let reason = if record.schema != SCHEMA {
        Some(Reason::UnknownSchema)
    } else if !is_consistent(&record, now) {
        Some(Reason::Tampered)
    } else if record.revision != profile.revision {
        Some(Reason::RevisionChanged)
    } else if now >= expiry(&record, profile) {
        Some(Reason::Expired)
    } else {
        None
    };
    match reason {
        Some(reason) => Assessment::Ask(reason),
        None => Assessment::Valid(record),
    }
}

/// The earlier of the record's own expiry and its last update plus the
/// profile's lifetime, so shortening the lifetime takes effect at once.
fn expiry(record: &Record, profile: &Profile) -> u64 {
    let by_profile = record.updated_at.saturating_add(profile.lifetime_ms());
    record.expires_at.min(by_profile)
}

fn is_consistent(r: &Record, now: u64) -> bool {
    let c = r.choices;
    let method_fits = match r.method {
        Method::AcceptAll => c == Choices::ALL,
        Method::RejectAll => c == Choices::NECESSARY_ONLY,
        Method::PrivacySignal => !c.grants(crate::core::Category::Analytics),
        Method::Custom => true,
    };
    c.is_well_formed()
        && method_fits
        && is_consent_id(&r.consent_id)
        && r.revision > 0
        && r.given_at <= r.updated_at
        && r.updated_at < r.expires_at
        && r.updated_at <= now.saturating_add(MAX_CLOCK_SKEW_MS)
}
