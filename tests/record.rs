//! The stored record: its exact JSON (golden files), ids, and updates.

mod common;

use common::stored::NOW;
use icta_consent::{
    assess, consent_id, Action, Assessment, Choices, Lang, Method, Moment, Profile, Record, SCHEMA,
};

const DAY: u64 = 86_400_000;

fn moment(now: u64, language: Lang) -> Moment {
    Moment {
        now,
        random: *b"icta.az consent!",
        language,
    }
}

fn golden(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .trim_end()
        .to_owned()
}

#[test]
fn accept_all_is_stored_as_the_golden_json() {
    let (choices, method) = Action::AcceptAll.resolve();
    let record = Record::new(
        choices,
        method,
        None,
        moment(NOW, Lang::Az),
        &Profile::icta(),
    );
    assert_eq!(record.to_json(), golden("record-accept-all.golden.json"));
}

#[test]
fn a_custom_choice_in_russian_is_stored_as_the_golden_json() {
    let (choices, method) = Action::Save {
        preferences: true,
        analytics: false,
    }
    .resolve();
    let record = Record::new(
        choices,
        method,
        None,
        moment(NOW, Lang::Ru),
        &Profile::icta(),
    );
    assert_eq!(record.to_json(), golden("record-custom-ru.golden.json"));
}

#[test]
fn the_golden_json_reads_back_as_the_same_valid_record() {
    let text = golden("record-accept-all.golden.json");
    let Assessment::Valid(record) = assess(Some(&text), &Profile::icta(), NOW + DAY) else {
        panic!("golden record must be valid a day later")
    };
    assert_eq!(record.schema, SCHEMA);
    assert_eq!(record.method, Method::AcceptAll);
    assert_eq!(record.choices, Choices::ALL);
    assert_eq!(record.to_json(), text);
}

#[test]
fn a_new_record_expires_after_the_profile_lifetime() {
    let profile = Profile::icta();
    let record = Record::new(
        Choices::ALL,
        Method::AcceptAll,
        None,
        moment(NOW, Lang::En),
        &profile,
    );
    assert_eq!(record.given_at, NOW);
    assert_eq!(record.updated_at, NOW);
    assert_eq!(record.expires_at, NOW + 180 * DAY);
    assert_eq!(record.revision, profile.revision);
    assert_eq!(record.language, Lang::En);
}

#[test]
fn changing_ones_mind_keeps_the_consent_id_and_first_given_time() {
    let profile = Profile::icta();
    let first = Record::new(
        Choices::ALL,
        Method::AcceptAll,
        None,
        moment(NOW, Lang::Az),
        &profile,
    );
    let mut later_moment = moment(NOW + 3 * DAY, Lang::Az);
    later_moment.random = [0; 16];
    let second = Record::new(
        Choices::NECESSARY_ONLY,
        Method::RejectAll,
        Some(&first),
        later_moment,
        &profile,
    );
    assert_eq!(second.consent_id, first.consent_id);
    assert_eq!(second.given_at, NOW);
    assert_eq!(second.updated_at, NOW + 3 * DAY);
    assert_eq!(second.expires_at, NOW + 183 * DAY);
    assert_eq!(second.choices, Choices::NECESSARY_ONLY);
}

#[test]
fn consent_ids_are_uuid_v4_whatever_the_random_bytes() {
    assert_eq!(consent_id([0; 16]), "00000000-0000-4000-8000-000000000000");
    assert_eq!(
        consent_id([0xff; 16]),
        "ffffffff-ffff-4fff-bfff-ffffffffffff"
    );
    assert_eq!(
        consent_id(*b"icta.az consent!"),
        "69637461-2e61-4a20-a36f-6e73656e7421"
    );
}
