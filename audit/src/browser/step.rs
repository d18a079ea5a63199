//! A step's capture from what the recorder kept and what the page showed:
//! its requests, the cookies set during it (stored or refused, and by whom),
//! the storage entries it added.

use std::collections::{HashMap, HashSet};

use url::Url;

use super::page::{FrameStorage, Jarred};
use super::recorder::{Epoch, Recorder};
use crate::capture::{Area, Banner, Cookie, Request, SetBy, StepCapture, StorageItem};

/// The name of a `Set-Cookie` line or a `document.cookie` value.
fn cookie_name(line: &str) -> String {
    let pair = line.split(';').next().unwrap_or_default();
    match pair.split_once('=') {
        Some((name, _)) => name.trim().to_string(),
        None => String::new(),
    }
}

/// Whether a cookie line deletes its cookie (an expiry in the past).
fn deletes(line: &str) -> bool {
    let lower = line.to_ascii_lowercase();
    lower.split(';').skip(1).map(str::trim).any(|attr| {
        attr.strip_prefix("max-age=")
            .is_some_and(|v| v.trim().parse::<i64>().is_ok_and(|n| n <= 0))
            || attr
                .strip_prefix("expires=")
                .is_some_and(|v| v.contains("1970"))
    })
}

/// The `Domain` attribute of a cookie line, or the host of `url`.
fn cookie_domain(line: &str, url: &str) -> String {
    for attr in line.split(';').skip(1) {
        if let Some((k, v)) = attr.split_once('=') {
            if k.trim().eq_ignore_ascii_case("domain") {
                let d = v.trim().trim_start_matches('.');
                return format!(".{d}");
            }
        }
    }
    Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_default()
}

/// Builds a step's capture: its requests, the cookies set during it (new or
/// changed in the jar since `before`, or written during it), the storage
/// entries it added.
pub(super) fn step_capture(
    recorder: &Recorder,
    epoch: Epoch,
    jar_before: &[Jarred],
    jar_after: &[Jarred],
    storage_before: &[FrameStorage],
    storage_after: &[FrameStorage],
    banner: Option<Banner>,
) -> StepCapture {
    let st = recorder.lock();
    let url_of: HashMap<&str, &str> = st
        .requests
        .iter()
        .map(|(_, id, r)| (id.as_str(), r.url.as_str()))
        .collect();
    let mut requests: Vec<Request> = st
        .requests
        .iter()
        .filter(|(e, _, _)| *e == epoch)
        .map(|(_, _, r)| r.clone())
        .collect();

    // Resource Timing as a check: anything fetched that no protocol event reported.
    let seen: HashSet<String> = st
        .requests
        .iter()
        .map(|(_, _, r)| strip_fragment(&r.url))
        .collect();
    let mut extra: HashSet<String> = HashSet::new();
    for frame in storage_after {
        for f in &frame.fetched {
            let url = strip_fragment(&f.url);
            if !seen.contains(&url) && extra.insert(url.clone()) {
                requests.push(Request {
                    url,
                    method: "GET".to_string(),
                    resource_type: f.kind.clone(),
                    initiator: "resource timing".to_string(),
                    status: None,
                    error: None,
                });
            }
        }
    }

    // Who set what: the last header or script write of each cookie name.
    let mut by_header: HashMap<String, (String, String, Option<String>)> = HashMap::new();
    for (_, id, line, refused) in st.set_cookies.iter().filter(|(e, ..)| *e == epoch) {
        let url = url_of
            .get(id.as_str())
            .copied()
            .unwrap_or_default()
            .to_string();
        by_header.insert(cookie_name(line), (url, line.clone(), refused.clone()));
    }
    let mut by_script: HashMap<String, (String, String, String)> = HashMap::new();
    for (_, w) in st
        .writes
        .iter()
        .filter(|(e, w)| *e == epoch && w.t == "cookie")
    {
        by_script.insert(
            cookie_name(&w.v),
            (w.script.clone(), w.v.clone(), w.frame.clone()),
        );
    }
    let mut cookies = Vec::new();
    let mut named: HashSet<String> = HashSet::new();
    for c in jar_after {
        let changed = !jar_before.contains(c);
        let header = by_header
            .get(&c.name)
            .filter(|(_, _, refused)| refused.is_none());
        let script = by_script.get(&c.name).filter(|(_, line, _)| !deletes(line));
        if !changed && header.is_none() && script.is_none() {
            continue;
        }
        let set_by = match (script, header) {
            (Some((s, _, _)), _) => SetBy::Script(s.clone()),
            (None, Some((u, _, _))) => SetBy::Header(u.clone()),
            (None, None) => SetBy::Unknown,
        };
        named.insert(c.name.clone());
        cookies.push(Cookie {
            name: c.name.clone(),
            domain: c.domain.clone(),
            path: c.path.clone(),
            expires: c.expires,
            http_only: c.http_only,
            secure: c.secure,
            set_by,
            blocked: None,
        });
    }
    // Attempts the browser refused: they still say what the page tried.
    for (name, (url, line, refused)) in &by_header {
        if let Some(reason) = refused {
            if !named.contains(name) && !deletes(line) && !name.is_empty() {
                named.insert(name.clone());
                cookies.push(refused_cookie(
                    name,
                    line,
                    url,
                    SetBy::Header(url.clone()),
                    reason,
                ));
            }
        }
    }
    for (name, (script, line, frame)) in &by_script {
        if !named.contains(name) && !deletes(line) && !name.is_empty() {
            let in_jar = jar_after.iter().any(|c| &c.name == name);
            if !in_jar {
                cookies.push(refused_cookie(
                    name,
                    line,
                    frame,
                    SetBy::Script(script.clone()),
                    "not stored",
                ));
            }
        }
    }
    cookies.sort_by(|a, b| (&a.domain, &a.name).cmp(&(&b.domain, &b.name)));

    // Storage: entries not there before, or written during the step.
    let written: HashMap<(String, String, String), String> = st
        .writes
        .iter()
        .filter(|(e, w)| *e == epoch && w.t == "storage")
        .map(|(_, w)| {
            (
                (origin_of(&w.frame), w.area.clone(), w.k.clone()),
                w.script.clone(),
            )
        })
        .collect();
    let before: HashSet<(String, Area, String)> = entries(storage_before).collect();
    let mut storage: Vec<StorageItem> = entries(storage_after)
        .collect::<HashSet<_>>()
        .into_iter()
        .filter_map(|(origin, area, key)| {
            let by = written
                .get(&(origin.clone(), area.label().to_string(), key.clone()))
                .cloned();
            if before.contains(&(origin.clone(), area, key.clone())) && by.is_none() {
                return None;
            }
            Some(StorageItem {
                origin,
                area,
                key,
                set_by: by,
            })
        })
        .collect();
    storage.sort_by(|a, b| (&a.origin, a.area, &a.key).cmp(&(&b.origin, b.area, &b.key)));

    StepCapture {
        requests,
        cookies,
        storage,
        banner,
        notes: Vec::new(),
    }
}

fn refused_cookie(name: &str, line: &str, url: &str, set_by: SetBy, reason: &str) -> Cookie {
    let lower = line.to_ascii_lowercase();
    Cookie {
        name: name.to_string(),
        domain: cookie_domain(line, url),
        path: "/".to_string(),
        expires: None,
        http_only: lower.contains("httponly"),
        secure: lower.contains("secure"),
        set_by,
        blocked: Some(reason.to_string()),
    }
}

fn entries(frames: &[FrameStorage]) -> impl Iterator<Item = (String, Area, String)> + '_ {
    frames.iter().flat_map(|f| {
        let local = f
            .local
            .iter()
            .map(|k| (f.origin.clone(), Area::LocalStorage, k.clone()));
        let session = f
            .session
            .iter()
            .map(|k| (f.origin.clone(), Area::SessionStorage, k.clone()));
        local.chain(session)
    })
}

fn origin_of(url: &str) -> String {
    Url::parse(url)
        .map(|u| u.origin().ascii_serialization())
        .unwrap_or_default()
}

fn strip_fragment(url: &str) -> String {
    url.split('#').next().unwrap_or(url).to_string()
}
