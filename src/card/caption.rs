//! A card's caption: the message's full text, its source with the link,
//! its photo's credit and licence, and the hashtags, as posted with the
//! card.

use std::fmt::Write as _;

use crate::campaign::{Campaign, Message};
use crate::layout;
use crate::typography::{source_line, t};

/// The caption in `lang`. How many hashtags a platform takes is checked
/// with the posts (`crate::post`).
pub fn caption(c: &Campaign, m: &Message, lang: &str) -> String {
    let mut out = layout::normalize(t(&m.caption, lang)).replace('\n', "\n\n");
    if let Some(s) = &m.source {
        let _ = write!(out, "\n\n{}", source_line(&c.words, s, lang));
        if let Some(url) = &s.url {
            let _ = write!(out, " {url}");
        }
    }
    // A photo's credit travels with every post of it, as its licence asks.
    if let Some(p) = &m.photo {
        let _ = write!(out, "\n\n{} ({})", t(&p.credit, lang), t(&p.licence, lang));
    }
    let tags = hashtags(c, m);
    if !tags.is_empty() {
        out.push_str("\n\n");
        out.push_str(&tags.join(" "));
    }
    out
}

/// The short posts, for platforms whose limit the full caption is over (X,
/// Threads, Bluesky, Mastodon), longest first: the card's key line, then
/// its first part alone (a statement's headline), each with the source and
/// its link and the hashtags.
pub fn short_captions(c: &Campaign, m: &Message, lang: &str) -> Vec<String> {
    let lines = [
        super::make::key_line(c, m, lang),
        super::make::lead_line(c, m, lang),
    ];
    let mut tail = String::new();
    if let Some(s) = &m.source {
        let _ = write!(tail, "\n\n{}", source_line(&c.words, s, lang));
        if let Some(url) = &s.url {
            let _ = write!(tail, " {url}");
        }
    }
    let tags = hashtags(c, m);
    if !tags.is_empty() {
        let _ = write!(tail, "\n\n{}", tags.join(" "));
    }
    let mut out: Vec<String> = lines.iter().map(|l| format!("{l}{tail}")).collect();
    out.dedup();
    out
}

/// The message's hashtags then the campaign's, each once (ignoring case),
/// with their `#`.
fn hashtags(c: &Campaign, m: &Message) -> Vec<String> {
    let mut tags: Vec<&str> = Vec::new();
    for h in m.hashtags.iter().chain(&c.hashtags) {
        if !tags.iter().any(|x| x.eq_ignore_ascii_case(h)) {
            tags.push(h);
        }
    }
    tags.iter().map(|h| format!("#{h}")).collect()
}
