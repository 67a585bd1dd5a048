//! Fuzzes the template resolver with the input as a template's SVG source.
//! The format is the one whose canvas the source names (instagram-square
//! when none), and the source is resolved for every kind of card, drawn
//! left to right or, when the input's length is odd, right to left.
//! Problems are fine; a panic or a hang is not.
#![no_main]

use std::path::Path;

use handbill::campaign::Direction;
use handbill::format::{FORMATS, Format};
use handbill::kind::KINDS;
use handbill::template::{self, Needs};
use handbill_fuzz::fonts;
use libfuzzer_sys::fuzz_target;

/// The format whose canvas the source names, so that mutations of a shipped
/// template keep reaching past the canvas check.
fn format_of(source: &str) -> &'static Format {
    FORMATS
        .iter()
        .find(|f| {
            source.contains(&format!("width=\"{}\"", f.width))
                && source.contains(&format!("height=\"{}\"", f.height))
        })
        .unwrap_or(&FORMATS[1])
}

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let format = format_of(source);
    let direction = if data.len() % 2 == 1 {
        Direction::Rtl
    } else {
        Direction::Ltr
    };
    let path = Path::new("templates/fuzzed.svg");
    for kind in KINDS {
        let needs = Needs::card(kind, direction);
        let _ = template::resolve(path, source.to_owned(), format, &needs, fonts());
    }
});
