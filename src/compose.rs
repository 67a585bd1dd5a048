//! Composing a card's SVG: the template's source with every slot filled,
//! every text laid out, and, for right-to-left languages, the layout
//! mirrored.
//!
//! Text reaches the SVG only through `escape`, as character data, so
//! whatever a message says is drawn as the characters it is.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::ops::Range;

use crate::campaign::{Direction, Words};
use crate::fonts::Fonts;
use crate::kind::Kind;
use crate::layout::{self, Anchor, Block, Breaking, Rect};
use crate::legibility;
use crate::problem::{Context, Location, Problem, code};
use crate::template::{Edit, Layers, Template, TextSlot};
use crate::typography::uppercase;
use resvg::usvg::Transform;

/// What to set into a template: each slot's text, and how to set it. A
/// card makes one from its message; the press kit's factsheet makes one
/// from the kit's facts.
pub struct Fill<'a> {
    /// Slot id → text.
    pub texts: &'a BTreeMap<&'static str, String>,
    /// The language of the words, for capitals.
    pub language: &'a str,
    pub direction: Direction,
    /// For carousels: this slide's number (from 1) and the count.
    pub slide: Option<(usize, usize)>,
    /// The card's kind, which says which slots a template may leave out.
    pub kind: Option<&'static Kind>,
    /// Where each slot's text is written, when known, and where the whole
    /// is: problems point there.
    pub at: &'a BTreeMap<&'static str, Location>,
    pub location: &'a Location,
    /// The message, language and format, for problems.
    pub context: Context,
    /// The card's photo, if its message has one.
    pub photo: Option<&'a crate::photo::CardPhoto<'a>>,
}

impl Fill<'_> {
    /// A slot's text: the card's own, or its photo's credit.
    fn text(&self, id: &str) -> &str {
        match (self.texts.get(id), self.photo) {
            (Some(text), _) => text,
            (None, Some(p)) if id == crate::photo::CREDIT_SLOT => &p.credit,
            (None, _) => "",
        }
    }
}

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
pub fn text_element(
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
    /// The words handbill writes itself and the languages' rules.
    pub words: &'a Words,
}

/// A slot whose text is set below the size its template gives it.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Smaller {
    pub template: std::path::PathBuf,
    pub slot: String,
    pub size: f32,
    pub template_size: f32,
    /// Why the template's size did not fit.
    pub why: layout::Overflow,
}

impl Smaller {
    /// One sentence: the slot, its size and the template's, and why.
    pub fn describe(&self) -> String {
        let (slot, at) = (&self.slot, num(self.template_size));
        let why = match &self.why {
            layout::Overflow::TooTall { height, room, .. } => {
                format!("at {at} px its lines are {height:.0} px high and the box {room:.0} px")
            }
            layout::Overflow::TooWide { width, room, .. } => {
                format!("at {at} px a word is {width:.0} px wide and the box {room:.0} px")
            }
            layout::Overflow::TooManyLines { lines, max, .. } => {
                format!("at {at} px it needs {lines} lines and the slot allows {max}")
            }
            _ => format!("it does not fit the box at {at} px"),
        };
        format!(
            "slot {slot} set at {} px, not {at} px ({why})",
            num(self.size)
        )
    }
}

/// A card's SVG, its slots set below their template's size, and what
/// measuring its legibility needs: the same card without its texts and
/// logo (its backdrop), and where each line and the logo are drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct Composed {
    pub svg: String,
    pub smaller: Vec<Smaller>,
    pub backdrop: String,
    /// The card in two layers, when its template allows (see
    /// `template::layers`) and it is not mirrored.
    pub layered: Option<Layered>,
    pub regions: legibility::Regions,
    /// Each text slot as the fitter set it, for `render --debug`.
    pub slots: Vec<SetSlot>,
}

/// A card as two SVGs that give its pixels when `over` is drawn over
/// `under`: the artwork under the first slot, shared by every card with the
/// same artwork, and the slots with the artwork that follows them.
#[derive(Clone, Debug, PartialEq)]
pub struct Layered {
    pub under: String,
    pub over: String,
}

/// A text slot as the fitter set it: its box, its lines and their sizes,
/// in the coordinates the lines are written in, and the way from there to
/// the canvas. The numbers the layout used, kept for drawing them.
#[derive(Clone, Debug, PartialEq)]
pub struct SetSlot {
    pub id: String,
    /// The box the text was fitted to (moved to its mirrored place on a
    /// mirrored card).
    pub bx: Rect,
    /// From the lines' coordinates to the canvas: the slot's groups and
    /// its own transform, and the flips of a mirrored card.
    pub to_canvas: Transform,
    /// How the lines align to their `x` (swapped on right-to-left cards).
    pub anchor: Anchor,
    /// The size the fitter chose, and the template's.
    pub size: f32,
    pub template_size: f32,
    /// The size on the canvas: `size` times the scale of the groups.
    pub px: f32,
    pub lines: Vec<layout::Line>,
}

/// Fills the template with the card: the final SVG, or every problem that
/// stops it (see [`composed`]).
pub fn compose(template: &Template, card: &Fill, assets: &Assets) -> Result<String, Vec<Problem>> {
    composed(template, card, assets).map(|c| c.svg)
}

/// Fills the template with the card: lays out every text slot and returns
/// the final SVG, its backdrop and the slots set smaller than their
/// template's size, or every problem that stops it.
///
/// A right-to-left card on a template without its own `.rtl.svg` variant is
/// mirrored: the artwork is flipped left to right (bars, arrows and the
/// progress bar point the other way), text boxes move to their mirrored
/// places and align to the other side, and the text itself and the logo are
/// drawn unflipped.
pub fn composed(
    template: &Template,
    card: &Fill,
    assets: &Assets,
) -> Result<Composed, Vec<Problem>> {
    let mirror = card.direction == Direction::Rtl && template.direction == Direction::Ltr;
    // Template-only elements (boxes) go.
    let removals: Vec<Edit> = template.removals.iter().map(|r| replace(r, "")).collect();
    // Every text slot laid out, or every problem that stops the card.
    let texts = set_texts(template, card, assets, mirror)?;
    // The logo, embedded, moved with the layout but never mirrored.
    let logo = place_logo(template, assets.logo, mirror);
    let artwork = artwork(template, card, assets, mirror).map_err(|p| vec![p])?;
    // The backdrop: the same card, its texts and logo taken out.
    let backdrop = [removals.clone(), hide(template), artwork.clone()].concat();
    let regions = legibility::Regions {
        lines: texts.lines,
        logo: logo_region(template, assets.logo, mirror),
    };
    let slots = texts.slots;
    // The card in two layers, when its template splits.
    let layered = (template.layers.as_ref())
        .filter(|_| !mirror)
        .map(|layers| {
            let slots = [&texts.edits[..], &logo].concat();
            two_layers(template, layers, &removals, slots, &artwork)
        });
    Ok(Composed {
        svg: apply(
            &template.source,
            [removals, texts.edits, logo, artwork].concat(),
        ),
        smaller: texts.smaller,
        backdrop: apply(&template.source, backdrop),
        layered,
        regions,
        slots,
    })
}

/// The card's two layers: under, the artwork before the first slot; over,
/// the slots and the artwork after them. Each hides the other's elements,
/// and takes only the artwork's edits outside them (the swatches' colours,
/// in `<defs>`, go to both).
fn two_layers(
    template: &Template,
    layers: &Layers,
    removals: &[Edit],
    slots: Vec<Edit>,
    artwork: &[Edit],
) -> Layered {
    let slot_ranges = hide(template).into_iter().map(|e| e.range);
    let not_under: Vec<Range<usize>> = layers.over.iter().cloned().chain(slot_ranges).collect();
    let under = [removals, &hidden(&not_under), &outside(artwork, &not_under)];
    let over = [
        removals,
        &slots,
        &hidden(&layers.under),
        &outside(artwork, &layers.under),
    ];
    Layered {
        under: apply(&template.source, under.concat()),
        over: apply(&template.source, over.concat()),
    }
}

/// Edits that hide each of `ranges`.
fn hidden(ranges: &[Range<usize>]) -> Vec<Edit> {
    ranges.iter().map(|r| replace(r, "")).collect()
}

/// The edits that change nothing inside any of `ranges`.
fn outside(edits: &[Edit], ranges: &[Range<usize>]) -> Vec<Edit> {
    let inside =
        |e: &Edit| (ranges.iter()).any(|r| r.start <= e.range.start && e.range.end <= r.end);
    edits.iter().filter(|e| !inside(e)).cloned().collect()
}

/// The edits of everything but the texts and the logo.
fn artwork(
    template: &Template,
    card: &Fill,
    assets: &Assets,
    mirror: bool,
) -> Result<Vec<Edit>, Problem> {
    // The photo, cropped for its slot, likewise; or the slot removed.
    let mut edits = crate::photo::edits(template, card, mirror)?;
    // The artwork flipped for a right-to-left card without its own variant;
    // raster images and elements marked to keep their place flipped back.
    if mirror {
        edits.extend(mirror_artwork(template));
        edits.extend(crate::photo::unmirror(template));
    }
    // Brand colours into the swatches.
    edits.extend(paint(template, assets.colours));
    // A carousel's progress bar and "next" cue.
    edits.extend(card.slide.into_iter().flat_map(|s| progress(template, s)));
    Ok(edits)
}

/// Edits that take out every text slot and the logo.
fn hide(template: &Template) -> Vec<Edit> {
    let texts = template.text_slots.values().map(|s| replace(&s.range, ""));
    let logo = template.logo.iter().map(|l| replace(&l.range, ""));
    texts.chain(logo).collect()
}

/// Where the logo is drawn on the canvas: its box, mirrored with the
/// layout on a mirrored card.
fn logo_region(template: &Template, url: Option<&str>, mirror: bool) -> Option<Rect> {
    let (logo, _) = (template.logo.as_ref()?, url?);
    let width = template.format.width as f32;
    Some(match mirror {
        true => Rect {
            x: width - logo.rect.x - logo.rect.w,
            ..logo.rect
        },
        false => logo.rect,
    })
}

/// An edit replacing a range.
fn replace(range: &std::ops::Range<usize>, text: &str) -> Edit {
    Edit {
        range: range.clone(),
        text: text.to_owned(),
    }
}

/// An edit inserting text at a place.
fn insert(at: usize, text: String) -> Edit {
    Edit {
        range: at..at,
        text,
    }
}

/// The group that flips what it holds left to right across the canvas.
fn flip(template: &Template) -> String {
    let width = template.format.width as f32;
    format!("<g transform=\"matrix(-1 0 0 1 {} 0)\">", num(width))
}

/// Every text slot set: the edits, the slots set below their template's
/// size, and where each line is drawn.
struct Texts {
    edits: Vec<Edit>,
    smaller: Vec<Smaller>,
    lines: Vec<legibility::Line>,
    slots: Vec<SetSlot>,
}

/// Lays out every text slot, noting those set below their template's
/// size; a text the template has no slot for, one that does not fit, or one
/// the fonts cannot draw is a problem.
fn set_texts(
    template: &Template,
    card: &Fill,
    assets: &Assets,
    mirror: bool,
) -> Result<Texts, Vec<Problem>> {
    let here = |what: String| {
        Problem {
            context: card.context.clone(),
            ..Problem::new(card.location.clone(), what)
        }
        .template(&template.path)
    };
    let mut problems = unused_texts(template, card, &here);
    let mut texts = Texts {
        edits: Vec::new(),
        smaller: Vec::new(),
        lines: Vec::new(),
        slots: Vec::new(),
    };
    for (id, slot) in &template.text_slots {
        let text = card.text(id).trim();
        if text.is_empty() {
            texts.edits.push(replace(&slot.range, ""));
            continue;
        }
        match set_text(template, slot, text, card, assets, mirror) {
            Ok(set) => {
                texts.edits.push(set.edit);
                texts.smaller.extend(set.smaller);
                texts.lines.extend(set.lines);
                texts.slots.push(set.slot);
            }
            Err(overflow) => problems.push(overflow_problem(id, &overflow, card, &here)),
        }
    }
    if problems.is_empty() {
        Ok(texts)
    } else {
        Err(problems)
    }
}

/// Texts the card has but the template has no slot for, unless the kind
/// lets a template leave that slot out.
fn unused_texts(
    template: &Template,
    card: &Fill,
    here: &dyn Fn(String) -> Problem,
) -> Vec<Problem> {
    let dropped = |id: &str| card.kind.is_some_and(|k| k.may_drop(id));
    card.texts
        .iter()
        .filter(|(id, text)| {
            !text.trim().is_empty() && !template.text_slots.contains_key(**id) && !dropped(id)
        })
        .map(|(id, _)| {
            here(format!(
                "the message has a {id}, but the template has no `{id}` slot"
            ))
            .slot(id)
            .hint(format!(
                "add a `{id}` text slot to {}, or remove the {id} from the message",
                template.path.display()
            ))
        })
        .collect()
}

/// One slot's text set: the edit of the template, whether it is set below
/// its template's size, and where its lines are drawn.
struct Set {
    edit: Edit,
    smaller: Option<Smaller>,
    lines: Vec<legibility::Line>,
    slot: SetSlot,
}

/// One slot's text laid out in its box, as an edit of the template.
fn set_text(
    template: &Template,
    slot: &TextSlot,
    text: &str,
    card: &Fill,
    assets: &Assets,
    mirror: bool,
) -> Result<Set, layout::Overflow> {
    let fonts = assets.fonts;
    let rtl = card.direction == Direction::Rtl;
    let text = match slot.uppercase {
        true => uppercase(text, card.language),
        false => text.to_owned(),
    };
    let mut style = slot.style.clone();
    if rtl {
        // Start and end swap sides in right-to-left text.
        style.anchor = match style.anchor {
            Anchor::Start => Anchor::End,
            Anchor::End => Anchor::Start,
            Anchor::Middle => Anchor::Middle,
        };
    }
    let mut bx = slot.bx;
    if mirror {
        let width = template.format.width as f32;
        bx = Rect {
            x: width - bx.x - bx.w,
            ..bx
        };
    }
    let breaking = Breaking {
        short_words: assets.words.short_words(card.language),
        joins_previous: assets.words.joins_previous(card.language),
        display: crate::kind::is_display(&slot.id),
    };
    let fitted = layout::fit_by_ink(fonts, &text, &style, bx, breaking)?;
    let block = &fitted.block;
    let element = text_element(slot, block, style.anchor, fonts, rtl);
    // Flipped back inside the flipped artwork, so it reads: in the text's
    // own coordinates, so a turned slot turns the other way, unflipped.
    let element = match mirror {
        true => format!("{}{element}</g>", flip(template)),
        false => element,
    };
    // Inside the text's own transform, when it turns or scales the lines.
    let element = match &slot.frame {
        Some(t) => format!("<g transform=\"{}\">{element}</g>", escape(t)),
        None => element,
    };
    let smaller = fitted.smaller.map(|why| Smaller {
        template: template.path.clone(),
        slot: slot.id.clone(),
        size: block.size,
        template_size: fitted.template_size,
        why,
    });
    let drawn = Drawn {
        template,
        slot,
        anchor: style.anchor,
        mirror,
    };
    let to_canvas = drawn.to_canvas();
    Ok(Set {
        edit: replace(&slot.range, &element),
        smaller,
        lines: drawn.lines(block, fonts),
        slot: SetSlot {
            id: slot.id.clone(),
            bx,
            to_canvas,
            anchor: style.anchor,
            size: block.size,
            template_size: fitted.template_size,
            px: block.size * scale_of(to_canvas),
            lines: block.lines.clone(),
        },
    })
}

/// A slot as it is drawn: its lines' alignment, and whether the card is
/// mirrored.
struct Drawn<'a> {
    template: &'a Template,
    slot: &'a TextSlot,
    anchor: Anchor,
    mirror: bool,
}

impl Drawn<'_> {
    /// Each line of a block, where its ink may be on the canvas, and its
    /// size there.
    ///
    /// A line reaches from its anchor across its width (a tenth of the size
    /// more each side, for overhanging glyphs), and from the font's
    /// ascender above its baseline to its descender below; where the lines
    /// are closer than that, the gap between two baselines is shared in
    /// the ratio of descender to ascender.
    fn lines(&self, block: &Block, fonts: &Fonts) -> Vec<legibility::Line> {
        let to_canvas = self.to_canvas();
        let px = block.size * scale_of(to_canvas);
        let face = self.slot.style.face;
        let (up, down) = fonts
            .metrics(face)
            .map(|m| (m.ascender / m.units_per_em, -m.descender / m.units_per_em))
            .unwrap_or((1.0, 0.3));
        let share = down / (up + down);
        let bold = fonts
            .db()
            .face(face)
            .is_some_and(|f| f.weight.0 >= legibility::BOLD_WEIGHT);
        let at = slot_location(self.template, self.slot);
        let lines = &block.lines;
        let baseline = |i: usize| lines.get(i).map(|l: &layout::Line| l.baseline);
        lines
            .iter()
            .enumerate()
            .map(|(i, line)| {
                let b = line.baseline;
                let above = i
                    .checked_sub(1)
                    .and_then(baseline)
                    .map(|p| b - share * (b - p));
                let below = baseline(i + 1).map(|n| b + share * (n - b));
                let top = above.unwrap_or(f32::MIN).max(b - up * block.size);
                let bottom = below.unwrap_or(f32::MAX).min(b + down * block.size);
                let left = match self.anchor {
                    Anchor::Start => line.x,
                    Anchor::Middle => line.x - line.width / 2.0,
                    Anchor::End => line.x - line.width,
                };
                let pad = block.size / 10.0;
                let own = Rect {
                    x: left - pad,
                    y: top,
                    w: line.width + 2.0 * pad,
                    h: bottom - top,
                };
                legibility::Line {
                    slot: self.slot.id.clone(),
                    number: i + 1,
                    text: line.text.clone(),
                    px,
                    bold,
                    region: bounds(to_canvas, own),
                    at: at.clone(),
                }
            })
            .collect()
    }

    /// From the lines' coordinates to the canvas: the slot's transforms,
    /// and on a mirrored card the flip of the artwork around them and the
    /// flip back inside them.
    fn to_canvas(&self) -> Transform {
        let t = self.slot.to_canvas;
        if !self.mirror {
            return t;
        }
        let width = self.template.format.width as f32;
        let flip = Transform::from_row(-1.0, 0.0, 0.0, 1.0, width, 0.0);
        flip.pre_concat(t).pre_concat(flip)
    }
}

/// How much a transform scales a text: the lesser of its two axes' scales.
fn scale_of(t: Transform) -> f32 {
    t.sx.hypot(t.ky).min(t.kx.hypot(t.sy))
}

/// The bounds of `rect`'s corners under `t`.
fn bounds(t: Transform, rect: Rect) -> Rect {
    let (x0, y0, x1, y1) = (rect.x, rect.y, rect.x + rect.w, rect.y + rect.h);
    let corners = [(x0, y0), (x1, y0), (x0, y1), (x1, y1)]
        .map(|(x, y)| (t.sx * x + t.kx * y + t.tx, t.ky * x + t.sy * y + t.ty));
    let xs = corners.map(|c| c.0);
    let ys = corners.map(|c| c.1);
    let min = |v: [f32; 4]| v.into_iter().fold(f32::MAX, f32::min);
    let max = |v: [f32; 4]| v.into_iter().fold(f32::MIN, f32::max);
    Rect {
        x: min(xs),
        y: min(ys),
        w: max(xs) - min(xs),
        h: max(ys) - min(ys),
    }
}

/// Where a slot's element starts in its template: line and column from 1.
fn slot_location(template: &Template, slot: &TextSlot) -> Location {
    let before = &template.source[..slot.range.start.min(template.source.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Location::new(&template.path, line as u32, column as u32)
}

/// A text that does not fit or cannot be drawn, located where it is written.
fn overflow_problem(
    id: &str,
    overflow: &layout::Overflow,
    card: &Fill,
    here: &dyn Fn(String) -> Problem,
) -> Problem {
    let (what, hint) = match overflow {
        layout::Overflow::MissingGlyphs { chars, .. } => (
            format!("the {id} cannot be drawn: {}", overflow.describe()),
            match chars.iter().any(|c| crate::fonts::is_emoji_part(*c)) {
                true => "emoji need a colour emoji font: copy NotoColorEmoji.ttf (Debian's fonts-noto-color-emoji) into fonts/ and add `Noto Color Emoji` to `default:` in fonts/fonts.yaml (see docs/fonts.md), or change the text".to_owned(),
                false => "add a font that covers these characters to fonts/ and its script to fonts/fonts.yaml, or change the text".to_owned(),
            },
        ),
        layout::Overflow::NoMetrics { .. } => (
            format!("the {id} cannot be drawn: {}", overflow.describe()),
            "the font file in fonts/ may be damaged: replace it with a TrueType or OpenType file from the font's publisher".to_owned(),
        ),
        _ => {
            // The measures differ by format; the cause is one.
            let on = card.context.format.as_deref().unwrap_or("this card");
            let located = Problem {
                location: card.at.get(id).unwrap_or(card.location).clone(),
                ..here(format!("the {id} does not fit its box"))
            };
            return located
                .code(code::TEXT_OVERFLOW)
                .note(format!("{on}: {}", overflow.describe()))
                .slot(id)
                .hint(fit_hint(id, overflow, card.at.contains_key(id)));
        }
    };
    Problem {
        location: card.at.get(id).unwrap_or(card.location).clone(),
        ..here(what)
    }
    .slot(id)
    .hint(hint)
}

/// What to do about a text that does not fit, by what overflowed: a word
/// too wide, one line too tall for its box (the box, not the text, is the
/// mistake), too many lines, or lines too tall. A text written per language
/// is shortened in this language; one written once for all (a link, a
/// credit) is shortened for all.
fn fit_hint(id: &str, overflow: &layout::Overflow, per_language: bool) -> String {
    let which = if per_language {
        " in this language"
    } else {
        ""
    };
    match overflow {
        layout::Overflow::TooWide { .. } => format!(
            "split the long word in the {id}{which} (a hyphen or a space lets it break), or give `{id}-box` more width in the template"
        ),
        layout::Overflow::TooTall { lines: 1, .. } => format!(
            "give `{id}-box` more height in the template: even one line of this text is taller than the box"
        ),
        layout::Overflow::TooManyLines { max, .. } => format!(
            "shorten the {id}{which}, or allow more than {max} lines (`data-max-lines` in the template)"
        ),
        _ => format!(
            "shorten the {id}{which} (the caption can carry the full text), or give `{id}-box` more room in the template"
        ),
    }
}

/// The logo's `href`, and on mirrored cards a group that flips it back
/// around its own centre.
fn place_logo(template: &Template, url: Option<&str>, mirror: bool) -> Vec<Edit> {
    let (Some(logo), Some(url)) = (&template.logo, url) else {
        return Vec::new();
    };
    let mut edits = logo.drops.clone();
    edits.push(insert(logo.href_at, format!(" href=\"{}\"", escape(url))));
    if mirror {
        let centre = logo.rect.x + logo.rect.w / 2.0;
        let g = format!("<g transform=\"matrix(-1 0 0 1 {} 0)\">", num(2.0 * centre));
        edits.push(insert(logo.range.start, g));
        edits.push(insert(logo.range.end, "</g>".to_owned()));
    }
    edits
}

/// Flips the whole artwork, and flips texts that are not slots back so
/// they read.
fn mirror_artwork(template: &Template) -> Vec<Edit> {
    let flip = flip(template);
    let mut edits = Vec::new();
    // A text inside an element kept unmirrored is flipped back with it.
    let kept = |r: &std::ops::Range<usize>| {
        let p = &template.pictures.kept;
        p.iter().any(|k| k.start <= r.start && r.end <= k.end)
    };
    for r in template.static_texts.iter().filter(|r| !kept(r)) {
        edits.push(insert(r.start, flip.clone()));
        edits.push(insert(r.end, "</g>".to_owned()));
    }
    edits.push(insert(template.content.start, flip));
    edits.push(insert(template.content.end, "</g>".to_owned()));
    edits
}

/// The campaign's colours into the template's swatches.
fn paint(template: &Template, colours: &BTreeMap<String, String>) -> Vec<Edit> {
    let mut edits = Vec::new();
    for (name, slot) in &template.colours {
        let Some(colour) = colours.get(name) else {
            continue;
        };
        edits.push(match &slot.value {
            Ok(r) => replace(r, colour),
            Err(at) => insert(*at, format!(" stop-color=\"{colour}\"")),
        });
        if let Some((r, kept)) = &slot.style {
            edits.push(replace(r, &escape(kept)));
        }
    }
    edits
}

/// Slide `i` of `n`: the progress bar's width, and no "next" cue on the
/// last slide.
fn progress(template: &Template, (i, n): (usize, usize)) -> Vec<Edit> {
    let mut edits = Vec::new();
    if let Some((r, full)) = &template.progress {
        edits.push(replace(r, &num(full * i as f32 / n as f32)));
    }
    if let Some(cue) = &template.next
        && i == n
    {
        edits.push(insert(cue.start, "<g display=\"none\">".to_owned()));
        edits.push(insert(cue.end, "</g>".to_owned()));
    }
    edits
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_with_at_most_two_decimals_and_no_negative_zero() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.345), "12.35");
        assert_eq!(num(0.5), "0.5");
        assert_eq!(num(-0.001), "0");
    }

    #[test]
    fn escape_keeps_text_as_data_and_drops_what_xml_forbids() {
        assert_eq!(
            escape("a<b & \"c\" 'd'>"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;"
        );
        assert_eq!(escape("x\u{0}\u{1b}y\tz\n"), "xy\tz\n");
        assert_eq!(escape("]]>"), "]]&gt;");
    }

    #[test]
    fn edits_apply_in_place_order_and_the_outer_edit_wins() {
        let edits = vec![
            insert(3, "<b>".into()),
            replace(&(0..1), "A"),
            insert(3, "<c>".into()),
            replace(&(4..6), ""),
            replace(&(5..5), "lost"),
        ];
        assert_eq!(apply("abcdefg", edits), "Abc<b><c>dg");
    }

    #[test]
    fn the_help_for_a_text_that_does_not_fit_names_what_overflowed() {
        let tall = |lines| layout::Overflow::TooTall {
            lines,
            height: 120.0,
            room: 100.0,
            size: 40.0,
        };
        assert!(fit_hint("kicker", &tall(1), true).starts_with("give `kicker-box` more height"));
        assert!(fit_hint("body", &tall(3), true).starts_with("shorten the body in this language"));
        assert!(fit_hint("link", &tall(3), false).starts_with("shorten the link ("));
        let wide = layout::Overflow::TooWide {
            word: "x".into(),
            width: 10.0,
            room: 5.0,
        };
        assert!(fit_hint("link", &wide, false).starts_with("split the long word in the link"));
        let many = layout::Overflow::TooManyLines {
            lines: 3,
            max: 2,
            size: 40.0,
        };
        assert!(fit_hint("body", &many, true).contains("more than 2 lines"));
    }

    #[test]
    fn a_smaller_slot_says_its_sizes_and_why() {
        let smaller = |why| Smaller {
            template: "templates/x/statistic.svg".into(),
            slot: "value".into(),
            size: 242.0,
            template_size: 300.0,
            why,
        };
        let tall = smaller(layout::Overflow::TooTall {
            lines: 1,
            height: 310.4,
            room: 250.0,
            size: 300.0,
        });
        assert_eq!(
            tall.describe(),
            "slot value set at 242 px, not 300 px (at 300 px its lines are 310 px high and the box 250 px)"
        );
        let lines = smaller(layout::Overflow::TooManyLines {
            lines: 3,
            max: 2,
            size: 300.0,
        });
        assert!(
            lines
                .describe()
                .ends_with("(at 300 px it needs 3 lines and the slot allows 2)")
        );
    }

    #[test]
    fn the_last_slide_hides_the_next_cue() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>"#;
        let t = Template {
            next: Some(5..9),
            progress: None,
            ..blank(svg)
        };
        assert!(progress(&t, (2, 3)).is_empty());
        let last = progress(&t, (3, 3));
        assert_eq!(last.len(), 2);
        assert_eq!((last[0].range.start, last[1].range.start), (5, 9));
        assert_eq!(last[0].text, "<g display=\"none\">");
    }

    fn blank(source: &str) -> Template {
        Template {
            path: "t.svg".into(),
            format: crate::format::Format::named("instagram-square").expect("present"),
            kind: "carousel".into(),
            source: source.to_owned(),
            text_slots: BTreeMap::new(),
            logo: None,
            colours: BTreeMap::new(),
            progress: None,
            next: None,
            removals: Vec::new(),
            static_texts: Vec::new(),
            content: 0..0,
            direction: Direction::Ltr,
            pictures: Default::default(),
            layers: None,
        }
    }
}
