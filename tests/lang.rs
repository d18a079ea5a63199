//! Which language the banner speaks on a page.

use icta_consent::Lang;

const SITE: &[Lang] = &[Lang::Az, Lang::En, Lang::Ru];

#[test]
fn the_page_language_is_used_when_the_site_offers_it() {
    let table = [
        (Some("az"), Lang::Az),
        (Some("az-Latn-AZ"), Lang::Az),
        (Some("en"), Lang::En),
        (Some("en-GB"), Lang::En),
        (Some("EN_us"), Lang::En),
        (Some(" ru-RU "), Lang::Ru),
        (Some("\tru\n"), Lang::Ru),
    ];
    for (tag, expected) in table {
        assert_eq!(Lang::negotiate(tag, SITE), expected, "{tag:?}");
    }
}

#[test]
fn an_unknown_or_missing_page_language_falls_back_to_the_site_default() {
    for tag in [
        None,
        Some(""),
        Some("de"),
        Some("tr-TR"),
        Some("azb"),
        Some("-"),
    ] {
        assert_eq!(Lang::negotiate(tag, SITE), Lang::Az, "{tag:?}");
        assert_eq!(
            Lang::negotiate(tag, &[Lang::En, Lang::Az]),
            Lang::En,
            "{tag:?}"
        );
    }
}

#[test]
fn a_language_the_site_does_not_offer_is_not_used() {
    assert_eq!(Lang::negotiate(Some("ru"), &[Lang::Az, Lang::En]), Lang::Az);
    assert_eq!(Lang::negotiate(Some("en"), &[]), Lang::Az);
}
