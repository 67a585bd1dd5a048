//! The typography of each language, for cards and press kit alike: numbers,
//! quotation marks, source lines, sentences, capitals, and the isolation of
//! left-to-right runs in right-to-left text.
//!
//! Pure functions of a text, a language and the campaign's `words:`; the
//! one place each of these rules is written.

use std::fmt::Write as _;

use unicode_bidi::{BidiClass, bidi_class};
use unicode_normalization::UnicodeNormalization;

use crate::campaign::{NumberFormat, Source, Text, Words};

/// A text in a language, or nothing.
pub fn t<'a>(text: &'a Text, lang: &str) -> &'a str {
    text.get(lang).unwrap_or_default()
}

/// Ends a piece of alt text with a full stop unless it has punctuation.
pub fn sentence(s: &str) -> String {
    let s = s.trim();
    if s.ends_with(['.', '!', '?', '…', '»', '”', '"', ':', ';', '؟', '۔']) {
        s.to_owned()
    } else {
        format!("{s}.")
    }
}

/// "Source: OSCE" or "Source: UNICEF, The State of the World’s Children 2017".
pub fn source_line(words: &Words, s: &Source, lang: &str) -> String {
    let comma = t(&words.comma, lang);
    let mut line = format!("{}: {}", t(&words.source, lang), t(&s.publisher, lang));
    let title = s.title.as_ref().map(|x| t(x, lang)).unwrap_or("");
    if !title.is_empty() {
        let _ = write!(line, "{comma}{title}");
    }
    // A title may give the year in its own script's digits (Persian ۲۰۱۷).
    let latin = |c: char| match c {
        '٠'..='٩' => char::from_u32(c as u32 - '٠' as u32 + '0' as u32).unwrap_or(c),
        '۰'..='۹' => char::from_u32(c as u32 - '۰' as u32 + '0' as u32).unwrap_or(c),
        _ => c,
    };
    if let Some(y) = s.year
        && !title
            .chars()
            .map(latin)
            .collect::<String>()
            .contains(&y.to_string())
    {
        let _ = write!(line, "{comma}{y}");
    }
    line
}

/// Writes a number as `lang` does, with the campaign's number format for
/// it; loading makes sure every language has one, and plain digits stand
/// in for a language it does not know.
pub fn number(words: &Words, lang: &str, number: f64, percent: bool) -> String {
    match words.numbers.get(lang) {
        Some(f) => format_number(number, percent, f),
        None => number.to_string(),
    }
}

/// Writes a date as `lang` does, with the campaign's date format for it;
/// loading makes sure every language has one when a kind has a date, and
/// ISO 8601 stands in for a language it does not know.
pub fn date(words: &Words, lang: &str, d: jiff::civil::Date) -> String {
    let Some(f) = words.dates.get(lang) else {
        return d.to_string();
    };
    let month = f
        .months
        .get(d.month() as usize - 1)
        .map_or("", String::as_str);
    f.format
        .replace("{day}", &d.day().to_string())
        .replace("{month}", month)
        .replace("{year}", &d.year().to_string())
}

/// A link as people read it on a card: without `https://`, `www.` or a
/// closing slash.
pub fn readable_link(url: &str) -> &str {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url);
    let rest = rest.strip_prefix("www.").unwrap_or(rest);
    rest.strip_suffix('/').unwrap_or(rest)
}

/// A text in the language's quotation marks: “…”, «…».
pub fn quoted(words: &Words, lang: &str, text: &str) -> String {
    format!(
        "{}{}{}",
        t(&words.quote_open, lang),
        text.trim(),
        t(&words.quote_close, lang)
    )
}

/// Writes a number the way a language does: "1,500.5" in English,
/// "1.500,5" in Italian, and as a percentage when asked.
pub fn format_number(number: f64, percent: bool, f: &NumberFormat) -> String {
    // Rust prints the shortest text that reads back as the same number.
    let plain = format!("{}", number.abs());
    let (whole, fraction) = plain.split_once('.').unwrap_or((&plain, ""));
    let mut grouped = String::new();
    for (i, d) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push_str(&f.group);
        }
        grouped.push(d);
    }
    let mut out = String::new();
    if number < 0.0 {
        out.push('-');
    }
    out.push_str(&grouped);
    if !fraction.is_empty() {
        out.push_str(&f.decimal);
        out.push_str(fraction);
    }
    if percent {
        f.percent.replace("{}", &out)
    } else {
        out
    }
}

/// Sets a text in capitals as the language does. Greek drops its accents in
/// capitals (tonos, and the perispomeni of polytonic text), keeping the
/// diaeresis; a vowel pair that lost the accent on its first vowel gets a
/// diaeresis on the second so it still reads as two syllables (Μάιος →
/// ΜΑΪΟΣ); and the disjunctive ή keeps its accent (Ή) so it is not read as
/// the article.
pub fn uppercase(text: &str, lang: &str) -> String {
    if lang != "el" && !lang.starts_with("el-") {
        return text.to_uppercase();
    }
    let mut out = String::new();
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if word == "ή" {
            out.push('Ή');
            continue;
        }
        let decomposed: Vec<char> = word.nfd().collect();
        let mut result: Vec<char> = Vec::new();
        let mut k = 0;
        while k < decomposed.len() {
            let c = decomposed[k];
            let accent = |ch: char| ch == '\u{0301}' || ch == '\u{0342}';
            if accent(c) {
                // Dropped; if a vowel follows that would form a diphthong
                // with the accented vowel, mark it with a diaeresis.
                let prev = result.last().copied();
                let next = decomposed.get(k + 1).copied();
                let after = decomposed.get(k + 2).copied();
                let pairs = matches!(
                    prev.map(|p| p.to_lowercase().next().unwrap_or(p)),
                    Some('α' | 'ε' | 'ο' | 'η')
                );
                let glide = matches!(
                    next.map(|n| n.to_lowercase().next().unwrap_or(n)),
                    Some('ι' | 'υ')
                );
                if pairs
                    && glide
                    && after != Some('\u{0308}')
                    && let Some(n) = next
                {
                    result.push(n);
                    result.push('\u{0308}');
                    k += 2;
                    continue;
                }
                k += 1;
                continue;
            }
            result.push(c);
            k += 1;
        }
        let s: String = result.into_iter().collect();
        out.extend(s.to_uppercase().nfc());
    }
    out
}

/// Left-to-right isolate and pop directional isolate.
const LRI: char = '\u{2066}';
const PDI: char = '\u{2069}';

/// In right-to-left text, wraps each run of words that read left to right
/// (Latin words, numbers, URLs, hashtags) in isolates, so "OSCE", "75%" or
/// "free2link.eu" keep their own order wherever the text is shown.
pub fn isolate_ltr(text: &str) -> String {
    let is_ltr = |word: &str| {
        word.starts_with('#')
            || word.contains("://")
            || word
                .chars()
                .any(|c| matches!(bidi_class(c), BidiClass::L | BidiClass::EN))
    };
    let mut out = String::new();
    for (li, line) in text.split('\n').enumerate() {
        if li > 0 {
            out.push('\n');
        }
        let words: Vec<&str> = line.split(' ').collect();
        let mut i = 0;
        while i < words.len() {
            if i > 0 {
                out.push(' ');
            }
            if words[i].is_empty() || !is_ltr(words[i]) {
                out.push_str(words[i]);
                i += 1;
                continue;
            }
            let mut j = i;
            while j + 1 < words.len() && !words[j + 1].is_empty() && is_ltr(words[j + 1]) {
                j += 1;
            }
            // Keep right-to-left punctuation that ends the run outside it.
            let run = words[i..=j].join(" ");
            let trimmed =
                run.trim_end_matches(['.', ',', ':', ';', '!', '?', '،', '؛', '؟', ')', '»']);
            out.push(LRI);
            out.push_str(trimmed);
            out.push(PDI);
            out.push_str(&run[trimmed.len()..]);
            i = j + 1;
        }
    }
    out
}
