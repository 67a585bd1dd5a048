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
use crate::kind::Kind;
use crate::problem::Location;

/// A text written per language, or once for every language.
#[derive(Clone, Debug, PartialEq)]
pub enum Text {
    /// The same in every language: numbers, names, links.
    Neutral(String),
    /// One value per language code, each with its place in the file.
    Translated(Translations),
}

impl Default for Text {
    fn default() -> Self {
        Text::Neutral(String::new())
    }
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
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Text, A::Error> {
                Ok(Text::Translated(read_translations(map)?))
            }
        }
        deserializer.deserialize_any(TextVisitor)
    }
}

/// Texts by language code, each with the line and column it is written at.
pub type Translations = BTreeMap<String, (String, u32, u32)>;

/// Reads a map from language code to text, keeping where each is written.
fn read_translations<'de, A: MapAccess<'de>>(mut map: A) -> Result<Translations, A::Error> {
    let mut out = BTreeMap::new();
    while let Some(lang) = map.next_key::<String>()? {
        let value: Spanned<String> = map.next_value()?;
        let (line, col) = (
            value.referenced.line() as u32,
            value.referenced.column() as u32,
        );
        out.insert(lang, (value.value, line, col));
    }
    Ok(out)
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

/// A message's own fields, by name, as its kind defines them
/// ([`crate::kind`]): checked, so each holds the type its kind asks for.
pub type Fields = BTreeMap<&'static str, FieldValue>;

/// The value of one field of a message.
#[derive(Clone, Debug, PartialEq)]
pub enum FieldValue {
    Text(Text),
    Number(f64),
    Date(jiff::civil::Date),
    /// One of the words the field allows (`unit: percent`).
    Choice(&'static str),
    /// The slides of a carousel, each with its own fields.
    Slides(Vec<Fields>),
}

impl FieldValue {
    /// Every text in the value, slides included.
    fn texts<'a>(&'a self, out: &mut Vec<&'a Text>) {
        match self {
            FieldValue::Text(t) => out.push(t),
            FieldValue::Slides(slides) => {
                for v in slides.iter().flat_map(|s| s.values()) {
                    v.texts(out);
                }
            }
            FieldValue::Number(_) | FieldValue::Date(_) | FieldValue::Choice(_) => {}
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
    pub kind: &'static Kind,
    pub fields: Fields,
    pub caption: Text,
    pub alt: Option<Text>,
    pub hashtags: Vec<String>,
    pub source: Option<Source>,
    pub photo: Option<Photo>,
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, Deserialize)]
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

/// How dates are written in one language: "{day} {month} {year}" and the
/// months' names as they read in a date (Greek and Ukrainian use the
/// genitive: "12 Μαρτίου 2027").
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateFormat {
    pub format: String,
    pub months: Vec<String>,
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
    /// The digits numbers are written in (CLDR's numbering systems).
    #[serde(default)]
    pub digits: Digits,
}

/// A numbering system, by its Unicode CLDR name: the digits every number
/// handbill writes is set in, the slide counter and dates included.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Digits {
    /// 0–9.
    #[default]
    Latn,
    /// Arabic-Indic digits, ٠–٩.
    Arab,
    /// Extended Arabic-Indic (Persian) digits, ۰–۹.
    Arabext,
}

/// The punctuation handbill writes itself in one language. Each has a
/// default, the one English uses, so a campaign writes only what differs.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct Punctuation {
    /// After a label: "Source: OSCE", "Slide 2 of 4: …".
    pub label: String,
    /// Ends a sentence of alt text that has no punctuation of its own.
    pub full_stop: String,
    /// Between the sentences and pieces of alt text.
    pub sentence_space: String,
    /// A carousel's slide counter, `{n}` the slide and `{count}` the
    /// slides: "2 / 4".
    pub counter: String,
    /// The quotation marks inside a quotation: ‘…’ in English, “…” inside
    /// «…» in Italian.
    pub inner_quotes: [String; 2],
}

impl Default for Punctuation {
    fn default() -> Self {
        Punctuation {
            label: ": ".into(),
            full_stop: ".".into(),
            sentence_space: " ".into(),
            counter: "{n} / {count}".into(),
            inner_quotes: ["‘".into(), "’".into()],
        }
    }
}

/// Words handbill itself writes on cards and in alt text, per language.
#[derive(Clone, Debug, Default, PartialEq)]
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
    /// Date formats by language code, when the campaign writes dates.
    pub dates: BTreeMap<String, DateFormat>,
    /// Punctuation by language code; a language without its own has the
    /// default's.
    pub punctuation: BTreeMap<String, Punctuation>,
    /// Words that must not end a line, by language code, lowercase: kept
    /// with the word after them when another break fits.
    pub short_words: BTreeMap<String, Vec<String>>,
    /// Words that must not start a line, by language code, lowercase: kept
    /// with the word before them (Persian «را», which follows its object).
    pub joins_previous: BTreeMap<String, Vec<String>>,
}

impl Words {
    /// The punctuation of a language.
    pub fn punctuation(&self, lang: &str) -> &Punctuation {
        static DEFAULT: std::sync::LazyLock<Punctuation> =
            std::sync::LazyLock::new(Punctuation::default);
        self.punctuation.get(lang).unwrap_or(&DEFAULT)
    }

    /// The digits of a language.
    pub fn digits(&self, lang: &str) -> Digits {
        self.numbers.get(lang).map(|f| f.digits).unwrap_or_default()
    }

    /// The words of a language that must not end a line.
    pub fn short_words(&self, lang: &str) -> &[String] {
        self.short_words.get(lang).map_or(&[], Vec::as_slice)
    }

    /// The words of a language that must not start a line.
    pub fn joins_previous(&self, lang: &str) -> &[String] {
        self.joins_previous.get(lang).map_or(&[], Vec::as_slice)
    }
}

/// The whole campaign: what to build and every message.
#[derive(Clone, Debug, PartialEq)]
pub struct Campaign {
    pub name: String,
    pub slug: String,
    /// Its languages, in the campaign's order.
    pub languages: Vec<Language>,
    pub formats: Vec<&'static Format>,
    /// Every kind its messages may be: the built-in ones, then its own.
    pub kinds: Vec<&'static Kind>,
    /// Kinds `campaign.yaml` defines with a mistake, said there once: their
    /// messages are not checked further.
    pub broken_kinds: Vec<String>,
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
        self.languages.iter().find(|l| l.code == code)
    }

    /// The language codes, in the campaign's order.
    pub fn codes(&self) -> Vec<&str> {
        self.languages.iter().map(|l| l.code.as_str()).collect()
    }
}

impl Message {
    /// A text field of the message's own, if written.
    pub fn text(&self, field: &str) -> Option<&Text> {
        match self.fields.get(field) {
            Some(FieldValue::Text(t)) => Some(t),
            _ => None,
        }
    }

    /// Every text of the message: its fields, slides, caption, alt text and
    /// source, for checking it is complete in a language.
    pub fn texts(&self) -> Vec<&Text> {
        let mut out = vec![&self.caption];
        out.extend(self.alt.as_ref());
        if let Some(s) = &self.source {
            out.push(&s.publisher);
            out.extend(s.title.as_ref());
        }
        if let Some(p) = &self.photo {
            out.extend([&p.alt, &p.credit, &p.licence]);
        }
        for v in self.fields.values() {
            v.texts(&mut out);
        }
        out
    }

    /// Whether every text of the message is written in a language.
    pub fn is_complete(&self, lang: &str) -> bool {
        self.texts()
            .iter()
            .all(|t| t.get(lang).is_some_and(|s| !s.trim().is_empty()))
    }
}

mod define;
pub mod figures;
mod load;
mod message;
mod photo;
pub mod translations;

use load::check_hashtags;
pub use load::{Sources, load};
pub use message::unknown_unit;
pub use photo::{EXTENSIONS as PHOTO_EXTENSIONS, Photo};
