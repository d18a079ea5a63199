//! The page the browser tests share: its localStorage and the banner's
//! shadow root, read as a visitor's browser holds them.

use wasm_bindgen::JsCast;
use web_sys::{Document, HtmlElement, HtmlScriptElement, ShadowRoot, Storage};

use icta_consent::api::testing::HOST_ID;

/// The key the icta.az profile stores the choice under.
pub const KEY: &str = "icta-consent";

pub fn document() -> Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a document")
}

pub fn local_storage() -> Storage {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .expect("the test browser has localStorage")
}

/// What localStorage holds under [`KEY`].
pub fn stored() -> Option<String> {
    local_storage().get_item(KEY).expect("getItem works")
}

/// Writes `text` under [`KEY`], as an earlier visit (or a tamperer) did.
pub fn put_raw(text: &str) {
    local_storage().set_item(KEY, text).expect("setItem works");
}

pub fn clear_storage() {
    local_storage().clear().expect("clear");
}

/// How many banner hosts the page has.
pub fn hosts() -> u32 {
    document()
        .query_selector_all(&format!("#{HOST_ID}"))
        .expect("query")
        .length()
}

/// The banner's shadow root, if the banner was built.
pub fn try_root() -> Option<ShadowRoot> {
    document().get_element_by_id(HOST_ID)?.shadow_root()
}

pub fn root() -> ShadowRoot {
    try_root().expect("the banner's host with an open shadow root")
}

/// The element of the shadow root that `selector` names, if any.
pub fn try_find(selector: &str) -> Option<HtmlElement> {
    let found = try_root()?
        .query_selector(selector)
        .expect("valid selector");
    found.map(JsCast::unchecked_into)
}

pub fn find(selector: &str) -> HtmlElement {
    try_find(selector).unwrap_or_else(|| panic!("no {selector}"))
}

/// Whether the visitor sees the first layer: built, and not hidden.
pub fn banner_visible() -> bool {
    try_find(".banner").is_some_and(|b| !b.has_attribute("hidden"))
}

/// Whether the preferences dialog is open.
pub fn dialog_open() -> bool {
    try_find("dialog").is_some_and(|d| d.has_attribute("open"))
}

/// The icta.az profile, except that withdrawing analytics does not reload
/// the page: a reload would end the test page.
pub fn icta() -> icta_consent::Profile {
    let mut profile = icta_consent::Profile::icta();
    profile.reload_on_withdraw = false;
    profile
}

/// Appends to `<body>` a gated inline analytics script that, once it runs,
/// records `name` in `window.__ran`. Marked `data-test`, for clean-up.
pub fn add_gated(name: &str) -> HtmlScriptElement {
    let document = document();
    let script: HtmlScriptElement = document
        .create_element("script")
        .expect("a script")
        .unchecked_into();
    for (attribute, value) in [
        ("type", "text/plain"),
        ("data-consent", "analytics"),
        ("data-test", ""),
    ] {
        script
            .set_attribute(attribute, value)
            .expect("an attribute");
    }
    script
        .set_text(&["window.__ran.push('", name, "')"].concat())
        .expect("text");
    document
        .body()
        .expect("a body")
        .append_child(&script)
        .expect("appended");
    script
}

#[wasm_bindgen::prelude::wasm_bindgen(inline_js = "
export function next_task() { return new Promise((resolve) => setTimeout(resolve, 0)); }
")]
extern "C" {
    fn next_task() -> js_sys::Promise;
}

/// Waits for the browser's next task: a first start draws the banner in
/// the task after its own, and the rest (listening, the gate's first pass,
/// `icta-consent:ready`) in the one after that (see `Effect::Yield`).
pub async fn a_task_later() {
    let _ = wasm_bindgen_futures::JsFuture::from(next_task()).await;
}

/// Starts the page with `profile`, as the module does, and waits for the
/// start's second and third tasks.
pub async fn start_with(profile: icta_consent::Profile) {
    icta_consent::api::testing::start_with(profile);
    a_task_later().await;
    a_task_later().await;
}

/// Starts the page with its own config, as the module does, and waits for
/// the start's other tasks: the module's start function starts the page
/// in the next task (where there is no `scheduler.postTask`, a timer like
/// this one's), and a first start draws the banner in the task after that,
/// and does the rest in the one after.
pub async fn start() {
    icta_consent::api::start();
    a_task_later().await;
    a_task_later().await;
    a_task_later().await;
}
