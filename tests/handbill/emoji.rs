//! Emoji on cards: with a colour emoji font named in `fonts/fonts.yaml`,
//! every kind of emoji sequence is measured as wide as usvg draws it and the
//! next word starts after it; without one, an emoji is a located error that
//! says which font to add. The emoji font is Debian's
//! `fonts-noto-color-emoji` (installed by .ci/run): these tests fail, they do
//! not skip, when it is missing.

use std::path::Path;
use std::sync::OnceLock;

use handbill::fonts::Fonts;
use handbill::layout::{self, Anchor, Rect, Spacing, TextStyle, VAlign};
use resvg::usvg;

use crate::util::{TempDir, build_in, refused_in, root};

const EMOJI_FONT: &str = "/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf";

/// Noto Color Emoji's bytes, or a failure that says how to install it.
fn emoji_font() -> Vec<u8> {
    std::fs::read(EMOJI_FONT).unwrap_or_else(|e| {
        panic!(
            "{EMOJI_FONT}: {e}. The emoji tests need Noto Color Emoji: \
             apt-get install -y fonts-noto-color-emoji (.ci/run installs it)"
        )
    })
}

/// The shipped fonts.yaml with the emoji font added to its default chain,
/// as docs/fonts.md tells a campaign to do.
fn config_with_emoji() -> String {
    let shipped = std::fs::read_to_string(root().join("fonts/fonts.yaml")).expect("fonts.yaml");
    let with = shipped.replace(
        "default: [Noto Sans]",
        "default: [Noto Sans, Noto Color Emoji]",
    );
    assert_ne!(
        with, shipped,
        "fonts.yaml no longer reads `default: [Noto Sans]`"
    );
    with
}

/// The shipped fonts and Noto Color Emoji, loaded once.
fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        let mut files: Vec<_> = std::fs::read_dir(root().join("fonts"))
            .expect("fonts/")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "ttf"))
            .map(|p| (p.clone(), std::fs::read(&p).expect("font")))
            .collect();
        files.sort();
        files.push((EMOJI_FONT.into(), emoji_font()));
        let config = (root().join("fonts/fonts.yaml"), config_with_emoji());
        let (fonts, problems) = Fonts::from_files(files, Some(&config));
        assert!(problems.is_empty(), "{problems:?}");
        fonts
    })
}

fn style() -> TextStyle {
    TextStyle {
        face: fonts()
            .resolve(&["Noto Sans".to_owned()], 700, false)
            .expect("Noto Sans Bold"),
        max_size: 100.0,
        min_size: 100.0,
        line_height: 1.2,
        letter_spacing: Spacing::Px(0.0),
        anchor: Anchor::Start,
        valign: VAlign::Top,
        max_lines: None,
    }
}

/// What usvg draws of a line: the pictures of colour glyphs and the boxes
/// of outline text, left to right, on the canvas.
struct Drawn {
    pictures: Vec<usvg::Rect>,
    outlines: Vec<usvg::Rect>,
}

/// Walks usvg's tree with each group's transform: the glyphs inside a
/// flattened text carry their place only in their groups' transforms.
fn collect(group: &usvg::Group, ts: usvg::Transform, drawn: &mut Drawn) {
    for node in group.children() {
        match node {
            usvg::Node::Group(g) => collect(g, ts.pre_concat(g.transform()), drawn),
            usvg::Node::Image(i) => {
                let size = i.size();
                let local = usvg::Rect::from_xywh(0.0, 0.0, size.width(), size.height());
                drawn.pictures.extend(local.and_then(|r| r.transform(ts)));
            }
            usvg::Node::Path(p) => drawn.outlines.extend(p.data().bounds().transform(ts)),
            usvg::Node::Text(t) => collect(t.flattened(), ts, drawn),
        }
    }
}

/// Sets `text` on one line as a card sets it (handbill's own `<text>`
/// element, one `<tspan>` per font) and parses it with usvg.
fn set_and_draw(text: &str) -> (layout::Block, Drawn) {
    let st = style();
    let bx = Rect {
        x: 100.0,
        y: 0.0,
        w: 4000.0,
        h: 400.0,
    };
    let block = layout::fit(fonts(), text, &st, bx, layout::Breaking::default())
        .unwrap_or_else(|o| panic!("{text:?}: {o:?}"));
    assert_eq!(block.lines.len(), 1, "{text:?}");
    let css = vec![
        ("font-family".to_owned(), "'Noto Sans'".to_owned()),
        ("font-weight".to_owned(), "700".to_owned()),
    ];
    let slot = handbill::template::TextSlot::plain(st, css);
    let element = handbill::compose::text_element(&slot, &block, Anchor::Start, fonts(), false);
    let svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="5000" height="400">{element}</svg>"#
    );
    let tree = usvg::Tree::from_str(&svg, &handbill::render::options(fonts().db()))
        .unwrap_or_else(|e| panic!("{svg}: {e}"));
    let mut drawn = Drawn {
        pictures: Vec::new(),
        outlines: Vec::new(),
    };
    collect(tree.root(), tree.root().transform(), &mut drawn);
    (block, drawn)
}

/// Every kind of emoji sequence: a ZWJ family, a flag, a skin tone, a
/// keycap, an emoji asked for by U+FE0F, one drawn as emoji by default, a
/// subdivision flag (tags), and one asked as text by U+FE0E, which Noto
/// Sans lacks, so the emoji font draws it all the same.
const SEQUENCES: &[(&str, &str)] = &[
    ("family", "👩\u{200D}👩\u{200D}👧"),
    ("flag", "🇬🇷"),
    ("skin tone", "👋🏽"),
    ("keycap", "1\u{FE0F}\u{20E3}"),
    ("emoji presentation", "❤\u{FE0F}"),
    ("default emoji", "👍"),
    (
        "tag flag",
        "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}",
    ),
    ("text presentation", "☺\u{FE0E}"),
];

/// Each sequence alone is one picture, as wide as handbill measures it
/// (within 1 px), and the word after it starts after it, one space on.
#[test]
fn emoji_sequences_are_measured_as_wide_as_they_are_drawn() {
    let space = layout::measure(fonts(), style().face, " ", 100.0, 0.0);
    for (name, seq) in SEQUENCES {
        let (block, drawn) = set_and_draw(&format!("Hi {seq} there"));
        let line = &block.lines[0];
        let [picture] = drawn.pictures[..] else {
            panic!(
                "{name} {seq:?} is drawn as {} pictures",
                drawn.pictures.len()
            );
        };
        let run = line
            .runs
            .iter()
            .find(|r| &line.text[r.start..r.end] == *seq)
            .unwrap_or_else(|| panic!("{name} {seq:?} is not one run: {:?}", line.runs));
        assert!(
            fonts().is_colour(run.face),
            "{name}: set in {}",
            fonts().face_name(run.face)
        );
        let measured = layout::measure(fonts(), run.face, seq, 100.0, 0.0);
        assert!(
            (measured - picture.width()).abs() <= 1.0,
            "{name} {seq:?}: measured {measured} px, drawn {} px",
            picture.width()
        );
        // The line's ink reaches as high and as low as the picture: a
        // block fitted by its ink keeps the emoji inside its box.
        let (up, down) = line.ink;
        assert!(
            picture.top() >= line.baseline - up - 1.0,
            "{name}: drawn from {} px, its line's ink from {} px",
            picture.top(),
            line.baseline - up
        );
        assert!(
            picture.bottom() <= line.baseline + down + 1.0,
            "{name}: drawn to {} px, its line's ink to {} px",
            picture.bottom(),
            line.baseline + down
        );
        let [hi, there] = drawn.outlines[..] else {
            panic!("{name}: {} outlines, not 2", drawn.outlines.len());
        };
        assert!(
            hi.right() <= picture.left(),
            "{name}: Hi overlaps the emoji"
        );
        // The word starts one space of the text's font after the emoji
        // (plus its side bearing), not an emoji font's space of 1.2 em.
        let gap = there.left() - picture.right();
        assert!(
            gap >= space - 1.0 && gap <= space + 10.0,
            "{name} {seq:?}: the next word starts {gap} px after it; a space is {space} px"
        );
        let end = line.x + line.width;
        assert!(
            there.right() <= end + 1.0 && there.right() >= end - 10.0,
            "{name}: the line is measured to {end}, drawn to {}",
            there.right()
        );
    }
}

/// Emoji in a row, and an emoji ending a line: still one picture each,
/// side by side, the line as wide as drawn.
#[test]
fn emoji_in_a_row_are_drawn_side_by_side_as_measured() {
    let (block, drawn) = set_and_draw("Go 🇺🇦🇬🇷👩\u{200D}👩\u{200D}👧👋🏽");
    let line = &block.lines[0];
    assert_eq!(drawn.pictures.len(), 4, "{:?}", drawn.pictures);
    for pair in drawn.pictures.windows(2) {
        assert!(pair[0].right() <= pair[1].left() + 1.0, "{pair:?} overlap");
    }
    let right = drawn.pictures.last().map(|p| p.right()).unwrap_or_default();
    assert!(
        (right - (line.x + line.width)).abs() <= 1.0,
        "measured to {}, drawn to {right}",
        line.x + line.width
    );
}

/// A fresh `handbill init` campaign whose first headline is `headline`.
fn campaign_with_headline(base: &TempDir, headline: &str) -> std::path::PathBuf {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_handbill"))
        .current_dir(base.path())
        .args(["init", "-q", "campaign"])
        .output()
        .expect("handbill runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let dir = base.path().join("campaign");
    let file = dir.join("messages/public.yaml");
    let text = std::fs::read_to_string(&file).expect("public.yaml");
    let placeholder = "\"Your main message goes here, in one short line\"";
    assert!(text.contains(placeholder), "the starter's headline changed");
    let text = text.replacen(placeholder, &format!("\"{headline}\""), 1);
    std::fs::write(&file, text).expect("write");
    dir
}

/// Adds Noto Color Emoji to a campaign's fonts/, named in its fonts.yaml.
fn add_emoji_font(dir: &Path) {
    std::fs::write(dir.join("fonts/NotoColorEmoji.ttf"), emoji_font()).expect("copy");
    std::fs::write(dir.join("fonts/fonts.yaml"), config_with_emoji()).expect("fonts.yaml");
}

const HEADLINE: &str = "Families 👩\u{200D}👩\u{200D}👧 welcome 🇬🇷 👋🏽 1\u{FE0F}\u{20E3}";

#[test]
fn without_an_emoji_font_an_emoji_is_a_located_error_naming_the_font() {
    let base = TempDir::new();
    let dir = campaign_with_headline(&base, HEADLINE);
    let err = refused_in(&dir, &[]);
    assert!(
        err.contains("messages/public.yaml:17:"),
        "located at the headline: {err}"
    );
    assert!(err.contains("U+1F469"), "{err}");
    assert!(
        !err.contains("U+FE0F"),
        "a variation selector needs no glyph: {err}"
    );
    assert!(
        err.contains("Noto Color Emoji") && err.contains("fonts/fonts.yaml"),
        "says which font to add and where: {err}"
    );
}

#[test]
fn with_the_emoji_font_named_in_fonts_yaml_the_campaign_builds() {
    let base = TempDir::new();
    let dir = campaign_with_headline(&base, HEADLINE);
    add_emoji_font(&dir);
    let o = build_in(&dir, &["-q"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    let manifest = std::fs::read_to_string(dir.join("out/manifest.json")).expect("manifest");
    assert!(manifest.contains("main-message"), "{manifest}");
}

#[test]
fn an_emoji_font_file_that_holds_no_font_is_named() {
    let base = TempDir::new();
    let dir = campaign_with_headline(&base, HEADLINE);
    add_emoji_font(&dir);
    std::fs::write(dir.join("fonts/NotoColorEmoji.ttf"), "not a font").expect("write");
    let err = refused_in(&dir, &[]);
    assert!(err.contains("NotoColorEmoji.ttf"), "{err}");
    assert!(err.contains("holds no font"), "{err}");
    // fonts.yaml names a family no file gives: located in fonts.yaml.
    assert!(err.contains("fonts/fonts.yaml:"), "{err}");
    assert!(err.contains("\"Noto Color Emoji\""), "{err}");
}
