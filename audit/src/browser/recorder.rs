//! The page's DevTools events, kept for the steps: requests and their
//! outcome, `Set-Cookie` headers (and the ones the browser refused), and the
//! cookie and storage writes [`HOOK`] reports.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use chromiumoxide::cdp::browser_protocol::network::{
    EnableParams, EventLoadingFailed, EventRequestWillBeSent, EventResponseReceived,
    EventResponseReceivedExtraInfo,
};
use chromiumoxide::cdp::browser_protocol::page::AddScriptToEvaluateOnNewDocumentParams;
use chromiumoxide::cdp::js_protocol::runtime::{AddBindingParams, EventBindingCalled};
use chromiumoxide::Page;
use futures::StreamExt;
use serde::Deserialize;
use tokio::task::JoinHandle;

use super::browser_error;
use crate::capture::Request;
use crate::error::Error;

/// The script that reports cookie and storage writes (`js/hook.js`): it
/// runs in every frame before the page's own scripts.
pub const HOOK: &str = include_str!("js/hook.js");
/// The binding [`HOOK`] reports through.
const BINDING: &str = "__ictaConsentAudit";

/// Which part of the audit an event belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Epoch {
    BeforeConsent,
    AfterReject,
    /// Clearing storage and reloading before "Accept all": not reported.
    Between,
    AfterAccept,
}

#[derive(Debug, Default)]
pub(super) struct State {
    pub(super) epoch: Option<Epoch>,
    /// Requests by protocol id; each hop of a redirect is one entry.
    pub(super) requests: Vec<(Epoch, String, Request)>,
    pub(super) by_id: HashMap<String, usize>,
    /// Set-Cookie lines: epoch, request id, line, why it was refused.
    pub(super) set_cookies: Vec<(Epoch, String, String, Option<String>)>,
    /// Writes the hook saw.
    pub(super) writes: Vec<(Epoch, Write)>,
    /// The top document of the current load.
    pub(super) document_id: Option<String>,
    pub(super) document_status: Option<i64>,
    pub(super) document_error: Option<String>,
}

/// A write [`HOOK`] reported.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct Write {
    pub(super) t: String,
    #[serde(default)]
    pub(super) v: String,
    #[serde(default)]
    pub(super) area: String,
    #[serde(default)]
    pub(super) k: String,
    #[serde(default)]
    pub(super) script: String,
    #[serde(default)]
    pub(super) frame: String,
}

/// Listens to the page's protocol events and keeps what the steps need.
pub(super) struct Recorder {
    pub(super) state: Arc<Mutex<State>>,
    task: JoinHandle<()>,
}

impl Drop for Recorder {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Recorder {
    pub(super) async fn start(page: &Page) -> Result<Self, Error> {
        let state = Arc::new(Mutex::new(State::default()));
        let main_frame = page
            .mainframe()
            .await
            .map_err(browser_error)?
            .map(|f| f.inner().clone());

        let mut sent = page
            .event_listener::<EventRequestWillBeSent>()
            .await
            .map_err(browser_error)?;
        let mut received = page
            .event_listener::<EventResponseReceived>()
            .await
            .map_err(browser_error)?;
        let mut failed = page
            .event_listener::<EventLoadingFailed>()
            .await
            .map_err(browser_error)?;
        let mut extra = page
            .event_listener::<EventResponseReceivedExtraInfo>()
            .await
            .map_err(browser_error)?;
        let mut bindings = page
            .event_listener::<EventBindingCalled>()
            .await
            .map_err(browser_error)?;
        let s = state.clone();
        // One task for every event, so that a response is never handled
        // before the request it answers. chromiumoxide hands each kind of
        // event to its own channel and fills them all in one go; on this
        // one-thread runtime, once a response is in its channel its request
        // is in the first one, which `biased` reads first.
        let task = tokio::spawn(async move {
            loop {
                tokio::select! {
                    biased;
                    Some(e) = sent.next() => on_request(&mut lock(&s), &e, main_frame.as_ref()),
                    Some(e) = received.next() => on_response(&mut lock(&s), &e),
                    Some(e) = failed.next() => on_failure(&mut lock(&s), &e),
                    Some(e) = extra.next() => on_extra_info(&mut lock(&s), &e),
                    Some(e) = bindings.next() => on_binding(&mut lock(&s), &e),
                    else => break,
                }
            }
        });

        page.execute(EnableParams::default())
            .await
            .map_err(browser_error)?;
        page.execute(AddBindingParams::new(BINDING))
            .await
            .map_err(browser_error)?;
        page.execute(AddScriptToEvaluateOnNewDocumentParams::new(HOOK))
            .await
            .map_err(browser_error)?;
        Ok(Recorder { state, task })
    }

    pub(super) fn lock(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }

    pub(super) fn set_epoch(&self, epoch: Epoch) {
        self.lock().epoch = Some(epoch);
    }
}

pub(super) fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    // A task that panicked left the state as it was: still worth reading.
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn on_request(st: &mut State, e: &EventRequestWillBeSent, top: Option<&String>) {
    let Some(epoch) = st.epoch else { return };
    let id = e.request_id.inner().clone();
    if let (Some(redirect), Some(&i)) = (&e.redirect_response, st.by_id.get(&id)) {
        let hop = &mut st.requests[i].2;
        // Chromium's own upgrade of a host it knows is HTTPS-only (HSTS):
        // the same request, not a new one.
        if hop.url.strip_prefix("http://") == e.request.url.strip_prefix("https://") {
            hop.error = Some("upgraded to https".to_string());
            return;
        }
        hop.status = Some(redirect.status);
        hop.error = Some(format!("redirected ({})", redirect.status));
    }
    let resource_type = e
        .r#type
        .as_ref()
        .map_or("Other", |t| t.as_ref())
        .to_string();
    let is_top = resource_type == "Document"
        && e.request_id.inner() == e.loader_id.inner()
        && e.frame_id.as_ref().map(|f| f.inner()) == top;
    if is_top && e.redirect_response.is_none() {
        st.document_id = Some(id.clone());
        st.document_status = None;
        st.document_error = None;
    }
    let initiator = match &e.initiator.url {
        Some(url) if !url.is_empty() => format!("{} {url}", e.initiator.r#type.as_ref()),
        _ => e.initiator.r#type.as_ref().to_string(),
    };
    let request = Request {
        url: e.request.url.clone(),
        method: e.request.method.clone(),
        resource_type,
        initiator: initiator.to_ascii_lowercase(),
        status: None,
        error: None,
    };
    let index = st.requests.len();
    st.requests.push((epoch, id.clone(), request));
    st.by_id.insert(id, index);
}

fn on_response(st: &mut State, e: &EventResponseReceived) {
    let id = e.request_id.inner();
    if st.document_id.as_ref() == Some(id) {
        st.document_status = Some(e.response.status);
    }
    if let Some(&i) = st.by_id.get(id) {
        st.requests[i].2.status = Some(e.response.status);
    }
}

fn on_failure(st: &mut State, e: &EventLoadingFailed) {
    let id = e.request_id.inner();
    let error = if e.canceled == Some(true) {
        "canceled".to_string()
    } else {
        e.error_text.clone()
    };
    if st.document_id.as_ref() == Some(id) && st.document_status.is_none() {
        st.document_error = Some(error.clone());
    }
    if let Some(&i) = st.by_id.get(id) {
        let hop = &mut st.requests[i].2;
        hop.error = Some(match hop.error.take() {
            Some(before) if before == "upgraded to https" => format!("{before}, then {error}"),
            _ => error,
        });
    }
}

fn on_extra_info(st: &mut State, e: &EventResponseReceivedExtraInfo) {
    let Some(epoch) = st.epoch else { return };
    let id = e.request_id.inner();
    let blocked: HashMap<&str, String> = e
        .blocked_cookies
        .iter()
        .map(|b| {
            let reasons: Vec<&str> = b.blocked_reasons.iter().map(|r| r.as_ref()).collect();
            (b.cookie_line.as_str(), reasons.join(", "))
        })
        .collect();
    let Some(headers) = e.headers.inner().as_object() else {
        return;
    };
    for (name, value) in headers {
        if !name.eq_ignore_ascii_case("set-cookie") {
            continue;
        }
        for line in value.as_str().unwrap_or_default().lines() {
            let refused = blocked.get(line).cloned();
            st.set_cookies
                .push((epoch, id.clone(), line.to_string(), refused));
        }
    }
}

fn on_binding(st: &mut State, e: &EventBindingCalled) {
    if e.name != BINDING {
        return;
    }
    let Ok(write) = serde_json::from_str::<Write>(&e.payload) else {
        return;
    };
    if let Some(epoch) = st.epoch {
        st.writes.push((epoch, write));
    }
}
