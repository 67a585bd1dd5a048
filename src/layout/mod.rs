//! The text engine: breaks a text into lines and fits it to a box.
//!
//! No SVG renderer wraps text, so handbill does: line break opportunities
//! follow UAX #14, widths come from the shaper usvg draws with (see
//! `measure`), the size shrinks from the template's size to the minimum until
//! the block fits, and among the breaks with the fewest lines it picks the
//! most balanced. Text that cannot fit is an `Overflow`, never clipped.
//!
//! This stage is pure: it reads no files and prints nothing.

mod fit;
mod measure;
mod paragraph;

use fit::{Extent, shrink};
pub use measure::Run;
use measure::{Shaped, line_width};
use paragraph::Allow;

use crate::fonts::{FaceId, Fonts};

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

/// How a text breaks into lines beyond UAX #14: its language's words that
/// must not end a line, and whether it is display text (a headline, a
/// quote), which prefers to break between phrases.
#[derive(Clone, Copy, Debug, Default)]
pub struct Breaking<'a> {
    /// Lowercase; one-letter words are kept with the next word anyway.
    pub short_words: &'a [String],
    /// Words that must not start a line, lowercase.
    pub joins_previous: &'a [String],
    pub display: bool,
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
/// of `text`), where its anchor point is, its width, and how far its
/// glyphs' ink reaches above and below its baseline.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub text: String,
    pub runs: Vec<Run>,
    pub x: f32,
    pub baseline: f32,
    pub width: f32,
    /// From the baseline up to the highest ink of its glyphs, and down to
    /// the lowest, in px: the union of their bounding boxes as the shaper
    /// placed them, the measure `fit_by_ink` fits a block by.
    pub ink: (f32, f32),
}

/// A text fitted to its box.
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    pub size: f32,
    pub lines: Vec<Line>,
    /// From the top of the first line to the bottom of the last: of their
    /// ink for `fit_by_ink`, of the font's ascender and descender for `fit`.
    pub height: f32,
}

/// A block, with the size the template asks for and, when the block is
/// set smaller, why that size did not fit.
#[derive(Clone, Debug, PartialEq)]
pub struct Fitted {
    pub block: Block,
    pub template_size: f32,
    /// The overflow at the template's size; `None` when set at that size.
    pub smaller: Option<Overflow>,
}

/// Why a text cannot be set in its box.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Overflow {
    /// Characters the slot's font has no glyph for (never an empty list).
    MissingGlyphs { chars: Vec<char>, face: String },
    /// The slot's font cannot be read for its metrics or shaped: a damaged
    /// font file, not a text that is too long.
    NoMetrics { face: String },
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
                let mut list: Vec<String> = chars
                    .iter()
                    .take(QUOTED_CHARS)
                    .map(|c| format!("{c:?} (U+{:04X})", *c as u32))
                    .collect();
                if chars.len() > QUOTED_CHARS {
                    list.push(format!("{} more", chars.len() - QUOTED_CHARS));
                }
                format!("the font {face} has no glyph for {}", list.join(", "))
            }
            Overflow::NoMetrics { face } => {
                format!("the font {face} has no metrics handbill can read")
            }
            Overflow::TooWide { word, width, room } => format!(
                "{} is {width:.0} px wide at the minimum size but the box is {room:.0} px wide: it overflows by {} px",
                quoted(word),
                px(width - room)
            ),
            Overflow::TooTall {
                lines,
                height,
                room,
                size,
            } => format!(
                "the text needs {}, {height:.0} px, at the minimum size of {size:.0} px but the box is {room:.0} px high: it overflows by {} px",
                crate::plural::counted(*lines, "line"),
                px(height - room)
            ),
            Overflow::TooManyLines { lines, max, size } => format!(
                "the text needs {lines} lines at the minimum size of {size:.0} px but the slot allows {max}: it overflows by {}",
                crate::plural::counted(lines - max, "line")
            ),
        }
    }
}

/// How many characters a problem quotes of a word, or lists of missing
/// glyphs: enough to find them, short enough to read.
const QUOTED_CHARS: usize = 40;

/// A word in quotes, shortened to its first [`QUOTED_CHARS`] characters
/// when longer, saying how long it is.
fn quoted(word: &str) -> String {
    let count = word.chars().count();
    if count <= QUOTED_CHARS {
        return format!("{word:?}");
    }
    let start: String = word.chars().take(QUOTED_CHARS).collect();
    format!("the {count}-character word {:?}", format!("{start}…"))
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

/// The width of a text set in one face, as usvg draws it on its own.
pub fn measure(fonts: &Fonts, face: FaceId, text: &str, size: f32, spacing: f32) -> f32 {
    Shaped::new(fonts, face, text).map_or(0.0, |s| {
        let (units, clusters) = s.span(0, text.len());
        line_width(units, clusters, size, spacing)
    })
}

/// Fits running text into `bx`: the largest size from the style's maximum
/// down to its minimum at which the lines fit, with balanced breaks, every
/// line as tall as its font (paragraphs of a page sit at even distances).
pub fn fit(
    fonts: &Fonts,
    text: &str,
    style: &TextStyle,
    bx: Rect,
    breaking: Breaking,
) -> Result<Block, Overflow> {
    fit_measured(fonts, text, style, bx, (breaking, false)).map(|f| f.block)
}

/// Fits a slot's text into `bx` by the glyphs it sets: from the highest ink
/// of its first line to the lowest ink of its last, so a row of digits can
/// fill its box and a deep descender is measured as deep as it is.
pub fn fit_by_ink(
    fonts: &Fonts,
    text: &str,
    style: &TextStyle,
    bx: Rect,
    breaking: Breaking,
) -> Result<Fitted, Overflow> {
    fit_measured(fonts, text, style, bx, (breaking, true))
}

/// Collect → prepare → measure → fit, measuring blocks by their ink or by
/// their font.
fn fit_measured(
    fonts: &Fonts,
    text: &str,
    style: &TextStyle,
    bx: Rect,
    (breaking, by_ink): (Breaking, bool),
) -> Result<Fitted, Overflow> {
    // Collect: white space made single, forced breaks kept.
    let text = normalize(text);
    let metrics = fonts
        .metrics(style.face)
        .ok_or_else(|| Overflow::NoMetrics {
            face: fonts.face_name(style.face),
        })?;
    // Prepare: each paragraph shaped once, with its break opportunities.
    let mut paragraphs = paragraph::prepare(fonts, style.face, &text, breaking)?;
    // Measure how far the lines' glyphs reach above and below the baseline.
    let extent = match by_ink {
        true => Extent::of(metrics, &paragraphs).by_ink(),
        false => Extent::of(metrics, &paragraphs),
    };
    // Fit: text a little smaller, or one more line, reads better than a
    // short word stranded at a line's end; any size reads better than a
    // lone "e" there, and better than "e-": so the sizes are tried without
    // any of them first, then with short words, then one-letter words at a
    // line's end, then with hyphen breaks too.
    let kept = TextStyle {
        min_size: style
            .min_size
            .max(style.max_size * KEEP_SHORT_WORDS_DOWN_TO),
        ..style.clone()
    };
    if let Ok(fitted) = shrink(&paragraphs, &kept, bx, extent) {
        return Ok(fitted);
    }
    for allow in [Allow::ShortWordEnds, Allow::OneLetterEnds] {
        paragraphs.iter_mut().for_each(|p| p.allow(allow));
        if let Ok(fitted) = shrink(&paragraphs, style, bx, extent) {
            return Ok(fitted);
        }
    }
    paragraphs
        .iter_mut()
        .for_each(|p| p.allow(Allow::HyphenBreaks));
    shrink(&paragraphs, style, bx, extent)
}

/// How much smaller than its template's size a text may be set to keep
/// short words off its lines' ends: beyond that, size matters more.
const KEEP_SHORT_WORDS_DOWN_TO: f32 = 0.75;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn white_space_collapses_and_forced_breaks_stay() {
        assert_eq!(normalize("  a \t b\n\n  c  \n"), "a b\nc");
        assert_eq!(normalize("a\u{7}b\u{202E}"), "ab\u{202E}");
        assert_eq!(normalize(" \n \n"), "");
    }

    #[test]
    fn a_long_word_is_quoted_short_with_its_length() {
        assert_eq!(quoted("Hello"), "\"Hello\"");
        let q = quoted(&"w".repeat(100_000));
        assert!(q.starts_with("the 100000-character word \"www"), "{q}");
        assert_eq!(
            q.chars().count(),
            "the 100000-character word \"\"".len() + QUOTED_CHARS + 1
        );
    }

    #[test]
    fn an_overflow_under_a_pixel_is_not_zero() {
        assert_eq!(px(0.04), "0.0");
        assert_eq!(px(0.4), "0.4");
        assert_eq!(px(1.4), "1");
        assert_eq!(px(12.6), "13");
    }

    #[test]
    fn no_metrics_is_not_a_missing_glyph() {
        let text = Overflow::NoMetrics {
            face: "Broken-Regular".into(),
        }
        .describe();
        assert!(text.contains("Broken-Regular"), "{text}");
        assert!(text.contains("no metrics"), "{text}");
        assert!(!text.contains("glyph"), "{text}");
        let text = Overflow::MissingGlyphs {
            chars: vec!['\u{1F6DF}', 'x'],
            face: "NotoSans-Regular".into(),
        }
        .describe();
        assert!(
            text.ends_with("'\u{1f6df}' (U+1F6DF), 'x' (U+0078)"),
            "{text}"
        );
    }

    #[test]
    fn overflows_say_by_how_much() {
        let wide = Overflow::TooWide {
            word: "long".into(),
            width: 250.4,
            room: 200.0,
        };
        assert!(
            wide.describe().ends_with("overflows by 50 px"),
            "{}",
            wide.describe()
        );
        let lines = Overflow::TooManyLines {
            lines: 4,
            max: 3,
            size: 40.0,
        };
        assert!(
            lines.describe().ends_with("by 1 line"),
            "{}",
            lines.describe()
        );
    }

    #[test]
    fn em_spacing_scales_with_the_size() {
        assert_eq!(Spacing::Em(0.05).at(40.0), 2.0);
        assert_eq!(Spacing::Px(3.0).at(40.0), 3.0);
    }
}

/// The bundled fonts, for the unit tests of the stages that set text.
#[cfg(test)]
pub(crate) mod testing {
    use std::path::Path;
    use std::sync::OnceLock;

    use crate::fonts::Fonts;

    /// The regular Noto Sans face of the bundled fonts.
    pub fn regular() -> crate::fonts::FaceId {
        fonts()
            .resolve(&["Noto Sans".to_owned()], 400, false)
            .expect("Noto Sans")
    }

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
