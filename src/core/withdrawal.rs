//! What withdrawing consent clears: which cookies, on which domains.

use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

/// Whether cookie `name` matches `pattern`: exactly, or by prefix when the
/// pattern ends in `*` (`_ga_*` matches `_ga_ABC123`).
///
/// ```
/// use icta_consent::cookie_matches;
/// assert!(cookie_matches("_ga_ABC123", "_ga_*"));
/// assert!(cookie_matches("_ga", "_ga"));
/// assert!(!cookie_matches("_gat", "_ga"));
/// ```
pub fn cookie_matches(name: &str, pattern: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => name.starts_with(prefix),
        None => name == pattern,
    }
}

/// The names in a `document.cookie` string that match any of `patterns`,
/// each once, in the order they appear.
pub fn cookies_to_clear<'a, P: AsRef<str>>(cookie_header: &'a str, patterns: &[P]) -> Vec<&'a str> {
    let mut names: Vec<&str> = Vec::new();
    let mut rest = Some(cookie_header);
    while let Some(text) = rest {
        let (pair, tail) = split_once(text, b';').map_or((text, None), |(p, t)| (p, Some(t)));
        rest = tail;
        let name = split_once(pair, b'=')
            .map_or(pair, |(name, _)| name)
            .trim_ascii();
        let wanted = patterns.iter().any(|p| cookie_matches(name, p.as_ref()));
        if !name.is_empty() && wanted && !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// The `domain` attributes to delete a cookie under, for a page on `host`:
/// none (the host itself), then the host and each parent domain down to the
/// registrable one (`www.icta.az` gives `www.icta.az`, `icta.az`). Analytics
/// scripts set their cookies on the widest domain they can.
///
/// An IP address or a single-label host (`localhost`) gets only the first.
pub fn cookie_domains(host: &str) -> Vec<Option<&str>> {
    let mut domains = vec![None];
    // An IPv4 address is all digits and dots; an IPv6 one has colons. (Not
    // std's full address parser: it cost the browser 3.5 KB.)
    let is_ip =
        host.bytes().all(|b| b.is_ascii_digit() || b == b'.') || host.bytes().any(|b| b == b':');
    if is_ip || split_once(host, b'.').is_none() {
        return domains;
    }
    let mut rest = host;
    // Stop before the last label: a cookie cannot be set on a top-level domain.
    while let Some((_, tail)) = split_once(rest, b'.') {
        domains.push(Some(rest));
        rest = tail;
    }
    domains
}

/// The `document.cookie` assignments that delete `name` on `host` and its
/// parent domains, at path `/`.
pub fn deletions(name: &str, host: &str) -> Vec<String> {
    cookie_domains(host)
        .into_iter()
        .map(|domain| match domain {
            Some(domain) => [name, "=; Max-Age=0; Path=/; Domain=", domain].concat(),
            None => [name, "=; Max-Age=0; Path=/"].concat(),
        })
        .collect()
}

/// `text` split around its first `byte`, an ASCII delimiter, as
/// `str::split_once` does, without core's character search (memchr and the
/// searcher around it cost the module about 1 KB).
fn split_once(text: &str, byte: u8) -> Option<(&str, &str)> {
    let at = text.bytes().position(|b| b == byte)?;
    // An ASCII byte is a whole character: both sides are whole text.
    Some((text.get(..at)?, text.get(at + 1..)?))
}
