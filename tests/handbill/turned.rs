//! Slots that transforms turn or scale. The text is laid out in its box's
//! own coordinates; usvg's own geometry of the built card shows its ink
//! inside the turned box, on a left-to-right card and on a mirrored
//! right-to-left one.

use resvg::usvg;

use crate::util::{TempDir, build_in, fixture};

const TEMPLATE: &str = "templates/instagram-square/statement.svg";

/// The mini fixture with its headline and box in a group turned by -8°,
/// its body and box in a group scaled by a half (and the body's size
/// doubled, so it is drawn as large as before), the boxes painted so usvg
/// keeps them, with Arabic.
fn turned() -> TempDir {
    let dir = with_arabic_messages();
    edit(
        &dir,
        TEMPLATE,
        &[
            (
                r#"<rect id="headline-box" x="90" y="200" width="900" height="420" fill="none"/>"#,
                r##"<g transform="rotate(-8 540 540)"><rect id="headline-box" x="90" y="200" width="900" height="420" fill="#eee"/>"##,
            ),
            (
                r#"data-line-height="1.1">Headline</text>"#,
                r#"data-line-height="1.1">Headline</text></g>"#,
            ),
            (
                r#"<rect id="body-box" x="90" y="660" width="900" height="220" fill="none"/>"#,
                r##"<g transform="scale(0.5)"><rect id="body-box" x="180" y="1320" width="1800" height="440" fill="#eee"/>"##,
            ),
            ("font-size:44px", "font-size:88px"),
            (
                r#"data-line-height="1.3">Body text</text>"#,
                r#"data-line-height="1.3">Body text</text></g>"#,
            ),
        ],
    );
    dir
}

/// The mini fixture, with its message in Arabic too.
fn with_arabic_messages() -> TempDir {
    let dir = fixture("mini");
    let campaign = dir.path().join("messages/campaign.yaml");
    let text = std::fs::read_to_string(&campaign).expect("campaign");
    std::fs::write(&campaign, with_arabic(&text)).expect("campaign");
    edit(
        &dir,
        "messages/public.yaml",
        &[
            (
                "      el: Το e-trafficking είναι εμπορία ανθρώπων.\n    body",
                "      el: Το e-trafficking είναι εμπορία ανθρώπων.\n      ar: الاتجار بالبشر عبر الإنترنت هو اتجار بالبشر.\n    body",
            ),
            (
                "      el: Οι διακινητές",
                "      ar: يستخدم المتاجرون بالبشر التكنولوجيا الرقمية لرصد الضحايا وتجنيدهم.\n      el: Οι διακινητές",
            ),
            (
                "    caption:\n",
                "    caption:\n      ar: الاتجار بالبشر عبر الإنترنت.\n",
            ),
        ],
    );
    dir
}

/// Replaces each `(from, to)` once in the file, which must hold `from`.
fn edit(dir: &TempDir, file: &str, edits: &[(&str, &str)]) {
    let path = dir.path().join(file);
    let mut text = std::fs::read_to_string(&path).expect("reads");
    for (from, to) in edits {
        assert!(text.contains(from), "{file} holds {from}");
        text = text.replacen(from, to, 1);
    }
    std::fs::write(&path, text).expect("writes");
}

/// campaign.yaml with Arabic, right to left, its words copied from Greek.
fn with_arabic(campaign: &str) -> String {
    let mut out = String::new();
    for line in campaign.lines() {
        out.push_str(line);
        out.push('\n');
        if line == "  - {code: el, status: draft}" {
            out.push_str("  - {code: ar, status: draft, direction: rtl}\n");
        } else if line.trim_start().starts_with("el: ") {
            out.push_str(&line.replacen("el: ", "ar: ", 1));
            out.push('\n');
        } else if let Some(at) = line.find(", el: ") {
            out.pop();
            let end = line.rfind('}').expect("an inline map");
            let el = &line[at + ", el: ".len()..end];
            out.truncate(out.len() - line.len());
            out.push_str(&format!("{}, ar: {el}{}\n", &line[..end], &line[end..]));
        }
    }
    out
}

fn tree(svg: &str) -> usvg::Tree {
    let opts = handbill::render::options(crate::util::fonts().db());
    usvg::Tree::from_str(svg, &opts).expect("usvg parses it")
}

/// The corners of a painted box on the canvas, by usvg's own transform.
fn box_corners(template: &usvg::Tree, id: &str) -> Vec<(f32, f32)> {
    let Some(usvg::Node::Path(p)) = template.node_by_id(id) else {
        panic!("no {id} path");
    };
    let b = p.data().bounds();
    let mut corners = [
        usvg::tiny_skia_path::Point::from_xy(b.left(), b.top()),
        usvg::tiny_skia_path::Point::from_xy(b.right(), b.top()),
        usvg::tiny_skia_path::Point::from_xy(b.right(), b.bottom()),
        usvg::tiny_skia_path::Point::from_xy(b.left(), b.bottom()),
    ];
    p.abs_transform().map_points(&mut corners);
    corners.iter().map(|c| (c.x, c.y)).collect()
}

/// Every point of the outlines usvg draws a text with, on the canvas.
fn ink(card: &usvg::Tree, id: &str) -> Vec<(f32, f32)> {
    let Some(usvg::Node::Text(t)) = card.node_by_id(id) else {
        panic!("no {id} text");
    };
    let mut points = Vec::new();
    // The outlines are in the text's coordinates.
    outline_points(t.flattened(), t.abs_transform(), &mut points);
    assert!(points.len() > 100, "{id} is drawn");
    points
}

fn outline_points(g: &usvg::Group, text: usvg::Transform, out: &mut Vec<(f32, f32)>) {
    for n in g.children() {
        match n {
            usvg::Node::Group(g) => outline_points(g, text, out),
            usvg::Node::Path(p) => {
                let mut pts = p.data().points().to_vec();
                text.pre_concat(p.abs_transform()).map_points(&mut pts);
                out.extend(pts.iter().map(|p| (p.x, p.y)));
            }
            _ => {}
        }
    }
}

/// Whether `p` lies inside the convex polygon `poly` (either winding),
/// within `tolerance` px of its edges.
fn inside(poly: &[(f32, f32)], p: (f32, f32), tolerance: f32) -> bool {
    let n = poly.len();
    let sides: Vec<f32> = (0..n)
        .map(|i| {
            let (a, b) = (poly[i], poly[(i + 1) % n]);
            let (ex, ey) = (b.0 - a.0, b.1 - a.1);
            // The signed distance of p from the edge's line.
            (ex * (p.1 - a.1) - ey * (p.0 - a.0)) / ex.hypot(ey)
        })
        .collect();
    sides.iter().all(|&d| d >= -tolerance) || sides.iter().all(|&d| d <= tolerance)
}

/// Checks that the text `id`'s ink lies in its box, mirrored or not.
fn assert_in_box(card: &usvg::Tree, corners: &[(f32, f32)], id: &str, lang: &str) {
    let outside: Vec<(f32, f32)> = ink(card, id)
        .into_iter()
        .filter(|&p| !inside(corners, p, 1.0))
        .collect();
    assert!(
        outside.is_empty(),
        "{lang}: {} points of the {id} outside its box {corners:?}, e.g. {:?}",
        outside.len(),
        &outside[..outside.len().min(5)]
    );
}

/// Builds `dir` and checks every text slot's ink lies in its box, in
/// English, Greek and (mirrored) Arabic. `template` is the template with
/// its boxes painted, so usvg keeps them.
fn assert_texts_in_boxes(dir: &TempDir, template: &str) {
    let o = build_in(dir.path(), &["--svg", "--no-kit"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let template = tree(template);
    for id in ["headline", "body"] {
        let corners = box_corners(&template, &format!("{id}-box"));
        for lang in ["en", "el", "ar"] {
            let path = format!("out/cards/{lang}/instagram-square/hello.svg");
            let card = tree(&std::fs::read_to_string(dir.path().join(path)).expect("card"));
            // A right-to-left card mirrors the layout, the box with it.
            let corners: Vec<(f32, f32)> = match lang {
                "ar" => corners.iter().map(|&(x, y)| (1080.0 - x, y)).collect(),
                _ => corners.clone(),
            };
            assert_in_box(&card, &corners, id, lang);
        }
    }
}

#[test]
fn a_turned_slot_sets_its_text_inside_the_turned_box_in_both_directions() {
    let dir = turned();
    let template = std::fs::read_to_string(dir.path().join(TEMPLATE)).expect("template");
    assert_texts_in_boxes(&dir, &template);
}

#[test]
fn slots_in_groups_inkscape_rotated_and_scaled_fit_their_boxes() {
    // The fixture's template with the headline's group rotated by -8° and
    // the body's scaled by 0.9 with Inkscape 1.2's transform-rotate and
    // transform-scale actions, saved as Inkscape SVG and as plain SVG.
    for name in ["inkscape-turned.svg", "inkscape-turned-plain.svg"] {
        let dir = with_arabic_messages();
        let corpus = crate::util::root().join("tests/corpus/editors").join(name);
        let template = std::fs::read_to_string(corpus).expect("corpus");
        std::fs::write(dir.path().join(TEMPLATE), &template).expect("copies");
        let painted = template
            .replace(
                r#"id="headline-box""#,
                r#"id="headline-box" style="fill:#eee""#,
            )
            .replace(r#"id="body-box""#, r#"id="body-box" style="fill:#eee""#);
        assert_texts_in_boxes(&dir, &painted);
    }
}

#[test]
fn the_box_polygon_test_tells_inside_from_outside() {
    let square = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)];
    assert!(inside(&square, (5.0, 5.0), 0.0));
    assert!(inside(&square, (10.5, 5.0), 1.0));
    assert!(!inside(&square, (12.0, 5.0), 1.0));
    let turned = [(5.0, 0.0), (10.0, 5.0), (5.0, 10.0), (0.0, 5.0)];
    assert!(!inside(&turned, (1.0, 1.0), 0.5));
}

#[test]
fn a_slot_scaled_below_the_legibility_floor_is_refused_at_its_drawn_size() {
    let dir = turned();
    edit(&dir, TEMPLATE, &[("font-size:88px", "font-size:60px")]);
    let err = crate::util::refused_in(dir.path(), &["--no-kit"]);
    assert!(
        err.contains("font-size 60 px (drawn at 30 px: the groups around it scale it by 0.5) is under the legibility floor of 33 px for instagram-square"),
        "{err}"
    );
    assert!(
        err.contains("set the slot's font-size to at least 66"),
        "{err}"
    );
}

#[test]
fn a_box_turned_against_its_text_is_located_at_the_box() {
    let dir = turned();
    edit(
        &dir,
        TEMPLATE,
        &[(
            r#"<g transform="scale(0.5)"><rect id="body-box""#,
            r#"<g transform="scale(0.5)"><rect transform="rotate(3 900 1500)" id="body-box""#,
        )],
    );
    let err = crate::util::refused_in(dir.path(), &["--no-kit"]);
    assert!(
        err.contains("error: `body-box` is turned 3.0° against the `body` text"),
        "{err}"
    );
    assert!(
        err.contains("put `body-box` and the `body` text in one group"),
        "{err}"
    );
}

#[test]
fn a_text_and_its_box_turned_alike_fit_in_both_directions() {
    // The text's own rotation is kept around its lines; the mirrored card
    // turns it the other way, unflipped.
    let dir = with_arabic_messages();
    edit(
        &dir,
        TEMPLATE,
        &[
            (
                r#"<rect id="headline-box" x="90" y="200" width="900" height="420" fill="none"/>"#,
                r##"<rect id="headline-box" transform="rotate(6 540 400)" x="90" y="200" width="900" height="420" fill="#eee"/>"##,
            ),
            (
                r#"<text id="headline" x="90""#,
                r#"<text id="headline" transform="rotate(6 540 400)" x="90""#,
            ),
            (
                r#"id="body-box" x="90" y="660" width="900" height="220" fill="none""#,
                r##"id="body-box" x="90" y="660" width="900" height="220" fill="#eee""##,
            ),
        ],
    );
    let template = std::fs::read_to_string(dir.path().join(TEMPLATE)).expect("template");
    assert_texts_in_boxes(&dir, &template);
    let card = std::fs::read_to_string(dir.path().join("out/cards/ar/instagram-square/hello.svg"))
        .expect("card");
    assert!(card.contains(r#"<g transform="rotate(6 540 400)"><g transform="matrix(-1 0 0 1 1080 0)"><text id="headline""#), "{card}");
}

#[test]
fn a_turned_box_is_kept_on_the_canvas_by_its_corners() {
    // Turned by 45°, the headline box's top right corner leaves the canvas,
    // though the box as written lies on it.
    let dir = turned();
    edit(
        &dir,
        TEMPLATE,
        &[("rotate(-8 540 540)", "rotate(-45 540 410)")],
    );
    let err = crate::util::refused_in(dir.path(), &["--no-kit"]);
    assert!(
        err.contains("error: `headline-box` reaches outside the canvas"),
        "{err}"
    );
}
