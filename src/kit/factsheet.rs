//! The one-page factsheet: the kit's key facts, milestones and first
//! contact set into `templates/kit/factsheet.svg` like a card, then drawn
//! as a PNG at twice the page's pixels and as a tagged PDF whose texts are
//! read in the order of [`reading_order`].
//!
//! Pure: returns bytes; writes no file.

use std::collections::BTreeMap;

use crate::campaign::Direction;
use crate::compose::{self, Assets, Fill};
use crate::error::{Bug, OrBug};
use crate::format::FACTSHEET;
use crate::problem::{Context, Location, Problem};
use crate::render;
use crate::template::Needs;
use crate::typography::{readable_link, source_line, t};

use super::pages;
use super::pdf::{self, Group, Role};
use super::{Failure, Inputs, Kit};

/// The slots of each fact: value, label, source, caveat.
const FACTS: [[&str; 4]; 3] = [
    ["fact1-value", "fact1-label", "fact1-source", "fact1-caveat"],
    ["fact2-value", "fact2-label", "fact2-source", "fact2-caveat"],
    ["fact3-value", "fact3-label", "fact3-source", "fact3-caveat"],
];
/// The slots of each milestone: year, title.
const MILESTONES: [[&str; 2]; 5] = [
    ["m1-year", "m1-title"],
    ["m2-year", "m2-title"],
    ["m3-year", "m3-title"],
    ["m4-year", "m4-title"],
    ["m5-year", "m5-title"],
];

/// The factsheet's slots a template may leave out; every other slot of the
/// reading order it must have.
const OPTIONAL: [&str; 3] = ["subtitle", "embargo", "footer"];

/// What the press kit needs of its factsheet template: the slots of its
/// reading order, the one list of them. A fact's caveat may be left out.
pub fn needs() -> Needs {
    let caveats = FACTS.map(|f| f[3]);
    let slots = reading_order().into_iter().map(|(slot, _)| slot);
    let (optional, required) = slots.partition(|s| OPTIONAL.contains(s) || caveats.contains(s));
    Needs {
        name: "factsheet",
        required,
        optional,
        direction: Direction::Ltr,
    }
}

/// The PNG's pixels per page pixel: sharp on high-density screens.
const PNG_SCALE: f32 = 2.0;

/// The factsheet's files.
pub struct Factsheet {
    pub png: Vec<u8>,
    pub pdf: Vec<u8>,
}

/// The factsheet of one language, as PNG and PDF.
pub fn make(kit: &Kit, inputs: &Inputs, lang: &str) -> Result<Factsheet, Failure> {
    // Refuse more facts or milestones than the page has room for.
    check_room(kit, lang)?;
    // An embargo must have its place on the page.
    check_embargo_slot(kit, inputs, lang)?;
    // Write each slot's text.
    let slots = slots(kit, inputs, lang);
    check_slots(&slots)?;
    // Set the texts into the template.
    let svg = fill(kit, inputs, lang, &slots).map_err(Failure::Problems)?;
    // Draw it for the web and for print.
    let png = png(&svg, inputs, lang)?;
    let pdf = pdf(&svg, &slots, kit, inputs, lang)?;
    Ok(Factsheet { png, pdf })
}

fn check_room(kit: &Kit, lang: &str) -> Result<(), Failure> {
    if kit.facts.len() <= FACTS.len() && kit.milestones.len() <= MILESTONES.len() {
        return Ok(());
    }
    let what = format!(
        "the factsheet holds {} facts and {} milestones; the kit has {} and {}",
        FACTS.len(),
        MILESTONES.len(),
        kit.facts.len(),
        kit.milestones.len()
    );
    Err(Failure::Problems(vec![
        Problem::new(Location::file(&kit.file), what)
            .language(lang)
            .hint("keep the factsheet to the key facts: move the others to key-facts.md, or add slots to templates/kit/factsheet.svg"),
    ]))
}

/// Under an embargo, the factsheet must show it: a template without an
/// `embargo` slot (which it may leave out otherwise) is the user's to fix.
fn check_embargo_slot(kit: &Kit, inputs: &Inputs, lang: &str) -> Result<(), Failure> {
    let template = inputs.factsheet;
    if kit.embargo.is_none() || template.text_slots.contains_key("embargo") {
        return Ok(());
    }
    Err(Failure::Problems(vec![
        Problem::new(
            Location::file(&template.path),
            "the kit has an embargo, but the factsheet template has no text with id=\"embargo\" to show it",
        )
        .language(lang)
        .hint("add a <text id=\"embargo\"> at the top of the factsheet template, as the shipped templates/kit/factsheet.svg has: every file of an embargoed kit must say so"),
    ]))
}

/// Each slot's text in the language: slot id → text.
fn slots(kit: &Kit, inputs: &Inputs, lang: &str) -> BTreeMap<&'static str, String> {
    let c = inputs.campaign;
    let label = |key| kit.label(key, lang).to_owned();
    let org = &kit.organisation;
    let website = shown_link(&org.website, is_rtl(inputs, lang));
    let mut slots = BTreeMap::from([
        ("title", label("factsheet")),
        (
            "subtitle",
            format!("{} · {}", org.name, kit.label("press-kit", lang)),
        ),
        ("about", t(&org.about, lang).trim().to_owned()),
        ("facts-heading", label("key-facts")),
        ("timeline-heading", label("milestones")),
        // The sources' links are in key-facts.md and .csv beside the factsheet.
        (
            "footer",
            format!(
                "{} · key-facts.md · key-facts.csv · {website}",
                label("source"),
            ),
        ),
    ]);
    for (f, names) in kit.facts.iter().zip(FACTS) {
        slots.insert(names[0], super::documents::fact_value(c, f, lang));
        slots.insert(names[1], fact_label(inputs, f, lang));
        slots.insert(names[2], source_line(&c.words, &f.source, lang));
        if let Some(cv) = &f.caveat {
            slots.insert(
                names[3],
                format!("{}: {}", label("caveat"), t(cv, lang).trim()),
            );
        }
    }
    for (m, names) in kit.milestones.iter().zip(MILESTONES) {
        slots.insert(names[0], m.year.to_string());
        slots.insert(names[1], t(&m.title, lang).to_owned());
    }
    if let Some(line) = contact_line(kit, lang, website) {
        slots.insert("contact", line);
    }
    if let Some(line) = kit.embargo_line(lang) {
        slots.insert("embargo", line);
    }
    slots
}

/// "of victims are advertised online (Europe, 2020)": the label, with
/// where and when in brackets.
fn fact_label(inputs: &Inputs, f: &super::Fact, lang: &str) -> String {
    let label = t(&f.label, lang).to_owned();
    let context: Vec<&str> = [&f.geography, &f.period]
        .iter()
        .filter_map(|x| x.as_ref().map(|x| t(x, lang)))
        .collect();
    if context.is_empty() {
        return label;
    }
    let comma = t(&inputs.campaign.words.comma, lang);
    format!("{label} ({})", context.join(comma))
}

/// Whether the language is written right to left.
fn is_rtl(inputs: &Inputs, lang: &str) -> bool {
    inputs
        .campaign
        .language(lang)
        .is_some_and(|x| x.direction == Direction::Rtl)
}

/// A link as a line of the factsheet shows it. In right-to-left text a
/// link's closing slash is a neutral that the bidi algorithm sends to the
/// far side of the link ("/https://free2link.eu"), so there it is written
/// as the cards write it: "free2link.eu".
fn shown_link(url: &str, rtl: bool) -> &str {
    match rtl {
        true => readable_link(url),
        false => url,
    }
}

/// The first contact: "Press office · press@… (example…) · https://…".
fn contact_line(kit: &Kit, lang: &str, website: &str) -> Option<String> {
    let contact = kit.contacts.first()?;
    let mut line = t(&contact.name, lang).to_owned();
    if let Some(e) = &contact.email {
        line.push_str(" · ");
        line.push_str(e);
        if contact.example {
            line.push_str(&format!(" ({})", kit.label("example", lang)));
        }
    }
    line.push_str(" · ");
    line.push_str(website);
    Some(line)
}

/// Every slot handbill fills must be one a factsheet template declares:
/// otherwise the template check lets a template through that cannot show
/// it, and that is handbill's fault.
fn check_slots(slots: &BTreeMap<&'static str, String>) -> Result<(), Bug> {
    let Needs {
        required, optional, ..
    } = needs();
    match slots
        .keys()
        .find(|id| !required.contains(id) && !optional.contains(id))
    {
        None => Ok(()),
        Some(id) => Err(Bug::new(
            "filling the factsheet",
            format!("the slot `{id}` is not one a factsheet template declares"),
        )),
    }
}

/// The template with the slots' texts set, as the cards are.
fn fill(
    kit: &Kit,
    inputs: &Inputs,
    lang: &str,
    slots: &BTreeMap<&'static str, String>,
) -> Result<String, Vec<Problem>> {
    let rtl = is_rtl(inputs, lang);
    let location = Location::file(&kit.file);
    let sheet = Fill {
        texts: slots,
        language: lang,
        direction: if rtl { Direction::Rtl } else { Direction::Ltr },
        slide: None,
        kind: None,
        at: &BTreeMap::new(),
        location: &location,
        context: Context {
            message: Some("factsheet".to_owned()),
            language: Some(lang.to_owned()),
            format: Some(FACTSHEET.name.to_owned()),
            ..Context::default()
        },
        photo: None,
    };
    let assets = Assets {
        fonts: inputs.fonts,
        colours: &inputs.campaign.colours,
        logo: inputs.logo_url,
        words: &inputs.campaign.words,
    };
    compose::compose(inputs.factsheet, &sheet, &assets)
}

fn png(svg: &str, inputs: &Inputs, lang: &str) -> Result<Vec<u8>, Bug> {
    let doing = || format!("drawing the factsheet PNG for {lang}");
    let opts = render::options(inputs.fonts.db());
    let pixmap = render::rasterize_at(svg, &opts, PNG_SCALE).or_bug(doing)?;
    render::encode_png(&pixmap).or_bug(doing)
}

/// The PDF: the artwork as an artifact, each text in reading order.
fn pdf(
    svg: &str,
    slots: &BTreeMap<&'static str, String>,
    kit: &Kit,
    inputs: &Inputs,
    lang: &str,
) -> Result<Vec<u8>, Bug> {
    let doing = || format!("writing the factsheet PDF for {lang}");
    let heading_text = |id: &str| slots.get(id).cloned().unwrap_or_default();
    let parts = pages::split(svg, &reading_order(), &heading_text).or_bug(doing)?;
    let title = format!(
        "{} — {}",
        kit.organisation.name,
        kit.label("factsheet", lang)
    );
    let embargo = kit.embargo_line(lang);
    let about = pdf::About {
        title: &title,
        lang,
        embargo: embargo.as_deref(),
    };
    pdf::write(&[parts], &about, inputs.fonts).or_bug(doing)
}

/// The factsheet's texts in the order a screen reader reads them, with
/// their tags: the embargo, the title and about text, then each fact (its
/// value a heading, then label, source and caveat), each milestone (its
/// year a heading, then its title), the contact and the footer.
fn reading_order() -> Vec<(&'static str, Role)> {
    let heading = |level| Role::Heading(level, String::new());
    let paragraph = |slot| (slot, Role::Paragraph(Group::Slot(slot)));
    let mut order = vec![
        paragraph("embargo"),
        ("title", heading(1)),
        paragraph("subtitle"),
        paragraph("about"),
        ("facts-heading", heading(2)),
    ];
    for [value, rest @ ..] in FACTS {
        order.push((value, heading(3)));
        order.extend(rest.map(paragraph));
    }
    order.push(("timeline-heading", heading(2)));
    for [year, title] in MILESTONES {
        order.push((year, heading(3)));
        order.push(paragraph(title));
    }
    order.push(paragraph("contact"));
    order.push(paragraph("footer"));
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reading_order_names_each_slot_once_and_only_declared_slots() {
        let order = reading_order();
        let ids: Vec<&str> = order.iter().map(|(id, _)| *id).collect();
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), ids.len(), "{ids:?}");
        let slots: BTreeMap<&'static str, String> =
            ids.iter().map(|id| (*id, String::new())).collect();
        assert!(check_slots(&slots).is_ok());
    }

    #[test]
    fn the_title_is_the_only_first_level_heading_and_values_are_headings() {
        let order = reading_order();
        let level = |id: &str| match order.iter().find(|(i, _)| *i == id).map(|(_, r)| r) {
            Some(Role::Heading(l, _)) => Some(*l),
            _ => None,
        };
        assert_eq!(level("title"), Some(1));
        assert_eq!(level("fact2-value"), Some(3));
        assert_eq!(level("m5-year"), Some(3));
        assert_eq!(level("about"), None);
        let h1 = order
            .iter()
            .filter(|(_, r)| matches!(r, Role::Heading(1, _)))
            .count();
        assert_eq!(h1, 1);
    }

    #[test]
    fn a_right_to_left_line_shows_a_link_without_its_closing_slash() {
        assert_eq!(shown_link("https://free2link.eu/", true), "free2link.eu");
        assert_eq!(
            shown_link("https://free2link.eu/", false),
            "https://free2link.eu/"
        );
    }

    #[test]
    fn a_slot_no_factsheet_declares_is_a_bug() {
        let slots = BTreeMap::from([("title", String::new()), ("fact4-value", String::new())]);
        let bug = check_slots(&slots).expect_err("fact4 is not a slot");
        assert!(bug.to_string().contains("fact4-value"), "{bug}");
    }
}
