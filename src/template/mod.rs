//! Resolving templates: a designer's SVG file becomes a `Template` that knows
//! where each slot is, its box and its resolved text style.
//!
//! A template is kept as the designer's own text; filling a card splices new
//! text into known byte ranges, so everything handbill does not fill is drawn
//! exactly as the designer saved it. The contract is documented for
//! designers in `templates/README.md`; this module enforces it and reports
//! every breach with the template's line and column.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use roxmltree::{Document, Node, ParsingOptions};

use crate::fonts::Fonts;
use crate::format::Format;
use crate::layout::{Rect, TextStyle};
use crate::problem::{Location, Problem};

mod slot;

use slot::text_slot;
pub use slot::{css, number};

/// The largest template handbill reads: a card template is a few kilobytes
/// to a few hundred; anything bigger is a mistake or an attack.
pub const MAX_TEMPLATE_BYTES: usize = 5 * 1024 * 1024;

/// A text slot: a `<text>` element handbill fills, and the box it fits in.
#[derive(Clone, Debug)]
pub struct TextSlot {
    pub id: String,
    /// The whole `<text>…</text>` element in the template's source.
    pub range: Range<usize>,
    /// The start tag's attributes to keep, as written.
    pub attributes: String,
    /// The merged CSS declarations, without `font-size`.
    pub css: Vec<(String, String)>,
    pub style: TextStyle,
    pub bx: Rect,
    /// `text-transform: uppercase`: handbill sets the capitals itself, by
    /// the rules of the card's language.
    pub uppercase: bool,
}

impl TextSlot {
    /// A slot made in code rather than read from a template: plain
    /// declarations, no box, no attributes. Used to set text on pages
    /// handbill draws itself.
    pub fn plain(style: TextStyle, css: Vec<(String, String)>) -> TextSlot {
        TextSlot {
            id: String::new(),
            range: 0..0,
            attributes: String::new(),
            css,
            style,
            bx: Rect {
                x: 0.0,
                y: 0.0,
                w: 0.0,
                h: 0.0,
            },
            uppercase: false,
        }
    }
}

/// The logo `<image>`.
#[derive(Clone, Debug)]
pub struct LogoSlot {
    /// The whole element.
    pub range: Range<usize>,
    /// Edits that drop its `href`s.
    pub drops: Vec<Edit>,
    /// Where to put the new `href`.
    pub href_at: usize,
    /// Its box.
    pub rect: Rect,
}

/// An edit of the template's source: replace `range` with the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub text: String,
}

/// A resolved template.
#[derive(Clone, Debug)]
pub struct Template {
    /// The path shown in problems, e.g. `templates/x/quote.svg`.
    pub path: PathBuf,
    pub format: &'static Format,
    pub kind: String,
    pub source: String,
    pub text_slots: BTreeMap<String, TextSlot>,
    pub logo: Option<LogoSlot>,
    /// Colour swatch name → edits that set its stop colour, given the colour.
    pub colours: BTreeMap<String, ColourSlot>,
    /// The progress bar's `width` value range and its full width.
    pub progress: Option<(Range<usize>, f32)>,
    /// Where to add `display="none"` to hide the "next" cue.
    pub next: Option<usize>,
    /// Boxes and other template-only elements removed from every card.
    pub removals: Vec<Range<usize>>,
    /// `<text>` elements that are not slots: kept readable when a card is
    /// mirrored.
    pub static_texts: Vec<Range<usize>>,
    /// Everything inside the root `<svg>`, between its tags.
    pub content: Range<usize>,
    /// Whether this is a right-to-left variant (`<kind>.rtl.svg`), drawn
    /// as it is for right-to-left languages instead of mirrored.
    pub rtl: bool,
}

/// Where a swatch's stop colour is written.
#[derive(Clone, Debug)]
pub struct ColourSlot {
    /// The `stop-color` attribute's value, or where to add one.
    pub value: Result<Range<usize>, usize>,
    /// A `style` attribute's value that also sets `stop-color`, rewritten
    /// without it.
    pub style: Option<(Range<usize>, String)>,
}

/// The slots each kind of card needs, and those it may have.
pub fn slots_of(kind: &str) -> (&'static [&'static str], &'static [&'static str]) {
    match kind {
        "statement" => (&["headline"], &["body", "source", "kicker"]),
        "statistic" => (&["value", "label"], &["source", "kicker"]),
        "quote" => (&["quote", "attribution"], &["kicker"]),
        "call-to-action" => (&["headline", "link"], &["body", "kicker"]),
        "carousel" => (&["headline", "page"], &["body", "kicker"]),
        "factsheet" => (FACTSHEET_REQUIRED, FACTSHEET_OPTIONAL),
        _ => (&[], &[]),
    }
}

/// The factsheet's slots: three facts and five milestones.
pub const FACTSHEET_REQUIRED: &[&str] = &[
    "title",
    "about",
    "facts-heading",
    "fact1-value",
    "fact1-label",
    "fact1-source",
    "fact2-value",
    "fact2-label",
    "fact2-source",
    "fact3-value",
    "fact3-label",
    "fact3-source",
    "timeline-heading",
    "m1-year",
    "m1-title",
    "m2-year",
    "m2-title",
    "m3-year",
    "m3-title",
    "m4-year",
    "m4-title",
    "m5-year",
    "m5-title",
    "contact",
];
pub const FACTSHEET_OPTIONAL: &[&str] = &[
    "subtitle",
    "embargo",
    "footer",
    "fact1-caveat",
    "fact2-caveat",
    "fact3-caveat",
];

/// Parses and checks one template.
pub fn resolve(
    path: &Path,
    source: String,
    format: &'static Format,
    kind: &str,
    fonts: &Fonts,
) -> (Option<Template>, Vec<Problem>) {
    let mut problems = Vec::new();
    if source.len() > MAX_TEMPLATE_BYTES {
        problems.push(
            Problem::new(
                Location::file(path),
                format!(
                    "the template is {} bytes; handbill reads at most {MAX_TEMPLATE_BYTES}",
                    source.len()
                ),
            )
            .hint(
                "embed smaller images, or remove unused ones (Inkscape: File → Clean Up Document)",
            ),
        );
        return (None, problems);
    }
    let opts = ParsingOptions {
        allow_dtd: true,
        nodes_limit: 1_000_000,
        ..ParsingOptions::default()
    };
    let doc = match Document::parse_with_options(&source, opts) {
        Ok(d) => d,
        Err(e) => {
            let pos = e.pos();
            problems.push(
                Problem::new(
                    Location::new(path, pos.row, pos.col),
                    format!("the template is not well-formed XML: {e}"),
                )
                .hint("open and save it again in Inkscape or a text editor that checks XML"),
            );
            return (None, problems);
        }
    };
    let at = |n: Node| {
        let p = doc.text_pos_at(n.range().start);
        Location::new(path, p.row, p.col)
    };

    let root = doc.root_element();
    if !root.has_tag_name((SVG_NS, "svg")) {
        problems.push(
            Problem::new(at(root), "the root element is not an SVG <svg> element")
                .hint("save the template as plain SVG"),
        );
        return (None, problems);
    }
    let (w, h) = (
        root.attribute("width").and_then(number),
        root.attribute("height").and_then(number),
    );
    if w != Some(format.width as f32) || h != Some(format.height as f32) {
        problems.push(
            Problem::new(
                at(root),
                format!(
                    "the canvas is {}×{}, but the {} format is {}×{}",
                    root.attribute("width").unwrap_or("?"),
                    root.attribute("height").unwrap_or("?"),
                    format.name,
                    format.width,
                    format.height
                ),
            )
            .template(path)
            .hint(format!(
                "set width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" on the root <svg>",
                format.width, format.height, format.width, format.height
            )),
        );
    }
    if let Some(vb) = root.attribute("viewBox") {
        let nums: Vec<f32> = vb
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|s| !s.is_empty())
            .filter_map(number)
            .collect();
        if nums != [0.0, 0.0, format.width as f32, format.height as f32] {
            problems.push(
                Problem::new(
                    at(root),
                    format!(
                        "the viewBox is \"{vb}\", not the canvas \"0 0 {} {}\"",
                        format.width, format.height
                    ),
                )
                .template(path)
                .hint("make the viewBox match the canvas so one unit is one pixel"),
            );
        }
    }

    let by_id: BTreeMap<&str, Node> = doc
        .descendants()
        .filter(|n| n.is_element())
        .filter_map(|n| n.attribute("id").map(|id| (id, n)))
        .collect();

    let mut removals = Vec::new();
    let mut text_slots = BTreeMap::new();
    let (required, optional) = slots_of(kind);
    for &id in required.iter().chain(optional) {
        let Some(&text) = by_id.get(id) else {
            if required.contains(&id) {
                problems.push(
                    Problem::new(Location::file(path), format!("a {kind} template needs a text slot `{id}`"))
                        .template(path)
                        .slot(id)
                        .hint(format!("add a <text id=\"{id}\"> and a <rect id=\"{id}-box\"> for its area; see templates/README.md")),
                );
            }
            continue;
        };
        let before = problems.len();
        let slot = text_slot(
            path,
            &doc,
            text,
            id,
            by_id.get(format!("{id}-box").as_str()).copied(),
            format,
            fonts,
            &mut problems,
        );
        for p in &mut problems[before..] {
            p.context.slot = Some(id.to_owned());
            p.context.template = Some(path.to_owned());
        }
        if let Some((slot, box_range)) = slot {
            removals.push(box_range);
            text_slots.insert(id.to_owned(), slot);
        }
    }

    let mut logo = None;
    if let Some(&img) = by_id.get("logo") {
        if !img.has_tag_name((SVG_NS, "image")) {
            problems.push(
                Problem::new(at(img), "the `logo` slot must be an <image> element")
                    .template(path)
                    .hint("draw the logo's area as an image (Inkscape: import any picture, then set its id to logo)"),
            );
        } else {
            let drops = img
                .attributes()
                .filter(|a| a.name() == "href")
                .map(|a| Edit {
                    range: attr_range_with_space(&source, a.range()),
                    text: String::new(),
                })
                .collect();
            let rect =
                ["x", "y", "width", "height"].map(|a| img.attribute(a).map_or(Some(0.0), number));
            match rect {
                [Some(x), Some(y), Some(w), Some(h)] => {
                    logo = Some(LogoSlot {
                        range: img.range(),
                        drops,
                        href_at: img.range().start + "<image".len(),
                        rect: Rect { x, y, w, h },
                    });
                }
                _ => problems.push(
                    Problem::new(
                        at(img),
                        "the `logo` image needs x, y, width and height in px",
                    )
                    .template(path)
                    .hint("set them as plain numbers"),
                ),
            }
        }
    }

    // Images other than the logo must be embedded: handbill never reads a
    // file a template points to.
    for n in doc
        .descendants()
        .filter(|n| n.has_tag_name((SVG_NS, "image")))
    {
        if n.attribute("id") == Some("logo") {
            continue;
        }
        let href = n
            .attributes()
            .find(|a| a.name() == "href")
            .map(|a| a.value())
            .unwrap_or("");
        if !href.starts_with("data:") {
            problems.push(
                Problem::new(at(n), format!("the image points to {href:?}; handbill only draws embedded images"))
                    .template(path)
                    .hint("embed the image (Inkscape: Extensions → Images → Embed Images), or make it the `logo` slot"),
            );
        }
    }
    if doc.descendants().any(|n| n.has_tag_name((SVG_NS, "style"))) {
        for slot in text_slots.keys() {
            if let Some(n) = by_id.get(slot.as_str())
                && n.attribute("class").is_some()
            {
                problems.push(
                        Problem::new(at(*n), "this text slot is styled by a CSS class, which handbill cannot see")
                            .template(path)
                            .slot(slot)
                            .hint("style text slots with attributes or style=\"…\" (Inkscape does); in Figma, export with \"presentation attributes\""),
                    );
            }
        }
    }

    let mut colours = BTreeMap::new();
    for (id, n) in &by_id {
        let Some(name) = id.strip_prefix("colour-") else {
            continue;
        };
        let Some(stop) = n.children().find(|c| c.has_tag_name((SVG_NS, "stop"))) else {
            problems.push(
                Problem::new(at(*n), format!("the colour swatch `{id}` has no <stop>"))
                    .template(path)
                    .hint("a swatch is a gradient with one stop: <linearGradient id=\"colour-accent\"><stop offset=\"0\" stop-color=\"#e4572e\"/></linearGradient>"),
            );
            continue;
        };
        let value = match stop.attribute_node("stop-color") {
            Some(a) => Ok(a.range_value()),
            None => Err(stop.range().start + "<stop".len()),
        };
        let style = stop.attribute_node("style").map(|a| {
            let kept: Vec<String> = css(a.value())
                .into_iter()
                .filter(|(k, _)| k != "stop-color")
                .map(|(k, v)| format!("{k}:{v}"))
                .collect();
            (a.range_value(), kept.join(";"))
        });
        colours.insert(name.to_owned(), ColourSlot { value, style });
    }

    let progress = by_id.get("progress").and_then(|n| {
        let a = n.attribute_node("width")?;
        Some((a.range_value(), number(a.value())?))
    });
    if by_id.contains_key("progress") && progress.is_none() {
        problems.push(
            Problem::new(
                at(by_id["progress"]),
                "the `progress` bar needs a numeric width",
            )
            .template(path)
            .hint("make it a <rect> with width in px"),
        );
    }
    let next = by_id
        .get("next")
        .map(|n| n.range().start + 1 + n.tag_name().name().len());

    let static_texts = doc
        .descendants()
        .filter(|n| n.has_tag_name((SVG_NS, "text")))
        .filter(|n| {
            !n.attribute("id")
                .is_some_and(|id| text_slots.contains_key(id))
        })
        .map(|n| n.range())
        .collect();
    // The root's content: after its start tag, before its end tag.
    let root_range = root.range();
    let open_end = source[root_range.clone()]
        .find('>')
        .map_or(root_range.start, |i| root_range.start + i + 1);
    let close_start = source[..root_range.end]
        .rfind("</")
        .unwrap_or(root_range.end);
    let content = open_end..close_start.max(open_end);

    if !problems.is_empty() {
        return (None, problems);
    }
    removals.sort_by_key(|r| r.start);
    let template = Template {
        path: path.to_owned(),
        format,
        kind: kind.to_owned(),
        text_slots,
        logo,
        colours,
        progress,
        next,
        removals,
        static_texts,
        content,
        rtl: path.to_string_lossy().ends_with(".rtl.svg"),
        source: String::new(),
    };
    drop(doc);
    (Some(Template { source, ..template }), problems)
}

pub(crate) const SVG_NS: &str = "http://www.w3.org/2000/svg";

/// An attribute's range including the white space before it.
fn attr_range_with_space(source: &str, range: Range<usize>) -> Range<usize> {
    let before = &source[..range.start];
    let trimmed = before.trim_end_matches(|c: char| c.is_ascii_whitespace());
    trimmed.len()..range.end
}
