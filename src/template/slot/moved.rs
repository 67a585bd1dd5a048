//! Slots that transforms move, scale or turn. Editors write transforms on
//! layers and groups (Inkscape's layers often carry `translate(0,0)`; a
//! rotated group holds its box and its text), so a slot's text and box may
//! each sit in their own coordinates. The box is brought into the text's:
//! where the relative transform maps it to an upright rectangle (moves and
//! scales, and any rotation both share), the text is laid out there, and
//! drawn wherever its transforms take it.
//!
//! A skew, a mirrored text, or a box turned against its text cannot be laid
//! out upright in its box: each is refused at the element to fix, by the
//! caller. This module reads transforms and nothing else.

use resvg::usvg::Transform;
use roxmltree::Node;

use crate::layout::Rect;

/// Where a slot's box is, and how its text is drawn.
pub(super) struct Placed {
    /// The box in the coordinates handbill writes the lines in.
    pub layout: Rect,
    /// The box's bounds on the canvas.
    pub canvas: Rect,
    /// Canvas pixels per unit of the text's coordinates: a font-size of
    /// 40 in a group scaled by 0.5 is drawn 20 px high.
    pub scale: f32,
    /// The text's own `transform` when it is more than a move: the lines
    /// are written in a group that carries it. A move is folded into the
    /// lines' positions instead.
    pub frame: Option<String>,
    /// From the coordinates the lines are written in to the canvas: where
    /// a line's ink is drawn, for the legibility checks.
    pub to_canvas: Transform,
}

/// Why a slot cannot be laid out, at the element to fix.
pub(super) enum Refusal<'a, 'input> {
    /// A transform that does not parse, or that flattens the slot.
    Unreadable(Node<'a, 'input>),
    /// A transform that slants the slot: a skew, or a scale along axes a
    /// rotation inside it has turned.
    Skewed(Node<'a, 'input>),
    /// A transform that mirrors the text, which would then read backwards.
    Mirrored(Node<'a, 'input>),
    /// The box is turned against its text by this many degrees.
    Turned { bx: Node<'a, 'input>, degrees: f32 },
}

/// The box `rect` of `bx` for the text `text`, or why it cannot be used.
pub(super) fn place<'a, 'input>(
    text: Node<'a, 'input>,
    bx: Node<'a, 'input>,
    rect: Rect,
) -> Result<Placed, Refusal<'a, 'input>> {
    // Each one's coordinates on the canvas, every transform from the root
    // down included, its own too.
    let text_frame = frame(text, true)?;
    let box_frame = frame(bx, false)?;
    // The box in the text's own coordinates: upright, or turned against it.
    let relative = text_frame
        .invert()
        .ok_or(Refusal::Unreadable(text))?
        .pre_concat(box_frame);
    let own = upright(relative, rect).ok_or(Refusal::Turned {
        bx,
        degrees: relative.ky.atan2(relative.sx).to_degrees(),
    })?;
    // The text's own move folded into the lines; any other transform kept.
    let (layout, frame) = own_transform(text, own)?;
    // A move folded into the lines is taken back out of the text's frame.
    let to_canvas = match (&frame, text.attribute("transform").and_then(parse)) {
        (None, Some(t)) => text_frame.pre_concat(Transform::from_translate(-t.tx, -t.ty)),
        _ => text_frame,
    };
    Ok(Placed {
        layout,
        canvas: bounds(box_frame, rect),
        scale: scale_of(text_frame),
        frame,
        to_canvas,
    })
}

/// The transform from `node`'s coordinates to the canvas, or the first
/// element (from the root down) whose transform cannot be laid out under.
fn frame<'a, 'input>(
    node: Node<'a, 'input>,
    is_text: bool,
) -> Result<Transform, Refusal<'a, 'input>> {
    let mut chain: Vec<Node> = node
        .ancestors()
        .filter(|n| n.attribute("transform").is_some())
        .collect();
    chain.reverse();
    let mut all = Transform::identity();
    for n in chain {
        let t =
            parse(n.attribute("transform").unwrap_or_default()).ok_or(Refusal::Unreadable(n))?;
        all = all.pre_concat(t);
        if skews(t) || skews(all) {
            return Err(Refusal::Skewed(n));
        }
        let det = all.sx * all.sy - all.kx * all.ky;
        if !det.is_finite() || det.abs() < 1e-6 {
            return Err(Refusal::Unreadable(n));
        }
        if is_text && det < 0.0 {
            return Err(Refusal::Mirrored(n));
        }
    }
    Ok(all)
}

/// A transform attribute as a matrix; an empty one is none. `None` for a
/// value that does not parse or holds a number too large to draw.
fn parse(value: &str) -> Option<Transform> {
    if value.trim().is_empty() {
        return Some(Transform::identity());
    }
    let t: svgtypes::Transform = value.parse().ok()?;
    let m = [t.a, t.b, t.c, t.d, t.e, t.f].map(|v| v as f32);
    m.iter()
        .all(|v| v.is_finite())
        .then(|| Transform::from_row(m[0], m[1], m[2], m[3], m[4], m[5]))
}

/// Whether a transform slants what it draws: its axes are no longer at
/// right angles (a skew, or a rotation then an uneven scale).
fn skews(t: Transform) -> bool {
    let (x, y) = ((t.sx, t.ky), (t.kx, t.sy));
    let dot = x.0 * y.0 + x.1 * y.1;
    dot.abs() > 1e-4 * x.0.hypot(x.1) * y.0.hypot(y.1)
}

/// The rectangle `rect` maps to under `t`, if `t` keeps it upright (moves
/// and scales it only).
fn upright(t: Transform, rect: Rect) -> Option<Rect> {
    let turned = t.kx.abs() + t.ky.abs() > 1e-4 * (t.sx.abs() + t.sy.abs());
    (!turned).then(|| bounds(Transform::from_row(t.sx, 0.0, 0.0, t.sy, t.tx, t.ty), rect))
}

/// The bounds of `rect`'s corners under `t`.
fn bounds(t: Transform, rect: Rect) -> Rect {
    let corners = [
        (rect.x, rect.y),
        (rect.x + rect.w, rect.y),
        (rect.x, rect.y + rect.h),
        (rect.x + rect.w, rect.y + rect.h),
    ]
    .map(|(x, y)| (t.sx * x + t.kx * y + t.tx, t.ky * x + t.sy * y + t.ty));
    let (mut x0, mut y0) = corners[0];
    let (mut x1, mut y1) = corners[0];
    for (x, y) in corners {
        (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
    }
    Rect {
        x: x0,
        y: y0,
        w: x1 - x0,
        h: y1 - y0,
    }
}

/// How many canvas pixels a unit of `t`'s coordinates is: the shorter of
/// its two axes, so an uneven scale counts by its smaller side.
fn scale_of(t: Transform) -> f32 {
    t.sx.hypot(t.ky).min(t.kx.hypot(t.sy))
}

/// The box in the coordinates the lines are written in, and the text's
/// own transform when the lines are written inside it: a move of the text
/// itself is folded into the box (the lines are written where it moved
/// them); anything else is kept around them.
fn own_transform<'a, 'input>(
    text: Node<'a, 'input>,
    own: Rect,
) -> Result<(Rect, Option<String>), Refusal<'a, 'input>> {
    let Some(value) = text.attribute("transform") else {
        return Ok((own, None));
    };
    let t = parse(value).ok_or(Refusal::Unreadable(text))?;
    if t.sx == 1.0 && t.ky == 0.0 && t.kx == 0.0 && t.sy == 1.0 {
        let moved = Rect {
            x: own.x + t.tx,
            y: own.y + t.ty,
            ..own
        };
        return Ok((moved, None));
    }
    Ok((own, Some(value.to_owned())))
}

#[cfg(test)]
mod tests {
    use roxmltree::Document;

    use super::*;

    const RECT: Rect = Rect {
        x: 1.0,
        y: 2.0,
        w: 30.0,
        h: 40.0,
    };

    /// Places the slot of text `t` and box `b` in `svg`.
    fn placed(svg: &str) -> Result<Placed, String> {
        let doc = Document::parse(svg).expect("xml");
        let find = |id| {
            doc.descendants()
                .find(|n| n.attribute("id") == Some(id))
                .expect("found")
        };
        let at = |n: Node| n.attribute("id").unwrap_or("?").to_owned();
        place(find("t"), find("b"), RECT).map_err(|r| match r {
            Refusal::Unreadable(n) => format!("unreadable {}", at(n)),
            Refusal::Skewed(n) => format!("skewed {}", at(n)),
            Refusal::Mirrored(n) => format!("mirrored {}", at(n)),
            Refusal::Turned { bx, degrees } => format!("turned {} {degrees:.0}", at(bx)),
        })
    }

    fn close(a: Rect, b: [f32; 4]) -> bool {
        [a.x, a.y, a.w, a.h]
            .iter()
            .zip(b)
            .all(|(x, y)| (x - y).abs() < 1e-3)
    }

    #[test]
    fn the_box_comes_into_the_texts_parent_coordinates() {
        let svg = r#"<svg><g transform="translate(10,20)"><g transform="translate(0,-12)">
            <text id="t" transform="translate(3,3)"/></g></g>
            <g transform="translate(100,0)"><rect id="b"/></g></svg>"#;
        let p = placed(svg).expect("moves only");
        assert!(close(p.canvas, [101.0, 2.0, 30.0, 40.0]));
        assert!(close(p.layout, [91.0, -6.0, 30.0, 40.0]));
        assert_eq!((p.scale, p.frame), (1.0, None));
        // The lines, written with the text's own move folded in, are drawn
        // where the box is.
        assert!(close(
            bounds(p.to_canvas, p.layout),
            [101.0, 2.0, 30.0, 40.0]
        ));
    }

    #[test]
    fn a_rotation_both_share_keeps_the_box_as_drawn() {
        let svg = r#"<svg><g id="g" transform="rotate(-8 540 540)"><rect id="b"/><text id="t"/></g></svg>"#;
        let p = placed(svg).expect("turned together");
        assert!(close(p.layout, [1.0, 2.0, 30.0, 40.0]));
        // On the canvas, the turned box's bounds are larger than the box.
        assert!(p.canvas.w > 30.0 && p.canvas.h > 40.0);
        assert!((p.scale - 1.0).abs() < 1e-4);
        // The same rotation written on each of them.
        let svg = r#"<svg><rect id="b" transform="rotate(10)"/><text id="t" transform="rotate(10)"/></svg>"#;
        let p = placed(svg).expect("turned alike");
        assert!(close(p.layout, [1.0, 2.0, 30.0, 40.0]));
        assert_eq!(p.frame.as_deref(), Some("rotate(10)"));
    }

    #[test]
    fn a_scaled_group_scales_the_box_and_the_size_drawn() {
        let svg = r#"<svg><g transform="scale(0.5)"><text id="t"/></g><rect id="b"/></svg>"#;
        let p = placed(svg).expect("scaled");
        // The box, in the text's coordinates, is twice as large.
        assert!(close(p.layout, [2.0, 4.0, 60.0, 80.0]));
        assert_eq!(p.scale, 0.5);
        assert!(close(bounds(p.to_canvas, p.layout), [1.0, 2.0, 30.0, 40.0]));
    }

    #[test]
    fn skews_mirrors_and_turned_boxes_are_found_where_they_are_written() {
        let refused = |svg| placed(svg).err().unwrap_or_default();
        let skew = r#"<svg><g id="g" transform="skewX(10)"><text id="t"/><rect id="b"/></g></svg>"#;
        assert_eq!(refused(skew), "skewed g");
        // An uneven scale of a rotated group slants it.
        let slant = r#"<svg><g id="s" transform="scale(2 1)"><g id="r" transform="rotate(30)"><text id="t"/><rect id="b"/></g></g></svg>"#;
        assert_eq!(refused(slant), "skewed r");
        let flip = r#"<svg><text id="t" transform="scale(-1 1)"/><rect id="b"/></svg>"#;
        assert_eq!(refused(flip), "mirrored t");
        let turned = r#"<svg><text id="t"/><rect id="b" transform="rotate(-4 540 400)"/></svg>"#;
        assert_eq!(refused(turned), "turned b -4");
        let flat = r#"<svg><g id="f" transform="scale(0)"><text id="t"/><rect id="b"/></g></svg>"#;
        assert_eq!(refused(flat), "unreadable f");
        let nonsense = r#"<svg><text id="t" transform="nonsense"/><rect id="b"/></svg>"#;
        assert_eq!(refused(nonsense), "unreadable t");
    }

    #[test]
    fn a_mirrored_box_is_only_drawn_the_other_way() {
        let svg = r#"<svg><text id="t"/><rect id="b" transform="matrix(-1 0 0 1 100 0)"/></svg>"#;
        let p = placed(svg).expect("an upright box");
        assert!(close(p.layout, [69.0, 2.0, 30.0, 40.0]));
    }
}
