//! The report: the JSON document, the terminal tables, the HTML page.

pub mod html;
pub mod terminal;

use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::Serialize;

use crate::error::Error;
use crate::judge::{PageReport, Violation};

/// Everything an audit found.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// This tool and its version.
    pub tool: String,
    /// The browser's version.
    pub browser: String,
    /// When the audit started (UTC, RFC 3339).
    pub date: String,
    /// What was allowed and how long each page was watched.
    pub options: Settings,
    /// The counts.
    pub summary: Summary,
    /// Every violation on every page.
    pub violations: Vec<Violation>,
    /// The pages the audit could not do.
    pub errors: Vec<Failure>,
    /// Each page audited, in order.
    pub pages: Vec<PageReport>,
}

/// The options that shape the verdict.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Settings {
    /// How long each page was watched, in milliseconds.
    pub wait_ms: u64,
    /// `--max-pages`.
    pub max_pages: usize,
    /// The cookies allowed before consent.
    pub allow_cookies: Vec<String>,
    /// The storage keys allowed before consent (the banner's own first).
    pub allow_storage: Vec<String>,
    /// The hosts allowed before consent.
    pub allow_hosts: Vec<String>,
    /// The analytics cookies of the site profile, never allowed.
    pub analytics_cookies: Vec<String>,
    /// The tracker databases read besides the built-in table.
    pub tracker_dbs: Vec<String>,
}

/// The counts, and the exit status they give.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    /// Pages audited.
    pub pages: usize,
    /// Pages with at least one violation.
    pub failing: usize,
    /// Violations in all.
    pub violations: usize,
    /// Pages the audit could not do.
    pub errors: usize,
    /// 0 no violations, 1 violations, 2 the audit failed.
    pub exit_code: u8,
}

/// A page the audit could not do.
#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    /// Its URL.
    pub page: String,
    /// Why.
    pub message: String,
}

impl Report {
    /// A report of `pages` and `errors`.
    pub fn new(
        browser: String,
        date: SystemTime,
        options: Settings,
        pages: Vec<PageReport>,
        errors: Vec<Failure>,
    ) -> Self {
        let violations: Vec<Violation> = pages
            .iter()
            .flat_map(|p| p.violations.iter().cloned())
            .collect();
        let exit_code = if !errors.is_empty() {
            2
        } else if !violations.is_empty() {
            1
        } else {
            0
        };
        let summary = Summary {
            pages: pages.len(),
            failing: pages.iter().filter(|p| !p.violations.is_empty()).count(),
            violations: violations.len(),
            errors: errors.len(),
            exit_code,
        };
        Report {
            tool: format!("icta-consent-audit {}", env!("CARGO_PKG_VERSION")),
            browser,
            date: rfc3339(date),
            options,
            summary,
            violations,
            errors,
            pages,
        }
    }

    /// Writes the JSON report.
    ///
    /// # Errors
    ///
    /// [`Error::Write`] when the file cannot be written.
    pub fn write_json(&self, path: &Path) -> Result<(), Error> {
        let text = serde_json::to_string_pretty(self).map_err(|e| write_error(path, e))?;
        std::fs::write(path, text + "\n").map_err(|e| write_error(path, e))
    }

    /// Writes the HTML report.
    ///
    /// # Errors
    ///
    /// [`Error::Write`] when the file cannot be written.
    pub fn write_html(&self, path: &Path) -> Result<(), Error> {
        std::fs::write(path, html::render(self)).map_err(|e| write_error(path, e))
    }
}

fn write_error(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Write {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

/// `2026-12-01T14:05:09Z`.
pub fn rfc3339(time: SystemTime) -> String {
    let secs = time
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0) as i64;
    let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// Year, month, day of a day count since 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
pub fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// How long until `expires` (seconds since 1970), in words: `session`,
/// `1 hour`, `13 months`, `expired`.
pub fn lifetime(expires: Option<f64>, now: SystemTime) -> String {
    let Some(expires) = expires else {
        return "session".to_string();
    };
    let now = now
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0);
    let secs = expires - now;
    let plural = |n: f64, unit: &str| {
        let n = n.round().max(1.0) as u64;
        if n == 1 {
            format!("1 {unit}")
        } else {
            format!("{n} {unit}s")
        }
    };
    match secs {
        s if s <= 0.0 => "expired".to_string(),
        s if s < 3600.0 => plural(s / 60.0, "minute"),
        s if s < 86_400.0 => plural(s / 3600.0, "hour"),
        s if s < 86_400.0 * 60.0 => plural(s / 86_400.0, "day"),
        s if s < 86_400.0 * 730.0 => plural(s / (86_400.0 * 30.44), "month"),
        s => plural(s / (86_400.0 * 365.25), "year"),
    }
}
