//! A small, strict JSON reader and writer for the few documents this crate
//! handles: the stored record, a page's config, and what it hands to
//! JavaScript.
//!
//! Why not serde_json: in the browser it cost about 25 KB of WebAssembly
//! (its generic deserializer and the float formatting its error messages
//! pull in), more than everything else the banner does. This reader is RFC
//! 8259 JSON, strict (no trailing commas, no comments, no lone surrogates),
//! with a depth limit, and runs the same natively and in the browser, so the
//! property tests cover what visitors' browsers run.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

/// How deeply arrays and objects may nest: far more than any document here.
const MAX_DEPTH: u32 = 16;

/// A parsed JSON value, borrowing from the text where it can.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value<'a> {
    Null,
    Bool(bool),
    /// A number, kept as its text: only whole numbers are ever read from it.
    Number(&'a str),
    String(Cow<'a, str>),
    Array(Vec<Value<'a>>),
    /// Members in document order, duplicates kept (readers refuse them).
    Object(Vec<Member<'a>>),
}

/// One member of an object, with where its key and value begin in the text
/// (byte offsets), so that a reader can say where a problem is.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Member<'a> {
    pub(crate) key: Cow<'a, str>,
    pub(crate) value: Value<'a>,
    /// The offset of the key's opening quote.
    pub(crate) key_at: usize,
    /// The offset of the value's first character.
    pub(crate) value_at: usize,
}

/// Parses `text` as one JSON value; `None` if it is not JSON.
pub(crate) fn parse(text: &str) -> Option<Value<'_>> {
    parse_at(text, &mut 0)
}

/// Parses `text` as one JSON value, and sets `at` to the byte offset where
/// that value begins; if `text` is not JSON, `None`, with `at` where it stops
/// being JSON: the first byte no JSON text could have there (the escaped
/// character of a bad escape, just past a `\uXXXX` that is a lone
/// surrogate, the text's length when it ends too soon).
pub(crate) fn parse_at<'a>(text: &'a str, at: &mut usize) -> Option<Value<'a>> {
    let mut p = Parser {
        s: text.as_bytes(),
        text,
        i: 0,
    };
    p.ws();
    *at = p.i;
    let value = p.value(0).filter(|_| {
        p.ws();
        p.i == p.s.len()
    });
    if value.is_none() {
        *at = p.i;
    }
    value
}

struct Parser<'a> {
    s: &'a [u8],
    text: &'a str,
    i: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> Option<()> {
        (self.peek() == Some(byte)).then(|| self.i += 1)
    }

    fn literal(&mut self, word: &[u8]) -> Option<()> {
        let rest = self.s.get(self.i..)?;
        rest.starts_with(word).then(|| self.i += word.len())
    }

    fn value(&mut self, depth: u32) -> Option<Value<'a>> {
        self.ws();
        match self.peek()? {
            b'n' => self.literal(b"null").map(|()| Value::Null),
            b't' => self.literal(b"true").map(|()| Value::Bool(true)),
            b'f' => self.literal(b"false").map(|()| Value::Bool(false)),
            b'"' => self.string().map(Value::String),
            b'[' if depth < MAX_DEPTH => self.array(depth + 1),
            b'{' if depth < MAX_DEPTH => self.object(depth + 1),
            b'-' | b'0'..=b'9' => self.number(),
            _ => None,
        }
    }

    fn array(&mut self, depth: u32) -> Option<Value<'a>> {
        self.i += 1;
        let mut items = Vec::new();
        self.ws();
        if self.eat(b']').is_some() {
            return Some(Value::Array(items));
        }
        loop {
            items.push(self.value(depth)?);
            self.ws();
            if self.eat(b']').is_some() {
                return Some(Value::Array(items));
            }
            self.eat(b',')?;
        }
    }

    fn object(&mut self, depth: u32) -> Option<Value<'a>> {
        self.i += 1;
        let mut members = Vec::new();
        self.ws();
        if self.eat(b'}').is_some() {
            return Some(Value::Object(members));
        }
        loop {
            self.ws();
            if self.peek() != Some(b'"') {
                return None;
            }
            let key_at = self.i;
            let key = self.string()?;
            self.ws();
            self.eat(b':')?;
            self.ws();
            let value_at = self.i;
            let value = self.value(depth)?;
            members.push(Member {
                key,
                value,
                key_at,
                value_at,
            });
            self.ws();
            if self.eat(b'}').is_some() {
                return Some(Value::Object(members));
            }
            self.eat(b',')?;
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.i;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.i += 1;
        }
        self.i - start
    }

    fn number(&mut self) -> Option<Value<'a>> {
        let start = self.i;
        let _ = self.eat(b'-');
        if self.eat(b'0').is_none() && self.digits() == 0 {
            return None;
        }
        if self.eat(b'.').is_some() && self.digits() == 0 {
            return None;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if self.digits() == 0 {
                return None;
            }
        }
        self.text.get(start..self.i).map(Value::Number)
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.s.get(self.i..self.i + 4)?;
        let n = digits
            .iter()
            .try_fold(0, |n, &b| Some(n * 16 + char::from(b).to_digit(16)?))?;
        self.i += 4;
        Some(n)
    }

    fn string(&mut self) -> Option<Cow<'a, str>> {
        self.i += 1;
        // The text is borrowed as it is until an escape: from then on it is
        // copied, a run of plain text at a time.
        let mut run = self.i;
        let mut owned: Option<String> = None;
        loop {
            match self.peek()? {
                b'"' => {
                    let tail = self.text.get(run..self.i)?;
                    self.i += 1;
                    return Some(match owned {
                        None => Cow::Borrowed(tail),
                        Some(mut out) => {
                            out.push_str(tail);
                            Cow::Owned(out)
                        }
                    });
                }
                b'\\' => {
                    let out = owned.get_or_insert_with(String::new);
                    out.push_str(self.text.get(run..self.i)?);
                    self.i += 1;
                    let escaped = self.peek()?;
                    self.i += 1;
                    out.push(match escaped {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => {
                            // Not an escape: the error is at this character.
                            self.i -= 1;
                            return None;
                        }
                    });
                    run = self.i;
                }
                0..=0x1f => return None,
                _ => self.i += 1,
            }
        }
    }

    /// The character of `\uXXXX` (the `\u` already read), joining a
    /// surrogate pair; a lone surrogate is not text.
    fn unicode_escape(&mut self) -> Option<char> {
        let high = self.hex4()?;
        if (0xdc00..0xe000).contains(&high) {
            return None;
        }
        if !(0xd800..0xdc00).contains(&high) {
            return char::from_u32(high);
        }
        self.eat(b'\\')?;
        self.eat(b'u')?;
        let low = self.hex4()?;
        if !(0xdc00..0xe000).contains(&low) {
            return None;
        }
        char::from_u32(0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00))
    }
}

impl<'a> Value<'a> {
    /// The members of an object whose keys are all distinct. `Err` holds
    /// where the first key that repeats an earlier one is, or `None` when
    /// this is not an object.
    pub(crate) fn members(&self) -> Result<&[Member<'a>], Option<usize>> {
        let Self::Object(members) = self else {
            return Err(None);
        };
        for (i, m) in members.iter().enumerate() {
            if members.iter().take(i).any(|earlier| earlier.key == m.key) {
                return Err(Some(m.key_at));
            }
        }
        Ok(members)
    }

    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Self::String(s) => Some(s),
            _ => None,
        }
    }

    pub(crate) fn as_bool(&self) -> Option<bool> {
        match self {
            Self::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// A whole, non-negative number that fits in a `u64`: no sign, fraction
    /// or exponent.
    pub(crate) fn as_u64(&self) -> Option<u64> {
        let Self::Number(text) = self else {
            return None;
        };
        text.bytes().try_fold(0u64, |n, b| {
            n.checked_mul(10)?
                .checked_add(u64::from(b.checked_sub(b'0').filter(|d| *d < 10)?))
        })
    }

    pub(crate) fn as_u32(&self) -> Option<u32> {
        self.as_u64().and_then(|n| u32::try_from(n).ok())
    }
}

/// Reads an object whose keys must be exactly `keys` (each once, no other):
/// the shape check of the stored record.
pub(crate) fn exact<'v, 'a, const N: usize>(
    value: &'v Value<'a>,
    keys: [&str; N],
) -> Option<[&'v Value<'a>; N]> {
    let mut found = [&Value::Null; N];
    fill(value, &keys, &mut found).then_some(found)
}

/// The work of [`exact`], once for every `N`: fills `found` with the values
/// of `keys` (distinct) in order, if `value` is an object of exactly those
/// keys. (As many members as keys, each key found: so no key repeats.)
fn fill<'v, 'a>(value: &'v Value<'a>, keys: &[&str], found: &mut [&'v Value<'a>]) -> bool {
    let Value::Object(members) = value else {
        return false;
    };
    members.len() == keys.len()
        && found.iter_mut().zip(keys).all(|(slot, key)| {
            members.iter().find(|m| m.key == *key).is_some_and(|m| {
                *slot = &m.value;
                true
            })
        })
}

/// Writes JSON text: objects are opened, filled with `key` + value calls, and
/// closed; commas are placed for the caller.
#[derive(Default)]
pub(crate) struct Writer {
    out: String,
    /// Whether the next member of the current object needs a comma.
    comma: bool,
}

impl Writer {
    pub(crate) fn open(&mut self) -> &mut Self {
        self.out.push('{');
        self.comma = false;
        self
    }

    pub(crate) fn close(&mut self) -> &mut Self {
        self.out.push('}');
        self.comma = true;
        self
    }

    pub(crate) fn key(&mut self, key: &str) -> &mut Self {
        if self.comma {
            self.out.push(',');
        }
        self.string(key);
        self.out.push(':');
        self.comma = false;
        self
    }

    pub(crate) fn string(&mut self, s: &str) -> &mut Self {
        self.out.push('"');
        for c in s.chars() {
            match c {
                '"' => self.out.push_str("\\\""),
                '\\' => self.out.push_str("\\\\"),
                '\n' => self.out.push_str("\\n"),
                '\r' => self.out.push_str("\\r"),
                '\t' => self.out.push_str("\\t"),
                '\0'..='\u{1f}' => {
                    self.out.push_str("\\u00");
                    for nibble in [c as u32 >> 4, c as u32 & 0xf] {
                        self.out.push(char::from_digit(nibble, 16).unwrap_or('0'));
                    }
                }
                c => self.out.push(c),
            }
        }
        self.out.push('"');
        self.comma = true;
        self
    }

    pub(crate) fn bool(&mut self, b: bool) -> &mut Self {
        self.out.push_str(if b { "true" } else { "false" });
        self.comma = true;
        self
    }

    pub(crate) fn number(&mut self, n: u64) -> &mut Self {
        push_u64(&mut self.out, n);
        self.comma = true;
        self
    }

    pub(crate) fn finish(self) -> String {
        self.out
    }
}

/// Appends `n` in decimal, without the formatting machinery: the leading
/// digits first, by recursion (20 deep at most), so no buffer is indexed.
pub(crate) fn push_u64(out: &mut String, n: u64) {
    if n >= 10 {
        push_u64(out, n / 10);
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    //! The reader against serde_json, the reference: they must agree on what
    //! is JSON, and on what it says.
    use alloc::borrow::ToOwned;
    use alloc::format;
    use alloc::string::{String, ToString};

    use proptest::prelude::*;

    use super::{parse, parse_at, push_u64, Value, Writer};

    /// The same value as serde_json sees it, for comparison.
    fn same(ours: &Value<'_>, theirs: &serde_json::Value) -> bool {
        use serde_json::Value as J;
        match (ours, theirs) {
            (Value::Null, J::Null) => true,
            (Value::Bool(a), J::Bool(b)) => a == b,
            (Value::Number(a), J::Number(_)) => {
                serde_json::from_str::<serde_json::Value>(a).is_ok_and(|n| n.is_number())
            }
            (Value::String(a), J::String(b)) => a == b,
            (Value::Array(a), J::Array(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
            }
            // serde_json keeps the last of duplicate keys; compare distinct ones.
            (Value::Object(a), J::Object(b)) => a.iter().all(|m| {
                b.get(m.key.as_ref()).is_some_and(|w| {
                    a.iter().filter(|n| n.key == m.key).count() > 1 || same(&m.value, w)
                })
            }),
            _ => false,
        }
    }

    fn agrees(text: &str) -> Result<(), TestCaseError> {
        let ours = parse(text);
        let theirs = serde_json::from_str::<serde_json::Value>(text);
        match (&ours, &theirs) {
            (Some(a), Ok(b)) => prop_assert!(same(a, b), "{text:?}: {a:?} vs {b:?}"),
            (None, Err(_)) => {}
            _ => prop_assert!(false, "{text:?}: ours {ours:?}, serde_json {theirs:?}"),
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]

        #[test]
        fn agrees_with_serde_json_on_json_like_text(text in r#"[ {}\[\]":,.0-9eE+\-tfrulnas\\/bu]{0,40}"#) {
            agrees(&text)?;
        }

        #[test]
        fn agrees_with_serde_json_on_any_text(text in any::<String>()) {
            agrees(&text)?;
        }

        #[test]
        fn agrees_on_strings_with_escapes(text in r#""([a-zé\\"\\\\/bfnrt]|\\u[0-9a-fA-F]{4}|\\u[dD][89abAB][0-9a-f]{2}\\u[dD][c-fC-F][0-9a-f]{2}){0,8}""#) {
            agrees(&text)?;
        }

        #[test]
        fn written_strings_read_back(s in any::<String>()) {
            let mut w = Writer::default();
            w.string(&s);
            let text = w.finish();
            prop_assert_eq!(serde_json::from_str::<String>(&text).ok(), Some(s.clone()));
            prop_assert_eq!(parse(&text).and_then(|v| v.as_str().map(str::to_owned)), Some(s));
        }

        #[test]
        fn whole_numbers_round_trip(n in any::<u64>()) {
            let mut text = String::new();
            push_u64(&mut text, n);
            prop_assert_eq!(&text, &n.to_string());
            prop_assert_eq!(parse(&text).and_then(|v| v.as_u64()), Some(n));
        }

        #[test]
        fn offsets_point_into_the_text(text in r#"[ \n{}\[\]":,0-9tfrulnaseé\\]{0,40}"#) {
            offsets_hold(&text)?;
        }
    }

    /// Every offset `parse_at` gives lies within `text` on a character
    /// boundary; a member's key offset is its opening quote, its value's the
    /// value's first character.
    fn offsets_hold(text: &str) -> Result<(), TestCaseError> {
        fn members_hold(text: &str, value: &Value<'_>) -> Result<(), TestCaseError> {
            match value {
                Value::Object(members) => {
                    for m in members {
                        prop_assert_eq!(text.as_bytes()[m.key_at], b'"', "{:?}", text);
                        let first = text.as_bytes()[m.value_at];
                        prop_assert!(b"\"{[-0123456789tfn".contains(&first), "{:?}", text);
                        members_hold(text, &m.value)?;
                    }
                }
                Value::Array(items) => {
                    for item in items {
                        members_hold(text, item)?;
                    }
                }
                _ => {}
            }
            Ok(())
        }
        let mut at = usize::MAX;
        let parsed = parse_at(text, &mut at);
        prop_assert!(
            at <= text.len() && text.is_char_boundary(at),
            "{:?}: {}",
            text,
            at
        );
        if let Some(value) = parsed {
            prop_assert_eq!(at, text.len() - text.trim_start().len());
            members_hold(text, &value)?;
        }
        Ok(())
    }

    #[test]
    fn an_error_offset_is_where_the_text_stops_being_json() {
        for (text, at) in [
            ("", 0),
            ("{", 1),
            ("  {\"a\": 1,}", 10),
            ("[1 2]", 3),
            ("-x", 1),
            ("nul", 0),
            ("\"\\x\"", 2),
            ("\"\\u12g4\"", 3),
            ("\"\\udc00\"", 7),
            ("\"é\u{1}\"", 3),
            ("{} {}", 3),
        ] {
            let mut found = usize::MAX;
            assert_eq!(parse_at(text, &mut found), None, "{text:?}");
            assert_eq!(found, at, "{text:?}");
        }
    }

    #[test]
    fn only_whole_non_negative_numbers_are_read_as_integers() {
        for (text, expected) in [
            ("0", Some(0)),
            ("42", Some(42)),
            ("18446744073709551615", Some(u64::MAX)),
            ("18446744073709551616", None),
            ("-1", None),
            ("1.0", None),
            ("1e3", None),
        ] {
            assert_eq!(parse(text).and_then(|v| v.as_u64()), expected, "{text}");
        }
    }

    #[test]
    fn nesting_deeper_than_the_limit_is_refused() {
        let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        assert!(parse(&deep(16)).is_some());
        assert!(parse(&deep(17)).is_none());
        assert!(parse(&"[".repeat(100_000)).is_none(), "no stack overflow");
    }
}
