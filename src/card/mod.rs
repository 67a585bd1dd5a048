//! Cards: which cards a campaign makes (one per message, slide, language and
//! format), what each says in each slot, its caption and alt text, and — in
//! `compose` — its final SVG with every slot filled and every text laid out.
//!
//! Pure: reads no files.

mod compose;
mod words;

use std::collections::BTreeMap;

pub(crate) use compose::text_element;
pub use compose::{Assets, compose, escape, line_svg};
pub use words::{MAX_HASHTAGS, format_number, isolate_ltr, source_line, uppercase};

use crate::campaign::{Campaign, Content, Direction, Message, Status, Text, Value};
use crate::format::Format;
use crate::problem::{Location, Problem};
use words::caption;
pub(crate) use words::sentence;
pub(crate) use words::t;

/// Which cards to build: empty lists mean all.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub audiences: Vec<String>,
    pub languages: Vec<String>,
    pub formats: Vec<String>,
    pub messages: Vec<String>,
}

impl Filter {
    fn allows(list: &[String], v: &str) -> bool {
        list.is_empty() || list.iter().any(|x| x == v)
    }
}

/// One card to render.
#[derive(Clone, Debug, PartialEq)]
pub struct Card {
    pub message: String,
    pub audience: String,
    pub kind: &'static str,
    /// The language the card is made for: its folder in `out/`.
    pub language: String,
    /// The language every word on the card is in: `language`, or its
    /// fallback when the message has no text in it.
    pub text_language: String,
    pub direction: Direction,
    /// The status of the text language's translations.
    pub status: Status,
    pub format: &'static Format,
    /// For carousels: this slide's number (from 1) and the count.
    pub slide: Option<(usize, usize)>,
    /// Slot id → text.
    pub slots: BTreeMap<&'static str, String>,
    pub caption: String,
    pub alt: String,
    /// Where the message is written, for problems.
    pub location: Location,
    /// Where each slot's text is written in this language, when known.
    pub at: BTreeMap<&'static str, Location>,
    /// The card's path under `out/` without extension.
    pub stem: String,
}

impl Card {
    /// Whether the card is in its language's fallback.
    pub fn is_fallback(&self) -> bool {
        self.language != self.text_language
    }
}

/// Checks a filter against the campaign: a filter that names nothing that
/// exists is a mistake worth saying.
pub fn check_filter(c: &Campaign, f: &Filter) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut unknown = |what: &str, list: &[String], known: Vec<&str>| {
        for v in list {
            if !known.contains(&v.as_str()) {
                problems.push(
                    Problem::new(
                        Location::file(&c.file),
                        format!("--{what} {v}: the campaign has no such {what}"),
                    )
                    .hint(format!("choose from: {}", known.join(", "))),
                );
            }
        }
    };
    unknown(
        "audience",
        &f.audiences,
        c.audiences.iter().map(|a| a.id.as_str()).collect(),
    );
    unknown(
        "language",
        &f.languages,
        c.languages.iter().map(String::as_str).collect(),
    );
    unknown(
        "format",
        &f.formats,
        c.formats.iter().map(|f| f.name).collect(),
    );
    unknown(
        "message",
        &f.messages,
        c.messages.iter().map(|m| m.id.as_str()).collect(),
    );
    problems
}

/// Every text of a message, for checking it is complete in a language.
fn texts(m: &Message) -> Vec<&Text> {
    let mut out = vec![&m.caption];
    out.extend(m.alt.as_ref());
    if let Some(s) = &m.source {
        out.push(&s.publisher);
        out.extend(s.title.as_ref());
    }
    match &m.content {
        Content::Statement { headline, body } => {
            out.push(headline);
            out.extend(body.as_ref());
        }
        Content::Statistic { value, label } => {
            out.push(label);
            if let Value::Text(v) = value {
                out.push(v);
            }
        }
        Content::Quote { quote, attribution } => out.extend([quote, attribution]),
        Content::CallToAction {
            headline,
            body,
            link,
        } => {
            out.extend([headline, link]);
            out.extend(body.as_ref());
        }
        Content::Carousel { slides } => {
            for s in slides {
                out.push(&s.headline);
                out.extend(s.body.as_ref());
            }
        }
    }
    out
}

/// Whether every text of a message is written in a language.
pub fn is_complete(m: &Message, lang: &str) -> bool {
    texts(m)
        .iter()
        .all(|t| t.get(lang).is_some_and(|s| !s.trim().is_empty()))
}

/// Every card of the campaign that passes the filter, in a stable order:
/// language, format, then messages as written. A message is made in each
/// language of its audience; where it lacks text in one, it is made in that
/// language's fallback, whole — never a mix of two languages on one card.
pub fn plan(c: &Campaign, filter: &Filter) -> (Vec<Card>, Vec<Problem>) {
    let mut cards = Vec::new();
    let mut problems = Vec::new();
    for lang in c
        .languages
        .iter()
        .filter(|l| Filter::allows(&filter.languages, l))
    {
        for format in c
            .formats
            .iter()
            .filter(|f| Filter::allows(&filter.formats, f.name))
        {
            for m in &c.messages {
                if !Filter::allows(&filter.audiences, &m.audience)
                    || !Filter::allows(&filter.messages, &m.id)
                {
                    continue;
                }
                if c.audience(&m.audience)
                    .is_some_and(|a| !a.languages.contains(lang))
                {
                    continue;
                }
                let fallback = c.language(lang).and_then(|l| l.fallback.as_deref());
                let text_lang = if is_complete(m, lang) {
                    lang.as_str()
                } else if let Some(f) = fallback.filter(|f| is_complete(m, f)) {
                    f
                } else {
                    problems.push(
                        Problem::new(
                            m.location.clone(),
                            format!(
                                "the message is not complete in {lang}{}",
                                fallback
                                    .map(|f| format!(" nor in its fallback {f}"))
                                    .unwrap_or_default()
                            ),
                        )
                        .message(&m.id)
                        .language(lang)
                        .hint("write every text of the message in this language"),
                    );
                    continue;
                };
                match cards_of(c, m, lang, text_lang, format) {
                    Ok(mut v) => cards.append(&mut v),
                    Err(p) => problems.push(p),
                }
            }
        }
    }
    (cards, problems)
}

fn cards_of(
    c: &Campaign,
    m: &Message,
    lang: &str,
    tl: &str,
    format: &'static Format,
) -> Result<Vec<Card>, Problem> {
    let info = c.language(tl);
    let direction = info.map_or(Direction::Ltr, |l| l.direction);
    let status = info.map_or(Status::Draft, |l| l.status);
    let kicker = c
        .audience(&m.audience)
        .map(|a| t(a.kicker.as_ref().unwrap_or(&a.name), tl).to_owned())
        .unwrap_or_default();
    let source = m.source.as_ref().map(|s| source_line(c, s, tl));
    let mut pages: Vec<(BTreeMap<&'static str, String>, Vec<String>)> = Vec::new();
    match &m.content {
        Content::Statement { headline, body } => {
            let mut slots = BTreeMap::from([("headline", t(headline, tl).to_owned())]);
            let mut alt = vec![sentence(t(headline, tl))];
            if let Some(b) = body {
                slots.insert("body", t(b, tl).to_owned());
                alt.push(sentence(t(b, tl)));
            }
            if let Some(s) = &source {
                slots.insert("source", s.clone());
                alt.push(sentence(s));
            }
            pages.push((slots, alt));
        }
        Content::Statistic { value, label } => {
            let value = match value {
                Value::Number { number, percent } => match c.words.numbers.get(tl) {
                    Some(f) => format_number(*number, *percent, f),
                    None => number.to_string(),
                },
                Value::Text(v) => t(v, tl).to_owned(),
            };
            let mut alt = vec![sentence(&format!("{value} {}", t(label, tl)))];
            let mut slots = BTreeMap::from([("value", value), ("label", t(label, tl).to_owned())]);
            if let Some(s) = &source {
                slots.insert("source", s.clone());
                alt.push(sentence(s));
            }
            pages.push((slots, alt));
        }
        Content::Quote { quote, attribution } => {
            let q = format!(
                "{}{}{}",
                t(&c.words.quote_open, tl),
                t(quote, tl).trim(),
                t(&c.words.quote_close, tl)
            );
            let mut who = t(attribution, tl).to_owned();
            if let Some(title) = m.source.as_ref().and_then(|s| s.title.as_ref()) {
                who.push_str(t(&c.words.comma, tl));
                who.push_str(t(title, tl));
            }
            let alt = vec![format!("{q} — {}", sentence(&who))];
            pages.push((BTreeMap::from([("quote", q), ("attribution", who)]), alt));
        }
        Content::CallToAction {
            headline,
            body,
            link,
        } => {
            let mut slots = BTreeMap::from([
                ("headline", t(headline, tl).to_owned()),
                ("link", t(link, tl).to_owned()),
            ]);
            let mut alt = vec![sentence(t(headline, tl))];
            if let Some(b) = body {
                slots.insert("body", t(b, tl).to_owned());
                alt.push(sentence(t(b, tl)));
            }
            alt.push(t(link, tl).to_owned());
            pages.push((slots, alt));
        }
        Content::Carousel { slides } => {
            let n = slides.len();
            for (i, s) in slides.iter().enumerate() {
                let mut slots = BTreeMap::from([
                    ("headline", t(&s.headline, tl).to_owned()),
                    ("page", format!("{} / {n}", i + 1)),
                ]);
                let mut alt = vec![format!(
                    "{} {} {} {n}:",
                    t(&c.words.slide, tl),
                    i + 1,
                    t(&c.words.of, tl)
                )];
                alt.push(sentence(t(&s.headline, tl)));
                if let Some(b) = &s.body {
                    slots.insert("body", t(b, tl).to_owned());
                    alt.push(sentence(t(b, tl)));
                }
                pages.push((slots, alt));
            }
        }
    }

    let mut caption = caption(c, m, tl)?;
    if direction == Direction::Rtl {
        caption = isolate_ltr(&caption);
    }
    let n = pages.len();
    let carousel = matches!(m.content, Content::Carousel { .. });
    Ok(pages
        .into_iter()
        .enumerate()
        .map(|(i, (mut slots, alt))| {
            slots.insert("kicker", kicker.clone());
            let mut alt = match &m.alt {
                Some(a) => t(a, tl).trim().to_owned(),
                None => alt.join(" "),
            };
            if direction == Direction::Rtl {
                alt = isolate_ltr(&alt);
            }
            let stem = if carousel {
                format!("cards/{lang}/{}/{}-{:02}", format.name, m.id, i + 1)
            } else {
                format!("cards/{lang}/{}/{}", format.name, m.id)
            };
            let mut at: BTreeMap<&'static str, Location> = slot_texts(&m.content, i)
                .into_iter()
                .filter_map(|(slot, text)| {
                    let (line, column) = text.position(tl)?;
                    Some((slot, Location::new(&m.location.file, line, column)))
                })
                .collect();
            // The kicker is the audience's, written in the campaign file.
            let kicker_at = c.audience(&m.audience).map(|a| {
                let text = a.kicker.as_ref().unwrap_or(&a.name);
                match text.position(tl) {
                    Some((line, column)) => Location::new(&c.file, line, column),
                    None => Location::file(&c.file),
                }
            });
            at.extend(kicker_at.map(|l| ("kicker", l)));
            Card {
                at,
                message: m.id.clone(),
                audience: m.audience.clone(),
                kind: m.content.kind(),
                language: lang.to_owned(),
                text_language: tl.to_owned(),
                direction,
                status,
                format,
                slide: carousel.then_some((i + 1, n)),
                slots,
                caption: caption.clone(),
                alt,
                location: m.location.clone(),
                stem,
            }
        })
        .collect())
}

/// The texts behind a card's slots, for locating problems.
fn slot_texts(content: &Content, slide: usize) -> Vec<(&'static str, &Text)> {
    let mut out = Vec::new();
    match content {
        Content::Statement { headline, body } => {
            out.push(("headline", headline));
            out.extend(body.as_ref().map(|b| ("body", b)));
        }
        Content::Statistic { value, label } => {
            out.push(("label", label));
            if let Value::Text(v) = value {
                out.push(("value", v));
            }
        }
        Content::Quote { quote, attribution } => {
            out.extend([("quote", quote), ("attribution", attribution)])
        }
        Content::CallToAction {
            headline,
            body,
            link,
        } => {
            out.extend([("headline", headline), ("link", link)]);
            out.extend(body.as_ref().map(|b| ("body", b)));
        }
        Content::Carousel { slides } => {
            if let Some(s) = slides.get(slide) {
                out.push(("headline", &s.headline));
                out.extend(s.body.as_ref().map(|b| ("body", b)));
            }
        }
    }
    out
}
