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

/// Parses a card's SVG and draws it at its own size.
pub fn rasterize(svg: &str, opts: &usvg::Options) -> Result<Pixmap, String> {
    let tree = usvg::Tree::from_str(svg, opts)
        .map_err(|e| format!("the card's SVG does not parse: {e}"))?;
    let size = tree.size().to_int_size();
    let mut pixmap = Pixmap::new(size.width(), size.height()).ok_or("the card has no area")?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::default(),
        &mut pixmap.as_mut(),
    );
    Ok(pixmap)
}

/// Encodes a pixmap as PNG: RGB when every pixel is opaque, RGBA otherwise
/// (tiny-skia stores premultiplied alpha, so it is undone first).
pub fn encode_png(pixmap: &Pixmap) -> Result<Vec<u8>, String> {
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
        enc.set_filter(png::Filter::NoFilter);
        let mut writer = enc.write_header().map_err(|e| e.to_string())?;
        writer.write_image_data(&data).map_err(|e| e.to_string())?;
        writer.finish().map_err(|e| e.to_string())?;
    }
    Ok(out)
}
