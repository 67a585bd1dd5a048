//! Formats and kinds a campaign defines itself in `campaign.yaml`: they
//! build like the built-in ones, and each mistake in a definition is
//! located.

use std::path::Path;

use crate::util::{TempDir, build_in, fixture, refused_in};

const SQUARE: &str = "templates/instagram-square/statement.svg";

fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).expect("reads");
    assert_eq!(text.matches(from).count(), 1, "{from}");
    std::fs::write(&path, text.replacen(from, to, 1)).expect("writes");
}

fn copy(dir: &Path, from: &str, to: &str) {
    let to = dir.join(to);
    std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
    std::fs::copy(dir.join(from), to).expect("copies");
}

fn built(dir: &Path) {
    let o = build_in(dir, &["--quiet"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// The mini campaign with a `bluesky` format of its own, drawn by copying
/// the square template.
fn with_bluesky(budget: u64) -> TempDir {
    let dir = fixture("mini");
    edit(
        dir.path(),
        "messages/campaign.yaml",
        "formats: [instagram-square]",
        &format!(
            "formats:\n  - instagram-square\n  - name: bluesky\n    width: 1080\n    height: 1080\n    platforms: [bluesky]\n    safe: {{left: 40, right: 40}}\n    budget: {budget}"
        ),
    );
    copy(dir.path(), SQUARE, "templates/bluesky/statement.svg");
    dir
}

#[test]
fn a_defined_format_builds_with_its_platforms() {
    let dir = with_bluesky(1_000_000);
    built(dir.path());
    let card = dir.path().join("out/cards/el/bluesky/hello.png");
    let png = std::fs::read(&card).expect("the bluesky card");
    let pixmap = resvg::tiny_skia::Pixmap::decode_png(&png).expect("a PNG");
    assert_eq!((pixmap.width(), pixmap.height()), (1080, 1080));
    let manifest: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.path().join("out/manifest.json")).expect("manifest"),
    )
    .expect("json");
    let bluesky = manifest["cards"]
        .as_array()
        .expect("cards")
        .iter()
        .find(|c| c["format"] == "bluesky")
        .expect("a bluesky card");
    assert_eq!(bluesky["platforms"], serde_json::json!(["bluesky"]));
}

#[test]
fn cards_over_a_formats_budget_are_refused_once_per_template() {
    let dir = with_bluesky(2_000);
    let err = refused_in(dir.path(), &[]);
    let said: Vec<&str> = err.lines().filter(|l| l.contains("budget")).collect();
    assert_eq!(said.len(), 2, "one problem and its hint: {err}");
    assert!(
        said[0].contains("templates/bluesky/statement.svg")
            && said[0]
                .contains("2 bluesky cards are over the bluesky format's budget of 2000 bytes"),
        "{err}"
    );
}

#[test]
fn a_text_box_in_a_defined_side_safe_zone_is_located() {
    let dir = with_bluesky(1_000_000);
    let wide = "templates/bluesky/statement.svg";
    edit(
        dir.path(),
        wide,
        "<rect id=\"body-box\" x=\"90\"",
        "<rect id=\"body-box\" x=\"20\"",
    );
    let err = refused_in(dir.path(), &[]);
    assert!(
        err.contains("bluesky/statement.svg:12:")
            && err.contains(
                "`body-box` spans x 20–920 but text must stay within x 40–1040 on bluesky"
            ),
        "{err}"
    );
}

/// An event template: the statement's boxes, taken by the event's slots.
const EVENT_TEMPLATE: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="1080" height="1080" viewBox="0 0 1080 1080">
  <rect width="1080" height="1080" fill="#ffffff"/>
  <rect id="kicker-box" x="90" y="110" width="900" height="60" fill="none"/>
  <text id="kicker" x="90" y="150" font-family="Noto Sans" font-weight="700" font-size="34">Kicker</text>
  <rect id="title-box" x="90" y="200" width="900" height="400" fill="none"/>
  <text id="title" x="90" y="280" font-family="Noto Sans" font-weight="700" font-size="90">Title</text>
  <rect id="date-box" x="90" y="640" width="900" height="90" fill="none"/>
  <text id="date" x="90" y="700" font-family="Noto Sans" font-weight="700" font-size="60">Date</text>
  <rect id="place-box" x="90" y="750" width="900" height="120" fill="none"/>
  <text id="place" x="90" y="800" font-family="Noto Sans" font-size="44">Place</text>
  <rect id="link-box" x="90" y="900" width="900" height="60" fill="none"/>
  <text id="link" x="90" y="940" font-family="Noto Sans" font-size="36">Link</text>
</svg>
"##;

const EVENT_KIND: &str = "kinds:
  - name: event
    fields:
      - {name: title, type: text}
      - {name: date, type: date}
      - {name: place, type: text}
      - {name: link, type: link, required: false}
";

const DATES: &str = "  dates:
    en: {format: \"{day} {month} {year}\", months: [January, February, March, April, May, June, July, August, September, October, November, December]}
    el: {format: \"{day} {month} {year}\", months: [Ιανουαρίου, Φεβρουαρίου, Μαρτίου, Απριλίου, Μαΐου, Ιουνίου, Ιουλίου, Αυγούστου, Σεπτεμβρίου, Οκτωβρίου, Νοεμβρίου, Δεκεμβρίου]}
";

const EVENT_MESSAGE: &str = "  - id: training
    kind: event
    title: {en: Training for frontline staff, el: Εκπαίδευση για το προσωπικό πρώτης γραμμής}
    date: 2027-03-12
    place: {en: Online, el: Διαδικτυακά}
    link: https://example.org/training
    caption: {en: Training for frontline staff., el: Εκπαίδευση για το προσωπικό πρώτης γραμμής.}
";

/// The mini campaign with an `event` kind of its own, a template for it
/// and one event message.
fn with_event() -> TempDir {
    let dir = fixture("mini");
    let campaign = dir.path().join("messages/campaign.yaml");
    let text = std::fs::read_to_string(&campaign).expect("reads");
    std::fs::write(&campaign, format!("{text}{DATES}{EVENT_KIND}")).expect("writes");
    let messages = dir.path().join("messages/public.yaml");
    let text = std::fs::read_to_string(&messages).expect("reads");
    std::fs::write(&messages, format!("{text}{EVENT_MESSAGE}")).expect("writes");
    let template = dir.path().join("templates/instagram-square/event.svg");
    std::fs::write(template, EVENT_TEMPLATE).expect("writes");
    dir
}

#[test]
fn a_defined_kind_builds_in_every_language_with_dates_in_its_words() {
    let dir = with_event();
    built(dir.path());
    let alt = |lang: &str| {
        let path = format!("out/cards/{lang}/instagram-square/training.alt.txt");
        std::fs::read_to_string(dir.path().join(path)).expect("the alt text")
    };
    assert_eq!(
        alt("en"),
        "The public: Training for frontline staff. 12 March 2027. Online.\n"
    );
    assert!(alt("el").contains("12 Μαρτίου 2027."), "{}", alt("el"));
    let card = dir
        .path()
        .join("out/cards/el/instagram-square/training.png");
    assert!(card.is_file(), "the Greek card");
}

#[test]
fn a_messages_fields_are_checked_against_its_defined_kind() {
    let dir = with_event();
    edit(
        dir.path(),
        "messages/public.yaml",
        "date: 2027-03-12",
        "date: 12/03/2027",
    );
    edit(
        dir.path(),
        "messages/public.yaml",
        "link: https://example.org/training",
        "link: javascript:alert(1)",
    );
    let err = refused_in(dir.path(), &[]);
    assert!(
        err.contains("public.yaml:20:11") && err.contains("\"12/03/2027\" is not a date"),
        "{err}"
    );
    assert!(
        err.contains("public.yaml:22:11")
            && err.contains("link: \"javascript:alert(1)\" is not a web address"),
        "{err}"
    );
}

#[test]
fn a_kind_with_a_date_needs_the_words_for_dates() {
    let dir = with_event();
    edit(
        dir.path(),
        "messages/campaign.yaml",
        "    el: {format: \"{day} {month} {year}\", months: [Ιανουαρίου",
        "    fr: {format: \"{day} {month} {year}\", months: [Ιανουαρίου",
    );
    let err = refused_in(dir.path(), &[]);
    assert!(
        err.contains("words.dates has no date format for el"),
        "{err}"
    );
}

#[test]
fn a_kind_without_its_template_names_the_file_to_add() {
    let dir = with_event();
    std::fs::remove_file(dir.path().join("templates/instagram-square/event.svg")).expect("rm");
    let err = refused_in(dir.path(), &[]);
    assert!(
        err.contains("there is no event template for the instagram-square format"),
        "{err}"
    );
}

/// The shipped campaign's own kind, `event`, in every format the campaign
/// builds and every language its audience is written in.
#[test]
fn the_shipped_event_builds_in_every_format_and_language() {
    let dir = TempDir::new();
    let root = crate::util::root();
    for folder in ["messages", "templates", "fonts"] {
        crate::util::copy_dir(&root.join(folder), &dir.path().join(folder));
    }
    let o = build_in(
        dir.path(),
        &["--quiet", "--no-kit", "--message", "platform-training"],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let formats = [
        "instagram-portrait",
        "instagram-3x4",
        "instagram-square",
        "story",
        "x",
        "link-preview",
    ];
    let dates = [
        ("en", "12 March 2027"),
        ("it", "12 marzo 2027"),
        ("el", "12 Μαρτίου 2027"),
    ];
    for (lang, date) in dates {
        for format in formats {
            let card = format!("out/cards/{lang}/{format}/platform-training");
            assert!(dir.path().join(format!("{card}.png")).is_file(), "{card}");
            let alt = std::fs::read_to_string(dir.path().join(format!("{card}.alt.txt")))
                .expect("alt text");
            assert!(alt.contains(date), "{card}: {alt}");
        }
    }
    let cards = std::fs::read_dir(dir.path().join("out/cards/en/story")).expect("story");
    assert_eq!(cards.count(), 3, "one card's png, caption and alt text");
}

/// A campaign of one's own: a Bluesky format and an event kind defined in
/// campaign.yaml, and a template for them drawn in Inkscape's way (layers,
/// a moved layer, labels as ids, line spacing in the style) and saved by
/// Inkscape, built in a left-to-right, a Greek and a right-to-left language.
#[test]
fn a_template_drawn_in_inkscape_for_a_defined_format_and_kind_builds() {
    let dir = fixture("own");
    built(dir.path());
    for (lang, date) in [
        ("en", "21 April 2027"),
        ("el", "21 Απριλίου 2027"),
        ("ar", "أبريل"),
    ] {
        let card = dir
            .path()
            .join(format!("out/cards/{lang}/bluesky/spring-course"));
        let png = std::fs::read(card.with_extension("png")).expect("the card");
        assert!(png.len() < 1_000_000, "within Bluesky's budget");
        let pixmap = resvg::tiny_skia::Pixmap::decode_png(&png).expect("a PNG");
        assert_eq!((pixmap.width(), pixmap.height()), (1200, 1200));
        let alt = std::fs::read_to_string(card.with_extension("alt.txt")).expect("alt");
        assert!(alt.contains(date), "{lang}: {alt}");
    }
}

#[test]
fn a_mistake_in_a_kinds_definition_is_said_once_not_at_each_message() {
    let dir = with_event();
    edit(
        dir.path(),
        "messages/campaign.yaml",
        "{name: place, type: text}",
        "{name: place, type: txt}",
    );
    let err = refused_in(dir.path(), &[]);
    assert!(
        err.contains("campaign.yaml:33:29: error: unknown field type \"txt\""),
        "{err}"
    );
    assert!(!err.contains("unknown kind"), "{err}");
    assert!(err.contains("1 error in"), "{err}");
}

/// A text written once for every language that is too long is one
/// problem naming the languages, told to shorten the text, not "in this
/// language" once per language.
#[test]
fn a_link_too_long_in_every_language_is_one_problem() {
    let dir = with_event();
    let long = format!("https://example.org/{}", "training-".repeat(30));
    edit(
        dir.path(),
        "messages/public.yaml",
        "link: https://example.org/training",
        &format!("link: {long}"),
    );
    let err = refused_in(dir.path(), &[]);
    assert_eq!(err.matches("the link does not fit").count(), 1, "{err}");
    assert!(err.contains("language el, en"), "{err}");
    assert!(err.contains("help: shorten the link (the caption"), "{err}");
}
