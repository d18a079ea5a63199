//! Why an audit could not be done (exit code 2).

use thiserror::Error;

/// An audit that failed, as opposed to a page that failed it.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The command line is wrong.
    #[error("{0}")]
    Usage(String),
    /// No Chromium to start, or it would not start.
    #[error("no browser: {0}")]
    NoBrowser(String),
    /// A page did not load (a network error, or an HTTP error status).
    #[error("the page did not load: {0}")]
    PageDidNotLoad(String),
    /// The browser stopped answering, or answered nonsense.
    #[error("the browser failed: {0}")]
    Browser(String),
    /// The sitemap could not be read.
    #[error("the sitemap {url} could not be read: {message}")]
    Sitemap {
        /// Its URL.
        url: String,
        /// Why.
        message: String,
    },
    /// The tracker database could not be read.
    #[error("the tracker database {path} could not be read: {message}")]
    TrackerDb {
        /// Its path.
        path: String,
        /// Why.
        message: String,
    },
    /// A report could not be written.
    #[error("{path} could not be written: {message}")]
    Write {
        /// Its path.
        path: String,
        /// Why.
        message: String,
    },
}
