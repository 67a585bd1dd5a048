//! Cards: which cards a campaign makes (one per message, slide, language and
//! format), what each says in each slot, its caption and alt text, and its
//! final SVG with every slot filled and every text laid out.
//!
//! Pure: reads no files. Text reaches the SVG only escaped, as character
//! data, so whatever a message says is drawn as the characters it is.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::campaign::{Campaign, Content, Message, Source, Text};
use crate::fonts::Fonts;
use crate::format::Format;
use crate::layout::{self, Block};
use crate::problem::{Location, Problem};
use crate::template::{Edit, Template};

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
    pub language: String,
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

/// Every card of the campaign that passes the filter, in a stable order:
/// language, format, then messages as written.
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
                match cards_of(c, m, lang, format) {
                    Ok(mut v) => cards.append(&mut v),
                    Err(p) => problems.push(p),
                }
            }
        }
    }
    (cards, problems)
}

fn t<'a>(text: &'a Text, lang: &str) -> &'a str {
    text.get(lang).unwrap_or_default()
}

/// Ends a piece of alt text with a full stop unless it has punctuation.
fn sentence(s: &str) -> String {
    let s = s.trim();
    if s.ends_with(['.', '!', '?', '…', '»', '”', '"', ':', ';']) {
        s.to_owned()
    } else {
        format!("{s}.")
    }
}

/// "Source: OSCE" or "Source: UNICEF, The State of the World’s Children 2017".
pub fn source_line(c: &Campaign, s: &Source, lang: &str) -> String {
    let mut line = format!("{}: {}", t(&c.words.source, lang), t(&s.publisher, lang));
    let title = s.title.as_ref().map(|x| t(x, lang)).unwrap_or("");
    if !title.is_empty() {
        let _ = write!(line, ", {title}");
    }
    if let Some(y) = s.year
        && !title.contains(&y.to_string())
    {
        let _ = write!(line, ", {y}");
    }
    line
}

fn cards_of(
    c: &Campaign,
    m: &Message,
    lang: &str,
    format: &'static Format,
) -> Result<Vec<Card>, Problem> {
    let kicker = c
        .audience(&m.audience)
        .map(|a| t(a.kicker.as_ref().unwrap_or(&a.name), lang).to_owned())
        .unwrap_or_default();
    let source = m.source.as_ref().map(|s| source_line(c, s, lang));
    let mut pages: Vec<(BTreeMap<&'static str, String>, Vec<String>)> = Vec::new();
    match &m.content {
        Content::Statement { headline, body } => {
            let mut slots = BTreeMap::from([("headline", t(headline, lang).to_owned())]);
            let mut alt = vec![sentence(t(headline, lang))];
            if let Some(b) = body {
                slots.insert("body", t(b, lang).to_owned());
                alt.push(sentence(t(b, lang)));
            }
            if let Some(s) = &source {
                slots.insert("source", s.clone());
                alt.push(sentence(s));
            }
            pages.push((slots, alt));
        }
        Content::Statistic { value, label } => {
            let mut slots = BTreeMap::from([
                ("value", t(value, lang).to_owned()),
                ("label", t(label, lang).to_owned()),
            ]);
            let mut alt = vec![sentence(&format!("{} {}", t(value, lang), t(label, lang)))];
            if let Some(s) = &source {
                slots.insert("source", s.clone());
                alt.push(sentence(s));
            }
            pages.push((slots, alt));
        }
        Content::Quote { quote, attribution } => {
            let q = format!(
                "{}{}{}",
                t(&c.words.quote_open, lang),
                t(quote, lang).trim(),
                t(&c.words.quote_close, lang)
            );
            let mut who = t(attribution, lang).to_owned();
            if let Some(title) = m.source.as_ref().and_then(|s| s.title.as_ref()) {
                let _ = write!(who, ", {}", t(title, lang));
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
                ("headline", t(headline, lang).to_owned()),
                ("link", t(link, lang).to_owned()),
            ]);
            let mut alt = vec![sentence(t(headline, lang))];
            if let Some(b) = body {
                slots.insert("body", t(b, lang).to_owned());
                alt.push(sentence(t(b, lang)));
            }
            alt.push(t(link, lang).to_owned());
            pages.push((slots, alt));
        }
        Content::Carousel { slides } => {
            let n = slides.len();
            for (i, s) in slides.iter().enumerate() {
                let mut slots = BTreeMap::from([
                    ("headline", t(&s.headline, lang).to_owned()),
                    ("page", format!("{} / {n}", i + 1)),
                ]);
                let mut alt = vec![format!(
                    "{} {} {} {n}:",
                    t(&c.words.slide, lang),
                    i + 1,
                    t(&c.words.of, lang)
                )];
                alt.push(sentence(t(&s.headline, lang)));
                if let Some(b) = &s.body {
                    slots.insert("body", t(b, lang).to_owned());
                    alt.push(sentence(t(b, lang)));
                }
                pages.push((slots, alt));
            }
        }
    }

    let caption = caption(c, m, lang)?;
    let n = pages.len();
    let carousel = matches!(m.content, Content::Carousel { .. });
    Ok(pages
        .into_iter()
        .enumerate()
        .map(|(i, (mut slots, alt))| {
            slots.insert("kicker", kicker.clone());
            let alt = match &m.alt {
                Some(a) => t(a, lang).trim().to_owned(),
                None => alt.join(" "),
            };
            let stem = if carousel {
                format!("cards/{lang}/{}/{}-{:02}", format.name, m.id, i + 1)
            } else {
                format!("cards/{lang}/{}/{}", format.name, m.id)
            };
            let mut at: BTreeMap<&'static str, Location> = slot_texts(&m.content, i)
                .into_iter()
                .filter_map(|(slot, text)| {
                    let (line, column) = text.position(lang)?;
                    Some((slot, Location::new(&m.location.file, line, column)))
                })
                .collect();
            // The kicker is the audience's, written in the campaign file.
            let kicker_at = c.audience(&m.audience).map(|a| {
                let text = a.kicker.as_ref().unwrap_or(&a.name);
                match text.position(lang) {
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
        Content::Statistic { value, label } => out.extend([("value", value), ("label", label)]),
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

/// Instagram accepts at most five hashtags a post.
pub const MAX_HASHTAGS: usize = 5;

/// The caption: the message's full text, its source with the link, and the
/// hashtags at the end.
fn caption(c: &Campaign, m: &Message, lang: &str) -> Result<String, Problem> {
    let mut out = layout::normalize(t(&m.caption, lang)).replace('\n', "\n\n");
    if let Some(s) = &m.source {
        let _ = write!(out, "\n\n{}", source_line(c, s, lang));
        if let Some(url) = &s.url {
            let _ = write!(out, " {url}");
        }
    }
    let mut tags: Vec<&str> = Vec::new();
    for h in m.hashtags.iter().chain(&c.hashtags) {
        if !tags.iter().any(|x| x.eq_ignore_ascii_case(h)) {
            tags.push(h);
        }
    }
    if tags.len() > MAX_HASHTAGS {
        return Err(Problem::new(
            m.location.clone(),
            format!(
                "the caption would carry {} hashtags; Instagram accepts {MAX_HASHTAGS}",
                tags.len()
            ),
        )
        .message(&m.id)
        .hint(
            "drop some of the message's hashtags (the campaign's own are added to every caption)",
        ));
    }
    if !tags.is_empty() {
        out.push_str("\n\n");
        out.push_str(
            &tags
                .iter()
                .map(|h| format!("#{h}"))
                .collect::<Vec<_>>()
                .join(" "),
        );
    }
    Ok(out)
}

/// Escapes text for XML character data and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 forbids are dropped rather than breaking
            // the document.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Formats a coordinate with at most two decimals, the same on every machine.
fn num(v: f32) -> String {
    let s = format!("{:.2}", v);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

/// The `<text>` element for a laid-out block.
fn text_element(slot: &crate::template::TextSlot, block: &Block) -> String {
    let mut css: Vec<String> = slot.css.iter().map(|(k, v)| format!("{k}:{v}")).collect();
    css.push(format!("font-size:{}px", num(block.size)));
    let mut out = format!(
        "<text{} style=\"{}\">",
        slot.attributes,
        escape(&css.join(";"))
    );
    for line in &block.lines {
        let _ = write!(
            out,
            "<tspan x=\"{}\" y=\"{}\">{}</tspan>",
            num(line.x),
            num(line.baseline),
            escape(&line.text)
        );
    }
    out.push_str("</text>");
    out
}

/// What a card's SVG is made from besides the template and the card.
pub struct Assets<'a> {
    pub fonts: &'a Fonts,
    pub colours: &'a BTreeMap<String, String>,
    /// The logo as a `data:` URL, if the campaign has one.
    pub logo: Option<&'a str>,
}

/// Slots a template may leave out even when a message has text for them:
/// the caption and alt text still carry it.
const DROPPABLE: &[&str] = &["kicker", "source"];

/// Fills the template with the card: lays out every text slot and returns
/// the final SVG, or every problem that stops it.
pub fn compose(template: &Template, card: &Card, assets: &Assets) -> Result<String, Vec<Problem>> {
    let mut edits: Vec<Edit> = template
        .removals
        .iter()
        .map(|r| Edit {
            range: r.clone(),
            text: String::new(),
        })
        .collect();
    let mut problems = Vec::new();
    let here = |what: String| {
        Problem::new(card.location.clone(), what)
            .message(&card.message)
            .language(&card.language)
            .format(card.format.name)
            .template(&template.path)
    };
    for (id, text) in &card.slots {
        if !text.trim().is_empty()
            && !template.text_slots.contains_key(*id)
            && !DROPPABLE.contains(id)
        {
            problems.push(
                here(format!(
                    "the message has a {id}, but the template has no `{id}` slot"
                ))
                .slot(id)
                .hint(format!(
                    "add a `{id}` text slot to {}, or remove the {id} from the message",
                    template.path.display()
                )),
            );
        }
    }
    for (id, slot) in &template.text_slots {
        let text = card.slots.get(id.as_str()).map(|s| s.trim()).unwrap_or("");
        if text.is_empty() {
            edits.push(Edit {
                range: slot.range.clone(),
                text: String::new(),
            });
            continue;
        }
        match layout::fit(assets.fonts, text, &slot.style, slot.bx) {
            Ok(block) => edits.push(Edit {
                range: slot.range.clone(),
                text: text_element(slot, &block),
            }),
            Err(overflow) => problems.push(
                Problem {
                    location: card.at.get(id.as_str()).unwrap_or(&card.location).clone(),
                    ..here(match overflow {
                        layout::Overflow::MissingGlyphs { .. } => {
                            format!("the {id} cannot be drawn: {}", overflow.describe())
                        }
                        _ => format!("the {id} does not fit: {}", overflow.describe()),
                    })
                }
                    .slot(id)
                    .hint(match overflow {
                        layout::Overflow::MissingGlyphs { .. } => "add a font that covers these characters to fonts/, or change the text".to_owned(),
                        _ => format!("shorten the {id} in this language (the caption can carry the full text), or give `{id}-box` more room in the template"),
                    }),
            ),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if let Some((drops, insert)) = &template.logo
        && let Some(url) = assets.logo
    {
        edits.extend(drops.iter().cloned());
        edits.push(Edit {
            range: *insert..*insert,
            text: format!(" href=\"{}\"", escape(url)),
        });
    }
    for (name, slot) in &template.colours {
        let Some(colour) = assets.colours.get(name) else {
            continue;
        };
        match &slot.value {
            Ok(r) => edits.push(Edit {
                range: r.clone(),
                text: colour.clone(),
            }),
            Err(at) => edits.push(Edit {
                range: *at..*at,
                text: format!(" stop-color=\"{colour}\""),
            }),
        }
        if let Some((r, kept)) = &slot.style {
            edits.push(Edit {
                range: r.clone(),
                text: escape(kept),
            });
        }
    }
    if let Some((i, n)) = card.slide {
        if let Some((r, full)) = &template.progress {
            edits.push(Edit {
                range: r.clone(),
                text: num(full * i as f32 / n as f32),
            });
        }
        if let Some(at) = template.next
            && i == n
        {
            edits.push(Edit {
                range: at..at,
                text: " display=\"none\"".to_owned(),
            });
        }
    }
    Ok(apply(&template.source, edits))
}

/// Applies non-overlapping edits to a source text.
fn apply(source: &str, mut edits: Vec<Edit>) -> String {
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(source.len() + 1024);
    let mut pos = 0;
    for e in edits {
        if e.range.start < pos {
            // Nested in an element already replaced (a box inside a removed
            // slot, say): the outer edit wins.
            continue;
        }
        out.push_str(&source[pos..e.range.start]);
        out.push_str(&e.text);
        pos = e.range.end;
    }
    out.push_str(&source[pos..]);
    out
}
