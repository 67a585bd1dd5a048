//! The campaign's own formats and kinds, as written in `campaign.yaml` — a
//! `formats:` entry that is a map, and the `kinds:` list — checked into the
//! same [`Format`] and [`Kind`] values as the built-in tables, so nothing
//! after loading can tell a defined one from a built-in one.
//!
//! A defined kind is expressed in the built-in kinds' terms: each field
//! fills one slot by a [`Make`] recipe, its alt text and key line are the
//! slots' texts as sentences, in the order the fields are written (no link
//! in either, as alt text carries no web address; no source line in the
//! key line).

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use std::sync::Mutex;

use serde::Deserialize;
use serde::de::value::MapAccessDeserializer;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_saphyr::Spanned;

use super::load::is_name_safe;
use crate::format::{FACTSHEET, Format, Medium, Safe};
use crate::intern::{self, Pool};
use crate::kind::{self, Field, FieldType, KINDS, Kind, Make, Need, Piece, Slot};
use crate::problem::{Location, Problem};
use crate::yaml::location as loc;

/// An entry of `formats:`: a built-in format's name, or a definition.
pub(super) enum RawFormatEntry {
    Name(String),
    Defined(Box<RawFormat>),
}

impl<'de> Deserialize<'de> for RawFormatEntry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct EntryVisitor;
        impl<'de> Visitor<'de> for EntryVisitor {
            type Value = RawFormatEntry;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "a format's name, or a map defining a format (name, width, height, platforms)",
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawFormatEntry, E> {
                Ok(RawFormatEntry::Name(v.to_owned()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawFormatEntry, A::Error> {
                let def = RawFormat::deserialize(MapAccessDeserializer::new(map))?;
                Ok(RawFormatEntry::Defined(Box::new(def)))
            }
        }
        d.deserialize_any(EntryVisitor)
    }
}

/// A format as a campaign defines it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFormat {
    name: Spanned<String>,
    width: Spanned<u32>,
    height: Spanned<u32>,
    platforms: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    safe: Option<Spanned<RawSafe>>,
    #[serde(default)]
    budget: Option<Spanned<u64>>,
}

/// Safe zones as written: pixels at each side, each 0 when left out.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSafe {
    #[serde(default)]
    top: u32,
    #[serde(default)]
    right: u32,
    #[serde(default)]
    bottom: u32,
    #[serde(default)]
    left: u32,
}

/// A kind as a campaign defines it: its name and its fields, in order.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawKind {
    name: Spanned<String>,
    fields: Spanned<Vec<RawField>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawField {
    name: Spanned<String>,
    #[serde(rename = "type")]
    ty: Spanned<String>,
    #[serde(default = "required_by_default")]
    required: bool,
    /// The slot it fills; the field's own name when left out.
    #[serde(default)]
    slot: Option<Spanned<String>>,
}

fn required_by_default() -> bool {
    true
}

/// The smallest and largest side of a defined canvas, in px: below, no
/// legible text fits; above, one card's pixels take hundreds of megabytes.
const SIDES: std::ops::RangeInclusive<u32> = 100..=4096;

/// The field types a defined kind may use.
const TYPES: &[&str] = &["text", "number", "date", "link", "source"];

/// The names every message has, which no defined field may take.
const COMMON: &[&str] = &[
    "id", "kind", "caption", "alt", "hashtags", "source", "photo",
];

/// The formats `formats:` lists, built-in or defined, each once.
pub(super) fn check_formats(
    file: &Path,
    raw: &[Spanned<RawFormatEntry>],
    problems: &mut Vec<Problem>,
) -> Vec<&'static Format> {
    let mut formats: Vec<&'static Format> = Vec::new();
    for entry in raw {
        let at = loc(file, &entry.referenced);
        let found = match &entry.value {
            RawFormatEntry::Name(name) => builtin_format(at.clone(), name, problems),
            RawFormatEntry::Defined(def) => define_format(file, def, problems),
        };
        match found {
            Some(f) if formats.iter().any(|x| x.name == f.name) => problems.push(
                Problem::new(at, format!("format {} is listed twice", f.name))
                    .hint("list each format once"),
            ),
            Some(f) => formats.push(f),
            None => {}
        }
    }
    formats
}

fn builtin_format(
    at: Location,
    name: &str,
    problems: &mut Vec<Problem>,
) -> Option<&'static Format> {
    let found = Format::named(name);
    if found.is_none() {
        problems.push(
            Problem::new(at, format!("unknown format {name:?}")).hint(format!(
                "handbill knows these formats: {}; or define one here with name, width, height and platforms (README.md, Formats)",
                Format::names()
            )),
        );
    }
    found
}

/// A defined format, checked and kept for the life of the process.
/// Why a format may not have this name: a built-in format's, or a report
/// style's (`--format json` asks for a JSON report).
fn taken(name: &str) -> Option<(String, &'static str)> {
    if Format::named(name).is_some() || name == "kit" || name == FACTSHEET.name {
        return Some((
            format!("format {name} is already handbill's own"),
            "give your format another name, or list the built-in one by its name alone",
        ));
    }
    ["json", "github", "human"].contains(&name).then(|| {
        (
            format!("format name {name:?} is the name of a report style (`--format {name}`)"),
            "give your format another name, e.g. the platform's: bluesky",
        )
    })
}

fn define_format(
    file: &Path,
    def: &RawFormat,
    problems: &mut Vec<Problem>,
) -> Option<&'static Format> {
    let before = problems.len();
    let name = &def.name.value;
    let mut problem = |at: &serde_saphyr::Location, what: String, hint: &str| {
        problems.push(Problem::new(loc(file, at), what).hint(hint));
    };
    if !is_name_safe(name) {
        problem(
            &def.name.referenced,
            format!("format name {name:?} is not a file-name-safe name"),
            "use lowercase ASCII letters, digits and hyphens, e.g. bluesky",
        );
    } else if let Some((what, hint)) = taken(name) {
        problem(&def.name.referenced, what, hint);
    }
    for side in [&def.width, &def.height] {
        if !SIDES.contains(&side.value) {
            problem(
                &side.referenced,
                format!(
                    "a side of {} px is outside {}–{} px",
                    side.value,
                    SIDES.start(),
                    SIDES.end()
                ),
                "give the canvas's size in px, e.g. width: 1080",
            );
        }
    }
    if def.platforms.value.is_empty() {
        problem(
            &def.platforms.referenced,
            "a format needs the platforms it is for".into(),
            "list them, e.g. platforms: [bluesky]",
        );
    }
    for p in &def.platforms.value {
        if !is_name_safe(&p.value) {
            problem(
                &p.referenced,
                format!("platform {:?} is not a plain name", p.value),
                "use lowercase ASCII letters, digits and hyphens, e.g. bluesky",
            );
        }
    }
    let safe = def.safe.as_ref().map(|s| (&s.value, &s.referenced));
    if let Some((s, at)) = safe
        && (s.top.saturating_add(s.bottom) >= def.height.value
            || s.left.saturating_add(s.right) >= def.width.value)
    {
        problem(
            at,
            "the safe zones leave no room for text".into(),
            "make the safe zones smaller than the canvas",
        );
    }
    if let Some(b) = &def.budget
        && b.value == 0
    {
        problem(
            &b.referenced,
            "a budget of 0 bytes fits no card".into(),
            "give the platform's file limit in bytes, e.g. budget: 1000000",
        );
    }
    (!problems[before..].iter().any(Problem::is_error)).then(|| keep_format(def))
}

/// The checked definition as a [`Format`], made once per distinct one.
fn keep_format(def: &RawFormat) -> &'static Format {
    static DEFINED: Pool<Format> = Mutex::new(BTreeMap::new());
    let platforms: Vec<&str> = def
        .platforms
        .value
        .iter()
        .map(|p| p.value.as_str())
        .collect();
    let safe = def.safe.as_ref().map(|s| &s.value);
    let safe = safe.map_or(Safe::default(), |s| Safe {
        top: s.top,
        right: s.right,
        bottom: s.bottom,
        left: s.left,
    });
    let budget = def.budget.as_ref().map(|b| b.value);
    let (name, width, height) = (&def.name.value, def.width.value, def.height.value);
    let key = format!("{name} {width} {height} {platforms:?} {safe:?} {budget:?}");
    intern::once(&DEFINED, key, || Format {
        name: intern::text(name),
        width,
        height,
        safe,
        platforms: intern::list(platforms.iter().map(|p| intern::text(p)).collect()),
        medium: Medium::Screen,
        budget,
    })
}

/// Every kind a campaign's messages may use: the built-in ones, then its
/// own, each checked; and the names of those defined with a mistake, so
/// their messages are not told the kind is unknown as well.
pub(super) fn check_kinds(
    file: &Path,
    raw: &[RawKind],
    problems: &mut Vec<Problem>,
) -> (Vec<&'static Kind>, Vec<String>) {
    let mut kinds: Vec<&'static Kind> = KINDS.iter().collect();
    let mut broken = Vec::new();
    for def in raw {
        let name = &def.name.value;
        let at = loc(file, &def.name.referenced);
        if kinds.iter().any(|k| k.name == name) {
            let what = match kind::Kind::named(name) {
                Some(_) => format!("kind {name} is already handbill's own"),
                None => format!("kind {name} is defined twice"),
            };
            problems.push(Problem::new(at, what).hint("give the kind another name"));
            continue;
        }
        match define_kind(file, def, problems) {
            Some(kind) => kinds.push(kind),
            None => broken.push(name.clone()),
        }
    }
    (kinds, broken)
}

/// A defined kind, checked and kept for the life of the process.
fn define_kind(file: &Path, def: &RawKind, problems: &mut Vec<Problem>) -> Option<&'static Kind> {
    let before = problems.len();
    let name = &def.name.value;
    if !is_name_safe(name) || name == "factsheet" {
        problems.push(
            Problem::new(loc(file, &def.name.referenced), format!("kind name {name:?} is not a name a template can have"))
                .hint("use lowercase ASCII letters, digits and hyphens, e.g. event; its templates are templates/<format>/<kind>.svg"),
        );
    }
    if def.fields.value.is_empty() {
        problems.push(
            Problem::new(
                loc(file, &def.fields.referenced),
                format!("kind {name} has no fields"),
            )
            .hint("list its fields, e.g. - {name: title, type: text}"),
        );
    }
    let mut seen: Vec<(&str, &str)> = Vec::new();
    for field in &def.fields.value {
        check_field(file, field, &mut seen, problems);
    }
    (!problems[before..].iter().any(Problem::is_error)).then(|| keep_kind(def))
}

/// One field: a name no other field or common field has, a known type, a
/// slot no other field fills.
fn check_field<'a>(
    file: &Path,
    f: &'a RawField,
    seen: &mut Vec<(&'a str, &'a str)>,
    problems: &mut Vec<Problem>,
) {
    let (name, ty) = (f.name.value.as_str(), f.ty.value.as_str());
    let slot = f.slot.as_ref().map_or(name, |s| s.value.as_str());
    let slot_at = f
        .slot
        .as_ref()
        .map_or(&f.name.referenced, |s| &s.referenced);
    let mut problem = |at: &serde_saphyr::Location, what: String, hint: String| {
        problems.push(Problem::new(loc(file, at), what).hint(hint));
    };
    if !TYPES.contains(&ty) {
        problem(
            &f.ty.referenced,
            format!("unknown field type {ty:?}"),
            format!("use one of: {}", TYPES.join(", ")),
        );
    } else if (ty == "source") != (name == "source") {
        problem(
            &f.name.referenced,
            "a field of type source is the message's `source:`, named source".into(),
            "write - {name: source, type: source}".into(),
        );
    }
    if !is_name_safe(name) || (COMMON.contains(&name) && ty != "source") {
        problem(
            &f.name.referenced,
            format!("a kind's field cannot be called {name:?}"),
            format!(
                "use another lowercase name: every message already has {}",
                COMMON.join(", ")
            ),
        );
    } else if seen.iter().any(|(n, _)| *n == name) {
        problem(
            &f.name.referenced,
            format!("field {name} is listed twice"),
            "list each field once".into(),
        );
    }
    if !is_name_safe(slot) || slot == kind::KICKER {
        problem(
            slot_at,
            format!("{slot:?} cannot be a slot's id"),
            "use lowercase ASCII letters, digits and hyphens; `kicker` is the audience's".into(),
        );
    } else if seen.iter().any(|(_, s)| *s == slot) {
        problem(
            slot_at,
            format!("two fields fill slot {slot}"),
            "give each field its own slot".into(),
        );
    }
    seen.push((name, slot));
}

/// The checked definition as a [`Kind`], made once per distinct one.
fn keep_kind(def: &RawKind) -> &'static Kind {
    static DEFINED: Pool<Kind> = Mutex::new(BTreeMap::new());
    let fields: Vec<(&str, &str, bool, &str)> = def
        .fields
        .value
        .iter()
        .map(|f| {
            let slot = f.slot.as_ref().map_or(&f.name.value, |s| &s.value);
            (
                f.name.value.as_str(),
                f.ty.value.as_str(),
                f.required,
                slot.as_str(),
            )
        })
        .collect();
    let key = format!("{} {fields:?}", def.name.value);
    intern::once(&DEFINED, key, || {
        let slots: Vec<Slot> = fields.iter().map(|&f| slot_of(f)).collect();
        // Alt text carries no web address; the key line no source either.
        let pieces = |leave_out: &[&str]| {
            let kept = slots
                .iter()
                .zip(&fields)
                .filter(|(_, f)| !leave_out.contains(&f.1));
            intern::list(kept.map(|(s, _)| Piece::Sentence(s.id)).collect())
        };
        Kind {
            name: intern::text(&def.name.value),
            fields: intern::list(
                fields
                    .iter()
                    .filter(|f| f.1 != "source")
                    .map(|&f| field_of(f))
                    .collect(),
            ),
            alt: pieces(&["link"]),
            key_line: pieces(&["link", "source"]),
            slots: intern::list(slots),
            source_required: fields.iter().any(|f| f.1 == "source" && f.2),
        }
    })
}

/// A defined field as a message field of the kind.
fn field_of((name, ty, required, _): (&str, &str, bool, &str)) -> Field {
    let (ty, doc) = match ty {
        "number" => (FieldType::Number, "a number, written for each language"),
        "date" => (
            FieldType::Date,
            "a date, 2027-03-12, written for each language",
        ),
        "link" => (FieldType::Link, "a web address, https://…"),
        _ => (FieldType::Text, "a text"),
    };
    let need = if required {
        Need::Required
    } else {
        Need::Optional
    };
    Field {
        name: intern::text(name),
        ty,
        need,
        doc,
    }
}

/// A defined field's slot and the recipe that fills it.
fn slot_of((name, ty, required, slot): (&str, &str, bool, &str)) -> Slot {
    let name = intern::text(name);
    let make = match ty {
        "number" => Make::Number(name),
        "date" => Make::Date(name),
        "link" => Make::Link(name),
        "source" => Make::SourceLine,
        _ => Make::Text(name),
    };
    Slot {
        id: intern::text(slot),
        make,
        required,
        droppable: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(yaml: &str) -> (Vec<&'static Kind>, Vec<Problem>) {
        let raw: Vec<RawKind> = serde_saphyr::from_str(yaml).expect("yaml");
        let mut problems = Vec::new();
        (
            check_kinds(Path::new("campaign.yaml"), &raw, &mut problems).0,
            problems,
        )
    }

    const EVENT: &str = "- name: event\n  fields:\n  - {name: title, type: text}\n  - {name: date, type: date}\n  - {name: link, type: link, required: false, slot: web}\n  - {name: source, type: source}\n";

    #[test]
    fn a_defined_kind_is_a_kind_in_the_built_in_terms() {
        let (kinds, problems) = kind(EVENT);
        assert!(problems.is_empty(), "{problems:?}");
        let event = kinds.last().expect("defined");
        assert_eq!(kinds.len(), KINDS.len() + 1);
        assert_eq!(event.name, "event");
        assert_eq!(event.field("date").map(|f| &f.ty), Some(&FieldType::Date));
        assert_eq!(event.field("link").map(|f| &f.need), Some(&Need::Optional));
        assert!(
            event.field("source").is_none(),
            "source is every message's own"
        );
        let (required, optional) = event.template_slots();
        assert_eq!(required, ["title", "date", "source"]);
        assert_eq!(optional, ["web", "kicker"]);
        assert!(event.source_required);
        assert!(
            std::ptr::eq(*event, kind(EVENT).0[KINDS.len()]),
            "made once"
        );
    }

    #[test]
    fn each_mistake_in_a_definition_is_located() {
        let (_, problems) = kind(
            "- name: statement\n  fields: [{name: a, type: text}]\n- name: x\n  fields:\n  - {name: caption, type: text}\n  - {name: when, type: time}\n  - {name: b, type: text, slot: kicker}\n  - {name: c, type: text, slot: when}\n",
        );
        let said: Vec<(u32, &str)> = problems
            .iter()
            .map(|p| (p.location.line, p.what.as_str()))
            .collect();
        assert_eq!(said.len(), 5, "{said:?}");
        assert!(said[0].1.contains("already handbill's own"), "{said:?}");
        assert!(
            said.iter()
                .any(|(l, m)| *l == 5 && m.contains("cannot be called \"caption\"")),
            "{said:?}"
        );
        assert!(
            said.iter()
                .any(|(l, m)| *l == 6 && m.contains("unknown field type \"time\"")),
            "{said:?}"
        );
        assert!(
            said.iter()
                .any(|(l, m)| *l == 7 && m.contains("\"kicker\" cannot be a slot")),
            "{said:?}"
        );
        assert!(
            said.iter()
                .any(|(l, m)| *l == 8 && m.contains("two fields fill slot when")),
            "{said:?}"
        );
    }

    #[test]
    fn a_defined_format_keeps_its_safe_zones_and_budget() {
        let raw: Vec<Spanned<RawFormatEntry>> = serde_saphyr::from_str(
            "- x\n- {name: bluesky, width: 2000, height: 2000, platforms: [bluesky], safe: {left: 40}, budget: 1000000}\n- {name: x, width: 50, height: 100000, platforms: []}\n",
        )
        .expect("yaml");
        let mut problems = Vec::new();
        let formats = check_formats(Path::new("campaign.yaml"), &raw, &mut problems);
        assert_eq!(formats.len(), 2);
        assert_eq!(formats[1].safe.left, 40);
        assert_eq!(formats[1].budget, Some(1_000_000));
        assert_eq!(formats[1].min_text_px(), (33.0f32 * 2000.0 / 1080.0).ceil());
        let said: Vec<&str> = problems.iter().map(|p| p.what.as_str()).collect();
        assert_eq!(said.len(), 4, "{said:?}");
        assert!(said[0].contains("already handbill's own"), "{said:?}");
    }
}
