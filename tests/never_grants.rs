//! Property: no stored string, however broken or forged, grants analytics
//! unless it is a valid record that says yes to analytics, and none panics.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::stored::{CASES, NOW};
use icta_consent::{assess, granted, show_banner, Assessment, Category, Profile};
use proptest::prelude::*;

/// Replaces a run of `text` with `insert`: edits that keep most of a valid
/// record, the forgeries most likely to slip through.
fn splice(text: &str, at: usize, len: usize, insert: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let at = at % (chars.len() + 1);
    let end = (at + len).min(chars.len());
    chars[..at]
        .iter()
        .chain(insert.chars().collect::<Vec<_>>().iter())
        .chain(&chars[end..])
        .collect()
}

fn holds(text: &str) -> Result<(), TestCaseError> {
    let profile = Profile::icta();
    let assessment = assess(Some(text), &profile, NOW);
    let analytics = granted(&assessment).grants(Category::Analytics);
    match &assessment {
        Assessment::Valid(record) => {
            prop_assert!(!show_banner(&assessment));
            prop_assert_eq!(analytics, record.choices.grants(Category::Analytics));
            prop_assert_eq!(record.revision, profile.revision);
            prop_assert!(record.expires_at > NOW);
        }
        Assessment::Ask(_) => {
            prop_assert!(show_banner(&assessment));
            prop_assert!(
                !analytics,
                "a value that asks granted analytics: {:?}",
                text
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_strings_never_panic_or_grant_analytics(text in any::<String>()) {
        holds(&text)?;
    }

    #[test]
    fn json_like_strings_never_panic_or_grant_analytics(text in r#"[{}\[\]":,0-9a-z_ -]{0,300}"#) {
        holds(&text)?;
    }

    #[test]
    fn edited_records_never_grant_analytics_unless_valid(
        case in 0..CASES.len(),
        at in 0usize..400,
        len in 0usize..12,
        insert in r#"(true|false|null|1|0|-1|2|"analytics"|"accept-all"|[,:{}"]|[0-9]{1,14})?"#,
    ) {
        holds(&splice(CASES[case].1, at, len, &insert))?;
    }
}
