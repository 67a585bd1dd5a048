//! A camera's orientation tag: phones store a photo's pixels as the sensor
//! read them and say in EXIF how to turn them (tag 0x0112). Without it a
//! portrait photo taken upright would be cropped lying on its side.
//!
//! Written by hand: reading one tag of the first IFD is a few lines, and
//! the EXIF crates read every tag of every IFD. This module only reads
//! the tag and turns pixels; it reads no file.

use resvg::tiny_skia::{IntSize, Pixmap};

/// The orientation (1 to 8) in raw EXIF data, which starts at its TIFF
/// header; `None` when absent or unreadable (the pixels are then drawn as
/// stored, as every viewer does).
pub(super) fn orientation(exif: &[u8]) -> Option<u16> {
    let little = match exif.get(..2)? {
        b"II" => true,
        b"MM" => false,
        _ => return None,
    };
    let u16_at = |i: usize| -> Option<u16> {
        let b: [u8; 2] = exif.get(i..i + 2)?.try_into().ok()?;
        Some(if little {
            u16::from_le_bytes(b)
        } else {
            u16::from_be_bytes(b)
        })
    };
    let u32_at = |i: usize| -> Option<u32> {
        let b: [u8; 4] = exif.get(i..i + 4)?.try_into().ok()?;
        Some(if little {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        })
    };
    let ifd = u32_at(4)? as usize;
    let count = u16_at(ifd)? as usize;
    (0..count.min(256))
        .map(|i| ifd + 2 + i * 12)
        .find(|&entry| u16_at(entry) == Some(0x0112))
        .and_then(|entry| u16_at(entry + 8))
        .filter(|o| (1..=8).contains(o))
}

/// The pixels turned upright for an orientation (1 is as stored).
pub(super) fn upright(p: Pixmap, orientation: u16) -> Option<Pixmap> {
    if orientation == 1 {
        return Some(p);
    }
    let (w, h) = (p.width() as usize, p.height() as usize);
    let swapped = orientation >= 5;
    let (ow, oh) = if swapped { (h, w) } else { (w, h) };
    // Where output pixel (x, y) comes from in the stored pixels.
    let from = |x: usize, y: usize| match orientation {
        2 => (w - 1 - x, y),
        3 => (w - 1 - x, h - 1 - y),
        4 => (x, h - 1 - y),
        5 => (y, x),
        6 => (y, h - 1 - x),
        7 => (w - 1 - y, h - 1 - x),
        8 => (w - 1 - y, x),
        _ => (x, y),
    };
    let data = p.data();
    let mut out = Vec::with_capacity(data.len());
    for y in 0..oh {
        for x in 0..ow {
            let (sx, sy) = from(x, y);
            let i = (sy * w + sx) * 4;
            out.extend_from_slice(&data[i..i + 4]);
        }
    }
    Pixmap::from_vec(out, IntSize::from_wh(ow as u32, oh as u32)?)
}

#[cfg(test)]
mod tests {
    use resvg::tiny_skia::Color;

    use super::*;

    /// EXIF with one entry, the orientation, in either byte order.
    fn exif(little: bool, orientation: u16) -> Vec<u8> {
        let two = |v: u16| {
            if little {
                v.to_le_bytes()
            } else {
                v.to_be_bytes()
            }
        };
        let four = |v: u32| {
            if little {
                v.to_le_bytes()
            } else {
                v.to_be_bytes()
            }
        };
        let mut e = if little {
            b"II".to_vec()
        } else {
            b"MM".to_vec()
        };
        e.extend(two(42));
        e.extend(four(8));
        e.extend(two(1));
        e.extend(two(0x0112));
        e.extend(two(3));
        e.extend(four(1));
        e.extend(two(orientation));
        e.extend([0, 0]);
        e
    }

    #[test]
    fn the_tag_is_read_in_either_byte_order() {
        assert_eq!(orientation(&exif(true, 6)), Some(6));
        assert_eq!(orientation(&exif(false, 8)), Some(8));
        assert_eq!(orientation(&exif(true, 9)), None);
        assert_eq!(orientation(b"XX"), None);
        assert_eq!(orientation(&exif(true, 6)[..12]), None);
    }

    /// A 2×1 picture: red, then blue.
    fn red_blue() -> Pixmap {
        let mut p = Pixmap::new(2, 1).expect("size");
        p.fill(Color::from_rgba8(0, 0, 255, 255));
        p.data_mut()[..4].copy_from_slice(&[255, 0, 0, 255]);
        p
    }

    #[test]
    fn a_photo_taken_turned_is_turned_upright() {
        let red = |p: &Pixmap, x, y| p.pixel(x, y).expect("inside").red() == 255;
        // 6: turn a quarter clockwise, so the left (red) ends on top.
        let six = upright(red_blue(), 6).expect("turns");
        assert_eq!((six.width(), six.height()), (1, 2));
        assert!(red(&six, 0, 0) && !red(&six, 0, 1));
        // 8: a quarter anticlockwise, red at the bottom.
        let eight = upright(red_blue(), 8).expect("turns");
        assert!(!red(&eight, 0, 0) && red(&eight, 0, 1));
        // 2: mirrored, red on the right.
        let two = upright(red_blue(), 2).expect("turns");
        assert!(!red(&two, 0, 0) && red(&two, 1, 0));
        assert!(red(&upright(red_blue(), 1).expect("as is"), 0, 0));
    }
}
