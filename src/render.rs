//! Rendering: a card's final SVG to pixels with resvg, and pixels to PNG.
//!
//! Fonts come only from the shared database built from `fonts/`; images come
//! only from `data:` URLs, so a template cannot make handbill read a file.
//! The PNG encoder is chosen for speed against bytes, measured on the
//! shipped cards (bench/run.sh, and the table in ARCHITECTURE.md): opaque
//! cards are written as RGB (a quarter fewer bytes to compress) with no
//! row filter and zlib's balanced level. Flat-colour cards are long runs of
//! one colour, which deflate's run matching packs best unfiltered: about
//! 55 KB a card in 15 ms, where the adaptive filter gives 71 KB in 16 ms and
//! the fast level 139 KB in 3 ms.

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
    Encode(png::EncodingError),
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
    encode_png_filtered(pixmap, png::Filter::NoFilter)
}

/// Encodes a pixmap as PNG with a row filter (`Adaptive` suits photos): RGB
/// when every pixel is opaque, RGBA otherwise (tiny-skia stores
/// premultiplied alpha, so it is undone first).
pub fn encode_png_filtered(pixmap: &Pixmap, filter: png::Filter) -> Result<Vec<u8>, Error> {
    let opaque = pixmap.pixels().iter().all(|p| p.alpha() == 255);
    let (color, data): (png::ColorType, Vec<u8>) = if opaque {
        let mut rgb = Vec::with_capacity(pixmap.width() as usize * pixmap.height() as usize * 3);
        for p in pixmap.pixels() {
            rgb.extend_from_slice(&[p.red(), p.green(), p.blue()]);
        }
        (png::ColorType::Rgb, rgb)
    } else {
        let mut rgba = Vec::with_capacity(pixmap.data().len());
        for p in pixmap.pixels() {
            let c = p.demultiply();
            rgba.extend_from_slice(&[c.red(), c.green(), c.blue(), c.alpha()]);
        }
        (png::ColorType::Rgba, rgba)
    };
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
        enc.set_color(color);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_compression(png::Compression::Balanced);
        enc.set_filter(filter);
        let mut writer = enc.write_header().map_err(Error::Encode)?;
        writer.write_image_data(&data).map_err(Error::Encode)?;
        writer.finish().map_err(Error::Encode)?;
    }
    Ok(out)
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
