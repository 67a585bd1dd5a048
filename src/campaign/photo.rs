//! A message's `photo:`: the file, its focus point, alt text, credit,
//! licence and whether consent is recorded, as written and then checked
//! into a [`Photo`].
//!
//! Only what the YAML says is checked here: a path that stays inside the
//! messages folder and names a JPEG, PNG or WebP file, a focus inside the
//! picture, the texts in every language, recorded consent. Whether the
//! file is there and decodes is for the build (`crate::photo`), which has
//! the bytes; this module reads no file.

use std::fmt;
use std::path::{Component, Path, PathBuf};

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};
use serde_saphyr::Spanned;

use super::Text;
use super::message::Checking;
use super::translations;
use crate::problem::{Location, Problem};
use crate::yaml::location as loc;

/// A message's photo, checked.
#[derive(Clone, Debug, PartialEq)]
pub struct Photo {
    /// The file, relative to the messages folder (`photos/harbour.jpg`).
    pub file: PathBuf,
    /// The point kept in view when the photo is cropped: fractions of its
    /// width and height from the top left.
    pub focus: (f32, f32),
    /// What the photo shows, per language: it leads the card's alt text.
    pub alt: Text,
    /// Who made it ("Photo: Jane Doe / Agency"), per language.
    pub credit: Text,
    /// Its licence ("CC BY 4.0", "used with permission"), per language.
    pub licence: Text,
    /// Where `photo:` is written: every problem about the photo points here.
    pub location: Location,
}

/// The extensions of the formats handbill decodes.
pub const EXTENSIONS: [&str; 4] = ["jpg", "jpeg", "png", "webp"];

/// A photo as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPhoto {
    file: Option<Spanned<String>>,
    #[serde(default)]
    focus: Option<Spanned<Vec<f64>>>,
    #[serde(default)]
    alt: Option<Spanned<Text>>,
    #[serde(default)]
    credit: Option<Spanned<Text>>,
    #[serde(default)]
    licence: Option<Spanned<Text>>,
    #[serde(default)]
    consent: Option<Spanned<Consent>>,
}

/// `consent:` as written: `true` (consent of everyone identifiable in the
/// photo is recorded), `false`, or `not-needed` (no one can be identified).
#[derive(Clone, Debug, PartialEq)]
enum Consent {
    Recorded,
    NotRecorded,
    NotNeeded,
    Other(String),
}

impl<'de> Deserialize<'de> for Consent {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ConsentVisitor;
        impl Visitor<'_> for ConsentVisitor {
            type Value = Consent;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("true, false or not-needed")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Consent, E> {
                Ok(if v {
                    Consent::Recorded
                } else {
                    Consent::NotRecorded
                })
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Consent, E> {
                Ok(match v {
                    "not-needed" => Consent::NotNeeded,
                    other => Consent::Other(other.to_owned()),
                })
            }
        }
        d.deserialize_any(ConsentVisitor)
    }
}

/// Checks a message's photo; `None` when it has a problem.
pub(super) fn check(
    cx: &Checking,
    id: &str,
    raw: &Spanned<RawPhoto>,
    problems: &mut Vec<Problem>,
) -> Option<Photo> {
    let before = problems.len();
    let at = loc(cx.file, &raw.referenced);
    let say = |problems: &mut Vec<Problem>, what: String, hint: &str| {
        problems.push(Problem::new(at.clone(), what).message(id).hint(hint));
    };
    let p = &raw.value;
    let file = p
        .file
        .as_ref()
        .and_then(|f| check_file(&f.value, problems, &say));
    if p.file.is_none() {
        say(
            problems,
            "the photo has no `file:`".into(),
            "give the photo's path in the messages folder, e.g. `file: photos/harbour.jpg`",
        );
    }
    let focus = check_focus(p.focus.as_ref().map(|f| f.value.as_slice()), problems, &say);
    let texts = Texts { cx, id, at: &at };
    let alt = texts.required(
        &p.alt,
        "alt",
        "describe what the photo shows, in each language: `alt: {en: …}`",
        problems,
    );
    let credit = texts.required(
        &p.credit,
        "credit",
        "name who made the photo, e.g. `credit: Jane Doe / Agency`",
        problems,
    );
    let licence = texts.required(&p.licence, "licence", "give the terms it may be used under, e.g. `licence: CC BY 4.0` or `licence: used with permission`", problems);
    check_consent(p.consent.as_ref().map(|c| &c.value), problems, &say);
    if problems[before..].iter().any(Problem::is_error) {
        return None;
    }
    Some(Photo {
        file: file?,
        focus: focus?,
        alt: alt?,
        credit: credit?,
        licence: licence?,
        location: at,
    })
}

type Say<'a> = dyn Fn(&mut Vec<Problem>, String, &str) + 'a;

/// The file: a relative path inside the messages folder, to an image of a
/// format handbill decodes.
fn check_file(file: &str, problems: &mut Vec<Problem>, say: &Say) -> Option<PathBuf> {
    let path = Path::new(file);
    let inside = !file.is_empty()
        && !file.contains('\\')
        && path.components().all(|c| matches!(c, Component::Normal(_)));
    if !inside {
        say(
            problems,
            format!("the photo {file:?} is not a path inside the messages folder"),
            "put the photo in messages/ (or a folder in it, such as messages/photos/) and write its path from there, with /, e.g. `file: photos/harbour.jpg`",
        );
        return None;
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if !ext.as_deref().is_some_and(|e| EXTENSIONS.contains(&e)) {
        say(
            problems,
            format!("the photo {file:?} is not a JPEG, PNG or WebP file"),
            "handbill reads photos as .jpg, .jpeg, .png or .webp: export the photo as JPEG from any photo editor",
        );
        return None;
    }
    Some(path.to_owned())
}

/// The focus: two fractions from 0 to 1; the centre when not given.
fn check_focus(
    focus: Option<&[f64]>,
    problems: &mut Vec<Problem>,
    say: &Say,
) -> Option<(f32, f32)> {
    let Some(focus) = focus else {
        return Some((0.5, 0.5));
    };
    match *focus {
        [x, y] if (0.0..=1.0).contains(&x) && (0.0..=1.0).contains(&y) => {
            Some((x as f32, y as f32))
        }
        _ => {
            let written: Vec<String> = focus.iter().map(|v| v.to_string()).collect();
            say(
                problems,
                format!(
                    "the photo's focus [{}] is not a point inside the photo",
                    written.join(", ")
                ),
                "write the point to keep in view as two fractions of the width and height from the top left, each from 0 to 1: `focus: [0.5, 0.3]`",
            );
            None
        }
    }
}

/// Consent must be recorded, or not needed: a card of a person without
/// recorded consent must not ship.
fn check_consent(consent: Option<&Consent>, problems: &mut Vec<Problem>, say: &Say) {
    let (what, hint) = match consent {
        Some(Consent::Recorded | Consent::NotNeeded) => return,
        None => (
            "the photo does not say whether consent is recorded",
            "add `consent: true` when everyone who can be identified in it has given recorded consent, or `consent: not-needed` when no one can be identified",
        ),
        Some(Consent::NotRecorded) => (
            "the photo has no recorded consent (`consent: false`); a card of a person without recorded consent must not be published",
            "record the consent of everyone who can be identified in the photo, then write `consent: true`; or choose a photo in which no one can be identified (`consent: not-needed`)",
        ),
        Some(Consent::Other(_)) => (
            "the photo's `consent:` is not true, false or not-needed",
            "write `consent: true` (recorded), or `consent: not-needed` (no one can be identified)",
        ),
    };
    say(problems, what.to_owned(), hint);
}

/// Checking the photo's texts, located at `photo:` when the text itself
/// has no place.
struct Texts<'a> {
    cx: &'a Checking<'a>,
    id: &'a str,
    at: &'a Location,
}

impl Texts<'_> {
    /// A text the photo must have, in every language of the message.
    fn required(
        &self,
        t: &Option<Spanned<Text>>,
        name: &str,
        hint: &str,
        problems: &mut Vec<Problem>,
    ) -> Option<Text> {
        let Some(t) = t else {
            let what = format!("the photo has no `{name}:`");
            problems.push(
                Problem::new(self.at.clone(), what)
                    .message(self.id)
                    .hint(hint),
            );
            return None;
        };
        let what = format!("photo {name}");
        let found = translations::check(self.cx.file, t, self.cx.langs, &what);
        let ok = found.is_empty();
        problems.extend(found.into_iter().map(|p| p.message(self.id)));
        ok.then(|| t.value.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(f: impl FnOnce(&mut Vec<Problem>, &Say)) -> Vec<String> {
        let mut problems = Vec::new();
        let say = |p: &mut Vec<Problem>, what: String, hint: &str| {
            p.push(Problem::new(Location::file("m.yaml"), what).hint(hint));
        };
        f(&mut problems, &say);
        problems.into_iter().map(|p| p.what).collect()
    }

    #[test]
    fn a_file_stays_inside_the_messages_folder() {
        for fine in ["harbour.jpg", "photos/harbour.JPEG", "a/b/c.webp", "x.png"] {
            assert!(
                said(|p, s| assert!(check_file(fine, p, s).is_some())).is_empty(),
                "{fine}"
            );
        }
        for outside in [
            "../secret.jpg",
            "/etc/x.jpg",
            "photos/../../x.jpg",
            "./x.jpg",
            "photos\\x.jpg",
            "",
        ] {
            let what = said(|p, s| assert!(check_file(outside, p, s).is_none()));
            assert!(what[0].contains("not a path inside"), "{outside}: {what:?}");
        }
        let what = said(|p, s| assert!(check_file("photo.heic", p, s).is_none()));
        assert!(what[0].contains("not a JPEG, PNG or WebP"), "{what:?}");
    }

    #[test]
    fn a_focus_is_two_fractions_and_the_centre_by_default() {
        said(|p, s| assert_eq!(check_focus(None, p, s), Some((0.5, 0.5))));
        said(|p, s| assert_eq!(check_focus(Some(&[0.0, 1.0]), p, s), Some((0.0, 1.0))));
        for bad in [
            &[1.5, 0.5][..],
            &[0.5][..],
            &[-0.1, 0.2][..],
            &[0.1, 0.2, 0.3][..],
        ] {
            let what = said(|p, s| assert_eq!(check_focus(Some(bad), p, s), None));
            assert!(what[0].contains("not a point inside"), "{what:?}");
        }
    }

    #[test]
    fn consent_must_be_recorded_or_not_needed() {
        assert!(said(|p, s| check_consent(Some(&Consent::Recorded), p, s)).is_empty());
        assert!(said(|p, s| check_consent(Some(&Consent::NotNeeded), p, s)).is_empty());
        let refused = said(|p, s| check_consent(Some(&Consent::NotRecorded), p, s));
        assert!(refused[0].contains("must not be published"), "{refused:?}");
        assert_eq!(said(|p, s| check_consent(None, p, s)).len(), 1);
        assert_eq!(
            said(|p, s| check_consent(Some(&Consent::Other("yes".into())), p, s)).len(),
            1
        );
    }
}
