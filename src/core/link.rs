//! Which links the banner may put in an `href`: `https:`, `http:` and relative
//! URLs only, so a config can never smuggle in `javascript:` or `data:`.

use alloc::string::String;

/// Whether `url` is an `https:`, `http:` or relative URL.
///
/// Browsers drop tabs and line breaks inside a URL and leading control
/// characters and spaces before reading its scheme, so this does too:
/// `"java\tscript:"` is still `javascript:`.
///
/// ```
/// use icta_consent::is_safe_link;
/// assert!(is_safe_link("https://icta.az/privacy"));
/// assert!(is_safe_link("/privacy-policy/"));
/// assert!(!is_safe_link("javascript:alert(1)"));
/// assert!(!is_safe_link(" JaVa\tScRiPt:alert(1)"));
/// ```
pub fn is_safe_link(url: &str) -> bool {
    let cleaned: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    match scheme(&cleaned) {
        Some(scheme) => scheme.eq_ignore_ascii_case("https") || scheme.eq_ignore_ascii_case("http"),
        None => !cleaned.is_empty(),
    }
}

/// The URL's scheme, if it has one: letters, digits, `+`, `-`, `.` before the
/// first `:`, starting with a letter.
fn scheme(url: &str) -> Option<&str> {
    // By byte, not `split_once(':')`: core's character search costs the
    // module about 1 KB, and `:` is ASCII.
    let head = url.get(..url.bytes().position(|b| b == b':')?)?;
    let mut chars = head.chars();
    let starts_with_letter = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    let rest_fits = chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    (starts_with_letter && rest_fits).then_some(head)
}
