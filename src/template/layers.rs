//! How a template's cards can be drawn in two layers: what lies under the
//! first text slot or logo, drawn once for every card with the same
//! artwork, and the rest (the slots and whatever artwork follows them)
//! drawn per card over a copy of it.
//!
//! resvg paints an SVG's elements in document order, each group that needs
//! no layer of its own (no opacity, filter, mask, clip or blend) straight
//! onto the canvas. So the painted elements split at the first slot, with
//! only such plain groups around the split, give the very pixels of the
//! whole card when the second part is drawn over the first. This module
//! only finds that split in a parsed template; when in doubt (a stylesheet
//! that may give a group opacity, a text on a path) it finds none, and the
//! card is drawn whole, as before.

use std::ops::Range;

use roxmltree::{Document, Node};

use super::SVG_NS;
use super::artwork::ById;

/// A template's painted elements on either side of its first slot: those
/// under it, drawn once, and the artwork over it, drawn with the slots.
/// Each is an element's range in the source, hidden in the other layer.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layers {
    pub under: Vec<Range<usize>>,
    pub over: Vec<Range<usize>>,
}

/// Elements that draw something where they stand. Everything else
/// (`defs`, gradients, clips, masks, patterns, markers, symbols, titles)
/// draws only when referenced, and plain groups are looked into.
const PAINTED: [&str; 14] = [
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "text",
    "image",
    "use",
    "foreignObject",
    "svg",
    "a",
    "switch",
];

/// Presentation attributes (or style properties) that make resvg draw a
/// group into a layer of its own.
const ISOLATING: [&str; 6] = [
    "opacity",
    "filter",
    "mask",
    "clip-path",
    "mix-blend-mode",
    "isolation",
];

/// The split of a template's painted elements at its first slot, or
/// `None` when its cards must be drawn whole. `slots` are the ranges of
/// the text slots and the logo; `removals` those of elements no card draws
/// (their boxes).
pub(super) fn split(
    doc: &Document,
    by_id: &ById,
    slots: &[Range<usize>],
    removals: &[Range<usize>],
) -> Option<Layers> {
    let first = slots.iter().map(|r| r.start).min()?;
    // A stylesheet may isolate a group by class, and a root drawn as a
    // layer of its own holds both layers: not worth reasoning about.
    if doc.descendants().any(|n| is_svg(n, "style")) || isolates(doc.root_element()) {
        return None;
    }
    // Nothing draws an element that one layer or the other hides.
    if !doc
        .descendants()
        .all(|n| refers_only_to_resources(n, by_id))
    {
        return None;
    }
    let mut units = Vec::new();
    collect_units(doc.root_element(), slots, removals, &mut units);
    let (under, over) = units.into_iter().partition(|r| r.end <= first);
    Some(Layers { under, over })
}

/// Whether an element has any property that asks resvg for a layer.
fn isolates(n: Node) -> bool {
    let style = n.attribute("style").unwrap_or("");
    ISOLATING
        .iter()
        .any(|&p| n.attribute(p).is_some() || style.contains(p))
}

/// Whether an element that draws another by reference (`<use>`, a text
/// on a path, a filter's image) draws a resource, which neither layer
/// hides, rather than a painted element, which one of them does.
fn refers_only_to_resources(n: Node, by_id: &ById) -> bool {
    let href = (n.attributes())
        .find(|a| a.name() == "href")
        .and_then(|a| a.value().strip_prefix('#'));
    let Some(target) = href.and_then(|id| by_id.get(id)) else {
        return true;
    };
    target.ancestors().any(|a| {
        let name = a.tag_name().name();
        a.is_element() && a.parent_element().is_some() && name != "g" && !PAINTED.contains(&name)
    })
}

/// The painted units under `parent` in document order, each drawn whole
/// in one layer: an element that paints, or a group drawn as a layer of its
/// own; plain groups are looked into. Slots and removed elements are left
/// out.
fn collect_units(
    parent: Node,
    slots: &[Range<usize>],
    removals: &[Range<usize>],
    out: &mut Vec<Range<usize>>,
) {
    for child in parent.children().filter(|c| c.is_element()) {
        let range = child.range();
        let name = child.tag_name().name();
        if slots.contains(&range) || removals.contains(&range) || !is_svg(child, name) {
            continue;
        }
        if name == "g" && !isolates(child) {
            collect_units(child, slots, removals, out);
        } else if name == "g" || PAINTED.contains(&name) {
            out.push(range);
        }
    }
}

/// Whether a node is the SVG element `name`.
fn is_svg(n: Node, name: &str) -> bool {
    n.is_element() && n.tag_name().name() == name && n.tag_name().namespace() == Some(SVG_NS)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The layers of `svg` as text, its slots being the elements with the
    /// ids given.
    fn layers_of(svg: &str, ids: &[&str]) -> Option<(Vec<String>, Vec<String>)> {
        let doc = Document::parse(svg).expect("parses");
        let slots: Vec<Range<usize>> = ids
            .iter()
            .map(|id| {
                doc.descendants()
                    .find(|n| n.attribute("id") == Some(id))
                    .expect("slot")
                    .range()
            })
            .collect();
        let boxes: Vec<Range<usize>> = doc
            .descendants()
            .filter(|n| n.attribute("id").is_some_and(|i| i.ends_with("-box")))
            .map(|n| n.range())
            .collect();
        let text = |rs: Vec<Range<usize>>| rs.into_iter().map(|r| svg[r].to_owned()).collect();
        split(&doc, &super::super::by_id(&doc), &slots, &boxes)
            .map(|l| (text(l.under), text(l.over)))
    }

    const NS: &str = r#"xmlns="http://www.w3.org/2000/svg""#;

    #[test]
    fn the_artwork_splits_at_the_first_slot() {
        let svg = format!(
            r#"<svg {NS}><defs><linearGradient id="g"/></defs><rect id="bg"/><g transform="translate(1 2)" style="display:inline"><circle/><rect id="t-box"/><text id="t">x</text><rect id="pill"/></g><g opacity=".5"><path/></g><image id="logo"/></svg>"#
        );
        let (under, over) = layers_of(&svg, &["t", "logo"]).expect("two layers");
        assert_eq!(under, [r#"<rect id="bg"/>"#, "<circle/>"]);
        assert_eq!(
            over,
            [r#"<rect id="pill"/>"#, r#"<g opacity=".5"><path/></g>"#]
        );
    }

    #[test]
    fn a_layered_root_a_stylesheet_or_a_painted_element_drawn_twice_keeps_the_card_whole() {
        let faded = format!(r#"<svg {NS} opacity="0.5"><rect/><text id="t">x</text></svg>"#);
        assert_eq!(layers_of(&faded, &["t"]), None, "a root drawn as a layer");
        let used =
            format!(r##"<svg {NS}><rect id="r"/><text id="t">x</text><use href="#r"/></svg>"##);
        assert_eq!(layers_of(&used, &["t"]), None, "a painted element used");
        let resource = format!(
            r##"<svg {NS}><defs><path id="p"/></defs><rect/><text id="t">x</text><use href="#p"/></svg>"##
        );
        assert!(layers_of(&resource, &["t"]).is_some(), "a resource used");
        let sheet = format!(
            r#"<svg {NS}><style>.a{{opacity:.5}}</style><rect/><text id="t">x</text></svg>"#
        );
        assert_eq!(layers_of(&sheet, &["t"]), None, "a stylesheet");
        let on_path = format!(
            r##"<svg {NS}><path id="p"/><text id="t"><textPath href="#p">x</textPath></text></svg>"##
        );
        assert_eq!(
            layers_of(&on_path, &["t"]),
            None,
            "a text on the artwork's path"
        );
    }
}
