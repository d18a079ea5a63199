//! Event listeners that remove themselves when dropped.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;
use web_sys::{Event, EventTarget};

use crate::browser::Error;

/// Every callback the module hands the page (listeners, the mutation
/// observer, microtasks, tasks) is of this one type: each closure type costs
/// its own invoke shim in the `.wasm` and its own adapter in the glue.
pub type Callback = dyn FnMut(JsValue);

/// A listener for `kind` events on `target`, removed on drop.
#[derive(Debug)]
pub struct Listener {
    target: EventTarget,
    kind: &'static str,
    callback: Closure<Callback>,
}

impl Listener {
    /// Listens for `kind` events on `target` with `f`.
    pub fn new(target: &EventTarget, kind: &'static str, f: fn(Event)) -> Result<Self, Error> {
        let callback = Closure::<Callback>::new(move |event: JsValue| f(event.unchecked_into()));
        target.add_event_listener_with_callback(kind, callback.as_ref().unchecked_ref())?;
        Ok(Self {
            target: target.clone(),
            kind,
            callback,
        })
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self
            .target
            .remove_event_listener_with_callback(self.kind, self.callback.as_ref().unchecked_ref());
    }
}
