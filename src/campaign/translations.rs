//! The one check that a text is written in the languages it must be, and
//! in no language the campaign does not know, and holds no character that
//! hides or disguises what it says. Messages, the campaign's own words and
//! the press kit all use it, with the same rules.
//!
//! It checks only what the user wrote: the bidi isolates handbill adds to
//! right-to-left captions come later and never pass through here.

use std::path::Path;

use serde_saphyr::Spanned;

use super::Text;
use crate::problem::{Location, Problem, code};
use crate::yaml::location;

/// The languages a text must have, and those it may have.
pub struct Langs<'a> {
    pub required: Vec<String>,
    pub known: &'a [String],
    /// Whether a missing language could instead fall back to another (the
    /// cards can; the press kit cannot), for the hint.
    pub may_fall_back: bool,
}

/// Checks that a translated text has every required language, none empty,
/// and no language the campaign does not know. `what` names the text in
/// the problems: "headline", "the name of audience public".
pub fn check(file: &Path, t: &Spanned<Text>, langs: &Langs, what: &str) -> Vec<Problem> {
    let at = location(file, &t.referenced);
    let map = match &t.value {
        Text::Neutral(s) => return hidden(at, s, what, None).into_iter().collect(),
        Text::Translated(map) => map,
    };
    let mut problems: Vec<Problem> = map
        .iter()
        .filter_map(|(lang, (s, l, c))| hidden(Location::new(file, *l, *c), s, what, Some(lang)))
        .collect();
    for lang in &langs.required {
        match map.get(lang) {
            None => problems.push(missing(at.clone(), what, lang, langs.may_fall_back)),
            Some((s, l, c)) if s.trim().is_empty() => problems.push(
                Problem::new(
                    Location::new(file, *l, *c),
                    format!("{what} is empty in {lang}"),
                )
                .language(lang)
                .hint("write the text, or remove the field if the card does not need it"),
            ),
            Some(_) => {}
        }
    }
    for (lang, (_, l, c)) in map {
        if !langs.known.contains(lang) {
            problems.push(
                Problem::new(
                    Location::new(file, *l, *c),
                    format!("{what} has text in {lang}, which the campaign does not list"),
                )
                .language(lang)
                .hint(format!(
                    "add {lang} to `languages:` in campaign.yaml, or fix the language code"
                )),
            );
        }
    }
    problems
}

/// The first character in a text that no reader would see as written: a
/// control character other than a line break, a noncharacter, or a bidi
/// embedding, override or isolate (which can make a card read "evil.com"
/// where the YAML reads "moc.live"). Said with the text's place, its
/// language and the code point.
fn hidden(at: Location, s: &str, what: &str, lang: Option<&str>) -> Option<Problem> {
    let (n, c) = s.chars().enumerate().find(|&(_, c)| hiding(c))?;
    let in_lang = lang.map(|l| format!(" in {l}")).unwrap_or_default();
    let p = Problem::new(
        at,
        format!(
            "{what}{in_lang} has U+{:04X} ({}) at character {}",
            c as u32,
            kind_of(c),
            n + 1
        ),
    )
    .hint(
        "delete the character (it is invisible in most editors; it often comes with pasted text)",
    );
    Some(match lang {
        Some(l) => p.language(l),
        None => p,
    })
}

/// Whether a character hides or disguises text.
fn hiding(c: char) -> bool {
    (c.is_control() && c != '\n') || noncharacter(c) || bidi_control(c)
}

/// Unicode's 66 noncharacters: U+FDD0–FDEF and the last two of every plane.
fn noncharacter(c: char) -> bool {
    let u = c as u32;
    (0xFDD0..=0xFDEF).contains(&u) || (u & 0xFFFE) == 0xFFFE
}

/// The bidi embeddings and overrides (U+202A–202E) and isolates (U+2066–2069).
fn bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn kind_of(c: char) -> &'static str {
    if bidi_control(c) {
        "a bidi control, which reorders the text around it"
    } else if noncharacter(c) {
        "a noncharacter"
    } else {
        "a control character"
    }
}

fn missing(at: Location, what: &str, lang: &str, may_fall_back: bool) -> Problem {
    let fall_back = if may_fall_back {
        format!(", or give {lang} a `fallback:` language in campaign.yaml")
    } else {
        String::new()
    };
    Problem::new(at, format!("{what} has no {lang} text"))
        .code(code::MISSING_TRANSLATION)
        .language(lang)
        .hint(format!(
            "add a line `{lang}: …` with the {lang} text{fall_back}"
        ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn text(pairs: &[(&str, &str)]) -> Spanned<Text> {
        let map: BTreeMap<String, (String, u32, u32)> = pairs
            .iter()
            .map(|(l, s)| (l.to_string(), (s.to_string(), 3, 7)))
            .collect();
        let here = serde_saphyr::Location::UNKNOWN;
        Spanned::new(Text::Translated(map), here, here)
    }

    #[test]
    fn a_missing_an_empty_and_an_unknown_language_are_each_said() {
        let known = ["en".to_owned(), "it".to_owned(), "el".to_owned()];
        let langs = Langs {
            required: known.to_vec(),
            known: &known,
            may_fall_back: false,
        };
        let t = text(&[("en", "Hi"), ("it", " "), ("fr", "Salut")]);
        let p = check(Path::new("m.yaml"), &t, &langs, "headline");
        let what: Vec<&str> = p.iter().map(|p| p.what.as_str()).collect();
        assert_eq!(
            what,
            [
                "headline is empty in it",
                "headline has no el text",
                "headline has text in fr, which the campaign does not list"
            ]
        );
        assert!(!p[1].hint.as_deref().expect("present").contains("fallback"));
    }

    #[test]
    fn hidden_characters_are_said_with_language_and_code_point() {
        let langs = Langs {
            required: vec!["en".into()],
            known: &["en".to_owned()],
            may_fall_back: false,
        };
        let t = text(&[("en", "moc.live\u{202E}")]);
        let p = check(Path::new("m.yaml"), &t, &langs, "headline");
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].location, Location::new("m.yaml", 3, 7));
        assert!(
            p[0].what
                .starts_with("headline in en has U+202E (a bidi control"),
            "{}",
            p[0].what
        );
    }

    #[test]
    fn which_characters_hide_text() {
        for c in [
            '\0',
            '\u{1b}',
            '\t',
            '\r',
            '\u{7f}',
            '\u{85}',
            '\u{FDD0}',
            '\u{FFFF}',
            '\u{1FFFE}',
            '\u{202A}',
            '\u{2069}',
        ] {
            assert!(hiding(c), "U+{:04X}", c as u32);
        }
        for c in [
            '\n', 'a', '\u{200F}', '\u{200D}', '\u{FFFD}', '\u{2065}', '\u{202F}',
        ] {
            assert!(!hiding(c), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn a_text_for_every_language_needs_no_check() {
        let langs = Langs {
            required: vec!["en".into()],
            known: &[],
            may_fall_back: true,
        };
        let here = serde_saphyr::Location::UNKNOWN;
        let t = Spanned::new(Text::Neutral("75%".into()), here, here);
        assert!(check(Path::new("m.yaml"), &t, &langs, "value").is_empty());
    }
}
