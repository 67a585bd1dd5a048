//! Photos end to end: a message's photo cropped into a template's `photo`
//! slot in every format, unflipped on Arabic cards, credited on the card,
//! in captions.csv and the kit's credits, carried by the kit in full size;
//! raster images and `data-mirror="no"` elements kept unmirrored; and
//! every bad photo input refused at its `photo:` with what to do.
//!
//! The campaign is the shipped one with its messages replaced by two of
//! this test's (one with the fixture photo, one without) and its statement
//! templates given a photo slot where their body goes.

use std::fs;
use std::path::Path;

use base64::Engine as _;
use resvg::tiny_skia::Pixmap;

use crate::util::{TempDir, build_in, copy_dir, refused_in, root};

/// The formats of the shipped campaign, each with its canvas width: the
/// folders of `templates/` with a statement template.
fn formats() -> Vec<(String, u32)> {
    let mut out = Vec::new();
    for e in fs::read_dir(root().join("templates")).expect("templates") {
        let path = e.expect("entry").path().join("statement.svg");
        let Ok(svg) = fs::read_to_string(&path) else {
            continue;
        };
        let at = svg.find(" width=\"").expect("a width") + " width=\"".len();
        let width = svg[at..at + svg[at..].find('"').expect("quote")].parse();
        let name = path.parent().and_then(|p| p.file_name()).expect("folder");
        out.push((
            name.to_string_lossy().into_owned(),
            width.expect("a number"),
        ));
    }
    out.sort();
    out
}

const CREDIT: &str = "Test Photographer / handbill";
const LICENCE: &str = "CC BY 4.0";

/// The good photo entry; bad cases replace it.
const PHOTO: &str = "    photo:
      file: photos/landscape.jpg
      focus: [0.5, 0.5]
      alt:
        en: A coast at dawn, red light on the left and blue on the right.
        it: Una costa all'alba.
        el: Μια ακτή την αυγή.
        uk: Узбережжя на світанку.
        ar: ساحل عند الفجر.
        fa: ساحلی در سپیده‌دم.
      credit: Test Photographer / handbill
      licence: CC BY 4.0
      consent: not-needed
";

/// The messages file, with `photo` as the first message's photo entry.
fn messages(photo: &str) -> String {
    format!(
        "audience: media-and-public
messages:
  - id: harbour
    kind: statement
    headline:
      en: Safe online, safe everywhere.
      it: Sicuri online, sicuri ovunque.
      el: Ασφαλείς online, ασφαλείς παντού.
      uk: Безпечно онлайн, безпечно всюди.
      ar: آمنون على الإنترنت، آمنون في كل مكان.
      fa: در فضای آنلاین در امان، همه‌جا در امان.
{photo}    caption: Safe online, safe everywhere.
  - id: no-photo
    kind: statement
    headline:
      en: Know the signs.
      it: Riconosci i segnali.
      el: Μάθε τα σημάδια.
      uk: Знай ознаки.
      ar: اعرف العلامات.
      fa: نشانه‌ها را بشناسید.
    caption: Know the signs.
"
    )
}

/// The line `photo:` is written on in [`messages`].
const PHOTO_LINE: usize = 12;

/// A 2×1 PNG, red then blue, as a `data:` URL: a raster image whose
/// sides differ.
fn red_blue() -> String {
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, 2, 1);
    enc.set_color(png::ColorType::Rgb);
    let mut w = enc.write_header().expect("header");
    w.write_image_data(&[255, 0, 0, 0, 0, 255]).expect("data");
    w.finish().expect("finish");
    let data = base64::engine::general_purpose::STANDARD.encode(out);
    format!("data:image/png;base64,{data}")
}

/// A shipped statement template with a photo slot over its body box and
/// a credit slot inside the photo, on a shade that keeps its white text
/// legible on any photo; the portrait one also has a raster
/// image and an element kept unmirrored.
fn with_photo(svg: &str, format: &str, width: u32) -> String {
    let start = svg.find("<rect id=\"body-box\"").expect("a body box");
    let end = start + svg[start..].find("/>").expect("closed") + 2;
    let tag = &svg[start..end];
    let attr = |name: &str| -> f32 {
        let at = tag.find(&format!(" {name}=\"")).expect("attribute") + name.len() + 3;
        tag[at..at + tag[at..].find('"').expect("quote")]
            .parse()
            .expect("number")
    };
    let (x, y, w, h) = (attr("x"), attr("y"), attr("width"), attr("height"));
    let size = (33.0 * width as f32 / 1080.0).ceil();
    let line = size * 1.4;
    let mut slot = format!(
        "<image id=\"photo\" x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\"/>\
         <rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{line}\" fill=\"#000000\" fill-opacity=\"0.6\"/>\
         <rect id=\"photo-credit-box\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{line}\" fill=\"none\"/>\
         <text id=\"photo-credit\" x=\"{}\" y=\"{}\" font-family=\"Noto Sans\" font-size=\"{size}\" fill=\"#ffffff\" data-min-size=\"{size}\" data-line-height=\"1.2\" data-max-lines=\"1\">Credit</text>",
        x + 16.0,
        y + h - 16.0 - line,
        w - 32.0,
        x + 16.0,
        y + h - 16.0 - line,
        w - 32.0,
        x + 16.0,
        y + h - 16.0 - line + size,
    );
    if format == "instagram-portrait" {
        slot.push_str(&format!(
            "<image x=\"800\" y=\"1200\" width=\"100\" height=\"50\" href=\"{}\"/>\
             <g data-mirror=\"no\"><rect x=\"30\" y=\"1290\" width=\"120\" height=\"40\" fill=\"#00ff00\"/></g>",
            red_blue()
        ));
    }
    format!("{}{slot}{}", &svg[..end], &svg[end..])
}

/// The shipped campaign with this test's messages, photo and templates.
fn campaign(photo: &str) -> TempDir {
    let dir = TempDir::new();
    let (src, dst) = (root(), dir.path());
    copy_dir(&src.join("fonts"), &dst.join("fonts"));
    fs::create_dir_all(dst.join("messages/photos")).expect("mkdir");
    for f in ["campaign.yaml", "kit.yaml", "logo.svg"] {
        fs::copy(src.join("messages").join(f), dst.join("messages").join(f)).expect("copy");
    }
    fs::copy(
        src.join("tests/fixtures/photos/landscape.jpg"),
        dst.join("messages/photos/landscape.jpg"),
    )
    .expect("copy");
    fs::write(dst.join("messages/media-and-public.yaml"), messages(photo)).expect("write");
    copy_dir(&src.join("templates/kit"), &dst.join("templates/kit"));
    for (format, width) in formats() {
        let format = format.as_str();
        let shipped = fs::read_to_string(src.join("templates").join(format).join("statement.svg"));
        let folder = dst.join("templates").join(format);
        fs::create_dir_all(&folder).expect("mkdir");
        let svg = with_photo(&shipped.expect("read"), format, width);
        fs::write(folder.join("statement.svg"), svg).expect("write");
    }
    dir
}

/// A pixel of a card as (red, green, blue).
fn rgb(card: &Pixmap, x: u32, y: u32) -> (u8, u8, u8) {
    let p = card.pixel(x, y).expect("inside the card");
    (p.red(), p.green(), p.blue())
}

/// The body box of a format's shipped statement template: where the photo is.
fn photo_box(format: &str) -> (f32, f32, f32, f32) {
    let svg = fs::read_to_string(root().join("templates").join(format).join("statement.svg"));
    let svg = svg.expect("read");
    let start = svg.find("<rect id=\"body-box\"").expect("a body box");
    let tag = &svg[start..start + svg[start..].find("/>").expect("closed")];
    let attr = |name: &str| -> f32 {
        let at = tag.find(&format!(" {name}=\"")).expect("attribute") + name.len() + 3;
        tag[at..at + tag[at..].find('"').expect("quote")]
            .parse()
            .expect("number")
    };
    (attr("x"), attr("y"), attr("width"), attr("height"))
}

/// The photo's left side is red and its right side blue, wherever the
/// card puts it: never mirror-wise.
fn assert_unflipped(card: &Pixmap, (x, y, w, h): (u32, u32, u32, u32), what: &str) {
    let mid = y + h / 3;
    let (left, right) = (rgb(card, x + w / 8, mid), rgb(card, x + w - w / 8, mid));
    assert!(
        left.0 > right.0 + 60 && left.2 + 60 < right.2,
        "{what}: the photo's left {left:?} should be red and its right {right:?} blue"
    );
}

#[test]
fn a_photo_message_builds_in_every_format_and_in_arabic_unflipped_and_credited() {
    let dir = campaign(PHOTO);
    let o = build_in(
        dir.path(),
        &["--language", "en", "--language", "ar", "--svg"],
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    let out = dir.path().join("out");
    let formats = formats();
    assert!(formats.len() >= 6, "{formats:?}");
    for (format, width) in &formats {
        let (format, width) = (format.as_str(), *width);
        let (x, y, w, h) = photo_box(format);
        for lang in ["en", "ar"] {
            let stem = out.join("cards").join(lang).join(format).join("harbour");
            let png = fs::read(stem.with_extension("png")).expect("the card");
            let card = Pixmap::decode_png(&png).expect("a PNG");
            // On Arabic cards the photo moves to its mirrored place.
            let x = if lang == "ar" {
                width as f32 - x - w
            } else {
                x
            };
            let region = (x as u32, y as u32, w as u32, h as u32);
            assert_unflipped(&card, region, &format!("{lang} {format}"));
            let svg = fs::read_to_string(stem.with_extension("svg")).expect("the SVG");
            assert!(
                svg.contains(CREDIT),
                "{lang} {format}: the credit is on the card"
            );
            assert_eq!(
                embedded_size(&svg),
                (w.ceil() as u32, h.ceil() as u32),
                "{lang} {format}: cut to the slot"
            );
            let alt = fs::read_to_string(stem.with_extension("alt.txt")).expect("alt");
            // The kicker the card shows, then what the photo shows.
            let leads = if lang == "ar" {
                "ساحل عند الفجر."
            } else {
                "A coast at dawn,"
            };
            let (kicker, rest) = alt.split_once(": ").expect("a kicker first");
            assert!(!kicker.is_empty(), "{lang} {format}: {alt}");
            assert!(rest.starts_with(leads), "{lang} {format}: {alt}");
        }
    }
    assert_kit_credits(&out.join("kit/en"), formats.len());
}

/// The pixel size of the one photo embedded in a card's SVG.
fn embedded_size(svg: &str) -> (u32, u32) {
    // The photo's own attributes, written first (the logo is an SVG).
    let at = svg
        .find("href=\"data:image/png;base64,")
        .expect("the photo");
    let start = at + "href=\"data:image/png;base64,".len();
    let end = start + svg[start..].find('"').expect("closed");
    let png = base64::engine::general_purpose::STANDARD
        .decode(&svg[start..end])
        .expect("base64");
    let p = Pixmap::decode_png(&png).expect("a PNG");
    (p.width(), p.height())
}

/// captions.csv credits the photo on the photo's cards only; the kit
/// carries the photo as read, and its credits name it with its licence.
fn assert_kit_credits(kit: &Path, cards: usize) {
    let csv = fs::read(kit.join("captions.csv")).expect("captions.csv");
    let mut reader = csv::Reader::from_reader(csv.as_slice());
    let headers = reader.headers().expect("headers").clone();
    let col = |name: &str| headers.iter().position(|h| h == name).expect(name);
    let (file, credit, licence) = (col("file"), col("credit"), col("licence"));
    let caption = col("caption");
    let posted = format!("{CREDIT} ({LICENCE})");
    let mut photo_rows = 0;
    for row in reader.records() {
        let row = row.expect("a row");
        let has = row[credit].contains(CREDIT);
        assert_eq!(has, row[file].contains("_harbour_"), "{row:?}");
        assert_eq!(
            has,
            row[caption].contains(&posted),
            "posted with its credit: {row:?}"
        );
        if has {
            assert!(row[licence].ends_with(LICENCE), "{row:?}");
            photo_rows += 1;
        }
    }
    assert_eq!(photo_rows, cards);
    let carried = fs::read(kit.join("photos/landscape.jpg")).expect("the photo in the kit");
    let original = fs::read(root().join("tests/fixtures/photos/landscape.jpg")).expect("fixture");
    assert_eq!(carried, original, "in full size, as read");
    let credits = fs::read_to_string(kit.join("credits-and-licences.txt")).expect("credits");
    let line = format!("photos/landscape.jpg: {CREDIT}. {LICENCE}");
    assert!(credits.contains(&line), "{credits}");
}

#[test]
fn a_card_without_a_photo_leaves_the_slot_out() {
    let dir = campaign(PHOTO);
    let args = [
        "--language",
        "en",
        "--format",
        "instagram-square",
        "--svg",
        "--no-kit",
    ];
    let o = build_in(dir.path(), &args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let cards = dir.path().join("out/cards/en/instagram-square");
    let svg = fs::read_to_string(cards.join("no-photo.svg")).expect("the SVG");
    assert!(!svg.contains("id=\"photo\""), "the slot is removed");
    assert!(
        !svg.contains(CREDIT) && !svg.contains(">Credit<"),
        "and its credit"
    );
    let alt = fs::read_to_string(cards.join("no-photo.alt.txt")).expect("alt");
    assert!(!alt.contains("coast"), "{alt}");
}

#[test]
fn raster_images_and_kept_elements_are_not_mirrored() {
    let dir = campaign(PHOTO);
    let args = [
        "--format",
        "instagram-portrait",
        "--message",
        "no-photo",
        "--no-kit",
    ];
    let o = build_in(
        dir.path(),
        &[&args[..], &["--language", "en", "--language", "ar"]].concat(),
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let card = |lang: &str| {
        let path = dir
            .path()
            .join("out/cards")
            .join(lang)
            .join("instagram-portrait/no-photo.png");
        Pixmap::decode_png(&fs::read(path).expect("card")).expect("PNG")
    };
    let (en, ar) = (card("en"), card("ar"));
    // The 2×1 red-blue image at x 800–900 reads red then blue in English,
    // and in Arabic at its mirrored place, x 180–280.
    for (card, x) in [(&en, 800), (&ar, 180)] {
        let (left, right) = (rgb(card, x + 10, 1225), rgb(card, x + 90, 1225));
        assert!(left.0 > 200 && left.2 < 60, "{left:?}");
        assert!(right.2 > 200 && right.0 < 60, "{right:?}");
    }
    // The kept element stays at the left on both.
    for card in [&en, &ar] {
        assert_eq!(rgb(card, 90, 1310), (0, 255, 0));
        assert_ne!(rgb(card, 990, 1310), (0, 255, 0));
    }
}

/// Builds with `photo` as the photo entry and returns the problems.
fn refused(photo: &str) -> String {
    let dir = campaign(photo);
    refused_in(dir.path(), &["--no-kit"])
}

/// The problem is at the photo entry, for the message, saying `what`.
fn assert_located(err: &str, what: &str) {
    let at = format!("messages/media-and-public.yaml:{}:", PHOTO_LINE + 1);
    let line = err
        .lines()
        .find(|l| l.contains(what))
        .unwrap_or_else(|| panic!("no problem saying {what:?} in:\n{err}"));
    assert!(line.contains(&at), "{line}\n(expected at {at})");
    assert!(err.contains("message harbour"), "{err}");
    assert!(err.contains("help: "), "{err}");
}

#[test]
fn each_bad_photo_is_refused_at_its_entry() {
    let cases = [
        (
            "photos/landscape.jpg",
            "photos/missing.jpg",
            "is not in the messages folder",
        ),
        (
            "photos/landscape.jpg",
            "photos/landscape.heic",
            "not a JPEG, PNG or WebP file",
        ),
        (
            "photos/landscape.jpg",
            "../../secret.jpg",
            "not a path inside the messages folder",
        ),
        (
            "focus: [0.5, 0.5]",
            "focus: [1.5, 0.5]",
            "not a point inside the photo",
        ),
        (
            "consent: not-needed",
            "consent: false",
            "must not be published",
        ),
        (
            "      consent: not-needed\n",
            "",
            "does not say whether consent is recorded",
        ),
        ("      licence: CC BY 4.0\n", "", "has no `licence:`"),
        (
            "      credit: Test Photographer / handbill\n",
            "",
            "has no `credit:`",
        ),
    ];
    for (from, to, what) in cases {
        let photo = PHOTO.replace(from, to);
        assert_ne!(photo, PHOTO, "{from}");
        assert_located(&refused(&photo), what);
    }
    let no_alt = PHOTO.replace(
        &PHOTO[PHOTO.find("      alt:").expect("alt")..PHOTO.find("      credit").expect("credit")],
        "",
    );
    assert_located(&refused(&no_alt), "has no `alt:`");
}

#[test]
fn a_photo_that_is_not_a_readable_image_is_refused_at_its_entry() {
    let gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;".to_vec();
    let jpeg = fs::read(root().join("tests/fixtures/photos/landscape.jpg")).expect("fixture");
    let cut = jpeg[..jpeg.len() / 3].to_vec();
    for (bytes, what) in [
        (gif, "is a GIF, not a JPEG, PNG or WebP image"),
        (cut, "cannot be decoded"),
    ] {
        let dir = campaign(PHOTO);
        fs::write(dir.path().join("messages/photos/landscape.jpg"), bytes).expect("write");
        assert_located(&refused_in(dir.path(), &["--no-kit"]), what);
    }
}

#[test]
fn a_photo_over_fifty_megapixels_is_refused_from_its_header() {
    // 8,000 × 7,000 black pixels, one bit each: 56 megapixels in a small
    // file; refused before its pixels are decoded.
    let (w, h) = (8000u32, 7000u32);
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, w, h);
    enc.set_color(png::ColorType::Grayscale);
    enc.set_depth(png::BitDepth::One);
    let mut writer = enc.write_header().expect("header");
    writer
        .write_image_data(&vec![0; (w / 8 * h) as usize])
        .expect("data");
    writer.finish().expect("finish");
    let dir = campaign(&PHOTO.replace("landscape.jpg", "huge.png"));
    fs::write(dir.path().join("messages/photos/huge.png"), out).expect("write");
    let err = refused_in(dir.path(), &["--no-kit"]);
    assert_located(&err, "is 8000×7000 pixels, over the limit of 50 megapixels");
}

#[test]
fn a_photo_on_a_template_without_a_photo_slot_is_refused() {
    let dir = campaign(PHOTO);
    let shipped = root().join("templates/instagram-square/statement.svg");
    let target = dir.path().join("templates/instagram-square/statement.svg");
    fs::copy(shipped, &target).expect("copy");
    let err = refused_in(dir.path(), &["--no-kit", "--format", "instagram-square"]);
    assert_located(&err, "its template has no `photo` slot");
    assert!(
        err.contains("templates/instagram-square/statement.svg"),
        "{err}"
    );
}

#[test]
fn a_photo_card_is_the_same_bytes_on_every_build() {
    let args = ["--no-kit", "--svg", "--format", "x", "--language", "ar"];
    let built = |jobs: &str| {
        let dir = campaign(PHOTO);
        let o = build_in(dir.path(), &[&args[..], &["--jobs", jobs]].concat());
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        crate::util::tree(&dir.path().join("out/cards"))
    };
    let (one, two) = (built("1"), built("2"));
    assert!(one.iter().any(|(name, _)| name.ends_with("harbour.svg")));
    assert_eq!(one, two);
}

/// Photos no message names are never read: a picture library kept in
/// `messages/` neither fills memory nor stops the build with its files.
#[test]
fn a_photo_no_message_names_is_not_read() {
    let dir = crate::util::fixture("mini");
    let library = dir.path().join("messages/photos");
    fs::create_dir_all(&library).expect("mkdir");
    // Sparse, so the test writes nothing: a file over the size limit would
    // be refused if it were read.
    let big = fs::File::create(library.join("archive.jpg")).expect("creates");
    big.set_len(65 * 1024 * 1024).expect("grows");
    let o = build_in(dir.path(), &["--quiet", "--no-kit"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}
