//! Which links the banner may put in an `href`: `https:`, `http:` and relative
//! URLs only, so a config can never smuggle in `javascript:` or `data:`.

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
    // One pass over the bytes, nothing copied: a scheme is ASCII, and every
    // byte of a non-ASCII character is above a space and no tab or line
    // break, so bytes say what characters would.
    let cleaned = url
        .bytes()
        .skip_while(|b| *b <= b' ')
        .filter(|b| !matches!(b, b'\t' | b'\n' | b'\r'));
    // The scheme so far, lower-cased (enough of it to tell `https` and
    // `http` from longer ones), and its length.
    let mut head = [0u8; 5];
    let mut len = 0;
    for b in cleaned {
        if b == b':' && len > 0 {
            return (len == 5 && head == *b"https") || (len == 4 && head[..4] == *b"http");
        }
        // A scheme is letters, digits, `+`, `-`, `.`, starting with a letter.
        let fits = if len == 0 {
            b.is_ascii_alphabetic()
        } else {
            b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')
        };
        if !fits {
            // No scheme: a relative URL, and not an empty one.
            return true;
        }
        if let Some(slot) = head.get_mut(len) {
            *slot = b.to_ascii_lowercase();
        }
        len += 1;
    }
    // No scheme either, unless there is nothing at all.
    len > 0
}
