//! A card's caption: the message's full text, its source with the link,
//! its photo's credit and licence, and the hashtags, as posted with the
//! card.

use std::fmt::Write as _;

use crate::campaign::{Campaign, Message};
use crate::layout;
use crate::problem::{Problem, code};
use crate::typography::{source_line, t};

/// Instagram accepts at most five hashtags a post.
pub const MAX_HASHTAGS: usize = 5;

/// The caption in `lang`; too many hashtags is a problem.
pub fn caption(c: &Campaign, m: &Message, lang: &str) -> Result<String, Problem> {
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
    let tags = hashtags(c, m)?;
    if !tags.is_empty() {
        out.push_str("\n\n");
        out.push_str(&tags.join(" "));
    }
    Ok(out)
}

/// The message's hashtags then the campaign's, each once (ignoring case),
/// with their `#`.
fn hashtags(c: &Campaign, m: &Message) -> Result<Vec<String>, Problem> {
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
        .code(code::CAPTION_HASHTAGS)
        .hint(
            "drop some of the message's hashtags (the campaign's own are added to every caption)",
        ));
    }
    Ok(tags.iter().map(|h| format!("#{h}")).collect())
}
