//! Text fitted by the ink of the glyphs set: a number fills its box, read
//! back from the card's pixels, and `build --verbose` says when a slot is
//! set below its template's size.

use std::path::Path;

use crate::util::{TempDir, build_in, fixture};

const TEMPLATE: &str = "templates/instagram-square/statement.svg";

/// The headline box of the edited template: 900 × `h` at (90, 200).
const TOP: u32 = 200;

/// The mini fixture with a headline of digits set at 300 px, bottom-aligned
/// in red in a box `h` px high.
fn digits_in_a_box(h: u32) -> TempDir {
    let dir = fixture("mini");
    let path = dir.path().join(TEMPLATE);
    let text = std::fs::read_to_string(&path).expect("template");
    let text = text
        .replace(
            r#"<rect id="headline-box" x="90" y="200" width="900" height="420""#,
            &format!(r#"<rect id="headline-box" x="90" y="{TOP}" width="900" height="{h}""#),
        )
        .replace(
            r#"font-size="96" fill="url(#colour-ink)" data-line-height="1.1""#,
            r##"font-size="300" fill="#ff0000" data-line-height="1" data-valign="bottom" data-max-lines="1""##,
        );
    std::fs::write(&path, text).expect("template");
    let messages = dir.path().join("messages/public.yaml");
    let yaml = std::fs::read_to_string(&messages).expect("messages");
    let yaml = yaml
        .replace("en: E-trafficking is trafficking.\n      el: Το e-trafficking είναι εμπορία ανθρώπων.\n    body", "en: \"2024\"\n      el: \"2024\"\n    body");
    assert!(yaml.contains("en: \"2024\""), "{yaml}");
    std::fs::write(&messages, yaml).expect("messages");
    dir
}

/// The first and last rows of the card's upper two thirds (above the
/// body and the logo) with red ink in them.
fn red_rows(card: &Path) -> (u32, u32) {
    let file = std::fs::File::open(card).expect("card");
    // Cards may be written with a palette: read them as 8-bit colour.
    let mut decoder = png::Decoder::new(std::io::BufReader::new(file));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().expect("png");
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut buf).expect("pixels");
    let channels = info.color_type.samples();
    let row = info.line_size;
    let red = |y: usize| {
        buf[y * row..(y + 1) * row]
            .chunks(channels)
            .any(|p| p[0] > 200 && p[1] < 90 && p[2] < 90)
    };
    let rows: Vec<u32> = (0..info.height as usize * 2 / 3)
        .filter(|&y| red(y))
        .map(|y| y as u32)
        .collect();
    (rows[0], rows[rows.len() - 1])
}

#[test]
fn a_number_fills_its_box() {
    // Digits at 300 px, bold, are 220 px of ink; the box is 230 px high.
    let dir = digits_in_a_box(230);
    let o = build_in(dir.path(), &["--language", "en", "--verbose"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(!err.contains("set at"), "set at the template's size: {err}");
    let (top, bottom) = red_rows(&dir.path().join("out/cards/en/instagram-square/hello.png"));
    // The digits stand on the box's bottom and reach near its top.
    let foot = TOP + 230;
    assert!(bottom <= foot && bottom + 3 >= foot, "ink ends at {bottom}");
    assert!((TOP + 8..=TOP + 12).contains(&top), "ink starts at {top}");
}

#[test]
fn verbose_says_which_slot_is_set_smaller_and_why() {
    let dir = digits_in_a_box(150);
    let o = build_in(dir.path(), &["--language", "en", "--verbose"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    let line = err
        .lines()
        .find(|l| l.contains("slot headline"))
        .unwrap_or_else(|| panic!("no line for the headline: {err}"));
    assert!(
        line.starts_with(&format!("{TEMPLATE}: slot headline set at ")),
        "{line}"
    );
    assert!(
        line.contains(" px, not 300 px (at 300 px its lines are 220 px high and the box 150 px)"),
        "{line}"
    );
    assert!(line.ends_with(" — en/instagram-square/hello"), "{line}");
    // The number still fills the smaller box.
    let (top, bottom) = red_rows(&dir.path().join("out/cards/en/instagram-square/hello.png"));
    assert!(bottom - top + 8 >= 150, "{top}–{bottom}");
    // Without --verbose, nothing is said.
    let o = build_in(dir.path(), &["--language", "en"]);
    assert!(!String::from_utf8_lossy(&o.stderr).contains("set at"));
}
