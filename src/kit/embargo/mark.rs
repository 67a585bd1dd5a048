//! Marks the files the kit copies in as they are: a PNG (a card, the
//! factsheet, a logo or photo) gets iTXt chunks, written by the png
//! crate's chunk encoder and put before its image data, where readers
//! look first; an SVG logo a `<metadata>` XMP packet; a JPEG photo a
//! comment (COM) segment; a WebP photo an XMP chunk; a text file (a font
//! licence) a first line. Pixels and everything else stay as they were.
//!
//! Hand-written splicing, not a re-encode: re-encoding would change the
//! cards' bytes and lose a photo's quality, and the image crates that
//! edit metadata in place do not cover all four formats.
//!
//! Pure: bytes in, bytes out.

use png::text_metadata::{EncodableTextChunk, ITXtChunk};

use crate::error::{Bug, OrBug};

use super::{KEYWORD, Notice, xmp};

/// The file as the kit carries it when the kit has an embargo: marked by
/// its kind, which its name's extension says. A kind handbill cannot mark
/// is a bug: every file the kit copies in is one of these.
pub fn mark(name: &str, bytes: &[u8], notice: &Notice) -> Result<Vec<u8>, Bug> {
    let doing = || format!("marking {name} as embargoed");
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("png") => png(bytes, notice).or_bug(doing),
        Some("svg") => svg(bytes, &notice.line).or_bug(doing),
        Some("jpg" | "jpeg") => jpeg(bytes, &notice.line).or_bug(doing),
        Some("webp") => webp(bytes, &notice.line).or_bug(doing),
        Some("txt") => Ok([format!("{}\n\n", notice.line).as_bytes(), bytes].concat()),
        _ => Err(Bug::new(doing(), "no way to mark a file of this kind")),
    }
}

/// A PNG with two iTXt chunks after its header: `Embargo` (the line, in
/// the kit's language) and `XML:com.adobe.xmp` (the line as IPTC
/// Instructions).
fn png(bytes: &[u8], notice: &Notice) -> Result<Vec<u8>, String> {
    let at = png_header_end(bytes).ok_or("not a PNG with a header chunk")?;
    let mut said = ITXtChunk::new(KEYWORD, notice.line.as_str());
    if notice.lang.is_ascii() {
        said.language_tag = notice.lang.clone();
    }
    let packet = ITXtChunk::new("XML:com.adobe.xmp", xmp(&notice.line));
    let mut chunks = Vec::new();
    for chunk in [said, packet] {
        chunk.encode(&mut chunks).map_err(|e| e.to_string())?;
    }
    Ok([&bytes[..at], &chunks, &bytes[at..]].concat())
}

/// Where a PNG's IHDR chunk ends: after the signature, the chunk's length,
/// type, data and CRC.
fn png_header_end(bytes: &[u8]) -> Option<usize> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    if !bytes.starts_with(SIGNATURE) || bytes.get(12..16)? != b"IHDR" {
        return None;
    }
    let len = u32::from_be_bytes(bytes.get(8..12)?.try_into().ok()?) as usize;
    let end = 8 + 4 + 4 + len + 4;
    (end <= bytes.len()).then_some(end)
}

/// An SVG with a `<metadata>` XMP packet first in its root. Not a
/// `<desc>`: that is the logo's accessible description, read aloud
/// wherever the logo is shown, and the embargo is not what it shows.
fn svg(bytes: &[u8], line: &str) -> Result<Vec<u8>, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| e.to_string())?;
    let doc = roxmltree::Document::parse(text).map_err(|e| e.to_string())?;
    let root = doc.root_element().range();
    let tag_end = text[root.clone()]
        .find('>')
        .ok_or("no end to the root tag")?
        + root.start;
    let metadata = format!("<metadata>{}</metadata>", xmp(line));
    let marked = if text[..tag_end].ends_with('/') {
        // `<svg …/>`: open it to hold the metadata.
        let name: String = text[root.start + 1..]
            .chars()
            .take_while(|c| !c.is_whitespace() && !matches!(c, '/' | '>'))
            .collect();
        format!(
            "{}>{metadata}</{name}>{}",
            &text[..tag_end - 1],
            &text[tag_end + 1..]
        )
    } else {
        format!("{}{metadata}{}", &text[..=tag_end], &text[tag_end + 1..])
    };
    Ok(marked.into_bytes())
}

/// A JPEG with a comment segment (COM) after its application segments
/// (JFIF and Exif must come first): exiftool, GIMP and `identify` show it.
/// Not an XMP segment: a photo's own XMP carries its credit, and a second
/// packet would hide it or be hidden.
fn jpeg(bytes: &[u8], line: &str) -> Result<Vec<u8>, String> {
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return Err("not a JPEG".to_owned());
    }
    let mut at = 2;
    while let [0xFF, 0xE0..=0xEF, hi, lo, ..] = bytes[at..] {
        at += 2 + usize::from(u16::from_be_bytes([hi, lo]));
    }
    if at > bytes.len() {
        return Err("a segment runs past the end".to_owned());
    }
    let text = format!("{KEYWORD}: {line}");
    let len = u16::try_from(text.len() + 2).map_err(|e| e.to_string())?;
    let segment = [&[0xFF, 0xFE][..], &len.to_be_bytes(), text.as_bytes()].concat();
    Ok([&bytes[..at], &segment, &bytes[at..]].concat())
}

/// A WebP with an XMP chunk at its end, flagged in its extended header
/// (VP8X), which a simple WebP gets from its bitstream's size and alpha.
fn webp(bytes: &[u8], line: &str) -> Result<Vec<u8>, String> {
    if bytes.len() < 20 || &bytes[..4] != b"RIFF" || &bytes[8..12] != b"WEBP" {
        return Err("not a WebP".to_owned());
    }
    let first = &bytes[12..];
    let mut body = if &first[..4] == b"VP8X" {
        let mut b = first.to_vec();
        b[8] |= 0x04;
        b
    } else {
        [riff_chunk(b"VP8X", &vp8x(first)?), first.to_vec()].concat()
    };
    body.extend(riff_chunk(b"XMP ", xmp(line).as_bytes()));
    let size = u32::try_from(body.len() + 4).map_err(|e| e.to_string())?;
    Ok([b"RIFF", &size.to_le_bytes()[..], b"WEBP", &body].concat())
}

/// The extended header of a simple WebP: the XMP flag, its alpha flag,
/// and the canvas size of its VP8 or VP8L bitstream.
fn vp8x(chunk: &[u8]) -> Result<Vec<u8>, String> {
    let data = chunk.get(8..).unwrap_or_default();
    let short = || "a bitstream too short for its size".to_owned();
    let (w, h, alpha) = match &chunk[..4] {
        b"VP8 " => {
            let d = data.get(6..10).ok_or_else(short)?;
            let w = u32::from(u16::from_le_bytes([d[0], d[1]]) & 0x3FFF);
            let h = u32::from(u16::from_le_bytes([d[2], d[3]]) & 0x3FFF);
            (w, h, false)
        }
        b"VP8L" => {
            let d = data.get(1..5).ok_or_else(short)?;
            let bits = u32::from_le_bytes([d[0], d[1], d[2], d[3]]);
            (
                (bits & 0x3FFF) + 1,
                ((bits >> 14) & 0x3FFF) + 1,
                bits >> 28 & 1 == 1,
            )
        }
        _ => return Err("an unknown WebP bitstream".to_owned()),
    };
    let flags = 0x04 | if alpha { 0x10 } else { 0 };
    let mut out = vec![flags, 0, 0, 0];
    out.extend(&(w.max(1) - 1).to_le_bytes()[..3]);
    out.extend(&(h.max(1) - 1).to_le_bytes()[..3]);
    Ok(out)
}

/// A RIFF chunk: its type, size, data and a pad byte to an even length.
fn riff_chunk(fourcc: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let size = data.len() as u32;
    let mut out = [&fourcc[..], &size.to_le_bytes(), data].concat();
    if data.len() % 2 == 1 {
        out.push(0);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notice() -> Notice {
        Notice {
            line: "Εμπάργκο: 2026-12-10 08:00 UTC".to_owned(),
            lang: "el".to_owned(),
        }
    }

    fn png_of(w: u32, h: u32) -> Vec<u8> {
        let mut out = Vec::new();
        let mut enc = ::png::Encoder::new(&mut out, w, h);
        enc.set_color(::png::ColorType::Grayscale);
        let mut writer = enc.write_header().expect("header");
        writer
            .write_image_data(&vec![7; (w * h) as usize])
            .expect("data");
        writer.finish().expect("finish");
        out
    }

    #[test]
    fn a_png_keeps_its_pixels_and_says_the_line_before_its_image_data() {
        let marked = mark("cards/a.png", &png_of(3, 2), &notice()).expect("marks");
        let reader = ::png::Decoder::new(std::io::Cursor::new(&marked))
            .read_info()
            .expect("still a PNG");
        let texts = &reader.info().utf8_text;
        assert_eq!(texts[0].keyword, "Embargo");
        assert_eq!(texts[0].language_tag, "el");
        assert_eq!(texts[0].get_text().expect("text"), notice().line);
        assert!(
            texts[1]
                .get_text()
                .expect("xmp")
                .contains("Instructions>Εμπάργκο")
        );
        let mut reader = reader;
        let mut pixels = vec![0; reader.output_buffer_size().expect("size")];
        reader.next_frame(&mut pixels).expect("pixels");
        assert!(pixels.iter().all(|&p| p == 7));
    }

    #[test]
    fn an_svg_gets_metadata_first_in_its_root() {
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" a="1"><rect/></svg>"#;
        let marked = String::from_utf8(svg_of(svg)).expect("utf8");
        assert!(
            marked.starts_with(
                r#"<svg xmlns="http://www.w3.org/2000/svg" a="1"><metadata><x:xmpmeta"#
            ),
            "{marked}"
        );
        assert!(marked.ends_with("</metadata><rect/></svg>"), "{marked}");
        let empty =
            String::from_utf8(svg_of(b"<svg xmlns='http://www.w3.org/2000/svg'/>")).expect("utf8");
        assert!(empty.ends_with("</metadata></svg>"), "{empty}");
        roxmltree::Document::parse(&empty).expect("still XML");
    }

    fn svg_of(bytes: &[u8]) -> Vec<u8> {
        mark("logo.svg", bytes, &notice()).expect("marks")
    }

    #[test]
    fn a_jpeg_comment_comes_after_its_application_segments() {
        let jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 1, 2, 0xFF, 0xDB, 0, 2];
        let marked = mark("photos/a.JPG", &jpeg, &notice()).expect("marks");
        assert_eq!(&marked[..8], &jpeg[..8]);
        assert_eq!(&marked[8..10], &[0xFF, 0xFE]);
        let len = usize::from(u16::from_be_bytes([marked[10], marked[11]]));
        let text = std::str::from_utf8(&marked[12..10 + len]).expect("utf8");
        assert_eq!(text, format!("Embargo: {}", notice().line));
        assert_eq!(&marked[10 + len..], &jpeg[8..]);
    }

    #[test]
    fn a_simple_webp_gets_an_extended_header_and_an_xmp_chunk() {
        // A VP8L header: signature, then 14 bits each of width-1 and
        // height-1 (4 and 2 here) and the alpha bit.
        let bits: u32 = 3 | (1 << 14) | (1 << 28);
        let bitstream = [&[0x2F][..], &bits.to_le_bytes(), &[0]].concat();
        let chunk = riff_chunk(b"VP8L", &bitstream);
        let size = (chunk.len() + 4) as u32;
        let webp = [b"RIFF", &size.to_le_bytes()[..], b"WEBP", &chunk].concat();
        let marked = mark("photos/a.webp", &webp, &notice()).expect("marks");
        assert_eq!(&marked[12..16], b"VP8X");
        assert_eq!(marked[20], 0x14, "XMP and alpha flags");
        assert_eq!(&marked[24..30], &[3, 0, 0, 1, 0, 0]);
        let riff = u32::from_le_bytes(marked[4..8].try_into().expect("4"));
        assert_eq!(riff as usize, marked.len() - 8);
        assert_eq!(&marked[30..30 + chunk.len()], &chunk[..]);
        assert!(marked.windows(4).any(|w| w == b"XMP "));
    }

    #[test]
    fn real_photos_keep_their_pixels_and_say_the_line() {
        let fixtures =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/photos");
        for name in ["landscape.jpg", "turned.jpg", "small.webp"] {
            let bytes = std::fs::read(fixtures.join(name)).expect("fixture");
            let marked = mark(name, &bytes, &notice()).expect("marks");
            let (before, after) = (crate::photo::decode(&bytes), crate::photo::decode(&marked));
            let (before, after) = (before.expect("decodes"), after.expect("still decodes"));
            assert_eq!(before.data(), after.data(), "{name}");
            let files = std::collections::BTreeMap::from([(name.to_owned(), marked)]);
            assert!(
                super::super::unmarked_files(&files, &notice().line).is_empty(),
                "{name}"
            );
        }
    }

    #[test]
    fn a_text_file_opens_with_the_line() {
        let marked = mark("fonts-ofl.txt", b"Copyright", &notice()).expect("marks");
        assert_eq!(
            marked,
            format!("{}\n\nCopyright", notice().line).into_bytes()
        );
    }

    #[test]
    fn a_kind_handbill_cannot_mark_is_a_bug() {
        let bug = mark("font.ttf", b"x", &notice()).expect_err("refused");
        assert!(bug.to_string().contains("font.ttf"), "{bug}");
        assert!(mark("cards/a.png", b"not a png", &notice()).is_err());
    }
}
