//! The page-config reader on any bytes: it never panics; it calls a text
//! "not valid JSON" exactly when serde_json does (or nests it deeper than
//! its limit of 16); an error's line and column lie within the text and, but
//! for bad JSON, point at the first character of a key or value; and a config
//! it applies leaves a profile with every text non-blank, safe links and
//! values in range, which are those the JSON says.
#![no_main]

use icta_consent::{is_safe_link, ConfigError, Lang, Profile, Texts, MAX_LIFETIME_DAYS};
use libfuzzer_sys::fuzz_target;
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

/// How deeply the crate's JSON reader lets arrays and objects nest.
const MAX_DEPTH: usize = 16;

fuzz_target!(|data: &[u8]| {
    // The config is the text of a <script> element: UTF-8 by the time it
    // reaches Rust.
    let text = String::from_utf8_lossy(data);
    let result = Profile::icta().with_config(&text);

    let json = serde_json::from_str::<Strict>(&text).is_ok() && nesting(&text) <= MAX_DEPTH;
    let not_json = matches!(result, Err(ConfigError::NotJson(_)));
    assert_eq!(not_json, !json, "{text:?}: {result:?}");

    match result {
        Ok(profile) => {
            // Every key of a config that applies is one the config has, so
            // none is serde_json's private token for numbers.
            let value = serde_json::from_str(&text).expect("JSON");
            applied(&profile, &value);
        }
        Err(error) => placed(&text, &error),
    }
});

/// How deeply the JSON text nests: 0 for a number, 1 for `[]`.
fn nesting(text: &str) -> usize {
    let (mut depth, mut max, mut in_string, mut escaped) = (0usize, 0, false, false);
    for b in text.bytes() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
        } else {
            match b {
                b'"' => in_string = true,
                b'[' | b'{' => {
                    depth += 1;
                    max = max.max(depth);
                }
                b']' | b'}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
    }
    max
}

/// Any JSON value, read through: every string decoded (so a lone surrogate
/// is an error), numbers kept as text (`arbitrary_precision`: 1e999 is JSON),
/// repeated keys kept, and no key taken for serde_json's private token for
/// numbers as its own `Value` would.
struct Strict;

impl<'de> Deserialize<'de> for Strict {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Any;
        impl<'de> Visitor<'de> for Any {
            type Value = Strict;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("JSON")
            }
            fn visit_unit<E>(self) -> Result<Strict, E> {
                Ok(Strict)
            }
            fn visit_bool<E>(self, _: bool) -> Result<Strict, E> {
                Ok(Strict)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Strict, E> {
                Ok(Strict)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Strict, E> {
                Ok(Strict)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Strict, E> {
                Ok(Strict)
            }
            fn visit_str<E>(self, _: &str) -> Result<Strict, E> {
                Ok(Strict)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Strict, A::Error> {
                while seq.next_element::<Strict>()?.is_some() {}
                Ok(Strict)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Strict, A::Error> {
                while map.next_entry::<String, Strict>()?.is_some() {}
                Ok(Strict)
            }
        }
        deserializer.deserialize_any(Any)
    }
}

/// An error's position is a character of the text (or just past a line's
/// end, for bad JSON), and its message says it.
fn placed(text: &str, error: &ConfigError) {
    let at = error.position();
    let lines: Vec<&str> = text.split('\n').collect();
    assert!(
        (1..=lines.len()).contains(&at.line),
        "line {} of {}: {text:?}",
        at.line,
        lines.len()
    );
    let line = lines[at.line - 1];
    let columns = line.chars().count() + 1;
    assert!((1..=columns).contains(&at.column), "{at:?}: {text:?}");

    let message = error.to_string();
    let end = format!(" at line {}, column {}", at.line, at.column);
    assert!(message.starts_with("config ignored: "), "{message}");
    assert!(message.ends_with(&end), "{message}");

    if !matches!(error, ConfigError::NotJson(_)) {
        let first = line.chars().nth(at.column - 1);
        let first = first.unwrap_or_else(|| panic!("{error:?} past the line: {text:?}"));
        assert!(
            "\"{[-0123456789tfn".contains(first),
            "{error:?} at {first:?}: {text:?}"
        );
        if let ConfigError::UnknownKey(..) = error {
            assert_eq!(first, '"', "{error:?}: {text:?}");
        }
    }
}

/// A profile made from a config is sound, and is what `json` says.
fn applied(profile: &Profile, json: &Value) {
    let icta = Profile::icta();
    let object = json
        .as_object()
        .expect("a config that applies is an object");

    assert!(!profile.languages.is_empty());
    assert!(profile.revision >= 1);
    assert!((1..=MAX_LIFETIME_DAYS).contains(&profile.lifetime_days));
    assert!(
        is_safe_link(&profile.policy_url),
        "{:?}",
        profile.policy_url
    );
    if let Some(url) = &profile.report_url {
        assert!(is_safe_link(url), "{url:?}");
    }
    assert_eq!(profile.storage_key, icta.storage_key);
    assert_eq!(profile.clear_on_withdraw, icta.clear_on_withdraw);
    for lang in Lang::ALL {
        for (name, text) in fields(profile.texts(lang)) {
            assert!(!text.trim().is_empty(), "{lang:?} {name} is blank");
        }
    }

    let number = |key: &str| object.get(key).map(|v| v.as_u64().expect("a whole number"));
    let string = |key: &str| object.get(key).map(|v| v.as_str().expect("a string"));
    let revision = number("revision").unwrap_or(icta.revision.into());
    assert_eq!(revision, u64::from(profile.revision));
    let lifetime = number("lifetime_days").unwrap_or(icta.lifetime_days.into());
    assert_eq!(lifetime, u64::from(profile.lifetime_days));
    let policy = string("policy_url").unwrap_or(&icta.policy_url);
    assert_eq!(policy, profile.policy_url);
    assert_eq!(string("report_url"), profile.report_url.as_deref());
    let reload = object
        .get("reload_on_withdraw")
        .map(|v| v.as_bool().expect("a boolean"));
    assert_eq!(
        reload.unwrap_or(icta.reload_on_withdraw),
        profile.reload_on_withdraw
    );
    if let Some(said) = object.get("languages") {
        let said: Vec<&str> = said
            .as_array()
            .expect("a list")
            .iter()
            .map(|c| c.as_str().expect("a code"))
            .collect();
        let codes: Vec<&str> = profile.languages.iter().map(|l| l.code()).collect();
        assert_eq!(codes, said);
    }
    let texts = object
        .get("texts")
        .map(|t| t.as_object().expect("an object"));
    for lang in Lang::ALL {
        let said = texts
            .and_then(|t| t.get(lang.code()))
            .map(|t| t.as_object().expect("an object"));
        let defaults = fields(icta.texts(lang));
        for ((name, text), (_, default)) in fields(profile.texts(lang)).into_iter().zip(defaults) {
            let expected = said
                .and_then(|s| s.get(name))
                .map_or(default, |t| t.as_str().expect("a string"));
            assert_eq!(text, expected, "{lang:?} {name}");
        }
    }
}

/// Every text of a language, by name. No `..`: a new field fails to compile
/// here until it is checked too.
fn fields(t: &Texts) -> [(&'static str, &str); 18] {
    let Texts {
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
    } = t;
    [
        ("banner_title", banner_title),
        ("banner_body", banner_body),
        ("policy_link", policy_link),
        ("accept_all", accept_all),
        ("reject_all", reject_all),
        ("preferences", preferences),
        ("save", save),
        ("close", close),
        ("dialog_title", dialog_title),
        ("dialog_body", dialog_body),
        ("always_on", always_on),
        ("necessary_title", necessary_title),
        ("necessary_body", necessary_body),
        ("preferences_title", preferences_title),
        ("preferences_body", preferences_body),
        ("analytics_title", analytics_title),
        ("analytics_body", analytics_body),
        ("privacy_signal", privacy_signal),
    ]
    .map(|(name, text)| (name, text.as_ref()))
}
