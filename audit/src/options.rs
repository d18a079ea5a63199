//! The command line.

use std::ffi::OsString;
use std::path::PathBuf;

use url::Url;

use crate::error::Error;

/// The help text.
pub const HELP: &str = "\
icta-consent-audit: visits pages as a first-time visitor would, in a fresh
Chromium profile each, and reports everything that happens before consent.

Usage: icta-consent-audit [OPTIONS] URL...

For each page: (1) before any click, every request, cookie and storage key,
and whether a consent banner was shown; (2) after \"Reject all\" and a reload,
the same: nothing beyond the necessary may appear; (3) after \"Accept all\",
what becomes active: what the banner gates.

Options:
  --max-pages N        also follow same-site links from the start URLs, breadth
                       first, up to N pages in all (default 1)
  --sitemap URL        take the pages from a sitemap.xml (a sitemap index too)
  --wait MS            how long to watch each page before interacting, and
                       after each step (default 3000; a banner not shown by
                       then is waited for as long again)
  --allow-cookie NAME  a necessary cookie that may be set before consent
                       (repeatable, globs: PHPSESSID, XSRF-*); never one the
                       site profile names as analytics (_ga, _ga_*, _gid,
                       _gat*, _ym_*)
  --allow-storage KEY  a necessary localStorage/sessionStorage key (repeatable,
                       globs); the banner's own (icta-consent) always is
  --allow-host HOST    a host that may be contacted before consent (repeatable,
                       globs: cdn.example.az, *.example.az), even a tracker's
  --tracker-db FILE    add a tracker database you have: this tool's JSON,
                       Disconnect's services.json or DuckDuckGo's tds.json
  --json FILE          the full report as JSON
  --html FILE          a self-contained HTML report, with a screenshot of each
                       page
  --browser-arg ARG    passed to Chromium (repeatable), e.g.
                       --browser-arg=--host-resolver-rules='MAP * 127.0.0.1:8080'
  --chromium PATH      the browser (default: /usr/bin/chromium, else chromium,
                       chromium-browser or google-chrome on PATH)
  -h, --help           this text
  -V, --version        the version

Exit status: 0 no violations, 1 violations, 2 the audit itself failed (a page
did not load, no browser, a bad option).
";

/// What the command line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The start URLs.
    pub urls: Vec<Url>,
    /// The most pages to audit in all (the start and sitemap URLs always are).
    pub max_pages: usize,
    /// A sitemap to take pages from.
    pub sitemap: Option<Url>,
    /// How long to watch each page, in milliseconds.
    pub wait_ms: u64,
    /// `--allow-cookie` patterns.
    pub allow_cookies: Vec<String>,
    /// `--allow-storage` patterns.
    pub allow_storage: Vec<String>,
    /// `--allow-host` patterns.
    pub allow_hosts: Vec<String>,
    /// `--tracker-db` files.
    pub tracker_dbs: Vec<PathBuf>,
    /// Where to write the JSON report.
    pub json: Option<PathBuf>,
    /// Where to write the HTML report.
    pub html: Option<PathBuf>,
    /// Extra Chromium arguments.
    pub browser_args: Vec<String>,
    /// The browser to run.
    pub chromium: Option<PathBuf>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            urls: Vec::new(),
            max_pages: 1,
            sitemap: None,
            wait_ms: 3000,
            allow_cookies: Vec::new(),
            allow_storage: Vec::new(),
            allow_hosts: Vec::new(),
            tracker_dbs: Vec::new(),
            json: None,
            html: None,
            browser_args: Vec::new(),
            chromium: None,
        }
    }
}

/// What to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Audit.
    Audit(Box<Options>),
    /// Print the help.
    Help,
    /// Print the version.
    Version,
}

fn usage(message: impl Into<String>) -> Error {
    Error::Usage(message.into())
}

fn page_url(text: &str) -> Result<Url, Error> {
    let url = Url::parse(text).map_err(|e| usage(format!("not a URL: {text} ({e})")))?;
    match url.scheme() {
        "http" | "https" => Ok(url),
        _ => Err(usage(format!("not an http or https URL: {text}"))),
    }
}

/// Reads the command line (without the program's name).
///
/// # Errors
///
/// [`Error::Usage`] for an unknown option, a missing or bad value, or no URL.
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Command, Error> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_args(args);
    let mut o = Options::default();
    let text = |v: OsString, name: &str| {
        v.into_string()
            .map_err(|_| usage(format!("{name}: not UTF-8")))
    };
    fn next_value(parser: &mut lexopt::Parser, name: &str) -> Result<String, Error> {
        let v = parser.value().map_err(|e| usage(format!("{name}: {e}")))?;
        v.into_string()
            .map_err(|_| usage(format!("{name}: not UTF-8")))
    }
    while let Some(arg) = parser.next().map_err(|e| usage(e.to_string()))? {
        match arg {
            Short('h') | Long("help") => return Ok(Command::Help),
            Short('V') | Long("version") => return Ok(Command::Version),
            Long("max-pages") => {
                let v = next_value(&mut parser, "--max-pages")?;
                o.max_pages = v
                    .parse()
                    .ok()
                    .filter(|&n| n >= 1)
                    .ok_or_else(|| usage(format!("--max-pages: not a number of pages: {v}")))?;
            }
            Long("sitemap") => o.sitemap = Some(page_url(&next_value(&mut parser, "--sitemap")?)?),
            Long("wait") => {
                let v = next_value(&mut parser, "--wait")?;
                o.wait_ms = v
                    .parse()
                    .map_err(|_| usage(format!("--wait: not a number of milliseconds: {v}")))?;
            }
            Long("allow-cookie") => o
                .allow_cookies
                .push(next_value(&mut parser, "--allow-cookie")?),
            Long("allow-storage") => o
                .allow_storage
                .push(next_value(&mut parser, "--allow-storage")?),
            Long("allow-host") => o.allow_hosts.push(next_value(&mut parser, "--allow-host")?),
            Long("tracker-db") => o
                .tracker_dbs
                .push(next_value(&mut parser, "--tracker-db")?.into()),
            Long("json") => o.json = Some(next_value(&mut parser, "--json")?.into()),
            Long("html") => o.html = Some(next_value(&mut parser, "--html")?.into()),
            Long("browser-arg") => o
                .browser_args
                .push(next_value(&mut parser, "--browser-arg")?),
            Long("chromium") => o.chromium = Some(next_value(&mut parser, "--chromium")?.into()),
            Value(v) => o.urls.push(page_url(&text(v, "URL")?)?),
            other => return Err(usage(other.unexpected().to_string())),
        }
    }
    if o.urls.is_empty() && o.sitemap.is_none() {
        return Err(usage("no URL to audit (give one, or --sitemap URL)"));
    }
    Ok(Command::Audit(Box::new(o)))
}
