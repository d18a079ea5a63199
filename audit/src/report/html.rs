//! The HTML report: one self-contained file (styles inline, screenshots as
//! `data:` URLs, no script), readable without the tool.

use std::fmt::Write as _;
use std::time::SystemTime;

use url::Url;

use crate::capture::Step;
use crate::judge::{
    JudgedCookie, JudgedRequest, JudgedStorage, PageReport, Party, StepReport, Verdict,
};
use crate::report::terminal::{gated_items, rows, short_url};
use crate::report::{lifetime, Report};

const STYLE: &str = include_str!("report.css");

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn pill(class: &str, text: &str) -> String {
    format!("<span class=\"pill {class}\">{}</span>", escape(text))
}

fn verdict_pill(v: Verdict) -> String {
    match v {
        Verdict::Ok => pill("ok", "ok"),
        Verdict::Allowed => pill("allowed", "allowed"),
        Verdict::Violation => pill("bad", "violation"),
        Verdict::Gated => pill("gated", "gated"),
        Verdict::Local => pill("muted", "local"),
        Verdict::BeforeConsent => pill("muted", "before consent too"),
    }
}

/// The whole page.
pub fn render(report: &Report) -> String {
    let now = SystemTime::now();
    let s = &report.summary;
    let mut h = String::new();
    let _ = write!(
        h,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Consent audit: {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        escape(
            &report
                .pages
                .first()
                .map_or_else(|| "no page".to_string(), |p| p.url.clone())
        )
    );
    let (class, word) = match s.exit_code {
        0 => ("ok", "PASS"),
        1 => ("bad", "FAIL"),
        _ => ("bad", "AUDIT FAILED"),
    };
    let _ = write!(
        h,
        "<header class=\"top\"><div class=\"wrap\"><div class=\"brand\">icta-consent-audit</div>\
         <h1>What the site does before consent</h1>\
         <p class=\"meta\">{} · {} · {}</p>\
         <div class=\"cards\">\
         <div class=\"card verdict {class}\"><span class=\"num\">{word}</span><span class=\"label\">exit {}</span></div>\
         <div class=\"card\"><span class=\"num\">{}</span><span class=\"label\">pages audited</span></div>\
         <div class=\"card {}\"><span class=\"num\">{}</span><span class=\"label\">violations</span></div>\
         <div class=\"card {}\"><span class=\"num\">{}</span><span class=\"label\">pages with violations</span></div>\
         <div class=\"card {}\"><span class=\"num\">{}</span><span class=\"label\">not audited</span></div>\
         </div></div></header>\n<main class=\"wrap\">\n",
        escape(&human_date(&report.date)),
        escape(&report.browser),
        escape(&report.tool),
        s.exit_code,
        s.pages,
        if s.violations > 0 { "bad" } else { "" },
        s.violations,
        if s.failing > 0 { "bad" } else { "" },
        s.failing,
        if s.errors > 0 { "bad" } else { "" },
        s.errors,
    );

    if !report.errors.is_empty() {
        h.push_str("<section class=\"box errors\"><h2>Pages not audited</h2><ul>");
        for e in &report.errors {
            let _ = write!(
                h,
                "<li><code>{}</code>: {}</li>",
                escape(&e.page),
                escape(&e.message)
            );
        }
        h.push_str("</ul></section>\n");
    }

    if !report.pages.is_empty() {
        h.push_str(
            "<section class=\"box\"><h2>Pages</h2><table class=\"list pages\"><thead><tr><th>page</th>\
             <th>banner</th><th>before consent</th><th>after Reject all</th><th>gated by the banner</th><th></th></tr></thead><tbody>",
        );
        for (i, page) in report.pages.iter().enumerate() {
            let in_step = |step: Step| page.violations.iter().filter(|v| v.step == step).count();
            let cell = |step: Step| {
                if !page.steps.iter().any(|s| s.step == step) {
                    "<span class=\"muted\">not done</span>".to_string()
                } else {
                    match in_step(step) {
                        0 => pill("ok", "0 violations"),
                        1 => pill("bad", "1 violation"),
                        n => pill("bad", &format!("{n} violations")),
                    }
                }
            };
            let gated = page.gated.as_ref().map_or_else(
                || "<span class=\"muted\">not done</span>".to_string(),
                |g| {
                    let mut parts = Vec::new();
                    for (n, one, many) in [
                        (g.requests.len(), "request", "requests"),
                        (g.cookies.len(), "cookie", "cookies"),
                        (g.storage.len(), "storage key", "storage keys"),
                    ] {
                        if n > 0 {
                            parts.push(count(n, one, many));
                        }
                    }
                    if parts.is_empty() {
                        "<span class=\"muted\">nothing</span>".to_string()
                    } else {
                        parts.join(", ")
                    }
                },
            );
            let _ = write!(
                h,
                "<tr><td><a href=\"#page-{i}\">{}</a><div class=\"muted small\">{}</div></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(if page.title.is_empty() { &page.url } else { &page.title }),
                escape(&page.url),
                page.banner.as_ref().map_or_else(|| pill("bad", "none"), |b| pill("neutral", &b.label())),
                cell(Step::BeforeConsent),
                cell(Step::AfterReject),
                gated,
                if page.violations.is_empty() { pill("ok", "PASS") } else { pill("bad", "FAIL") },
            );
        }
        h.push_str("</tbody></table></section>\n");
    }

    for (i, page) in report.pages.iter().enumerate() {
        page_section(&mut h, i, page, now);
    }

    let o = &report.options;
    let list = |items: &[String]| {
        if items.is_empty() {
            "none".to_string()
        } else {
            items
                .iter()
                .map(|i| format!("<code>{}</code>", escape(i)))
                .collect::<Vec<_>>()
                .join(" ")
        }
    };
    let _ = writeln!(
        h,
        "<section class=\"box settings\"><h2>How the pages were judged</h2><dl>\
         <dt>each page</dt><dd>a fresh Chromium profile; watched {} ms before any click, after \"Reject all\" and a reload, and after \"Accept all\" on a visit with nothing stored</dd>\
         <dt>cookies allowed before consent</dt><dd>{}</dd>\
         <dt>storage keys allowed</dt><dd>{}</dd>\
         <dt>hosts allowed</dt><dd>{}</dd>\
         <dt>analytics cookies (never allowed)</dt><dd>{}</dd>\
         <dt>tracker databases</dt><dd>the built-in table{}</dd></dl></section>",
        o.wait_ms,
        list(&o.allow_cookies),
        list(&o.allow_storage),
        list(&o.allow_hosts),
        list(&o.analytics_cookies),
        if o.tracker_dbs.is_empty() { String::new() } else { format!(", {}", list(&o.tracker_dbs)) },
    );
    let _ = write!(
        h,
        "</main>\n<footer class=\"wrap\">{} · {}</footer>\n</body>\n</html>\n",
        escape(&report.tool),
        escape(&report.date)
    );
    h
}

/// `1 request`, `2 requests`.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `2026-12-01T14:05:09Z` as `2026-12-01 14:05 UTC`.
fn human_date(date: &str) -> String {
    match (date.get(..10), date.get(11..16)) {
        (Some(day), Some(time)) => format!("{day} {time} UTC"),
        _ => date.to_string(),
    }
}

fn page_section(h: &mut String, index: usize, page: &PageReport, now: SystemTime) {
    let verdict = if page.violations.is_empty() {
        pill("ok big", "PASS")
    } else {
        let n = page.violations.len();
        pill(
            "bad big",
            &format!("FAIL · {n} violation{}", if n == 1 { "" } else { "s" }),
        )
    };
    let banner = page.banner.as_ref().map_or_else(
        || pill("bad", "no banner"),
        |b| pill("neutral", &format!("banner: {}", b.label())),
    );
    let _ = write!(
        h,
        "<section class=\"page\" id=\"page-{index}\"><div class=\"page-head\"><div><h2>{}</h2><p class=\"url\"><a href=\"{}\">{}</a></p></div><div class=\"tags\">{verdict} {banner}</div></div>\n<div class=\"page-body\">",
        escape(if page.title.is_empty() { "(untitled)" } else { &page.title }),
        escape(&page.url),
        escape(&page.url),
    );
    if let Some(shot) = &page.screenshot {
        let _ = write!(
            h,
            "<figure class=\"shot\"><img alt=\"The page as a first-time visitor sees it\" src=\"data:image/jpeg;base64,{shot}\"><figcaption>as a first-time visitor sees it</figcaption></figure>"
        );
    }
    h.push_str("<div class=\"facts\"><table class=\"steps\"><thead><tr><th>step</th><th>requests</th><th>third party</th><th>trackers</th><th>cookies</th><th>storage</th><th>violations</th></tr></thead><tbody>");
    for r in rows(page) {
        let bad = r.violations.unwrap_or(0) > 0;
        let _ = write!(
            h,
            "<tr{}><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            if bad { " class=\"bad\"" } else { "" },
            escape(r.step.label()),
            r.requests,
            r.third_party,
            r.trackers,
            r.cookies,
            r.storage,
            r.violations.map_or_else(|| "–".to_string(), |v| v.to_string()),
        );
    }
    h.push_str("</tbody></table>");
    if !page.violations.is_empty() {
        h.push_str("<h3>Violations</h3><ul class=\"violations\">");
        for v in &page.violations {
            let _ = write!(
                h,
                "<li><span class=\"step\">{}</span> {} {}</li>",
                escape(v.step.label()),
                pill("bad", v.kind.label()),
                escape(&v.message)
            );
        }
        h.push_str("</ul>");
    }
    let gated = gated_items(page);
    if page.gated.is_some() {
        h.push_str("<h3>What \"Accept all\" turned on</h3>");
        if gated.is_empty() {
            h.push_str("<p class=\"muted\">nothing</p>");
        } else {
            h.push_str("<ul class=\"gated\">");
            for item in &gated {
                let _ = write!(h, "<li><code>{}</code></li>", escape(item));
            }
            h.push_str("</ul>");
        }
    }
    let notes: Vec<&String> = page.steps.iter().flat_map(|s| s.notes.iter()).collect();
    if !notes.is_empty() {
        h.push_str("<ul class=\"notes\">");
        for n in notes {
            let _ = write!(h, "<li>{}</li>", escape(n));
        }
        h.push_str("</ul>");
    }
    h.push_str("</div></div>");
    let base = Url::parse(&page.final_url).ok();
    for step in &page.steps {
        step_details(h, step, base.as_ref(), now);
    }
    h.push_str("</section>\n");
}

fn step_details(h: &mut String, step: &StepReport, base: Option<&Url>, now: SystemTime) {
    let violations = step
        .requests
        .iter()
        .map(|r| r.verdict)
        .chain(step.cookies.iter().map(|c| c.verdict))
        .chain(step.storage.iter().map(|s| s.verdict))
        .filter(|v| *v == Verdict::Violation)
        .count();
    let _ = write!(
        h,
        "<details class=\"step\"{}><summary><b>{}</b> <span class=\"muted\">{} · {} · {}</span>{}</summary>",
        if violations > 0 { " open" } else { "" },
        escape(step.step.label()),
        count(step.requests.len(), "request", "requests"),
        count(step.cookies.len(), "cookie", "cookies"),
        count(step.storage.len(), "storage entry", "storage entries"),
        if violations > 0 { format!(" {}", pill("bad", &format!("{violations} flagged"))) } else { String::new() },
    );
    requests_table(h, &step.requests, base);
    cookies_table(h, &step.cookies, now);
    storage_table(h, &step.storage);
    h.push_str("</details>");
}

fn requests_table(h: &mut String, requests: &[JudgedRequest], base: Option<&Url>) {
    if requests.is_empty() {
        h.push_str("<p class=\"muted\">No request.</p>");
        return;
    }
    h.push_str("<table class=\"list\"><thead><tr><th>request</th><th>type</th><th>party</th><th>vendor</th><th>status</th><th></th></tr></thead><tbody>");
    for r in requests {
        let status = match (&r.request.error, r.request.status) {
            (Some(e), _) => e.clone(),
            (None, Some(s)) => s.to_string(),
            (None, None) => "–".to_string(),
        };
        let vendor = r.vendor.as_ref().map_or_else(String::new, |v| {
            format!(
                "{} <span class=\"muted\">{}</span>",
                escape(&v.name),
                escape(&v.category)
            )
        });
        let _ = write!(
            h,
            "<tr{}><td class=\"u\" title=\"{}\"><code>{}</code><div class=\"muted small\">{} {}</div></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            if r.verdict == Verdict::Violation { " class=\"bad\"" } else { "" },
            escape(&r.request.url),
            escape(&short_url(&r.request.url, base)),
            escape(&r.request.method),
            escape(&r.request.initiator),
            escape(&r.request.resource_type),
            if r.party == Party::First { "first" } else { "third" },
            vendor,
            escape(&status),
            verdict_pill(r.verdict),
        );
    }
    h.push_str("</tbody></table>");
}

fn cookies_table(h: &mut String, cookies: &[JudgedCookie], now: SystemTime) {
    if cookies.is_empty() {
        return;
    }
    h.push_str("<table class=\"list\"><thead><tr><th>cookie</th><th>domain</th><th>lifetime</th><th>set by</th><th></th></tr></thead><tbody>");
    for c in cookies {
        let set_by =
            crate::judge::set_by_text(&c.cookie.set_by).unwrap_or_else(|| "not seen".to_string());
        let life = match &c.cookie.blocked {
            Some(reason) => format!("refused: {reason}"),
            None => lifetime(c.cookie.expires, now),
        };
        let _ = write!(
            h,
            "<tr{}><td><code>{}</code>{}</td><td>{}</td><td>{}</td><td class=\"u\">{}</td><td>{}</td></tr>",
            if c.verdict == Verdict::Violation { " class=\"bad\"" } else { "" },
            escape(&c.cookie.name),
            if c.analytics { " <span class=\"muted small\">analytics</span>" } else { "" },
            escape(&c.cookie.domain),
            escape(&life),
            escape(&set_by),
            verdict_pill(c.verdict),
        );
    }
    h.push_str("</tbody></table>");
}

fn storage_table(h: &mut String, storage: &[JudgedStorage]) {
    if storage.is_empty() {
        return;
    }
    h.push_str("<table class=\"list\"><thead><tr><th>storage key</th><th>area</th><th>origin</th><th>set by</th><th></th></tr></thead><tbody>");
    for s in storage {
        let _ = write!(
            h,
            "<tr{}><td><code>{}</code></td><td>{}</td><td>{}</td><td class=\"u\">{}</td><td>{}</td></tr>",
            if s.verdict == Verdict::Violation { " class=\"bad\"" } else { "" },
            escape(&s.item.key),
            s.item.area.label(),
            escape(&s.item.origin),
            escape(s.item.set_by.as_deref().unwrap_or("not seen")),
            verdict_pill(s.verdict),
        );
    }
    h.push_str("</tbody></table>");
}
