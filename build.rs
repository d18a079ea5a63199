//! Compiles the site profile `pkg-config/icta.az.toml` into Rust, so the
//! browser gets plain constants and never parses TOML.
//!
//! A mistake in the profile (an unknown key, a missing text, a bad link)
//! fails the build with a message that names it.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::{env, fs, path::Path};

use serde::Deserialize;

extern crate alloc;
/// The crate's own link rule, so the build and the browser agree on which
/// profile links are safe.
#[path = "src/core/link.rs"]
mod link;
/// The banner's markup compiler (tested natively by tests/markup.rs).
#[path = "build/markup.rs"]
mod markup;

const PROFILE: &str = "pkg-config/icta.az.toml";
const STYLES: &str = "src/browser/banner.css";
const MARKUP: &str = "src/browser/markup.html";
const LANGS: [(&str, &str); 3] = [("az", "Az"), ("en", "En"), ("ru", "Ru")];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Profile {
    revision: u32,
    lifetime_days: u32,
    storage_key: String,
    languages: Vec<String>,
    policy_url: String,
    clear_on_withdraw: Vec<String>,
    reload_on_withdraw: bool,
    report_url: Option<String>,
    texts: BTreeMap<String, BTreeMap<String, String>>,
}

fn main() {
    println!("cargo:rerun-if-changed={PROFILE}");
    println!("cargo:rerun-if-changed={STYLES}");
    println!("cargo:rerun-if-changed=src/core/link.rs");
    println!("cargo:rerun-if-changed={MARKUP}");
    println!("cargo:rerun-if-changed=build/markup.rs");
    let out_dir = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let css = fs::read_to_string(STYLES).expect("the banner's stylesheet is readable");
    fs::write(Path::new(&out_dir).join("banner.min.css"), minify_css(&css))
        .expect("OUT_DIR is writable");
    let source = fs::read_to_string(PROFILE).unwrap_or_else(|e| fail(&format!("cannot read: {e}")));
    let profile: Profile = toml::from_str(&source).unwrap_or_else(|e| fail(&e.to_string()));
    check(&profile);
    let out = Path::new(&out_dir).join("icta_profile.rs");
    fs::write(out, emit(&profile)).expect("OUT_DIR is writable");
    let markup = fs::read_to_string(MARKUP).expect("the banner's markup is readable");
    let compiled = markup::compile(&markup).unwrap_or_else(|e| panic!("{MARKUP}: {e}"));
    let out = Path::new(&out_dir).join("markup.rs");
    fs::write(out, emit_markup(&compiled, &profile)).expect("OUT_DIR is writable");
}

/// The compiled markup as a constant, and `markup_slots`,
/// which gives the slots' texts: `{lang}` and `{policy}` from the page, every
/// other name a field of `Texts` (so rustc checks it too).
fn emit_markup(compiled: &markup::Compiled, p: &Profile) -> String {
    let mut s = format!(
        "/// {MARKUP}, compiled by build.rs (build/markup.rs).\nconst MARKUP: &str = {:?};\n\n",
        compiled.ops
    );
    let values: Vec<String> = compiled
        .slots
        .iter()
        .map(|name| match name.as_str() {
            "lang" | "policy" => name.clone(),
            text if p.texts["az"].contains_key(text) => format!("&texts.{text}"),
            other => {
                panic!("{MARKUP}: {{{other}}} is neither lang, policy nor a text of [texts.az]")
            }
        })
        .collect();
    let _ = write!(
        s,
        "/// What the slots of [`MARKUP`] say, slot `A` first.\n\
         type Slots<'a> = [&'a str; {}];\n\n\
         /// The slots of [`MARKUP`] for these texts, language and link.\n\
         fn markup_slots<'a>(texts: &'a Texts, lang: &'a str, policy: &'a str) -> Slots<'a> {{\n    [{}]\n}}\n",
        values.len(),
        values.join(", ")
    );
    s
}

fn fail(message: &str) -> ! {
    panic!("{PROFILE}: {message}")
}

fn check(p: &Profile) {
    if p.revision == 0 {
        fail("revision must be 1 or more");
    }
    if p.lifetime_days == 0 || p.lifetime_days > 395 {
        fail("lifetime_days must be between 1 and 395 (13 months)");
    }
    if p.storage_key.trim().is_empty() {
        fail("storage_key must not be empty");
    }
    if p.languages.is_empty() {
        fail("languages must name at least one language");
    }
    for lang in &p.languages {
        if !LANGS.iter().any(|(code, _)| code == lang) {
            fail(&format!("languages: {lang:?} has no texts (az, en, ru do)"));
        }
    }
    for (key, url) in [
        ("policy_url", Some(&p.policy_url)),
        ("report_url", p.report_url.as_ref()),
    ] {
        if url.is_some_and(|url| !link::is_safe_link(url)) {
            fail(&format!("{key} must be an https:, http: or relative URL"));
        }
    }
    let reference = p
        .texts
        .get("az")
        .unwrap_or_else(|| fail("[texts.az] is missing"));
    for (code, _) in LANGS {
        let texts = p
            .texts
            .get(code)
            .unwrap_or_else(|| fail(&format!("[texts.{code}] is missing")));
        if let Some(key) = reference.keys().find(|k| !texts.contains_key(*k)) {
            fail(&format!("[texts.{code}] lacks {key}"));
        }
        if let Some(key) = texts.keys().find(|k| !reference.contains_key(*k)) {
            fail(&format!("[texts.{code}] has {key}, which [texts.az] lacks"));
        }
        if let Some(key) = texts
            .iter()
            .find(|(_, t)| t.trim().is_empty())
            .map(|(k, _)| k)
        {
            fail(&format!("[texts.{code}] {key} is empty"));
        }
    }
    if p.texts.len() != LANGS.len() {
        fail("[texts] may only hold az, en and ru");
    }
}

/// The texts as a `static` (data, not code that builds them) and a
/// `fn icta_profile()` that returns the profile borrowing them; `{:?}` writes
/// a valid Rust string literal.
fn emit(p: &Profile) -> String {
    let mut s = format!(
        "/// The compiled-in privacy-policy link, checked above.\npub(crate) const ICTA_POLICY_URL: &str = {:?};\n\n",
        p.policy_url
    );
    s.push_str("static ICTA_TEXTS: Catalog = Catalog {\n");
    for (code, _) in LANGS {
        let _ = writeln!(s, "    {code}: Texts {{");
        for (key, text) in &p.texts[code] {
            let _ = writeln!(s, "        {key}: Cow::Borrowed({text:?}),");
        }
        s.push_str("    },\n");
    }
    s.push_str("};\n\nfn icta_profile() -> Profile {\n    Profile {\n");
    let _ = writeln!(s, "    revision: {},", p.revision);
    let _ = writeln!(s, "    lifetime_days: {},", p.lifetime_days);
    let _ = writeln!(s, "    storage_key: Cow::Borrowed({:?}),", p.storage_key);
    let langs: Vec<String> = p.languages.iter().map(|l| variant(l).to_owned()).collect();
    let _ = writeln!(s, "    languages: Cow::Borrowed(&[{}]),", langs.join(", "));
    s.push_str("    policy_url: Cow::Borrowed(ICTA_POLICY_URL),\n");
    let cookies: Vec<String> = p
        .clear_on_withdraw
        .iter()
        .map(|c| format!("Cow::Borrowed({c:?})"))
        .collect();
    let _ = writeln!(
        s,
        "    clear_on_withdraw: Cow::Borrowed(&[{}]),",
        cookies.join(", ")
    );
    let _ = writeln!(s, "    reload_on_withdraw: {},", p.reload_on_withdraw);
    match &p.report_url {
        Some(url) => writeln!(s, "    report_url: Some(Cow::Borrowed({url:?})),"),
        None => writeln!(s, "    report_url: None,"),
    }
    .expect("writing to a String");
    s.push_str("    texts: Cow::Borrowed(&ICTA_TEXTS),\n    }\n}\n");
    s
}

fn variant(code: &str) -> String {
    let (_, name) = LANGS
        .iter()
        .find(|(c, _)| *c == code)
        .expect("checked above");
    format!("Lang::{name}")
}

/// The stylesheet without comments and needless white space, its own custom
/// properties with short names: what the module embeds. Spaces inside values (`calc(100vw - 32px)`) and between
/// selectors (`.text .signal`) stay.
fn minify_css(css: &str) -> String {
    let mut without_comments = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        without_comments.push_str(&rest[..start]);
        rest = rest[start..]
            .find("*/")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    without_comments.push_str(rest);
    let collapsed = without_comments
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let mut out = String::with_capacity(collapsed.len());
    let chars: Vec<char> = collapsed.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let tight = |c: Option<&char>| matches!(c, Some('{' | '}' | ';' | ',' | ':' | '>'));
        if c == ' ' && (tight(chars.get(i + 1)) || (i > 0 && tight(chars.get(i - 1)))) {
            continue;
        }
        out.push(c);
    }
    shorten_private_properties(&out.replace(";}", "}"))
}

/// The stylesheet's own custom properties (`--_accent`, `--_accent-hover`,
/// ...; a page themes it through `--icta-consent-*`, which stay) renamed
/// `--_a`, `--_b`, ... in the order they first appear.
fn shorten_private_properties(css: &str) -> String {
    let mut names: Vec<String> = Vec::new();
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("--_") {
        out.push_str(&rest[..start]);
        let tail = &rest[start + 3..];
        let end = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(tail.len());
        let name = &tail[..end];
        let index = names.iter().position(|n| n == name).unwrap_or_else(|| {
            names.push(name.to_owned());
            names.len() - 1
        });
        assert!(index < 26, "{STYLES}: more private properties than letters");
        out.push_str("--_");
        out.push(char::from(b'a' + index as u8));
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}
