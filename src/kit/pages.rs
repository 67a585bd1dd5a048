//! The kit's pages as SVG: the factsheet, from its template like a card, and
//! the FAQ, laid out by the text engine and cut into A4 pages (a paragraph
//! that does not fit continues on the next page; nothing is clipped).

use crate::fonts::{FaceId, Fonts};
use crate::layout::{self, Anchor, Block, Rect, Spacing, TextStyle, VAlign};
use crate::template::TextSlot;

use super::pdf::{Part, Role};

/// The page canvas: A4 at 96 px per inch.
pub const PAGE: (f32, f32) = (794.0, 1123.0);

fn page_svg(body: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\">{body}</svg>",
        PAGE.0, PAGE.1, PAGE.0, PAGE.1
    )
}

/// A `<text>` element for a block, in a face and colour.
fn text(block: &Block, style: &TextStyle, fill: &str, fonts: &Fonts, rtl: bool) -> String {
    let css = vec![
        (
            "font-family".to_owned(),
            format!("'{}'", fonts.family(style.face)),
        ),
        ("fill".to_owned(), fill.to_owned()),
    ];
    let slot = TextSlot::plain(style.clone(), css);
    crate::compose::text_element(&slot, block, style.anchor, fonts, rtl)
}

/// One kind of text on an FAQ page.
struct Kind {
    face: FaceId,
    size: f32,
    line_height: f32,
    fill: &'static str,
    /// Space after the block.
    after: f32,
}

fn style(k: &Kind, rtl: bool) -> TextStyle {
    TextStyle {
        face: k.face,
        max_size: k.size,
        min_size: k.size,
        line_height: k.line_height,
        letter_spacing: Spacing::Px(0.0),
        anchor: if rtl { Anchor::End } else { Anchor::Start },
        valign: VAlign::Top,
        max_lines: None,
    }
}

/// Lays out a text at a fixed size in the page's text column, with as many
/// lines as it needs.
fn flow(fonts: &Fonts, text_: &str, k: &Kind, rtl: bool) -> Result<Block, layout::Overflow> {
    let margin = 72.0;
    let bx = Rect {
        x: margin,
        y: 0.0,
        w: PAGE.0 - 2.0 * margin,
        h: 100_000.0,
    };
    layout::fit(fonts, text_, &style(k, rtl), bx)
}

/// The FAQ as pages: a title, then each question (a heading) and its answer
/// (a paragraph), paginated; a footer on each page outside the reading order.
pub fn faq(
    fonts: &Fonts,
    title: &str,
    items: &[(String, String)],
    footer: &str,
    rtl: bool,
) -> Result<Vec<Vec<Part>>, layout::Overflow> {
    let regular = fonts
        .resolve(&["Noto Sans".to_owned()], 400, false)
        .ok_or_else(|| layout::Overflow::MissingGlyphs {
            chars: vec![],
            face: "Noto Sans".into(),
        })?;
    let bold = fonts
        .resolve(&["Noto Sans".to_owned()], 700, false)
        .unwrap_or(regular);
    let h1 = Kind {
        face: bold,
        size: 28.0,
        line_height: 1.2,
        fill: "#14213d",
        after: 18.0,
    };
    let h2 = Kind {
        face: bold,
        size: 16.0,
        line_height: 1.3,
        fill: "#b83a16",
        after: 6.0,
    };
    let p = Kind {
        face: regular,
        size: 12.5,
        line_height: 1.5,
        fill: "#14213d",
        after: 18.0,
    };
    let (top, bottom) = (80.0, PAGE.1 - 90.0);

    let mut blocks: Vec<(Block, &Kind, Role)> = vec![(
        flow(fonts, title, &h1, rtl)?,
        &h1,
        Role::Heading(1, title.to_owned()),
    )];
    for (i, (q, a)) in items.iter().enumerate() {
        blocks.push((flow(fonts, q, &h2, rtl)?, &h2, Role::Heading(2, q.clone())));
        blocks.push((flow(fonts, a, &p, rtl)?, &p, Role::Paragraph(i)));
    }

    let mut pages: Vec<Vec<Part>> = vec![Vec::new()];
    let mut y = top;
    let mut i = 0;
    while i < blocks.len() {
        let (block, kind, role) = &blocks[i];
        let step = kind.size * kind.line_height;
        // Keep a heading with the first two lines of what follows.
        let needed = if matches!(role, Role::Heading(2, _)) {
            block.height + kind.after + 2.0 * p.size * p.line_height
        } else {
            // At least two lines of a paragraph together.
            block.height.min(step * 2.0)
        };
        if y + needed > bottom && y > top {
            pages.push(Vec::new());
            y = top;
        }
        // Lines that fit on this page, the rest on the next. Blocks are
        // laid out from y = 0, so a line's baseline is its offset.
        let mut taken = Vec::new();
        let mut rest = Vec::new();
        for line in &block.lines {
            let fits = y + line.baseline + 0.3 * kind.size <= bottom;
            if rest.is_empty() && (fits || taken.is_empty()) {
                let mut l = line.clone();
                l.baseline += y;
                taken.push(l);
            } else {
                rest.push(line.clone());
            }
        }
        let shown = Block {
            size: block.size,
            lines: taken,
            height: 0.0,
        };
        let page = pages.last_mut().expect("a page");
        page.push(Part {
            role: role.clone(),
            svg: page_svg(&text(&shown, &style(kind, rtl), kind.fill, fonts, rtl)),
        });
        if rest.is_empty() {
            y += block.height + kind.after;
            i += 1;
        } else {
            // Continue the paragraph at the top of a new page.
            let shift = rest[0].baseline - block.lines[0].baseline;
            let lines: Vec<_> = rest
                .into_iter()
                .map(|mut l| {
                    l.baseline -= shift;
                    l
                })
                .collect();
            let height = block.height - shift;
            blocks[i] = (
                Block {
                    size: block.size,
                    lines,
                    height,
                },
                *kind,
                role.clone(),
            );
            pages.push(Vec::new());
            y = top;
        }
    }
    let n = pages.len();
    let small = Kind {
        face: regular,
        size: 11.0,
        line_height: 1.2,
        fill: "#4a5468",
        after: 0.0,
    };
    for (k, page) in pages.iter_mut().enumerate() {
        let mut f = flow(fonts, &format!("{footer} · {} / {n}", k + 1), &small, rtl)?;
        let dy = PAGE.1 - 48.0 - f.lines[0].baseline;
        for l in &mut f.lines {
            l.baseline += dy;
        }
        let mut artwork = format!(
            "<rect width=\"{}\" height=\"{}\" fill=\"#ffffff\"/><rect x=\"72\" y=\"{}\" width=\"{}\" height=\"1\" fill=\"#d9d4ca\"/>",
            PAGE.0,
            PAGE.1,
            PAGE.1 - 70.0,
            PAGE.0 - 144.0
        );
        artwork.push_str(&text(&f, &style(&small, rtl), small.fill, fonts, rtl));
        page.insert(
            0,
            Part {
                role: Role::Artifact,
                svg: page_svg(&artwork),
            },
        );
    }
    Ok(pages)
}

/// Cuts a composed page SVG into parts: the artwork without the given text
/// elements, and each text element on its own (with the page's `<defs>`),
/// in the order given.
pub fn split(
    svg: &str,
    texts: &[(&str, Role)],
    heading_text: &dyn Fn(&str) -> String,
) -> Result<Vec<Part>, String> {
    let doc = roxmltree::Document::parse(svg).map_err(|e| e.to_string())?;
    let root = doc.root_element();
    let open_end = svg[root.range()]
        .find('>')
        .map_or(0, |i| root.range().start + i + 1);
    let open = &svg[root.range().start..open_end];
    let defs: String = root
        .children()
        .filter(|n| n.has_tag_name("defs") || n.tag_name().name() == "defs")
        .map(|n| &svg[n.range()])
        .collect();
    let mut ranges = Vec::new();
    let mut parts = Vec::new();
    for (id, role) in texts {
        if let Some(n) = doc.descendants().find(|n| n.attribute("id") == Some(id)) {
            ranges.push(n.range());
            let role = match role {
                Role::Heading(level, _) => Role::Heading(*level, heading_text(id)),
                other => other.clone(),
            };
            parts.push(Part {
                role,
                svg: format!("{open}{defs}{}</svg>", &svg[n.range()]),
            });
        }
    }
    ranges.sort_by_key(|r| r.start);
    let mut artwork = String::new();
    let mut pos = 0;
    for r in ranges {
        artwork.push_str(&svg[pos..r.start]);
        pos = r.end;
    }
    artwork.push_str(&svg[pos..]);
    let mut out = vec![Part {
        role: Role::Artifact,
        svg: artwork,
    }];
    out.extend(parts);
    Ok(out)
}
