//! The command line on a fixture project: what a communications officer or
//! a CI pipeline sees.

use std::path::Path;
use std::process::{Command, Output};

use sha2::{Digest, Sha256};

use crate::util::{fixture, tree};

fn handbill(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_handbill"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("handbill runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn build_writes_cards_captions_alt_text_and_manifest() {
    let dir = fixture("mini");
    let o = handbill(dir.path(), &["build", "--svg"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = dir.path().join("out");
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).expect("manifest"))
            .expect("json");
    let cards = manifest["cards"].as_array().expect("cards");
    assert_eq!(cards.len(), 2, "one message × two languages × one format");
    for c in cards {
        let png = std::fs::read(out.join(c["png"].as_str().expect("png"))).expect("png file");
        assert_eq!(
            c["sha256"].as_str().expect("hash"),
            format!("{:x}", Sha256::digest(&png))
        );
        assert_eq!(c["bytes"].as_u64(), Some(png.len() as u64));
        let decoded = image_size(&png);
        assert_eq!(decoded, (1080, 1080));
        let alt =
            std::fs::read_to_string(out.join(c["alt"].as_str().expect("alt"))).expect("alt file");
        let caption = std::fs::read_to_string(out.join(c["caption"].as_str().expect("caption")))
            .expect("caption file");
        assert!(!alt.trim().is_empty() && alt != caption);
        assert!(!alt.contains('#'), "alt text carries no hashtags: {alt}");
        assert!(caption.trim_end().ends_with("#Mini"), "{caption}");
        assert!(out.join(c["svg"].as_str().expect("svg")).is_file());
    }
    let el = cards
        .iter()
        .find(|c| c["language"] == "el")
        .expect("el card");
    assert_eq!(el["direction"], "ltr");
    assert_eq!(el["status"], "draft");
    assert_eq!(el["fallback"], false);
    assert_eq!(el["text_language"], "el");
    assert!(
        stderr(&o).contains("note: the el texts are drafts"),
        "{}",
        stderr(&o)
    );
    let alt = std::fs::read_to_string(out.join(el["alt"].as_str().expect("alt"))).expect("alt");
    assert!(
        alt.contains("Το e-trafficking είναι εμπορία ανθρώπων."),
        "{alt}"
    );
}

fn image_size(png: &[u8]) -> (u32, u32) {
    let decoder = png::Decoder::new(std::io::Cursor::new(png));
    let reader = decoder.read_info().expect("png header");
    let info = reader.info();
    (info.width, info.height)
}

#[test]
fn two_builds_are_byte_identical() {
    let dir = fixture("mini");
    let a = handbill(dir.path(), &["build", "--out", "a", "--svg"]);
    let b = handbill(dir.path(), &["build", "--out", "b", "--svg", "--jobs", "1"]);
    assert!(a.status.success() && b.status.success());
    let (ta, tb) = (tree(&dir.path().join("a")), tree(&dir.path().join("b")));
    assert!(!ta.is_empty());
    assert_eq!(ta.len(), tb.len());
    for ((na, ba), (nb, bb)) in ta.iter().zip(&tb) {
        assert_eq!(na, nb);
        assert!(ba == bb, "{na} differs between builds");
    }
}

#[test]
fn a_broken_file_is_located_and_out_is_kept() {
    let dir = fixture("mini");
    assert!(handbill(dir.path(), &["build"]).status.success());
    let before = tree(&dir.path().join("out"));
    assert!(!before.is_empty(), "the first build wrote out/");
    let path = dir.path().join("messages/public.yaml");
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(
        &path,
        text.replace(
            "      el: Το e-trafficking είναι εμπορία ανθρώπων.\n    body",
            "    body",
        ),
    )
    .expect("write");
    let o = handbill(dir.path(), &["build"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("messages/public.yaml:6:7: error: headline has no el text"),
        "{err}"
    );
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(
        tree(&dir.path().join("out")),
        before,
        "out/ must be unchanged"
    );
}

#[test]
fn text_that_cannot_fit_names_the_card_and_the_overflow() {
    let dir = fixture("mini");
    let path = dir.path().join("messages/public.yaml");
    let text = std::fs::read_to_string(&path).expect("read");
    let long =
        "Traffickers use digital technology to profile, recruit, control, and exploit victims. "
            .repeat(4);
    std::fs::write(&path, text.replace("      en: Traffickers use digital technology to profile, recruit, control, and exploit victims.", &format!("      en: {long}"))).expect("write");
    let o = handbill(dir.path(), &["build"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    for needle in [
        "the body does not fit",
        "overflows by",
        "message hello",
        "language en",
        "format instagram-square",
        "statement.svg",
        "slot body",
    ] {
        assert!(err.contains(needle), "missing {needle:?} in {err}");
    }
    assert!(!dir.path().join("out").exists());
}

#[test]
fn filters_select_cards() {
    let dir = fixture("mini");
    let o = handbill(dir.path(), &["build", "--language", "el"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let files = tree(&dir.path().join("out"));
    assert!(files.iter().any(|(n, _)| n.starts_with("cards/el/")));
    assert!(!files.iter().any(|(n, _)| n.starts_with("cards/en/")));
    let o = handbill(dir.path(), &["build", "--language", "fr"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("--language fr: the campaign has no such language"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_folder_handbill_did_not_write_is_never_replaced() {
    let dir = fixture("mini");
    let precious = dir.path().join("precious");
    std::fs::create_dir(&precious).expect("mkdir");
    std::fs::write(precious.join("thesis.txt"), "years of work").expect("write");
    let o = handbill(dir.path(), &["build", "--out", "precious"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("refusing to replace"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(precious.join("thesis.txt")).expect("kept"),
        "years of work"
    );
}

#[test]
fn a_template_mistake_is_located() {
    let dir = fixture("mini");
    let path = dir.path().join("templates/instagram-square/statement.svg");
    let svg = std::fs::read_to_string(&path).expect("read");
    std::fs::write(
        &path,
        svg.replace("<rect id=\"body-box\"", "<rect id=\"body-frame\"")
            .replace("font-size=\"33\"", "font-size=\"33\" data-min-size=\"20\""),
    )
    .expect("write");
    let o = handbill(dir.path(), &["build"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains(
            "templates/instagram-square/statement.svg:13:3: error: the `body` slot has no box"
        ),
        "{err}"
    );
    assert!(
        err.contains("data-min-size is 20 px, under the legibility floor of 33 px"),
        "{err}"
    );
}
