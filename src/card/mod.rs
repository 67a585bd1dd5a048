//! Cards: which cards a campaign makes (one per message, slide, language and
//! format), what each says in each slot, its caption and alt text.
//!
//! Pure: reads no files. Setting a card's texts into its template is the
//! next stage, [`crate::compose`].

mod caption;
mod make;
mod plan;

use std::collections::BTreeMap;

pub use caption::short_captions;
pub use make::key_line;
pub use plan::{check_filter, plan};

use crate::campaign::{Direction, Status};
use crate::compose::Fill;
use crate::format::Format;
use crate::kind::Kind;
use crate::problem::{Context, Location};

/// Which cards to build: empty lists mean all.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub audiences: Vec<String>,
    pub languages: Vec<String>,
    pub formats: Vec<String>,
    pub messages: Vec<String>,
}

impl Filter {
    /// Whether it asks for every card.
    pub fn is_empty(&self) -> bool {
        self.audiences.is_empty()
            && self.languages.is_empty()
            && self.formats.is_empty()
            && self.messages.is_empty()
    }

    fn allows(list: &[String], v: &str) -> bool {
        list.is_empty() || list.iter().any(|x| x == v)
    }
}

/// One card to render.
#[derive(Clone, Debug, PartialEq)]
pub struct Card {
    pub message: String,
    pub audience: String,
    pub kind: &'static Kind,
    /// The language the card is made for: its folder in `out/`.
    pub language: String,
    /// The language every word on the card is in: `language`, or its
    /// fallback when the message has no text in it.
    pub text_language: String,
    pub direction: Direction,
    /// The status of the text language's translations.
    pub status: Status,
    pub format: &'static Format,
    /// For carousels: this slide's number (from 1) and the count.
    pub slide: Option<(usize, usize)>,
    /// Slot id → text.
    pub slots: BTreeMap<&'static str, String>,
    pub caption: String,
    pub alt: String,
    /// Where the message is written, for problems.
    pub location: Location,
    /// Where each slot's text is written in this language, when known.
    pub at: BTreeMap<&'static str, Location>,
    /// The card's path under `out/` without extension.
    pub stem: String,
}

impl Card {
    /// Whether the card is in its language's fallback.
    pub fn is_fallback(&self) -> bool {
        self.language != self.text_language
    }

    /// What the card sets into its template.
    pub fn fill(&self) -> Fill<'_> {
        Fill {
            texts: &self.slots,
            language: &self.text_language,
            direction: self.direction,
            slide: self.slide,
            kind: Some(self.kind),
            at: &self.at,
            location: &self.location,
            context: Context {
                message: Some(self.message.clone()),
                slide: self.slide.map(|(n, _)| n),
                language: Some(self.language.clone()),
                format: Some(self.format.name.to_owned()),
                ..Context::default()
            },
            photo: None,
        }
    }
}
