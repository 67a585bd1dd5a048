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

use crate::fonts::Fonts;

/// What a part of a page is, for the tag tree.
#[derive(Clone, Debug, PartialEq)]
pub enum Role {
    /// Decoration: outside the reading order.
    Artifact,
    /// A heading of a level (1 = the document's title), with its text for
    /// the tag and the document's outline.
    Heading(u16, String),
    /// A paragraph. Parts with the same `group` number form one paragraph,
    /// even across pages.
    Paragraph(usize),
}

/// One part of a page: a standalone SVG document and its role.
#[derive(Clone, Debug)]
pub struct Part {
    pub role: Role,
    pub svg: String,
}

/// A4 in PDF points.
pub const A4: (f32, f32) = (595.276, 841.89);

/// Writes the pages as one tagged PDF.
pub fn write(
    pages: &[Vec<Part>],
    title: &str,
    lang: &str,
    fonts: &Fonts,
) -> Result<Vec<u8>, String> {
    let opts = crate::render::options(fonts.db());
    let configuration = ConfigurationBuilder::new()
        .set_validator(Validator::Ua(Accessibility::UA1))
        .finish()
        .map_err(|e| format!("{e:?}"))?;
    let settings = SerializeSettings {
        enable_tagging: true,
        configuration,
        ..SerializeSettings::default()
    };
    let mut document = Document::new_with(settings);
    document.set_metadata(
        Metadata::new()
            .title(title.to_owned())
            .language(lang.to_owned()),
    );
    let mut tree = TagTree::new().with_lang(Some(lang.to_owned()));
    // Paragraph groups, kept open across pages, in reading order.
    let mut order: Vec<(Role, TagGroup)> = Vec::new();
    let size = Size::from_wh(A4.0, A4.1).ok_or("bad page size")?;
    // The outline lists the headings: level 1 at the top, the others in it.
    let mut outline = Outline::new();
    let mut top: Option<OutlineNode> = None;
    for (index, parts) in pages.iter().enumerate() {
        for part in parts {
            if let Role::Heading(level, text) = &part.role {
                let node = OutlineNode::new(
                    text.clone(),
                    XyzDestination::new(index, Point::from_xy(0.0, 0.0)),
                );
                match (level, top.as_mut()) {
                    (1, _) => {
                        if let Some(t) = top.take() {
                            outline.push_child(t);
                        }
                        top = Some(node);
                    }
                    (_, Some(t)) => t.push_child(node),
                    (_, None) => outline.push_child(node),
                }
            }
        }
    }
    if let Some(t) = top {
        outline.push_child(t);
    }
    document.set_outline(outline);
    for parts in pages {
        let mut page =
            document.start_page_with(PageSettings::from_wh(A4.0, A4.1).ok_or("bad page size")?);
        let mut surface = page.surface();
        for part in parts {
            let svg = usvg::Tree::from_str(&part.svg, &opts)
                .map_err(|e| format!("a page part does not parse: {e}"))?;
            match &part.role {
                Role::Artifact => {
                    surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
                        ArtifactType::Other,
                    )));
                    draw(&mut surface, &svg, size);
                    surface.end_tagged();
                }
                role => {
                    let id = surface.start_tagged(ContentTag::Span(SpanTag::empty()));
                    draw(&mut surface, &svg, size);
                    surface.end_tagged();
                    match order
                        .iter_mut()
                        .find(|(r, _)| r == role && matches!(r, Role::Paragraph(_)))
                    {
                        Some((_, group)) => group.push(id),
                        None => {
                            let mut group = match role {
                                Role::Heading(level, text) => TagGroup::new(Tag::Hn(
                                    NonZeroU16::new(*level).unwrap_or(NonZeroU16::MIN),
                                    Some(text.clone()),
                                )),
                                _ => TagGroup::new(Tag::P),
                            };
                            group.push(id);
                            order.push((role.clone(), group));
                        }
                    }
                }
            }
        }
        surface.finish();
        page.finish();
    }
    for (_, group) in order {
        tree.push(group);
    }
    document.set_tag_tree(tree);
    document
        .finish()
        .map_err(|e| format!("the PDF cannot be written: {e:?}"))
}

fn draw(surface: &mut Surface, tree: &usvg::Tree, size: Size) {
    let settings = SvgSettings {
        embed_text: true,
        ..SvgSettings::default()
    };
    surface.draw_svg(tree, size, settings);
}
