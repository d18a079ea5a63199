//! The banner's and the dialog's markup, as data. One small interpreter in
//! `view.rs` builds it: a call per element cost the module 9 KB.

use crate::core::Texts;

/// An attribute's or a text node's value.
#[derive(Clone, Copy)]
pub enum Val {
    /// Fixed.
    S(&'static str),
    /// One of the profile's texts, in the banner's language.
    T(fn(&Texts) -> &str),
    /// The banner's language code.
    Lang,
    /// The privacy-policy link.
    Policy,
}

/// A node of the markup.
pub enum Node {
    /// An element: its tag, attributes and children.
    El(
        &'static str,
        &'static [(&'static str, Val)],
        &'static [Node],
    ),
    /// A text node: always text, never markup.
    Text(Val),
    /// Nodes kept only when the Global Privacy Control signal is (`true`) or
    /// is not (`false`) sent.
    Gpc(bool, &'static [Node]),
}

use Node::{El, Gpc, Text};
use Val::{Lang, Policy, S, T};

/// One of the profile's texts.
macro_rules! t {
    ($field:ident) => {
        T(|t| &t.$field)
    };
}

/// A button that does `action`, labelled with a text.
macro_rules! button {
    ($action:literal, $label:ident) => {
        El(
            "button",
            &[("type", S("button")), ("data-action", S($action))],
            &[Text(t!($label))],
        )
    };
}

/// One category of the dialog: its name as the switch's label, anything
/// `extra` (`necessary`'s "Always on"), the switch with any `fixed`
/// attributes, and its description.
macro_rules! category {
    ($name:literal, $title:ident, $body:ident, [$($extra:expr),*], [$($fixed:expr),*]) => {
        El("li", &[], &[
            El("div", &[("class", S("row"))], &[
                El("label", &[("for", S(concat!("icc-", $name)))], &[Text(t!($title))]),
                $($extra,)*
                El("input", &[
                    ("type", S("checkbox")),
                    ("role", S("switch")),
                    ("id", S(concat!("icc-", $name))),
                    ("name", S($name)),
                    ("aria-describedby", S(concat!("icc-", $name, "-body"))),
                    $($fixed,)*
                ], &[]),
            ]),
            El("p", &[("id", S(concat!("icc-", $name, "-body")))], &[Text(t!($body))]),
        ])
    };
}

/// Under the Global Privacy Control signal only: the note that it was
/// honoured, in the banner and again in the dialog.
const SIGNAL_NOTE: Node = Gpc(
    true,
    &[El(
        "p",
        &[("class", S("signal")), ("role", S("note"))],
        &[Text(t!(privacy_signal))],
    )],
);

/// The first layer: a labelled region at the bottom of the window, hidden
/// until shown. Under the privacy signal it says so and has no "Accept all".
pub const BANNER: Node = El(
    "section",
    &[
        ("class", S("banner")),
        ("role", S("region")),
        ("aria-labelledby", S("icc-title")),
        ("aria-describedby", S("icc-body")),
        ("lang", Lang),
        ("hidden", S("")),
    ],
    &[El(
        "div",
        &[("class", S("card"))],
        &[
            El(
                "div",
                &[("class", S("text"))],
                &[
                    El("h2", &[("id", S("icc-title"))], &[Text(t!(banner_title))]),
                    El(
                        "p",
                        &[("id", S("icc-body"))],
                        &[
                            Text(t!(banner_body)),
                            Text(S(" ")),
                            El("a", &[("href", Policy)], &[Text(t!(policy_link))]),
                        ],
                    ),
                    SIGNAL_NOTE,
                ],
            ),
            El(
                "div",
                &[("class", S("buttons"))],
                &[
                    Gpc(false, &[button!("accept-all", accept_all)]),
                    button!("reject-all", reject_all),
                    button!("preferences", preferences),
                ],
            ),
        ],
    )],
);

/// The preferences dialog, labelled and described. Opening it focuses the
/// dialog itself, so a screen reader reads its title and description first;
/// Tab then reaches the controls.
pub const DIALOG: Node = El(
    "dialog",
    &[
        ("aria-labelledby", S("icc-dialog-title")),
        ("aria-describedby", S("icc-dialog-body")),
        ("lang", Lang),
        ("autofocus", S("")),
    ],
    &[
        El(
            "div",
            &[("class", S("head"))],
            &[
                El(
                    "h2",
                    &[("id", S("icc-dialog-title"))],
                    &[Text(t!(dialog_title))],
                ),
                El(
                    "button",
                    &[
                        ("type", S("button")),
                        ("class", S("close")),
                        ("data-action", S("close")),
                        ("aria-label", t!(close)),
                    ],
                    &[Text(S("×"))],
                ),
            ],
        ),
        El(
            "p",
            &[("id", S("icc-dialog-body")), ("class", S("intro"))],
            &[Text(t!(dialog_body))],
        ),
        El(
            "ul",
            &[],
            &[
                category!(
                    "necessary",
                    necessary_title,
                    necessary_body,
                    [El(
                        "span",
                        &[("class", S("always"))],
                        &[Text(t!(always_on))]
                    )],
                    [("checked", S("")), ("disabled", S(""))]
                ),
                category!("preferences", preferences_title, preferences_body, [], []),
                category!("analytics", analytics_title, analytics_body, [], []),
            ],
        ),
        SIGNAL_NOTE,
        El(
            "div",
            &[("class", S("buttons"))],
            &[
                button!("save", save),
                Gpc(false, &[button!("accept-all", accept_all)]),
                button!("reject-all", reject_all),
            ],
        ),
    ],
);
