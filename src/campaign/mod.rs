//! Loading messages: the campaign file and one message file per audience,
//! parsed from YAML and checked into a `Campaign` that later stages use
//! without further decisions.
//!
//! This stage reads no files itself: it takes the texts the project loader
//! read. Every problem is collected with its file, line and column; a bad file
//! never stops the others from being checked.
//!
//! This file holds the resolved model (`Campaign`, `Message`, `Text`…);
//! `load.rs` holds the files as written and the checks.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_saphyr::Spanned;

use crate::format::Format;
use crate::problem::Location;

/// A text written per language, or once for every language.
#[derive(Clone, Debug, PartialEq)]
pub enum Text {
    /// The same in every language: numbers, names, links.
    Neutral(String),
    /// One value per language code, each with its place in the file.
    Translated(BTreeMap<String, (String, u32, u32)>),
}

impl Text {
    /// The text in `lang`, if written.
    pub fn get(&self, lang: &str) -> Option<&str> {
        match self {
            Text::Neutral(s) => Some(s),
            Text::Translated(map) => map.get(lang).map(|(s, _, _)| s.as_str()),
        }
    }

    /// Where the text in `lang` is written, if it is written on its own line.
    pub fn position(&self, lang: &str) -> Option<(u32, u32)> {
        match self {
            Text::Neutral(_) => None,
            Text::Translated(map) => map.get(lang).map(|(_, l, c)| (*l, *c)),
        }
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a text, or a map from language code to text")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text::Neutral(v.to_owned()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text::Neutral(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
                Ok(Text::Neutral(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Text, E> {
                Ok(Text::Neutral(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Text, A::Error> {
                let mut out = BTreeMap::new();
                while let Some(lang) = map.next_key::<String>()? {
                    let value: Spanned<String> = map.next_value()?;
                    let (line, col) = (
                        value.referenced.line() as u32,
                        value.referenced.column() as u32,
                    );
                    out.insert(lang, (value.value, line, col));
                }
                Ok(Text::Translated(out))
            }
        }
        deserializer.deserialize_any(TextVisitor)
    }
}

/// A source of a fact, as the toolkit cites it.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub publisher: Text,
    #[serde(default)]
    pub title: Option<Text>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub year: Option<u32>,
}

/// One slide of a carousel.
#[derive(Clone, Debug, PartialEq)]
pub struct Slide {
    pub headline: Text,
    pub body: Option<Text>,
}

/// A statistic's value: a number handbill formats for each language, or a
/// text written as it should appear.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Number { number: f64, percent: bool },
    Text(Text),
}

/// What a card says, by kind of card.
#[derive(Clone, Debug, PartialEq)]
pub enum Content {
    Statement {
        headline: Text,
        body: Option<Text>,
    },
    Statistic {
        value: Value,
        label: Text,
    },
    Quote {
        quote: Text,
        attribution: Text,
    },
    CallToAction {
        headline: Text,
        body: Option<Text>,
        link: Text,
    },
    Carousel {
        slides: Vec<Slide>,
    },
}

/// The kinds of card, named as templates are.
pub const KINDS: &[&str] = &[
    "statement",
    "statistic",
    "quote",
    "call-to-action",
    "carousel",
];

impl Content {
    /// The kind's name, which is also its template's file stem.
    pub fn kind(&self) -> &'static str {
        match self {
            Content::Statement { .. } => "statement",
            Content::Statistic { .. } => "statistic",
            Content::Quote { .. } => "quote",
            Content::CallToAction { .. } => "call-to-action",
            Content::Carousel { .. } => "carousel",
        }
    }
}

/// One message of the campaign, ready to be set on cards.
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    pub id: String,
    pub audience: String,
    /// The file it was written in, and where its id is.
    pub location: Location,
    pub content: Content,
    pub caption: Text,
    pub alt: Option<Text>,
    pub hashtags: Vec<String>,
    pub source: Option<Source>,
}

/// An audience, with its name in each language.
#[derive(Clone, Debug, PartialEq)]
pub struct Audience {
    pub id: String,
    pub name: Text,
    /// The line above the headline on its cards; the name when not given.
    pub kicker: Option<Text>,
    /// The languages its cards are made in: all the campaign's by default.
    pub languages: Vec<String>,
}

/// How far a language's translations are along.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Written or machine-assisted; a native speaker has not checked it.
    Draft,
    /// Checked by a native speaker: ready to publish.
    Reviewed,
}

/// Writing direction of a language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Ltr,
    Rtl,
}

/// One language of the campaign.
#[derive(Clone, Debug, PartialEq)]
pub struct Language {
    pub code: String,
    pub status: Status,
    pub direction: Direction,
    /// The language a message falls back to when it has no text in this
    /// one; without it, a missing text is a problem.
    pub fallback: Option<String>,
}

/// How numbers are written in one language.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NumberFormat {
    /// Between the whole part and the fraction: "." or ",".
    pub decimal: String,
    /// Between groups of three digits: ",", ".", a narrow no-break space.
    pub group: String,
    /// How a percentage is written, `{}` standing for the number: "{}%".
    pub percent: String,
}

/// Words handbill itself writes on cards and in alt text, per language.
#[derive(Clone, Debug, PartialEq)]
pub struct Words {
    pub source: Text,
    pub quote_open: Text,
    pub quote_close: Text,
    pub slide: Text,
    pub of: Text,
    /// Between items of a list: ", " in most languages, "، " in Arabic.
    pub comma: Text,
    /// Number formats by language code.
    pub numbers: BTreeMap<String, NumberFormat>,
}

/// The whole campaign: what to build and every message.
#[derive(Clone, Debug, PartialEq)]
pub struct Campaign {
    pub name: String,
    pub slug: String,
    /// Language codes, in the campaign's order.
    pub languages: Vec<String>,
    /// Each language's status, direction and fallback, in the same order.
    pub language_info: Vec<Language>,
    pub formats: Vec<&'static Format>,
    pub colours: BTreeMap<String, String>,
    /// The logo's file name in the messages folder, and where it is named.
    pub logo: Option<(PathBuf, Location)>,
    pub hashtags: Vec<String>,
    pub audiences: Vec<Audience>,
    pub words: Words,
    pub messages: Vec<Message>,
    /// The campaign file, for problems about the campaign as a whole.
    pub file: PathBuf,
}

impl Campaign {
    pub fn audience(&self, id: &str) -> Option<&Audience> {
        self.audiences.iter().find(|a| a.id == id)
    }

    pub fn language(&self, code: &str) -> Option<&Language> {
        self.language_info.iter().find(|l| l.code == code)
    }
}

mod load;

pub(crate) use load::clean_yaml_error;
pub use load::{Sources, load};
