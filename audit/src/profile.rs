//! The defaults of what is allowed, from the site profile the banner is built
//! with (`pkg-config/icta.az.toml`, compiled in).
//!
//! The profile names the one storage entry the banner itself writes (its
//! `storage_key`, which holds the visitor's choice and is necessary) and the
//! analytics cookies it deletes when a visitor withdraws consent
//! (`clear_on_withdraw`): those may never appear before consent, whatever
//! `--allow-cookie` says.

use serde::Deserialize;

use crate::glob::Glob;

/// The icta.az profile, as the banner's build reads it.
const ICTA_AZ: &str = include_str!("../../pkg-config/icta.az.toml");

/// What the audit takes from a site profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    /// The `localStorage` key that holds the visitor's choice.
    pub storage_key: String,
    /// The analytics cookies, as patterns (`_ga_*`).
    pub analytics_cookies: Vec<Glob>,
}

#[derive(Deserialize)]
struct File {
    storage_key: String,
    clear_on_withdraw: Vec<String>,
}

impl Profile {
    /// The icta.az profile.
    pub fn icta_az() -> Self {
        // The banner's build refuses a profile without these keys, and a
        // test reads this one.
        Self::parse(ICTA_AZ)
            .expect("unreachable: pkg-config/icta.az.toml has storage_key and clear_on_withdraw")
    }

    /// Reads the keys the audit needs from a profile's TOML text (the rest
    /// of the profile is the banner's business).
    pub fn parse(text: &str) -> Option<Self> {
        let file: File = toml::from_str(text).ok()?;
        Some(Profile {
            storage_key: file.storage_key,
            analytics_cookies: file
                .clear_on_withdraw
                .iter()
                .map(|p| Glob::new(p))
                .collect(),
        })
    }
}
