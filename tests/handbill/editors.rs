//! Templates as design tools save them. Each test edits the `mini`
//! fixture's template the way an editor writes it and builds: the card
//! must build, and where the edit changes nothing visible, be the same
//! bytes as the fixture's own card.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

use crate::util::{TempDir, fixture};

const TEMPLATE: &str = "templates/instagram-square/statement.svg";
const CARD: &str = "out/cards/en/instagram-square/hello.png";

fn build(dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_handbill"))
        .current_dir(dir)
        .args(["build", "--no-kit", "--quiet", "--language", "en"])
        .output()
        .expect("handbill runs")
}

/// The fixture with its template edited by `edits`, built; panics with
/// handbill's own words when the build fails.
fn built_with(edits: &[(&str, &str)]) -> TempDir {
    let dir = fixture("mini");
    edit_template(&dir, edits);
    let o = build(dir.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    dir
}

/// Replaces each `from` (found once) by its `to` in the fixture's template.
fn edit_template(dir: &TempDir, edits: &[(&str, &str)]) {
    let file = dir.path().join(TEMPLATE);
    let mut text = std::fs::read_to_string(&file).expect("the template");
    for (from, to) in edits {
        assert_eq!(text.matches(from).count(), 1, "{from}");
        text = text.replacen(from, to, 1);
    }
    std::fs::write(&file, text).expect("writes");
}

fn card(dir: &TempDir) -> Vec<u8> {
    std::fs::read(dir.path().join(CARD)).expect("the card")
}

#[test]
fn inkscapes_xml_space_on_a_slot_builds_the_same_card() {
    let plain = built_with(&[]);
    let inkscape = built_with(&[(
        "<text id=\"headline\"",
        "<text xml:space=\"preserve\" id=\"headline\"",
    )]);
    assert_eq!(card(&plain), card(&inkscape));
}

/// The baselines of the body's lines in the card's SVG.
fn body_baselines(dir: &TempDir) -> Vec<f32> {
    let o = Command::new(env!("CARGO_BIN_EXE_handbill"))
        .current_dir(dir.path())
        .args(["build", "--no-kit", "--quiet", "--language", "en", "--svg"])
        .output()
        .expect("handbill runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let svg = std::fs::read_to_string(dir.path().join(CARD.replace(".png", ".svg"))).expect("svg");
    let body = &svg[svg.find("id=\"body\"").expect("the body")..];
    let body = &body[..body.find("</text>").expect("its end")];
    body.split("<tspan x=\"")
        .skip(1)
        .map(|t| {
            let y = &t[t.find("y=\"").expect("y") + 3..];
            y[..y.find('"').expect("end")].parse().expect("a number")
        })
        .collect()
}

#[test]
fn line_height_in_the_style_sets_the_lines_and_data_line_height_wins() {
    const BODY: &str = "font-size:44px;fill:url(#colour-ink)\" data-line-height=\"1.3\"";
    let styled = built_with(&[(BODY, "font-size:44px;line-height:2;fill:url(#colour-ink)\"")]);
    let lines = body_baselines(&styled);
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!((lines[1] - lines[0] - 88.0).abs() < 0.1, "{lines:?}");
    let percent = built_with(&[(
        BODY,
        "font-size:44px;line-height:150%;fill:url(#colour-ink)\"",
    )]);
    let lines = body_baselines(&percent);
    assert!((lines[1] - lines[0] - 66.0).abs() < 0.1, "{lines:?}");
    let both = built_with(&[(
        BODY,
        "font-size:44px;line-height:2;fill:url(#colour-ink)\" data-line-height=\"1.3\"",
    )]);
    let lines = body_baselines(&both);
    assert!((lines[1] - lines[0] - 57.2).abs() < 0.1, "{lines:?}");
}

#[test]
fn an_inkscape_label_stands_in_for_a_missing_id_and_an_id_wins() {
    const ROOT: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\"";
    const INKSCAPE: &str = "<svg xmlns:inkscape=\"http://www.inkscape.org/namespaces/inkscape\" xmlns=\"http://www.w3.org/2000/svg\"";
    let plain = built_with(&[]);
    let labelled = built_with(&[
        (ROOT, INKSCAPE),
        (
            "<text id=\"headline\"",
            "<text id=\"text42\" inkscape:label=\"headline\"",
        ),
        (
            "<rect id=\"headline-box\"",
            "<rect id=\"rect7\" inkscape:label=\"headline-box\"",
        ),
        // Inkscape writes the logo's file as a path from the template.
        (
            "<image id=\"logo\" x=\"90\" y=\"960\" width=\"240\" height=\"60\" href=\"logo.svg\"/>",
            "<image id=\"image3\" inkscape:label=\"logo\" x=\"90\" y=\"960\" width=\"240\" height=\"60\" href=\"../../messages/logo.svg\"/>",
        ),
    ]);
    assert_eq!(card(&plain), card(&labelled));
    // A label that names a slot another element has as its id is only a name.
    let both = built_with(&[
        (ROOT, INKSCAPE),
        (
            "<rect width=\"1080\"",
            "<rect inkscape:label=\"headline\" width=\"1080\"",
        ),
    ]);
    assert_eq!(card(&plain), card(&both));
}

/// The mini fixture with a right-to-left language that falls back to
/// English, and its template edited by `edits`; returns the English and
/// the mirrored Arabic card.
fn both_directions(edits: &[(&str, &str)]) -> (Vec<u8>, Vec<u8>) {
    let dir = fixture("mini");
    let campaign = dir.path().join("messages/campaign.yaml");
    let text = std::fs::read_to_string(&campaign).expect("campaign.yaml");
    std::fs::write(&campaign, with_arabic(&text)).expect("writes");
    edit_template(&dir, edits);
    let o = Command::new(env!("CARGO_BIN_EXE_handbill"))
        .current_dir(dir.path())
        .args(["build", "--no-kit", "--quiet"])
        .output()
        .expect("handbill runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let read = |lang: &str| {
        std::fs::read(dir.path().join(CARD.replace("/en/", &format!("/{lang}/")))).expect("card")
    };
    (read("en"), read("ar"))
}

/// campaign.yaml with Arabic added, right to left and falling back to
/// English; its campaign words copy the Greek ones (only the layout of
/// the English fallback text is looked at).
fn with_arabic(campaign: &str) -> String {
    let mut out = String::new();
    for line in campaign.lines() {
        if line == "  - {code: el, status: draft}" {
            out.push_str(line);
            out.push_str("\n  - {code: ar, status: draft, direction: rtl, fallback: en}\n");
        } else if line.trim_start().starts_with("el: ") {
            out.push_str(&format!("{line}\n{}\n", line.replacen("el: ", "ar: ", 1)));
        } else if let Some(at) = line.find(", el: ") {
            let end = line.rfind('}').expect("an inline map");
            let el = &line[at + ", el: ".len()..end];
            out.push_str(&format!("{}, ar: {el}{}\n", &line[..end], &line[end..]));
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[test]
fn slots_in_moved_layers_and_groups_are_set_as_if_unmoved_in_both_directions() {
    let plain = both_directions(&[]);
    // A layer moved by nothing around everything (Inkscape writes one),
    // the headline's text and box moved up 12 px in a group and drawn
    // 12 px lower, and the body's box in a group of its own.
    let moved = both_directions(&[
        (
            "<rect width=\"1080\"",
            "<g transform=\"translate(0,0)\"><rect width=\"1080\"",
        ),
        ("</svg>", "</g></svg>"),
        (
            "<rect id=\"headline-box\" x=\"90\" y=\"200\"",
            "<g transform=\"translate(0,-12)\"><rect id=\"headline-box\" x=\"90\" y=\"212\"",
        ),
        (
            "data-line-height=\"1.1\">Headline</text>",
            "data-line-height=\"1.1\">Headline</text></g>",
        ),
        (
            "<rect id=\"body-box\" x=\"90\" y=\"660\" width=\"900\" height=\"220\" fill=\"none\"/>",
            "<g transform=\"translate(40 5)\"><rect id=\"body-box\" x=\"50\" y=\"655\" width=\"900\" height=\"220\" fill=\"none\"/></g>",
        ),
    ]);
    assert!(plain.0 == moved.0, "the left-to-right card moved");
    assert!(plain.1 == moved.1, "the mirrored card moved");
}

#[test]
fn a_skewed_group_around_a_slot_is_located_at_the_group() {
    let dir = fixture("mini");
    let file = dir.path().join(TEMPLATE);
    let text = std::fs::read_to_string(&file).expect("the template");
    let text = text.replacen(
        "  <rect id=\"headline-box\"",
        "  <g transform=\"skewX(-4)\"><rect id=\"headline-box\"",
        1,
    );
    let text = text.replacen(">Headline</text>", ">Headline</text></g>", 1);
    std::fs::write(&file, text).expect("writes");
    let o = build(dir.path());
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.starts_with(&format!(
            "{TEMPLATE}:9:3: error: transform=\"skewX(-4)\" slants the `headline` slot"
        )),
        "{err}"
    );
}

/// The mini fixture with its template replaced by a corpus file; returns
/// the English card.
fn corpus_card(name: &str) -> Vec<u8> {
    let dir = fixture("mini");
    let corpus = crate::util::root().join("tests/corpus/editors").join(name);
    std::fs::copy(&corpus, dir.path().join(TEMPLATE)).expect("copies");
    let o = build(dir.path());
    assert!(
        o.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    card(&dir)
}

#[test]
fn templates_as_inkscape_saves_them_give_the_fixtures_own_card() {
    // Saved by the Inkscape 1.2 command line, as Inkscape SVG and as plain
    // SVG, from the fixture's template; and as its text tool and Layers
    // panel write a template: a moved layer, labels for ids, xml:space,
    // line-height in the style, one tspan per line.
    let own = card(&built_with(&[]));
    for name in ["inkscape.svg", "inkscape-plain.svg", "inkscape-gui.svg"] {
        assert!(corpus_card(name) == own, "{name} gives another card");
    }
}

#[test]
fn templates_as_figma_and_illustrator_save_them_build() {
    // Figma: text kept as text in tspans with their own x and y,
    // `white-space: pre`, boxes as transparent rects, a clip path.
    // Illustrator (SVG 1.1, style elements): classes, fonts by PostScript
    // name, each text moved by its own matrix.
    let own = card(&built_with(&[]));
    for name in ["figma.svg", "illustrator.svg"] {
        let card = corpus_card(name);
        assert!(card.len() > 10_000 && card != own, "{name}");
    }
}

/// Saves every card template of `project` again through the Inkscape
/// command line, as Inkscape SVG or, with `plain`, as plain SVG.
fn save_through_inkscape(project: &Path, plain: bool) {
    for folder in std::fs::read_dir(project.join("templates")).expect("templates") {
        let folder = folder.expect("an entry").path();
        if folder.ends_with("kit") || !folder.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&folder).expect("a format") {
            let file = file.expect("an entry").path();
            let mut inkscape = Command::new("inkscape");
            inkscape
                .arg(&file)
                .args(["--export-type=svg", "--export-filename"])
                .arg(&file);
            if plain {
                inkscape.arg("--export-plain-svg");
            }
            let o = inkscape
                .output()
                .expect("inkscape is not installed: apt-get install inkscape");
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        }
    }
}

/// The cards of the shipped campaign built from `project`, by path.
fn shipped_cards(project: &Path) -> BTreeMap<String, Vec<u8>> {
    let o = Command::new(env!("CARGO_BIN_EXE_handbill"))
        .current_dir(project)
        .args(["build", "--no-kit", "--quiet"])
        .output()
        .expect("handbill runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    crate::util::tree(&project.join("out/cards"))
        .into_iter()
        .filter(|(name, _)| name.ends_with(".png"))
        .collect()
}

/// Decoded RGBA pixels of a PNG.
fn pixels(png: &[u8]) -> Vec<u8> {
    let mut reader = png::Decoder::new(std::io::Cursor::new(png))
        .read_info()
        .expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("a size")];
    let info = reader.next_frame(&mut buf).expect("a frame");
    buf.truncate(info.buffer_size());
    buf
}

/// Whether two cards match within the reference tolerance: at most 0.2%
/// of pixels with a channel off by more than 2 (tests/handbill/reference.rs).
fn within_tolerance(a: &[u8], b: &[u8]) -> bool {
    if a == b {
        return true;
    }
    let (a, b) = (pixels(a), pixels(b));
    let off = a
        .chunks(4)
        .zip(b.chunks(4))
        .filter(|(p, q)| p.iter().zip(q.iter()).any(|(x, y)| x.abs_diff(*y) > 2))
        .count();
    a.len() == b.len() && off * 500 <= a.len() / 4
}

#[test]
#[ignore = "needs inkscape: apt-get install inkscape"]
fn shipped_templates_saved_again_by_inkscape_give_the_same_cards() {
    let shipped = |dir: &TempDir| {
        for sub in ["messages", "templates", "fonts"] {
            crate::util::copy_dir(&crate::util::root().join(sub), &dir.path().join(sub));
        }
    };
    let original = TempDir::new();
    shipped(&original);
    let cards = shipped_cards(original.path());
    assert!(cards.len() >= 400, "{} cards", cards.len());
    let mut two = cards.values();
    let (a, b) = (two.next().expect("a card"), two.next().expect("another"));
    assert!(!within_tolerance(a, b), "the comparison tells cards apart");
    for plain in [false, true] {
        let saved = TempDir::new();
        shipped(&saved);
        save_through_inkscape(saved.path(), plain);
        let again = shipped_cards(saved.path());
        assert_eq!(
            cards.keys().collect::<Vec<_>>(),
            again.keys().collect::<Vec<_>>()
        );
        for (name, png) in &cards {
            assert!(
                within_tolerance(png, &again[name]),
                "{name} (plain SVG: {plain})"
            );
        }
    }
}

#[test]
fn a_font_family_list_with_fallbacks_sets_the_first_bundled_family() {
    let plain = built_with(&[]);
    let listed = built_with(&[(
        "style=\"font-family:'Noto Sans';font-size:44px",
        "style=\"font-family:'Helvetica Neue', 'Noto Sans', sans-serif;font-size:44px",
    )]);
    assert_eq!(card(&plain), card(&listed));
}

#[test]
fn a_font_no_bundled_file_has_is_named_as_written_without_its_quotes() {
    let dir = fixture("mini");
    edit_template(
        &dir,
        &[(
            "style=\"font-family:'Noto Sans';font-size:44px",
            "style=\"font-family:'Open Sans', Arial;font-size:44px",
        )],
    );
    let err = crate::util::refused_in(dir.path(), &["--no-kit"]);
    assert!(
        err.contains("no font in fonts/ matches font-family `Open Sans, Arial`"),
        "{err}"
    );
}
