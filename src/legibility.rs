//! Legibility, measured on the rendered card: each text line's drawn size,
//! its WCAG 2.2 contrast against the pixels actually behind its glyphs, its
//! ink kept out of the format's safe margins, and the logo's contrast
//! against what is behind it.
//!
//! The card is drawn twice: as it is, and as its backdrop, the same card
//! with its text slots and logo taken out (`compose` writes both, and says
//! where each line is drawn). Inside a line's region, where the two
//! drawings differ is the line's ink. This module only measures the pixels
//! it is given and words what it finds: it draws nothing, reads nothing.

use std::path::Path;
use std::sync::LazyLock;

use resvg::tiny_skia::Pixmap;
use serde::{Deserialize, Serialize};

use crate::format::{Format, Medium};
use crate::layout::Rect;
use crate::problem::{Context, Location, Problem, code};

/// How wide, in CSS px, a phone shows a 1080-wide card: about 390 (an
/// iPhone 12 to 15 is 390 CSS px wide; the card fills the width). WCAG
/// sizes are CSS px, so a size on a screen canvas is scaled by
/// `width / PHONE_CSS_PX`. (The legibility floor,
/// `format::MIN_TEXT_PX_AT_1080`, reasons from a 360-wide phone: the
/// smaller phone, for the floor; the common one, for what counts as large.)
const PHONE_CSS_PX: f32 = 390.0;

/// WCAG 2.2's large text: 18 pt (24 CSS px), or 14 pt (18.66 CSS px) bold.
/// On paper, the canvas is 96 px per inch, so a px is a CSS px.
const LARGE_CSS_PX: f32 = 24.0;
const LARGE_BOLD_CSS_PX: f32 = 18.66;

/// The weight from which a face is bold, for WCAG's large bold text.
pub const BOLD_WEIGHT: u16 = 600;

/// WCAG 2.2 success criterion 1.4.3 (text), and 1.4.11 (graphics: the logo).
const TEXT_RATIO: f32 = 4.5;
const LARGE_TEXT_RATIO: f32 = 3.0;
const GRAPHIC_RATIO: f32 = 3.0;

/// What ink is measured: a line of text, or the logo.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Of {
    /// A line's one colour against the backdrop under each of its pixels.
    Text,
    /// Each of the logo's pixels against the backdrop under it.
    Logo,
}

impl Of {
    /// Which of the ink's pixels' contrasts, lowest first, is the ink's.
    ///
    /// A line's is the worst 5%'s: a light patch of a photo under one letter
    /// in twenty decides, while one stray pixel, or the anti-aliased rim of
    /// a shape, does not. The logo's is its median pixel's: a logo whose
    /// ink mostly fades into what is behind it cannot be made out, while a
    /// thin outline that does is a detail of its design.
    fn percentile(self) -> f32 {
        match self {
            Of::Text => 0.05,
            Of::Logo => 0.5,
        }
    }
}

/// A pixel is ink where the card differs from its backdrop by at least half
/// the strongest difference in the region (the glyphs' cores, not their
/// anti-aliased edges), and by at least this much in some channel: less is
/// rounding, and text that differs by no more than that is invisible.
const VISIBLE: u8 = 3;

/// One line of text as it is drawn: which slot, which line (from 1), its
/// words, its size on the canvas, and the canvas pixels its ink may reach.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub slot: String,
    pub number: usize,
    pub text: String,
    /// The size it is set at times the scale of the groups around it.
    pub px: f32,
    pub bold: bool,
    /// Where its ink may be, on the canvas.
    pub region: Rect,
    /// The slot's element in its template.
    pub at: Location,
}

/// Where a card's lines and logo are drawn, for measuring.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Regions {
    pub lines: Vec<Line>,
    /// The logo's box on the canvas, when the card shows one.
    pub logo: Option<Rect>,
}

/// A card's least legible line: the one whose contrast is furthest under,
/// or least over, what its size needs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Worst {
    pub slot: String,
    /// From 1.
    pub line: usize,
    pub text: String,
    /// Its size on the canvas, in px.
    pub px: f32,
    /// Its contrast against what is behind it, as the first term of n:1.
    pub ratio: f32,
    /// What its size needs: 4.5, or 3 for large text.
    pub needs: f32,
}

/// What was measured on one card.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// The card's stem (`cards/it/x/advertised-online`).
    pub card: String,
    /// Its least legible line, when it has text.
    pub worst: Option<Worst>,
    /// The logo's contrast against what is behind it, when it has one.
    pub logo: Option<f32>,
}

/// A card's measures and problems: errors for its text, a warning for its
/// logo (WCAG exempts logos from text contrast).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Measured {
    pub record: Record,
    pub problems: Vec<Problem>,
}

/// Which card is measured, for its record and its problems.
pub struct Subject<'a> {
    pub stem: &'a str,
    pub context: Context,
    pub template: &'a Path,
    pub format: &'a Format,
}

/// The drawn card and its backdrop, the same size.
pub struct Drawings<'a> {
    pub card: &'a Pixmap,
    pub backdrop: &'a Pixmap,
}

/// Measures every line and the logo of one card.
pub fn measure(subject: &Subject, regions: &Regions, drawn: &Drawings) -> Measured {
    let logo_box = regions.logo.and_then(|r| PixRect::of(r, drawn.card));
    let lines: Vec<(&Line, Ink)> = regions
        .lines
        .iter()
        .filter_map(|line| {
            let area = PixRect::of(line.region, drawn.card)?;
            Some((line, ink(drawn, area, logo_box.as_slice(), Of::Text)))
        })
        .collect();
    let worst = lines
        .iter()
        .min_by(|a, b| margin(subject.format, a).total_cmp(&margin(subject.format, b)));
    let line_boxes: Vec<PixRect> = lines.iter().filter_map(|(_, i)| i.reach).collect();
    let logo = logo_box.map(|area| ink(drawn, area, &line_boxes, Of::Logo));
    let mut problems = Vec::new();
    problems.extend(worst.and_then(|w| contrast_problem(subject, w)));
    problems.extend(size_problem(subject, &regions.lines));
    problems.extend(safe_problem(subject, &lines, drawn.card));
    problems.extend(logo.as_ref().and_then(|l| logo_problem(subject, l)));
    let record = Record {
        card: subject.stem.to_owned(),
        worst: worst.map(|(line, ink)| Worst {
            slot: line.slot.clone(),
            line: line.number,
            text: line.text.clone(),
            px: line.px,
            ratio: ink.ratio,
            needs: needs(subject.format, line),
        }),
        logo: logo.map(|l| l.ratio),
    };
    Measured { record, problems }
}

/// Whether text of this size counts as large on this canvas.
fn is_large(format: &Format, px: f32, bold: bool) -> bool {
    let css = if bold {
        LARGE_BOLD_CSS_PX
    } else {
        LARGE_CSS_PX
    };
    match format.medium {
        Medium::Print => px >= css,
        Medium::Screen => px >= css * format.width as f32 / PHONE_CSS_PX,
    }
}

/// The contrast a line needs: 4.5:1, or 3:1 for large text.
fn needs(format: &Format, line: &Line) -> f32 {
    match is_large(format, line.px, line.bold) {
        true => LARGE_TEXT_RATIO,
        false => TEXT_RATIO,
    }
}

/// How far a line's contrast is over what it needs (under 1 fails).
fn margin(format: &Format, (line, ink): &(&Line, Ink)) -> f32 {
    ink.ratio / needs(format, line)
}

/// A ratio as WCAG reads it: never rounded up, so 4.499 is not shown as
/// the 4.5 it fails.
fn shown(ratio: f32) -> String {
    format!("{:.2}", (ratio * 100.0).floor() / 100.0)
        .trim_end_matches('0')
        .trim_end_matches('.')
        .to_owned()
}

/// A colour as `#rrggbb`.
fn hex([r, g, b]: [u8; 3]) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// The card a note is about: its format and language.
fn on(subject: &Subject) -> String {
    let c = &subject.context;
    let parts = [c.format.as_deref(), c.language.as_deref()];
    let named: Vec<&str> = parts.into_iter().flatten().collect();
    match named.is_empty() {
        true => subject.stem.to_owned(),
        false => named.join(", "),
    }
}

/// A problem about a card's slot, located at the slot's element.
fn at_slot(subject: &Subject, line: &Line, what: String) -> Problem {
    Problem {
        context: subject.context.clone(),
        ..Problem::new(line.at.clone(), what)
    }
    .template(subject.template)
    .slot(&line.slot)
}

/// The card's least legible line, when it is under what it needs.
fn contrast_problem(subject: &Subject, (line, ink): &(&Line, Ink)) -> Option<Problem> {
    let needed = needs(subject.format, line);
    if ink.ratio >= needed {
        return None;
    }
    // The cause is the slot's colour on this template; the measures, which
    // differ by card, are its notes.
    let what = format!(
        "the {}'s text has too little contrast against what is behind it",
        line.slot
    );
    let note = format!(
        "{}: line {} ({:?}) has contrast {}:1 ({} on {}); at {:.0} px it needs {}:1",
        on(subject),
        line.number,
        line.text,
        shown(ink.ratio),
        hex(ink.text),
        hex(ink.back),
        line.px,
        shown(needed),
    );
    let hint = format!(
        "in {}, make the {} slot's colour darker or lighter, or add a scrim or shade behind the text; over a photo, a `focus:` that puts a calmer area behind the text also helps",
        subject.template.display(),
        line.slot
    );
    let problem = at_slot(subject, line, what).note(note).hint(hint);
    Some(problem.code(code::CONTRAST))
}

/// The card's smallest line, when it is under the format's floor.
fn size_problem(subject: &Subject, lines: &[Line]) -> Option<Problem> {
    let floor = subject.format.min_text_px();
    let line = lines
        .iter()
        .filter(|l| l.px < floor - 0.01)
        .min_by(|a, b| a.px.total_cmp(&b.px))?;
    let what = format!(
        "the {}'s line {} is drawn at {:.1} px, under the legibility floor of {floor} px for {}",
        line.slot, line.number, line.px, subject.format.name
    );
    let hint = format!(
        "in {}, give the {} slot a larger font-size or data-min-size, or undo the scale of the group around it",
        subject.template.display(),
        line.slot
    );
    Some(
        at_slot(subject, line, what)
            .hint(hint)
            .code(code::TEXT_SIZE),
    )
}

/// The line whose ink reaches furthest into a safe margin, if any does.
fn safe_problem(subject: &Subject, lines: &[(&Line, Ink)], card: &Pixmap) -> Option<Problem> {
    let (line, (side, px, margin)) = lines
        .iter()
        .filter_map(|(line, ink)| Some((*line, intrusion(subject.format, ink.reach?, card)?)))
        .max_by_key(|(_, (_, px, _))| *px)?;
    let what = format!(
        "the {}'s text reaches into the {side} safe margin of the {} format, whose {margin} px are kept free of text (the platform's buttons and crops cover them)",
        line.slot, subject.format.name
    );
    let note = format!(
        "{}: line {} ({:?}) reaches {px} px into it",
        on(subject),
        line.number,
        line.text
    );
    let hint = format!(
        "in {}, move `{}-box` out of the margin, or make it smaller",
        subject.template.display(),
        line.slot
    );
    let problem = at_slot(subject, line, what).note(note).hint(hint);
    Some(problem.code(code::SAFE_ZONE))
}

/// How far ink reaches into the deepest safe margin: its side, the depth
/// in px and the margin's width.
fn intrusion(format: &Format, ink: PixRect, card: &Pixmap) -> Option<(&'static str, u32, u32)> {
    let (w, h) = (card.width(), card.height());
    let s = format.safe;
    let depths = [
        ("left", s.left.saturating_sub(ink.x0), s.left),
        (
            "right",
            ink.x1.saturating_sub(w.saturating_sub(s.right)),
            s.right,
        ),
        ("top", s.top.saturating_sub(ink.y0), s.top),
        (
            "bottom",
            ink.y1.saturating_sub(h.saturating_sub(s.bottom)),
            s.bottom,
        ),
    ];
    depths.into_iter().filter(|d| d.1 > 0).max_by_key(|d| d.1)
}

/// The logo, when it fades into what is behind it.
fn logo_problem(subject: &Subject, logo: &Ink) -> Option<Problem> {
    if logo.ratio >= GRAPHIC_RATIO {
        return None;
    }
    let what = format!(
        "the logo has too little contrast against what is behind it: a graphic needs {}:1 to be made out",
        shown(GRAPHIC_RATIO)
    );
    let note = format!(
        "{}: the logo has contrast {}:1 ({} on {})",
        on(subject),
        shown(logo.ratio),
        hex(logo.text),
        hex(logo.back)
    );
    let hint = format!(
        "use a version of the logo for this background (light on dark, dark on light), or put a plate behind it in {}",
        subject.template.display()
    );
    Some(
        Problem {
            context: subject.context.clone(),
            ..Problem::new(Location::file(subject.template), what)
        }
        .template(subject.template)
        .note(note)
        .hint(hint)
        .code(code::LOGO_CONTRAST)
        .warning(),
    )
}

/// A rectangle of whole pixels, `x0..x1` × `y0..y1`, inside a pixmap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct PixRect {
    x0: u32,
    y0: u32,
    x1: u32,
    y1: u32,
}

impl PixRect {
    /// The pixels `r` touches, cut to the pixmap; none if it is outside.
    fn of(r: Rect, pixmap: &Pixmap) -> Option<PixRect> {
        let clamp = |v: f32, max: u32| v.clamp(0.0, max as f32) as u32;
        let (w, h) = (pixmap.width(), pixmap.height());
        let p = PixRect {
            x0: clamp(r.x.floor(), w),
            y0: clamp(r.y.floor(), h),
            x1: clamp((r.x + r.w).ceil(), w),
            y1: clamp((r.y + r.h).ceil(), h),
        };
        (p.x0 < p.x1 && p.y0 < p.y1).then_some(p)
    }

    fn contains(&self, x: u32, y: u32) -> bool {
        (self.x0..self.x1).contains(&x) && (self.y0..self.y1).contains(&y)
    }

    /// The smallest rectangle holding both.
    fn union(self, o: PixRect) -> PixRect {
        PixRect {
            x0: self.x0.min(o.x0),
            y0: self.y0.min(o.y0),
            x1: self.x1.max(o.x1),
            y1: self.y1.max(o.y1),
        }
    }
}

/// What the ink in a region measures: its colour where it differs most
/// from the backdrop, the backdrop's colour that decides its contrast, the
/// contrast, and the pixels the ink covers (none if it is invisible).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Ink {
    text: [u8; 3],
    back: [u8; 3],
    ratio: f32,
    reach: Option<PixRect>,
}

/// The ink in `area` (outside `skip`): the card's pixels that differ from
/// the backdrop by at least half the most any does, and their contrast
/// (see [`Of`]). Two passes over the region's rows: the strongest
/// difference, then the ink's contrasts.
fn ink(drawn: &Drawings, area: PixRect, skip: &[PixRect], of: Of) -> Ink {
    let region = Region::of(drawn, area, skip);
    let Some((strongest, at)) = region.strongest() else {
        return invisible(drawn, area);
    };
    let text = colour_at(drawn.card, at.0, at.1);
    let mut measured: Vec<(f32, [u8; 3])> = Vec::new();
    let mut reach: Option<PixRect> = None;
    region.each(|x, y, diff| {
        if u16::from(diff) * 2 < u16::from(strongest) || region.skipped(x, y) {
            return;
        }
        let back = colour_at(drawn.backdrop, x, y);
        let own = match of {
            Of::Text => text,
            Of::Logo => colour_at(drawn.card, x, y),
        };
        measured.push((ratio(luminance(own), luminance(back)), back));
        let here = PixRect {
            x0: x,
            y0: y,
            x1: x + 1,
            y1: y + 1,
        };
        reach = Some(reach.map_or(here, |r| r.union(here)));
    });
    let k = ((measured.len() as f32 * of.percentile()) as usize).min(measured.len() - 1);
    let (_, &mut (ratio, back), _) = measured.select_nth_unstable_by(k, |a, b| a.0.total_cmp(&b.0));
    Ink {
        text,
        back,
        ratio,
        reach,
    }
}

/// Ink no pixel shows: the text is drawn in the colour behind it.
fn invisible(drawn: &Drawings, area: PixRect) -> Ink {
    let colour = colour_at(drawn.card, area.x0, area.y0);
    Ink {
        text: colour,
        back: colour,
        ratio: 1.0,
        reach: None,
    }
}

/// A region of the card and its backdrop, and the rectangles in it to skip.
struct Region<'a> {
    drawn: &'a Drawings<'a>,
    area: PixRect,
    skip: &'a [PixRect],
}

impl<'a> Region<'a> {
    fn of(drawn: &'a Drawings<'a>, area: PixRect, skip: &'a [PixRect]) -> Self {
        Region { drawn, area, skip }
    }

    fn skipped(&self, x: u32, y: u32) -> bool {
        self.skip.iter().any(|s| s.contains(x, y))
    }

    /// Calls `f` with each pixel's place and how much the card differs
    /// there from its backdrop (the largest channel's difference).
    fn each(&self, mut f: impl FnMut(u32, u32, u8)) {
        let (card, back) = (self.drawn.card.data(), self.drawn.backdrop.data());
        let width = self.drawn.card.width() as usize;
        let mut diffs: Vec<u8> = Vec::with_capacity((self.area.x1 - self.area.x0) as usize);
        for y in self.area.y0..self.area.y1 {
            let row = y as usize * width;
            let (start, end) = (row + self.area.x0 as usize, row + self.area.x1 as usize);
            let pairs = card[start * 4..end * 4]
                .chunks_exact(4)
                .zip(back[start * 4..end * 4].chunks_exact(4));
            // A whole row's differences first, in a loop the compiler
            // vectorizes, then each one handed on.
            diffs.clear();
            diffs.extend(pairs.map(|(c, b)| {
                let d = |i: usize| c[i].abs_diff(b[i]);
                d(0).max(d(1)).max(d(2)).max(d(3))
            }));
            for (x, &diff) in (self.area.x0..).zip(&diffs) {
                f(x, y, diff);
            }
        }
    }

    /// The strongest difference outside the rectangles to skip, and where,
    /// if it is visible.
    fn strongest(&self) -> Option<(u8, (u32, u32))> {
        let mut best: Option<(u8, (u32, u32))> = None;
        self.each(|x, y, diff| {
            if diff >= VISIBLE && best.is_none_or(|b| diff > b.0) && !self.skipped(x, y) {
                best = Some((diff, (x, y)));
            }
        });
        best
    }
}

/// A pixel's colour as seen on a white page: tiny-skia keeps premultiplied
/// alpha, so a see-through pixel shows white through the rest.
fn colour_at(pixmap: &Pixmap, x: u32, y: u32) -> [u8; 3] {
    let Some(p) = pixmap.pixel(x, y) else {
        return [255; 3];
    };
    let white = 255 - p.alpha();
    [p.red(), p.green(), p.blue()].map(|c| c.saturating_add(white))
}

/// Each 8-bit sRGB channel value, linearised (WCAG 2.2's definition of
/// relative luminance, with the sRGB standard's 0.04045 threshold).
static LINEAR: LazyLock<[f32; 256]> = LazyLock::new(|| {
    std::array::from_fn(|i| {
        let c = i as f32 / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    })
});

/// WCAG 2.2's relative luminance of an sRGB colour.
fn luminance([r, g, b]: [u8; 3]) -> f32 {
    let l = &*LINEAR;
    0.2126 * l[r as usize] + 0.7152 * l[g as usize] + 0.0722 * l[b as usize]
}

/// WCAG 2.2's contrast ratio of two luminances: (lighter + 0.05) /
/// (darker + 0.05), from 1 to 21.
fn ratio(a: f32, b: f32) -> f32 {
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contrast(a: [u8; 3], b: [u8; 3]) -> f32 {
        ratio(luminance(a), luminance(b))
    }

    #[test]
    fn known_wcag_pairs_have_their_ratios() {
        assert!((contrast([0; 3], [255; 3]) - 21.0).abs() < 1e-3);
        assert!((contrast([255; 3], [255; 3]) - 1.0).abs() < 1e-6);
        // #777 on white: 4.48, famously just under 4.5.
        let grey = contrast([0x77; 3], [255; 3]);
        assert!((grey - 4.48).abs() < 0.005, "{grey}");
        // #767676 is the lightest grey that passes on white.
        assert!(contrast([0x76; 3], [255; 3]) >= 4.5);
        // Pure red on white: 4.0; pure blue on black: 2.44.
        assert!((contrast([255, 0, 0], [255; 3]) - 4.0).abs() < 0.005);
        assert!((contrast([0, 0, 255], [0; 3]) - 2.44).abs() < 0.005);
    }

    #[test]
    fn a_ratio_is_shown_rounded_down_as_wcag_reads_it() {
        assert_eq!(shown(4.499), "4.49");
        assert_eq!(shown(4.5), "4.5");
        assert_eq!(shown(21.0), "21");
        assert_eq!(shown(2.9), "2.9");
    }

    fn format(name: &str) -> &'static Format {
        Format::named(name).expect("present")
    }

    #[test]
    fn large_text_is_24_css_px_or_18_66_bold_on_a_390_px_phone() {
        let square = format("instagram-square");
        // 1080 / 390 × 24 = 66.46 px; bold 51.67 px.
        assert!(!is_large(square, 66.0, false));
        assert!(is_large(square, 66.5, false));
        assert!(!is_large(square, 51.0, true));
        assert!(is_large(square, 52.0, true));
        // On a 1600-wide canvas, more.
        assert!(!is_large(format("x"), 90.0, false));
        assert!(is_large(&crate::format::FACTSHEET, 24.0, false));
    }

    fn pixmap(w: u32, h: u32, paint: impl Fn(u32, u32) -> [u8; 3]) -> Pixmap {
        let mut p = Pixmap::new(w, h).expect("size");
        for y in 0..h {
            for x in 0..w {
                let [r, g, b] = paint(x, y);
                let c = resvg::tiny_skia::ColorU8::from_rgba(r, g, b, 255).premultiply();
                p.pixels_mut()[(y * w + x) as usize] = c;
            }
        }
        p
    }

    #[test]
    fn ink_is_measured_against_the_backdrop_under_its_worst_pixels() {
        // Grey text on a backdrop white at the left, black at the right.
        let back = pixmap(40, 10, |x, _| if x < 20 { [255; 3] } else { [0; 3] });
        let card = pixmap(40, 10, |x, y| match (x, y) {
            (4..8, 2..8) => [0x77; 3],
            (24..26, 2..8) => [0x77; 3],
            _ => {
                if x < 20 {
                    [255; 3]
                } else {
                    [0; 3]
                }
            }
        });
        let drawn = Drawings {
            card: &card,
            backdrop: &back,
        };
        let all = PixRect {
            x0: 0,
            y0: 0,
            x1: 40,
            y1: 10,
        };
        let m = ink(&drawn, all, &[], Of::Text);
        // The part over black is the worse: #777 on black is 4.69, on white 4.48.
        assert!((m.ratio - 4.48).abs() < 0.01, "{}", m.ratio);
        assert_eq!(m.back, [255; 3]);
        assert_eq!(
            m.reach,
            Some(PixRect {
                x0: 4,
                y0: 2,
                x1: 26,
                y1: 8
            })
        );
        // Skipping the left part leaves the part over black.
        let left = PixRect {
            x0: 0,
            y0: 0,
            x1: 20,
            y1: 10,
        };
        let m = ink(&drawn, all, &[left], Of::Text);
        assert_eq!(m.back, [0; 3]);
        // No difference at all: invisible, 1:1.
        let same = Drawings {
            card: &back,
            backdrop: &back,
        };
        assert_eq!(ink(&same, all, &[], Of::Text).ratio, 1.0);
    }

    fn line(px: f32) -> Line {
        Line {
            slot: "source".into(),
            number: 2,
            text: "OSCE".into(),
            px,
            bold: false,
            region: Rect {
                x: 0.0,
                y: 0.0,
                w: 10.0,
                h: 10.0,
            },
            at: Location::new("templates/x.svg", 7, 3),
        }
    }

    #[test]
    fn a_line_under_the_floor_is_one_problem_at_its_slot() {
        let subject = Subject {
            stem: "cards/en/instagram-square/m",
            context: Context::default(),
            template: Path::new("templates/x.svg"),
            format: format("instagram-square"),
        };
        assert_eq!(size_problem(&subject, &[line(33.0), line(40.0)]), None);
        let p = size_problem(&subject, &[line(40.0), line(20.0), line(30.0)]).expect("small");
        assert_eq!(
            p.what,
            "the source's line 2 is drawn at 20.0 px, under the legibility floor of 33 px for instagram-square"
        );
        assert_eq!(
            (p.location.line, p.context.slot.as_deref()),
            (7, Some("source"))
        );
    }

    #[test]
    fn ink_in_a_safe_margin_is_found_at_its_side_and_depth() {
        let card = Pixmap::new(1080, 1920).expect("size");
        let story = format("story");
        let ink = PixRect {
            x0: 100,
            y0: 1700,
            x1: 900,
            y1: 1800,
        };
        assert_eq!(intrusion(story, ink, &card), Some(("bottom", 130, 250)));
        let clear = PixRect {
            x0: 100,
            y0: 300,
            x1: 900,
            y1: 400,
        };
        assert_eq!(intrusion(story, clear, &card), None);
    }
}
