//! The tool against real pages in Debian's Chromium, offline: the demo site
//! and the fixtures served on 127.0.0.1, every tracker host mapped to the
//! same server by Chromium's host-resolver rules.

mod common;

use common::{audit, Server};

fn args(server: &Server, path: &str) -> Vec<String> {
    vec![server.resolver_rules(), server.url(path)]
}

#[test]
fn the_demo_site_passes_and_its_banner_gates_the_analytics() {
    let server = Server::start();
    let run = audit(&args(&server, "/"));
    assert_eq!(run.code, 0, "{}", run.explain());
    assert!(run.violations().is_empty(), "{}", run.explain());
    let page = &run.report["pages"][0];
    assert_eq!(page["banner"]["kind"], "icta-consent", "{}", run.explain());
    let steps: Vec<&str> = page["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["step"].as_str().unwrap())
        .collect();
    assert_eq!(
        steps,
        ["before-consent", "after-reject", "after-accept"],
        "{}",
        run.explain()
    );
    // "Reject all" was clicked: the choice is stored, and the banner stays away after the reload.
    let rejected = &page["steps"][1];
    assert!(
        rejected["storage"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["key"] == "icta-consent"),
        "{}",
        run.explain()
    );
    assert!(rejected["banner"].is_null(), "{}", run.explain());
    // "Accept all" was clicked: the stand-in analytics ran and set its cookies.
    let gated = &page["gated"];
    let urls: Vec<&str> = gated["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["url"].as_str().unwrap())
        .collect();
    assert!(
        urls.iter().any(|u| u.ends_with("/analytics/stand-in.js")),
        "{}",
        run.explain()
    );
    let cookies: Vec<&str> = gated["cookies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert!(cookies.contains(&"_ga"), "{}", run.explain());
    assert_eq!(
        gated["cookies"][0]["set_by"]["url"],
        server.url("/analytics/stand-in.js"),
        "{}",
        run.explain()
    );
    assert!(
        run.stdout.contains("PASS: 1 page audited"),
        "{}",
        run.explain()
    );
}

#[test]
fn an_ungated_ga4_snippet_fails_naming_gtag_and_its_cookies() {
    let server = Server::start();
    let run = audit(&args(&server, "/fixtures/ga4.html"));
    assert_eq!(run.code, 1, "{}", run.explain());
    let trackers = run.named("tracker-request");
    assert!(
        trackers.contains(&"http://www.googletagmanager.com/gtag/js?id=G-TEST1234".to_string()),
        "{}",
        run.explain()
    );
    assert!(
        trackers
            .iter()
            .any(|u| u.starts_with("http://region1.google-analytics.com/g/collect")),
        "{}",
        run.explain()
    );
    let gtag = run
        .violations()
        .iter()
        .find(|v| v["kind"] == "tracker-request")
        .unwrap();
    assert_eq!(gtag["vendor"], "Google Tag Manager", "{}", run.explain());
    assert_eq!(gtag["step"], "before-consent", "{}", run.explain());
    let cookie = run
        .violations()
        .iter()
        .find(|v| v["cookie"] == "_ga")
        .expect("_ga named");
    assert_eq!(
        cookie["set_by"],
        "the script http://www.googletagmanager.com/gtag/js?id=G-TEST1234",
        "{}",
        run.explain()
    );
    assert!(
        run.named("cookie").contains(&"_ga_TEST1234".to_string()),
        "{}",
        run.explain()
    );
    // The host-resolver rule sent it here, not to Google.
    assert!(server.saw("www.googletagmanager.com", "/gtag/js?id=G-TEST1234"));
    // It does it again after "Reject all" and a reload.
    assert!(
        run.violations()
            .iter()
            .any(|v| v["step"] == "after-reject" && v["kind"] == "tracker-request"),
        "{}",
        run.explain()
    );
}

#[test]
fn an_ungated_metrica_snippet_fails_naming_yandex_metrica() {
    let server = Server::start();
    let run = audit(&args(&server, "/fixtures/metrica.html"));
    assert_eq!(run.code, 1, "{}", run.explain());
    let tag = run
        .violations()
        .iter()
        .find(|v| v["url"] == "http://mc.yandex.ru/metrika/tag.js")
        .expect("tag.js named");
    assert_eq!(tag["kind"], "tracker-request", "{}", run.explain());
    assert_eq!(tag["vendor"], "Yandex Metrica", "{}", run.explain());
    assert!(
        run.named("tracker-request")
            .iter()
            .any(|u| u.starts_with("http://mc.yandex.ru/watch/12345678")),
        "{}",
        run.explain()
    );
    let cookies = run.named("cookie");
    assert!(
        cookies.contains(&"_ym_uid".to_string()) && cookies.contains(&"_ym_d".to_string()),
        "{}",
        run.explain()
    );
}

#[test]
fn an_ungated_iframe_fails_naming_the_embed() {
    let server = Server::start();
    let run = audit(&args(&server, "/fixtures/iframe.html"));
    assert_eq!(run.code, 1, "{}", run.explain());
    let embed = run
        .violations()
        .iter()
        .find(|v| v["url"] == "http://www.youtube.com/embed/M7lc1UVf-VE")
        .expect("the iframe named");
    assert_eq!(embed["kind"], "third-party-request", "{}", run.explain());
    assert_eq!(embed["vendor"], "YouTube", "{}", run.explain());
}

#[test]
fn a_script_that_sets_a_cookie_before_consent_fails_naming_it() {
    let server = Server::start();
    let run = audit(&args(&server, "/fixtures/cookie-script.html"));
    assert_eq!(run.code, 1, "{}", run.explain());
    let cookie = run
        .violations()
        .iter()
        .find(|v| v["cookie"] == "visitor_id")
        .expect("visitor_id named");
    assert_eq!(cookie["kind"], "cookie");
    assert_eq!(cookie["domain"], "127.0.0.1");
    assert_eq!(
        cookie["set_by"],
        format!("the script {}", server.url("/fixtures/js/visitor-id.js")),
        "{}",
        run.explain()
    );
    // First party, and no tracker: the cookie is the only thing wrong.
    assert!(
        run.violations().iter().all(|v| v["kind"] == "cookie"),
        "{}",
        run.explain()
    );
}

#[test]
fn a_page_without_a_banner_that_loads_a_tracker_fails() {
    let server = Server::start();
    let run = audit(&args(&server, "/fixtures/no-banner.html"));
    assert_eq!(run.code, 1, "{}", run.explain());
    let none = run
        .violations()
        .iter()
        .find(|v| v["kind"] == "no-banner")
        .expect("a no-banner violation");
    assert_eq!(
        none["url"],
        "http://www.clarity.ms/tag/testproject",
        "{}",
        run.explain()
    );
    assert_eq!(none["vendor"], "Microsoft Clarity", "{}", run.explain());
    assert!(run.report["pages"][0]["banner"].is_null());
    // Nothing to reject or accept: step 1 only.
    assert_eq!(
        run.report["pages"][0]["steps"].as_array().unwrap().len(),
        1,
        "{}",
        run.explain()
    );
}

#[test]
fn a_header_cookie_fails_unless_allowed_as_necessary() {
    let server = Server::start();
    let run = audit(&args(&server, "/fixtures/session.html"));
    assert_eq!(run.code, 1, "{}", run.explain());
    let cookie = run
        .violations()
        .iter()
        .find(|v| v["cookie"] == "icta_session")
        .expect("icta_session named");
    assert_eq!(
        cookie["set_by"],
        format!(
            "a Set-Cookie header of {}",
            server.url("/fixtures/session.html")
        ),
        "{}",
        run.explain()
    );

    let mut allowed = vec!["--allow-cookie".to_string(), "icta_sess*".to_string()];
    allowed.extend(args(&server, "/fixtures/session.html"));
    let run = audit(&allowed);
    assert_eq!(run.code, 0, "{}", run.explain());
}

#[test]
fn a_page_that_does_not_load_is_exit_code_2() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let server = Server::start();
    let run = audit(&[
        format!("http://127.0.0.1:{closed}/"),
        server.url("/fixtures/missing.html"),
    ]);
    assert_eq!(run.code, 2, "{}", run.explain());
    let errors = run.report["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 2, "{}", run.explain());
    assert!(
        errors[0]["message"]
            .as_str()
            .unwrap()
            .contains("ERR_CONNECTION_REFUSED"),
        "{}",
        run.explain()
    );
    assert!(
        errors[1]["message"].as_str().unwrap().ends_with("HTTP 404"),
        "{}",
        run.explain()
    );
    assert_eq!(run.report["summary"]["exit_code"], 2);
}

#[test]
fn no_browser_is_exit_code_2() {
    let run = audit(&[
        "--chromium".into(),
        "/nonexistent/chromium".into(),
        "http://127.0.0.1:9/".into(),
    ]);
    assert_eq!(run.code, 2, "{}", run.explain());
    assert!(
        run.stderr
            .contains("no browser: /nonexistent/chromium is not a file"),
        "{}",
        run.explain()
    );
}

#[test]
fn a_sitemap_index_gives_the_pages_and_max_pages_follows_their_links() {
    let server = Server::start();
    // The sitemap index names a sitemap that lists the demo's home page;
    // --max-pages 2 adds the first same-site page it links to.
    let run = audit(&[
        server.resolver_rules(),
        "--sitemap".into(),
        server.url("/fixtures/sitemap.xml"),
        "--max-pages".into(),
        "2".into(),
    ]);
    assert_eq!(run.code, 0, "{}", run.explain());
    let pages: Vec<&str> = run.report["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["url"].as_str().unwrap())
        .collect();
    assert_eq!(
        pages,
        [server.url("/"), server.url("/privacy-policy/")],
        "{}",
        run.explain()
    );
}
