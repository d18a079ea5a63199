//! The thin web layer: localStorage, the banner's DOM, events, the clock,
//! randomness and the console. It runs the core's effects and decides
//! nothing; it is not public API (the JavaScript API is `crate::api`).

pub mod controller;
pub mod effects;
mod env;
mod error;
mod gate;
mod listener;
mod local;
mod view;

#[cfg(feature = "std")]
pub use env::CONFIG_ID;
pub use env::{page_config, page_language, privacy_signal, window};
pub use error::Error;
pub use listener::{Callback, Listener};
pub use view::View;
#[cfg(feature = "std")]
pub use view::HOST_ID;

pub(crate) use env::warn_once;
pub(crate) use local::Local;
