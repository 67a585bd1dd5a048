//! An embargoed kit says so in every file of every language's zip, each
//! read back by a parser of its own, as the people and programs that open
//! it would: poppler for the PDFs (every page's text, and the document's
//! Subject), the png crate's decoder for the PNGs' text chunks, roxmltree
//! for the logo's XMP, html5gum for the pages, pulldown-cmark for the
//! Markdown, the csv crate for the tables, ical for the vCards,
//! serde_json for the manifest, and the zip crate for the archive
//! comment. A kind of file this test has no reader for fails it, so a new
//! file in the kit cannot slip through unread.
//!
//! The PDF test needs poppler, so it is `#[ignore]`d with how to install
//! it, as in `kit.rs`; `.ci/run` runs it, and there a missing tool fails.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

use crate::util::{TempDir, copy_dir, root};

/// The embargo the fixture adds to the shipped kit.
const EMBARGO: &str = "\nembargo:\n  date: 2026-12-10\n  time: \"09:00\"\n  zone: Europe/Rome\n";

/// Each kit language and the line its kit must say, word for word.
const SAID: [(&str, &str); 3] = [
    (
        "en",
        "Embargo: not to be published before 2026-12-10 08:00 UTC (09:00 Rome, 10:00 Athens)",
    ),
    (
        "it",
        "Embargo: da non pubblicare prima del 2026-12-10 08:00 UTC (09:00 Roma, 10:00 Atene)",
    ),
    (
        "el",
        "Εμπάργκο: να μη δημοσιευθεί πριν από 2026-12-10 08:00 UTC (09:00 Ρώμη, 10:00 Αθήνα)",
    ),
];

/// A copy of the shipped campaign with `kit.yaml` changed by `edit`.
fn campaign(edit: impl Fn(&mut String)) -> TempDir {
    let dir = TempDir::new();
    for sub in ["messages", "templates", "fonts"] {
        copy_dir(&root().join(sub), &dir.path().join(sub));
    }
    let kit = dir.path().join("messages/kit.yaml");
    let mut text = std::fs::read_to_string(&kit).expect("kit");
    edit(&mut text);
    std::fs::write(&kit, text).expect("write");
    dir
}

fn build(dir: &TempDir, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_handbill"))
        .current_dir(dir.path())
        .args(["build", "--format", "link-preview", "--quiet"])
        .args(args)
        .output()
        .expect("runs")
}

/// The shipped campaign with an embargo, built once in every kit language.
fn embargoed() -> &'static TempDir {
    static BUILT: OnceLock<TempDir> = OnceLock::new();
    BUILT.get_or_init(|| {
        let dir = campaign(|t| t.push_str(EMBARGO));
        let o = build(&dir, &[]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        dir
    })
}

/// A language's zip: its comment and its files.
fn zip(lang: &str) -> (String, BTreeMap<String, Vec<u8>>) {
    let path = embargoed()
        .path()
        .join(format!("out/free2link-press-kit-{lang}.zip"));
    let bytes = std::fs::read(path).expect("the zip");
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    let comment = String::from_utf8(archive.comment().to_vec()).expect("a UTF-8 comment");
    let mut files = BTreeMap::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).expect("entry");
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).expect("read");
        files.insert(f.name().expect("a UTF-8 name").into_owned(), bytes);
    }
    (comment, files)
}

#[test]
fn every_zip_says_the_embargo_in_its_comment() {
    for (lang, said) in SAID {
        assert_eq!(zip(lang).0, said, "{lang}");
    }
}

#[test]
fn every_file_of_every_zip_says_the_embargo_where_its_readers_look() {
    for (lang, said) in SAID {
        let (_, files) = zip(lang);
        assert!(files.len() > 20, "{lang}: {:?}", files.keys());
        for (name, bytes) in &files {
            let text = || std::str::from_utf8(bytes).expect("UTF-8");
            let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
            match ext {
                // Read by poppler in `every_page_of_every_pdf_…` below.
                "pdf" => continue,
                "png" => png_says(bytes, said, lang),
                "svg" => svg_says(text(), said),
                "html" => html_says(text(), said),
                "md" => markdown_says(text(), said),
                "txt" => assert_eq!(text().lines().next(), Some(said)),
                "csv" => csv_says(text(), said),
                "vcf" => vcard_says(text(), said),
                "json" => json_says(bytes, said),
                _ => panic!("{name}: this test has no reader for a .{ext} file"),
            }
        }
    }
}

/// The PNG's `Embargo` text chunk, read by the png crate's decoder before
/// the image data, in the kit's language.
fn png_says(bytes: &[u8], said: &str, lang: &str) {
    let reader = png::Decoder::new(Cursor::new(bytes))
        .read_info()
        .expect("a PNG");
    let chunk = reader
        .info()
        .utf8_text
        .iter()
        .find(|c| c.keyword == "Embargo");
    let chunk = chunk.expect("an Embargo text chunk");
    assert_eq!(chunk.get_text().expect("text"), said);
    assert_eq!(chunk.language_tag, lang);
}

/// The SVG's `<metadata>` XMP says it as IPTC Instructions.
fn svg_says(svg: &str, said: &str) {
    let doc = roxmltree::Document::parse(svg).expect("an SVG");
    let metadata = doc
        .root_element()
        .children()
        .find(|n| n.has_tag_name(("http://www.w3.org/2000/svg", "metadata")))
        .expect("a metadata element in the root");
    let instructions = metadata
        .descendants()
        .find(|n| n.has_tag_name(("http://ns.adobe.com/photoshop/1.0/", "Instructions")));
    assert_eq!(instructions.and_then(|n| n.text()), Some(said));
}

/// The page's text before its first section, as html5gum tokenizes it.
fn html_says(html: &str, said: &str) {
    let mut text = String::new();
    for token in html5gum::Tokenizer::new(html).flatten() {
        match token {
            html5gum::Token::StartTag(tag) if &tag.name[..] == b"section" => break,
            html5gum::Token::String(s) => text.push_str(&String::from_utf8_lossy(&s)),
            _ => {}
        }
    }
    assert!(text.contains(said), "{text}");
}

/// The Markdown's first block is the line in bold, as pulldown-cmark
/// reads it.
fn markdown_says(md: &str, said: &str) {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let events: Vec<Event> = Parser::new(md)
        .take_while(|e| *e != Event::End(TagEnd::Paragraph))
        .collect();
    assert_eq!(events[0], Event::Start(Tag::Paragraph), "{md}");
    assert_eq!(events[1], Event::Start(Tag::Strong), "{md}");
    let text: String = events
        .iter()
        .filter_map(|e| match e {
            Event::Text(t) => Some(t.to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(text, said);
}

/// The table's first column is `embargo`, with the line on every row.
fn csv_says(text: &str, said: &str) {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(reader.headers().expect("a header").get(0), Some("embargo"));
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    assert!(!rows.is_empty());
    for row in rows {
        assert_eq!(row.get(0), Some(said), "{row:?}");
    }
}

/// Every vCard, as ical parses it, has a NOTE that is the line.
fn vcard_says(text: &str, said: &str) {
    let cards: Vec<_> = ical::VcardParser::new(text.as_bytes())
        .map(|c| c.expect("a vCard"))
        .collect();
    assert!(!cards.is_empty());
    for card in cards {
        let notes: Vec<String> = card
            .properties
            .iter()
            .filter(|p| p.name == "NOTE")
            .filter_map(|p| p.value.as_deref().map(unescape))
            .collect();
        assert!(notes.iter().any(|n| n == said), "{notes:?}");
    }
}

/// A vCard text value unescaped (RFC 6350, 3.4); ical leaves it escaped.
fn unescape(value: &str) -> String {
    value
        .replace("\\n", "\n")
        .replace("\\,", ",")
        .replace("\\;", ";")
        .replace("\\\\", "\\")
}

fn json_says(bytes: &[u8], said: &str) {
    let json: serde_json::Value = serde_json::from_slice(bytes).expect("JSON");
    assert_eq!(json["embargo"], said);
}

/// A tool on the PATH; a missing one fails the test with how to install it.
fn poppler(name: &str) -> PathBuf {
    std::env::var_os("PATH")
        .and_then(|p| {
            std::env::split_paths(&p)
                .map(|d| d.join(name))
                .find(|f| f.is_file())
        })
        .unwrap_or_else(|| panic!("{name} is not installed: apt-get install poppler-utils"))
}

/// What a poppler tool prints for a PDF file, given options before the
/// file and arguments after it.
fn run(name: &str, options: &[&str], pdf: &std::path::Path, after: &[&str]) -> String {
    let o = Command::new(poppler(name))
        .args(options)
        .arg(pdf)
        .args(after)
        .output()
        .unwrap_or_else(|e| panic!("{name} runs: {e}"));
    assert!(
        o.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).expect("UTF-8")
}

#[test]
#[ignore = "needs pdftotext and pdfinfo: apt-get install poppler-utils"]
fn every_page_of_every_pdf_says_the_embargo_as_text_and_in_its_subject() {
    let dir = TempDir::new();
    for (lang, said) in SAID {
        let pdfs: Vec<(String, Vec<u8>)> = zip(lang)
            .1
            .into_iter()
            .filter(|(n, _)| n.ends_with(".pdf"))
            .collect();
        assert_eq!(pdfs.len(), 2, "{lang}: the factsheet and the FAQ");
        for (name, bytes) in pdfs {
            let path = dir.path().join(&name);
            std::fs::write(&path, bytes).expect("write");
            let info = run("pdfinfo", &[], &path, &[]);
            let field = |key: &str| {
                info.lines()
                    .find_map(|l| l.strip_prefix(key))
                    .map(str::trim)
                    .unwrap_or_default()
                    .to_owned()
            };
            assert_eq!(field("Subject:"), said, "{name}");
            let pages: u32 = field("Pages:").parse().expect("a page count");
            for page in 1..=pages {
                let p = page.to_string();
                let text = run("pdftotext", &["-f", &p, "-l", &p], &path, &["-"]);
                // A line wrapped on the page is read as one.
                let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                assert!(text.contains(said), "{name}, page {page}: {text}");
            }
        }
    }
}

#[test]
fn the_kits_own_check_reads_every_file_and_names_those_without_the_line() {
    for (lang, said) in SAID {
        let (_, files) = zip(lang);
        assert_eq!(
            handbill::kit::unmarked_files(&files, said),
            Vec::<String>::new()
        );
        // Another line is said by none of them.
        let other = said.replace("2026-12-10", "2027-01-01");
        let unmarked = handbill::kit::unmarked_files(&files, &other);
        assert_eq!(unmarked.len(), files.len(), "{lang}");
    }
}

#[test]
fn a_factsheet_template_with_no_place_for_the_embargo_is_refused() {
    let dir = campaign(|t| t.push_str(EMBARGO));
    let sheet = dir.path().join("templates/kit/factsheet.svg");
    let svg = std::fs::read_to_string(&sheet).expect("factsheet");
    let start = svg.find("<text id=\"embargo\"").expect("an embargo slot");
    let end = start + svg[start..].find("</text>").expect("closed") + "</text>".len();
    std::fs::write(&sheet, format!("{}{}", &svg[..start], &svg[end..])).expect("write");
    let o = build(&dir, &["--language", "en"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("templates/kit/factsheet.svg"), "{err}");
    assert!(
        err.contains(
            "the kit has an embargo, but the factsheet template has no text with id=\"embargo\""
        ),
        "{err}"
    );
}
