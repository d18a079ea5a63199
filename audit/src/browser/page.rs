//! What the page shows, read from an isolated world where the page's own
//! scripts cannot interfere: the banner, the links, each frame's storage;
//! and the visitor's actions: a click, a screenshot, forgetting everything.

use std::collections::HashSet;
use std::time::Duration;

use chromiumoxide::cdp::browser_protocol::network::ClearBrowserCookiesParams;
use chromiumoxide::cdp::browser_protocol::page::{
    CaptureScreenshotFormat, CaptureScreenshotParams, CreateIsolatedWorldParams, FrameId,
};
use chromiumoxide::cdp::browser_protocol::storage::ClearDataForOriginParams;
use chromiumoxide::cdp::js_protocol::runtime::EvaluateParams;
use chromiumoxide::layout::Point;
use chromiumoxide::{Browser, Page};
use serde::Deserialize;
use serde_json::Value;

use super::browser_error;
use crate::banners::{self, Known};
use crate::capture::Banner;
use crate::error::Error;

const PROBE: &str = include_str!("js/probe.js");
const FIND: &str = include_str!("js/find.js");
const STORAGE: &str = include_str!("js/storage.js");
const WORLD: &str = "icta-consent-audit";

/// What [`PROBE`] found.
#[derive(Debug, Clone, Default)]
pub(super) struct Probe {
    pub(super) banner: Option<Banner>,
    pub(super) title: String,
    pub(super) url: String,
    pub(super) links: Vec<String>,
}

pub(super) async fn probe(page: &Page) -> Result<Probe, Error> {
    let others = serde_json::to_string(banners::OTHERS).map_err(browser_error)?;
    let value = evaluate(page, None, &PROBE.replace("OTHERS", &others)).await?;
    let text = |k: &str| {
        value
            .get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let banner = value
        .get("banner")
        .and_then(|b| match b.get("kind").and_then(Value::as_str) {
            Some("icta-consent") => Some(Banner::IctaConsent),
            Some(_) => Some(Banner::Other(
                b.get("name")
                    .and_then(Value::as_str)
                    .unwrap_or("unknown")
                    .to_string(),
            )),
            None => None,
        });
    Ok(Probe {
        banner,
        title: text("title"),
        url: text("url"),
        links: super::strings(&value, "links"),
    })
}

pub(super) async fn wait_for_banner(page: &Page, wait: Duration) -> Result<Option<Banner>, Error> {
    let deadline = tokio::time::Instant::now() + wait.max(Duration::from_secs(1));
    loop {
        let banner = probe(page).await?.banner;
        if banner.is_some() || tokio::time::Instant::now() >= deadline {
            return Ok(banner);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Evaluates `expression` in an isolated world of `frame` (the top frame
/// when `None`), where the page's own scripts cannot interfere.
pub(super) async fn evaluate(
    page: &Page,
    frame: Option<FrameId>,
    expression: &str,
) -> Result<Value, Error> {
    let frame = match frame {
        Some(frame) => frame,
        None => page
            .mainframe()
            .await
            .map_err(browser_error)?
            .ok_or_else(|| Error::Browser("no top frame".to_string()))?,
    };
    let world = page
        .execute(CreateIsolatedWorldParams {
            frame_id: frame,
            world_name: Some(WORLD.to_string()),
            grant_univeral_access: None,
        })
        .await
        .map_err(browser_error)?;
    let mut params = EvaluateParams::new(expression);
    params.context_id = Some(world.result.execution_context_id);
    params.return_by_value = Some(true);
    params.await_promise = Some(true);
    let result = page.execute(params).await.map_err(browser_error)?;
    if let Some(exception) = &result.result.exception_details {
        return Err(Error::Browser(format!(
            "a probe failed: {}",
            exception.text
        )));
    }
    Ok(result.result.result.value.clone().unwrap_or(Value::Null))
}

/// The two buttons of a banner.
pub(super) struct Buttons {
    pub(super) reject: Option<Button>,
    pub(super) accept: Option<Button>,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Button {
    pub(super) host: Option<&'static str>,
    pub(super) selector: &'static str,
}

impl Buttons {
    pub(super) fn of(banner: &Banner) -> Self {
        match banner {
            Banner::IctaConsent => Buttons {
                reject: Some(Button {
                    host: Some(banners::ICTA_CONSENT_HOST),
                    selector: banners::ICTA_CONSENT_REJECT,
                }),
                accept: Some(Button {
                    host: Some(banners::ICTA_CONSENT_HOST),
                    selector: banners::ICTA_CONSENT_ACCEPT,
                }),
            },
            Banner::Other(name) => {
                let known: Option<&Known> = banners::OTHERS.iter().find(|k| k.name == name);
                let button = |s: Option<&'static str>| {
                    s.map(|selector| Button {
                        host: None,
                        selector,
                    })
                };
                Buttons {
                    reject: known.and_then(|k| button(k.reject)),
                    accept: known.and_then(|k| button(k.accept)),
                }
            }
        }
    }
}

pub(super) enum Clicked {
    Yes,
    NotFound,
}

/// Clicks a button as a visitor would: a real mouse click on its centre.
/// When the banner is still there afterwards (something covered the button),
/// the button's own `click()` is called instead.
pub(super) async fn click(page: &Page, button: Button, banner: &Banner) -> Result<Clicked, Error> {
    let js = |s: Option<&str>| serde_json::to_string(&s).unwrap_or_else(|_| "null".to_string());
    let find = FIND
        .replace("HOST", &js(button.host))
        .replace("SELECTOR", &js(Some(button.selector)));
    let at = evaluate(page, None, &find).await?;
    let (Some(x), Some(y)) = (
        at.get("x").and_then(Value::as_f64),
        at.get("y").and_then(Value::as_f64),
    ) else {
        return Ok(Clicked::NotFound);
    };
    page.click(Point { x, y }).await.map_err(browser_error)?;
    tokio::time::sleep(Duration::from_millis(200)).await;
    if probe(page).await?.banner.as_ref() == Some(banner) {
        let direct = format!(
            "(() => {{ const root = {host} ? document.querySelector({host})?.shadowRoot : document; root?.querySelector({sel})?.click(); }})()",
            host = js(button.host),
            sel = js(Some(button.selector)),
        );
        evaluate(page, None, &direct).await?;
    }
    Ok(Clicked::Yes)
}

/// A JPEG of the viewport, base64.
pub(super) async fn screenshot(page: &Page) -> Option<String> {
    let params = CaptureScreenshotParams {
        format: Some(CaptureScreenshotFormat::Jpeg),
        quality: Some(80),
        ..CaptureScreenshotParams::default()
    };
    let shot = page.execute(params).await.ok()?;
    let data: &str = shot.result.data.as_ref();
    Some(data.to_string())
}

/// A cookie in the browser's jar.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Jarred {
    pub(super) name: String,
    pub(super) value: String,
    pub(super) domain: String,
    pub(super) path: String,
    pub(super) expires: Option<f64>,
    pub(super) http_only: bool,
    pub(super) secure: bool,
}

pub(super) async fn jar(browser: &Browser) -> Result<Vec<Jarred>, Error> {
    let cookies = browser.get_cookies().await.map_err(browser_error)?;
    Ok(cookies
        .into_iter()
        .map(|c| Jarred {
            name: c.name,
            value: c.value,
            domain: c.domain,
            path: c.path,
            expires: if c.session || c.expires < 0.0 {
                None
            } else {
                Some(c.expires)
            },
            http_only: c.http_only,
            secure: c.secure,
        })
        .collect())
}

/// What [`STORAGE`] found in one frame.
#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct FrameStorage {
    pub(super) origin: String,
    pub(super) local: Vec<String>,
    pub(super) session: Vec<String>,
    pub(super) fetched: Vec<Fetched>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct Fetched {
    pub(super) url: String,
    #[serde(rename = "type")]
    pub(super) kind: String,
}

/// Every frame's storage keys and fetched URLs.
pub(super) async fn storage(page: &Page) -> Vec<FrameStorage> {
    let mut out = Vec::new();
    let frames = page.frames().await.unwrap_or_default();
    for frame in frames {
        if let Ok(value) = evaluate(page, Some(frame), STORAGE).await {
            if let Ok(found) = serde_json::from_value::<FrameStorage>(value) {
                out.push(found);
            }
        }
    }
    out
}

/// Deletes every cookie and each frame's storage, for a visit with nothing stored.
pub(super) async fn forget(page: &Page) {
    let origins: HashSet<String> = storage(page).await.into_iter().map(|f| f.origin).collect();
    let _ = page.execute(ClearBrowserCookiesParams::default()).await;
    for origin in origins.into_iter().filter(|o| o.starts_with("http")) {
        let _ = page
            .execute(ClearDataForOriginParams::new(origin, "all"))
            .await;
    }
}
