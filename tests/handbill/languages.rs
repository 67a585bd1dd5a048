//! Languages and scripts: Arabic shaping and bidi order, line breaking in
//! Arabic and Greek, missing glyphs, fallback languages, numbers and Greek
//! capitals.

use std::path::PathBuf;

use handbill::campaign::{self, NumberFormat, Sources};
use handbill::layout::{self, Anchor, Rect, Spacing, TextStyle, VAlign};
use handbill::{card, typography};
use resvg::usvg;

use crate::util::fonts;

fn style(max: f32, min: f32) -> TextStyle {
    let face = fonts()
        .resolve(&["Noto Sans".to_owned()], 400, false)
        .expect("Noto Sans");
    TextStyle {
        face,
        max_size: max,
        min_size: min,
        line_height: 1.3,
        letter_spacing: Spacing::Px(0.0),
        anchor: Anchor::End,
        valign: VAlign::Top,
        max_lines: None,
    }
}

/// Glyphs of the first text node in an SVG, as (x, glyph id, text, font
/// family), in the order usvg draws them.
fn glyphs(svg: &str) -> Vec<(f32, u16, String, String)> {
    let opts = handbill::render::options(fonts().db());
    let tree = usvg::Tree::from_str(svg, &opts).expect("parses");
    fn find(g: &usvg::Group) -> Option<usvg::Text> {
        for n in g.children() {
            match n {
                usvg::Node::Text(t) => return Some((**t).clone()),
                usvg::Node::Group(g) => {
                    if let Some(t) = find(g) {
                        return Some(t);
                    }
                }
                _ => {}
            }
        }
        None
    }
    let text = find(tree.root()).expect("a text");
    let db = tree.fontdb();
    text.layouted()
        .iter()
        .flat_map(|span| span.positioned_glyphs.iter())
        // Bidi controls are laid out as empty glyphs; they are not letters.
        .filter(|g| !g.text.chars().all(|c| matches!(c, '\u{200e}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')))
        .map(|g| {
            let family = db.face(g.font).and_then(|f| f.families.first().map(|(n, _)| n.clone())).unwrap_or_default();
            (g.transform().tx, g.id.0, g.text.clone(), family)
        })
        .collect()
}

/// Sets a text as handbill sets a right-to-left card and returns its SVG.
fn rtl_svg(text: &str) -> String {
    let bx = Rect {
        x: 100.0,
        y: 100.0,
        w: 3000.0,
        h: 400.0,
    };
    let st = style(48.0, 48.0);
    let block = layout::fit(fonts(), text, &st, bx, layout::Breaking::default()).expect("fits");
    assert_eq!(block.lines.len(), 1);
    let family = (
        "font-family".to_owned(),
        format!("'{}'", fonts().family(st.face)),
    );
    let slot = handbill::template::TextSlot::plain(st.clone(), vec![family]);
    let text = handbill::compose::text_element(&slot, &block, st.anchor, fonts(), true);
    format!("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4000\" height=\"1000\">{text}</svg>")
}

#[test]
fn an_arabic_word_is_joined() {
    // Each letter alone takes its isolated form; in a word, its initial,
    // medial and final forms, which are other glyphs.
    let ids = |text: &str| -> Vec<u16> { glyphs(&rtl_svg(text)).iter().map(|g| g.1).collect() };
    let word = "بيت";
    let joined = ids(word);
    assert_eq!(joined.len(), 3, "{joined:?}");
    assert!(
        joined.iter().all(|&g| g != 0),
        "no missing glyphs: {joined:?}"
    );
    for c in word.chars() {
        let alone = ids(&c.to_string());
        assert_eq!(alone.len(), 1);
        assert!(
            !joined.contains(&alone[0]),
            "{c} is drawn in its isolated form inside the word"
        );
    }
    // Lam and alef join into one ligature glyph.
    assert_eq!(ids("سلام").len(), 3, "lam-alef is one glyph");
}

#[test]
fn a_mixed_arabic_line_is_ordered_right_to_left() {
    // "According to OSCE, 75% of victims ... free2link.eu" in logical order.
    let text = "وفقاً لمنظمة OSCE، فإن 75% من الضحايا على free2link.eu";
    let g = glyphs(&rtl_svg(text));
    let x_of = |s: &str| -> f32 {
        let hits: Vec<f32> = g
            .iter()
            .filter(|(_, _, t, _)| s.contains(t.as_str()) && !t.trim().is_empty())
            .map(|(x, ..)| *x)
            .collect();
        assert!(!hits.is_empty(), "no glyphs for {s}");
        hits.iter().copied().fold(f32::MAX, f32::min)
    };
    let first_word = g
        .iter()
        .filter(|(_, _, t, _)| "وفقاً".contains(t.as_str()))
        .map(|(x, ..)| *x)
        .fold(0f32, f32::max);
    let osce = x_of("OSCE");
    let pct = x_of("75%");
    let url = x_of("free2link.eu");
    // Right to left: the first word is rightmost, then OSCE, then 75%, then
    // the URL at the left end.
    assert!(
        first_word > osce && osce > pct && pct > url,
        "first {first_word} OSCE {osce} 75% {pct} url {url}"
    );
    // Inside each left-to-right run, letters go left to right.
    let o = g.iter().find(|(_, _, t, _)| t == "O").expect("O").0;
    let e = g.iter().find(|(_, _, t, _)| t == "E").expect("E").0;
    assert!(o < e);
    let seven = g.iter().find(|(_, _, t, _)| t == "7").expect("7").0;
    let five = g.iter().find(|(_, _, t, _)| t == "5").expect("5").0;
    assert!(seven < five);
    // Latin is drawn in Noto Sans, Arabic in Noto Sans Arabic.
    assert!(
        g.iter()
            .filter(|(_, _, t, _)| t == "O")
            .all(|(.., f)| f == "Noto Sans")
    );
    assert!(
        g.iter()
            .filter(|(_, _, t, _)| t == "ف")
            .all(|(.., f)| f == "Noto Sans Arabic")
    );
}

#[test]
fn arabic_and_greek_break_between_words() {
    let cases = [
        "يستخدم المراهقون وسائل التواصل الاجتماعي كل يوم ويسهل على المتاجرين الوصول إليهم عبر الإنترنت.",
        "Οι έφηβοι χρησιμοποιούν τα social media κάθε μέρα και οι διακινητές τους προσεγγίζουν εύκολα. Τι κάνουμε;",
    ];
    for text in cases {
        let bx = Rect {
            x: 0.0,
            y: 0.0,
            w: 500.0,
            h: 900.0,
        };
        let b = layout::fit(
            fonts(),
            text,
            &style(40.0, 40.0),
            bx,
            layout::Breaking::default(),
        )
        .expect("fits");
        assert!(b.lines.len() > 2, "{text}");
        let words: Vec<&str> = text.split(' ').collect();
        let mut rebuilt = Vec::new();
        for l in &b.lines {
            assert!(l.width <= 500.01);
            // Lines hold whole words only.
            for w in l.text.split(' ') {
                assert!(words.contains(&w), "{w:?} is not a whole word of {text}");
                rebuilt.push(w);
            }
            // No line starts with punctuation (the Greek question mark is ;).
            assert!(!l.text.starts_with([';', '.', '،', '؟']), "{:?}", l.text);
        }
        assert_eq!(rebuilt, words);
    }
}

#[test]
fn a_character_no_bundled_font_covers_is_named_with_its_code_point() {
    // Devanagari: no bundled font covers it.
    match layout::fit(
        fonts(),
        "Help मदद",
        &style(40.0, 40.0),
        Rect {
            x: 0.0,
            y: 0.0,
            w: 900.0,
            h: 300.0,
        },
        layout::Breaking::default(),
    ) {
        Err(o @ layout::Overflow::MissingGlyphs { .. }) => {
            let msg = o.describe();
            assert!(msg.contains("U+092E") && msg.contains("U+0926"), "{msg}");
        }
        other => panic!("expected missing glyphs, got {other:?}"),
    }
}

fn numbers(decimal: &str, group: &str, percent: &str) -> NumberFormat {
    NumberFormat {
        decimal: decimal.into(),
        group: group.into(),
        percent: percent.into(),
        digits: Default::default(),
    }
}

#[test]
fn statistic_values_are_the_same_number_in_every_language() {
    let formats = [
        ("en", numbers(".", ",", "{}%")),
        ("it", numbers(",", ".", "{}%")),
        ("el", numbers(",", ".", "{}%")),
        ("uk", numbers(",", "\u{a0}", "{}\u{a0}%")),
    ];
    for value in [75.0, 1.5, 1_500_000.0, 90.0, 0.25] {
        for (lang, f) in &formats {
            let text = typography::format_number(value, false, f);
            let back: f64 = text
                .replace(&f.group, "")
                .replace(&f.decimal, ".")
                .parse()
                .expect("a number");
            assert_eq!(back, value, "{lang}: {text}");
        }
    }
    assert_eq!(typography::format_number(1.5, false, &formats[1].1), "1,5");
    assert_eq!(
        typography::format_number(1_500_000.0, false, &formats[0].1),
        "1,500,000"
    );
    assert_eq!(
        typography::format_number(1_500_000.0, false, &formats[1].1),
        "1.500.000"
    );
    assert_eq!(
        typography::format_number(75.0, true, &formats[3].1),
        "75\u{a0}%"
    );
}

#[test]
fn the_shipped_statistic_is_equal_across_languages() {
    // Load the shipped campaign and format its statistic in every language.
    let root = crate::util::root();
    let project = handbill::project::read(&handbill::project::Paths::under(&root)).expect("reads");
    let (c, problems) = campaign::load(&project.sources);
    assert!(problems.is_empty(), "{problems:?}");
    let c = c.expect("campaign");
    let (cards, problems) = card::plan(
        &c,
        &card::Filter {
            messages: vec!["advertised-online".into()],
            formats: vec!["instagram-square".into()],
            ..Default::default()
        },
    );
    assert!(problems.is_empty());
    assert_eq!(cards.len(), 6, "one per language");
    for card in &cards {
        let value = &card.slots["value"];
        let digits: String = value.chars().filter_map(latin_digit).collect();
        assert_eq!(digits, "75", "{}: {value}", card.language);
    }
}

#[test]
fn greek_capitals_drop_their_accents() {
    assert_eq!(typography::uppercase("Αρχές", "el"), "ΑΡΧΕΣ");
    assert_eq!(
        typography::uppercase("Επαγγελματίες", "el"),
        "ΕΠΑΓΓΕΛΜΑΤΙΕΣ"
    );
    assert_eq!(
        typography::uppercase("ΜΜΕ και κοινό", "el"),
        "ΜΜΕ ΚΑΙ ΚΟΙΝΟ"
    );
    // A diphthong that lost its accent keeps two syllables with a diaeresis.
    assert_eq!(typography::uppercase("Μάιος", "el"), "ΜΑΪΟΣ");
    assert_eq!(typography::uppercase("πρωτεΐνη", "el"), "ΠΡΩΤΕΪΝΗ");
    // The disjunctive ή keeps its accent.
    assert_eq!(
        typography::uppercase("αυτό ή εκείνο", "el"),
        "ΑΥΤΟ Ή ΕΚΕΙΝΟ"
    );
    // Other languages keep theirs.
    assert_eq!(typography::uppercase("Autorità", "it"), "AUTORITÀ");
}

#[test]
fn right_to_left_captions_isolate_left_to_right_runs() {
    let s =
        typography::isolate_ltr("وفقاً لمنظمة OSCE، فإن 75% من الضحايا free2link.eu #ETrafficking");
    assert!(s.contains("\u{2066}OSCE\u{2069}،"), "{s:?}");
    assert!(s.contains("\u{2066}75%\u{2069}"), "{s:?}");
    assert!(
        s.contains("\u{2066}free2link.eu #ETrafficking\u{2069}"),
        "{s:?}"
    );
    assert!(!s.starts_with('\u{2066}'));
}

const CAMPAIGN: &str = "name: T
slug: t
languages:
  - {code: en, status: reviewed}
  - {code: uk, status: draft, fallback: en}
  - {code: it, status: draft}
formats: [instagram-square]
audiences:
  public:
    name: {en: Public, uk: Громадськість, it: Pubblico}
words:
  source: {en: Source, uk: Джерело, it: Fonte}
  quote-open: {en: \"“\", uk: \"«\", it: \"«\"}
  quote-close: {en: \"”\", uk: \"»\", it: \"»\"}
  slide: {en: Slide, uk: Слайд, it: Slide}
  of: {en: of, uk: з, it: di}
  comma: {en: \", \", uk: \", \", it: \", \"}
  numbers:
    en: {decimal: \".\", group: \",\", percent: \"{}%\"}
    uk: {decimal: \",\", group: \" \", percent: \"{}%\"}
    it: {decimal: \",\", group: \".\", percent: \"{}%\"}
";

#[test]
fn a_missing_translation_falls_back_whole_or_is_a_problem() {
    let load = |messages: &str| {
        campaign::load(&Sources {
            campaign: (PathBuf::from("messages/campaign.yaml"), CAMPAIGN.to_owned()),
            messages: vec![(PathBuf::from("messages/public.yaml"), messages.to_owned())],
        })
    };
    // Ukrainian lacks the body: uk falls back to en, so the card is made,
    // all in English, labelled as a fallback.
    let (c, p) = load(
        "audience: public
messages:
  - id: a
    kind: statement
    headline: {en: Hello, uk: Привіт, it: Ciao}
    body: {en: Body, it: Corpo}
    caption: {en: Cap, uk: Підпис, it: Didascalia}
",
    );
    assert!(p.is_empty(), "{p:?}");
    let c = c.expect("campaign");
    let (cards, p) = card::plan(&c, &card::Filter::default());
    assert!(p.is_empty(), "{p:?}");
    let uk = cards
        .iter()
        .find(|c| c.language == "uk")
        .expect("a uk card");
    assert!(uk.is_fallback());
    assert_eq!(uk.text_language, "en");
    assert_eq!(
        uk.slots["headline"], "Hello",
        "never a mix: the headline is English too"
    );
    assert_eq!(uk.slots["kicker"], "Public");
    // The alt text carries the kicker the card shows, then its words.
    assert!(uk.alt.starts_with("Public: Hello. Body."), "{}", uk.alt);
    assert!(uk.stem.starts_with("cards/uk/"));
    // Italian has no fallback: its missing body is a located problem.
    let (_, p) = load(
        "audience: public
messages:
  - id: a
    kind: statement
    headline: {en: Hello, uk: Привіт, it: Ciao}
    body: {en: Body, uk: Тіло}
    caption: {en: Cap, uk: Підпис, it: Didascalia}
",
    );
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(
        p[0].to_string()
            .contains("messages/public.yaml:6:11: error: body has no it text"),
        "{}",
        p[0]
    );
}

#[test]
fn quotation_marks_are_mirrored_in_right_to_left_text() {
    // In right-to-left text the opening « stands on the right and points
    // outward, so it is drawn with the glyph of », and the other way round.
    let g = glyphs(&rtl_svg("قال «مرحبا» هنا"));
    let id = |c: &str| g.iter().find(|x| x.2 == c).expect("glyph").1;
    let arabic = fonts()
        .resolve(&["Noto Sans Arabic".to_owned()], 400, false)
        .expect("Noto Sans Arabic");
    let alone = |c: &str| {
        let ch = c.chars().next().expect("a char");
        fonts()
            .with_face(arabic, |data, i| {
                rustybuzz::ttf_parser::Face::parse(data, i)
                    .ok()?
                    .glyph_index(ch)
            })
            .flatten()
            .expect("in the font")
            .0
    };
    assert_eq!(id("«"), alone("»"));
    assert_eq!(id("»"), alone("«"));
    // And the opening mark is right of the quoted word.
    let x = |c: &str| g.iter().find(|x| x.2 == c).expect("glyph").0;
    assert!(x("«") > x("م") && x("»") < x("ب"));
}

/// Every number in a shipped text is the same in each of its languages:
/// translations never change a figure.
#[test]
fn shipped_translations_keep_every_number() {
    let root = crate::util::root();
    let project = handbill::project::read(&handbill::project::Paths::under(&root)).expect("reads");
    let (c, problems) = campaign::load(&project.sources);
    assert!(problems.is_empty(), "{problems:?}");
    let c = c.expect("campaign");
    let numbers = |s: &str| -> Vec<String> {
        let latin: String = s.chars().map(|ch| latin_digit(ch).unwrap_or(ch)).collect();
        let mut out: Vec<String> = latin
            .split(|ch: char| !ch.is_ascii_digit())
            .filter(|d| !d.is_empty())
            .map(str::to_owned)
            .collect();
        out.sort();
        out
    };
    let mut checked = 0;
    for m in &c.messages {
        let (cards, _) = card::plan(
            &c,
            &card::Filter {
                messages: vec![m.id.clone()],
                formats: vec!["instagram-square".into()],
                ..Default::default()
            },
        );
        let en: Vec<&card::Card> = cards.iter().filter(|x| x.language == "en").collect();
        for other in cards.iter().filter(|x| x.language != "en") {
            let twin = en
                .iter()
                .find(|e| e.slide == other.slide)
                .expect("an English twin");
            for (slot, text) in &other.slots {
                if *slot == "page" {
                    continue;
                }
                assert_eq!(
                    numbers(text),
                    numbers(&twin.slots[slot]),
                    "{} {} {slot}: {text}",
                    m.id,
                    other.language
                );
            }
            assert_eq!(
                numbers(&other.caption),
                numbers(&twin.caption),
                "{} {} caption",
                m.id,
                other.language
            );
            checked += 1;
        }
    }
    assert!(checked > 50, "checked {checked} cards");
}

/// A digit of any script the campaign writes (Latin, Arabic-Indic, Persian)
/// as its Latin digit: a figure is the same whichever digits show it.
fn latin_digit(ch: char) -> Option<char> {
    ['0', '٠', '۰'].into_iter().find_map(|zero| {
        let d = (ch as u32).checked_sub(zero as u32)?;
        char::from_digit(d, 10)
    })
}
