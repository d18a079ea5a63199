//! Who is behind a host: the built-in table and the tracker databases read
//! with --tracker-db.

use std::path::PathBuf;

use icta_consent_audit::vendors::Vendors;
use icta_consent_audit::Error;

fn name(vendors: &Vendors, host: &str) -> Option<String> {
    vendors.classify(host).map(|v| v.name.clone())
}

#[test]
fn the_trackers_common_on_azerbaijani_sites_are_known() {
    let v = Vendors::builtin();
    for (host, vendor) in [
        ("www.google-analytics.com", "Google Analytics"),
        ("region1.google-analytics.com", "Google Analytics"),
        ("www.googletagmanager.com", "Google Tag Manager"),
        ("mc.yandex.ru", "Yandex Metrica"),
        ("mc.yandex.az", "Yandex Metrica"),
        ("connect.facebook.net", "Meta Pixel"),
        ("www.facebook.com", "Meta"),
        ("static.hotjar.com", "Hotjar"),
        ("www.clarity.ms", "Microsoft Clarity"),
        ("counter.yadro.ru", "LiveInternet"),
        ("top-fwz1.mail.ru", "Top.Mail.ru"),
        ("vk.com", "VK"),
        ("code.jivosite.com", "JivoChat"),
        ("embed.tawk.to", "Tawk.to"),
        ("googleads.g.doubleclick.net", "Google Ads"),
        ("analytics.tiktok.com", "TikTok Pixel"),
        ("www.youtube.com", "YouTube"),
    ] {
        assert_eq!(name(&v, host).as_deref(), Some(vendor), "{host}");
    }
}

#[test]
fn the_longest_listed_domain_wins() {
    let v = Vendors::builtin();
    assert_eq!(name(&v, "mc.yandex.ru").as_deref(), Some("Yandex Metrica"));
    assert_eq!(name(&v, "yandex.ru").as_deref(), Some("Yandex"));
    assert_eq!(
        name(&v, "an.yandex.ru").as_deref(),
        Some("Yandex Advertising")
    );
    assert_eq!(name(&v, "WWW.YOUTUBE.COM.").as_deref(), Some("YouTube"));
    assert_eq!(name(&v, "notyoutube.com"), None);
    assert_eq!(name(&v, "icta.az"), None);
}

#[test]
fn trackers_and_embeds_are_told_apart() {
    let v = Vendors::builtin();
    let tracker = |h: &str| v.classify(h).map(|v| v.tracker);
    assert_eq!(tracker("www.googletagmanager.com"), Some(true));
    assert_eq!(tracker("static.hotjar.com"), Some(true));
    assert_eq!(tracker("www.youtube.com"), Some(false));
    assert_eq!(tracker("fonts.googleapis.com"), Some(false));
    assert_eq!(tracker("cdn.jsdelivr.net"), Some(false));
}

fn db(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("icta-audit-vendors-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn this_tools_own_database_format_is_read() {
    let mut v = Vendors::builtin();
    let path = db(
        "own.json",
        r#"{"vendors": [
        {"name": "Local ads", "category": "advertising", "hosts": ["ads.example.az", "*.adnet.example"]},
        {"name": "Widget", "category": "chat", "tracker": false, "hosts": ["chat.example"]}
    ]}"#,
    );
    assert_eq!(v.load(&path), Ok(3));
    assert_eq!(name(&v, "x.ads.example.az").as_deref(), Some("Local ads"));
    assert!(v.classify("cdn.adnet.example").unwrap().tracker);
    assert!(!v.classify("chat.example").unwrap().tracker);
}

#[test]
fn disconnects_services_json_is_read() {
    // The shape of Disconnect's tracking-protection services.json (its
    // entries here made up for the test).
    let mut v = Vendors::default();
    let path = db(
        "services.json",
        r#"{"license": "…", "categories": {
        "Advertising": [{"AdCo": {"https://adco.example/": ["adco.example", "adco-cdn.example"]}}],
        "Content": [{"Videos": {"https://videos.example/": ["videos.example"], "performance": "true"}}],
        "Analytics": [{"Stats": {"https://stats.example/": ["stats.example"]}}]
    }}"#,
    );
    assert_eq!(v.load(&path), Ok(4));
    let adco = v.classify("px.adco-cdn.example").unwrap();
    assert_eq!(
        (adco.name.as_str(), adco.category.as_str(), adco.tracker),
        ("AdCo", "advertising", true)
    );
    assert!(!v.classify("videos.example").unwrap().tracker);
    assert!(v.classify("stats.example").unwrap().tracker);
}

#[test]
fn duckduckgos_tds_json_is_read() {
    let mut v = Vendors::default();
    let path = db(
        "tds.json",
        r#"{"trackers": {
        "tracker.example": {"domain": "tracker.example", "owner": {"name": "Tracker Inc.", "displayName": "Tracker"},
                            "categories": ["Analytics", "Audience Measurement"]},
        "cdn.example": {"domain": "cdn.example", "owner": {"name": "CDN Ltd"}, "categories": ["CDN"]}
    }, "entities": {}, "domains": {}}"#,
    );
    assert_eq!(v.load(&path), Ok(2));
    let t = v.classify("a.tracker.example").unwrap();
    assert_eq!((t.name.as_str(), t.tracker), ("Tracker", true));
    assert_eq!(v.classify("cdn.example").unwrap().name, "CDN Ltd");
    assert!(!v.classify("cdn.example").unwrap().tracker);
}

#[test]
fn a_database_of_another_shape_is_refused() {
    let mut v = Vendors::default();
    let path = db("other.json", r#"{"hello": []}"#);
    let Err(Error::TrackerDb { message, .. }) = v.load(&path) else {
        panic!("refused")
    };
    assert_eq!(
        message,
        "not a tracker database this tool reads (see --help)"
    );
    let Err(e) = v.load(&db("bad.json", "{")) else {
        panic!("refused")
    };
    assert!(e.to_string().starts_with("the tracker database "), "{e}");
    assert!(v.load(&PathBuf::from("/nonexistent/db.json")).is_err());
}
