//! What can go wrong in the browser layer.

use alloc::string::String;
use core::fmt;

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

/// An error of the browser layer. Each is reported once on the console and
/// never grants anything.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The page has no `<body>` to put the banner in.
    NoBody,
    /// The privacy-policy link is not an `https:`, `http:` or relative URL.
    UnsafeLink,
    /// A DOM call threw; the exception's message, copied.
    Dom(String),
    /// The banner's own markup lacks a part it needs.
    Markup,
}

impl Error {
    /// A short, fixed phrase for the console.
    pub fn message(&self) -> &str {
        match self {
            Self::NoBody => "icta-consent: the page has no <body> for the banner",
            Self::UnsafeLink => {
                "icta-consent: policy_url must be an https:, http: or relative URL; using the default"
            }
            Self::Dom(message) => message,
            Self::Markup => "icta-consent: the banner's markup is incomplete",
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

#[wasm_bindgen]
extern "C" {
    /// `String(value)`: `"TypeError: …"` for an exception, the text itself for
    /// a thrown string. One import, where reading `Error.message` took three.
    #[wasm_bindgen(js_name = String, catch)]
    fn describe(value: &JsValue) -> Result<String, JsValue>;
}

impl From<JsValue> for Error {
    fn from(value: JsValue) -> Self {
        let message = describe(&value).unwrap_or_default();
        Self::Dom(["icta-consent: ", &message].concat())
    }
}
