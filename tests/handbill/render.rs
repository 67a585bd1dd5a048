//! `handbill render` and the contact sheets, on the mini fixture: one card
//! drawn alone is the build's card byte for byte, to a file or to standard
//! output; a mistyped name is a located problem with what was meant;
//! `--debug` draws over the slot boxes; each language has a contact sheet
//! of the expected size, the same bytes build after build.

use std::path::Path;
use std::process::{Command, Output};

use crate::util::{build_in, fixture};

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

/// The mini fixture's Greek card.
const CARD: [&str; 7] = [
    "render",
    "--message",
    "hello",
    "--format",
    "instagram-square",
    "--language",
    "el",
];

/// A PNG's width, height and RGBA pixels.
fn pixels(png: &[u8]) -> (u32, u32, Vec<u8>) {
    let pixmap = resvg::tiny_skia::Pixmap::decode_png(png).expect("a PNG");
    (pixmap.width(), pixmap.height(), pixmap.data().to_vec())
}

#[test]
fn one_card_rendered_alone_is_the_built_card_byte_for_byte() {
    let dir = fixture("mini");
    let built = build_in(dir.path(), &["--no-kit"]);
    assert!(built.status.success(), "{}", stderr(&built));
    let card = std::fs::read(dir.path().join("out/cards/el/instagram-square/hello.png"))
        .expect("the built card");
    // To its default name in the current folder.
    let o = handbill(dir.path(), &CARD);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    let written = std::fs::read(dir.path().join("hello-instagram-square-el.png")).expect("written");
    assert!(written == card, "render's card differs from the build's");
    // Its caption and alt text are said, on standard error.
    assert!(err.contains("caption:\nΤο e-trafficking"), "{err}");
    assert!(err.contains("alt text:\n"), "{err}");
    // To standard output, when it is not a terminal: the bytes alone.
    let o = handbill(dir.path(), &[&CARD[..], &["-o", "-", "--quiet"]].concat());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(o.stdout == card, "standard output carries the card alone");
    assert_eq!(stderr(&o), "", "--quiet says nothing when all is well");
    // The composed SVG, to a file named.
    let o = handbill(
        dir.path(),
        &[&CARD[..], &["--svg", "-o", "card.svg"]].concat(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let svg = std::fs::read_to_string(dir.path().join("card.svg")).expect("svg");
    assert!(svg.contains(">ανθρώπων.</tspan>"), "{svg}");
}

#[test]
fn a_mistyped_message_is_a_problem_that_says_what_was_meant() {
    let dir = fixture("mini");
    let args = [
        "render",
        "--message",
        "helo",
        "--format",
        "insta",
        "--language",
        "el",
    ];
    let o = handbill(dir.path(), &args);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("campaign.yaml: error: --message helo: the campaign has no such message"),
        "{err}"
    );
    assert!(err.contains("did you mean `hello`?"), "{err}");
    // `insta` is the beginning of one format only: taken, not refused.
    assert!(!err.contains("--format"), "{err}");
    assert!(
        err.contains("no card was drawn; nothing was written"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).expect("dir").count(),
        3,
        "nothing written"
    );
}

#[test]
fn a_slide_on_a_card_that_is_not_a_carousel_is_refused_at_its_message() {
    let dir = fixture("mini");
    let o = handbill(dir.path(), &[&CARD[..], &["--slide", "2"]].concat());
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("public.yaml:3:9: error: hello is a statement card, not a carousel"),
        "{err}"
    );
}

#[test]
fn debug_draws_over_the_slot_boxes_and_leaves_the_rest_of_the_card() {
    let dir = fixture("mini");
    let plain = handbill(dir.path(), &[&CARD[..], &["-o", "-"]].concat());
    let debug = handbill(dir.path(), &[&CARD[..], &["-o", "-", "--debug"]].concat());
    assert!(debug.status.success(), "{}", stderr(&debug));
    assert!(stderr(&debug).contains("headline "), "{}", stderr(&debug));
    let (w, h, plain) = pixels(&plain.stdout);
    let (dw, dh, debug) = pixels(&debug.stdout);
    assert_eq!((w, h), (dw, dh));
    let differs = |x: u32, y: u32| {
        let i = ((y * w + x) * 4) as usize;
        plain[i..i + 4] != debug[i..i + 4]
    };
    // The headline's box is x 90 to 990, y 200 to 620: its left edge is
    // drawn down its whole height, inside the box's own pixels.
    let on_edge = (210..610).step_by(20).filter(|&y| differs(90, y)).count();
    assert!(
        on_edge >= 15,
        "the box's edge is drawn: {on_edge} of 20 rows"
    );
    // Far from every slot, the card is as it was.
    assert!(!differs(1040, 1040) && !differs(40, 40));
}

#[test]
fn every_language_has_a_contact_sheet_of_its_cards_the_same_each_build() {
    let dir = fixture("mini");
    let first = build_in(dir.path(), &["--no-kit", "-j", "1"]);
    assert!(first.status.success(), "{}", stderr(&first));
    let read = |lang: &str| {
        std::fs::read(dir.path().join(format!("out/contact-sheet-{lang}.png"))).expect("a sheet")
    };
    let sheets = (read("en"), read("el"));
    // One 1080-wide card, a quarter of its size, on a sheet of the least
    // width: 40 px margins, a 76 px title, a 56 px heading, 270 px of
    // thumbnail and a 78 px name under it.
    let (w, h, _) = pixels(&sheets.0);
    assert_eq!((w, h), (960, 40 + 76 + 56 + 270 + 78 + 40));
    assert_ne!(sheets.0, sheets.1, "each language shows its own card");
    let again = build_in(dir.path(), &["--no-kit", "-j", "2"]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(
        (read("en"), read("el")) == sheets,
        "the same cards, the same sheets"
    );
}

/// Every card PNG under `out/cards`, by path, with its bytes.
fn card_pngs(dir: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    crate::util::tree(&dir.join("out/cards"))
        .into_iter()
        .filter(|(name, _)| name.ends_with(".png"))
        .map(|(name, bytes)| (name.into(), bytes))
        .collect()
}

#[test]
fn optimize_makes_smaller_cards_of_the_same_pixels_the_same_every_time() {
    let dir = fixture("mini");
    let o = build_in(dir.path(), &["--no-kit"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let balanced = card_pngs(dir.path());
    // The cache holds balanced cards: --optimize renders every card again.
    let o = build_in(dir.path(), &["--no-kit", "--optimize"]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    let optimized = card_pngs(dir.path());
    assert!(!balanced.is_empty());
    assert_eq!(balanced.len(), optimized.len());
    let total =
        |cards: &[(std::path::PathBuf, Vec<u8>)]| cards.iter().map(|(_, b)| b.len()).sum::<usize>();
    assert!(
        total(&optimized) < total(&balanced),
        "{} against {}",
        total(&optimized),
        total(&balanced)
    );
    for ((name, a), (_, b)) in balanced.iter().zip(&optimized) {
        assert!(b.len() <= a.len(), "{} grew", name.display());
        assert_eq!(pixels(a), pixels(b), "{} lost pixels", name.display());
    }
    // The same bytes again, without the cache.
    let o = build_in(dir.path(), &["--no-kit", "--optimize", "--no-cache"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(card_pngs(dir.path()), optimized);
}
