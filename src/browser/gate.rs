//! The gate: scripts, iframes and images a page marks with `data-consent`
//! stay inert until their category is granted, then run exactly once, in
//! document order.
//!
//! A gated script is `<script type="text/plain" data-consent="analytics">`
//! (external with `src`, or inline). The browser neither fetches nor runs it.
//! On grant, a fresh `<script>` is made with the original's attributes (and
//! its `nonce`, which browsers hide from attributes), inserted after it, and
//! the original is marked done. An external script is waited for (load or
//! error) before the next one runs, so an inline script can rely on the
//! library before it. `<iframe>` and `<img>` get their `data-src` (and
//! `data-srcset`) as `src` (and `srcset`).

use alloc::vec::Vec;
use core::cell::RefCell;

use core::cell::OnceCell;

use js_sys::{Array, JsString};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlScriptElement, Node, NodeList};

use crate::browser::controller::granted_now;
use crate::browser::{warn_once, Callback, Error, Local};
use crate::core::{Category, Choices};

/// What the gate looks for: inert elements not yet handled.
const GATED: &str = "script[type=\"text/plain\"][data-consent]:not([data-consent-state]),\
                     iframe[data-consent][data-src]:not([data-consent-state]),\
                     img[data-consent][data-src]:not([data-consent-state])";
#[wasm_bindgen(module = "/src/browser/added.js")]
extern "C" {
    /// The gated elements among what a mutation batch added (see added.js).
    #[wasm_bindgen(js_name = gatedAmong)]
    fn gated_among_js(records: &Array, selector: &JsString) -> Option<Array>;
}

/// [`GATED`] as a JS string, made once.
static GATED_JS: Local<OnceCell<JsString>> = Local::new(OnceCell::new());

/// The not-yet-handled gated elements among what `records` (a
/// `MutationObserver` batch) added, with their descendants, in order; `None`
/// when there are none, which is nearly always.
pub fn gated_among(records: &Array) -> Option<Array> {
    GATED_JS.with(|gated| gated_among_js(records, gated.get_or_init(|| JsString::from(GATED))))
}

/// Set on an original once handled, so it never runs twice.
const STATE: &str = "data-consent-state";
/// Attributes of the original that the clone does not take.
const NOT_COPIED: [&str; 4] = ["type", "data-consent", "data-type", STATE];

struct Queue {
    /// Originals waiting to run, in document order, with their category. A
    /// `Vec` taken from the front (a page gates a handful of scripts): a
    /// second `VecDeque` type beside the machine's cost the module more.
    waiting: Vec<(HtmlScriptElement, Category)>,
    /// Whether an external script is loading, which the rest wait for.
    loading: bool,
}

static QUEUE: Local<RefCell<Queue>> = Local::new(RefCell::new(Queue {
    waiting: Vec::new(),
    loading: false,
}));

/// Activates every gated element of `document` whose category `granted`
/// allows, in document order. Elements of other categories stay inert;
/// a `data-consent` naming no category stays inert for good, with a warning.
///
/// Must not be called while the page's state is borrowed: an activated inline
/// script runs at once and may call the API.
///
/// Returns the inline scripts it left for later because the parser may still
/// be writing their text (see [`Found::open`]).
pub fn activate(document: &Document, granted: Choices) -> Vec<Element> {
    let mut found = Found::new(document);
    if let Ok(list) = document.query_selector_all(GATED) {
        found.consider_all(&list, granted);
    }
    found.run()
}

/// Activates what `granted` allows among `added` (gated elements the page
/// has just inserted, found by [`gated_among`]), and nothing else: the rest of the
/// document was seen before, so a page that keeps changing (a feed, a
/// carousel, a single-page app) costs work in proportion to what it adds.
pub fn activate_added(added: &[Element], granted: Choices) -> Vec<Element> {
    let Some(document) = added.first().and_then(|e| e.owner_document()) else {
        return Vec::new();
    };
    let mut found = Found::new(&document);
    for element in added {
        // Added and already removed again: nothing of it can run.
        if !element.is_connected() {
            continue;
        }
        // Still unhandled: a whole-page activation may have taken it since.
        if element.matches(GATED).unwrap_or(false) {
            found.consider(element.clone(), granted);
        }
    }
    found.run()
}

/// What one activation found.
struct Found {
    /// Whether the parser is still at work (`document.readyState`).
    loading: bool,
    /// Scripts to run, in document order, with their category.
    scripts: Vec<(HtmlScriptElement, Category)>,
    /// Inline scripts left for later: see [`Found::open`].
    open: Vec<Element>,
}

impl Found {
    fn new(document: &Document) -> Self {
        Self {
            loading: document.ready_state() == "loading",
            scripts: Vec::new(),
            open: Vec::new(),
        }
    }

    fn consider_all(&mut self, list: &NodeList, granted: Choices) {
        // By index: iterating the NodeList as a JS iterator cost four imports.
        for i in 0..list.length() {
            if let Some(node) = list.item(i) {
                // querySelectorAll finds elements only.
                self.consider(node.unchecked_into(), granted);
            }
        }
    }

    /// Queues `element` if `granted` allows its category (a script), or
    /// loads it at once (an iframe or image).
    fn consider(&mut self, element: Element, granted: Choices) {
        let category = element.get_attribute("data-consent").unwrap_or_default();
        let category = match Category::from_name(category.trim_ascii()) {
            Some(category) if granted.grants(category) => category,
            Some(_) => return,
            None => {
                warn_once("a data-consent value names no category; that element stays blocked");
                return;
            }
        };
        match element.dyn_into::<HtmlScriptElement>() {
            Ok(script) if self.open(&script) => self.open.push(script.into()),
            Ok(script) => {
                let _ = script.set_attribute(STATE, "queued");
                self.scripts.push((script, category));
            }
            Err(element) => load_embed(&element),
        }
    }

    /// Whether the parser may still be writing `element`'s text: an inline
    /// script while the page loads with nothing after it in the document
    /// yet. The parser inserts a script's element, then its text as it
    /// arrives; only once something follows it is the text complete.
    fn open(&self, script: &HtmlScriptElement) -> bool {
        if !self.loading || script.has_attribute("src") {
            return false;
        }
        let mut node: Option<Node> = Some(script.clone().into());
        while let Some(n) = node {
            if n.next_sibling().is_some() {
                return false;
            }
            node = n.parent_node();
        }
        true
    }

    /// Runs what was found; returns what was left for later.
    fn run(self) -> Vec<Element> {
        if !self.scripts.is_empty() {
            QUEUE.with(|q| q.borrow_mut().waiting.extend(self.scripts));
            pump();
        }
        self.open
    }
}

/// Runs queued scripts until one must be waited for. Each is checked
/// against the grant committed when its turn comes: one that page code has
/// withdrawn meanwhile goes back to waiting, inert.
fn pump() {
    loop {
        let next = QUEUE.with(|q| {
            let mut q = q.borrow_mut();
            if q.loading {
                return None;
            }
            (!q.waiting.is_empty()).then(|| q.waiting.remove(0))
        });
        let Some((original, category)) = next else {
            return;
        };
        if !granted_now().grants(category) {
            let _ = original.remove_attribute(STATE);
            continue;
        }
        // Run outside the borrow: an inline script runs on insertion and may
        // activate more.
        match run(&original) {
            Ok(true) => {
                QUEUE.with(|q| q.borrow_mut().loading = true);
                return;
            }
            Ok(false) => {}
            Err(error) => crate::browser::env::error(error.message()),
        }
    }
}

/// Inserts a live copy of `original` after it. Returns whether the queue must
/// wait for it: an external script that order depends on, which continues
/// the queue once it has loaded or failed.
fn run(original: &HtmlScriptElement) -> Result<bool, Error> {
    // Every element has an owner document; were it ever missing, the script
    // would simply stay inert.
    let Some(document) = original.owner_document() else {
        return Ok(false);
    };
    let clone: HtmlScriptElement = document.create_element("script")?.unchecked_into();
    let attributes = original.attributes();
    for i in 0..attributes.length() {
        if let Some(attr) = attributes.item(i) {
            if !NOT_COPIED.contains(&attr.name().as_str()) {
                clone.set_attribute(&attr.name(), &attr.value())?;
            }
        }
    }
    // Setting the attribute on a new element sets its nonce too (the parsed
    // original hides its attribute, so the loop above copied ""); attributes
    // instead of properties save the module an import each.
    clone.set_attribute("nonce", &original.nonce())?;
    if let Some(kind) = original.get_attribute("data-type") {
        clone.set_attribute("type", &kind)?;
    }
    let external = original.has_attribute("src");
    if external {
        // A created script is async unless told otherwise; keep the original's.
        clone.set_async(original.has_attribute("async"));
    } else {
        clone.set_text_content(original.text_content().as_deref());
    }
    original.set_attribute(STATE, "done")?;
    let waits = external && !original.has_attribute("async") && !original.has_attribute("defer");
    if waits {
        // One function for both outcomes: only one fires. (It lives as long
        // as the script element holds it.)
        let next = Closure::<Callback>::new(|_| loaded()).into_js_value();
        clone.set_onload(Some(next.unchecked_ref()));
        clone.set_onerror(Some(next.unchecked_ref()));
    }
    original.after_with_node_1(&clone)?;
    Ok(waits)
}

/// The external script being waited for has loaded or failed: go on.
fn loaded() {
    QUEUE.with(|q| q.borrow_mut().loading = false);
    pump();
}

/// Gives `iframe` or `img` its real source.
fn load_embed(element: &Element) {
    for (from, to) in [("data-srcset", "srcset"), ("data-src", "src")] {
        if let Some(value) = element.get_attribute(from) {
            let _ = element.set_attribute(to, &value);
        }
    }
    let _ = element.set_attribute(STATE, "done");
}
