//! The press kit, built from the shipped campaign as a user would, and
//! checked with the tools a journalist's computer has: unzip, a PDF text
//! extractor, a browser.
//!
//! Those tools are external, so a test that needs one is `#[ignore]`d with
//! the tool and how to install it. `cargo test --release` on a bare machine
//! lists it as ignored, with that reason, rather than passing it; `.ci/run`
//! installs the tools and runs every test with `--include-ignored`, and
//! there a missing tool fails the test with the same hint. No test here
//! returns early: what it names, it checks, or it fails.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use sha2::{Digest, Sha256};

use crate::util::{TempDir, copy_dir, root};

/// A tool on the PATH; a missing one fails the test with how to install it.
fn tool(name: &str, install: &str) -> PathBuf {
    std::env::var_os("PATH")
        .and_then(|p| {
            std::env::split_paths(&p)
                .map(|d| d.join(name))
                .find(|f| f.is_file())
        })
        .unwrap_or_else(|| panic!("{name} is not installed: {install}"))
}

const POPPLER: &str = "apt-get install poppler-utils";

/// The shipped campaign built once, link-preview cards only to keep it
/// quick: (the build's folder, the English kit's zip bytes).
fn built() -> &'static (TempDir, Vec<u8>) {
    static BUILT: OnceLock<(TempDir, Vec<u8>)> = OnceLock::new();
    BUILT.get_or_init(|| {
        let dir = TempDir::new();
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
    for lang in ["en", "it", "el", "uk", "ar"] {
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
#[ignore = "needs unzip: apt-get install unzip"]
fn unzip_accepts_the_kit() {
    let unzip = tool("unzip", "apt-get install unzip");
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
    let mut cards = 0;
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
            cards += 1;
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
    assert!(cards > 0, "no card names were checked");
}

#[test]
fn the_manifest_hashes_every_file() {
    let files = entries(&built().1);
    let manifest: serde_json::Value =
        serde_json::from_slice(&files["manifest.json"]).expect("json");
    let listed = manifest["files"].as_array().expect("files");
    let mut names: Vec<&str> = listed
        .iter()
        .map(|f| f["file"].as_str().expect("name"))
        .collect();
    names.sort();
    let others: Vec<&str> = files
        .keys()
        .map(String::as_str)
        .filter(|n| *n != "manifest.json")
        .collect();
    assert_eq!(names, others, "every file but the manifest itself, once");
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
    let dir = TempDir::new();
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
    assert!(!cards.is_empty(), "the kit has cards");
    let mut listed: Vec<&String> = rows[1..].iter().map(|r| &r[0]).collect();
    listed.sort();
    assert_eq!(listed, cards, "one row per card");
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

/// What a poppler tool prints for a PDF, which it reads from a file.
fn poppler(name: &str, pdf: &[u8], args: &[&str]) -> String {
    let tool = tool(name, POPPLER);
    let dir = TempDir::new();
    let path = dir.path().join("x.pdf");
    std::fs::write(&path, pdf).expect("write");
    let o = Command::new(tool)
        .arg(&path)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} runs: {e}"));
    assert!(
        o.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap_or_else(|e| panic!("{name} prints UTF-8: {e}"))
}

/// A PDF's text, as pdftotext extracts it, with runs of white space as one
/// space.
fn pdftotext(pdf: &[u8]) -> String {
    let text = poppler("pdftotext", pdf, &["-"]);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
#[ignore = "needs pdftotext: apt-get install poppler-utils"]
fn the_factsheet_pdf_has_the_facts_and_their_sources_as_text() {
    let files = entries(&built().1);
    let (_, pdf) = files
        .iter()
        .find(|(n, _)| n.ends_with("_factsheet_key-facts_en_a4.pdf"))
        .expect("factsheet");
    let text = pdftotext(pdf);
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

/// Every PDF of the English kit, by name: the factsheet and the FAQ at
/// least.
fn pdfs(files: &BTreeMap<String, Vec<u8>>) -> Vec<(&String, &Vec<u8>)> {
    let pdfs: Vec<_> = files.iter().filter(|(n, _)| n.ends_with(".pdf")).collect();
    let names: Vec<&String> = pdfs.iter().map(|(n, _)| *n).collect();
    for kind in ["_factsheet_", "_faq_"] {
        assert!(
            names.iter().any(|n| n.contains(kind)),
            "no {kind} PDF in {names:?}"
        );
    }
    pdfs
}

#[test]
fn every_pdf_claims_its_language_pdf_ua_and_a_tag_tree() {
    let files = entries(&built().1);
    for (name, pdf) in pdfs(&files) {
        assert!(pdf.starts_with(b"%PDF-"), "{name}: not a PDF");
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
    }
}

#[test]
#[ignore = "needs pdfinfo and pdffonts: apt-get install poppler-utils"]
fn poppler_reads_every_pdf_as_tagged_a4_with_a_title_and_subset_fonts() {
    let files = entries(&built().1);
    for (name, pdf) in pdfs(&files) {
        let info = poppler("pdfinfo", pdf, &[]);
        assert!(info.contains("Tagged:          yes"), "{name}: {info}");
        assert!(
            info.lines()
                .any(|l| l.starts_with("Title:") && l.contains("Free2Link")),
            "{name}: {info}"
        );
        assert!(info.contains("A4"), "{name}: {info}");
        let fonts = poppler("pdffonts", pdf, &[]);
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
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
    let mut stored = 0;
    for i in 0..archive.len() {
        let f = archive.by_index(i).expect("entry");
        let name = f.name().expect("name").into_owned();
        let expected = if name.ends_with(".png") {
            stored += 1;
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        assert_eq!(f.compression(), expected, "{name}");
        assert_eq!(f.unix_mode().map(|m| m & 0o777), Some(0o644), "{name}");
    }
    assert!(stored > 0 && stored < archive.len(), "PNGs and other files");
}

#[test]
#[ignore = "needs pdftotext: apt-get install poppler-utils"]
fn the_faq_pdf_has_every_question() {
    let files = entries(&built().1);
    let (_, pdf) = files
        .iter()
        .find(|(n, _)| n.ends_with("_faq_questions_en_a4.pdf"))
        .expect("faq");
    let text = pdftotext(pdf);
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

/// A PDF's text as pdftotext extracts it, without the bidi controls it
/// puts around right-to-left lines, runs of white space as one space.
fn pdftotext_plain(pdf: &[u8]) -> String {
    let control = |c: char| matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    pdftotext(pdf).chars().filter(|c| !control(*c)).collect()
}

#[test]
#[ignore = "needs pdftotext: apt-get install poppler-utils"]
fn pdftotext_reads_the_arabic_pdfs_in_logical_order() {
    let kit = std::fs::read_to_string(root().join("messages/kit.yaml")).expect("kit.yaml");
    let dir = out_dir().join("out/kit/ar");
    // Phrases of kit.yaml as they are written, in logical order; each has a
    // lam-alef ligature (الا, الإ), whose letters a visual-order extractor
    // reverses unless the PDF gives them in visual order.
    let cases = [
        (
            "free2link_faq_questions_ar_a4.pdf",
            [
                "كيف يعمل الاتجار بالبشر عبر الإنترنت",
                "وأدوات ضد الاتجار بالبشر",
            ],
        ),
        (
            "free2link_factsheet_key-facts_ar_a4.pdf",
            ["محطات بارزة في مكافحة الاتجار بالبشر", "حقائق أساسية"],
        ),
    ];
    for (file, phrases) in cases {
        let pdf = std::fs::read(dir.join(file)).expect("the Arabic PDF");
        let text = pdftotext_plain(&pdf);
        for phrase in phrases {
            assert!(kit.contains(phrase), "{phrase:?} is not in kit.yaml");
            assert!(
                text.contains(phrase),
                "{file}: {phrase:?} is not in pdftotext's text, in logical order: {text}"
            );
        }
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

/// node and the browser check script, once Chromium and playwright-core
/// are there; whatever is missing fails the test with how to install it.
fn browser_check() -> (PathBuf, PathBuf) {
    let node = tool("node", "apt-get install nodejs npm");
    // check.mjs launches $CHROMIUM, or Debian's /usr/bin/chromium.
    let chromium = std::env::var_os("CHROMIUM").map_or("/usr/bin/chromium".into(), PathBuf::from);
    assert!(
        chromium.is_file(),
        "{} is not installed: apt-get install chromium (or set CHROMIUM)",
        chromium.display()
    );
    let browser = root().join("tests/browser");
    assert!(
        browser.join("node_modules/playwright-core").is_dir(),
        "playwright-core is not installed: cd tests/browser && npm ci"
    );
    (node, browser.join("check.mjs"))
}

/// The languages of the campaign written right to left, from its
/// `campaign.yaml`.
fn right_to_left() -> Vec<String> {
    #[derive(serde::Deserialize)]
    struct Campaign {
        languages: Vec<Language>,
    }
    #[derive(serde::Deserialize)]
    struct Language {
        code: String,
        direction: Option<String>,
    }
    let yaml = std::fs::read_to_string(root().join("messages/campaign.yaml")).expect("read");
    let c: Campaign = serde_saphyr::from_str(&yaml).expect("campaign.yaml parses");
    c.languages
        .into_iter()
        .filter(|l| l.direction.as_deref() == Some("rtl"))
        .map(|l| l.code)
        .collect()
}

/// Every language the build made a kit in: the folders of `out/kit/`.
fn kit_languages() -> Vec<String> {
    let mut langs: Vec<String> = std::fs::read_dir(out_dir().join("out/kit"))
        .expect("out/kit")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    langs.sort();
    langs
}

#[test]
#[ignore = "needs node, chromium and playwright-core: apt-get install nodejs npm chromium; cd tests/browser && npm ci"]
fn chromium_loads_every_kit_page_without_errors() {
    let (node, script) = browser_check();
    let rtl = right_to_left();
    assert!(rtl.iter().any(|l| l == "ar"), "{rtl:?}");
    let langs = kit_languages();
    for lang in ["en", "uk", "ar"] {
        assert!(
            langs.iter().any(|l| l == lang),
            "no {lang} kit in {langs:?}"
        );
    }
    for lang in &langs {
        let mirrored = rtl.contains(lang);
        for file in [
            "index.html",
            &format!("free2link_faq_questions_{lang}.html"),
        ] {
            let page = out_dir().join(format!("out/kit/{lang}/{file}"));
            let r = check_page(&node, &script, &page);
            check_mirroring(&r, lang, file, mirrored);
            if file == "index.html" {
                check_index(&r, lang);
            }
        }
    }
}

/// What check.mjs reports of a page.
fn check_page(node: &Path, script: &Path, page: &Path) -> serde_json::Value {
    let o = Command::new(node)
        .arg(script)
        .arg(page)
        .output()
        .expect("node runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).expect("json")
}

/// A right-to-left page says so and is mirrored; the others are not.
fn check_mirroring(r: &serde_json::Value, lang: &str, file: &str, mirrored: bool) {
    let (dir, side) = if mirrored {
        ("rtl", "right")
    } else {
        ("ltr", "left")
    };
    assert_eq!(r["lang"], lang, "{lang} {file}");
    assert_eq!(r["dir"], dir, "{lang} {file}: dir");
    assert_eq!(
        r["textStart"], side,
        "{lang} {file}: headings start on the {side}"
    );
    // No page is wider than the window (390 and 1280 px): no text runs off.
    assert_eq!(
        r["console"],
        serde_json::json!([]),
        "{lang} {file}: console"
    );
    // Nor does a text run out of its box (a long link in a caption).
    assert_eq!(
        r["clipped"],
        serde_json::json!([]),
        "{lang} {file}: clipped"
    );
    assert_eq!(
        r["missingLinks"],
        serde_json::json!([]),
        "{lang} {file}: links"
    );
    assert_eq!(
        r["lowContrast"],
        serde_json::json!([]),
        "{lang} {file}: contrast"
    );
}

/// The press page's images, links, contrast and headings.
fn check_index(r: &serde_json::Value, lang: &str) {
    let side = r["textStart"].as_str().unwrap_or_default();
    assert_eq!(
        r["accentSide"], side,
        "{lang}: a fact's bar is on the side its text starts"
    );
    assert!(
        r["links"].as_u64().unwrap_or(0) > 20,
        "{lang}: links checked"
    );
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
    assert!(r["minContrast"].as_f64().unwrap_or(0.0) >= 4.5);
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

/// The shipped campaign with an embargo added, built once in Italian:
/// (the build's folder, the sentence the page and the factsheet must say).
fn embargoed() -> &'static (TempDir, &'static str) {
    static BUILT: OnceLock<(TempDir, &'static str)> = OnceLock::new();
    BUILT.get_or_init(|| {
        let dir = TempDir::new();
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
        let said =
            "Embargo: da non pubblicare prima del 2026-12-10 08:00 UTC (09:00 Roma, 10:00 Atene)";
        (dir, said)
    })
}

#[test]
fn an_embargo_is_printed_on_the_page() {
    let (dir, said) = embargoed();
    let html = std::fs::read_to_string(dir.path().join("out/kit/it/index.html")).expect("page");
    assert!(html.contains(said), "{html}");
}

#[test]
#[ignore = "needs pdftotext: apt-get install poppler-utils"]
fn an_embargo_is_printed_on_the_factsheet() {
    let (dir, said) = embargoed();
    let pdf = std::fs::read(
        dir.path()
            .join("out/kit/it/free2link_factsheet_key-facts_it_a4.pdf"),
    )
    .expect("pdf");
    let text = pdftotext(&pdf);
    assert!(text.contains(said), "{text}");
}
