//! The rules, without a browser: captures in, verdicts and violations out.

use icta_consent_audit::capture::{
    Area, Banner, Cookie, PageCapture, Request, SetBy, Step, StepCapture, StorageItem,
};
use icta_consent_audit::glob::Glob;
use icta_consent_audit::judge::{Judge, Kind, Party, Policy, Verdict};
use icta_consent_audit::profile::Profile;
use icta_consent_audit::vendors::Vendors;

const PAGE: &str = "https://icta.az/az/xeberler/";

fn judge() -> Judge {
    Judge {
        vendors: Vendors::builtin(),
        policy: Policy::new(Profile::icta_az()),
    }
}

fn request(url: &str, kind: &str) -> Request {
    Request {
        url: url.to_string(),
        method: "GET".to_string(),
        resource_type: kind.to_string(),
        initiator: "parser".to_string(),
        status: Some(200),
        error: None,
    }
}

fn cookie(name: &str, domain: &str, set_by: SetBy) -> Cookie {
    Cookie {
        name: name.to_string(),
        domain: domain.to_string(),
        path: "/".to_string(),
        expires: Some(2_000_000_000.0),
        http_only: false,
        secure: true,
        set_by,
        blocked: None,
    }
}

fn local(origin: &str, key: &str) -> StorageItem {
    StorageItem {
        origin: origin.to_string(),
        area: Area::LocalStorage,
        key: key.to_string(),
        set_by: None,
    }
}

fn page(before: StepCapture) -> PageCapture {
    PageCapture {
        url: PAGE.to_string(),
        final_url: PAGE.to_string(),
        before_consent: StepCapture {
            banner: before.banner.or(Some(Banner::IctaConsent)),
            ..before
        },
        ..PageCapture::default()
    }
}

fn requests(list: &[(&str, &str)]) -> StepCapture {
    StepCapture {
        requests: list.iter().map(|(u, k)| request(u, k)).collect(),
        ..StepCapture::default()
    }
}

#[test]
fn first_party_requests_before_consent_are_fine() {
    let report = judge().page(&page(requests(&[
        (PAGE, "Document"),
        ("https://icta.az/site.css", "Stylesheet"),
        ("https://static.icta.az/logo.svg", "Image"),
        ("data:image/png;base64,AAAA", "Image"),
    ])));
    assert!(report.violations.is_empty(), "{:?}", report.violations);
    let verdicts: Vec<Verdict> = report.steps[0].requests.iter().map(|r| r.verdict).collect();
    assert_eq!(
        verdicts,
        [Verdict::Ok, Verdict::Ok, Verdict::Ok, Verdict::Local]
    );
    assert_eq!(report.steps[0].requests[2].party, Party::First);
}

#[test]
fn a_tracker_request_before_consent_is_a_violation_naming_the_vendor() {
    let report = judge().page(&page(requests(&[(
        "https://mc.yandex.ru/metrika/tag.js",
        "Script",
    )])));
    assert_eq!(report.violations.len(), 1);
    let v = &report.violations[0];
    assert_eq!(
        (v.kind, v.step),
        (Kind::TrackerRequest, Step::BeforeConsent)
    );
    assert_eq!(
        v.url.as_deref(),
        Some("https://mc.yandex.ru/metrika/tag.js")
    );
    assert_eq!(v.vendor.as_deref(), Some("Yandex Metrica"));
    assert_eq!(v.page, PAGE);
    assert_eq!(
        v.message,
        "script https://mc.yandex.ru/metrika/tag.js: Yandex Metrica, analytics"
    );
}

#[test]
fn any_other_third_party_request_is_a_violation_unless_its_host_is_allowed() {
    let capture = requests(&[
        ("https://cdn.example.org/lib.js", "Script"),
        ("https://www.youtube.com/embed/x", "Document"),
    ]);
    let report = judge().page(&page(capture.clone()));
    let kinds: Vec<Kind> = report.violations.iter().map(|v| v.kind).collect();
    assert_eq!(kinds, [Kind::ThirdPartyRequest, Kind::ThirdPartyRequest]);
    assert_eq!(
        report.violations[0].message,
        "script https://cdn.example.org/lib.js: a third party"
    );
    assert_eq!(
        report.violations[1].message,
        "document https://www.youtube.com/embed/x: YouTube, video, a third party"
    );

    let mut j = judge();
    j.policy.allow_hosts = vec![Glob::host("*.example.org"), Glob::host("WWW.YouTube.com")];
    let report = j.page(&page(capture));
    assert!(report.violations.is_empty(), "{:?}", report.violations);
    assert!(report.steps[0]
        .requests
        .iter()
        .all(|r| r.verdict == Verdict::Allowed));
}

#[test]
fn a_first_party_tracker_is_still_a_tracker() {
    // A tracker on the site's own subdomain (listed in a tracker database)
    // is first party, and still a violation before consent.
    let mut j = judge();
    let dir = std::env::temp_dir().join(format!("icta-audit-judge-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("own.json");
    std::fs::write(
        &db,
        r#"{"vendors":[{"name":"Own stats","category":"analytics","hosts":["stats.icta.az"]}]}"#,
    )
    .unwrap();
    j.vendors.load(&db).unwrap();
    let report = j.page(&page(requests(&[("https://stats.icta.az/hit", "Ping")])));
    assert_eq!(report.violations[0].kind, Kind::TrackerRequest);
    assert_eq!(report.steps[0].requests[0].party, Party::First);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn cookies_before_consent_are_violations_unless_allowed_as_necessary() {
    let capture = StepCapture {
        cookies: vec![
            cookie("PHPSESSID", "icta.az", SetBy::Header(PAGE.to_string())),
            cookie(
                "visitor_id",
                "icta.az",
                SetBy::Script("https://icta.az/js/app.js".to_string()),
            ),
        ],
        ..StepCapture::default()
    };
    let report = judge().page(&page(capture.clone()));
    let named: Vec<&str> = report
        .violations
        .iter()
        .filter_map(|v| v.cookie.as_deref())
        .collect();
    assert_eq!(named, ["PHPSESSID", "visitor_id"]);
    assert_eq!(
        report.violations[0].message,
        "PHPSESSID on icta.az, set by a Set-Cookie header of https://icta.az/az/xeberler/"
    );
    assert_eq!(
        report.violations[1].set_by.as_deref(),
        Some("the script https://icta.az/js/app.js")
    );

    let mut j = judge();
    j.policy.allow_cookies = vec![Glob::new("PHPSESS*")];
    let report = j.page(&page(capture));
    let named: Vec<&str> = report
        .violations
        .iter()
        .filter_map(|v| v.cookie.as_deref())
        .collect();
    assert_eq!(named, ["visitor_id"]);
    assert_eq!(report.steps[0].cookies[0].verdict, Verdict::Allowed);
}

#[test]
fn the_profiles_analytics_cookies_are_never_allowed() {
    let mut j = judge();
    j.policy.allow_cookies = vec![Glob::new("*")];
    let capture = StepCapture {
        cookies: vec![
            cookie(
                "_ga_ABC123",
                ".icta.az",
                SetBy::Script("https://www.googletagmanager.com/gtag/js".to_string()),
            ),
            cookie("_ym_uid", ".icta.az", SetBy::Unknown),
            cookie("lang", "icta.az", SetBy::Unknown),
        ],
        ..StepCapture::default()
    };
    let report = j.page(&page(capture));
    let named: Vec<&str> = report
        .violations
        .iter()
        .filter_map(|v| v.cookie.as_deref())
        .collect();
    assert_eq!(named, ["_ga_ABC123", "_ym_uid"]);
    assert!(report.violations[1]
        .message
        .ends_with("; an analytics cookie of the site profile"));
}

#[test]
fn a_cookie_the_browser_refused_is_still_a_violation() {
    let mut refused = cookie(
        "IDE",
        ".doubleclick.net",
        SetBy::Header("https://ad.doubleclick.net/x".to_string()),
    );
    refused.blocked = Some("ThirdPartyPhaseout".to_string());
    let report = judge().page(&page(StepCapture {
        cookies: vec![refused],
        ..StepCapture::default()
    }));
    assert_eq!(report.violations[0].vendor.as_deref(), Some("Google Ads"));
    assert!(report.violations[0]
        .message
        .ends_with("(refused by this browser: ThirdPartyPhaseout)"));
}

#[test]
fn storage_before_consent_is_a_violation_but_the_banners_own_key() {
    let capture = StepCapture {
        storage: vec![
            local("https://icta.az", "icta-consent"),
            local("https://icta.az", "_ym_retryReqs"),
            StorageItem {
                area: Area::SessionStorage,
                ..local("https://icta.az", "icta-consent")
            },
        ],
        ..StepCapture::default()
    };
    let report = judge().page(&page(capture.clone()));
    let named: Vec<(Option<Area>, &str)> = report
        .violations
        .iter()
        .map(|v| (v.storage, v.key.as_deref().unwrap()))
        .collect();
    assert_eq!(
        named,
        [
            (Some(Area::LocalStorage), "_ym_retryReqs"),
            (Some(Area::SessionStorage), "icta-consent")
        ]
    );
    assert_eq!(
        report.violations[0].message,
        "localStorage \"_ym_retryReqs\" of https://icta.az"
    );

    let mut j = judge();
    j.policy.allow_storage = vec![Glob::new("_ym_*"), Glob::new("icta-consent")];
    assert!(j.page(&page(capture)).violations.is_empty());
}

#[test]
fn after_reject_the_same_rules_apply() {
    let mut p = page(StepCapture::default());
    p.after_reject = Some(StepCapture {
        requests: vec![request(
            "https://connect.facebook.net/en_US/fbevents.js",
            "Script",
        )],
        storage: vec![local("https://icta.az", "icta-consent")],
        ..StepCapture::default()
    });
    let report = judge().page(&p);
    assert_eq!(report.violations.len(), 1);
    assert_eq!(report.violations[0].step, Step::AfterReject);
    assert_eq!(report.violations[0].vendor.as_deref(), Some("Meta Pixel"));
    assert_eq!(
        report.violations[0].message,
        "script https://connect.facebook.net/en_US/fbevents.js: Meta Pixel, advertising"
    );
}

#[test]
fn a_page_without_a_banner_that_loads_a_tracker_is_a_violation_of_its_own() {
    let mut p = page(requests(&[
        ("https://www.clarity.ms/tag/abc", "Script"),
        ("https://c.clarity.ms/c.gif", "Image"),
    ]));
    p.before_consent.banner = None;
    let report = judge().page(&p);
    let kinds: Vec<Kind> = report.violations.iter().map(|v| v.kind).collect();
    assert_eq!(
        kinds,
        [Kind::TrackerRequest, Kind::TrackerRequest, Kind::NoBanner]
    );
    let none = &report.violations[2];
    assert_eq!(none.url.as_deref(), Some("https://www.clarity.ms/tag/abc"));
    assert_eq!(
        none.message,
        "no consent banner, yet the page loads Microsoft Clarity"
    );

    // Without a tracker, no banner is needed.
    let mut p = page(requests(&[(PAGE, "Document")]));
    p.before_consent.banner = None;
    assert!(judge().page(&p).violations.is_empty());
}

#[test]
fn after_accept_nothing_is_a_violation_and_what_is_new_is_gated() {
    let mut p = page(StepCapture {
        requests: vec![
            request(PAGE, "Document"),
            request("https://icta.az/api/news", "Fetch"),
        ],
        ..StepCapture::default()
    });
    p.after_accept = Some(StepCapture {
        requests: vec![
            request("https://icta.az/api/news", "Fetch"),
            request("https://www.googletagmanager.com/gtag/js?id=G-1", "Script"),
            request("https://icta.az/js/stats.js", "Script"),
        ],
        cookies: vec![cookie(
            "_ga",
            ".icta.az",
            SetBy::Script("https://www.googletagmanager.com/gtag/js?id=G-1".into()),
        )],
        storage: vec![
            local("https://icta.az", "icta-consent"),
            local("https://icta.az", "_grecaptcha"),
        ],
        ..StepCapture::default()
    });
    let report = judge().page(&p);
    assert!(report.violations.is_empty(), "{:?}", report.violations);
    let accept = &report.steps[1];
    let verdicts: Vec<Verdict> = accept.requests.iter().map(|r| r.verdict).collect();
    assert_eq!(
        verdicts,
        [Verdict::BeforeConsent, Verdict::Gated, Verdict::Gated]
    );
    let gated = report.gated.expect("what Accept all turned on");
    let urls: Vec<&str> = gated
        .requests
        .iter()
        .map(|r| r.request.url.as_str())
        .collect();
    assert_eq!(
        urls,
        [
            "https://www.googletagmanager.com/gtag/js?id=G-1",
            "https://icta.az/js/stats.js"
        ]
    );
    assert_eq!(gated.cookies[0].cookie.name, "_ga");
    // The banner's own record is necessary, not gated.
    let keys: Vec<&str> = gated.storage.iter().map(|s| s.item.key.as_str()).collect();
    assert_eq!(keys, ["_grecaptcha"]);
}

#[test]
fn one_violation_per_thing_and_step() {
    let report = judge().page(&page(requests(&[
        ("https://mc.yandex.ru/metrika/tag.js", "Script"),
        ("https://mc.yandex.ru/metrika/tag.js", "Script"),
    ])));
    assert_eq!(report.violations.len(), 1);
}

#[test]
fn third_party_is_decided_by_site_not_host() {
    let mut p = page(requests(&[
        ("https://e-gov.gov.az/x.js", "Script"),
        ("https://www.icta.az/logo.png", "Image"),
    ]));
    p.final_url = "https://icta.az/".to_string();
    let report = judge().page(&p);
    let parties: Vec<Party> = report.steps[0].requests.iter().map(|r| r.party).collect();
    assert_eq!(parties, [Party::Third, Party::First]);
}
