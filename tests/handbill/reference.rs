//! Small reference renders, compared with a tolerance.
//!
//! Cards are rendered at full size, shrunk 4× by averaging, and compared
//! with PNGs in `tests/reference/`. A pixel differs when a channel is off by
//! more than 2; a test fails when more than 0.2% of pixels differ. Set
//! `MAKE_REF=1` to rewrite the references: each test then writes its
//! reference and fails, as resvg's suite does, so a run that rewrote them is
//! never green; run again without it to check. A failing test writes
//! expected | diff | actual to `target/reference-failures/`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use handbill::render;
use resvg::tiny_skia::Pixmap;

use crate::inject::compose_mini;
use crate::util::{fonts, root};

const SCALE: u32 = 4;

fn shrink(p: &Pixmap) -> (u32, u32, Vec<u8>) {
    let (w, h) = (p.width() / SCALE, p.height() / SCALE);
    let mut out = vec![0u8; (w * h * 3) as usize];
    let px = p.pixels();
    for y in 0..h {
        for x in 0..w {
            let mut acc = [0u32; 3];
            for dy in 0..SCALE {
                for dx in 0..SCALE {
                    let c =
                        px[((y * SCALE + dy) * p.width() + x * SCALE + dx) as usize].demultiply();
                    acc[0] += c.red() as u32;
                    acc[1] += c.green() as u32;
                    acc[2] += c.blue() as u32;
                }
            }
            let i = ((y * w + x) * 3) as usize;
            for k in 0..3 {
                out[i + k] = (acc[k] / (SCALE * SCALE)) as u8;
            }
        }
    }
    (w, h, out)
}

fn write_rgb(path: &PathBuf, w: u32, h: u32, data: &[u8]) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    let file = std::fs::File::create(path).expect("create");
    let mut enc = png::Encoder::new(std::io::BufWriter::new(file), w, h);
    enc.set_color(png::ColorType::Rgb);
    enc.set_depth(png::BitDepth::Eight);
    enc.write_header()
        .expect("header")
        .write_image_data(data)
        .expect("data");
}

fn read_rgb(path: &PathBuf) -> Option<(u32, u32, Vec<u8>)> {
    let file = std::fs::File::open(path).ok()?;
    let mut reader = png::Decoder::new(std::io::BufReader::new(file))
        .read_info()
        .ok()?;
    let mut buf = vec![0; reader.output_buffer_size()?];
    let info = reader.next_frame(&mut buf).ok()?;
    buf.truncate(info.buffer_size());
    Some((info.width, info.height, buf))
}

fn check(name: &str, slots: &[(&'static str, &str)]) {
    let colours = BTreeMap::from([
        ("ink".to_owned(), "#14213d".to_owned()),
        ("paper".to_owned(), "#fbf7f0".to_owned()),
    ]);
    let svg = compose_mini(slots, &colours);
    let pixmap = render::rasterize(&svg, &render::options(fonts().db())).expect("renders");
    let (w, h, actual) = shrink(&pixmap);
    let path = root().join("tests/reference").join(format!("{name}.png"));
    if std::env::var_os("MAKE_REF").is_some() {
        write_rgb(&path, w, h, &actual);
        panic!(
            "{name}: rewrote {}; check it, then run without MAKE_REF",
            path.display()
        );
    }
    let (ew, eh, expected) = read_rgb(&path)
        .unwrap_or_else(|| panic!("no reference {}: run with MAKE_REF=1", path.display()));
    assert_eq!((ew, eh), (w, h), "{name}: size");
    let mut differing = 0;
    let mut diff = vec![255u8; expected.len()];
    for (i, (a, b)) in expected.chunks(3).zip(actual.chunks(3)).enumerate() {
        if a.iter().zip(b).any(|(x, y)| x.abs_diff(*y) > 2) {
            differing += 1;
            diff[i * 3..i * 3 + 3].copy_from_slice(&[230, 0, 0]);
        }
    }
    let allowed = (w * h) as usize / 500;
    if differing > allowed {
        let mut side = vec![0u8; (w * 3 * h * 3) as usize];
        for y in 0..h as usize {
            for (k, img) in [&expected, &diff, &actual].iter().enumerate() {
                let row = &img[y * w as usize * 3..(y + 1) * w as usize * 3];
                let at = (y * w as usize * 3 + k * w as usize) * 3;
                side[at..at + row.len()].copy_from_slice(row);
            }
        }
        let out = root()
            .join("target/reference-failures")
            .join(format!("{name}.png"));
        write_rgb(&out, w * 3, h, &side);
        panic!(
            "{name}: {differing} pixels differ (allowed {allowed}); see {}",
            out.display()
        );
    }
}

#[test]
fn statement_in_english() {
    check(
        "statement-en",
        &[
            ("kicker", "Media & the public"),
            ("headline", "E-trafficking is trafficking."),
            (
                "body",
                "Traffickers use digital technology to profile, recruit, control, and exploit victims.",
            ),
            ("source", "Source: OSCE"),
        ],
    );
}

#[test]
fn statement_in_greek() {
    check(
        "statement-el",
        &[
            ("kicker", "ΜΜΕ και κοινό"),
            ("headline", "Το e-trafficking είναι εμπορία ανθρώπων."),
            (
                "body",
                "Οι διακινητές χρησιμοποιούν την ψηφιακή τεχνολογία για να στρατολογούν και να εκμεταλλεύονται θύματα.",
            ),
        ],
    );
}

#[test]
fn long_headline_shrinks() {
    check(
        "statement-shrunk",
        &[(
            "headline",
            "Apps and social media platforms are responsible for the content that users upload to them every single day.",
        )],
    );
}
