//! Contact sheets: every card of a language at a glance, a quarter of its
//! size, grouped by format, each named under its thumbnail (message,
//! format, slide), for review by email or in a pull request.
//!
//! `out/contact-sheet-<lang>.png`; when one sheet would be taller than
//! [`MAX_HEIGHT`] or larger than [`MAX_PIXELS`], one sheet per format
//! instead (`contact-sheet-<lang>-<format>.png`), and numbered sheets of a
//! format past that (`-1`, `-2`…). Made from the cards' PNGs as built, so
//! a sheet shows exactly what was written. Pure: a function of the cards
//! and their bytes, the same bytes for the same cards. It gets the bytes
//! from the build's `write::Tree`, writes no file and checks nothing about
//! the cards.

use std::fmt::Write as _;
use std::io::Write as _;

use rayon::prelude::*;
use resvg::tiny_skia::{Color, Pixmap, PixmapPaint, Transform};

use crate::build::Entry;
use crate::compose::{num, text_element};
use crate::error::Bug;
use crate::fonts::{FaceId, Fonts};
use crate::layout::{self, Anchor, Breaking, Rect, Spacing, TextStyle, VAlign};
use crate::render;
use crate::template::TextSlot;
use crate::write::Tree;

/// A thumbnail is the card shrunk this many times each way, so every
/// thumbnail shows its card's true size against the others.
const SCALE: u32 = 4;
/// The pixels of a whole block.
const BLOCK: u32 = SCALE * SCALE;
// A sample summed over a block's rows fits a u16 (`Image::add_opaque_rows`).
const _: () = assert!(SCALE * 255 <= u16::MAX as u32);
/// The room around the sheet, between thumbnails, and between rows.
const MARGIN: u32 = 40;
const GAP: u32 = 28;
const ROW_GAP: u32 = 20;
/// The heights of the sheet's title, of a format's heading, and of the
/// label under a thumbnail (a name on up to two lines, then the format).
const TITLE_H: u32 = 76;
const SECTION_H: u32 = 56;
const LABEL_H: u32 = 78;
/// How wide a sheet may grow to fit its rows, and how narrow it may be.
const MAX_WIDTH: u32 = 2400;
const MIN_WIDTH: u32 = 960;
/// Past these, a language's cards go on one sheet per format.
pub const MAX_HEIGHT: u32 = 8000;
pub const MAX_PIXELS: u64 = 40_000_000;

/// The sheet's colours (its background is [`paper`]): the thumbnails'
/// frames, titles and names, and the formats under them.
const FRAME: &str = "#b9b6ae";
const INK: &str = "#1d1d1f";
const MUTED: &str = "#5b5b60";

/// The sheets of `cards`, to draw one at a time with [`draw_sheet`]: each
/// is drawn, written and let go before the next, so no build holds all of
/// its sheets at once. `title` heads each sheet (the campaign's name).
/// None when the project has no font at all (then no card has text).
pub fn sheets<'a>(title: &str, cards: &'a [Entry], fonts: &Fonts) -> Vec<Page<'a>> {
    match Faces::of(fonts) {
        Some(_) => pages(title, cards),
        None => Vec::new(),
    }
}

/// Where a sheet's thumbnails come from: each card's PNG, read from
/// `files` and shrunk, unless `thumbs` has its thumbnail already, under the
/// card's path (see [`thumbnail_png`]).
pub struct Sources<'a> {
    pub files: &'a dyn Tree,
    pub thumbs: &'a dyn Tree,
}

/// One sheet drawn and encoded as PNG.
pub fn draw_sheet(page: &Page, from: &Sources, fonts: &Fonts) -> Result<Vec<u8>, Bug> {
    let Some(faces) = Faces::of(fonts) else {
        return Err(Bug::new(
            format!("drawing {}", page.file),
            "the project has no font",
        ));
    };
    draw(page, from, fonts, &faces)
}

/// One sheet to draw: its file name, its title and its sections.
pub struct Page<'a> {
    pub file: String,
    pub title: String,
    sections: Vec<Section<'a>>,
}

impl Page<'_> {
    /// The cards on the sheet, in order.
    pub fn cards(&self) -> impl Iterator<Item = &Entry> {
        self.sections.iter().flat_map(|s| s.cards.iter().copied())
    }
}

/// A format's cards on a sheet, in build order.
struct Section<'a> {
    format: &'a str,
    cards: Vec<&'a Entry>,
}

/// The sheets of every language: one each, or one per format where one
/// would be too large, and a format's cards on as many sheets as it takes
/// where even one per format would be (`-1`, `-2`…).
fn pages<'a>(title: &str, cards: &'a [Entry]) -> Vec<Page<'a>> {
    let mut out = Vec::new();
    for (lang, sections) in by_language(cards) {
        let count: usize = sections.iter().map(|s| s.cards.len()).sum();
        let whole = Page {
            file: format!("contact-sheet-{lang}.png"),
            title: format!("{title} · {lang} · {}", counted(count)),
            sections,
        };
        if fits(&whole.sections) {
            out.push(whole);
            continue;
        }
        for section in whole.sections {
            out.extend(format_pages(title, lang, section));
        }
    }
    out
}

/// Whether sections fit on one sheet.
fn fits(sections: &[Section]) -> bool {
    let grid = Grid::of(sections);
    grid.height <= MAX_HEIGHT && u64::from(grid.width) * u64::from(grid.height) <= MAX_PIXELS
}

/// A format's sheets: one, or as many as its cards need, each as full as
/// fits, so no sheet (and no drawing of one) grows with the campaign.
fn format_pages<'a>(title: &str, lang: &str, section: Section<'a>) -> Vec<Page<'a>> {
    let format = section.format;
    let mut per_page = section.cards.len();
    while per_page > 1
        && !fits(&[Section {
            format,
            cards: section.cards[..per_page].to_vec(),
        }])
    {
        per_page = per_page.div_ceil(2);
    }
    let chunks: Vec<&[&Entry]> = section.cards.chunks(per_page).collect();
    let n = chunks.len();
    let page = |(k, cards): (usize, &[&'a Entry])| {
        let (file, heading) = match n {
            1 => (
                format!("contact-sheet-{lang}-{format}.png"),
                format!("{title} · {lang} · {format}"),
            ),
            _ => (
                format!("contact-sheet-{lang}-{format}-{}.png", k + 1),
                format!("{title} · {lang} · {format} · {} / {n}", k + 1),
            ),
        };
        Page {
            file,
            title: heading,
            sections: vec![Section {
                format,
                cards: cards.to_vec(),
            }],
        }
    };
    chunks.into_iter().enumerate().map(page).collect()
}

/// The cards grouped by language, then format, each in the order built.
fn by_language(cards: &[Entry]) -> Vec<(&str, Vec<Section<'_>>)> {
    let mut out: Vec<(&str, Vec<Section>)> = Vec::new();
    for card in cards {
        let at = match out.iter().position(|(l, _)| *l == card.language) {
            Some(i) => i,
            None => {
                out.push((&card.language, Vec::new()));
                out.len() - 1
            }
        };
        let sections = &mut out[at].1;
        match sections.iter_mut().find(|s| s.format == card.format) {
            Some(s) => s.cards.push(card),
            None => sections.push(Section {
                format: &card.format,
                cards: vec![card],
            }),
        }
    }
    out
}

/// "1 card", "105 cards".
fn counted(n: usize) -> String {
    match n {
        1 => "1 card".to_owned(),
        n => format!("{n} cards"),
    }
}

/// Where everything on a sheet goes, in sheet pixels.
#[derive(Debug, PartialEq)]
struct Grid {
    width: u32,
    height: u32,
    /// Each section's heading's top.
    headings: Vec<u32>,
    /// Each card's thumbnail: its top-left corner and size, in the order
    /// of the sections' cards.
    cells: Vec<Cell>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct Cell {
    x: u32,
    y: u32,
    w: u32,
    h: u32,
}

/// A thumbnail's side for a card's side.
fn thumb(side: u32) -> u32 {
    side.div_ceil(SCALE)
}

/// How many thumbnails of a width fit a row of the widest sheet.
fn columns(w: u32, n: usize) -> u32 {
    let room = (MAX_WIDTH - 2 * MARGIN + GAP) / (w + GAP);
    room.clamp(1, n.max(1) as u32)
}

impl Grid {
    /// Lays the sections out under the title, each a heading and rows of
    /// as many thumbnails as fit the widest sheet.
    fn of(sections: &[Section]) -> Grid {
        let mut grid = Grid {
            width: MIN_WIDTH,
            height: 0,
            headings: Vec::new(),
            cells: Vec::new(),
        };
        let mut y = MARGIN + TITLE_H;
        for s in sections {
            let (w, h) = s.cards.first().map_or((1, 1), |c| (c.width, c.height));
            let (w, h) = (thumb(w), thumb(h));
            let cols = columns(w, s.cards.len());
            grid.width = grid.width.max(2 * MARGIN + cols * w + (cols - 1) * GAP);
            grid.headings.push(y);
            y += SECTION_H;
            let row = h + LABEL_H + ROW_GAP;
            for i in 0..s.cards.len() as u32 {
                let (col, r) = (i % cols, i / cols);
                let at = (MARGIN + col * (w + GAP), y + r * row);
                // A card of another size than its format's first keeps its
                // own (a defined format is one size, so this is a guard).
                let card = s.cards[i as usize];
                let (cw, ch) = (thumb(card.width).min(w), thumb(card.height).min(h));
                grid.cells.push(Cell {
                    x: at.0,
                    y: at.1,
                    w: cw,
                    h: ch,
                });
            }
            y += (s.cards.len() as u32).div_ceil(cols) * row;
        }
        grid.height = y + MARGIN - ROW_GAP;
        grid
    }
}

/// The faces names are set in: Noto Sans, bold and regular, when the
/// project's fonts have it; else any face they have.
struct Faces {
    bold: FaceId,
    regular: FaceId,
}

impl Faces {
    fn of(fonts: &Fonts) -> Option<Faces> {
        let face = |w| fonts.resolve(&["Noto Sans".to_owned()], w, false);
        let any = fonts.db().faces().next().map(|f| f.id);
        let regular = face(400).or(any)?;
        Some(Faces {
            bold: face(700).unwrap_or(regular),
            regular,
        })
    }
}

/// A sheet drawn and encoded: the paper, the thumbnails, then the
/// frames, title, headings and names over them.
fn draw(page: &Page, from: &Sources, fonts: &Fonts, faces: &Faces) -> Result<Vec<u8>, Bug> {
    let grid = Grid::of(&page.sections);
    let doing = || format!("drawing {}", page.file);
    let mut sheet = Pixmap::new(grid.width, grid.height)
        .ok_or_else(|| Bug::new(doing(), "the sheet has no area"))?;
    sheet.fill(paper());
    let cards: Vec<&Entry> = page.cards().collect();
    let thumbs: Vec<Result<Pixmap, Bug>> =
        cards.par_iter().map(|card| thumbnail(card, from)).collect();
    for (thumb, cell) in thumbs.into_iter().zip(&grid.cells) {
        paste(&mut sheet, &thumb?, cell);
    }
    let svg = words(page, &grid, &cards, fonts, faces);
    let tree = resvg::usvg::Tree::from_str(&svg, &render::options(fonts.db()))
        .map_err(|e| Bug::new(doing(), e))?;
    resvg::render(&tree, Transform::identity(), &mut sheet.as_mut());
    encode(&sheet).map_err(|e| Bug::new(doing(), e))
}

/// A sheet as an RGB PNG (its paper is opaque), at deflate's fast level:
/// a sheet is many megapixels of detailed thumbnails, which the cards'
/// balanced level packs 2 times smaller but 8 times slower (measured on
/// the shipped campaign: 0.42 s against 0.05 s for 13 megapixels). Written
/// a row at a time: the whole sheet as RGB, filtered and deflated had been
/// three copies of it at once, 190 MB at the peak of a 1,000-card build.
/// Each row Paeth-filtered: the filter chosen row by row gave 3% fewer
/// bytes in a third more time, on one core at the end of a build (the
/// bench's sheet of 100 cards: 5.46 MB in 129 ms against 5.64 MB in 96).
fn encode(sheet: &Pixmap) -> Result<Vec<u8>, png::EncodingError> {
    encode_with(sheet, png::Filter::Paeth)
}

/// `encode`, each row with `filter`.
fn encode_with(sheet: &Pixmap, filter: png::Filter) -> Result<Vec<u8>, png::EncodingError> {
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, sheet.width(), sheet.height());
    enc.set_color(png::ColorType::Rgb);
    enc.set_depth(png::BitDepth::Eight);
    enc.set_compression(png::Compression::Fast);
    enc.set_filter(filter);
    let mut writer = enc.write_header()?;
    let mut stream = writer.stream_writer()?;
    let width = sheet.width() as usize;
    let mut rgb = vec![0; width * 3];
    for row in sheet.data().chunks_exact(width * 4) {
        render::rgb_row(row, &mut rgb);
        stream.write_all(&rgb)?;
    }
    stream.finish()?;
    writer.finish()?;
    Ok(out)
}

/// The sheet's background colour.
fn paper() -> Color {
    Color::from_rgba8(0xf2, 0xf1, 0xee, 0xff)
}

/// A card's thumbnail: the one made when it was drawn, else its PNG
/// decoded and shrunk [`SCALE`] times.
///
/// Decoded with the png crate into its own 8-bit channels, not through
/// tiny-skia's `decode_png`, which converts every pixel to premultiplied
/// RGBA first: measured on the shipped cards, 4 ms a card instead of 17.
fn thumbnail(card: &Entry, from: &Sources) -> Result<Pixmap, Bug> {
    let doing = || format!("making the contact sheet's thumbnail of {}", card.png);
    let made = from
        .thumbs
        .read(&card.png)
        .map_err(|e| Bug::new(doing(), e))?;
    if let Some(png) = made {
        let (pixels, frame) = decode(&png).map_err(|e| Bug::new(doing(), e))?;
        let image = Image::of(&pixels, &frame);
        return unshrunk(&image)
            .ok_or_else(|| Bug::new(doing(), "the thumbnail is not opaque RGB"));
    }
    let png = from
        .files
        .read(&card.png)
        .map_err(|e| Bug::new(doing(), e))?
        .ok_or_else(|| Bug::new(doing(), "its PNG is not among the built files"))?;
    let (pixels, frame) = decode(&png).map_err(|e| Bug::new(doing(), e))?;
    shrink(&Image::of(&pixels, &frame))
        .ok_or_else(|| Bug::new(doing(), "the thumbnail has no area"))
}

/// A PNG's pixels as 8-bit samples, and how they are laid out.
fn decode(png: &[u8]) -> Result<(Vec<u8>, png::OutputInfo), png::DecodingError> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(png));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info()?;
    let size = reader.output_buffer_size().unwrap_or(0);
    let mut pixels = vec![0; size];
    let frame = reader.next_frame(&mut pixels)?;
    pixels.truncate(frame.buffer_size());
    Ok((pixels, frame))
}

/// A card's thumbnail, made while its pixels are at hand, as an RGB PNG:
/// the sheet then need not decode the card again (decoding and shrinking
/// at the end had been about a tenth of the bench's 100-card build). The
/// same pixels as the card's PNG shrunk, so a sheet has the same bytes
/// whether its cards were drawn now or taken from the cache; hence only
/// for an opaque card, whose PNG holds the pixmap's own values (a
/// translucent card's PNG has them unpremultiplied, rounded). None for a
/// translucent card.
pub fn thumbnail_png(card: &Pixmap) -> Option<Vec<u8>> {
    let image = Image {
        pixels: card.data(),
        width: card.width(),
        height: card.height(),
        channels: 4,
        stride: card.width() as usize * 4,
        opaque: true,
    };
    // Unfiltered: the sheet decodes it again, and unfiltering had been a
    // third of that.
    encode_with(&shrink(&image)?, png::Filter::NoFilter).ok()
}

/// An opaque thumbnail's pixels as they are, not shrunk.
fn unshrunk(image: &Image) -> Option<Pixmap> {
    if image.channels != 3 {
        return None;
    }
    let mut out = Pixmap::new(image.width, image.height)?;
    let width = image.width as usize;
    let rows = image.pixels.chunks_exact(image.stride);
    for (to, from) in out.data_mut().chunks_exact_mut(width * 4).zip(rows) {
        for (t, f) in to.chunks_exact_mut(4).zip(from.chunks_exact(3)) {
            t.copy_from_slice(&[f[0], f[1], f[2], 255]);
        }
    }
    Some(out)
}

/// A thumbnail put on the sheet at its cell: an opaque one copied row by
/// row (what drawing it would give, without tiny-skia's pattern pipeline,
/// which had taken about 50 ms of the bench's single-threaded tail), else
/// drawn over the paper.
fn paste(sheet: &mut Pixmap, thumb: &Pixmap, cell: &Cell) {
    let (x, y) = (cell.x as usize, cell.y as usize);
    let (w, sw) = (thumb.width() as usize * 4, sheet.width() as usize * 4);
    let fits = cell.x + thumb.width() <= sheet.width() && cell.y + thumb.height() <= sheet.height();
    if !fits || !render::opaque(thumb) {
        let paint = PixmapPaint::default();
        let (x, y) = (cell.x as i32, cell.y as i32);
        sheet.draw_pixmap(x, y, thumb.as_ref(), &paint, Transform::identity(), None);
        return;
    }
    let rows = sheet.data_mut()[y * sw..].chunks_exact_mut(sw);
    for (to, from) in rows.zip(thumb.data().chunks_exact(w)) {
        to[x * 4..x * 4 + w].copy_from_slice(from);
    }
}

/// Decoded rows of 8-bit samples: grey, grey and alpha, RGB or RGBA.
struct Image<'a> {
    pixels: &'a [u8],
    width: u32,
    height: u32,
    channels: usize,
    stride: usize,
    /// Taken to be opaque (a pixmap's RGBA): its samples are summed as
    /// they are, and shrinking it fails at an alpha that is not 255.
    opaque: bool,
}

impl<'a> Image<'a> {
    /// A decoded PNG's samples.
    fn of(pixels: &'a [u8], frame: &png::OutputInfo) -> Image<'a> {
        Image {
            pixels,
            width: frame.width,
            height: frame.height,
            channels: frame.color_type.samples(),
            stride: frame.line_size,
            opaque: false,
        }
    }
}

impl Image<'_> {
    /// The pixel at `x` of a row, premultiplied by its alpha.
    fn premultiplied(&self, row: &[u8], x: usize) -> [u32; 4] {
        let p = &row[x * self.channels..(x + 1) * self.channels];
        let (rgb, a) = match *p {
            [g] => ([g; 3], 255),
            [g, a] => ([g; 3], a),
            [r, g, b] => ([r, g, b], 255),
            [r, g, b, a, ..] => ([r, g, b], a),
            [] => ([0; 3], 0),
        };
        let a = u32::from(a);
        let m = |c: u8| (u32::from(c) * a + 127) / 255;
        [m(rgb[0]), m(rgb[1]), m(rgb[2]), a]
    }
}

impl Image<'_> {
    /// Adds the premultiplied pixels of `rows` into the sums of the blocks
    /// they fall in, each sum four channels.
    fn add_rows(
        &self,
        rows: std::ops::Range<usize>,
        sum: &mut [u32],
        column: &mut [u16],
    ) -> Option<()> {
        if self.channels == 3 || (self.opaque && self.channels == 4) {
            return self.add_opaque_rows(rows, sum, column);
        }
        let scale = SCALE as usize;
        for y in rows {
            let row = self.pixels.get(y * self.stride..)?;
            for x in 0..self.width as usize {
                let p = self.premultiplied(row, x);
                let at = (x / scale) * 4;
                for c in 0..4 {
                    sum[at + c] += p[c];
                }
            }
        }
        Some(())
    }

    /// Opaque RGB, what handbill writes for a card (or an opaque pixmap's
    /// RGBA, its alphas all 255), kept fast: the rows are added column by
    /// column first (`column`, one sum a sample, which the compiler
    /// vectorizes), then each block's columns into its sum.
    fn add_opaque_rows(
        &self,
        rows: std::ops::Range<usize>,
        sum: &mut [u32],
        column: &mut [u16],
    ) -> Option<()> {
        let (scale, channels) = (SCALE as usize, self.channels);
        let width = self.width as usize * channels;
        let column = column.get_mut(..width)?;
        let count = rows.len() as u32;
        self.add_columns(rows, column)?;
        for (block, at) in column.chunks(channels * scale).zip(sum.chunks_exact_mut(4)) {
            for p in block.chunks_exact(channels) {
                at[0] += u32::from(p[0]);
                at[1] += u32::from(p[1]);
                at[2] += u32::from(p[2]);
                // A pixmap's alphas, checked as they are summed.
                if channels == 4 && u32::from(p[3]) != 255 * count {
                    return None;
                }
            }
            at[3] += 255 * count * (block.len() / channels) as u32;
        }
        Some(())
    }

    /// Each sample of `rows` summed down the rows into `column`: a whole
    /// block's four rows in one pass, which the compiler vectorizes.
    fn add_columns(&self, rows: std::ops::Range<usize>, column: &mut [u16]) -> Option<()> {
        let width = column.len();
        let row = |y: usize| self.pixels.get(y * self.stride..)?.get(..width);
        // The four rows of a whole block (SCALE is 4).
        const _: () = assert!(SCALE == 4);
        if rows.len() == 4 {
            let (a, b, c, d) = (
                row(rows.start)?,
                row(rows.start + 1)?,
                row(rows.start + 2)?,
                row(rows.start + 3)?,
            );
            let quads = a.iter().zip(b).zip(c).zip(d);
            for (col, (((&a, &b), &c), &d)) in column.iter_mut().zip(quads) {
                *col = u16::from(a) + u16::from(b) + u16::from(c) + u16::from(d);
            }
            return Some(());
        }
        column.fill(0);
        for y in rows {
            for (c, &v) in column.iter_mut().zip(row(y)?) {
                *c += u16::from(v);
            }
        }
        Some(())
    }
}

/// Each `SCALE`×`SCALE` block of pixels averaged into one (the blocks at
/// the right and bottom edges over the pixels they have), row by row.
///
/// Written by hand: tiny-skia has no area filter, and its bicubic filter
/// shrinking fourfold in one step skips three pixels in four, so thin
/// letters break up; averaging keeps them (as `photo/crop.rs` does).
fn shrink(image: &Image) -> Option<Pixmap> {
    let (w, h) = (image.width as usize, image.height as usize);
    let mut out = Pixmap::new(thumb(image.width), thumb(image.height))?;
    let scale = SCALE as usize;
    let tw = out.width() as usize;
    let mut sum = vec![0u32; tw * 4];
    // A sample's sum over a block's rows: at most SCALE × 255, a u16.
    let mut column = vec![0u16; w * image.channels.max(3)];
    for (ty, dst) in out.data_mut().chunks_exact_mut(tw * 4).enumerate() {
        let rows = (ty * scale)..((ty + 1) * scale).min(h);
        sum.fill(0);
        image.add_rows(rows.clone(), &mut sum, &mut column)?;
        for (tx, (px, sum)) in dst.chunks_exact_mut(4).zip(sum.chunks_exact(4)).enumerate() {
            let n = (rows.len() * (w.min((tx + 1) * scale) - tx * scale)) as u32;
            // Rounded; premultiplied channels stay within their alpha. A
            // whole block divides by a constant, which compiles to a shift
            // (a division for every sample had been most of the shrinking).
            let average = |s: u32| match n {
                BLOCK => (s + BLOCK / 2) / BLOCK,
                n => (s + n / 2) / n,
            };
            for (p, &s) in px.iter_mut().zip(sum) {
                *p = average(s) as u8;
            }
        }
    }
    Some(out)
}

/// The SVG drawn over the thumbnails: a frame round each, the sheet's
/// title, each format's heading and each card's name.
fn words(page: &Page, grid: &Grid, cards: &[&Entry], fonts: &Fonts, faces: &Faces) -> String {
    let (w, h) = (grid.width, grid.height);
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\">"
    );
    let line = Writer { fonts, faces };
    let title_box = Rect {
        x: MARGIN as f32,
        y: MARGIN as f32,
        w: (w - 2 * MARGIN) as f32,
        h: 44.0,
    };
    svg.push_str(&line.text(&page.title, title_box, 32.0, true, INK).0);
    for (s, &top) in page.sections.iter().zip(&grid.headings) {
        let first = s.cards.first().map_or((0, 0), |c| (c.width, c.height));
        let heading = format!(
            "{} · {}×{} · {}",
            s.format,
            first.0,
            first.1,
            counted(s.cards.len())
        );
        let bx = Rect {
            y: top as f32 + 8.0,
            h: 32.0,
            ..title_box
        };
        svg.push_str(&line.text(&heading, bx, 24.0, true, INK).0);
    }
    for (card, cell) in cards.iter().zip(&grid.cells) {
        svg.push_str(&frame(cell));
        svg.push_str(&line.label(card, cell));
    }
    svg.push_str("</svg>");
    svg
}

/// A thin frame just outside a thumbnail, so a white card stands out from
/// the paper.
fn frame(c: &Cell) -> String {
    format!(
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"{FRAME}\" stroke-width=\"1\"/>",
        num(c.x as f32 - 0.5),
        num(c.y as f32 - 0.5),
        c.w + 1,
        c.h + 1
    )
}

/// Sets names on the sheet with the layout engine the cards use.
struct Writer<'a> {
    fonts: &'a Fonts,
    faces: &'a Faces,
}

impl Writer<'_> {
    /// A card's name under its thumbnail: the message (on up to two
    /// lines, smaller if it must), then its format and slide.
    fn label(&self, card: &Entry, cell: &Cell) -> String {
        let (name, detail) = label_text(card);
        let bx = |dy: f32, h: f32| Rect {
            x: cell.x as f32,
            y: (cell.y + cell.h) as f32 + dy,
            w: cell.w as f32,
            h,
        };
        let (mut out, bottom) = self.text(&name, bx(8.0, 46.0), 19.0, true, INK);
        let below = bottom - (cell.y + cell.h) as f32 + 4.0;
        out.push_str(&self.text(&detail, bx(below, 20.0), 15.0, false, MUTED).0);
        out
    }

    /// A text fitted to a box at `size` (down to two thirds of it), on as
    /// many lines as fit; where even that does not fit, cut to one line.
    /// Returns the `<text>` and where its block ends.
    fn text(&self, text: &str, bx: Rect, size: f32, bold: bool, fill: &str) -> (String, f32) {
        let face = if bold {
            self.faces.bold
        } else {
            self.faces.regular
        };
        let style = TextStyle {
            face,
            max_size: size,
            min_size: (size * 2.0 / 3.0).floor(),
            line_height: 1.2,
            letter_spacing: Spacing::Px(0.0),
            anchor: Anchor::Start,
            valign: VAlign::Top,
            max_lines: None,
        };
        let css = vec![
            (
                "font-family".to_owned(),
                format!("'{}'", self.fonts.family(face)),
            ),
            (
                "font-weight".to_owned(),
                if bold { "700" } else { "400" }.to_owned(),
            ),
            ("fill".to_owned(), fill.to_owned()),
        ];
        let block = layout::fit(self.fonts, text, &style, bx, Breaking::default()).or_else(|_| {
            let tall = Rect { h: 1000.0, ..bx };
            layout::fit(
                self.fonts,
                &cut(text, bx.w, size),
                &style,
                tall,
                Breaking::default(),
            )
        });
        match block {
            Ok(block) => {
                let bottom = bx.y + block.height;
                let slot = TextSlot::plain(style, css);
                let element = text_element(&slot, &block, Anchor::Start, self.fonts, false);
                (element, bottom)
            }
            Err(_) => (String::new(), bx.y),
        }
    }
}

/// A text cut short enough to fit `width` at about half an em a
/// character, with an ellipsis.
fn cut(text: &str, width: f32, size: f32) -> String {
    let keep = ((width / (size * 0.55)) as usize).max(2);
    if text.chars().count() <= keep {
        return text.to_owned();
    }
    let mut short: String = text.chars().take(keep - 1).collect();
    short.push('…');
    short
}

/// What is written under a card: its message, then its format and, for a
/// carousel, its slide.
fn label_text(card: &Entry) -> (String, String) {
    let mut detail = card.format.clone();
    if let (Some(slide), Some(slides)) = (card.slide, card.slides) {
        let _ = write!(detail, " · slide {slide}/{slides}");
    }
    (card.message.clone(), detail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::campaign::{Direction, Status};

    fn entry(message: &str, format: &str, (width, height): (u32, u32)) -> Entry {
        Entry {
            message: message.into(),
            audience: "everyone".into(),
            kind: "statement".into(),
            language: "en".into(),
            text_language: "en".into(),
            fallback: false,
            direction: Direction::Ltr,
            status: Status::Reviewed,
            format: format.into(),
            platforms: Vec::new(),
            width,
            height,
            slide: None,
            slides: None,
            png: format!("cards/en/{format}/{message}.png"),
            caption: String::new(),
            short_caption: None,
            alt: String::new(),
            svg: None,
            bytes: 0,
            sha256: String::new(),
        }
    }

    #[test]
    fn a_grid_puts_as_many_thumbnails_in_a_row_as_fit_and_wraps() {
        let cards: Vec<Entry> = (0..9)
            .map(|i| entry(&format!("m{i}"), "instagram-square", (1080, 1080)))
            .collect();
        let sections = vec![Section {
            format: "instagram-square",
            cards: cards.iter().collect(),
        }];
        let grid = Grid::of(&sections);
        // 270 px thumbnails, 28 px apart: 7 fit in 2400 - 80.
        assert_eq!(columns(270, 9), 7);
        assert_eq!(
            grid.cells[0],
            Cell {
                x: 40,
                y: 40 + TITLE_H + SECTION_H,
                w: 270,
                h: 270
            }
        );
        assert_eq!(grid.cells[6].x, 40 + 6 * 298);
        assert_eq!(grid.cells[7].x, 40, "the eighth starts a new row");
        assert_eq!(grid.cells[7].y, grid.cells[0].y + 270 + LABEL_H + ROW_GAP);
        assert_eq!(grid.width, 80 + 7 * 270 + 6 * 28);
        assert_eq!(grid.height, grid.cells[7].y + 270 + LABEL_H + MARGIN);
    }

    #[test]
    fn a_few_cards_make_a_narrow_sheet_and_each_format_its_own_rows() {
        let cards = [
            entry("a", "story", (1080, 1920)),
            entry("b", "x", (1600, 900)),
        ];
        let sections = by_language(&cards).remove(0).1;
        assert_eq!(sections.len(), 2);
        let grid = Grid::of(&sections);
        assert_eq!(grid.width, MIN_WIDTH);
        assert_eq!(grid.cells[1].h, 225);
        assert_eq!(grid.headings[1], grid.cells[0].y + 480 + LABEL_H + ROW_GAP);
    }

    #[test]
    fn a_format_too_large_for_one_sheet_goes_on_several_each_within_the_limits() {
        let cards: Vec<Entry> = (0..1000)
            .map(|i| entry(&format!("m{i}"), "instagram-square", (1080, 1080)))
            .collect();
        let many = pages("Camp", &cards);
        assert!(many.len() > 2, "{} sheets", many.len());
        assert_eq!(many[0].file, "contact-sheet-en-instagram-square-1.png");
        let n = many.len();
        assert_eq!(
            many[n - 1].title,
            format!("Camp · en · instagram-square · {n} / {n}")
        );
        let on_sheets: usize = many.iter().map(|p| p.sections[0].cards.len()).sum();
        assert_eq!(on_sheets, 1000, "every card on a sheet, once");
        assert!(many.iter().all(|p| fits(&p.sections)));
        // Full sheets: no more of them than needed, but for the last.
        let per = many[0].sections[0].cards.len();
        assert!(!fits(&[Section {
            format: "instagram-square",
            cards: cards.iter().take(per * 2).collect()
        }]));
    }

    #[test]
    fn too_many_cards_for_one_sheet_go_on_one_sheet_per_format() {
        let mut cards = Vec::new();
        for format in ["story", "instagram-square"] {
            for i in 0..60 {
                cards.push(entry(&format!("m{i}"), format, (1080, 1920)));
            }
        }
        let many = pages("Camp", &cards);
        let names: Vec<&str> = many.iter().map(|p| p.file.as_str()).collect();
        assert_eq!(
            names,
            [
                "contact-sheet-en-story.png",
                "contact-sheet-en-instagram-square.png"
            ]
        );
        let few = pages("Camp", &cards[..3]);
        assert_eq!(few.len(), 1);
        assert_eq!(few[0].file, "contact-sheet-en.png");
        assert_eq!(few[0].title, "Camp · en · 3 cards");
    }

    #[test]
    fn a_label_names_the_message_format_and_slide() {
        let mut card = entry("how-it-works", "story", (1080, 1920));
        assert_eq!(label_text(&card), ("how-it-works".into(), "story".into()));
        (card.slide, card.slides) = (Some(2), Some(5));
        assert_eq!(label_text(&card).1, "story · slide 2/5");
    }

    #[test]
    fn shrinking_averages_each_block_of_pixels() {
        // 8×5 RGB, white; the left half of the first block black.
        let mut pixels = vec![255u8; 8 * 5 * 3];
        for y in 0..4 {
            for x in 0..2 {
                pixels[(y * 8 + x) * 3..][..3].fill(0);
            }
        }
        let image = Image {
            pixels: &pixels,
            width: 8,
            height: 5,
            channels: 3,
            stride: 8 * 3,
            opaque: false,
        };
        let small = shrink(&image).expect("shrunk");
        assert_eq!((small.width(), small.height()), (2, 2));
        let at = |x, y| small.pixel(x, y).expect("inside");
        assert_eq!((at(0, 0).red(), at(0, 0).alpha()), (128, 255));
        assert_eq!(at(1, 0).red(), 255);
        assert_eq!(at(0, 1).red(), 255, "the last row is a block of one row");
    }

    #[test]
    fn a_transparent_pixel_counts_for_nothing_but_its_alpha() {
        // Two RGBA pixels, opaque red and transparent green: half-opaque red.
        let pixels = [255, 0, 0, 255, 0, 255, 0, 0];
        let image = Image {
            pixels: &pixels,
            width: 2,
            height: 1,
            channels: 4,
            stride: 8,
            opaque: false,
        };
        let px = shrink(&image)
            .expect("shrunk")
            .pixel(0, 0)
            .expect("a pixel");
        assert_eq!((px.red(), px.green(), px.alpha()), (128, 0, 128));
    }

    /// An opaque card of many colours: every block of it differs.
    fn card(w: u32, h: u32) -> Pixmap {
        let mut card = Pixmap::new(w, h).expect("a card");
        for (i, p) in card.data_mut().chunks_exact_mut(4).enumerate() {
            let (x, y) = (i as u32 % w, i as u32 / w);
            p.copy_from_slice(&[(x * 7 + y) as u8, (y * 13) as u8, (x ^ y) as u8, 255]);
        }
        card
    }

    #[test]
    fn a_thumbnail_made_from_the_pixels_is_the_one_made_from_the_png() {
        // Blocks cut short at the right and the bottom; a card PNG with a
        // palette, then one of more than 256 colours, in RGB.
        for (w, h, colour) in [(10, 7, 3), (24, 20, 2)] {
            let card = card(w, h);
            let png = render::encode_png(&card).expect("encoded");
            assert_eq!(png[25], colour, "IHDR's colour type");
            let (pixels, frame) = decode(&png).expect("decoded");
            let from_png = shrink(&Image::of(&pixels, &frame)).expect("shrunk");
            let made = thumbnail_png(&card).expect("an opaque card has one");
            let (pixels, frame) = decode(&made).expect("decoded");
            let from_pixels = unshrunk(&Image::of(&pixels, &frame)).expect("opaque RGB");
            assert_eq!(from_pixels.width(), w.div_ceil(SCALE));
            assert_eq!(from_pixels.height(), h.div_ceil(SCALE));
            assert_eq!(from_pixels.data(), from_png.data(), "{w}×{h}");
        }
    }

    #[test]
    fn a_translucent_card_has_no_thumbnail_made_from_its_pixels() {
        let mut card = card(8, 8);
        card.data_mut()[4 * 9 + 3] = 254;
        assert!(thumbnail_png(&card).is_none());
    }

    #[test]
    fn pasting_an_opaque_thumbnail_is_drawing_it() {
        let thumb = card(5, 3);
        let cell = Cell {
            x: 2,
            y: 1,
            w: 5,
            h: 3,
        };
        let mut pasted = Pixmap::new(9, 6).expect("a sheet");
        pasted.fill(paper());
        let mut drawn = pasted.clone();
        paste(&mut pasted, &thumb, &cell);
        let paint = PixmapPaint::default();
        drawn.draw_pixmap(2, 1, thumb.as_ref(), &paint, Transform::identity(), None);
        assert_eq!(pasted.data(), drawn.data());
    }

    #[test]
    fn a_name_too_long_is_cut_with_an_ellipsis() {
        assert_eq!(cut("short", 300.0, 20.0), "short");
        let long = cut(&"x".repeat(100), 110.0, 20.0);
        assert_eq!(long.chars().count(), 10);
        assert!(long.ends_with('…'));
    }
}
