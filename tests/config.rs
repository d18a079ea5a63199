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
fn a_broken_config_is_ignored_whole_with_a_message_naming_the_problem_and_where() {
    let table: &[(&str, &str)] = &[
        ("", "config ignored: not valid JSON at line 1, column 1"),
        ("{", "config ignored: not valid JSON at line 1, column 2"),
        (
            r#"{"revision": 2,}"#,
            "config ignored: not valid JSON at line 1, column 16",
        ),
        (
            r#"{"revision": tru}"#,
            "config ignored: not valid JSON at line 1, column 14",
        ),
        (
            r#"{"revision": 2} x"#,
            "config ignored: not valid JSON at line 1, column 17",
        ),
        (
            r#"{"texts": {"en": {"save": "a\x"}}}"#,
            "config ignored: not valid JSON at line 1, column 30",
        ),
        (
            "42",
            "config ignored: not a JSON object with distinct keys at line 1, column 1",
        ),
        (
            "[]",
            "config ignored: not a JSON object with distinct keys at line 1, column 1",
        ),
        (
            r#"{"revision": 2, "revision": 3}"#,
            "config ignored: not a JSON object with distinct keys at line 1, column 17",
        ),
        (
            r#"{"texts": []}"#,
            "config ignored: not a JSON object with distinct keys at line 1, column 11",
        ),
        (
            r#"{"texts": {"en": 5}}"#,
            "config ignored: not a JSON object with distinct keys at line 1, column 18",
        ),
        (
            r#"{"texts": {"en": {"save": "a", "save": "b"}}}"#,
            "config ignored: not a JSON object with distinct keys at line 1, column 32",
        ),
        (
            r#"{"revison": 2}"#,
            r#"config ignored: unknown key "revison" at line 1, column 2"#,
        ),
        (
            r#"{"storage_key": "x"}"#,
            r#"config ignored: unknown key "storage_key" at line 1, column 2"#,
        ),
        (
            r#"{"texts": {"en": {"title": "x"}}}"#,
            r#"config ignored: unknown key "texts.en.title" at line 1, column 19"#,
        ),
        (
            r#"{"texts": {"de": {}}}"#,
            r#"config ignored: unknown key "texts.de" at line 1, column 12"#,
        ),
        (
            r#"{"revision": "2"}"#,
            "config ignored: revision must be a whole number, 1 or more at line 1, column 14",
        ),
        (
            r#"{"revision": 0}"#,
            "config ignored: revision must be a whole number, 1 or more at line 1, column 14",
        ),
        (
            r#"{"revision": 1.5}"#,
            "config ignored: revision must be a whole number, 1 or more at line 1, column 14",
        ),
        (
            r#"{"revision": -1}"#,
            "config ignored: revision must be a whole number, 1 or more at line 1, column 14",
        ),
        (
            r#"{"lifetime_days": 0}"#,
            "config ignored: lifetime_days must be a whole number from 1 to 395 at line 1, column 19",
        ),
        (
            r#"{"lifetime_days": 396}"#,
            "config ignored: lifetime_days must be a whole number from 1 to 395 at line 1, column 19",
        ),
        (
            r#"{"languages": []}"#,
            r#"config ignored: languages must be a non-empty list of "az", "en", "ru" at line 1, column 15"#,
        ),
        (
            r#"{"languages": ["en", "de"]}"#,
            r#"config ignored: languages must be a non-empty list of "az", "en", "ru" at line 1, column 15"#,
        ),
        (
            r#"{"languages": "az"}"#,
            r#"config ignored: languages must be a non-empty list of "az", "en", "ru" at line 1, column 15"#,
        ),
        (
            r#"{"policy_url": "javascript:alert(1)"}"#,
            "config ignored: policy_url and report_url must be https:, http: or relative URLs at line 1, column 16",
        ),
        (
            r#"{"report_url": "data:,x"}"#,
            "config ignored: policy_url and report_url must be https:, http: or relative URLs at line 1, column 16",
        ),
        (
            r#"{"reload_on_withdraw": "no"}"#,
            "config ignored: reload_on_withdraw must be true or false at line 1, column 24",
        ),
        (
            r#"{"texts": {"az": {"save": "  "}}}"#,
            "config ignored: texts must be strings, not blank at line 1, column 27",
        ),
        (
            // A no-break space and an ideographic space are blank too.
            "{\"texts\": {\"az\": {\"save\": \"\u{a0}\u{3000}\"}}}",
            "config ignored: texts must be strings, not blank at line 1, column 27",
        ),
        (
            r#"{"texts": {"az": {"save": 1}}}"#,
            "config ignored: texts must be strings, not blank at line 1, column 27",
        ),
    ];
    for (json, message) in table {
        let error = Profile::icta().with_config(json).expect_err(json);
        assert_eq!(error.to_string(), *message, "{json}");
        assert_eq!(error.message(), *message, "{json}");
    }
}

#[test]
fn a_position_counts_lines_and_characters_not_bytes() {
    let table: &[(&str, &str)] = &[
        (
            "{\n  \"revision\": 2,\n  \"lifetime_days\": 400\n}",
            "config ignored: lifetime_days must be a whole number from 1 to 395 at line 3, column 20",
        ),
        (
            "{\r\n\"revison\": 1}",
            r#"config ignored: unknown key "revison" at line 2, column 1"#,
        ),
        (
            "  \n 42",
            "config ignored: not a JSON object with distinct keys at line 2, column 2",
        ),
        (
            // Ç, ə (twice): three characters of two bytes each before the value.
            r#"{"texts": {"az": {"banner_title": "Çərəz", "save": " "}}}"#,
            "config ignored: texts must be strings, not blank at line 1, column 52",
        ),
        (
            r#"{"texts": {"az": {"save": "İmtina"}}"#,
            "config ignored: not valid JSON at line 1, column 37",
        ),
    ];
    for (json, message) in table {
        let error = Profile::icta().with_config(json).expect_err(json);
        assert_eq!(error.to_string(), *message, "{json:?}");
    }
}

#[test]
fn errors_say_which_kind_they_are_and_where() {
    let at = |error: &ConfigError| (error.position().line, error.position().column);
    let error = Profile::icta().with_config("nonsense").unwrap_err();
    assert!(matches!(error, ConfigError::NotJson(_)), "{error:?}");
    assert_eq!(at(&error), (1, 1));
    let error = Profile::icta()
        .with_config(r#"{"revision":0}"#)
        .unwrap_err();
    assert!(matches!(error, ConfigError::Revision(_)), "{error:?}");
    assert_eq!(at(&error), (1, 13));
    let error = Profile::icta().with_config("{\n\"x\":1}").unwrap_err();
    assert!(
        matches!(&error, ConfigError::UnknownKey(key, _) if key == "x"),
        "{error:?}"
    );
    assert_eq!(at(&error), (2, 1));
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
