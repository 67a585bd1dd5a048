//! Fitting prepared paragraphs into a box: the size shrinks a pixel at a
//! time from the slot's largest to its smallest until the lines fit, then
//! the balanced lines are placed at their baselines.
//!
//! A block is measured one of two ways (`Extent::by_ink`): on a card, from
//! the highest ink of its first line to the lowest ink of its last, so a
//! row of digits fills its box and a deep descender counts as deep as it
//! is; in running text, every line as tall as its font, so paragraphs sit
//! at even distances whatever their letters. Lines are always a line-height
//! apart.
//!
//! This module chooses sizes and positions; how a paragraph breaks is the
//! paragraph's business (`paragraph.rs`).

use super::measure::Ink;
use super::paragraph::Paragraph;
use super::{Anchor, Block, Fitted, Line, Overflow, Rect, TextStyle, VAlign};
use crate::fonts::Metrics;

/// Heights may exceed the room by this much: rounding, not overflow.
const EPSILON: f32 = 0.01;

/// How far glyphs reach above and below the baseline, per em, and whether
/// a block is measured by its ink instead.
#[derive(Clone, Copy, Debug)]
pub(super) struct Extent {
    ascent: f32,
    descent: f32,
    /// The least distance between baselines, per em, so that the glyphs of
    /// one line never touch the next: set by fallback runs (Arabic letters
    /// with marks above and below), zero otherwise.
    min_step: f32,
    /// Measure a block from its first line's ink to its last line's, not
    /// by the font's ascent and descent.
    by_ink: bool,
}

impl Extent {
    /// Lines are as tall as the template's font reaches, or as the glyphs
    /// of fallback runs reach if they go further.
    pub fn of(m: Metrics, paragraphs: &[Paragraph]) -> Extent {
        let mut extent = Extent {
            ascent: m.ascender / m.units_per_em,
            descent: -m.descender / m.units_per_em,
            min_step: 0.0,
            by_ink: false,
        };
        for (a, d) in paragraphs.iter().filter_map(|p| p.shaped.fallback_ink) {
            extent.ascent = extent.ascent.max(a);
            extent.descent = extent.descent.max(d);
            // A little air between the lowest mark of a line and the
            // highest of the next.
            extent.min_step = extent.min_step.max((a + d) * 1.15);
        }
        extent
    }

    /// The same lines, measured by the ink of the glyphs they set.
    pub fn by_ink(self) -> Extent {
        Extent {
            by_ink: true,
            ..self
        }
    }
}

/// The lines of each paragraph at one size, as byte ranges.
type Breaks = Vec<Vec<(usize, usize)>>;

/// What one size gives: lines that fit (each paragraph's lines, how far
/// the block reaches above its first baseline, and its height), or why
/// they do not.
enum Attempt {
    Fits {
        breaks: Breaks,
        above: f32,
        height: f32,
    },
    Overflows(Overflow),
}

/// Tries sizes from the maximum down to the minimum; the first at which the
/// lines fit wins. At the minimum, the overflow is the answer. A block set
/// below the maximum keeps why the maximum did not fit.
pub(super) fn shrink(
    paragraphs: &[Paragraph],
    style: &TextStyle,
    bx: Rect,
    extent: Extent,
) -> Result<Fitted, Overflow> {
    let at = |size| match attempt(paragraphs, style, bx, extent, size) {
        Attempt::Fits {
            breaks,
            above,
            height,
        } => {
            let placed = Placed {
                size,
                step: line_step(size, style, extent),
                above,
                height,
            };
            Ok(place(paragraphs, &breaks, style, bx, placed))
        }
        Attempt::Overflows(overflow) => Err(overflow),
    };
    let (max, min) = (style.max_size, style.min_size);
    let mut smaller = None;
    for size in above_minimum(max, min) {
        match at(size) {
            Ok(block) => return Ok(fitted(block, style, smaller)),
            Err(overflow) => smaller = smaller.or(Some(overflow)),
        }
    }
    at(min.min(max)).map(|block| fitted(block, style, smaller))
}

/// A block with the template's size and, if it is set smaller, why.
fn fitted(block: Block, style: &TextStyle, smaller: Option<Overflow>) -> Fitted {
    Fitted {
        template_size: style.max_size,
        smaller: smaller.filter(|_| block.size < style.max_size),
        block,
    }
}

/// The most sizes `shrink` tries: more than a pixel per step of the tallest
/// canvas. Templates bound font sizes well under it; this bounds the work
/// whatever a caller passes.
const MAX_STEPS: usize = 4096;

/// The sizes to try before the minimum, largest first: a pixel apart from
/// the maximum down to, not including, the minimum. Counted in whole steps,
/// so it ends whatever the sizes are: in f32, 1e9 - 1.0 is 1e9.
fn above_minimum(max: f32, min: f32) -> impl Iterator<Item = f32> {
    let steps = if max > min {
        ((max - min).ceil() as usize).min(MAX_STEPS)
    } else {
        0
    };
    (0..steps).map(move |i| max - i as f32)
}

/// Sets the paragraphs at one size: every piece must fit the box's width,
/// the lines its height and the slot's line limit.
fn attempt(
    paragraphs: &[Paragraph],
    style: &TextStyle,
    bx: Rect,
    extent: Extent,
    size: f32,
) -> Attempt {
    let spacing = style.letter_spacing.at(size);
    let mut counts = Vec::with_capacity(paragraphs.len());
    for p in paragraphs {
        match p.count_lines(bx.w, size, spacing) {
            Ok(n) => counts.push(n),
            Err((a, b)) => {
                return Attempt::Overflows(Overflow::TooWide {
                    word: p.text[a..b].trim_end().to_owned(),
                    width: p.width(a, b, size, spacing),
                    room: bx.w,
                });
            }
        }
    }
    let lines: usize = counts.iter().sum();
    if let Some(max) = style.max_lines
        && lines > max
    {
        return Attempt::Overflows(Overflow::TooManyLines { lines, max, size });
    }
    let breaks = balanced(paragraphs, &counts, bx.w, size, spacing);
    let (above, height) = reach(paragraphs, &breaks, size, style, extent);
    if height > bx.h + EPSILON {
        return Attempt::Overflows(Overflow::TooTall {
            lines,
            height,
            room: bx.h,
            size,
        });
    }
    Attempt::Fits {
        breaks,
        above,
        height,
    }
}

/// The most balanced lines of each paragraph, `counts[i]` lines for the
/// i-th.
fn balanced(
    paragraphs: &[Paragraph],
    counts: &[usize],
    room: f32,
    size: f32,
    spacing: f32,
) -> Breaks {
    paragraphs
        .iter()
        .zip(counts)
        .map(|(p, &n)| {
            // count_lines found n lines, so a balanced breaking into n exists.
            p.balance(n, room, size, spacing)
                .unwrap_or_else(|| vec![(0, p.text.len())])
        })
        .collect()
}

/// How far the block reaches above its first baseline, and its height.
fn reach(
    paragraphs: &[Paragraph],
    breaks: &Breaks,
    size: f32,
    style: &TextStyle,
    extent: Extent,
) -> (f32, f32) {
    let lines: usize = breaks.iter().map(Vec::len).sum();
    if !extent.by_ink {
        return (
            extent.ascent * size,
            block_height(lines, size, style, extent),
        );
    }
    let inks = paragraphs
        .iter()
        .zip(breaks)
        .flat_map(|(p, ranges)| ranges.iter().map(|&(a, b)| p.shaped.ink_of(a, b)));
    ink_reach(inks, line_step(size, style, extent), size)
}

/// From the highest ink of any line to the lowest, with lines `step`
/// apart: how far it reaches above the first baseline, and its height.
/// (The first line's top and the last line's bottom, unless a line-height
/// under the glyphs' height lets another line reach further.)
fn ink_reach(inks: impl Iterator<Item = Ink>, step: f32, size: f32) -> (f32, f32) {
    let (mut above, mut below) = (0.0f32, 0.0f32);
    for (i, ink) in inks.enumerate() {
        let baseline = i as f32 * step;
        above = above.max(ink.up * size - baseline);
        below = below.max(baseline + ink.down * size);
    }
    (above, above + below)
}

/// From the top of the first line's ascender to the bottom of the last's.
fn block_height(lines: usize, size: f32, style: &TextStyle, extent: Extent) -> f32 {
    (lines.max(1) - 1) as f32 * line_step(size, style, extent)
        + (extent.ascent + extent.descent) * size
}

/// The distance between baselines.
fn line_step(size: f32, style: &TextStyle, extent: Extent) -> f32 {
    size * style.line_height.max(extent.min_step)
}

/// The size a block is set at, the distance between its baselines, how
/// far it reaches above its first baseline, and its height.
struct Placed {
    size: f32,
    step: f32,
    above: f32,
    height: f32,
}

/// Sets the balanced lines of every paragraph at their positions.
fn place(
    paragraphs: &[Paragraph],
    breaks: &Breaks,
    style: &TextStyle,
    bx: Rect,
    at: Placed,
) -> Block {
    let Placed {
        size,
        step,
        above,
        height,
    } = at;
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
    let mut lines = Vec::new();
    let mut baseline = top + above;
    for (p, ranges) in paragraphs.iter().zip(breaks) {
        for &(a, b) in ranges {
            let (text, runs) = p.line(a, b);
            let ink = p.shaped.ink_of(a, b);
            lines.push(Line {
                text: text.to_owned(),
                runs,
                x,
                baseline,
                width: p.width(a, b, size, spacing),
                ink: (ink.up * size, ink.down * size),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::FaceId;
    use crate::layout::paragraph::prepare;
    use crate::layout::testing::fonts;
    use crate::layout::{Breaking, Spacing};

    fn face(family: &str) -> FaceId {
        fonts()
            .resolve(&[family.to_owned()], 400, false)
            .expect("a bundled face")
    }

    fn style(max_size: f32, min_size: f32) -> TextStyle {
        TextStyle {
            face: face("Noto Sans"),
            max_size,
            min_size,
            line_height: 1.2,
            letter_spacing: Spacing::Px(0.0),
            anchor: Anchor::Start,
            valign: VAlign::Top,
            max_lines: None,
        }
    }

    fn bx(w: f32, h: f32) -> Rect {
        Rect {
            x: 10.0,
            y: 20.0,
            w,
            h,
        }
    }

    fn extent_of(paragraphs: &[Paragraph], st: &TextStyle) -> Extent {
        Extent::of(fonts().metrics(st.face).expect("metrics"), paragraphs)
    }

    /// The block `shrink` sets, without the template's size.
    fn set(ps: &[Paragraph], st: &TextStyle, bx: Rect, extent: Extent) -> Result<Block, Overflow> {
        shrink(ps, st, bx, extent).map(|f| f.block)
    }

    const TEXT: &str = "Every child has the right to be safe online and off it";

    #[test]
    fn the_largest_size_that_fits_is_chosen() {
        let st = style(96.0, 33.0);
        let ps = prepare(fonts(), st.face, TEXT, Breaking::default()).expect("shaped");
        let extent = extent_of(&ps, &st);
        let (w, h) = (600.0, 300.0);
        let block = set(&ps, &st, bx(w, h), extent).expect("fits");
        assert!(block.size < 96.0 && block.size >= 33.0, "{}", block.size);
        assert!(block.height <= h + EPSILON);
        assert!(block.lines.iter().all(|l| l.width <= w + EPSILON));
        // One pixel larger does not fit.
        let larger = attempt(&ps, &st, bx(w, h), extent, block.size + 1.0);
        assert!(matches!(larger, Attempt::Overflows(_)));
        let text: Vec<&str> = block.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(text.join(" "), TEXT);
    }

    #[test]
    fn a_text_that_fits_at_the_largest_size_stays_there() {
        let st = style(48.0, 33.0);
        let ps = prepare(fonts(), st.face, "Short", Breaking::default()).expect("shaped");
        let block = set(&ps, &st, bx(900.0, 300.0), extent_of(&ps, &st)).expect("fits");
        assert_eq!(block.size, 48.0);
        assert_eq!(block.lines.len(), 1);
        assert_eq!(
            (block.lines[0].x, block.lines[0].text.as_str()),
            (10.0, "Short")
        );
    }

    #[test]
    fn at_the_minimum_the_overflow_is_reported_at_that_size() {
        let st = style(60.0, 40.0);
        let ps = prepare(fonts(), st.face, TEXT, Breaking::default()).expect("shaped");
        match set(&ps, &st, bx(600.0, 100.0), extent_of(&ps, &st)) {
            Err(Overflow::TooTall {
                size, height, room, ..
            }) => {
                assert_eq!(size, 40.0);
                assert_eq!(room, 100.0);
                assert!(height > room);
            }
            other => panic!("expected TooTall, got {other:?}"),
        }
    }

    #[test]
    fn a_line_limit_is_reported_before_the_height() {
        let st = TextStyle {
            max_lines: Some(1),
            ..style(40.0, 40.0)
        };
        let ps = prepare(fonts(), st.face, TEXT, Breaking::default()).expect("shaped");
        let got = set(&ps, &st, bx(600.0, 10.0), extent_of(&ps, &st));
        assert!(
            matches!(
                got,
                Err(Overflow::TooManyLines {
                    max: 1,
                    size: 40.0,
                    ..
                })
            ),
            "{got:?}"
        );
    }

    #[test]
    fn a_word_wider_than_the_box_is_named() {
        let st = style(40.0, 40.0);
        let ps = prepare(
            fonts(),
            st.face,
            "ein Kinderschutzbeauftragte b",
            Breaking::default(),
        )
        .expect("shaped");
        match set(&ps, &st, bx(200.0, 900.0), extent_of(&ps, &st)) {
            Err(Overflow::TooWide { word, width, room }) => {
                assert_eq!(word, "Kinderschutzbeauftragte");
                assert!(width > room && room == 200.0);
            }
            other => panic!("expected TooWide, got {other:?}"),
        }
    }

    #[test]
    fn sizes_step_a_pixel_down_to_the_minimum() {
        let all = |max, min| above_minimum(max, min).collect::<Vec<f32>>();
        assert_eq!(all(44.0, 40.0), [44.0, 43.0, 42.0, 41.0]);
        assert_eq!(all(42.5, 40.0), [42.5, 41.5, 40.5]);
        assert!(all(40.0, 40.0).is_empty());
    }

    #[test]
    fn sizes_end_for_sizes_a_pixel_cannot_change() {
        assert_eq!(above_minimum(1e9, 40.0).count(), MAX_STEPS);
        assert_eq!(above_minimum(f32::INFINITY, 40.0).count(), MAX_STEPS);
        assert_eq!(above_minimum(f32::NAN, 40.0).count(), 0);
    }

    #[test]
    fn an_enormous_size_still_ends_with_an_answer() {
        let st = style(1e9, 40.0);
        let ps = prepare(fonts(), st.face, TEXT, Breaking::default()).expect("shaped");
        assert!(set(&ps, &st, bx(600.0, 900.0), extent_of(&ps, &st)).is_ok());
    }

    #[test]
    fn block_height_is_ink_plus_one_step_per_extra_line() {
        let st = style(40.0, 40.0);
        let extent = Extent {
            ascent: 1.0,
            descent: 0.25,
            min_step: 0.0,
            by_ink: false,
        };
        assert_eq!(block_height(0, 40.0, &st, extent), 50.0);
        assert_eq!(block_height(1, 40.0, &st, extent), 50.0);
        assert_eq!(block_height(3, 40.0, &st, extent), 2.0 * 48.0 + 50.0);
        let tall = Extent {
            min_step: 1.5,
            ..extent
        };
        assert_eq!(line_step(40.0, &st, tall), 60.0);
    }

    #[test]
    fn fallback_glyphs_widen_the_extent() {
        let st = style(40.0, 40.0);
        let latin = prepare(fonts(), st.face, "Safe", Breaking::default()).expect("shaped");
        let arabic = prepare(fonts(), st.face, "آمن إلى", Breaking::default()).expect("shaped");
        let (l, a) = (extent_of(&latin, &st), extent_of(&arabic, &st));
        assert_eq!(l.min_step, 0.0);
        assert!(a.min_step > 0.0);
        assert!(a.ascent >= l.ascent && a.descent >= l.descent);
    }

    #[test]
    fn the_block_sits_where_valign_and_anchor_say() {
        let st = TextStyle {
            valign: VAlign::Middle,
            anchor: Anchor::End,
            ..style(40.0, 40.0)
        };
        let ps = prepare(fonts(), st.face, "Short", Breaking::default()).expect("shaped");
        let extent = extent_of(&ps, &st);
        let block = set(&ps, &st, bx(500.0, 300.0), extent).expect("fits");
        let top = 20.0 + (300.0 - block.height) / 2.0;
        assert_eq!(block.lines[0].baseline, top + extent.ascent * 40.0);
        assert_eq!(block.lines[0].x, 510.0);
    }

    /// The ink of a one-paragraph text, per em.
    fn ink_of(ps: &[Paragraph]) -> Ink {
        ps[0].shaped.ink_of(0, ps[0].text.len())
    }

    #[test]
    fn digits_fill_their_box() {
        let st = TextStyle {
            valign: VAlign::Bottom,
            ..style(300.0, 33.0)
        };
        let ps = prepare(fonts(), st.face, "2024", Breaking::default()).expect("shaped");
        let ink = ink_of(&ps);
        // Digits stand on the baseline and rise to the cap height.
        assert!(ink.down < 0.02 && ink.up > 0.6 && ink.up < 0.8, "{ink:?}");
        let room = bx(900.0, (ink.up + ink.down) * 300.0 + 0.5);
        let block = set(&ps, &st, room, extent_of(&ps, &st).by_ink()).expect("fits");
        assert_eq!(block.size, 300.0);
        // The digits' feet sit on the box's bottom, not a descender above it.
        let foot = block.lines[0].baseline + ink.down * 300.0;
        assert!((foot - (room.y + room.h)).abs() < 0.01, "{foot}");
        // Measured on the font's ascent and descent, they were set smaller.
        let by_font = set(&ps, &st, room, extent_of(&ps, &st)).expect("fits");
        assert!(by_font.size < 250.0, "{}", by_font.size);
    }

    #[test]
    fn a_deep_descender_is_measured_by_its_ink() {
        let st = style(40.0, 40.0);
        let ps = prepare(fonts(), st.face, "في", Breaking::default()).expect("shaped");
        let ink = ink_of(&ps);
        // The yeh reaches far below the baseline.
        assert!(ink.down > 0.3, "{ink:?}");
        let height = (ink.up + ink.down) * 40.0;
        let room = bx(600.0, height + 0.005);
        let block = set(&ps, &st, room, extent_of(&ps, &st).by_ink()).expect("fits");
        assert!((block.height - height).abs() < 0.01, "{}", block.height);
        assert_eq!(block.lines[0].baseline, room.y + ink.up * 40.0);
        // On the fonts' full height it does not fit the same box.
        assert!(set(&ps, &st, room, extent_of(&ps, &st)).is_err());
    }

    #[test]
    fn ink_reaches_from_the_first_lines_top_to_the_last_lines_foot() {
        let ink = |up, down| Ink { up, down };
        let lines = [ink(0.7, 0.0), ink(0.5, 0.25)];
        // Two lines 50 px apart at 40 px: 28 px above, 50 + 10 below.
        assert_eq!(ink_reach(lines.into_iter(), 50.0, 40.0), (28.0, 88.0));
        // A tall second line under a tight line-height reaches higher.
        let tight = [ink(0.5, 0.0), ink(1.0, 0.0)];
        assert_eq!(ink_reach(tight.into_iter(), 10.0, 40.0), (30.0, 40.0));
    }
}
