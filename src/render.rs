//! Rendering: a card's final SVG to pixels with resvg, and pixels to PNG.
//!
//! Fonts come only from the shared database built from `fonts/`; images come
//! only from `data:` URLs, so a template cannot make handbill read a file.
//! The PNG encoder is chosen for speed against bytes, measured side by side
//! in bench/peers.sh: oxipng on libdeflate at level 7, one row filter and no
//! trials. Opaque cards are written as RGB, and with a palette when they
//! have 256 colours or fewer (most flat cards: a third fewer bytes), without
//! loss. Cards take no row filter: flat colour is long runs, and a gradient's
//! rows repeat each other shifted, which deflate matches best unfiltered.

use std::sync::Arc;

use resvg::tiny_skia::Pixmap;
use resvg::usvg::{self, ImageHrefResolver, fontdb::Database};

/// Parser options shared by every card of a run.
pub fn options(fontdb: Arc<Database>) -> usvg::Options<'static> {
    usvg::Options {
        font_family: "Noto Sans".to_owned(),
        fontdb,
        image_href_resolver: ImageHrefResolver {
            resolve_data: ImageHrefResolver::default_data_resolver(),
            // Never read a path named by a template.
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    }
}

/// What can go wrong drawing an SVG handbill wrote: each is a bug in
/// handbill (the SVG is its own), so callers turn it into a
/// [`Bug`](crate::error::Bug) with what they were drawing.
#[derive(Debug)]
pub enum Error {
    /// usvg refused the SVG.
    Parse(usvg::Error),
    /// The drawing would have no pixels (a zero size or scale).
    NoArea,
    /// The PNG encoder failed.
    Encode(oxipng::PngError),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Parse(e) => write!(f, "the SVG does not parse: {e}"),
            Error::NoArea => f.write_str("the drawing has no area"),
            Error::Encode(e) => write!(f, "the PNG cannot be encoded: {e}"),
        }
    }
}

impl std::error::Error for Error {}

/// Parses a card's SVG and draws it at its own size.
pub fn rasterize(svg: &str, opts: &usvg::Options) -> Result<Pixmap, Error> {
    rasterize_at(svg, opts, 1.0)
}

/// Parses an SVG and draws it `scale` times its own size (2.0 gives a page
/// of 794 × 1123 px as 1588 × 2246 px): the one rasterizer of handbill.
pub fn rasterize_at(svg: &str, opts: &usvg::Options, scale: f32) -> Result<Pixmap, Error> {
    let tree = usvg::Tree::from_str(svg, opts).map_err(Error::Parse)?;
    let size = tree.size().to_int_size();
    let scaled = |side: u32| (side as f32 * scale).ceil() as u32;
    let mut pixmap =
        Pixmap::new(scaled(size.width()), scaled(size.height())).ok_or(Error::NoArea)?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    Ok(pixmap)
}

/// Parses an SVG and draws it over a copy of `under`, a drawing of the
/// same size: a card's texts and logo over its backdrop.
pub fn rasterize_over(svg: &str, opts: &usvg::Options, under: &Pixmap) -> Result<Pixmap, Error> {
    let tree = usvg::Tree::from_str(svg, opts).map_err(Error::Parse)?;
    let mut pixmap = under.clone();
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(1.0, 1.0),
        &mut pixmap.as_mut(),
    );
    Ok(pixmap)
}

/// Encodes a card as PNG: no row filter, which suits flat cards best.
pub fn encode_png(pixmap: &Pixmap) -> Result<Vec<u8>, Error> {
    encode_png_filtered(pixmap, Filter::None)
}

/// The row filter a PNG is encoded with.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Filter {
    /// None: flat colour and gradients, whose rows repeat shifted, pack
    /// best unfiltered.
    None,
    /// Chosen per row (the smallest sum of differences): photos.
    Adaptive,
}

/// How hard deflate works: libdeflate's level 7 gives png's balanced
/// bytes on gradients at its speed (bench/peers.sh).
const LEVEL: u8 = 7;

/// Encodes a pixmap as PNG with a row filter: RGB when every pixel is
/// opaque, RGBA otherwise (tiny-skia stores premultiplied alpha, so it is
/// undone first); a palette, grey or fewer bits where that loses nothing.
pub fn encode_png_filtered(pixmap: &Pixmap, filter: Filter) -> Result<Vec<u8>, Error> {
    let raw = raw_image(pixmap)?;
    let mut opts = oxipng::Options::from_preset(0);
    opts.filters = [match filter {
        Filter::None => oxipng::FilterStrategy::Basic(oxipng::RowFilter::None),
        Filter::Adaptive => oxipng::FilterStrategy::MinSum,
    }]
    .into_iter()
    .collect();
    opts.deflater = oxipng::Deflater::Libdeflater { compression: LEVEL };
    opts.fast_evaluation = false;
    raw.create_optimized_png(&opts).map_err(Error::Encode)
}

/// The pixmap's pixels as oxipng takes them, straight (not premultiplied).
fn raw_image(pixmap: &Pixmap) -> Result<oxipng::RawImage, Error> {
    let opaque = pixmap.pixels().iter().all(|p| p.alpha() == 255);
    let (colour, data) = if opaque {
        // Opaque premultiplied pixels are straight: drop each alpha byte.
        let mut rgb = vec![0; pixmap.pixels().len() * 3];
        for (to, from) in rgb.chunks_exact_mut(3).zip(pixmap.data().chunks_exact(4)) {
            to.copy_from_slice(&from[..3]);
        }
        (
            oxipng::ColorType::RGB {
                transparent_color: None,
            },
            rgb,
        )
    } else {
        let mut rgba = Vec::with_capacity(pixmap.data().len());
        for p in pixmap.pixels() {
            let c = p.demultiply();
            rgba.extend_from_slice(&[c.red(), c.green(), c.blue(), c.alpha()]);
        }
        (oxipng::ColorType::RGBA, rgba)
    };
    let (w, h) = (pixmap.width(), pixmap.height());
    oxipng::RawImage::new(w, h, colour, oxipng::BitDepth::Eight, data).map_err(Error::Encode)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SQUARE: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="4" height="3"><rect x="2" width="2" height="3" fill="#ff0000"/></svg>"##;

    #[test]
    fn a_scale_multiplies_the_pixels_and_the_drawing() {
        let opts = options(Arc::new(Database::new()));
        let one = rasterize(SQUARE, &opts).expect("draws");
        assert_eq!((one.width(), one.height()), (4, 3));
        let two = rasterize_at(SQUARE, &opts, 2.0).expect("draws");
        assert_eq!((two.width(), two.height()), (8, 6));
        // The red half is still the right half.
        let at = |x, y| two.pixel(x, y).expect("inside");
        assert_eq!(at(3, 0).alpha(), 0);
        assert_eq!((at(4, 5).red(), at(4, 5).alpha()), (255, 255));
    }

    #[test]
    fn a_zero_scale_or_a_broken_svg_is_an_error_not_a_panic() {
        let opts = options(Arc::new(Database::new()));
        assert!(matches!(
            rasterize_at(SQUARE, &opts, 0.0),
            Err(Error::NoArea)
        ));
        assert!(matches!(rasterize("<svg", &opts), Err(Error::Parse(_))));
    }

    #[test]
    fn opaque_pixmaps_are_written_as_rgb_and_others_as_rgba() {
        let opts = options(Arc::new(Database::new()));
        // Colour type is byte 25 of a PNG (after the signature and IHDR's
        // width, height and depth): 2 is RGB, 6 is RGBA.
        let half = encode_png(&rasterize(SQUARE, &opts).expect("draws")).expect("encodes");
        assert_eq!(half[25], 6);
        let full = SQUARE.replace("x=\"2\" width=\"2\"", "width=\"4\"");
        let full = encode_png(&rasterize(&full, &opts).expect("draws")).expect("encodes");
        assert_eq!(full[25], 2);
    }
}
