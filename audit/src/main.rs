//! The `icta-consent-audit` command: see `--help`, and the README's
//! "Auditing a site".

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::{Duration, SystemTime};

use icta_consent_audit::browser::Chromium;
use icta_consent_audit::capture::{Step, StepCapture};
use icta_consent_audit::crawl::Frontier;
use icta_consent_audit::error::Error;
use icta_consent_audit::glob::Glob;
use icta_consent_audit::judge::{Judge, Policy};
use icta_consent_audit::options::{self, Command, Options, HELP};
use icta_consent_audit::profile::Profile;
use icta_consent_audit::report::{terminal, Failure, Report, Settings};
use icta_consent_audit::vendors::Vendors;

fn main() -> ExitCode {
    let options = match options::parse(std::env::args_os().skip(1)) {
        Ok(Command::Audit(options)) => options,
        Ok(Command::Help) => {
            print!("{HELP}");
            return ExitCode::SUCCESS;
        }
        Ok(Command::Version) => {
            println!("icta-consent-audit {}", env!("CARGO_PKG_VERSION"));
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("icta-consent-audit: {e}\n(icta-consent-audit --help says how to use it)");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("icta-consent-audit: no async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    // Ctrl-C drops the audit, and with it the browser (killed on drop) and
    // its profile directory.
    let audit = async {
        tokio::select! {
            result = run(&options) => Some(result),
            _ = tokio::signal::ctrl_c() => None,
        }
    };
    match runtime.block_on(audit) {
        None => {
            eprintln!("icta-consent-audit: interrupted");
            // The browsers were killed; give them a moment to go, then
            // remove what they wrote into their profiles meanwhile.
            std::thread::sleep(Duration::from_millis(500));
            icta_consent_audit::browser::remove_profiles();
            ExitCode::from(130)
        }
        Some(Ok(code)) => ExitCode::from(code),
        Some(Err(e)) => {
            eprintln!("icta-consent-audit: {e}");
            ExitCode::from(2)
        }
    }
}

/// Progress on stderr: one line per page, then one per step.
struct Progress {
    color: bool,
}

impl Progress {
    fn line(&self, text: &str) {
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "{text}");
    }

    fn dim(&self, text: &str) -> String {
        if self.color {
            format!("\x1b[2m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn step(&self, step: Step, capture: &StepCapture) {
        let banner = match (step, &capture.banner) {
            (Step::BeforeConsent, Some(b)) => format!(", banner: {}", b.label()),
            (Step::BeforeConsent, None) => ", no banner".to_string(),
            _ => String::new(),
        };
        let count =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let text = format!(
            "      {:<17} {}, {}, {}{banner}",
            step.label(),
            count(capture.requests.len(), "request", "requests"),
            count(capture.cookies.len(), "cookie", "cookies"),
            count(capture.storage.len(), "storage entry", "storage entries"),
        );
        self.line(&self.dim(&text));
    }
}

async fn run(options: &Options) -> Result<u8, Error> {
    let started = SystemTime::now();
    let profile = Profile::icta_az();
    let mut vendors = Vendors::builtin();
    for db in &options.tracker_dbs {
        vendors.load(db)?;
    }
    let mut policy = Policy::new(profile.clone());
    policy.allow_cookies = options.allow_cookies.iter().map(|c| Glob::new(c)).collect();
    policy.allow_storage = options.allow_storage.iter().map(|k| Glob::new(k)).collect();
    policy.allow_hosts = options.allow_hosts.iter().map(|h| Glob::host(h)).collect();
    let judge = Judge { vendors, policy };

    let chromium = Chromium {
        path: Chromium::find(options.chromium.as_deref())?,
        args: options.browser_args.clone(),
        wait: Duration::from_millis(options.wait_ms),
    };
    let progress = Progress {
        color: std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    progress.line(&format!(
        "icta-consent-audit {}: {}, watching {} ms per step",
        env!("CARGO_PKG_VERSION"),
        chromium.path.display(),
        options.wait_ms
    ));
    let mut browser = String::new();

    let mut start = options.urls.clone();
    let mut errors = Vec::new();
    if let Some(sitemap) = &options.sitemap {
        match chromium.sitemap(sitemap).await {
            Ok(pages) => {
                progress.line(&format!("sitemap {sitemap}: {} pages", pages.len()));
                start.extend(pages);
            }
            Err(e) => errors.push(Failure {
                page: sitemap.to_string(),
                message: e.to_string(),
            }),
        }
    }
    let mut frontier = Frontier::new(start, options.max_pages);
    let mut pages = Vec::new();
    let mut n = 0;
    while let Some(url) = frontier.next_page() {
        n += 1;
        progress.line(&format!("[{n}/{}] {url}", frontier.planned()));
        let mut on_step = |step: Step, capture: &StepCapture| progress.step(step, capture);
        match chromium.audit(&url, &mut on_step).await {
            Ok(capture) => {
                if browser.is_empty() {
                    browser = capture.browser.clone();
                }
                frontier.links(&capture.links);
                let report = judge.page(&capture);
                let verdict = match report.violations.len() {
                    0 => "no violation".to_string(),
                    1 => "1 violation".to_string(),
                    v => format!("{v} violations"),
                };
                progress.line(&format!("      {verdict}"));
                pages.push(report);
            }
            Err(e) => {
                progress.line(&format!("      not audited: {e}"));
                let fatal = matches!(e, Error::NoBrowser(_));
                errors.push(Failure {
                    page: url.to_string(),
                    message: e.to_string(),
                });
                if fatal {
                    break;
                }
            }
        }
    }

    let mut allow_storage = vec![profile.storage_key.clone()];
    allow_storage.extend(options.allow_storage.iter().cloned());
    let settings = Settings {
        wait_ms: options.wait_ms,
        max_pages: options.max_pages,
        allow_cookies: options.allow_cookies.clone(),
        allow_storage,
        allow_hosts: options.allow_hosts.clone(),
        analytics_cookies: profile
            .analytics_cookies
            .iter()
            .map(|g| g.as_str().to_string())
            .collect(),
        tracker_dbs: options
            .tracker_dbs
            .iter()
            .map(|p| p.display().to_string())
            .collect(),
    };
    let report = Report::new(browser, started, settings, pages, errors);
    if let Some(path) = &options.json {
        report.write_json(path)?;
    }
    if let Some(path) = &options.html {
        report.write_html(path)?;
    }
    let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    print!("\n{}", terminal::render(&report, color));
    let _ = std::io::stdout().flush();
    Ok(report.summary.exit_code)
}
