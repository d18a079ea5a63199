//! A page's JSON config: what it may change, and what makes it ignored.

use icta_consent::{ConfigError, Lang, Profile};

#[test]
fn an_empty_config_changes_nothing() {
    assert_eq!(Profile::icta().with_config("{}"), Ok(Profile::icta()));
}

#[test]
fn every_documented_key_overrides_the_profile() {
    let json = r#"{
        "revision": 3,
        "lifetime_days": 30,
        "languages": ["en", "az"],
        "policy_url": "https://icta.az/en/privacy",
        "report_url": "/consent-log",
        "reload_on_withdraw": false,
        "texts": {
            "en": {"banner_title": "We use cookies", "accept_all": "Allow all"},
            "az": {"reject_all": "İmtina et"}
        }
    }"#;
    let p = Profile::icta().with_config(json).expect("valid config");
    assert_eq!(p.revision, 3);
    assert_eq!(p.lifetime_days, 30);
    assert_eq!(&*p.languages, &[Lang::En, Lang::Az]);
    assert_eq!(p.policy_url, "https://icta.az/en/privacy");
    assert_eq!(p.report_url.as_deref(), Some("/consent-log"));
    assert!(!p.reload_on_withdraw);
    assert_eq!(p.texts(Lang::En).banner_title, "We use cookies");
    assert_eq!(p.texts(Lang::En).accept_all, "Allow all");
    assert_eq!(
        p.texts(Lang::En).reject_all,
        "Reject all",
        "untouched texts stay"
    );
    assert_eq!(p.texts(Lang::Az).reject_all, "İmtina et");
    assert_eq!(
        p.storage_key, "icta-consent",
        "the storage key is not the page's to change"
    );
}

#[test]
fn a_broken_config_is_ignored_whole_with_a_message_naming_the_problem() {
    let table: &[(&str, &str)] = &[
        (
            "",
            "config ignored: EOF while parsing a value at line 1 column 0",
        ),
        (
            "{",
            "config ignored: EOF while parsing an object at line 1 column 1",
        ),
        (
            "42",
            "config ignored: invalid type: integer `42`, expected struct Overrides",
        ),
        (
            r#"{"revison": 2}"#,
            "config ignored: unknown field `revison`",
        ),
        (
            r#"{"revision": "2"}"#,
            "config ignored: invalid type: string \"2\", expected u32",
        ),
        (
            r#"{"languages": ["de"]}"#,
            "config ignored: unknown variant `de`, expected one of `az`, `en`, `ru`",
        ),
        (
            r#"{"texts": {"en": {"title": "x"}}}"#,
            "config ignored: unknown field `title`",
        ),
        (
            r#"{"storage_key": "x"}"#,
            "config ignored: unknown field `storage_key`",
        ),
        (
            r#"{"revision": 0}"#,
            "config ignored: revision must be 1 or more",
        ),
        (
            r#"{"lifetime_days": 0}"#,
            "config ignored: lifetime_days must be between 1 and 395",
        ),
        (
            r#"{"lifetime_days": 396}"#,
            "config ignored: lifetime_days must be between 1 and 395",
        ),
        (
            r#"{"languages": []}"#,
            "config ignored: languages must name at least one of az, en, ru",
        ),
        (
            r#"{"policy_url": "javascript:alert(1)"}"#,
            "config ignored: policy_url and report_url must be https:, http: or relative URLs",
        ),
        (
            r#"{"report_url": "data:,x"}"#,
            "config ignored: policy_url and report_url must be https:, http: or relative URLs",
        ),
        (
            r#"{"texts": {"az": {"save": "  "}}}"#,
            "config ignored: texts must not be blank",
        ),
    ];
    for (json, message) in table {
        let error = Profile::icta().with_config(json).expect_err(json);
        assert!(
            error.to_string().starts_with(message),
            "{json}: got {error}"
        );
    }
}

#[test]
fn a_malformed_config_says_so_in_its_variant() {
    let error = Profile::icta()
        .with_config("nonsense")
        .expect_err("not JSON");
    assert!(matches!(error, ConfigError::Malformed(_)));
    assert_eq!(
        Profile::icta().with_config(r#"{"revision":0}"#),
        Err(ConfigError::Revision)
    );
}

#[test]
fn texts_from_a_config_are_kept_verbatim_markup_and_all() {
    let p = Profile::icta()
        .with_config(r#"{"texts": {"az": {"banner_title": "<img src=x onerror=alert(1)>"}}}"#)
        .expect("a text may hold any characters");
    assert_eq!(
        p.texts(Lang::Az).banner_title,
        "<img src=x onerror=alert(1)>"
    );
}
