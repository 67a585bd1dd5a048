//! How a text slot sets its text: the face, the largest and smallest size,
//! the line height (`data-line-height`, else the style's `line-height`),
//! and the `data-*` settings (vertical alignment, line limit), read from
//! the slot's computed style and attributes into a `TextStyle`.
//!
//! Each value is parsed by a small pure function; a value that does not
//! parse is a problem at the slot, and the setting falls back to its
//! default so the other settings are still checked. Nothing here lays out
//! text.

use super::SlotNodes;
use super::style::{get, number};
use crate::compose::num;
use crate::fonts::{FaceId, Fonts};
use crate::layout::{Anchor, Spacing, TextStyle, VAlign};
use crate::template::reader::Reader;

/// The distance between baselines when a slot does not say.
const LINE_HEIGHT: f32 = 1.2;

/// The slot's `TextStyle`, or `None` when it has no face or size to set
/// text in.
/// `scale` is how many canvas pixels a unit of the text's coordinates is:
/// the legibility floor holds for the size drawn on the canvas.
pub(super) fn text_style(
    r: &mut Reader,
    slot: &SlotNodes,
    css: &[(String, String)],
    scale: f32,
) -> Option<TextStyle> {
    // The face usvg will draw the slot's text in.
    let face = face(r, slot, css)?;
    // The largest size, and the smallest the text may shrink to.
    let max_size = max_size(r, slot, css)?;
    let min_size = min_size(r, slot, max_size, scale);
    // The data-* settings.
    let line_height = line_height(r, slot, css, max_size);
    let valign = valign(r, slot);
    let max_lines = max_lines(r, slot);
    // Alignment and letter spacing from the style.
    let anchor = anchor(get(css, "text-anchor").unwrap_or("start"));
    let letter_spacing = letter_spacing(r, slot, css, max_size);
    check_word_spacing(r, slot, css);
    Some(TextStyle {
        face,
        max_size,
        min_size,
        line_height,
        letter_spacing,
        anchor,
        valign,
        max_lines,
    })
}

/// The bundled face that `font-family`, `font-weight` and `font-style`
/// name, found the way usvg finds it.
fn face(r: &mut Reader, slot: &SlotNodes, css: &[(String, String)]) -> Option<FaceId> {
    let family = get(css, "font-family").unwrap_or("Noto Sans");
    let weight = weight(get(css, "font-weight").unwrap_or("normal"));
    let italic = matches!(get(css, "font-style"), Some("italic" | "oblique"));
    let names = families(family);
    let face = r.fonts.resolve(&names, weight, italic);
    if face.is_none() {
        let hint = format!(
            "use one of the bundled families: {}",
            r.fonts.family_names().join(", ")
        );
        slot.report(
            r,
            slot.text,
            format!(
                "no font in fonts/ matches font-family `{}`",
                names.join(", ")
            ),
            hint,
        );
    }
    face
}

/// A `font-family` list's names, without quotes.
fn families(family: &str) -> Vec<String> {
    family
        .split(',')
        .map(|f| f.trim().trim_matches(['\'', '"']).to_owned())
        .filter(|f| !f.is_empty())
        .collect()
}

/// Illustrator names a font by its PostScript name (`'NotoSans-Bold'`)
/// where CSS names a family. A single name that is no bundled family but a
/// bundled face's PostScript name becomes that face's family, weight and
/// style, so layout and the renderer find the face the designer chose.
pub(super) fn postscript_names(fonts: &Fonts, css: &mut Vec<(String, String)>) {
    let Some(family) = get(css, "font-family") else {
        return;
    };
    let [name] = families(family).try_into().unwrap_or_default();
    let Some((family, weight, italic)) = fonts.by_postscript_name(&name) else {
        return;
    };
    css.retain(|(k, _)| !matches!(k.as_str(), "font-family" | "font-weight" | "font-style"));
    css.push(("font-family".to_owned(), format!("'{family}'")));
    css.push(("font-weight".to_owned(), weight.to_string()));
    css.push((
        "font-style".to_owned(),
        if italic { "italic" } else { "normal" }.to_owned(),
    ));
}

/// A `font-weight` as a number; one handbill cannot read is normal.
fn weight(w: &str) -> u16 {
    match w {
        "normal" => 400,
        "bold" | "bolder" => 700,
        "lighter" => 300,
        w => w.parse().unwrap_or(400),
    }
}

/// The slot's `font-size`: the largest size its text takes, at most the
/// canvas's height (a line taller than the card can never be seen).
fn max_size(r: &mut Reader, slot: &SlotNodes, css: &[(String, String)]) -> Option<f32> {
    let size = get(css, "font-size").and_then(number).filter(|&s| s > 0.0);
    let Some(size) = size else {
        slot.report(
            r,
            slot.text,
            format!("the `{}` slot has no font-size in px", slot.id),
            "set font-size to the largest size the text may take, e.g. font-size=\"72\"",
        );
        return None;
    };
    let limit = r.format.height as f32;
    if !within(size, limit) {
        let what = format!(
            "font-size {size} px is taller than the {} canvas ({limit} px)",
            r.format.name
        );
        let hint = "set font-size to the largest size the text may take, e.g. font-size=\"72\"";
        slot.report(r, slot.text, what, hint);
        return None;
    }
    Some(size)
}

/// Whether a font size is finite and at most the limit.
fn within(size: f32, limit: f32) -> bool {
    size.is_finite() && size <= limit
}

/// `data-min-size`, never under the format's legibility floor, and the
/// checks that the largest size is at least both. Sizes are in the text's
/// own coordinates; the floor holds for the size drawn on the canvas, so in
/// a group scaled by `scale` it is the floor divided by `scale`.
fn min_size(r: &mut Reader, slot: &SlotNodes, max_size: f32, scale: f32) -> f32 {
    let format = r.format;
    let (canvas_floor, floor) = (format.min_text_px(), format.min_text_px() / scale);
    let (at, f) = (num(canvas_floor), num(floor));
    let min_size = match slot.text.attribute("data-min-size") {
        None => floor.min(max_size),
        Some(v) => match number(v) {
            Some(s) if s >= floor => s,
            Some(s) => {
                slot.report(r, slot.text, format!("data-min-size is {s} px{}, under the legibility floor of {at} px for {}", drawn(s, scale), format.name),
                    format!("a line under {at} px is illegible on a phone at this canvas width; set data-min-size to {f} or more"));
                floor
            }
            None => {
                slot.report(
                    r,
                    slot.text,
                    format!("data-min-size {v:?} is not a number"),
                    "write it in px, e.g. data-min-size=\"40\"",
                );
                floor
            }
        },
    };
    if max_size < floor {
        let what = format!(
            "font-size {max_size} px{} is under the legibility floor of {at} px for {}",
            drawn(max_size, scale),
            format.name
        );
        let hint = format!("set the slot's font-size to at least {f}");
        slot.report(r, slot.text, what, hint);
    }
    if max_size < min_size {
        slot.report(
            r,
            slot.text,
            format!("font-size {max_size} is smaller than data-min-size {min_size}"),
            "font-size is the largest size; make it at least data-min-size",
        );
    }
    min_size
}

/// How a size in a scaled group is drawn on the canvas, for a problem;
/// nothing when the group does not scale it.
fn drawn(size: f32, scale: f32) -> String {
    if (scale - 1.0).abs() < 1e-4 {
        return String::new();
    }
    format!(
        " (drawn at {} px: the groups around it scale it by {})",
        num(size * scale),
        num(scale)
    )
}

/// The distance between baselines, a multiple of the size from 0.8 to 3:
/// `data-line-height` when set, else the style's `line-height` (Inkscape
/// writes it), else 1.2.
fn line_height(r: &mut Reader, slot: &SlotNodes, css: &[(String, String)], size: f32) -> f32 {
    if let Some(v) = slot.text.attribute("data-line-height") {
        return parse_line_height(v).unwrap_or_else(|| {
            slot.report(
                r,
                slot.text,
                "data-line-height must be a number from 0.8 to 3",
                "write the distance between baselines as a multiple of the size, e.g. 1.2",
            );
            LINE_HEIGHT
        });
    }
    let Some(v) = get(css, "line-height") else {
        return LINE_HEIGHT;
    };
    css_line_height(v, size).unwrap_or_else(|| {
        slot.report(
            r,
            slot.text,
            format!("line-height {v:?} is not from 0.8 to 3 times the font size"),
            "write it as a multiple (1.2), a percentage (120%) or in px; or set data-line-height, which wins",
        );
        LINE_HEIGHT
    })
}

fn parse_line_height(v: &str) -> Option<f32> {
    v.parse::<f32>().ok().filter(|v| (0.8..=3.0).contains(v))
}

/// A CSS `line-height` as a multiple of `size`: `normal`, a number, a
/// percentage, em, or a length in px or pt.
fn css_line_height(v: &str, size: f32) -> Option<f32> {
    let v = v.trim();
    let multiple = if v == "normal" {
        LINE_HEIGHT
    } else if let Some(p) = v.strip_suffix('%') {
        p.trim().parse::<f32>().ok()? / 100.0
    } else if let Some(em) = v.strip_suffix("em") {
        em.trim().parse::<f32>().ok()?
    } else if v.ends_with("px") || v.ends_with("pt") {
        number(v)? / size
    } else {
        v.parse::<f32>().ok()?
    };
    Some(multiple).filter(|m| (0.8..=3.0).contains(m))
}

/// `data-valign`: where the block sits in its box.
fn valign(r: &mut Reader, slot: &SlotNodes) -> VAlign {
    let v = slot.text.attribute("data-valign").unwrap_or("top");
    parse_valign(v).unwrap_or_else(|| {
        slot.report(
            r,
            slot.text,
            format!("data-valign {v:?} is not top, middle or bottom"),
            "use top, middle or bottom",
        );
        VAlign::Top
    })
}

fn parse_valign(v: &str) -> Option<VAlign> {
    match v {
        "top" => Some(VAlign::Top),
        "middle" => Some(VAlign::Middle),
        "bottom" => Some(VAlign::Bottom),
        _ => None,
    }
}

/// `data-max-lines`: how many lines the slot allows, if it limits them.
fn max_lines(r: &mut Reader, slot: &SlotNodes) -> Option<usize> {
    let v = slot.text.attribute("data-max-lines")?;
    let n = v.parse::<usize>().ok().filter(|&n| n > 0);
    if n.is_none() {
        slot.report(
            r,
            slot.text,
            format!("data-max-lines {v:?} is not a positive whole number"),
            "e.g. data-max-lines=\"3\"",
        );
    }
    n
}

/// `text-anchor`; anything but middle and end is start.
fn anchor(v: &str) -> Anchor {
    match v {
        "middle" => Anchor::Middle,
        "end" => Anchor::End,
        _ => Anchor::Start,
    }
}

/// The letter spacing a slot may have, in em: from tightly set (a tenth
/// of the size less) to widely tracked capitals (the size itself more).
/// Beyond, letters overlap into a blot or fly off the card.
const SPACING_EM: std::ops::RangeInclusive<f32> = -0.1..=1.0;

/// `letter-spacing`, in px or em, within [`SPACING_EM`] at the largest size.
fn letter_spacing(
    r: &mut Reader,
    slot: &SlotNodes,
    css: &[(String, String)],
    max_size: f32,
) -> Spacing {
    let v = get(css, "letter-spacing").unwrap_or("normal");
    let Some(spacing) = parse_spacing(v) else {
        slot.report(
            r,
            slot.text,
            format!("letter-spacing {v:?} is not in px or em"),
            "e.g. letter-spacing=\"2\" or 0.05em",
        );
        return Spacing::Px(0.0);
    };
    if !SPACING_EM.contains(&(spacing.at(max_size) / max_size)) {
        let what = format!(
            "letter-spacing {v:?} is outside -0.1em to 1em of the font-size ({max_size} px)"
        );
        slot.report(
            r,
            slot.text,
            what,
            "track letters by a fraction of the size, e.g. letter-spacing=\"0.05em\"",
        );
    }
    spacing
}

/// `word-spacing` other than normal: handbill does not lay it out, so the
/// card would draw wider lines than it measured.
fn check_word_spacing(r: &mut Reader, slot: &SlotNodes, css: &[(String, String)]) {
    let Some(v) = get(css, "word-spacing") else {
        return;
    };
    if v == "normal" || number(v) == Some(0.0) {
        return;
    }
    let what = format!("word-spacing {v:?}: handbill does not lay out word spacing");
    slot.report(
        r,
        slot.text,
        what,
        "remove word-spacing from the text slot; letter-spacing is laid out",
    );
}

fn parse_spacing(v: &str) -> Option<Spacing> {
    if v == "normal" {
        return Some(Spacing::Px(0.0));
    }
    match v.strip_suffix("em").map(|n| n.trim().parse::<f32>()) {
        Some(Ok(em)) => Some(Spacing::Em(em)),
        _ => number(v).map(Spacing::Px),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_family_list_loses_its_quotes_and_empty_names() {
        assert_eq!(
            families(" 'Noto Sans', \"Noto Sans Arabic\",,sans-serif "),
            ["Noto Sans", "Noto Sans Arabic", "sans-serif"]
        );
        assert!(families(" , ").is_empty());
    }

    #[test]
    fn a_font_size_is_at_most_the_limit_and_finite() {
        assert!(within(1080.0, 1080.0));
        assert!(!within(1081.0, 1080.0));
        assert!(!within(1e9, 1080.0));
        assert!(!within(f32::INFINITY, 1080.0));
    }

    #[test]
    fn weights_by_name_and_number() {
        assert_eq!(weight("normal"), 400);
        assert_eq!(weight("bold"), 700);
        assert_eq!(weight("bolder"), 700);
        assert_eq!(weight("lighter"), 300);
        assert_eq!(weight("600"), 600);
        assert_eq!(weight("heavy"), 400);
    }

    #[test]
    fn a_postscript_name_becomes_its_family_weight_and_style() {
        let fonts = crate::layout::testing::fonts();
        let decl = |family: &str| vec![("font-family".to_owned(), family.to_owned())];
        let mut css = decl("'NotoSans-Bold'");
        postscript_names(fonts, &mut css);
        assert_eq!(get(&css, "font-family"), Some("'Noto Sans'"));
        assert_eq!(get(&css, "font-weight"), Some("700"));
        assert_eq!(get(&css, "font-style"), Some("normal"));
        for kept in ["'Noto Sans'", "NotoSans-Bold, serif", "Nonesuch-Bold"] {
            let mut css = decl(kept);
            postscript_names(fonts, &mut css);
            assert_eq!(css, decl(kept));
        }
    }

    #[test]
    fn a_css_line_height_is_read_in_every_unit_inkscape_writes() {
        assert_eq!(css_line_height("1.25", 40.0), Some(1.25));
        assert_eq!(css_line_height("125%", 40.0), Some(1.25));
        assert_eq!(css_line_height("1.5em", 40.0), Some(1.5));
        assert_eq!(css_line_height("60px", 40.0), Some(1.5));
        assert_eq!(css_line_height("normal", 40.0), Some(LINE_HEIGHT));
        assert_eq!(css_line_height("0", 40.0), None);
        assert_eq!(css_line_height("400px", 40.0), None);
        assert_eq!(css_line_height("tall", 40.0), None);
    }

    #[test]
    fn line_height_is_kept_between_0_8_and_3() {
        assert_eq!(parse_line_height("1.5"), Some(1.5));
        assert_eq!(parse_line_height("0.8"), Some(0.8));
        assert_eq!(parse_line_height("3"), Some(3.0));
        assert_eq!(parse_line_height("0.5"), None);
        assert_eq!(parse_line_height("3.01"), None);
        assert_eq!(parse_line_height("NaN"), None);
        assert_eq!(parse_line_height("120%"), None);
    }

    #[test]
    fn valign_reads_three_words() {
        assert_eq!(parse_valign("middle"), Some(VAlign::Middle));
        assert_eq!(parse_valign("bottom"), Some(VAlign::Bottom));
        assert_eq!(parse_valign("top"), Some(VAlign::Top));
        assert_eq!(parse_valign("center"), None);
    }

    #[test]
    fn anchor_defaults_to_start() {
        assert_eq!(anchor("middle"), Anchor::Middle);
        assert_eq!(anchor("end"), Anchor::End);
        assert_eq!(anchor("inherit"), Anchor::Start);
    }

    #[test]
    fn letter_spacing_in_em_px_pt_or_normal() {
        assert_eq!(parse_spacing("normal"), Some(Spacing::Px(0.0)));
        assert_eq!(parse_spacing("0.05em"), Some(Spacing::Em(0.05)));
        assert_eq!(parse_spacing("0.05 em"), Some(Spacing::Em(0.05)));
        assert_eq!(parse_spacing("2"), Some(Spacing::Px(2.0)));
        assert_eq!(parse_spacing("3pt"), Some(Spacing::Px(4.0)));
        assert_eq!(parse_spacing("wide"), None);
        assert_eq!(parse_spacing("xem"), None);
    }
}
