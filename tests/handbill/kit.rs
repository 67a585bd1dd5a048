//! The press kit, built from the shipped campaign as a user would, and
//! checked with the tools a journalist's computer has: unzip, a PDF text
//! extractor, a browser.
//!
//! The tools are external. In CI (`CI` set) a missing tool fails the test;
//! elsewhere the test says it skipped and passes, so `cargo test` needs
//! nothing installed first. `.ci/run` installs them.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use sha2::{Digest, Sha256};

use crate::util::{copy_dir, root};

/// A tool on the PATH, or None (and a note) when it is missing outside CI.
fn tool(name: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|p| {
        std::env::split_paths(&p)
            .map(|d| d.join(name))
            .find(|f| f.is_file())
    });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "{name} is needed in CI: .ci/run installs it"
        );
        eprintln!("skipped: {name} is not installed (.ci/run installs it)");
    }
    found
}

/// The shipped campaign built once, link-preview cards only to keep it
/// quick: (the build's folder, the English kit's zip bytes).
fn built() -> &'static (tempfile::TempDir, Vec<u8>) {
    static BUILT: OnceLock<(tempfile::TempDir, Vec<u8>)> = OnceLock::new();
    BUILT.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        for sub in ["messages", "templates", "fonts"] {
            copy_dir(&root().join(sub), &dir.path().join(sub));
        }
        let o = Command::new(env!("CARGO_BIN_EXE_handbill"))
            .current_dir(dir.path())
            .args(["build", "--format", "link-preview", "--quiet"])
            .output()
            .expect("runs");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let zip = std::fs::read(dir.path().join("out/free2link-press-kit-en.zip"))
            .expect("the English kit");
        (dir, zip)
    })
}

fn entries(zip: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).expect("a zip");
    let mut out = BTreeMap::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).expect("entry");
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).expect("read");
        out.insert(f.name().expect("a UTF-8 name").into_owned(), bytes);
    }
    out
}

fn out_dir() -> &'static Path {
    built().0.path()
}

#[test]
fn every_language_of_the_kit_is_zipped() {
    for lang in ["en", "it", "el"] {
        assert!(
            out_dir()
                .join(format!("out/free2link-press-kit-{lang}.zip"))
                .is_file(),
            "{lang}"
        );
    }
    let names: Vec<String> = entries(&built().1).into_keys().collect();
    for required in [
        "index.html",
        "key-facts.csv",
        "key-facts.md",
        "captions.csv",
        "contacts.vcf",
        "credits-and-licences.txt",
        "manifest.json",
    ] {
        assert!(
            names.iter().any(|n| n == required),
            "{required} missing from {names:?}"
        );
    }
    for suffix in ["_a4.pdf", ".md", ".html", "_1588x2246.png"] {
        assert!(
            names
                .iter()
                .any(|n| n.starts_with("free2link_") && n.ends_with(suffix)),
            "no document ending {suffix}"
        );
    }
    assert!(names.iter().any(|n| n.starts_with("free2link_logo_")));
}

#[test]
fn unzip_accepts_the_kit() {
    let Some(unzip) = tool("unzip") else { return };
    let zip = out_dir().join("out/free2link-press-kit-en.zip");
    let o = Command::new(unzip)
        .arg("-t")
        .arg(&zip)
        .output()
        .expect("unzip runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    assert!(String::from_utf8_lossy(&o.stdout).contains("No errors detected"));
}

#[test]
fn no_entry_escapes_the_zip_root_and_names_follow_one_convention() {
    for name in entries(&built().1).keys() {
        assert!(
            name.is_ascii() && !name.starts_with('/') && !name.contains('\\'),
            "{name}"
        );
        assert!(
            name.split('/')
                .all(|p| !p.is_empty() && p != ".." && p != "."),
            "{name}"
        );
        if let Some(card) = name.strip_prefix("cards/") {
            // <campaign>_<kind>_<slug>_<lang>_<WxH>.png
            let parts: Vec<&str> = card.trim_end_matches(".png").split('_').collect();
            assert_eq!(parts.len(), 5, "{card}");
            assert_eq!(parts[0], "free2link");
            assert_eq!(parts[3], "en");
            assert!(
                parts[4]
                    .split_once('x')
                    .is_some_and(|(w, h)| w.parse::<u32>().is_ok() && h.parse::<u32>().is_ok()),
                "{card}"
            );
        }
    }
}

#[test]
fn the_manifest_hashes_every_file() {
    let files = entries(&built().1);
    let manifest: serde_json::Value =
        serde_json::from_slice(&files["manifest.json"]).expect("json");
    let listed = manifest["files"].as_array().expect("files");
    assert_eq!(
        listed.len(),
        files.len() - 1,
        "every file but the manifest itself"
    );
    for f in listed {
        let name = f["file"].as_str().expect("name");
        let bytes = &files[name];
        assert_eq!(f["bytes"].as_u64(), Some(bytes.len() as u64), "{name}");
        assert_eq!(
            f["sha256"].as_str().expect("hash"),
            format!("{:x}", Sha256::digest(bytes)),
            "{name}"
        );
    }
}

#[test]
fn two_builds_give_the_same_zip() {
    let dir = tempfile::tempdir().expect("tempdir");
    for sub in ["messages", "templates", "fonts"] {
        copy_dir(&root().join(sub), &dir.path().join(sub));
    }
    let o = Command::new(env!("CARGO_BIN_EXE_handbill"))
        .current_dir(dir.path())
        .args([
            "build",
            "--format",
            "link-preview",
            "--quiet",
            "--jobs",
            "1",
        ])
        .output()
        .expect("runs");
    assert!(o.status.success());
    let again = std::fs::read(dir.path().join("out/free2link-press-kit-en.zip")).expect("zip");
    assert!(
        again == built().1,
        "the kit's zip differs between two builds"
    );
}

/// Splits CSV text into rows of fields (RFC 4180: quoted fields may hold
/// commas, quotes and line breaks).
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    rows
}

#[test]
fn captions_csv_has_a_row_per_card_with_real_alt_text() {
    let files = entries(&built().1);
    let rows = csv_rows(std::str::from_utf8(&files["captions.csv"]).expect("utf-8"));
    assert_eq!(
        rows[0],
        [
            "file", "platform", "caption", "alt_text", "credit", "licence"
        ]
    );
    let cards: Vec<&String> = files.keys().filter(|n| n.starts_with("cards/")).collect();
    assert_eq!(rows.len() - 1, cards.len(), "one row per card");
    for r in &rows[1..] {
        assert_eq!(r.len(), 6, "{r:?}");
        let (file, caption, alt) = (&r[0], &r[2], &r[3]);
        assert!(files.contains_key(file), "{file} is in the zip");
        assert!(!alt.trim().is_empty());
        assert_ne!(alt, file);
        assert!(
            !file.contains(alt.as_str()),
            "alt text is not the file name: {alt}"
        );
        assert_ne!(alt, caption);
        assert!(!alt.contains('#'), "no hashtags in alt text: {alt}");
    }
}

#[test]
fn the_vcard_parses() {
    let files = entries(&built().1);
    let text = std::str::from_utf8(&files["contacts.vcf"]).expect("utf-8");
    assert!(text.ends_with("\r\n"));
    // Unfold (RFC 6350 3.2), then read every content line.
    let unfolded = text.replace("\r\n ", "");
    let mut cards = 0;
    let mut open = false;
    for line in unfolded.split("\r\n").filter(|l| !l.is_empty()) {
        assert!(line.len() <= 998, "{line}");
        let (name, value) = line
            .split_once(':')
            .unwrap_or_else(|| panic!("not a content line: {line}"));
        let prop = name.split(';').next().expect("name").to_ascii_uppercase();
        assert!(
            prop.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'),
            "{prop}"
        );
        match prop.as_str() {
            "BEGIN" => {
                assert!(!open && value == "VCARD");
                open = true;
            }
            "END" => {
                assert!(open && value == "VCARD");
                open = false;
                cards += 1;
            }
            "VERSION" => assert_eq!(value, "4.0"),
            "EMAIL" => assert!(
                value.ends_with("@example.org"),
                "the shipped contact is an example: {value}"
            ),
            _ => {}
        }
    }
    assert!(!open);
    assert!(cards >= 1);
    assert!(unfolded.contains("\r\nFN:"), "every vCard 4.0 has FN");
    assert!(
        unfolded.contains("NOTE:example address"),
        "the example address is marked"
    );
}

fn pdftotext(pdf: &[u8]) -> Option<String> {
    let tool = tool("pdftotext")?;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("x.pdf");
    std::fs::write(&path, pdf).expect("write");
    let o = Command::new(tool)
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(o.status.success());
    Some(String::from_utf8(o.stdout).expect("utf-8"))
}

#[test]
fn the_factsheet_pdf_has_the_facts_and_their_sources_as_text() {
    let files = entries(&built().1);
    let (_, pdf) = files
        .iter()
        .find(|(n, _)| n.ends_with("_factsheet_key-facts_en_a4.pdf"))
        .expect("factsheet");
    assert!(pdf.starts_with(b"%PDF-"));
    let Some(text) = pdftotext(pdf) else { return };
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let text = squash(&text);
    for needle in [
        "75%",
        "of sex trafficking victims are advertised online",
        "Source: OSCE",
        "90%",
        "Source: UNHCR",
        "1,500,000",
        "Source: UNICEF",
        "2000",
        "UNODC Palermo Protocol",
        "2014",
        "ILO Forced Labour",
        "press@example.org",
    ] {
        assert!(
            text.contains(needle),
            "{needle:?} not in the factsheet's text: {text}"
        );
    }
}

#[test]
fn the_pdfs_are_tagged_with_title_language_and_font_subsets() {
    let files = entries(&built().1);
    for (name, pdf) in files.iter().filter(|(n, _)| n.ends_with(".pdf")) {
        // The document language (in the XMP metadata, with the PDF/UA
        // claim) and the tag tree's root, written by krilla.
        let raw = String::from_utf8_lossy(pdf);
        assert!(
            raw.contains("<dc:language><rdf:Bag><rdf:li>en</rdf:li>"),
            "{name}: no document language"
        );
        assert!(
            raw.contains("<pdfuaid:part>1</pdfuaid:part>"),
            "{name}: no PDF/UA-1 claim"
        );
        assert!(raw.contains("/StructTreeRoot"), "{name}: not tagged");
        let (Some(info), Some(fonts)) = (tool("pdfinfo"), tool("pdffonts")) else {
            return;
        };
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("x.pdf");
        std::fs::write(&path, pdf).expect("write");
        let i = String::from_utf8_lossy(
            &Command::new(info)
                .arg(&path)
                .output()
                .expect("pdfinfo")
                .stdout,
        )
        .into_owned();
        assert!(i.contains("Tagged:          yes"), "{name}: {i}");
        assert!(
            i.lines()
                .any(|l| l.starts_with("Title:") && l.contains("Free2Link")),
            "{name}: {i}"
        );
        assert!(i.contains("A4"), "{name}: {i}");
        let f = String::from_utf8_lossy(
            &Command::new(fonts)
                .arg(&path)
                .output()
                .expect("pdffonts")
                .stdout,
        )
        .into_owned();
        let rows: Vec<&str> = f.lines().skip(2).collect();
        assert!(!rows.is_empty(), "{name}: no fonts");
        for row in rows {
            // name type encoding emb sub uni: embedded, subset, with Unicode.
            assert!(row.contains("yes yes yes"), "{name}: {row}");
        }
    }
}

#[test]
fn pngs_are_stored_and_the_rest_deflated() {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&built().1)).expect("a zip");
    for i in 0..archive.len() {
        let f = archive.by_index(i).expect("entry");
        let name = f.name().expect("name").into_owned();
        let expected = if name.ends_with(".png") {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        assert_eq!(f.compression(), expected, "{name}");
        assert_eq!(f.unix_mode().map(|m| m & 0o777), Some(0o644), "{name}");
    }
}

#[test]
fn the_faq_pdf_has_every_question() {
    let files = entries(&built().1);
    let (_, pdf) = files
        .iter()
        .find(|(n, _)| n.ends_with("_faq_questions_en_a4.pdf"))
        .expect("faq");
    let Some(text) = pdftotext(pdf) else { return };
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let md = String::from_utf8(
        files
            .iter()
            .find(|(n, _)| n.ends_with("_faq_questions_en.md"))
            .expect("md")
            .1
            .clone(),
    )
    .expect("utf-8");
    let questions: Vec<&str> = md.lines().filter_map(|l| l.strip_prefix("## ")).collect();
    assert!(questions.len() >= 8);
    for q in questions {
        assert!(text.contains(q), "{q:?} is not in the FAQ PDF");
    }
}

/// Every `href` and `src` of a page, in order.
fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let end = rest.find('"').expect("closing quote");
            out.push(rest[..end].replace("&amp;", "&"));
            rest = &rest[end..];
        }
    }
    out
}

#[test]
fn every_local_link_and_image_of_index_html_is_in_the_zip() {
    let files = entries(&built().1);
    let html = std::str::from_utf8(&files["index.html"]).expect("utf-8");
    let all = links(html);
    assert!(all.len() > 20);
    let local: Vec<&String> = all
        .iter()
        .filter(|l| {
            !l.starts_with("https://") && !l.starts_with("http://") && !l.starts_with("mailto:")
        })
        .collect();
    assert!(!local.is_empty());
    for l in local {
        assert!(
            files.contains_key(l.as_str()),
            "{l} is linked from index.html but not in the zip"
        );
    }
    assert!(html.contains("<html lang=\"en\" dir=\"ltr\">"));
    assert!(!html.contains("<script"), "no scripts");
    assert!(!html.contains("<link"), "no external stylesheets");
}

#[test]
fn chromium_loads_index_html_without_errors() {
    if tool("node").is_none() || tool("chromium").is_none() {
        return;
    }
    let script = root().join("tests/browser/check.mjs");
    if !root()
        .join("tests/browser/node_modules/playwright-core")
        .is_dir()
    {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run npm ci in tests/browser"
        );
        eprintln!("skipped: run `npm ci` in tests/browser");
        return;
    }
    for lang in ["en", "el"] {
        let page = out_dir().join(format!("out/kit/{lang}/index.html"));
        let o = Command::new("node")
            .arg(&script)
            .arg(&page)
            .output()
            .expect("node runs");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let r: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
        assert_eq!(r["console"], serde_json::json!([]), "{lang}: console");
        assert_eq!(
            r["failed"],
            serde_json::json!([]),
            "{lang}: failed requests"
        );
        assert_eq!(
            r["external"],
            serde_json::json!([]),
            "{lang}: requests off the machine"
        );
        assert_eq!(r["brokenImages"], serde_json::json!([]), "{lang}: images");
        assert!(r["images"].as_u64().unwrap_or(0) > 10);
        // Every text meets WCAG AA contrast (4.5:1) against what is behind it.
        assert_eq!(r["lowContrast"], serde_json::json!([]), "{lang}: contrast");
        assert!(r["minContrast"].as_f64().unwrap_or(0.0) >= 4.5);
        assert_eq!(r["lang"], lang);
        assert_eq!(r["dir"], "ltr");
        // Headings in order: start at h1, never skip a level going down.
        let levels: Vec<u64> = r["headings"]
            .as_array()
            .expect("headings")
            .iter()
            .filter_map(|v| v.as_u64())
            .collect();
        assert_eq!(levels.first(), Some(&1));
        assert_eq!(levels.iter().filter(|&&l| l == 1).count(), 1, "one h1");
        for w in levels.windows(2) {
            assert!(
                w[1] <= w[0] + 1,
                "{lang}: heading h{} after h{}",
                w[1],
                w[0]
            );
        }
    }
}

#[test]
fn kit_mistakes_are_located() {
    let root = root();
    let project = handbill::project::read(&handbill::project::Paths::under(&root)).expect("reads");
    let (c, p) = handbill::campaign::load(&project.sources);
    assert!(p.is_empty());
    let c = c.expect("campaign");
    let (_, text) = project.kit.as_ref().expect("the shipped kit");
    // A real-looking address marked as an example, and an about text too long.
    let broken = text
        .replacen("email: press@example.org", "email: press@free2link.eu", 1)
        .replacen("  about:\n    en: >-\n", "  about:\n    en: >-\n      one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty\n", 1);
    let (kit, problems) = handbill::kit::load(Path::new("messages/kit.yaml"), &broken, &c);
    assert!(kit.is_none());
    let all: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    assert!(
        all.iter().any(|p| p.contains(
            "press@free2link.eu is marked as an example but is not an example.org address"
        )),
        "{all:?}"
    );
    assert!(
        all.iter().any(|p| p.starts_with("messages/kit.yaml:")
            && p.contains("words in en; editors expect 100 or fewer")),
        "{all:?}"
    );
}

#[test]
fn an_embargo_is_printed_on_the_page_and_the_factsheet() {
    let dir = tempfile::tempdir().expect("tempdir");
    for sub in ["messages", "templates", "fonts"] {
        copy_dir(&root().join(sub), &dir.path().join(sub));
    }
    let kit = dir.path().join("messages/kit.yaml");
    let mut text = std::fs::read_to_string(&kit).expect("kit");
    text.push_str("\nembargo:\n  date: 2026-12-10\n  time: \"09:00\"\n  zone: Europe/Rome\n");
    std::fs::write(&kit, text).expect("write");
    let o = Command::new(env!("CARGO_BIN_EXE_handbill"))
        .current_dir(dir.path())
        .args([
            "build",
            "--format",
            "link-preview",
            "--language",
            "it",
            "--quiet",
        ])
        .output()
        .expect("runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let expected =
        "Embargo: da non pubblicare prima del 2026-12-10 08:00 UTC (09:00 Roma, 10:00 Atene)";
    let html = std::fs::read_to_string(dir.path().join("out/kit/it/index.html")).expect("page");
    assert!(html.contains(expected), "{html}");
    let pdf = std::fs::read(
        dir.path()
            .join("out/kit/it/free2link_factsheet_key-facts_it_a4.pdf"),
    )
    .expect("pdf");
    if let Some(text) = pdftotext(&pdf) {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(text.contains(expected), "{text}");
    }
}
