//! The kit's PDFs: pages drawn from SVG (the factsheet's template, the FAQ's
//! generated pages) through krilla, as tagged PDF with real, selectable text.
//!
//! A page is a list of parts, each a standalone SVG of the page's size: the
//! artwork (tagged as an artifact, outside the reading order) and each piece
//! of text (tagged as a heading or paragraph, in reading order). krilla-svg
//! draws text as text, with its Unicode, from the same usvg layout and
//! fonts as the cards, and embeds font subsets. The document carries its
//! title and language, and is checked against PDF/UA-1 by krilla.

use std::num::NonZeroU16;

use krilla::configure::{Accessibility, ConfigurationBuilder, Validator};
use krilla::destination::XyzDestination;
use krilla::geom::{Point, Size};
use krilla::metadata::Metadata;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::surface::Surface;
use krilla::tagging::{Artifact, ArtifactType, ContentTag, SpanTag, Tag, TagGroup, TagTree};
use krilla::{Document, SerializeSettings};
use krilla_svg::{SurfaceExt, SvgSettings};
use resvg::usvg;

use super::glyphs;
use crate::fonts::Fonts;

/// What a part of a page is, for the tag tree.
#[derive(Clone, Debug, PartialEq)]
pub enum Role {
    /// Decoration: outside the reading order.
    Artifact,
    /// A heading of a level (1 = the document's title), with its text for
    /// the tag and the document's outline.
    Heading(u16, String),
    /// Part of a paragraph. Parts of the same group form one paragraph,
    /// even across pages; paragraphs are read in the order they first
    /// appear.
    Paragraph(Group),
}

/// Which paragraph a part belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Group {
    /// The text of a factsheet slot, by its id.
    Slot(&'static str),
    /// The answer to the FAQ's question of this index, which may run onto
    /// the next page.
    Answer(usize),
    /// The embargo line at the head of the FAQ's first page (on the
    /// others it is a running header, an artifact).
    Embargo,
}

/// One part of a page: a standalone SVG document and its role.
#[derive(Clone, Debug)]
pub struct Part {
    pub role: Role,
    pub svg: String,
}

/// A4 in PDF points.
pub const A4: (f32, f32) = (595.276, 841.89);

/// Why a PDF could not be written: handbill's own failure, each time.
#[derive(Debug)]
pub enum Error {
    /// krilla refused the settings or the document (a PDF/UA rule, say).
    Krilla(String),
    /// A page part handbill drew does not parse.
    Part(usvg::Error),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Krilla(e) => write!(f, "the PDF writer refused the document: {e}"),
            Error::Part(e) => write!(f, "a page part does not parse: {e}"),
        }
    }
}

/// What a PDF says of itself in its metadata.
pub struct About<'a> {
    pub title: &'a str,
    pub lang: &'a str,
    /// The embargo line, if any: the document's "Subject" (its XMP
    /// `dc:description`), and "embargo" among its keywords, which
    /// readers' document properties and document systems show.
    pub embargo: Option<&'a str>,
}

/// Writes the pages as one tagged PDF.
pub fn write(pages: &[Vec<Part>], about: &About, fonts: &Fonts) -> Result<Vec<u8>, Error> {
    let lang = about.lang;
    let mut document = Document::new_with(settings()?);
    document.set_metadata(metadata(about));
    document.set_outline(outline(pages));
    let opts = crate::render::options(fonts.db());
    let mut order = ReadingOrder::default();
    let mut glyph_fonts = glyphs::Fonts::new(fonts.db());
    for parts in pages {
        draw_page(&mut document, parts, &opts, &mut order, &mut glyph_fonts)?;
    }
    let mut tree = TagTree::new().with_lang(Some(lang.to_owned()));
    for group in order.groups {
        tree.push(group.1);
    }
    document.set_tag_tree(tree);
    document
        .finish()
        .map_err(|e| Error::Krilla(format!("{e:?}")))
}

/// The title and language, and the embargo when there is one.
fn metadata(about: &About) -> Metadata {
    let metadata = Metadata::new()
        .title(about.title.to_owned())
        .language(about.lang.to_owned());
    match about.embargo {
        Some(line) => metadata
            .description(line.to_owned())
            .keywords(vec!["embargo".to_owned()]),
        None => metadata,
    }
}

/// Tagged PDF, checked against PDF/UA-1 by krilla.
fn settings() -> Result<SerializeSettings, Error> {
    let configuration = ConfigurationBuilder::new()
        .set_validator(Validator::Ua(Accessibility::UA1))
        .finish()
        .map_err(|e| Error::Krilla(format!("{e:?}")))?;
    Ok(SerializeSettings {
        enable_tagging: true,
        configuration,
        ..SerializeSettings::default()
    })
}

/// The outline lists the headings: level 1 at the top, the others in it.
fn outline(pages: &[Vec<Part>]) -> Outline {
    let mut outline = Outline::new();
    let mut top: Option<OutlineNode> = None;
    for (index, parts) in pages.iter().enumerate() {
        for part in parts {
            let Role::Heading(level, text) = &part.role else {
                continue;
            };
            let node = OutlineNode::new(
                text.clone(),
                XyzDestination::new(index, Point::from_xy(0.0, 0.0)),
            );
            match (level, top.as_mut()) {
                (1, _) => {
                    if let Some(t) = top.replace(node) {
                        outline.push_child(t);
                    }
                }
                (_, Some(t)) => t.push_child(node),
                (_, None) => outline.push_child(node),
            }
        }
    }
    if let Some(t) = top {
        outline.push_child(t);
    }
    outline
}

/// The tag groups of the document in reading order; a paragraph's group
/// stays open across pages.
#[derive(Default)]
struct ReadingOrder {
    groups: Vec<(Role, TagGroup)>,
}

impl ReadingOrder {
    /// Adds a tagged span to its paragraph, or opens a new heading or
    /// paragraph for it.
    fn add(&mut self, role: &Role, id: krilla::tagging::Identifier) {
        let open = self
            .groups
            .iter_mut()
            .find(|(r, _)| r == role && matches!(r, Role::Paragraph(_)));
        if let Some((_, group)) = open {
            group.push(id);
            return;
        }
        let mut group = match role {
            Role::Heading(level, text) => TagGroup::new(Tag::Hn(
                NonZeroU16::new(*level).unwrap_or(NonZeroU16::MIN),
                Some(text.clone()),
            )),
            _ => TagGroup::new(Tag::P),
        };
        group.push(id);
        self.groups.push((role.clone(), group));
    }
}

/// Draws one page's parts: artifacts untagged, texts as tagged spans.
fn draw_page(
    document: &mut Document,
    parts: &[Part],
    opts: &usvg::Options,
    order: &mut ReadingOrder,
    fonts: &mut glyphs::Fonts,
) -> Result<(), Error> {
    let mut page =
        document.start_page_with(PageSettings::from_wh(A4.0, A4.1).ok_or_else(bad_size)?);
    let size = Size::from_wh(A4.0, A4.1).ok_or_else(bad_size)?;
    let mut surface = page.surface();
    for part in parts {
        let svg = usvg::Tree::from_str(&part.svg, opts).map_err(Error::Part)?;
        if part.role == Role::Artifact {
            surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
                ArtifactType::Other,
            )));
            draw(&mut surface, &svg, size);
            surface.end_tagged();
        } else {
            let id = surface.start_tagged(ContentTag::Span(SpanTag::empty()));
            // A text is drawn cluster by cluster (see `glyphs`), unless it
            // is more than plain text.
            match glyphs::plain(&svg) {
                true => glyphs::draw(&mut surface, &svg, size, fonts),
                false => draw(&mut surface, &svg, size),
            }
            surface.end_tagged();
            order.add(&part.role, id);
        }
    }
    surface.finish();
    page.finish();
    Ok(())
}

fn bad_size() -> Error {
    Error::Krilla("A4 is not a page size".to_owned())
}

fn draw(surface: &mut Surface, tree: &usvg::Tree, size: Size) {
    let settings = SvgSettings {
        embed_text: true,
        ..SvgSettings::default()
    };
    surface.draw_svg(tree, size, settings);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::testing::fonts;

    /// A page of one text part: `text` in Noto Sans Arabic.
    fn page(text: &str) -> Vec<Vec<Part>> {
        let svg = format!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="794" height="1123"><text x="700" y="100" font-family="Noto Sans Arabic" font-size="20" fill="#14213d" text-anchor="end">{text}</text></svg>"##
        );
        vec![vec![Part {
            role: Role::Paragraph(Group::Slot("about")),
            svg,
        }]]
    }

    #[test]
    fn arabic_with_its_marks_is_written_as_pdf_ua() {
        // A shadda and a tanween are glyphs of their letter's cluster; drawn
        // each with its own text, the mark had none and PDF/UA refused it.
        let about = About {
            title: "t",
            lang: "ar",
            embargo: None,
        };
        let written = write(&page("تسهّله وصولًا سهلًا"), &about, fonts());
        assert!(
            written.is_ok(),
            "{:?}",
            written.err().map(|e| e.to_string())
        );
    }
}
