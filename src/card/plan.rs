//! Planning: every card of the campaign that passes the filter, in a stable
//! order, each with its texts, caption and alt text in one language.

use super::caption::caption;
use super::make::{Page, assemble, pages};
use super::{Card, Filter};
use crate::campaign::{Campaign, Direction, Language, Message};
use crate::format::Format;
use crate::kind::KICKER;
use crate::problem::{Location, Problem};
use crate::typography::{isolate_ltr, t};

/// Checks a filter against the campaign: a filter that names nothing that
/// exists is a mistake worth saying.
pub fn check_filter(c: &Campaign, f: &Filter) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut unknown = |what: &str, list: &[String], known: Vec<&str>| {
        for v in list.iter().filter(|v| !known.contains(&v.as_str())) {
            problems.push(
                Problem::new(
                    Location::file(&c.file),
                    format!("--{what} {v}: the campaign has no such {what}"),
                )
                .hint(match closest(v, &known) {
                    Some(meant) => {
                        format!("did you mean `{meant}`? Choose from: {}", known.join(", "))
                    }
                    None => format!("choose from: {}", known.join(", ")),
                }),
            );
        }
    };
    let audiences = c.audiences.iter().map(|a| a.id.as_str()).collect();
    unknown("audience", &f.audiences, audiences);
    unknown("language", &f.languages, c.codes());
    unknown(
        "format",
        &f.formats,
        c.formats.iter().map(|f| f.name).collect(),
    );
    let messages = c.messages.iter().map(|m| m.id.as_str()).collect();
    unknown("message", &f.messages, messages);
    problems
}

/// The known name closest to a mistyped one, when one is close: at most
/// two edits away (or a third of its length, for a long one), from the
/// whole name or from its beginning (`advertized` for `advertised-online`).
fn closest<'a>(given: &str, known: &[&'a str]) -> Option<&'a str> {
    let length = given.chars().count();
    let near = (length / 3).max(2);
    let distance = |k: &str| {
        let start: String = k.chars().take(length).collect();
        let whole = strsim::damerau_levenshtein(given, k);
        whole.min(strsim::damerau_levenshtein(given, &start) + 1)
    };
    known
        .iter()
        .map(|k| (distance(k), *k))
        .filter(|(d, _)| *d <= near)
        .min()
        .map(|(_, k)| k)
}

/// Every card of the campaign that passes the filter, in a stable order:
/// language, format, then messages as written. A message is made in each
/// language of its audience; where it lacks text in one, it is made in that
/// language's fallback, whole — never a mix of two languages on one card.
pub fn plan(c: &Campaign, filter: &Filter) -> (Vec<Card>, Vec<Problem>) {
    let mut cards = Vec::new();
    let mut problems = Vec::new();
    let languages = c
        .languages
        .iter()
        .filter(|l| Filter::allows(&filter.languages, &l.code));
    for lang in languages {
        let formats = c
            .formats
            .iter()
            .filter(|f| Filter::allows(&filter.formats, f.name));
        for format in formats {
            for m in c.messages.iter().filter(|m| wanted(c, filter, m, lang)) {
                match text_language(c, m, lang).and_then(|tl| cards_of(c, m, lang, tl, format)) {
                    Ok(mut v) => cards.append(&mut v),
                    Err(p) => problems.push(p),
                }
            }
        }
    }
    (cards, problems)
}

/// Whether the filter and the message's audience want it in `lang`.
fn wanted(c: &Campaign, filter: &Filter, m: &Message, lang: &Language) -> bool {
    Filter::allows(&filter.audiences, &m.audience)
        && Filter::allows(&filter.messages, &m.id)
        && c.audience(&m.audience)
            .is_none_or(|a| a.languages.contains(&lang.code))
}

/// The language the message's cards in `lang` are written in: `lang`, or
/// its fallback when the message is not complete in it.
fn text_language<'a>(
    c: &'a Campaign,
    m: &Message,
    lang: &'a Language,
) -> Result<&'a Language, Problem> {
    if m.is_complete(&lang.code) {
        return Ok(lang);
    }
    let fallback = lang.fallback.as_deref().and_then(|f| c.language(f));
    match fallback {
        Some(f) if m.is_complete(&f.code) => Ok(f),
        _ => Err(Problem::new(
            m.location.clone(),
            format!(
                "the message is not complete in {}{}",
                lang.code,
                fallback
                    .map(|f| format!(" nor in its fallback {}", f.code))
                    .unwrap_or_default()
            ),
        )
        .message(&m.id)
        .language(&lang.code)
        .hint("write every text of the message in this language")),
    }
}

/// The cards of one message in one language and format: one, or one per
/// slide.
fn cards_of(
    c: &Campaign,
    m: &Message,
    lang: &Language,
    tl: &Language,
    format: &'static Format,
) -> Result<Vec<Card>, Problem> {
    let rtl = |s: String| {
        if tl.direction == Direction::Rtl {
            isolate_ltr(&s)
        } else {
            s
        }
    };
    let caption = rtl(caption(c, m, &tl.code));
    let pages = pages(c, m, &tl.code);
    let carousel = m.kind.slides().is_some();
    Ok(pages
        .into_iter()
        .enumerate()
        .map(|(i, page)| {
            let alt = rtl(alt_text(c, m, &tl.code, &page));
            let stem = match carousel {
                true => format!("cards/{}/{}/{}-{:02}", lang.code, format.name, m.id, i + 1),
                false => format!("cards/{}/{}/{}", lang.code, format.name, m.id),
            };
            let mut card = Card {
                message: m.id.clone(),
                audience: m.audience.clone(),
                kind: m.kind,
                language: lang.code.clone(),
                text_language: tl.code.clone(),
                direction: tl.direction,
                status: tl.status,
                format,
                slide: page.slide,
                slots: page.texts,
                caption: caption.clone(),
                alt,
                location: m.location.clone(),
                at: page.at,
                stem,
            };
            add_kicker(c, m, &tl.code, &mut card);
            card
        })
        .collect())
}

/// The card's alt text: the message's own, or made from the card's
/// words; led by what its photo shows, when it has one.
fn alt_text(c: &Campaign, m: &Message, lang: &str, page: &Page) -> String {
    let own = match &m.alt {
        Some(a) => t(a, lang).trim().to_owned(),
        None => assemble(c, m, lang, page, m.kind.alt),
    };
    match &m.photo {
        Some(p) => {
            let w = &c.words;
            let space = &w.punctuation(lang).sentence_space;
            format!(
                "{}{space}{own}",
                crate::typography::sentence(w, lang, t(&p.alt, lang))
            )
        }
        None => own,
    }
}

/// The audience's kicker above the headline, written in the campaign file.
fn add_kicker(c: &Campaign, m: &Message, lang: &str, card: &mut Card) {
    let Some(a) = c.audience(&m.audience) else {
        card.slots.insert(KICKER, String::new());
        return;
    };
    let text = a.kicker.as_ref().unwrap_or(&a.name);
    let kicker = t(text, lang).trim();
    // The alt text carries every word the card shows, the kicker first.
    if m.alt.is_none() && !kicker.is_empty() {
        card.alt = format!("{kicker}: {}", card.alt);
    }
    card.slots.insert(KICKER, kicker.to_owned());
    let at = match text.position(lang) {
        Some((line, column)) => Location::new(&c.file, line, column),
        None => Location::file(&c.file),
    };
    card.at.insert(KICKER, at);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mistyped_name_suggests_the_closest_known_one() {
        let known = ["advertised-online", "indicators", "en"];
        assert_eq!(
            closest("advertized-online", &known),
            Some("advertised-online")
        );
        assert_eq!(closest("indicatrs", &known), Some("indicators"));
        assert_eq!(closest("advertized", &known), Some("advertised-online"));
        assert_eq!(closest("something-else", &known), None);
    }

    #[test]
    fn an_empty_filter_list_allows_everything() {
        assert!(Filter::allows(&[], "anything"));
        assert!(Filter::allows(&["en".into()], "en"));
        assert!(!Filter::allows(&["en".into()], "el"));
    }
}
