//! The rules: what a page may do before consent, and what it did wrong.
//!
//! Pure: a [`PageCapture`] in, a [`PageReport`] with its violations out. In
//! steps 1 (before consent) and 2 (after "Reject all" and a reload) each of
//! these is a violation:
//!
//! - a request to a known tracker, first or third party (unless its host is
//!   allowed with `--allow-host`);
//! - any other request to a third party whose host is not allowed;
//! - a cookie set (stored or refused by the browser) whose name is not allowed,
//!   and always one the site profile names as an analytics cookie;
//! - a storage entry whose key is neither the banner's own nor allowed.
//!
//! And a page with no consent banner at all that still loads a tracker.

use serde::Serialize;
use url::Url;

use crate::capture::{
    Area, Banner, Cookie, PageCapture, Request, SetBy, Step, StepCapture, StorageItem,
};
use crate::glob::{first_match, Glob};
use crate::profile::Profile;
use crate::site::site_of;
use crate::vendors::{Vendor, Vendors};

/// What may happen before consent.
#[derive(Debug, Clone)]
pub struct Policy {
    /// Cookies that may be set (`--allow-cookie`): necessary ones.
    pub allow_cookies: Vec<Glob>,
    /// Storage keys that may be written (`--allow-storage`), besides the banner's own.
    pub allow_storage: Vec<Glob>,
    /// Hosts that may be contacted (`--allow-host`).
    pub allow_hosts: Vec<Glob>,
    /// The site profile: the banner's storage key and the analytics cookies.
    pub profile: Profile,
}

impl Policy {
    /// Nothing allowed but what the profile makes necessary.
    pub fn new(profile: Profile) -> Self {
        Policy {
            allow_cookies: Vec::new(),
            allow_storage: Vec::new(),
            allow_hosts: Vec::new(),
            profile,
        }
    }
}

/// First or third party.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Party {
    /// The page's own site.
    First,
    /// Another site.
    Third,
}

/// What the rules say of one thing the page did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Fine: first party, or necessary.
    Ok,
    /// Allowed by an `--allow-…` option.
    Allowed,
    /// A violation.
    Violation,
    /// Turned on by "Accept all" (step 3: what the banner gates).
    Gated,
    /// Step 3: happened before consent too (and was judged there).
    BeforeConsent,
    /// Not judged: no network (`data:`, `blob:`…).
    Local,
}

/// A request with what the rules make of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JudgedRequest {
    /// The request.
    #[serde(flatten)]
    pub request: Request,
    /// Its host.
    pub host: String,
    /// First or third party.
    pub party: Party,
    /// The vendor behind its host, when known.
    pub vendor: Option<Vendor>,
    /// The verdict.
    pub verdict: Verdict,
}

/// A cookie with what the rules make of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JudgedCookie {
    /// The cookie.
    #[serde(flatten)]
    pub cookie: Cookie,
    /// Whether the site profile names it an analytics cookie.
    pub analytics: bool,
    /// The vendor behind its domain, when known.
    pub vendor: Option<Vendor>,
    /// The verdict.
    pub verdict: Verdict,
}

/// A storage entry with what the rules make of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JudgedStorage {
    /// The entry.
    #[serde(flatten)]
    pub item: StorageItem,
    /// The verdict.
    pub verdict: Verdict,
}

/// One step, judged.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepReport {
    /// Which step.
    pub step: Step,
    /// Its requests.
    pub requests: Vec<JudgedRequest>,
    /// The cookies set during it.
    pub cookies: Vec<JudgedCookie>,
    /// The storage entries it added.
    pub storage: Vec<JudgedStorage>,
    /// The banner visible at its end.
    pub banner: Option<Banner>,
    /// What the audit noticed or could not do.
    pub notes: Vec<String>,
}

impl StepReport {
    /// How many of its requests went to a third party.
    pub fn third_party(&self) -> usize {
        self.requests
            .iter()
            .filter(|r| r.party == Party::Third && r.verdict != Verdict::Local)
            .count()
    }

    /// How many of its requests went to a known tracker.
    pub fn trackers(&self) -> usize {
        self.requests
            .iter()
            .filter(|r| r.vendor.as_ref().is_some_and(|v| v.tracker))
            .count()
    }
}

/// What "Accept all" turned on: what the banner gates.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Gated {
    /// Requests made after the click.
    pub requests: Vec<JudgedRequest>,
    /// Cookies that were not there before consent.
    pub cookies: Vec<JudgedCookie>,
    /// Storage entries that were not there before consent.
    pub storage: Vec<JudgedStorage>,
}

/// The kind of a violation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A request to a known tracker.
    TrackerRequest,
    /// A request to a third party that is not allowed.
    ThirdPartyRequest,
    /// A cookie that is not allowed.
    Cookie,
    /// A storage entry that is not allowed.
    Storage,
    /// No consent banner, yet the page loads a tracker.
    NoBanner,
}

impl Kind {
    /// How the report names it.
    pub fn label(self) -> &'static str {
        match self {
            Kind::TrackerRequest => "tracker request",
            Kind::ThirdPartyRequest => "third-party request",
            Kind::Cookie => "cookie",
            Kind::Storage => "storage",
            Kind::NoBanner => "no banner",
        }
    }
}

/// One violation: the page, the step, and the request URL, cookie or key.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Violation {
    /// The page audited.
    pub page: String,
    /// The step it happened in.
    pub step: Step,
    /// What kind of violation.
    pub kind: Kind,
    /// The request URL (requests, and the first tracker of a page without a banner).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The vendor, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vendor: Option<String>,
    /// The cookie's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cookie: Option<String>,
    /// The cookie's domain.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// The storage area (`localStorage`, `sessionStorage`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub storage: Option<Area>,
    /// The storage key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The origin of the storage entry.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// What the script or header that did it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub set_by: Option<String>,
    /// One sentence saying what happened.
    pub message: String,
}

/// A page, judged.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageReport {
    /// The URL audited.
    pub url: String,
    /// Where it ended after redirects.
    pub final_url: String,
    /// Its title.
    pub title: String,
    /// The HTTP status of its document.
    pub status: Option<i64>,
    /// The consent banner a first-time visitor saw.
    pub banner: Option<Banner>,
    /// The steps, in order (steps 2 and 3 only when they could be done).
    pub steps: Vec<StepReport>,
    /// What "Accept all" turned on.
    pub gated: Option<Gated>,
    /// The violations.
    pub violations: Vec<Violation>,
    /// A JPEG of the page as a first-time visitor sees it, base64.
    #[serde(skip)]
    pub screenshot: Option<String>,
}

/// The vendor table and the policy: everything a judgement needs.
#[derive(Debug, Clone)]
pub struct Judge {
    /// Who is behind each host.
    pub vendors: Vendors,
    /// What is allowed.
    pub policy: Policy,
}

impl Judge {
    /// Judges a page.
    pub fn page(&self, page: &PageCapture) -> PageReport {
        let site = host_of(&page.final_url)
            .or_else(|| host_of(&page.url))
            .map(|h| site_of(&h))
            .unwrap_or_default();
        let mut violations = Vec::new();
        let mut steps = Vec::new();
        let before = self.step(
            &page.url,
            &site,
            Step::BeforeConsent,
            &page.before_consent,
            None,
            &mut violations,
        );
        let banner = page.before_consent.banner.clone();
        if banner.is_none() {
            let trackers: Vec<&JudgedRequest> = before
                .requests
                .iter()
                .filter(|r| r.vendor.as_ref().is_some_and(|v| v.tracker))
                .collect();
            if let Some(first) = trackers.first() {
                let mut names: Vec<&str> = trackers
                    .iter()
                    .filter_map(|r| r.vendor.as_ref())
                    .map(|v| v.name.as_str())
                    .collect();
                names.dedup();
                violations.push(Violation {
                    page: page.url.clone(),
                    step: Step::BeforeConsent,
                    kind: Kind::NoBanner,
                    url: Some(first.request.url.clone()),
                    vendor: first.vendor.as_ref().map(|v| v.name.clone()),
                    cookie: None,
                    domain: None,
                    storage: None,
                    key: None,
                    origin: None,
                    set_by: None,
                    message: format!("no consent banner, yet the page loads {}", names.join(", ")),
                });
            }
        }
        steps.push(before);
        if let Some(capture) = &page.after_reject {
            steps.push(self.step(
                &page.url,
                &site,
                Step::AfterReject,
                capture,
                None,
                &mut violations,
            ));
        }
        let gated = page.after_accept.as_ref().map(|capture| {
            let accept = self.step(
                &page.url,
                &site,
                Step::AfterAccept,
                capture,
                Some(&page.before_consent),
                &mut violations,
            );
            let gated = Gated {
                requests: accept
                    .requests
                    .iter()
                    .filter(|r| r.verdict == Verdict::Gated)
                    .cloned()
                    .collect(),
                cookies: accept
                    .cookies
                    .iter()
                    .filter(|c| c.verdict == Verdict::Gated)
                    .cloned()
                    .collect(),
                storage: accept
                    .storage
                    .iter()
                    .filter(|s| s.verdict == Verdict::Gated)
                    .cloned()
                    .collect(),
            };
            steps.push(accept);
            gated
        });
        dedup(&mut violations);
        PageReport {
            url: page.url.clone(),
            final_url: page.final_url.clone(),
            title: page.title.clone(),
            status: page.status,
            banner,
            steps,
            gated,
            violations,
            screenshot: page.screenshot.clone(),
        }
    }

    /// Judges a step. Step 3 (`baseline`: what step 1 saw) is not judged:
    /// what is new in it is what the banner gates.
    fn step(
        &self,
        page: &str,
        site: &str,
        step: Step,
        capture: &StepCapture,
        baseline: Option<&StepCapture>,
        out: &mut Vec<Violation>,
    ) -> StepReport {
        // In step 3, what step 1 also saw is "before consent", anything else
        // is gated; the banner's own storage entry stays necessary.
        let gate = |verdict: Verdict, seen_before: bool| match (baseline, verdict) {
            (None, v) => v,
            (Some(_), Verdict::Local) => Verdict::Local,
            (Some(_), _) if seen_before => Verdict::BeforeConsent,
            (Some(_), _) => Verdict::Gated,
        };
        let mut requests = Vec::new();
        for r in &capture.requests {
            let mut judged = self.request(site, r);
            let seen = baseline.is_some_and(|b| b.requests.iter().any(|x| x.url == r.url));
            judged.verdict = gate(judged.verdict, seen);
            if judged.verdict == Verdict::Violation {
                out.push(request_violation(page, step, &judged));
            }
            requests.push(judged);
        }
        let mut cookies = Vec::new();
        for c in &capture.cookies {
            let mut judged = self.cookie(c);
            let seen = baseline.is_some_and(|b| {
                b.cookies
                    .iter()
                    .any(|x| x.name == c.name && x.domain == c.domain)
            });
            judged.verdict = gate(judged.verdict, seen);
            if judged.verdict == Verdict::Violation {
                out.push(cookie_violation(page, step, &judged));
            }
            cookies.push(judged);
        }
        let mut storage = Vec::new();
        for item in &capture.storage {
            let mut judged = self.storage(item);
            let seen = baseline.is_some_and(|b| {
                b.storage
                    .iter()
                    .any(|x| x.origin == item.origin && x.area == item.area && x.key == item.key)
            });
            if !(baseline.is_some() && judged.verdict == Verdict::Ok) {
                judged.verdict = gate(judged.verdict, seen);
            }
            if judged.verdict == Verdict::Violation {
                out.push(storage_violation(page, step, &judged));
            }
            storage.push(judged);
        }
        StepReport {
            step,
            requests,
            cookies,
            storage,
            banner: capture.banner.clone(),
            notes: capture.notes.clone(),
        }
    }

    /// Judges a request made on a page of `site`.
    pub fn request(&self, site: &str, request: &Request) -> JudgedRequest {
        let Some(host) = host_of(&request.url) else {
            return JudgedRequest {
                request: request.clone(),
                host: String::new(),
                party: Party::First,
                vendor: None,
                verdict: Verdict::Local,
            };
        };
        let party = if site_of(&host) == site {
            Party::First
        } else {
            Party::Third
        };
        let vendor = self.vendors.classify(&host).cloned();
        let verdict = if first_match(&self.policy.allow_hosts, &host).is_some() {
            Verdict::Allowed
        } else if vendor.as_ref().is_some_and(|v| v.tracker) || party == Party::Third {
            Verdict::Violation
        } else {
            Verdict::Ok
        };
        JudgedRequest {
            request: request.clone(),
            host,
            party,
            vendor,
            verdict,
        }
    }

    /// Judges a cookie.
    pub fn cookie(&self, cookie: &Cookie) -> JudgedCookie {
        let analytics = first_match(&self.policy.profile.analytics_cookies, &cookie.name).is_some();
        let vendor = self
            .vendors
            .classify(cookie.domain.trim_start_matches('.'))
            .cloned();
        let verdict = if analytics {
            Verdict::Violation
        } else if first_match(&self.policy.allow_cookies, &cookie.name).is_some() {
            Verdict::Allowed
        } else {
            Verdict::Violation
        };
        JudgedCookie {
            cookie: cookie.clone(),
            analytics,
            vendor,
            verdict,
        }
    }

    /// Judges a storage entry.
    pub fn storage(&self, item: &StorageItem) -> JudgedStorage {
        let verdict =
            if item.area == Area::LocalStorage && item.key == self.policy.profile.storage_key {
                Verdict::Ok
            } else if first_match(&self.policy.allow_storage, &item.key).is_some() {
                Verdict::Allowed
            } else {
                Verdict::Violation
            };
        JudgedStorage {
            item: item.clone(),
            verdict,
        }
    }
}

/// The host of a URL that goes over the network; `None` for `data:`,
/// `blob:`, `about:` and the like.
pub fn host_of(url: &str) -> Option<String> {
    let url = Url::parse(url).ok()?;
    if !matches!(url.scheme(), "http" | "https" | "ws" | "wss") {
        return None;
    }
    url.host_str().map(crate::site::normalize)
}

fn blank(page: &str, step: Step, kind: Kind, message: String) -> Violation {
    Violation {
        page: page.to_string(),
        step,
        kind,
        url: None,
        vendor: None,
        cookie: None,
        domain: None,
        storage: None,
        key: None,
        origin: None,
        set_by: None,
        message,
    }
}

fn request_violation(page: &str, step: Step, r: &JudgedRequest) -> Violation {
    let what = format!(
        "{} {}",
        r.request.resource_type.to_lowercase(),
        r.request.url
    );
    let (kind, message) = match &r.vendor {
        Some(v) if v.tracker => (
            Kind::TrackerRequest,
            format!("{what}: {}, {}", v.name, v.category),
        ),
        Some(v) => (
            Kind::ThirdPartyRequest,
            format!("{what}: {}, {}, a third party", v.name, v.category),
        ),
        None => (Kind::ThirdPartyRequest, format!("{what}: a third party")),
    };
    Violation {
        url: Some(r.request.url.clone()),
        vendor: r.vendor.as_ref().map(|v| v.name.clone()),
        ..blank(page, step, kind, message)
    }
}

/// How a cookie was set, for a message.
pub fn set_by_text(set_by: &SetBy) -> Option<String> {
    match set_by {
        SetBy::Header(url) => Some(format!("a Set-Cookie header of {url}")),
        SetBy::Script(url) => Some(format!("the script {url}")),
        SetBy::Unknown => None,
    }
}

fn cookie_violation(page: &str, step: Step, c: &JudgedCookie) -> Violation {
    let by = set_by_text(&c.cookie.set_by);
    let mut message = format!("{} on {}", c.cookie.name, c.cookie.domain);
    if let Some(by) = &by {
        message.push_str(&format!(", set by {by}"));
    }
    if let Some(reason) = &c.cookie.blocked {
        message.push_str(&format!(" (refused by this browser: {reason})"));
    }
    if c.analytics {
        message.push_str("; an analytics cookie of the site profile");
    }
    Violation {
        cookie: Some(c.cookie.name.clone()),
        domain: Some(c.cookie.domain.clone()),
        vendor: c.vendor.as_ref().map(|v| v.name.clone()),
        set_by: by,
        ..blank(page, step, Kind::Cookie, message)
    }
}

fn storage_violation(page: &str, step: Step, s: &JudgedStorage) -> Violation {
    let mut message = format!(
        "{} {:?} of {}",
        s.item.area.label(),
        s.item.key,
        s.item.origin
    );
    if let Some(by) = &s.item.set_by {
        message.push_str(&format!(", written by the script {by}"));
    }
    Violation {
        storage: Some(s.item.area),
        key: Some(s.item.key.clone()),
        origin: Some(s.item.origin.clone()),
        set_by: s.item.set_by.clone(),
        ..blank(page, step, Kind::Storage, message)
    }
}

/// One violation per step and thing: a script fetched twice is one.
fn dedup(violations: &mut Vec<Violation>) {
    let mut seen = std::collections::HashSet::new();
    violations.retain(|v| {
        seen.insert((
            v.step,
            v.kind,
            v.url.clone(),
            v.cookie.clone(),
            v.domain.clone(),
            v.key.clone(),
            v.origin.clone(),
        ))
    });
}
