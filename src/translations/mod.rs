//! The exchange with translators: every text of the campaign, the press kit
//! and the `words:` out as XLIFF 2.0 or gettext PO for Weblate, Crowdin or
//! a CAT tool, and the translations they send back written into the YAML.
//!
//! Pure stages, as the build's are: collect the units from the project's
//! files (`tree.rs` walks each file's own parse events, so every text keeps
//! its bytes), find where each appears and the longest text that fits
//! (`fit.rs`, the build's own fitter), write a catalog (`xliff.rs`, `po.rs`),
//! read one back (the same two), and edit the YAML by each value's span
//! (`edit.rs`, `scalar.rs`). The CLI (`cli/translations.rs`) reads and
//! writes the files; nothing here touches the disk or prints.

mod collect;
mod edit;
mod fit;
mod po;
mod scalar;
mod tree;
mod xliff;

use std::path::{Path, PathBuf};

use crate::build::Failure;
use crate::campaign::{Campaign, Status};
use crate::error::Bug;
use crate::problem::{Location, Problem};
use crate::project::Project;

/// The most a returned translation file may weigh: a campaign's texts in
/// one language are a few hundred kilobytes; more is not a catalog.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// One text to translate.
#[derive(Clone, Debug, PartialEq)]
pub struct Unit {
    /// `media-and-public.yaml/online-ads/headline`: file, message, field.
    pub id: String,
    /// Where its English is written.
    pub at: Location,
    pub source: String,
    pub target: Option<String>,
    pub state: State,
    /// The card kinds, slots and formats it appears in, or the kit.
    pub note: String,
    /// The longest text, in characters, that fits its tightest slot.
    pub max_length: Option<usize>,
}

/// How far a unit's translation is along.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    /// Not translated.
    Initial,
    /// Written in a draft language.
    Translated,
    /// Written in a reviewed language.
    Final,
}

/// Every text of the campaign, for one language.
#[derive(Clone, Debug, PartialEq)]
pub struct Catalog {
    /// The campaign's slug, named in the file's header.
    pub campaign: String,
    pub language: String,
    pub units: Vec<Unit>,
}

/// A translators' file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// XLIFF 2.0 (Crowdin, Weblate 5.15 and later, CAT tools).
    Xliff,
    /// gettext PO (Weblate, Crowdin, Poedit).
    Po,
}

/// A translation file as read back: its language and each unit's target.
#[derive(Clone, Debug, PartialEq)]
pub struct Returned {
    pub language: String,
    /// Where the file names its language.
    pub language_at: Location,
    pub units: Vec<ReturnedUnit>,
}

/// One unit of a returned file.
#[derive(Clone, Debug, PartialEq)]
pub struct ReturnedUnit {
    pub id: String,
    /// Empty or absent: not translated, and left as it is.
    pub target: Option<String>,
    pub at: Location,
}

/// What an import changes: each file's new text, and what it found.
#[derive(Debug, Default)]
pub struct Imported {
    pub files: Vec<(PathBuf, String)>,
    /// How many texts changed.
    pub changed: usize,
    /// Texts that no longer fit their slots: errors, although written.
    pub problems: Vec<Problem>,
}

/// How many texts one language has, by state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Count {
    pub language: String,
    pub status: Status,
    pub missing: usize,
    pub draft: usize,
    pub reviewed: usize,
}

/// Every text of the campaign in `lang`, with where it appears and how long
/// it may be.
pub fn export(project: &Project, lang: &str) -> Result<Catalog, Failure> {
    let files = collect::files(project).map_err(Failure::Problems)?;
    let campaign = collect::campaign(project).map_err(Failure::Problems)?;
    let status = collect::target(&campaign, lang, &Location::file(&campaign.file))
        .map_err(Failure::Problems)?;
    let mut units = collect::units(&files, lang, status).map_err(Failure::Problems)?;
    fit::annotate(project, &mut units).map_err(Failure::Bug)?;
    Ok(Catalog {
        campaign: campaign.slug.clone(),
        language: lang.to_owned(),
        units,
    })
}

/// A catalog written in `format`.
pub fn write(catalog: &Catalog, format: Format) -> Result<String, Bug> {
    match format {
        Format::Xliff => xliff::write(catalog),
        Format::Po => Ok(po::write(catalog)),
    }
}

/// A returned file read: XLIFF when it starts as XML, PO otherwise.
pub fn read(file: &Path, text: &str) -> Result<Returned, Vec<Problem>> {
    if text.len() as u64 > MAX_FILE_BYTES {
        return Err(vec![Problem::new(
            Location::file(file),
            format!("this file is larger than {} MiB: it is not a campaign's catalog", MAX_FILE_BYTES >> 20),
        ).hint("export the language again with `handbill translations export` and translate that file")]);
    }
    let start = text.trim_start_matches('\u{feff}').trim_start();
    match start.starts_with('<') {
        true => xliff::read(file, text),
        false => po::read(file, text),
    }
}

/// The returned translations written into the YAML: only the values whose
/// text changed; every other byte stays.
pub fn import(project: &Project, returned: &Returned) -> Result<Imported, Failure> {
    let files = collect::files(project).map_err(Failure::Problems)?;
    let campaign = collect::campaign(project).map_err(Failure::Problems)?;
    let lang = collect::code_of(&campaign, &returned.language);
    collect::target(&campaign, lang, &returned.language_at).map_err(Failure::Problems)?;
    let changes = collect::changes(&files, returned, lang).map_err(Failure::Problems)?;
    let mut imported = Imported {
        changed: changes.values().map(Vec::len).sum(),
        ..Imported::default()
    };
    for (index, list) in &changes {
        let file = &files[*index];
        let text = edit::apply(file.text, list);
        collect::verify(file, &text, list).map_err(Failure::Bug)?;
        imported.files.push((file.path.to_owned(), text));
    }
    imported.problems = fit::overflows(project, &imported.files, lang).map_err(Failure::Bug)?;
    Ok(imported)
}

/// Whether a text is needed in `lang`: not when it belongs to an audience
/// whose cards are not made in that language (its messages, its name).
fn is_needed(campaign: &Campaign, id: &str, lang: &str) -> bool {
    let (file, rest) = id.split_once('/').unwrap_or((id, ""));
    let audience = match rest.strip_prefix("audiences/") {
        Some(a) if file == "campaign.yaml" => a.split('/').next(),
        _ => campaign
            .messages
            .iter()
            .find(|m| m.location.file.file_name().is_some_and(|n| n == file))
            .map(|m| m.audience.as_str()),
    };
    audience
        .and_then(|a| campaign.audience(a))
        .is_none_or(|a| a.languages.iter().any(|l| l == lang))
}

/// Per language of the campaign, how many texts are missing, draft or
/// reviewed, of those its cards and kit need.
pub fn status(project: &Project) -> Result<Vec<Count>, Vec<Problem>> {
    let files = collect::files(project)?;
    // Missing texts are what the status counts: a campaign whose only
    // mistakes are missing translations is counted, not refused.
    let campaign = match crate::campaign::load(&project.sources) {
        (Some(c), _) => c,
        (None, problems) => return Err(problems.into_iter().filter(Problem::is_error).collect()),
    };
    let entries: Vec<&tree::Entry> = files.iter().flat_map(|f| &f.entries).collect();
    let counts = campaign
        .languages
        .iter()
        .filter(|l| l.code != "en")
        .map(|l| {
            let needed: Vec<&&tree::Entry> = entries
                .iter()
                .filter(|e| is_needed(&campaign, &e.id, &l.code))
                .collect();
            let written = needed.iter().filter(|e| e.value(&l.code).is_some()).count();
            let (draft, reviewed) = match l.status {
                Status::Draft => (written, 0),
                Status::Reviewed => (0, written),
            };
            Count {
                language: l.code.clone(),
                status: l.status,
                missing: needed.len() - written,
                draft,
                reviewed,
            }
        })
        .collect();
    Ok(counts)
}
