//! The fact-checker's rules for figures: a statistic has a source, and every
//! text says the same figures in every language ("75%" in English is not
//! "70%" in Greek). Figures are read in each language's own style: `1.500`
//! and `1,500` are one thousand five hundred, `1,5` and `1.5` one and a half,
//! Arabic-Indic digits are digits.

use super::{Campaign, Message, Text};
use crate::problem::{Location, Problem, code};

/// Every figure problem of the campaign's messages.
pub fn check(c: &Campaign) -> Vec<Problem> {
    let mut out = Vec::new();
    for m in &c.messages {
        if m.kind.name == "statistic" && m.source.is_none() {
            out.push(
                Problem::new(m.location.clone(), "the statistic has no source")
                    .message(&m.id)
                    .code(code::STATISTIC)
                    .hint("add `source:` with its publisher, title and https:// link: a journalist checks a figure at its source"),
            );
        }
        for text in m.texts() {
            out.extend(differing(c, m, text));
        }
    }
    out
}

/// A text whose figures differ between languages: one problem a language
/// that differs from the campaign's first language written.
fn differing(c: &Campaign, m: &Message, text: &Text) -> Vec<Problem> {
    let Text::Translated(map) = text else {
        return Vec::new();
    };
    let mut langs = c.codes().into_iter().filter(|l| map.contains_key(*l));
    let Some(first) = langs.next() else {
        return Vec::new();
    };
    let expected = figures(&map[first].0);
    let mut out = Vec::new();
    for lang in langs {
        let (words, line, column) = &map[lang];
        let found = figures(words);
        if found != expected {
            let what = format!(
                "the {lang} text gives the figures {} where the {first} text gives {}",
                listed(&found),
                listed(&expected)
            );
            out.push(
                Problem::new(Location::new(&m.location.file, *line, *column), what)
                    .message(&m.id)
                    .language(lang)
                    .code(code::STATISTIC)
                    .warning()
                    .hint("a figure is the same in every language: correct the translation, or write the figure in digits in both"),
            );
        }
    }
    out
}

fn listed(figures: &[String]) -> String {
    match figures.len() {
        0 => "none".to_owned(),
        _ => figures.join(", "),
    }
}

/// The figures in a text, each normalised (`1.500` → `1500`, `1,5` →
/// `1.5`), sorted. Hand-written: a number parser reads one language's
/// style; a translation mixes them.
fn figures(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if digit(chars[i]).is_none() {
            i += 1;
            continue;
        }
        let mut number = String::new();
        while i < chars.len() {
            if let Some(d) = digit(chars[i]) {
                number.push(d);
                i += 1;
            } else if is_separator(chars[i]) && digits_after(&chars, i + 1) > 0 {
                // Three digits after a separator group thousands; fewer or
                // more make it a decimal point.
                if digits_after(&chars, i + 1) != 3 {
                    number.push('.');
                }
                i += 1;
            } else {
                break;
            }
        }
        out.push(number);
    }
    out.sort();
    out
}

fn is_separator(c: char) -> bool {
    matches!(
        c,
        '.' | ',' | '\u{066B}' | '\u{066C}' | '\u{00A0}' | '\u{202F}'
    )
}

/// How many digits follow position `i`.
fn digits_after(chars: &[char], i: usize) -> usize {
    chars[i.min(chars.len())..]
        .iter()
        .take_while(|c| digit(**c).is_some())
        .count()
}

/// An ASCII digit for a digit in any of the scripts a campaign writes.
fn digit(c: char) -> Option<char> {
    let base = match c {
        '0'..='9' => return Some(c),
        '\u{0660}'..='\u{0669}' => 0x0660,
        '\u{06F0}'..='\u{06F9}' => 0x06F0,
        _ => return None,
    };
    char::from_digit(c as u32 - base, 10)
}

#[cfg(test)]
mod tests {
    use super::figures;

    #[test]
    fn figures_are_read_in_each_languages_style() {
        assert_eq!(figures("75% of 1,500 cases"), ["1500", "75"]);
        assert_eq!(figures("il 75% di 1.500 casi"), ["1500", "75"]);
        assert_eq!(figures("1,5 milioni"), ["1.5"]);
        assert_eq!(figures("٧٥٪ من ١٬٥٠٠"), ["1500", "75"]);
        assert_eq!(figures("in 2021, (1) and (2)."), ["1", "2", "2021"]);
        assert_ne!(figures("70%"), figures("75%"));
    }
}
