//! The template as a document: a file small enough to be a card template,
//! well-formed XML, whose root is an `<svg>` with the format's canvas.
//!
//! These are the checks that come before any slot is looked for: the size,
//! the XML, the root's canvas, and how deep its elements nest. This module
//! reads no slot.

use std::ops::Range;
use std::path::Path;

use roxmltree::{Document, Node, ParsingOptions};

use super::SVG_NS;
use super::reader::Reader;
use super::slot::number;
use crate::problem::{Location, Problem};

/// The largest template handbill reads: a card template is a few kilobytes
/// to a few hundred; anything bigger is a mistake or an attack.
pub const MAX_TEMPLATE_BYTES: usize = 5 * 1024 * 1024;

/// The most nodes (elements, texts, comments) a template may hold: usvg's
/// own limit, a million.
const MAX_NODES: u32 = 1_000_000;

/// The deepest nesting of elements handbill reads. Designers' files nest a
/// few dozen groups at most; usvg refuses more than 1,024 levels (counting
/// those `<use>` adds), and handbill adds a few of its own to mirror a card,
/// so this limit keeps every card well inside usvg's.
pub const MAX_DEPTH: usize = 256;

/// Parses the template's text, refusing a file too big to be a template.
pub(super) fn parse<'input>(path: &Path, source: &'input str) -> Result<Document<'input>, Problem> {
    if source.len() > MAX_TEMPLATE_BYTES {
        return Err(Problem::new(
            Location::file(path),
            format!(
                "the template is {} bytes; handbill reads at most {MAX_TEMPLATE_BYTES}",
                source.len()
            ),
        )
        .hint("embed smaller images, or remove unused ones (Inkscape: File → Clean Up Document)"));
    }
    let opts = ParsingOptions {
        allow_dtd: true,
        nodes_limit: MAX_NODES,
        ..ParsingOptions::default()
    };
    Document::parse_with_options(source, opts).map_err(|e| {
        if let roxmltree::Error::NodesLimitReached = e {
            return Problem::new(
                Location::file(path),
                format!("the template holds more than {MAX_NODES} elements and texts; handbill reads at most that many"),
            )
            .hint("remove hidden or unused elements (Inkscape: File → Clean Up Document), or flatten detailed artwork into an embedded image");
        }
        let pos = e.pos();
        Problem::new(
            Location::new(path, pos.row, pos.col),
            format!("the template is not well-formed XML: {e}"),
        )
        .hint("open and save it again in Inkscape or a text editor that checks XML")
    })
}

/// The root `<svg>`, with its canvas checked against the format; `None`
/// when the root is not an `<svg>` at all, and nothing else can be read.
pub(super) fn root<'a, 'input>(r: &mut Reader<'a, 'input>) -> Option<Node<'a, 'input>> {
    let root = r.doc.root_element();
    if !root.has_tag_name((SVG_NS, "svg")) {
        // Not yet a template: the location alone names the file.
        let p = Problem::new(r.at(root), "the root element is not an SVG <svg> element")
            .hint("save the template as plain SVG");
        r.report(p);
        return None;
    }
    check_size(r, root);
    check_view_box(r, root);
    check_depth(r, root);
    Some(root)
}

/// The canvas is the format's width and height.
fn check_size(r: &mut Reader, root: Node) {
    let format = r.format;
    let (w, h) = (
        root.attribute("width").and_then(number),
        root.attribute("height").and_then(number),
    );
    if w == Some(format.width as f32) && h == Some(format.height as f32) {
        return;
    }
    let p = r
        .problem(
            root,
            format!(
                "the canvas is {}×{}, but the {} format is {}×{}",
                root.attribute("width").unwrap_or("?"),
                root.attribute("height").unwrap_or("?"),
                format.name,
                format.width,
                format.height
            ),
        )
        .hint(format!(
            "set width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" on the root <svg>",
            format.width, format.height, format.width, format.height
        ));
    r.report(p);
}

/// A viewBox, when there is one, is the canvas: one unit is one pixel.
fn check_view_box(r: &mut Reader, root: Node) {
    let format = r.format;
    let Some(vb) = root.attribute("viewBox") else {
        return;
    };
    if view_box(vb) == [0.0, 0.0, format.width as f32, format.height as f32] {
        return;
    }
    let p = r
        .problem(
            root,
            format!(
                "the viewBox is \"{vb}\", not the canvas \"0 0 {} {}\"",
                format.width, format.height
            ),
        )
        .hint("make the viewBox match the canvas so one unit is one pixel");
    r.report(p);
}

/// A viewBox's numbers, separated by commas or white space; a value that
/// is not a number is left out, so the list no longer matches a canvas.
fn view_box(vb: &str) -> Vec<f32> {
    vb.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .filter_map(number)
        .collect()
}

/// No element nests deeper than [`MAX_DEPTH`]; the first that does is
/// named. Each node's level is its parent's plus one, found in one pass in
/// document order, so a file of 100,000 nested groups costs one pass.
fn check_depth(r: &mut Reader, root: Node) {
    let Some(n) = too_deep(root) else {
        return;
    };
    let p = r
        .problem(
            n,
            format!(
                "this element is nested {} levels deep; handbill reads at most {MAX_DEPTH}",
                MAX_DEPTH + 1
            ),
        )
        .hint("ungroup the artwork (Inkscape and Illustrator: Object → Ungroup), or flatten it into fewer groups");
    r.report(p);
}

/// The first element deeper than [`MAX_DEPTH`] (the root is level 1).
fn too_deep<'a, 'input>(root: Node<'a, 'input>) -> Option<Node<'a, 'input>> {
    // Levels by node id; nodes come after their parents in document order.
    let mut levels = vec![0usize; root.document().descendants().count()];
    for n in root.descendants().filter(|n| n.is_element()) {
        let parent = n.parent().map_or(0, |p| levels[p.id().get_usize()]);
        let level = parent + 1;
        if level > MAX_DEPTH {
            return Some(n);
        }
        levels[n.id().get_usize()] = level;
    }
    None
}

/// Everything inside the root element, between its start and end tags.
pub(super) fn content(source: &str, root: Node) -> Range<usize> {
    let root_range = root.range();
    let open_end = source[root_range.clone()]
        .find('>')
        .map_or(root_range.start, |i| root_range.start + i + 1);
    let close_start = source[..root_range.end]
        .rfind("</")
        .unwrap_or(root_range.end);
    open_end..close_start.max(open_end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_view_box_splits_on_commas_and_spaces() {
        assert_eq!(view_box("0 0 1080 1350"), [0.0, 0.0, 1080.0, 1350.0]);
        assert_eq!(view_box("0,0, 1080\t1350"), [0.0, 0.0, 1080.0, 1350.0]);
        assert_eq!(view_box("0 0 1080px 1350"), [0.0, 0.0, 1080.0, 1350.0]);
        // A word is dropped, so four values become three and no canvas matches.
        assert_eq!(view_box("0 0 wide 1350"), [0.0, 0.0, 1350.0]);
    }

    #[test]
    fn content_is_between_the_roots_tags() {
        let source = r#"<svg a="1"><rect/><g>x</g></svg>"#;
        let doc = Document::parse(source).expect("xml");
        let range = content(source, doc.root_element());
        assert_eq!(&source[range], "<rect/><g>x</g>");
    }

    #[test]
    fn an_empty_root_has_empty_content() {
        let source = "<svg></svg>";
        let doc = Document::parse(source).expect("xml");
        assert!(content(source, doc.root_element()).is_empty());
        let source = "<svg/>";
        let doc = Document::parse(source).expect("xml");
        assert!(content(source, doc.root_element()).is_empty());
    }

    #[test]
    fn a_file_over_the_limit_is_refused_before_parsing() {
        let big = " ".repeat(MAX_TEMPLATE_BYTES + 1);
        let p = parse(Path::new("designs/a.svg"), &big).expect_err("too big");
        assert!(p.what.contains("handbill reads at most"), "{}", p.what);
        assert_eq!(p.location.file, Path::new("designs/a.svg"));
    }

    #[test]
    fn the_first_element_past_the_depth_limit_is_found() {
        let nested = |levels: usize| {
            format!(
                "<svg>{}{}</svg>",
                "<g>".repeat(levels),
                "</g>".repeat(levels)
            )
        };
        // The root and MAX_DEPTH - 1 groups: exactly at the limit.
        let source = nested(MAX_DEPTH - 1);
        let doc = Document::parse(&source).expect("xml");
        assert!(too_deep(doc.root_element()).is_none());
        // Siblings do not add up: depth falls back on every close.
        let source = format!("<svg>{}</svg>", "<g><g/></g>".repeat(MAX_DEPTH));
        let doc = Document::parse(&source).expect("xml");
        assert!(too_deep(doc.root_element()).is_none());
        let source = nested(MAX_DEPTH);
        let doc = Document::parse(&source).expect("xml");
        let n = too_deep(doc.root_element()).expect("one level too deep");
        assert_eq!(n.range().start, "<svg>".len() + 3 * (MAX_DEPTH - 1));
    }

    #[test]
    fn a_million_nodes_are_refused_for_the_whole_file() {
        let many = format!("<svg>{}</svg>", "<g/>".repeat(MAX_NODES as usize));
        let p = parse(Path::new("a.svg"), &many).expect_err("too many");
        assert_eq!(p.location, Location::file("a.svg"));
        assert!(p.what.contains("more than 1000000 elements"), "{}", p.what);
    }

    #[test]
    fn broken_xml_is_located_at_the_error() {
        let p = parse(Path::new("a.svg"), "<svg>\n  <g></svg>").expect_err("bad xml");
        assert_eq!((p.location.line, p.location.column), (2, 6));
        assert!(p.what.contains("not well-formed"), "{}", p.what);
    }
}
