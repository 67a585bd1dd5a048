//! Reading the campaign's YAML: the files as written (`Raw*`), parsed with
//! serde-saphyr so every value keeps its line and column, and checked into
//! the resolved model of the parent module. Every problem is collected.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::*;
use crate::format::Format;
use crate::problem::{Location, Problem};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCampaign {
    name: String,
    slug: Spanned<String>,
    languages: Spanned<Vec<RawLanguage>>,
    formats: Vec<Spanned<String>>,
    #[serde(default)]
    colours: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    logo: Option<Spanned<String>>,
    #[serde(default)]
    hashtags: Vec<Spanned<String>>,
    audiences: BTreeMap<String, RawAudience>,
    words: RawWords,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAudience {
    name: Spanned<Text>,
    #[serde(default)]
    kicker: Option<Spanned<Text>>,
    #[serde(default)]
    languages: Option<Vec<Spanned<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    code: Spanned<String>,
    status: Status,
    #[serde(default)]
    direction: Option<Direction>,
    #[serde(default)]
    fallback: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawWords {
    source: Spanned<Text>,
    quote_open: Spanned<Text>,
    quote_close: Spanned<Text>,
    slide: Spanned<Text>,
    of: Spanned<Text>,
    comma: Spanned<Text>,
    numbers: Spanned<BTreeMap<String, NumberFormat>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMessageFile {
    audience: Spanned<String>,
    messages: Vec<RawMessage>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMessage {
    id: Spanned<String>,
    kind: Spanned<String>,
    #[serde(default)]
    headline: Option<Spanned<Text>>,
    #[serde(default)]
    body: Option<Spanned<Text>>,
    #[serde(default)]
    value: Option<Spanned<Text>>,
    #[serde(default)]
    label: Option<Spanned<Text>>,
    #[serde(default)]
    number: Option<Spanned<f64>>,
    #[serde(default)]
    unit: Option<Spanned<String>>,
    #[serde(default)]
    quote: Option<Spanned<Text>>,
    #[serde(default)]
    attribution: Option<Spanned<Text>>,
    #[serde(default)]
    link: Option<Spanned<Text>>,
    #[serde(default)]
    slides: Option<Vec<RawSlide>>,
    caption: Spanned<Text>,
    #[serde(default)]
    alt: Option<Spanned<Text>>,
    #[serde(default)]
    hashtags: Vec<Spanned<String>>,
    #[serde(default)]
    source: Option<Spanned<Source>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSlide {
    headline: Spanned<Text>,
    #[serde(default)]
    body: Option<Spanned<Text>>,
}

/// The text files the campaign is made of, as read from disk.
#[derive(Clone, Debug, Default)]
pub struct Sources {
    /// `campaign.yaml`: its path and text.
    pub campaign: (PathBuf, String),
    /// Every other `.yaml` file in the messages folder, sorted by path.
    pub messages: Vec<(PathBuf, String)>,
}

fn loc(file: &Path, l: &serde_saphyr::Location) -> Location {
    Location::new(file, l.line() as u32, l.column() as u32)
}

/// Parses YAML, turning a syntax or shape error into a located problem.
fn parse_yaml<T: for<'de> Deserialize<'de>>(file: &Path, text: &str) -> Result<T, Problem> {
    serde_saphyr::from_str::<T>(text).map_err(|e| {
        let location = match e.location() {
            Some(l) => loc(file, &l),
            None => Location::file(file),
        };
        // The error's own text repeats the position and may quote the source;
        // keep its first line, which says what is wrong.
        let full = e.to_string();
        let what = clean_yaml_error(full.lines().next().unwrap_or("invalid YAML"));
        Problem::new(location, what).hint(
            "fix the YAML at this place; README.md (Adding a message) and the shipped messages/ files show every field",
        )
    })
}

/// Drops the parts of a YAML error that the problem already says ("error:",
/// "line 7 column 11:").
pub(crate) fn clean_yaml_error(first_line: &str) -> String {
    let mut s = first_line.trim();
    s = s.strip_prefix("error:").unwrap_or(s).trim_start();
    if let Some(rest) = s.strip_prefix("line ")
        && let Some((_, after)) = rest.split_once(':')
        && rest
            .split(':')
            .next()
            .is_some_and(|pos| pos.contains("column"))
    {
        s = after.trim_start();
    }
    match s {
        "expected mapping start" => "expected a map of `key: value` fields here".to_owned(),
        "expected sequence start" => "expected a list here".to_owned(),
        _ => s.to_owned(),
    }
}

/// Parses and checks the campaign. Returns the campaign if it is usable at
/// all, and every problem found.
pub fn load(sources: &Sources) -> (Option<Campaign>, Vec<Problem>) {
    let mut problems = Vec::new();
    let (cfile, ctext) = &sources.campaign;
    let raw: RawCampaign = match parse_yaml(cfile, ctext) {
        Ok(r) => r,
        Err(p) => return (None, vec![p]),
    };
    let at = |s: &serde_saphyr::Location| loc(cfile, s);

    let slug = raw.slug.value.clone();
    if slug.is_empty()
        || !slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        problems.push(
            Problem::new(
                at(&raw.slug.referenced),
                format!("slug {slug:?} is not a file-name-safe id"),
            )
            .hint("use lowercase ASCII letters, digits and hyphens, e.g. free2link"),
        );
    }

    let mut languages = Vec::new();
    let mut language_info: Vec<Language> = Vec::new();
    for l in &raw.languages.value {
        let code = &l.code;
        if !is_language_code(&code.value) {
            problems.push(
                Problem::new(
                    at(&code.referenced),
                    format!("{:?} is not a language code", code.value),
                )
                .hint("use a BCP 47 code such as en, it, el, uk or ar"),
            );
        } else if languages.contains(&code.value) {
            problems.push(Problem::new(
                at(&code.referenced),
                format!("language {} is listed twice", code.value),
            ));
        } else {
            languages.push(code.value.clone());
            language_info.push(Language {
                code: code.value.clone(),
                status: l.status,
                direction: l.direction.unwrap_or(Direction::Ltr),
                fallback: l.fallback.as_ref().map(|f| f.value.clone()),
            });
        }
    }
    for l in &raw.languages.value {
        if let Some(f) = &l.fallback
            && (f.value == l.code.value || !languages.contains(&f.value))
        {
            problems.push(
                    Problem::new(at(&f.referenced), format!("language {} falls back to {}, which is not another of the campaign's languages", l.code.value, f.value))
                        .hint("name one of the languages listed here, or remove `fallback:`"),
                );
        }
    }
    if languages.is_empty() {
        problems.push(
            Problem::new(
                at(&raw.languages.referenced),
                "the campaign lists no languages",
            )
            .hint("list at least one, e.g. languages: [{code: en, status: reviewed}]"),
        );
    }
    let all = Langs {
        required: languages.clone(),
        known: &languages,
    };

    let mut formats = Vec::new();
    for f in &raw.formats {
        match Format::named(&f.value) {
            Some(fm) if !formats.contains(&fm) => formats.push(fm),
            Some(_) => problems.push(Problem::new(
                at(&f.referenced),
                format!("format {} is listed twice", f.value),
            )),
            None => problems.push(
                Problem::new(at(&f.referenced), format!("unknown format {:?}", f.value))
                    .hint(format!("handbill knows these formats: {}", Format::names())),
            ),
        }
    }

    let mut colours = BTreeMap::new();
    for (name, value) in &raw.colours {
        if is_hex_colour(&value.value) {
            colours.insert(name.clone(), value.value.to_ascii_lowercase());
        } else {
            problems.push(
                Problem::new(
                    at(&value.referenced),
                    format!("colour {name} is {:?}, not a hex colour", value.value),
                )
                .hint("write it as \"#rrggbb\", in quotes"),
            );
        }
    }

    let mut hashtags = Vec::new();
    for h in &raw.hashtags {
        check_hashtag(cfile, h, &mut problems);
        hashtags.push(h.value.clone());
    }

    let words_text = |problems: &mut Vec<Problem>, t: &Spanned<Text>, what: &str| -> Text {
        check_languages(cfile, t, &all, &format!("words.{what}"), problems);
        t.value.clone()
    };
    let w = &raw.words;
    let mut numbers = w.numbers.value.clone();
    for lang in &languages {
        if !numbers.contains_key(lang) {
            problems.push(
                Problem::new(at(&w.numbers.referenced), format!("words.numbers has no number format for {lang}"))
                    .language(lang)
                    .hint(format!("add `{lang}: {{decimal: \".\", group: \",\", percent: \"{{}}%\"}}` with the language's own separators")),
            );
        }
    }
    numbers.retain(|k, _| languages.contains(k));
    let words = Words {
        source: words_text(&mut problems, &w.source, "source"),
        quote_open: words_text(&mut problems, &w.quote_open, "quote-open"),
        quote_close: words_text(&mut problems, &w.quote_close, "quote-close"),
        slide: words_text(&mut problems, &w.slide, "slide"),
        of: words_text(&mut problems, &w.of, "of"),
        comma: words_text(&mut problems, &w.comma, "comma"),
        numbers,
    };

    let mut audiences = Vec::new();
    for (id, a) in &raw.audiences {
        let mut own = Vec::new();
        for l in a.languages.iter().flatten() {
            if languages.contains(&l.value) {
                own.push(l.value.clone());
            } else {
                problems.push(
                    Problem::new(
                        at(&l.referenced),
                        format!(
                            "audience {id} lists {}, which is not a campaign language",
                            l.value
                        ),
                    )
                    .hint("add it to the campaign's `languages:`, or fix the code"),
                );
            }
        }
        if a.languages.is_none() {
            own = languages.clone();
        }
        // Keep the campaign's order.
        own.sort_by_key(|l| languages.iter().position(|x| x == l));
        let langs = Langs {
            required: own.clone(),
            known: &languages,
        };
        check_languages(
            cfile,
            &a.name,
            &langs,
            &format!("the name of audience {id}"),
            &mut problems,
        );
        if let Some(k) = &a.kicker {
            check_languages(
                cfile,
                k,
                &langs,
                &format!("the kicker of audience {id}"),
                &mut problems,
            );
        }
        audiences.push(Audience {
            id: id.clone(),
            name: a.name.value.clone(),
            kicker: a.kicker.as_ref().map(|k| k.value.clone()),
            languages: own,
        });
    }

    let logo = raw
        .logo
        .as_ref()
        .map(|l| (PathBuf::from(&l.value), at(&l.referenced)));

    let mut campaign = Campaign {
        name: raw.name,
        slug,
        languages,
        language_info,
        formats,
        colours,
        logo,
        hashtags,
        audiences,
        words,
        messages: Vec::new(),
        file: cfile.clone(),
    };

    let mut seen: BTreeMap<String, Location> = BTreeMap::new();
    for (file, text) in &sources.messages {
        let raw: RawMessageFile = match parse_yaml(file, text) {
            Ok(r) => r,
            Err(p) => {
                problems.push(p);
                continue;
            }
        };
        let audience = raw.audience.value.clone();
        if campaign.audience(&audience).is_none() {
            let known: Vec<_> = campaign.audiences.iter().map(|a| a.id.as_str()).collect();
            problems.push(
                Problem::new(
                    loc(file, &raw.audience.referenced),
                    format!("unknown audience {audience:?}"),
                )
                .hint(format!(
                    "use one of the audiences in {}: {}",
                    cfile.display(),
                    known.join(", ")
                )),
            );
        }
        for m in raw.messages {
            let here = loc(file, &m.id.referenced);
            if let Some(first) = seen.get(&m.id.value) {
                problems.push(
                    Problem::new(
                        here.clone(),
                        format!("message id {:?} is used twice", m.id.value),
                    )
                    .hint(format!(
                        "ids must be unique across the campaign; the first is at {first}"
                    )),
                );
                continue;
            }
            seen.insert(m.id.value.clone(), here);
            // A message must be written in each of its audience's languages,
            // except those the campaign lets fall back to another.
            let own = campaign
                .audience(&audience)
                .map_or(&campaign.languages, |a| &a.languages);
            let langs = Langs {
                required: own
                    .iter()
                    .filter(|l| campaign.language(l).is_some_and(|x| x.fallback.is_none()))
                    .cloned()
                    .collect(),
                known: &campaign.languages,
            };
            if let Some(msg) = check_message(file, &audience, m, &langs, &mut problems) {
                campaign.messages.push(msg);
            }
        }
    }
    (Some(campaign), problems)
}

fn is_language_code(s: &str) -> bool {
    let mut parts = s.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_lowercase())
        && parts
            .all(|p| !p.is_empty() && p.len() <= 8 && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

fn is_hex_colour(s: &str) -> bool {
    let h = s.strip_prefix('#').unwrap_or("");
    (h.len() == 6 || h.len() == 3) && h.chars().all(|c| c.is_ascii_hexdigit())
}

fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !s.starts_with('-')
}

fn check_hashtag(file: &Path, h: &Spanned<String>, problems: &mut Vec<Problem>) {
    let v = &h.value;
    if v.starts_with('#') || v.is_empty() || !v.chars().all(|c| c.is_alphanumeric() || c == '_') {
        problems.push(
            Problem::new(
                loc(file, &h.referenced),
                format!("hashtag {v:?} is not a single word"),
            )
            .hint("write hashtags without the # and without spaces, in CamelCase: EndTrafficking"),
        );
    }
}

/// The languages a text must have, and those it may have.
struct Langs<'a> {
    required: Vec<String>,
    known: &'a [String],
}

/// Checks that a translated text has every required language and no
/// language the campaign does not know.
fn check_languages(
    file: &Path,
    t: &Spanned<Text>,
    langs: &Langs,
    what: &str,
    problems: &mut Vec<Problem>,
) {
    let Text::Translated(map) = &t.value else {
        return;
    };
    let at = loc(file, &t.referenced);
    for lang in &langs.required {
        match map.get(lang) {
            None => problems.push(
                Problem::new(at.clone(), format!("{what} has no {lang} text"))
                    .language(lang)
                    .hint(format!("add a line `{lang}: …` with the {lang} text, or give {lang} a `fallback:` language in campaign.yaml")),
            ),
            Some((s, l, c)) if s.trim().is_empty() => problems.push(
                Problem::new(Location::new(file, *l, *c), format!("{what} is empty in {lang}"))
                    .language(lang)
                    .hint("write the text, or remove the field if the card does not need it"),
            ),
            Some(_) => {}
        }
    }
    for (lang, (_, l, c)) in map {
        if !langs.known.contains(lang) {
            problems.push(
                Problem::new(
                    Location::new(file, *l, *c),
                    format!("{what} has text in {lang}, which the campaign does not list"),
                )
                .language(lang)
                .hint(format!(
                    "add {lang} to `languages:` in campaign.yaml, or fix the language code"
                )),
            );
        }
    }
}

fn check_message(
    file: &Path,
    audience: &str,
    m: RawMessage,
    languages: &Langs,
    problems: &mut Vec<Problem>,
) -> Option<Message> {
    let id = m.id.value.clone();
    let here = loc(file, &m.id.referenced);
    let before = problems.len();
    if !is_id(&id) {
        problems.push(
            Problem::new(
                here.clone(),
                format!("message id {id:?} is not a file-name-safe id"),
            )
            .message(&id)
            .hint("use lowercase ASCII letters, digits and hyphens, e.g. early-identification"),
        );
    }
    let kind = m.kind.value.clone();
    let text = |problems: &mut Vec<Problem>,
                t: &Option<Spanned<Text>>,
                field: &str,
                required: bool|
     -> Option<Text> {
        match t {
            Some(t) => {
                let n = problems.len();
                check_languages(file, t, languages, field, problems);
                for p in &mut problems[n..] {
                    p.context.message = Some(id.clone());
                }
                Some(t.value.clone())
            }
            None if required => {
                problems.push(
                    Problem::new(here.clone(), format!("a {kind} message needs a `{field}`"))
                        .message(&id)
                        .hint(format!("add `{field}:` with its text in each language")),
                );
                None
            }
            None => None,
        }
    };

    let unexpected: Vec<&str> = [
        ("headline", m.headline.is_some()),
        ("body", m.body.is_some()),
        ("value", m.value.is_some()),
        ("number", m.number.is_some()),
        ("unit", m.unit.is_some()),
        ("label", m.label.is_some()),
        ("quote", m.quote.is_some()),
        ("attribution", m.attribution.is_some()),
        ("link", m.link.is_some()),
        ("slides", m.slides.is_some()),
    ]
    .iter()
    .filter(|(name, present)| *present && !kind_fields(&m.kind.value).contains(name))
    .map(|(name, _)| *name)
    .collect();

    let content = match m.kind.value.as_str() {
        "statement" => Some(Content::Statement {
            headline: text(problems, &m.headline, "headline", true)?,
            body: text(problems, &m.body, "body", false),
        }),
        "statistic" => {
            let value = match (&m.number, &m.value) {
                (Some(n), None) => {
                    let percent = match m.unit.as_ref().map(|u| u.value.as_str()) {
                        None => Some(false),
                        Some("percent") => Some(true),
                        Some(other) => {
                            let at = m
                                .unit
                                .as_ref()
                                .map_or(here.clone(), |u| loc(file, &u.referenced));
                            problems.push(
                                Problem::new(at, format!("unknown unit {other:?}"))
                                    .message(&id)
                                    .hint("use `unit: percent`, or leave it out for a plain number; write other values as `value:` text"),
                            );
                            None
                        }
                    };
                    if !n.value.is_finite() {
                        problems.push(
                            Problem::new(loc(file, &n.referenced), "the number is not finite")
                                .message(&id),
                        );
                    }
                    percent.map(|percent| Value::Number {
                        number: n.value,
                        percent,
                    })
                }
                (None, Some(_)) => text(problems, &m.value, "value", true).map(Value::Text),
                (Some(n), Some(_)) => {
                    problems.push(
                        Problem::new(loc(file, &n.referenced), "a statistic has either a `number` or a `value`, not both")
                            .message(&id)
                            .hint("use `number:` (with `unit: percent`) to have the number written for each language"),
                    );
                    None
                }
                (None, None) => {
                    problems.push(
                        Problem::new(
                            here.clone(),
                            "a statistic message needs a `number` (or a `value` text)",
                        )
                        .message(&id)
                        .hint("add e.g. `number: 75` and `unit: percent`"),
                    );
                    None
                }
            };
            let label = text(problems, &m.label, "label", true);
            Some(Content::Statistic {
                value: value?,
                label: label?,
            })
        }
        "quote" => {
            let quote = text(problems, &m.quote, "quote", true);
            let attribution = text(problems, &m.attribution, "attribution", true);
            Some(Content::Quote {
                quote: quote?,
                attribution: attribution?,
            })
        }
        "call-to-action" => {
            let headline = text(problems, &m.headline, "headline", true);
            let body = text(problems, &m.body, "body", false);
            let link = text(problems, &m.link, "link", true);
            Some(Content::CallToAction {
                headline: headline?,
                body,
                link: link?,
            })
        }
        "carousel" => {
            let mut slides = Vec::new();
            let raw_slides = m.slides.as_deref().unwrap_or(&[]);
            for (i, s) in raw_slides.iter().enumerate() {
                let h = text(
                    problems,
                    &Some(s.headline.clone()),
                    &format!("slides[{}].headline", i + 1),
                    true,
                );
                let b = text(problems, &s.body, &format!("slides[{}].body", i + 1), false);
                if let Some(headline) = h {
                    slides.push(Slide { headline, body: b });
                }
            }
            // Instagram's publishing API takes 2 to 10 images a carousel.
            if !(2..=10).contains(&raw_slides.len()) {
                problems.push(
                    Problem::new(
                        here.clone(),
                        format!(
                            "a carousel needs 2 to 10 slides; this one has {}",
                            raw_slides.len()
                        ),
                    )
                    .message(&id)
                    .hint("Instagram publishes 2 to 10 images a carousel: split it, or add slides"),
                );
            }
            Some(Content::Carousel { slides })
        }
        other => {
            problems.push(
                Problem::new(
                    loc(file, &m.kind.referenced),
                    format!("unknown kind {other:?}"),
                )
                .message(&id)
                .hint(format!("use one of: {}", KINDS.join(", "))),
            );
            None
        }
    };
    for name in unexpected {
        problems.push(
            Problem::new(
                here.clone(),
                format!("a {} message has no `{name}` field", m.kind.value),
            )
            .message(&id)
            .hint(format!(
                "remove `{name}`, or change the kind; a {} uses: {}",
                m.kind.value,
                kind_fields(&m.kind.value).join(", ")
            )),
        );
    }

    let caption = text(problems, &Some(m.caption.clone()), "caption", true);
    let alt = text(problems, &m.alt, "alt", false);
    let mut hashtags = Vec::new();
    for h in &m.hashtags {
        check_hashtag(file, h, problems);
        hashtags.push(h.value.clone());
    }
    let source = m.source.as_ref().map(|s| {
        let at = loc(file, &s.referenced);
        for (what, t) in [
            ("source publisher", Some(&s.value.publisher)),
            ("source title", s.value.title.as_ref()),
        ] {
            if let Some(t) = t {
                let spanned = Spanned::new(t.clone(), s.referenced, s.referenced);
                let n = problems.len();
                check_languages(file, &spanned, languages, what, problems);
                for p in &mut problems[n..] {
                    p.location = at.clone();
                    p.context.message = Some(id.clone());
                }
            }
        }
        if let Some(url) = &s.value.url
            && !(url.starts_with("https://") || url.starts_with("http://"))
        {
            problems.push(
                Problem::new(
                    at.clone(),
                    format!("source url {url:?} is not a web address"),
                )
                .message(&id)
                .hint("write the full address, starting with https://"),
            );
        }
        s.value.clone()
    });

    if problems.len() > before {
        return None;
    }
    Some(Message {
        id,
        audience: audience.to_owned(),
        location: here,
        content: content?,
        caption: caption?,
        alt,
        hashtags,
        source,
    })
}

fn kind_fields(kind: &str) -> &'static [&'static str] {
    match kind {
        "statement" => &["headline", "body"],
        "statistic" => &["number", "unit", "value", "label"],
        "quote" => &["quote", "attribution"],
        "call-to-action" => &["headline", "body", "link"],
        "carousel" => &["slides"],
        _ => &[],
    }
}
