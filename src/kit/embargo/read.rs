//! Reads a kit's files back as their readers do, and names those that do
//! not say the embargo: a PDF's XMP metadata (its visible line is drawn
//! on every page as the FAQ's and factsheet's texts are, and read back by
//! `pdftotext` in the tests), a PNG's text chunk through the png crate's
//! decoder, an SVG's or WebP's XMP, a JPEG's comment, a CSV's `embargo`
//! column on every row, a NOTE on every vCard, the manifest's field, the
//! line at the top of a page, a Markdown or a text file.
//!
//! Pure: reads bytes; opens no file.

use std::collections::BTreeMap;

use png::text_metadata::ITXtChunk;

use super::{KEYWORD, html_line, markdown_line};

const DC: &str = "http://purl.org/dc/elements/1.1/";
const PHOTOSHOP: &str = "http://ns.adobe.com/photoshop/1.0/";

/// The kit's files (path → bytes) that do not say `line`, read each as its
/// format is read; a kind of file with no known way to say it is named
/// too. Empty when every file says it.
pub fn unmarked_files(files: &BTreeMap<String, Vec<u8>>, line: &str) -> Vec<String> {
    files
        .iter()
        .filter(|(name, bytes)| !says(name, bytes, line))
        .map(|(name, _)| name.clone())
        .collect()
}

/// Whether one file says the line, by the kind its extension names.
fn says(name: &str, bytes: &[u8], line: &str) -> bool {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    let text = || std::str::from_utf8(bytes).unwrap_or_default();
    match ext.as_deref() {
        Some("pdf") => pdf(bytes, line),
        Some("png") => png(bytes, line),
        Some("svg") => xmp_says(text(), PHOTOSHOP, "Instructions", line),
        Some("jpg" | "jpeg") => jpeg(bytes, line),
        Some("webp") => webp(bytes, line),
        Some("csv") => csv(bytes, line),
        Some("vcf") => vcard(text(), line),
        Some("json") => json(bytes, line),
        Some("html") => html(text(), line),
        Some("md") => text().lines().next() == Some(&markdown_line(line)),
        Some("txt") => text().lines().next() == Some(line),
        _ => false,
    }
}

/// An XMP packet (or an SVG holding one) has an element `ns`:`name`
/// whose text, or one of its items' (`rdf:li`), is the line.
fn xmp_says(xml: &str, ns: &str, name: &str, line: &str) -> bool {
    let Ok(doc) = roxmltree::Document::parse(xml) else {
        return false;
    };
    doc.descendants()
        .filter(|n| n.tag_name().name() == name && n.tag_name().namespace() == Some(ns))
        .flat_map(|n| n.descendants())
        .any(|n| n.is_element() && n.text() == Some(line))
}

/// A PDF's XMP packet (krilla writes it uncompressed, as PDF/A and UA
/// readers expect) says the line as its description, the "Subject" of
/// readers' document properties.
fn pdf(bytes: &[u8], line: &str) -> bool {
    let (open, close) = (b"<x:xmpmeta", b"</x:xmpmeta>");
    let Some(start) = bytes.windows(open.len()).position(|w| w == open) else {
        return false;
    };
    let Some(len) = bytes[start..].windows(close.len()).position(|w| w == close) else {
        return false;
    };
    let packet = &bytes[start..start + len + close.len()];
    xmp_says(
        std::str::from_utf8(packet).unwrap_or_default(),
        DC,
        "description",
        line,
    )
}

/// A PNG has an `Embargo` text chunk with the line before its image data.
fn png(bytes: &[u8], line: &str) -> bool {
    let Ok(reader) = png::Decoder::new(std::io::Cursor::new(bytes)).read_info() else {
        return false;
    };
    let said = |c: &ITXtChunk| c.keyword == KEYWORD && c.get_text().is_ok_and(|t| t == line);
    reader.info().utf8_text.iter().any(said)
}

/// A JPEG has a comment segment "Embargo: <line>" before its image data.
fn jpeg(bytes: &[u8], line: &str) -> bool {
    let wanted = format!("{KEYWORD}: {line}");
    let mut at = 2;
    while let Some(&[0xFF, marker, hi, lo]) = bytes.get(at..at + 4) {
        let len = usize::from(u16::from_be_bytes([hi, lo]));
        if marker == 0xDA {
            return false;
        }
        if marker == 0xFE && bytes.get(at + 4..at + 2 + len) == Some(wanted.as_bytes()) {
            return true;
        }
        at += 2 + len;
    }
    false
}

/// A WebP has an XMP chunk with the line as IPTC Instructions.
fn webp(bytes: &[u8], line: &str) -> bool {
    let mut at = 12;
    while let Some(head) = bytes.get(at..at + 8) {
        let size = u32::from_le_bytes([head[4], head[5], head[6], head[7]]) as usize;
        let data = bytes.get(at + 8..at + 8 + size).unwrap_or_default();
        if &head[..4] == b"XMP " {
            return xmp_says(
                std::str::from_utf8(data).unwrap_or_default(),
                PHOTOSHOP,
                "Instructions",
                line,
            );
        }
        at += 8 + size + size % 2;
    }
    false
}

/// A CSV's first column is `embargo`, and every row has the line in it.
fn csv(bytes: &[u8], line: &str) -> bool {
    let mut reader = csv::Reader::from_reader(bytes);
    let first = reader
        .headers()
        .ok()
        .and_then(|h| h.get(0).map(str::to_owned));
    first.as_deref() == Some("embargo")
        && reader
            .records()
            .all(|r| r.is_ok_and(|r| r.get(0) == Some(line)))
}

/// Every vCard has a NOTE whose value, unescaped, is the line.
fn vcard(text: &str, line: &str) -> bool {
    let unfolded = text.replace("\r\n ", "");
    let mut cards = 0;
    let mut noted = 0;
    let mut this_noted = false;
    for l in unfolded.lines() {
        match l {
            "BEGIN:VCARD" => this_noted = false,
            "END:VCARD" => {
                cards += 1;
                noted += usize::from(this_noted);
            }
            _ => {
                let note = l.strip_prefix("NOTE:").map(unescape);
                this_noted |= note.as_deref() == Some(line);
            }
        }
    }
    cards == noted
}

/// A vCard text value as written (RFC 6350, 3.4).
fn unescape(value: &str) -> String {
    let mut out = String::new();
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match (c, c == '\\') {
            (_, true) => match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(other) => out.push(other),
                None => {}
            },
            (c, false) => out.push(c),
        }
    }
    out
}

/// The manifest has an `embargo` field with the line.
fn json(bytes: &[u8], line: &str) -> bool {
    serde_json::from_slice::<serde_json::Value>(bytes)
        .is_ok_and(|v| v.get("embargo").and_then(|e| e.as_str()) == Some(line))
}

/// A page shows the line before its first section.
fn html(text: &str, line: &str) -> bool {
    let first_section = text.find("<section").unwrap_or(text.len());
    text.find(&html_line(line))
        .is_some_and(|at| at < first_section)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINE: &str = "Embargo: not before 2026-12-10 08:00 UTC; ok, \\ here";

    fn files(pairs: &[(&str, &[u8])]) -> BTreeMap<String, Vec<u8>> {
        pairs
            .iter()
            .map(|(n, b)| ((*n).to_owned(), b.to_vec()))
            .collect()
    }

    #[test]
    fn csv_needs_the_column_first_and_the_line_on_every_row() {
        let good = format!("embargo,id\r\n\"{LINE}\",a\r\n\"{LINE}\",b\r\n");
        let one_missing = format!("embargo,id\r\n\"{LINE}\",a\r\n,b\r\n");
        let f = files(&[
            ("good.csv", good.as_bytes()),
            ("one-missing.csv", one_missing.as_bytes()),
            ("no-column.csv", b"id\r\na\r\n"),
        ]);
        assert_eq!(
            unmarked_files(&f, LINE),
            ["no-column.csv", "one-missing.csv"]
        );
    }

    #[test]
    fn every_vcard_needs_its_own_note() {
        let note = "NOTE:Embargo: not before 2026-12-10 08:00 UTC\\; ok\\, \\\\ here";
        let card = |n: &str| format!("BEGIN:VCARD\r\nVERSION:4.0\r\n{n}END:VCARD\r\n");
        let both = card(&format!("{note}\r\n")).repeat(2);
        let folded = card(&format!("{}\r\n {}\r\n", &note[..30], &note[30..]));
        let one = card(&format!("{note}\r\n")) + &card("");
        let f = files(&[
            ("both.vcf", both.as_bytes()),
            ("folded.vcf", folded.as_bytes()),
            ("one.vcf", one.as_bytes()),
        ]);
        assert_eq!(unmarked_files(&f, LINE), ["one.vcf"]);
    }

    #[test]
    fn text_files_say_it_on_their_first_line() {
        let md = format!("{}\n\n# Title\n", markdown_line(LINE));
        let txt = format!("{LINE}\n\nCopyright");
        let late = format!("Copyright\n{LINE}\n");
        let page = format!("<body><h1>x</h1>{}<section></section>", html_line(LINE));
        let page_late = format!("<body><section></section>{}", html_line(LINE));
        let f = files(&[
            ("a.md", md.as_bytes()),
            ("a.txt", txt.as_bytes()),
            ("late.txt", late.as_bytes()),
            ("page.html", page.as_bytes()),
            ("late.html", page_late.as_bytes()),
            ("manifest.json", br#"{"embargo": "x"}"#),
            ("font.ttf", b""),
        ]);
        assert_eq!(
            unmarked_files(&f, LINE),
            ["font.ttf", "late.html", "late.txt", "manifest.json"]
        );
    }

    #[test]
    fn marked_images_are_read_back_and_unmarked_ones_named() {
        let notice = super::super::Notice {
            line: LINE.to_owned(),
            lang: "en".to_owned(),
        };
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>"#;
        let jpeg = [0xFF, 0xD8, 0xFF, 0xDB, 0, 2, 0xFF, 0xDA, 0, 2];
        let mark = |name: &str, b: &[u8]| super::super::mark(name, b, &notice).expect("marks");
        let f = files(&[
            ("logo.svg", &mark("logo.svg", svg)),
            ("plain.svg", svg),
            ("a.jpg", &mark("a.jpg", &jpeg)),
            ("plain.jpg", &jpeg),
        ]);
        assert_eq!(unmarked_files(&f, LINE), ["plain.jpg", "plain.svg"]);
    }
}
