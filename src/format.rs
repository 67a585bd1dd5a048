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
    /// Pixels at each edge that must stay free of text.
    pub safe: Safe,
    /// Where cards of this format are published.
    pub platforms: &'static [&'static str],
    pub medium: Medium,
    /// The most bytes a card's PNG may have, when a campaign's own format
    /// sets it (`budget:`); each platform's own limit is checked besides,
    /// from the platform table.
    pub budget: Option<u64>,
}

/// Pixels at each edge of a canvas that must stay free of text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Safe {
    pub top: u32,
    pub right: u32,
    pub bottom: u32,
    pub left: u32,
}

/// No safe zone: text may reach every edge.
const EDGE: Safe = Safe {
    top: 0,
    right: 0,
    bottom: 0,
    left: 0,
};

/// Every format handbill knows by name.
///
/// Sources (checked for 2026): Instagram, Facebook and Threads feed 4:5
/// portrait, whose profile-grid thumbnail crops it to about 1012×1350
/// around the centre (so 34 px at each side are kept free of text); the
/// Instagram profile grid 3:4 since January 2025; 1:1 square; stories 9:16
/// (also TikTok photo mode and WhatsApp status) with about 14% (250 px)
/// top and bottom kept free of text; X in-stream images 16:9 at 1600×900;
/// Open Graph link previews 1.91:1 at 1200×630, used by Facebook, LinkedIn
/// and X cards. The platforms' file limits are in the platform table
/// (`crate::platform`), checked per platform by `crate::post`; the
/// built-in formats add no budget of their own.
pub const FORMATS: &[Format] = &[
    Format {
        name: "instagram-portrait",
        width: 1080,
        height: 1350,
        safe: Safe {
            left: 34,
            right: 34,
            ..EDGE
        },
        platforms: &["instagram", "facebook", "threads", "linkedin"],
        medium: Medium::Screen,
        budget: None,
    },
    Format {
        name: "instagram-3x4",
        width: 1080,
        height: 1440,
        safe: EDGE,
        platforms: &["instagram", "threads"],
        medium: Medium::Screen,
        budget: None,
    },
    Format {
        name: "instagram-square",
        width: 1080,
        height: 1080,
        safe: EDGE,
        platforms: &["instagram", "linkedin"],
        medium: Medium::Screen,
        budget: None,
    },
    Format {
        name: "story",
        width: 1080,
        height: 1920,
        safe: Safe {
            top: 250,
            bottom: 250,
            ..EDGE
        },
        platforms: &[
            "instagram-story",
            "facebook-story",
            "tiktok-photo",
            "whatsapp-status",
        ],
        medium: Medium::Screen,
        budget: None,
    },
    Format {
        name: "x",
        width: 1600,
        height: 900,
        safe: EDGE,
        platforms: &["x"],
        medium: Medium::Screen,
        budget: None,
    },
    Format {
        name: "link-preview",
        width: 1200,
        height: 630,
        safe: EDGE,
        platforms: &["facebook-link", "linkedin-link", "x-card"],
        medium: Medium::Screen,
        budget: None,
    },
];

/// The factsheet's canvas: A4 at 96 px per inch. Print is read at arm's
/// length, so its floor is 11 px (8.25 pt), not the phone's.
pub const FACTSHEET: Format = Format {
    name: "factsheet",
    width: 794,
    height: 1123,
    safe: EDGE,
    platforms: &["print", "web"],
    medium: Medium::Print,
    budget: None,
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
