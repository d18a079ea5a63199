//! Withdrawing analytics: which cookies go, on which domains.

use icta_consent::{cookie_domains, cookie_matches, cookies_to_clear, deletions, Profile};

#[test]
fn the_default_patterns_catch_google_and_yandex_analytics_cookies_only() {
    let profile = Profile::icta();
    let header = "_ga=GA1.1.1; lang=az; _ga_ABC123=GS1; _gid=GA1.2; _gat_UA-1=1; _ym_uid=9; \
                  icta-session=x; _gac=1; _gads=2; _ym_d=3; _ga=dup";
    let cleared = cookies_to_clear(header, &profile.clear_on_withdraw);
    assert_eq!(
        cleared,
        ["_ga", "_ga_ABC123", "_gid", "_gat_UA-1", "_ym_uid", "_ym_d"]
    );
}

#[test]
fn patterns_match_exactly_or_by_prefix_with_a_trailing_star() {
    let table = [
        ("_ga", "_ga", true),
        ("_gat", "_gat*", true),
        ("_gat_UA-123", "_gat*", true),
        ("_ga", "_ga_*", false),
        ("x_ga", "_ga", false),
        ("anything", "*", true),
        ("_GA", "_ga", false),
    ];
    for (name, pattern, expected) in table {
        assert_eq!(
            cookie_matches(name, pattern),
            expected,
            "{name} ~ {pattern}"
        );
    }
}

#[test]
fn an_empty_or_odd_cookie_string_clears_nothing() {
    let patterns = ["_ga"];
    for header in ["", ";", " ; ; ", "=", "=_ga", "lang"] {
        assert!(cookies_to_clear(header, &patterns).is_empty(), "{header:?}");
    }
}

#[test]
fn cookies_are_deleted_on_the_host_and_every_parent_domain_but_the_tld() {
    assert_eq!(
        cookie_domains("www.icta.az"),
        [None, Some("www.icta.az"), Some("icta.az")]
    );
    assert_eq!(cookie_domains("icta.az"), [None, Some("icta.az")]);
    assert_eq!(
        cookie_domains("a.b.gov.az"),
        [None, Some("a.b.gov.az"), Some("b.gov.az"), Some("gov.az")]
    );
}

#[test]
fn an_ip_address_or_localhost_gets_host_only_deletion() {
    for host in ["127.0.0.1", "localhost", "[::1]", "::1", "10.0.0.7"] {
        assert_eq!(cookie_domains(host), [None], "{host}");
    }
}

#[test]
fn each_deletion_expires_the_cookie_at_path_root() {
    assert_eq!(
        deletions("_ga", "icta.az"),
        [
            "_ga=; Max-Age=0; Path=/",
            "_ga=; Max-Age=0; Path=/; Domain=icta.az"
        ]
    );
}
