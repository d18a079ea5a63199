//! # icta-consent
//!
//! The cookie-consent banner of [icta.az](https://icta.az), in Rust compiled to
//! WebAssembly. The site's privacy policy names three purposes for cookies;
//! they are the three [`Category`]s: `necessary` (always on), `preferences`
//! and `analytics` (off until the visitor says yes).
//!
//! The crate is two layers. The pure core (this page's items) decides: the
//! page's consent is a state machine ([`Machine`]) whose inputs give the next
//! state and the effects to run, as plain data; it uses no web API and is
//! tested natively. The browser layer, compiled only for `wasm32`, runs those
//! effects (localStorage, the banner's DOM, events, the gate) and is private;
//! `api` (on `wasm32`) is the JavaScript API it exports.
//!
//! ```
//! use icta_consent::{assess, granted, show_banner, Action, Category, Lang, Moment, Profile, Record};
//!
//! let profile = Profile::icta();
//! let now = 1_764_000_000_000; // milliseconds since the Unix epoch
//!
//! // A first visit: nothing stored, so ask, and grant only what is necessary.
//! let first = assess(None, &profile, now);
//! assert!(show_banner(&first));
//! assert!(!granted(&first).grants(Category::Analytics));
//!
//! // The visitor accepts all; the record is what localStorage keeps.
//! let (choices, method) = Action::AcceptAll.resolve();
//! let moment = Moment { now, random: [7; 16], language: Lang::Az };
//! let stored = Record::new(choices, method, None, moment, &profile).to_json();
//!
//! // The next visit finds a valid choice: no banner, analytics granted.
//! let next = assess(Some(&stored), &profile, now + 60_000);
//! assert!(!show_banner(&next));
//! assert!(granted(&next).grants(Category::Analytics));
//! ```

#![no_std]
#![deny(missing_docs)]
#![deny(unsafe_code)]
#![warn(clippy::unwrap_used)]
#![deny(clippy::expect_used)]

extern crate alloc;
// Natively and in the browser tests, std is linked and brings its panic
// handler; the shipped module (`--no-default-features`) has the one below.
#[cfg(any(not(target_arch = "wasm32"), feature = "std"))]
extern crate std;

mod core;

#[cfg(target_arch = "wasm32")]
mod browser;

#[cfg(target_arch = "wasm32")]
pub mod api;

pub use crate::core::*;

/// The allocator: a small free list instead of std's dlmalloc.
// SAFETY: wasm32-unknown-unknown without the atomics feature runs one thread.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
#[allow(unsafe_code)]
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };

/// A panic in the shipped module stops it where it is: a `wasm32` trap, which
/// the page sees as a `RuntimeError` from the call that panicked. Formatting
/// the message would pull std's panic and formatting code into the `.wasm`
/// for text that nobody reads (the crate has no `unwrap`; what remains are
/// bounds checks and invariants).
#[cfg(all(target_arch = "wasm32", not(feature = "std")))]
#[panic_handler]
fn panic(_: &::core::panic::PanicInfo) -> ! {
    ::core::arch::wasm32::unreachable()
}
