//! The pure consent core: categories, the site profile, the stored record, its
//! validity, and the decisions taken from it. No web API is used here: time and
//! randomness come in as arguments, so native `cargo test` covers all of it.

mod category;
mod config;
mod consent_mode;
mod decision;
mod json;
mod lang;
mod link;
mod machine;
mod profile;
mod record;
mod validity;
mod withdrawal;

pub use category::{Category, Choices};
pub use config::{ConfigError, Position, MAX_LIFETIME_DAYS};
pub use consent_mode::{ConsentMode, Signal};
pub use decision::{granted, show_banner, Action};
pub use lang::Lang;
pub use link::is_safe_link;
pub use machine::{Clock, Command, Effect, Input, Machine, Notice, Visit, Warning, Watch};
#[cfg(target_arch = "wasm32")]
pub(crate) use profile::ICTA_POLICY_URL;
pub use profile::{Catalog, Profile, Text, Texts};
pub use record::{consent_id, Method, Moment, Record, SCHEMA};
pub use validity::{assess, assess_stored, Assessment, Reason, Stored, MAX_STORED_LEN};
pub use withdrawal::{cookie_domains, cookie_matches, cookies_to_clear, deletions};
