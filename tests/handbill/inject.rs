//! Hostile text: whatever a message says reaches the SVG as data and is
//! drawn as the characters it is.

use std::collections::BTreeMap;

use handbill::compose::{self, Assets, Fill};
use handbill::format::Format;
use handbill::kind::Kind;
use handbill::problem::{Context, Location};
use handbill::template;
use resvg::usvg;

use crate::util::{fonts, root};

pub fn mini_template() -> template::Template {
    let path = root().join("tests/fixtures/mini/templates/instagram-square/statement.svg");
    let source = std::fs::read_to_string(&path).expect("template");
    let format = Format::named("instagram-square").expect("format");
    let kind = Kind::named("statement").expect("kind");
    let needs = template::Needs::card(kind, handbill::campaign::Direction::Ltr);
    let (t, problems) = template::resolve(&path, source, format, &needs, fonts());
    assert!(problems.is_empty(), "{problems:?}");
    t.expect("template")
}

/// The mini fixture's statement template filled with these slots.
pub fn compose_mini(slots: &[(&'static str, &str)], colours: &BTreeMap<String, String>) -> String {
    let assets = Assets {
        fonts: fonts(),
        colours,
        logo: None,
        words: &Default::default(),
    };
    let texts = slots.iter().map(|(k, v)| (*k, v.to_string())).collect();
    let location = Location::file("messages/x.yaml");
    let fill = Fill {
        texts: &texts,
        language: "en",
        direction: handbill::campaign::Direction::Ltr,
        slide: None,
        kind: Kind::named("statement"),
        at: &BTreeMap::new(),
        location: &location,
        context: Context::default(),
        photo: None,
    };
    compose::compose(&mini_template(), &fill, &assets).expect("composes")
}

fn texts(node: &usvg::Group, out: &mut Vec<String>) {
    for n in node.children() {
        match n {
            usvg::Node::Group(g) => texts(g, out),
            usvg::Node::Text(t) => out.extend(t.chunks().iter().map(|c| c.text().to_owned())),
            _ => {}
        }
    }
}

#[test]
fn hostile_strings_render_as_text() {
    let hostile = [
        "<script>alert(1)</script>",
        "Tom & Jerry &amp; &lt;b&gt;",
        "\"quoted\" and 'single'",
        "]]> <![CDATA[ x ]]>",
        "<!ENTITY xxe SYSTEM \"file:///etc/passwd\"> &xxe;",
        "</text><rect width=\"1080\" height=\"1080\" fill=\"red\"/>",
    ];
    let opts = handbill::render::options(fonts().db());
    for h in hostile {
        let svg = compose_mini(&[("headline", h), ("body", "Body")], &BTreeMap::new());
        let tree = usvg::Tree::from_str(&svg, &opts)
            .unwrap_or_else(|e| panic!("{h:?} broke the SVG: {e}"));
        let mut found = Vec::new();
        texts(tree.root(), &mut found);
        let drawn = found.join(" ");
        let squash = |s: &str| s.split_whitespace().collect::<String>();
        assert!(
            squash(&drawn).contains(&squash(h)),
            "{h:?} drawn as {drawn:?}"
        );
        // The injected rectangle must not exist as a shape.
        assert!(!svg.contains("<rect width=\"1080\" height=\"1080\" fill=\"red\"/>"));
    }
}

#[test]
fn control_characters_are_dropped_not_fatal() {
    let svg = compose_mini(
        &[("headline", "Bell\u{7} and null\u{0} end")],
        &BTreeMap::new(),
    );
    let opts = handbill::render::options(fonts().db());
    let tree = usvg::Tree::from_str(&svg, &opts).expect("the SVG parses");
    let mut found = Vec::new();
    texts(tree.root(), &mut found);
    let drawn = found.join(" ");
    assert!(drawn.contains("Bell and null end"), "{drawn:?}");
    assert!(!drawn.contains(['\u{7}', '\u{0}']), "{drawn:?}");
}
