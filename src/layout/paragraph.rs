//! A paragraph (text without forced breaks) shaped once, with its UAX #14
//! break opportunities, and the two questions the fitting asks of it at a
//! size: how few lines can it take, and which breaks into that many lines
//! are the most balanced.
//!
//! Widths come from the paragraph's prefix sums (see `measure`), so no
//! question here shapes text again. This module decides nothing about
//! sizes or boxes.

use super::measure::{Shaped, line_width};
use super::{Breaking, Overflow, Run};
use crate::fonts::{FaceId, Fonts};

/// A paragraph, shaped, with its break opportunities.
pub(super) struct Paragraph<'a> {
    pub text: &'a str,
    pub shaped: Shaped,
    /// Byte offsets where a line may start, after 0; the last is the end.
    pub breaks: Vec<usize>,
    /// The same with the breaks after hyphens, used only when the text
    /// cannot fit without them.
    pub all_breaks: Vec<usize>,
    /// The cost of ending a line at each of `all_breaks` (see `cost`).
    costs: Vec<f32>,
}

/// Which breaks a paragraph may take, from the first tried to the last.
#[derive(Clone, Copy, Debug)]
pub(super) enum Allow {
    /// Neither after a short word nor inside a hyphenated word.
    Clean,
    /// After short words of two letters and more.
    ShortWordEnds,
    /// After one-letter words too.
    OneLetterEnds,
    HyphenBreaks,
}

/// The cost of breaking after a hyphen: more than any amount of
/// raggedness (each line's slack costs at most 1).
const HYPHEN_PENALTY: f32 = 100.0;

/// The cost of ending a line with a word that belongs with the next one
/// (a one-letter word, or one of the language's short words, "of", «Δεν»):
/// more than any raggedness, less than splitting a word at its hyphen.
const SHORT_WORD_PENALTY: f32 = 10.0;

/// The cost of ending a line with a one-letter word ("e", "a", «й»), which
/// reads worst of all: taken after any other short word.
const ONE_LETTER_PENALTY: f32 = 20.0;

/// In display text, what a break between phrases (after a comma, a colon,
/// a dash) saves: a line's slack costs at most 1, so this prefers such a
/// break over a quarter of a line's raggedness.
const PHRASE_BONUS: f32 = 0.25;

/// Widths may exceed the room by this much: rounding, not overflow.
const EPSILON: f32 = 0.01;

/// Shapes each paragraph of a normalised text in the slot's face, and
/// finds where its lines may break. A character no bundled font has is
/// named in `MissingGlyphs`; a face that cannot be shaped is `NoMetrics`.
pub(super) fn prepare<'a>(
    fonts: &Fonts,
    face: FaceId,
    text: &'a str,
    breaking: Breaking,
) -> Result<Vec<Paragraph<'a>>, Overflow> {
    let mut paragraphs = Vec::new();
    let mut missing = Vec::new();
    for p in text.split('\n') {
        let shaped = Shaped::new(fonts, face, p).ok_or_else(|| Overflow::NoMetrics {
            face: fonts.face_name(face),
        })?;
        for c in &shaped.missing {
            if !missing.contains(c) {
                missing.push(*c);
            }
        }
        paragraphs.push(Paragraph::new(p, shaped, breaking));
    }
    if !missing.is_empty() {
        return Err(Overflow::MissingGlyphs {
            chars: missing,
            face: fonts.face_name(face),
        });
    }
    Ok(paragraphs)
}

impl<'a> Paragraph<'a> {
    /// A shaped paragraph, breaking first only where no hyphen is split
    /// and no short word is left at a line's end.
    fn new(text: &'a str, shaped: Shaped, breaking: Breaking) -> Self {
        let all_breaks = break_points(text);
        let costs = all_breaks
            .iter()
            .map(|&b| cost(text, b, breaking))
            .collect();
        let mut p = Paragraph {
            text,
            shaped,
            breaks: Vec::new(),
            all_breaks,
            costs,
        };
        p.allow(Allow::Clean);
        p
    }

    /// Which breaks the paragraph may take from now on.
    pub fn allow(&mut self, allow: Allow) {
        let most = match allow {
            Allow::Clean => SHORT_WORD_PENALTY,
            Allow::ShortWordEnds => ONE_LETTER_PENALTY,
            Allow::OneLetterEnds => HYPHEN_PENALTY,
            Allow::HyphenBreaks => f32::INFINITY,
        };
        self.breaks = (self.all_breaks.iter().zip(&self.costs))
            .filter(|&(_, &c)| c < most)
            .map(|(&b, _)| b)
            .collect();
    }

    /// Width of the line `text[a..b]` without trailing spaces.
    pub fn width(&self, a: usize, b: usize, size: f32, spacing: f32) -> f32 {
        let end = a + self.text[a..b].trim_end().len();
        let (units, clusters) = self.shaped.span(a, end);
        line_width(units, clusters, size, spacing)
    }

    /// The line `text[a..b]` without trailing spaces, and its runs, from
    /// the line's start.
    pub fn line(&self, a: usize, b: usize) -> (&'a str, Vec<Run>) {
        let end = a + self.text[a..b].trim_end().len();
        let runs = self
            .shaped
            .runs_in(a, end)
            .into_iter()
            .map(|r| Run {
                start: r.start - a,
                end: r.end - a,
                face: r.face,
            })
            .collect();
        (&self.text[a..end], runs)
    }

    /// The cost of ending a line at `b`, one of the break points.
    fn penalty(&self, b: usize) -> f32 {
        self.all_breaks
            .binary_search(&b)
            .map_or(0.0, |i| self.costs[i])
    }

    /// The fewest lines the paragraph breaks into at this size (greedily:
    /// each line takes as much as fits), or the first piece that does not
    /// fit on a line at all, as a byte range.
    pub fn count_lines(&self, room: f32, size: f32, spacing: f32) -> Result<usize, (usize, usize)> {
        let mut lines = 0;
        let mut start = 0;
        let mut prev = 0; // last break that still fits, 0 = none yet
        let mut i = 0;
        while start < self.text.len() {
            let b = self.breaks[i];
            if self.width(start, b, size, spacing) <= room + EPSILON {
                prev = b;
                i += 1;
                if b == self.text.len() {
                    lines += 1;
                    start = b;
                }
            } else if prev > start {
                lines += 1;
                start = prev;
            } else {
                return Err((start, b));
            }
        }
        Ok(lines)
    }

    /// The most balanced way to break into exactly `n` lines: the least sum
    /// of squared slack over all lines (the last included, so no lone word
    /// is left on it), plus a penalty for breaks after hyphens. Dynamic
    /// programming over the break points.
    pub fn balance(
        &self,
        n: usize,
        room: f32,
        size: f32,
        spacing: f32,
    ) -> Option<Vec<(usize, usize)>> {
        let points = self.line_starts();
        let m = points.len();
        // cost[k][j]: best cost of k lines covering text up to points[j];
        // from[k][j]: where the last of those lines starts.
        let mut cost = vec![vec![f32::INFINITY; m]; n + 1];
        let mut from = vec![vec![0usize; m]; n + 1];
        cost[0][0] = 0.0;
        for k in 1..=n {
            for j in 1..m {
                for i in 0..j {
                    if cost[k - 1][i].is_infinite() {
                        continue;
                    }
                    let w = self.width(points[i], points[j], size, spacing);
                    if w > room + EPSILON {
                        continue;
                    }
                    let slack = (room - w) / room;
                    let c = cost[k - 1][i] + slack * slack + self.penalty(points[j]);
                    if c < cost[k][j] {
                        cost[k][j] = c;
                        from[k][j] = i;
                    }
                }
            }
        }
        if cost[n][m - 1].is_infinite() {
            return None;
        }
        Some(trace_back(&points, &from, n))
    }

    /// Candidate line starts: 0, every break but the end, then the end.
    fn line_starts(&self) -> Vec<usize> {
        let mut points = vec![0];
        points.extend(self.breaks.iter().copied().filter(|&b| b < self.text.len()));
        points.push(self.text.len());
        points
    }
}

/// The lines of the best breaking into `n` lines, read back from the end
/// through where each line starts.
fn trace_back(points: &[usize], from: &[Vec<usize>], n: usize) -> Vec<(usize, usize)> {
    let mut lines = Vec::with_capacity(n);
    let mut j = points.len() - 1;
    for k in (1..=n).rev() {
        let i = from[k][j];
        lines.push((points[i], points[j]));
        j = i;
    }
    lines.reverse();
    lines
}

/// The cost of ending a line at `b`. Breaking after a hyphen splits a
/// compound word like "e-trafficking", which reads badly on a card; a short
/// word at a line's end reads as if it were cut from the next: both are
/// taken only when no other break gives as few lines. Display text prefers
/// to break between phrases. The end of the paragraph costs nothing.
fn cost(text: &str, b: usize, breaking: Breaking) -> f32 {
    if b >= text.len() {
        return 0.0;
    }
    if after_hyphen(text, b) {
        return HYPHEN_PENALTY;
    }
    let before = text[..b].trim_end();
    let word = before
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or(before)
        .trim_start_matches(|c: char| !c.is_alphanumeric());
    if word.chars().count() == 1 && word.chars().all(char::is_alphabetic) {
        ONE_LETTER_PENALTY
    } else if binds(word, breaking)
        || starts_badly(&text[b..], breaking)
        || (breaking.display && inside_short_quotation(text, b))
    {
        SHORT_WORD_PENALTY
    } else if breaking.display && before.ends_with(PHRASE_ENDS) {
        -PHRASE_BONUS
    } else {
        0.0
    }
}

/// Marks after which a phrase ends: a break there reads naturally.
const PHRASE_ENDS: [char; 8] = [',', ';', ':', '—', '–', '،', '؛', '.'];

/// Whether a word of more than one letter belongs with the next one: one
/// of the language's short words, or, in display text, any word of two
/// letters.
fn binds(word: &str, breaking: Breaking) -> bool {
    if word.is_empty() || !word.chars().all(char::is_alphabetic) {
        return false;
    }
    let lower = word.to_lowercase();
    (breaking.display && word.chars().count() == 2) || breaking.short_words.contains(&lower)
}

/// Whether a line starting with `rest` starts with a word that belongs
/// with the one before it: one the language lists (Persian «را»), or a
/// spaced dash, which in every language ends the clause before it rather
/// than starting a line ("… online / — part of" reads as a list item).
fn starts_badly(rest: &str, breaking: Breaking) -> bool {
    let word = rest.split(char::is_whitespace).next().unwrap_or("");
    if matches!(word, "—" | "–") {
        return true;
    }
    let word = word.trim_end_matches(|c: char| !c.is_alphanumeric());
    let lower = word.to_lowercase();
    breaking.joins_previous.contains(&lower)
}

/// Quotation marks, opening and closing, as pairs: a quoted term of a few
/// words («loverboy», „…“) is one phrase.
const QUOTES: [(char, char); 4] = [('«', '»'), ('“', '”'), ('„', '“'), ('‹', '›')];

/// The most words a quotation may have to be kept on one line.
const SHORT_QUOTATION: usize = 3;

/// Whether a break at `b` falls inside a quotation of a few words, which
/// a headline should keep whole: «عاشق / فریبکار» leaves half a name alone.
fn inside_short_quotation(text: &str, b: usize) -> bool {
    let (before, after) = text.split_at(b);
    QUOTES.iter().any(|&(open, close)| {
        let Some(start) = before.rfind(open) else {
            return false;
        };
        let inside = &before[start + open.len_utf8()..];
        let Some(end) = after.find(close).filter(|_| !inside.contains(close)) else {
            return false;
        };
        let quoted = format!("{inside}{}", &after[..end]);
        quoted.split_whitespace().count() <= SHORT_QUOTATION
    })
}

/// Whether a break at `b` splits a word at its hyphen.
fn after_hyphen(text: &str, b: usize) -> bool {
    b < text.len() && text[..b].ends_with(['-', '\u{2010}'])
}

/// Break opportunities of a paragraph by UAX #14, after position 0; the
/// last is always the end.
fn break_points(text: &str) -> Vec<usize> {
    let mut points: Vec<usize> = unicode_linebreak::linebreaks(text)
        .map(|(i, _)| i)
        .filter(|&i| i > 0)
        .collect();
    if points.last() != Some(&text.len()) {
        points.push(text.len());
    }
    points
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::testing::{fonts, regular};

    fn paragraph(text: &str) -> Paragraph<'_> {
        let mut ps = prepare(fonts(), regular(), text, Breaking::default()).expect("shaped");
        assert_eq!(ps.len(), 1);
        ps.remove(0)
    }

    #[test]
    fn breaks_follow_uax14_and_always_end_at_the_end() {
        assert_eq!(break_points("a b-c d"), [2, 4, 6, 7]);
        assert_eq!(break_points("word"), [4]);
        assert_eq!(break_points(""), [0]);
    }

    #[test]
    fn a_hyphen_break_is_one_inside_a_word() {
        assert!(after_hyphen("e-trafficking", 2));
        assert!(after_hyphen("e\u{2010}trafficking", 4));
        assert!(!after_hyphen("e-", 2), "the end is not a split");
        assert!(!after_hyphen("a b", 2));
    }

    #[test]
    fn hyphen_breaks_wait_until_they_are_allowed() {
        let mut p = paragraph("e-trafficking hurts");
        assert_eq!(p.breaks, [14, 19]);
        assert_eq!(p.all_breaks, [2, 14, 19]);
        assert_eq!(p.penalty(2), HYPHEN_PENALTY);
        assert_eq!(p.penalty(14), 0.0);
        // Room for "trafficking" but not "e-trafficking".
        let room = p.width(2, 14, 40.0, 0.0) + 1.0;
        assert_eq!(p.count_lines(room, 40.0, 0.0), Err((0, 14)));
        p.allow(Allow::HyphenBreaks);
        assert_eq!(p.count_lines(room, 40.0, 0.0), Ok(3));
    }

    #[test]
    fn a_break_after_a_short_word_costs_more_than_raggedness() {
        let list = ["of".to_owned(), "δεν".to_owned()];
        let body = Breaking {
            short_words: &list,
            joins_previous: &[],
            display: false,
        };
        let display = Breaking {
            display: true,
            ..body
        };
        let text = "victims of trafficking e a, b";
        assert_eq!(cost(text, 8, body), 0.0, "after victims");
        assert_eq!(cost(text, 11, body), SHORT_WORD_PENALTY, "after of");
        assert_eq!(cost(text, 25, body), ONE_LETTER_PENALTY, "after e");
        assert_eq!(cost(text, 28, body), 0.0, "a, ends a phrase, not a word");
        assert_eq!(cost(text, 28, display), -PHRASE_BONUS);
        assert_eq!(cost(text, text.len(), body), 0.0, "the end is free");
        assert_eq!(
            cost("Δεν αναγνωρίζονται", 7, body),
            SHORT_WORD_PENALTY,
            "lists are lowercase"
        );
        assert_eq!(
            cost("is it so", 3, body),
            0.0,
            "two letters bind only in display text"
        );
        assert_eq!(cost("is it so", 3, display), SHORT_WORD_PENALTY);
        assert_eq!(cost("(a) b", 4, body), 0.0, "not a bare word");
        assert_eq!(cost("75 % x", 3, display), 0.0, "digits are not words");
        let ra = ["را".to_owned()];
        let persian = Breaking {
            joins_previous: &ra,
            ..body
        };
        assert_eq!(cost("این را بخوانید", 12, persian), 0.0, "after را");
        assert_eq!(
            cost("این را بخوانید", 7, persian),
            SHORT_WORD_PENALTY,
            "before را"
        );
    }

    #[test]
    fn a_spaced_dash_and_a_short_quotation_stay_with_their_words() {
        let body = Breaking {
            short_words: &[],
            joins_previous: &[],
            display: false,
        };
        let display = Breaking {
            display: true,
            ..body
        };
        let dash = "жертв онлайн — частина";
        let before_dash = dash.find(" —").expect("dash") + 1;
        assert_eq!(cost(dash, before_dash, body), SHORT_WORD_PENALTY);
        assert_eq!(cost(dash, before_dash + "— ".len(), body), 0.0);
        assert_eq!(cost("well-known x", 5, body), HYPHEN_PENALTY, "not a dash");
        let term = "روش «عاشق فریبکار» است";
        let inside = term.find("فریبکار").expect("word");
        assert_eq!(cost(term, inside, display), SHORT_WORD_PENALTY);
        assert_eq!(cost(term, inside, body), 0.0, "only display text");
        assert_eq!(
            cost(term, "روش ".len(), display),
            0.0,
            "before the quotation"
        );
        let long = "“one two three four five”";
        let b = long.find("three").expect("word");
        assert_eq!(cost(long, b, display), 0.0, "a long quotation may break");
        let nested = "„ein Wort“ und";
        assert_eq!(
            cost(nested, nested.find("Wort").expect("w"), display),
            SHORT_WORD_PENALTY
        );
    }

    #[test]
    fn clean_breaks_wait_for_short_word_ends_then_one_letter_ones() {
        let list = ["of".to_owned()];
        let rules = Breaking {
            short_words: &list,
            joins_previous: &[],
            display: false,
        };
        let mut ps = prepare(fonts(), regular(), "risk of e-mail e b", rules).expect("shaped");
        let p = &mut ps[0];
        assert_eq!(p.breaks, [5, 15, 18], "neither after of, e- nor e");
        p.allow(Allow::ShortWordEnds);
        assert_eq!(p.breaks, [5, 8, 15, 18]);
        p.allow(Allow::OneLetterEnds);
        assert_eq!(p.breaks, [5, 8, 15, 17, 18]);
        p.allow(Allow::HyphenBreaks);
        assert_eq!(p.breaks, [5, 8, 10, 15, 17, 18]);
    }

    #[test]
    fn count_lines_fills_each_line_greedily() {
        let p = paragraph("aaa bbb ccc");
        let two_words = p.width(0, 8, 40.0, 0.0);
        assert_eq!(p.count_lines(two_words, 40.0, 0.0), Ok(2));
        assert_eq!(p.count_lines(p.width(0, 11, 40.0, 0.0), 40.0, 0.0), Ok(1));
        assert_eq!(p.count_lines(1.0, 40.0, 0.0), Err((0, 4)));
    }

    #[test]
    fn trailing_spaces_take_no_width() {
        let p = paragraph("aaa bbb");
        assert_eq!(p.width(0, 4, 40.0, 0.0), p.width(0, 3, 40.0, 0.0));
        assert!(p.width(0, 7, 40.0, 0.0) > p.width(0, 3, 40.0, 0.0));
        let (text, runs) = p.line(4, 7);
        assert_eq!(text, "bbb");
        assert_eq!((runs[0].start, runs[0].end), (0, 3));
    }

    #[test]
    fn balanced_lines_are_more_even_than_greedy_ones() {
        let text = "one two three four five six";
        let p = paragraph(text);
        // Room for the first four words: greedy breaking leaves two on the
        // second line.
        let room = p.width(0, 19, 40.0, 0.0) + 1.0;
        assert_eq!(p.count_lines(room, 40.0, 0.0), Ok(2));
        let lines = p.balance(2, room, 40.0, 0.0).expect("two lines");
        assert_eq!(lines.len(), 2);
        assert_eq!((lines[0].0, lines[1].1), (0, text.len()));
        assert_eq!(lines[0].1, lines[1].0);
        let widths: Vec<f32> = lines
            .iter()
            .map(|&(a, b)| p.width(a, b, 40.0, 0.0))
            .collect();
        let greedy = (p.width(0, 19, 40.0, 0.0) - p.width(19, text.len(), 40.0, 0.0)).abs();
        assert!(
            (widths[0] - widths[1]).abs() < greedy,
            "{widths:?} vs {greedy}"
        );
        assert!(widths.iter().all(|&w| w <= room + EPSILON));
    }

    #[test]
    fn no_balance_into_fewer_lines_than_fit() {
        let p = paragraph("one two three four five six");
        let room = p.width(0, 8, 40.0, 0.0) + 1.0;
        assert_eq!(p.balance(1, room, 40.0, 0.0), None);
    }

    #[test]
    fn a_character_no_font_has_is_named_once() {
        let err = prepare(
            fonts(),
            regular(),
            "\u{1F6DF} a \u{1F6DF}\nb \u{1F6DF}",
            Breaking::default(),
        )
        .err();
        assert!(
            matches!(&err, Some(Overflow::MissingGlyphs { chars, .. }) if chars == &['\u{1F6DF}']),
            "{err:?}"
        );
    }

    #[test]
    fn each_forced_break_starts_a_paragraph() {
        let ps =
            prepare(fonts(), regular(), "one\ntwo three", Breaking::default()).expect("shaped");
        let texts: Vec<&str> = ps.iter().map(|p| p.text).collect();
        assert_eq!(texts, ["one", "two three"]);
    }
}
