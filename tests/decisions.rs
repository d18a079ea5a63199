//! What each assessment and each click means for the visitor.

use icta_consent::{granted, show_banner, Action, Assessment, Category, Choices, Method, Reason};

#[test]
fn every_reason_to_ask_shows_the_banner_and_grants_only_necessary() {
    let reasons = [
        Reason::Missing,
        Reason::Malformed,
        Reason::UnknownSchema,
        Reason::Tampered,
        Reason::RevisionChanged,
        Reason::Expired,
    ];
    for reason in reasons {
        let assessment = Assessment::Ask(reason);
        assert!(show_banner(&assessment), "{reason:?}");
        assert_eq!(granted(&assessment), Choices::NECESSARY_ONLY, "{reason:?}");
    }
}

#[test]
fn each_button_grants_what_it_says() {
    let table = [
        (Action::AcceptAll, [true, true, true], Method::AcceptAll),
        (Action::RejectAll, [true, false, false], Method::RejectAll),
        (
            Action::Save {
                preferences: true,
                analytics: false,
            },
            [true, true, false],
            Method::Custom,
        ),
        (
            Action::Save {
                preferences: false,
                analytics: true,
            },
            [true, false, true],
            Method::Custom,
        ),
    ];
    for (action, expected, expected_method) in table {
        let (choices, method) = action.resolve();
        let got = Category::ALL.map(|c| choices.grants(c));
        assert_eq!(got, expected, "{action:?}");
        assert_eq!(method, expected_method, "{action:?}");
    }
}

#[test]
fn category_names_are_exact_and_round_trip() {
    for category in Category::ALL {
        assert_eq!(Category::from_name(category.name()), Some(category));
    }
    for bad in ["", "Analytics", "analytics ", "marketing", "necessary\0"] {
        assert_eq!(Category::from_name(bad), None, "{bad:?}");
    }
}

#[test]
fn necessary_is_granted_by_every_constructor() {
    for choices in [
        Choices::ALL,
        Choices::NECESSARY_ONLY,
        Choices::custom(false, true),
        Choices::custom(true, false),
    ] {
        assert!(choices.grants(Category::Necessary));
    }
}

#[test]
fn save_takes_exactly_two_booleans_in_any_order() {
    let save = |preferences, analytics| {
        Some(Action::Save {
            preferences,
            analytics,
        })
    };
    assert_eq!(
        Action::from_save_json(r#"{"preferences":true,"analytics":false}"#),
        save(true, false)
    );
    assert_eq!(
        Action::from_save_json(r#"{"analytics":true,"preferences":true}"#),
        save(true, true)
    );
    for bad in [
        "",
        "null",
        "true",
        "[true,false]",
        "{}",
        r#"{"preferences":true}"#,
        r#"{"preferences":true,"analytics":false,"marketing":true}"#,
        r#"{"preferences":true,"analytics":"false"}"#,
        r#"{"preferences":1,"analytics":0}"#,
        r#"{"preferences":true,"preferences":false}"#,
        r#"{"Preferences":true,"analytics":false}"#,
    ] {
        assert_eq!(Action::from_save_json(bad), None, "{bad}");
    }
}
