//! A translation written as a YAML scalar, in the style of the value it
//! replaces where that style can carry it: plain, single-quoted, a folded
//! `>-` block rewrapped at the old block's width, a literal `|` block, and
//! double-quoted (which carries anything) otherwise.
//!
//! Hand-written: serde-saphyr's serializer writes whole documents in its own
//! style; a pull request that shows only what the translator changed needs
//! one value written into the file as it stands. Every value written here
//! is parsed back by the caller and compared, so a style that would not
//! round-trip is never kept silently.
//!
//! This module writes text; it must not read or place anything in a file.

use serde_saphyr::granit_parser::ScalarStyle;

/// Where a value goes: its style to follow, whether it sits in a flow map
/// (`{en: …}`), the column its block lines are indented to, and the width
/// its block was wrapped at.
#[derive(Clone, Copy, Debug)]
pub struct Place {
    pub style: ScalarStyle,
    pub flow: bool,
    pub indent: usize,
    pub width: usize,
}

/// `text` written as a YAML scalar for `place`: what follows `key: `.
pub fn write(text: &str, place: Place) -> String {
    match place.style {
        ScalarStyle::Plain if is_plain(text, place.flow) => text.to_owned(),
        ScalarStyle::Plain | ScalarStyle::SingleQuoted if is_one_line(text) => single(text),
        ScalarStyle::Folded if !place.flow && is_foldable(text) => folded(text, place),
        ScalarStyle::Literal if !place.flow && is_literal(text) => literal(text, place),
        _ => double(text),
    }
}

/// Whether a text reads back the same unquoted: one line, no indicator at
/// its start, no `: ` or ` #`, not a number, boolean or null, and in a flow
/// map no `,[]{}`.
fn is_plain(text: &str, flow: bool) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    let special_start = "-?:,[]{}#&*!|>'\"%@`".contains(first);
    let flow_breaking = flow && text.contains([',', '[', ']', '{', '}']);
    is_one_line(text)
        && !special_start
        && !flow_breaking
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.ends_with(':')
        && text.trim() == text
        && !looks_typed(text)
}

/// Texts YAML's core schema reads as something other than a string.
fn looks_typed(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    matches!(
        lower.as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "~" | ".inf" | ".nan"
    ) || text.parse::<f64>().is_ok()
        || text.starts_with("0x")
        || text.starts_with("0o")
}

/// One line of printable characters.
fn is_one_line(text: &str) -> bool {
    !text.chars().any(|c| c.is_control())
}

/// `'…'`, an apostrophe doubled.
fn single(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// `"…"` with YAML's escapes: carries any text.
fn double(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Whether a `>-` block carries the text: one paragraph of printable
/// characters, no space at either end or doubled (a fold point must be a
/// lone space).
fn is_foldable(text: &str) -> bool {
    is_one_line(text) && !text.is_empty() && text.trim() == text && !text.contains("  ")
}

/// A `>-` block: the words wrapped to the old block's width, each line at
/// its indent. Lines break only at single spaces, which the fold turns back
/// into spaces.
fn folded(text: &str, place: Place) -> String {
    let pad = " ".repeat(place.indent);
    let room = place.width.saturating_sub(place.indent).max(20);
    let mut lines: Vec<String> = Vec::new();
    for word in text.split(' ') {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= room => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    let body: Vec<String> = lines.iter().map(|l| format!("{pad}{l}")).collect();
    format!(">-\n{}", body.join("\n"))
}

/// Whether a `|` block carries the text: printable lines, none starting
/// with a space (the indent would read differently), ending in at most one
/// line break.
fn is_literal(text: &str) -> bool {
    let body = text.strip_suffix('\n').unwrap_or(text);
    !body.is_empty()
        && !body.ends_with('\n')
        && body
            .split('\n')
            .all(|l| !l.starts_with(' ') && !l.is_empty() && is_one_line(l) && l.trim_end() == l)
}

/// A `|` block, `|-` when the text has no final line break.
fn literal(text: &str, place: Place) -> String {
    let pad = " ".repeat(place.indent);
    let (header, body) = match text.strip_suffix('\n') {
        Some(body) => ("|", body),
        None => ("|-", text),
    };
    let lines: Vec<String> = body.split('\n').map(|l| format!("{pad}{l}")).collect();
    format!("{header}\n{}", lines.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(style: ScalarStyle, flow: bool) -> Place {
        Place {
            style,
            flow,
            indent: 4,
            width: 30,
        }
    }

    #[test]
    fn plain_stays_plain_only_when_it_reads_back() {
        let p = at(ScalarStyle::Plain, false);
        assert_eq!(write("Hello world", p), "Hello world");
        assert_eq!(write("Note: this", p), "'Note: this'");
        assert_eq!(write("- a", p), "'- a'");
        assert_eq!(write("yes", p), "'yes'");
        assert_eq!(write("12", p), "'12'");
        assert_eq!(write("a, b", at(ScalarStyle::Plain, true)), "'a, b'");
        assert_eq!(write("two\nlines", p), "\"two\\nlines\"");
    }

    #[test]
    fn quotes_are_escaped_in_their_style() {
        assert_eq!(
            write("it's", at(ScalarStyle::SingleQuoted, false)),
            "'it''s'"
        );
        assert_eq!(
            write("say \"hi\" \\ \u{1}", at(ScalarStyle::DoubleQuoted, false)),
            "\"say \\\"hi\\\" \\\\ \\u0001\""
        );
    }

    #[test]
    fn a_folded_block_is_rewrapped_at_its_width() {
        let text = "one two three four five six seven eight nine ten";
        let out = write(text, at(ScalarStyle::Folded, false));
        assert_eq!(
            out,
            ">-\n    one two three four five\n    six seven eight nine ten"
        );
        assert!(out.lines().all(|l| l.chars().count() <= 30));
        assert!(write("two  spaces", at(ScalarStyle::Folded, false)).starts_with('"'));
        assert!(write("a b", at(ScalarStyle::Folded, true)).starts_with('"'));
    }

    #[test]
    fn a_literal_block_keeps_its_lines() {
        let p = at(ScalarStyle::Literal, false);
        assert_eq!(write("a\nb\n", p), "|\n    a\nb".replace("\nb", "\n    b"));
        assert_eq!(write("a\nb", p), "|-\n    a\n    b");
        assert!(write(" lead", p).starts_with('"'));
    }
}
