//! Text slots: a slot's `<text>` and its box read into a `TextSlot`, with
//! the computed style (inherited properties, presentation attributes,
//! `style=` and the first tspan's style merged) that the text engine sets
//! the slot's text in.

use std::ops::Range;
use std::path::Path;

use roxmltree::{Document, Node};

use super::{SVG_NS, TextSlot};
use crate::fonts::Fonts;
use crate::format::Format;
use crate::layout::{Anchor, Rect, Spacing, TextStyle, VAlign};
use crate::problem::{Location, Problem};

/// Text properties that inherit, which a slot's computed style needs.
pub(super) const INHERITED: &[&str] = &[
    "text-transform",
    "font-family",
    "font-size",
    "font-weight",
    "font-style",
    "letter-spacing",
    "text-anchor",
    "fill",
    "fill-opacity",
    "stroke",
    "stroke-width",
    "font-variant",
    "text-decoration",
];

/// Parses "12", "12px", "12.5" and "9pt" into pixels.
pub fn number(s: &str) -> Option<f32> {
    let s = s.trim();
    let (num, factor) = if let Some(n) = s.strip_suffix("px") {
        (n, 1.0)
    } else if let Some(n) = s.strip_suffix("pt") {
        (n, 4.0 / 3.0)
    } else {
        (s, 1.0)
    };
    num.trim()
        .parse::<f32>()
        .ok()
        .filter(|v| v.is_finite())
        .map(|v| v * factor)
}

/// Splits a `style` attribute into declarations.
pub fn css(style: &str) -> Vec<(String, String)> {
    style
        .split(';')
        .filter_map(|d| {
            let (k, v) = d.split_once(':')?;
            let (k, v) = (k.trim(), v.trim());
            (!k.is_empty() && !v.is_empty()).then(|| (k.to_ascii_lowercase(), v.to_owned()))
        })
        .collect()
}

/// An element's declarations: presentation attributes, then its `style`.
fn declarations(n: Node) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = n
        .attributes()
        .filter(|a| a.namespace().is_none() && INHERITED.contains(&a.name()))
        .map(|a| (a.name().to_owned(), a.value().trim().to_owned()))
        .collect();
    if let Some(style) = n.attribute("style") {
        out.extend(css(style));
    }
    out
}

fn set(map: &mut Vec<(String, String)>, k: &str, v: &str) {
    if let Some(e) = map.iter_mut().find(|(key, _)| key == k) {
        e.1 = v.to_owned();
    } else {
        map.push((k.to_owned(), v.to_owned()));
    }
}

fn get<'a>(map: &'a [(String, String)], k: &str) -> Option<&'a str> {
    map.iter()
        .find(|(key, _)| key == k)
        .map(|(_, v)| v.as_str())
}

#[allow(clippy::too_many_arguments)]
pub(super) fn text_slot(
    path: &Path,
    doc: &Document,
    text: Node,
    id: &str,
    bx: Option<Node>,
    format: &Format,
    fonts: &Fonts,
    problems: &mut Vec<Problem>,
) -> Option<(TextSlot, Range<usize>)> {
    let at = |n: Node| {
        let p = doc.text_pos_at(n.range().start);
        Location::new(path, p.row, p.col)
    };
    if !text.has_tag_name((SVG_NS, "text")) {
        problems.push(
            Problem::new(
                at(text),
                format!(
                    "the `{id}` slot is a <{}>, not a <text>",
                    text.tag_name().name()
                ),
            )
            .hint("give the id to the text element itself, not to a group or a shape"),
        );
        return None;
    }
    let Some(bx) = bx else {
        problems.push(
            Problem::new(at(text), format!("the `{id}` slot has no box")).hint(format!(
                "draw a <rect id=\"{id}-box\"> over the area the text may fill"
            )),
        );
        return None;
    };
    if !bx.has_tag_name((SVG_NS, "rect")) {
        problems.push(
            Problem::new(at(bx), format!("`{id}-box` must be a <rect>"))
                .hint("draw the box with the rectangle tool"),
        );
        return None;
    }
    let rect = ["x", "y", "width", "height"].map(|a| bx.attribute(a).map_or(Some(0.0), number));
    let [Some(x), Some(y), Some(w), Some(h)] = rect else {
        problems.push(
            Problem::new(
                at(bx),
                format!("`{id}-box` needs x, y, width and height in px"),
            )
            .hint("set them as plain numbers"),
        );
        return None;
    };
    if w <= 0.0 || h <= 0.0 {
        problems.push(
            Problem::new(at(bx), format!("`{id}-box` is empty ({w}×{h})"))
                .hint("give the box a width and height"),
        );
        return None;
    }
    for n in [text, bx] {
        if let Some(t) = n.ancestors().find(|a| {
            a.attribute("transform")
                .is_some_and(|t| !t.trim().is_empty())
        }) {
            problems.push(
                Problem::new(at(t), format!("a transform applies to the `{id}` slot"))
                    .hint("remove it: in Inkscape set Preferences → Behaviour → Transforms → Store transformation to Optimised, then move the element or ungroup"),
            );
            return None;
        }
    }
    let bottom = format.height as f32 - format.safe_bottom as f32;
    if y < format.safe_top as f32 || y + h > bottom {
        problems.push(
            Problem::new(at(bx), format!(
                "`{id}-box` spans y {y}–{} but text must stay within y {}–{bottom} on {}",
                y + h,
                format.safe_top,
                format.name
            ))
            .hint("keep text boxes out of the top and bottom safe zones, where the platform draws its controls"),
        );
    }
    if x < 0.0 || y < 0.0 || x + w > format.width as f32 || y + h > format.height as f32 {
        problems.push(
            Problem::new(at(bx), format!("`{id}-box` reaches outside the canvas"))
                .hint("move the box onto the card"),
        );
    }

    // The computed style: inherited properties from the ancestors, then the
    // element's own, then its first tspan's (Inkscape writes styles there).
    let mut style: Vec<(String, String)> = Vec::new();
    let mut chain: Vec<Node> = text
        .ancestors()
        .skip(1)
        .filter(|n| n.is_element())
        .collect();
    chain.reverse();
    for a in chain {
        for (k, v) in declarations(a) {
            if INHERITED.contains(&k.as_str()) {
                set(&mut style, &k, &v);
            }
        }
    }
    let own = declarations(text);
    for (k, v) in &own {
        set(&mut style, k, v);
    }
    if let Some(tspan) = text.children().find(|c| c.has_tag_name((SVG_NS, "tspan"))) {
        for (k, v) in declarations(tspan) {
            if INHERITED.contains(&k.as_str()) {
                set(&mut style, &k, &v);
            }
        }
    }
    // Own non-inherited declarations (opacity, say) stay on the element.
    for (k, v) in own {
        set(&mut style, &k, &v);
    }
    // SVG 2 flowed text from Inkscape: handbill does the flowing.
    style.retain(|(k, _)| {
        !matches!(
            k.as_str(),
            "inline-size" | "shape-inside" | "shape-padding" | "white-space" | "line-height"
        )
    });

    let family = get(&style, "font-family").unwrap_or("Noto Sans");
    let families: Vec<String> = family
        .split(',')
        .map(|f| f.trim().trim_matches(['\'', '"']).to_owned())
        .filter(|f| !f.is_empty())
        .collect();
    let weight = match get(&style, "font-weight").unwrap_or("normal") {
        "normal" => 400,
        "bold" | "bolder" => 700,
        "lighter" => 300,
        w => w.parse().unwrap_or(400),
    };
    let italic = matches!(get(&style, "font-style"), Some("italic" | "oblique"));
    let Some(face) = fonts.resolve(&families, weight, italic) else {
        problems.push(
            Problem::new(
                at(text),
                format!("no font in fonts/ matches font-family {family:?}"),
            )
            .hint(format!(
                "use one of the bundled families: {}",
                fonts.family_names().join(", ")
            )),
        );
        return None;
    };
    let max_size = match get(&style, "font-size").map(number) {
        Some(Some(s)) if s > 0.0 => s,
        _ => {
            problems.push(
                Problem::new(at(text), format!("the `{id}` slot has no font-size in px")).hint(
                    "set font-size to the largest size the text may take, e.g. font-size=\"72\"",
                ),
            );
            return None;
        }
    };
    let floor = format.min_text_px();
    let min_size = match text.attribute("data-min-size") {
        None => floor.min(max_size),
        Some(v) => match number(v) {
            Some(s) if s >= floor => s,
            Some(s) => {
                problems.push(
                    Problem::new(at(text), format!("data-min-size is {s} px, under the legibility floor of {floor} px for {}", format.name))
                        .hint(format!("a line under {floor} px is illegible on a phone at this canvas width; set data-min-size to {floor} or more")),
                );
                floor
            }
            None => {
                problems.push(
                    Problem::new(at(text), format!("data-min-size {v:?} is not a number"))
                        .hint("write it in px, e.g. data-min-size=\"40\""),
                );
                floor
            }
        },
    };
    if max_size < floor {
        problems.push(
            Problem::new(
                at(text),
                format!(
                    "font-size {max_size} px is under the legibility floor of {floor} px for {}",
                    format.name
                ),
            )
            .hint(format!("set the slot's font-size to at least {floor}")),
        );
    }
    if max_size < min_size {
        problems.push(
            Problem::new(
                at(text),
                format!("font-size {max_size} is smaller than data-min-size {min_size}"),
            )
            .hint("font-size is the largest size; make it at least data-min-size"),
        );
    }
    let line_height = match text.attribute("data-line-height").map(|v| v.parse::<f32>()) {
        None => 1.2,
        Some(Ok(v)) if (0.8..=3.0).contains(&v) => v,
        Some(_) => {
            problems.push(
                Problem::new(at(text), "data-line-height must be a number from 0.8 to 3").hint(
                    "write the distance between baselines as a multiple of the size, e.g. 1.2",
                ),
            );
            1.2
        }
    };
    let valign = match text.attribute("data-valign").unwrap_or("top") {
        "top" => VAlign::Top,
        "middle" => VAlign::Middle,
        "bottom" => VAlign::Bottom,
        v => {
            problems.push(
                Problem::new(
                    at(text),
                    format!("data-valign {v:?} is not top, middle or bottom"),
                )
                .hint("use top, middle or bottom"),
            );
            VAlign::Top
        }
    };
    let max_lines = match text.attribute("data-max-lines") {
        None => None,
        Some(v) => match v.parse::<usize>() {
            Ok(n) if n > 0 => Some(n),
            _ => {
                problems.push(
                    Problem::new(
                        at(text),
                        format!("data-max-lines {v:?} is not a positive whole number"),
                    )
                    .hint("e.g. data-max-lines=\"3\""),
                );
                None
            }
        },
    };
    let anchor = match get(&style, "text-anchor").unwrap_or("start") {
        "middle" => Anchor::Middle,
        "end" => Anchor::End,
        _ => Anchor::Start,
    };
    let letter_spacing = match get(&style, "letter-spacing").unwrap_or("normal") {
        "normal" => Spacing::Px(0.0),
        v => match v.strip_suffix("em").map(|n| n.trim().parse::<f32>()) {
            Some(Ok(em)) => Spacing::Em(em),
            _ => match number(v) {
                Some(px) => Spacing::Px(px),
                None => {
                    problems.push(
                        Problem::new(at(text), format!("letter-spacing {v:?} is not in px or em"))
                            .hint("e.g. letter-spacing=\"2\" or 0.05em"),
                    );
                    Spacing::Px(0.0)
                }
            },
        },
    };
    let source = doc.input_text();
    let attributes: String = text
        .attributes()
        .filter(|a| {
            let n = a.name();
            !(matches!(
                n,
                "x" | "y"
                    | "dx"
                    | "dy"
                    | "style"
                    | "font-size"
                    | "rotate"
                    | "textLength"
                    | "lengthAdjust"
            ) || n.starts_with("data-")
                || (a.namespace().is_none() && INHERITED.contains(&n)))
        })
        .map(|a| format!(" {}", &source[a.range()]))
        .collect();
    let uppercase = get(&style, "text-transform") == Some("uppercase");
    style.retain(|(k, _)| k != "font-size" && k != "text-transform");
    let slot = TextSlot {
        id: id.to_owned(),
        range: text.range(),
        attributes,
        css: style,
        style: TextStyle {
            face,
            max_size,
            min_size,
            line_height,
            letter_spacing,
            anchor,
            valign,
            max_lines,
        },
        bx: Rect { x, y, w, h },
        uppercase,
    };
    Some((slot, bx.range()))
}
