//! `icta-consent-audit` visits a site as a first-time visitor would, in
//! Debian's Chromium driven over the DevTools protocol, and reports everything
//! that happens before consent: every request, cookie and storage key, before
//! any click and after "Reject all" and a reload; and, after "Accept all",
//! what the consent banner gates.
//!
//! The browser layer ([`browser`]) only looks; the rules ([`judge`]) are pure:
//!
//! ```
//! use icta_consent_audit::capture::{PageCapture, Request, StepCapture};
//! use icta_consent_audit::judge::{Judge, Kind, Policy};
//! use icta_consent_audit::profile::Profile;
//! use icta_consent_audit::vendors::Vendors;
//!
//! let judge = Judge { vendors: Vendors::builtin(), policy: Policy::new(Profile::icta_az()) };
//! let gtag = Request {
//!     url: "https://www.googletagmanager.com/gtag/js?id=G-1".into(),
//!     method: "GET".into(),
//!     resource_type: "Script".into(),
//!     initiator: "parser".into(),
//!     status: Some(200),
//!     error: None,
//! };
//! let page = PageCapture {
//!     url: "https://icta.az/".into(),
//!     final_url: "https://icta.az/".into(),
//!     before_consent: StepCapture { requests: vec![gtag], ..StepCapture::default() },
//!     ..PageCapture::default()
//! };
//! let report = judge.page(&page);
//! assert_eq!(report.violations[0].kind, Kind::TrackerRequest);
//! assert_eq!(report.violations[0].vendor.as_deref(), Some("Google Tag Manager"));
//! ```

#![deny(missing_docs)]

pub mod banners;
pub mod browser;
pub mod capture;
pub mod crawl;
pub mod error;
pub mod glob;
pub mod judge;
pub mod options;
pub mod profile;
pub mod report;
pub mod site;
pub mod vendors;

pub use error::Error;
