//! The pictures of a template: the `photo` slot a message's photo fills,
//! the raster images that must never be drawn mirror-wise on right-to-left
//! cards, and the elements a designer keeps out of mirroring with
//! `data-mirror="no"`.
//!
//! Each is found in the designer's source and turned into byte ranges and
//! the numbers a card needs (the photo's box in canvas pixels, the centre
//! an image is flipped back around). Nothing here decodes or draws.

use std::ops::Range;

use roxmltree::Node;

use super::artwork::ById;
use super::reader::Reader;
use super::slot::rect_of;
use super::{Edit, SVG_NS};

/// The attribute that keeps an element out of mirroring, and its value.
pub const KEEP: (&str, &str) = ("data-mirror", "no");

/// The `photo` `<image>`: where its picture goes, and how large it is
/// drawn on the card.
#[derive(Clone, Debug)]
pub struct PhotoSlot {
    /// The whole element.
    pub range: Range<usize>,
    /// Edits that drop its own `href`s and `preserveAspectRatio`.
    pub drops: Vec<Edit>,
    /// Where to write the photo's `href`.
    pub href_at: usize,
    /// Its size in canvas pixels (every transform around it applied),
    /// rounded up: the size the photo is cropped and scaled to.
    pub pixels: (u32, u32),
    /// Flipped back around this x on mirrored cards; `None` inside an
    /// element kept out of mirroring, which is already unflipped.
    pub centre: Option<f32>,
}

/// A template's pictures.
#[derive(Clone, Debug, Default)]
pub struct Pictures {
    pub photo: Option<PhotoSlot>,
    /// Raster images (other than the logo and photo) and the x they are
    /// flipped back around on mirrored cards, so their pixels never mirror.
    pub images: Vec<(Range<usize>, f32)>,
    /// Elements with `data-mirror="no"`: kept where they are, unflipped.
    pub kept: Vec<Range<usize>>,
}

/// Reads the photo slot, the raster images and the kept elements.
pub(super) fn read(r: &mut Reader, by_id: &ById) -> Pictures {
    let kept = kept(r);
    let photo = by_id.get("photo").and_then(|&n| photo(r, n, &kept));
    let skip = [by_id.get("logo"), by_id.get("photo")];
    let images = r
        .doc
        .descendants()
        .filter(|n| n.has_tag_name((SVG_NS, "image")) && is_raster(*n))
        .filter(|n| !skip.contains(&Some(n)) && !inside(*n, &kept))
        .filter_map(|n| Some((n.range(), centre(n)?)))
        .collect();
    Pictures {
        photo,
        images,
        kept,
    }
}

/// The outermost elements marked `data-mirror="no"`; another value is a
/// problem, since the designer meant something by it.
fn kept(r: &mut Reader) -> Vec<Range<usize>> {
    let mut kept: Vec<Range<usize>> = Vec::new();
    let doc = r.doc;
    for n in doc.descendants().filter(|n| n.is_element()) {
        let Some(v) = n.attribute(KEEP.0) else {
            continue;
        };
        if v != KEEP.1 {
            let p = r
                .problem(n, format!("data-mirror=\"{v}\" is not a value handbill knows"))
                .hint("write data-mirror=\"no\" to keep this element unmirrored on right-to-left cards, or remove the attribute");
            r.report(p);
        } else if !inside(n, &kept) {
            kept.push(n.range());
        }
    }
    kept
}

fn inside(n: Node, kept: &[Range<usize>]) -> bool {
    kept.iter()
        .any(|k| k.start <= n.range().start && n.range().end <= k.end)
}

/// A picture embedded as pixels (a photo, a texture), not as an SVG:
/// vector art mirrors with the rest of the layout.
fn is_raster(n: Node) -> bool {
    let href = n
        .attributes()
        .find(|a| a.name() == "href")
        .map(|a| a.value().trim_start())
        .unwrap_or("");
    href.starts_with("data:image/") && !href.starts_with("data:image/svg")
}

/// The photo slot: an `<image>` with a box.
fn photo(r: &mut Reader, n: Node, kept: &[Range<usize>]) -> Option<PhotoSlot> {
    if !n.has_tag_name((SVG_NS, "image")) {
        let p = r
            .problem(n, "the `photo` slot must be an <image> element")
            .hint("draw the photo's area as an image (Inkscape: import any picture, then set its id to photo)");
        r.report(p);
        return None;
    }
    let (Some(rect), Some(centre)) = (rect_of(n), centre(n)) else {
        let p = r
            .problem(
                n,
                "the `photo` image needs x, y, width and height in px, and a transform that parses",
            )
            .hint("set them as plain numbers");
        r.report(p);
        return None;
    };
    let (sx, sy) = scale(n)?;
    let pixels = ((rect.w * sx).ceil() as u32, (rect.h * sy).ceil() as u32);
    if pixels.0 == 0 || pixels.1 == 0 {
        let p = r
            .problem(n, "the `photo` image has no area on the card")
            .hint("give it a width and height of at least one pixel");
        r.report(p);
        return None;
    }
    Some(PhotoSlot {
        range: n.range(),
        drops: drops(r.doc.input_text(), n),
        href_at: n.range().start + "<image".len(),
        pixels,
        centre: (!inside(n, kept)).then_some(centre),
    })
}

/// Edits that remove the image's own picture and fitting.
fn drops(source: &str, n: Node) -> Vec<Edit> {
    n.attributes()
        .filter(|a| matches!(a.name(), "href" | "preserveAspectRatio"))
        .map(|a| Edit {
            range: super::artwork::attr_range_with_space(source, a.range()),
            text: String::new(),
        })
        .collect()
}

/// The transform of an element's own `transform` attribute.
fn transform(n: Node) -> Option<svgtypes::Transform> {
    match n.attribute("transform") {
        Some(t) if !t.trim().is_empty() => t.parse().ok(),
        _ => Some(svgtypes::Transform::default()),
    }
}

/// The x of an image's centre in its parent's coordinates (its own
/// transform applied): the axis it is flipped back around.
fn centre(n: Node) -> Option<f32> {
    let rect = rect_of(n)?;
    let t = transform(n)?;
    let (x, y) = (
        f64::from(rect.x + rect.w / 2.0),
        f64::from(rect.y + rect.h / 2.0),
    );
    Some((t.a * x + t.c * y + t.e) as f32)
}

/// How many canvas pixels one unit of the element is, across and down:
/// the lengths of its axes after every transform around it.
fn scale(n: Node) -> Option<(f32, f32)> {
    let mut m = svgtypes::Transform::default();
    for a in n.ancestors().filter(|a| a.is_element()) {
        let t = transform(a)?;
        m = svgtypes::Transform::new(
            t.a * m.a + t.c * m.b,
            t.b * m.a + t.d * m.b,
            t.a * m.c + t.c * m.d,
            t.b * m.c + t.d * m.d,
            0.0,
            0.0,
        );
    }
    let (sx, sy) = (m.a.hypot(m.b), m.c.hypot(m.d));
    (sx.is_finite() && sy.is_finite()).then_some((sx as f32, sy as f32))
}

#[cfg(test)]
mod tests {
    use roxmltree::Document;

    use super::*;

    fn image<'a, 'i>(doc: &'a Document<'i>) -> Node<'a, 'i> {
        doc.descendants()
            .find(|n| n.has_tag_name((SVG_NS, "image")))
            .expect("an image")
    }

    #[test]
    fn the_scale_of_every_group_around_an_image_counts() {
        let doc = Document::parse(r#"<svg xmlns="http://www.w3.org/2000/svg"><g transform="scale(2)"><g transform="translate(5 5) scale(1 3)"><image x="0" y="0" width="10" height="10"/></g></g></svg>"#).expect("xml");
        assert_eq!(scale(image(&doc)), Some((2.0, 6.0)));
        let doc = Document::parse(r#"<svg xmlns="http://www.w3.org/2000/svg"><g transform="rotate(90)"><image width="1" height="1"/></g></svg>"#).expect("xml");
        let (sx, sy) = scale(image(&doc)).expect("parses");
        assert!((sx - 1.0).abs() < 1e-6 && (sy - 1.0).abs() < 1e-6);
    }

    #[test]
    fn an_image_is_flipped_back_around_its_own_centre() {
        let doc = Document::parse(r#"<svg xmlns="http://www.w3.org/2000/svg"><image x="10" y="0" width="20" height="5" transform="translate(100 0)"/></svg>"#).expect("xml");
        assert_eq!(centre(image(&doc)), Some(120.0));
    }

    #[test]
    fn only_embedded_pixels_are_raster() {
        let doc = Document::parse(r#"<svg xmlns="http://www.w3.org/2000/svg"><image href="data:image/jpeg;base64,AA"/><image href="data:image/svg+xml;base64,AA"/></svg>"#).expect("xml");
        let images: Vec<Node> = doc
            .descendants()
            .filter(|n| n.has_tag_name((SVG_NS, "image")))
            .collect();
        assert!(is_raster(images[0]));
        assert!(!is_raster(images[1]));
    }
}
