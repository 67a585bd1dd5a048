//! The units of a campaign: every text of campaign.yaml, the message files
//! and kit.yaml as `tree.rs` finds it, with the target language's value and
//! state; and, going back, a returned file's targets matched to those texts.
//!
//! Pure: it reads the project's texts as the project loader read them, and
//! must not write or decide where a text appears (that is `fit.rs`).

use std::collections::BTreeMap;
use std::path::Path;

use super::edit::Change;
use super::tree::{self, Entry};
use super::{Returned, State, Unit};
use crate::campaign::{self, Campaign, Status};
use crate::error::Bug;
use crate::problem::{Location, Problem};
use crate::project::Project;

/// One YAML file of the campaign and its texts.
pub struct File<'a> {
    pub path: &'a Path,
    pub text: &'a str,
    pub entries: Vec<Entry>,
}

/// The campaign file, the message files and the kit, each walked.
pub fn files(project: &Project) -> Result<Vec<File<'_>>, Vec<Problem>> {
    let sources = std::iter::once(&project.sources.campaign)
        .chain(&project.sources.messages)
        .chain(&project.kit);
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for (path, text) in sources {
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        match tree::entries(path, &name, text) {
            Ok(entries) => files.push(File {
                path,
                text,
                entries,
            }),
            Err(p) => problems.push(p),
        }
    }
    match problems.is_empty() {
        true => Ok(files),
        false => Err(problems),
    }
}

/// The campaign as the build loads it, when it loads without errors.
pub fn campaign(project: &Project) -> Result<Campaign, Vec<Problem>> {
    let (campaign, problems) = campaign::load(&project.sources);
    let errors: Vec<Problem> = problems.into_iter().filter(Problem::is_error).collect();
    match campaign {
        Some(c) if errors.is_empty() => Ok(c),
        _ => Err(errors),
    }
}

/// The status of `lang`, when it is one of the campaign's languages other
/// than English; `at` is where a file named it.
pub fn target(campaign: &Campaign, lang: &str, at: &Location) -> Result<Status, Vec<Problem>> {
    let codes = campaign.codes().join(", ");
    if lang == "en" {
        return Err(vec![
            Problem::new(
                at.clone(),
                "English is the campaign's source language: it is not translated",
            )
            .hint(format!(
                "name the language to translate into, one of {codes}"
            )),
        ]);
    }
    match campaign.language(lang) {
        Some(l) => Ok(l.status),
        None => Err(vec![Problem::new(
            at.clone(),
            format!("`{lang}` is not one of the campaign's languages ({codes})"),
        )
        .hint(format!(
            "add `- {{code: {lang}, status: draft}}` to `languages:` in campaign.yaml first, or translate into one of {codes}"
        ))]),
    }
}

/// The campaign's code for a language a tool names: `uk` for `uk`, and
/// for `uk-UA` or `uk_UA` too when the campaign has `uk` but not the
/// region; else the name as given (and refused by [`target`]).
pub fn code_of<'a>(campaign: &'a Campaign, named: &'a str) -> &'a str {
    if campaign.language(named).is_some() {
        return named;
    }
    let primary = named.split(['-', '_']).next().unwrap_or(named);
    campaign
        .languages
        .iter()
        .find(|l| l.code == primary)
        .map_or(named, |l| l.code.as_str())
}

/// Every text as a unit in `lang`: its English, its translation and state.
/// A text XML cannot carry (a control character) is a located problem.
pub fn units(files: &[File], lang: &str, status: Status) -> Result<Vec<Unit>, Vec<Problem>> {
    let mut units = Vec::new();
    let mut problems = Vec::new();
    for file in files {
        for entry in &file.entries {
            let Some(en) = entry.value("en") else {
                continue;
            };
            let target = entry.value(lang).map(|s| s.value.clone());
            for (text, span) in std::iter::once((&en.value, &en.span))
                .chain(entry.value(lang).map(|s| (&s.value, &s.span)))
            {
                if let Some(c) = text.chars().find(|&c| is_unsafe(c)) {
                    problems.push(unsafe_char(file, span.start, c));
                }
            }
            units.push(Unit {
                id: entry.id.clone(),
                at: tree::line_of(file.path, file.text, en.span.start),
                source: en.value.clone(),
                state: match (&target, status) {
                    (None, _) => State::Initial,
                    (Some(_), Status::Draft) => State::Translated,
                    (Some(_), Status::Reviewed) => State::Final,
                },
                target,
                note: String::new(),
                max_length: None,
            });
        }
    }
    match problems.is_empty() {
        true => Ok(units),
        false => Err(problems),
    }
}

/// Characters XML 1.0 cannot carry in text, or would turn into others on
/// reading (a carriage return reads as a line break).
fn is_unsafe(c: char) -> bool {
    c.is_control() && !matches!(c, '\n' | '\t')
}

fn unsafe_char(file: &File, at: usize, c: char) -> Problem {
    Problem::new(
        tree::line_of(file.path, file.text, at),
        format!(
            "this text holds the control character U+{:04X}, which translators' files cannot carry",
            c as u32
        ),
    )
    .hint("remove it from the text (a `\\r` or other escape in a double-quoted value)")
}

/// Each returned target that differs from the file, grouped by file (its
/// index in `files`). An id handbill does not know is a problem where the
/// returned file gives it.
pub fn changes<'a>(
    files: &'a [File],
    returned: &'a Returned,
    lang: &'a str,
) -> Result<BTreeMap<usize, Vec<Change<'a>>>, Vec<Problem>> {
    let by_id: BTreeMap<&str, (usize, &Entry)> = files
        .iter()
        .enumerate()
        .flat_map(|(n, f)| f.entries.iter().map(move |e| (e.id.as_str(), (n, e))))
        .collect();
    let mut changes: BTreeMap<usize, Vec<Change>> = BTreeMap::new();
    let mut problems = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for unit in &returned.units {
        if !seen.insert(unit.id.as_str()) {
            problems.push(
                Problem::new(
                    unit.at.clone(),
                    format!("the id `{}` is given twice in this file", unit.id),
                )
                .hint("keep one unit for each id: handbill writes one translation per text"),
            );
            continue;
        }
        let Some(&(file, entry)) = by_id.get(unit.id.as_str()) else {
            problems.push(unknown(unit.at.clone(), &unit.id, &by_id));
            continue;
        };
        let Some(text) = unit.target.as_deref().filter(|t| !t.trim().is_empty()) else {
            continue;
        };
        if entry.value(lang).is_some_and(|v| v.value == text) {
            continue;
        }
        changes
            .entry(file)
            .or_default()
            .push(Change { entry, lang, text });
    }
    match problems.is_empty() {
        true => Ok(changes),
        false => Err(problems),
    }
}

/// An id the campaign has no text for, with the nearest one it has.
fn unknown(at: Location, id: &str, known: &BTreeMap<&str, (usize, &Entry)>) -> Problem {
    let nearest = known
        .keys()
        .map(|k| (strsim::levenshtein(k, id), *k))
        .min()
        .filter(|(d, _)| *d <= id.len() / 3);
    let hint = match nearest {
        Some((_, k)) => format!("did you mean `{k}`? Ids name a file, a message and a field; export the language again to see them"),
        None => "the text may have been removed or renamed since this file was exported: export the language again and carry the translations over in the tool".to_owned(),
    };
    Problem::new(at, format!("the campaign has no text with the id `{id}`")).hint(hint)
}

/// Checks that the edited file reads back with each new text where it was
/// put and every other text as it was: an edit that does not round-trip is
/// handbill's bug, and nothing is written.
pub fn verify(file: &File, edited: &str, changes: &[Change]) -> Result<(), Bug> {
    let doing = || format!("writing translations into {}", file.path.display());
    let name = file
        .entries
        .first()
        .map_or("", |e| e.id.split('/').next().unwrap_or(""));
    let after = tree::entries(file.path, name, edited).map_err(|p| Bug::new(doing(), p.what))?;
    let expected: Vec<(String, Vec<(String, String)>)> = file
        .entries
        .iter()
        .map(|e| (e.id.clone(), expected_values(e, changes)))
        .collect();
    let found: Vec<(String, Vec<(String, String)>)> =
        after.iter().map(|e| (e.id.clone(), values(e))).collect();
    match expected == found {
        true => Ok(()),
        false => Err(Bug::new(
            doing(),
            "the edited YAML does not read back as the translations given",
        )),
    }
}

/// An entry's values by language, sorted.
fn values(entry: &Entry) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = entry
        .values
        .iter()
        .map(|(k, v)| (k.value.clone(), v.value.clone()))
        .collect();
    v.sort();
    v
}

/// An entry's values once the changes to it are made.
fn expected_values(entry: &Entry, changes: &[Change]) -> Vec<(String, String)> {
    let mut v: BTreeMap<String, String> = values(entry).into_iter().collect();
    for c in changes.iter().filter(|c| std::ptr::eq(c.entry, entry)) {
        v.insert(c.lang.to_owned(), c.text.to_owned());
    }
    v.into_iter().collect()
}
