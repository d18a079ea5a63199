//! The page's consent state: the store and the core's verdict. The profile is
//! the caller's, lent to each call (cloning it cost the module 3 KB).

use crate::browser::{moment, now_ms, page_language, ConsentStore};
use crate::core::{
    assess_stored, granted, show_banner, Action, Assessment, Choices, Lang, Profile, Reason, Record,
};

/// One page's consent: what is stored, what it is worth, what the visitor does.
#[derive(Debug)]
pub struct Consent {
    store: ConsentStore,
    language: Lang,
    assessment: Assessment,
}

impl Consent {
    /// Opens the store named by `profile` and assesses what it holds.
    pub fn start(profile: &Profile) -> Self {
        let mut store = ConsentStore::open(&profile.storage_key);
        let language = Lang::negotiate(page_language().as_deref(), &profile.languages);
        let assessment = assess_stored(store.load(), profile, now_ms());
        Self {
            store,
            language,
            assessment,
        }
    }

    /// Reads the stored choice again (another tab changed it), keeping the
    /// storage handle and the language this page already has.
    pub fn reload(&mut self, profile: &Profile) {
        self.assessment = assess_stored(self.store.load(), profile, now_ms());
    }

    /// The categories granted now.
    pub fn granted(&self) -> Choices {
        granted(&self.assessment)
    }

    /// Whether the visitor must be asked.
    pub fn show_banner(&self) -> bool {
        show_banner(&self.assessment)
    }

    /// Why the visitor is asked, if they are.
    pub fn reason(&self) -> Option<Reason> {
        match self.assessment {
            Assessment::Ask(reason) => Some(reason),
            Assessment::Valid(_) => None,
        }
    }

    /// The valid stored record, if any.
    pub fn record(&self) -> Option<&Record> {
        match &self.assessment {
            Assessment::Valid(record) => Some(record),
            Assessment::Ask(_) => None,
        }
    }

    /// The banner's language.
    pub fn language(&self) -> Lang {
        self.language
    }

    /// The store, to tell where the choice is kept.
    pub fn store(&self) -> &ConsentStore {
        &self.store
    }

    /// Records what the visitor did and returns the choices now granted.
    pub fn act(&mut self, action: Action, profile: &Profile) -> Choices {
        let (choices, method) = action.resolve();
        let record = Record::new(
            choices,
            method,
            self.record(),
            moment(self.language),
            profile,
        );
        self.store.save(&record);
        self.assessment = Assessment::Valid(record);
        choices
    }

    /// Forgets the choice: the visitor is asked again.
    pub fn reset(&mut self) {
        self.store.clear();
        self.assessment = Assessment::Ask(Reason::Missing);
    }
}
