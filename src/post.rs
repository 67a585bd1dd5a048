//! What is posted with each card on each platform of its format, and
//! whether the platform takes it: the caption (the message's full one, or
//! its short one where the full one is over a platform's limit), its
//! hashtags and links, the alt text and the image's bytes, counted as each
//! platform counts (`crate::platform`); and the caption's and alt text's
//! hygiene. Pure: cards and their PNGs in, problems and a summary out.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use crate::campaign::{Campaign, Message, Text};
use crate::card::{Card, short_captions};
use crate::platform::{self, Caption, Count, Platform, hygiene};
use crate::problem::{Location, Problem, code};

/// What the posts come to on one platform: for `handbill check`'s summary.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Summary {
    pub platform: String,
    /// Cards posted there.
    pub cards: usize,
    /// Posts that carry the short caption: the full one is over the limit.
    pub short: usize,
    /// The longest caption posted, as the platform counts it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub longest: Option<Longest>,
}

/// The longest caption on a platform, and whose it is.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Longest {
    pub used: usize,
    pub limit: usize,
    pub unit: &'static str,
    pub card: String,
}

/// The posts of a build: each card's short caption where a platform needs
/// it, the summary per platform, and the problems.
#[derive(Debug, Default)]
pub struct Posts {
    /// Card stem → its short caption and the platforms it is for.
    pub short: BTreeMap<String, (String, Vec<&'static str>)>,
    pub summary: Vec<Summary>,
    pub problems: Vec<Problem>,
}

/// Bluesky's lexicon takes images of up to 2,000,000 bytes since April
/// 2026; apps and servers older than that refuse over 1,000,000, so a card
/// between the two is a warning (`crate::platform`, the bluesky entry).
const BLUESKY_OLD_BYTES: u64 = 1_000_000;

/// Checks every card's posts on every platform of its format: each card
/// in parallel (counting as twitter-text does is slow), then gathered in
/// plan order.
pub fn check(c: &Campaign, cards: &[Card], sizes: &[usize]) -> Posts {
    let messages: BTreeMap<&str, &Message> =
        c.messages.iter().map(|m| (m.id.as_str(), m)).collect();
    let each: Vec<Option<CardPosts>> = (cards.par_iter().zip(sizes))
        .map(|(card, &size)| {
            let m = messages.get(card.message.as_str()).copied()?;
            Some(card_posts(c, m, card, size as u64))
        })
        .collect();
    let mut posts = Posts::default();
    let mut summary: BTreeMap<&'static str, Summary> = BTreeMap::new();
    let mut seen_captions = BTreeSet::new();
    posts.problems.extend(unknown_platforms(c, cards));
    for (card, one) in cards.iter().zip(each) {
        let Some(one) = one else { continue };
        posts.problems.extend(one.posted);
        posts.short.extend(one.short);
        for (name, s) in one.summaries {
            merge(summary.entry(name).or_default(), s);
        }
        if seen_captions.insert((&card.message, &card.text_language)) {
            posts.problems.extend(one.hygiene);
        }
        posts.problems.extend(one.alt);
    }
    posts.summary = summary
        .into_iter()
        .map(|(name, s)| Summary {
            platform: name.to_owned(),
            ..s
        })
        .collect();
    posts
}

/// One card's posts: the problems of its captions and image on each
/// platform, its short caption, its share of each platform's summary, its
/// caption's hygiene (kept once per message and language) and its alt
/// text's problems.
struct CardPosts {
    posted: Vec<Problem>,
    short: BTreeMap<String, (String, Vec<&'static str>)>,
    summaries: Vec<(&'static str, Summary)>,
    hygiene: Vec<Problem>,
    alt: Vec<Problem>,
}

fn card_posts(c: &Campaign, m: &Message, card: &Card, bytes: u64) -> CardPosts {
    let platforms = known(card);
    let mut posts = Posts::default();
    let mut summaries = Vec::new();
    for p in &platforms {
        let mut summary = Summary::default();
        post_on(c, m, card, p, &mut posts, &mut summary);
        summaries.push((p.name, summary));
        posts.problems.extend(image_bytes(m, card, p, bytes));
    }
    CardPosts {
        posted: posts.problems,
        short: posts.short,
        summaries,
        hygiene: caption_hygiene(m, card),
        alt: alt_text(m, card, &platforms),
    }
}

/// Adds one card's share of a platform's summary to the whole: the
/// longest caption stays the first of the longest.
fn merge(whole: &mut Summary, one: Summary) {
    whole.cards += one.cards;
    whole.short += one.short;
    if let Some(l) = one.longest
        && whole.longest.as_ref().is_none_or(|w| l.used > w.used)
    {
        whole.longest = Some(l);
    }
}

/// The platforms of a card's format that handbill has rules for.
fn known(card: &Card) -> Vec<&'static Platform> {
    card.format
        .platforms
        .iter()
        .filter_map(|p| platform::named(p))
        .collect()
}

/// A format for a platform handbill has no rules for: one warning a format.
fn unknown_platforms(c: &Campaign, cards: &[Card]) -> Vec<Problem> {
    let formats: BTreeSet<_> = cards.iter().map(|c| c.format.name).collect();
    let mut out = Vec::new();
    for f in formats {
        let Some(card) = cards.iter().find(|c| c.format.name == f) else {
            continue;
        };
        for p in card.format.platforms {
            // The factsheet's print and web are not social platforms.
            if platform::named(p).is_none() && !["print", "web"].contains(p) {
                let known: Vec<&str> = platform::PLATFORMS.iter().map(|p| p.name).collect();
                out.push(
                    Problem::new(
                        Location::file(&c.file),
                        format!("handbill has no rules for the platform {p:?}: its captions, alt texts and image sizes are not checked there"),
                    )
                    .format(f)
                    .code(code::UNKNOWN_PLATFORM)
                    .warning()
                    .hint(format!("name a platform handbill knows in the format's `platforms:` (campaign.yaml): {}", known.join(", "))),
                );
            }
        }
    }
    out
}

/// The caption posted with `card` on `p`: the full one when it fits, else
/// the short one; each limit of the platform checked on it.
fn post_on(
    c: &Campaign,
    m: &Message,
    card: &Card,
    p: &'static Platform,
    posts: &mut Posts,
    summary: &mut Summary,
) {
    summary.cards += 1;
    let Caption::Limited(limit) = p.caption else {
        return;
    };
    let full = platform::length(&limit, &card.caption);
    let (text, count) = if full.fits() {
        (card.caption.clone(), full)
    } else {
        let (short, count) = shortest_fitting(c, m, card, &limit);
        summary.short += 1;
        let entry = posts.short.entry(card.stem.clone());
        entry
            .or_insert_with(|| (short.clone(), Vec::new()))
            .1
            .push(p.name);
        (short, count)
    };
    note_longest(summary, &count, &card.stem);
    if !count.fits() {
        posts.problems.push(too_long(m, card, p, &full, &count));
    }
    posts.problems.extend(counted_limits(m, card, p, &text));
}

/// The longest short post that fits, or the shortest there is.
fn shortest_fitting(
    c: &Campaign,
    m: &Message,
    card: &Card,
    limit: &platform::Limit,
) -> (String, Count) {
    let mut last = None;
    for text in short_captions(c, m, &card.text_language) {
        let count = platform::length(limit, &text);
        if count.fits() {
            return (text, count);
        }
        last = Some((text, count));
    }
    last.unwrap_or_else(|| (String::new(), platform::length(limit, "")))
}

fn note_longest(summary: &mut Summary, count: &Count, stem: &str) {
    if summary.longest.as_ref().is_none_or(|l| count.used > l.used) {
        summary.longest = Some(Longest {
            used: count.used,
            limit: count.limit,
            unit: count.unit,
            card: stem.strip_prefix("cards/").unwrap_or(stem).to_owned(),
        });
    }
}

/// Where a message's text in `lang` is written, or the message itself.
fn at(m: &Message, text: Option<&Text>, lang: &str) -> Location {
    match text.and_then(|t| t.position(lang)) {
        Some((line, column)) => Location::new(&m.location.file, line, column),
        None => m.location.clone(),
    }
}

/// Neither the caption nor its short version fits the platform.
fn too_long(m: &Message, card: &Card, p: &Platform, full: &Count, short: &Count) -> Problem {
    Problem::new(
        at(m, Some(&m.caption), &card.text_language),
        format!(
            "the post is too long for {}: {} of {} {}",
            p.name, short.used, short.limit, short.unit
        ),
    )
    .message(&m.id)
    .language(&card.text_language)
    .code(code::CAPTION_LENGTH)
    .note(format!("the full caption counts {} there", full.used))
    .hint("the short post is the card's headline, its source and the hashtags: shorten the headline, or the hashtags")
}

/// A platform's limits on hashtags and links in the text posted.
fn counted_limits(m: &Message, card: &Card, p: &Platform, text: &str) -> Vec<Problem> {
    let mut out = Vec::new();
    let here = || at(m, Some(&m.caption), &card.text_language);
    let tags = platform::count::hashtags(text).len();
    if let Some(max) = p.hashtags.filter(|&max| tags > max) {
        out.push(
            Problem::new(here(), format!("the post carries {tags} hashtags; {} takes {max}", p.name))
                .message(&m.id)
                .code(code::CAPTION_HASHTAGS)
                .hint("drop some of the message's hashtags (the campaign's own are added to every caption)"),
        );
    }
    let links = platform::count::distinct_links(text);
    if let Some(max) = p.links.filter(|&max| links > max) {
        out.push(
            Problem::new(here(), format!("the post carries {links} links; {} takes {max}", p.name))
                .message(&m.id)
                .language(&card.text_language)
                .code(code::CAPTION_LINKS)
                .hint("keep the links that matter most in the caption, and put the others on the campaign's page"),
        );
    }
    out
}

/// A card over a platform's image limit.
fn image_bytes(m: &Message, card: &Card, p: &Platform, bytes: u64) -> Option<Problem> {
    let max = p.image_bytes?;
    let (limit, warning) = match p.name {
        "bluesky" if bytes <= max && bytes > BLUESKY_OLD_BYTES => (BLUESKY_OLD_BYTES, true),
        _ if bytes > max => (max, false),
        _ => return None,
    };
    let problem = Problem::new(
        m.location.clone(),
        format!("the card is {bytes} bytes; {} takes images of up to {limit}", p.name),
    )
    .message(&m.id)
    .language(&card.language)
    .format(card.format.name)
    .code(code::IMAGE_BYTES)
    .hint("make the template lighter (fewer gradients, noise or photos), or leave the platform out of the format");
    Some(if warning {
        problem
            .warning()
            .note("Bluesky's apps and servers before April 2026 refuse images over 1,000,000 bytes")
    } else {
        problem
    })
}

/// Hashtags in CamelCase and at the end, no fancy letters: once per
/// message and language.
fn caption_hygiene(m: &Message, card: &Card) -> Vec<Problem> {
    let lang = &card.text_language;
    hygiene::caption(&card.caption)
        .into_iter()
        .map(|f| {
            let (what, hint, error) = match f.rule {
                hygiene::Rule::FancyLetters => (
                    format!("the caption writes {:?} in styled look-alike letters, which screen readers spell out or skip", f.text),
                    "write it in plain letters; use the platform's own bold or emphasis if it has one",
                    true,
                ),
                hygiene::Rule::HashtagNotAtEnd => (
                    format!("the hashtag {} is in the middle of the caption", f.text),
                    "write the words plainly in the sentence, and put hashtags under `hashtags:` (they go at the end)",
                    false,
                ),
                _ => (
                    format!("the hashtag {} is not in CamelCase: a screen reader reads it as one long word", f.text),
                    "capitalise each word, e.g. #ETrafficking",
                    false,
                ),
            };
            let p = Problem::new(at(m, Some(&m.caption), lang), what)
                .message(&m.id)
                .language(lang)
                .hint(hint);
            match error {
                true => p.code(code::FANCY_LETTERS),
                false => p.code(code::HASHTAG_STYLE).warning(),
            }
        })
        .collect()
}

/// The card's alt text against the words it shows, its caption, its file
/// name and each platform's limit.
fn alt_text(m: &Message, card: &Card, platforms: &[&'static Platform]) -> Vec<Problem> {
    // A web address on the card is in the caption, not the alt text.
    let is_link = |id: &str| {
        card.kind
            .slots
            .iter()
            .any(|s| s.id == id && matches!(s.make, crate::kind::Make::Link(_)))
    };
    let shown: Vec<&str> = card
        .slots
        .iter()
        .filter(|(id, _)| !is_link(id))
        .map(|(_, text)| text.as_str())
        .collect();
    let file_name = format!("{}.png", card.stem.rsplit('/').next().unwrap_or(&card.stem));
    let target = hygiene::Card {
        shown: &shown,
        file_name: &file_name,
        caption: &card.caption,
        platforms,
    };
    let here = at(m, m.alt.as_ref(), &card.text_language);
    // A short address the card itself shows ("free2link.eu" on a call to
    // action) is the card's words: the alt text says it too.
    let on_card = |f: &hygiene::Finding| {
        f.rule == hygiene::Rule::AltHasLink && card.slots.values().any(|s| s.contains(&f.text))
    };
    hygiene::alt(&card.alt, &target)
        .into_iter()
        .filter(|f| !on_card(f))
        .map(|f| alt_problem(f, here.clone(), m, card))
        .collect()
}

fn alt_problem(f: hygiene::Finding, at: Location, m: &Message, card: &Card) -> Problem {
    use hygiene::Rule;
    let (what, hint, error) = match &f.rule {
        Rule::AltMissing => ("the card has no alt text".to_owned(), "write `alt:` for the message: the words the card shows, and what it shows".to_owned(), true),
        Rule::AltTooLong { platform, count } => (format!("the alt text is {} {} long; {platform} takes {}", count.used, count.unit, count.limit), "shorten the alt text: the caption can carry the rest".to_owned(), true),
        Rule::AltMissesShownWords { missing } => (format!("the alt text leaves out words the card shows: {}", missing.join(", ")), "the alt text should carry every word on the card, so a screen reader user reads what others see".to_owned(), false),
        Rule::AltIsFileName => ("the alt text is the image's file name".to_owned(), "describe the card: its words, and what it shows".to_owned(), true),
        Rule::AltIsCaption => ("the alt text is the caption again".to_owned(), "describe the card itself: a screen reader reads the caption too".to_owned(), true),
        Rule::AltStartsWithImageOf => (format!("the alt text starts with {:?}", f.text), "leave it out: a screen reader already says it is an image".to_owned(), false),
        Rule::AltHasHashtag => (format!("the alt text carries the hashtag {}", f.text), "hashtags belong in the caption, not the alt text".to_owned(), false),
        Rule::AltHasLink => (format!("the alt text carries the link {}", f.text), "links belong in the caption: a screen reader spells them out".to_owned(), false),
        _ => (format!("the alt text: {:?}", f.rule), String::new(), false),
    };
    let mut p = Problem::new(at, what)
        .message(&m.id)
        .language(&card.text_language)
        .code(code::ALT_TEXT)
        .hint(hint);
    p.context.slide = card.slide.map(|(n, _)| n);
    if error { p } else { p.warning() }
}
