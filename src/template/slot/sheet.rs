//! A template's stylesheets: the rules of its `<style>` elements, read with
//! simplecss as usvg reads them, and which of them reach an element.
//!
//! Illustrator and Figma save styles as classes in a `<style>`; usvg applies
//! those rules when it draws, so handbill must apply the same ones to a text
//! slot before it lays the slot out, or it would measure one style and draw
//! another. This module only finds rules and declarations; deciding what a
//! slot may take from them is `slot::cascade`'s.

use roxmltree::{Document, Node};
use simplecss::{AttributeOperator, Declaration, Element, PseudoClass, Selector, StyleSheet};

/// The rules of every `<style>` in the document, in usvg's order: by
/// specificity, then as written (simplecss sorts them so).
pub(crate) fn parse<'a>(doc: &'a Document) -> StyleSheet<'a> {
    let mut sheet = StyleSheet::new();
    for n in doc.descendants().filter(|n| n.has_tag_name("style")) {
        // usvg skips a sheet of another type.
        if n.attribute("type").is_some_and(|t| t != "text/css") {
            continue;
        }
        if let Some(text) = n.text() {
            sheet.parse_more(text);
        }
    }
    sheet
}

/// An element as a selector sees it: a node of the template, or one of the
/// lines handbill writes into a text slot on a card (`<tspan x= y=>`, the
/// first and a later one), which the template does not hold but the same
/// rules will reach.
#[derive(Clone, Copy)]
pub(super) enum Probe<'a, 'input> {
    Node(Node<'a, 'input>),
    /// A line of the slot `text`: the first line when `first`.
    Line {
        text: Node<'a, 'input>,
        first: bool,
    },
}

impl Element for Probe<'_, '_> {
    fn parent_element(&self) -> Option<Self> {
        match *self {
            Probe::Node(n) => n.parent_element().map(Probe::Node),
            Probe::Line { text, .. } => Some(Probe::Node(text)),
        }
    }

    fn prev_sibling_element(&self) -> Option<Self> {
        match *self {
            Probe::Node(n) => n.prev_sibling_element().map(Probe::Node),
            Probe::Line { first: true, .. } => None,
            Probe::Line { text, first: false } => Some(Probe::Line { text, first: true }),
        }
    }

    fn has_local_name(&self, name: &str) -> bool {
        match self {
            Probe::Node(n) => n.tag_name().name() == name,
            Probe::Line { .. } => name == "tspan",
        }
    }

    fn attribute_matches(&self, name: &str, operator: AttributeOperator) -> bool {
        match self {
            Probe::Node(n) => n.attribute(name).is_some_and(|v| operator.matches(v)),
            // A line has a position and, at times, a style of handbill's.
            Probe::Line { .. } => matches!(name, "x" | "y" | "style") && operator.matches(""),
        }
    }

    fn pseudo_class_matches(&self, class: PseudoClass) -> bool {
        // usvg knows no other pseudo-class in a static SVG.
        class == PseudoClass::FirstChild && self.prev_sibling_element().is_none()
    }
}

/// A rule's selector and one of its declarations.
pub(super) type Reached<'s> = (&'s Selector<'s>, &'s Declaration<'s>);

/// The declarations of the rules that reach an element, each with its
/// rule's selector, in the order usvg applies them.
pub(super) fn reaching<'s>(sheet: &'s StyleSheet, e: Probe) -> Vec<Reached<'s>> {
    sheet
        .rules
        .iter()
        .filter(|rule| rule.selector.matches(&e))
        .flat_map(|rule| rule.declarations.iter().map(|d| (&rule.selector, d)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SVG: &str = r#"<svg xmlns="http://www.w3.org/2000/svg">
        <style>text { fill: red } #h { font-size: 40px } .big { font-size: 80px !important }
               tspan:first-child { letter-spacing: 2px } text tspan { fill: blue }</style>
        <style type="text/x-other">text { fill: green }</style>
        <g><text id="h" class="big"><tspan>x</tspan></text></g></svg>"#;

    fn names(found: &[Reached]) -> Vec<String> {
        found
            .iter()
            .map(|(_, d)| format!("{}:{}", d.name, d.value))
            .collect()
    }

    #[test]
    fn rules_reach_an_element_by_type_id_and_class_in_specificity_order() {
        let doc = Document::parse(SVG).expect("xml");
        let sheet = parse(&doc);
        let text = doc
            .descendants()
            .find(|n| n.has_tag_name("text"))
            .expect("text");
        let found = reaching(&sheet, Probe::Node(text));
        // The other type's sheet is skipped; the class comes before the id.
        assert_eq!(
            names(&found),
            ["fill:red", "font-size:80px", "font-size:40px"]
        );
        assert!(found[1].1.important);
        assert_eq!(found[1].0.to_string(), "*[class~='big']");
    }

    #[test]
    fn the_lines_handbill_writes_are_reached_as_tspans_of_the_slot() {
        let doc = Document::parse(SVG).expect("xml");
        let sheet = parse(&doc);
        let text = doc
            .descendants()
            .find(|n| n.has_tag_name("text"))
            .expect("text");
        let first = reaching(&sheet, Probe::Line { text, first: true });
        // simplecss counts no pseudo-class in specificity, so the later
        // rule of two types comes last, as usvg applies them.
        assert_eq!(names(&first), ["fill:blue", "letter-spacing:2px"]);
        let later = reaching(&sheet, Probe::Line { text, first: false });
        assert_eq!(names(&later), ["fill:blue"]);
    }
}
