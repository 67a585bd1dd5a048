//! The files `handbill init` writes, embedded in the binary: one list, by
//! their paths in this repository. The starter's own files are under
//! `starter/`; the templates and fonts are the shipped ones, so the starter
//! never drifts from what handbill is tested with. A unit test keeps this
//! list equal to the files on disk. Nothing here reads or writes a file.

/// One embedded file: its path in the repository and its bytes.
pub struct Embedded {
    pub source: &'static str,
    pub bytes: &'static [u8],
}

/// Embeds each file at its repository path.
macro_rules! embed {
    ($($source:literal),* $(,)?) => {
        &[$(Embedded {
            source: $source,
            bytes: include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/", $source)),
        }),*]
    };
}

/// The folders of the repository the starter takes whole: each file in
/// them must be in [`FILES`], and each file of [`FILES`] is in one of them.
#[cfg(test)]
pub const FOLDERS: &[&str] = &[
    "starter",
    "templates/instagram-square",
    "templates/x",
    "templates/kit",
    "fonts",
];

/// Every file of a new campaign. A path under `starter/` is written
/// without that prefix; the others at the same path.
pub const FILES: &[Embedded] = embed![
    "starter/.gitignore",
    "starter/README.md",
    "starter/messages/campaign.yaml",
    "starter/messages/kit.yaml",
    "starter/messages/logo.svg",
    "starter/messages/public.yaml",
    "templates/instagram-square/call-to-action.svg",
    "templates/instagram-square/carousel.svg",
    "templates/instagram-square/event.svg",
    "templates/instagram-square/quote.svg",
    "templates/instagram-square/statement.svg",
    "templates/instagram-square/statistic.svg",
    "templates/x/call-to-action.svg",
    "templates/x/carousel.svg",
    "templates/x/event.svg",
    "templates/x/quote.svg",
    "templates/x/statement.svg",
    "templates/x/statistic.svg",
    "templates/kit/factsheet.svg",
    "fonts/NotoSans-Bold.ttf",
    "fonts/NotoSans-Italic.ttf",
    "fonts/NotoSans-Regular.ttf",
    "fonts/NotoSansArabic-Bold.ttf",
    "fonts/NotoSansArabic-Regular.ttf",
    "fonts/OFL.txt",
    "fonts/fonts.yaml",
];
