//! The one check that a text is written in the languages it must be, and
//! in no language the campaign does not know. Messages, the campaign's own
//! words and the press kit all use it, with the same rules.

use std::path::Path;

use serde_saphyr::Spanned;

use super::Text;
use crate::problem::{Location, Problem};
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
    let Text::Translated(map) = &t.value else {
        return Vec::new();
    };
    let at = location(file, &t.referenced);
    let mut problems = Vec::new();
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

fn missing(at: Location, what: &str, lang: &str, may_fall_back: bool) -> Problem {
    let fall_back = if may_fall_back {
        format!(", or give {lang} a `fallback:` language in campaign.yaml")
    } else {
        String::new()
    };
    Problem::new(at, format!("{what} has no {lang} text"))
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
