//! What a card says: each slot's text, made from the message by its kind's
//! recipe ([`crate::kind::Make`]), where each text is written, and the alt
//! text and key line assembled from those texts ([`crate::kind::Piece`]).

use std::collections::BTreeMap;

use crate::campaign::{Campaign, FieldValue, Fields, Message, Text};
use crate::kind::{Make, Piece};
use crate::problem::Location;
use crate::typography::{self, sentence, source_line, t};

/// One card's worth of a message: a whole message, or one carousel slide.
pub struct Page {
    /// Slot id → text, in the card's text language.
    pub texts: BTreeMap<&'static str, String>,
    /// Slot id → where its text is written.
    pub at: BTreeMap<&'static str, Location>,
    /// This slide's number (from 1) and the count, for slides.
    pub slide: Option<(usize, usize)>,
}

/// The message's pages in `lang`: one, or one per slide.
pub fn pages(c: &Campaign, m: &Message, lang: &str) -> Vec<Page> {
    let slides: Vec<&Fields> = match m.kind.slides() {
        Some(f) => match m.fields.get(f.name) {
            Some(FieldValue::Slides(s)) => s.iter().collect(),
            _ => Vec::new(),
        },
        None => vec![&m.fields],
    };
    let n = slides.len();
    let slide = |i: usize| m.kind.slides().map(|_| (i + 1, n));
    slides
        .into_iter()
        .enumerate()
        .map(|(i, fields)| page(c, m, lang, fields, slide(i)))
        .collect()
}

/// One page: every slot its kind makes, where the message has the text.
fn page(
    c: &Campaign,
    m: &Message,
    lang: &str,
    fields: &Fields,
    slide: Option<(usize, usize)>,
) -> Page {
    let mut texts = BTreeMap::new();
    let mut at = BTreeMap::new();
    for s in m.kind.slots {
        let made = Made {
            c,
            m,
            lang,
            fields,
            slide,
        };
        if let Some(text) = made.text(&s.make) {
            texts.insert(s.id, text);
        }
        if let Some((line, column)) = made.source(&s.make).and_then(|t| t.position(lang)) {
            at.insert(s.id, Location::new(&m.location.file, line, column));
        }
    }
    Page { texts, at, slide }
}

/// What a recipe reads: the campaign's words, the message, the page's
/// fields, the language and the slide.
struct Made<'a> {
    c: &'a Campaign,
    m: &'a Message,
    lang: &'a str,
    fields: &'a Fields,
    slide: Option<(usize, usize)>,
}

impl Made<'_> {
    fn field(&self, name: &str) -> Option<&str> {
        match self.fields.get(name) {
            Some(FieldValue::Text(text)) => Some(t(text, self.lang)),
            _ => None,
        }
    }

    /// A slot's text, or nothing when the message has none for it.
    fn text(&self, make: &Make) -> Option<String> {
        let words = &self.c.words;
        match *make {
            Make::Text(f) => self.field(f).map(str::to_owned),
            Make::Quoted(f) => self
                .field(f)
                .map(|q| typography::quoted(words, self.lang, q)),
            Make::Attributed(f) => self.field(f).map(|who| self.attributed(who)),
            Make::Value { number, unit, text } => match self.fields.get(number) {
                Some(FieldValue::Number(n)) => {
                    let percent = self.fields.get(unit) == Some(&FieldValue::Choice("percent"));
                    Some(typography::number(words, self.lang, *n, percent))
                }
                _ => self.field(text).map(str::to_owned),
            },
            Make::Number(f) => match self.fields.get(f) {
                Some(FieldValue::Number(n)) => {
                    Some(typography::number(words, self.lang, *n, false))
                }
                _ => None,
            },
            Make::Date(f) => match self.fields.get(f) {
                Some(FieldValue::Date(d)) => Some(typography::date(words, self.lang, *d)),
                _ => None,
            },
            Make::Link(f) => self
                .field(f)
                .map(|u| typography::readable_link(u).to_owned()),
            Make::SourceLine => self
                .m
                .source
                .as_ref()
                .map(|s| source_line(words, s, self.lang)),
            Make::SlideCounter => self
                .slide
                .map(|(i, n)| typography::counter(words, self.lang, i, n)),
        }
    }

    /// "Who, title": the attribution followed by the source's title.
    fn attributed(&self, who: &str) -> String {
        let mut out = who.to_owned();
        if let Some(title) = self.m.source.as_ref().and_then(|s| s.title.as_ref()) {
            out.push_str(t(&self.c.words.comma, self.lang));
            out.push_str(t(title, self.lang));
        }
        out
    }

    /// The message text a slot's text comes from, to locate problems.
    fn source(&self, make: &Make) -> Option<&Text> {
        let name = match *make {
            Make::Text(f) | Make::Quoted(f) | Make::Attributed(f) | Make::Link(f) => f,
            Make::Value { text, .. } => text,
            Make::Number(_) | Make::Date(_) | Make::SourceLine | Make::SlideCounter => return None,
        };
        match self.fields.get(name) {
            Some(FieldValue::Text(text)) => Some(text),
            _ => None,
        }
    }
}

/// Joins pieces into a line: the alt text or the kit's key line. A piece
/// whose text the page does not have is left out.
pub fn assemble(c: &Campaign, m: &Message, lang: &str, page: &Page, pieces: &[Piece]) -> String {
    let w = &c.words;
    let slot = |s: &str| page.texts.get(s).map(String::as_str);
    let parts: Vec<String> = pieces
        .iter()
        .filter_map(|p| match *p {
            Piece::Slot(s) => slot(s).map(str::to_owned),
            Piece::Sentence(s) => slot(s).map(|s| sentence(w, lang, s)),
            Piece::SentenceOf(a, b) => {
                let both: Vec<&str> = [slot(a), slot(b)].into_iter().flatten().collect();
                (!both.is_empty()).then(|| sentence(w, lang, &both.join(" ")))
            }
            Piece::Field(f) => m.text(f).map(|x| t(x, lang).to_owned()),
            Piece::Literal(l) => Some(l.to_owned()),
            Piece::SlideLabel => page
                .slide
                .map(|(i, n)| typography::slide_label(w, lang, i, n)),
        })
        .collect();
    parts.join(&w.punctuation(lang).sentence_space)
}

/// The message's line among the press kit's key messages, in `lang`: made
/// from its first card by its kind's `key_line`.
pub fn key_line(c: &Campaign, m: &Message, lang: &str) -> String {
    first_page_line(c, m, lang, m.kind.key_line)
}

/// The key line's first piece alone (a statement's headline, without its
/// body): the shortest post that still says the message.
pub fn lead_line(c: &Campaign, m: &Message, lang: &str) -> String {
    first_page_line(c, m, lang, &m.kind.key_line[..m.kind.key_line.len().min(1)])
}

fn first_page_line(c: &Campaign, m: &Message, lang: &str, pieces: &[crate::kind::Piece]) -> String {
    let pages = pages(c, m, lang);
    let line = pages
        .first()
        .map(|p| assemble(c, m, lang, p, pieces))
        .unwrap_or_default();
    line.trim().to_owned()
}
