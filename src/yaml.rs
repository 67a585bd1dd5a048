//! The one way handbill reads YAML: serde-saphyr, with every syntax or
//! shape error turned into a located [`Problem`] in plain words.
//!
//! Campaign, message, kit and font files all go through [`parse`], so an
//! error reads the same whichever file it is in.

use std::path::Path;

use std::borrow::Cow;

use serde::Deserialize;
use serde_saphyr::localizer::Localizer;
use serde_saphyr::{SnippetMode, UserMessageFormatter};

use crate::problem::{Location, Problem};

/// A serde-saphyr position as a problem's location in `file`.
pub fn location(file: &Path, l: &serde_saphyr::Location) -> Location {
    Location::new(file, l.line() as u32, l.column() as u32)
}

/// Parses YAML, turning a syntax or shape error into a located problem with
/// `hint` as what to do.
pub fn parse<T: for<'de> Deserialize<'de>>(
    file: &Path,
    text: &str,
    hint: &str,
) -> Result<T, Problem> {
    serde_saphyr::from_str::<T>(text).map_err(|e| {
        let at = match e.location() {
            Some(l) => location(file, &l),
            None => Location::file(file),
        };
        let (message, own_hint) = reword(&message(&e));
        Problem::new(at, message).hint(own_hint.unwrap_or(hint))
    })
}

/// The error's message in serde-saphyr's wording for users, without the
/// position (the problem carries it) and without the parser's own snippet;
/// control characters are already neutralised by its renderer.
fn message(e: &serde_saphyr::Error) -> String {
    let formatter = UserMessageFormatter.with_localizer(&NoPosition);
    let full = e.render_with_options(serde_saphyr::render_options! {
        formatter: &formatter,
        snippets: SnippetMode::Off,
    });
    full.lines()
        .next()
        .unwrap_or("invalid YAML")
        .trim()
        .to_owned()
}

/// A localizer that leaves the position out of a message.
struct NoPosition;

impl Localizer for NoPosition {
    fn attach_location<'a>(&self, base: Cow<'a, str>, _: serde_saphyr::Location) -> Cow<'a, str> {
        base
    }
}

/// The common YAML mistakes in plain words, each with what to do when the
/// caller's general hint would not say it.
fn reword(message: &str) -> (String, Option<&'static str>) {
    if let Some(key) = message
        .strip_prefix("duplicate mapping key `")
        .and_then(|k| k.strip_suffix("` is not allowed here"))
    {
        return (
            format!("`{key}` is given twice in this map"),
            Some("keep one of the two lines: YAML takes each key once"),
        );
    }
    if message.starts_with("YAML document too large or too complex") {
        return (
            "the YAML repeats anchors (`&name`, `*name`) too often or nests them too deeply to be read safely".to_owned(),
            Some("write the values out instead of repeating them through anchors"),
        );
    }
    if message.contains("recursion limit exceeded") {
        return (
            "the YAML nests lists or maps too deeply to be read safely".to_owned(),
            Some("a campaign file needs only a few levels: close the brackets you opened"),
        );
    }
    if message.starts_with("mapping values are not allowed") {
        return (
            "a `: ` inside a value reads as the start of a new key".to_owned(),
            Some(
                "put the text in quotes: `en: \"Note: this\"`, or write it as a `>-` block on the next lines",
            ),
        );
    }
    if message.starts_with("tabs disallowed") {
        return (
            "a tab indents this line".to_owned(),
            Some("YAML indents with spaces: replace the tab with spaces"),
        );
    }
    match message {
        "expected mapping start" => (
            "expected a map of `key: value` fields here".to_owned(),
            None,
        ),
        "expected sequence start" => ("expected a list here".to_owned(), None),
        "expected string scalar" => ("expected a text here, not a list or a map".to_owned(), None),
        _ => (message.to_owned(), None),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn problem(text: &str) -> Problem {
        parse::<BTreeMap<String, serde_json::Value>>(Path::new("x.yaml"), text, "fix it")
            .expect_err("an error")
    }

    #[test]
    fn library_wording_is_replaced_by_what_to_do() {
        let p = problem("a: 1\na: 2\n");
        assert_eq!(p.what, "`a` is given twice in this map");
        assert_eq!((p.location.line, p.location.column), (2, 1));
        assert!(p.hint.as_deref().is_some_and(|h| h.contains("keep one")));
        let p = problem("a: Note: this\n");
        assert!(p.what.contains("`: `"), "{p}");
        assert!(p.hint.as_deref().is_some_and(|h| h.contains("quotes")));
        let p = problem("a:\n\t- b\n");
        assert_eq!(p.what, "a tab indents this line");
        let p = problem(&format!("a: {}{}", "[".repeat(5000), "]".repeat(5000)));
        assert!(p.what.contains("too deeply"), "{p}");
        for p in [&p, &problem("a: {b: 1\n")] {
            assert!(!p.to_string().contains("Options"), "{p}");
            assert!(
                !p.to_string().contains("line "),
                "the position is given once: {p}"
            );
        }
    }

    #[test]
    fn an_alias_bomb_is_refused_in_words() {
        let mut text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n".to_owned();
        for i in 1..10 {
            let refs = vec![format!("*a{}", i - 1); 10].join(", ");
            text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        let p = problem(&text);
        assert!(p.what.contains("anchors"), "{p}");
        assert!(!p.what.contains("budget"), "{p}");
    }

    #[test]
    fn a_syntax_error_is_located_in_its_file() {
        #[derive(Deserialize, Debug)]
        #[allow(dead_code)]
        struct T {
            a: u32,
        }
        let p = parse::<T>(Path::new("x.yaml"), "a: 1\nb: [", "fix it").expect_err("an error");
        assert_eq!(p.location.file, Path::new("x.yaml"));
        assert!(p.location.line >= 2, "{p}");
        assert_eq!(p.hint.as_deref(), Some("fix it"));
    }
}
