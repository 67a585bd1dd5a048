//! Hostile templates and fonts: one template of the mini fixture replaced or
//! edited, built with the real binary. Each must build as drawn, or stop
//! with a located problem (exit 1): never a bug (exit 2), a panic, a hang,
//! or a file read from outside the campaign.

use std::path::Path;
use std::process::{Command, Output};

use crate::util::{TempDir, build_in, fixture, refused_in};

/// The fixture's one template.
const TEMPLATE: &str = "templates/instagram-square/statement.svg";

/// A copy of the mini fixture whose template is `edit` of the shipped one.
fn project(edit: impl FnOnce(&str) -> String) -> TempDir {
    let dir = fixture("mini");
    let path = dir.path().join(TEMPLATE);
    let text = std::fs::read_to_string(&path).expect("read");
    let edited = edit(&text);
    assert_ne!(edited, text, "the edit changes the template");
    std::fs::write(&path, edited).expect("write");
    dir
}

/// Runs `handbill build` in `dir`, within the tests' patience.
fn build(dir: &Path) -> Output {
    build_in(dir, &["--jobs", "1"])
}

/// Builds and expects exit 1; returns what was printed on stderr.
fn refused(dir: &Path) -> String {
    refused_in(dir, &["--jobs", "1"])
}

/// Builds and expects success.
fn built(dir: &Path) {
    let o = build(dir);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(
        dir.join("out/cards/en/instagram-square/hello.png")
            .is_file()
    );
}

/// Inserts markup just before the root's end tag.
fn before_end(markup: &str) -> impl FnOnce(&str) -> String + use<> {
    let end = format!("{markup}</svg>");
    move |t| t.replace("</svg>", &end)
}

#[test]
fn groups_nested_past_the_limit_are_located_at_the_first_too_deep() {
    let deep = format!("{}{}", "<g>".repeat(100_000), "</g>".repeat(100_000));
    let dir = project(before_end(&deep));
    let err = refused(dir.path());
    // The template's last line starts with the groups; the root is level
    // 1, so the 256th group is the 257th level, after 255 groups of 3 bytes.
    assert!(
        err.contains(&format!(
            "{TEMPLATE}:17:766: error: this element is nested 257 levels deep; handbill reads at most 256"
        )),
        "{err}"
    );
    assert!(err.contains("help: ungroup the artwork"), "{err}");
}

#[test]
fn groups_nested_within_the_limit_build() {
    let deep = format!("{}{}", "<g>".repeat(200), "</g>".repeat(200));
    built(project(before_end(&deep)).path());
}

#[test]
fn a_use_bomb_that_usvg_refuses_is_a_problem_at_the_template() {
    // Seven levels of ten copies each: ten million rectangles once usvg
    // expands them, in a file of a few hundred bytes.
    let mut defs = String::from("<defs><g id=\"g0\"><rect width=\"1\" height=\"1\"/></g>");
    for i in 1..8 {
        let uses = format!("<use href=\"#g{}\"/>", i - 1).repeat(10);
        defs.push_str(&format!("<g id=\"g{i}\">{uses}</g>"));
    }
    defs.push_str("</defs><use href=\"#g7\"/>");
    let err = refused(project(before_end(&defs)).path());
    assert!(
        err.contains(&format!(
            "{TEMPLATE}: error: the SVG renderer cannot read this template: it holds more than a million elements"
        )),
        "{err}"
    );
    assert!(!err.contains("internal error"), "{err}");
}

/// Inserts a stylesheet at the top of the template's `<defs>`.
fn with_style(css: &str) -> impl FnOnce(&str) -> String {
    move |t| t.replace("<defs>", &format!("<defs><style>{css}</style>"))
}

/// Builds with `--svg` and returns where usvg draws the English card's
/// `headline` and the box handbill fitted it to (from the template).
fn drawn_headline(dir: &Path) -> (resvg::usvg::Rect, [f32; 4]) {
    use resvg::usvg;
    let o = Command::new(env!("CARGO_BIN_EXE_handbill"))
        .current_dir(dir)
        .args(["build", "--svg", "--language", "en"])
        .output()
        .expect("handbill runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let svg = std::fs::read_to_string(dir.join("out/cards/en/instagram-square/hello.svg"))
        .expect("the card's SVG");
    let opts = handbill::render::options(crate::util::fonts().db());
    let tree = usvg::Tree::from_str(&svg, &opts).expect("parses");
    let Some(usvg::Node::Text(t)) = tree.node_by_id("headline") else {
        panic!("no headline text in {svg}")
    };
    // The ink of the glyphs usvg draws (handbill fits the ink, not the
    // font's line box), and the fixture's headline-box.
    (
        t.flattened().abs_bounding_box(),
        [90.0, 200.0, 900.0, 420.0],
    )
}

/// usvg draws the headline inside its box (within a pixel).
fn assert_inside(dir: &Path) {
    let (drawn, [x, y, w, h]) = drawn_headline(dir);
    assert!(
        drawn.left() >= x - 1.0
            && drawn.top() >= y - 1.0
            && drawn.right() <= x + w + 1.0
            && drawn.bottom() <= y + h + 1.0,
        "drawn at {drawn:?}, outside the box {x} {y} {w} {h}"
    );
}

#[test]
fn stylesheet_rules_for_text_by_element_id_and_class_are_laid_out_as_drawn() {
    // Before, each rule restyled the slot after layout and the text ran
    // off its box with exit 0.
    for css in [
        "text#headline { letter-spacing: 40px }",
        "#headline { font-size: 300px; letter-spacing: 0.2em }",
        ".h { font-size: 200px; font-family: serif; word-spacing: 0 }",
        "svg text.h { font-size: 250px !important }",
    ] {
        let dir = project(|t| {
            with_style(css)(t).replace("id=\"headline\"", "id=\"headline\" class=\"h\"")
        });
        // An !important size is refused; the others are applied.
        if css.contains("!important") {
            let err = refused(dir.path());
            assert!(
                err.contains(&format!(
                    "{TEMPLATE}:2:29: error: the rule `svg text.h {{ font-size: 250px !important }}`: !important overrides the size handbill fits"
                )),
                "{err}"
            );
            assert!(err.contains("slot headline"), "{err}");
        } else {
            assert_inside(dir.path());
        }
    }
}

#[test]
fn a_spacing_rule_for_every_text_is_measured_so_an_overflow_is_named() {
    let dir = project(with_style("text { letter-spacing: 30px }"));
    let err = refused(dir.path());
    assert!(
        err.contains("messages/public.yaml:10:11: error: the body does not fit"),
        "{err}"
    );
}

#[test]
fn an_illustrator_class_sets_the_slots_font_and_colour() {
    let css = "<![CDATA[ .cls-1 { fill: #e4572e; font-family: Noto Sans; font-size: 60px } ]]>";
    let dir = project(|t| {
        with_style(css)(t).replace("id=\"headline\"", "id=\"headline\" class=\"cls-1\"")
    });
    assert_inside(dir.path());
    let svg = std::fs::read_to_string(dir.path().join("out/cards/en/instagram-square/hello.svg"))
        .expect("svg");
    // The class's size is the largest size, and its fill is kept.
    assert!(svg.contains("fill:#e4572e;font-size:60px"), "{svg}");
}

#[test]
fn a_rule_that_restyles_the_lines_handbill_writes_is_located() {
    let dir = project(with_style(
        "\n  #headline tspan { font-size: 20px; fill: red }",
    ));
    let err = refused(dir.path());
    assert!(
        err.contains(&format!(
            "{TEMPLATE}:3:21: error: the rule `#headline tspan {{ font-size: 20px }}`: it sets font-size on the lines handbill writes into the `headline` slot"
        )),
        "{err}"
    );
    // Only the size: a colour for the lines is drawn as the designer meant
    // (the source line shown under the problem has it, the problem not).
    assert!(
        !err.lines()
            .any(|l| l.contains("error:") && l.contains("fill: red")),
        "{err}"
    );
    let dir = project(with_style("* { letter-spacing: 3px }"));
    let err = refused(dir.path());
    assert!(
        err.contains("the rule `* { letter-spacing: 3px }`"),
        "{err}"
    );
}

#[test]
fn a_stylesheet_transform_or_font_shorthand_on_a_slot_is_located() {
    let dir = project(|t| {
        with_style(".moved { transform: translate(0, 900px) } #body { font: 40px serif }")(t)
            .replace("id=\"headline\"", "id=\"headline\" class=\"moved\"")
    });
    let err = refused(dir.path());
    assert!(
        err.contains("the rule `.moved { transform: translate(0, 900px) }`: a transform from a stylesheet moves the slot off its box"),
        "{err}"
    );
    assert!(
        err.contains(
            "the rule `#body { font: 40px serif }`: the `font` shorthand is not read for text slots"
        ),
        "{err}"
    );
}

/// An edit of the fixture's template.
type Edit = Box<dyn FnOnce(&str) -> String>;

/// Hostile templates, each refused with a located problem: what it is,
/// its edit of the fixture's template, and what stderr must say. A data
/// table, one entry a case.
fn refusals() -> Vec<(&'static str, Edit, String)> {
    let defs = |markup: &'static str| -> Edit {
        Box::new(move |t: &str| t.replace("<defs>", &format!("<defs>{markup}")))
    };
    let filtered = |filter: &'static str| -> Edit {
        Box::new(move |t: &str| {
            t.replace(
                "<defs>",
                &format!("<defs><filter id=\"f\">{filter}</filter>"),
            )
            .replace(
                "<rect width=\"1080\"",
                "<rect filter=\"url(#f)\" width=\"1080\"",
            )
        })
    };
    let laughs = (1..10)
        .map(|i| format!("<!ENTITY a{i} \"{}\">", format!("&a{};", i - 1).repeat(10)))
        .collect::<String>();
    let at = |line_col: &str, what: &str| format!("{TEMPLATE}:{line_col}: error: {what}");
    vec![
        (
            "billion laughs",
            Box::new(move |t: &str| {
                format!(
                    "<!DOCTYPE svg [<!ENTITY a0 \"lol\">{laughs}]>\n{}",
                    t.replace(">Headline<", ">&a9;<")
                )
            }),
            at(
                "1:63",
                "the template is not well-formed XML: a possible entity reference loop",
            ),
        ),
        (
            "an external entity",
            Box::new(|t: &str| {
                format!(
                    "<!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n{}",
                    t.replace(">Headline<", ">&x;<")
                )
            }),
            at(
                "12:71",
                "the template is not well-formed XML: unknown entity reference 'x'",
            ),
        ),
        (
            "malformed XML",
            Box::new(|t: &str| t.replace("<rect id=\"body-box\"", "<rect id=\"body-box\" x=\"1\"")),
            at(
                "12:29",
                "the template is not well-formed XML: attribute 'x' at 12:29 is already defined",
            ),
        ),
        (
            "an image from a file: URL",
            Box::new(before_end(
                "<image width=\"9\" height=\"9\" href=\"file:///etc/passwd\"/>",
            )),
            at(
                "17:1",
                "the image points to \"file:///etc/passwd\"; handbill only draws embedded images",
            ),
        ),
        (
            "an image over http",
            Box::new(before_end(
                "<image width=\"9\" height=\"9\" href=\"http://example.com/a.png\"/>",
            )),
            at("17:1", "the image points to \"http://example.com/a.png\""),
        ),
        (
            "an image by absolute path",
            Box::new(before_end(
                "<image width=\"9\" height=\"9\" href=\"/etc/passwd\"/>",
            )),
            at("17:1", "the image points to \"/etc/passwd\""),
        ),
        (
            "an image up the tree",
            Box::new(before_end(
                "<image xmlns:xlink=\"http://www.w3.org/1999/xlink\" xlink:href=\"../../../etc/passwd\"/>",
            )),
            at("17:1", "the image points to \"../../../etc/passwd\""),
        ),
        (
            "a use of another file",
            Box::new(before_end("<use href=\"other.svg#x\"/>")),
            at(
                "17:1",
                "the <use> points to \"other.svg#x\", outside this template",
            ),
        ),
        (
            "a use of a file: URL",
            Box::new(before_end("<use href=\"file:///etc/passwd#x\"/>")),
            at("17:1", "the <use> points to \"file:///etc/passwd#x\""),
        ),
        (
            "an feImage by absolute path",
            filtered("<feImage href=\"/etc/passwd\"/>"),
            at("2:24", "the <feImage> points to \"/etc/passwd\""),
        ),
        (
            "a CSS @import",
            defs("<style>@import url(\"/etc/passwd\"); rect { fill: red }</style>"),
            at(
                "2:9",
                "the stylesheet imports a file or font (@import, url(…))",
            ),
        ),
        (
            "a CSS font from a file",
            defs("<style>@font-face { font-family: X; src: url(/etc/passwd) }</style>"),
            at("2:9", "the stylesheet imports a file or font"),
        ),
        (
            "a huge canvas",
            Box::new(|t: &str| {
                t.replace(
                    "width=\"1080\" height=\"1080\"",
                    "width=\"100000\" height=\"100000\"",
                )
            }),
            at(
                "1:1",
                "the canvas is 100000×100000, but the instagram-square format is 1080×1080",
            ),
        ),
        (
            "a million elements",
            Box::new(before_end(&"<g/>".repeat(1_000_000))),
            format!("{TEMPLATE}: error: the template holds more than 1000000 elements"),
        ),
        (
            "a blur of 1e9",
            filtered("<feGaussianBlur stdDeviation=\"1e9\"/>"),
            at(
                "2:24",
                "stdDeviation=\"1e9\" on <feGaussianBlur> is over the limit of 10000",
            ),
        ),
        (
            "a filter region of 1e10",
            defs("<filter id=\"r\" x=\"-1e9\" width=\"1e10\" filterUnits=\"userSpaceOnUse\"/>"),
            at("2:9", "x=\"-1e9\" on <filter> is over the limit of 10000"),
        ),
        (
            "an offset of 1e30",
            filtered("<feOffset dx=\"1e30\"/>"),
            at("2:24", "dx=\"1e30\" on <feOffset> is over the limit"),
        ),
        (
            "a morphology radius of 1e9",
            filtered("<feMorphology radius=\"1e9\"/>"),
            at(
                "2:24",
                "radius=\"1e9\" on <feMorphology> is over the limit of 10",
            ),
        ),
        (
            "a billion octaves of turbulence",
            filtered("<feTurbulence numOctaves=\"1000000000\"/>"),
            at(
                "2:24",
                "numOctaves=\"1000000000\" on <feTurbulence> is over the limit of 10",
            ),
        ),
        (
            "a convolution of order 1000",
            filtered("<feConvolveMatrix order=\"1000\"/>"),
            at(
                "2:24",
                "order=\"1000\" on <feConvolveMatrix> is over the limit of 9",
            ),
        ),
        (
            "a filter of 10,000 blurs",
            filtered(Box::leak(
                "<feGaussianBlur stdDeviation=\"30\"/>"
                    .repeat(10_000)
                    .into_boxed_str(),
            )),
            at(
                "2:9",
                "this filter chains 10000 steps; handbill draws at most 32",
            ),
        ),
    ]
}

#[test]
fn hostile_templates_are_refused_at_the_place_that_is_wrong() {
    let mut wrong = Vec::new();
    for (case, edit, expected) in refusals() {
        let dir = project(edit);
        let err = refused(dir.path());
        if !err.contains(&expected) || err.contains("internal error") {
            wrong.push(format!("{case}: expected {expected:?} in\n{err}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_modest_filter_and_a_use_inside_the_template_build() {
    let dir = project(|t| {
        t.replace(
            "<defs>",
            "<defs><filter id=\"f\"><feGaussianBlur stdDeviation=\"8\"/><feOffset dx=\"4\" dy=\"4\"/><feMorphology radius=\"2\"/></filter><circle id=\"dot\" r=\"5\"/>",
        )
        .replace("</svg>", "<use href=\"#dot\" x=\"40\" y=\"40\" filter=\"url(#f)\"/></svg>")
    });
    built(dir.path());
}

/// Files the process itself opens that are not the campaign's: the
/// dynamic loader and libc, and what the standard library and rayon read to
/// count the cores.
const SYSTEM: &[&str] = &[
    "/etc/ld.so",
    "/lib/",
    "/lib64/",
    "/usr/lib",
    "/proc/",
    "/sys/",
    "/dev/",
];

/// Runs `handbill build` under strace and returns every path it opened
/// (or tried to).
fn opened(dir: &Path) -> Vec<String> {
    let log = dir.join("strace.log");
    // cargo's library path would send the loader looking in target/.
    let o = Command::new("strace")
        .env_remove("LD_LIBRARY_PATH")
        .current_dir(dir)
        .args(["-f", "-e", "trace=open,openat,openat2,creat", "-o"])
        .arg(&log)
        .arg(env!("CARGO_BIN_EXE_handbill"))
        .args(["build", "--no-kit"])
        .output()
        .expect("strace runs: apt-get install strace");
    assert!(
        o.status.code().is_some(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let text = std::fs::read_to_string(&log).expect("the strace log");
    std::fs::remove_file(&log).expect("rm log");
    text.lines()
        .filter_map(|l| l.split_once('"').and_then(|(_, rest)| rest.split_once('"')))
        .map(|(path, _)| path.to_owned())
        .collect()
}

#[test]
#[ignore = "needs strace (apt-get install strace); .ci/run installs it"]
fn hostile_templates_read_nothing_outside_the_campaign() {
    for markup in [
        "<image width=\"9\" height=\"9\" href=\"file:///etc/passwd\"/>",
        "<image width=\"9\" height=\"9\" href=\"../../../../etc/passwd\"/>",
        "<use href=\"/etc/passwd#x\"/>",
        "<style>@import url(/etc/passwd);</style>",
        "<filter id=\"f\"><feImage href=\"/etc/passwd\"/></filter>",
        // And a template that builds.
        "<circle id=\"dot\" r=\"5\"/><use href=\"#dot\"/>",
    ] {
        let dir = project(before_end(markup));
        let root = dir.path().to_string_lossy().into_owned();
        let opened = opened(dir.path());
        // The log is read right: the template itself was opened.
        assert!(
            opened.iter().any(|p| p.ends_with("statement.svg")),
            "{opened:?}"
        );
        let outside: Vec<String> = opened
            .into_iter()
            .filter(|p| {
                let inside = !p.starts_with('/') && !p.split('/').any(|c| c == "..");
                !(inside || p.starts_with(&root) || SYSTEM.iter().any(|s| p.starts_with(s)))
            })
            .collect();
        assert!(outside.is_empty(), "{markup}: opened {outside:?}");
    }
}

#[test]
fn corrupt_fonts_are_named_with_what_to_do() {
    let regular = crate::util::root().join("fonts/NotoSans-Regular.ttf");
    let bytes = std::fs::read(&regular).expect("font");
    // Noise from a fixed seed: the same "random" file on every run.
    let mut seed = 0x2545_f491_u32;
    let noise: Vec<u8> = (0..50_000)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            seed as u8
        })
        .collect();
    let cases: [(&str, Vec<u8>, &str); 4] = [
        (
            "NotoSans-Regular.ttf",
            bytes[..20_000].to_vec(),
            "the font file is cut short: its `",
        ),
        (
            "NotoSans-Regular.ttf",
            bytes[..bytes.len() * 9 / 10].to_vec(),
            "the font file is cut short: its `DSIG` table ends at byte",
        ),
        (
            "Noise.ttf",
            noise,
            "this file holds no font handbill can read",
        ),
        (
            "Empty.otf",
            Vec::new(),
            "this file holds no font handbill can read",
        ),
    ];
    for (name, data, what) in cases {
        let dir = fixture("mini");
        std::fs::write(dir.path().join("fonts").join(name), data).expect("write");
        let err = refused(dir.path());
        assert!(
            err.contains(&format!("fonts/{name}: error: {what}")),
            "{err}"
        );
        assert!(err.contains("help: "), "{err}");
    }
}

#[test]
fn spacing_that_scatters_letters_or_is_not_laid_out_is_located() {
    for (css, what) in [
        (
            "#headline { letter-spacing: -1e9px }",
            "letter-spacing \"-1e9px\" is outside -0.1em to 1em of the font-size (96 px)",
        ),
        (
            "#headline { letter-spacing: 2em }",
            "letter-spacing \"2em\" is outside -0.1em to 1em",
        ),
        (
            "#headline { word-spacing: 1e9px }",
            "word-spacing \"1e9px\": handbill does not lay out word spacing",
        ),
    ] {
        let err = refused(project(with_style(css)).path());
        assert!(
            err.contains(&format!("{TEMPLATE}:10:3: error: {what}")),
            "{css}: {err}"
        );
    }
    let dir = project(|t| t.replace("letter-spacing=\"2\"", "word-spacing=\"8\""));
    let err = refused(dir.path());
    assert!(err.contains("word-spacing \"8\""), "{err}");
}
