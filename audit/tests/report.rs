//! The three forms of the report: JSON, the terminal's tables, HTML.

use std::time::{Duration, UNIX_EPOCH};

use icta_consent_audit::capture::{Banner, Cookie, PageCapture, Request, SetBy, StepCapture};
use icta_consent_audit::judge::{Judge, Policy};
use icta_consent_audit::profile::Profile;
use icta_consent_audit::report::html::{escape, render as html};
use icta_consent_audit::report::terminal::render as terminal;
use icta_consent_audit::report::{lifetime, rfc3339, Failure, Report, Settings};
use icta_consent_audit::vendors::Vendors;
use serde_json::Value;

fn request(url: &str, kind: &str) -> Request {
    Request {
        url: url.into(),
        method: "GET".into(),
        resource_type: kind.into(),
        initiator: "parser".into(),
        status: Some(200),
        error: None,
    }
}

fn report(failures: Vec<Failure>) -> Report {
    let judge = Judge {
        vendors: Vendors::builtin(),
        policy: Policy::new(Profile::icta_az()),
    };
    let clean = PageCapture {
        url: "https://icta.az/".into(),
        final_url: "https://icta.az/".into(),
        title: "Ana səhifə".into(),
        before_consent: StepCapture {
            requests: vec![request("https://icta.az/", "Document")],
            banner: Some(Banner::IctaConsent),
            ..StepCapture::default()
        },
        after_accept: Some(StepCapture {
            requests: vec![request("https://icta.az/analytics.js", "Script")],
            ..StepCapture::default()
        }),
        ..PageCapture::default()
    };
    let bad = PageCapture {
        url: "https://icta.az/<news>".into(),
        final_url: "https://icta.az/%3Cnews%3E".into(),
        title: "<script>alert(1)</script>".into(),
        before_consent: StepCapture {
            requests: vec![request(
                "https://www.googletagmanager.com/gtag/js?id=G-1",
                "Script",
            )],
            cookies: vec![Cookie {
                name: "_ga".into(),
                domain: ".icta.az".into(),
                path: "/".into(),
                expires: None,
                http_only: false,
                secure: false,
                set_by: SetBy::Script("https://www.googletagmanager.com/gtag/js?id=G-1".into()),
                blocked: None,
            }],
            banner: Some(Banner::IctaConsent),
            ..StepCapture::default()
        },
        screenshot: Some("AAAA".into()),
        ..PageCapture::default()
    };
    let pages = vec![judge.page(&clean), judge.page(&bad)];
    Report::new(
        "Chrome/156".into(),
        UNIX_EPOCH + Duration::from_secs(1_796_135_500),
        Settings::default(),
        pages,
        failures,
    )
}

#[test]
fn the_json_report_has_every_violation_at_the_top_naming_page_and_url_or_cookie() {
    let json: Value = serde_json::to_value(report(Vec::new())).unwrap();
    let violations = json["violations"].as_array().unwrap();
    assert_eq!(violations.len(), 2);
    assert_eq!(violations[0]["page"], "https://icta.az/<news>");
    assert_eq!(violations[0]["kind"], "tracker-request");
    assert_eq!(
        violations[0]["url"],
        "https://www.googletagmanager.com/gtag/js?id=G-1"
    );
    assert_eq!(violations[0]["step"], "before-consent");
    assert_eq!(violations[1]["kind"], "cookie");
    assert_eq!(violations[1]["cookie"], "_ga");
    assert!(violations[1].get("url").is_none());
    assert_eq!(json["summary"]["exit_code"], 1);
    assert_eq!(json["date"], "2026-12-01T14:31:40Z");
    assert_eq!(
        json["pages"][0]["gated"]["requests"][0]["url"],
        "https://icta.az/analytics.js"
    );
    assert!(
        json["pages"][1].get("screenshot").is_none(),
        "screenshots stay in the HTML report"
    );
}

#[test]
fn exit_codes_are_0_clean_1_violations_2_not_audited() {
    assert_eq!(report(Vec::new()).summary.exit_code, 1);
    let failed = report(vec![Failure {
        page: "https://icta.az/gone".into(),
        message: "the page did not load: HTTP 404".into(),
    }]);
    assert_eq!(failed.summary.exit_code, 2);
    let clean = Report::new(
        String::new(),
        UNIX_EPOCH,
        Settings::default(),
        Vec::new(),
        Vec::new(),
    );
    assert_eq!(clean.summary.exit_code, 0);
}

#[test]
fn the_terminal_shows_a_table_per_page_and_the_verdict() {
    let text = terminal(&report(Vec::new()), false);
    let expected = "\
https://icta.az/  PASS
  Ana səhifə
  banner: icta-consent

  step              requests  third party  trackers  cookies  storage  violations
  ────────────────  ────────  ───────────  ────────  ───────  ───────  ──────────
  before consent           1            0         0        0        0           0
  after Accept all         1            0         0        0        0           -

  Accept all turned on: script /analytics.js
";
    assert!(text.starts_with(expected), "{text}");
    assert!(text.contains("  ✗ before consent    tracker request      script https://www.googletagmanager.com/gtag/js?id=G-1: Google Tag Manager, tag-manager\n"), "{text}");
    assert!(
        text.ends_with("FAIL: 2 pages audited, 1 with violations, 2 violations (exit 1)\n"),
        "{text}"
    );
    assert!(!text.contains('\x1b'));
    assert!(terminal(&report(Vec::new()), true).contains("\x1b[1;31mFAIL"));
}

#[test]
fn the_html_report_is_self_contained_and_escapes_what_pages_say() {
    let page = html(&report(Vec::new()));
    assert!(page.starts_with("<!doctype html>"));
    assert!(
        !page.contains("<script"),
        "no script, and the page's title escaped"
    );
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(page.contains("src=\"data:image/jpeg;base64,AAAA\""));
    assert!(
        !page.contains("<link") && !page.contains("@import") && !page.contains("url(http"),
        "nothing fetched"
    );
    assert!(page.contains("FAIL · 1 violation") || page.contains("FAIL · 2 violations"));
    assert_eq!(escape("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&#39;");
}

#[test]
fn dates_and_lifetimes_read_as_words() {
    assert_eq!(rfc3339(UNIX_EPOCH), "1970-01-01T00:00:00Z");
    assert_eq!(
        rfc3339(UNIX_EPOCH + Duration::from_secs(951_782_400)),
        "2000-02-29T00:00:00Z"
    );
    let now = UNIX_EPOCH + Duration::from_secs(1_800_000_000);
    let at = |secs: f64| Some(1_800_000_000.0 + secs);
    assert_eq!(lifetime(None, now), "session");
    assert_eq!(lifetime(at(-1.0), now), "expired");
    assert_eq!(lifetime(at(1800.0), now), "30 minutes");
    assert_eq!(lifetime(at(86_400.0), now), "1 day");
    assert_eq!(lifetime(at(86_400.0 * 400.0), now), "13 months");
    assert_eq!(lifetime(at(86_400.0 * 800.0), now), "2 years");
}
