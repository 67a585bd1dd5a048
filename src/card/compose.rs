//! Composing a card's SVG: the template's source with every slot filled,
//! every text laid out, and, for right-to-left languages, the layout
//! mirrored.
//!
//! Text reaches the SVG only through `escape`, as character data, so
//! whatever a message says is drawn as the characters it is.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::campaign::Direction;
use crate::fonts::Fonts;
use crate::layout::{self, Anchor, Block, Rect};
use crate::problem::Problem;
use crate::template::{Edit, Template, TextSlot};

use super::Card;
use super::words::uppercase;

/// Escapes text for XML character data and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 forbids are dropped rather than breaking
            // the document.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Formats a coordinate with at most two decimals, the same on every machine.
pub fn num(v: f32) -> String {
    let s = format!("{:.2}", v);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

/// Right-to-left embedding and its end: usvg lays every line out left to
/// right, so a right-to-left line is embedded at a right-to-left level and
/// the Unicode bidi algorithm orders its words, numbers and Latin runs.
const RLE: char = '\u{202B}';
const PDF: char = '\u{202C}';
const RLM: char = '\u{200F}';

/// The `<text>` element for a laid-out block. `anchor` is the alignment the
/// block was laid out with (already swapped for right-to-left text).
///
/// A line set in one font is one `<tspan>`. A line that mixes fonts (Latin
/// and Arabic, say) is cut into pieces of one font and one direction, put in
/// visual order by the Unicode bidi algorithm, and each piece is placed at
/// its measured position: usvg then shapes every piece on its own, with the
/// face it was measured with.
pub(crate) fn text_element(
    slot: &TextSlot,
    block: &Block,
    anchor: Anchor,
    fonts: &Fonts,
    rtl: bool,
) -> String {
    let mut css: Vec<String> = slot
        .css
        .iter()
        .filter(|(k, _)| k != "text-anchor")
        .map(|(k, v)| format!("{k}:{v}"))
        .collect();
    css.push(format!("font-size:{}px", num(block.size)));
    let anchor_css = match anchor {
        Anchor::Start => "start",
        Anchor::Middle => "middle",
        Anchor::End => "end",
    };
    css.push(format!("text-anchor:{anchor_css}"));
    let mut out = format!(
        "<text{} xml:space=\"preserve\" style=\"{}\">",
        slot.attributes,
        escape(&css.join(";"))
    );
    let spacing = slot.style.letter_spacing.at(block.size);
    for line in &block.lines {
        let y = num(line.baseline);
        if line.runs.len() <= 1 {
            let _ = write!(out, "<tspan x=\"{}\" y=\"{y}\"", num(line.x));
            if let Some(run) = line.runs.first().filter(|r| r.face != slot.style.face) {
                let _ = write!(
                    out,
                    " style=\"font-family:'{}'\"",
                    escape(&fonts.family(run.face))
                );
            }
            out.push('>');
            if rtl {
                out.push(RLE);
            }
            out.push_str(&escape(&line.text));
            if rtl {
                out.push(PDF);
            }
            out.push_str("</tspan>");
            continue;
        }
        let mut x = match anchor {
            Anchor::Start => line.x,
            Anchor::Middle => line.x - line.width / 2.0,
            Anchor::End => line.x - line.width,
        };
        for piece in pieces(&line.text, &line.runs, rtl) {
            let text = &line.text[piece.range.clone()];
            let width = layout::measure(fonts, piece.face, text, block.size, spacing);
            let _ = write!(
                out,
                "<tspan x=\"{}\" y=\"{y}\" style=\"text-anchor:start;font-family:'{}'\">",
                num(x),
                escape(&fonts.family(piece.face))
            );
            if piece.rtl {
                out.push(RLE);
            }
            out.push_str(&escape(text));
            if piece.rtl {
                // A right-to-left mark after the piece keeps its trailing
                // space inside it: the bidi algorithm would otherwise move
                // white space at the end of a line to the paragraph's side.
                out.push(RLM);
                out.push(PDF);
            }
            out.push_str("</tspan>");
            x += width + spacing;
        }
    }
    out.push_str("</text>");
    out
}

/// A piece of a line in one face and one direction.
struct Piece {
    range: std::ops::Range<usize>,
    face: crate::fonts::FaceId,
    rtl: bool,
}

/// Cuts a line into pieces of one font and one bidi level, in visual order
/// from left to right.
fn pieces(text: &str, runs: &[layout::Run], rtl: bool) -> Vec<Piece> {
    use unicode_bidi::{BidiInfo, Level};
    let level = if rtl { Level::rtl() } else { Level::ltr() };
    let bidi = BidiInfo::new(text, Some(level));
    let mut out = Vec::new();
    for para in &bidi.paragraphs {
        let (levels, visual) = bidi.visual_runs(para, para.range.clone());
        for vr in visual {
            let run_rtl = levels[vr.start].is_rtl();
            let mut parts: Vec<Piece> = runs
                .iter()
                .filter(|r| r.end > vr.start && r.start < vr.end)
                .map(|r| Piece {
                    range: r.start.max(vr.start)..r.end.min(vr.end),
                    face: r.face,
                    rtl: run_rtl,
                })
                .collect();
            if run_rtl {
                parts.reverse();
            }
            out.extend(parts);
        }
    }
    out
}

/// What a card's SVG is made from besides the template and the card.
pub struct Assets<'a> {
    pub fonts: &'a Fonts,
    pub colours: &'a BTreeMap<String, String>,
    /// The logo as a `data:` URL, if the campaign has one.
    pub logo: Option<&'a str>,
}

/// Slots a template may leave out even when a message has text for them:
/// the caption and alt text still carry it.
const DROPPABLE: &[&str] = &["kicker", "source"];

/// Fills the template with the card: lays out every text slot and returns
/// the final SVG, or every problem that stops it.
///
/// A right-to-left card on a template without its own `.rtl.svg` variant is
/// mirrored: the artwork is flipped left to right (bars, arrows and the
/// progress bar point the other way), text boxes move to their mirrored
/// places and align to the other side, and the text itself and the logo are
/// drawn unflipped.
pub fn compose(template: &Template, card: &Card, assets: &Assets) -> Result<String, Vec<Problem>> {
    let rtl = card.direction == Direction::Rtl;
    let mirror = rtl && !template.rtl;
    let width = template.format.width as f32;
    let flip = format!("<g transform=\"matrix(-1 0 0 1 {} 0)\">", num(width));
    let mut edits: Vec<Edit> = template
        .removals
        .iter()
        .map(|r| Edit {
            range: r.clone(),
            text: String::new(),
        })
        .collect();
    let mut problems = Vec::new();
    let here = |what: String| {
        Problem::new(card.location.clone(), what)
            .message(&card.message)
            .language(&card.language)
            .format(card.format.name)
            .template(&template.path)
    };
    for (id, text) in &card.slots {
        if !text.trim().is_empty()
            && !template.text_slots.contains_key(*id)
            && !DROPPABLE.contains(id)
        {
            problems.push(
                here(format!(
                    "the message has a {id}, but the template has no `{id}` slot"
                ))
                .slot(id)
                .hint(format!(
                    "add a `{id}` text slot to {}, or remove the {id} from the message",
                    template.path.display()
                )),
            );
        }
    }
    for (id, slot) in &template.text_slots {
        let text = card.slots.get(id.as_str()).map(|s| s.trim()).unwrap_or("");
        if text.is_empty() {
            edits.push(Edit {
                range: slot.range.clone(),
                text: String::new(),
            });
            continue;
        }
        let text = if slot.uppercase {
            uppercase(text, &card.text_language)
        } else {
            text.to_owned()
        };
        let mut style = slot.style.clone();
        let mut bx = slot.bx;
        if rtl {
            // Start and end swap sides in right-to-left text.
            style.anchor = match style.anchor {
                Anchor::Start => Anchor::End,
                Anchor::End => Anchor::Start,
                Anchor::Middle => Anchor::Middle,
            };
        }
        if mirror {
            bx = Rect {
                x: width - bx.x - bx.w,
                ..bx
            };
        }
        match layout::fit(assets.fonts, &text, &style, bx) {
            Ok(block) => {
                let element = text_element(slot, &block, style.anchor, assets.fonts, rtl);
                edits.push(Edit {
                    range: slot.range.clone(),
                    // Flipped back inside the flipped artwork, so it reads.
                    text: if mirror {
                        format!("{flip}{element}</g>")
                    } else {
                        element
                    },
                });
            }
            Err(overflow) => {
                let (what, hint) = match overflow {
                    layout::Overflow::MissingGlyphs { .. } => (
                        format!("the {id} cannot be drawn: {}", overflow.describe()),
                        "add a font that covers these characters to fonts/ and its script to fonts/fonts.yaml, or change the text".to_owned(),
                    ),
                    layout::Overflow::NoMetrics { .. } => (
                        format!("the {id} cannot be drawn: {}", overflow.describe()),
                        "the font file in fonts/ may be damaged: replace it with a TrueType or OpenType file from the font's publisher".to_owned(),
                    ),
                    _ => (
                        format!("the {id} does not fit: {}", overflow.describe()),
                        format!(
                            "shorten the {id} in this language (the caption can carry the full text), or give `{id}-box` more room in the template"
                        ),
                    ),
                };
                problems.push(
                    Problem {
                        location: card.at.get(id.as_str()).unwrap_or(&card.location).clone(),
                        ..here(what)
                    }
                    .slot(id)
                    .hint(hint),
                );
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if let Some(logo) = &template.logo
        && let Some(url) = assets.logo
    {
        edits.extend(logo.drops.iter().cloned());
        edits.push(Edit {
            range: logo.href_at..logo.href_at,
            text: format!(" href=\"{}\"", escape(url)),
        });
        if mirror {
            // The logo moves with the layout but is never drawn mirrored.
            let centre = logo.rect.x + logo.rect.w / 2.0;
            edits.push(Edit {
                range: logo.range.start..logo.range.start,
                text: format!("<g transform=\"matrix(-1 0 0 1 {} 0)\">", num(2.0 * centre)),
            });
            edits.push(Edit {
                range: logo.range.end..logo.range.end,
                text: "</g>".to_owned(),
            });
        }
    }
    if mirror {
        for r in &template.static_texts {
            edits.push(Edit {
                range: r.start..r.start,
                text: flip.clone(),
            });
            edits.push(Edit {
                range: r.end..r.end,
                text: "</g>".to_owned(),
            });
        }
        edits.push(Edit {
            range: template.content.start..template.content.start,
            text: flip.clone(),
        });
        edits.push(Edit {
            range: template.content.end..template.content.end,
            text: "</g>".to_owned(),
        });
    }
    for (name, slot) in &template.colours {
        let Some(colour) = assets.colours.get(name) else {
            continue;
        };
        match &slot.value {
            Ok(r) => edits.push(Edit {
                range: r.clone(),
                text: colour.clone(),
            }),
            Err(at) => edits.push(Edit {
                range: *at..*at,
                text: format!(" stop-color=\"{colour}\""),
            }),
        }
        if let Some((r, kept)) = &slot.style {
            edits.push(Edit {
                range: r.clone(),
                text: escape(kept),
            });
        }
    }
    if let Some((i, n)) = card.slide {
        if let Some((r, full)) = &template.progress {
            edits.push(Edit {
                range: r.clone(),
                text: num(full * i as f32 / n as f32),
            });
        }
        if let Some(at) = template.next
            && i == n
        {
            edits.push(Edit {
                range: at..at,
                text: " display=\"none\"".to_owned(),
            });
        }
    }
    Ok(apply(&template.source, edits))
}

/// Applies edits to a source text. Insertions at one place keep the order
/// they were made in; an edit inside a range already replaced is dropped
/// (the outer edit wins).
fn apply(source: &str, mut edits: Vec<Edit>) -> String {
    // A stable sort keeps insertions at the same place in order.
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(source.len() + 1024);
    let mut pos = 0;
    for e in edits {
        if e.range.start < pos {
            continue;
        }
        out.push_str(&source[pos..e.range.start]);
        out.push_str(&e.text);
        pos = e.range.end;
    }
    out.push_str(&source[pos..]);
    out
}

/// A laid-out block alone on a blank canvas, set exactly as on a card, for
/// checking layout against usvg.
pub fn line_svg(block: &Block, style: &layout::TextStyle, fonts: &Fonts, rtl: bool) -> String {
    let family = (
        "font-family".to_owned(),
        format!("'{}'", fonts.family(style.face)),
    );
    let slot = TextSlot::plain(style.clone(), vec![family]);
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4000\" height=\"1000\">{}</svg>",
        text_element(&slot, block, style.anchor, fonts, rtl)
    )
}
