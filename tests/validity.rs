//! Which stored values the banner may act on: every fixture, judged at one moment.

mod common;

use common::stored::{Expect, CASES, NOW};
use icta_consent::{
    assess, granted, show_banner, Assessment, Category, Profile, Reason, MAX_STORED_LEN,
};

fn expectation(assessment: &Assessment) -> Expect {
    match assessment {
        Assessment::Valid(record) => Expect::Valid {
            analytics: record.choices.grants(Category::Analytics),
        },
        Assessment::Ask(Reason::Malformed) => Expect::Malformed,
        Assessment::Ask(Reason::UnknownSchema) => Expect::UnknownSchema,
        Assessment::Ask(Reason::Tampered) => Expect::Tampered,
        Assessment::Ask(Reason::RevisionChanged) => Expect::RevisionChanged,
        Assessment::Ask(Reason::Expired) => Expect::Expired,
        Assessment::Ask(other) => panic!("a stored value cannot be {other:?}"),
    }
}

#[test]
fn every_stored_fixture_comes_to_what_its_name_says() {
    let profile = Profile::icta();
    let mut wrong = Vec::new();
    for (name, text, expected) in CASES {
        let got = expectation(&assess(Some(text), &profile, NOW));
        if got != *expected {
            wrong.push(format!("{name}: expected {expected:?}, got {got:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn only_a_valid_choice_hides_the_banner_and_only_its_own_yes_grants_analytics() {
    let profile = Profile::icta();
    for (name, text, expected) in CASES {
        let assessment = assess(Some(text), &profile, NOW);
        let valid = matches!(expected, Expect::Valid { .. });
        assert_eq!(show_banner(&assessment), !valid, "{name}: banner");
        let analytics = matches!(expected, Expect::Valid { analytics: true });
        assert_eq!(
            granted(&assessment).grants(Category::Analytics),
            analytics,
            "{name}: analytics"
        );
        assert!(
            granted(&assessment).grants(Category::Necessary),
            "{name}: necessary"
        );
    }
}

#[test]
fn nothing_stored_asks_the_visitor() {
    let assessment = assess(None, &Profile::icta(), NOW);
    assert_eq!(assessment, Assessment::Ask(Reason::Missing));
}

#[test]
fn a_revision_bump_asks_again_a_visitor_who_accepted_all() {
    let mut profile = Profile::icta();
    let accepted = CASES
        .iter()
        .find(|c| c.0 == "valid-accept-all")
        .expect("fixture")
        .1;
    assert!(!show_banner(&assess(Some(accepted), &profile, NOW)));
    profile.revision += 1;
    assert_eq!(
        assess(Some(accepted), &profile, NOW),
        Assessment::Ask(Reason::RevisionChanged)
    );
}

#[test]
fn a_choice_expires_at_its_own_expiry_and_not_a_millisecond_before() {
    let profile = Profile::icta();
    let text = CASES
        .iter()
        .find(|c| c.0 == "valid-accept-all")
        .expect("fixture")
        .1;
    let Assessment::Valid(record) = assess(Some(text), &profile, NOW) else {
        panic!("fixture is valid")
    };
    assert!(matches!(
        assess(Some(text), &profile, record.expires_at - 1),
        Assessment::Valid(_)
    ));
    assert_eq!(
        assess(Some(text), &profile, record.expires_at),
        Assessment::Ask(Reason::Expired)
    );
}

#[test]
fn shortening_the_lifetime_expires_older_choices_at_once() {
    let mut profile = Profile::icta();
    let text = CASES
        .iter()
        .find(|c| c.0 == "valid-custom")
        .expect("fixture")
        .1;
    profile.lifetime_days = 1; // the fixture was updated a day before NOW
    assert_eq!(
        assess(Some(text), &profile, NOW),
        Assessment::Ask(Reason::Expired)
    );
}

#[test]
fn a_stored_value_longer_than_the_limit_is_malformed_even_if_it_parses() {
    let text = CASES
        .iter()
        .find(|c| c.0 == "valid-accept-all")
        .expect("fixture")
        .1;
    let padded = format!("{text}{}", " ".repeat(MAX_STORED_LEN));
    assert_eq!(
        assess(Some(&padded), &Profile::icta(), NOW),
        Assessment::Ask(Reason::Malformed)
    );
}

#[test]
fn a_megabyte_of_garbage_is_malformed() {
    let garbage = "{\"schema\":1,".repeat(100_000);
    assert_eq!(
        assess(Some(&garbage), &Profile::icta(), NOW),
        Assessment::Ask(Reason::Malformed)
    );
}

#[test]
fn every_reason_has_a_fixed_message() {
    let messages = [
        (Reason::Missing, "no stored choice"),
        (Reason::Malformed, "stored choice is malformed"),
        (
            Reason::UnknownSchema,
            "stored choice has an unknown schema version",
        ),
        (Reason::Tampered, "stored choice is inconsistent"),
        (Reason::RevisionChanged, "privacy policy revision changed"),
        (Reason::Expired, "stored choice expired"),
    ];
    for (reason, message) in messages {
        assert_eq!(reason.to_string(), message);
    }
}
