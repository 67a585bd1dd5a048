//! Measuring text with the shaper and font bytes usvg draws with.
//!
//! A paragraph is split into runs, each set in the first font that has its
//! characters (the template's font, then the fallback chain declared for the
//! character's script in `fonts/fonts.yaml`); an emoji sequence (a family
//! joined by ZWJ, a flag, a skin tone, a keycap) is kept whole in one face,
//! a colour one unless U+FE0E asks for text. Each run is shaped once in
//! font units with its script's direction, each cluster as wide as usvg
//! lays it out. Widths of any line are then read
//! from prefix sums, so trying many font sizes and many line breaks costs no
//! more shaping. usvg shapes each line again when it draws; the two agree
//! because both run rustybuzz with the same features (kerning and ligatures
//! on) on the same faces, and handbill names each run's font in the SVG.
//! This module decides no line breaks and no sizes.

use unicode_script::{Script, UnicodeScript};

use crate::fonts::{FaceId, Fonts};

/// A stretch of a paragraph set in one face.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    pub start: usize,
    pub end: usize,
    pub face: FaceId,
}

/// A paragraph shaped once: advances by byte offset, in font units of a
/// 1000-unit em, so faces with different em sizes add up.
#[derive(Debug)]
pub struct Shaped {
    /// `advance[i]`: the advance of every glyph whose cluster starts before
    /// byte `i`. Length is text length + 1.
    advance: Vec<f32>,
    /// `spaced[i]`: how many clusters that take letter spacing start before
    /// byte `i`.
    spaced: Vec<u32>,
    /// The runs, in logical order, covering the paragraph.
    pub runs: Vec<Run>,
    /// Characters no bundled font covers.
    pub missing: Vec<char>,
    /// How far the glyphs of fallback runs reach above and below the
    /// baseline, per em (ascent, descent), when there are fallback runs.
    pub fallback_ink: Option<(f32, f32)>,
    /// `ink[i]`: how far the glyphs of the cluster that starts at byte `i`
    /// reach above and below the baseline, per em (zero for a space).
    ink: Vec<Ink>,
}

/// How far glyphs reach above (`up`) and below (`down`) the baseline, per
/// em: from their bounding boxes, shifted as the shaper placed them.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Ink {
    pub up: f32,
    pub down: f32,
}

impl Ink {
    /// The ink that reaches as far as either.
    pub fn max(self, other: Ink) -> Ink {
        Ink {
            up: self.up.max(other.up),
            down: self.down.max(other.down),
        }
    }
}

/// The em size advances are normalised to.
pub const UNITS: f32 = 1000.0;

/// Scripts usvg sets without letter spacing (cursive scripts), as usvg's
/// own list has them.
fn takes_letter_spacing(c: char) -> bool {
    !matches!(
        c.script(),
        Script::Arabic
            | Script::Syriac
            | Script::Nko
            | Script::Manichaean
            | Script::Psalter_Pahlavi
            | Script::Mandaic
            | Script::Mongolian
            | Script::Phags_Pa
            | Script::Devanagari
            | Script::Bengali
            | Script::Gurmukhi
            | Script::Modi
            | Script::Sharada
            | Script::Syloti_Nagri
            | Script::Tirhuta
            | Script::Ogham
    )
}

/// How an emoji sequence asks to be drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Presentation {
    /// In colour: a sequence (ZWJ family, flag, skin tone, keycap, tag
    /// flag), an emoji followed by U+FE0F, or a character drawn as an emoji
    /// by default (👍).
    Emoji,
    /// As text: an emoji character followed by U+FE0E.
    Text,
}

/// Whether a grapheme cluster is an emoji, and how it asks to be drawn, by
/// the Unicode emoji list (the `emojis` crate, which the platform rules
/// already use for Threads). A character that is an emoji only when asked
/// (©, ™, a digit) is plain text unless U+FE0F follows it.
fn presentation(cluster: &str) -> Option<Presentation> {
    if let Some(base) = cluster.strip_suffix('\u{FE0E}') {
        return emojis::get(base).map(|_| Presentation::Text);
    }
    let emoji = emojis::get(cluster)?;
    let single = cluster.chars().nth(1).is_none();
    // A single character whose fully qualified form is itself is drawn as
    // an emoji by default (Emoji_Presentation); one that needs U+FE0F is not.
    (!single || emoji.as_str() == cluster).then_some(Presentation::Emoji)
}

/// Runs being made, character by character or emoji by emoji.
struct Itemizer<'f> {
    fonts: &'f Fonts,
    primary: FaceId,
    /// The script of the text around: a character common to all scripts,
    /// like a comma, takes it.
    script: Script,
    runs: Vec<Run>,
    missing: Vec<char>,
}

/// Splits a paragraph into runs by font, one grapheme cluster at a time:
/// an emoji sequence is set whole in one face (a colour one unless U+FE0E
/// asks for text), as usvg must shape it to draw one glyph; other text
/// character by character, in the template's font when it has the
/// character, else in the fallback chain of its script.
pub fn itemize(fonts: &Fonts, primary: FaceId, text: &str) -> (Vec<Run>, Vec<char>) {
    use unicode_segmentation::UnicodeSegmentation;
    let mut items = Itemizer {
        fonts,
        primary,
        script: Script::Latin,
        runs: Vec::new(),
        missing: Vec::new(),
    };
    for (i, cluster) in text.grapheme_indices(true) {
        match presentation(cluster) {
            Some(p) => items.push_emoji(i, cluster, p),
            None => cluster
                .char_indices()
                .for_each(|(j, c)| items.push_char(i + j, c)),
        }
    }
    (items.runs, items.missing)
}

impl Itemizer<'_> {
    /// A character of plain text: it stays in the current run while that
    /// run's font has it (but never in a colour emoji face, whose spaces
    /// and digits are as wide as an emoji); otherwise it goes to the
    /// template's font if that has it, else to its script's fallback chain.
    fn push_char(&mut self, i: usize, c: char) {
        let s = c.script();
        if !matches!(s, Script::Common | Script::Inherited | Script::Unknown) {
            self.script = s;
        }
        let end = i + c.len_utf8();
        if let Some(run) = self.runs.last_mut()
            && ((!self.fonts.is_colour(run.face) && self.fonts.has_char(run.face, c))
                || crate::fonts::is_hidden_by_shaper(c))
        {
            run.end = end;
            return;
        }
        let face = if self.fonts.has_char(self.primary, c) {
            Some(self.primary)
        } else {
            self.fonts.fallback(self.primary, c, self.script)
        };
        let face = face.unwrap_or_else(|| {
            let hidden = crate::fonts::is_hidden_by_shaper(c);
            if !c.is_whitespace() && !c.is_control() && !hidden && !self.missing.contains(&c) {
                self.missing.push(c);
            }
            self.runs.last().map_or(self.primary, |r| r.face)
        });
        self.extend(i, end, face);
    }

    /// An emoji sequence, set whole in the first face that has all of it;
    /// with none, character by character, naming what no font has.
    fn push_emoji(&mut self, i: usize, cluster: &str, p: Presentation) {
        let colour = p == Presentation::Emoji;
        match self
            .fonts
            .for_cluster(self.primary, cluster, self.script, colour)
        {
            Some(face) => self.extend(i, i + cluster.len(), face),
            None => cluster
                .char_indices()
                .for_each(|(j, c)| self.push_char(i + j, c)),
        }
    }

    /// Adds `text[start..end]` in `face` to the last run, or starts a run.
    fn extend(&mut self, start: usize, end: usize, face: FaceId) {
        match self.runs.last_mut() {
            Some(run) if run.face == face => run.end = end,
            _ => self.runs.push(Run { start, end, face }),
        }
    }
}

impl Shaped {
    /// Shapes `text`, run by run, with the default features.
    pub fn new(fonts: &Fonts, primary: FaceId, text: &str) -> Option<Shaped> {
        let (runs, missing) = itemize(fonts, primary, text);
        let mut sums = Sums::new(text);
        for run in &runs {
            let fallback = run.face != primary;
            fonts.with_face(run.face, |data, index| {
                let rb = rustybuzz::Face::from_slice(data, index)?;
                let mut buffer = rustybuzz::UnicodeBuffer::new();
                buffer.push_str(&text[run.start..run.end]);
                buffer.guess_segment_properties();
                let output = rustybuzz::shape(&rb, &[], buffer);
                for (info, pos) in output.glyph_infos().iter().zip(output.glyph_positions()) {
                    sums.add(&rb, run.start + info.cluster as usize, info, pos, fallback);
                }
                Some(())
            })??;
        }
        let (advance, spaced) = sums.prefix();
        Some(Shaped {
            advance,
            spaced,
            runs,
            missing,
            fallback_ink: sums.fallback_ink,
            ink: sums.ink,
        })
    }

    /// How far the glyphs of `text[start..end]` reach above and below the
    /// baseline, per em: the ink of the glyphs actually set, not the
    /// font's line height.
    pub fn ink_of(&self, start: usize, end: usize) -> Ink {
        self.ink[start..end]
            .iter()
            .fold(Ink::default(), |all, &glyph| all.max(glyph))
    }

    /// The advance of `text[start..end]` in units of a 1000-unit em, and how
    /// many clusters in it take letter spacing.
    pub fn span(&self, start: usize, end: usize) -> (f32, u32) {
        (
            self.advance[end] - self.advance[start],
            self.spaced[end] - self.spaced[start],
        )
    }

    /// The runs of `text[start..end]`, clipped to it.
    pub fn runs_in(&self, start: usize, end: usize) -> Vec<Run> {
        self.runs
            .iter()
            .filter(|r| r.end > start && r.start < end)
            .map(|r| Run {
                start: r.start.max(start),
                end: r.end.min(end),
                face: r.face,
            })
            .collect()
    }
}

/// What shaping a paragraph's runs adds up, by the byte where each glyph's
/// cluster starts.
struct Sums<'t> {
    text: &'t str,
    /// The advance of the cluster that starts at each byte.
    cluster: Vec<f32>,
    /// 1 where a cluster that takes letter spacing starts.
    starts: Vec<u32>,
    ink: Vec<Ink>,
    fallback_ink: Option<(f32, f32)>,
}

impl<'t> Sums<'t> {
    fn new(text: &'t str) -> Self {
        Sums {
            text,
            cluster: vec![0.0; text.len() + 1],
            starts: vec![0; text.len() + 1],
            ink: vec![Ink::default(); text.len() + 1],
            fallback_ink: None,
        }
    }

    /// Adds one glyph of the cluster that starts at byte `c`. A cluster is
    /// as wide as its widest glyph, as usvg lays it out (its
    /// `form_glyph_clusters`): a base letter and its marks, or an emoji and
    /// a hidden variation selector, advance once.
    fn add(
        &mut self,
        rb: &rustybuzz::Face,
        c: usize,
        info: &rustybuzz::GlyphInfo,
        pos: &rustybuzz::GlyphPosition,
        fallback: bool,
    ) {
        let upem = rb.units_per_em() as f32;
        let id = rustybuzz::ttf_parser::GlyphId(info.glyph_id as u16);
        if let Some(glyph) = glyph_ink(rb, id, pos.y_offset as f32) {
            self.ink[c] = self.ink[c].max(glyph);
            if fallback {
                // A fallback face's own line metrics can be far taller than
                // its letters (Noto Sans Arabic's are twice Noto Sans'): use
                // its glyphs' extent.
                let (a, d) = self.fallback_ink.unwrap_or((0.0, 0.0));
                self.fallback_ink = Some((a.max(glyph.up), d.max(glyph.down)));
            }
        }
        let advance = pos.x_advance as f32 * (UNITS / upem);
        self.cluster[c] = self.cluster[c].max(advance);
        if self.text[c..]
            .chars()
            .next()
            .is_some_and(takes_letter_spacing)
        {
            self.starts[c] = 1;
        }
    }

    /// The prefix sums of advances and of spaced clusters.
    fn prefix(&self) -> (Vec<f32>, Vec<u32>) {
        let mut advance = vec![0f32; self.text.len() + 1];
        let mut spaced = vec![0u32; self.text.len() + 1];
        for i in 0..self.text.len() {
            advance[i + 1] = advance[i] + self.cluster[i];
            spaced[i + 1] = spaced[i] + self.starts[i];
        }
        (advance, spaced)
    }
}

/// How far a glyph reaches above and below the baseline, per em, raised by
/// `rise` font units: its outline's box, or for a colour bitmap (an emoji)
/// the picture usvg draws, from the font's largest strike as usvg takes it.
fn glyph_ink(rb: &rustybuzz::Face, id: rustybuzz::ttf_parser::GlyphId, rise: f32) -> Option<Ink> {
    let upem = rb.units_per_em() as f32;
    let (top, bottom) = match rb.glyph_bounding_box(id) {
        Some(b) => (b.y_max as f32, b.y_min as f32),
        None => {
            let image = rb.glyph_raster_image(id, u16::MAX)?;
            let unit = upem / f32::from(image.pixels_per_em.max(1));
            let y = f32::from(image.y);
            ((y + f32::from(image.height)) * unit, y * unit)
        }
    };
    Some(Ink {
        up: (top + rise) / upem,
        down: -(bottom + rise) / upem,
    })
}

/// The drawn width of a line of `n` spaced clusters with advance `units`
/// (per 1000-unit em) at a font size, with letter spacing added after every
/// cluster but the last, as usvg does.
pub fn line_width(units: f32, clusters: u32, size: f32, letter_spacing: f32) -> f32 {
    units * size / UNITS + letter_spacing * clusters.saturating_sub(1) as f32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::testing::{fonts, regular};

    #[test]
    fn letter_spacing_goes_between_clusters_only() {
        assert_eq!(line_width(1000.0, 0, 40.0, 2.0), 40.0);
        assert_eq!(line_width(1000.0, 1, 40.0, 2.0), 40.0);
        assert_eq!(line_width(1000.0, 5, 40.0, 2.0), 48.0);
    }

    #[test]
    fn cursive_scripts_take_no_letter_spacing() {
        assert!(takes_letter_spacing('a'));
        assert!(takes_letter_spacing('Ω'));
        assert!(!takes_letter_spacing('ب'));
        assert!(!takes_letter_spacing('म'));
    }

    #[test]
    fn a_run_changes_face_only_where_a_character_needs_it() {
        let (runs, missing) = itemize(fonts(), regular(), "Hi سلام, ok");
        assert!(missing.is_empty());
        let faces: Vec<bool> = runs.iter().map(|r| r.face == regular()).collect();
        assert_eq!(faces, [true, false, true], "{runs:?}");
        // The comma after the Arabic stays in the Arabic run.
        assert_eq!(&"Hi سلام, ok"[runs[1].start..runs[1].end], "سلام, ");
        assert_eq!(runs.last().map(|r| r.end), Some("Hi سلام, ok".len()));
    }

    #[test]
    fn emoji_sequences_ask_for_colour_and_fe0e_for_text() {
        use Presentation::{Emoji, Text};
        let cases = [
            ("👩\u{200D}👩\u{200D}👧", Some(Emoji)),
            ("🇬🇷", Some(Emoji)),
            ("👋🏽", Some(Emoji)),
            ("1\u{FE0F}\u{20E3}", Some(Emoji)),
            ("❤\u{FE0F}", Some(Emoji)),
            ("👍", Some(Emoji)),
            ("❤\u{FE0E}", Some(Text)),
            // Emoji only when asked: plain text.
            ("©", None),
            ("❤", None),
            ("1", None),
            ("a", None),
            ("é", None),
        ];
        for (cluster, expected) in cases {
            assert_eq!(presentation(cluster), expected, "{cluster:?}");
        }
    }

    #[test]
    fn without_an_emoji_font_an_emoji_is_missing_but_its_selector_is_not() {
        let (runs, missing) = itemize(fonts(), regular(), "ok ❤\u{FE0F} 👩\u{200D}👧");
        assert_eq!(missing, ['❤', '👩', '👧']);
        assert!(runs.iter().all(|r| r.face == regular()), "{runs:?}");
    }

    #[test]
    fn a_cluster_advances_as_its_widest_glyph_as_usvg_lays_it_out() {
        // Noto Sans has "1" but no enclosing keycap: the shaper puts the
        // digit and a missing glyph into one cluster.
        let s = Shaped::new(fonts(), regular(), "1\u{20E3}").expect("shaped");
        let digit = Shaped::new(fonts(), regular(), "1").expect("shaped");
        let (cluster, spaced) = s.span(0, "1\u{20E3}".len());
        assert!(cluster > digit.span(0, 1).0, "{cluster}");
        assert!(
            cluster < 2.0 * digit.span(0, 1).0,
            "{cluster}: summed, not the widest"
        );
        assert_eq!(spaced, 1);
    }

    #[test]
    fn spans_add_up_and_runs_are_clipped() {
        let text = "ab cd";
        let s = Shaped::new(fonts(), regular(), text).expect("shaped");
        let (all, clusters) = s.span(0, text.len());
        let (left, _) = s.span(0, 2);
        let (right, _) = s.span(2, text.len());
        assert!((all - left - right).abs() < 1e-3);
        assert_eq!(clusters, 5);
        assert_eq!(
            s.runs_in(1, 4),
            [Run {
                start: 1,
                end: 4,
                face: regular()
            }]
        );
    }
}
