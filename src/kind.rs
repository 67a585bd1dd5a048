//! The kinds of card, each defined once, as data.
//!
//! A [`Kind`] says everything handbill knows about a kind of card: the
//! fields a message of that kind has and which are required, the text slots
//! its template fills and how each slot's text is made from the message
//! (as written, in quotation marks, as a number in the language's style, a
//! source line, a slide counter), its alt text and its line among the press
//! kit's key messages. Loading, checking, planning, templates, the kit and
//! the README's table all read this table; adding a kind is adding an entry.
//!
//! The table is plain data with no behaviour of its own, so a later change
//! can read kinds a campaign defines itself into the same types.

use std::fmt::Write as _;

/// One kind of card.
#[derive(Debug, PartialEq)]
pub struct Kind {
    /// Its name in message files, and its template's file stem.
    pub name: &'static str,
    /// The message fields of this kind, beyond those every message has
    /// (`id`, `kind`, `caption`, `alt`, `hashtags`, `source`).
    pub fields: &'static [Field],
    /// The text slots its template fills, and how each is made.
    pub slots: &'static [Slot],
    /// The alt text, piece by piece, joined by spaces; pieces whose slot is
    /// empty are left out. Used when a message has no `alt` of its own.
    pub alt: &'static [Piece],
    /// The message's line among the press kit's key messages, made from its
    /// first card.
    pub key_line: &'static [Piece],
    /// Whether every message of the kind must have a `source:`.
    pub source_required: bool,
}

/// A field of a message.
#[derive(Debug, PartialEq)]
pub struct Field {
    pub name: &'static str,
    pub ty: FieldType,
    pub need: Need,
    /// One line for the README's table of kinds.
    pub doc: &'static str,
}

/// What a field holds.
#[derive(Debug, PartialEq)]
pub enum FieldType {
    /// A text, once for every language or per language.
    Text,
    /// A number, written for each language in its own style.
    Number,
    /// A calendar date, `2027-03-12`, written for each language in its own
    /// words.
    Date,
    /// A web address, `https://…`, shown without its scheme.
    Link,
    /// One of a few words, the same in every language.
    Choice(&'static [&'static str]),
    /// A list of slides, each a card of its own with these fields.
    Slides {
        min: usize,
        max: usize,
        fields: &'static [Field],
    },
}

/// Whether a message must have a field.
#[derive(Debug, PartialEq)]
pub enum Need {
    Required,
    Optional,
    /// Exactly one of this field and the named one.
    EitherOr(&'static str),
}

/// A text slot of a kind's template.
#[derive(Debug, PartialEq)]
pub struct Slot {
    /// The slot's id in the template.
    pub id: &'static str,
    pub make: Make,
    /// Whether every template of the kind must have the slot.
    pub required: bool,
    /// Whether a template may leave the slot out even when the message has
    /// its text (the text is then simply not on that card).
    pub droppable: bool,
}

/// How a slot's text is made from a message, in one language.
#[derive(Debug, PartialEq)]
pub enum Make {
    /// A text field as written.
    Text(&'static str),
    /// A text field in the language's quotation marks.
    Quoted(&'static str),
    /// A text field followed by the source's title, if any.
    Attributed(&'static str),
    /// A number field formatted for the language (as a percentage when the
    /// unit field says `percent`), or else a text field as written.
    Value {
        number: &'static str,
        unit: &'static str,
        text: &'static str,
    },
    /// A number field formatted for the language.
    Number(&'static str),
    /// A date field in the language's words: "12 March 2027".
    Date(&'static str),
    /// A link field as people read it: "example.org/training".
    Link(&'static str),
    /// The message's source: "Source: publisher, title, year".
    SourceLine,
    /// A carousel slide's counter: "2 / 4".
    SlideCounter,
}

/// A piece of an alt text or key line.
#[derive(Clone, Debug, PartialEq)]
pub enum Piece {
    /// A slot's text as made.
    Slot(&'static str),
    /// A slot's text, ending as a sentence.
    Sentence(&'static str),
    /// Two slots' texts joined by a space, ending as a sentence.
    SentenceOf(&'static str, &'static str),
    /// A text field as written (not as its slot makes it).
    Field(&'static str),
    /// Fixed punctuation.
    Literal(&'static str),
    /// "Slide 2 of 4:" in the card's language.
    SlideLabel,
}

/// The units a number may have (`unit: percent`), in messages and in the
/// press kit's facts alike.
pub const UNITS: &[&str] = &["percent"];

/// The slot every card has: its audience's kicker, above the headline.
pub const KICKER: &str = "kicker";

const HEADLINE: Field = Field {
    name: "headline",
    ty: FieldType::Text,
    need: Need::Required,
    doc: "the main line",
};
const BODY: Field = Field {
    name: "body",
    ty: FieldType::Text,
    need: Need::Optional,
    doc: "a sentence or two under it",
};

/// Whether a slot holds display text, set large: a headline or a quote,
/// which breaks between phrases where it can.
pub fn is_display(slot: &str) -> bool {
    matches!(slot, "headline" | "quote" | "title")
}

const fn slot(id: &'static str, make: Make, required: bool) -> Slot {
    Slot {
        id,
        make,
        required,
        droppable: false,
    }
}

const SOURCE_SLOT: Slot = Slot {
    id: "source",
    make: Make::SourceLine,
    required: false,
    droppable: true,
};

/// Every kind handbill knows.
pub const KINDS: &[Kind] = &[
    Kind {
        name: "statement",
        fields: &[HEADLINE, BODY],
        slots: &[
            slot("headline", Make::Text("headline"), true),
            slot("body", Make::Text("body"), false),
            SOURCE_SLOT,
        ],
        alt: &[
            Piece::Sentence("headline"),
            Piece::Sentence("body"),
            Piece::Sentence("source"),
        ],
        key_line: &[Piece::Sentence("headline"), Piece::Slot("body")],
        source_required: false,
    },
    Kind {
        name: "statistic",
        fields: &[
            Field {
                name: "number",
                ty: FieldType::Number,
                need: Need::EitherOr("value"),
                doc: "the number, written for each language (75% in all, 1,5 in Italian)",
            },
            Field {
                name: "unit",
                ty: FieldType::Choice(UNITS),
                need: Need::Optional,
                doc: "`percent` to write the number as a percentage",
            },
            Field {
                name: "value",
                ty: FieldType::Text,
                need: Need::EitherOr("number"),
                doc: "the value as text, instead of a `number`",
            },
            Field {
                name: "label",
                ty: FieldType::Text,
                need: Need::Required,
                doc: "what the number counts",
            },
        ],
        slots: &[
            slot(
                "value",
                Make::Value {
                    number: "number",
                    unit: "unit",
                    text: "value",
                },
                true,
            ),
            slot("label", Make::Text("label"), true),
            SOURCE_SLOT,
        ],
        alt: &[
            Piece::SentenceOf("value", "label"),
            Piece::Sentence("source"),
        ],
        key_line: &[Piece::Slot("value"), Piece::Slot("label")],
        source_required: false,
    },
    Kind {
        name: "quote",
        fields: &[
            Field {
                name: "quote",
                ty: FieldType::Text,
                need: Need::Required,
                doc: "the words, without quotation marks",
            },
            Field {
                name: "attribution",
                ty: FieldType::Text,
                need: Need::Required,
                doc: "who said or wrote them",
            },
        ],
        slots: &[
            slot("quote", Make::Quoted("quote"), true),
            slot("attribution", Make::Attributed("attribution"), true),
        ],
        alt: &[
            Piece::Slot("quote"),
            Piece::Literal("—"),
            Piece::Sentence("attribution"),
        ],
        key_line: &[
            Piece::Slot("quote"),
            Piece::Literal("—"),
            Piece::Field("attribution"),
        ],
        source_required: false,
    },
    Kind {
        name: "call-to-action",
        fields: &[
            HEADLINE,
            BODY,
            Field {
                name: "link",
                ty: FieldType::Text,
                need: Need::Required,
                doc: "where to act: a short address",
            },
        ],
        slots: &[
            slot("headline", Make::Text("headline"), true),
            slot("body", Make::Text("body"), false),
            slot("link", Make::Text("link"), true),
        ],
        alt: &[
            Piece::Sentence("headline"),
            Piece::Sentence("body"),
            Piece::Slot("link"),
        ],
        key_line: &[Piece::Sentence("headline"), Piece::Slot("body")],
        source_required: false,
    },
    Kind {
        name: "carousel",
        fields: &[Field {
            name: "slides",
            // Instagram's publishing API takes 2 to 10 images a carousel.
            ty: FieldType::Slides {
                min: 2,
                max: 10,
                fields: &[HEADLINE, BODY],
            },
            need: Need::Required,
            doc: "2 to 10 slides of `headline` and `body` (optional); the first is the cover",
        }],
        slots: &[
            slot("headline", Make::Text("headline"), true),
            slot("body", Make::Text("body"), false),
            slot("page", Make::SlideCounter, true),
        ],
        alt: &[
            Piece::SlideLabel,
            Piece::Sentence("headline"),
            Piece::Sentence("body"),
        ],
        key_line: &[Piece::Slot("headline")],
        source_required: false,
    },
];

/// Kinds are told apart by name: one table holds each name once.
impl Eq for Kind {}

impl Kind {
    /// Looks a kind up by its name.
    pub fn named(name: &str) -> Option<&'static Kind> {
        KINDS.iter().find(|k| k.name == name)
    }

    /// All kind names, for messages.
    pub fn names() -> String {
        KINDS.iter().map(|k| k.name).collect::<Vec<_>>().join(", ")
    }

    /// The field of this kind with that name.
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The field that holds slides, if the kind is made of slides.
    pub fn slides(&self) -> Option<&'static Field> {
        self.fields
            .iter()
            .find(|f| matches!(f.ty, FieldType::Slides { .. }))
    }

    /// The names of this kind's fields, for messages.
    pub fn field_names(&self) -> String {
        self.fields
            .iter()
            .map(|f| f.name)
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The template's slots: those it must have, and those it may have.
    pub fn template_slots(&self) -> (Vec<&'static str>, Vec<&'static str>) {
        let required = self.slots.iter().filter(|s| s.required).map(|s| s.id);
        let optional = self.slots.iter().filter(|s| !s.required).map(|s| s.id);
        (required.collect(), optional.chain([KICKER]).collect())
    }

    /// Whether a template may leave out a slot the message has text for.
    pub fn may_drop(&self, slot: &str) -> bool {
        slot == KICKER || self.slots.iter().any(|s| s.id == slot && s.droppable)
    }
}

/// The README's table of kinds and their fields, made from the table.
pub fn markdown_table() -> String {
    let mut out = String::from("| kind | fields |\n| --- | --- |\n");
    for k in KINDS {
        let fields: Vec<String> = k.fields.iter().map(field_doc).collect();
        let _ = writeln!(out, "| `{}` | {} |", k.name, fields.join("; "));
    }
    out
}

/// One field's cell text: "`name` (optional): what it is".
fn field_doc(f: &Field) -> String {
    let need = match f.need {
        Need::Required => String::new(),
        Need::Optional => " (optional)".to_owned(),
        Need::EitherOr(other) => format!(" (or `{other}`)"),
    };
    format!("`{}`{need}: {}", f.name, f.doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_slot_is_made_from_a_field_of_its_kind() {
        for k in KINDS {
            let fields: Vec<&str> = match k.slides() {
                Some(Field {
                    ty: FieldType::Slides { fields, .. },
                    ..
                }) => fields.iter().map(|f| f.name).collect(),
                _ => k.fields.iter().map(|f| f.name).collect(),
            };
            for s in k.slots {
                let used: Vec<&str> = match s.make {
                    Make::Text(f) | Make::Quoted(f) | Make::Attributed(f) => vec![f],
                    Make::Value { number, unit, text } => vec![number, unit, text],
                    Make::Number(f) | Make::Date(f) | Make::Link(f) => vec![f],
                    Make::SourceLine | Make::SlideCounter => vec![],
                };
                for f in used {
                    assert!(fields.contains(&f), "{}: slot {} reads {f}", k.name, s.id);
                }
            }
        }
    }

    #[test]
    fn alt_and_key_lines_name_slots_of_their_kind() {
        for k in KINDS {
            let slots: Vec<&str> = k.slots.iter().map(|s| s.id).collect();
            for p in k.alt.iter().chain(k.key_line) {
                let named = match p {
                    Piece::Slot(s) | Piece::Sentence(s) => vec![*s],
                    Piece::SentenceOf(a, b) => vec![*a, *b],
                    _ => vec![],
                };
                for s in named {
                    assert!(slots.contains(&s), "{}: piece names {s}", k.name);
                }
            }
        }
    }

    #[test]
    fn either_or_fields_name_each_other() {
        for k in KINDS {
            for f in k.fields {
                if let Need::EitherOr(other) = f.need {
                    let o = k.field(other).expect("the other field exists");
                    assert_eq!(o.need, Need::EitherOr(f.name), "{}", k.name);
                }
            }
        }
    }

    #[test]
    fn template_slots_add_the_kicker_as_optional() {
        let (required, optional) = Kind::named("quote").expect("present").template_slots();
        assert_eq!(required, ["quote", "attribution"]);
        assert_eq!(optional, ["kicker"]);
    }

    #[test]
    fn the_table_lists_every_kind_with_its_fields() {
        let t = markdown_table();
        assert_eq!(t.lines().count(), KINDS.len() + 2);
        assert!(t.contains("| `statistic` | `number` (or `value`)"), "{t}");
    }
}

#[cfg(test)]
mod readme {
    /// The README's table of kinds is the table's own: `MAKE_README=1`
    /// rewrites it, and fails the run so a rewrite is never green.
    #[test]
    fn the_readme_lists_the_kinds_as_the_table_defines_them() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
        let readme = std::fs::read_to_string(path).expect("README.md");
        let table = super::markdown_table();
        let start = readme
            .find("| kind | fields |")
            .expect("the README has a kinds table");
        let end = readme[start..]
            .find("\n\n")
            .map_or(readme.len(), |e| start + e + 1);
        if std::env::var_os("MAKE_README").is_some() {
            let new = format!("{}{table}{}", &readme[..start], &readme[end..]);
            std::fs::write(path, new).expect("README.md written");
            panic!("MAKE_README=1 rewrote README.md's kinds table; run again without it");
        }
        assert_eq!(
            &readme[start..end],
            table,
            "run with MAKE_README=1 to update README.md"
        );
    }
}
