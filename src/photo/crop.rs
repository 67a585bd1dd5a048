//! Cropping a decoded photo to cover a slot around its focus point, scaling
//! it to the slot's pixel size, and encoding the result as a PNG `data:`
//! URL: what a card embeds instead of the full-size file.
//!
//! Pure and deterministic: the same pixels, focus and size give the same
//! bytes. Nothing here reads a file or knows a template.

use base64::Engine as _;
use resvg::tiny_skia::{FilterQuality, IntSize, Pixmap, PixmapPaint, Transform};

/// A rectangle of the source image, in source pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Region {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

/// The largest region of a `src` image with the aspect ratio of `out`,
/// centred on the focus (fractions of width and height) as far as the
/// image's edges allow: SVG's `xMidYMid slice`, around the focus instead
/// of the middle.
pub(super) fn cover(src: (u32, u32), out: (u32, u32), focus: (f32, f32)) -> Region {
    let (sw, sh) = (src.0 as f32, src.1 as f32);
    let scale = (out.0 as f32 / sw).max(out.1 as f32 / sh);
    let (w, h) = (
        (out.0 as f32 / scale).min(sw),
        (out.1 as f32 / scale).min(sh),
    );
    let place = |f: f32, side: f32, len: f32| (f * side - len / 2.0).clamp(0.0, side - len);
    Region {
        x: place(focus.0, sw, w),
        y: place(focus.1, sh, h),
        w,
        h,
    }
}

/// The photo cropped to cover `out` pixels around `focus`, scaled to it.
pub(super) fn crop(photo: &Pixmap, out: (u32, u32), focus: (f32, f32)) -> Option<Pixmap> {
    let region = cover((photo.width(), photo.height()), out, focus);
    // Shrinking by more than half in one bicubic step skips pixels (the
    // result shimmers); whole blocks are averaged first, down to at most
    // twice the size wanted.
    let factor = ((region.w / out.0 as f32) / 2.0).floor().max(1.0) as u32;
    let (source, region) = match factor {
        1 => (None, region),
        k => reduce(photo, region, k).map(|(p, r)| (Some(p), r))?,
    };
    let source = source.as_ref().unwrap_or(photo);
    let mut target = Pixmap::new(out.0, out.1)?;
    let scale = out.0 as f32 / region.w;
    let paint = PixmapPaint {
        quality: FilterQuality::Bicubic,
        ..PixmapPaint::default()
    };
    let transform = Transform::from_translate(-region.x, -region.y).post_scale(scale, scale);
    target.draw_pixmap(0, 0, source.as_ref(), &paint, transform, None);
    Some(target)
}

/// The shorter side a photo is kept at, at least, for the cards: the
/// longest side of the largest card (1920), so no slot is ever drawn from
/// fewer pixels than it has.
const KEEP_SIDE: u32 = 1920;

/// A decoded photo made smaller by whole blocks while its shorter side
/// stays at least [`KEEP_SIDE`]: a build holds every photo it uses, and a
/// 50-megapixel photo is 200 MB as pixels, a tenth of that once reduced.
pub(super) fn keep_for_cards(photo: Pixmap) -> Pixmap {
    let k = photo.width().min(photo.height()) / KEEP_SIDE;
    if k < 2 {
        return photo;
    }
    let (w, h) = (photo.width() as f32, photo.height() as f32);
    let whole = Region {
        x: 0.0,
        y: 0.0,
        w,
        h,
    };
    match reduce(&photo, whole, k) {
        Some((smaller, _)) => smaller,
        None => photo,
    }
}

/// The part of the photo around `region`, each `k`×`k` block averaged
/// into one pixel (written by hand: tiny-skia has no area filter, and a
/// resizing crate would bring its own copy of the pixels for this one
/// loop), and the region in the reduced picture's pixels.
fn reduce(photo: &Pixmap, region: Region, k: u32) -> Option<(Pixmap, Region)> {
    // Whole blocks that cover the region, inside the photo.
    let x0 = (region.x as u32 / k) * k;
    let y0 = (region.y as u32 / k) * k;
    let w = ((region.x + region.w).ceil() as u32).min(photo.width()) - x0;
    let h = ((region.y + region.h).ceil() as u32).min(photo.height()) - y0;
    let (rw, rh) = ((w / k).max(1), (h / k).max(1));
    let stride = photo.width() as usize * 4;
    let data = photo.data();
    let mut out = Vec::with_capacity((rw * rh * 4) as usize);
    for by in 0..rh {
        for bx in 0..rw {
            let mut sum = [0u32; 4];
            for y in (y0 + by * k)..(y0 + by * k + k).min(photo.height()) {
                let row = y as usize * stride;
                for x in (x0 + bx * k)..(x0 + bx * k + k).min(photo.width()) {
                    let i = row + x as usize * 4;
                    for (s, &v) in sum.iter_mut().zip(&data[i..i + 4]) {
                        *s += u32::from(v);
                    }
                }
            }
            let n = k * k;
            out.extend(sum.map(|s| ((s + n / 2) / n) as u8));
        }
    }
    let reduced = Pixmap::from_vec(out, IntSize::from_wh(rw, rh)?)?;
    let kf = k as f32;
    let moved = Region {
        x: (region.x - x0 as f32) / kf,
        y: (region.y - y0 as f32) / kf,
        w: region.w / kf,
        h: region.h / kf,
    };
    Some((reduced, moved))
}

/// The pixels as a PNG `data:` URL. PNG keeps the crop exact (it is drawn
/// again into the card, which is itself a PNG); the adaptive row filter
/// suits photographs, as no filter suits the flat cards.
pub(super) fn data_url(pixmap: &Pixmap) -> Result<String, crate::render::Error> {
    let png = crate::render::encode_png_filtered(pixmap, crate::render::Filter::Adaptive)?;
    let data = base64::engine::general_purpose::STANDARD.encode(png);
    Ok(format!("data:image/png;base64,{data}"))
}

#[cfg(test)]
mod tests {
    use resvg::tiny_skia::Color;

    use super::*;

    #[test]
    fn a_wide_photo_in_a_square_is_cut_at_the_sides_around_the_focus() {
        let centre = cover((400, 200), (100, 100), (0.5, 0.5));
        assert_eq!(
            centre,
            Region {
                x: 100.0,
                y: 0.0,
                w: 200.0,
                h: 200.0
            }
        );
        let left = cover((400, 200), (100, 100), (0.1, 0.5));
        assert_eq!(left.x, 0.0, "clamped to the left edge");
        let right = cover((400, 200), (100, 100), (0.8, 0.5));
        assert_eq!(right.x, 200.0, "clamped to the right edge");
        let between = cover((400, 200), (100, 100), (0.4, 0.5));
        assert_eq!(between.x, 60.0);
    }

    #[test]
    fn a_tall_photo_in_a_wide_box_is_cut_above_and_below() {
        let r = cover((100, 400), (200, 100), (0.5, 0.25));
        assert_eq!(
            r,
            Region {
                x: 0.0,
                y: 75.0,
                w: 100.0,
                h: 50.0
            }
        );
    }

    /// A photo whose left half is red and right half blue.
    fn halves(w: u32, h: u32) -> Pixmap {
        let mut p = Pixmap::new(w, h).expect("size");
        p.fill(Color::from_rgba8(0, 0, 255, 255));
        let red = Pixmap::new(w / 2, h).map(|mut r| {
            r.fill(Color::from_rgba8(255, 0, 0, 255));
            r
        });
        let red = red.expect("size");
        p.draw_pixmap(
            0,
            0,
            red.as_ref(),
            &PixmapPaint::default(),
            Transform::identity(),
            None,
        );
        p
    }

    #[test]
    fn a_large_photo_is_scaled_to_the_size_wanted_and_keeps_its_sides() {
        let photo = halves(1600, 800);
        let small = crop(&photo, (200, 100), (0.5, 0.5)).expect("crops");
        assert_eq!((small.width(), small.height()), (200, 100));
        let at = |x| small.pixel(x, 50).expect("inside");
        assert_eq!((at(10).red(), at(10).blue()), (255, 0));
        assert_eq!((at(190).red(), at(190).blue()), (0, 255));
    }

    #[test]
    fn blocks_are_averaged_when_reducing() {
        let photo = halves(8, 2);
        let (p, r) = reduce(
            &photo,
            Region {
                x: 0.0,
                y: 0.0,
                w: 8.0,
                h: 2.0,
            },
            2,
        )
        .expect("reduces");
        assert_eq!((p.width(), p.height()), (4, 1));
        assert_eq!(r.w, 4.0);
        assert_eq!(p.pixel(0, 0).expect("inside").red(), 255);
        assert_eq!(p.pixel(3, 0).expect("inside").blue(), 255);
    }

    #[test]
    fn a_large_photo_is_kept_with_enough_pixels_for_any_card() {
        let kept = keep_for_cards(halves(6000, 4000));
        assert_eq!((kept.width(), kept.height()), (3000, 2000));
        assert_eq!(kept.pixel(10, 10).expect("inside").red(), 255);
        let small = keep_for_cards(halves(3000, 2000));
        assert_eq!((small.width(), small.height()), (3000, 2000));
    }

    #[test]
    fn the_same_pixels_give_the_same_bytes() {
        let photo = halves(300, 200);
        let a = data_url(&crop(&photo, (90, 60), (0.3, 0.5)).expect("crops")).expect("encodes");
        let b = data_url(&crop(&photo, (90, 60), (0.3, 0.5)).expect("crops")).expect("encodes");
        assert!(a.starts_with("data:image/png;base64,"));
        assert_eq!(a, b);
    }
}
