//! The thin web layer: localStorage, the clock, randomness and the console.
//! It does I/O only; every decision is the core's.

mod consent;
mod env;
mod storage;

pub use consent::Consent;
pub use env::{moment, now_ms, page_language};
pub use storage::{Backend, ConsentStore};

pub(crate) use env::warn_once;
