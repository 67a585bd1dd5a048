//! `render --debug`: the numbers the layout used, drawn over a card. Each
//! text slot's box, each line's baseline and ink (from the highest to the
//! lowest reach of its glyphs, across its measured width), a label with the
//! size the fitter chose (and the template's, when it chose less), and the
//! format's safe zones as hatched bands.
//!
//! The overlay is SVG appended to the composed card, drawn in each slot's
//! own coordinates (so a turned or scaled slot is outlined as it is drawn),
//! in bright colours with a dark halo so it reads on any background, its
//! labels in the bundled Noto Sans. It only draws what `compose` measured
//! ([`SetSlot`]); it measures nothing and changes nothing of the card
//! itself, which is why a debug card is never written into `out/`.

use std::fmt::Write as _;

use crate::compose::{SetSlot, escape, num};
use crate::format::Format;
use crate::layout::{Anchor, Rect};
use resvg::usvg::Transform;

/// The colours: the slot's box, a line's baseline, a line's ink, the
/// safe zones, and the halo under each.
const BOX: &str = "#00e5ff";
const BASELINE: &str = "#ff2bd6";
const INK: &str = "#ffe600";
const SAFE: &str = "#ff3b30";
const HALO: &str = "#000000";

/// Stroke widths and label size on the canvas, in px, whatever the scale
/// of the slot they are drawn in.
const STROKE: f32 = 2.0;
const HALO_WIDTH: f32 = 5.0;
const LABEL_PX: f32 = 22.0;

/// The card's SVG with the overlay drawn over everything else.
pub fn overlay(svg: &str, slots: &[SetSlot], format: &Format) -> String {
    let mut drawn = String::from("<g id=\"handbill-debug\" fill=\"none\">");
    drawn.push_str(&safe_zones(format));
    for slot in slots {
        drawn.push_str(&slot_overlay(slot, format));
    }
    drawn.push_str("</g>");
    // The overlay goes just before the root's end, after all the artwork.
    let end = svg.rfind("</svg>").unwrap_or(svg.len());
    format!("{}{drawn}{}", &svg[..end], &svg[end..])
}

/// The format's safe zones: a tinted, hatched band at each side that must
/// stay free of text.
fn safe_zones(format: &Format) -> String {
    let (w, h) = (format.width as f32, format.height as f32);
    let s = format.safe;
    let (top, right, bottom, left) = (s.top as f32, s.right as f32, s.bottom as f32, s.left as f32);
    let bands = [
        Rect {
            x: 0.0,
            y: 0.0,
            w,
            h: top,
        },
        Rect {
            x: 0.0,
            y: h - bottom,
            w,
            h: bottom,
        },
        Rect {
            x: 0.0,
            y: 0.0,
            w: left,
            h,
        },
        Rect {
            x: w - right,
            y: 0.0,
            w: right,
            h,
        },
    ];
    let mut out = format!(
        "<defs><pattern id=\"handbill-debug-hatch\" width=\"16\" height=\"16\" \
         patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">\
         <rect width=\"6\" height=\"16\" fill=\"{SAFE}\" fill-opacity=\"0.55\"/></pattern></defs>"
    );
    for b in bands.iter().filter(|b| b.w > 0.0 && b.h > 0.0) {
        let _ = write!(
            out,
            "<rect {} fill=\"{SAFE}\" fill-opacity=\"0.18\"/><rect {} fill=\"url(#handbill-debug-hatch)\"/>",
            rect_attributes(b),
            rect_attributes(b)
        );
    }
    out
}

/// One slot's box, its lines' baselines and ink, and its label, in the
/// slot's own coordinates.
fn slot_overlay(slot: &SetSlot, format: &Format) -> String {
    let scale = scale_of(slot.to_canvas).max(f32::EPSILON);
    let pen = Pen { scale };
    let mut out = format!("<g transform=\"{}\">", matrix(slot.to_canvas));
    out.push_str(&pen.outline(&slot.bx, BOX, Some("12 6")));
    for line in &slot.lines {
        let left = line_left(slot.anchor, line.x, line.width);
        let (up, down) = line.ink;
        let ink = Rect {
            x: left,
            y: line.baseline - up,
            w: line.width,
            h: up + down,
        };
        out.push_str(&pen.outline(&ink, INK, None));
        out.push_str(&pen.baseline(left, left + line.width, line.baseline));
    }
    out.push_str(&label(slot, &pen, format));
    out.push_str("</g>");
    out
}

/// Where a line starts, from its anchor point and width.
fn line_left(anchor: Anchor, x: f32, width: f32) -> f32 {
    match anchor {
        Anchor::Start => x,
        Anchor::Middle => x - width / 2.0,
        Anchor::End => x - width,
    }
}

/// Draws strokes a fixed width on the canvas, inside a group scaled by
/// `scale`: each stroke twice, a wide dark halo under a thin bright line.
struct Pen {
    scale: f32,
}

impl Pen {
    /// A rectangle's outline, dashed when `dash` is given.
    fn outline(&self, r: &Rect, colour: &str, dash: Option<&str>) -> String {
        let dash = dash.map_or(String::new(), |d| {
            let scaled: Vec<String> = d
                .split(' ')
                .filter_map(|n| n.parse::<f32>().ok())
                .map(|n| num(n / self.scale))
                .collect();
            format!(" stroke-dasharray=\"{}\"", scaled.join(" "))
        });
        let at = rect_attributes(r);
        format!(
            "<rect {at} stroke=\"{HALO}\" stroke-opacity=\"0.6\" stroke-width=\"{}\"/>\
             <rect {at} stroke=\"{colour}\" stroke-width=\"{}\"{dash}/>",
            num(HALO_WIDTH / self.scale),
            num(STROKE / self.scale)
        )
    }

    /// A baseline from `x0` to `x1`, with a short tick at each end.
    fn baseline(&self, x0: f32, x1: f32, y: f32) -> String {
        let tick = 10.0 / self.scale;
        let d = format!(
            "M{} {}V{}M{} {}H{}M{} {}V{}",
            num(x0),
            num(y - tick),
            num(y + tick),
            num(x0),
            num(y),
            num(x1),
            num(x1),
            num(y - tick),
            num(y + tick)
        );
        format!(
            "<path d=\"{d}\" stroke=\"{HALO}\" stroke-opacity=\"0.6\" stroke-width=\"{}\"/>\
             <path d=\"{d}\" stroke=\"{BASELINE}\" stroke-width=\"{}\"/>",
            num(HALO_WIDTH / self.scale),
            num(STROKE / self.scale)
        )
    }
}

/// The slot's label, above its box (below it when the box is at the top of
/// the canvas), with a dark halo.
fn label(slot: &SetSlot, pen: &Pen, format: &Format) -> String {
    let size = LABEL_PX / pen.scale;
    let above = canvas_top(slot) >= LABEL_PX * 1.4 || format.height == 0;
    let y = match above {
        true => slot.bx.y - size * 0.35,
        false => slot.bx.y + slot.bx.h + size * 1.05,
    };
    format!(
        "<text x=\"{}\" y=\"{}\" font-family=\"Noto Sans\" font-weight=\"700\" font-size=\"{}\" \
         fill=\"{BOX}\" stroke=\"{HALO}\" stroke-width=\"{}\" stroke-linejoin=\"round\" \
         paint-order=\"stroke\">{}</text>",
        num(slot.bx.x),
        num(y),
        num(size),
        num(HALO_WIDTH / pen.scale),
        escape(&describe(slot))
    )
}

/// What a slot's label says: its id and the size the fitter chose, the
/// template's size when that is larger, and the size on the canvas when
/// the slot's groups scale it.
pub fn describe(slot: &SetSlot) -> String {
    let mut text = format!("{} {} px", slot.id, num(slot.size));
    if slot.size < slot.template_size {
        let _ = write!(text, " (template {} px)", num(slot.template_size));
    }
    if (slot.px - slot.size).abs() >= 0.01 {
        let _ = write!(text, " = {} px on the canvas", num(slot.px));
    }
    text
}

/// The highest point of a slot's box on the canvas.
fn canvas_top(slot: &SetSlot) -> f32 {
    let (t, b) = (slot.to_canvas, slot.bx);
    [
        (b.x, b.y),
        (b.x + b.w, b.y),
        (b.x, b.y + b.h),
        (b.x + b.w, b.y + b.h),
    ]
    .map(|(x, y)| t.ky * x + t.sy * y + t.ty)
    .into_iter()
    .fold(f32::MAX, f32::min)
}

/// How much a transform scales what it draws: the lesser of its axes'.
fn scale_of(t: Transform) -> f32 {
    t.sx.hypot(t.ky).min(t.kx.hypot(t.sy))
}

/// `x`, `y`, `width` and `height` attributes.
fn rect_attributes(r: &Rect) -> String {
    format!(
        "x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"",
        num(r.x),
        num(r.y),
        num(r.w.max(0.0)),
        num(r.h.max(0.0))
    )
}

/// A transform as an SVG `matrix(…)`, with enough decimals for a turn.
fn matrix(t: Transform) -> String {
    let n = |v: f32| {
        let s = format!("{v:.6}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        if s == "-0" {
            "0".to_owned()
        } else {
            s.to_owned()
        }
    };
    format!(
        "matrix({} {} {} {} {} {})",
        n(t.sx),
        n(t.ky),
        n(t.kx),
        n(t.sy),
        n(t.tx),
        n(t.ty)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slot(size: f32, template_size: f32, px: f32) -> SetSlot {
        SetSlot {
            id: "headline".into(),
            bx: Rect {
                x: 90.0,
                y: 200.0,
                w: 900.0,
                h: 400.0,
            },
            to_canvas: Transform::identity(),
            anchor: Anchor::Start,
            size,
            template_size,
            px,
            lines: Vec::new(),
        }
    }

    #[test]
    fn the_label_says_the_chosen_size_and_the_template_size_only_when_larger() {
        assert_eq!(describe(&slot(96.0, 96.0, 96.0)), "headline 96 px");
        assert_eq!(
            describe(&slot(81.0, 96.0, 81.0)),
            "headline 81 px (template 96 px)"
        );
        assert_eq!(
            describe(&slot(88.0, 88.0, 44.0)),
            "headline 88 px = 44 px on the canvas"
        );
    }

    #[test]
    fn a_line_starts_where_its_anchor_says() {
        assert_eq!(line_left(Anchor::Start, 100.0, 50.0), 100.0);
        assert_eq!(line_left(Anchor::Middle, 100.0, 50.0), 75.0);
        assert_eq!(line_left(Anchor::End, 100.0, 50.0), 50.0);
    }

    #[test]
    fn the_overlay_goes_last_inside_the_root() {
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect/></svg>\n";
        let format = Format::named("story").expect("a built-in format");
        let out = overlay(svg, &[slot(96.0, 96.0, 96.0)], format);
        assert!(out.starts_with(
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect/><g id=\"handbill-debug\""
        ));
        assert!(out.ends_with("</g></svg>\n"), "{out}");
        // A story keeps bands at the top and bottom free of text.
        assert_eq!(out.matches("url(#handbill-debug-hatch)").count(), 2);
    }

    #[test]
    fn strokes_keep_their_width_on_the_canvas_in_a_scaled_slot() {
        let pen = Pen { scale: 0.5 };
        let r = Rect {
            x: 0.0,
            y: 0.0,
            w: 10.0,
            h: 10.0,
        };
        let drawn = pen.outline(&r, BOX, Some("12 6"));
        assert!(drawn.contains("stroke-width=\"4\""), "{drawn}");
        assert!(drawn.contains("stroke-dasharray=\"24 12\""), "{drawn}");
    }

    #[test]
    fn a_turn_is_written_with_enough_decimals() {
        let t = Transform::from_rotate(-8.0);
        let m = matrix(t);
        assert!(
            m.starts_with("matrix(0.990268 -0.139173 0.139173 0.990268"),
            "{m}"
        );
    }
}
