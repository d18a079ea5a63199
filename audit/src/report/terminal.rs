//! What the terminal shows: a table per page, its violations, what the
//! banner gates, and a last line with the verdict.

use std::fmt::Write as _;

use url::Url;

use crate::capture::Step;
use crate::judge::{PageReport, StepReport, Verdict};
use crate::report::Report;

/// One line of a page's table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The step.
    pub step: Step,
    /// Requests made.
    pub requests: usize,
    /// Of which to third parties.
    pub third_party: usize,
    /// Of which to known trackers.
    pub trackers: usize,
    /// Cookies set.
    pub cookies: usize,
    /// Storage entries added.
    pub storage: usize,
    /// Violations (`None` for step 3, which is not judged).
    pub violations: Option<usize>,
}

/// The rows of a page's table.
pub fn rows(page: &PageReport) -> Vec<Row> {
    page.steps
        .iter()
        .map(|s: &StepReport| Row {
            step: s.step,
            requests: s
                .requests
                .iter()
                .filter(|r| r.verdict != Verdict::Local)
                .count(),
            third_party: s.third_party(),
            trackers: s.trackers(),
            cookies: s.cookies.len(),
            storage: s.storage.len(),
            violations: (s.step != Step::AfterAccept)
                .then(|| page.violations.iter().filter(|v| v.step == s.step).count()),
        })
        .collect()
}

/// What "Accept all" turned on, as short items: `script /analytics/stand-in.js`.
pub fn gated_items(page: &PageReport) -> Vec<String> {
    let Some(gated) = &page.gated else {
        return Vec::new();
    };
    let base = Url::parse(&page.final_url).ok();
    let mut items: Vec<String> = Vec::new();
    for r in &gated.requests {
        let item = format!(
            "{} {}",
            r.request.resource_type.to_lowercase(),
            short_url(&r.request.url, base.as_ref())
        );
        if !items.contains(&item) {
            items.push(item);
        }
    }
    for c in &gated.cookies {
        items.push(format!("cookie {}", c.cookie.name));
    }
    for s in &gated.storage {
        items.push(format!("{} {}", s.item.area.label(), s.item.key));
    }
    items
}

/// A URL without what the page's own origin makes obvious.
pub fn short_url(url: &str, base: Option<&Url>) -> String {
    match (Url::parse(url), base) {
        (Ok(u), Some(b)) if u.origin() == b.origin() => {
            let mut s = u.path().to_string();
            if let Some(q) = u.query() {
                s.push('?');
                s.push_str(q);
            }
            s
        }
        _ => url.to_string(),
    }
}

struct Paint {
    on: bool,
}

impl Paint {
    fn wrap(&self, code: &str, text: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
    fn bold(&self, t: &str) -> String {
        self.wrap("1", t)
    }
    fn dim(&self, t: &str) -> String {
        self.wrap("2", t)
    }
    fn red(&self, t: &str) -> String {
        self.wrap("1;31", t)
    }
    fn green(&self, t: &str) -> String {
        self.wrap("1;32", t)
    }
}

/// The tables and the verdict, for stdout. `color`: ANSI colours.
pub fn render(report: &Report, color: bool) -> String {
    let paint = Paint { on: color };
    let mut out = String::new();
    for page in &report.pages {
        page_table(&mut out, page, &paint);
    }
    for failure in &report.errors {
        let _ = writeln!(
            out,
            "{}  {}",
            paint.bold(&failure.page),
            paint.red("NOT AUDITED")
        );
        let _ = writeln!(out, "  {}\n", failure.message);
    }
    let s = &report.summary;
    let pages = if s.pages == 1 {
        "1 page".to_string()
    } else {
        format!("{} pages", s.pages)
    };
    let verdict = match s.exit_code {
        0 => paint.green("PASS"),
        1 => paint.red("FAIL"),
        _ => paint.red("AUDIT FAILED"),
    };
    let mut line = format!(
        "{verdict}: {pages} audited, {} with violations, {} violations",
        s.failing, s.violations
    );
    if s.errors > 0 {
        let _ = write!(line, ", {} not audited", s.errors);
    }
    let _ = writeln!(out, "{line} (exit {})", s.exit_code);
    out
}

fn page_table(out: &mut String, page: &PageReport, paint: &Paint) {
    let verdict = if page.violations.is_empty() {
        paint.green("PASS")
    } else {
        let n = page.violations.len();
        paint.red(&format!(
            "FAIL, {n} violation{}",
            if n == 1 { "" } else { "s" }
        ))
    };
    let banner = page
        .banner
        .as_ref()
        .map_or("none".to_string(), |b| b.label());
    let _ = writeln!(out, "{}  {}", paint.bold(&page.url), verdict);
    if !page.title.is_empty() {
        let _ = writeln!(out, "  {}", paint.dim(&page.title));
    }
    let _ = writeln!(out, "  banner: {banner}\n");

    let header = [
        "step",
        "requests",
        "third party",
        "trackers",
        "cookies",
        "storage",
        "violations",
    ];
    let rows = rows(page);
    let cells: Vec<[String; 7]> = rows
        .iter()
        .map(|r| {
            [
                r.step.label().to_string(),
                r.requests.to_string(),
                r.third_party.to_string(),
                r.trackers.to_string(),
                r.cookies.to_string(),
                r.storage.to_string(),
                r.violations.map_or("-".to_string(), |v| v.to_string()),
            ]
        })
        .collect();
    let mut widths = header.map(str::len);
    for row in &cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cells: &[String]| {
        let mut s = String::from("  ");
        for (i, (c, w)) in cells.iter().zip(widths).enumerate() {
            if i == 0 {
                let _ = write!(s, "{c:<w$}");
            } else {
                let _ = write!(s, "  {c:>w$}");
            }
        }
        s
    };
    let head: Vec<String> = header.iter().map(|h| h.to_string()).collect();
    let _ = writeln!(out, "{}", paint.bold(&line(&head)));
    let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
    let _ = writeln!(out, "{}", paint.dim(&line(&rule)));
    for (row, data) in cells.iter().zip(&rows) {
        let text = line(row);
        let text = if data.violations.unwrap_or(0) > 0 {
            paint.red(&text)
        } else {
            text
        };
        let _ = writeln!(out, "{text}");
    }

    if !page.violations.is_empty() {
        let _ = writeln!(out, "\n  {}", paint.bold("violations"));
        for v in &page.violations {
            let _ = writeln!(
                out,
                "  {} {:<16}  {:<19}  {}",
                paint.red("✗"),
                v.step.label(),
                v.kind.label(),
                v.message
            );
        }
    }
    let gated = gated_items(page);
    if !gated.is_empty() {
        let shown: Vec<&str> = gated.iter().take(10).map(String::as_str).collect();
        let more = if gated.len() > 10 {
            format!(", and {} more", gated.len() - 10)
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "\n  {} {}{more}",
            paint.bold("Accept all turned on:"),
            shown.join(", ")
        );
    } else if page.gated.is_some() {
        let _ = writeln!(out, "\n  {} nothing", paint.bold("Accept all turned on:"));
    }
    for step in &page.steps {
        for note in &step.notes {
            let _ = writeln!(out, "  {} {note}", paint.dim("note:"));
        }
    }
    out.push('\n');
}
