//! The press kit: the campaign's kit data (`messages/kit.yaml`) loaded and
//! checked, then turned into one zipped media kit per language — factsheet,
//! FAQ, key facts with sources, captions, contacts, the cards. The kit is
//! built from the same messages and cards as the social posts, so the two
//! never disagree.
//!
//! This file holds the kit's data types. `load.rs` reads and checks
//! `kit.yaml`; `build.rs` makes one language's files; `factsheet.rs` fills
//! and draws the factsheet; `pages.rs` lays the FAQ out into A4 pages;
//! `pdf.rs` writes tagged PDF, its texts drawn by `glyphs.rs`;
//! `documents/` writes the text files and the
//! HTML pages; `palette.rs` takes the kit's colours from the campaign's;
//! `time.rs` writes embargo times; `embargo/` marks the files the kit
//! copies in and reads every file back to prove it says the embargo;
//! `archive.rs` zips.
//!
//! Pure: reads and writes no files.

mod archive;
mod build;
pub(crate) mod documents;
mod embargo;
mod factsheet;
mod glyphs;
mod load;
mod pages;
mod palette;
mod pdf;
mod time;

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;

pub use archive::{entry_name, zip};
pub use build::{Files, RenderedCard, build};
pub use documents::Documents;
pub use embargo::unmarked_files;
pub use factsheet::needs as factsheet_needs;
pub use load::load;
pub use palette::Palette;
pub use time::{Embargo, Zone};

use crate::campaign::{Campaign, Source, Text};
use crate::error::Bug;
use crate::fonts::Fonts;
use crate::problem::Problem;
use crate::template::Template;

/// A partner organisation.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Partner {
    pub name: String,
    pub website: String,
}

/// Who runs the campaign.
#[derive(Clone, Debug, PartialEq)]
pub struct Organisation {
    pub name: String,
    pub website: String,
    /// The "About" boilerplate, 100 words or fewer.
    pub about: Text,
    pub partners: Vec<Partner>,
    /// The terms the cards and images may be used under.
    pub licence: Text,
    /// A line the credits add about the logo ("a placeholder wordmark…").
    pub logo_note: Option<Text>,
}

/// A key fact or statistic, with its source.
#[derive(Clone, Debug, PartialEq)]
pub struct Fact {
    pub id: String,
    pub number: f64,
    pub percent: bool,
    pub label: Text,
    pub period: Option<Text>,
    pub geography: Option<Text>,
    pub source: Source,
    pub caveat: Option<Text>,
}

/// A question and its answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Qa {
    pub question: Text,
    pub answer: Text,
}

/// A milestone of the timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct Milestone {
    pub year: u32,
    pub title: Text,
    pub url: Option<String>,
}

/// An organisation-level contact.
#[derive(Clone, Debug, PartialEq)]
pub struct Contact {
    pub name: Text,
    pub organisation: String,
    pub email: Option<String>,
    /// The email is a placeholder (example.org), to replace before publishing.
    pub example: bool,
    pub website: Option<String>,
    pub languages: Vec<String>,
    pub time_zone: Option<String>,
}

/// A time zone an embargo is written in, and its name on the kit's pages.
#[derive(Clone, Debug, PartialEq)]
pub struct ShownZone {
    pub zone: Zone,
    pub name: Text,
}

/// The kit's data.
#[derive(Clone, Debug, PartialEq)]
pub struct Kit {
    pub file: PathBuf,
    pub languages: Vec<String>,
    pub organisation: Organisation,
    pub facts: Vec<Fact>,
    pub faq: Vec<Qa>,
    pub milestones: Vec<Milestone>,
    pub contacts: Vec<Contact>,
    pub embargo: Option<Embargo>,
    /// The zones an embargo is written in besides UTC, in order.
    pub embargo_zones: Vec<ShownZone>,
    /// The colours of the kit's page and PDFs, from the campaign's.
    pub palette: Palette,
    /// The words of the kit's own pages, by key.
    pub labels: BTreeMap<String, Text>,
}

impl Kit {
    /// A label in a language ("" if missing, which `load` rules out).
    pub fn label(&self, key: &str, lang: &str) -> &str {
        self.labels.get(key).and_then(|t| t.get(lang)).unwrap_or("")
    }

    /// "Embargo: not to be published before 2026-12-10 08:00 UTC (09:00
    /// Rome, 10:00 Athens)", when the kit has an embargo.
    pub fn embargo_line(&self, lang: &str) -> Option<String> {
        let embargo = self.embargo.as_ref()?;
        let zones: Vec<(&Zone, &str)> = self
            .embargo_zones
            .iter()
            .map(|z| (&z.zone, z.name.get(lang).unwrap_or_default()))
            .collect();
        Some(format!(
            "{} {}",
            self.label("embargo", lang),
            embargo.describe(&zones)
        ))
    }
}

/// What the kit is made from besides its own data.
pub struct Inputs<'a> {
    pub campaign: &'a Campaign,
    pub fonts: &'a Fonts,
    pub factsheet: &'a Template,
    pub logo: Option<(&'a str, &'a [u8])>,
    pub logo_url: Option<&'a str>,
    pub licences: &'a [(String, Vec<u8>)],
    /// The messages' photo files as read, by path in the messages folder:
    /// the kit carries them in full size.
    pub photos: &'a BTreeMap<PathBuf, Vec<u8>>,
}

/// Why a kit was not made: mistakes in the user's files, or a bug.
#[derive(Debug)]
pub enum Failure {
    /// Located problems in `kit.yaml`, the campaign or the factsheet
    /// template (a text that does not fit, say).
    Problems(Vec<Problem>),
    /// handbill's own failure: a zip, PDF or PNG it could not write.
    Bug(Bug),
}

impl From<Bug> for Failure {
    fn from(b: Bug) -> Self {
        Failure::Bug(b)
    }
}

/// The labels the kit's pages use.
pub const LABELS: &[&str] = &[
    "press-kit",
    "factsheet",
    "about",
    "partners",
    "key-messages",
    "key-facts",
    "source",
    "caveat",
    "period",
    "geography",
    "milestones",
    "faq",
    "contacts",
    "example",
    "answers-in",
    "cards",
    "download",
    "caption",
    "embargo",
    "files",
    "draft",
];

/// The most words an "About" boilerplate may have: editors paste it as is.
pub const ABOUT_WORDS: usize = 100;
/// The fewest questions a useful FAQ has.
pub const MIN_FAQ: usize = 8;

/// The shipped campaign and kit, for the kit's unit tests.
#[cfg(test)]
mod testing {
    use std::path::Path;

    use crate::campaign::Campaign;

    use super::Kit;

    /// The shipped campaign and the text of its kit.yaml.
    pub fn shipped() -> (Campaign, String) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let project = crate::project::read(&crate::project::Paths::under(root)).expect("reads");
        let (campaign, problems) = crate::campaign::load(&project.sources);
        assert!(problems.is_empty(), "{problems:?}");
        let (_, text) = project.kit.expect("the shipped kit");
        (campaign.expect("campaign"), text)
    }

    /// The shipped campaign and its kit, loaded.
    pub fn shipped_kit() -> (Campaign, Kit) {
        let (campaign, text) = shipped();
        let (kit, problems) = super::load(Path::new("messages/kit.yaml"), &text, &campaign);
        assert!(problems.is_empty(), "{problems:?}");
        (campaign, kit.expect("kit"))
    }
}
