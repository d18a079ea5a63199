//! The pure consent core: categories, the site profile, the stored record, its
//! validity, and the decisions taken from it. No web API is used here: time and
//! randomness come in as arguments, so native `cargo test` covers all of it.

mod category;
mod decision;
mod lang;
mod link;
mod profile;
mod record;
mod validity;

pub use category::{Category, Choices};
pub use decision::{granted, show_banner, Action};
pub use lang::Lang;
pub use link::is_safe_link;
pub use profile::{Catalog, Profile, Text, Texts};
pub use record::{consent_id, Method, Moment, Record, SCHEMA};
pub use validity::{assess, assess_stored, Assessment, Reason, Stored, MAX_STORED_LEN};
