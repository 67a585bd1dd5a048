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

use crate::problem::{Location, Problem, code};

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
        let raw = message(&e);
        let (message, own_hint) = reword(&raw);
        Problem::new(at, message)
            .hint(own_hint.unwrap_or(hint))
            .code(code_of(&raw))
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

/// The stable code of a YAML error, by serde-saphyr's own wording: an
/// unknown field, a duplicate key, a value of the wrong shape, or else a
/// syntax error.
fn code_of(message: &str) -> crate::problem::Code {
    if message.starts_with("unknown field") {
        code::UNKNOWN_FIELD
    } else if message.starts_with("duplicate mapping key") {
        code::DUPLICATE_KEY
    } else if message.starts_with("invalid type")
        || message.starts_with("expected ")
        || message.starts_with("missing field")
        || message.starts_with("invalid value")
    {
        code::WRONG_TYPE
    } else {
        code::YAML_SYNTAX
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

/// Warnings for texts that an unquoted ` #` cut short: YAML reads
/// `en: Join us #Free2Link` as "Join us" and a comment, silently. A value
/// after `key:` or `- ` that is plain (not quoted, not a `|`/`>` block, not
/// a flow list or map) and holds ` #` followed by a letter or digit (a
/// hashtag, "#1") is flagged. Hand-written: the YAML parser drops comments,
/// so only the source shows where one began.
pub fn cut_by_comments(file: &Path, text: &str) -> Vec<Problem> {
    let mut problems = Vec::new();
    // Lines of a `|` or `>` block are text, comments included, while
    // they are indented deeper than the key that opened it.
    let mut block: Option<usize> = None;
    for (n, line) in text.lines().enumerate() {
        let indent = line.len() - line.trim_start().len();
        if let Some(key_indent) = block {
            if line.trim().is_empty() || indent > key_indent {
                continue;
            }
            block = None;
        }
        let Some((start, value)) = plain_value(line) else {
            continue;
        };
        if value.starts_with(['|', '>']) {
            block = Some(indent);
            continue;
        }
        if let Some(at) = hashtag_comment(value) {
            let column = line[..start + at + 1].chars().count() as u32 + 1;
            let tag: String = value[at + 1..]
                .split_whitespace()
                .next()
                .unwrap_or("")
                .into();
            problems.push(
                Problem::new(
                    Location::new(file, n as u32 + 1, column),
                    format!("the text ends before `{tag}`: YAML reads an unquoted ` #` and what follows as a comment"),
                )
                .code(code::YAML_COMMENT)
                .warning()
                .hint("put the whole text in quotes, e.g. en: \"Join us #Free2Link\"; hashtags of a message go under `hashtags:` without the #"),
            );
        }
    }
    problems
}

/// The value of a `key: value` or `- value` line and where it starts, when
/// it is not a comment line.
fn plain_value(line: &str) -> Option<(usize, &str)> {
    let trimmed = line.trim_start();
    if trimmed.starts_with('#') {
        return None;
    }
    let start = line.len() - trimmed.len();
    let after = match trimmed.strip_prefix("- ") {
        Some(rest) => start + 2 + key_end(rest).unwrap_or(0),
        None => start + key_end(trimmed)?,
    };
    let value = line[after..].trim_start();
    let at = line.len() - value.len();
    (!value.is_empty()).then_some((at, value))
}

/// How a quoted scalar or a flow list or map begins (`{` written by its
/// code point, so brace-counting tools read these functions whole).
const QUOTED_OR_FLOW: [char; 4] = ['"', '\'', '[', '\u{7B}'];

/// The byte just past `key:` in a line that starts with a plain key.
fn key_end(s: &str) -> Option<usize> {
    if s.starts_with(QUOTED_OR_FLOW) {
        return None;
    }
    let colon = s
        .find(": ")
        .or_else(|| s.strip_suffix(':').map(|k| k.len()))?;
    let key = &s[..colon];
    (!key.contains(" #")).then_some(colon + 1)
}

/// Where, in a plain value, ` #` starts a comment that looks like words.
fn hashtag_comment(value: &str) -> Option<usize> {
    if value.starts_with(QUOTED_OR_FLOW) || value.starts_with(['&', '*', '!']) {
        return None;
    }
    value.match_indices(" #").map(|(i, _)| i).find(|&i| {
        value[i + 2..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
    })
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
    fn an_unquoted_hashtag_that_cuts_a_text_is_a_warning() {
        let text = "# a comment #here\n  en: Join us #Free2Link today\n  it: \"Vieni #Free2Link\"\n  el: >-\n    Ela #Free2Link\n  uk: ok # a note\n- Ask #now\n";
        let found = cut_by_comments(Path::new("m.yaml"), text);
        let at: Vec<(u32, u32)> = found
            .iter()
            .map(|p| (p.location.line, p.location.column))
            .collect();
        assert_eq!(at, [(2, 15), (7, 7)], "{found:?}");
        assert!(found[0].what.contains("`#Free2Link`"), "{}", found[0]);
        assert!(!found[0].is_error());
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
