//! gettext PO: a catalog written for Weblate, Crowdin or Poedit, and a
//! returned file read back.
//!
//! Hand-written: the Rust PO crates are small and little kept (`polib` has
//! had no release in years, and none keeps each entry's line for located
//! problems). The format needed here is small: one entry per text, the id
//! as `msgctxt`, `#.` comments for where it appears and its length limit,
//! `#, max-length:N` (Weblate's flag), and C-style escapes in strings split
//! at line breaks. The tests parse what is written here with Python's polib
//! and translate-toolkit (tests/xliff/check.py).
//!
//! This module converts; it must not decide which texts exist or touch YAML.

use std::path::Path;

use super::{Catalog, Returned, ReturnedUnit, State};
use crate::problem::{Location, Problem};

/// The catalog as a PO file.
pub fn write(catalog: &Catalog) -> String {
    let mut out = format!(
        "# {} in {}, from handbill: translate each msgstr; msgctxt is the text's id.\nmsgid \"\"\nmsgstr \"\"\n",
        catalog.campaign, catalog.language
    );
    for header in [
        format!("Project-Id-Version: {}", catalog.campaign),
        format!("Language: {}", catalog.language),
        "MIME-Version: 1.0".to_owned(),
        "Content-Type: text/plain; charset=UTF-8".to_owned(),
        "Content-Transfer-Encoding: 8bit".to_owned(),
        "X-Generator: handbill".to_owned(),
    ] {
        out.push_str(&format!("\"{}\\n\"\n", escape(&header)));
    }
    for u in &catalog.units {
        out.push('\n');
        for line in u.note.lines() {
            out.push_str(&format!("#. {line}\n"));
        }
        if let Some(max) = u.max_length {
            out.push_str(&format!("#. max-length: {max}\n"));
        }
        out.push_str(&format!("#: {}:{}\n", u.at.file.display(), u.at.line));
        let mut flags = Vec::new();
        if let Some(max) = u.max_length {
            flags.push(format!("max-length:{max}"));
        }
        if u.state == State::Final {
            flags.push("reviewed".to_owned());
        }
        if !flags.is_empty() {
            out.push_str(&format!("#, {}\n", flags.join(", ")));
        }
        out.push_str(&string("msgctxt", &u.id));
        out.push_str(&string("msgid", &u.source));
        out.push_str(&string("msgstr", u.target.as_deref().unwrap_or("")));
    }
    out
}

/// `keyword "…"`, split after each line break as gettext writes it.
fn string(keyword: &str, text: &str) -> String {
    if !text.contains('\n') || text.ends_with('\n') && text.matches('\n').count() == 1 {
        return format!("{keyword} \"{}\"\n", escape(text));
    }
    let mut out = format!("{keyword} \"\"\n");
    for piece in text.split_inclusive('\n') {
        out.push_str(&format!("\"{}\"\n", escape(piece)));
    }
    out
}

/// C escapes, as PO strings take them.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

/// One entry as read: its strings, flags and where it starts.
#[derive(Default)]
struct Entry {
    ctxt: Option<String>,
    id: Option<String>,
    str: Option<String>,
    fuzzy: bool,
    plural: bool,
    line: u32,
}

/// Which string the next continuation line adds to.
#[derive(Clone, Copy, PartialEq)]
enum Field {
    None,
    Ctxt,
    Id,
    Str,
}

/// A returned PO file: its language (the `Language:` header) and each
/// entry's translation. A fuzzy entry (Weblate's "needs editing") is read
/// as not translated.
pub fn read(file: &Path, text: &str) -> Result<Returned, Vec<Problem>> {
    let entries = entries(file, text)?;
    let (header, rest) = match entries.first() {
        Some(e) if e.id.as_deref() == Some("") && e.ctxt.is_none() => (Some(e), &entries[1..]),
        _ => (None, &entries[..]),
    };
    let language = header
        .and_then(|h| h.str.as_deref())
        .and_then(|s| s.lines().find_map(|l| l.strip_prefix("Language:")))
        .map(|l| l.trim().to_owned())
        .filter(|l| !l.is_empty());
    let language_at = Location::new(file, header.map_or(1, |h| h.line), 1);
    let Some(language) = language else {
        return Err(vec![Problem::new(language_at, "the PO file does not say its language (no `Language:` header)")
            .hint("set the language in the tool, or export the language again with `handbill translations export`")]);
    };
    let mut units = Vec::new();
    let mut problems = Vec::new();
    for e in rest {
        let at = Location::new(file, e.line, 1);
        match (&e.ctxt, e.plural) {
            (_, true) => problems.push(
                Problem::new(
                    at,
                    "this entry has plural forms; handbill's texts have none",
                )
                .hint("translate it as one msgstr"),
            ),
            (None, _) => problems.push(
                Problem::new(at, "this entry has no msgctxt, the id handbill needs")
                    .hint("keep each entry's msgctxt as exported"),
            ),
            (Some(id), _) => units.push(ReturnedUnit {
                id: id.clone(),
                target: e.str.clone().filter(|_| !e.fuzzy),
                at,
            }),
        }
    }
    match problems.is_empty() {
        true => Ok(Returned {
            language,
            language_at,
            units,
        }),
        false => Err(problems),
    }
}

/// The file's entries, each string unescaped and joined.
fn entries(file: &Path, text: &str) -> Result<Vec<Entry>, Vec<Problem>> {
    let mut entries: Vec<Entry> = Vec::new();
    let mut current = Entry::default();
    let mut field = Field::None;
    for (n, raw) in text.lines().enumerate() {
        let line_no = n as u32 + 1;
        let line = raw.trim();
        let problem = |col: usize, what: &str| {
            vec![
                Problem::new(
                    Location::new(file, line_no, col as u32 + 1),
                    what.to_owned(),
                )
                .hint(
                    "send the file as the tool exported it; `msgfmt --check` shows the same place",
                ),
            ]
        };
        if line.is_empty() || line.starts_with("#~") {
            continue;
        }
        if let Some(flags) = line.strip_prefix("#,") {
            if current.id.is_some() {
                entries.push(std::mem::take(&mut current));
            }
            current.fuzzy |= flags.split(',').any(|f| f.trim() == "fuzzy");
            continue;
        }
        if line.starts_with('#') {
            if current.id.is_some() {
                entries.push(std::mem::take(&mut current));
            }
            continue;
        }
        let (keyword, rest) = match line.find(|c: char| c.is_whitespace() || c == '"') {
            Some(i) => (&line[..i], line[i..].trim_start()),
            None => (line, ""),
        };
        let value = (!keyword.is_empty()).then_some(keyword);
        let quoted =
            unquote(rest).map_err(|(col, what)| problem(raw.len() - rest.len() + col, what))?;
        match value {
            None if field != Field::None => append(&mut current, field, &quoted),
            None => return Err(problem(0, "a string with no msgid or msgstr before it")),
            Some(k @ ("msgctxt" | "msgid" | "msgstr" | "msgid_plural")) => {
                // An entry ends where the next one's msgctxt or msgid begins.
                if matches!(k, "msgctxt" | "msgid") && current.id.is_some() {
                    entries.push(std::mem::take(&mut current));
                }
                if current.line == 0 {
                    current.line = line_no;
                }
                field = start(&mut current, k, quoted);
            }
            Some(k) if k.starts_with("msgstr[") => {
                current.plural = true;
                field = Field::None;
            }
            Some(_) => return Err(problem(0, &format!("`{keyword}` is not a PO keyword"))),
        }
    }
    if current.id.is_some() {
        entries.push(current);
    }
    Ok(entries)
}

/// Starts a string of an entry.
fn start(e: &mut Entry, keyword: &str, value: String) -> Field {
    match keyword {
        "msgctxt" => {
            e.ctxt = Some(value);
            Field::Ctxt
        }
        "msgid" => {
            e.id = Some(value);
            Field::Id
        }
        "msgid_plural" => {
            e.plural = true;
            Field::None
        }
        _ => {
            e.str = Some(value);
            Field::Str
        }
    }
}

/// A continuation line added to the string it continues.
fn append(e: &mut Entry, field: Field, value: &str) {
    let target = match field {
        Field::Ctxt => &mut e.ctxt,
        Field::Id => &mut e.id,
        Field::Str => &mut e.str,
        Field::None => return,
    };
    target.get_or_insert_with(String::new).push_str(value);
}

/// A `"…"` string's text, unescaped; or the column and what is wrong.
fn unquote(s: &str) -> Result<String, (usize, &'static str)> {
    let Some(body) = s.strip_prefix('"') else {
        return Err((0, "expected a string in double quotes"));
    };
    let mut out = String::new();
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' if body[i + 1..].trim().is_empty() => return Ok(out),
            '"' => return Err((i + 2, "text after the string's closing quote")),
            '\\' => match chars.next().map(|(_, c)| c) {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('r') => out.push('\r'),
                Some('"') => out.push('"'),
                Some('\\') => out.push('\\'),
                _ => {
                    return Err((
                        i + 1,
                        "an unknown escape: PO strings take \\n, \\t, \\r, \\\" and \\\\",
                    ));
                }
            },
            c => out.push(c),
        }
    }
    Err((s.len(), "the string has no closing quote"))
}

#[cfg(test)]
mod tests {
    use super::super::Unit;
    use super::*;

    fn catalog() -> Catalog {
        Catalog {
            campaign: "c".to_owned(),
            language: "uk".to_owned(),
            units: vec![
                Unit {
                    id: "m.yaml/one/headline".to_owned(),
                    at: Location::new("messages/m.yaml", 4, 5),
                    source: "Say \"hi\"\\now\nand then".to_owned(),
                    target: Some("Скажи «привіт»".to_owned()),
                    state: State::Translated,
                    note: "statement card: headline".to_owned(),
                    max_length: Some(42),
                },
                Unit {
                    id: "m.yaml/one/body".to_owned(),
                    at: Location::new("messages/m.yaml", 9, 5),
                    source: "Body".to_owned(),
                    target: None,
                    state: State::Initial,
                    note: String::new(),
                    max_length: None,
                },
            ],
        }
    }

    #[test]
    fn a_written_catalog_reads_back() {
        let po = write(&catalog());
        assert!(po.contains("#, max-length:42\nmsgctxt \"m.yaml/one/headline\"\nmsgid \"\"\n\"Say \\\"hi\\\"\\\\now\\n\"\n\"and then\"\n"), "{po}");
        let back = read(Path::new("t.po"), &po).expect("reads");
        assert_eq!(back.language, "uk");
        assert_eq!(back.units.len(), 2);
        assert_eq!(back.units[0].target.as_deref(), Some("Скажи «привіт»"));
        assert_eq!(back.units[1].target.as_deref(), Some(""));
        assert_eq!(
            back.units[1].at.line,
            po.lines()
                .position(|l| l == "msgctxt \"m.yaml/one/body\"")
                .expect("entry") as u32
                + 1
        );
    }

    #[test]
    fn fuzzy_entries_are_not_translations() {
        let po = "msgid \"\"\nmsgstr \"Language: uk\\n\"\n\n#, fuzzy\nmsgctxt \"a\"\nmsgid \"A\"\nmsgstr \"Б\"\n";
        let back = read(Path::new("t.po"), po).expect("reads");
        assert_eq!(back.units[0].target, None);
    }

    #[test]
    fn mistakes_are_located() {
        let po = "msgid \"\"\nmsgstr \"Language: uk\\n\"\n\nmsgctxt \"a\"\nmsgid \"A\"\nmsgstr \"B\\q\"\n";
        let p = read(Path::new("t.po"), po).expect_err("bad escape");
        assert_eq!(
            (p[0].location.line, p[0].location.column),
            (6, 10),
            "{}",
            p[0]
        );
        let p = read(Path::new("t.po"), "msgid \"\"\nmsgstr \"\"\n").expect_err("no language");
        assert!(p[0].what.contains("Language:"), "{}", p[0]);
        let p = read(
            Path::new("t.po"),
            "msgid \"\"\nmsgstr \"Language: uk\\n\"\nmsgctxt \"a\nmsgid \"A\"\n",
        )
        .expect_err("unclosed");
        assert_eq!(p[0].location.line, 3, "{}", p[0]);
    }
}
