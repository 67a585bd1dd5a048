//! The text of the kit's PDFs, drawn from usvg's layout one cluster at a
//! time, in place of krilla-svg's own text drawing.
//!
//! krilla-svg (0.8) draws each glyph on its own with the text usvg gives
//! that glyph, and usvg gives the text of a cluster of several glyphs (a
//! letter and its mark) to one of them only: the others have none, which
//! PDF/UA refuses ("no codepoint mapping") and which left an Arabic page
//! unwritable. Here each cluster is one krilla glyph run with its whole
//! text, so krilla maps every glyph and wraps a cluster of several glyphs
//! in an `/ActualText` span.
//!
//! The glyphs stay in visual order, left to right, as usvg places them,
//! and a text extractor reads right-to-left runs back into logical order
//! by reversing them (poppler's `pdftotext`, pdf.js). A right-to-left
//! cluster of several characters (the lam-alef ligature لا) is therefore
//! given its characters in the same visual order, or it would come out
//! reversed (ال) from the reversal.
//!
//! Only plain text is drawn here: solid fills, no stroke, decoration,
//! filter, clip, mask, blend or group opacity. [`plain`] says whether a
//! tree is; anything else is left to krilla-svg. Draws; decides nothing
//! about layout, which is usvg's.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use krilla::color::rgb;
use krilla::geom::{Point, Transform as KrillaTransform};
use krilla::num::NormalizedF32;
use krilla::paint::Fill;
use krilla::surface::Surface;
use krilla::text::{Font, GlyphId, KrillaGlyph};
use resvg::usvg::{self, Node, Paint, Transform};
use unicode_bidi::{BidiClass, bidi_class};

/// The krilla fonts of a document, loaded once per face.
pub struct Fonts {
    db: Arc<usvg::fontdb::Database>,
    loaded: HashMap<usvg::fontdb::ID, Option<Font>>,
}

impl Fonts {
    pub fn new(db: Arc<usvg::fontdb::Database>) -> Self {
        Fonts {
            db,
            loaded: HashMap::new(),
        }
    }

    fn get(&mut self, id: usvg::fontdb::ID) -> Option<Font> {
        let db = &self.db;
        self.loaded
            .entry(id)
            .or_insert_with(|| {
                db.with_face_data(id, |data, index| Font::new(data.to_vec().into(), index))
                    .flatten()
            })
            .clone()
    }
}

/// Whether every node of the tree is a group or a text that [`draw`]
/// draws as krilla-svg would.
pub fn plain(tree: &usvg::Tree) -> bool {
    plain_group(tree.root())
}

fn plain_group(g: &usvg::Group) -> bool {
    let flat = g.filters().is_empty()
        && g.clip_path().is_none()
        && g.mask().is_none()
        && g.opacity() == usvg::Opacity::ONE
        && g.blend_mode() == usvg::BlendMode::Normal
        && !g.isolate();
    flat && g.children().iter().all(|n| match n {
        Node::Group(g) => plain_group(g),
        Node::Text(t) => plain_text(t),
        Node::Path(_) | Node::Image(_) => false,
    })
}

fn plain_text(t: &usvg::Text) -> bool {
    t.layouted().iter().all(|s| {
        s.stroke.is_none()
            && s.overline.is_none()
            && s.underline.is_none()
            && s.line_through.is_none()
            && s.fill
                .as_ref()
                .is_none_or(|f| matches!(f.paint(), Paint::Color(_)))
    })
}

/// Draws a plain tree's texts at the page's size, as krilla-svg's
/// `draw_svg` places a tree.
pub fn draw(surface: &mut Surface, tree: &usvg::Tree, page: krilla::geom::Size, fonts: &mut Fonts) {
    let scale = KrillaTransform::from_scale(
        page.width() / tree.size().width(),
        page.height() / tree.size().height(),
    );
    surface.push_transform(&scale);
    draw_group(surface, tree.root(), fonts);
    surface.pop();
}

fn draw_group(surface: &mut Surface, g: &usvg::Group, fonts: &mut Fonts) {
    surface.push_transform(&krilla_transform(g.transform()));
    for node in g.children() {
        match node {
            Node::Group(g) => draw_group(surface, g, fonts),
            Node::Text(t) => draw_text(surface, t, fonts),
            Node::Path(_) | Node::Image(_) => {}
        }
    }
    surface.pop();
}

fn draw_text(surface: &mut Surface, text: &usvg::Text, fonts: &mut Fonts) {
    for span in text.layouted().iter().filter(|s| s.visible) {
        // An unfilled span is drawn transparent, as krilla-svg does, so
        // its text is still there to select.
        let black = Paint::Color(usvg::Color::black());
        let (colour, opacity) = match span.fill.as_ref() {
            Some(f) => (f.paint(), f.opacity().get()),
            None => (&black, 0.0),
        };
        let Paint::Color(c) = colour else { continue };
        surface.set_fill(Some(Fill {
            paint: rgb::Color::new(c.red, c.green, c.blue).into(),
            opacity: NormalizedF32::new(opacity).unwrap_or(NormalizedF32::ONE),
            rule: Default::default(),
        }));
        surface.set_stroke(None);
        let glyphs = &span.positioned_glyphs;
        let texts: Vec<&str> = glyphs.iter().map(|g| g.text.as_str()).collect();
        for cluster in clusters(&texts) {
            // The bidi controls compose puts around right-to-left lines
            // are invisible: drawn, they would be read as characters.
            if texts[cluster.clone()]
                .iter()
                .all(|t| t.chars().all(control))
            {
                continue;
            }
            draw_cluster(surface, &glyphs[cluster], span.font_size.get(), fonts);
        }
    }
}

/// One cluster as one glyph run, placed where usvg places its glyphs.
fn draw_cluster(
    surface: &mut Surface,
    glyphs: &[usvg::layout::PositionedGlyph],
    size: f32,
    fonts: &mut Fonts,
) {
    let Some(first) = glyphs.first() else { return };
    let Some(font) = fonts.get(first.font) else {
        return;
    };
    let upem = font.units_per_em();
    // The glyph's space at the font's size, as krilla draws a glyph in.
    let at = |g: &usvg::layout::PositionedGlyph| {
        g.transform()
            .pre_concat(Transform::from_scale(upem / size, upem / size))
    };
    let origin = at(first);
    let Some(inverse) = origin.invert() else {
        return;
    };
    let text: String = visual(&glyphs.iter().map(|g| g.text.as_str()).collect::<String>());
    let run: Vec<KrillaGlyph> = glyphs
        .iter()
        .map(|g| {
            // Where this glyph sits from the first, in font sizes; krilla's
            // y offset goes up, the page's y down.
            let from_first = inverse.pre_concat(at(g));
            KrillaGlyph::new(
                GlyphId::new(u32::from(g.id.0)),
                0.0,
                from_first.tx / size,
                -from_first.ty / size,
                0.0,
                0..text.len(),
                None,
            )
        })
        .collect();
    surface.push_transform(&krilla_transform(origin));
    surface.draw_glyphs(Point::from_xy(0.0, 0.0), &run, font, &text, size, false);
    surface.pop();
}

fn krilla_transform(t: Transform) -> KrillaTransform {
    KrillaTransform::from_row(t.sx, t.ky, t.kx, t.sy, t.tx, t.ty)
}

/// The glyphs of a span grouped into clusters, as ranges of `texts` (each
/// glyph's text as usvg gives it). usvg gives a cluster's text to one of
/// its glyphs and none to the others: in a left-to-right run the last
/// glyph holds it, in a right-to-left run (placed in visual order) the
/// first.
fn clusters(texts: &[&str]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut start = 0;
    for (i, text) in texts.iter().enumerate() {
        if text.is_empty() {
            // A right-to-left cluster's later glyph joins the one before.
            if let Some(last) = out.last_mut()
                && last.end == i
                && start == i
                && right_to_left(texts[last.start])
            {
                last.end = i + 1;
                start = i + 1;
            }
            continue;
        }
        out.push(start..i + 1);
        start = i + 1;
    }
    // Glyphs without text at the end belong to the last cluster.
    if let Some(last) = out.last_mut()
        && start < texts.len()
    {
        last.end = texts.len();
    }
    out
}

/// A bidi control: the marks (LRM, RLM, ALM), embeddings, overrides and
/// isolates, which are never drawn.
fn control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether a cluster's text reads right to left: it has a right-to-left
/// letter and nothing that reads left to right.
fn right_to_left(text: &str) -> bool {
    text.chars()
        .any(|c| matches!(bidi_class(c), BidiClass::R | BidiClass::AL))
        && !text
            .chars()
            .any(|c| matches!(bidi_class(c), BidiClass::L | BidiClass::EN | BidiClass::AN))
}

/// A cluster's characters in visual order: reversed when it reads right
/// to left, as its glyphs are placed.
fn visual(text: &str) -> String {
    match right_to_left(text) {
        true => text.chars().rev().collect(),
        false => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_left_to_right_cluster_ends_with_the_glyph_holding_its_text() {
        // "fi" as a ligature is one glyph; "é" as e + combining accent is
        // two, the first without text.
        assert_eq!(clusters(&["a", "", "é", "b"]), vec![0..1, 1..3, 3..4]);
    }

    #[test]
    fn a_right_to_left_cluster_starts_with_the_glyph_holding_its_text() {
        // نّ placed in visual order: the glyph with the text, then its mark.
        assert_eq!(clusters(&["ب", "نّ", "", "م"]), vec![0..1, 1..3, 3..4]);
    }

    #[test]
    fn glyphs_without_text_at_the_end_join_the_last_cluster() {
        assert_eq!(clusters(&["a", ""]), vec![0..2]);
        assert_eq!(clusters(&["", ""]), Vec::<Range<usize>>::new());
    }

    #[test]
    fn bidi_controls_are_not_text() {
        assert!("\u{202B}\u{200F}\u{202C}".chars().all(control));
        assert!(!control('ا'));
    }

    #[test]
    fn a_right_to_left_ligature_is_given_in_visual_order() {
        assert_eq!(visual("لا"), "ال");
        assert_eq!(visual("fi"), "fi");
        // Digits read left to right even among Arabic letters.
        assert_eq!(visual("12"), "12");
    }
}
