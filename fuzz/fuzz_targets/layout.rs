//! Fuzzes the text engine, `layout::fit`, with any text, face, sizes,
//! spacing, alignment, line limit and box, including sizes and boxes no
//! template allows: it must answer, a block or an overflow, and never
//! panic or hang.
#![no_main]

use handbill::layout::{self, Anchor, Rect, Spacing, TextStyle, VAlign};
use handbill_fuzz::fonts;
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input {
    face: u8,
    max_size: f32,
    min_size: f32,
    line_height: f32,
    spacing: f32,
    spacing_em: bool,
    anchor: u8,
    valign: u8,
    max_lines: Option<u8>,
    rect: (f32, f32, f32, f32),
    text: String,
}

/// The shipped faces a template can name.
const FACES: &[(&str, u16, bool)] = &[
    ("Noto Sans", 400, false),
    ("Noto Sans", 700, false),
    ("Noto Sans", 400, true),
    ("Noto Sans Arabic", 400, false),
    ("Noto Sans Arabic", 700, false),
];

fuzz_target!(|input: Input| {
    let fonts = fonts();
    let (family, weight, italic) = FACES[input.face as usize % FACES.len()];
    let face = fonts
        .resolve(&[family.to_owned()], weight, italic)
        .expect("a shipped face");
    let style = TextStyle {
        face,
        max_size: input.max_size,
        min_size: input.min_size,
        line_height: input.line_height,
        letter_spacing: if input.spacing_em {
            Spacing::Em(input.spacing)
        } else {
            Spacing::Px(input.spacing)
        },
        anchor: [Anchor::Start, Anchor::Middle, Anchor::End][input.anchor as usize % 3],
        valign: [VAlign::Top, VAlign::Middle, VAlign::Bottom][input.valign as usize % 3],
        max_lines: input.max_lines.map(usize::from),
    };
    let (x, y, w, h) = input.rect;
    let _ = layout::fit(fonts, &input.text, &style, Rect { x, y, w, h }, layout::Breaking::default());
});
