//! Loading messages: every mistake in a campaign's files is reported with
//! its file, line and column, and all of them at once.

use std::path::PathBuf;

use handbill::campaign::{self, Sources};

const CAMPAIGN: &str = "name: T
slug: t
languages: [{code: en, status: reviewed}, {code: it, status: draft}]
formats: [instagram-square]
audiences:
  public:
    name: {en: Public, it: Pubblico}
words:
  source: {en: Source, it: Fonte}
  quote-open: {en: \"“\", it: \"«\"}
  quote-close: {en: \"”\", it: \"»\"}
  slide: {en: Slide, it: Slide}
  of: {en: of, it: di}
  comma: {en: \", \", it: \", \"}
  numbers:
    en: {decimal: \".\", group: \",\", percent: \"{}%\"}
    it: {decimal: \",\", group: \".\", percent: \"{}%\"}
";

fn load(messages: &str) -> (Option<campaign::Campaign>, Vec<handbill::problem::Problem>) {
    campaign::load(&Sources {
        campaign: (PathBuf::from("messages/campaign.yaml"), CAMPAIGN.to_owned()),
        messages: vec![(PathBuf::from("messages/public.yaml"), messages.to_owned())],
    })
}

#[test]
fn a_good_file_loads() {
    let (c, p) = load(
        "audience: public
messages:
  - id: a
    kind: statistic
    value: 75%
    label: {en: of victims, it: delle vittime}
    caption: {en: Cap, it: Didascalia}
",
    );
    assert!(p.is_empty(), "{p:?}");
    let c = c.expect("campaign");
    assert_eq!(c.messages.len(), 1);
    assert_eq!(c.messages[0].kind.name, "statistic");
}

#[test]
fn a_missing_translation_names_language_and_place() {
    let (_, p) = load(
        "audience: public
messages:
  - id: a
    kind: statement
    headline:
      en: Hello
    caption: {en: Cap, it: Didascalia}
",
    );
    assert_eq!(p.len(), 1, "{p:?}");
    let text = p[0].to_string();
    assert!(text.starts_with("messages/public.yaml:6:7:"), "{text}");
    assert!(text.contains("headline has no it text"), "{text}");
    assert!(
        text.contains("message a") && text.contains("language it"),
        "{text}"
    );
    assert!(text.contains("help:"), "{text}");
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let (_, p) = load(
        "audience: public
messages:
  - id: a
    kind: banner
    caption: {en: Cap, it: Didascalia}
  - id: a
    kind: statement
    headline: {en: X, it: Y}
    caption: {en: Cap, it: Didascalia}
  - id: Bad_Id
    kind: statement
    headline: {en: X, it: Y, fr: Z}
    caption: {en: Cap, it: Didascalia}
    hashtags: ['#Tag']
",
    );
    let all: Vec<String> = p.iter().map(|x| x.to_string()).collect();
    let joined = all.join("\n");
    assert!(
        joined.contains("messages/public.yaml:4:11: error: unknown kind \"banner\""),
        "{joined}"
    );
    assert!(
        joined.contains("messages/public.yaml:6:9: error: message id \"a\" is used twice"),
        "{joined}"
    );
    assert!(joined.contains("not a file-name-safe id"), "{joined}");
    assert!(joined.contains("has text in fr"), "{joined}");
    assert!(joined.contains("hashtag \"#Tag\""), "{joined}");
}

#[test]
fn a_misspelt_kind_is_matched_to_the_kind_it_was_meant_to_be() {
    let (_, p) = load(
        "audience: public
messages:
  - id: a
    kind: call-to-acton
    headline: {en: X, it: Y}
    link: example.org
    caption: {en: Cap, it: Didascalia}
",
    );
    assert_eq!(p.len(), 1, "one cause, one problem: {p:?}");
    let said = p[0].to_string();
    assert!(
        said.contains("unknown kind \"call-to-acton\"")
            && said.contains("help: did you mean `call-to-action`?"),
        "{said}"
    );
}

#[test]
fn yaml_syntax_errors_have_a_location() {
    let (_, p) = load("audience: public\nmessages:\n  - id: a\n    kind: [statement\n");
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(p[0].location.file, PathBuf::from("messages/public.yaml"));
    assert_eq!(p[0].location.line, 4, "{:?}", p[0].location);
}

#[test]
fn unknown_fields_are_reported_where_they_are() {
    let (_, p) = load(
        "audience: public
messages:
  - id: a
    kind: statement
    headlin: {en: X, it: Y}
    caption: {en: Cap, it: Didascalia}
",
    );
    // The misspelt field is reported on its own line (a statement without
    // its `headline` may be reported too).
    let unknown: Vec<_> = p.iter().filter(|x| x.what.contains("`headlin`")).collect();
    assert_eq!(unknown.len(), 1, "{p:?}");
    assert_eq!(unknown[0].location.line, 5, "{}", unknown[0]);
}

#[test]
fn the_same_problem_in_several_formats_is_reported_once() {
    use handbill::problem::{self, Location, Problem};
    let p = |format: &str| {
        Problem::new(
            Location::new("messages/a.yaml", 3, 7),
            "the body does not fit",
        )
        .message("a")
        .language("en")
        .format(format)
        .slot("body")
    };
    let mut list = vec![
        p("x"),
        p("story"),
        p("x"),
        Problem::new(Location::new("messages/a.yaml", 9, 1), "other"),
    ];
    problem::sort(&mut list);
    assert_eq!(list.len(), 2, "{list:?}");
    assert_eq!(list[0].context.format.as_deref(), Some("story, x"));
}

#[test]
fn each_field_is_checked_as_its_kind_defines_it_once_per_cause() {
    let (_, p) = load(
        "audience: public
messages:
  - id: a
    kind: statistic
    nmber: 75
    unit: permille
    label: {en: x, it: y}
    caption: x
  - id: b
    kind: carousel
    slides:
      - headline: Only one
        colour: red
    caption: x
  - id: c
    kind: statement
    headline: [1, 2]
    caption: x
  - id: d
    kind: statistic
    number: 3
    value: '3'
    label: x
    caption: x
",
    );
    let lines: Vec<String> = p
        .iter()
        .map(|p| format!("{}: {}", p.location, p.what))
        .collect();
    assert_eq!(
        lines,
        [
            "messages/public.yaml:5:5: a statistic message has no `nmber` field",
            "messages/public.yaml:6:11: unknown unit \"permille\"",
            "messages/public.yaml:13:9: a slide of a carousel has no `colour` field",
            "messages/public.yaml:9:9: a carousel needs 2 to 10 slides; this one has 1",
            "messages/public.yaml:17:15: `headline` should be a text, or a map from language code to text",
            "messages/public.yaml:19:9: a statistic has either a `number` or a `value`, not both",
        ],
        "{p:#?}"
    );
    assert_eq!(p[0].hint.as_deref(), Some("did you mean `number`?"));
}

/// A carousel's text that does not fit names its slide, as well as its
/// message, language and format.
#[test]
fn a_carousel_slide_that_overflows_is_named() {
    let dir = crate::util::TempDir::new();
    let root = crate::util::root();
    for folder in ["messages", "templates", "fonts"] {
        crate::util::copy_dir(&root.join(folder), &dir.path().join(folder));
    }
    let file = dir.path().join("messages/everyone.yaml");
    let text = std::fs::read_to_string(&file).expect("reads");
    let long = "A deceptive job vacancy ".repeat(20);
    let text = text.replacen(
        "en: Deceptive job vacancies",
        &format!("en: {}", long.trim()),
        1,
    );
    std::fs::write(&file, text).expect("writes");
    let args = [
        "--message",
        "indicators",
        "--language",
        "en",
        "--format",
        "instagram-square",
        "--no-kit",
    ];
    let err = crate::util::refused_in(dir.path(), &args);
    assert!(
        err.contains("the headline does not fit")
            && err
                .contains("in: message indicators, slide 2, language en, format instagram-square"),
        "{err}"
    );
}
