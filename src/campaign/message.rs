//! Reading one message: its fields as written (`RawMessage`), then checked
//! against its kind's definition in [`crate::kind`] into a [`Message`].
//!
//! A message's own fields are read generically — a name and a located
//! value — so the kind table alone says which fields exist, what they hold
//! and which are required. Nothing here knows a kind by name.

use std::fmt;
use std::path::Path;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use super::translations::{self, Langs};
use super::{FieldValue, Fields, Message, Source, Text, read_translations};
use crate::kind::{Field, FieldType, Kind, Need};
use crate::problem::{Location, Problem, code};
use crate::yaml::location as loc;

/// A message as written in its file.
pub(super) struct RawMessage {
    pub id: Spanned<String>,
    kind: Spanned<String>,
    caption: Spanned<Text>,
    alt: Option<Spanned<Text>>,
    hashtags: Vec<Spanned<String>>,
    source: Option<Spanned<Source>>,
    photo: Option<Spanned<super::photo::RawPhoto>>,
    /// The kind's own fields, in the order written.
    fields: RawFields,
}

/// Fields by name, each value with its place in the file.
#[derive(Default)]
struct RawFields(Vec<(Spanned<String>, Spanned<RawValue>)>);

/// A field's value before its kind says what it should be.
enum RawValue {
    Text(Text),
    /// A number, and how a text field would read it.
    Number(f64, String),
    /// A list: slides when each item is a map of fields (`None` marks an
    /// item that is not), or a list where a text was meant.
    Slides(Vec<Option<RawFields>>),
}

/// An item of a list: a map of fields, or anything else (read and set
/// aside, so the field's check can say what it should be).
struct RawItem(Option<RawFields>);

impl<'de> Deserialize<'de> for RawItem {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ItemVisitor;
        impl<'de> Visitor<'de> for ItemVisitor {
            type Value = RawItem;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list item")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawItem, A::Error> {
                let mut out = Vec::new();
                while let Some(key) = map.next_key::<Spanned<String>>()? {
                    out.push((key, map.next_value()?));
                }
                Ok(RawItem(Some(RawFields(out))))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawItem, A::Error> {
                while seq.next_element::<de::IgnoredAny>()?.is_some() {}
                Ok(RawItem(None))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<RawItem, E> {
                Ok(RawItem(None))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<RawItem, E> {
                Ok(RawItem(None))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<RawItem, E> {
                Ok(RawItem(None))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<RawItem, E> {
                Ok(RawItem(None))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<RawItem, E> {
                Ok(RawItem(None))
            }
            fn visit_unit<E: de::Error>(self) -> Result<RawItem, E> {
                Ok(RawItem(None))
            }
        }
        d.deserialize_any(ItemVisitor)
    }
}

impl<'de> Deserialize<'de> for RawMessage {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(MessageVisitor)
    }
}

struct MessageVisitor;

impl<'de> Visitor<'de> for MessageVisitor {
    type Value = RawMessage;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a message: a map with id, kind, caption and the kind's fields")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawMessage, A::Error> {
        let (mut id, mut kind, mut caption, mut alt, mut hashtags, mut source) =
            (None, None, None, None, None, None);
        let mut photo = None;
        let mut fields = RawFields::default();
        while let Some(key) = map.next_key::<Spanned<String>>()? {
            match key.value.as_str() {
                "id" => id = Some(map.next_value()?),
                "kind" => kind = Some(map.next_value()?),
                "caption" => caption = Some(map.next_value()?),
                "alt" => alt = Some(map.next_value()?),
                "hashtags" => hashtags = Some(map.next_value()?),
                "source" => source = Some(map.next_value()?),
                "photo" => photo = Some(map.next_value()?),
                _ => fields.0.push((key, map.next_value()?)),
            }
        }
        Ok(RawMessage {
            id: id.ok_or_else(|| de::Error::missing_field("id"))?,
            kind: kind.ok_or_else(|| de::Error::missing_field("kind"))?,
            caption: caption.ok_or_else(|| de::Error::missing_field("caption"))?,
            alt,
            hashtags: hashtags.unwrap_or_default(),
            source,
            photo,
            fields,
        })
    }
}

impl<'de> Deserialize<'de> for RawFields {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct FieldsVisitor;
        impl<'de> Visitor<'de> for FieldsVisitor {
            type Value = RawFields;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map of fields")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawFields, A::Error> {
                let mut out = Vec::new();
                while let Some(key) = map.next_key::<Spanned<String>>()? {
                    out.push((key, map.next_value()?));
                }
                Ok(RawFields(out))
            }
        }
        d.deserialize_map(FieldsVisitor)
    }
}

impl<'de> Deserialize<'de> for RawValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ValueVisitor;
        impl<'de> Visitor<'de> for ValueVisitor {
            type Value = RawValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a text, a number, a map from language code to text, or a list")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawValue, E> {
                Ok(RawValue::Text(Text::Neutral(v.to_owned())))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawValue, E> {
                Ok(RawValue::Number(v as f64, v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawValue, E> {
                Ok(RawValue::Number(v as f64, v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawValue, E> {
                Ok(RawValue::Number(v, v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawValue, A::Error> {
                Ok(RawValue::Text(Text::Translated(read_translations(map)?)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawValue, A::Error> {
                let mut slides = Vec::new();
                while let Some(RawItem(s)) = seq.next_element()? {
                    slides.push(s);
                }
                Ok(RawValue::Slides(slides))
            }
        }
        d.deserialize_any(ValueVisitor)
    }
}

/// What checking one message needs to know.
pub(super) struct Checking<'a> {
    pub file: &'a Path,
    pub audience: &'a str,
    /// The languages its texts must and may have.
    pub langs: &'a Langs<'a>,
    /// The kinds it may be: the built-in ones and the campaign's own.
    pub kinds: &'a [&'static Kind],
    /// Kinds defined with a mistake, already said.
    pub broken_kinds: &'a [String],
}

impl Checking<'_> {
    /// A problem about message `id`, at `at`.
    fn problem(&self, at: Location, id: &str, what: String, hint: String) -> Problem {
        Problem::new(at, what).message(id).hint(hint)
    }
}

/// Checks one message against its kind. Returns it when it has no problem.
pub(super) fn check(cx: &Checking, m: RawMessage, problems: &mut Vec<Problem>) -> Option<Message> {
    let before = problems.len();
    let id = m.id.value.clone();
    let here = loc(cx.file, &m.id.referenced);
    // The id names files, so it must be safe in a path.
    check_id(cx, &id, &here, problems);
    // The kind says which fields exist.
    let kind = find_kind(cx, &id, &m.kind, problems);
    // Each field as its kind defines it.
    let fields = kind.map(|k| {
        let at = Where {
            cx,
            id: &id,
            here: &here,
            kind: k.name,
        };
        check_fields(&at, k.fields, &m.fields, "", problems)
    });
    // What every message has: caption, alt text, hashtags, source.
    let caption = m.caption.value.clone();
    check_text(cx, &id, &m.caption, "caption", problems);
    if let Some(alt) = &m.alt {
        check_text(cx, &id, alt, "alt", problems);
    }
    super::check_hashtags(cx.file, &m.hashtags, problems);
    let source = m
        .source
        .as_ref()
        .map(|s| check_source(cx, &id, s, problems));
    let photo = m
        .photo
        .as_ref()
        .map(|p| super::photo::check(cx, &id, p, problems));
    if let Some(k) = kind
        && k.source_required
        && source.is_none()
    {
        problems.push(cx.problem(
            here.clone(),
            &id,
            format!("a {} message needs a `source:`", k.name),
            "add `source:` with its publisher (and title, url, year)".into(),
        ));
    }
    // Warnings (an http: link) leave the message in.
    if problems[before..].iter().any(Problem::is_error) {
        return None;
    }
    Some(Message {
        id,
        audience: cx.audience.to_owned(),
        location: here,
        kind: kind?,
        fields: fields?,
        caption,
        alt: m.alt.map(|a| a.value),
        hashtags: m.hashtags.into_iter().map(|h| h.value).collect(),
        source,
        photo: photo.flatten(),
    })
}

/// The longest message id: its cards' file names (the id plus language,
/// format and extension) stay far under the 255 bytes a file name may have.
const MAX_ID_LEN: usize = 64;

/// A message id names files in `out/` and in the kit's zip, so it must be a
/// file name on every system the kit is opened on.
fn check_id(cx: &Checking, id: &str, here: &Location, problems: &mut Vec<Problem>) {
    if let Some((what, hint)) = id_problem(id) {
        problems.push(
            cx.problem(here.clone(), id, what, hint.into())
                .code(code::BAD_ID),
        );
    }
}

/// What is wrong with an id as a file name, and what to do, if anything.
fn id_problem(id: &str) -> Option<(String, &'static str)> {
    if !super::load::is_name_safe(id) || id.starts_with('-') {
        let hint = "use lowercase ASCII letters, digits and hyphens, e.g. early-identification";
        return Some((
            format!("message id {id:?} is not a file-name-safe id"),
            hint,
        ));
    }
    if id.len() > MAX_ID_LEN {
        let what = format!(
            "message id {:?}… is {} characters long, over the limit of {MAX_ID_LEN}",
            &id[..24],
            id.len()
        );
        return Some((
            what,
            "use a short id of a few words, e.g. early-identification",
        ));
    }
    if reserved_on_windows(id) {
        let what = format!(
            "message id {id:?} is a device name Windows reserves; its files cannot be created or unpacked there"
        );
        return Some((what, "choose another id, e.g. add a word: contact-us"));
    }
    None
}

/// Windows' reserved device names, which no file may be called whatever
/// its extension (ids are lowercase and have no dot, so a plain match).
fn reserved_on_windows(id: &str) -> bool {
    let numbered = |prefix: &str| {
        id.strip_prefix(prefix)
            .is_some_and(|n| n.len() == 1 && n.as_bytes()[0].is_ascii_digit())
    };
    matches!(id, "con" | "prn" | "aux" | "nul") || numbered("com") || numbered("lpt")
}

fn find_kind(
    cx: &Checking,
    id: &str,
    kind: &Spanned<String>,
    problems: &mut Vec<Problem>,
) -> Option<&'static Kind> {
    let found = cx.kinds.iter().find(|k| k.name == kind.value).copied();
    if found.is_none() && !cx.broken_kinds.contains(&kind.value) {
        let names: Vec<&str> = cx.kinds.iter().map(|k| k.name).collect();
        let meant = names
            .iter()
            .find(|n| strsim::damerau_levenshtein(&kind.value, n) <= 2 && kind.value.len() > 2);
        let hint = match meant {
            Some(meant) => format!("did you mean `{meant}`?"),
            None => format!(
                "use one of: {}; or define it under `kinds:` in campaign.yaml",
                names.join(", ")
            ),
        };
        problems.push(
            cx.problem(
                loc(cx.file, &kind.referenced),
                id,
                format!("unknown kind {:?}", kind.value),
                hint,
            )
            .code(code::UNKNOWN_KIND),
        );
    }
    found
}

/// Where fields are being checked: the message, and its kind's name.
struct Where<'a> {
    cx: &'a Checking<'a>,
    id: &'a str,
    here: &'a Location,
    kind: &'static str,
}

/// Checks written fields against their definitions: no unknown field, each
/// of its type, the required ones present. `path` prefixes field names in
/// problems ("slides[2].").
fn check_fields(
    at: &Where,
    defs: &'static [Field],
    raw: &RawFields,
    path: &str,
    problems: &mut Vec<Problem>,
) -> Fields {
    let mut fields = Fields::new();
    for (name, value) in &raw.0 {
        let (name, key) = (name.value.as_str(), &name.referenced);
        match defs.iter().find(|d| d.name == name) {
            Some(def) => {
                let checked = check_value(at, def, value, &format!("{path}{name}"), problems);
                fields.extend(checked.map(|v| (def.name, v)));
            }
            None => problems.push(unknown_field(at, defs, (name, !path.is_empty()), key)),
        }
    }
    check_needs(at, defs, raw, path, problems);
    fields
}

fn unknown_field(
    at: &Where,
    defs: &[Field],
    (name, in_slide): (&str, bool),
    key: &serde_saphyr::Location,
) -> Problem {
    let uses: Vec<&str> = defs.iter().map(|d| d.name).collect();
    let what = match in_slide {
        true => format!("a slide of a {} has no `{name}` field", at.kind),
        false => format!("a {} message has no `{name}` field", at.kind),
    };
    let hint = match (misspelt(name, defs), in_slide) {
        (Some(meant), _) => format!("did you mean `{meant}`?"),
        (None, true) => format!("remove `{name}`; a slide has: {}", uses.join(", ")),
        (None, false) => format!(
            "remove `{name}`, or change the kind; a {} uses: {}",
            at.kind,
            uses.join(", ")
        ),
    };
    at.cx
        .problem(loc(at.cx.file, key), at.id, what, hint)
        .code(code::UNKNOWN_FIELD)
}

/// The field a misspelt name was meant to be: one edit or two away.
fn misspelt(name: &str, defs: &[Field]) -> Option<&'static str> {
    defs.iter()
        .map(|d| d.name)
        .find(|d| strsim::damerau_levenshtein(name, d) <= 2 && name.len() > 2)
}

/// Checks one field's value against its type.
fn check_value(
    at: &Where,
    def: &'static Field,
    value: &Spanned<RawValue>,
    name: &str,
    problems: &mut Vec<Problem>,
) -> Option<FieldValue> {
    let place = loc(at.cx.file, &value.referenced);
    let wrong = |expected: &str| {
        at.cx.problem(
            place.clone(),
            at.id,
            format!("`{name}` should be {expected}"),
            "see README.md (Adding a message) for each kind's fields".into(),
        )
    };
    match (&def.ty, &value.value) {
        (FieldType::Text, RawValue::Text(t)) => {
            let spanned = Spanned::new(t.clone(), value.referenced, value.defined);
            check_text(at.cx, at.id, &spanned, name, problems);
            Some(FieldValue::Text(t.clone()))
        }
        (FieldType::Text, RawValue::Number(_, text)) => {
            Some(FieldValue::Text(Text::Neutral(text.clone())))
        }
        (FieldType::Number, RawValue::Number(n, _)) if n.is_finite() => {
            Some(FieldValue::Number(*n))
        }
        (FieldType::Number, RawValue::Number(..)) => {
            problems.push(at.cx.problem(
                place,
                at.id,
                "the number is not finite".into(),
                "write the number with digits, e.g. `number: 75`".into(),
            ));
            None
        }
        (FieldType::Date, RawValue::Text(Text::Neutral(d))) => check_date(at, d, place, problems),
        (FieldType::Link, RawValue::Text(Text::Neutral(url))) => {
            check_link(at, url, place, problems)
        }
        (FieldType::Choice(words), RawValue::Text(Text::Neutral(w))) => {
            check_choice(at, words, w, place, problems)
        }
        (FieldType::Slides { min, max, fields }, RawValue::Slides(slides)) => {
            check_slides(at, (*min, *max, fields), slides, problems)
        }
        (FieldType::Text, _) => {
            problems.push(wrong("a text, or a map from language code to text"));
            None
        }
        (FieldType::Number, _) => {
            problems.push(wrong("a number, e.g. 75"));
            None
        }
        (FieldType::Choice(words), _) => {
            problems.push(wrong(&format!("one of: {}", words.join(", "))));
            None
        }
        (FieldType::Date, _) => {
            problems.push(wrong("a date written year-month-day, e.g. 2027-03-12"));
            None
        }
        (FieldType::Link, _) => {
            problems.push(wrong(
                "one web address for every language, e.g. https://example.org/training",
            ));
            None
        }
        (FieldType::Slides { .. }, _) => {
            problems.push(wrong("a list of slides"));
            None
        }
    }
}

/// A date, written as ISO 8601 (`2027-03-12`) whatever the language: the
/// card writes it in each language's words.
fn check_date(
    at: &Where,
    d: &str,
    place: Location,
    problems: &mut Vec<Problem>,
) -> Option<FieldValue> {
    match d.trim().parse::<jiff::civil::Date>() {
        Ok(date) => Some(FieldValue::Date(date)),
        Err(_) => {
            problems.push(
                at.cx.problem(
                    place,
                    at.id,
                    format!("{d:?} is not a date"),
                    "write it year-month-day, e.g. 2027-03-12; each card writes it in its language"
                        .into(),
                ),
            );
            None
        }
    }
}

/// A link, by the one rule for addresses (`crate::address`).
fn check_link(
    at: &Where,
    url: &str,
    place: Location,
    problems: &mut Vec<Problem>,
) -> Option<FieldValue> {
    match crate::address::web(url) {
        Ok(()) => {
            problems.extend(plain_http(at.cx, at.id, url, &place));
            Some(FieldValue::Text(Text::Neutral(url.to_owned())))
        }
        Err(what) => {
            problems.push(
                at.cx
                    .problem(
                        place,
                        at.id,
                        format!("link: {what}"),
                        "write the full address, starting with https://".into(),
                    )
                    .code(code::LINK_SCHEME),
            );
            None
        }
    }
}

fn check_choice(
    at: &Where,
    words: &'static [&'static str],
    word: &str,
    place: Location,
    problems: &mut Vec<Problem>,
) -> Option<FieldValue> {
    let found = words.iter().find(|w| **w == word);
    if found.is_none() {
        problems.push(unknown_unit(place, word).message(at.id));
    }
    found.map(|w| FieldValue::Choice(w))
}

/// A unit handbill does not know, in a message or in the press kit.
pub fn unknown_unit(at: Location, word: &str) -> Problem {
    Problem::new(at, format!("unknown unit {word:?}")).hint(format!(
        "use `unit: {}`, or leave it out for a plain number; write other values as `value:` text",
        crate::kind::UNITS.join(" | ")
    ))
}

fn check_slides(
    at: &Where,
    (min, max, defs): (usize, usize, &'static [Field]),
    slides: &[Option<RawFields>],
    problems: &mut Vec<Problem>,
) -> Option<FieldValue> {
    let mut checked = Vec::new();
    for (i, s) in slides.iter().enumerate() {
        let path = format!("slides[{}].", i + 1);
        match s {
            Some(s) => checked.push(check_fields(at, defs, s, &path, problems)),
            None => problems.push(at.cx.problem(
                at.here.clone(),
                at.id,
                format!("slide {} is not a map of fields", i + 1),
                "write each slide as `- headline: …` with its fields below it".into(),
            )),
        }
    }
    if !(min..=max).contains(&slides.len()) {
        problems.push(at.cx.problem(
            at.here.clone(),
            at.id,
            format!(
                "a {} needs {min} to {max} slides; this one has {}",
                at.kind,
                slides.len()
            ),
            format!(
                "Instagram publishes {min} to {max} images a carousel: split it, or add slides"
            ),
        ));
    }
    Some(FieldValue::Slides(checked))
}

/// Required fields present, and exactly one of each either-or pair.
fn check_needs(
    at: &Where,
    defs: &[Field],
    raw: &RawFields,
    path: &str,
    problems: &mut Vec<Problem>,
) {
    // A misspelt field was already said; its missing twin is the same cause.
    let has = |name: &str| {
        raw.0
            .iter()
            .any(|(n, _)| n.value == name || misspelt(&n.value, defs) == Some(name))
    };
    for def in defs {
        let missing = match def.need {
            Need::Required => !has(def.name),
            // Said once, by the first of the pair.
            Need::EitherOr(other) if def.name < other => {
                if has(def.name) && has(other) {
                    problems.push(at.cx.problem(
                        at.here.clone(),
                        at.id,
                        format!(
                            "a {} has either a `{}` or a `{other}`, not both",
                            at.kind, def.name
                        ),
                        format!("keep one of `{}` and `{other}`", def.name),
                    ));
                }
                !has(def.name) && !has(other)
            }
            Need::EitherOr(_) | Need::Optional => false,
        };
        if missing {
            let what = match def.need {
                Need::EitherOr(other) => format!("`{path}{}` (or `{path}{other}`)", def.name),
                _ => format!("`{path}{}`", def.name),
            };
            problems.push(at.cx.problem(
                at.here.clone(),
                at.id,
                format!("a {} message needs a {what}", at.kind),
                format!("add `{}:` with its text in each language", def.name),
            ));
        }
    }
}

/// Checks a text's languages, as a field of message `id`.
fn check_text(cx: &Checking, id: &str, t: &Spanned<Text>, what: &str, problems: &mut Vec<Problem>) {
    let found = translations::check(cx.file, t, cx.langs, what);
    problems.extend(found.into_iter().map(|p| p.message(id)));
}

fn check_source(
    cx: &Checking,
    id: &str,
    s: &Spanned<Source>,
    problems: &mut Vec<Problem>,
) -> Source {
    let at = loc(cx.file, &s.referenced);
    for (what, t) in [
        ("source publisher", Some(&s.value.publisher)),
        ("source title", s.value.title.as_ref()),
    ] {
        if let Some(t) = t {
            let spanned = Spanned::new(t.clone(), s.referenced, s.referenced);
            let found = translations::check(cx.file, &spanned, cx.langs, what);
            problems.extend(found.into_iter().map(|mut p| {
                p.location = at.clone();
                p.message(id)
            }));
        }
    }
    // The kit's one rule for links (`crate::address`): https: or http:, a
    // host, no space, quote or line break.
    if let Some(url) = &s.value.url {
        match crate::address::web(url) {
            Ok(()) => problems.extend(plain_http(cx, id, url, &at)),
            Err(what) => problems.push(
                cx.problem(
                    at,
                    id,
                    format!("source url: {what}"),
                    "write the full address, starting with https://".into(),
                )
                .code(code::LINK_SCHEME),
            ),
        }
    }
    s.value.clone()
}

/// A warning for a link that is `http:`, not `https:`.
fn plain_http(cx: &Checking, id: &str, url: &str, at: &Location) -> Option<Problem> {
    crate::address::is_plain_http(url).then(|| {
        cx.problem(
            at.clone(),
            id,
            format!("{url:?} is not an https: link"),
            "use the https:// address: browsers warn readers away from plain http: pages".into(),
        )
        .code(code::LINK_SCHEME)
        .warning()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_misspelt_field_is_matched_to_the_field_it_was_meant_to_be() {
        let k = Kind::named("statement").expect("present");
        assert_eq!(misspelt("headlin", k.fields), Some("headline"));
        assert_eq!(misspelt("hedline", k.fields), Some("headline"));
        assert_eq!(misspelt("bdy", k.fields), Some("body"));
        assert_eq!(misspelt("colour", k.fields), None);
        assert_eq!(misspelt("xy", k.fields), None);
    }

    #[test]
    fn ids_are_short_file_name_safe_and_not_device_names() {
        assert_eq!(id_problem("early-identification"), None);
        assert_eq!(id_problem(&"a".repeat(MAX_ID_LEN)), None);
        assert!(id_problem(&"a".repeat(MAX_ID_LEN + 1)).is_some());
        assert!(id_problem("../x").is_some());
        for reserved in ["con", "nul", "aux", "prn", "com1", "lpt9", "com0"] {
            assert!(id_problem(reserved).is_some(), "{reserved}");
        }
        for fine in ["cons", "com", "com10", "lpt", "null", "auxiliary"] {
            assert_eq!(id_problem(fine), None, "{fine}");
        }
    }
}
