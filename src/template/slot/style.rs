//! A text slot's computed style: the declarations that reach its `<text>`
//! from its ancestors, its own attributes and `style=`, and its first
//! tspan, merged the way a renderer cascades them.
//!
//! Each element's declarations come as usvg applies them: presentation
//! attributes, then the rules of the template's stylesheets that reach it
//! (found by `sheet`, with simplecss as usvg finds them), then `style=`; a
//! rule's `!important` declaration keeps its place against `style=`. The
//! `style=` split is hand-written: a declaration list split on `;` and `:`
//! is all the attribute holds, and it reads shipped templates as before.

use roxmltree::Node;
use simplecss::StyleSheet;

use super::sheet::{Probe, reaching};
use crate::layout::Rect;
use crate::template::SVG_NS;

/// Text properties that inherit, which a slot's computed style needs.
pub(super) const INHERITED: &[&str] = &[
    "text-transform",
    "font-family",
    "font-size",
    "font-weight",
    "font-style",
    "letter-spacing",
    "text-anchor",
    "fill",
    "fill-opacity",
    "stroke",
    "stroke-width",
    "font-variant",
    "text-decoration",
    "word-spacing",
    "line-height",
];

/// Declarations, in order: property (lower case) and value.
pub(super) type Declarations = Vec<(String, String)>;

/// Parses "12", "12px", "12.5" and "9pt" into pixels.
pub(crate) fn number(s: &str) -> Option<f32> {
    let s = s.trim();
    let (num, factor) = if let Some(n) = s.strip_suffix("px") {
        (n, 1.0)
    } else if let Some(n) = s.strip_suffix("pt") {
        (n, 4.0 / 3.0)
    } else {
        (s, 1.0)
    };
    num.trim()
        .parse::<f32>()
        .ok()
        .filter(|v| v.is_finite())
        .map(|v| v * factor)
}

/// Splits a `style` attribute into declarations.
pub(crate) fn css(style: &str) -> Declarations {
    style
        .split(';')
        .filter_map(|d| {
            let (k, v) = d.split_once(':')?;
            let (k, v) = (k.trim(), v.trim());
            (!k.is_empty() && !v.is_empty()).then(|| (k.to_ascii_lowercase(), v.to_owned()))
        })
        .collect()
}

/// The computed style of a `<text>`: inherited properties from the
/// ancestors, then the element's own, then its first tspan's (Inkscape
/// writes styles there), then its own again so that its non-inherited
/// declarations (opacity, say) stay on the element. SVG 2 flowed-text
/// properties are dropped: handbill does the flowing.
pub(super) fn computed(sheet: &StyleSheet, text: Node) -> Declarations {
    let mut style = Declarations::new();
    let mut chain: Vec<Node> = text
        .ancestors()
        .skip(1)
        .filter(|n| n.is_element())
        .collect();
    chain.reverse();
    for a in chain {
        set_inherited(&mut style, declarations(sheet, a));
    }
    let own = declarations(sheet, text);
    for (k, v) in &own {
        set(&mut style, k, v);
    }
    if let Some(tspan) = text.children().find(|c| c.has_tag_name((SVG_NS, "tspan"))) {
        set_inherited(&mut style, declarations(sheet, tspan));
    }
    for (k, v) in own {
        set(&mut style, &k, &v);
    }
    style.retain(|(k, _)| {
        !matches!(
            k.as_str(),
            "inline-size" | "shape-inside" | "shape-padding" | "white-space"
        )
    });
    style
}

/// Sets the inherited properties among `from`.
fn set_inherited(style: &mut Declarations, from: Declarations) {
    for (k, v) in from {
        if INHERITED.contains(&k.as_str()) {
            set(style, &k, &v);
        }
    }
}

/// An element's declarations, a later one winning: presentation
/// attributes, the stylesheet rules that reach it, then its `style`, which
/// does not override a rule's `!important` declaration.
fn declarations(sheet: &StyleSheet, n: Node) -> Declarations {
    let mut out: Declarations = n
        .attributes()
        .filter(|a| a.namespace().is_none() && INHERITED.contains(&a.name()))
        .map(|a| (a.name().to_owned(), a.value().trim().to_owned()))
        .collect();
    let mut important: Vec<&str> = Vec::new();
    for (_, d) in reaching(sheet, Probe::Node(n)) {
        // The first important declaration of a property stays, as in usvg.
        if important.contains(&d.name) {
            continue;
        }
        if d.important {
            important.push(d.name);
        }
        out.push((d.name.to_owned(), d.value.trim().to_owned()));
    }
    if let Some(style) = n.attribute("style") {
        out.extend(
            css(style)
                .into_iter()
                .filter(|(k, _)| !important.contains(&k.as_str())),
        );
    }
    out
}

/// Sets a property, in its first place if it is already declared.
fn set(map: &mut Declarations, k: &str, v: &str) {
    if let Some(e) = map.iter_mut().find(|(key, _)| key == k) {
        e.1 = v.to_owned();
    } else {
        map.push((k.to_owned(), v.to_owned()));
    }
}

/// A property's value.
pub(super) fn get<'a>(map: &'a [(String, String)], k: &str) -> Option<&'a str> {
    map.iter()
        .find(|(key, _)| key == k)
        .map(|(_, v)| v.as_str())
}

/// An element's x, y, width and height in px, a missing one being 0;
/// `None` when one is not a number.
pub(crate) fn rect_of(n: Node) -> Option<Rect> {
    match ["x", "y", "width", "height"].map(|a| n.attribute(a).map_or(Some(0.0), number)) {
        [Some(x), Some(y), Some(w), Some(h)] => Some(Rect { x, y, w, h }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use roxmltree::Document;

    use super::*;

    #[test]
    fn numbers_read_px_and_pt_and_refuse_the_rest() {
        assert_eq!(number("12"), Some(12.0));
        assert_eq!(number(" 12.5px "), Some(12.5));
        assert_eq!(number("9pt"), Some(12.0));
        assert_eq!(number("12 px"), Some(12.0));
        assert_eq!(number("-3"), Some(-3.0));
        assert_eq!(number("2em"), None);
        assert_eq!(number("inf"), None);
        assert_eq!(number("NaN"), None);
        assert_eq!(number(""), None);
    }

    #[test]
    fn css_splits_declarations_and_lowercases_properties() {
        assert_eq!(
            css("Fill: #FFF ; font-size:12px;;stroke:;:none;opacity"),
            vec![
                ("fill".to_owned(), "#FFF".to_owned()),
                ("font-size".to_owned(), "12px".to_owned()),
            ]
        );
    }

    #[test]
    fn css_keeps_a_colon_inside_a_value() {
        assert_eq!(
            css("font-family:'A:B'"),
            vec![("font-family".to_owned(), "'A:B'".to_owned())]
        );
    }

    fn text_of<'a, 'input>(doc: &'a Document<'input>) -> Node<'a, 'input> {
        doc.descendants()
            .find(|n| n.has_tag_name((SVG_NS, "text")))
            .expect("a <text>")
    }

    #[test]
    fn the_nearest_declaration_wins_and_style_beats_attributes() {
        let doc = Document::parse(
            r#"<svg xmlns="http://www.w3.org/2000/svg" font-size="10" fill="red">
                 <g fill="blue" opacity="0.5" style="font-weight:bold">
                   <text font-size="20" style="font-size:30px" id="t">x</text>
                 </g>
               </svg>"#,
        )
        .expect("xml");
        let style = computed(&StyleSheet::new(), text_of(&doc));
        assert_eq!(get(&style, "font-size"), Some("30px"));
        assert_eq!(get(&style, "fill"), Some("blue"));
        assert_eq!(get(&style, "font-weight"), Some("bold"));
        // opacity does not inherit.
        assert_eq!(get(&style, "opacity"), None);
    }

    #[test]
    fn the_first_tspan_styles_the_slot_but_not_its_own_non_inherited_ones() {
        let doc = Document::parse(
            r#"<svg xmlns="http://www.w3.org/2000/svg">
                 <text style="fill:red;opacity:0.8;line-height:1.25;white-space:pre">
                   <tspan style="fill:green;opacity:0.1">x</tspan><tspan fill="blue">y</tspan>
                 </text>
               </svg>"#,
        )
        .expect("xml");
        let style = computed(&StyleSheet::new(), text_of(&doc));
        // The element's own declarations come last, so they win.
        assert_eq!(get(&style, "fill"), Some("red"));
        assert_eq!(get(&style, "opacity"), Some("0.8"));
        // Layout reads the line height; the card never writes it.
        assert_eq!(get(&style, "line-height"), Some("1.25"));
        assert_eq!(get(&style, "white-space"), None);
    }

    #[test]
    fn a_tspan_fills_in_what_the_text_does_not_say() {
        let doc = Document::parse(
            r#"<svg xmlns="http://www.w3.org/2000/svg" fill="red">
                 <text><tspan fill="green" font-size="40">x</tspan></text>
               </svg>"#,
        )
        .expect("xml");
        let style = computed(&StyleSheet::new(), text_of(&doc));
        assert_eq!(get(&style, "fill"), Some("green"));
        assert_eq!(get(&style, "font-size"), Some("40"));
    }

    #[test]
    fn set_replaces_in_place() {
        let mut map = css("a:1;b:2");
        set(&mut map, "a", "3");
        set(&mut map, "c", "4");
        assert_eq!(
            map,
            vec![
                ("a".to_owned(), "3".to_owned()),
                ("b".to_owned(), "2".to_owned()),
                ("c".to_owned(), "4".to_owned()),
            ]
        );
    }
}
