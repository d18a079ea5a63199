//! The stored-record reader on any bytes: it never panics, it reads exactly
//! the records serde_json reads, and it grants analytics only when the text is
//! a record that the rules, written out again below from the README, call
//! valid at `now` and that says yes to analytics.
//!
//! The input is the stored text, then optionally a NUL byte and eight bytes of
//! `now` (little-endian). Without them `now` is the moment the fixtures in
//! `tests/fixtures/stored/` are judged at, so they seed it as they are. A NUL
//! is never part of a valid record, so the split hides none.
#![no_main]

use icta_consent::{
    assess, granted, show_banner, Assessment, Category, Profile, Record, Stored, MAX_STORED_LEN,
};
use libfuzzer_sys::fuzz_target;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

/// `NOW` of `tests/common/stored.rs`.
const FIXTURES_NOW: u64 = 1_764_000_000_000;
const DAY_MS: u64 = 86_400_000;

fuzz_target!(|data: &[u8]| {
    let (text, now) = split(data);
    // localStorage holds JavaScript strings, which reach Rust as UTF-8.
    let text = String::from_utf8_lossy(text);
    let profile = Profile::icta();

    let assessment = assess(Some(&text), &profile, now);
    let grant = granted(&assessment);
    let valid = matches!(assessment, Assessment::Valid(_));
    assert!(grant.grants(Category::Necessary));
    assert_eq!(show_banner(&assessment), !valid, "{text:?}");

    // Analytics only for a record, valid at `now`, that says yes.
    let theirs = oracle(&text);
    if grant.grants(Category::Analytics) {
        let Some(o) = &theirs else {
            panic!("analytics granted for a text that is no record: {text:?}");
        };
        let yes = o.valid_at(&profile, now) && o.choices[2];
        assert!(yes, "analytics granted at {now}: {text:?}\n{o:?}");
    }

    // The shape: our reader takes exactly the texts the oracle takes, and
    // reads them the same.
    let ours = match Stored::parse(Some(&text)) {
        Stored::Record(record) => Some(record),
        Stored::Malformed => None,
        Stored::Missing => panic!("a text is never missing"),
    };
    match (&ours, &theirs) {
        (Some(r), Some(o)) => {
            assert!(o.is(r), "read differently: {text:?}\n{r:?}\n{o:?}");
            let again = Record::from_json(&r.to_json());
            assert_eq!(again.as_ref(), Some(r), "written and read again");
        }
        (Some(r), None) => panic!("took a text the oracle refuses: {text:?}\n{r:?}"),
        (None, Some(o)) => panic!("refused a record the oracle takes: {text:?}\n{o:?}"),
        (None, None) => {}
    }

    // The rules: valid exactly when the oracle says so, and then granting
    // analytics as the record says.
    let expected = theirs.as_ref().is_some_and(|o| o.valid_at(&profile, now));
    assert_eq!(valid, expected, "validity at {now}: {text:?}");
    if let Assessment::Valid(record) = &assessment {
        let says = record.choices.grants(Category::Analytics);
        assert_eq!(grant.grants(Category::Analytics), says, "{text:?}");
    }
});

/// The text, and `now`: the input's last eight bytes when a NUL byte comes
/// just before them.
fn split(data: &[u8]) -> (&[u8], u64) {
    match data.len().checked_sub(9).map(|nul| data.split_at(nul)) {
        Some((text, [0, now @ ..])) => {
            let now = now.try_into().expect("eight bytes");
            (text, u64::from_le_bytes(now))
        }
        _ => (data, FIXTURES_NOW),
    }
}

/// A record as the oracle reads it: serde_json for the JSON, the checks of
/// the record's shape written out again.
#[derive(Debug)]
struct Oracle {
    schema: u32,
    revision: u32,
    consent_id: String,
    given_at: u64,
    updated_at: u64,
    expires_at: u64,
    language: String,
    method: String,
    /// necessary, preferences, analytics.
    choices: [bool; 3],
}

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

/// The record in `text`: at most `MAX_STORED_LEN` bytes of one JSON object
/// with exactly the nine keys, once each, whole non-negative numbers written
/// as digits, a known language and method, and `choices` an object of exactly
/// the three categories as booleans.
fn oracle(text: &str) -> Option<Oracle> {
    if text.len() > MAX_STORED_LEN {
        return None;
    }
    let root = object(text)?;
    let [schema, revision, id, given, updated, expires, language, method, choices] =
        exactly(&root, KEYS)?;
    let choices = object(choices)?;
    let choices = exactly(&choices, ["necessary", "preferences", "analytics"])?;
    let language = string(language)?;
    let method = string(method)?;
    let known_language = matches!(language.as_str(), "az" | "en" | "ru");
    let known_method = matches!(
        method.as_str(),
        "accept-all" | "reject-all" | "custom" | "privacy-signal"
    );
    (known_language && known_method).then_some(())?;
    Some(Oracle {
        schema: u32::try_from(whole(schema)?).ok()?,
        revision: u32::try_from(whole(revision)?).ok()?,
        consent_id: string(id)?,
        given_at: whole(given)?,
        updated_at: whole(updated)?,
        expires_at: whole(expires)?,
        language,
        method,
        choices: [
            boolean(choices[0])?,
            boolean(choices[1])?,
            boolean(choices[2])?,
        ],
    })
}

impl Oracle {
    /// Whether our reader read the same record.
    fn is(&self, r: &Record) -> bool {
        let c = r.choices;
        self.schema == r.schema
            && self.revision == r.revision
            && self.consent_id == r.consent_id
            && self.given_at == r.given_at
            && self.updated_at == r.updated_at
            && self.expires_at == r.expires_at
            && self.language == r.language.code()
            && self.method == r.method.name()
            && self.choices
                == [
                    c.grants(Category::Necessary),
                    c.grants(Category::Preferences),
                    c.grants(Category::Analytics),
                ]
    }

    /// The README's validity rules: schema 1, necessary on, the method fits
    /// the choices, a consent id of the UUID's shape, the profile's revision,
    /// timestamps in order and at most a day ahead of `now`, and `now` before
    /// both the record's own expiry and its last update plus the lifetime.
    fn valid_at(&self, profile: &Profile, now: u64) -> bool {
        let [necessary, preferences, analytics] = self.choices;
        let method_fits = match self.method.as_str() {
            "accept-all" => preferences && analytics,
            "reject-all" => !preferences && !analytics,
            "privacy-signal" => !analytics,
            _ => true,
        };
        let lifetime = u64::from(profile.lifetime_days) * DAY_MS;
        let expiry = self
            .expires_at
            .min(self.updated_at.saturating_add(lifetime));
        self.schema == 1
            && necessary
            && method_fits
            && is_uuid_shaped(&self.consent_id)
            && self.revision == profile.revision
            && self.given_at <= self.updated_at
            && self.updated_at < self.expires_at
            && self.updated_at <= now.saturating_add(DAY_MS)
            && now < expiry
    }
}

/// Eight, four, four, four and twelve lowercase hex digits, with hyphens.
fn is_uuid_shaped(id: &str) -> bool {
    let groups: Vec<&str> = id.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups
            .iter()
            .all(|g| g.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
}

/// The value of each of `keys` (distinct), if the members are exactly those.
fn exactly<'m, const N: usize>(
    members: &'m [(String, Box<RawValue>)],
    keys: [&str; N],
) -> Option<[&'m str; N]> {
    if members.len() != N {
        return None;
    }
    let mut found = [""; N];
    for (slot, key) in found.iter_mut().zip(keys) {
        let mut matching = members.iter().filter(|(k, _)| k == key);
        *slot = matching.next()?.1.get();
        matching.next().is_none().then_some(())?;
    }
    Some(found)
}

fn whole(raw: &str) -> Option<u64> {
    let raw = raw.trim();
    let digits = !raw.is_empty() && raw.bytes().all(|b| b.is_ascii_digit());
    digits.then(|| raw.parse().ok())?
}

fn string(raw: &str) -> Option<String> {
    serde_json::from_str(raw).ok()
}

fn boolean(raw: &str) -> Option<bool> {
    serde_json::from_str(raw).ok()
}

/// The members of the JSON object `text`, in order, repeated keys and all
/// (serde_json's own map keeps only the last of them).
fn object(text: &str) -> Option<Vec<(String, Box<RawValue>)>> {
    serde_json::from_str::<Members>(text).ok().map(|m| m.0)
}

struct Members(Vec<(String, Box<RawValue>)>);

impl<'de> Deserialize<'de> for Members {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Each;
        impl<'de> Visitor<'de> for Each {
            type Value = Members;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Members, A::Error> {
                let mut members = Vec::new();
                while let Some(member) = map.next_entry()? {
                    members.push(member);
                }
                Ok(Members(members))
            }
        }
        deserializer.deserialize_map(Each)
    }
}
