//! The command line, and its error messages word for word.

use std::ffi::OsString;

use icta_consent_audit::options::{parse, Command, Options};

fn args(list: &[&str]) -> Vec<OsString> {
    list.iter().map(OsString::from).collect()
}

fn options(list: &[&str]) -> Options {
    match parse(args(list)) {
        Ok(Command::Audit(o)) => *o,
        other => panic!("{other:?}"),
    }
}

fn error(list: &[&str]) -> String {
    parse(args(list)).expect_err("refused").to_string()
}

#[test]
fn the_defaults_are_one_page_watched_three_seconds() {
    let o = options(&["https://icta.az/"]);
    assert_eq!(o.urls[0].as_str(), "https://icta.az/");
    assert_eq!((o.max_pages, o.wait_ms), (1, 3000));
    assert!(o.allow_cookies.is_empty() && o.json.is_none() && o.html.is_none());
}

#[test]
fn every_option_is_read_and_the_repeatable_ones_repeat() {
    let o = options(&[
        "--max-pages",
        "20",
        "--sitemap=https://icta.az/sitemap.xml",
        "--wait",
        "500",
        "--allow-cookie",
        "PHPSESSID",
        "--allow-cookie=XSRF-*",
        "--allow-storage",
        "lang",
        "--allow-host",
        "*.icta.az",
        "--json",
        "r.json",
        "--html",
        "r.html",
        "--tracker-db",
        "tds.json",
        "--browser-arg=--host-resolver-rules=MAP * 127.0.0.1:8080",
        "--browser-arg",
        "--lang=az",
        "--chromium",
        "/usr/bin/chromium",
        "https://icta.az/",
        "https://icta.az/en/",
    ]);
    assert_eq!(o.max_pages, 20);
    assert_eq!(
        o.sitemap.as_ref().map(|u| u.as_str()),
        Some("https://icta.az/sitemap.xml")
    );
    assert_eq!(o.wait_ms, 500);
    assert_eq!(o.allow_cookies, ["PHPSESSID", "XSRF-*"]);
    assert_eq!(o.allow_storage, ["lang"]);
    assert_eq!(o.allow_hosts, ["*.icta.az"]);
    assert_eq!(
        o.browser_args,
        ["--host-resolver-rules=MAP * 127.0.0.1:8080", "--lang=az"]
    );
    assert_eq!(o.urls.len(), 2);
    assert_eq!(o.json.unwrap().to_str(), Some("r.json"));
    assert_eq!(o.tracker_dbs.len(), 1);
}

#[test]
fn a_sitemap_alone_is_enough() {
    let o = options(&["--sitemap", "https://icta.az/sitemap.xml"]);
    assert!(o.urls.is_empty());
}

#[test]
fn help_and_version() {
    assert_eq!(parse(args(&["--help"])).unwrap(), Command::Help);
    assert_eq!(
        parse(args(&["https://icta.az/", "-h"])).unwrap(),
        Command::Help
    );
    assert_eq!(parse(args(&["-V"])).unwrap(), Command::Version);
}

#[test]
fn mistakes_are_named() {
    assert_eq!(error(&[]), "no URL to audit (give one, or --sitemap URL)");
    assert_eq!(
        error(&["icta.az"]),
        "not a URL: icta.az (relative URL without a base)"
    );
    assert_eq!(
        error(&["ftp://icta.az/"]),
        "not an http or https URL: ftp://icta.az/"
    );
    assert_eq!(
        error(&["--max-pages", "0", "https://icta.az/"]),
        "--max-pages: not a number of pages: 0"
    );
    assert_eq!(
        error(&["--wait", "soon", "https://icta.az/"]),
        "--wait: not a number of milliseconds: soon"
    );
    assert_eq!(
        error(&["--wait"]),
        "--wait: missing argument for option '--wait'"
    );
    assert_eq!(error(&["--cookie", "x"]), "invalid option '--cookie'");
}
