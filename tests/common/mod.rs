//! Fixtures shared by the native and the browser tests.
#![allow(dead_code)]

pub mod stored;
