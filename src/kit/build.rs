//! One language's press kit, from the kit data, the campaign and the cards
//! already rendered: every file of the zip, by name.

use std::collections::BTreeMap;

use crate::campaign::{Campaign, Direction, Status};
use crate::card::{self, Assets, Card, t};
use crate::fonts::Fonts;
use crate::format::FACTSHEET;
use crate::problem::{Location, Problem};
use crate::render;
use crate::template::Template;

use super::documents::{Documents, KitCard};
use super::pages;
use super::pdf::{self, Role};
use super::{Kit, entry_name};

/// A rendered card handed to the kit.
pub struct RenderedCard<'a> {
    pub card: &'a Card,
    pub png: &'a [u8],
}

/// What the kit is made from besides its own data.
pub struct Inputs<'a> {
    pub campaign: &'a Campaign,
    pub fonts: &'a Fonts,
    pub factsheet: &'a Template,
    pub logo: Option<(&'a str, &'a [u8])>,
    pub logo_url: Option<&'a str>,
    pub licences: &'a [(String, Vec<u8>)],
}

/// The factsheet's slot names, as `&'static str` for the card that fills it.
const FACTS: [[&str; 4]; 3] = [
    ["fact1-value", "fact1-label", "fact1-source", "fact1-caveat"],
    ["fact2-value", "fact2-label", "fact2-source", "fact2-caveat"],
    ["fact3-value", "fact3-label", "fact3-source", "fact3-caveat"],
];
const MILESTONES: [[&str; 2]; 5] = [
    ["m1-year", "m1-title"],
    ["m2-year", "m2-title"],
    ["m3-year", "m3-title"],
    ["m4-year", "m4-title"],
    ["m5-year", "m5-title"],
];

/// Builds one language's kit: file name → bytes.
pub fn build(
    kit: &Kit,
    inputs: &Inputs,
    lang: &str,
    cards: &[RenderedCard],
) -> Result<BTreeMap<String, Vec<u8>>, Vec<Problem>> {
    let c = inputs.campaign;
    let slug = entry_name(&c.slug);
    let l = entry_name(lang);
    let rtl = c
        .language(lang)
        .is_some_and(|x| x.direction == Direction::Rtl);
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let problem = |what: String| Problem::new(Location::file(&kit.file), what).language(lang);

    // Cards, named by the one convention.
    let mut kit_cards = Vec::new();
    for rc in cards {
        let card = rc.card;
        let mut name = entry_name(&card.message);
        if let Some((i, _)) = card.slide {
            name = format!("{name}-{i:02}");
        }
        let file = format!(
            "cards/{slug}_{}_{name}_{l}_{}x{}.png",
            entry_name(card.kind),
            card.format.width,
            card.format.height
        );
        kit_cards.push(KitCard {
            file: file.clone(),
            card,
        });
        files.insert(file, rc.png.to_vec());
    }

    let logo_name = inputs.logo.map(|(name, bytes)| {
        let ext = if name.ends_with(".png") { "png" } else { "svg" };
        let file = format!(
            "{slug}_logo_{}_{l}.{ext}",
            entry_name(name.rsplit_once('.').map_or(name, |(s, _)| s))
        );
        files.insert(file.clone(), bytes.to_vec());
        file
    });

    let factsheet_pdf = format!("{slug}_factsheet_key-facts_{l}_a4.pdf");
    let factsheet_png = format!(
        "{slug}_factsheet_key-facts_{l}_{}x{}.png",
        FACTSHEET.width * 2,
        FACTSHEET.height * 2
    );
    let faq_pdf = format!("{slug}_faq_questions_{l}_a4.pdf");
    let faq_md = format!("{slug}_faq_questions_{l}.md");
    let faq_html = format!("{slug}_faq_questions_{l}.html");
    let docs = Documents {
        kit,
        campaign: c,
        lang,
        cards: &kit_cards,
        factsheet_pdf: &factsheet_pdf,
        factsheet_png: &factsheet_png,
        faq_pdf: &faq_pdf,
        faq_md: &faq_md,
        faq_html: &faq_html,
        logo: logo_name.as_deref().unwrap_or(""),
    };

    // The factsheet: the template filled like a card.
    if kit.facts.len() > FACTS.len() || kit.milestones.len() > MILESTONES.len() {
        return Err(vec![problem(format!(
            "the factsheet holds {} facts and {} milestones; the kit has {} and {}",
            FACTS.len(),
            MILESTONES.len(),
            kit.facts.len(),
            kit.milestones.len()
        ))
        .hint("keep the factsheet to the key facts: move the others to key-facts.md, or add slots to templates/kit/factsheet.svg")]);
    }
    let mut slots: BTreeMap<&'static str, String> = BTreeMap::new();
    slots.insert("title", kit.label("factsheet", lang).to_owned());
    slots.insert(
        "subtitle",
        format!(
            "{} · {}",
            kit.organisation.name,
            kit.label("press-kit", lang)
        ),
    );
    slots.insert("about", t(&kit.organisation.about, lang).trim().to_owned());
    slots.insert("facts-heading", kit.label("key-facts", lang).to_owned());
    for (f, names) in kit.facts.iter().zip(FACTS) {
        slots.insert(names[0], docs.value(f));
        let mut label = t(&f.label, lang).to_owned();
        let context: Vec<&str> = [&f.geography, &f.period]
            .iter()
            .filter_map(|x| x.as_ref().map(|x| t(x, lang)))
            .collect();
        if !context.is_empty() {
            label = format!("{label} ({})", context.join(t(&c.words.comma, lang)));
        }
        slots.insert(names[1], label);
        slots.insert(names[2], card::source_line(c, &f.source, lang));
        if let Some(cv) = &f.caveat {
            slots.insert(
                names[3],
                format!("{}: {}", kit.label("caveat", lang), t(cv, lang).trim()),
            );
        }
    }
    slots.insert("timeline-heading", kit.label("milestones", lang).to_owned());
    for (m, names) in kit.milestones.iter().zip(MILESTONES) {
        slots.insert(names[0], m.year.to_string());
        slots.insert(names[1], t(&m.title, lang).to_owned());
    }
    if let Some(contact) = kit.contacts.first() {
        let mut line = t(&contact.name, lang).to_owned();
        if let Some(e) = &contact.email {
            line.push_str(" · ");
            line.push_str(e);
            if contact.example {
                line.push_str(&format!(" ({})", kit.label("example", lang)));
            }
        }
        line.push_str(" · ");
        line.push_str(&kit.organisation.website);
        slots.insert("contact", line);
    }
    if let Some(line) = kit.embargo_line(lang) {
        slots.insert("embargo", line);
    }
    // The sources' links are in key-facts.md and .csv beside the factsheet.
    slots.insert(
        "footer",
        format!(
            "{} · key-facts.md · key-facts.csv · {}",
            kit.label("source", lang),
            kit.organisation.website
        ),
    );
    let status = c.language(lang).map_or(Status::Draft, |x| x.status);
    let sheet = Card {
        message: "factsheet".to_owned(),
        audience: String::new(),
        kind: "factsheet",
        language: lang.to_owned(),
        text_language: lang.to_owned(),
        direction: if rtl { Direction::Rtl } else { Direction::Ltr },
        status,
        format: &FACTSHEET,
        slide: None,
        slots,
        caption: String::new(),
        alt: String::new(),
        location: Location::file(&kit.file),
        at: BTreeMap::new(),
        stem: String::new(),
    };
    let assets = Assets {
        fonts: inputs.fonts,
        colours: &c.colours,
        logo: inputs.logo_url,
    };
    let svg = card::compose(inputs.factsheet, &sheet, &assets)?;
    let internal = |e: String| vec![problem(format!("the kit cannot be made: {e}"))];
    // The PNG for the web, at twice the page's pixels.
    let opts = render::options(inputs.fonts.db());
    let pixmap = render::rasterize_at(&svg, &opts, 2.0).map_err(|e| internal(e.to_string()))?;
    files.insert(
        factsheet_png.clone(),
        render::encode_png(&pixmap).map_err(|e| internal(e.to_string()))?,
    );
    // The PDF: the artwork as an artifact, each text in reading order.
    let mut order: Vec<(&str, Role)> = vec![
        ("embargo", Role::Paragraph(100)),
        ("title", Role::Heading(1, String::new())),
        ("subtitle", Role::Paragraph(101)),
        ("about", Role::Paragraph(102)),
        ("facts-heading", Role::Heading(2, String::new())),
    ];
    for (i, names) in FACTS.iter().enumerate() {
        order.push((names[0], Role::Heading(3, String::new())));
        for (k, n) in names[1..].iter().enumerate() {
            order.push((n, Role::Paragraph(110 + i * 10 + k)));
        }
    }
    order.push(("timeline-heading", Role::Heading(2, String::new())));
    for (i, names) in MILESTONES.iter().enumerate() {
        order.push((names[0], Role::Heading(3, String::new())));
        order.push((names[1], Role::Paragraph(200 + i)));
    }
    order.push(("contact", Role::Paragraph(300)));
    order.push(("footer", Role::Paragraph(301)));
    let heading_text = |id: &str| sheet.slots.get(id).cloned().unwrap_or_default();
    let parts = pages::split(&svg, &order, &heading_text).map_err(internal)?;
    let title = format!(
        "{} — {}",
        kit.organisation.name,
        kit.label("factsheet", lang)
    );
    files.insert(
        factsheet_pdf.clone(),
        pdf::write(&[parts], &title, lang, inputs.fonts).map_err(internal)?,
    );

    // The FAQ.
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
    let faq_title = format!("{} — {}", kit.organisation.name, kit.label("faq", lang));
    let faq_pages = pages::faq(inputs.fonts, &faq_title, &items, &faq_title, rtl)
        .map_err(|o| internal(o.describe()))?;
    files.insert(
        faq_pdf.clone(),
        pdf::write(&faq_pages, &faq_title, lang, inputs.fonts).map_err(internal)?,
    );
    files.insert(faq_md.clone(), docs.faq_md().into_bytes());
    files.insert(faq_html.clone(), docs.faq_html().into_bytes());

    files.insert(
        "key-facts.csv".to_owned(),
        docs.key_facts_csv()
            .map_err(|e| internal(e.to_string()))?
            .into_bytes(),
    );
    files.insert("key-facts.md".to_owned(), docs.key_facts_md().into_bytes());
    files.insert(
        "captions.csv".to_owned(),
        docs.captions_csv()
            .map_err(|e| internal(e.to_string()))?
            .into_bytes(),
    );
    files.insert("contacts.vcf".to_owned(), docs.contacts_vcf().into_bytes());
    let licence_names: Vec<&str> = inputs.licences.iter().map(|(n, _)| n.as_str()).collect();
    files.insert(
        "credits-and-licences.txt".to_owned(),
        docs.credits(&licence_names).into_bytes(),
    );
    for (name, bytes) in inputs.licences {
        files.insert(
            format!("fonts-{}", entry_name(name.trim_end_matches(".txt"))) + ".txt",
            bytes.clone(),
        );
    }
    files.insert("index.html".to_owned(), docs.index_html().into_bytes());

    // The manifest: every file with its size and sha256.
    let list: Vec<serde_json::Value> = files
        .iter()
        .map(|(name, bytes)| {
            serde_json::json!({ "file": name, "bytes": bytes.len(), "sha256": crate::digest::sha256_hex(bytes) })
        })
        .collect();
    let manifest = serde_json::json!({
        "campaign": c.name,
        "language": lang,
        "status": status,
        "files": list,
    });
    files.insert(
        "manifest.json".to_owned(),
        serde_json::to_vec_pretty(&manifest).map_err(|e| internal(e.to_string()))?,
    );
    Ok(files)
}
