//! Measuring text with the shaper and font bytes usvg draws with.
//!
//! A paragraph is shaped once, in font units, and widths of any line of it
//! are then read from prefix sums, so trying many font sizes and many line
//! breaks costs no more shaping. usvg shapes each line again when it draws;
//! the two agree because both run rustybuzz with the same features (kerning
//! and ligatures on) on the same face.

use crate::fonts::{FaceId, Fonts};

/// A paragraph shaped once: advances by byte offset, in font units.
#[derive(Debug)]
pub struct Shaped {
    /// `advance[i]`: the advance of every glyph whose cluster starts before
    /// byte `i`. Length is text length + 1.
    advance: Vec<f32>,
    /// `clusters[i]`: how many clusters start before byte `i`.
    clusters: Vec<u32>,
    /// Characters no glyph of the face covers.
    pub missing: Vec<char>,
}

impl Shaped {
    /// Shapes `text` left to right with the face's default features.
    pub fn new(fonts: &Fonts, face: FaceId, text: &str) -> Option<Shaped> {
        fonts.with_face(face, |data, index| {
            let rb = rustybuzz::Face::from_slice(data, index)?;
            let mut buffer = rustybuzz::UnicodeBuffer::new();
            buffer.push_str(text);
            buffer.set_direction(rustybuzz::Direction::LeftToRight);
            let output = rustybuzz::shape(&rb, &[], buffer);
            let mut bucket = vec![0f32; text.len() + 1];
            let mut starts = vec![0u32; text.len() + 1];
            let mut missing = Vec::new();
            let mut last_cluster = None;
            for (info, pos) in output.glyph_infos().iter().zip(output.glyph_positions()) {
                let c = info.cluster as usize;
                bucket[c] += pos.x_advance as f32;
                if last_cluster != Some(c) {
                    starts[c] += 1;
                    last_cluster = Some(c);
                }
                if info.glyph_id == 0
                    && let Some(ch) = text[c..].chars().next()
                    && !ch.is_whitespace()
                    && !missing.contains(&ch)
                {
                    missing.push(ch);
                }
            }
            let mut advance = vec![0f32; text.len() + 1];
            let mut clusters = vec![0u32; text.len() + 1];
            for i in 0..text.len() {
                advance[i + 1] = advance[i] + bucket[i];
                clusters[i + 1] = clusters[i] + starts[i];
            }
            Some(Shaped {
                advance,
                clusters,
                missing,
            })
        })?
    }

    /// The advance of `text[start..end]` in font units, and how many
    /// clusters it holds.
    pub fn span(&self, start: usize, end: usize) -> (f32, u32) {
        (
            self.advance[end] - self.advance[start],
            self.clusters[end] - self.clusters[start],
        )
    }
}

/// The drawn width of a line of `n` clusters with advance `units` at a
/// scale, with letter spacing added after every cluster but the last, as
/// usvg does.
pub fn line_width(units: f32, clusters: u32, scale: f32, letter_spacing: f32) -> f32 {
    units * scale + letter_spacing * clusters.saturating_sub(1) as f32
}
