//! New translations written into a YAML file's text by the bytes each
//! value spans, so comments, key order and every other line stay as they
//! are: a changed value is replaced where it stands, a new language is a
//! new entry after the text's last one, in the style of its English.
//!
//! Pure: text in, text out. It must not read or write a file, and it must
//! not touch a value whose text did not change.

use serde_saphyr::granit_parser::ScalarStyle;

use super::scalar::{self, Place};
use super::tree::{Entry, Scalar};

/// One value to write: a text's entry, the language and its new text.
pub struct Change<'a> {
    pub entry: &'a Entry,
    pub lang: &'a str,
    pub text: &'a str,
}

/// `source` with every change made, the others left byte for byte.
pub fn apply(source: &str, changes: &[Change]) -> String {
    let mut edits: Vec<(std::ops::Range<usize>, String)> =
        changes.iter().map(|c| edit(source, c)).collect();
    // From the end, so each range still points at the original bytes.
    edits.sort_by_key(|(range, _)| std::cmp::Reverse(range.start));
    let mut out = source.to_owned();
    for (range, text) in edits {
        out.replace_range(range, &text);
    }
    out
}

/// The bytes one change replaces, and what with.
fn edit(source: &str, change: &Change) -> (std::ops::Range<usize>, String) {
    match change.entry.value(change.lang) {
        Some(old) => replace(source, change.entry, old, change.text),
        None => insert(source, change),
    }
}

/// An existing value rewritten in its own style, where it can be.
fn replace(
    source: &str,
    entry: &Entry,
    old: &Scalar,
    text: &str,
) -> (std::ops::Range<usize>, String) {
    let range = written(source, old);
    let place = Place {
        style: old.style,
        flow: entry.flow,
        indent: column(source, old.span.start),
        width: block_width(source, old),
    };
    (range, scalar::write(text, place))
}

/// A language not yet written: after the last entry, as `xx: text`, in the
/// style of the English value (a folded block stays a folded block).
fn insert(source: &str, change: &Change) -> (std::ops::Range<usize>, String) {
    let entry = change.entry;
    let Some((en_key, en)) = entry.values.iter().find(|(k, _)| k.value == "en") else {
        return (0..0, String::new());
    };
    let Some((_, last)) = entry.values.last() else {
        return (0..0, String::new());
    };
    let end = written(source, last).end;
    if entry.flow {
        let place = Place {
            style: ScalarStyle::Plain,
            flow: true,
            indent: 0,
            width: 0,
        };
        let value = scalar::write(change.text, place);
        return (end..end, format!(", {}: {value}", change.lang));
    }
    let key_indent = column(source, en_key.span.start);
    let place = Place {
        style: match en.style {
            ScalarStyle::Folded | ScalarStyle::Literal => en.style,
            _ => ScalarStyle::Plain,
        },
        flow: false,
        indent: column(source, en.span.start).max(key_indent + 2),
        width: block_width(source, en),
    };
    let line = format!(
        "{}{}: {}\n",
        " ".repeat(key_indent),
        change.lang,
        scalar::write(change.text, place)
    );
    match source[end..].find('\n') {
        Some(n) => (end + n + 1..end + n + 1, line),
        None => (source.len()..source.len(), format!("\n{line}")),
    }
}

/// The bytes a value is written in: a quoted or plain scalar's span; a
/// block's header (`>-`, `|`) through its last line of text, without the
/// line break and indent the parser counts after it.
fn written(source: &str, s: &Scalar) -> std::ops::Range<usize> {
    let span = s.span.start.min(source.len())..s.span.end.min(source.len());
    match s.style {
        ScalarStyle::Folded | ScalarStyle::Literal => {
            let body = &source[span.clone()];
            let end = span.start + body.trim_end().len();
            let start = source[..span.start].rfind(['>', '|']).unwrap_or(span.start);
            start..end
        }
        _ => span,
    }
}

/// The column (in characters, from 0) of a byte in its line.
fn column(source: &str, at: usize) -> usize {
    let line_start = source[..at].rfind('\n').map_or(0, |n| n + 1);
    source[line_start..at].chars().count()
}

/// The width a block was wrapped at: its longest line, in characters; 80
/// for a value that is not a block (or too short to tell).
fn block_width(source: &str, s: &Scalar) -> usize {
    if !matches!(s.style, ScalarStyle::Folded | ScalarStyle::Literal) {
        return 80;
    }
    let range = written(source, s);
    let indent = column(source, s.span.start);
    let body = &source[s.span.start..range.end];
    // The first line starts after its indent; the others include theirs.
    let widths: Vec<usize> = body
        .lines()
        .enumerate()
        .map(|(n, l)| l.chars().count() + if n == 0 { indent } else { 0 })
        .collect();
    match widths.len() > 1 {
        true => widths.into_iter().max().unwrap_or(80),
        false => 80,
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::super::tree;
    use super::*;

    fn change(source: &str, id_part: &str, lang: &str, text: &str) -> String {
        let entries = tree::entries(Path::new("m.yaml"), "m.yaml", source).expect("parses");
        let entry = entries
            .iter()
            .find(|e| e.id.ends_with(id_part))
            .expect("entry");
        apply(source, &[Change { entry, lang, text }])
    }

    const FILE: &str = "# top\na:\n  en: Hello there  # note\n  it: Ciao\nb: {en: One, it: Uno}\nc:\n  en: >-\n    A long text that was\n    folded over lines\n  it: >-\n    Un testo lungo che era\n    piegato\n# end\n";

    #[test]
    fn a_changed_value_changes_only_its_bytes() {
        let out = change(FILE, "/a", "it", "Salve");
        assert_eq!(out, FILE.replace("it: Ciao", "it: Salve"));
        let out = change(FILE, "/b", "it", "Uno, due");
        assert_eq!(out, FILE.replace("it: Uno}", "it: 'Uno, due'}"));
    }

    #[test]
    fn a_folded_block_is_rewrapped_in_place() {
        let out = change(FILE, "/c", "it", "Un testo nuovo");
        assert_eq!(
            out,
            FILE.replace(
                "    Un testo lungo che era\n    piegato\n",
                "    Un testo nuovo\n"
            )
        );
    }

    #[test]
    fn a_new_language_follows_the_last_in_the_english_style() {
        let out = change(FILE, "/a", "uk", "Привіт");
        assert_eq!(
            out,
            FILE.replace("  it: Ciao\n", "  it: Ciao\n  uk: Привіт\n")
        );
        let out = change(FILE, "/b", "uk", "Один");
        assert_eq!(out, FILE.replace("it: Uno}", "it: Uno, uk: Один}"));
        let out = change(FILE, "/c", "uk", "Довгий текст");
        assert_eq!(
            out,
            FILE.replace("    piegato\n", "    piegato\n  uk: >-\n    Довгий текст\n")
        );
    }
}
