//! Legibility measured on the rendered card: a line's contrast against the
//! pixels behind it (a photo, a gradient), its ink out of the safe margins,
//! and the shipped campaign's least legible lines.
//!
//! Each case is the `mini` fixture with one message (a headline) and a
//! template written here, built by the binary as a user would.

use std::fs;
use std::path::Path;

use crate::util::{TempDir, build_in, fixture, refused_in, root};

/// The one message: a short headline, and a photo entry if given.
fn messages(photo: &str) -> String {
    format!(
        "audience: public
messages:
  - id: hello
    kind: statement
    headline:
      en: Safe online.
      el: Ασφαλείς.
{photo}    caption:
      en: Safe online.
      el: Ασφαλείς.
"
    )
}

const PHOTO: &str = "    photo:
      file: scene.png
      focus: [0.5, 0.5]
      alt:
        en: A pale wall.
        el: Ένας χλωμός τοίχος.
      credit: Test / handbill
      licence: CC BY 4.0
      consent: not-needed
";

/// A template of `format` (`width`×`height`) with `art` behind a headline
/// in the box `x, y, w` (120 px high) set in `fill`, with `extra` CSS.
struct Card<'a> {
    format: &'a str,
    size: (u32, u32),
    art: &'a str,
    bx: (u32, u32, u32),
    fill: &'a str,
    extra: &'a str,
}

impl Card<'_> {
    fn svg(&self) -> String {
        let (w, h) = self.size;
        let (x, y, bw) = self.bx;
        format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}">
  {art}
  <rect id="headline-box" x="{x}" y="{y}" width="{bw}" height="120" fill="none"/>
  <text id="headline" x="{x}" y="{y}" font-family="Noto Sans" font-weight="700" font-size="80" fill="{fill}" style="{extra}" data-max-lines="1">Headline</text>
</svg>
"#,
            art = self.art,
            fill = self.fill,
            extra = self.extra,
        )
    }

    /// The mini fixture with this card as its only template and `messages`.
    fn project(&self, messages: &str) -> TempDir {
        let dir = fixture("mini");
        let campaign = dir.path().join("messages/campaign.yaml");
        let text = fs::read_to_string(&campaign).expect("read");
        let text = text.replace(
            "formats: [instagram-square]",
            &format!("formats: [{}]", self.format),
        );
        fs::write(&campaign, text).expect("write");
        fs::write(dir.path().join("messages/public.yaml"), messages).expect("write");
        fs::remove_dir_all(dir.path().join("templates")).expect("rm");
        let folder = dir.path().join("templates").join(self.format);
        fs::create_dir_all(&folder).expect("mkdir");
        fs::write(folder.join("statement.svg"), self.svg()).expect("write");
        dir
    }
}

/// A square card with `art` behind a headline in `fill` in the box `bx`.
fn square<'a>(art: &'a str, bx: (u32, u32, u32), fill: &'a str) -> Card<'a> {
    Card {
        format: "instagram-square",
        size: (1080, 1080),
        art,
        bx,
        fill,
        extra: "",
    }
}

/// A photo, pale all over with a little grain, written as a PNG.
fn pale_photo(path: &Path) {
    let (w, h) = (800u32, 800u32);
    let mut data = Vec::with_capacity((w * h * 3) as usize);
    for y in 0..h {
        for x in 0..w {
            let grain = ((x * 7 + y * 13) % 9) as u8;
            data.extend_from_slice(&[236 + grain, 232 + grain, 222 + grain]);
        }
    }
    let file = fs::File::create(path).expect("create");
    let mut enc = png::Encoder::new(file, w, h);
    enc.set_color(png::ColorType::Rgb);
    let mut writer = enc.write_header().expect("header");
    writer.write_image_data(&data).expect("data");
    writer.finish().expect("finish");
}

/// The number before `:1` after `has contrast ` in a message's note.
fn ratio_in(err: &str) -> f32 {
    let at = err.find("has contrast ").expect("a contrast") + "has contrast ".len();
    let end = at + err[at..].find(":1").expect("a ratio");
    err[at..end].parse().expect("a number")
}

const PHOTO_SLOT: &str = r##"<rect width="1080" height="1080" fill="#333333"/><image id="photo" x="0" y="0" width="1080" height="1080"/>"##;

#[test]
fn light_text_on_a_light_area_of_a_photo_is_reported_with_its_ratio() {
    let card = square(PHOTO_SLOT, (90, 200, 900), "#ffffff");
    let dir = card.project(&messages(PHOTO));
    pale_photo(&dir.path().join("messages/scene.png"));
    let err = refused_in(dir.path(), &[]);
    assert!(
        err.contains("templates/instagram-square/statement.svg:4:3"),
        "at the headline's element: {err}"
    );
    assert!(
        err.contains("the headline's text has too little contrast"),
        "{err}"
    );
    assert!(err.contains("line 1 (\"Safe online.\")"), "{err}");
    let ratio = ratio_in(&err);
    assert!(
        (1.0..1.3).contains(&ratio),
        "white on a pale photo: {ratio} in {err}"
    );
    // An 80 px bold line is large on a 1080 card: it needs 3:1.
    assert!(err.contains("needs 3:1"), "{err}");
    assert!(err.contains("scrim"), "says what to do: {err}");

    // The same card with dark text passes.
    let card = square(PHOTO_SLOT, (90, 200, 900), "#14213d");
    let dir = card.project(&messages(PHOTO));
    pale_photo(&dir.path().join("messages/scene.png"));
    let o = build_in(dir.path(), &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// White at the left, black at the right.
const GRADIENT: &str = r##"<defs><linearGradient id="g" x1="0" x2="1"><stop offset="0" stop-color="#ffffff"/><stop offset="1" stop-color="#000000"/></linearGradient></defs><rect width="1080" height="1080" fill="url(#g)"/>"##;

#[test]
fn text_on_a_gradient_is_measured_where_it_sits() {
    // Dark text at the white end passes.
    let dir = square(GRADIENT, (30, 200, 420), "#14213d").project(&messages(""));
    let o = build_in(dir.path(), &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // The same text at the dark end does not.
    let dir = square(GRADIENT, (630, 200, 420), "#14213d").project(&messages(""));
    let err = refused_in(dir.path(), &[]);
    let ratio = ratio_in(&err);
    assert!(ratio < 3.0, "{ratio} in {err}");
    assert!(
        err.contains("the headline's text has too little contrast"),
        "{err}"
    );
}

#[test]
fn text_whose_ink_reaches_into_a_safe_margin_is_reported() {
    // The box stays out of the portrait format's 34 px side margins, but a
    // wide outline carries the ink into the left one.
    let card = Card {
        format: "instagram-portrait",
        size: (1080, 1350),
        art: r##"<rect width="1080" height="1350" fill="#ffffff"/>"##,
        bx: (34, 300, 900),
        fill: "#14213d",
        extra: "stroke:#14213d;stroke-width:40",
    };
    let err = refused_in(card.project(&messages("")).path(), &[]);
    assert!(err.contains("into the left safe margin"), "{err}");
    // The note, after the message, says how far.
    let at = err.rfind("reaches ").expect("a depth") + "reaches ".len();
    let px: u32 = err[at..at + err[at..].find(' ').expect("px")]
        .parse()
        .expect("a number");
    assert!((5..=34).contains(&px), "{px} in {err}");
    // Without the outline, it builds.
    let card = Card { extra: "", ..card };
    let o = build_in(card.project(&messages("")).path(), &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn the_shipped_campaign_is_legible_and_its_least_legible_lines_are_kept() {
    let out = output_of(&root());
    assert_eq!(out.legibility.len(), out.cards.len(), "one record a card");
    let mut worst: Vec<_> = out
        .legibility
        .iter()
        .filter_map(|r| r.worst.as_ref().map(|w| (r, w)))
        .collect();
    assert_eq!(worst.len(), out.cards.len(), "every card has text");
    worst.sort_by(|a, b| (a.1.ratio / a.1.needs).total_cmp(&(b.1.ratio / b.1.needs)));
    for (r, w) in worst.iter().take(5) {
        eprintln!(
            "{}: {} line {} {:?} {:.0} px {:.2}:1 (needs {}:1)",
            r.card, w.slot, w.line, w.text, w.px, w.ratio, w.needs
        );
    }
    assert!(worst.iter().all(|(_, w)| w.ratio >= w.needs));
    assert!(
        out.legibility.iter().all(|r| r.logo.is_some()),
        "every shipped card shows the logo"
    );
}

/// Builds a project through the library, for what the build keeps.
fn output_of(dir: &Path) -> handbill::build::Output {
    let opts = handbill::build::Options {
        no_kit: true,
        ..Default::default()
    };
    crate::util::built(dir, &opts)
}

#[test]
fn a_logo_that_fades_into_what_is_behind_it_is_a_warning_not_a_refusal() {
    // The mini logo is an orange plate: on paper it stands out.
    let dir = fixture("mini");
    let out = output_of(dir.path());
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    let logo = out.legibility[0].logo.expect("measured");
    assert!(logo > 3.0, "{logo}");
    // Drawn at a fifth of its opacity, it fades into the paper.
    let svg = dir.path().join("templates/instagram-square/statement.svg");
    let text = fs::read_to_string(&svg).expect("read");
    let faded = text.replace("<image id=\"logo\"", "<image id=\"logo\" opacity=\"0.2\"");
    fs::write(&svg, faded).expect("write");
    let mut out = output_of(dir.path());
    assert_eq!(out.cards.len(), 2, "the cards are still built");
    handbill::problem::sort(&mut out.warnings);
    let logo = out.legibility[0].logo.expect("measured");
    assert!(logo < 1.5, "{logo}");
    // One cause, one warning, naming both cards' languages.
    assert_eq!(out.warnings.len(), 1, "{:?}", out.warnings);
    assert_eq!(out.warnings[0].context.language.as_deref(), Some("el, en"));
    let w = out.warnings[0].to_string();
    assert!(w.contains("the logo has too little contrast"), "{w}");
    assert!(w.contains("needs 3:1"), "{w}");
    let notes = &out.warnings[0].notes;
    assert!(
        notes.iter().any(|n| n.contains("the logo has contrast 1.")),
        "{notes:?}"
    );
}
