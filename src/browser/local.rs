//! Page-wide state without std's `thread_local!` (the shipped module is
//! `no_std`): a `static` the page's one thread reads and writes.

#[cfg(target_feature = "atomics")]
compile_error!("icta-consent keeps page state in statics that assume one thread: build without the atomics target feature");

/// A value shared by everything on the page, handed out by reference.
pub struct Local<T>(T);

// SAFETY: wasm32-unknown-unknown without the atomics feature (checked above)
// has exactly one thread, so a `Local` is never reached from two threads.
#[allow(unsafe_code)]
unsafe impl<T> Sync for Local<T> {}

impl<T> Local<T> {
    /// Wraps `value`, usually a `Cell` or `RefCell`.
    pub const fn new(value: T) -> Self {
        Self(value)
    }

    /// Runs `f` with the value, as `LocalKey::with` does.
    pub fn with<R>(&'static self, f: impl FnOnce(&T) -> R) -> R {
        f(&self.0)
    }
}
