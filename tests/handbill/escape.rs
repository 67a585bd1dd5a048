//! Hostile kit data, fed into a copy of the shipped project and built as a
//! user would: every output file is read back and must show the data as
//! text, never as a link, formula, HTML element, Markdown construct or
//! vCard property. Each file is read back by a parser of its format: HTML
//! by html5gum (a WHATWG tokenizer), Markdown by pulldown-cmark (CommonMark),
//! CSV by the `csv` crate, and the vCard by unfolding its content lines per
//! RFC 6350. A link that is not a web address is refused, located, before
//! anything is built.
//!
//! Must not touch the repository's own files: each build is in a TempDir.

use std::path::Path;
use std::process::{Command, Output};

use crate::util::{TempDir, copy_dir, root};

const FORMULA: &str = "=HYPERLINK(\"https://evil.example/\")";

/// A copy of the shipped project with `kit.yaml` edited by `edits`.
fn project(edits: &[(&str, &str)]) -> TempDir {
    let dir = TempDir::new();
    for sub in ["messages", "templates", "fonts"] {
        copy_dir(&root().join(sub), &dir.path().join(sub));
    }
    let file = dir.path().join("messages/kit.yaml");
    let mut text = std::fs::read_to_string(&file).expect("kit.yaml");
    for (from, to) in edits {
        assert_eq!(text.matches(from).count(), 1, "{from}");
        text = text.replacen(from, to, 1);
    }
    std::fs::write(&file, text).expect("writes kit.yaml");
    dir
}

fn build(dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_handbill"))
        .current_dir(dir)
        .args(["build", "--format", "link-preview", "--quiet"])
        .output()
        .expect("runs")
}

/// Hostile text where kit.yaml accepts text: the first fact's caveat, the
/// first question, a milestone's title, the contact's name and organisation.
const HOSTILE: &[(&str, &str)] = &[
    (
        "        The figure comes from the latest OSCE study and concerns victims of\n",
        "        =HYPERLINK(\"https://evil.example/\") <script>alert(1)</script> [x](javascript:y) *em* of\n",
    ),
    (
        "en: What is e-trafficking?",
        "en: \"<img src=x onerror=alert(1)> [x](javascript:y) # What?\"",
    ),
    (
        "en: EU Anti-Trafficking Directive",
        "en: \"<b>EU</b> [Directive](javascript:y)\"",
    ),
    (
        "en: Free2Link press office",
        "en: \"Press, Office; \\\\ TEL:123\"",
    ),
    (
        "organisation: Free2Link\n",
        "organisation: \"Free2Link;TEL:1\"\n",
    ),
];

/// A caption that begins with a formula, in the first message of
/// everyone.yaml (its cards are in the kit).
const HOSTILE_CAPTION: (&str, &str) = (
    "      en: >-\n        E-trafficking is trafficking. Traffickers use digital technology to\n",
    "      en: >-\n        =HYPERLINK(\"https://evil.example/\") Traffickers use digital technology to\n",
);

fn hostile_kit() -> (TempDir, impl Fn(&str) -> String) {
    let dir = project(HOSTILE);
    let file = dir.path().join("messages/everyone.yaml");
    let text = std::fs::read_to_string(&file).expect("everyone.yaml");
    let (from, to) = HOSTILE_CAPTION;
    assert_eq!(text.matches(from).count(), 1);
    std::fs::write(&file, text.replacen(from, to, 1)).expect("writes");
    let o = build(dir.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let kit = dir.path().join("out/kit/en");
    let read = move |name: &str| std::fs::read_to_string(kit.join(name)).expect(name);
    (dir, read)
}

#[test]
fn hostile_kit_text_is_only_text_in_every_file() {
    let (_dir, read) = hostile_kit();
    html_has_no_element_or_link_from_the_data(&read("index.html"), ALL_HTML);
    html_has_no_element_or_link_from_the_data(
        &read("free2link_faq_questions_en.html"),
        &["<img src=x onerror=alert(1)>"],
    );
    markdown_has_no_construct_from_the_data(
        &read("key-facts.md"),
        &["<script>alert(1)</script>", "[x](javascript:y)", "*em*"],
    );
    markdown_has_no_construct_from_the_data(
        &read("free2link_faq_questions_en.md"),
        &["<img src=x onerror=alert(1)>", "[x](javascript:y) # What?"],
    );
    csv_formula_is_neutralised(&read("key-facts.csv"), "caveat");
    csv_formula_is_neutralised(&read("captions.csv"), "caption");
    vcard_has_only_its_own_properties(&read("contacts.vcf"));
}

/// Reads index.html with html5gum, a WHATWG tokenizer: the data's tags must
/// arrive as text, no element may be a `script`, `b` or an `img` other than
/// the kit's own, no attribute may be an event handler, and every link or
/// image goes to a web address or a file of the kit.
/// What the hostile data shows as text on the kit's index page.
const ALL_HTML: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<b>EU</b>",
];

fn html_has_no_element_or_link_from_the_data(html: &str, data: &[&str]) {
    let mut text = String::new();
    for token in html5gum::Tokenizer::new(html).flatten() {
        match token {
            html5gum::Token::StartTag(tag) => html_tag_is_the_kits_own(&tag),
            html5gum::Token::String(s) => text.push_str(&String::from_utf8_lossy(&s)),
            _ => {}
        }
    }
    for data in data {
        assert!(text.contains(data), "{data} is not shown as text");
    }
}

fn html_tag_is_the_kits_own(tag: &html5gum::StartTag<()>) {
    let name = String::from_utf8_lossy(&tag.name).into_owned();
    assert!(
        !["script", "b", "iframe", "object"].contains(&name.as_str()),
        "a <{name}> element"
    );
    for (key, value) in &tag.attributes {
        let key = String::from_utf8_lossy(key);
        let value = String::from_utf8_lossy(value);
        assert!(
            !key.starts_with("on"),
            "an event handler {key}={value:?} on <{name}>"
        );
        if key == "src" {
            assert!(
                name == "img" && !value.contains(':') && value != "x",
                "an image from {value:?}"
            );
        }
        if key == "href" {
            let web = ["https://", "http://", "mailto:"]
                .iter()
                .any(|s| value.starts_with(s));
            assert!(web || !value.contains(':'), "a link to {value:?}");
        }
    }
}

/// Reads a Markdown file with pulldown-cmark, a CommonMark parser: the data
/// must arrive as text, with no HTML, emphasis or link made of it, and every
/// link goes to a web address.
fn markdown_has_no_construct_from_the_data(md: &str, data: &[&str]) {
    use pulldown_cmark::{Event, Parser, Tag};
    let mut text = String::new();
    for event in Parser::new(md) {
        match event {
            Event::Html(h) | Event::InlineHtml(h) => panic!("HTML in Markdown: {h}"),
            Event::Start(Tag::Emphasis) => panic!("emphasis made of the data in {md}"),
            Event::Start(Tag::Link { dest_url, .. }) => {
                assert!(dest_url.starts_with("https://"), "a link to {dest_url:?}")
            }
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            _ => {}
        }
    }
    for data in data {
        assert!(text.contains(data), "{data} is not shown as text in {md}");
    }
}

/// Reads a CSV file with the `csv` crate: the hostile formula in `column`
/// starts with a quote, and no cell anywhere starts a formula.
fn csv_formula_is_neutralised(text: &str, column: &str) {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let at = reader
        .headers()
        .expect("a header")
        .iter()
        .position(|h| h == column)
        .expect("the column");
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a record")).collect();
    let hostile = records
        .iter()
        .filter(|r| r[at].contains("evil.example"))
        .collect::<Vec<_>>();
    assert!(!hostile.is_empty(), "the hostile {column} is in the file");
    for r in hostile {
        assert!(r[at].starts_with(&format!("'{FORMULA}")), "{:?}", &r[at]);
    }
    for r in &records {
        let live = r
            .iter()
            .find(|c| c.starts_with(['=', '+', '-', '@', '\t', '\r']));
        assert!(live.is_none(), "{live:?}");
    }
}

fn vcard_has_only_its_own_properties(vcf: &str) {
    let unfolded = vcf.replace("\r\n ", "");
    let names: Vec<&str> = unfolded
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .map(|l| l.split([':', ';']).next().expect("a name"))
        .collect();
    let own = [
        "BEGIN", "VERSION", "KIND", "FN", "ORG", "EMAIL", "URL", "LANG", "TZ", "NOTE", "END",
    ];
    assert!(names.iter().all(|n| own.contains(n)), "{names:?}");
    assert!(
        unfolded.contains("\r\nFN:Press\\, Office\\; \\\\ TEL:123\r\n"),
        "{unfolded}"
    );
    assert!(
        unfolded.contains("\r\nORG:Free2Link\\;TEL:1\r\n"),
        "{unfolded}"
    );
}

#[test]
fn a_link_that_is_not_a_web_address_stops_the_build_at_its_line() {
    let dir = project(&[(
        "url: https://rm.coe.int/168008371d",
        "url: javascript:alert(document.cookie)",
    )]);
    let o = build(dir.path());
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("messages/kit.yaml:917:10: error: \"javascript:alert(document.cookie)\" is not a web address"),
        "{stderr}"
    );
    assert!(stderr.contains("starting with https://"), "{stderr}");
    assert!(!dir.path().join("out").exists());
}

#[test]
fn a_line_break_in_a_contact_name_stops_the_build() {
    let dir = project(&[("en: Free2Link press office", "en: \"Name\\r\\nTEL:123\"")]);
    let o = build(dir.path());
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("this field is one line"), "{stderr}");
    assert!(stderr.contains("messages/kit.yaml:"), "{stderr}");
}

#[test]
fn a_message_source_follows_the_same_rule_for_links() {
    let dir = project(&[]);
    let file = dir.path().join("messages/everyone.yaml");
    let text = std::fs::read_to_string(&file).expect("everyone.yaml");
    let from = "url: https://www.osce.org/files/f/documents/8/5/512170.pdf";
    assert!(text.contains(from));
    let text = text.replacen(from, "url: \"https:///etc/passwd\"", 1);
    std::fs::write(&file, text).expect("writes");
    let o = build(dir.path());
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("messages/everyone.yaml:")
            && stderr.contains("\"https:///etc/passwd\" has no host after its scheme"),
        "{stderr}"
    );
}
