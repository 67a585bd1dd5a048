//! Reading the campaign's YAML: the campaign file as written (`Raw*`),
//! parsed with serde-saphyr so every value keeps its line and column, and
//! checked into the resolved model of the parent module. Messages are read
//! and checked in `message.rs`. Every problem is collected.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::define::{self, RawFormatEntry, RawKind};
use super::message::{self, Checking, RawMessage};
use super::translations::{self, Langs};
use super::*;
use crate::kind::{FieldType, Kind};
use crate::problem::{Location, Problem, code};
use crate::yaml::{self, location as loc};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCampaign {
    name: String,
    slug: Spanned<String>,
    languages: Spanned<Vec<RawLanguage>>,
    formats: Vec<Spanned<RawFormatEntry>>,
    #[serde(default)]
    kinds: Vec<RawKind>,
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
    #[serde(default)]
    dates: Option<Spanned<BTreeMap<String, DateFormat>>>,
    #[serde(default)]
    punctuation: Option<Spanned<BTreeMap<String, Punctuation>>>,
    #[serde(default)]
    short_words: Option<Spanned<BTreeMap<String, Vec<String>>>>,
    #[serde(default)]
    joins_previous: Option<Spanned<BTreeMap<String, Vec<String>>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMessageFile {
    audience: Spanned<String>,
    messages: Vec<RawMessage>,
}

/// The text files the campaign is made of, as read from disk.
#[derive(Clone, Debug, Default)]
pub struct Sources {
    /// `campaign.yaml`: its path and text.
    pub campaign: (PathBuf, String),
    /// Every other `.yaml` file in the messages folder, sorted by path.
    pub messages: Vec<(PathBuf, String)>,
}

const YAML_HINT: &str = "fix the YAML at this place; README.md (Adding a message) and the shipped messages/ files show every field";

/// Parses and checks the campaign. Returns the campaign if it is usable at
/// all, and every problem found.
pub fn load(sources: &Sources) -> (Option<Campaign>, Vec<Problem>) {
    let (file, text) = &sources.campaign;
    // The campaign file: without it, nothing else can be checked.
    let raw: RawCampaign = match yaml::parse(file, text, YAML_HINT) {
        Ok(r) => r,
        Err(p) => return (None, vec![p]),
    };
    let mut problems = Vec::new();
    // Its parts, each checked on its own.
    let mut campaign = check_campaign(file, raw, &mut problems);
    // Then every message file, against the campaign; ids are unique
    // across files.
    let mut seen = BTreeMap::new();
    for (file, text) in &sources.messages {
        let found = load_messages(&campaign, file, text, &mut seen, &mut problems);
        campaign.messages.extend(found);
    }
    (Some(campaign), problems)
}

/// Checks the campaign file's parts into a campaign with no messages yet.
fn check_campaign(file: &Path, raw: RawCampaign, problems: &mut Vec<Problem>) -> Campaign {
    let slug = check_slug(file, &raw.slug, problems);
    let languages = check_languages(file, &raw.languages, problems);
    let codes: Vec<String> = languages.iter().map(|l| l.code.clone()).collect();
    let all = Langs {
        required: codes.clone(),
        known: &codes,
        may_fall_back: true,
    };
    let (kinds, broken_kinds) = define::check_kinds(file, &raw.kinds, problems);
    check_dates(file, &raw.words, &kinds, &all, problems);
    Campaign {
        name: raw.name,
        slug,
        formats: define::check_formats(file, &raw.formats, problems),
        colours: check_colours(file, &raw.colours, problems),
        logo: raw
            .logo
            .as_ref()
            .map(|l| (PathBuf::from(&l.value), loc(file, &l.referenced))),
        hashtags: check_hashtags(file, &raw.hashtags, problems),
        audiences: check_audiences(file, &raw.audiences, &codes, problems),
        words: check_words(file, &raw.words, &all, problems),
        kinds,
        broken_kinds,
        languages,
        messages: Vec::new(),
        file: file.to_owned(),
    }
}

fn check_slug(file: &Path, slug: &Spanned<String>, problems: &mut Vec<Problem>) -> String {
    let s = &slug.value;
    if !is_name_safe(s) {
        problems.push(
            Problem::new(
                loc(file, &slug.referenced),
                format!("slug {s:?} is not a file-name-safe id"),
            )
            .hint("use lowercase ASCII letters, digits and hyphens, e.g. free2link"),
        );
    }
    s.clone()
}

/// The languages, each once and with a valid code; fallbacks name another
/// of them.
fn check_languages(
    file: &Path,
    raw: &Spanned<Vec<RawLanguage>>,
    problems: &mut Vec<Problem>,
) -> Vec<Language> {
    let mut languages: Vec<Language> = Vec::new();
    for l in &raw.value {
        let (code, at) = (&l.code.value, loc(file, &l.code.referenced));
        if !is_language_code(code) {
            problems.push(
                Problem::new(at, format!("{code:?} is not a language code"))
                    .hint("use a BCP 47 code such as en, it, el, uk or ar"),
            );
        } else if languages.iter().any(|x| &x.code == code) {
            problems.push(Problem::new(at, format!("language {code} is listed twice")));
        } else {
            languages.push(Language {
                code: code.clone(),
                status: l.status,
                direction: l.direction.unwrap_or(Direction::Ltr),
                fallback: l.fallback.as_ref().map(|f| f.value.clone()),
            });
        }
    }
    for l in &raw.value {
        if let Some(f) = &l.fallback
            && (f.value == l.code.value || !languages.iter().any(|x| x.code == f.value))
        {
            problems.push(
                Problem::new(loc(file, &f.referenced), format!("language {} falls back to {}, which is not another of the campaign's languages", l.code.value, f.value))
                    .hint("name one of the languages listed here, or remove `fallback:`"),
            );
        }
    }
    if languages.is_empty() {
        problems.push(
            Problem::new(
                loc(file, &raw.referenced),
                "the campaign lists no languages",
            )
            .hint("list at least one, e.g. languages: [{code: en, status: reviewed}]"),
        );
    }
    languages
}

fn check_colours(
    file: &Path,
    raw: &BTreeMap<String, Spanned<String>>,
    problems: &mut Vec<Problem>,
) -> BTreeMap<String, String> {
    let mut colours = BTreeMap::new();
    for (name, value) in raw {
        if is_hex_colour(&value.value) {
            colours.insert(name.clone(), value.value.to_ascii_lowercase());
        } else {
            problems.push(
                Problem::new(
                    loc(file, &value.referenced),
                    format!("colour {name} is {:?}, not a hex colour", value.value),
                )
                .hint("write it as \"#rrggbb\", in quotes"),
            );
        }
    }
    colours
}

/// The words handbill writes itself, in every language, and each
/// language's number format.
fn check_words(file: &Path, w: &RawWords, all: &Langs, problems: &mut Vec<Problem>) -> Words {
    let mut text = |t: &Spanned<Text>, what: &str| -> Text {
        problems.extend(translations::check(file, t, all, &format!("words.{what}")));
        t.value.clone()
    };
    let words = Words {
        source: text(&w.source, "source"),
        quote_open: text(&w.quote_open, "quote-open"),
        quote_close: text(&w.quote_close, "quote-close"),
        slide: text(&w.slide, "slide"),
        of: text(&w.of, "of"),
        comma: text(&w.comma, "comma"),
        numbers: w.numbers.value.clone(),
        dates: w
            .dates
            .as_ref()
            .map(|d| d.value.clone())
            .unwrap_or_default(),
        punctuation: per_language(file, w.punctuation.as_ref(), "punctuation", all, problems),
        short_words: lowercase(per_language(
            file,
            w.short_words.as_ref(),
            "short-words",
            all,
            problems,
        )),
        joins_previous: lowercase(per_language(
            file,
            w.joins_previous.as_ref(),
            "joins-previous",
            all,
            problems,
        )),
    };
    let mut numbers = words.numbers;
    for lang in &all.required {
        if !numbers.contains_key(lang) {
            problems.push(
                Problem::new(loc(file, &w.numbers.referenced), format!("words.numbers has no number format for {lang}"))
                    .language(lang)
                    .hint(format!("add `{lang}: {{decimal: \".\", group: \",\", percent: \"{{}}%\"}}` with the language's own separators")),
            );
        }
    }
    numbers.retain(|k, _| all.required.contains(k));
    Words { numbers, ..words }
}

/// Word lists with their words in lowercase, as the layout compares them.
fn lowercase(lists: BTreeMap<String, Vec<String>>) -> BTreeMap<String, Vec<String>> {
    lists
        .into_iter()
        .map(|(lang, list)| (lang, list.iter().map(|w| w.to_lowercase()).collect()))
        .collect()
}

/// A `words:` map by language whose languages are all the campaign's.
fn per_language<T: Clone>(
    file: &Path,
    map: Option<&Spanned<BTreeMap<String, T>>>,
    what: &str,
    all: &Langs,
    problems: &mut Vec<Problem>,
) -> BTreeMap<String, T> {
    let Some(map) = map else {
        return BTreeMap::new();
    };
    for lang in map.value.keys().filter(|l| !all.known.contains(l)) {
        problems.push(
            Problem::new(
                loc(file, &map.referenced),
                format!("words.{what} names {lang}, which is not one of the campaign's languages"),
            )
            .language(lang)
            .hint(format!(
                "add {lang} to `languages:`, or remove its `words.{what}`"
            )),
        );
    }
    map.value.clone()
}

/// Every language has a date format, with twelve months and a day and
/// month to write, when any kind has a date (or the campaign gives them).
fn check_dates(
    file: &Path,
    w: &RawWords,
    kinds: &[&Kind],
    all: &Langs,
    problems: &mut Vec<Problem>,
) {
    let has_date = kinds
        .iter()
        .any(|k| k.fields.iter().any(|f| f.ty == FieldType::Date));
    let Some(dates) = &w.dates else {
        if has_date {
            problems.push(
                Problem::new(Location::file(file), "a kind has a date, but `words:` has no `dates:`")
                    .hint("add `dates:` under `words:`, e.g. en: {format: \"{day} {month} {year}\", months: [January, …, December]}"),
            );
        }
        return;
    };
    let at = loc(file, &dates.referenced);
    for lang in &all.required {
        let what = match dates.value.get(lang) {
            None => format!("words.dates has no date format for {lang}"),
            Some(d) if d.months.len() != 12 => format!(
                "words.dates for {lang} names {}, not 12",
                crate::plural::counted(d.months.len(), "month")
            ),
            Some(d) if !(d.format.contains("{day}") && d.format.contains("{month}")) => {
                format!("the date format for {lang} has no {{day}} or no {{month}}")
            }
            Some(_) => continue,
        };
        problems.push(Problem::new(at.clone(), what).language(lang).hint(
            "give each language `{format: \"{day} {month} {year}\", months: [twelve names]}` as dates are written in it",
        ));
    }
}

fn check_audiences(
    file: &Path,
    raw: &BTreeMap<String, RawAudience>,
    codes: &[String],
    problems: &mut Vec<Problem>,
) -> Vec<Audience> {
    raw.iter()
        .map(|(id, a)| check_audience(file, id, a, codes, problems))
        .collect()
}

fn check_audience(
    file: &Path,
    id: &str,
    a: &RawAudience,
    codes: &[String],
    problems: &mut Vec<Problem>,
) -> Audience {
    let mut own = Vec::new();
    for l in a.languages.iter().flatten() {
        if codes.contains(&l.value) {
            own.push(l.value.clone());
        } else {
            problems.push(
                Problem::new(
                    loc(file, &l.referenced),
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
        own = codes.to_vec();
    }
    // Keep the campaign's order.
    own.sort_by_key(|l| codes.iter().position(|x| x == l));
    let langs = Langs {
        required: own.clone(),
        known: codes,
        may_fall_back: true,
    };
    let name = format!("the name of audience {id}");
    problems.extend(translations::check(file, &a.name, &langs, &name));
    if let Some(k) = &a.kicker {
        let what = format!("the kicker of audience {id}");
        problems.extend(translations::check(file, k, &langs, &what));
    }
    Audience {
        id: id.to_owned(),
        name: a.name.value.clone(),
        kicker: a.kicker.as_ref().map(|k| k.value.clone()),
        languages: own,
    }
}

/// Reads one message file and checks its messages against the campaign.
fn load_messages(
    campaign: &Campaign,
    file: &Path,
    text: &str,
    seen: &mut BTreeMap<String, Location>,
    problems: &mut Vec<Problem>,
) -> Vec<Message> {
    problems.extend(yaml::cut_by_comments(file, text));
    let raw: RawMessageFile = match yaml::parse(file, text, YAML_HINT) {
        Ok(r) => r,
        Err(p) => {
            problems.push(p);
            return Vec::new();
        }
    };
    let audience = &raw.audience.value;
    let found = campaign.audience(audience);
    if found.is_none() {
        let known: Vec<_> = campaign.audiences.iter().map(|a| a.id.as_str()).collect();
        problems.push(
            Problem::new(
                loc(file, &raw.audience.referenced),
                format!("unknown audience {audience:?}"),
            )
            .hint(format!(
                "use one of the audiences in {}: {}",
                campaign.file.display(),
                known.join(", ")
            )),
        );
    }
    let codes: Vec<String> = campaign.codes().iter().map(|c| c.to_string()).collect();
    let langs = message_langs(campaign, found, &codes);
    let cx = Checking {
        file,
        audience,
        langs: &langs,
        kinds: &campaign.kinds,
        broken_kinds: &campaign.broken_kinds,
    };
    let mut out = Vec::new();
    for m in raw.messages {
        if is_first_use(file, &m.id, seen, problems) {
            out.extend(message::check(&cx, m, problems));
        }
    }
    out
}

/// A message must be written in each of its audience's languages, except
/// those the campaign lets fall back to another.
fn message_langs<'a>(c: &Campaign, audience: Option<&Audience>, codes: &'a [String]) -> Langs<'a> {
    let own = audience.map_or(codes, |a| &a.languages);
    Langs {
        required: own
            .iter()
            .filter(|l| c.language(l).is_some_and(|x| x.fallback.is_none()))
            .cloned()
            .collect(),
        known: codes,
        may_fall_back: true,
    }
}

/// Message ids name files, so each is used once across the campaign; a
/// second use is a problem and is not checked further.
fn is_first_use(
    file: &Path,
    id: &Spanned<String>,
    seen: &mut BTreeMap<String, Location>,
    problems: &mut Vec<Problem>,
) -> bool {
    let here = loc(file, &id.referenced);
    if let Some(first) = seen.get(&id.value) {
        problems.push(
            Problem::new(here, format!("message id {:?} is used twice", id.value))
                .code(code::DUPLICATE_ID)
                .hint(format!(
                    "ids must be unique across the campaign; the first is at {first}"
                )),
        );
        return false;
    }
    seen.insert(id.value.clone(), here);
    true
}

/// Lowercase ASCII letters, digits and hyphens, and not empty: safe in a
/// file name on every system. Slugs and message ids are written so.
pub(super) fn is_name_safe(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
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

/// Hashtags are single words written without the `#`.
pub(super) fn check_hashtags(
    file: &Path,
    raw: &[Spanned<String>],
    problems: &mut Vec<Problem>,
) -> Vec<String> {
    for h in raw {
        let v = &h.value;
        if v.starts_with('#') || v.is_empty() || !v.chars().all(|c| c.is_alphanumeric() || c == '_')
        {
            problems.push(
                Problem::new(
                    loc(file, &h.referenced),
                    format!("hashtag {v:?} is not a single word"),
                )
                .hint(
                    "write hashtags without the # and without spaces, in CamelCase: EndTrafficking",
                ),
            );
        }
    }
    raw.iter().map(|h| h.value.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_codes_follow_bcp_47_shapes() {
        for ok in ["en", "it", "ast", "pt-BR", "zh-Hant"] {
            assert!(is_language_code(ok), "{ok}");
        }
        for bad in ["", "E", "english", "en-", "en_GB", "EN"] {
            assert!(!is_language_code(bad), "{bad}");
        }
    }

    #[test]
    fn colours_are_three_or_six_hex_digits() {
        assert!(is_hex_colour("#1a2B3c") && is_hex_colour("#fff"));
        assert!(!is_hex_colour("1a2b3c") && !is_hex_colour("#12345") && !is_hex_colour("#ggg"));
    }
}
