//! Fuzzes composition: a shipped template, resolved once, filled with
//! fuzzed text in every slot, in a chosen language and direction, with or
//! without the logo, on a chosen carousel slide. Whatever the text, the
//! result is a problem (it does not fit) or an SVG usvg parses.
#![no_main]

use std::collections::BTreeMap;
use std::sync::OnceLock;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use handbill::campaign::{self, Direction, Sources};
use handbill::compose::{self, Assets, Fill};
use handbill::kind::Kind;
use handbill::problem::{Context, Location};
use handbill_fuzz::{fonts, root, shipped, templates};
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use resvg::usvg;

#[derive(Arbitrary, Debug)]
struct Input {
    template: u8,
    language: u8,
    rtl: bool,
    logo: bool,
    slide: Option<(u8, u8)>,
    texts: Vec<String>,
}

/// Languages whose capitals differ: Greek drops accents, Turkish dots.
const LANGUAGES: &[&str] = &["en", "el", "tr", "uk", "ar", "de"];

/// The shipped campaign's colours, as it loads them.
fn colours() -> &'static BTreeMap<String, String> {
    static COLOURS: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    COLOURS.get_or_init(|| {
        let sources = Sources {
            campaign: (
                "messages/campaign.yaml".into(),
                shipped("messages/campaign.yaml"),
            ),
            messages: Vec::new(),
        };
        let (campaign, problems) = campaign::load(&sources);
        assert!(problems.is_empty(), "{problems:?}");
        campaign.expect("the shipped campaign").colours
    })
}

/// The shipped logo as a data URL, as `build` embeds it.
fn logo() -> &'static str {
    static LOGO: OnceLock<String> = OnceLock::new();
    LOGO.get_or_init(|| {
        let svg = std::fs::read(root().join("messages/logo.svg")).expect("logo");
        format!("data:image/svg+xml;base64,{}", STANDARD.encode(svg))
    })
}

fuzz_target!(|input: Input| {
    let all = templates();
    let template = &all[input.template as usize % all.len()];
    let kind = Kind::named(&template.kind).expect("a card template's kind");
    let (required, optional) = kind.template_slots();
    let mut texts = BTreeMap::new();
    for (slot, text) in required.into_iter().chain(optional).zip(input.texts) {
        texts.insert(slot, text);
    }
    // A carousel's slide is from 1 to the count, as the planner makes it.
    let slide = input.slide.map(|(i, n)| {
        let n = usize::from(n.max(1));
        (1 + usize::from(i) % n, n)
    });
    let location = Location::file("messages/fuzzed.yaml");
    let fill = Fill {
        texts: &texts,
        language: LANGUAGES[input.language as usize % LANGUAGES.len()],
        direction: if input.rtl {
            Direction::Rtl
        } else {
            Direction::Ltr
        },
        slide,
        kind: Some(kind),
        at: &BTreeMap::new(),
        location: &location,
        context: Context::default(),
    };
    let assets = Assets {
        fonts: fonts(),
        colours: colours(),
        logo: input.logo.then(logo),
    };
    let Ok(svg) = compose::compose(template, &fill, &assets) else {
        return;
    };
    let opts = handbill::render::options(fonts().db());
    if let Err(e) = usvg::Tree::from_str(&svg, &opts) {
        panic!("the composed SVG does not parse: {e}\n{svg}");
    }
});
