//! Which pages are audited: start URLs, then same-site links breadth first.

use icta_consent_audit::crawl::Frontier;
use url::Url;

fn url(s: &str) -> Url {
    Url::parse(s).unwrap()
}

fn drain(f: &mut Frontier) -> Vec<String> {
    std::iter::from_fn(|| f.next_page())
        .map(|u| u.to_string())
        .collect()
}

#[test]
fn the_start_urls_are_all_audited_whatever_max_pages_says() {
    let mut f = Frontier::new(
        vec![
            url("https://icta.az/"),
            url("https://icta.az/en/"),
            url("https://icta.az/#top"),
        ],
        1,
    );
    assert_eq!(drain(&mut f), ["https://icta.az/", "https://icta.az/en/"]);
}

#[test]
fn links_are_followed_breadth_first_on_the_same_site_up_to_max_pages() {
    let mut f = Frontier::new(vec![url("https://icta.az/")], 4);
    assert_eq!(f.next_page().unwrap().as_str(), "https://icta.az/");
    f.links(&[
        "https://icta.az/xeberler/".into(),
        "https://www.icta.az/agentlik/#team".into(),
        "https://e-gov.az/".into(),
        "https://icta.az/files/report.pdf".into(),
        "mailto:info@icta.az".into(),
        "https://icta.az/".into(),
    ]);
    assert_eq!(f.next_page().unwrap().as_str(), "https://icta.az/xeberler/");
    f.links(&[
        "https://icta.az/xeberler/1".into(),
        "https://icta.az/xeberler/2".into(),
    ]);
    assert_eq!(
        drain(&mut f),
        [
            "https://www.icta.az/agentlik/",
            "https://icta.az/xeberler/1"
        ]
    );
}

#[test]
fn with_one_page_no_link_is_followed() {
    let mut f = Frontier::new(vec![url("https://icta.az/")], 1);
    f.next_page();
    f.links(&["https://icta.az/xeberler/".into()]);
    assert!(f.next_page().is_none());
}
