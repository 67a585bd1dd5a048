//! Text slots: a slot's `<text>` and its box read into a `TextSlot`, with
//! the computed style (inherited properties, presentation attributes,
//! `style=` and the first tspan's style merged) that the text engine sets
//! the slot's text in.
//!
//! A slot is read in steps: its box, where the box sits on the canvas, its
//! computed style, the settings it lays text out with, and the attributes a
//! filled card keeps. This module reads and checks; it lays out nothing.

use std::ops::Range;

use roxmltree::Node;

use super::reader::Reader;
use super::{SVG_NS, TextSlot};
use crate::layout::Rect;

mod cascade;
mod moved;
mod setting;
pub(super) mod sheet;
mod style;

use style::{INHERITED, get};
pub(crate) use style::{css, number, rect_of};

/// A text slot as found in the template: its id, its `<text>`, and the
/// element named `<id>-box`, if there is one.
pub(super) struct SlotNodes<'a, 'input> {
    pub id: &'a str,
    pub text: Node<'a, 'input>,
    pub bx: Option<Node<'a, 'input>>,
}

impl SlotNodes<'_, '_> {
    /// Records a problem at a node of this slot, naming the slot.
    fn report(&self, r: &mut Reader, n: Node, what: impl Into<String>, hint: impl Into<String>) {
        let p = r.problem(n, what).slot(self.id).hint(hint);
        r.report(p);
    }
}

/// Reads one text slot, or records why it cannot be used. Returns the slot
/// and the range of its box, which cards do not draw.
pub(super) fn text_slot(r: &mut Reader, slot: SlotNodes) -> Option<(TextSlot, Range<usize>)> {
    // A <text> with a <rect> box, moved, scaled or turned together.
    let (bx, placed) = the_box(r, &slot)?;
    // The box inside the canvas and out of the safe zones.
    check_placement(r, &slot, bx, placed.canvas);
    // The stylesheet rules it cannot honour; the computed style, with the
    // rules it can, and the face, sizes and settings it gives.
    cascade::check(r, &slot, bx);
    let mut css = style::computed(&r.sheet, slot.text);
    setting::postscript_names(r.fonts, &mut css);
    let style = setting::text_style(r, &slot, &css, placed.scale)?;
    // The start tag's attributes a filled card keeps.
    let attributes = kept_attributes(r.doc.input_text(), slot.text);
    // Capitals are set by handbill, in the card's language; the size and
    // the distance between lines by the layout.
    let uppercase = get(&css, "text-transform") == Some("uppercase");
    css.retain(|(k, _)| !matches!(k.as_str(), "font-size" | "text-transform" | "line-height"));
    let text_slot = TextSlot {
        id: slot.id.to_owned(),
        range: slot.text.range(),
        attributes,
        css,
        style,
        bx: placed.layout,
        frame: placed.frame,
        to_canvas: placed.to_canvas,
        uppercase,
    };
    Some((text_slot, bx.range()))
}

/// The slot's box: the `<text>` is a text, its box a `<rect>` with a size
/// in px, and the transforms around them keep the box upright in the
/// text's coordinates.
fn the_box<'a, 'input>(
    r: &mut Reader,
    slot: &SlotNodes<'a, 'input>,
) -> Option<(Node<'a, 'input>, moved::Placed)> {
    let id = slot.id;
    if !slot.text.has_tag_name((SVG_NS, "text")) {
        let what = format!(
            "the `{id}` slot is a <{}>, not a <text>",
            slot.text.tag_name().name()
        );
        let hint = "give the id to the text element itself, not to a group or a shape";
        slot.report(r, slot.text, what, hint);
        return None;
    }
    let Some(bx) = slot.bx else {
        let hint = format!("draw a <rect id=\"{id}-box\"> over the area the text may fill");
        slot.report(r, slot.text, format!("the `{id}` slot has no box"), hint);
        return None;
    };
    if !bx.has_tag_name((SVG_NS, "rect")) {
        let hint = "draw the box with the rectangle tool";
        slot.report(r, bx, format!("`{id}-box` must be a <rect>"), hint);
        return None;
    }
    let Some(rect) = rect_of(bx) else {
        let what = format!("`{id}-box` needs x, y, width and height in px");
        slot.report(r, bx, what, "set them as plain numbers");
        return None;
    };
    if rect.w <= 0.0 || rect.h <= 0.0 {
        let what = format!("`{id}-box` is empty ({}×{})", rect.w, rect.h);
        slot.report(r, bx, what, "give the box a width and height");
        return None;
    }
    match moved::place(slot.text, bx, rect) {
        Ok(placed) => Some((bx, placed)),
        Err(refusal) => {
            refused(r, slot, refusal);
            None
        }
    }
}

/// A transform the slot cannot be laid out under, reported at the element
/// that carries it.
fn refused(r: &mut Reader, slot: &SlotNodes, refusal: moved::Refusal) {
    use moved::Refusal;
    let id = slot.id;
    let quoted = |n: Node| {
        let t = n.attribute("transform").unwrap_or_default();
        format!("transform=\"{}\"", t.chars().take(60).collect::<String>())
    };
    let (n, what, hint) = match refusal {
        Refusal::Unreadable(n) => (n, format!("{} cannot be read, or shrinks the `{id}` slot to nothing", quoted(n)),
            "write it as translate(…), scale(…), rotate(…) or matrix(…), with numbers".to_owned()),
        Refusal::Skewed(n) => (n, format!("{} slants the `{id}` slot; handbill lays out slots that are moved, scaled or turned, not skewed", quoted(n)),
            "remove the skew from this element (in Inkscape: Object → Transform → Skew, back to 0), or Object → Ungroup".to_owned()),
        Refusal::Mirrored(n) => (n, format!("{} mirrors the `{id}` text, so it would read backwards", quoted(n)),
            "flip this element back (in Inkscape: select it and press H)".to_owned()),
        Refusal::Turned { bx, degrees } => (bx, format!("`{id}-box` is turned {degrees:.1}° against the `{id}` text; a text is laid out along its box, so the two must turn together"),
            format!("put `{id}-box` and the `{id}` text in one group and rotate the group, or give both the same rotation")),
    };
    slot.report(r, n, what, hint);
}

/// The box stays out of the format's safe zones, where the platform draws
/// its controls or crops, and on the canvas.
fn check_placement(r: &mut Reader, slot: &SlotNodes, bx: Node, rect: Rect) {
    let format = r.format;
    let id = slot.id;
    let Rect { x, y, w, h } = rect;
    if x < 0.0 || y < 0.0 || x + w > format.width as f32 || y + h > format.height as f32 {
        let what = format!("`{id}-box` reaches outside the canvas");
        slot.report(r, bx, what, "move the box onto the card");
        return;
    }
    let safe = format.safe;
    let (right, bottom) = (
        (format.width - safe.right) as f32,
        (format.height - safe.bottom) as f32,
    );
    if y < safe.top as f32 || y + h > bottom {
        let what = format!(
            "`{id}-box` spans y {y}–{} but text must stay within y {}–{bottom} on {}",
            y + h,
            safe.top,
            format.name
        );
        slot.report(r, bx, what, "keep text boxes out of the top and bottom safe zones, where the platform draws its controls");
    }
    if x < safe.left as f32 || x + w > right {
        let what = format!(
            "`{id}-box` spans x {x}–{} but text must stay within x {}–{right} on {}",
            x + w,
            safe.left,
            format.name
        );
        slot.report(r, bx, what, "keep text boxes out of the left and right safe zones, which the platform crops in its grid");
    }
}

/// The XML namespace, of `xml:space` (roxmltree resolves the prefix).
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// The `<text>` start tag's attributes that a filled card keeps, as
/// written, each with a space before it: not positions, sizes or styles
/// (handbill writes those), nor handbill's own `data-*` settings, nor
/// `xml:space`, which Inkscape writes and handbill writes itself.
fn kept_attributes(source: &str, text: Node) -> String {
    text.attributes()
        .filter(|a| {
            let n = a.name();
            let xml_space = a.namespace() == Some(XML_NS) && n == "space";
            !(xml_space
                || matches!(
                    n,
                    "x" | "y"
                        | "dx"
                        | "dy"
                        | "style"
                        | "font-size"
                        | "rotate"
                        | "transform"
                        | "textLength"
                        | "lengthAdjust"
                )
                || n.starts_with("data-")
                || (a.namespace().is_none() && INHERITED.contains(&n)))
        })
        .map(|a| format!(" {}", &source[a.range()]))
        .collect()
}

#[cfg(test)]
mod tests {
    use roxmltree::Document;

    use super::*;

    #[test]
    fn a_card_keeps_ids_and_classes_but_not_positions_styles_or_settings() {
        let source = r##"<text id="headline" x="10" y='20' dx="1" class="h" data-min-size="40" font-size="72" fill="#fff" opacity="0.9" xml:space="preserve" rotate="5">x</text>"##;
        let doc = Document::parse(source).expect("xml");
        assert_eq!(
            kept_attributes(source, doc.root_element()),
            r#" id="headline" class="h" opacity="0.9""#
        );
    }
}
