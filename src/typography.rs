//! The typography of each language, for cards and press kit alike: numbers,
//! quotation marks, source lines, sentences, capitals, and the isolation of
//! left-to-right runs in right-to-left text.
//!
//! Pure functions of a text, a language and the campaign's `words:`; the
//! one place each of these rules is written.

use std::fmt::Write as _;

use unicode_bidi::{BidiClass, bidi_class};
use unicode_normalization::UnicodeNormalization;

use crate::campaign::{Digits, NumberFormat, Source, Text, Words};

/// A text in a language, or nothing.
pub fn t<'a>(text: &'a Text, lang: &str) -> &'a str {
    text.get(lang).unwrap_or_default()
}

/// Ends a piece of alt text with the language's full stop unless it ends
/// with punctuation of its own.
pub fn sentence(words: &Words, lang: &str, s: &str) -> String {
    let s = s.trim();
    let stop = &words.punctuation(lang).full_stop;
    if s.ends_with(stop.as_str()) || s.ends_with(ENDS_A_SENTENCE) {
        s.to_owned()
    } else {
        format!("{s}{stop}")
    }
}

/// Marks after which a piece of alt text needs no full stop: the sentence
/// ends, closing quotation marks, colons of the scripts handbill's
/// languages use. Written by hand: Unicode's Sentence_Terminal property is
/// not in the crates handbill uses, and closing quotes are not in it.
const ENDS_A_SENTENCE: [char; 18] = [
    '.', '!', '?', '…', '»', '”', '’', '"', ':', ';', '؟', '۔', '።', '፧', '፨', '。', '！', '？',
];

/// "Source: OSCE" or "Source: UNICEF, The State of the World’s Children 2017".
pub fn source_line(words: &Words, s: &Source, lang: &str) -> String {
    let comma = t(&words.comma, lang);
    let label = &words.punctuation(lang).label;
    let mut line = format!("{}{label}{}", t(&words.source, lang), t(&s.publisher, lang));
    let title = s.title.as_ref().map(|x| t(x, lang)).unwrap_or("");
    if !title.is_empty() {
        let _ = write!(line, "{comma}{title}");
    }
    let year = s.year.map(|y| digits(&y.to_string(), words.digits(lang)));
    if let (Some(y), Some(plain)) = (year, s.year)
        && !title.contains(&y)
        && !title.contains(&plain.to_string())
    {
        let _ = write!(line, "{comma}{y}");
    }
    line
}

/// A carousel's slide counter on the card: "2 / 4".
pub fn counter(words: &Words, lang: &str, n: usize, count: usize) -> String {
    let d = words.digits(lang);
    words
        .punctuation(lang)
        .counter
        .replace("{n}", &digits(&n.to_string(), d))
        .replace("{count}", &digits(&count.to_string(), d))
}

/// A slide's label in alt text: "Slide 2 of 4:".
pub fn slide_label(words: &Words, lang: &str, n: usize, count: usize) -> String {
    let d = words.digits(lang);
    format!(
        "{} {} {} {}{}",
        t(&words.slide, lang),
        digits(&n.to_string(), d),
        t(&words.of, lang),
        digits(&count.to_string(), d),
        words.punctuation(lang).label.trim_end()
    )
}

/// Sets the ASCII digits of a text in a numbering system.
pub fn digits(text: &str, system: Digits) -> String {
    let zero = match system {
        Digits::Latn => return text.to_owned(),
        Digits::Arab => '\u{0660}',
        Digits::Arabext => '\u{06F0}',
    };
    text.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) if c.is_ascii_digit() => char::from_u32(zero as u32 + d).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Writes a number as `lang` does, with the campaign's number format for
/// it; loading makes sure every language has one, and plain digits stand
/// in for a language it does not know.
pub fn number(words: &Words, lang: &str, number: f64, percent: bool) -> String {
    match words.numbers.get(lang) {
        Some(f) => digits(&format_number(number, percent, f), f.digits),
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
    let system = words.digits(lang);
    f.format
        .replace("{day}", &digits(&d.day().to_string(), system))
        .replace("{month}", month)
        .replace("{year}", &digits(&d.year().to_string(), system))
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

/// A text in the language's quotation marks: “…”, «…». Quotation marks
/// inside it become the language's inner ones, so a quotation in a
/// quotation reads «… “…” …».
pub fn quoted(words: &Words, lang: &str, text: &str) -> String {
    let (open, close) = (t(&words.quote_open, lang), t(&words.quote_close, lang));
    let [inner_open, inner_close] = &words.punctuation(lang).inner_quotes;
    let mut out = String::from(open);
    let mut inside = false;
    let mut rest = text.trim();
    while let Some(c) = rest.chars().next() {
        let (mark, len) = quote_mark(rest, open, close).unwrap_or((Mark::None, c.len_utf8()));
        inside = match mark {
            Mark::Open => true,
            Mark::Close => false,
            Mark::Toggle => !inside,
            Mark::None => {
                out.push(c);
                rest = &rest[len..];
                continue;
            }
        };
        out.push_str(if inside { inner_open } else { inner_close });
        rest = &rest[len..];
    }
    out.push_str(close);
    out
}

/// A quotation mark at the start of a quoted text's rest.
enum Mark {
    Open,
    Close,
    /// A mark that opens or closes by where it stands: a straight `"`, or
    /// a language's mark that is the same both ways.
    Toggle,
    None,
}

/// Which quotation mark `rest` starts with, and its length.
fn quote_mark(rest: &str, open: &str, close: &str) -> Option<(Mark, usize)> {
    let starts = |m: &str| !m.is_empty() && rest.starts_with(m);
    if starts(open) && open == close {
        Some((Mark::Toggle, open.len()))
    } else if starts(open) {
        Some((Mark::Open, open.len()))
    } else if starts(close) {
        Some((Mark::Close, close.len()))
    } else if rest.starts_with('"') {
        Some((Mark::Toggle, 1))
    } else {
        None
    }
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

/// A left-to-right run without the punctuation that ends it, which belongs
/// to the right-to-left text around it; a closing parenthesis whose opening
/// one is in the run stays with it: "(F2L)".
fn trailing_punctuation(run: &str) -> &str {
    let mut end = run;
    loop {
        let t = end.trim_end_matches(['.', ',', ':', ';', '!', '?', '،', '؛', '؟', '»']);
        let open = t.matches('(').count();
        match t.strip_suffix(')') {
            Some(rest) if t.matches(')').count() > open => end = rest,
            _ => return t,
        }
    }
}

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
            // A word that ends with right-to-left punctuation ends the run:
            // "(OSCE)، ۷۵٪" is two runs, read right to left.
            let ends_rtl = |w: &str| w.ends_with(['،', '؛', '؟']);
            while j + 1 < words.len()
                && !words[j + 1].is_empty()
                && is_ltr(words[j + 1])
                && !ends_rtl(words[j])
            {
                j += 1;
            }
            // Keep right-to-left punctuation that ends the run outside it.
            let run = words[i..=j].join(" ");
            let trimmed = trailing_punctuation(&run);
            out.push(LRI);
            out.push_str(trimmed);
            out.push(PDI);
            out.push_str(&run[trimmed.len()..]);
            i = j + 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::campaign::Punctuation;
    use std::collections::BTreeMap;

    fn words() -> Words {
        let text = |pairs: &[(&str, &str)]| {
            Text::Translated(
                pairs
                    .iter()
                    .map(|(l, v)| ((*l).to_owned(), ((*v).to_owned(), 1, 1)))
                    .collect(),
            )
        };
        Words {
            source: text(&[("en", "Source"), ("ti", "ምንጪ"), ("fa", "منبع")]),
            quote_open: text(&[("en", "“"), ("it", "«"), ("ti", "«"), ("fa", "«")]),
            quote_close: text(&[("en", "”"), ("it", "»"), ("ti", "»"), ("fa", "»")]),
            slide: text(&[("en", "Slide"), ("fa", "اسلاید")]),
            of: text(&[("en", "of"), ("fa", "از")]),
            comma: text(&[("en", ", "), ("ti", ", "), ("fa", "، ")]),
            numbers: BTreeMap::from([(
                "fa".to_owned(),
                NumberFormat {
                    decimal: "٫".into(),
                    group: "٬".into(),
                    percent: "{}٪".into(),
                    digits: Digits::Arabext,
                },
            )]),
            dates: BTreeMap::new(),
            punctuation: BTreeMap::from([
                (
                    "ti".to_owned(),
                    Punctuation {
                        label: "፦ ".into(),
                        full_stop: "።".into(),
                        ..Punctuation::default()
                    },
                ),
                (
                    "fa".to_owned(),
                    Punctuation {
                        counter: "{n} از {count}".into(),
                        ..Punctuation::default()
                    },
                ),
                (
                    "it".to_owned(),
                    Punctuation {
                        inner_quotes: ["“".into(), "”".into()],
                        ..Punctuation::default()
                    },
                ),
            ]),
            short_words: BTreeMap::new(),
            joins_previous: BTreeMap::new(),
        }
    }

    #[test]
    fn a_sentence_ends_with_the_languages_own_full_stop_once() {
        let w = words();
        assert_eq!(sentence(&w, "en", "Cards"), "Cards.");
        assert_eq!(sentence(&w, "ti", "ዘይተሓበረ"), "ዘይተሓበረ።");
        assert_eq!(sentence(&w, "ti", "ዘይተሓበረ።"), "ዘይተሓበረ።");
        assert_eq!(sentence(&w, "en", "Why?"), "Why?");
    }

    #[test]
    fn a_source_line_uses_the_languages_label_punctuation() {
        let w = words();
        let s = Source {
            publisher: Text::Neutral("OSCE".into()),
            title: None,
            year: Some(2022),
            url: None,
        };
        assert_eq!(source_line(&w, &s, "en"), "Source: OSCE, 2022");
        assert_eq!(source_line(&w, &s, "ti"), "ምንጪ፦ OSCE, 2022");
    }

    #[test]
    fn digits_follow_the_numbering_system_everywhere() {
        let w = words();
        assert_eq!(number(&w, "fa", 1500.5, false), "۱٬۵۰۰٫۵");
        assert_eq!(number(&w, "fa", 75.0, true), "۷۵٪");
        assert_eq!(counter(&w, "fa", 2, 4), "۲ از ۴");
        assert_eq!(counter(&w, "en", 2, 4), "2 / 4");
        assert_eq!(slide_label(&w, "fa", 2, 4), "اسلاید ۲ از ۴:");
        assert_eq!(digits("2 / 10", Digits::Arab), "٢ / ١٠");
        assert_eq!(digits("x٣9", Digits::Latn), "x٣9");
    }

    #[test]
    fn a_parenthesis_closes_inside_the_run_that_opens_it() {
        assert_eq!(isolate_ltr("مشروع (F2L)."), "مشروع \u{2066}(F2L)\u{2069}.");
        assert_eq!(isolate_ltr("(مشروع F2L)."), "(مشروع \u{2066}F2L\u{2069}).");
        assert_eq!(isolate_ltr("في OSCE."), "في \u{2066}OSCE\u{2069}.");
        assert_eq!(
            isolate_ltr("(OSCE)، ۷۵٪ از"),
            "\u{2066}(OSCE)\u{2069}، \u{2066}۷۵٪\u{2069} از"
        );
    }

    #[test]
    fn a_quotation_in_a_quotation_takes_the_inner_marks() {
        let w = words();
        assert_eq!(quoted(&w, "it", "Dice «no» e \"sì\""), "«Dice “no” e “sì”»");
        assert_eq!(quoted(&w, "en", "She said “stop”"), "“She said ‘stop’”");
        assert_eq!(quoted(&w, "en", " plain "), "“plain”");
    }
}
