//! Decoding a photo file into pixels: JPEG, PNG or WebP, recognised by
//! its first bytes, with the size read from the header and checked against
//! [`MAX_PIXELS`] before a single pixel is decoded.
//!
//! The decoders are the ones resvg draws raster images with (zune-jpeg,
//! png, image-webp). This module reads no file and knows nothing of
//! messages: it turns bytes into a pixmap or says why it cannot.

use std::io::Cursor;

use resvg::tiny_skia::{IntSize, Pixmap};

/// The most pixels a photo may have: 50 megapixels, more than any camera
/// a campaign uses. A card is at most about 2 megapixels, so more would
/// only be decoded (4 bytes a pixel: 200 MB at the limit) to be thrown
/// away; and a file that claims billions of pixels in a few bytes (a
/// decompression bomb) is refused from its header.
pub const MAX_PIXELS: u64 = 50_000_000;

/// Why a photo's bytes give no picture.
#[derive(Debug, PartialEq)]
pub enum DecodeError {
    /// Not JPEG, PNG or WebP; what it looks like, when known.
    Unsupported(&'static str),
    /// Over [`MAX_PIXELS`], by its header: width and height.
    TooLarge(u32, u32),
    /// The decoder refused it: cut short, damaged, or not what it claims.
    Corrupt(String),
}

/// The formats handbill decodes.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Jpeg,
    Png,
    WebP,
}

/// Decodes a photo into premultiplied RGBA pixels.
pub fn decode(bytes: &[u8]) -> Result<Pixmap, DecodeError> {
    match sniff(bytes)? {
        Kind::Jpeg => jpeg(bytes),
        Kind::Png => png(bytes),
        Kind::WebP => webp(bytes),
    }
}

/// The format, from the file's first bytes (its extension may lie).
fn sniff(b: &[u8]) -> Result<Kind, DecodeError> {
    let at = |i: usize, s: &[u8]| b.get(i..i + s.len()) == Some(s);
    if at(0, &[0xFF, 0xD8, 0xFF]) {
        return Ok(Kind::Jpeg);
    }
    if at(0, b"\x89PNG\r\n\x1a\n") {
        return Ok(Kind::Png);
    }
    if at(0, b"RIFF") && at(8, b"WEBP") {
        return Ok(Kind::WebP);
    }
    let other = if at(0, b"GIF8") {
        "a GIF"
    } else if at(4, b"ftypheic") || at(4, b"ftypheix") || at(4, b"ftypmif1") {
        "a HEIC (HEIF) image"
    } else if at(4, b"ftypavif") {
        "an AVIF image"
    } else if at(0, b"II*\0") || at(0, b"MM\0*") {
        "a TIFF"
    } else if at(0, b"BM") {
        "a BMP"
    } else if at(0, b"<svg") || at(0, b"<?xml") {
        "an SVG"
    } else {
        "not an image handbill knows"
    };
    Err(DecodeError::Unsupported(other))
}

/// Refuses a size over the limit, before decoding.
fn check_size(w: u64, h: u64) -> Result<(), DecodeError> {
    if w * h > MAX_PIXELS {
        let clamp = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
        return Err(DecodeError::TooLarge(clamp(w), clamp(h)));
    }
    Ok(())
}

fn corrupt(e: impl std::fmt::Display) -> DecodeError {
    DecodeError::Corrupt(e.to_string())
}

fn jpeg(bytes: &[u8]) -> Result<Pixmap, DecodeError> {
    use zune_jpeg::zune_core::colorspace::ColorSpace;
    use zune_jpeg::zune_core::options::DecoderOptions;
    // The decoder's own side limit (16,384) would refuse a long panorama
    // under the pixel limit; the pixel limit is the one that matters.
    // Strict: a file cut short is refused, not padded with grey.
    let options = DecoderOptions::default()
        .jpeg_set_out_colorspace(ColorSpace::RGBA)
        .set_strict_mode(true)
        .set_max_width(1 << 16)
        .set_max_height(1 << 16);
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(Cursor::new(bytes), options);
    decoder
        .decode_headers()
        .map_err(|e| corrupt(format!("{e:?}")))?;
    let (w, h) = decoder
        .dimensions()
        .ok_or_else(|| corrupt("no size in its header"))?;
    check_size(w as u64, h as u64)?;
    let data = decoder.decode().map_err(|e| corrupt(format!("{e:?}")))?;
    if decoder.output_colorspace() != Some(ColorSpace::RGBA) {
        return Err(corrupt("its colours cannot be read as RGB"));
    }
    // Turned upright as the camera says, like every photo viewer.
    let turn = decoder.exif().and_then(|e| super::orient::orientation(e));
    // Opaque, so already premultiplied.
    let stored = pixmap(data, w as u32, h as u32)?;
    super::orient::upright(stored, turn.unwrap_or(1)).ok_or_else(|| corrupt("it has no pixels"))
}

fn png(bytes: &[u8]) -> Result<Pixmap, DecodeError> {
    // Room for the largest image allowed, at 8 bytes a pixel before
    // stripping 16-bit channels; the header is checked first.
    let limits = png::Limits {
        bytes: (MAX_PIXELS * 8) as usize,
    };
    let mut decoder = png::Decoder::new_with_limits(Cursor::new(bytes), limits);
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(corrupt)?;
    let (w, h) = (reader.info().width, reader.info().height);
    check_size(u64::from(w), u64::from(h))?;
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| corrupt("its size overflows"))?;
    let mut buf = vec![0; size];
    let info = reader.next_frame(&mut buf).map_err(corrupt)?;
    buf.truncate(info.buffer_size());
    let rgba = to_rgba(&buf, channels(info.color_type));
    pixmap(premultiply(rgba), w, h)
}

fn webp(bytes: &[u8]) -> Result<Pixmap, DecodeError> {
    let mut decoder = image_webp::WebPDecoder::new(Cursor::new(bytes)).map_err(corrupt)?;
    let (w, h) = decoder.dimensions();
    check_size(u64::from(w), u64::from(h))?;
    let size = decoder
        .output_buffer_size()
        .ok_or_else(|| corrupt("its size overflows"))?;
    let mut buf = vec![0; size];
    decoder.read_image(&mut buf).map_err(corrupt)?;
    let channels = if decoder.has_alpha() { 4 } else { 3 };
    pixmap(premultiply(to_rgba(&buf, channels)), w, h)
}

/// Channels a pixel of the PNG's output has.
fn channels(c: png::ColorType) -> usize {
    match c {
        png::ColorType::Grayscale => 1,
        png::ColorType::GrayscaleAlpha => 2,
        png::ColorType::Rgb => 3,
        // Indexed is expanded by the transformations.
        png::ColorType::Rgba | png::ColorType::Indexed => 4,
    }
}

/// Gray, gray and alpha, RGB or RGBA samples as RGBA.
fn to_rgba(buf: &[u8], channels: usize) -> Vec<u8> {
    if channels == 4 {
        return buf.to_vec();
    }
    let mut out = Vec::with_capacity(buf.len() / channels * 4);
    for px in buf.chunks_exact(channels) {
        let rgba = match *px {
            [g] => [g, g, g, 255],
            [g, a] => [g, g, g, a],
            [r, g, b] => [r, g, b, 255],
            _ => [0, 0, 0, 0],
        };
        out.extend_from_slice(&rgba);
    }
    out
}

/// Straight alpha to the premultiplied alpha tiny-skia stores.
fn premultiply(mut rgba: Vec<u8>) -> Vec<u8> {
    for px in rgba.chunks_exact_mut(4) {
        let a = u16::from(px[3]);
        if a < 255 {
            for c in &mut px[..3] {
                *c = ((u16::from(*c) * a + 127) / 255) as u8;
            }
        }
    }
    rgba
}

fn pixmap(data: Vec<u8>, w: u32, h: u32) -> Result<Pixmap, DecodeError> {
    let size = IntSize::from_wh(w, h).ok_or_else(|| corrupt("it has no pixels"))?;
    Pixmap::from_vec(data, size).ok_or_else(|| corrupt("its pixels do not match its size"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PNG of `w`×`h` RGB pixels, all one colour.
    fn png_of(w: u32, h: u32) -> Vec<u8> {
        let mut out = Vec::new();
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgb);
        let mut writer = enc.write_header().expect("header");
        writer
            .write_image_data(&[10, 200, 30].repeat((w * h) as usize))
            .expect("data");
        writer.finish().expect("finish");
        out
    }

    #[test]
    fn a_png_decodes_to_its_pixels() {
        let p = decode(&png_of(3, 2)).expect("decodes");
        assert_eq!((p.width(), p.height()), (3, 2));
        let c = p.pixel(2, 1).expect("inside");
        assert_eq!(
            (c.red(), c.green(), c.blue(), c.alpha()),
            (10, 200, 30, 255)
        );
    }

    #[test]
    fn the_format_is_read_from_the_bytes_not_the_name() {
        assert_eq!(sniff(b"GIF89a...."), Err(DecodeError::Unsupported("a GIF")));
        assert_eq!(
            sniff(b"\0\0\0\x18ftypheic...."),
            Err(DecodeError::Unsupported("a HEIC (HEIF) image"))
        );
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Ok(Kind::WebP));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Ok(Kind::Jpeg));
        assert!(matches!(sniff(b"hello"), Err(DecodeError::Unsupported(_))));
    }

    #[test]
    fn a_huge_header_is_refused_before_decoding() {
        // A valid header claiming 10,000 × 10,000 pixels, and no pixels:
        // refused for its size, not for the missing data.
        let mut bytes = png_of(1, 1);
        bytes[16..20].copy_from_slice(&10_000u32.to_be_bytes());
        bytes[20..24].copy_from_slice(&10_000u32.to_be_bytes());
        // The header's checksum, so the decoder reads the size.
        let crc = libdeflater::crc32(&bytes[12..29]);
        bytes[29..33].copy_from_slice(&crc.to_be_bytes());
        assert_eq!(decode(&bytes), Err(DecodeError::TooLarge(10_000, 10_000)));
    }

    #[test]
    fn a_cut_file_is_corrupt() {
        let bytes = png_of(20, 20);
        assert!(matches!(
            decode(&bytes[..bytes.len() / 2]),
            Err(DecodeError::Corrupt(_))
        ));
        assert!(matches!(
            decode(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]),
            Err(DecodeError::Corrupt(_))
        ));
    }

    #[test]
    fn a_webp_and_a_turned_jpeg_decode_upright() {
        // The fixture landscape: red at the left, blue at the right.
        let left_is_red = |p: &Pixmap| {
            let y = p.height() / 2;
            let (l, r) = (
                p.pixel(1, y).expect("in"),
                p.pixel(p.width() - 2, y).expect("in"),
            );
            l.red() > r.red() + 60 && l.blue() + 60 < r.blue()
        };
        let webp = decode(include_bytes!("../../tests/fixtures/photos/small.webp")).expect("webp");
        assert_eq!((webp.width(), webp.height()), (40, 25));
        assert!(left_is_red(&webp));
        // Stored on its side, with EXIF orientation 6: decoded upright.
        let turned =
            decode(include_bytes!("../../tests/fixtures/photos/turned.jpg")).expect("jpeg");
        assert_eq!((turned.width(), turned.height()), (800, 500));
        assert!(left_is_red(&turned));
    }

    #[test]
    fn alpha_is_premultiplied_and_gray_is_widened() {
        assert_eq!(premultiply(vec![200, 100, 0, 128]), vec![100, 50, 0, 128]);
        assert_eq!(to_rgba(&[7, 9], 2), vec![7, 7, 7, 9]);
    }
}
