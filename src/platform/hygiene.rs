//! What makes a caption or an alt text hard to use with a screen reader,
//! found by rules that need no platform: hashtags that read as one long
//! word or sit in the middle of the text, "fancy font" letters, and alt
//! texts that are missing, too long, miss the card's words, repeat the file
//! name or the caption, start with "image of", or carry hashtags or links.
//!
//! Each rule returns [`Finding`]s with the offending text and its byte
//! range in the text checked; it never makes a `Problem` and never decides
//! severity. The caller places the range in its file and says what to do.

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::Platform;
use super::count::{Count, hashtags, length, links};

/// What a rule found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rule {
    /// A long hashtag in one case (`#etrafficking`): a screen reader reads
    /// it as one word. Write it in CamelCase (`#ETrafficking`).
    HashtagNotCamelCase,
    /// A hashtag with words after it: hashtags belong at the end.
    HashtagNotAtEnd,
    /// Styled look-alike letters (𝐛𝐨𝐥𝐝, Ⓒⓘⓡⓒⓛⓔⓓ, ｆｕｌｌｗｉｄｔｈ), which screen
    /// readers spell out one by one or skip, and search does not find.
    FancyLetters,
    /// No alt text, or only spaces.
    AltMissing,
    /// Longer than this platform lets an alt text be.
    AltTooLong {
        platform: &'static str,
        count: Count,
    },
    /// The card shows these words and the alt text does not have them.
    AltMissesShownWords { missing: Vec<String> },
    /// The alt text is the image's file name.
    AltIsFileName,
    /// The alt text is the caption again.
    AltIsCaption,
    /// Starts with "image of" or the same in another language: a screen
    /// reader already says it is an image.
    AltStartsWithImageOf,
    /// A hashtag in the alt text.
    AltHasHashtag,
    /// A link in the alt text.
    AltHasLink,
}

/// A rule's finding: which rule, the text it is about and where that text
/// is, by bytes, in the caption or alt text checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub rule: Rule,
    pub text: String,
    pub range: Range<usize>,
}

impl Finding {
    fn at(rule: Rule, text: &str, range: Range<usize>) -> Finding {
        let found = text.get(range.clone()).unwrap_or_default().to_string();
        Finding {
            rule,
            text: found,
            range,
        }
    }
}

/// The caption's findings: hashtags not in CamelCase or not at the end,
/// and fancy letters.
pub fn caption(text: &str) -> Vec<Finding> {
    let tags = hashtags(text);
    let mut found = Vec::new();
    for tag in &tags {
        if !reads_as_words(&text[tag.clone()]) {
            found.push(Finding::at(Rule::HashtagNotCamelCase, text, tag.clone()));
        }
        if !at_end(text, tag, &tags) {
            found.push(Finding::at(Rule::HashtagNotAtEnd, text, tag.clone()));
        }
    }
    for run in fancy_runs(text) {
        found.push(Finding::at(Rule::FancyLetters, text, run));
    }
    found
}

/// Whether a hashtag's words can be told apart by a screen reader. The rule,
/// without a dictionary: a tag whose letters are all lower case is fine up
/// to 9 letters (`#women`, `#migration`: most single words), and a tag in
/// capitals up to 6 (`#EU`, `#UNODC`: acronyms); longer tags in one case
/// are most often words run together (`#etrafficking`,
/// `#humanrights`) and should be written in CamelCase. A single long word
/// is flagged too; the fix is one capital (`#Trafficking`). Letters without
/// case (Arabic, Chinese, …) are never flagged.
fn reads_as_words(tag: &str) -> bool {
    let letters: Vec<char> = tag.chars().filter(|c| c.is_alphabetic()).collect();
    let cased = |c: &&char| c.is_lowercase() || c.is_uppercase();
    if letters.iter().filter(cased).count() == 0 {
        return true;
    }
    let all_lower = letters.iter().filter(cased).all(|c| c.is_lowercase());
    let all_upper = letters.iter().filter(cased).all(|c| c.is_uppercase());
    !(all_lower && letters.len() > 9 || all_upper && letters.len() > 6)
}

/// Whether only spaces and other hashtags follow this hashtag.
fn at_end(text: &str, tag: &Range<usize>, tags: &[Range<usize>]) -> bool {
    let mut rest = tag.end;
    for next in tags.iter().filter(|t| t.start >= tag.end) {
        if !blank(&text[rest..next.start]) {
            return false;
        }
        rest = next.end;
    }
    blank(&text[rest..])
}

/// Whether a stretch of text shows nothing: spaces, and the invisible
/// marks and isolates that keep a left-to-right run (hashtags, links) in
/// order in Arabic text (U+061C, U+200B–200F, U+202A–202E, U+2066–2069).
fn blank(s: &str) -> bool {
    s.chars().all(|c| {
        c.is_whitespace()
            || matches!(c, '\u{61c}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    })
}

/// Whether `c` is a styled look-alike of a letter or digit: Mathematical
/// Alphanumeric Symbols (U+1D400–1D7FF), parenthesized and circled Latin
/// letters (U+249C–24E9), squared and circled Latin capitals
/// (U+1F130–1F189) and fullwidth Latin letters (U+FF21–FF3A, FF41–FF5A).
/// Circled digits (①) and fullwidth digits are left alone: they are used
/// for lists and in Japanese text.
fn is_fancy(c: char) -> bool {
    matches!(c,
        '\u{1d400}'..='\u{1d7ff}'
        | '\u{249c}'..='\u{24e9}'
        | '\u{1f130}'..='\u{1f189}'
        | '\u{ff21}'..='\u{ff3a}'
        | '\u{ff41}'..='\u{ff5a}')
}

/// Runs of fancy letters, joined across spaces and punctuation between
/// them, so a styled sentence is one finding. An emoji that shares a code
/// point with a squared letter (🅰️, 🅿️: followed by U+FE0F) is not one.
fn fancy_runs(text: &str) -> Vec<Range<usize>> {
    let mut runs: Vec<Range<usize>> = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let emoji = chars.peek().is_some_and(|&(_, n)| n == '\u{fe0f}');
        if !is_fancy(c) || emoji {
            continue;
        }
        let end = i + c.len_utf8();
        match runs.last_mut() {
            Some(run) if !text[run.end..i].chars().any(char::is_alphanumeric) => run.end = end,
            _ => runs.push(i..end),
        }
    }
    runs
}

/// What an alt text is checked against: the card it describes.
#[derive(Clone, Copy, Debug)]
pub struct Card<'a> {
    /// The texts the card shows (headline, body, number, …).
    pub shown: &'a [&'a str],
    /// The card image's file name, as published (`stat-1.png`).
    pub file_name: &'a str,
    /// The caption posted with it.
    pub caption: &'a str,
    /// The platforms it is published on, for their alt-text limits.
    pub platforms: &'a [&'a Platform],
}

/// The alt text's findings for this card.
pub fn alt(text: &str, card: &Card) -> Vec<Finding> {
    if text.trim().is_empty() {
        return vec![Finding::at(Rule::AltMissing, text, 0..text.len())];
    }
    let whole = 0..text.len();
    let mut found = too_long(text, card.platforms);
    let missing = missing_words(text, card.shown);
    if !missing.is_empty() {
        found.push(Finding::at(
            Rule::AltMissesShownWords { missing },
            text,
            whole.clone(),
        ));
    }
    if is_file_name(text, card.file_name) {
        found.push(Finding::at(Rule::AltIsFileName, text, whole.clone()));
    }
    if fold(text) == fold(card.caption) {
        found.push(Finding::at(Rule::AltIsCaption, text, whole));
    }
    if let Some(start) = image_of(text) {
        found.push(Finding::at(Rule::AltStartsWithImageOf, text, start));
    }
    for tag in hashtags(text) {
        found.push(Finding::at(Rule::AltHasHashtag, text, tag));
    }
    for link in links(text) {
        found.push(Finding::at(Rule::AltHasLink, text, link));
    }
    found
}

/// One finding for each platform whose alt-text limit `text` passes.
fn too_long(text: &str, platforms: &[&Platform]) -> Vec<Finding> {
    let mut found = Vec::new();
    for p in platforms {
        let Some(limit) = p.alt else { continue };
        let count = length(&limit, text);
        if !count.fits() {
            let rule = Rule::AltTooLong {
                platform: p.name,
                count,
            };
            found.push(Finding::at(rule, text, 0..text.len()));
        }
    }
    found
}

/// Text folded for comparison: NFKD, combining marks dropped, lower case
/// (final sigma as sigma), every run of non-alphanumerics one space. So
/// `ΕΜΠΟΡΙΑ` (Greek capitals go without accents) matches `εμπορία`,
/// `“68%”` matches `68 %`, and line breaks do not matter.
fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text
        .nfkd()
        .filter(|&c| !is_combining_mark(c))
        .flat_map(char::to_lowercase)
    {
        let c = if c == 'ς' { 'σ' } else { c };
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out.trim().to_string()
}

/// The shown words the alt text lacks. The rule, tolerant on purpose: each
/// shown text is folded (see [`fold`]) and split into words; a word of two
/// or more characters is present when the folded alt text contains it
/// (so `traffickers` carries `trafficker`, and Chinese or Japanese text,
/// written without spaces, is matched as a whole run). Single letters and
/// digits (slide counters, initials) are not required. Each missing word
/// is listed once, in the order shown.
fn missing_words(alt: &str, shown: &[&str]) -> Vec<String> {
    let alt = format!(" {} ", fold(alt));
    let mut missing: Vec<String> = Vec::new();
    for text in shown {
        for word in fold(text).split(' ').filter(|w| w.chars().count() >= 2) {
            if !alt.contains(word) && !missing.iter().any(|m| m == word) {
                missing.push(word.to_string());
            }
        }
    }
    missing
}

/// Whether the alt text is the file name, with or without its extension,
/// dashes and underscores (`stat-1.png`, `stat 1`).
fn is_file_name(alt: &str, file_name: &str) -> bool {
    let name = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    let alt = alt.trim();
    !name.is_empty() && (alt.eq_ignore_ascii_case(name) || fold(alt) == fold(stem))
}

/// Openings that say "this is an image", folded, in the campaign's
/// languages and a few more: en, it, el, uk, ar, fr, es, de.
const IMAGE_OF: &[&str] = &[
    "image of",
    "an image of",
    "picture of",
    "a picture of",
    "photo of",
    "a photo of",
    "photograph of",
    "a photograph of",
    "graphic of",
    "a graphic of",
    "immagine di",
    "un immagine di",
    "foto di",
    "fotografia di",
    "εικονα",
    "φωτογραφια",
    "зображення",
    "фото",
    "фотографія",
    "світлина",
    "صورة",
    "image de",
    "image d",
    "une image de",
    "photo de",
    "photo d",
    "une photo de",
    "imagen de",
    "una imagen de",
    "foto de",
    "fotografia de",
    "una foto de",
    "bild von",
    "ein bild von",
    "bild",
    "foto von",
    "ein foto von",
];

/// The range of an "image of" opening, if the alt text starts with one.
/// Matched on folded words, so `Image of`, `IMMAGINE DI` and `Εικόνα:` all
/// count; a longer word that only begins the same (`Bildung`, `Photos`)
/// does not.
fn image_of(alt: &str) -> Option<Range<usize>> {
    let folded = fold(alt);
    let opening = IMAGE_OF
        .iter()
        .filter(|o| folded == **o || folded.starts_with(&format!("{o} ")))
        .max_by_key(|o| o.len())?;
    let words = opening.split(' ').count();
    Some(0..end_of_words(alt, words))
}

/// The byte offset after the first `n` words of `text` (words as [`fold`]
/// splits them).
fn end_of_words(text: &str, n: usize) -> usize {
    let mut seen = 0;
    let mut in_word = false;
    for (i, c) in text.char_indices() {
        let word = c.is_alphanumeric() || is_combining_mark(c);
        if in_word && !word {
            seen += 1;
            if seen == n {
                return i;
            }
        }
        in_word = word;
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::named;

    fn rules(found: &[Finding]) -> Vec<&Rule> {
        found.iter().map(|f| &f.rule).collect()
    }

    #[test]
    fn long_one_case_hashtags_are_not_camel_case() {
        assert!(reads_as_words("#women") && reads_as_words("#migration"));
        assert!(reads_as_words("#ETrafficking") && reads_as_words("#Free2Link"));
        assert!(reads_as_words("#UNODC") && reads_as_words("#EU"));
        assert!(reads_as_words("#الاتجار_بالبشر") && reads_as_words("#人口贩卖问题"));
        assert!(!reads_as_words("#etrafficking"));
        assert!(!reads_as_words("#humanrights"));
        assert!(!reads_as_words("#STOPTRAFFICKING"));
        assert!(!reads_as_words("#εμποριαανθρωπων"));
    }

    #[test]
    fn a_hashtag_followed_by_words_is_not_at_the_end() {
        let text = "Join #us today.\n\n#EndTrafficking #Free2Link\n";
        let found = caption(text);
        assert_eq!(rules(&found), [&Rule::HashtagNotAtEnd]);
        assert_eq!(found[0].text, "#us");
        assert_eq!(&text[found[0].range.clone()], "#us");
        assert!(caption("Words.\n\n#EndTrafficking #Free2Link").is_empty());
    }

    #[test]
    fn hashtags_isolated_for_right_to_left_text_are_at_the_end() {
        let text = "نص عربي.\n\n\u{2066}#ETrafficking #Free2Link\u{2069}\n";
        assert_eq!(caption(text), []);
        assert!(blank(" \u{200f}\u{2069}\n") && !blank(" x "));
    }

    #[test]
    fn a_caption_reports_each_hashtag_it_finds_wrong() {
        let found = caption("#etrafficking is real. #Free2Link");
        assert_eq!(
            rules(&found),
            [&Rule::HashtagNotCamelCase, &Rule::HashtagNotAtEnd]
        );
        assert_eq!(found[0].text, "#etrafficking");
    }

    #[test]
    fn fancy_letters_are_found_as_one_run_per_styled_phrase() {
        let text = "Read 𝐭𝐡𝐢𝐬 𝐧𝐨𝐰, then Ⓒⓘⓡⓒⓛⓔ and ｆｕｌｌ.";
        let found: Vec<&str> = caption(text)
            .iter()
            .map(|f| &text[f.range.clone()])
            .collect();
        assert_eq!(found, ["𝐭𝐡𝐢𝐬 𝐧𝐨𝐰", "Ⓒⓘⓡⓒⓛⓔ", "ｆｕｌｌ"]);
        assert!(caption("Plain Ελληνικά, العربية, ① ２０２６, 🅰️ 🅿️").is_empty());
    }

    fn card<'a>(shown: &'a [&'a str], platforms: &'a [&'a Platform]) -> Card<'a> {
        Card {
            shown,
            file_name: "out/en/x/stat-1.png",
            caption: "One in three victims is a child. #EndTrafficking",
            platforms,
        }
    }

    #[test]
    fn a_missing_or_blank_alt_text_is_the_only_finding() {
        let c = card(&["ONE IN THREE"], &[]);
        assert_eq!(rules(&alt("", &c)), [&Rule::AltMissing]);
        assert_eq!(rules(&alt("  \n", &c)), [&Rule::AltMissing]);
    }

    #[test]
    fn a_good_alt_text_has_no_findings() {
        let c = card(&["ΕΝΑ ΣΤΑ ΤΡΙΑ ΘΥΜΑΤΑ", "είναι παιδί."], &[]);
        assert_eq!(alt("Ένα στα τρία θύματα είναι παιδί.", &c), []);
    }

    #[test]
    fn an_alt_text_over_a_platform_s_limit_names_the_platform() {
        let platforms = [
            named("x-card").expect("known"),
            named("mastodon").expect("known"),
        ];
        let text = "word ".repeat(100);
        let c = card(&["word"], &platforms);
        let found = alt(&text, &c);
        assert_eq!(found.len(), 1);
        let Rule::AltTooLong { platform, count } = &found[0].rule else {
            panic!("{found:?}");
        };
        assert_eq!((*platform, count.used, count.limit), ("x-card", 500, 420));
    }

    #[test]
    fn an_alt_text_must_carry_the_card_s_words() {
        let c = card(&["1 in 3 victims", "is a CHILD"], &[]);
        let found = alt("A third of victims are children, 1/3.", &c);
        assert_eq!(
            rules(&found),
            [&Rule::AltMissesShownWords {
                missing: vec!["in".into(), "is".into()]
            }]
        );
        assert!(alt("1 in 3 victims is a child.", &c).is_empty());
    }

    #[test]
    fn missing_words_folds_case_accents_and_punctuation() {
        assert_eq!(
            missing_words("Η εμπορία ανθρώπων", &["ΕΜΠΟΡΙΑ ΑΝΘΡΩΠΩΝ"]),
            Vec::<String>::new()
        );
        assert_eq!(
            missing_words("“68%” of cases", &["68 %"]),
            Vec::<String>::new()
        );
        assert_eq!(
            missing_words("人口贩卖是犯罪", &["人口贩卖"]),
            Vec::<String>::new()
        );
        assert_eq!(
            missing_words("victims", &["victims", "victims!"]),
            Vec::<String>::new()
        );
        assert_eq!(missing_words("x", &["a b cd cd"]), ["cd"]);
    }

    #[test]
    fn an_alt_text_that_is_the_file_name_or_the_caption_is_found() {
        let c = card(&[], &[]);
        assert_eq!(rules(&alt("stat-1.png", &c)), [&Rule::AltIsFileName]);
        assert_eq!(rules(&alt("Stat 1", &c)), [&Rule::AltIsFileName]);
        let found = alt("One in three victims is a child. #EndTrafficking", &c);
        assert_eq!(rules(&found), [&Rule::AltIsCaption, &Rule::AltHasHashtag]);
        assert!(!is_file_name("anything", ""));
    }

    #[test]
    fn image_of_openings_are_found_in_each_language() {
        for text in [
            "Image of a card",
            "A picture of a card",
            "Immagine di una scheda",
            "Εικόνα: κάρτα",
            "Зображення картки",
            "صورة بطاقة",
            "Photo d'une carte",
            "Imagen de una tarjeta",
            "Bild von einer Karte",
        ] {
            assert!(image_of(text).is_some(), "{text}");
        }
        for text in [
            "Images matter",
            "Photos of",
            "Bildung für alle",
            "Imagine a card",
        ] {
            assert_eq!(image_of(text), None, "{text}");
        }
        let text = "Image of a card";
        assert_eq!(&text[image_of(text).expect("found")], "Image of");
        let text = "Εικόνα με κείμενο";
        assert_eq!(&text[image_of(text).expect("found")], "Εικόνα");
    }

    #[test]
    fn hashtags_and_links_in_alt_text_are_found_where_they_are() {
        let c = card(&[], &[]);
        let text = "Help at example.org now #Help";
        let found = alt(text, &c);
        let at: Vec<(&Rule, &str)> = found.iter().map(|f| (&f.rule, f.text.as_str())).collect();
        assert_eq!(
            at,
            [
                (&Rule::AltHasHashtag, "#Help"),
                (&Rule::AltHasLink, "example.org")
            ]
        );
    }
}
