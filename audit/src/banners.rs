//! Consent banners the audit recognises, and how to click them.
//!
//! This project's banner is found in its shadow root; the others by a small
//! list of the selectors their platforms use (a heuristic: a platform that
//! changes its markup is reported as an unrecognised banner, or not at all).

use serde::Serialize;

/// A consent platform's banner and its two buttons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Known {
    /// The platform's name.
    pub name: &'static str,
    /// A selector for its banner (visible when shown).
    pub banner: &'static str,
    /// Its "Reject all" button, when it has one.
    pub reject: Option<&'static str>,
    /// Its "Accept all" button.
    pub accept: Option<&'static str>,
}

const fn known(
    name: &'static str,
    banner: &'static str,
    reject: &'static str,
    accept: &'static str,
) -> Known {
    Known {
        name,
        banner,
        reject: if reject.is_empty() {
            None
        } else {
            Some(reject)
        },
        accept: if accept.is_empty() {
            None
        } else {
            Some(accept)
        },
    }
}

/// The banners of other consent platforms: name, banner, "Reject all",
/// "Accept all" ("" when this tool does not know the button).
#[rustfmt::skip]
pub const OTHERS: &[Known] = &[
    known("OneTrust", "#onetrust-banner-sdk", "#onetrust-reject-all-handler", "#onetrust-accept-btn-handler"),
    known("Cookiebot", "#CybotCookiebotDialog", "#CybotCookiebotDialogBodyButtonDecline", "#CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll"),
    known("CookieConsent 3", "#cc-main .cm", "#cc-main .cm__btn[data-role=necessary]", "#cc-main .cm__btn[data-role=all]"),
    known("CookieConsent 2", "#cc_div #cm", "#c-s-bn", "#c-p-bn"),
    known("Klaro", ".klaro .cookie-notice, .klaro .cookie-modal", ".klaro .cm-btn-decline", ".klaro .cm-btn-accept-all, .klaro .cm-btn-success"),
    known("CookieYes", ".cky-consent-container", ".cky-btn-reject", ".cky-btn-accept"),
    known("CookieYes (legacy)", "#cookie-law-info-bar", "#cookie_action_close_header_reject", "#cookie_action_close_header"),
    known("Complianz", "#cmplz-cookiebanner-container .cmplz-cookiebanner", ".cmplz-btn.cmplz-deny", ".cmplz-btn.cmplz-accept"),
    known("Osano", ".osano-cm-dialog", ".osano-cm-denyAll", ".osano-cm-accept-all"),
    known("Didomi", "#didomi-notice", "#didomi-notice-disagree-button", "#didomi-notice-agree-button"),
    known("Iubenda", "#iubenda-cs-banner", ".iubenda-cs-reject-btn", ".iubenda-cs-accept-btn"),
    known("Cookie Notice", "#cookie-notice", "#cn-refuse-cookie", "#cn-accept-cookie"),
    known("Cookie-Script", "#cookiescript_injected", "#cookiescript_reject", "#cookiescript_accept"),
    known("Borlabs Cookie", "#BorlabsCookieBox", "", ""),
    known("Google Funding Choices", ".fc-consent-root", ".fc-cta-do-not-consent", ".fc-cta-consent"),
    known("Quantcast Choice", ".qc-cmp2-container", "", ""),
    known("TrustArc", "#truste-consent-track", "#truste-consent-required", "#truste-consent-button"),
    known("tarteaucitron", "#tarteaucitronAlertBig", "#tarteaucitronAllDenied2", "#tarteaucitronPersonalize2"),
    known("Usercentrics", "#usercentrics-root", "", ""),
    known("Termly", "#termly-code-snippet-support", "", ""),
];

/// This project's banner: its host element and, inside its shadow root, the
/// banner and the two buttons (`src/browser/template.rs`).
pub const ICTA_CONSENT_HOST: &str = "#icta-consent";
/// The banner inside the shadow root.
pub const ICTA_CONSENT_BANNER: &str = ".banner";
/// Its "Reject all" button.
pub const ICTA_CONSENT_REJECT: &str = ".banner [data-action=reject-all]";
/// Its "Accept all" button.
pub const ICTA_CONSENT_ACCEPT: &str = ".banner [data-action=accept-all]";
