//! Who is behind a host: a small table of vendors of our own, and the tracker
//! databases a user may already have (`--tracker-db FILE`).
//!
//! The table is written for this project from the vendors' own documentation
//! of the hosts their tags use; it lists the trackers and embeds most common on
//! Azerbaijani sites (Google, Yandex, Meta, VK, Mail.ru, LiveInternet, Hotjar,
//! Clarity, chat widgets, video and map embeds). No tracker database is vendored:
//! the well-known ones (Disconnect, DuckDuckGo Tracker Radar, Ghostery
//! TrackerDB) are under non-commercial licences, so they are read only from a
//! file the user supplies.

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use crate::error::Error;
use crate::site::normalize;

/// A vendor a request can be attributed to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Vendor {
    /// Its name as the report shows it ("Google Analytics").
    pub name: String,
    /// What it does: `analytics`, `advertising`, `session-replay`, `social`,
    /// `tag-manager`, `chat`, `video`, `maps`, `fonts`, `cdn`, `consent`,
    /// `security`, or a category of the tracker database it came from.
    pub category: String,
    /// Whether a request to it is a tracker request, a violation before
    /// consent even when its host is first party or otherwise allowed.
    pub tracker: bool,
}

type Row = (&'static str, &'static str, &'static [&'static str]);

/// The built-in table: vendor, category, hosts (each host and its subdomains).
/// The longest matching host wins, so `mc.yandex.ru` is Yandex Metrica while
/// `yandex.ru` is only Yandex.
#[rustfmt::skip]
const TABLE: &[Row] = &[
    // Analytics and tag managers.
    ("Google Analytics", "analytics", &["google-analytics.com", "analytics.google.com", "stats.g.doubleclick.net"]),
    ("Google Tag Manager", "tag-manager", &["googletagmanager.com"]),
    ("Yandex Metrica", "analytics", &[
        "mc.yandex.ru", "mc.yandex.az", "mc.yandex.com", "mc.yandex.com.tr", "mc.yandex.by", "mc.yandex.kz",
        "mc.yandex.uz", "mc.yandex.ua", "mc.webvisor.org", "mc.webvisor.com", "metrika.yandex.ru",
    ]),
    ("LiveInternet", "analytics", &["counter.yadro.ru", "liveinternet.ru"]),
    ("Top.Mail.ru", "analytics", &["top-fwz1.mail.ru", "top.mail.ru"]),
    ("Microsoft Clarity", "session-replay", &["clarity.ms"]),
    ("Hotjar", "session-replay", &["hotjar.com", "hotjar.io"]),
    ("Cloudflare Web Analytics", "analytics", &["cloudflareinsights.com"]),
    ("Matomo Cloud", "analytics", &["matomo.cloud"]),
    ("New Relic", "analytics", &["nr-data.net", "js-agent.newrelic.com"]),
    ("Mixpanel", "analytics", &["mixpanel.com", "mxpnl.com"]),
    ("Amplitude", "analytics", &["amplitude.com"]),
    ("Segment", "analytics", &["segment.com", "segment.io"]),
    ("Plausible", "analytics", &["plausible.io"]),
    // Advertising.
    ("Google Ads", "advertising", &[
        "doubleclick.net", "googleadservices.com", "googlesyndication.com", "adservice.google.com",
        "adtrafficquality.google",
    ]),
    ("Yandex Advertising", "advertising", &["an.yandex.ru", "yabs.yandex.ru", "yandexadexchange.net", "adfox.ru"]),
    ("Meta Pixel", "advertising", &["connect.facebook.net"]),
    ("TikTok Pixel", "advertising", &["analytics.tiktok.com"]),
    ("LinkedIn Insight", "advertising", &["snap.licdn.com", "px.ads.linkedin.com"]),
    ("X Ads", "advertising", &["ads-twitter.com", "analytics.twitter.com"]),
    ("Microsoft Advertising", "advertising", &["bat.bing.com"]),
    ("VK Ads", "advertising", &["ads.vk.com", "vk-portal.net"]),
    ("Criteo", "advertising", &["criteo.com", "criteo.net"]),
    ("Admixer", "advertising", &["admixer.net"]),
    ("AdRiver", "advertising", &["adriver.ru"]),
    ("Taboola", "advertising", &["taboola.com"]),
    ("Outbrain", "advertising", &["outbrain.com"]),
    // Social networks: their buttons, embeds and widgets track visitors.
    ("Meta", "social", &["facebook.com", "facebook.net", "fbcdn.net", "instagram.com", "cdninstagram.com"]),
    ("X (Twitter)", "social", &["twitter.com", "x.com", "twimg.com", "t.co"]),
    ("VK", "social", &["vk.com", "vk.ru", "userapi.com", "vkontakte.ru"]),
    ("Odnoklassniki", "social", &["ok.ru", "odnoklassniki.ru"]),
    ("LinkedIn", "social", &["linkedin.com", "licdn.com"]),
    ("Telegram", "social", &["telegram.org", "t.me"]),
    ("TikTok", "social", &["tiktok.com", "tiktokcdn.com"]),
    ("AddThis", "social", &["addthis.com"]),
    ("ShareThis", "social", &["sharethis.com"]),
    // Chat widgets.
    ("JivoChat", "chat", &["jivosite.com", "jivo.ru", "jivochat.com"]),
    ("Tawk.to", "chat", &["tawk.to"]),
    ("LiveChat", "chat", &["livechatinc.com"]),
    ("Tidio", "chat", &["tidio.co", "tidiochat.com"]),
    ("Crisp", "chat", &["crisp.chat"]),
    ("Intercom", "chat", &["intercom.io", "intercomcdn.com"]),
    ("Zendesk", "chat", &["zopim.com", "zdassets.com", "zendesk.com"]),
    ("Bitrix24", "chat", &["bitrix24.ru", "bitrix24.com", "bitrix24.az"]),
    // Embedded content, fonts, libraries, captchas, consent platforms.
    ("YouTube", "video", &["youtube.com", "youtube-nocookie.com", "ytimg.com", "googlevideo.com"]),
    ("Vimeo", "video", &["vimeo.com", "vimeocdn.com"]),
    ("Rutube", "video", &["rutube.ru"]),
    ("Google Maps", "maps", &["maps.googleapis.com", "maps.gstatic.com", "maps.google.com"]),
    ("Yandex Maps", "maps", &["api-maps.yandex.ru", "api-maps.yandex.az"]),
    ("OpenStreetMap", "maps", &["openstreetmap.org"]),
    ("Google Fonts", "fonts", &["fonts.googleapis.com", "fonts.gstatic.com"]),
    ("Adobe Fonts", "fonts", &["use.typekit.net", "p.typekit.net"]),
    ("Font Awesome", "fonts", &["kit.fontawesome.com", "use.fontawesome.com"]),
    ("Google Hosted Libraries", "cdn", &["ajax.googleapis.com"]),
    ("jsDelivr", "cdn", &["cdn.jsdelivr.net"]),
    ("cdnjs", "cdn", &["cdnjs.cloudflare.com"]),
    ("unpkg", "cdn", &["unpkg.com"]),
    ("jQuery CDN", "cdn", &["code.jquery.com"]),
    ("BootstrapCDN", "cdn", &["bootstrapcdn.com"]),
    ("Google reCAPTCHA", "security", &["recaptcha.net"]),
    ("hCaptcha", "security", &["hcaptcha.com"]),
    ("Cloudflare Turnstile", "security", &["challenges.cloudflare.com"]),
    ("Cookiebot", "consent", &["cookiebot.com"]),
    ("OneTrust", "consent", &["cookielaw.org", "onetrust.com"]),
    // The companies themselves, for their other hosts.
    ("Google", "other", &["google.com", "google.az", "gstatic.com", "googleapis.com"]),
    ("Yandex", "other", &["yandex.ru", "yandex.az", "yandex.com", "yandex.net", "yastatic.net"]),
    ("Mail.ru", "other", &["mail.ru", "imgsmail.ru"]),
];

/// The categories whose requests are tracker requests.
const TRACKING: &[&str] = &[
    "analytics",
    "advertising",
    "session-replay",
    "social",
    "tag-manager",
];

/// Vendors by host.
#[derive(Debug, Clone, Default)]
pub struct Vendors {
    by_host: HashMap<String, Vendor>,
}

impl Vendors {
    /// The built-in table.
    pub fn builtin() -> Self {
        let mut vendors = Vendors::default();
        for (name, category, hosts) in TABLE {
            let tracker = TRACKING.contains(category);
            for host in *hosts {
                vendors.insert(host, name, category, tracker);
            }
        }
        vendors
    }

    /// How many hosts are known.
    pub fn len(&self) -> usize {
        self.by_host.len()
    }

    /// Whether no host is known.
    pub fn is_empty(&self) -> bool {
        self.by_host.is_empty()
    }

    fn insert(&mut self, host: &str, name: &str, category: &str, tracker: bool) {
        let host = normalize(host.trim_start_matches("*.").trim_start_matches('.'));
        if host.is_empty() {
            return;
        }
        let vendor = Vendor {
            name: name.to_string(),
            category: category.to_string(),
            tracker,
        };
        self.by_host.insert(host, vendor);
    }

    /// The vendor behind `host`: the entry for the host itself or, failing
    /// that, for the closest parent domain listed.
    pub fn classify(&self, host: &str) -> Option<&Vendor> {
        let host = normalize(host);
        let mut rest = host.as_str();
        loop {
            if let Some(vendor) = self.by_host.get(rest) {
                return Some(vendor);
            }
            rest = rest.split_once('.')?.1;
        }
    }

    /// Adds the entries of a tracker database file to the table (its entries
    /// win over the built-in ones for the same host). Three formats are read:
    ///
    /// - this tool's own: `{"vendors": [{"name": "…", "category": "analytics",
    ///   "tracker": true, "hosts": ["example.com"]}]}` (`tracker` optional);
    /// - Disconnect's `services.json`: `{"categories": {"Advertising":
    ///   [{"Vendor": {"https://vendor.example/": ["vendor.example"]}}]}}`;
    /// - DuckDuckGo Tracker Radar's `tds.json`: `{"trackers": {"host":
    ///   {"owner": {"displayName": "…"}, "categories": ["Analytics"]}}}`.
    ///
    /// Returns how many hosts it added.
    ///
    /// # Errors
    ///
    /// [`Error::TrackerDb`] when the file cannot be read, is not JSON, or is
    /// none of the formats above.
    pub fn load(&mut self, path: &Path) -> Result<usize, Error> {
        let fail = |message: &str| Error::TrackerDb {
            path: path.display().to_string(),
            message: message.to_string(),
        };
        let text = std::fs::read_to_string(path).map_err(|e| fail(&e.to_string()))?;
        let json: Value = serde_json::from_str(&text).map_err(|e| fail(&e.to_string()))?;
        let mut added = 0;
        if let Some(list) = json.get("vendors").and_then(Value::as_array) {
            for entry in list {
                let name = entry
                    .get("name")
                    .and_then(Value::as_str)
                    .ok_or_else(|| fail("a vendor without a name"))?;
                let category = entry
                    .get("category")
                    .and_then(Value::as_str)
                    .unwrap_or("other");
                let tracker = entry
                    .get("tracker")
                    .and_then(Value::as_bool)
                    .unwrap_or_else(|| is_tracking(category));
                for host in entry
                    .get("hosts")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    if let Some(host) = host.as_str() {
                        self.insert(host, name, &category.to_ascii_lowercase(), tracker);
                        added += 1;
                    }
                }
            }
        } else if let Some(categories) = json.get("categories").and_then(Value::as_object) {
            for (category, entries) in categories {
                let label = category.to_ascii_lowercase();
                let tracker = is_tracking(category);
                for entry in entries.as_array().into_iter().flatten() {
                    for (name, sites) in entry.as_object().into_iter().flatten() {
                        for (_, hosts) in sites.as_object().into_iter().flatten() {
                            for host in hosts.as_array().into_iter().flatten() {
                                if let Some(host) = host.as_str() {
                                    self.insert(host, name, &label, tracker);
                                    added += 1;
                                }
                            }
                        }
                    }
                }
            }
        } else if let Some(trackers) = json.get("trackers").and_then(Value::as_object) {
            for (host, entry) in trackers {
                let owner = entry.get("owner");
                let name = owner
                    .and_then(|o| o.get("displayName").or_else(|| o.get("name")))
                    .and_then(Value::as_str)
                    .unwrap_or(host);
                let categories: Vec<&str> = entry
                    .get("categories")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .collect();
                let category = categories
                    .first()
                    .map_or("other".to_string(), |c| c.to_ascii_lowercase());
                let tracker = categories.is_empty() || categories.iter().any(|c| is_tracking(c));
                self.insert(host, name, &category, tracker);
                added += 1;
            }
        } else {
            return Err(fail("not a tracker database this tool reads (see --help)"));
        }
        Ok(added)
    }
}

/// Whether a database's category names tracking: anything but embedded
/// content, CDNs, consent managers and security services.
fn is_tracking(category: &str) -> bool {
    let c = category.to_ascii_lowercase();
    let harmless = [
        "content", "cdn", "consent", "security", "fonts", "video", "maps", "chat", "other",
        "embedded",
    ];
    TRACKING
        .iter()
        .any(|t| c.contains(t.split('-').next().unwrap_or(t)))
        || !harmless.iter().any(|h| c.contains(h))
}
