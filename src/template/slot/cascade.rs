//! What a text slot may take from the template's stylesheets.
//!
//! A rule that reaches a slot's `<text>` (by element, id or class) is
//! applied before layout (`style::computed`), and the card writes the
//! result on the text, where it wins over the rule: what is measured is
//! what is drawn. Some rules cannot be honoured so, and are refused here,
//! each at its declaration: an `!important` size or alignment (it would beat
//! the size handbill fits, or the side a right-to-left card aligns to), the
//! `font` shorthand (handbill reads the longhands), a transform (it moves
//! the text off its box), and any rule that sets a layout property on the
//! lines handbill writes into the slot (it would restyle them after
//! layout). Rules that only paint (fill, stroke, opacity) are all kept.

use roxmltree::Node;

use super::SlotNodes;
use super::sheet::{Probe, Reached, reaching};
use crate::problem::Location;
use crate::template::reader::Reader;

/// Properties that size or place a slot's lines: what layout decides.
const LAYOUT: &[&str] = &[
    "font",
    "font-family",
    "font-size",
    "font-weight",
    "font-style",
    "font-stretch",
    "font-variant",
    "font-kerning",
    "font-feature-settings",
    "font-variation-settings",
    "letter-spacing",
    "word-spacing",
    "text-anchor",
    "text-transform",
    "baseline-shift",
    "dominant-baseline",
    "alignment-baseline",
    "writing-mode",
    "direction",
    "unicode-bidi",
    "white-space",
    "transform",
];

/// Refuses, at each declaration, the stylesheet rules a slot cannot
/// honour.
pub(super) fn check(r: &mut Reader, slot: &SlotNodes, bx: Node) {
    let mut refused: Vec<Refused> = Vec::new();
    // The lines handbill writes, first and later, take no layout property.
    for first in [true, false] {
        let line = Probe::Line {
            text: slot.text,
            first,
        };
        for (selector, d) in reaching(&r.sheet, line) {
            if LAYOUT.contains(&d.name) {
                refused.push(on_lines(r, slot, (selector, d)));
            }
        }
    }
    // The text itself: no !important size or alignment, no shorthand.
    for reached in reaching(&r.sheet, Probe::Node(slot.text)) {
        if let Some(why) = on_text(reached) {
            refused.push(at(r, reached, why));
        }
    }
    // No transform on the text, its box, or what holds them.
    let nodes = slot.text.ancestors().chain(bx.ancestors());
    for n in nodes.filter(|n| n.is_element()) {
        for reached in reaching(&r.sheet, Probe::Node(n)) {
            if reached.1.name == "transform" {
                let why = "a transform from a stylesheet moves the slot off its box".to_owned();
                refused.push(at(r, reached, why));
            }
        }
    }
    report(r, slot, refused);
}

/// Why a rule that reaches the slot's `<text>` cannot be honoured, if so.
fn on_text((_, d): Reached) -> Option<String> {
    match d.name {
        "font" => Some("the `font` shorthand is not read for text slots".to_owned()),
        "font-size" if d.important => {
            Some("!important overrides the size handbill fits for each card".to_owned())
        }
        "text-anchor" if d.important => {
            Some("!important overrides the side handbill aligns right-to-left cards to".to_owned())
        }
        _ => None,
    }
}

/// A rule that would restyle the lines handbill writes.
fn on_lines(r: &Reader, slot: &SlotNodes, reached: Reached) -> Refused {
    let why = format!(
        "it sets {} on the lines handbill writes into the `{}` slot, after they are laid out",
        reached.1.name, slot.id
    );
    at(r, reached, why)
}

/// A refused rule: where its declaration is written (`None` when the
/// parser copied the text), and what is wrong.
type Refused = (Option<Location>, String);

/// A refused rule, at its declaration.
fn at(r: &Reader, (selector, d): Reached, why: String) -> Refused {
    let important = if d.important { " !important" } else { "" };
    let selector = written(r, d.name).map_or_else(|| selector.to_string(), str::to_owned);
    let what = format!(
        "the rule `{selector} {{ {}: {}{important} }}`: {why}",
        d.name, d.value
    );
    (r.at_text(d.name), what)
}

/// A rule's selector as the designer wrote it (simplecss would print
/// `.big` as `*[class~='big']`), found before its declaration's `{` in the
/// source: from the end of the previous rule or comment, or the start of
/// the stylesheet's text.
fn written<'a>(r: &Reader<'_, 'a>, declaration: &str) -> Option<&'a str> {
    let source: &'a str = r.doc.input_text();
    let offset = r.offset_of(declaration)?;
    let open = source[..offset].rfind('{')?;
    let sheet_start = r
        .doc
        .descendants()
        .filter(|n| n.is_text() && n.range().start <= open)
        .map(|n| n.range().start)
        .max()?;
    let text = &source[sheet_start..open];
    let start = [text.rfind('}'), text.rfind("*/").map(|i| i + 1)]
        .into_iter()
        .flatten()
        .max()
        .map_or(0, |i| i + 1);
    let selector = text[start..].trim();
    let selector = selector
        .strip_prefix("<![CDATA[")
        .unwrap_or(selector)
        .trim();
    (!selector.is_empty()).then_some(selector)
}

/// Reports each refused rule once, at its declaration when it is known.
fn report(r: &mut Reader, slot: &SlotNodes, mut refused: Vec<Refused>) {
    refused.dedup();
    for (location, what) in refused {
        let hint = "style the text slot with attributes or style=\"…\" on its <text>, or with a class rule that sets fill, font-family, font-size, font-weight, letter-spacing or text-anchor on the <text> without !important; see templates/README.md";
        let p = match location {
            Some(l) => r.problem_at(l, what),
            None => r.problem(slot.text, what),
        };
        r.report(p.slot(slot.id).hint(hint));
    }
}
