//! Stored values a visitor's browser may hold, with what each must mean.
//! Shared by the native tests and the browser tests.

/// The moment the fixtures in `fixtures/stored/` are judged at.
pub const NOW: u64 = 1_764_000_000_000;

/// What a stored value must come to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    Valid { analytics: bool },
    Malformed,
    UnknownSchema,
    Tampered,
    RevisionChanged,
    Expired,
}

macro_rules! case {
    ($name:literal, $expect:expr) => {
        (
            $name,
            include_str!(concat!("../fixtures/stored/", $name, ".json")),
            $expect,
        )
    };
}

/// Every fixture: its name, its text, and what it must come to at [`NOW`].
pub const CASES: &[(&str, &str, Expect)] = &[
    case!("valid-custom", Expect::Valid { analytics: false }),
    case!("valid-accept-all", Expect::Valid { analytics: true }),
    case!("valid-reject-all", Expect::Valid { analytics: false }),
    case!("valid-privacy-signal", Expect::Valid { analytics: false }),
    case!("valid-english", Expect::Valid { analytics: false }),
    case!("malformed-empty", Expect::Malformed),
    case!("malformed-null", Expect::Malformed),
    case!("malformed-object", Expect::Malformed),
    case!("malformed-array", Expect::Malformed),
    case!("malformed-number", Expect::Malformed),
    case!("malformed-truncated", Expect::Malformed),
    case!("malformed-analytics-string", Expect::Malformed),
    case!("malformed-analytics-number", Expect::Malformed),
    case!("malformed-extra-field", Expect::Malformed),
    case!("malformed-extra-category", Expect::Malformed),
    case!("malformed-missing-field", Expect::Malformed),
    case!("malformed-unknown-method", Expect::Malformed),
    case!("malformed-unknown-language", Expect::Malformed),
    case!("malformed-negative-time", Expect::Malformed),
    case!("malformed-duplicate-key", Expect::Malformed),
    case!("unknown-schema", Expect::UnknownSchema),
    case!("tampered-necessary-off", Expect::Tampered),
    case!("tampered-accept-all-without-analytics", Expect::Tampered),
    case!("tampered-reject-all-with-analytics", Expect::Tampered),
    case!("tampered-privacy-signal-with-analytics", Expect::Tampered),
    case!("tampered-consent-id", Expect::Tampered),
    case!("tampered-given-after-updated", Expect::Tampered),
    case!("tampered-expires-before-updated", Expect::Tampered),
    case!("tampered-revision-zero", Expect::Tampered),
    case!("tampered-from-the-future", Expect::Tampered),
    case!("revision-changed", Expect::RevisionChanged),
    case!("expired-own-expiry", Expect::Expired),
    case!("expired-profile-lifetime", Expect::Expired),
];

/// The fixtures that are never valid, whatever the clock says: what a browser
/// test, running at today's date, can check as well.
pub fn never_valid() -> impl Iterator<Item = (&'static str, &'static str)> {
    CASES
        .iter()
        .filter(|(name, _, expect)| {
            !matches!(expect, Expect::Valid { .. } | Expect::Expired)
                && !name.ends_with("from-the-future")
        })
        .map(|(name, text, _)| (*name, *text))
}
