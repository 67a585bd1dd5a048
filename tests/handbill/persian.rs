//! Persian (Dari/Farsi, `fa`): the campaign's second right-to-left
//! language, shipped as a draft for the media and public and for everyone.
//!
//! Checks the shipped campaign as planned and as built: which cards are
//! made in Persian, that they are mirrored, and that what handbill writes
//! around the translations (captions, alt text, source lines) reads as
//! Persian. It must not check the wording itself: that is the native
//! reviewer's job, not a test's.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::OnceLock;

use handbill::campaign::{self, Campaign, Direction, Status};
use handbill::card::{self, Card};

use crate::util::{TempDir, build_in, root};

/// The shipped campaign, loaded once.
fn shipped() -> &'static Campaign {
    static CAMPAIGN: OnceLock<Campaign> = OnceLock::new();
    CAMPAIGN.get_or_init(|| {
        let paths = handbill::project::Paths::under(&root());
        let project = handbill::project::read(&paths).expect("reads");
        let (c, problems) = campaign::load(&project.sources);
        assert!(problems.is_empty(), "{problems:?}");
        c.expect("campaign")
    })
}

/// Every Persian card of the shipped campaign, as planned.
fn persian_cards() -> Vec<Card> {
    let filter = card::Filter {
        languages: vec!["fa".into()],
        ..Default::default()
    };
    let (cards, problems) = card::plan(shipped(), &filter);
    assert!(problems.is_empty(), "{problems:?}");
    cards
}

/// The shipped campaign's X cards in English and Persian with the Persian
/// press kit, built once into a folder of its own (the repository's
/// messages, templates and fonts are read in place, nothing is cached).
fn built() -> &'static TempDir {
    static BUILT: OnceLock<TempDir> = OnceLock::new();
    BUILT.get_or_init(|| {
        let out = TempDir::new();
        let (project, dest) = (root(), out.path().join("out"));
        let mut args = vec!["-C", project.to_str().expect("a UTF-8 path")];
        args.extend(["--format", "x", "--language", "en", "--language", "fa"]);
        args.extend(["--svg", "--no-cache", "--quiet", "--out"]);
        args.push(dest.to_str().expect("a UTF-8 path"));
        let o = build_in(out.path(), &args);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        out
    })
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn persian_cards_are_made_for_the_public_and_everyone_as_right_to_left_drafts() {
    let cards = persian_cards();
    let audiences: BTreeSet<&str> = cards.iter().map(|c| c.audience.as_str()).collect();
    assert_eq!(
        audiences,
        BTreeSet::from(["everyone", "media-and-public"]),
        "the other audiences make cards in en, it and el only"
    );
    // Three messages for the public; four for everyone and a carousel of
    // four slides: eleven cards in each of the six formats.
    assert_eq!(cards.len(), 11 * 6);
    for c in &cards {
        assert_eq!(c.direction, Direction::Rtl, "{}", c.stem);
        assert_eq!(c.status, Status::Draft, "{}", c.stem);
        assert!(!c.is_fallback(), "{} is not in Persian", c.stem);
    }
}

/// Persian writes its own letters and punctuation: ی and ک, not the Arabic
/// ي and ك; «،» «؛» «؟», not the Latin comma, semicolon and question mark.
fn assert_reads_as_persian(what: &str, stem: &str, text: &str) {
    assert!(
        text.contains('ی'),
        "{stem} {what} has no Persian yeh: {text}"
    );
    for arabic in ['ي', 'ك'] {
        assert!(
            !text.contains(arabic),
            "{stem} {what} has Arabic {arabic}: {text}"
        );
    }
    for latin in [", ", "; ", "?"] {
        assert!(
            !text.contains(latin),
            "{stem} {what} has Latin {latin:?}: {text}"
        );
    }
}

#[test]
fn persian_captions_and_alt_texts_are_persian() {
    for c in persian_cards() {
        assert_reads_as_persian("caption", &c.stem, &c.caption);
        assert_reads_as_persian("alt text", &c.stem, &c.alt);
    }
}

#[test]
fn a_source_title_giving_its_year_in_persian_digits_is_not_given_it_again() {
    // The UNICEF title ends in ۲۰۱۷: the source line must not add ", 2017".
    let cards = persian_cards();
    let card = cards
        .iter()
        .find(|c| c.message == "safe-space-for-children" && c.format.name == "x")
        .expect("the card");
    let source = &card.slots["source"];
    assert!(source.ends_with("وضعیت کودکان جهان ۲۰۱۷"), "{source}");
    assert!(card.caption.contains("۲۰۱۷ https://"), "{}", card.caption);
    assert!(!card.caption.contains("2017 https"), "{}", card.caption);
}

/// The first x of a text element's first line in a built card's SVG.
fn first_x(svg: &str, id: &str) -> f32 {
    let element = svg
        .split_once(&format!("<text id=\"{id}\""))
        .map(|(_, rest)| rest)
        .unwrap_or_else(|| panic!("no {id} in the card"));
    let x = element
        .split_once(" x=\"")
        .and_then(|(_, rest)| rest.split_once('"'))
        .map(|(x, _)| x)
        .expect("a positioned line");
    x.parse().expect("a number")
}

#[test]
fn persian_cards_are_mirrored_and_set_from_the_right() {
    let out = built().path().join("out/cards");
    let card = |lang: &str| read(&out.join(lang).join("x/online-every-day.svg"));
    let (en, fa) = (card("en"), card("fa"));
    // An X card is 1,600 wide: English lines start at the left margin,
    // Persian lines end at the right one.
    assert!(first_x(&en, "headline") < 400.0, "{en}");
    assert!(first_x(&fa, "headline") > 1200.0, "{fa}");
    assert!(fa.contains("text-anchor:end"), "{fa}");
    let alt = read(&out.join("fa/x/indicators-02.alt.txt"));
    assert!(alt.contains("اسلاید") && alt.contains(" از "), "{alt}");
}

#[test]
fn the_persian_press_kit_is_right_to_left_and_says_it_is_a_draft() {
    let kit = built().path().join("out/kit/fa");
    let page = read(&kit.join("index.html"));
    assert!(page.contains(r#"<html lang="fa" dir="rtl">"#), "{page}");
    assert!(page.contains("بسته رسانه‌ای"), "the kit's title is Persian");
    assert!(
        page.contains("ترجمه پیش‌نویس"),
        "the page says it is a draft"
    );
    let faq = read(&kit.join("free2link_faq_questions_fa.md"));
    assert!(faq.contains("قاچاق آنلاین انسان چیست؟"), "{faq}");
}
