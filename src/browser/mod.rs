//! The thin web layer: localStorage, the banner's DOM, events, the clock,
//! randomness and the console. It does I/O only; every decision is the core's.

mod consent;
pub mod controller;
pub mod effects;
mod env;
mod error;
pub mod gate;
mod listener;
mod local;
mod storage;
mod template;
mod view;

pub use consent::Consent;
pub use env::{moment, now_ms, page_config, page_language, privacy_signal, window, CONFIG_ID};
pub use error::Error;
pub use listener::Listener;
pub use storage::{Backend, ConsentStore};
pub use view::{View, HOST_ID};

pub(crate) use env::warn_once;
pub(crate) use local::Local;
