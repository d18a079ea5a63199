//! Where the choice is kept: localStorage, or memory for this page when the
//! browser refuses storage.
//!
//! Reading `window.localStorage` throws where cookies are blocked or in a
//! sandboxed iframe, so [`ConsentStore::open`] reads the property once, inside
//! a catch, and keeps the handle; a later read or write that throws (a full
//! quota, older Safari's private windows) moves the choice to memory. Nothing
//! is written on load: no probe key, no `storage` event in the site's other
//! tabs, no I/O before the banner.
//! (gloo-storage was the first choice here: its typed get/set go through
//! serde_json, about 25 KB of WebAssembly, and its `raw()` aborts where the
//! getter throws, so a handle of our own is both smaller and safer.)

use alloc::borrow::ToOwned;
use alloc::string::String;
use web_sys::Storage;

use crate::browser::{warn_once, window};
use crate::core::{Record, Stored};

const UNAVAILABLE: &str = "localStorage is unavailable; the choice is kept for this page only";

/// Where [`ConsentStore`] keeps the choice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// The browser's localStorage: the choice outlives the page.
    LocalStorage,
    /// Memory: storage is blocked or broken, the choice lasts for this page.
    Memory,
}

/// The visitor's stored choice under one key.
#[derive(Debug)]
pub struct ConsentStore {
    key: String,
    storage: Option<Storage>,
    /// The record kept in memory once storage has failed.
    memory: Option<Record>,
}

impl ConsentStore {
    /// Opens the store under `key`: localStorage if the browser lets the
    /// page have it, else memory, with one warning on the console.
    pub fn open(key: &str) -> Self {
        let storage = window().and_then(|w| w.local_storage().ok().flatten());
        if storage.is_none() {
            warn_once(UNAVAILABLE);
        }
        Self {
            key: key.to_owned(),
            storage,
            memory: None,
        }
    }

    /// Where the choice is kept now.
    pub fn backend(&self) -> Backend {
        match self.storage {
            Some(_) => Backend::LocalStorage,
            None => Backend::Memory,
        }
    }

    /// Reads the stored value.
    pub fn load(&mut self) -> Stored {
        let Some(storage) = &self.storage else {
            return self.memory.clone().map_or(Stored::Missing, Stored::Record);
        };
        match storage.get_item(&self.key) {
            Ok(text) => Stored::parse(text.as_deref()),
            Err(_) => {
                self.fall_back();
                Stored::Missing
            }
        }
    }

    /// Keeps `record`, replacing whatever was stored (a tampered value too).
    pub fn save(&mut self, record: &Record) {
        let saved = self
            .storage
            .as_ref()
            .is_some_and(|s| s.set_item(&self.key, &record.to_json()).is_ok());
        if !saved {
            self.fall_back();
            self.memory = Some(record.clone());
        }
    }

    /// Forgets the stored choice.
    pub fn clear(&mut self) {
        if let Some(storage) = &self.storage {
            let _ = storage.remove_item(&self.key);
        }
        self.memory = None;
    }

    fn fall_back(&mut self) {
        if self.storage.take().is_some() {
            warn_once(UNAVAILABLE);
        }
    }
}
