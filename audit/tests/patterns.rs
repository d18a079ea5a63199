//! Allow-list patterns, sites, and the profile's defaults.

use icta_consent_audit::glob::Glob;
use icta_consent_audit::profile::Profile;
use icta_consent_audit::site::{is_under, same_site, site_of};

#[test]
fn globs_match_whole_names() {
    let g = Glob::new("_ga_*");
    assert!(g.matches("_ga_ABC123") && g.matches("_ga_"));
    assert!(!g.matches("_ga") && !g.matches("x_ga_1"));
    assert!(Glob::new("_gat*").matches("_gat") && Glob::new("_gat*").matches("_gat_UA-1"));
    assert!(Glob::new("a?c").matches("abc") && !Glob::new("a?c").matches("ac"));
    assert!(!Glob::new("*sess*").matches("PHPSESSID"));
    assert!(Glob::new("*SESS*ID").matches("PHPSESSID"));
    assert!(
        Glob::new("PHPSESSID").matches("PHPSESSID") && !Glob::new("PHPSESSID").matches("phpsessid")
    );
}

#[test]
fn host_globs_ignore_case() {
    let g = Glob::host("*.Example.AZ");
    assert!(g.matches("cdn.example.az") && g.matches("A.B.EXAMPLE.az"));
    assert!(!g.matches("example.az"));
    assert!(Glob::host("example.az.").matches("EXAMPLE.AZ"));
}

#[test]
fn a_site_is_the_registrable_domain() {
    assert_eq!(site_of("www.icta.az"), "icta.az");
    assert_eq!(site_of("e-gov.gov.az"), "e-gov.gov.az");
    assert_eq!(site_of("a.b.bbc.co.uk"), "bbc.co.uk");
    assert_eq!(site_of("127.0.0.1"), "127.0.0.1");
    assert_eq!(site_of("[::1]"), "::1");
    assert_eq!(site_of("localhost"), "localhost");
    assert!(same_site("icta.az", "static.icta.az"));
    assert!(!same_site("icta.az", "e-gov.az"));
    assert!(!same_site("127.0.0.1", "127.0.0.2"));
    assert!(is_under("a.icta.az", "icta.az") && is_under("icta.az", ".icta.az"));
    assert!(!is_under("xicta.az", "icta.az"));
}

#[test]
fn the_icta_az_profile_gives_the_defaults() {
    let p = Profile::icta_az();
    assert_eq!(p.storage_key, "icta-consent");
    let names: Vec<&str> = p.analytics_cookies.iter().map(|g| g.as_str()).collect();
    assert_eq!(names, ["_ga", "_ga_*", "_gid", "_gat*", "_ym_*"]);
}
