//! The banner's markup compiler (`build/markup.rs`, which build.rs runs on
//! `src/browser/markup.html`): what it accepts, what it writes, and the
//! line it names when it refuses.

#[path = "../build/markup.rs"]
#[allow(dead_code)] // build.rs uses what the tests do not
mod markup;

use markup::{
    compile, Compiled, CLOSE, END, IF_NO_SIGNAL, IF_SIGNAL, NAME, OPEN, TEXT, TEXT_SLOT, VALUE,
    VALUE_SLOT,
};

/// The operations as a readable list: `<p`, `@id=x`, `@lang={A}`, `/`,
/// `"text"`, `{A}`, `if`, `if!`, `end`.
fn ops(compiled: &Compiled) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = compiled.ops.as_str();
    while let Some(op) = rest.bytes().next() {
        let operand_end = rest[1..]
            .find(|c: char| c < ' ')
            .map_or(rest.len(), |n| n + 1);
        let operand = &rest[1..operand_end];
        out.push(match op {
            OPEN => format!("<{operand}"),
            NAME => format!("@{operand}"),
            VALUE => format!("={operand}"),
            VALUE_SLOT => format!("={{{operand}}}"),
            CLOSE => "/".to_owned(),
            TEXT => format!("{operand:?}"),
            TEXT_SLOT => format!("{{{operand}}}"),
            IF_SIGNAL => "if".to_owned(),
            IF_NO_SIGNAL => "if!".to_owned(),
            END => "end".to_owned(),
            other => panic!("unknown operation {other}"),
        });
        rest = &rest[operand_end..];
    }
    out
}

#[test]
fn elements_attributes_texts_and_slots_compile_in_document_order() {
    let html = "<!-- a comment -->\n<p id=\"x\" lang=\"{lang}\" hidden>\n  {title} and <a href=\"{policy}\">{link}</a>\n</p>\n";
    let compiled = compile(html).expect("valid");
    assert_eq!(
        ops(&compiled),
        [
            "<p",
            "@id",
            "=x",
            "@lang",
            "={A}",
            "@hidden",
            "=",
            "{B}",
            "\" and \"",
            "<a",
            "@href",
            "={C}",
            "{D}",
            "/",
            "/"
        ]
    );
    assert_eq!(compiled.slots, ["lang", "title", "policy", "link"]);
}

#[test]
fn a_name_used_twice_is_one_slot() {
    let compiled = compile("<p>{a}</p><p>{b}{a}</p>").expect("valid");
    assert_eq!(compiled.slots, ["a", "b"]);
    assert_eq!(ops(&compiled), ["<p", "{A}", "/", "<p", "{B}", "{A}", "/"]);
}

#[test]
fn a_void_element_closes_itself_and_conditions_mark_their_part() {
    let html = "<div>\n  {if signal}\n    <input type=\"checkbox\" checked>\n  {end}\n  {if no signal}<b>x</b>{end}\n</div>";
    let compiled = compile(html).expect("valid");
    assert_eq!(
        ops(&compiled),
        [
            "<div",
            "if",
            "<input",
            "@type",
            "=checkbox",
            "@checked",
            "=",
            "/",
            "end",
            "if!",
            "<b",
            "\"x\"",
            "/",
            "end",
            "/"
        ]
    );
}

#[test]
fn white_space_without_a_line_break_is_text() {
    let compiled = compile("<p>{a} <b>x</b></p>").expect("valid");
    assert_eq!(
        ops(&compiled),
        ["<p", "{A}", "\" \"", "<b", "\"x\"", "/", "/"]
    );
}

#[test]
fn what_the_browser_could_not_build_as_written_stops_the_build_with_its_line() {
    let table = [
        (
            "<p>\n<b>x</p>",
            "line 2: </p> does not close the open element",
        ),
        ("<p>x", "line 1: <p> is never closed"),
        ("x", "line 1: text outside an element"),
        ("<p>a &amp; b</p>", "&, > and } are not allowed"),
        (
            "<p>\n\ta\n</p>",
            "a control character or line break in text",
        ),
        (
            "<p title=\"a {b}\"></p>",
            "line 1: a { in a value that is not a whole {name}",
        ),
        ("<p title=\"x></p>", "a value without its closing quote"),
        ("<p>{Title}</p>", "line 1: {Title} is not a name"),
        ("<p>{title</p>", "line 1: a { without its }"),
        (
            "<p>{end}</p>",
            "line 1: an {end} that closes no {if …} at this level",
        ),
        (
            "<p>{if signal}</p>{end}",
            "line 1: </p> does not close the open element",
        ),
        (
            "<p>{if signal}{if signal}{end}{end}</p>",
            "an {if …} inside another",
        ),
        ("<p>{if signal}</p>", "</p> does not close the open element"),
        ("<div>{if signal}x", "<div> is never closed"),
        ("<p>< b</p>", "line 1: a < that starts no tag"),
        ("<p a=b></p>", "<p> has something other than an attribute"),
        ("<!-- x", "line 1: a comment without its -->"),
        ("<p>x</p", "line 1: an end tag without its >"),
    ];
    for (html, message) in table {
        let error = compile(html).expect_err(html);
        assert!(
            error.contains(message),
            "{html:?}: {error:?} lacks {message:?}"
        );
    }
}

#[test]
fn the_banners_own_markup_compiles_with_every_slot_a_text_or_the_page() {
    let html = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src/browser/markup.html"
    ))
    .expect("readable");
    let compiled = compile(&html).expect("src/browser/markup.html compiles");
    let texts = icta_consent::Profile::icta();
    let az = texts.texts(icta_consent::Lang::Az);
    let mut names = compiled.slots.clone();
    names.retain(|n| n != "lang" && n != "policy");
    // Every text the banner and the dialog show, and nothing else.
    let mut probe = az.clone();
    for name in &names {
        assert!(probe.set(name, "x"), "{{{name}}} is not a text");
    }
    assert_eq!(names.len(), 18, "{names:?}");
    assert!(compiled.slots.iter().any(|n| n == "lang"));
    assert!(compiled.slots.iter().any(|n| n == "policy"));
}
