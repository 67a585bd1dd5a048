//! Measuring text with the shaper and font bytes usvg draws with.
//!
//! A paragraph is split into runs, each set in the first font that has its
//! characters (the template's font, then the fallback chain declared for the
//! character's script in `fonts/fonts.yaml`), and each run is shaped once in
//! font units with its script's direction. Widths of any line are then read
//! from prefix sums, so trying many font sizes and many line breaks costs no
//! more shaping. usvg shapes each line again when it draws; the two agree
//! because both run rustybuzz with the same features (kerning and ligatures
//! on) on the same faces, and handbill names each run's font in the SVG.

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

/// Splits a paragraph into runs by font: a character stays in the current
/// run while its font has it; otherwise it goes to the template's font if
/// that has it, else to the fallback chain of its script (a character
/// common to all scripts, like a comma, takes the script around it).
pub fn itemize(fonts: &Fonts, primary: FaceId, text: &str) -> (Vec<Run>, Vec<char>) {
    let mut runs: Vec<Run> = Vec::new();
    let mut missing = Vec::new();
    let mut script = Script::Latin;
    for (i, c) in text.char_indices() {
        let s = c.script();
        if !matches!(s, Script::Common | Script::Inherited | Script::Unknown) {
            script = s;
        }
        let end = i + c.len_utf8();
        if let Some(run) = runs.last_mut()
            && fonts.has_char(run.face, c)
        {
            run.end = end;
            continue;
        }
        let face = if fonts.has_char(primary, c) {
            Some(primary)
        } else {
            fonts.fallback(primary, c, script)
        };
        let face = face.unwrap_or_else(|| {
            if !c.is_whitespace() && !c.is_control() && !missing.contains(&c) {
                missing.push(c);
            }
            runs.last().map_or(primary, |r| r.face)
        });
        match runs.last_mut() {
            Some(run) if run.face == face => run.end = end,
            _ => runs.push(Run {
                start: i,
                end,
                face,
            }),
        }
    }
    (runs, missing)
}

impl Shaped {
    /// Shapes `text`, run by run, with the default features.
    pub fn new(fonts: &Fonts, primary: FaceId, text: &str) -> Option<Shaped> {
        let (runs, missing) = itemize(fonts, primary, text);
        let mut bucket = vec![0f32; text.len() + 1];
        let mut starts = vec![0u32; text.len() + 1];
        let mut fallback_ink: Option<(f32, f32)> = None;
        let mut ink = vec![Ink::default(); text.len() + 1];
        for run in &runs {
            let sub = &text[run.start..run.end];
            fonts.with_face(run.face, |data, index| {
                let rb = rustybuzz::Face::from_slice(data, index)?;
                let upem = rb.units_per_em() as f32;
                let scale = UNITS / upem;
                let mut buffer = rustybuzz::UnicodeBuffer::new();
                buffer.push_str(sub);
                buffer.guess_segment_properties();
                let output = rustybuzz::shape(&rb, &[], buffer);
                let mut last = None;
                for (info, pos) in output.glyph_infos().iter().zip(output.glyph_positions()) {
                    let c = run.start + info.cluster as usize;
                    let id = rustybuzz::ttf_parser::GlyphId(info.glyph_id as u16);
                    if let Some(b) = rb.glyph_bounding_box(id) {
                        let glyph = Ink {
                            up: (b.y_max as f32 + pos.y_offset as f32) / upem,
                            down: -(b.y_min as f32 + pos.y_offset as f32) / upem,
                        };
                        ink[c] = ink[c].max(glyph);
                        if run.face != primary {
                            // A fallback face's own line metrics can be far
                            // taller than its letters (Noto Sans Arabic's
                            // are twice Noto Sans'): use its glyphs' extent.
                            let (a, d) = fallback_ink.unwrap_or((0.0, 0.0));
                            fallback_ink = Some((a.max(glyph.up), d.max(glyph.down)));
                        }
                    }
                    bucket[c] += pos.x_advance as f32 * scale;
                    if last != Some(c) {
                        last = Some(c);
                        if text[c..].chars().next().is_some_and(takes_letter_spacing) {
                            starts[c] += 1;
                        }
                    }
                }
                Some(())
            })??;
        }
        let mut advance = vec![0f32; text.len() + 1];
        let mut spaced = vec![0u32; text.len() + 1];
        for i in 0..text.len() {
            advance[i + 1] = advance[i] + bucket[i];
            spaced[i + 1] = spaced[i] + starts[i];
        }
        Some(Shaped {
            advance,
            spaced,
            runs,
            missing,
            fallback_ink,
            ink,
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
