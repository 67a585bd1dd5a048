//! What the gallery shows, gathered from one build's output: the cards
//! grouped by audience, message and format (each format's cards side by
//! side, one per language and slide), each with its caption, alt text,
//! what it comes to on each platform (counted by `crate::platform`, as the
//! build checks it) and the warnings located on it. Pure: it reads the
//! output and makes values; the page template decides how they look.

use std::collections::BTreeMap;

use crate::build::{Entry, Output};
use crate::campaign::Direction;
use crate::platform::{self, Caption, Count};
use crate::problem::{Context, Problem};

/// Everything the gallery lists, in the build's order.
pub struct Gallery<'a> {
    pub audiences: Vec<Group<'a, Group<'a, Group<'a, CardView<'a>>>>>,
    /// Warnings not located on any card shown (the campaign's, a kit's).
    pub general: Vec<Shown>,
    /// The values each filter offers.
    pub filters: Filters<'a>,
    /// The languages that have a press page.
    pub kits: Vec<&'a str>,
}

/// Items that share a name (an audience, a message, a format).
pub struct Group<'a, T> {
    pub name: &'a str,
    /// What else to say beside the name: a message's kind, a format's size.
    pub about: String,
    pub items: Vec<T>,
}

/// The values each filter offers, in the order the cards come.
#[derive(Default)]
pub struct Filters<'a> {
    pub audiences: Vec<&'a str>,
    pub messages: Vec<&'a str>,
    pub formats: Vec<&'a str>,
    pub languages: Vec<&'a str>,
}

/// One card as the page shows it.
pub struct CardView<'a> {
    pub entry: &'a Entry,
    /// Its PNG's address, with its digest so a changed card is fetched.
    pub src: String,
    pub caption: String,
    pub alt: String,
    /// "el", "slide 2 of 5", "words from en (fallback)", "draft".
    pub label: String,
    pub dir: &'static str,
    pub posts: Vec<Post>,
    pub warnings: Vec<Shown>,
}

/// What a card comes to on one platform of its format.
pub struct Post {
    pub platform: String,
    /// "182 of 280 weighted characters", or why there is no count.
    pub caption: String,
    pub alt: Option<String>,
    pub image: Option<String>,
    /// Some count is over its limit.
    pub over: bool,
}

/// A problem as the page shows it: its first line and the lines after.
#[derive(Clone, Debug)]
pub struct Shown {
    pub error: bool,
    pub headline: String,
    pub details: Vec<(&'static str, String)>,
}

impl Shown {
    pub fn of(p: &Problem) -> Shown {
        Shown {
            error: p.is_error(),
            headline: p.headline(),
            details: p.details(),
        }
    }
}

/// Gathers the gallery of a build.
pub fn gather(out: &Output) -> Gallery<'_> {
    let directions = directions(out);
    let cards: Vec<CardView> = out
        .cards
        .iter()
        .map(|e| view(out, e, &directions))
        .collect();
    let audiences = group(cards, |c| c.entry.audience.as_str())
        .into_iter()
        .map(|(audience, cards)| Group {
            name: audience,
            about: String::new(),
            items: messages(cards),
        })
        .collect();
    Gallery {
        audiences,
        general: general(out),
        filters: filters(out),
        kits: kits(out),
    }
}

/// An audience's cards by message, and each message's by format.
fn messages(cards: Vec<CardView<'_>>) -> Vec<Group<'_, Group<'_, CardView<'_>>>> {
    let by_message = group(cards, |c| c.entry.message.as_str());
    by_message
        .into_iter()
        .map(|(message, cards)| {
            let kind = cards.first().map(|c| c.entry.kind.clone());
            let formats = group(cards, |c| c.entry.format.as_str())
                .into_iter()
                .map(|(format, cards)| {
                    let size = cards
                        .first()
                        .map(|c| format!("{} × {} px", c.entry.width, c.entry.height));
                    Group {
                        name: format,
                        about: size.unwrap_or_default(),
                        items: cards,
                    }
                })
                .collect();
            Group {
                name: message,
                about: kind.unwrap_or_default(),
                items: formats,
            }
        })
        .collect()
}

/// Items grouped by a key, groups in the order their first item comes and
/// items in their own order within each. The plan interleaves formats and
/// languages, so equal keys need not be neighbours.
fn group<'a, T>(items: Vec<T>, key: impl Fn(&T) -> &'a str) -> Vec<(&'a str, Vec<T>)> {
    let mut groups: Vec<(&'a str, Vec<T>)> = Vec::new();
    for item in items {
        let k = key(&item);
        match groups.iter_mut().find(|(g, _)| *g == k) {
            Some((_, members)) => members.push(item),
            None => groups.push((k, vec![item])),
        }
    }
    groups
}

/// The direction each language's words are written in, from its own cards.
/// A card in a fallback language is laid out in its own language's
/// direction, but its caption and alt text are in the fallback's.
fn directions(out: &Output) -> BTreeMap<&str, Direction> {
    out.cards
        .iter()
        .filter(|e| !e.fallback)
        .map(|e| (e.language.as_str(), e.direction))
        .collect()
}

/// One card: its texts from the output's files, its posts, its warnings.
fn view<'a>(out: &'a Output, e: &'a Entry, directions: &BTreeMap<&str, Direction>) -> CardView<'a> {
    let text = |key: &str| {
        out.files
            .get(key)
            .map(|b| String::from_utf8_lossy(b).trim_end().to_owned())
            .unwrap_or_default()
    };
    let caption = text(&e.caption);
    let alt = text(&e.alt);
    let short = e
        .short_caption
        .as_ref()
        .map(|s| (text(&s.file), &s.platforms));
    let posts = e
        .platforms
        .iter()
        .map(|p| post(p, &caption, short.as_ref(), &alt, e.bytes))
        .collect();
    let warnings = out
        .warnings
        .iter()
        .filter(|w| on_card(&w.context, e))
        .map(Shown::of)
        .collect();
    CardView {
        entry: e,
        src: format!("/{}?v={}", e.png, e.sha256.get(..16).unwrap_or(&e.sha256)),
        caption,
        alt,
        label: label(e),
        dir: match directions
            .get(e.text_language.as_str())
            .copied()
            .unwrap_or(e.direction)
        {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        },
        posts,
        warnings,
    }
}

/// What names a card beside its picture.
fn label(e: &Entry) -> String {
    let mut parts = vec![e.language.clone()];
    if let (Some(n), Some(of)) = (e.slide, e.slides) {
        parts.push(format!("slide {n} of {of}"));
    }
    if e.fallback {
        parts.push(format!("words from {}", e.text_language));
    }
    if e.status == crate::campaign::Status::Draft {
        parts.push("draft".to_owned());
    }
    parts.join(" · ")
}

/// What a card comes to on a platform: the caption posted (the short one
/// where the full one is over), the alt text and the image's bytes, each
/// against the platform's limit.
fn post(
    name: &str,
    caption: &str,
    short: Option<&(String, &Vec<String>)>,
    alt: &str,
    bytes: usize,
) -> Post {
    let Some(p) = platform::named(name) else {
        return Post {
            platform: name.to_owned(),
            caption: "no rules for this platform".to_owned(),
            alt: None,
            image: None,
            over: false,
        };
    };
    let short = short.filter(|(_, on)| on.iter().any(|o| o == name));
    let (text, which) = match short {
        Some((text, _)) => (text.as_str(), " (short post)"),
        None => (caption, ""),
    };
    let caption_count = match p.caption {
        Caption::Limited(limit) => Some(platform::length(&limit, text)),
        Caption::Absent => None,
    };
    let hashtags = p.hashtags.filter(|_| caption_count.is_some());
    let hashtags = hashtags.map(|max| (platform::count::hashtags(text).len(), max));
    let alt_count = p.alt.map(|limit| platform::length(&limit, alt));
    let image = p.image_bytes.map(|max| (bytes as u64, max));
    let over = caption_count.iter().chain(&alt_count).any(|c| !c.fits())
        || hashtags.is_some_and(|(used, max)| used > max)
        || image.is_some_and(|(used, max)| used > max);
    let say = |c: Count| format!("{} of {} {}", grouped(c.used), grouped(c.limit), c.unit);
    let mut caption = match caption_count {
        Some(c) => say(c) + which,
        None => "no caption posted".to_owned(),
    };
    if let Some((used, max)) = hashtags {
        caption.push_str(&format!("; {used} of {max} hashtags"));
    }
    let alt = alt_count.map(say);
    let image = image.map(|(used, max)| format!("{} of {}", size(used), size(max)));
    Post {
        platform: name.to_owned(),
        caption,
        alt,
        image,
        over,
    }
}

/// A count with its thousands grouped, as the README writes them: 63,206.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// A byte count for people: "312 kB", "5 MB".
fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1_000_000 && b.is_multiple_of(1_000_000) => format!("{} MB", b / 1_000_000),
        b if b >= 1_000_000 => format!("{:.1} MB", b as f64 / 1e6),
        b if b >= 1_000 => format!("{} kB", b.div_ceil(1_000)),
        b => format!("{b} bytes"),
    }
}

/// Whether a problem is located on this card: its message, and its
/// language, format and slide where it names them (merged problems name
/// several: "x, story").
fn on_card(ctx: &Context, e: &Entry) -> bool {
    let names = |list: &Option<String>, value: &str| {
        list.as_deref()
            .is_none_or(|l| l.split(", ").any(|v| v == value))
    };
    ctx.message.as_deref() == Some(e.message.as_str())
        && (names(&ctx.language, &e.language) || names(&ctx.language, &e.text_language))
        && names(&ctx.format, &e.format)
        && ctx.slide.is_none_or(|s| e.slide == Some(s))
}

/// The warnings no card shows.
fn general(out: &Output) -> Vec<Shown> {
    out.warnings
        .iter()
        .filter(|w| !out.cards.iter().any(|e| on_card(&w.context, e)))
        .map(Shown::of)
        .collect()
}

fn filters(out: &Output) -> Filters<'_> {
    fn add<'a>(list: &mut Vec<&'a str>, v: &'a str) {
        if !list.contains(&v) {
            list.push(v);
        }
    }
    let mut f = Filters::default();
    for e in &out.cards {
        add(&mut f.audiences, e.audience.as_str());
        add(&mut f.messages, e.message.as_str());
        add(&mut f.formats, e.format.as_str());
        add(&mut f.languages, e.language.as_str());
    }
    f
}

/// The languages whose press page the build made.
fn kits(out: &Output) -> Vec<&str> {
    out.languages
        .iter()
        .map(String::as_str)
        .filter(|l| out.files.contains_key(&format!("kit/{l}/index.html")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::campaign::Status;
    use crate::problem::Location;

    fn entry(audience: &str, message: &str, format: &str, language: &str) -> Entry {
        let stem = format!("cards/{language}/{format}/{message}");
        Entry {
            message: message.into(),
            audience: audience.into(),
            kind: "statement".into(),
            language: language.into(),
            text_language: language.into(),
            fallback: false,
            direction: if language == "ar" {
                Direction::Rtl
            } else {
                Direction::Ltr
            },
            status: Status::Reviewed,
            format: format.into(),
            platforms: vec!["x".into()],
            width: 1080,
            height: 1080,
            slide: None,
            slides: None,
            png: format!("{stem}.png"),
            caption: format!("{stem}.caption.txt"),
            short_caption: None,
            alt: format!("{stem}.alt.txt"),
            svg: None,
            bytes: 2_500_000,
            sha256: "0123456789abcdef0123".into(),
        }
    }

    fn output(cards: Vec<Entry>) -> Output {
        let mut out = Output::default();
        for e in &cards {
            let text = format!("{} in {}\n", e.message, e.language);
            out.files
                .insert(e.caption.clone(), text.clone().into_bytes());
            out.files.insert(e.alt.clone(), text.into_bytes());
        }
        out.cards = cards;
        out
    }

    #[test]
    fn groups_keep_the_order_of_their_first_item_and_gather_the_rest() {
        let items = vec![("a", 1), ("b", 2), ("a", 3), ("c", 4), ("b", 5)];
        let groups = group(items, |i| i.0);
        let keys: Vec<_> = groups.iter().map(|g| g.0).collect();
        assert_eq!(keys, ["a", "b", "c"]);
        let a: Vec<_> = groups[0].1.iter().map(|i| i.1).collect();
        assert_eq!(a, [1, 3]);
    }

    #[test]
    fn cards_are_grouped_by_audience_message_and_format() {
        let out = output(vec![
            entry("public", "m1", "x", "en"),
            entry("public", "m1", "story", "en"),
            entry("public", "m1", "x", "ar"),
            entry("press", "m2", "x", "en"),
            entry("public", "m3", "x", "en"),
        ]);
        let g = gather(&out);
        let names: Vec<_> = g.audiences.iter().map(|a| a.name).collect();
        assert_eq!(names, ["public", "press"]);
        let public = &g.audiences[0];
        let messages: Vec<_> = public.items.iter().map(|m| m.name).collect();
        assert_eq!(messages, ["m1", "m3"]);
        let m1 = &public.items[0];
        assert_eq!(m1.about, "statement");
        let x = &m1.items[0];
        assert_eq!((x.name, x.about.as_str()), ("x", "1080 × 1080 px"));
        let langs: Vec<_> = x.items.iter().map(|c| c.entry.language.as_str()).collect();
        assert_eq!(langs, ["en", "ar"]);
        assert_eq!(x.items[1].dir, "rtl");
        assert_eq!(x.items[1].caption, "m1 in ar");
        assert!(
            x.items[0]
                .src
                .starts_with("/cards/en/x/m1.png?v=0123456789abcdef")
        );
        assert_eq!(g.filters.formats, ["x", "story"]);
        assert_eq!(g.filters.languages, ["en", "ar"]);
    }

    #[test]
    fn a_fallback_card_shows_its_words_in_their_own_direction() {
        let mut fallback = entry("public", "m1", "x", "ar");
        fallback.message = "m2".into();
        fallback.text_language = "en".into();
        fallback.fallback = true;
        let out = output(vec![entry("public", "m1", "x", "en"), fallback]);
        let g = gather(&out);
        let card = &g.audiences[0].items[1].items[0].items[0];
        assert_eq!(card.dir, "ltr");
        assert_eq!(card.label, "ar · words from en");
    }

    #[test]
    fn warnings_show_on_the_cards_they_name_and_the_rest_above() {
        let warn = |message: Option<&str>, format: Option<&str>| {
            let mut p = Problem::new(Location::new("messages/a.yaml", 2, 3), "w").warning();
            p.context.message = message.map(str::to_owned);
            p.context.format = format.map(str::to_owned);
            p
        };
        let mut out = output(vec![
            entry("public", "m1", "x", "en"),
            entry("public", "m1", "story", "en"),
        ]);
        out.warnings = vec![
            warn(Some("m1"), Some("story, link-preview")),
            warn(Some("m1"), None),
            warn(None, None),
        ];
        let g = gather(&out);
        let m1 = &g.audiences[0].items[0];
        assert_eq!(m1.items[0].items[0].warnings.len(), 1, "x: the message's");
        assert_eq!(m1.items[1].items[0].warnings.len(), 2, "story: both");
        assert_eq!(g.general.len(), 1);
        assert!(
            g.general[0]
                .headline
                .starts_with("messages/a.yaml:2:3: warning: w")
        );
    }

    #[test]
    fn posts_count_as_each_platform_counts_and_say_what_is_over() {
        let long = "a".repeat(300);
        let p = post("x", &long, None, "an alt", 2_500_000);
        assert_eq!(p.caption, "300 of 280 weighted characters");
        assert!(p.over);
        assert_eq!(p.alt.as_deref(), Some("6 of 1,000 characters"));
        assert_eq!(p.image.as_deref(), Some("2.5 MB of 5 MB"));
        let on_x = vec!["x".to_owned()];
        let short = ("short, https://example.org/a".to_owned(), &on_x);
        let p = post("x", &long, Some(&short), "", 1);
        assert_eq!(p.caption, "30 of 280 weighted characters (short post)");
        assert!(!p.over);
        let tags = "#a #b #c #d #e #f";
        let p = post("instagram", tags, Some(&short), "", 9_000_000);
        assert_eq!(
            p.caption,
            "17 of 2,200 characters (UTF-16); 6 of 5 hashtags"
        );
        assert_eq!(p.image.as_deref(), Some("9 MB of 8 MB"));
        assert!(p.over);
        assert_eq!(
            post("story", &long, None, "", 1).caption,
            "no rules for this platform"
        );
    }

    #[test]
    fn numbers_read_as_people_write_them() {
        assert_eq!(grouped(7), "7");
        assert_eq!(grouped(63_206), "63,206");
        assert_eq!(grouped(1_000_000), "1,000,000");
        assert_eq!(size(999), "999 bytes");
        assert_eq!(size(55_001), "56 kB");
        assert_eq!(size(8_000_000), "8 MB");
    }
}
