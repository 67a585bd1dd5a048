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

use crate::campaign::Direction;
use crate::fonts::Fonts;
use crate::format::Format;
use crate::kind::Kind;
use crate::layout::{Rect, TextStyle};
use crate::problem::Problem;

mod artwork;
mod document;
mod drawable;
mod filters;
mod layers;
mod picture;
mod reader;
mod slot;

use artwork::ById;
pub use document::MAX_TEMPLATE_BYTES;
pub use layers::Layers;
pub use picture::{KEEP as KEEP_UNMIRRORED, PhotoSlot, Pictures};
use reader::Reader;
use slot::{SlotNodes, text_slot};

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
    /// The box, in the coordinates the lines are written in.
    pub bx: Rect,
    /// The text's own `transform` when it is more than a move: the lines
    /// are written inside a group that carries it.
    pub frame: Option<String>,
    /// From the coordinates the lines are written in to the canvas (the
    /// groups around the text and its own transform): where its lines are
    /// drawn, and how large.
    pub to_canvas: resvg::usvg::Transform,
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
            frame: None,
            to_canvas: resvg::usvg::Transform::identity(),
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
    /// The "next" cue, hidden on the last slide.
    pub next: Option<Range<usize>>,
    /// Boxes and other template-only elements removed from every card.
    pub removals: Vec<Range<usize>>,
    /// `<text>` elements that are not slots: kept readable when a card is
    /// mirrored.
    pub static_texts: Vec<Range<usize>>,
    /// Everything inside the root `<svg>`, between its tags.
    pub content: Range<usize>,
    /// `Rtl` for a right-to-left variant (`<kind>.rtl.svg`), drawn as it
    /// is for right-to-left languages instead of mirrored.
    pub direction: Direction,
    /// The photo slot, raster images and elements kept unmirrored.
    pub pictures: Pictures,
    /// The painted elements under the first slot and over it, for drawing
    /// a card in two layers; `None` when its cards are drawn whole.
    pub layers: Option<Layers>,
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

/// What a template is resolved for: a name for problems ("a quote
/// template needs…"), the text slots it must and may have, and whether it
/// is drawn for right-to-left languages as it is.
#[derive(Clone, Debug)]
pub struct Needs {
    pub name: &'static str,
    pub required: Vec<&'static str>,
    pub optional: Vec<&'static str>,
    pub direction: Direction,
}

impl Needs {
    /// What a kind of card needs of its template.
    pub fn card(kind: &'static Kind, direction: Direction) -> Needs {
        let (required, mut optional) = kind.template_slots();
        // Any card may credit its photo (`crate::photo`).
        optional.push(crate::photo::CREDIT_SLOT);
        Needs {
            name: kind.name,
            required,
            optional,
            direction,
        }
    }
}

/// Parses and checks one template read from `path` (the file the project
/// loader read, named in every problem).
pub fn resolve(
    path: &Path,
    source: String,
    format: &'static Format,
    needs: &Needs,
    fonts: &Fonts,
) -> (Option<Template>, Vec<Problem>) {
    match read(path, &source, format, needs, fonts) {
        Ok(parts) => (
            Some(parts.into_template(path, source, format, needs)),
            Vec::new(),
        ),
        Err(problems) => (None, problems),
    }
}

/// Inkscape's namespace, of `inkscape:label`.
const INKSCAPE_NS: &str = "http://www.inkscape.org/namespaces/inkscape";

/// Every element by its id; an `inkscape:label` stands in for an id no
/// element has, since the label is what Inkscape's Layers and Objects
/// panel shows and lets a designer rename. An id always wins, and of two
/// elements with one label the first does.
fn by_id<'a, 'input>(doc: &'a roxmltree::Document<'input>) -> ById<'a, 'input> {
    let elements = || doc.descendants().filter(|n| n.is_element());
    let mut by_id: ById = elements()
        .filter_map(|n| n.attribute("id").map(|id| (id, n)))
        .collect();
    for n in elements() {
        if let Some(label) = n.attribute((INKSCAPE_NS, "label")) {
            by_id.entry(label).or_insert(n);
        }
    }
    by_id
}

/// What a template is made of, found in its source: every range and edit
/// a card needs, before the source itself is moved into the `Template`.
struct Parts {
    text_slots: BTreeMap<String, TextSlot>,
    logo: Option<LogoSlot>,
    colours: BTreeMap<String, ColourSlot>,
    progress: Option<(Range<usize>, f32)>,
    next: Option<Range<usize>>,
    removals: Vec<Range<usize>>,
    static_texts: Vec<Range<usize>>,
    content: Range<usize>,
    pictures: Pictures,
    layers: Option<Layers>,
}

/// Reads a template's parts, or every problem that stops it.
fn read(
    path: &Path,
    source: &str,
    format: &'static Format,
    needs: &Needs,
    fonts: &Fonts,
) -> Result<Parts, Vec<Problem>> {
    // A file small enough to be a template, and well-formed XML.
    let doc = document::parse(path, source).map_err(|p| vec![p])?;
    let mut r = Reader::new(path, &doc, format, fonts);
    // An <svg> root with the format's canvas.
    let Some(root) = document::root(&mut r) else {
        return Err(r.problems);
    };
    // Slots are found by id, or by the label Inkscape's panels show.
    let by_id = by_id(&doc);
    // The text slots this kind needs and may have, and their boxes to remove.
    let (text_slots, mut removals) = text_slots(&mut r, &by_id, needs);
    // The logo, and no picture read from a file.
    let logo = artwork::logo(&mut r, &by_id);
    artwork::check_images(&mut r, &by_id);
    // The photo slot, and pictures that must not mirror.
    let pictures = picture::read(&mut r, &by_id);
    // Nothing else read from a file, and filters drawn in bounded time.
    artwork::check_references(&mut r);
    filters::check(&mut r);
    // Colour swatches, the carousel's progress bar and "next" cue.
    let colours = artwork::colours(&mut r, &by_id);
    let progress = artwork::progress(&mut r, &by_id);
    let next = artwork::next(&by_id);
    // Texts that stay as drawn, and the root's content for mirroring.
    let static_texts = artwork::static_texts(&r, &text_slots);
    let content = document::content(source, root);
    // Only a template that passes every check is read by usvg, as its
    // cards will be.
    if r.problems.is_empty() {
        drawable::check(&mut r);
    }
    r.finish()?;
    removals.sort_by_key(|range| range.start);
    // Where the artwork splits into a layer under the slots and one over.
    let slots: Vec<Range<usize>> = (text_slots.values().map(|s| s.range.clone()))
        .chain(logo.iter().map(|l| l.range.clone()))
        .collect();
    let layers = layers::split(&doc, &by_id, &slots, &removals);
    Ok(Parts {
        text_slots,
        logo,
        colours,
        progress,
        next,
        removals,
        static_texts,
        content,
        pictures,
        layers,
    })
}

/// Reads the text slots a kind needs and those it may have: each slot by
/// id, and the range of its box, which no card draws.
fn text_slots(
    r: &mut Reader,
    by_id: &ById,
    needs: &Needs,
) -> (BTreeMap<String, TextSlot>, Vec<Range<usize>>) {
    let mut text_slots = BTreeMap::new();
    let mut removals = Vec::new();
    let (required, kind) = (&needs.required, needs.name);
    for &id in required.iter().chain(&needs.optional) {
        let Some(&text) = by_id.get(id) else {
            if required.contains(&id) {
                let p = r
                    .problem_in_file(format!("a {kind} template needs a text slot `{id}`"))
                    .slot(id)
                    .hint(format!("add a <text id=\"{id}\"> and a <rect id=\"{id}-box\"> for its area; see templates/README.md"));
                r.report(p);
            }
            continue;
        };
        let bx = by_id.get(format!("{id}-box").as_str()).copied();
        if let Some((slot, box_range)) = text_slot(r, SlotNodes { id, text, bx }) {
            removals.push(box_range);
            text_slots.insert(id.to_owned(), slot);
        }
    }
    (text_slots, removals)
}

impl Parts {
    fn into_template(
        self,
        path: &Path,
        source: String,
        format: &'static Format,
        needs: &Needs,
    ) -> Template {
        Template {
            path: path.to_owned(),
            format,
            kind: needs.name.to_owned(),
            source,
            text_slots: self.text_slots,
            logo: self.logo,
            colours: self.colours,
            progress: self.progress,
            next: self.next.clone(),
            removals: self.removals,
            static_texts: self.static_texts,
            content: self.content,
            direction: needs.direction,
            pictures: self.pictures,
            layers: self.layers,
        }
    }
}

pub(crate) const SVG_NS: &str = "http://www.w3.org/2000/svg";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::testing::fonts;

    const STATEMENT: &str =
        include_str!("../../tests/fixtures/mini/templates/instagram-square/statement.svg");

    fn square() -> &'static Format {
        Format::named("instagram-square").expect("format")
    }

    fn resolve_at(path: &str, source: &str) -> (Option<Template>, Vec<Problem>) {
        // Right-to-left variants are named so by the project loader.
        let direction = match path.ends_with(".rtl.svg") {
            true => Direction::Rtl,
            false => Direction::Ltr,
        };
        let needs = Needs::card(Kind::named("statement").expect("kind"), direction);
        resolve(
            Path::new(path),
            source.to_owned(),
            square(),
            &needs,
            fonts(),
        )
    }

    #[test]
    fn a_good_template_resolves_every_part() {
        let (t, problems) = resolve_at("designs/square/statement.svg", STATEMENT);
        assert!(problems.is_empty(), "{problems:?}");
        let t = t.expect("template");
        assert_eq!(
            t.text_slots.keys().collect::<Vec<_>>(),
            ["body", "headline", "kicker", "source"]
        );
        assert_eq!(t.removals.len(), 4);
        assert!(t.removals.windows(2).all(|w| w[0].start < w[1].start));
        assert!(
            t.removals
                .iter()
                .all(|r| t.source[r.clone()].contains("-box"))
        );
        assert_eq!(t.colours.keys().collect::<Vec<_>>(), ["ink", "paper"]);
        assert!(t.logo.is_some());
        assert!(
            t.source[t.content.clone()]
                .trim_start()
                .starts_with("<defs>")
        );
        assert_eq!(t.path, Path::new("designs/square/statement.svg"));
        assert_eq!(t.direction, Direction::Ltr);
        let headline = &t.text_slots["headline"];
        assert_eq!(headline.style.max_size, 96.0);
        assert_eq!(headline.style.line_height, 1.1);
        assert!(!headline.css.iter().any(|(k, _)| k == "font-size"));
    }

    #[test]
    fn a_right_to_left_variant_keeps_the_direction_it_was_read_for() {
        let (t, _) = resolve_at("designs/square/statement.rtl.svg", STATEMENT);
        assert_eq!(t.expect("template").direction, Direction::Rtl);
    }

    #[test]
    fn every_problem_names_the_file_that_was_read() {
        // A headline with no box, a body sized by an !important class, a picture read
        // from a file, a swatch without a stop, a progress bar without a
        // width, a canvas of the wrong size: all in a folder not called
        // templates/.
        let source = STATEMENT
            .replace(
                "width=\"1080\" height=\"1080\"",
                "width=\"1000\" height=\"1080\"",
            )
            .replace("id=\"headline-box\"", "id=\"headline-frame\"")
            .replace("<text id=\"body\"", "<text id=\"body\" class=\"b\"")
            .replace(
                "<defs>",
                "<defs><style>.b{font-size:50px !important}</style><linearGradient id=\"colour-x\"/>",
            )
            .replace(
                "</svg>",
                "<image href=\"photo.jpg\"/><rect id=\"progress\"/></svg>",
            );
        let path = "designs/square/statement.svg";
        let (t, problems) = resolve_at(path, &source);
        assert!(t.is_none());
        let whats: Vec<&str> = problems.iter().map(|p| p.what.as_str()).collect();
        assert_eq!(problems.len(), 6, "{whats:#?}");
        for p in &problems {
            assert_eq!(p.location.file, Path::new(path), "{p}");
            assert_eq!(p.context.template.as_deref(), Some(Path::new(path)), "{p}");
            assert!(p.location.line > 0, "{p}");
        }
        let slots: Vec<Option<&str>> = problems.iter().map(|p| p.context.slot.as_deref()).collect();
        assert!(slots.contains(&Some("headline")), "{slots:?}");
        assert!(slots.contains(&Some("body")), "{slots:?}");
    }

    #[test]
    fn a_missing_required_slot_names_the_whole_file_and_the_slot() {
        let source = STATEMENT.replace("id=\"headline\"", "id=\"title\"");
        let (_, problems) = resolve_at("d/statement.svg", &source);
        assert_eq!(problems.len(), 1, "{problems:?}");
        let p = &problems[0];
        assert_eq!(p.location.line, 0);
        assert_eq!(p.context.slot.as_deref(), Some("headline"));
        assert!(
            p.what.contains("needs a text slot `headline`"),
            "{}",
            p.what
        );
    }

    #[test]
    fn an_optional_slot_may_be_left_out() {
        let source = STATEMENT.replace("id=\"kicker\"", "id=\"eyebrow\"");
        let (t, problems) = resolve_at("d/statement.svg", &source);
        assert!(problems.is_empty(), "{problems:?}");
        // Its box is then artwork, kept on the card.
        assert_eq!(t.expect("template").removals.len(), 3);
    }

    #[test]
    fn a_size_under_the_legibility_floor_is_refused() {
        let source = STATEMENT.replace("font-size=\"33\"", "font-size=\"20\"");
        let (t, problems) = resolve_at("d/statement.svg", &source);
        assert!(t.is_none());
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].what.contains("legibility floor"),
            "{}",
            problems[0].what
        );
        assert_eq!(problems[0].context.slot.as_deref(), Some("source"));
    }

    #[test]
    fn a_root_that_is_not_svg_stops_the_template() {
        let (t, problems) = resolve_at("d/statement.svg", "<html><text id=\"headline\"/></html>");
        assert!(t.is_none());
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].what.contains("not an SVG"),
            "{}",
            problems[0].what
        );
    }
}
