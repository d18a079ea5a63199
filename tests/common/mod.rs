//! Fixtures shared by the native and the browser tests.
#![allow(dead_code)]

#[cfg(target_arch = "wasm32")]
pub mod page;
pub mod stored;
