//! The icta.az profile compiled in from pkg-config/icta.az.toml.

use icta_consent::{Lang, Profile};

#[test]
fn the_icta_profile_has_the_documented_defaults() {
    let p = Profile::icta();
    assert_eq!(p.revision, 1);
    assert_eq!(p.lifetime_days, 180);
    assert_eq!(p.lifetime_ms(), 180 * 86_400_000);
    assert_eq!(p.storage_key, "icta-consent");
    assert_eq!(&*p.languages, &[Lang::Az, Lang::En, Lang::Ru]);
    assert_eq!(p.policy_url, "/privacy-policy/");
    let cookies: Vec<&str> = p.clear_on_withdraw.iter().map(|c| &**c).collect();
    assert_eq!(cookies, ["_ga", "_ga_*", "_gid", "_gat*", "_ym_*"]);
    assert!(p.reload_on_withdraw);
}

#[test]
fn each_language_speaks_its_own_words() {
    let p = Profile::icta();
    assert_eq!(p.texts(Lang::Az).accept_all, "Hamısını qəbul et");
    assert_eq!(p.texts(Lang::Az).reject_all, "Hamısını rədd et");
    assert_eq!(p.texts(Lang::En).accept_all, "Accept all");
    assert_eq!(p.texts(Lang::Ru).reject_all, "Отклонить все");
    assert_eq!(p.texts(Lang::Az).policy_link, "Məxfilik Siyasəti");
}

#[test]
fn the_azerbaijani_banner_names_the_three_purposes_of_the_privacy_policy() {
    let profile = Profile::icta();
    let body = &profile.texts(Lang::Az).banner_body;
    // The policy: "saytın düzgün işləməsi, istifadəçinin seçimlərinin yadda
    // saxlanılması və təhlil məqsədilə".
    for words in [
        "düzgün işləməsi",
        "seçimlərinizin yadda saxlanılması",
        "təhlili",
    ] {
        assert!(body.contains(words), "banner_body lacks {words:?}");
    }
}

#[test]
fn no_text_is_the_same_in_two_languages() {
    let p = Profile::icta();
    let [az, en, ru] = Lang::ALL.map(|l| format!("{:?}", p.texts(l)));
    assert_ne!(az, en);
    assert_ne!(en, ru);
    assert_ne!(az, ru);
}
