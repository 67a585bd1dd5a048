//! The kit's pages as SVG: the FAQ, laid out by the text engine and cut
//! into A4 pages (a paragraph that does not fit continues on the next page;
//! nothing is clipped), and the factsheet, a composed template cut into its
//! artwork and its texts.
//!
//! Pure: returns SVG strings; draws and writes nothing.

use crate::fonts::{FaceId, Fonts};
use crate::layout::{self, Anchor, Block, Line, Rect, Spacing, TextStyle, VAlign};
use crate::template::TextSlot;

use super::palette::Palette;
use super::pdf::{Group, Part, Role};

/// The page canvas: A4 at 96 px per inch.
pub const PAGE: (f32, f32) = (794.0, 1123.0);
/// The left and right margins of the text column.
const MARGIN: f32 = 72.0;
/// Where text starts and must end on a page.
const TOP: f32 = 80.0;
const BOTTOM: f32 = PAGE.1 - 90.0;

/// Why the FAQ could not be set.
#[derive(Debug)]
pub enum PageError {
    /// `fonts/` has no face of the family the FAQ is set in.
    MissingFace { family: &'static str, weight: u16 },
    /// A text cannot be set (a character no font has, a word wider than
    /// the column).
    Overflow(layout::Overflow),
}

impl From<layout::Overflow> for PageError {
    fn from(o: layout::Overflow) -> Self {
        PageError::Overflow(o)
    }
}

fn page_svg(body: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\">{body}</svg>",
        PAGE.0, PAGE.1, PAGE.0, PAGE.1
    )
}

/// One kind of text on an FAQ page.
struct Kind<'a> {
    face: FaceId,
    size: f32,
    line_height: f32,
    fill: &'a str,
    /// Space after the block.
    after: f32,
}

impl Kind<'_> {
    fn style(&self, rtl: bool) -> TextStyle {
        TextStyle {
            face: self.face,
            max_size: self.size,
            min_size: self.size,
            line_height: self.line_height,
            letter_spacing: Spacing::Px(0.0),
            anchor: if rtl { Anchor::End } else { Anchor::Start },
            valign: VAlign::Top,
            max_lines: None,
        }
    }

    /// The distance between two baselines.
    fn step(&self) -> f32 {
        self.size * self.line_height
    }
}

/// The FAQ's kinds of text: the title, questions, answers, page footers.
struct Kinds<'a> {
    h1: Kind<'a>,
    h2: Kind<'a>,
    p: Kind<'a>,
    footer: Kind<'a>,
    /// The embargo line at the head of every page.
    notice: Kind<'a>,
    /// The colour of the rule above the footer.
    rule: &'a str,
}

/// Sizes and colours of the FAQ's text, in Noto Sans.
fn kinds<'a>(fonts: &Fonts, palette: &'a Palette) -> Result<Kinds<'a>, PageError> {
    const FAMILY: &str = "Noto Sans";
    let face = |weight| {
        fonts
            .resolve(&[FAMILY.to_owned()], weight, false)
            .ok_or(PageError::MissingFace {
                family: FAMILY,
                weight,
            })
    };
    let regular = face(400)?;
    let bold = face(700).unwrap_or(regular);
    let kind = |face, size, line_height, fill, after| Kind {
        face,
        size,
        line_height,
        fill,
        after,
    };
    Ok(Kinds {
        h1: kind(bold, 28.0, 1.2, &palette.ink, 18.0),
        h2: kind(bold, 16.0, 1.3, &palette.accent, 6.0),
        p: kind(regular, 12.5, 1.5, &palette.ink, 18.0),
        footer: kind(regular, 11.0, 1.2, &palette.muted, 0.0),
        notice: kind(bold, 12.0, 1.2, &palette.ink, 0.0),
        rule: &palette.rule,
    })
}

/// A `<text>` element for a block, in its kind's face and colour.
fn text(block: &Block, kind: &Kind, fonts: &Fonts, rtl: bool) -> String {
    let style = kind.style(rtl);
    let css = vec![
        (
            "font-family".to_owned(),
            format!("'{}'", fonts.family(style.face)),
        ),
        ("fill".to_owned(), kind.fill.to_owned()),
    ];
    let anchor = style.anchor;
    let slot = TextSlot::plain(style, css);
    crate::compose::text_element(&slot, block, anchor, fonts, rtl)
}

/// Lays out a text at its kind's size in the page's text column, with as
/// many lines as it needs, from y = 0.
fn flow(fonts: &Fonts, text_: &str, k: &Kind, rtl: bool) -> Result<Block, layout::Overflow> {
    let bx = Rect {
        x: MARGIN,
        y: 0.0,
        w: PAGE.0 - 2.0 * MARGIN,
        h: 100_000.0,
    };
    layout::fit(fonts, text_, &k.style(rtl), bx, layout::Breaking::default())
}

/// What the FAQ PDF shows: its title, the questions and answers, the line
/// at the foot of every page (followed by "· page / pages"), and the
/// embargo at the head of every page, if there is one.
pub struct Faq<'a> {
    pub title: &'a str,
    pub items: &'a [(String, String)],
    pub footer: &'a str,
    pub embargo: Option<&'a str>,
    pub rtl: bool,
}

/// A block of text waiting to be placed: its lines, kind and tag.
struct Pending<'a> {
    block: Block,
    kind: &'a Kind<'a>,
    role: Role,
}

/// The FAQ as pages: a title, then each question (a heading) and its answer
/// (a paragraph), paginated; a footer on each page outside the reading order.
pub fn faq(fonts: &Fonts, palette: &Palette, faq: &Faq) -> Result<Vec<Vec<Part>>, PageError> {
    let kinds = kinds(fonts, palette)?;
    // Lay every text out at its size, one block each.
    let blocks = collect(fonts, &kinds, faq)?;
    // Place the blocks down the pages, cutting paragraphs between lines.
    let mut pages = paginate(fonts, &kinds, blocks, faq.rtl);
    // Put the artwork and the numbered footer under each page.
    add_footers(fonts, &kinds, faq, &mut pages)?;
    // Say the embargo at the head of each page.
    if let Some(line) = faq.embargo {
        add_embargo(fonts, &kinds.notice, line, faq.rtl, &mut pages)?;
    }
    Ok(pages)
}

fn collect<'a>(
    fonts: &Fonts,
    kinds: &'a Kinds<'a>,
    faq: &Faq,
) -> Result<Vec<Pending<'a>>, layout::Overflow> {
    let pending = |text: &str, kind: &'a Kind<'a>, role| -> Result<Pending<'a>, layout::Overflow> {
        let block = flow(fonts, text, kind, faq.rtl)?;
        Ok(Pending { block, kind, role })
    };
    let mut blocks = vec![pending(
        faq.title,
        &kinds.h1,
        Role::Heading(1, faq.title.to_owned()),
    )?];
    for (i, (q, a)) in faq.items.iter().enumerate() {
        blocks.push(pending(q, &kinds.h2, Role::Heading(2, q.clone()))?);
        blocks.push(pending(a, &kinds.p, Role::Paragraph(Group::Answer(i)))?);
    }
    Ok(blocks)
}

fn paginate(fonts: &Fonts, kinds: &Kinds, blocks: Vec<Pending>, rtl: bool) -> Vec<Vec<Part>> {
    let mut pages: Vec<Vec<Part>> = vec![Vec::new()];
    let mut y = TOP;
    let mut queue: std::collections::VecDeque<Pending> = blocks.into();
    while let Some(next) = queue.pop_front() {
        if y + room_needed(&next, kinds) > BOTTOM && y > TOP {
            pages.push(Vec::new());
            y = TOP;
        }
        let (shown, rest) = cut(&next.block, y, next.kind.size);
        let part = Part {
            role: next.role.clone(),
            svg: page_svg(&text(&shown, next.kind, fonts, rtl)),
        };
        if let Some(page) = pages.last_mut() {
            page.push(part);
        }
        match rest {
            None => y += next.block.height + next.kind.after,
            Some(block) => {
                // Continue the paragraph at the top of a new page.
                queue.push_front(Pending { block, ..next });
                pages.push(Vec::new());
                y = TOP;
            }
        }
    }
    pages
}

/// The room a block needs at the foot of a page before it is moved to the
/// next: a question keeps with the first two lines of its answer, and a
/// paragraph shows at least two lines.
fn room_needed(next: &Pending, kinds: &Kinds) -> f32 {
    if matches!(next.role, Role::Heading(2, _)) {
        next.block.height + next.kind.after + 2.0 * kinds.p.step()
    } else {
        next.block.height.min(next.kind.step() * 2.0)
    }
}

/// Splits a block laid out from y = 0 at the page's foot: the lines that
/// fit from `y` on (moved down to it; at least one), and the rest moved up
/// to start at the block's first baseline, if any are left.
fn cut(block: &Block, y: f32, size: f32) -> (Block, Option<Block>) {
    let fits = |l: &Line| y + l.baseline + 0.3 * size <= BOTTOM;
    let taken = block
        .lines
        .iter()
        .enumerate()
        .take_while(|(i, l)| *i == 0 || fits(l))
        .count();
    let shown = Block {
        size: block.size,
        lines: block.lines[..taken].iter().map(|l| moved(l, y)).collect(),
        height: 0.0,
    };
    let rest = &block.lines[taken..];
    let Some(first) = rest.first() else {
        return (shown, None);
    };
    let shift = first.baseline - block.lines[0].baseline;
    let rest = Block {
        size: block.size,
        lines: rest.iter().map(|l| moved(l, -shift)).collect(),
        height: block.height - shift,
    };
    (shown, Some(rest))
}

fn moved(line: &Line, dy: f32) -> Line {
    let mut l = line.clone();
    l.baseline += dy;
    l
}

/// Puts each page's artwork first: white paper, a rule, and the footer
/// "title · 2 / 5", all outside the reading order.
fn add_footers(
    fonts: &Fonts,
    kinds: &Kinds,
    faq: &Faq,
    pages: &mut [Vec<Part>],
) -> Result<(), layout::Overflow> {
    let n = pages.len();
    let small = &kinds.footer;
    for (k, page) in pages.iter_mut().enumerate() {
        let footer = flow(
            fonts,
            &format!("{} · {} / {n}", faq.footer, k + 1),
            small,
            faq.rtl,
        )?;
        let dy = PAGE.1 - 48.0 - footer.lines.first().map_or(0.0, |l| l.baseline);
        let footer = Block {
            lines: footer.lines.iter().map(|l| moved(l, dy)).collect(),
            ..footer
        };
        let mut artwork = format!(
            "<rect width=\"{}\" height=\"{}\" fill=\"#ffffff\"/><rect x=\"{MARGIN}\" y=\"{}\" width=\"{}\" height=\"1\" fill=\"{}\"/>",
            PAGE.0,
            PAGE.1,
            PAGE.1 - 70.0,
            PAGE.0 - 2.0 * MARGIN,
            kinds.rule
        );
        artwork.push_str(&text(&footer, small, fonts, faq.rtl));
        page.insert(
            0,
            Part {
                role: Role::Artifact,
                svg: page_svg(&artwork),
            },
        );
    }
    Ok(())
}

/// Where the embargo's first baseline sits: in the top margin, above the
/// title's (at [`TOP`] and its ascent), so a line wrapped in two still
/// ends above it.
const EMBARGO_BASELINE: f32 = 44.0;

/// Puts the embargo line at the head of every page as real text: on the
/// first page a paragraph read before the title, on the others a running
/// header in the page's artwork, outside the reading order (PDF/UA).
fn add_embargo(
    fonts: &Fonts,
    kind: &Kind,
    line: &str,
    rtl: bool,
    pages: &mut [Vec<Part>],
) -> Result<(), layout::Overflow> {
    let block = flow(fonts, line, kind, rtl)?;
    let dy = EMBARGO_BASELINE - block.lines.first().map_or(0.0, |l| l.baseline);
    let block = Block {
        lines: block.lines.iter().map(|l| moved(l, dy)).collect(),
        ..block
    };
    let element = text(&block, kind, fonts, rtl);
    for (k, page) in pages.iter_mut().enumerate() {
        if k == 0 {
            let part = Part {
                role: Role::Paragraph(Group::Embargo),
                svg: page_svg(&element),
            };
            page.insert(1.min(page.len()), part);
        } else if let Some(artwork) = page.first_mut() {
            // The artwork, put first by `add_footers`, ends with `</svg>`.
            let end = artwork.svg.len() - "</svg>".len();
            artwork.svg.insert_str(end, &element);
        }
    }
    Ok(())
}

/// Cuts a composed page SVG into parts: the artwork without the given text
/// elements, and each text element on its own (with the page's `<defs>`),
/// in the order given. `texts` names each element's id and its role; a
/// heading's text is looked up with `heading_text`.
pub fn split(
    svg: &str,
    texts: &[(&str, Role)],
    heading_text: &dyn Fn(&str) -> String,
) -> Result<Vec<Part>, roxmltree::Error> {
    let doc = roxmltree::Document::parse(svg)?;
    let root = doc.root_element();
    let open_end = svg[root.range()]
        .find('>')
        .map_or(0, |i| root.range().start + i + 1);
    let open = &svg[root.range().start..open_end];
    // Every `<defs>`, wherever it is: a mirrored right-to-left page has
    // its artwork, defs included, inside the flipping group, and a text
    // without the gradients its fill names would not be drawn at all.
    let defs: String = root
        .descendants()
        .filter(|n| n.tag_name().name() == "defs")
        .map(|n| &svg[n.range()])
        .collect();
    let mut ranges = Vec::new();
    let mut parts = Vec::new();
    for (id, role) in texts {
        let Some(n) = doc.descendants().find(|n| n.attribute("id") == Some(id)) else {
            continue;
        };
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
    let mut out = vec![Part {
        role: Role::Artifact,
        svg: without(svg, ranges),
    }];
    out.extend(parts);
    Ok(out)
}

/// The text with the given byte ranges removed.
fn without(text: &str, mut ranges: Vec<std::ops::Range<usize>>) -> String {
    ranges.sort_by_key(|r| r.start);
    let mut out = String::new();
    let mut pos = 0;
    for r in ranges {
        out.push_str(&text[pos..r.start]);
        pos = r.end;
    }
    out.push_str(&text[pos..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(baselines: &[f32], height: f32) -> Block {
        let line = |b: &f32| Line {
            text: format!("line at {b}"),
            runs: Vec::new(),
            x: 0.0,
            baseline: *b,
            width: 10.0,
            ink: (9.0, 3.0),
        };
        Block {
            size: 12.0,
            lines: baselines.iter().map(line).collect(),
            height,
        }
    }

    #[test]
    fn a_block_that_fits_is_moved_down_whole() {
        let (shown, rest) = cut(&block(&[10.0, 28.0], 34.0), TOP, 12.0);
        assert!(rest.is_none());
        let at: Vec<f32> = shown.lines.iter().map(|l| l.baseline).collect();
        assert_eq!(at, [TOP + 10.0, TOP + 28.0]);
    }

    #[test]
    fn a_paragraph_that_runs_past_the_foot_continues_from_its_first_baseline() {
        // From 40 px above the foot, two lines fit; the third does not.
        let y = BOTTOM - 40.0;
        let (shown, rest) = cut(&block(&[10.0, 28.0, 46.0, 64.0], 70.0), y, 12.0);
        assert_eq!(shown.lines.len(), 2);
        let rest = rest.expect("two lines are left");
        let at: Vec<f32> = rest.lines.iter().map(|l| l.baseline).collect();
        assert_eq!(at, [10.0, 28.0]);
        assert_eq!(rest.height, 70.0 - 36.0);
    }

    #[test]
    fn the_first_line_is_always_placed_so_nothing_loops() {
        let (shown, rest) = cut(&block(&[10.0, 28.0], 34.0), BOTTOM, 12.0);
        assert_eq!(shown.lines.len(), 1);
        assert_eq!(rest.map(|r| r.lines.len()), Some(1));
    }

    fn faq_pages(embargo: Option<&str>) -> Vec<Vec<Part>> {
        let palette = Palette {
            ink: "#111111".into(),
            paper: "#ffffff".into(),
            accent: "#aa0000".into(),
            muted: "#555555".into(),
            rule: "#cccccc".into(),
        };
        let answer = "An answer long enough to fill the page. ".repeat(60);
        let items: Vec<(String, String)> =
            (0..4).map(|i| (format!("Q{i}?"), answer.clone())).collect();
        let faq = Faq {
            title: "FAQ",
            items: &items,
            footer: "FAQ",
            embargo,
            rtl: false,
        };
        super::faq(crate::layout::testing::fonts(), &palette, &faq).expect("sets")
    }

    #[test]
    fn the_embargo_heads_every_page_read_first_on_the_first() {
        let line = "Embargo: not before 2026-12-10";
        let pages = faq_pages(Some(line));
        assert!(pages.len() > 1, "several pages");
        // Page one: the artwork, then the embargo's paragraph before the title.
        assert_eq!(pages[0][1].role, Role::Paragraph(Group::Embargo));
        assert!(pages[0][1].svg.contains("Embargo"), "{}", pages[0][1].svg);
        assert!(matches!(pages[0][2].role, Role::Heading(1, _)));
        // The others: a running header in the artwork.
        for page in &pages[1..] {
            assert_eq!(page[0].role, Role::Artifact);
            assert!(page[0].svg.contains("Embargo"), "{}", page[0].svg);
            assert!(
                page.iter()
                    .all(|p| p.role != Role::Paragraph(Group::Embargo))
            );
        }
        let plain = faq_pages(None);
        assert_eq!(plain.len(), pages.len());
        assert!(plain.iter().flatten().all(|p| !p.svg.contains("Embargo")));
    }

    #[test]
    fn split_keeps_the_artwork_apart_from_each_text_in_reading_order() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg"><defs><g id="d"/></defs><rect/><text id="b">B</text><text id="a">A</text></svg>"#;
        let order = [
            ("a", Role::Heading(1, String::new())),
            ("b", Role::Paragraph(Group::Slot("b"))),
            ("missing", Role::Paragraph(Group::Slot("missing"))),
        ];
        let parts = split(svg, &order, &|id| format!("heading {id}")).expect("parses");
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[0].role, Role::Artifact);
        assert!(!parts[0].svg.contains("<text"), "{}", parts[0].svg);
        assert_eq!(parts[1].role, Role::Heading(1, "heading a".to_owned()));
        assert!(parts[1].svg.contains("<defs>") && parts[1].svg.ends_with(">A</text></svg>"));
        assert_eq!(parts[2].role, Role::Paragraph(Group::Slot("b")));
    }

    #[test]
    fn a_text_keeps_the_defs_of_a_mirrored_page() {
        // A right-to-left page flips its artwork, defs and all, in a group.
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg"><g transform="matrix(-1 0 0 1 100 0)"><defs><linearGradient id="ink"/></defs><rect/><g transform="matrix(-1 0 0 1 100 0)"><text id="t" fill="url(#ink)">T</text></g></g></svg>"##;
        let order = [("t", Role::Paragraph(Group::Slot("t")))];
        let parts = split(svg, &order, &|_| String::new()).expect("parses");
        assert!(
            parts[1].svg.contains("<linearGradient id=\"ink\"/>"),
            "{}",
            parts[1].svg
        );
    }
}
