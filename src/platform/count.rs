//! Measuring a text the way each platform measures it.
//!
//! X's weighted length and the URLs in a text come from the `twitter-text`
//! crate, the Rust port of twitter-text, which passes twitter-text's own
//! conformance suite; handbill keeps no second copy of its TLD list or
//! emoji data. Grapheme clusters come from `unicode-segmentation`, emoji
//! sequences from `emojis`. What is written here is only how each
//! platform combines those pieces, from its documentation or source.
//!
//! Nothing here decides whether a count is an error: [`Count`] says how
//! much was used of how much, and the caller reports it.

use std::cell::RefCell;
use std::ops::Range;

use twitter_text::extractor::{Extract, Extractor, ParserBackend};
use unicode_segmentation::UnicodeSegmentation;

use super::Limit;

/// How much of a limit a text uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Count {
    pub used: usize,
    pub limit: usize,
    /// What is counted, for a message: "weighted characters", "graphemes",
    /// "bytes (UTF-8)", …
    pub unit: &'static str,
}

impl Count {
    /// Whether the text fits within the limit.
    pub fn fits(&self) -> bool {
        self.used <= self.limit
    }
}

/// The length of `text` as the platform with this `limit` counts it. For
/// Bluesky, which limits both graphemes and bytes, the count returned is
/// the one that is over, or the graphemes when neither or both are.
pub fn length(limit: &Limit, text: &str) -> Count {
    let count = |used, limit, unit| Count { used, limit, unit };
    match *limit {
        Limit::XWeighted(max) => count(x_weighted(text), max, "weighted characters"),
        Limit::GraphemesAndBytes { graphemes, bytes } => {
            let by_graphemes = count(grapheme_count(text), graphemes, "graphemes");
            let by_bytes = count(text.len(), bytes, "bytes (UTF-8)");
            if by_graphemes.fits() && !by_bytes.fits() {
                by_bytes
            } else {
                by_graphemes
            }
        }
        Limit::Mastodon(max) => count(mastodon(text), max, "characters (a URL counts 23)"),
        Limit::Utf16(max) => count(text.encode_utf16().count(), max, "characters (UTF-16)"),
        Limit::Threads(max) => count(threads(text), max, "characters (an emoji its bytes)"),
        Limit::CodePoints(max) => count(text.chars().count(), max, "characters"),
    }
}

/// The links in a text as the platforms find them (twitter-text's rules:
/// `https://…`, and also `example.org/path` without a scheme when its TLD
/// is a real one), each by its byte range in `text`.
pub fn links(text: &str) -> Vec<Range<usize>> {
    url_ranges(text, true)
}

/// How many different links a text has: Threads counts "all unique URLs
/// found in the text".
pub fn distinct_links(text: &str) -> usize {
    let mut urls: Vec<&str> = links(text).into_iter().map(|r| &text[r]).collect();
    urls.sort_unstable();
    urls.dedup();
    urls.len()
}

/// The hashtags in a text, each by its byte range from its `#`: a `#` (or
/// fullwidth `＃`) not preceded by a letter, digit, `_` or `&`, then letters,
/// marks, digits and `_`, at least one of them not a digit (`#1` is no
/// tag). Written here rather than taken from twitter-text: its hashtag
/// rule is X's, with offsets in UTF-16 units of the NFC-normalised text,
/// and the platforms that count hashtags (Instagram) link them the same
/// simple way.
pub fn hashtags(text: &str) -> Vec<Range<usize>> {
    let word = |c: char| c.is_alphanumeric() || c == '_' || is_mark(c);
    let mut found = Vec::new();
    for (at, sign) in text.char_indices().filter(|&(_, c)| c == '#' || c == '＃') {
        let before = text[..at].chars().next_back();
        if before.is_some_and(|c| word(c) || c == '&') {
            continue;
        }
        let body = &text[at + sign.len_utf8()..];
        let len: usize = body
            .chars()
            .take_while(|&c| word(c))
            .map(char::len_utf8)
            .sum();
        if body[..len].chars().any(|c| !c.is_ascii_digit()) {
            found.push(at..at + sign.len_utf8() + len);
        }
    }
    found
}

/// Whether `c` is a combining mark or a joiner that belongs inside a word
/// (Devanagari vowel signs, Arabic harakat, ZWNJ and ZWJ).
fn is_mark(c: char) -> bool {
    use unicode_normalization::char::is_combining_mark;
    is_combining_mark(c) || c == '\u{200c}' || c == '\u{200d}'
}

/// X's weighted length with twitter-text's v3 configuration.
///
/// The `External` parser backend is chosen on purpose: with the crate's
/// default (`Nom`) backend, 0.3.1 counts a URL without a scheme
/// (`example.com`) by its characters rather than as 23, unlike
/// twitter-text 3.1.0; `External` matches it on every conformance case.
/// One more difference is corrected here: the crate also takes a URL
/// glued to a letter before it (`ahttps://…`) as a URL, where twitter-text
/// does not (see [`glued`]); such a URL is counted by its characters.
fn x_weighted(text: &str) -> usize {
    let config = twitter_text_config::config_v3();
    let weigh = |t: &str, urls: bool| {
        let parsed =
            twitter_text::parse_with_parser_backend(t, config, urls, ParserBackend::External);
        i64::from(parsed.weighted_length)
    };
    let mut weight = weigh(text, true);
    for url in crate_urls(text, true)
        .into_iter()
        .filter(|r| glued(text, r))
    {
        weight += weigh(&text[url], false) - i64::from(config.transformed_url_length);
    }
    usize::try_from(weight).unwrap_or(0)
}

fn grapheme_count(text: &str) -> usize {
    text.graphemes(true).count()
}

/// Threads: "Emojis are counted as the number of UTF-8 bytes"; other
/// characters as JavaScript counts them (UTF-16 units).
fn threads(text: &str) -> usize {
    text.graphemes(true)
        .map(|g| {
            if is_emoji(g) {
                g.len()
            } else {
                g.encode_utf16().count()
            }
        })
        .sum()
}

/// Whether a grapheme cluster is one emoji (with or without its variation
/// selector, skin tone or ZWJ parts), by Unicode's emoji list.
fn is_emoji(grapheme: &str) -> bool {
    emojis::get(grapheme).is_some()
        || emojis::get(&grapheme.replace('\u{fe0f}', "")).is_some()
        || grapheme
            .chars()
            .any(|c| ('\u{1f1e6}'..='\u{1f1ff}').contains(&c))
}

/// The length Mastodon's `StatusLengthValidator` counts: the text with each
/// URL that has a scheme replaced by 23 characters and each mention by its
/// `@username`, in grapheme clusters.
fn mastodon(text: &str) -> usize {
    const URL_PLACEHOLDER: &str = "xxxxxxxxxxxxxxxxxxxxxxx";
    let mut countable = String::with_capacity(text.len());
    let mut last = 0;
    for entity in mastodon_entities(text) {
        countable.push_str(&text[last..entity.range.start]);
        match entity.kind {
            Entity::Url => countable.push_str(URL_PLACEHOLDER),
            Entity::Mention => countable.push_str(mention_username(&text[entity.range.clone()])),
        }
        last = entity.range.end;
    }
    countable.push_str(&text[last..]);
    grapheme_count(&countable)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Entity {
    Url,
    Mention,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Found {
    kind: Entity,
    range: Range<usize>,
}

/// The URLs with a scheme and the mentions Mastodon gives length
/// concessions to, sorted, with overlaps removed (the earlier wins, as
/// twitter-text's `remove_overlapping_entities` keeps it).
fn mastodon_entities(text: &str) -> Vec<Found> {
    let urls = url_ranges(text, false).into_iter().map(|range| Found {
        kind: Entity::Url,
        range,
    });
    let mentions = remote_mentions(text).into_iter().map(|range| Found {
        kind: Entity::Mention,
        range,
    });
    let mut all: Vec<Found> = urls.chain(mentions).collect();
    all.sort_by_key(|f| (f.range.start, f.range.end));
    let mut kept: Vec<Found> = Vec::with_capacity(all.len());
    for found in all {
        if kept.last().is_none_or(|k| k.range.end <= found.range.start) {
            kept.push(found);
        }
    }
    kept
}

/// The `@user` part of `@user@domain`.
fn mention_username(mention: &str) -> &str {
    match mention[1..].find('@') {
        Some(at) => &mention[..at + 1],
        None => mention,
    }
}

/// Remote mentions, `@user@domain`, by byte range. Mastodon's
/// `Account::MENTION_RE`: a username of ASCII letters, digits and `_`
/// (dots and dashes inside), not preceded by a word character, `=` or `/`,
/// then `@` and a domain. Written here because twitter-text's mention rule
/// is X's, not Mastodon's. A domain that is no host name (a label over 63
/// bytes, or over 253 in all) is not taken as one, so it is counted in
/// full, as Mastodon's spec expects for "overly long domains".
fn remote_mentions(text: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices('@') {
        let before = text[..at].chars().next_back();
        if before
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '=' || c == '/' || c == '@')
        {
            continue;
        }
        let user = name_len(&text[at + 1..], |c| c.is_ascii_alphanumeric() || c == '_');
        if user == 0 || !text[at + 1 + user..].starts_with('@') {
            continue;
        }
        let domain_start = at + 2 + user;
        let domain = name_len(&text[domain_start..], |c| c.is_alphanumeric() || c == '_');
        if domain > 0 && is_host_name(&text[domain_start..domain_start + domain]) {
            found.push(at..domain_start + domain);
        }
    }
    found
}

/// The length in bytes of a name made of `word` characters, with single
/// dots or dashes inside (never at the end).
fn name_len(s: &str, word: impl Fn(char) -> bool) -> usize {
    let mut end = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if word(c) {
            end = i + c.len_utf8();
        } else if (c == '.' || c == '-')
            && end == i
            && end > 0
            && chars.peek().is_some_and(|&(_, n)| word(n))
        {
            continue;
        } else {
            break;
        }
    }
    end
}

fn is_host_name(domain: &str) -> bool {
    domain.len() <= 253
        && domain
            .split('.')
            .all(|label| (1..=63).contains(&label.len()))
}

/// The URLs twitter-text finds in `text`, by byte range; with or without
/// those that have no scheme.
fn url_ranges(text: &str, without_scheme: bool) -> Vec<Range<usize>> {
    let mut urls = crate_urls(text, without_scheme);
    urls.retain(|r| !glued(text, r));
    urls
}

/// A text and the URLs in it, by byte range.
type Urls = (String, Vec<Range<usize>>);

thread_local! {
    /// The last text each way (`without_scheme` or not) and its URLs: a
    /// card's checks ask for the same caption's URLs once per platform and
    /// rule, and the crate's parser had been a twentieth of a build.
    static LAST_URLS: RefCell<[Option<Urls>; 2]> =
        const { RefCell::new([None, None]) };
}

/// The URLs the `twitter-text` crate finds, by byte range.
fn crate_urls(text: &str, without_scheme: bool) -> Vec<Range<usize>> {
    let way = usize::from(without_scheme);
    let known = LAST_URLS.with_borrow(|last| match &last[way] {
        Some((t, urls)) if t == text => Some(urls.clone()),
        _ => None,
    });
    if let Some(urls) = known {
        return urls;
    }
    let urls = parse_urls(text, without_scheme);
    LAST_URLS.with_borrow_mut(|last| last[way] = Some((text.to_owned(), urls.clone())));
    urls
}

/// `crate_urls`, parsed.
fn parse_urls(text: &str, without_scheme: bool) -> Vec<Range<usize>> {
    let mut extractor = Extractor::with_parser_backend(ParserBackend::External);
    extractor.set_extract_url_without_protocol(without_scheme);
    extractor
        .extract_urls_with_indices(text)
        .iter()
        .filter_map(|e| {
            let start = byte_at_utf16(text, usize::try_from(e.get_start()).ok()?)?;
            Some(start..start + e.get_value().len())
        })
        .filter(|r| text.get(r.clone()).is_some())
        .collect()
}

/// Whether a URL the crate found is glued to the character before it, so
/// that twitter-text does not take it as a URL: its `validUrlPrecedingChars`
/// exclude ASCII letters and digits, `@`, `$`, `#` and their fullwidth
/// forms. Mastodon's spec checks the same ("does not reduce calculated
/// length of non-autolinkable URLs").
fn glued(text: &str, url: &Range<usize>) -> bool {
    text[..url.start]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_alphanumeric() || "@＠$#＃".contains(c))
}

/// The byte offset of the UTF-16 offset `units` in `text`.
fn byte_at_utf16(text: &str, units: usize) -> Option<usize> {
    let mut seen = 0;
    for (i, c) in text.char_indices() {
        if seen == units {
            return Some(i);
        }
        seen += c.len_utf16();
    }
    (seen == units).then_some(text.len())
}

/// The text to paste into LinkedIn's API as a post's commentary, with
/// each character its "little" text format reserves escaped by a
/// backslash: `\ | { } @ [ ] ( ) < > # * _ ~`. Unescaped, LinkedIn cuts
/// the post at the first one (../shared/REFERENCE.md; Microsoft's "little
/// text format" page lists them).
pub fn linkedin_escape(text: &str) -> String {
    const RESERVED: &[char] = &[
        '\\', '|', '{', '}', '@', '[', ']', '(', ')', '<', '>', '#', '*', '_', '~',
    ];
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if RESERVED.contains(&c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashtags_start_at_a_word_boundary_and_need_a_non_digit() {
        let tags = |t: &str| {
            hashtags(t)
                .into_iter()
                .map(|r| t[r].to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            tags("Stop it. #EndTrafficking #Free2Link"),
            ["#EndTrafficking", "#Free2Link"]
        );
        assert_eq!(tags("We are #1, a#b, &#38; x"), Vec::<String>::new());
        assert_eq!(
            tags("#Ελλάδα #مرحبا #हिन्दी"),
            ["#Ελλάδα", "#مرحبا", "#हिन्दी"]
        );
        assert_eq!(tags("＃全角 and (#tag)"), ["＃全角", "#tag"]);
        assert_eq!(tags("#"), Vec::<String>::new());
    }

    #[test]
    fn x_counts_urls_as_23_and_cjk_as_2() {
        assert_eq!(x_weighted("Hi http://test.co"), 26);
        assert_eq!(x_weighted("see example.com"), 4 + 23);
        assert_eq!(x_weighted("日本"), 4);
        assert_eq!(x_weighted("Καλημέρα"), 8);
        assert_eq!(x_weighted("👨‍👩‍👧‍👦"), 2);
    }

    #[test]
    fn bluesky_reports_the_count_that_is_over() {
        let limit = Limit::GraphemesAndBytes {
            graphemes: 3,
            bytes: 10,
        };
        assert_eq!(length(&limit, "abcd").unit, "graphemes");
        let family = "👨‍👩‍👧‍👧"; // one grapheme, 25 bytes
        let c = length(&limit, family);
        assert_eq!((c.used, c.unit, c.fits()), (25, "bytes (UTF-8)", false));
        assert!(length(&limit, "abc").fits());
    }

    #[test]
    fn utf16_counts_astral_characters_twice() {
        assert_eq!(length(&Limit::Utf16(10), "a😀").used, 3);
        assert_eq!(length(&Limit::CodePoints(10), "a😀").used, 2);
    }

    #[test]
    fn threads_counts_emoji_by_their_utf8_bytes() {
        assert_eq!(threads("abc"), 3);
        assert_eq!(threads("Ελλάδα"), 6);
        assert_eq!(threads("😀"), 4);
        assert_eq!(threads("👨‍👩‍👧‍👧"), 25);
        assert_eq!(threads("🇬🇷"), 8);
        assert_eq!(threads("❤️"), 6);
        assert!(is_emoji("©️") && !is_emoji("a") && !is_emoji("é"));
    }

    #[test]
    fn links_are_found_with_and_without_a_scheme_and_counted_once() {
        let text = "Read https://example.org/a and example.org/a, then www.gov.gr";
        let found: Vec<&str> = links(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            found,
            ["https://example.org/a", "example.org/a", "www.gov.gr"]
        );
        assert_eq!(distinct_links("a.gr b.gr a.gr"), 2);
        assert_eq!(distinct_links("no links here. none."), 0);
    }

    #[test]
    fn links_are_placed_by_bytes_after_non_ascii_text() {
        let text = "Ελλάδα 👨‍👩‍👧‍👧 https://gov.gr/a end";
        let found: Vec<&str> = links(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(found, ["https://gov.gr/a"]);
    }

    #[test]
    fn mastodon_counts_urls_as_23_and_remote_mentions_by_username() {
        assert_eq!(mastodon("a https://example.org/a/very/long/path"), 2 + 23);
        assert_eq!(mastodon("hi @alice@example.org"), 3 + 6);
        assert_eq!(mastodon("hi @alice"), 9);
        // No scheme, no concession.
        assert_eq!(mastodon("example.org/a/very/long/path"), 28);
        assert_eq!(mastodon("👨‍👩‍👧‍👧"), 1);
    }

    #[test]
    fn remote_mentions_need_a_clean_start_and_a_host_name() {
        let r = |t: &str| {
            remote_mentions(t)
                .into_iter()
                .map(|r| t[r].to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(r("@a@b.org, x"), ["@a@b.org"]);
        assert_eq!(r("mail me@b.org"), Vec::<String>::new());
        assert_eq!(r("@a.b-c@d-e.f.org."), ["@a.b-c@d-e.f.org"]);
        let long = format!("@a@{}.com", "b".repeat(64));
        assert_eq!(r(&long), Vec::<String>::new());
        assert_eq!(mention_username("@alice@example.org"), "@alice");
    }

    #[test]
    fn name_len_stops_before_a_trailing_dot() {
        let word = |c: char| c.is_ascii_alphanumeric();
        assert_eq!(name_len("ab.cd. x", word), 5);
        assert_eq!(name_len("ab..cd", word), 2);
        assert_eq!(name_len("-ab", word), 0);
    }

    #[test]
    fn a_url_glued_to_a_letter_is_text() {
        assert_eq!(x_weighted("ahttps://x.org/abcdefghijklmnopqrstuvwxyz"), 41);
        assert_eq!(x_weighted("a https://x.org/abcdefghijklmnopqrstuvwxyz"), 25);
        assert_eq!(links("ahttps://x.org/abc"), Vec::<Range<usize>>::new());
        assert!(glued("$http://x.org", &(1..13)) && !glued("(http://x.org", &(1..13)));
        assert!(!glued("http://x.org", &(0..12)));
    }

    #[test]
    fn utf16_offsets_become_byte_offsets() {
        assert_eq!(byte_at_utf16("a😀b", 0), Some(0));
        assert_eq!(byte_at_utf16("a😀b", 3), Some(5));
        assert_eq!(byte_at_utf16("a😀b", 4), Some(6));
        assert_eq!(byte_at_utf16("a😀b", 2), None, "inside a surrogate pair");
    }

    #[test]
    fn linkedin_escape_escapes_every_reserved_character_and_nothing_else() {
        assert_eq!(
            linkedin_escape(r"a\b|{c}@[d](e)<f>#g*h_i~ j.k!"),
            r"a\\b\|\{c\}\@\[d\]\(e\)\<f\>\#g\*h\_i\~ j.k!"
        );
        assert_eq!(linkedin_escape("Ελλάδα"), "Ελλάδα");
    }
}
