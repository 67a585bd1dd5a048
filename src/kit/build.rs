//! One language's press kit, from the kit data, the campaign and the cards
//! already rendered: every file of the zip, by name.
//!
//! Pure: returns the files as bytes; the build writes them.

use std::collections::BTreeMap;

use crate::campaign::{Direction, Status};
use crate::card::Card;
use crate::error::{Bug, OrBug};
use crate::format::FACTSHEET;
use crate::problem::{Location, Problem};
use crate::typography::t;

use super::documents::{Documents, KitCard};
use super::embargo::{self, Notice};
use super::pages::{self, PageError};
use super::{Failure, Inputs, Kit, entry_name, factsheet, pdf};

/// A rendered card handed to the kit.
pub struct RenderedCard<'a> {
    pub card: &'a Card,
    pub png: &'a [u8],
}

/// The kit's files, by their path in the zip.
pub type Files = BTreeMap<String, Vec<u8>>;

/// The names of the kit's documents in one language.
struct Names {
    factsheet_pdf: String,
    factsheet_png: String,
    faq_pdf: String,
    faq_md: String,
    faq_html: String,
}

impl Names {
    /// "free2link_factsheet_key-facts_en_a4.pdf", …: campaign, document,
    /// content, language, size.
    fn new(slug: &str, l: &str) -> Names {
        Names {
            factsheet_pdf: format!("{slug}_factsheet_key-facts_{l}_a4.pdf"),
            factsheet_png: format!(
                "{slug}_factsheet_key-facts_{l}_{}x{}.png",
                FACTSHEET.width * 2,
                FACTSHEET.height * 2
            ),
            faq_pdf: format!("{slug}_faq_questions_{l}_a4.pdf"),
            faq_md: format!("{slug}_faq_questions_{l}.md"),
            faq_html: format!("{slug}_faq_questions_{l}.html"),
        }
    }
}

/// Builds one language's kit: file name → bytes.
pub fn build(
    kit: &Kit,
    inputs: &Inputs,
    lang: &str,
    cards: &[RenderedCard],
) -> Result<Files, Failure> {
    let slug = entry_name(&inputs.campaign.slug);
    let names = Names::new(&slug, &entry_name(lang));
    let notice = kit.embargo_line(lang).map(|line| Notice {
        line,
        lang: lang.to_owned(),
    });
    let mut files = Files::new();
    // The cards and the logo, named by the one convention.
    let kit_cards = add_cards(&mut files, &slug, lang, cards);
    let logo = add_logo(&mut files, &slug, lang, inputs.logo);
    // The photos of its cards, in full size, and the fonts' licences.
    add_photos(&mut files, inputs, &kit_cards);
    add_licences(&mut files, inputs.licences);
    // The factsheet, set like a card, as PNG and PDF.
    let sheet = factsheet::make(kit, inputs, lang)?;
    files.insert(names.factsheet_png.clone(), sheet.png);
    // Under an embargo, the images and licences so far say so in their
    // own formats; the documents below say so as they are written.
    mark_all(&mut files, notice.as_ref())?;
    files.insert(names.factsheet_pdf.clone(), sheet.pdf);
    // The FAQ as a PDF laid out page by page.
    files.insert(names.faq_pdf.clone(), faq_pdf(kit, inputs, lang)?);
    // The text documents and the press page.
    let docs = Documents {
        kit,
        campaign: inputs.campaign,
        lang,
        cards: &kit_cards,
        factsheet_pdf: &names.factsheet_pdf,
        factsheet_png: &names.factsheet_png,
        faq_pdf: &names.faq_pdf,
        faq_md: &names.faq_md,
        faq_html: &names.faq_html,
        logo: logo.as_deref().unwrap_or(""),
    };
    add_documents(&mut files, &docs, &names, inputs)?;
    // The manifest of everything.
    let embargo = notice.as_ref().map(|n| n.line.as_str());
    add_manifest(&mut files, inputs.campaign, lang, embargo)?;
    // Under an embargo, no file may be without it.
    check_marked(&files, notice.as_ref(), lang)?;
    Ok(files)
}

/// Adds `manifest.json`, made of the files so far.
fn add_manifest(
    files: &mut Files,
    c: &crate::campaign::Campaign,
    lang: &str,
    embargo: Option<&str>,
) -> Result<(), Bug> {
    let about = About {
        campaign: &c.name,
        lang,
        status: c.language(lang).map_or(Status::Draft, |x| x.status),
        embargo,
    };
    let manifest = manifest(files, &about)?;
    files.insert("manifest.json".to_owned(), manifest);
    Ok(())
}

/// Marks every file so far with the embargo, if there is one.
fn mark_all(files: &mut Files, notice: Option<&Notice>) -> Result<(), Bug> {
    let Some(notice) = notice else {
        return Ok(());
    };
    for (name, bytes) in files.iter_mut() {
        *bytes = embargo::mark(name, bytes, notice)?;
    }
    Ok(())
}

/// Reads every file back: one that does not say the embargo is a bug.
fn check_marked(files: &Files, notice: Option<&Notice>, lang: &str) -> Result<(), Bug> {
    let Some(notice) = notice else {
        return Ok(());
    };
    match embargo::unmarked_files(files, &notice.line)[..] {
        [] => Ok(()),
        ref unmarked => Err(Bug::new(
            format!("checking that the {lang} kit says its embargo"),
            format!("these files do not: {}", unmarked.join(", ")),
        )),
    }
}

/// Adds each card as `cards/<campaign>_<kind>_<message>[-<slide>]_<lang>_<w>x<h>.png`.
fn add_cards<'a>(
    files: &mut Files,
    slug: &str,
    lang: &str,
    cards: &[RenderedCard<'a>],
) -> Vec<KitCard<'a>> {
    let l = entry_name(lang);
    cards
        .iter()
        .map(|rc| {
            let card = rc.card;
            let mut name = entry_name(&card.message);
            if let Some((i, _)) = card.slide {
                name = format!("{name}-{i:02}");
            }
            let file = format!(
                "cards/{slug}_{}_{name}_{l}_{}x{}.png",
                entry_name(card.kind.name),
                card.format.width,
                card.format.height
            );
            files.insert(file.clone(), rc.png.to_vec());
            KitCard { file, card }
        })
        .collect()
}

/// Adds each photo a card of the kit shows as `photos/<name>.<ext>`,
/// named by [`photo_entry`], as the file was read.
fn add_photos(files: &mut Files, inputs: &Inputs, cards: &[KitCard]) {
    let c = inputs.campaign;
    for m in c
        .messages
        .iter()
        .filter(|m| cards.iter().any(|k| k.card.message == m.id))
    {
        let Some(photo) = &m.photo else {
            continue;
        };
        if let Some(bytes) = inputs.photos.get(&photo.file) {
            files.insert(photo_entry(&photo.file), bytes.clone());
        }
    }
}

/// A photo's name in the kit: `photos/` and its path in the messages
/// folder made safe (`photos/harbour.jpg` for `photos/harbour.jpg` or
/// `harbour.jpg`, `photos/2026-march.jpg` for `photos/2026/march.jpg`).
pub fn photo_entry(file: &std::path::Path) -> String {
    let path = file.strip_prefix("photos").unwrap_or(file);
    let stem = path.with_extension("");
    let ext = file
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    format!(
        "photos/{}.{}",
        entry_name(&stem.to_string_lossy()),
        entry_name(&ext)
    )
}

/// Adds the logo as `<campaign>_logo_<name>_<lang>.<svg|png>`; its name.
fn add_logo(
    files: &mut Files,
    slug: &str,
    lang: &str,
    logo: Option<(&str, &[u8])>,
) -> Option<String> {
    let (name, bytes) = logo?;
    let ext = if name.ends_with(".png") { "png" } else { "svg" };
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let file = format!(
        "{slug}_logo_{}_{}.{ext}",
        entry_name(stem),
        entry_name(lang)
    );
    files.insert(file.clone(), bytes.to_vec());
    Some(file)
}

/// The FAQ as a tagged A4 PDF.
fn faq_pdf(kit: &Kit, inputs: &Inputs, lang: &str) -> Result<Vec<u8>, Failure> {
    let items: Vec<(String, String)> = kit
        .faq
        .iter()
        .map(|q| {
            (
                t(&q.question, lang).trim().to_owned(),
                t(&q.answer, lang).trim().to_owned(),
            )
        })
        .collect();
    let title = format!("{} — {}", kit.organisation.name, kit.label("faq", lang));
    let rtl = inputs
        .campaign
        .language(lang)
        .is_some_and(|x| x.direction == Direction::Rtl);
    let embargo = kit.embargo_line(lang);
    let faq = pages::Faq {
        title: &title,
        items: &items,
        footer: &title,
        embargo: embargo.as_deref(),
        rtl,
    };
    let pages =
        pages::faq(inputs.fonts, &kit.palette, &faq).map_err(|e| faq_problem(kit, lang, e))?;
    let about = pdf::About {
        title: &title,
        lang,
        embargo: embargo.as_deref(),
    };
    let pdf = pdf::write(&pages, &about, inputs.fonts)
        .or_bug(|| format!("writing the FAQ PDF for {lang}"))?;
    Ok(pdf)
}

/// A FAQ that cannot be set is the user's: a character no font in fonts/
/// has, a word wider than the page, or fonts/ without Noto Sans.
fn faq_problem(kit: &Kit, lang: &str, e: PageError) -> Failure {
    let problem = match e {
        PageError::MissingFace { family, weight } => Problem::new(
            Location::file(&kit.file),
            format!("the FAQ PDF is set in {family} (weight {weight}), which no font in fonts/ is"),
        )
        .hint(format!("add {family} to fonts/, as the shipped project has it")),
        PageError::Overflow(o) => Problem::new(
            Location::file(&kit.file),
            format!("the FAQ cannot be set on A4 pages: {}", o.describe()),
        )
        .hint("change the text of the FAQ in this language, or add a font that has the characters to fonts/"),
    };
    Failure::Problems(vec![problem.language(lang)])
}

/// Adds the FAQ as Markdown and HTML, the key facts, captions, contacts,
/// credits, and `index.html`.
fn add_documents(
    files: &mut Files,
    docs: &Documents,
    names: &Names,
    inputs: &Inputs,
) -> Result<(), Bug> {
    let lang = docs.lang;
    let html = |e| Bug::new(format!("writing the kit's HTML for {lang}"), e);
    let csv = |e| Bug::new(format!("writing the kit's CSV for {lang}"), e);
    // The credits name the licence files as they are in the kit.
    let entries: Vec<String> = inputs
        .licences
        .iter()
        .map(|(n, _)| licence_entry(n))
        .collect();
    let licence_names: Vec<&str> = entries.iter().map(String::as_str).collect();
    let texts = [
        (names.faq_md.clone(), docs.faq_md()),
        (names.faq_html.clone(), docs.faq_html().map_err(html)?),
        (
            "key-facts.csv".to_owned(),
            docs.key_facts_csv().map_err(csv)?,
        ),
        ("key-facts.md".to_owned(), docs.key_facts_md()),
        ("captions.csv".to_owned(), docs.captions_csv().map_err(csv)?),
        ("contacts.vcf".to_owned(), docs.contacts_vcf()),
        (
            "credits-and-licences.txt".to_owned(),
            docs.credits(inputs.fonts.credits(), &licence_names),
        ),
        ("index.html".to_owned(), docs.index_html().map_err(html)?),
    ];
    files.extend(texts.map(|(name, text)| (name, text.into_bytes())));
    Ok(())
}

/// Adds each font licence as `fonts-<name>.txt`.
fn add_licences(files: &mut Files, licences: &[(String, Vec<u8>)]) {
    for (name, bytes) in licences {
        files.insert(licence_entry(name), bytes.clone());
    }
}

/// A font licence's file name in the kit: `OFL.txt` → `fonts-ofl.txt`.
fn licence_entry(name: &str) -> String {
    format!("fonts-{}.txt", entry_name(name.trim_end_matches(".txt")))
}

/// What the manifest says of the kit besides its files.
struct About<'a> {
    campaign: &'a str,
    lang: &'a str,
    status: Status,
    embargo: Option<&'a str>,
}

/// `manifest.json`: the campaign, the language and its status, the
/// embargo if there is one, and every file with its size and SHA-256.
fn manifest(files: &Files, about: &About) -> Result<Vec<u8>, Bug> {
    let list: Vec<serde_json::Value> = files
        .iter()
        .map(|(name, bytes)| {
            serde_json::json!({
                "file": name,
                "bytes": bytes.len(),
                "sha256": crate::digest::sha256_hex(bytes),
            })
        })
        .collect();
    let mut manifest = serde_json::json!({
        "campaign": about.campaign,
        "language": about.lang,
        "status": about.status,
        "files": list,
    });
    if let Some(line) = about.embargo {
        manifest["embargo"] = line.into();
    }
    let lang = about.lang;
    serde_json::to_vec_pretty(&manifest).or_bug(|| format!("writing the kit's manifest for {lang}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_names_follow_campaign_document_content_language_size() {
        let n = Names::new("free2link", "el");
        assert_eq!(n.factsheet_pdf, "free2link_factsheet_key-facts_el_a4.pdf");
        assert_eq!(
            n.factsheet_png,
            "free2link_factsheet_key-facts_el_1588x2246.png"
        );
        assert_eq!(n.faq_html, "free2link_faq_questions_el.html");
    }

    #[test]
    fn the_logo_keeps_its_kind_and_a_safe_name() {
        let mut files = Files::new();
        let name = add_logo(
            &mut files,
            "free2link",
            "en",
            Some(("Our Logo.PNG.png", b"x")),
        );
        assert_eq!(name.as_deref(), Some("free2link_logo_our-logo-png_en.png"));
        assert!(files.contains_key("free2link_logo_our-logo-png_en.png"));
        assert_eq!(add_logo(&mut files, "free2link", "en", None), None);
    }

    #[test]
    fn licences_are_named_after_their_files() {
        let mut files = Files::new();
        add_licences(&mut files, &[("OFL.txt".to_owned(), b"licence".to_vec())]);
        assert_eq!(
            files.get("fonts-ofl.txt").map(Vec::as_slice),
            Some(&b"licence"[..])
        );
    }

    #[test]
    fn the_manifest_lists_every_file_with_its_hash() {
        let files = Files::from([("a.txt".to_owned(), b"abc".to_vec())]);
        let about = About {
            campaign: "Free2Link",
            lang: "it",
            status: Status::Draft,
            embargo: None,
        };
        let bytes = manifest(&files, &about).expect("writes");
        let json: serde_json::Value = serde_json::from_slice(&bytes).expect("json");
        assert_eq!(json["campaign"], "Free2Link");
        assert_eq!(json["status"], "draft");
        assert_eq!(json["files"][0]["file"], "a.txt");
        assert_eq!(json["files"][0]["bytes"], 3);
        assert_eq!(
            json["files"][0]["sha256"],
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(json.get("embargo").is_none(), "no embargo, no field");
    }

    #[test]
    fn an_embargo_is_the_manifests_too() {
        let about = About {
            campaign: "Free2Link",
            lang: "en",
            status: Status::Reviewed,
            embargo: Some("Embargo: not before 2026-12-10 08:00 UTC"),
        };
        let bytes = manifest(&Files::new(), &about).expect("writes");
        let json: serde_json::Value = serde_json::from_slice(&bytes).expect("json");
        assert_eq!(json["embargo"], "Embargo: not before 2026-12-10 08:00 UTC");
    }

    #[test]
    fn under_an_embargo_an_unmarked_file_is_a_bug_and_a_marked_one_passes() {
        let notice = Notice {
            line: "Embargo: soon".to_owned(),
            lang: "en".to_owned(),
        };
        let mut files = Files::from([("fonts-ofl.txt".to_owned(), b"licence".to_vec())]);
        let bug = check_marked(&files, Some(&notice), "en").expect_err("unmarked");
        assert!(bug.to_string().contains("fonts-ofl.txt"), "{bug}");
        mark_all(&mut files, Some(&notice)).expect("marks");
        assert!(check_marked(&files, Some(&notice), "en").is_ok());
        assert_eq!(files["fonts-ofl.txt"], b"Embargo: soon\n\nlicence");
        // Without an embargo nothing changes and nothing is checked.
        let mut plain = Files::from([("a.txt".to_owned(), b"x".to_vec())]);
        mark_all(&mut plain, None).expect("no-op");
        assert_eq!(plain["a.txt"], b"x");
        assert!(check_marked(&plain, None, "en").is_ok());
    }
}
