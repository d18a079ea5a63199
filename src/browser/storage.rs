//! Where the choice is kept: localStorage, or memory for this page when the
//! browser refuses storage.
//!
//! Reading `window.localStorage` throws where cookies are blocked or in a
//! sandboxed iframe, so [`ConsentStore::open`] probes it once (read, write,
//! remove) and keeps the handle; any later failure moves the choice to memory.
//! (gloo-storage was the first choice here: its typed get/set go through
//! serde_json, about 25 KB of WebAssembly, and its `raw()` aborts where the
//! getter throws, so a handle of our own is both smaller and safer.)

use web_sys::Storage;

use crate::browser::warn_once;
use crate::core::{Record, Stored};

const UNAVAILABLE: &str = "localStorage is unavailable; the choice is kept for this page only";
const KEY_PROBE: &str = "icta-consent-probe";

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
    /// Opens the store under `key`: localStorage if reading and writing it
    /// works, else memory, with one warning on the console.
    pub fn open(key: &str) -> Self {
        let storage = working_local_storage();
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

/// `window.localStorage` if it can be read and written without throwing.
/// Reading the property throws where cookies are blocked; writing throws when
/// the quota is exhausted or (older Safari) in private windows.
fn working_local_storage() -> Option<Storage> {
    let storage = web_sys::window()?.local_storage().ok()??;
    let works = storage.set_item(KEY_PROBE, "1").is_ok();
    let _ = storage.remove_item(KEY_PROBE);
    works.then_some(storage)
}
