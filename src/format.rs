//! The formats handbill renders: canvas sizes, safe zones and legibility
//! floors, kept in one table with their sources so they are easy to update.

/// Where a format is seen, which sets its legibility floor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Medium {
    /// On a phone or a screen: text scales with the canvas's width.
    Screen,
    /// On paper, read at arm's length: a fixed floor in px.
    Print,
}

/// One output format: a canvas size and the platforms it is published on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Format {
    /// The folder name in `templates/` and `out/`.
    pub name: &'static str,
    pub width: u32,
    pub height: u32,
    /// Pixels at the top and the bottom that must stay free of text.
    pub safe_top: u32,
    pub safe_bottom: u32,
    /// Where cards of this format are published.
    pub platforms: &'static [&'static str],
    pub medium: Medium,
}

/// Every format handbill knows.
///
/// Sources: Instagram and Facebook feed 4:5 portrait and 1:1 square; stories
/// 9:16 with about 14% (250 px) top and bottom kept free of text; X in-stream
/// images 16:9 at 1600×900; Open Graph link previews 1.91:1 at 1200×630, used
/// by Facebook, LinkedIn and X cards.
pub const FORMATS: &[Format] = &[
    Format {
        name: "instagram-portrait",
        width: 1080,
        height: 1350,
        safe_top: 0,
        safe_bottom: 0,
        platforms: &["instagram", "facebook", "linkedin"],
        medium: Medium::Screen,
    },
    Format {
        name: "instagram-3x4",
        width: 1080,
        height: 1440,
        safe_top: 0,
        safe_bottom: 0,
        platforms: &["instagram", "threads"],
        medium: Medium::Screen,
    },
    Format {
        name: "instagram-square",
        width: 1080,
        height: 1080,
        safe_top: 0,
        safe_bottom: 0,
        platforms: &["instagram", "linkedin"],
        medium: Medium::Screen,
    },
    Format {
        name: "story",
        width: 1080,
        height: 1920,
        safe_top: 250,
        safe_bottom: 250,
        platforms: &["instagram-story", "facebook-story"],
        medium: Medium::Screen,
    },
    Format {
        name: "x",
        width: 1600,
        height: 900,
        safe_top: 0,
        safe_bottom: 0,
        platforms: &["x"],
        medium: Medium::Screen,
    },
    Format {
        name: "link-preview",
        width: 1200,
        height: 630,
        safe_top: 0,
        safe_bottom: 0,
        platforms: &["facebook-link", "linkedin-link", "x-card"],
        medium: Medium::Screen,
    },
];

/// The factsheet's canvas: A4 at 96 px per inch. Print is read at arm's
/// length, so its floor is 11 px (8.25 pt), not the phone's.
pub const FACTSHEET: Format = Format {
    name: "factsheet",
    width: 794,
    height: 1123,
    safe_top: 0,
    safe_bottom: 0,
    platforms: &["print", "web"],
    medium: Medium::Print,
};

/// The smallest text on a printed page, in px.
pub const MIN_PRINT_PX: f32 = 11.0;

/// The smallest legible text on a 1080-wide canvas: shown about 360 px wide
/// on a phone, a 33 px line renders at 11 px, the smallest readable size.
pub const MIN_TEXT_PX_AT_1080: f32 = 33.0;

impl Format {
    /// Looks a format up by its name.
    pub fn named(name: &str) -> Option<&'static Format> {
        FORMATS.iter().find(|f| f.name == name)
    }

    /// The legibility floor for this canvas: 33 px scaled by width / 1080.
    pub fn min_text_px(&self) -> f32 {
        match self.medium {
            Medium::Print => MIN_PRINT_PX,
            Medium::Screen => (MIN_TEXT_PX_AT_1080 * self.width as f32 / 1080.0).ceil(),
        }
    }

    /// All format names, for error messages.
    pub fn names() -> String {
        FORMATS
            .iter()
            .map(|f| f.name)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_floor_scales_with_width_on_screens_and_is_fixed_in_print() {
        assert_eq!(
            Format::named("instagram-square")
                .expect("present")
                .min_text_px(),
            33.0
        );
        assert_eq!(Format::named("x").expect("present").min_text_px(), 49.0);
        assert_eq!(FACTSHEET.min_text_px(), MIN_PRINT_PX);
    }
}
