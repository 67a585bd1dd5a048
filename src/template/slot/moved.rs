//! Slots that a transform moves. Editors move groups and layers with
//! `transform="translate(…)"` (Inkscape's layers often carry one, even
//! `translate(0,0)`), so a slot may sit in a moved group, and its box in
//! another. Both are brought into the coordinates of the text's parent,
//! where handbill writes the lines: the box is shifted by the difference of
//! the two moves, and the text's own move is folded in.
//!
//! Only moves are read here. A rotation, scale or skew is refused at the
//! element that carries it, by the caller.

use roxmltree::Node;

use crate::layout::Rect;

/// Where a slot's box is: in the coordinates handbill writes the text in,
/// and on the canvas.
pub(super) struct Placed {
    pub layout: Rect,
    pub canvas: Rect,
}

/// The box `rect` of `bx` for the text `text`, or the element whose
/// transform is more than a move.
pub(super) fn place<'a, 'input>(
    text: Node<'a, 'input>,
    bx: Node<'a, 'input>,
    rect: Rect,
) -> Result<Placed, Node<'a, 'input>> {
    let (bx_x, bx_y) = offset(bx.ancestors())?;
    let (parent_x, parent_y) = offset(text.ancestors().skip(1))?;
    // The text's own move, folded into the lines' positions.
    offset(std::iter::once(text))?;
    let canvas = Rect {
        x: rect.x + bx_x,
        y: rect.y + bx_y,
        ..rect
    };
    let layout = Rect {
        x: canvas.x - parent_x,
        y: canvas.y - parent_y,
        ..rect
    };
    Ok(Placed { layout, canvas })
}

/// The sum of the moves of `nodes`, or the first whose transform is not a
/// move (or does not parse).
fn offset<'a, 'input>(
    nodes: impl Iterator<Item = Node<'a, 'input>>,
) -> Result<(f32, f32), Node<'a, 'input>> {
    let mut sum = (0.0, 0.0);
    for n in nodes {
        let Some(t) = n.attribute("transform") else {
            continue;
        };
        let (x, y) = translation(t).ok_or(n)?;
        sum = (sum.0 + x, sum.1 + y);
    }
    Ok(sum)
}

/// A transform attribute that only moves: its offset. `None` for a
/// rotation, scale or skew, or a value that does not parse.
fn translation(value: &str) -> Option<(f32, f32)> {
    if value.trim().is_empty() {
        return Some((0.0, 0.0));
    }
    let t: svgtypes::Transform = value.parse().ok()?;
    let moves_only = t.a == 1.0 && t.b == 0.0 && t.c == 0.0 && t.d == 1.0;
    let (x, y) = (t.e as f32, t.f as f32);
    (moves_only && x.is_finite() && y.is_finite()).then_some((x, y))
}

#[cfg(test)]
mod tests {
    use roxmltree::Document;

    use super::*;

    #[test]
    fn moves_are_read_and_the_rest_refused() {
        assert_eq!(translation(""), Some((0.0, 0.0)));
        assert_eq!(translation("translate(0,0)"), Some((0.0, 0.0)));
        assert_eq!(translation("translate(0,-12)"), Some((0.0, -12.0)));
        assert_eq!(translation("translate(5) translate(1 2)"), Some((6.0, 2.0)));
        assert_eq!(translation("matrix(1,0,0,1,3,4)"), Some((3.0, 4.0)));
        assert_eq!(translation("rotate(10)"), None);
        assert_eq!(translation("scale(2)"), None);
        assert_eq!(translation("skewX(5)"), None);
        assert_eq!(translation("translate(1e40)"), None);
        assert_eq!(translation("nonsense"), None);
    }

    #[test]
    fn the_box_comes_into_the_texts_parent_coordinates() {
        let svg = r#"<svg><g transform="translate(10,20)"><g transform="translate(0,-12)">
            <text id="t" transform="translate(3,3)"/></g></g>
            <g transform="translate(100,0)"><rect id="b"/></g></svg>"#;
        let doc = Document::parse(svg).expect("xml");
        let find = |id| {
            doc.descendants()
                .find(|n| n.attribute("id") == Some(id))
                .expect("found")
        };
        let rect = Rect {
            x: 1.0,
            y: 2.0,
            w: 30.0,
            h: 40.0,
        };
        let Ok(placed) = place(find("t"), find("b"), rect) else {
            panic!("moves only");
        };
        assert_eq!((placed.canvas.x, placed.canvas.y), (101.0, 2.0));
        assert_eq!((placed.layout.x, placed.layout.y), (91.0, -6.0));
        assert_eq!((placed.layout.w, placed.layout.h), (30.0, 40.0));
    }

    #[test]
    fn a_rotation_is_found_where_it_is_written() {
        let svg = r#"<svg><g id="g" transform="rotate(5)"><text id="t"/></g><rect id="b"/></svg>"#;
        let doc = Document::parse(svg).expect("xml");
        let find = |id| {
            doc.descendants()
                .find(|n| n.attribute("id") == Some(id))
                .expect("found")
        };
        let rect = Rect {
            x: 0.0,
            y: 0.0,
            w: 1.0,
            h: 1.0,
        };
        let Err(at) = place(find("t"), find("b"), rect) else {
            panic!("refused");
        };
        assert_eq!(at.attribute("id"), Some("g"));
    }
}
