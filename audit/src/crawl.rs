//! Which pages to audit: the start URLs, a sitemap's pages, then same-site
//! links breadth first, up to `--max-pages`.

use std::collections::{HashSet, VecDeque};

use url::Url;

use crate::site::site_of;

/// Links to files rather than pages, which are not followed.
const NOT_PAGES: &[&str] = &[
    "pdf", "zip", "rar", "7z", "gz", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods",
    "jpg", "jpeg", "png", "gif", "svg", "webp", "ico", "mp3", "mp4", "avi", "mov", "webm", "exe",
    "msi", "apk", "dmg", "iso", "csv", "xml", "json", "txt",
];

/// The pages still to audit, in order.
#[derive(Debug, Clone)]
pub struct Frontier {
    queue: VecDeque<Url>,
    seen: HashSet<String>,
    sites: HashSet<String>,
    max: usize,
    taken: usize,
    /// Pages that are audited whatever `max` says (start URLs, the sitemap's).
    must: usize,
}

impl Frontier {
    /// Starts from `pages` (all audited), then follows links while fewer
    /// than `max` pages have been taken.
    pub fn new(pages: Vec<Url>, max: usize) -> Self {
        let mut frontier = Frontier {
            queue: VecDeque::new(),
            seen: HashSet::new(),
            sites: HashSet::new(),
            max,
            taken: 0,
            must: 0,
        };
        for page in pages {
            if let Some(host) = page.host_str() {
                frontier.sites.insert(site_of(host));
            }
            if frontier.push(page) {
                frontier.must += 1;
            }
        }
        frontier
    }

    fn push(&mut self, mut url: Url) -> bool {
        url.set_fragment(None);
        self.seen.insert(url.to_string()) && {
            self.queue.push_back(url);
            true
        }
    }

    /// How many pages are known so far (taken and queued, within the limit).
    pub fn planned(&self) -> usize {
        (self.taken + self.queue.len()).min(self.max.max(self.must))
    }

    /// The next page to audit.
    pub fn next_page(&mut self) -> Option<Url> {
        if self.taken >= self.must && self.taken >= self.max {
            return None;
        }
        let url = self.queue.pop_front()?;
        self.taken += 1;
        Some(url)
    }

    /// Queues the same-site page links found on an audited page.
    pub fn links(&mut self, links: &[String]) {
        if self.max <= self.must {
            return;
        }
        for link in links {
            let Ok(url) = Url::parse(link) else { continue };
            if !matches!(url.scheme(), "http" | "https") {
                continue;
            }
            let Some(host) = url.host_str() else { continue };
            if !self.sites.contains(&site_of(host)) {
                continue;
            }
            let file = url
                .path()
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .to_ascii_lowercase();
            if file
                .rsplit_once('.')
                .is_some_and(|(_, ext)| NOT_PAGES.contains(&ext))
            {
                continue;
            }
            self.push(url);
        }
    }
}
