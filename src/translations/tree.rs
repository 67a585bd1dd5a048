//! The texts written per language in a campaign's YAML files, found by
//! walking each file's own parse events (granit-parser, the parser
//! serde-saphyr reads every file with), so that each text keeps the bytes
//! it is written in, its scalar style and its place among its neighbours.
//!
//! A text is any map with an `en` entry whose keys are all language codes
//! and whose values are all scalars: message fields, captions, alt texts,
//! source titles, audience names and every `words:` entry, whatever keys a
//! campaign adds later. Ids are made from the keys leading to the map; an
//! item of a list that has an `id:` is named by it (`online-ads/headline`),
//! any other item by its place (`slides#2/headline`).
//!
//! This stage only reads: it must not interpret a field or change a byte.

use std::ops::Range;
use std::path::Path;

use serde_saphyr::granit_parser::{Event, Parser, ScalarStyle, StructureStyle};

use crate::problem::{Location, Problem};

/// How deep a file may nest maps and lists: the campaign's files need a
/// few levels; a hostile file is refused before the walk recurses further.
const MAX_DEPTH: usize = 64;

/// A scalar as written: its value, its style and the bytes it spans.
#[derive(Clone, Debug, PartialEq)]
pub struct Scalar {
    pub value: String,
    pub style: ScalarStyle,
    pub span: Range<usize>,
}

/// One text written per language, with where each language's value is.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// `media-and-public.yaml/online-ads/headline`.
    pub id: String,
    /// Each language's key and value, in the file's order.
    pub values: Vec<(Scalar, Scalar)>,
    /// Written `{en: …, it: …}` on one line, rather than as a block.
    pub flow: bool,
    /// Where the map ends: the `}` of a flow map, the end of a block's last
    /// value.
    pub end: usize,
}

impl Entry {
    /// The value in `lang`, if written.
    pub fn value(&self, lang: &str) -> Option<&Scalar> {
        self.values
            .iter()
            .find(|(k, _)| k.value == lang)
            .map(|(_, v)| v)
    }
}

/// A parsed node: what the walk needs of YAML's data model.
enum Node {
    Scalar(Scalar),
    Map {
        flow: bool,
        entries: Vec<(Scalar, Node)>,
        end: usize,
    },
    Seq(Vec<Node>),
    /// An alias: never a text of its own.
    Other,
}

/// Every text of one file, in the file's order. `name` is the file's name
/// as ids give it; `file` its path for problems.
pub fn entries(file: &Path, name: &str, text: &str) -> Result<Vec<Entry>, Problem> {
    let root = parse(file, text)?;
    let mut out = Vec::new();
    let mut path = vec![name.to_owned()];
    walk(&root, &mut path, &mut out);
    Ok(out)
}

/// The file's first document as a tree of nodes.
fn parse(file: &Path, text: &str) -> Result<Node, Problem> {
    let mut events = Events {
        parser: Parser::new_from_str(text),
        file,
        text,
    };
    loop {
        match events.next()? {
            None => return Ok(Node::Other),
            Some((Event::StreamStart | Event::DocumentStart(..), _)) => continue,
            Some((event, span)) => return node(&mut events, event, span, 0),
        }
    }
}

/// The parser's events without comments, with their byte spans, each error
/// a located problem.
struct Events<'a> {
    parser: Parser<'a, serde_saphyr::granit_parser::StrInput<'a>>,
    file: &'a Path,
    text: &'a str,
}

impl<'a> Events<'a> {
    fn next(&mut self) -> Result<Option<(Event<'a>, Range<usize>)>, Problem> {
        loop {
            let Some(next) = self.parser.next_event() else {
                return Ok(None);
            };
            let (event, span) = next.map_err(|e| {
                let m = e.marker();
                Problem::new(
                    Location::new(self.file, m.line() as u32, m.col() as u32 + 1),
                    format!("this YAML cannot be read: {}", e.info()),
                )
                .hint("fix the YAML at this place; `handbill check` says the same")
            })?;
            if matches!(event, Event::Comment(..)) {
                continue;
            }
            let range = span.byte_range().unwrap_or(0..0);
            let range = range.start.min(self.text.len())..range.end.min(self.text.len());
            return Ok(Some((event, range)));
        }
    }

    /// The next event, which must exist inside an open map or list.
    fn expect(&mut self) -> Result<(Event<'a>, Range<usize>), Problem> {
        self.next()?.ok_or_else(|| {
            Problem::new(
                Location::file(self.file),
                "this YAML ends inside a map or list",
            )
        })
    }
}

/// One node from its first event.
fn node<'a>(
    events: &mut Events<'a>,
    event: Event<'a>,
    span: Range<usize>,
    depth: usize,
) -> Result<Node, Problem> {
    if depth > MAX_DEPTH {
        return Err(Problem::new(
            line_of(events.file, events.text, span.start),
            "the YAML nests lists or maps too deeply to be read safely",
        ));
    }
    Ok(match event {
        Event::Scalar(value, style, ..) => Node::Scalar(Scalar {
            value: value.into_owned(),
            style,
            span,
        }),
        Event::MappingStart(style, ..) => map(events, style == StructureStyle::Flow, depth)?,
        Event::SequenceStart(..) => {
            let mut items = Vec::new();
            loop {
                match events.expect()? {
                    (Event::SequenceEnd, _) => break Node::Seq(items),
                    (e, s) => items.push(node(events, e, s, depth + 1)?),
                }
            }
        }
        _ => Node::Other,
    })
}

/// A map's entries, up to its end.
fn map(events: &mut Events, flow: bool, depth: usize) -> Result<Node, Problem> {
    let mut entries = Vec::new();
    loop {
        let (event, span) = events.expect()?;
        if let Event::MappingEnd = event {
            let end = match flow {
                true => span.start,
                false => entries.last().map_or(span.start, |(_, v)| node_end(v)),
            };
            return Ok(Node::Map { flow, entries, end });
        }
        let key = match node(events, event, span, depth + 1)? {
            Node::Scalar(s) => s,
            _ => Scalar {
                value: String::new(),
                style: ScalarStyle::Plain,
                span: 0..0,
            },
        };
        let (event, span) = events.expect()?;
        entries.push((key, node(events, event, span, depth + 1)?));
    }
}

/// Where a node's own bytes end (a scalar's; else unknown, 0).
fn node_end(node: &Node) -> usize {
    match node {
        Node::Scalar(s) => s.span.end,
        Node::Map { end, .. } => *end,
        _ => 0,
    }
}

/// Walks the tree, collecting texts under the ids their keys make.
fn walk(node: &Node, path: &mut Vec<String>, out: &mut Vec<Entry>) {
    match node {
        Node::Map { flow, entries, end } => {
            if let Some(values) = text_values(entries) {
                out.push(Entry {
                    id: path.join("/"),
                    values,
                    flow: *flow,
                    end: *end,
                });
                return;
            }
            for (key, value) in entries {
                path.push(key.value.clone());
                walk(value, path, out);
                path.pop();
            }
        }
        Node::Seq(items) => {
            let parent = path.pop().unwrap_or_default();
            for (n, item) in items.iter().enumerate() {
                let name = item_id(item).unwrap_or_else(|| format!("{parent}#{}", n + 1));
                path.push(name);
                walk(item, path, out);
                path.pop();
            }
            path.push(parent);
        }
        Node::Scalar(_) | Node::Other => {}
    }
}

/// A map's language values, when it is a text.
fn text_values(entries: &[(Scalar, Node)]) -> Option<Vec<(Scalar, Scalar)>> {
    let mut values = Vec::new();
    for (key, value) in entries {
        let Node::Scalar(v) = value else { return None };
        if !is_language_code(&key.value) {
            return None;
        }
        values.push((key.clone(), v.clone()));
    }
    values
        .iter()
        .any(|(k, _)| k.value == "en")
        .then_some(values)
}

/// `en`, `uk`, `fil`, `pt-BR`: the shape of a language code.
fn is_language_code(key: &str) -> bool {
    let (lang, region) = key.split_once('-').unwrap_or((key, ""));
    (2..=3).contains(&lang.len())
        && lang.bytes().all(|b| b.is_ascii_lowercase())
        && region.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// The `id:` of a list item, when it has one.
fn item_id(item: &Node) -> Option<String> {
    let Node::Map { entries, .. } = item else {
        return None;
    };
    entries.iter().find_map(|(k, v)| match v {
        Node::Scalar(s) if k.value == "id" && !s.value.is_empty() => Some(s.value.clone()),
        _ => None,
    })
}

/// The location of a byte of `text`: line and column from 1.
pub fn line_of(file: &Path, text: &str, at: usize) -> Location {
    let at = text.floor_char_boundary(at.min(text.len()));
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Location::new(file, line as u32, column as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str) -> Vec<String> {
        entries(Path::new("m.yaml"), "m.yaml", text)
            .expect("parses")
            .into_iter()
            .map(|e| e.id)
            .collect()
    }

    #[test]
    fn texts_are_named_by_keys_ids_and_places() {
        let text = "audience: x\nmessages:\n  - id: one\n    kind: statement\n    headline: {en: Hi, it: Ciao}\n    slides:\n      - body:\n          en: A\n      - body: {en: B}\n    numbers:\n      en: {decimal: \".\"}\n    publisher: UNICEF\n";
        assert_eq!(
            ids(text),
            [
                "m.yaml/one/headline",
                "m.yaml/one/slides#1/body",
                "m.yaml/one/slides#2/body"
            ]
        );
    }

    #[test]
    fn each_value_keeps_its_span_and_style() {
        let text = "a:\n  en: >-\n    Folded\n    text\n  it: 'q''s'\n";
        let found = entries(Path::new("m.yaml"), "m.yaml", text).expect("parses");
        let en = found[0].value("en").expect("en");
        assert_eq!(en.value, "Folded text");
        assert_eq!(en.style, ScalarStyle::Folded);
        assert!(text[en.span.clone()].starts_with("Folded"));
        let it = found[0].value("it").expect("it");
        assert_eq!(&text[it.span.clone()], "'q''s'");
        assert_eq!(found[0].end, it.span.end);
    }

    #[test]
    fn a_broken_file_is_a_located_problem() {
        let p = entries(Path::new("m.yaml"), "m.yaml", "a: [1,\nb: {").expect_err("broken");
        assert_eq!(p.location.file, Path::new("m.yaml"));
        assert!(p.location.line >= 1, "{p}");
        let deep = format!("a: {}{}", "[".repeat(100), "]".repeat(100));
        let p = entries(Path::new("m.yaml"), "m.yaml", &deep).expect_err("deep");
        assert!(p.what.contains("too deeply"), "{p}");
    }
}
