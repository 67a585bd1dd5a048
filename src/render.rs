//! Rendering: a card's final SVG to pixels with resvg, and pixels to PNG.
//!
//! Fonts come only from the shared database built from `fonts/`; images come
//! only from `data:` URLs, so a template cannot make handbill read a file.
//! The PNG encoder is chosen for speed against bytes, measured side by side
//! in bench/peers.sh: libdeflate at level 7, called directly, with no row
//! filter. Opaque cards are written as RGB, and with a palette when they
//! have 256 colours or fewer (most flat cards: a third fewer bytes), without
//! loss. Cards take no row filter: flat colour is long runs, and a gradient's
//! rows repeat each other shifted, which deflate matches best unfiltered.
//! Translucent cards and photos go through oxipng (`encode_png_filtered`),
//! and so does `--optimize` (`Effort::Smallest`).

mod splice;
mod zlib;

use std::sync::{Arc, OnceLock};

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
    Encode(Box<dyn std::error::Error + Send + Sync>),
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

/// Encodes a card as PNG, with no row filter: with a palette when every
/// pixel is opaque and there are 256 colours or fewer, else RGB when every
/// pixel is opaque; a translucent card goes through `encode_png_filtered`.
pub fn encode_png(pixmap: &Pixmap) -> Result<Vec<u8>, Error> {
    encode_png_reusing(pixmap, &mut Scratch::default(), None)
}

/// What a card drawn in two layers was drawn over: the layer under its
/// texts, and that layer's rows deflated once for every card drawn over
/// it, which an RGB card copies where it left them untouched
/// (`splice`).
#[derive(Clone, Copy)]
pub struct Beneath<'a> {
    pub layer: &'a Pixmap,
    pub deflated: &'a Deflated,
}

/// A layer's rows deflated in pieces, made by the first card that needs
/// them; `None` for a translucent layer.
#[derive(Default)]
pub struct Deflated(OnceLock<Result<Option<splice::Layer>, zlib::Refused>>);

/// Buffers a thread reuses from card to card: a card's pixmap, its
/// indices, its rows and their deflated bytes, megabytes each, which the
/// allocator would otherwise give back to the kernel and take again as
/// fresh zeroed pages for every card (a seventh of a build's time).
#[derive(Default)]
pub struct Scratch {
    /// libdeflate's compressor, whose tables are as large as a buffer.
    compressor: Option<libdeflater::Compressor>,
    /// zlib's, for the rows a card drew over its layer.
    deflater: Option<zlib::Deflater>,
    card: Option<Pixmap>,
    indices: Vec<u8>,
    rows: Vec<u8>,
    zlib: Vec<u8>,
}

impl Scratch {
    /// Keeps a card's pixmap for the next card to draw into.
    pub fn keep(&mut self, card: Pixmap) {
        self.card = Some(card);
    }
}

/// `encode_png`, with buffers kept from an earlier card, and an RGB card
/// spliced from what it was drawn over when that is given.
pub fn encode_png_reusing(
    pixmap: &Pixmap,
    scratch: &mut Scratch,
    beneath: Option<Beneath>,
) -> Result<Vec<u8>, Error> {
    if !opaque(pixmap) {
        return encode_png_filtered(pixmap, Filter::None);
    }
    let width = pixmap.width() as usize;
    let palette = indexed_into(pixmap, &mut scratch.indices);
    let colour = match &palette {
        Some(_) => png::ColorType::Indexed,
        None => png::ColorType::Rgb,
    };
    let spliced = match beneath.filter(|_| palette.is_none()) {
        Some(beneath) => splice_rows(pixmap, beneath, scratch)?,
        None => false,
    };
    if !spliced {
        match &palette {
            Some(_) => rows(&scratch.indices, width, &mut scratch.rows),
            None => rgb_rows(pixmap, &mut scratch.rows),
        }
    }
    let idat = match spliced {
        true => &scratch.zlib[..],
        false => zlib(&scratch.rows, &mut scratch.compressor, &mut scratch.zlib)?,
    };
    let mut out = Vec::with_capacity(idat.len() + 1024);
    let mut enc = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    enc.set_color(colour);
    enc.set_depth(png::BitDepth::Eight);
    if let Some(palette) = palette {
        let rgb: Vec<u8> = palette.iter().flat_map(|c| [c.r, c.g, c.b]).collect();
        enc.set_palette(rgb);
    }
    let mut writer = enc.write_header().map_err(encode)?;
    writer.write_chunk(png::chunk::IDAT, idat).map_err(encode)?;
    writer.finish().map_err(encode)?;
    Ok(out)
}

/// An RGB card as zlib data spliced from its layer's, into the scratch's
/// buffer; false, with nothing written, when the layer is translucent or
/// of another size.
fn splice_rows(pixmap: &Pixmap, beneath: Beneath, scratch: &mut Scratch) -> Result<bool, Error> {
    let Beneath { layer, deflated } = beneath;
    if (layer.width(), layer.height()) != (pixmap.width(), pixmap.height()) {
        return Ok(false);
    }
    // A translucent layer's rows are no opaque card's: nothing to deflate.
    let deflated = deflated.0.get_or_init(|| {
        if !opaque(layer) {
            return Ok(None);
        }
        let mut rows = Vec::new();
        rgb_rows(layer, &mut rows);
        splice::Layer::deflate(layer, &rows).map(Some)
    });
    match deflated.as_ref().map_err(|e| encode(e.clone()))? {
        Some(deflated) => {
            let Scratch {
                deflater,
                rows,
                zlib,
                ..
            } = scratch;
            let drawn = splice::Drawn {
                card: pixmap,
                layer,
            };
            splice::zlib(&drawn, deflated, deflater, rows, zlib).map_err(encode)?;
            Ok(true)
        }
        None => Ok(false),
    }
}

/// An encoder's error, for a bug.
fn encode(e: impl std::error::Error + Send + Sync + 'static) -> Error {
    Error::Encode(Box::new(e))
}

/// Rows of `width` samples as PNG's filtered data, into `out`: each row
/// after a 0, its filter "none".
fn rows(samples: &[u8], width: usize, out: &mut Vec<u8>) {
    let width = width.max(1);
    out.resize(samples.len() + samples.len().div_ceil(width), 0);
    for (to, from) in out.chunks_mut(width + 1).zip(samples.chunks(width)) {
        to[0] = 0;
        to[1..].copy_from_slice(from);
    }
}

/// An opaque pixmap's rows as RGB, each after its filter byte 0, into
/// `out`: premultiplied and straight are the same, so each alpha byte is
/// dropped.
fn rgb_rows(pixmap: &Pixmap, out: &mut Vec<u8>) {
    let width = pixmap.width() as usize;
    out.resize((width * 3 + 1) * pixmap.height() as usize, 0);
    rgb_rows_in(pixmap, 0..pixmap.height() as usize, out);
}

/// `rgb_rows` for the rows `which` only, into `out` (already as long as
/// all the rows) at their places.
fn rgb_rows_in(pixmap: &Pixmap, which: std::ops::Range<usize>, out: &mut [u8]) {
    let width = pixmap.width() as usize;
    let from = pixmap.data().chunks_exact(width * 4).skip(which.start);
    let to = out.chunks_exact_mut(width * 3 + 1).skip(which.start);
    for (to, from) in to.zip(from).take(which.len()) {
        to[0] = 0;
        rgb_row(from, &mut to[1..]);
    }
}

/// One row of opaque RGBA as RGB. Four pixels at a time, each copied whole (four
/// bytes) and its alpha overwritten by the next pixel's red: fixed-size
/// copies the compiler makes single loads and stores, where a pixel's
/// three bytes one by one had been a twentieth of a build.
pub fn rgb_row(from: &[u8], to: &mut [u8]) {
    let mut to4 = to.chunks_exact_mut(12);
    let mut from4 = from.chunks_exact(16);
    for (t, f) in (&mut to4).zip(&mut from4) {
        t[0..4].copy_from_slice(&f[0..4]);
        t[3..7].copy_from_slice(&f[4..8]);
        t[6..10].copy_from_slice(&f[8..12]);
        t[9..12].copy_from_slice(&f[12..15]);
    }
    let rest = to4.into_remainder().chunks_exact_mut(3);
    for (t, f) in rest.zip(from4.remainder().chunks_exact(4)) {
        t.copy_from_slice(&f[..3]);
    }
}

/// Whether every pixel is opaque. Alphas are and-ed a block at a time,
/// which the compiler vectorizes, where a test pixel by pixel stopping at
/// the first transparent one is not.
pub fn opaque(pixmap: &Pixmap) -> bool {
    let alpha = |block: &[u8]| block.chunks_exact(4).fold(0xff, |a, p| a & p[3]);
    pixmap
        .data()
        .chunks(4 * 256)
        .all(|block| alpha(block) == 0xff)
}

/// PNG's image data, deflated with zlib's framing at `LEVEL`, into the
/// scratch's buffer, by the scratch's compressor.
fn zlib<'a>(
    data: &[u8],
    compressor: &mut Option<libdeflater::Compressor>,
    out: &'a mut Vec<u8>,
) -> Result<&'a [u8], Error> {
    let compressor = match compressor {
        Some(c) => c,
        None => {
            let level = libdeflater::CompressionLvl::new(i32::from(LEVEL))
                .map_err(|e| Error::Encode(format!("{e:?}").into()))?;
            compressor.insert(libdeflater::Compressor::new(level))
        }
    };
    out.resize(compressor.zlib_compress_bound(data.len()), 0);
    let n = compressor.zlib_compress(data, out).map_err(encode)?;
    Ok(&out[..n])
}

/// Parses an SVG and draws it over a copy of `under`, a drawing of the
/// same size (a card's texts and logo over its backdrop), into the pixmap
/// the scratch keeps when it has that size: hand it back with
/// `Scratch::keep`.
pub fn rasterize_over(
    svg: &str,
    opts: &usvg::Options,
    under: &Pixmap,
    scratch: &mut Scratch,
) -> Result<Pixmap, Error> {
    let tree = usvg::Tree::from_str(svg, opts).map_err(Error::Parse)?;
    let mut card = match scratch.card.take() {
        Some(mut card) if card.width() == under.width() && card.height() == under.height() => {
            card.data_mut().copy_from_slice(under.data());
            card
        }
        _ => under.clone(),
    };
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(1.0, 1.0),
        &mut card.as_mut(),
    );
    Ok(card)
}

/// How hard a card's PNG is compressed.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum Effort {
    /// As fast as the bytes allow (`encode_png`).
    #[default]
    Balanced,
    /// The smallest PNG oxipng finds at its default level (`build
    /// --optimize`): every row filter and colour reduction tried, at
    /// libdeflate's highest level. Tens of times slower, still lossless.
    Smallest,
}

/// The preset of oxipng's that `Effort::Smallest` uses: its command line's
/// default.
const SMALLEST_PRESET: u8 = 2;

/// Encodes a card as PNG with the effort asked for.
pub fn encode_card(
    pixmap: &Pixmap,
    effort: Effort,
    scratch: &mut Scratch,
    beneath: Option<Beneath>,
) -> Result<Vec<u8>, Error> {
    match effort {
        Effort::Balanced => encode_png_reusing(pixmap, scratch, beneath),
        Effort::Smallest => {
            let png = encode_png(pixmap)?;
            let opts = oxipng::Options::from_preset(SMALLEST_PRESET);
            oxipng::optimize_from_memory(&png, &opts).map_err(encode)
        }
    }
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

/// Encodes a pixmap as PNG with a row filter: with a palette when every
/// pixel is opaque and there are 256 colours or fewer, else RGB when every
/// pixel is opaque, else RGBA (tiny-skia stores premultiplied alpha, so it
/// is undone first). Nothing is lost either way.
pub fn encode_png_filtered(pixmap: &Pixmap, filter: Filter) -> Result<Vec<u8>, Error> {
    let opaque = opaque(pixmap);
    let raw = match opaque.then(|| indexed(pixmap)).flatten() {
        Some((palette, indices)) => raw(pixmap, oxipng::ColorType::Indexed { palette }, indices),
        None if opaque => raw(
            pixmap,
            oxipng::ColorType::RGB {
                transparent_color: None,
            },
            rgb(pixmap),
        ),
        None => raw(pixmap, oxipng::ColorType::RGBA, rgba(pixmap)),
    }?;
    let mut opts = oxipng::Options::from_preset(0);
    opts.filters = [match filter {
        Filter::None => oxipng::FilterStrategy::Basic(oxipng::RowFilter::None),
        Filter::Adaptive => oxipng::FilterStrategy::MinSum,
    }]
    .into_iter()
    .collect();
    opts.deflater = oxipng::Deflater::Libdeflater { compression: LEVEL };
    opts.fast_evaluation = false;
    // Colour reduction is done above, for opaque cards; oxipng's own
    // would count the colours again, through a slower map.
    opts.color_type_reduction = !opaque;
    opts.palette_reduction = !opaque;
    opts.grayscale_reduction = !opaque;
    raw.create_optimized_png(&opts).map_err(encode)
}

/// The most colours a palette holds.
const PALETTE: usize = 256;

/// An opaque pixmap's colours in the order they first appear, and each
/// pixel's index among them; `None` past 256 colours.
///
/// Written here rather than left to oxipng's colour reduction, which
/// hashes every pixel through an ordered map (a fifth of a shipped build's
/// time): a card is long runs of one colour, so a pixel is first compared
/// with the one before it, and only the others are looked up.
fn indexed(pixmap: &Pixmap) -> Option<(Vec<oxipng::RGBA8>, Vec<u8>)> {
    let mut indices = Vec::new();
    indexed_into(pixmap, &mut indices).map(|palette| (palette, indices))
}

/// `indexed`, the indices written into `indices`. A row the same as the
/// one above it takes its indices (flat cards are mostly such rows);
/// in another, a pixel is compared with the one before it, and only a
/// pixel unlike it is looked up.
fn indexed_into(pixmap: &Pixmap, indices: &mut Vec<u8>) -> Option<Vec<oxipng::RGBA8>> {
    let mut index: rustc_hash::FxHashMap<u32, u8> = Default::default();
    let mut palette = Vec::new();
    indices.clear();
    let width = pixmap.width() as usize;
    let mut last: Option<(u32, u8)> = None;
    let mut above: Option<&[u8]> = None;
    for row in pixmap.data().chunks_exact(width * 4) {
        if above == Some(row) {
            indices.extend_from_within(indices.len() - width..);
            continue;
        }
        above = Some(row);
        for p in row.chunks_exact(4) {
            let colour = u32::from_le_bytes([p[0], p[1], p[2], 255]);
            let i = match last {
                Some((c, i)) if c == colour => i,
                _ => {
                    let i = match index.get(&colour) {
                        Some(&i) => i,
                        None if palette.len() == PALETTE => return None,
                        None => {
                            let i = palette.len() as u8;
                            palette.push(oxipng::RGBA8::new(p[0], p[1], p[2], 255));
                            index.insert(colour, i);
                            i
                        }
                    };
                    last = Some((colour, i));
                    i
                }
            };
            indices.push(i);
        }
    }
    Some(palette)
}

/// Opaque pixels as RGB: premultiplied and straight are the same, so each
/// alpha byte is dropped.
fn rgb(pixmap: &Pixmap) -> Vec<u8> {
    let mut rgb = vec![0; pixmap.pixels().len() * 3];
    rgb_row(pixmap.data(), &mut rgb);
    rgb
}

/// Pixels as straight RGBA.
fn rgba(pixmap: &Pixmap) -> Vec<u8> {
    let mut rgba = Vec::with_capacity(pixmap.data().len());
    for p in pixmap.pixels() {
        let c = p.demultiply();
        rgba.extend_from_slice(&[c.red(), c.green(), c.blue(), c.alpha()]);
    }
    rgba
}

/// The pixels as oxipng takes them.
fn raw(
    pixmap: &Pixmap,
    colour: oxipng::ColorType,
    data: Vec<u8>,
) -> Result<oxipng::RawImage, Error> {
    let (w, h) = (pixmap.width(), pixmap.height());
    oxipng::RawImage::new(w, h, colour, oxipng::BitDepth::Eight, data).map_err(encode)
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
    fn rgb_rows_drop_each_alpha_at_every_width() {
        // Widths with no remainder of four pixels and with each remainder.
        for width in 1..=9u8 {
            let rgba: Vec<u8> = (0..width)
                .flat_map(|i| [i, 100 + i, 200 - i, 255])
                .collect();
            let mut rgb = vec![0; usize::from(width) * 3];
            rgb_row(&rgba, &mut rgb);
            let expected: Vec<u8> = (0..width).flat_map(|i| [i, 100 + i, 200 - i]).collect();
            assert_eq!(rgb, expected, "width {width}");
        }
    }

    #[test]
    fn one_translucent_pixel_anywhere_makes_a_pixmap_not_opaque() {
        let mut pixmap = Pixmap::new(300, 5).expect("a pixmap");
        pixmap.fill(resvg::tiny_skia::Color::WHITE);
        assert!(opaque(&pixmap));
        for at in [0, 1499, 256 * 3 + 7] {
            let mut one = pixmap.clone();
            one.pixels_mut()[at] = resvg::tiny_skia::ColorU8::from_rgba(9, 9, 9, 254).premultiply();
            assert!(!opaque(&one), "pixel {at}");
        }
    }

    /// A PNG's colour type (byte 25, after the signature and IHDR's width,
    /// height and depth) and its pixels as tiny-skia decodes them.
    fn decoded(png: &[u8]) -> (u8, Vec<u8>) {
        let pixmap = Pixmap::decode_png(png).expect("decodes");
        (png[25], pixmap.data().to_vec())
    }

    #[test]
    fn each_pixel_indexes_its_colour_in_order_of_first_appearance() {
        // Rows repeated (taken from the row above) and rows that change,
        // a run crossing from one row into the next.
        let rows: [[u8; 5]; 6] = [
            [0, 0, 1, 1, 1],
            [0, 0, 1, 1, 1],
            [1, 2, 2, 0, 3],
            [3, 3, 3, 3, 3],
            [3, 3, 3, 3, 3],
            [4, 0, 4, 0, 4],
        ];
        let mut pixmap = Pixmap::new(5, 6).expect("area");
        let shade = |v: u8| resvg::tiny_skia::ColorU8::from_rgba(v * 40, 9, 255 - v, 255);
        for (p, &v) in pixmap.pixels_mut().iter_mut().zip(rows.as_flattened()) {
            *p = shade(v).premultiply();
        }
        let (palette, indices) = indexed(&pixmap).expect("five colours");
        let order = [0u8, 1, 2, 3, 4];
        let expected: Vec<oxipng::RGBA8> = order
            .iter()
            .map(|&v| {
                let c = shade(v);
                oxipng::RGBA8::new(c.red(), c.green(), c.blue(), 255)
            })
            .collect();
        assert_eq!(palette, expected);
        assert_eq!(indices, rows.as_flattened());
    }

    #[test]
    fn few_colours_take_a_palette_many_rgb_and_translucent_ones_rgba() {
        let opts = options(Arc::new(Database::new()));
        let half = rasterize(SQUARE, &opts).expect("draws");
        assert_eq!(
            decoded(&encode_png(&half).expect("encodes")),
            (6, half.data().to_vec())
        );
        let full = SQUARE.replace("x=\"2\" width=\"2\"", "width=\"4\"");
        let flat = rasterize(&full, &opts).expect("draws");
        assert_eq!(
            decoded(&encode_png(&flat).expect("encodes")),
            (3, flat.data().to_vec())
        );
        // 300 colours: one more than a palette holds, and some.
        let mut many = Pixmap::new(300, 2).expect("area");
        for (i, p) in many.pixels_mut().iter_mut().enumerate() {
            let c = (i % 300) as u16;
            *p = resvg::tiny_skia::ColorU8::from_rgba((c % 256) as u8, (c / 256) as u8, 7, 255)
                .premultiply();
        }
        assert_eq!(
            decoded(&encode_png(&many).expect("encodes")),
            (2, many.data().to_vec())
        );
        let exactly = Pixmap::from_vec(
            many.data()[..256 * 4].to_vec(),
            resvg::tiny_skia::IntSize::from_wh(256, 1).expect("size"),
        )
        .expect("pixmap");
        assert_eq!(
            decoded(&encode_png(&exactly).expect("encodes")),
            (3, exactly.data().to_vec())
        );
    }
}
