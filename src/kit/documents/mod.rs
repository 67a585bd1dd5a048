//! The kit's text documents in one language, one file each here: key facts
//! and captions as CSV (`tables.rs`), key facts and the FAQ as Markdown
//! (`markdown.rs`), contacts as vCard 4.0 (`vcard.rs`), credits and
//! licences (`credits.rs`), and the HTML pages, `index.html` and the FAQ
//! (`html.rs`, from the askama templates in `src/kit/html/`).
//!
//! Pure: each document is a string built from the kit, the campaign and the
//! cards; nothing here touches the disk.

mod credits;
pub(crate) mod html;
mod markdown;
mod tables;
mod vcard;

pub(crate) use markdown::escape as markdown_escape;

use std::fmt::Write as _;

use crate::campaign::{Campaign, Photo, Text};
use crate::card::Card;
use crate::typography::{self, source_line};

use super::{Fact, Kit};

/// A fact's value as the language writes it: "75%", "1,5 milioni"…
pub fn fact_value(c: &Campaign, f: &Fact, lang: &str) -> String {
    typography::number(&c.words, lang, f.number, f.percent)
}

/// One card as the kit shows it: the rendered card and its file in the zip.
#[derive(Clone, Debug)]
pub struct KitCard<'a> {
    /// The file name inside the zip, e.g. `cards/free2link_statement_…png`.
    pub file: String,
    pub card: &'a Card,
}

/// The documents of one language's kit.
pub struct Documents<'a> {
    pub kit: &'a Kit,
    pub campaign: &'a Campaign,
    pub lang: &'a str,
    pub cards: &'a [KitCard<'a>],
    /// File names of the factsheet and FAQ documents, for links.
    pub factsheet_pdf: &'a str,
    pub factsheet_png: &'a str,
    pub faq_pdf: &'a str,
    pub faq_md: &'a str,
    pub faq_html: &'a str,
    pub logo: &'a str,
}

impl<'a> Documents<'a> {
    /// The photo a card shows, if its message has one.
    fn photo(&self, card: &Card) -> Option<&'a Photo> {
        let m = self
            .campaign
            .messages
            .iter()
            .find(|m| m.id == card.message)?;
        m.photo.as_ref()
    }

    /// Each photo the kit's cards show, once, with its name in the kit.
    fn photos(&self) -> Vec<(String, &'a Photo)> {
        let mut out: Vec<(String, &Photo)> = Vec::new();
        for p in self.cards.iter().filter_map(|c| self.photo(c.card)) {
            let entry = super::build::photo_entry(&p.file);
            if !out.iter().any(|(e, _)| *e == entry) {
                out.push((entry, p));
            }
        }
        out
    }

    fn t<'b>(&self, text: &'b Text) -> &'b str {
        text.get(self.lang).unwrap_or_default()
    }

    /// An optional text in the kit's language, "" when absent.
    fn opt(&self, text: &Option<Text>) -> String {
        text.as_ref()
            .map(|t| self.t(t).to_owned())
            .unwrap_or_default()
    }

    /// The kit's embargo line in this language, when it has one.
    fn embargo(&self) -> Option<String> {
        self.kit.embargo_line(self.lang)
    }

    fn label(&self, key: &str) -> &'a str {
        self.kit.label(key, self.lang)
    }

    /// A fact's value as the language writes it.
    pub fn value(&self, f: &Fact) -> String {
        fact_value(self.campaign, f, self.lang)
    }

    /// "Source: UNICEF, title, 2022 — https://…"
    pub fn fact_source(&self, f: &Fact) -> String {
        let mut s = source_line(&self.campaign.words, &f.source, self.lang);
        if let Some(url) = &f.source.url {
            let _ = write!(s, " — {url}");
        }
        s
    }
}
