//! Chromium over the DevTools protocol (chromiumoxide): a fresh profile per
//! page, the three steps, and what each step saw.
//!
//! Every frame's requests reach the page's DevTools session because site
//! isolation is off (`--disable-site-isolation-trials`): a cross-site iframe
//! then runs in the page's process instead of a target of its own. Each
//! cookie and storage write is seen by a script that runs before the page's
//! own ([`HOOK`]), which also says which script made it; what the protocol
//! reports is checked against each frame's Resource Timing, so a request
//! whose event the protocol library could not read is still listed.

mod page;
mod recorder;
mod step;

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use chromiumoxide::browser::{Browser, BrowserConfig};
use chromiumoxide::handler::viewport::Viewport;
use chromiumoxide::Page;
use futures::StreamExt;
use serde_json::Value;
use tokio::task::JoinHandle;
use url::Url;

use crate::capture::{PageCapture, Step, StepCapture};
use crate::error::Error;
use page::{
    click, evaluate, forget, jar, probe, screenshot, storage, wait_for_banner, Buttons, Clicked,
};
pub use recorder::HOOK;
use recorder::{Epoch, Recorder};
use step::step_capture;

/// The flags every Chromium this tool starts gets (besides `--headless`,
/// `--no-sandbox`, a fresh `--user-data-dir` and a debugging port).
pub const FLAGS: &[&str] = &[
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-breakpad",
    "--disable-client-side-phishing-detection",
    "--disable-domain-reliability",
    "--metrics-recording-only",
    "--password-store=basic",
    "--use-mock-keychain",
    "--disable-dev-shm-usage",
    // Every frame in the page's process, so its session sees every request.
    "--disable-site-isolation-trials",
    "--disable-features=IsolateOrigins,site-per-process,Translate,OptimizationHints,MediaRouter",
];

const WIDTH: u32 = 1280;
const HEIGHT: u32 = 800;
/// How long a page may take to load before it counts as not loading.
const LOAD_TIMEOUT: Duration = Duration::from_secs(30);
/// How long `Chromium::load` waits, at most, for the recorder to have the
/// top document's status once the navigation is over: 20 × 10 ms.
const OUTCOME_POLLS: u32 = 20;
const OUTCOME_POLL: Duration = Duration::from_millis(10);

/// Where Chromium is, and how to start it.
#[derive(Debug, Clone)]
pub struct Chromium {
    /// The executable.
    pub path: PathBuf,
    /// `--browser-arg`s.
    pub args: Vec<String>,
    /// How long to watch each page.
    pub wait: Duration,
}

impl Chromium {
    /// The browser to use: `path` if given, else `/usr/bin/chromium`, else
    /// `chromium`, `chromium-browser` or `google-chrome` on `PATH`.
    ///
    /// # Errors
    ///
    /// [`Error::NoBrowser`] when there is none.
    pub fn find(path: Option<&Path>) -> Result<PathBuf, Error> {
        if let Some(path) = path {
            return if path.is_file() {
                Ok(path.to_path_buf())
            } else {
                Err(Error::NoBrowser(format!(
                    "{} is not a file",
                    path.display()
                )))
            };
        }
        let debian = Path::new("/usr/bin/chromium");
        if debian.is_file() {
            return Ok(debian.to_path_buf());
        }
        let path = std::env::var_os("PATH").unwrap_or_default();
        for dir in std::env::split_paths(&path) {
            for name in [
                "chromium",
                "chromium-browser",
                "google-chrome",
                "google-chrome-stable",
            ] {
                let candidate = dir.join(name);
                if candidate.is_file() {
                    return Ok(candidate);
                }
            }
        }
        Err(Error::NoBrowser(
            "no /usr/bin/chromium, and no chromium or google-chrome on PATH".to_string(),
        ))
    }

    /// Starts a browser in a fresh profile.
    async fn launch(&self) -> Result<Session, Error> {
        let profile = TempProfile::new()
            .map_err(|e| Error::NoBrowser(format!("no temporary profile: {e}")))?;
        let mut config = BrowserConfig::builder()
            .chrome_executable(&self.path)
            .disable_default_args()
            .no_sandbox()
            .respect_https_errors()
            .user_data_dir(&profile.path)
            .window_size(WIDTH, HEIGHT)
            .viewport(Viewport {
                width: WIDTH,
                height: HEIGHT,
                device_scale_factor: Some(1.0),
                emulating_mobile: false,
                is_landscape: true,
                has_touch: false,
            })
            .launch_timeout(Duration::from_secs(30))
            .request_timeout(LOAD_TIMEOUT);
        for flag in FLAGS
            .iter()
            .copied()
            .map(str::to_string)
            .chain(self.args.iter().cloned())
        {
            config = match split_flag(&flag) {
                (key, Some(value)) => config.arg((key, value)),
                (key, None) => config.arg(key),
            };
        }
        let config = config.build().map_err(Error::NoBrowser)?;
        let (browser, mut handler) = Browser::launch(config)
            .await
            .map_err(|e| Error::NoBrowser(format!("{}: {e}", self.path.display())))?;
        let handler = tokio::spawn(async move { while handler.next().await.is_some() {} });
        Ok(Session {
            browser,
            handler,
            profile,
        })
    }

    /// Reads the page URLs of a sitemap (following a sitemap index one level).
    ///
    /// # Errors
    ///
    /// [`Error::Sitemap`] when it does not load or lists no page.
    pub async fn sitemap(&self, url: &Url) -> Result<Vec<Url>, Error> {
        let session = self.launch().await?;
        let result = sitemap_in(&session, url)
            .await
            .map_err(|message| Error::Sitemap {
                url: url.to_string(),
                message,
            });
        session.close().await;
        result
    }

    /// Audits one page in a fresh profile: the three steps. `progress` hears
    /// of each step as it ends.
    ///
    /// # Errors
    ///
    /// [`Error::NoBrowser`] when Chromium does not start,
    /// [`Error::PageDidNotLoad`] when the page does not load,
    /// [`Error::Browser`] when the browser stops answering.
    pub async fn audit(
        &self,
        url: &Url,
        progress: &mut dyn FnMut(Step, &StepCapture),
    ) -> Result<PageCapture, Error> {
        let session = self.launch().await?;
        let result = self.audit_in(&session, url, progress).await;
        session.close().await;
        result
    }

    async fn audit_in(
        &self,
        session: &Session,
        url: &Url,
        progress: &mut dyn FnMut(Step, &StepCapture),
    ) -> Result<PageCapture, Error> {
        let page = session
            .browser
            .new_page("about:blank")
            .await
            .map_err(browser_error)?;
        let recorder = Recorder::start(&page).await?;
        let mut capture = PageCapture {
            url: url.to_string(),
            browser: session
                .browser
                .version()
                .await
                .map(|v| v.product)
                .unwrap_or_default(),
            ..PageCapture::default()
        };

        // 1. Before any click.
        recorder.set_epoch(Epoch::BeforeConsent);
        self.load(&page, &recorder, url).await?;
        tokio::time::sleep(self.wait).await;
        let mut first = probe(&page).await?;
        if first.banner.is_none() {
            // A banner slower than the watch is still a banner: give it as long again.
            if let Some(late) = wait_for_banner(&page, self.wait).await? {
                first.banner = Some(late);
            }
        }
        capture.final_url = first.url.clone();
        capture.title = first.title.clone();
        capture.status = recorder.lock().document_status;
        capture.links = first.links.clone();
        capture.screenshot = screenshot(&page).await;
        let jar1 = jar(&session.browser).await?;
        let storage1 = storage(&page).await;
        let banner = first.banner.clone();
        capture.before_consent = step_capture(
            &recorder,
            Epoch::BeforeConsent,
            &[],
            &jar1,
            &[],
            &storage1,
            banner.clone(),
        );
        if banner.is_none() {
            capture
                .before_consent
                .notes
                .push("no consent banner was shown: nothing to reject or accept".to_string());
        }
        progress(Step::BeforeConsent, &capture.before_consent);
        let Some(banner) = banner else {
            return Ok(capture);
        };
        let buttons = Buttons::of(&banner);

        // 2. "Reject all", then a reload.
        match buttons.reject {
            Some(reject) => {
                recorder.set_epoch(Epoch::AfterReject);
                match click(&page, reject, &banner).await? {
                    Clicked::Yes => {
                        tokio::time::sleep(Duration::from_millis(300)).await;
                        self.reload(&page).await?;
                        tokio::time::sleep(self.wait).await;
                        let after = probe(&page).await?;
                        let jar2 = jar(&session.browser).await?;
                        let storage2 = storage(&page).await;
                        let mut step = step_capture(
                            &recorder,
                            Epoch::AfterReject,
                            &jar1,
                            &jar2,
                            &storage1,
                            &storage2,
                            after.banner.clone(),
                        );
                        if after.banner.is_some() {
                            step.notes.push("the banner was shown again after the reload: the choice was not kept".to_string());
                        }
                        progress(Step::AfterReject, &step);
                        capture.after_reject = Some(step);
                    }
                    Clicked::NotFound => capture.before_consent.notes.push(format!(
                        "{}: no \"Reject all\" button to click",
                        banner.label()
                    )),
                }
            }
            None => capture.before_consent.notes.push(format!(
                "{}: this tool knows no \"Reject all\" button for it",
                banner.label()
            )),
        }

        // 3. "Accept all", on a visit with nothing stored.
        let Some(accept) = buttons.accept else {
            capture.before_consent.notes.push(format!(
                "{}: this tool knows no \"Accept all\" button for it",
                banner.label()
            ));
            return Ok(capture);
        };
        recorder.set_epoch(Epoch::Between);
        forget(&page).await;
        self.reload(&page).await?;
        let shown = wait_for_banner(&page, self.wait).await?;
        if shown.is_none() {
            capture
                .before_consent
                .notes
                .push("the banner was not shown again once storage was cleared".to_string());
            return Ok(capture);
        }
        recorder.set_epoch(Epoch::AfterAccept);
        match click(&page, accept, &banner).await? {
            Clicked::Yes => {
                tokio::time::sleep(self.wait).await;
                let jar3 = jar(&session.browser).await?;
                let storage3 = storage(&page).await;
                let after = probe(&page).await.map(|p| p.banner).unwrap_or(None);
                let step = step_capture(
                    &recorder,
                    Epoch::AfterAccept,
                    &[],
                    &jar3,
                    &[],
                    &storage3,
                    after,
                );
                progress(Step::AfterAccept, &step);
                capture.after_accept = Some(step);
            }
            Clicked::NotFound => capture.before_consent.notes.push(format!(
                "{}: no \"Accept all\" button to click",
                banner.label()
            )),
        }
        Ok(capture)
    }

    /// Loads `url`; a network error or an HTTP error status means it did not load.
    async fn load(&self, page: &Page, recorder: &Recorder, url: &Url) -> Result<(), Error> {
        let navigation = tokio::time::timeout(LOAD_TIMEOUT, page.goto(url.as_str())).await;
        // The navigation's result and the document's response event reach
        // this task and the recorder's in either order: give the recorder
        // its turn before reading the outcome.
        for _ in 0..OUTCOME_POLLS {
            let known = {
                let state = recorder.lock();
                state.document_status.is_some() || state.document_error.is_some()
            };
            if known {
                break;
            }
            tokio::time::sleep(OUTCOME_POLL).await;
        }
        let state = recorder.lock();
        if let Some(error) = &state.document_error {
            return Err(Error::PageDidNotLoad(format!("{url}: {error}")));
        }
        match (navigation, state.document_status) {
            (Err(_), _) => Err(Error::PageDidNotLoad(format!(
                "{url}: no load event in {} s",
                LOAD_TIMEOUT.as_secs()
            ))),
            (Ok(_), Some(status)) if status >= 400 => {
                Err(Error::PageDidNotLoad(format!("{url}: HTTP {status}")))
            }
            (Ok(Err(e)), None) => Err(Error::PageDidNotLoad(format!("{url}: {e}"))),
            (Ok(_), _) => Ok(()),
        }
    }

    async fn reload(&self, page: &Page) -> Result<(), Error> {
        match tokio::time::timeout(LOAD_TIMEOUT, page.reload()).await {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(e)) => Err(Error::PageDidNotLoad(format!("reload: {e}"))),
            Err(_) => Err(Error::PageDidNotLoad(format!(
                "reload: no load event in {} s",
                LOAD_TIMEOUT.as_secs()
            ))),
        }
    }
}

/// `--name=value` as chromiumoxide's builder takes it: the name without
/// dashes, and the value. Flags of the same name are joined with commas
/// (`--disable-features=A` and `--disable-features=B` give both).
fn split_flag(flag: &str) -> (&str, Option<&str>) {
    let flag = flag.trim_start_matches('-');
    match flag.split_once('=') {
        Some((key, value)) => (key, Some(value)),
        None => (flag, None),
    }
}

pub(crate) fn browser_error(e: impl std::fmt::Display) -> Error {
    Error::Browser(e.to_string())
}

/// A running browser, its protocol handler, and its profile directory.
struct Session {
    browser: Browser,
    handler: JoinHandle<()>,
    profile: TempProfile,
}

impl Session {
    async fn close(mut self) {
        let _ = tokio::time::timeout(Duration::from_secs(5), self.browser.close()).await;
        if tokio::time::timeout(Duration::from_secs(5), self.browser.wait())
            .await
            .is_err()
        {
            let _ = self.browser.kill().await;
            let _ = tokio::time::timeout(Duration::from_secs(5), self.browser.wait()).await;
        }
        self.handler.abort();
        self.profile.closed();
    }
}

/// A fresh Chromium profile directory, removed on drop.
struct TempProfile {
    path: PathBuf,
}

/// The profile directories in use, for [`remove_profiles`].
static PROFILES: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

impl TempProfile {
    fn new() -> std::io::Result<Self> {
        static COUNT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = COUNT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let path = std::env::temp_dir().join(format!(
            "icta-consent-audit-{}-{n}-{nanos}",
            std::process::id()
        ));
        std::fs::create_dir_all(&path)?;
        if let Ok(mut live) = PROFILES.lock() {
            live.push(path.clone());
        }
        Ok(TempProfile { path })
    }
}

impl TempProfile {
    /// Its browser has exited: nothing writes into it any more.
    fn closed(&self) {
        if let Ok(mut live) = PROFILES.lock() {
            live.retain(|p| p != &self.path);
        }
    }
}

impl Drop for TempProfile {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// Removes the profile directories of browsers that were killed rather than
/// closed (an interrupted audit): a dying Chromium may write into its
/// profile after the directory was first removed.
pub fn remove_profiles() {
    if let Ok(live) = PROFILES.lock() {
        for path in live.iter() {
            let _ = std::fs::remove_dir_all(path);
        }
    }
}

/// The pages of a sitemap: a sitemap index is followed one level (and to
/// at most 50 sitemaps), as search engines do.
async fn sitemap_in(session: &Session, url: &Url) -> Result<Vec<Url>, String> {
    let page = session
        .browser
        .new_page("about:blank")
        .await
        .map_err(|e| e.to_string())?;
    let mut pages = Vec::new();
    let mut queue = vec![url.clone()];
    let mut read = 0;
    while let Some(next) = queue.pop() {
        read += 1;
        let (sitemaps, locs) = read_sitemap(&page, &next)
            .await
            .map_err(|e| e.to_string())?;
        if read == 1 {
            queue.extend(
                sitemaps
                    .iter()
                    .take(50)
                    .rev()
                    .filter_map(|l| Url::parse(l).ok()),
            );
        }
        pages.extend(locs.iter().filter_map(|l| Url::parse(l).ok()));
    }
    if pages.is_empty() {
        return Err("it lists no page".to_string());
    }
    Ok(pages)
}

/// Loads a sitemap and returns the `<loc>`s of its `<sitemap>`s (a sitemap
/// index) and of its `<url>`s.
async fn read_sitemap(page: &Page, url: &Url) -> Result<(Vec<String>, Vec<String>), Error> {
    match tokio::time::timeout(LOAD_TIMEOUT, page.goto(url.as_str())).await {
        Ok(Ok(_)) => {}
        Ok(Err(e)) => return Err(Error::PageDidNotLoad(e.to_string())),
        Err(_) => return Err(Error::PageDidNotLoad("no load event".to_string())),
    }
    let read = "(() => { const locs = (parent) => [...document.getElementsByTagNameNS('*', 'loc')] \
                .filter((e) => e.parentElement && e.parentElement.localName === parent).map((e) => e.textContent.trim()); \
                return { sitemaps: locs('sitemap'), urls: locs('url') }; })()";
    let value = evaluate(page, None, read).await?;
    Ok((strings(&value, "sitemaps"), strings(&value, "urls")))
}

/// The strings in the array at `key` of a page script's result (none when
/// there is no such array); anything in it that is not a string is skipped.
fn strings(value: &Value, key: &str) -> Vec<String> {
    value
        .get(key)
        .and_then(Value::as_array)
        .map(|l| {
            l.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}
