//! A card's image data spliced from the deflated rows of the layer it is
//! drawn over.
//!
//! A card drawn in two layers leaves most of its rows as the layer under
//! its texts drew them: above the headline, between the blocks, below the
//! source line. That layer's rows are deflated once per group of cards
//! ([`Layer::deflate`]), in pieces of [`PIECE`] rows, each ended on a byte
//! with more to follow. A card then copies each piece whose rows, and the
//! rows its matches may refer back to, it left untouched, and deflates
//! only the others, with the rows before them as the dictionary. The
//! pieces refer back at most 2^[`LAYER_WINDOW_BITS`] bytes, so few rows
//! above a piece need to be untouched for it to be copied.
//!
//! Deflate makes this possible (pieces ended on a byte join into one
//! stream, as pigz joins its threads' pieces), but no crate does the
//! joining, so it is written here.

use resvg::tiny_skia::Pixmap;

use super::zlib::{Deflater, End, Refused, Tune};

/// Rows per piece of a layer's deflated rows: fewer rows copy more of a
/// card; each piece's end costs a few bytes of Huffman tables.
const PIECE: usize = 8;

/// A layer's pieces refer back at most 8 KiB: under three rows of a 1080 px
/// card must be untouched above a piece to copy it, where the whole
/// window (32 KiB) would need eleven.
const LAYER_WINDOW_BITS: i32 = 13;

/// zlib's deepest level, for the layer deflated once per group.
const LAYER_LEVEL: i32 = 9;

/// zlib's level for a card's own rows: its lazy search, which
/// [`CARD_TUNE`] tunes.
const CARD_LEVEL: i32 = 9;

/// The search for a card's own rows: lazy matching up to 258 bytes over
/// chains of 64. At bench/peers.sh's cards this gives the bytes of
/// libdeflate's level 7 at about half its time; zlib's level 9 gives 2%
/// fewer bytes at twice the time, its level 7 5% more.
const CARD_TUNE: Tune = Tune {
    good: 4,
    lazy: 258,
    nice: 258,
    chain: 64,
};

/// zlib's header: deflate, a 32 KiB window, the highest level.
const ZLIB_HEADER: [u8; 2] = [0x78, 0xda];

/// A layer's RGB rows deflated in pieces of [`PIECE`] rows.
pub struct Layer {
    /// The pieces, one after the other: the last ends the stream.
    bytes: Vec<u8>,
    /// Where each piece ends in `bytes`.
    ends: Vec<usize>,
    /// Each piece's rows' Adler-32 and length, for a card's checksum.
    sums: Vec<(u32, usize)>,
}

impl Layer {
    /// Deflates an opaque layer's rows (as `rows` gives them, each after
    /// its filter byte) in pieces.
    pub fn deflate(under: &Pixmap, rows: &[u8]) -> Result<Layer, Refused> {
        let row = rows.len() / under.height().max(1) as usize;
        let mut deflater = Deflater::new(LAYER_LEVEL, LAYER_WINDOW_BITS, None)?;
        let pieces: Vec<&[u8]> = rows.chunks(row * PIECE).collect();
        let mut bytes = Vec::new();
        let mut ends = Vec::with_capacity(pieces.len());
        for (i, piece) in pieces.iter().enumerate() {
            let end = if i + 1 == pieces.len() {
                End::Last
            } else {
                End::More
            };
            deflater.deflate(piece, end, &mut bytes)?;
            ends.push(bytes.len());
        }
        let sums = pieces
            .iter()
            .map(|p| (libdeflater::adler32(p), p.len()))
            .collect();
        Ok(Layer { bytes, ends, sums })
    }

    /// The deflated bytes of pieces `from..to`.
    fn pieces(&self, from: usize, to: usize) -> &[u8] {
        let start = if from == 0 { 0 } else { self.ends[from - 1] };
        &self.bytes[start..self.ends[to - 1]]
    }
}

/// A card and the layer it was drawn over, the same size.
pub struct Drawn<'a> {
    pub card: &'a Pixmap,
    pub layer: &'a Pixmap,
}

/// A card as zlib data into `out`: the pieces of `layer` the card left
/// untouched copied, the rest made RGB rows (in `rows`, each after its
/// filter byte) and deflated with the 32 KiB of rows before them as
/// dictionary. Returns how many pieces were copied.
pub fn zlib(
    drawn: &Drawn,
    layer: &Layer,
    deflater: &mut Option<Deflater>,
    rows: &mut Vec<u8>,
    out: &mut Vec<u8>,
) -> Result<usize, Refused> {
    let deflater = match deflater {
        Some(d) => d,
        None => deflater.insert(Deflater::new(CARD_LEVEL, 15, Some(CARD_TUNE))?),
    };
    let card = drawn.card;
    let row = card.width() as usize * 3 + 1;
    rows.resize(row * card.height() as usize, 0);
    let copied = copied(card, drawn.layer, row);
    out.clear();
    out.extend_from_slice(&ZLIB_HEADER);
    let mut sum = 1;
    let mut piece = 0;
    while piece < copied.len() {
        // A run of pieces alike: copied, or deflated with what comes before.
        let run = copied[piece..]
            .iter()
            .take_while(|&&c| c == copied[piece])
            .count();
        let (from, to) = (piece, piece + run);
        if copied[piece] {
            out.extend_from_slice(layer.pieces(from, to));
            for &(piece_sum, len) in &layer.sums[from..to] {
                sum = super::zlib::adler32_combine(sum, piece_sum, len);
            }
        } else {
            let start = from * PIECE * row;
            let stop = (to * PIECE * row).min(rows.len());
            let dictionary = start.saturating_sub(1 << 15);
            super::rgb_rows_in(card, dictionary / row..stop / row, rows);
            let end = if to == copied.len() {
                End::Last
            } else {
                End::More
            };
            deflater.reset()?;
            deflater.dictionary(&rows[dictionary..start])?;
            deflater.deflate(&rows[start..stop], end, out)?;
            let piece_sum = libdeflater::adler32(&rows[start..stop]);
            sum = super::zlib::adler32_combine(sum, piece_sum, stop - start);
        }
        piece = to;
    }
    out.extend_from_slice(&sum.to_be_bytes());
    Ok(copied.iter().filter(|&&c| c).count())
}

/// Which of a card's pieces can be copied from its layer's: those whose
/// rows, and the rows within the layer's window above them, equal the
/// layer's. `row` is a filtered row's length in bytes.
fn copied(card: &Pixmap, under: &Pixmap, row: usize) -> Vec<bool> {
    let width = card.width() as usize * 4;
    let untouched: Vec<bool> = card
        .data()
        .chunks_exact(width)
        .zip(under.data().chunks_exact(width))
        .map(|(a, b)| a == b)
        .collect();
    let above = (1usize << LAYER_WINDOW_BITS).div_ceil(row.max(1));
    (0..untouched.len().div_ceil(PIECE))
        .map(|p| {
            let from = (p * PIECE).saturating_sub(above);
            let to = ((p + 1) * PIECE).min(untouched.len());
            untouched[from..to].iter().all(|&u| u)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::{Beneath, Deflated, Scratch, encode_png_reusing};
    use resvg::tiny_skia::ColorU8;

    const WIDTH: u32 = 700;
    const HEIGHT: u32 = 61;

    /// A layer of more than 256 colours, as a gradient is: each pixel from
    /// its place.
    fn layer() -> Pixmap {
        let mut pixmap = Pixmap::new(WIDTH, HEIGHT).expect("area");
        for (i, p) in pixmap.pixels_mut().iter_mut().enumerate() {
            let (x, y) = (i as u32 % WIDTH, i as u32 / WIDTH);
            let c = ColorU8::from_rgba((x / 3) as u8, (y * 4) as u8, ((x + y) / 5) as u8, 255);
            *p = c.premultiply();
        }
        pixmap
    }

    /// The layer with rows `rows` drawn over in another colour.
    fn drawn_over(rows: &[u32]) -> Pixmap {
        let mut card = layer();
        for &y in rows {
            for x in 0..WIDTH / 2 {
                let at = (y * WIDTH + x * 2) as usize;
                card.pixels_mut()[at] = ColorU8::from_rgba(250, 250, 240, 255).premultiply();
            }
        }
        card
    }

    /// A PNG's pixels as RGB, decoded by another inflater (the png
    /// crate's) with the zlib stream's Adler-32 and the chunks' CRCs
    /// checked, which it skips unless told.
    fn decoded(png: &[u8]) -> Result<Vec<u8>, png::DecodingError> {
        let mut decoder = png::Decoder::new(std::io::Cursor::new(png));
        decoder.ignore_checksums(false);
        let mut reader = decoder.read_info()?;
        let mut pixels = vec![0; reader.output_buffer_size().unwrap_or(0)];
        let frame = reader.next_frame(&mut pixels)?;
        pixels.truncate(frame.buffer_size());
        Ok(pixels)
    }

    /// A pixmap's opaque pixels as RGB.
    fn rgb(pixmap: &Pixmap) -> Vec<u8> {
        pixmap
            .pixels()
            .iter()
            .flat_map(|p| [p.red(), p.green(), p.blue()])
            .collect()
    }

    /// The card encoded over the layer, decoded (checksums checked), and
    /// how many pieces were copied.
    fn spliced(card: &Pixmap, under: &Pixmap) -> (Vec<u8>, usize) {
        let deflated = Deflated::default();
        let beneath = Beneath {
            layer: under,
            deflated: &deflated,
        };
        let mut scratch = Scratch::default();
        let png = encode_png_reusing(card, &mut scratch, Some(beneath)).expect("encodes");
        assert_eq!(png[25], 2, "an RGB card");
        let decoded = decoded(&png).expect("decodes");
        let copied = match deflated.0.get() {
            Some(Ok(Some(layer))) => {
                let (mut rows, mut again) = (Vec::new(), Vec::new());
                let drawn = Drawn { card, layer: under };
                zlib(&drawn, layer, &mut None, &mut rows, &mut again).expect("splices")
            }
            _ => 0,
        };
        (decoded, copied)
    }

    #[test]
    fn a_card_spliced_from_its_layer_decodes_to_its_own_pixels() {
        let pieces = (HEIGHT as usize).div_ceil(PIECE);
        // Rows touched at the top, in the middle, at the very end, and
        // none or all; the last piece is shorter than the others.
        let cases: [&[u32]; 5] = [&[0], &[30, 31], &[HEIGHT - 1], &[], &[0, 15, 30, 45, 60]];
        for rows in cases {
            let card = drawn_over(rows);
            let (pixels, copied) = spliced(&card, &layer());
            assert!(pixels == rgb(&card), "rows {rows:?}: the pixels differ");
            assert!(copied <= pieces, "rows {rows:?}");
            if rows.is_empty() {
                assert_eq!(copied, pieces, "an untouched card is its layer's pieces");
            }
            if rows == [30, 31] {
                assert!(
                    copied > 0 && copied < pieces,
                    "some pieces copied: {copied}"
                );
            }
        }
    }

    #[test]
    fn a_piece_is_copied_only_when_the_rows_it_refers_back_to_are_untouched() {
        let under = layer();
        let row = WIDTH as usize * 3 + 1;
        let above = (1usize << LAYER_WINDOW_BITS).div_ceil(row);
        // A touched row just above a piece's first: that piece and the
        // ones within the window's reach after it are drawn anew.
        let touched = (2 * PIECE - 1) as u32;
        let copied = copied(&drawn_over(&[touched]), &under, row);
        let first_again = (touched as usize + above + 1).div_ceil(PIECE);
        for (p, &c) in copied.iter().enumerate() {
            let expected = p < 1 || p >= first_again;
            assert_eq!(c, expected, "piece {p} (window of {above} rows)");
        }
    }

    #[test]
    fn a_translucent_layer_or_one_of_another_size_is_not_spliced() {
        let mut under = layer();
        under.pixels_mut()[5] = ColorU8::from_rgba(9, 9, 9, 128).premultiply();
        let mut card = drawn_over(&[3]);
        card.pixels_mut()[5] = ColorU8::from_rgba(9, 9, 9, 255).premultiply();
        let (pixels, copied) = spliced(&card, &under);
        assert!(pixels == rgb(&card));
        assert_eq!(copied, 0);
        let small = Pixmap::new(WIDTH, HEIGHT - 1).expect("area");
        let (pixels, copied) = spliced(&card, &small);
        assert!(pixels == rgb(&card));
        assert_eq!(copied, 0);
    }

    #[test]
    fn the_checksum_of_a_spliced_card_is_checked_and_right() {
        let (card, under) = (drawn_over(&[30, 31]), layer());
        let deflated = Deflated::default();
        let beneath = Beneath {
            layer: &under,
            deflated: &deflated,
        };
        let mut scratch = Scratch::default();
        let mut png = encode_png_reusing(&card, &mut scratch, Some(beneath)).expect("encodes");
        assert!(decoded(&png).is_ok());
        // The Adler-32 ends the IDAT data, before its CRC and the IEND
        // chunk (12 bytes); changed, with the CRC made right again, the
        // decoder refuses it: the test above would see a wrong checksum.
        let end = png.len() - 12 - 4;
        let idat = png[..end]
            .windows(4)
            .rposition(|w| w == b"IDAT")
            .expect("an IDAT");
        let stored = u32::from_be_bytes(png[end..end + 4].try_into().expect("4 bytes"));
        assert_eq!(
            libdeflater::crc32(&png[idat..end]),
            stored,
            "the CRC is made as PNG makes it"
        );
        png[end - 1] ^= 1;
        let crc = libdeflater::crc32(&png[idat..end]);
        png[end..end + 4].copy_from_slice(&crc.to_be_bytes());
        assert!(decoded(&png).is_err(), "a wrong Adler-32 is caught");
    }
}
