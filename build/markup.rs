//! Compiles `src/browser/markup.html`, the banner's and the dialog's markup,
//! into the compact form that `buildMarkup` (`src/browser/added.js`) builds
//! with the DOM, in one call from `src/browser/view.rs`.
//!
//! Used by `build.rs`, and tested natively by `tests/markup.rs`. Only a
//! strict subset of HTML is accepted (see the file's own comment), and
//! anything else stops the build with the line it is on: what the browser
//! builds is then exactly what the file says.
//!
//! # The compiled form
//! A string of operations, each an ASCII control byte followed by its operand,
//! which runs up to the next control byte (the markup holds none):
//!
//! | byte | operand | the browser |
//! |---|---|---|
//! | [`OPEN`] | a tag | creates the element, the parent of what follows |
//! | [`NAME`] | an attribute's name | remembers it for the value that follows |
//! | [`VALUE`] | a value | sets the attribute |
//! | [`VALUE_SLOT`] | a slot | sets the attribute to the slot's text |
//! | [`CLOSE`] | – | appends the element to its parent |
//! | [`TEXT`] | a text | appends a text node |
//! | [`TEXT_SLOT`] | a slot | appends a text node of the slot's text |
//! | [`IF_SIGNAL`], [`IF_NO_SIGNAL`] | – | skips to the next [`END`] unless the privacy signal is, or is not, sent (they do not nest) |
//! | [`END`] | – | – |
//!
//! A slot is one character, `A` for the first of [`Compiled::slots`], `B`
//! for the second, and so on.
//!
//! `buildMarkup` in `src/browser/added.js` reads these byte values and
//! `A` as they are written here: a change to one is a change to both (the
//! browser tests of the banner fail on a mismatch; one changed byte fails
//! four of `tests/web_banner.rs`).

/// Creates an element.
pub const OPEN: u8 = 0x01;
/// An attribute's name.
pub const NAME: u8 = 0x02;
/// An attribute's value.
pub const VALUE: u8 = 0x03;
/// An attribute's value from a slot.
pub const VALUE_SLOT: u8 = 0x04;
/// Ends an element.
pub const CLOSE: u8 = 0x05;
/// A text node.
pub const TEXT: u8 = 0x06;
/// A text node from a slot.
pub const TEXT_SLOT: u8 = 0x07;
/// What follows, up to [`END`], only under the privacy signal.
pub const IF_SIGNAL: u8 = 0x0e;
/// What follows, up to [`END`], only without the privacy signal.
pub const IF_NO_SIGNAL: u8 = 0x0f;
/// Ends an `IF_*`.
pub const END: u8 = 0x10;

/// The first slot's character.
pub const FIRST_SLOT: u8 = b'A';
/// Elements that have no end tag and no content.
const VOID: [&str; 1] = ["input"];

/// The compiled markup.
#[derive(Debug, PartialEq, Eq)]
pub struct Compiled {
    /// The operations (see the module's documentation).
    pub ops: String,
    /// The names in `{…}`, in the order they first appear: slot `A` is the
    /// first.
    pub slots: Vec<String>,
}

/// Compiles `html`, or says what is wrong with it and on which line.
pub fn compile(html: &str) -> Result<Compiled, String> {
    let mut out = Compiled {
        ops: String::new(),
        slots: Vec::new(),
    };
    // Open elements, and the element depth at the open `{if …}`, if any
    // (they do not nest).
    let mut elements: Vec<&str> = Vec::new();
    let mut condition: Option<usize> = None;
    let mut rest = html;
    let line = |rest: &str| html[..html.len() - rest.len()].matches('\n').count() + 1;
    let fail = |rest: &str, what: &str| Err(format!("line {}: {what}", line(rest)));
    while !rest.is_empty() {
        if let Some(comment) = rest.strip_prefix("<!--") {
            let Some(end) = comment.find("-->") else {
                return fail(rest, "a comment without its -->");
            };
            rest = &comment[end + 3..];
        } else if let Some(tail) = rest.strip_prefix("</") {
            let (tag, after) = name(tail);
            let Some(after) = after.strip_prefix('>') else {
                return fail(rest, "an end tag without its >");
            };
            if elements.pop() != Some(tag) || condition > Some(elements.len()) {
                return fail(rest, &format!("</{tag}> does not close the open element"));
            }
            out.ops.push(char::from(CLOSE));
            rest = after;
        } else if let Some(tail) = rest.strip_prefix('<') {
            let (tag, mut after) = name(tail);
            if tag.is_empty() {
                return fail(rest, "a < that starts no tag");
            }
            op(&mut out.ops, OPEN, tag);
            loop {
                after = after.trim_start_matches([' ', '\n']);
                if let Some(end) = after.strip_prefix('>') {
                    after = end;
                    break;
                }
                let (attribute, tail) = name(after);
                if attribute.is_empty() {
                    return fail(
                        after,
                        &format!("<{tag}> has something other than an attribute"),
                    );
                }
                op(&mut out.ops, NAME, attribute);
                after = match tail.strip_prefix("=\"") {
                    None => {
                        op(&mut out.ops, VALUE, "");
                        tail
                    }
                    Some(value) => {
                        let Some(end) = value.find('"') else {
                            return fail(tail, "a value without its closing quote");
                        };
                        match slot(&value[..end]) {
                            Some(Ok(name)) => {
                                let slot = out
                                    .slot(name)
                                    .map_err(|e| format!("line {}: {e}", line(value)))?;
                                op(&mut out.ops, VALUE_SLOT, &slot);
                            }
                            Some(Err(())) => {
                                return fail(value, "a { in a value that is not a whole {name}")
                            }
                            None => {
                                check_text(&value[..end])
                                    .map_err(|e| format!("line {}: {e}", line(value)))?;
                                op(&mut out.ops, VALUE, &value[..end]);
                            }
                        }
                        &value[end + 1..]
                    }
                };
            }
            if VOID.contains(&tag) {
                out.ops.push(char::from(CLOSE));
            } else {
                elements.push(tag);
            }
            rest = after;
        } else if let Some(tail) = rest.strip_prefix('{') {
            let Some(end) = tail.find('}') else {
                return fail(rest, "a { without its }");
            };
            match &tail[..end] {
                "if signal" | "if no signal" => {
                    if condition.is_some() {
                        return fail(rest, "an {if …} inside another");
                    }
                    let signal = &tail[..end] == "if signal";
                    out.ops
                        .push(char::from(if signal { IF_SIGNAL } else { IF_NO_SIGNAL }));
                    condition = Some(elements.len());
                }
                "end" => {
                    if condition.take() != Some(elements.len()) {
                        return fail(rest, "an {end} that closes no {if …} at this level");
                    }
                    out.ops.push(char::from(END));
                }
                name => {
                    let slot = out
                        .slot(name)
                        .map_err(|e| format!("line {}: {e}", line(rest)))?;
                    op(&mut out.ops, TEXT_SLOT, &slot);
                }
            }
            rest = &tail[end + 1..];
        } else {
            let end = rest.find(['<', '{']).unwrap_or(rest.len());
            let text = &rest[..end];
            // White space with a line break is the file's layout.
            let layout = text.trim_start_matches([' ', '\n']).is_empty() && text.contains('\n');
            if !layout {
                if elements.is_empty() {
                    return fail(rest, "text outside an element");
                }
                check_text(text).map_err(|e| format!("line {}: {e}", line(rest)))?;
                op(&mut out.ops, TEXT, text);
            }
            rest = &rest[end..];
        }
    }
    if let Some(tag) = elements.last() {
        return fail(rest, &format!("<{tag}> is never closed"));
    }
    if condition.is_some() {
        return fail(rest, "an {if …} without its {end}");
    }
    Ok(out)
}

impl Compiled {
    /// The slot character for `name`, a new one if it is new.
    fn slot(&mut self, name: &str) -> Result<String, String> {
        let valid = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !valid {
            return Err(format!("{{{name}}} is not a name (lowercase, digits, _)"));
        }
        let index = match self.slots.iter().position(|s| s == name) {
            Some(index) => index,
            None => {
                self.slots.push(name.to_owned());
                self.slots.len() - 1
            }
        };
        let slot = FIRST_SLOT as usize + index;
        if slot > usize::from(b'~') {
            return Err("more {names} than slot characters".to_owned());
        }
        Ok(char::from(slot as u8).to_string())
    }
}

/// A tag's or an attribute's name at the start of `text`, and what follows.
fn name(text: &str) -> (&str, &str) {
    let end = text
        .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
        .unwrap_or(text.len());
    text.split_at(end)
}

/// `Some(Ok(name))` if `value` is a whole `{name}`, `Some(Err(()))` if it has
/// a brace otherwise, `None` if it has none.
fn slot(value: &str) -> Option<Result<&str, ()>> {
    if !value.contains(['{', '}']) {
        return None;
    }
    let name = value.strip_prefix('{').and_then(|v| v.strip_suffix('}'));
    Some(name.filter(|n| !n.contains(['{', '}'])).ok_or(()))
}

/// Text the compiled form can hold as it is: no control character (its
/// operation bytes), no character reference (nothing decodes one), no `>`.
fn check_text(text: &str) -> Result<(), String> {
    if text.chars().any(char::is_control) {
        return Err(format!(
            "{text:?}: a control character or line break in text"
        ));
    }
    if text.contains(['&', '>', '}']) {
        return Err(format!(
            "{text:?}: &, > and }} are not allowed in text (write the character itself)"
        ));
    }
    Ok(())
}

/// Appends operation `byte` with its `operand`.
fn op(ops: &mut String, byte: u8, operand: &str) {
    ops.push(char::from(byte));
    ops.push_str(operand);
}
