//! What the browser saw on a page, step by step, before any judgement.

use serde::Serialize;

/// The three steps of a page's audit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Step {
    /// The first visit, before any click.
    BeforeConsent,
    /// After "Reject all" and a reload.
    AfterReject,
    /// After "Accept all" (on a fresh visit): what the banner gates.
    AfterAccept,
}

impl Step {
    /// How the report names the step.
    pub fn label(self) -> &'static str {
        match self {
            Step::BeforeConsent => "before consent",
            Step::AfterReject => "after Reject all",
            Step::AfterAccept => "after Accept all",
        }
    }
}

/// One request the page made (each hop of a redirect is one).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Request {
    /// The URL requested.
    pub url: String,
    /// `GET`, `POST`…
    pub method: String,
    /// Chromium's resource type: `Document`, `Script`, `Image`, `Ping`…
    #[serde(rename = "type")]
    pub resource_type: String,
    /// What started it: `parser`, `script`, `preload`, `other`, and the
    /// script or document URL when Chromium knows it.
    pub initiator: String,
    /// The HTTP status, when a response came.
    pub status: Option<i64>,
    /// Chromium's error when it failed (`net::ERR_CONNECTION_REFUSED`), or
    /// the reason it was redirected.
    pub error: Option<String>,
}

/// How a cookie came to be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "by", content = "url", rename_all = "kebab-case")]
pub enum SetBy {
    /// A `Set-Cookie` header of the response to this URL.
    Header(String),
    /// `document.cookie` or `cookieStore.set`, called by the script at this
    /// URL (the page's URL for an inline script).
    Script(String),
    /// Neither was seen (it was there before the step, or a worker set it).
    Unknown,
}

/// A cookie set during a step, stored or refused by the browser.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cookie {
    /// Its name.
    pub name: String,
    /// Its domain (a leading dot: the domain and its subdomains).
    pub domain: String,
    /// Its path.
    pub path: String,
    /// When it expires, in seconds since 1970; `None` for a session cookie.
    pub expires: Option<f64>,
    /// Whether scripts cannot read it.
    pub http_only: bool,
    /// Whether it is sent over HTTPS only.
    pub secure: bool,
    /// Who set it.
    pub set_by: SetBy,
    /// Why the browser refused to store it (its third-party cookie setting,
    /// a `Secure` cookie over HTTP…); `None` when it is stored.
    pub blocked: Option<String>,
}

/// Which storage area.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Area {
    /// `localStorage`.
    LocalStorage,
    /// `sessionStorage`.
    SessionStorage,
}

impl Area {
    /// Its name in JavaScript.
    pub fn label(self) -> &'static str {
        match self {
            Area::LocalStorage => "localStorage",
            Area::SessionStorage => "sessionStorage",
        }
    }
}

/// A `localStorage` or `sessionStorage` entry present at the end of a step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StorageItem {
    /// The origin it belongs to (the page's or an iframe's).
    pub origin: String,
    /// Which area.
    pub area: Area,
    /// Its key.
    pub key: String,
    /// The script that wrote it, when it was seen writing (`setItem`).
    pub set_by: Option<String>,
}

/// A consent banner found on the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "name", rename_all = "kebab-case")]
pub enum Banner {
    /// This project's banner (`#icta-consent`).
    IctaConsent,
    /// Another consent banner, by the name of its platform (`OneTrust`).
    Other(String),
}

impl Banner {
    /// How the report names it.
    pub fn label(&self) -> String {
        match self {
            Banner::IctaConsent => "icta-consent".to_string(),
            Banner::Other(name) => name.clone(),
        }
    }
}

/// Everything seen in one step.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct StepCapture {
    /// The requests, in the order they were made.
    pub requests: Vec<Request>,
    /// The cookies set during the step.
    pub cookies: Vec<Cookie>,
    /// The storage entries present at its end.
    pub storage: Vec<StorageItem>,
    /// The banner visible at its end, if any.
    pub banner: Option<Banner>,
    /// What the audit could not do in this step, or noticed.
    pub notes: Vec<String>,
}

/// A page as the browser saw it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PageCapture {
    /// The URL audited.
    pub url: String,
    /// Where it ended after redirects.
    pub final_url: String,
    /// The document's title.
    pub title: String,
    /// The browser's version (`Chrome/156.0.8078.114`).
    #[serde(skip)]
    pub browser: String,
    /// The HTTP status of the document.
    pub status: Option<i64>,
    /// Step 1: before any click.
    pub before_consent: StepCapture,
    /// Step 2: after "Reject all" and a reload; `None` when there was no
    /// banner or no such button.
    pub after_reject: Option<StepCapture>,
    /// Step 3: after "Accept all"; `None` when there was no such button.
    pub after_accept: Option<StepCapture>,
    /// Same-site links found on the page, for `--max-pages`.
    #[serde(skip)]
    pub links: Vec<String>,
    /// A JPEG of the page as a first-time visitor sees it, base64.
    #[serde(skip)]
    pub screenshot: Option<String>,
}
