//! Where the choice is kept: localStorage through gloo-storage, or memory for
//! this page when the browser refuses storage.
//!
//! gloo-storage aborts where `window.localStorage` throws (blocked cookies,
//! sandboxed iframes), so [`ConsentStore::open`] checks that it works first,
//! and any later failure moves the choice to memory.

use gloo_storage::errors::StorageError;
use gloo_storage::{LocalStorage, Storage};

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
    memory: Option<Option<Record>>,
}

impl ConsentStore {
    /// Opens the store under `key`: localStorage if reading and writing it
    /// works, else memory, with one warning on the console.
    pub fn open(key: &str) -> Self {
        let mut store = Self {
            key: key.to_owned(),
            memory: None,
        };
        if !local_storage_works() {
            store.fall_back();
        }
        store
    }

    /// Where the choice is kept now.
    pub fn backend(&self) -> Backend {
        match self.memory {
            Some(_) => Backend::Memory,
            None => Backend::LocalStorage,
        }
    }

    /// Reads the stored value.
    pub fn load(&mut self) -> Stored {
        if let Some(memory) = &self.memory {
            return memory.clone().map_or(Stored::Missing, Stored::Record);
        }
        match LocalStorage::get::<Record>(&self.key) {
            Ok(record) => Stored::Record(record),
            Err(StorageError::KeyNotFound(_)) => Stored::Missing,
            Err(StorageError::SerdeError(_)) => Stored::Malformed,
            Err(_) => {
                self.fall_back();
                Stored::Missing
            }
        }
    }

    /// Keeps `record`, replacing whatever was stored (a tampered value too).
    pub fn save(&mut self, record: &Record) {
        if self.memory.is_none() && LocalStorage::set(&self.key, record).is_ok() {
            return;
        }
        self.fall_back();
        self.memory = Some(Some(record.clone()));
    }

    /// Forgets the stored choice.
    pub fn clear(&mut self) {
        match &mut self.memory {
            Some(memory) => *memory = None,
            None => LocalStorage::delete(&self.key),
        }
    }

    fn fall_back(&mut self) {
        if self.memory.is_none() {
            warn_once(UNAVAILABLE);
            self.memory = Some(None);
        }
    }
}

/// Whether `window.localStorage` can be read and written without throwing.
/// Reading the property throws where cookies are blocked; writing throws when
/// the quota is exhausted or (older Safari) in private windows.
fn local_storage_works() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    match window.local_storage() {
        Ok(Some(storage)) => {
            let works = storage.set_item(KEY_PROBE, "1").is_ok();
            let _ = storage.remove_item(KEY_PROBE);
            works
        }
        _ => false,
    }
}
