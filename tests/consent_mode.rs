//! Google Consent Mode v2 from the visitor's choices.

use icta_consent::{Choices, ConsentMode, Signal};

fn json(mode: ConsentMode) -> String {
    mode.to_json()
}

#[test]
fn the_default_denies_everything_but_security() {
    assert_eq!(
        json(ConsentMode::DEFAULT),
        r#"{"ad_storage":"denied","ad_user_data":"denied","ad_personalization":"denied","analytics_storage":"denied","functionality_storage":"denied","personalization_storage":"denied","security_storage":"granted"}"#
    );
}

#[test]
fn analytics_grants_analytics_storage_and_never_advertising() {
    let mode = ConsentMode::from_choices(Choices::custom(false, true));
    assert_eq!(mode.analytics_storage, Signal::Granted);
    assert_eq!(mode.functionality_storage, Signal::Denied);
    assert_eq!(mode.personalization_storage, Signal::Denied);
    for ad in [mode.ad_storage, mode.ad_user_data, mode.ad_personalization] {
        assert_eq!(ad, Signal::Denied);
    }
}

#[test]
fn preferences_grant_functionality_and_personalization_storage() {
    let mode = ConsentMode::from_choices(Choices::custom(true, false));
    assert_eq!(mode.functionality_storage, Signal::Granted);
    assert_eq!(mode.personalization_storage, Signal::Granted);
    assert_eq!(mode.analytics_storage, Signal::Denied);
}

#[test]
fn accept_all_still_denies_advertising() {
    let mode = ConsentMode::from_choices(Choices::ALL);
    assert_eq!(
        json(mode),
        r#"{"ad_storage":"denied","ad_user_data":"denied","ad_personalization":"denied","analytics_storage":"granted","functionality_storage":"granted","personalization_storage":"granted","security_storage":"granted"}"#
    );
}
