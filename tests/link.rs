//! Which privacy-policy links the banner accepts.

use icta_consent::is_safe_link;

#[test]
fn https_http_and_relative_links_are_accepted() {
    for url in [
        "https://icta.az/privacy-policy",
        "HTTPS://ICTA.AZ/",
        "http://icta.az/",
        "/privacy-policy/",
        "privacy.html",
        "../privacy",
        "?lang=en",
        "#cookies",
        "//icta.az/privacy",
        "/search?q=a:b",
        "page#section:2",
    ] {
        assert!(is_safe_link(url), "{url:?} should be accepted");
    }
}

#[test]
fn script_data_and_other_schemes_are_refused_however_disguised() {
    for url in [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "\u{0}javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "\r\njavascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "ftp://icta.az/",
        "mailto:office@icta.az",
        "",
        "   ",
    ] {
        assert!(!is_safe_link(url), "{url:?} should be refused");
    }
}
