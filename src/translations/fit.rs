//! Where each text appears and how long it may be, found by the build's own
//! stages, and the overflow check of an import.
//!
//! Where: every English value is replaced by a marker (a private-use
//! character around its number), the campaign is loaded and its English
//! cards planned; a marker found in a card's slot, caption or alt text says
//! the text is there. How long: on each card and slot a text appears in
//! (per format, kind and slot, the card whose slot holds the most already),
//! the fitter sets a text made from the source's own words, repeated and cut
//! at a word, of a length found by binary search; the longest that fits on
//! every one of them is the limit, in characters. It is measured with the
//! English words on English cards: a script with wider letters fits fewer,
//! which the import's check (the build's, on the real translation) catches.
//!
//! Pure: it must not read or write files, and it measures nothing by hand.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use rayon::prelude::*;

use super::Unit;
use super::collect;
use super::edit::{self, Change};
use crate::build::{self, Prepared};
use crate::campaign;
use crate::card::{self, Card, Filter};
use crate::compose::{self, Assets};
use crate::error::Bug;
use crate::problem::{Problem, code};
use crate::project::Project;

/// The longest limit searched for: no slot holds more than this.
const MAX_SEARCH: usize = 1500;

/// A text's marker: private-use characters no campaign writes, around its
/// number.
fn marker(n: usize) -> String {
    format!("\u{E000}{n}\u{E001}")
}

/// One place a text is set: a card (by its index in the plan) and a slot.
#[derive(Clone, Debug)]
struct Use {
    card: usize,
    slot: &'static str,
}

/// Sets each unit's note and length limit.
pub fn annotate(project: &Project, units: &mut [Unit]) -> Result<(), Bug> {
    let (Some(prepared), _) = build::prepare(project) else {
        return Ok(());
    };
    let marked = marked(project)?;
    let (Some(with_markers), _) = campaign::load(&marked.sources) else {
        return Err(Bug::new(
            "finding where each text appears",
            "the campaign with markers does not load",
        ));
    };
    let filter = Filter {
        languages: vec!["en".to_owned()],
        ..Filter::default()
    };
    let (cards, _) = card::plan(&prepared.campaign, &filter);
    let (marked_cards, _) = card::plan(&with_markers, &filter);
    if cards.len() != marked_cards.len() {
        return Ok(());
    }
    let found = find(&marked_cards, units.len());
    let sources: Vec<String> = units.iter().map(|u| u.source.clone()).collect();
    let limits: Vec<Option<usize>> = (0..units.len())
        .into_par_iter()
        .map(|n| {
            let uses = tightest(&found.slots[n], &cards);
            let set = Setter {
                prepared: &prepared,
                cards: &cards,
                marked: &marked_cards,
                sources: &sources,
            };
            (!uses.is_empty()).then(|| set.longest(n, &uses))
        })
        .collect();
    for (n, unit) in units.iter_mut().enumerate() {
        unit.note = note(&found, n, &cards, unit);
        unit.max_length = limits[n];
    }
    Ok(())
}

/// The project with every English value replaced by its unit's marker, in
/// the order `collect::units` numbers them.
fn marked(project: &Project) -> Result<Project, Bug> {
    let files = collect::files(project).map_err(|p| {
        Bug::new(
            "marking texts",
            p.first().map_or(String::new(), |p| p.what.clone()),
        )
    })?;
    let mut out = project.clone();
    let mut n = 0;
    let mut texts = Vec::new();
    for file in &files {
        let markers: Vec<String> = file
            .entries
            .iter()
            .map(|_| {
                n += 1;
                marker(n - 1)
            })
            .collect();
        let changes: Vec<Change> = file
            .entries
            .iter()
            .zip(&markers)
            .map(|(entry, m)| Change {
                entry,
                lang: "en",
                text: m,
            })
            .collect();
        texts.push((file.path.to_owned(), edit::apply(file.text, &changes)));
    }
    replace_sources(&mut out, &texts);
    Ok(out)
}

/// A project whose files in `texts` read as given.
fn replace_sources(project: &mut Project, texts: &[(PathBuf, String)]) {
    let sources = std::iter::once(&mut project.sources.campaign)
        .chain(project.sources.messages.iter_mut())
        .chain(project.kit.iter_mut());
    for (path, text) in sources {
        if let Some((_, new)) = texts.iter().find(|(p, _)| p == path) {
            *text = new.clone();
        }
    }
}

/// Where each unit's marker was found.
struct Found {
    slots: Vec<Vec<Use>>,
    caption: BTreeSet<usize>,
    alt: BTreeSet<usize>,
}

fn find(cards: &[Card], units: usize) -> Found {
    let mut found = Found {
        slots: vec![Vec::new(); units],
        caption: BTreeSet::new(),
        alt: BTreeSet::new(),
    };
    for (c, card) in cards.iter().enumerate() {
        for (slot, text) in &card.slots {
            for n in markers_in(text).filter(|&n| n < units) {
                found.slots[n].push(Use { card: c, slot });
            }
        }
        found.caption.extend(markers_in(&card.caption));
        found.alt.extend(markers_in(&card.alt));
    }
    found
}

/// The numbers of the markers in a text.
fn markers_in(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.split('\u{E000}')
        .skip(1)
        .filter_map(|s| s.split('\u{E001}').next()?.parse().ok())
}

/// Per format, kind and slot, the use whose slot already holds the most.
fn tightest(uses: &[Use], cards: &[Card]) -> Vec<Use> {
    let mut best: BTreeMap<(&str, &str, &str), &Use> = BTreeMap::new();
    for u in uses {
        let card = &cards[u.card];
        let len = |u: &Use| {
            cards[u.card]
                .slots
                .get(u.slot)
                .map_or(0, |t| t.chars().count())
        };
        let key = (card.format.name, card.kind.name, u.slot);
        if best.get(&key).is_none_or(|b| len(u) > len(b)) {
            best.insert(key, u);
        }
    }
    best.into_values().cloned().collect()
}

/// What a translator reads about where a text appears.
fn note(found: &Found, n: usize, cards: &[Card], unit: &Unit) -> String {
    let mut on: BTreeMap<(&str, &str), BTreeSet<&str>> = BTreeMap::new();
    for u in &found.slots[n] {
        let card = &cards[u.card];
        on.entry((card.kind.name, u.slot))
            .or_default()
            .insert(card.format.name);
    }
    let mut parts: Vec<String> = on
        .iter()
        .map(|((kind, slot), formats)| {
            let formats: Vec<&str> = formats.iter().copied().collect();
            format!("{kind} cards, {slot} slot ({})", formats.join(", "))
        })
        .collect();
    if found.caption.contains(&n) {
        parts.push("post captions".to_owned());
    }
    if found.alt.contains(&n) {
        parts.push("alt text".to_owned());
    }
    if parts.is_empty() && unit.id.starts_with("kit.yaml/") {
        parts.push("the press kit (pages, FAQ, factsheet)".to_owned());
    }
    match parts.is_empty() {
        true => "Not on the English cards.".to_owned(),
        false => format!("Appears in: {}.", parts.join("; ")),
    }
}

/// Sets trial texts on the cards a unit appears on.
struct Setter<'a> {
    prepared: &'a Prepared,
    cards: &'a [Card],
    marked: &'a [Card],
    sources: &'a [String],
}

impl Setter<'_> {
    /// The longest text made of unit `n`'s words that fits every use.
    fn longest(&self, n: usize, uses: &[Use]) -> usize {
        let words: Vec<&str> = self.sources[n].split_whitespace().collect();
        let (mut lo, mut hi) = (0, MAX_SEARCH.min(self.sources[n].chars().count() * 4 + 80));
        if self.fits(n, uses, &trial(&words, hi)) {
            return trial(&words, hi).chars().count();
        }
        // lo fits, hi does not.
        while hi - lo > 1 {
            let mid = (lo + hi) / 2;
            match self.fits(n, uses, &trial(&words, mid)) {
                true => lo = mid,
                false => hi = mid,
            }
        }
        trial(&words, lo).chars().count()
    }

    /// Whether `text` in place of unit `n` fits each use's slot.
    fn fits(&self, n: usize, uses: &[Use], text: &str) -> bool {
        uses.iter().all(|u| self.fits_one(n, u, text))
    }

    fn fits_one(&self, n: usize, u: &Use, text: &str) -> bool {
        let card = &self.cards[u.card];
        let Some(template) = self.prepared.template_of(card) else {
            return true;
        };
        let Some(marked) = self.marked[u.card].slots.get(u.slot) else {
            return true;
        };
        let mut slots = card.slots.clone();
        slots.insert(u.slot, self.unmark(marked, n, text));
        let fill = compose::Fill {
            texts: &slots,
            ..card.fill()
        };
        let assets = Assets {
            fonts: &self.prepared.fonts,
            colours: &self.prepared.campaign.colours,
            logo: self.prepared.logo.as_deref(),
            words: &self.prepared.campaign.words,
        };
        match compose::compose(template, &fill, &assets) {
            Ok(_) => true,
            Err(problems) => !problems
                .iter()
                .any(|p| p.context.slot.as_deref() == Some(u.slot)),
        }
    }

    /// A slot's text with unit `n`'s marker replaced by `text` and every
    /// other marker by its English.
    fn unmark(&self, marked: &str, n: usize, text: &str) -> String {
        let mut out = String::new();
        for (i, piece) in marked.split('\u{E000}').enumerate() {
            if i == 0 {
                out.push_str(piece);
                continue;
            }
            let (num, rest) = piece.split_once('\u{E001}').unwrap_or(("", piece));
            match num.parse::<usize>() {
                Ok(m) if m == n => out.push_str(text),
                Ok(m) => out.push_str(self.sources.get(m).map_or("", String::as_str)),
                Err(_) => {}
            }
            out.push_str(rest);
        }
        out
    }
}

/// A text of at most `len` characters made of `words` repeated, cut at a
/// word.
fn trial(words: &[&str], len: usize) -> String {
    let mut out = String::new();
    for w in words.iter().cycle().take(len + 1) {
        let add = usize::from(!out.is_empty()) + w.chars().count();
        if out.chars().count() + add > len {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// The build's overflow check on the cards of `lang` with the edited files:
/// each text that no longer fits, located where the import wrote it.
pub fn overflows(
    project: &Project,
    edited: &[(PathBuf, String)],
    lang: &str,
) -> Result<Vec<Problem>, Bug> {
    if edited.is_empty() {
        return Ok(Vec::new());
    }
    let mut project = project.clone();
    replace_sources(&mut project, edited);
    let (prepared, problems) = build::prepare(&project);
    let Some(prepared) = prepared else {
        return Ok(problems.into_iter().filter(Problem::is_error).collect());
    };
    let filter = Filter {
        languages: vec![lang.to_owned()],
        ..Filter::default()
    };
    let (cards, _) = card::plan(&prepared.campaign, &filter);
    let composed = match build::compose_all(&prepared, cards.clone()) {
        Ok(c) => c,
        Err(build::Failure::Bug(b)) => return Err(b),
        Err(build::Failure::Problems(p)) => return Ok(p),
    };
    let files = collect::files(&project).map_err(|_| {
        Bug::new(
            "checking the imported texts",
            "the edited files do not read back",
        )
    })?;
    let at: BTreeMap<(PathBuf, u32), String> = files
        .iter()
        .flat_map(|f| {
            f.entries.iter().filter_map(move |e| {
                let v = e.value(lang)?;
                let loc = super::tree::line_of(f.path, f.text, v.span.start);
                Some(((loc.file, loc.line), e.id.clone()))
            })
        })
        .collect();
    let mut found: Vec<Problem> = composed
        .problems
        .into_iter()
        .filter(|p| p.code == code::TEXT_OVERFLOW || p.is_error())
        .filter_map(|p| {
            let id = at.get(&(p.location.file.clone(), p.location.line))?;
            Some(located(p, id, &prepared, &cards))
        })
        .collect();
    // A text on several messages' cards (an audience's name) overflows the
    // same way on each: said once.
    let mut seen = BTreeSet::new();
    found.retain(|p| seen.insert((p.location.clone(), p.what.clone(), p.notes.clone())));
    Ok(found)
}

/// A build problem about an imported text, said with the unit's id and the
/// template it overflows.
fn located(p: Problem, id: &str, prepared: &Prepared, cards: &[Card]) -> Problem {
    let template = cards
        .iter()
        .find(|c| {
            Some(&c.message) == p.context.message.as_ref()
                && Some(c.format.name) == p.context.format.as_deref()
        })
        .and_then(|c| prepared.template_of(c))
        .map(|t| t.path.display().to_string());
    let what = format!("`{id}`: {}", p.what);
    let mut out = Problem { what, ..p };
    if let Some(t) = template {
        out = out.note(format!("template: {t}"));
    }
    out
}
