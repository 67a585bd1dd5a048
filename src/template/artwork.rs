//! The parts of a template that are not text slots: the logo, colour
//! swatches, the carousel's progress bar and "next" cue, the texts handbill
//! leaves alone, and the checks that keep a template from reading files.
//!
//! Each part is found by id and turned into byte ranges and edits of the
//! designer's source; nothing here draws or lays out text.

use std::collections::BTreeMap;
use std::ops::Range;

use roxmltree::Node;

use super::reader::Reader;
use super::slot::{css, number, rect_of};
use super::{ColourSlot, Edit, LogoSlot, SVG_NS, TextSlot};

/// Every element with an id, by id.
pub(super) type ById<'a, 'input> = BTreeMap<&'a str, Node<'a, 'input>>;

/// The logo `<image>`, with the edits that replace its picture.
pub(super) fn logo(r: &mut Reader, by_id: &ById) -> Option<LogoSlot> {
    let img = *by_id.get("logo")?;
    if !img.has_tag_name((SVG_NS, "image")) {
        let p = r
            .problem(img, "the `logo` slot must be an <image> element")
            .hint("draw the logo's area as an image (Inkscape: import any picture, then set its id to logo)");
        r.report(p);
        return None;
    }
    let source = r.doc.input_text();
    let drops = img
        .attributes()
        .filter(|a| a.name() == "href")
        .map(|a| Edit {
            range: attr_range_with_space(source, a.range()),
            text: String::new(),
        })
        .collect();
    let Some(rect) = rect_of(img) else {
        let p = r
            .problem(img, "the `logo` image needs x, y, width and height in px")
            .hint("set them as plain numbers");
        r.report(p);
        return None;
    };
    Some(LogoSlot {
        range: img.range(),
        drops,
        href_at: img.range().start + "<image".len(),
        rect,
    })
}

/// Images other than the logo slot (found by id or label) must be
/// embedded: handbill never reads a file a template points to.
pub(super) fn check_images(r: &mut Reader, by_id: &ById) {
    let doc = r.doc;
    let logo = by_id.get("logo").copied();
    for n in doc
        .descendants()
        .filter(|n| n.has_tag_name((SVG_NS, "image")))
        .filter(|n| Some(*n) != logo)
    {
        let href = n
            .attributes()
            .find(|a| a.name() == "href")
            .map(|a| a.value())
            .unwrap_or("");
        if !href.starts_with("data:") {
            let p = r
                .problem(n, format!("the image points to {href:?}; handbill only draws embedded images"))
                .hint("embed the image (Inkscape: Extensions → Images → Embed Images), or make it the `logo` slot");
            r.report(p);
        }
    }
}

/// Elements that point elsewhere (`<use>`, `<feImage>`, a gradient or
/// pattern that inherits another's, `<textPath>`) point inside the
/// template, and stylesheets import nothing: usvg reads no file for them,
/// so a card would silently lose what the designer saw.
pub(super) fn check_references(r: &mut Reader) {
    let doc = r.doc;
    for n in doc.descendants().filter(|n| n.is_element()) {
        let name = n.tag_name().name();
        if matches!(name, "image" | "a") {
            continue;
        }
        let href = n
            .attributes()
            .find(|a| a.name() == "href")
            .map(|a| a.value());
        if let Some(href) = href.filter(|h| !inside(name, h)) {
            let p = r
                .problem(n, format!("the <{name}> points to {href:?}, outside this template; handbill draws only what the template holds"))
                .hint("copy what it points to into this template and point to its id (href=\"#id\")");
            r.report(p);
        }
        if name == "style" && n.text().is_some_and(imports) {
            let p = r
                .problem(n, "the stylesheet imports a file or font (@import, url(…)); handbill reads only what the template holds")
                .hint("copy the rules into this <style>; fonts come from fonts/, named by font-family");
            r.report(p);
        }
    }
}

/// Whether an element's `href` stays inside the template: a reference to
/// an id, or an `<feImage>`'s embedded picture.
fn inside(element: &str, href: &str) -> bool {
    href.trim_start().starts_with('#') || (element == "feImage" && href.starts_with("data:"))
}

/// Whether a stylesheet reads anything beyond itself: an `@import`, or a
/// `url(…)` that is not a reference inside the template (`url(#id)`).
fn imports(css: &str) -> bool {
    css.contains("@import")
        || css.match_indices("url(").any(|(i, m)| {
            let rest = css[i + m.len()..]
                .trim_start()
                .trim_start_matches(['\'', '"']);
            !rest.starts_with('#')
        })
}

/// The colour swatches, `colour-<name>`: gradients whose one stop takes a
/// campaign colour.
pub(super) fn colours(r: &mut Reader, by_id: &ById) -> BTreeMap<String, ColourSlot> {
    let mut colours = BTreeMap::new();
    for (id, &n) in by_id {
        let Some(name) = id.strip_prefix("colour-") else {
            continue;
        };
        let Some(stop) = n.children().find(|c| c.has_tag_name((SVG_NS, "stop"))) else {
            let p = r
                .problem(n, format!("the colour swatch `{id}` has no <stop>"))
                .hint("a swatch is a gradient with one stop: <linearGradient id=\"colour-accent\"><stop offset=\"0\" stop-color=\"#e4572e\"/></linearGradient>");
            r.report(p);
            continue;
        };
        colours.insert(name.to_owned(), colour_slot(stop));
    }
    colours
}

/// Where a swatch's stop colour goes: its `stop-color` attribute or where
/// one is added, and its `style` without a `stop-color` that would win.
fn colour_slot(stop: Node) -> ColourSlot {
    let value = match stop.attribute_node("stop-color") {
        Some(a) => Ok(a.range_value()),
        None => Err(stop.range().start + "<stop".len()),
    };
    let style = stop.attribute_node("style").map(|a| {
        let kept: Vec<String> = css(a.value())
            .into_iter()
            .filter(|(k, _)| k != "stop-color")
            .map(|(k, v)| format!("{k}:{v}"))
            .collect();
        (a.range_value(), kept.join(";"))
    });
    ColourSlot { value, style }
}

/// The carousel's progress bar: its `width` value's range and full width.
pub(super) fn progress(r: &mut Reader, by_id: &ById) -> Option<(Range<usize>, f32)> {
    let &n = by_id.get("progress")?;
    let found = n
        .attribute_node("width")
        .and_then(|a| Some((a.range_value(), number(a.value())?)));
    if found.is_none() {
        let p = r
            .problem(n, "the `progress` bar needs a numeric width")
            .hint("make it a <rect> with width in px");
        r.report(p);
    }
    found
}

/// The "next" cue, which the last slide hides inside a hidden group (not
/// by an attribute of its own, which the cue may already have).
pub(super) fn next(by_id: &ById) -> Option<Range<usize>> {
    by_id.get("next").map(|n| n.range())
}

/// `<text>` elements that are not slots, kept readable when a card is
/// mirrored.
pub(super) fn static_texts(
    r: &Reader,
    text_slots: &BTreeMap<String, TextSlot>,
) -> Vec<Range<usize>> {
    r.doc
        .descendants()
        .filter(|n| n.has_tag_name((SVG_NS, "text")))
        .filter(|n| !text_slots.values().any(|s| s.range == n.range()))
        .map(|n| n.range())
        .collect()
}

/// An attribute's range including the white space before it.
fn attr_range_with_space(source: &str, range: Range<usize>) -> Range<usize> {
    let before = &source[..range.start];
    let trimmed = before.trim_end_matches(|c: char| c.is_ascii_whitespace());
    trimmed.len()..range.end
}

#[cfg(test)]
mod tests {
    use roxmltree::Document;

    use super::*;
    use crate::layout::Rect;

    #[test]
    fn a_stylesheet_imports_with_import_or_an_outside_url() {
        assert!(imports("@import url(a.css);"));
        assert!(imports("@font-face { src: url( 'x.ttf') }"));
        assert!(imports("rect { fill: url(http://x/y#g) }"));
        assert!(!imports("rect { fill: url(#g); stroke: url( \"#h\") }"));
        assert!(!imports(".a { fill: red }"));
    }

    #[test]
    fn an_attribute_is_removed_with_the_space_before_it() {
        let source = "<image x=\"1\"\n   href=\"a.png\"/>";
        let start = source.find("href").expect("href");
        let range = attr_range_with_space(source, start..start + "href=\"a.png\"".len());
        let mut kept = source.to_owned();
        kept.replace_range(range, "");
        assert_eq!(kept, "<image x=\"1\"/>");
    }

    #[test]
    fn an_attribute_at_the_tag_keeps_the_tag() {
        let source = "<a b=\"c\"/>";
        assert_eq!(attr_range_with_space(source, 3..8), 2..8);
    }

    #[test]
    fn a_missing_coordinate_is_zero_and_a_bad_one_is_refused() {
        let doc =
            Document::parse(r#"<r><a width="10" height="6pt"/><b x="left"/></r>"#).expect("xml");
        let mut els = doc.root_element().children();
        let a = els.next().expect("a");
        assert_eq!(
            rect_of(a),
            Some(Rect {
                x: 0.0,
                y: 0.0,
                w: 10.0,
                h: 8.0
            })
        );
        assert_eq!(rect_of(els.next().expect("b")), None);
    }

    #[test]
    fn a_swatch_drops_stop_color_from_its_style_and_keeps_the_rest() {
        let source = r#"<stop offset="0" style="stop-color:#000; stop-opacity:0.5"/>"#;
        let doc = Document::parse(source).expect("xml");
        let slot = colour_slot(doc.root_element());
        assert_eq!(slot.value, Err("<stop".len()));
        let (range, kept) = slot.style.expect("style");
        assert_eq!(&source[range], "stop-color:#000; stop-opacity:0.5");
        assert_eq!(kept, "stop-opacity:0.5");
    }

    #[test]
    fn a_swatch_with_stop_color_is_rewritten_in_place() {
        let source = r##"<stop stop-color="#e4572e"/>"##;
        let doc = Document::parse(source).expect("xml");
        let slot = colour_slot(doc.root_element());
        let range = slot.value.expect("attribute");
        assert_eq!(&source[range], "#e4572e");
        assert!(slot.style.is_none());
    }
}
