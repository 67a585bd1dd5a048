//! The text engine: breaks a text into lines and fits it to a box.
//!
//! No SVG renderer wraps text, so handbill does: line break opportunities
//! follow UAX #14, widths come from the shaper usvg draws with (see
//! `measure`), the size shrinks from the template's size to the minimum until
//! the block fits, and among the breaks with the fewest lines it picks the
//! most balanced. Text that cannot fit is an `Overflow`, never clipped.
//!
//! This stage is pure: it reads no files and prints nothing.

mod measure;

pub use measure::{Run, Shaped, UNITS, itemize, line_width};

use crate::fonts::{FaceId, Fonts, Metrics};

/// Horizontal alignment, from SVG's `text-anchor`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// Where the block of lines sits in its box.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VAlign {
    Top,
    Middle,
    Bottom,
}

/// Letter spacing, absolute or relative to the font size.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Spacing {
    Px(f32),
    Em(f32),
}

impl Spacing {
    pub fn at(&self, size: f32) -> f32 {
        match *self {
            Spacing::Px(px) => px,
            Spacing::Em(em) => em * size,
        }
    }
}

/// How a text slot sets its text.
#[derive(Clone, Debug, PartialEq)]
pub struct TextStyle {
    pub face: FaceId,
    pub max_size: f32,
    pub min_size: f32,
    /// Distance between baselines as a multiple of the size.
    pub line_height: f32,
    pub letter_spacing: Spacing,
    pub anchor: Anchor,
    pub valign: VAlign,
    pub max_lines: Option<usize>,
}

/// A rectangle in canvas pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

/// One laid-out line: its text, the runs of it each font sets (byte ranges
/// of `text`), where its anchor point is, and its width.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub text: String,
    pub runs: Vec<Run>,
    pub x: f32,
    pub baseline: f32,
    pub width: f32,
}

/// A text fitted to its box.
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    pub size: f32,
    pub lines: Vec<Line>,
    /// From the top of the first line's ascender to the bottom of the last
    /// line's descender.
    pub height: f32,
}

/// Why a text cannot be set in its box.
#[derive(Clone, Debug, PartialEq)]
pub enum Overflow {
    /// Characters the slot's font has no glyph for.
    MissingGlyphs { chars: Vec<char>, face: String },
    /// One unbreakable piece is wider than the box even at the minimum size.
    TooWide { word: String, width: f32, room: f32 },
    /// The lines at the minimum size are taller than the box.
    TooTall {
        lines: usize,
        height: f32,
        room: f32,
        size: f32,
    },
    /// More lines than the slot allows at the minimum size.
    TooManyLines { lines: usize, max: usize, size: f32 },
}

impl Overflow {
    /// One sentence saying by how much the text overflows.
    pub fn describe(&self) -> String {
        match self {
            Overflow::MissingGlyphs { chars, face } => {
                let list: Vec<String> = chars
                    .iter()
                    .map(|c| format!("{c:?} (U+{:04X})", *c as u32))
                    .collect();
                format!("the font {face} has no glyph for {}", list.join(", "))
            }
            Overflow::TooWide { word, width, room } => format!(
                "{word:?} is {width:.0} px wide at the minimum size but the box is {room:.0} px wide: it overflows by {} px",
                px(width - room)
            ),
            Overflow::TooTall {
                lines,
                height,
                room,
                size,
            } => format!(
                "the text needs {lines} line{}, {height:.0} px, at the minimum size of {size:.0} px but the box is {room:.0} px high: it overflows by {} px",
                if *lines == 1 { "" } else { "s" },
                px(height - room)
            ),
            Overflow::TooManyLines { lines, max, size } => format!(
                "the text needs {lines} lines at the minimum size of {size:.0} px but the slot allows {max}: it overflows by {} line{}",
                lines - max,
                if lines - max == 1 { "" } else { "s" }
            ),
        }
    }
}

/// An overflow in pixels: whole pixels, or one decimal under one pixel so
/// it never reads "overflows by 0 px".
fn px(v: f32) -> String {
    if v < 1.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.0}")
    }
}

/// Turns every run of white space into one space, keeping line feeds as
/// forced breaks and dropping spaces around them.
pub fn normalize(text: &str) -> String {
    // Control characters have no glyphs and no meaning on a card.
    let text: String = text
        .chars()
        .filter(|c| *c == '\n' || !c.is_control() || c.is_whitespace())
        .collect();
    text.split('\n')
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A paragraph (no forced breaks), shaped, with its break opportunities.
struct Paragraph<'a> {
    text: &'a str,
    shaped: Shaped,
    /// Byte offsets where a line may start, after 0; the last is the end.
    breaks: Vec<usize>,
    /// The same with the breaks after hyphens, used only when the text
    /// cannot fit without them.
    all_breaks: Vec<usize>,
}

impl Paragraph<'_> {
    /// Width of the line `text[a..b]` without trailing spaces.
    fn width(&self, a: usize, b: usize, size: f32, spacing: f32) -> f32 {
        let end = a + self.text[a..b].trim_end().len();
        let (units, clusters) = self.shaped.span(a, end);
        line_width(units, clusters, size, spacing)
    }

    /// Penalty for ending a line at `b`: breaking after a hyphen splits a
    /// compound word like "e-trafficking", which reads badly on a card, so
    /// it costs more than any amount of raggedness (each line's slack costs
    /// at most 1) and is taken only when no other break gives as few lines.
    fn penalty(&self, b: usize) -> f32 {
        if after_hyphen(self.text, b) {
            100.0
        } else {
            0.0
        }
    }

    /// The fewest lines the paragraph breaks into at this size, or the first
    /// piece that does not fit on a line at all.
    fn count_lines(&self, room: f32, size: f32, spacing: f32) -> Result<usize, (usize, usize)> {
        let mut lines = 0;
        let mut start = 0;
        let mut prev = 0; // last break that still fits, 0 = none yet
        let mut i = 0;
        while start < self.text.len() {
            let b = self.breaks[i];
            if self.width(start, b, size, spacing) <= room + 0.01 {
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
    /// is left on it), plus a penalty for breaks after hyphens.
    fn balance(&self, n: usize, room: f32, size: f32, spacing: f32) -> Option<Vec<(usize, usize)>> {
        // Candidate line starts: 0 and every break but the end.
        let mut points = vec![0];
        points.extend(self.breaks.iter().copied().filter(|&b| b < self.text.len()));
        points.push(self.text.len());
        let m = points.len();
        let inf = f32::INFINITY;
        // cost[k][j]: best cost of k lines covering text up to points[j].
        let mut cost = vec![vec![inf; m]; n + 1];
        let mut from = vec![vec![0usize; m]; n + 1];
        cost[0][0] = 0.0;
        for k in 1..=n {
            for j in 1..m {
                for i in 0..j {
                    if cost[k - 1][i] == inf {
                        continue;
                    }
                    let w = self.width(points[i], points[j], size, spacing);
                    if w > room + 0.01 {
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
        if cost[n][m - 1] == inf {
            return None;
        }
        let mut lines = Vec::with_capacity(n);
        let mut j = m - 1;
        for k in (1..=n).rev() {
            let i = from[k][j];
            lines.push((points[i], points[j]));
            j = i;
        }
        lines.reverse();
        Some(lines)
    }
}

/// Whether a break at `b` splits a word at its hyphen.
fn after_hyphen(text: &str, b: usize) -> bool {
    b < text.len() && text[..b].ends_with(['-', '\u{2010}'])
}

/// The width of a text set in one face, as usvg draws it on its own.
pub fn measure(fonts: &Fonts, face: FaceId, text: &str, size: f32, spacing: f32) -> f32 {
    Shaped::new(fonts, face, text).map_or(0.0, |s| {
        let (units, clusters) = s.span(0, text.len());
        line_width(units, clusters, size, spacing)
    })
}

/// Break opportunities of a paragraph by UAX #14, after position 0.
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

/// Fits `text` into `bx`: the largest size from the style's maximum down to
/// its minimum at which the lines fit, with balanced breaks.
pub fn fit(fonts: &Fonts, text: &str, style: &TextStyle, bx: Rect) -> Result<Block, Overflow> {
    let text = normalize(text);
    let face = style.face;
    let metrics = fonts.metrics(face).ok_or_else(|| Overflow::MissingGlyphs {
        chars: Vec::new(),
        face: fonts.face_name(face),
    })?;
    let mut paragraphs = Vec::new();
    let mut missing = Vec::new();
    for p in text.split('\n') {
        let shaped = Shaped::new(fonts, face, p).ok_or_else(|| Overflow::MissingGlyphs {
            chars: Vec::new(),
            face: fonts.face_name(face),
        })?;
        for c in &shaped.missing {
            if !missing.contains(c) {
                missing.push(*c);
            }
        }
        let all_breaks = break_points(p);
        paragraphs.push(Paragraph {
            text: p,
            breaks: all_breaks
                .iter()
                .copied()
                .filter(|&b| !after_hyphen(p, b))
                .collect(),
            all_breaks,
            shaped,
        });
    }
    if !missing.is_empty() {
        return Err(Overflow::MissingGlyphs {
            chars: missing,
            face: fonts.face_name(face),
        });
    }

    // Lines are as tall as the template's font reaches, or as the glyphs of
    // fallback runs reach if they go further.
    let mut extent = Extent::of(metrics);
    for p in &paragraphs {
        if let Some((a, d)) = p.shaped.fallback_ink {
            extent.ascent = extent.ascent.max(a);
            extent.descent = extent.descent.max(d);
            // A little air between the lowest mark of a line and the
            // highest of the next.
            extent.min_step = extent.min_step.max((a + d) * 1.15);
        }
    }

    // A smaller size or one more line reads better than "e-" at a line's
    // end: try every size without hyphen breaks first.
    if let Ok(block) = shrink(&paragraphs, style, bx, extent) {
        return Ok(block);
    }
    for p in &mut paragraphs {
        p.breaks = p.all_breaks.clone();
    }
    shrink(&paragraphs, style, bx, extent)
}

/// How far glyphs reach above and below the baseline, per em.
#[derive(Clone, Copy, Debug)]
struct Extent {
    ascent: f32,
    descent: f32,
    /// The least distance between baselines, per em, so that the glyphs of
    /// one line never touch the next: set by fallback runs (Arabic letters
    /// with marks above and below), zero otherwise.
    min_step: f32,
}

impl Extent {
    fn of(m: Metrics) -> Extent {
        Extent {
            ascent: m.ascender / m.units_per_em,
            descent: -m.descender / m.units_per_em,
            min_step: 0.0,
        }
    }
}

/// Tries sizes from the maximum down to the minimum; the first at which the
/// lines fit wins.
fn shrink(
    paragraphs: &[Paragraph],
    style: &TextStyle,
    bx: Rect,
    extent: Extent,
) -> Result<Block, Overflow> {
    let ink = extent.ascent + extent.descent;
    let mut size = style.max_size;
    loop {
        let at_min = size <= style.min_size;
        let spacing = style.letter_spacing.at(size);
        let step = line_step(size, style, extent);
        let mut counts = Vec::new();
        let mut too_wide = None;
        for p in paragraphs {
            match p.count_lines(bx.w, size, spacing) {
                Ok(n) => counts.push(n),
                Err((a, b)) => {
                    too_wide = Some((
                        p.text[a..b].trim_end().to_owned(),
                        p.width(a, b, size, spacing),
                    ));
                    break;
                }
            }
        }
        if too_wide.is_none() {
            let n: usize = counts.iter().sum();
            let height = (n.max(1) - 1) as f32 * step + ink * size;
            let lines_ok = style.max_lines.is_none_or(|max| n <= max);
            if height <= bx.h + 0.01 && lines_ok {
                return Ok(place(paragraphs, &counts, size, style, bx, extent, height));
            }
            if at_min {
                return Err(if !lines_ok {
                    Overflow::TooManyLines {
                        lines: n,
                        max: style.max_lines.unwrap_or(0),
                        size,
                    }
                } else {
                    Overflow::TooTall {
                        lines: n,
                        height,
                        room: bx.h,
                        size,
                    }
                });
            }
        } else if at_min {
            let (word, width) = too_wide.unwrap_or_default();
            return Err(Overflow::TooWide {
                word,
                width,
                room: bx.w,
            });
        }
        size = (size - 1.0).max(style.min_size);
    }
}

fn line_step(size: f32, style: &TextStyle, extent: Extent) -> f32 {
    size * style.line_height.max(extent.min_step)
}

/// Sets the balanced lines of every paragraph at their positions.
fn place(
    paragraphs: &[Paragraph],
    counts: &[usize],
    size: f32,
    style: &TextStyle,
    bx: Rect,
    extent: Extent,
    height: f32,
) -> Block {
    let top = match style.valign {
        VAlign::Top => bx.y,
        VAlign::Middle => bx.y + (bx.h - height) / 2.0,
        VAlign::Bottom => bx.y + bx.h - height,
    };
    let x = match style.anchor {
        Anchor::Start => bx.x,
        Anchor::Middle => bx.x + bx.w / 2.0,
        Anchor::End => bx.x + bx.w,
    };
    let spacing = style.letter_spacing.at(size);
    let step = line_step(size, style, extent);
    let mut lines = Vec::new();
    let mut baseline = top + extent.ascent * size;
    for (p, &n) in paragraphs.iter().zip(counts) {
        // count_lines found n lines, so a balanced breaking into n exists.
        let ranges = p
            .balance(n, bx.w, size, spacing)
            .unwrap_or_else(|| vec![(0, p.text.len())]);
        for (a, b) in ranges {
            let end = a + p.text[a..b].trim_end().len();
            let runs = p
                .shaped
                .runs_in(a, end)
                .into_iter()
                .map(|r| Run {
                    start: r.start - a,
                    end: r.end - a,
                    face: r.face,
                })
                .collect();
            lines.push(Line {
                runs,
                text: p.text[a..end].to_owned(),
                x,
                baseline,
                width: p.width(a, b, size, spacing),
            });
            baseline += step;
        }
    }
    Block {
        size,
        lines,
        height,
    }
}

/// The bundled fonts, for the unit tests of the stages that set text.
#[cfg(test)]
pub(crate) mod testing {
    use std::path::Path;
    use std::sync::OnceLock;

    use crate::fonts::Fonts;

    /// The repository's `fonts/`, loaded once.
    pub fn fonts() -> &'static Fonts {
        static FONTS: OnceLock<Fonts> = OnceLock::new();
        FONTS.get_or_init(|| {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
            let mut paths: Vec<_> = std::fs::read_dir(&dir)
                .expect("fonts/")
                .map(|e| e.expect("entry").path())
                .filter(|p| p.extension().is_some_and(|e| e == "ttf"))
                .collect();
            paths.sort();
            let files = paths
                .into_iter()
                .map(|p| {
                    let data = std::fs::read(&p).expect("font");
                    (p, data)
                })
                .collect();
            let config = dir.join("fonts.yaml");
            let config = std::fs::read_to_string(&config).ok().map(|t| (config, t));
            let (fonts, problems) = Fonts::from_files(files, config.as_ref());
            assert!(problems.is_empty(), "{problems:?}");
            fonts
        })
    }
}
