//! The press kit: the campaign's kit data (`messages/kit.yaml`) loaded and
//! checked, then turned into one zipped media kit per language — factsheet,
//! FAQ, key facts with sources, captions, contacts, the cards — by the
//! sibling modules. The kit is built from the same messages and cards as the
//! social posts, so the two never disagree.
//!
//! Pure: reads and writes no files.

mod archive;
mod build;
mod documents;
mod pages;
mod pdf;
mod time;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_saphyr::Spanned;

pub use archive::{entry_name, zip};
pub use build::{Inputs, RenderedCard, build};
pub use documents::Documents;
pub use time::{Embargo, Zone};

use crate::campaign::{Campaign, Source, Text};
use crate::problem::{Location, Problem};

/// A partner organisation.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Partner {
    pub name: String,
    pub website: String,
}

/// Who runs the campaign.
#[derive(Clone, Debug, PartialEq)]
pub struct Organisation {
    pub name: String,
    pub website: String,
    /// The "About" boilerplate, 100 words or fewer.
    pub about: Text,
    pub partners: Vec<Partner>,
    /// The terms the cards and images may be used under.
    pub licence: Text,
}

/// A key fact or statistic, with its source.
#[derive(Clone, Debug, PartialEq)]
pub struct Fact {
    pub id: String,
    pub number: f64,
    pub percent: bool,
    pub label: Text,
    pub period: Option<Text>,
    pub geography: Option<Text>,
    pub source: Source,
    pub caveat: Option<Text>,
}

/// A question and its answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Qa {
    pub question: Text,
    pub answer: Text,
}

/// A milestone of the timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct Milestone {
    pub year: u32,
    pub title: Text,
    pub url: Option<String>,
}

/// An organisation-level contact.
#[derive(Clone, Debug, PartialEq)]
pub struct Contact {
    pub name: Text,
    pub organisation: String,
    pub email: Option<String>,
    /// The email is a placeholder (example.org), to replace before publishing.
    pub example: bool,
    pub website: Option<String>,
    pub languages: Vec<String>,
    pub time_zone: Option<String>,
}

/// A time zone an embargo is written in, and its name on the kit's pages.
#[derive(Clone, Debug, PartialEq)]
pub struct ShownZone {
    pub zone: Zone,
    pub name: Text,
}

/// The kit's data.
#[derive(Clone, Debug, PartialEq)]
pub struct Kit {
    pub file: PathBuf,
    pub languages: Vec<String>,
    pub organisation: Organisation,
    pub facts: Vec<Fact>,
    pub faq: Vec<Qa>,
    pub milestones: Vec<Milestone>,
    pub contacts: Vec<Contact>,
    pub embargo: Option<Embargo>,
    /// The zones an embargo is written in besides UTC, in order.
    pub embargo_zones: Vec<ShownZone>,
    /// The words of the kit's own pages, by key.
    pub labels: BTreeMap<String, Text>,
}

impl Kit {
    /// A label in a language ("" if missing, which `load` rules out).
    pub fn label(&self, key: &str, lang: &str) -> &str {
        self.labels.get(key).and_then(|t| t.get(lang)).unwrap_or("")
    }

    /// "Embargo: not to be published before 2026-12-10 08:00 UTC (09:00
    /// Rome, 10:00 Athens)", when the kit has an embargo.
    pub fn embargo_line(&self, lang: &str) -> Option<String> {
        let embargo = self.embargo.as_ref()?;
        let zones: Vec<(&Zone, &str)> = self
            .embargo_zones
            .iter()
            .map(|z| (&z.zone, z.name.get(lang).unwrap_or_default()))
            .collect();
        Some(format!(
            "{} {}",
            self.label("embargo", lang),
            embargo.describe(&zones)
        ))
    }
}

/// The labels the kit's pages use.
pub const LABELS: &[&str] = &[
    "press-kit",
    "factsheet",
    "about",
    "partners",
    "key-messages",
    "key-facts",
    "source",
    "caveat",
    "period",
    "geography",
    "milestones",
    "faq",
    "contacts",
    "example",
    "answers-in",
    "cards",
    "download",
    "caption",
    "embargo",
    "files",
    "draft",
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKit {
    languages: Vec<Spanned<String>>,
    organisation: RawOrganisation,
    facts: Vec<RawFact>,
    faq: Spanned<Vec<RawQa>>,
    milestones: Vec<RawMilestone>,
    contacts: Vec<RawContact>,
    #[serde(default)]
    embargo: Option<Spanned<RawEmbargo>>,
    #[serde(default, rename = "embargo-zones")]
    embargo_zones: Vec<RawZone>,
    labels: Spanned<BTreeMap<String, Spanned<Text>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOrganisation {
    name: String,
    website: String,
    about: Spanned<Text>,
    partners: Vec<Partner>,
    licence: Spanned<Text>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFact {
    id: Spanned<String>,
    number: f64,
    #[serde(default)]
    unit: Option<Spanned<String>>,
    label: Spanned<Text>,
    #[serde(default)]
    period: Option<Spanned<Text>>,
    #[serde(default)]
    geography: Option<Spanned<Text>>,
    source: Spanned<Source>,
    #[serde(default)]
    caveat: Option<Spanned<Text>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQa {
    question: Spanned<Text>,
    answer: Spanned<Text>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMilestone {
    year: u32,
    title: Spanned<Text>,
    #[serde(default)]
    url: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawContact {
    name: Spanned<Text>,
    organisation: String,
    #[serde(default)]
    email: Option<Spanned<String>>,
    #[serde(default)]
    example: bool,
    #[serde(default)]
    website: Option<String>,
    #[serde(default)]
    languages: Vec<String>,
    #[serde(default)]
    time_zone: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEmbargo {
    date: String,
    time: String,
    zone: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawZone {
    zone: Spanned<String>,
    name: Spanned<Text>,
}

/// The most words an "About" boilerplate may have: editors paste it as is.
pub const ABOUT_WORDS: usize = 100;
/// The fewest questions a useful FAQ has.
pub const MIN_FAQ: usize = 8;

/// Loads and checks the kit against the campaign.
pub fn load(file: &Path, text: &str, campaign: &Campaign) -> (Option<Kit>, Vec<Problem>) {
    let mut problems = Vec::new();
    let raw: RawKit = match serde_saphyr::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            let location = e.location().map_or(Location::file(file), |l| {
                Location::new(file, l.line() as u32, l.column() as u32)
            });
            let what = crate::campaign::clean_yaml_error(
                e.to_string().lines().next().unwrap_or("invalid YAML"),
            );
            return (
                None,
                vec![
                    Problem::new(location, what)
                        .hint("fix the YAML here; the shipped messages/kit.yaml shows every field"),
                ],
            );
        }
    };
    let at = |l: &serde_saphyr::Location| Location::new(file, l.line() as u32, l.column() as u32);
    let mut languages = Vec::new();
    for l in &raw.languages {
        if campaign.languages.contains(&l.value) {
            languages.push(l.value.clone());
        } else {
            problems.push(
                Problem::new(
                    at(&l.referenced),
                    format!(
                        "the kit lists {}, which is not a campaign language",
                        l.value
                    ),
                )
                .hint("add it to `languages:` in campaign.yaml, or remove it here"),
            );
        }
    }
    let check = |t: &Spanned<Text>, what: &str, problems: &mut Vec<Problem>| {
        if let Text::Translated(map) = &t.value {
            for lang in &languages {
                match map.get(lang) {
                    Some((s, _, _)) if !s.trim().is_empty() => {}
                    _ => problems.push(
                        Problem::new(at(&t.referenced), format!("{what} has no {lang} text"))
                            .language(lang)
                            .hint(format!("add a line `{lang}: …`; the kit is built in every language it lists")),
                    ),
                }
            }
        }
    };

    let o = &raw.organisation;
    check(&o.about, "the About text", &mut problems);
    check(&o.licence, "the licence", &mut problems);
    for lang in &languages {
        if let Some(about) = o.about.value.get(lang) {
            let words = about.split_whitespace().count();
            if words > ABOUT_WORDS {
                let (line, column) = o.about.value.position(lang).unwrap_or((0, 0));
                problems.push(
                    Problem::new(Location::new(file, line, column), format!("the About text has {words} words in {lang}; editors expect {ABOUT_WORDS} or fewer"))
                        .language(lang)
                        .hint("shorten it: the boilerplate is pasted as is at the end of articles"),
                );
            }
        }
    }
    let mut facts = Vec::new();
    for f in &raw.facts {
        check(
            &f.label,
            &format!("fact {} label", f.id.value),
            &mut problems,
        );
        for (t, what) in [
            (&f.period, "period"),
            (&f.geography, "geography"),
            (&f.caveat, "caveat"),
        ] {
            if let Some(t) = t {
                check(t, &format!("fact {} {what}", f.id.value), &mut problems);
            }
        }
        let percent = match f.unit.as_ref().map(|u| u.value.as_str()) {
            None => false,
            Some("percent") => true,
            Some(other) => {
                let u = f
                    .unit
                    .as_ref()
                    .map_or(at(&f.id.referenced), |u| at(&u.referenced));
                problems.push(
                    Problem::new(u, format!("unknown unit {other:?}"))
                        .hint("use `unit: percent`, or leave it out"),
                );
                false
            }
        };
        if f.source.value.url.is_none() {
            problems.push(
                Problem::new(
                    at(&f.source.referenced),
                    format!("fact {} has no source URL", f.id.value),
                )
                .hint(
                    "journalists need the source of every number: give the URL the campaign cites",
                ),
            );
        }
        facts.push(Fact {
            id: f.id.value.clone(),
            number: f.number,
            percent,
            label: f.label.value.clone(),
            period: f.period.as_ref().map(|t| t.value.clone()),
            geography: f.geography.as_ref().map(|t| t.value.clone()),
            source: f.source.value.clone(),
            caveat: f.caveat.as_ref().map(|t| t.value.clone()),
        });
    }
    if raw.faq.value.len() < MIN_FAQ {
        problems.push(
            Problem::new(at(&raw.faq.referenced), format!("the FAQ has {} questions; a press kit needs at least {MIN_FAQ}", raw.faq.value.len()))
                .hint("add questions journalists ask: what it is, how it works, the law, who is at risk, what to do, where to find more"),
        );
    }
    let mut faq = Vec::new();
    for q in &raw.faq.value {
        check(&q.question, "a question", &mut problems);
        check(&q.answer, "an answer", &mut problems);
        faq.push(Qa {
            question: q.question.value.clone(),
            answer: q.answer.value.clone(),
        });
    }
    let mut milestones = Vec::new();
    for m in &raw.milestones {
        check(
            &m.title,
            &format!("the {} milestone", m.year),
            &mut problems,
        );
        milestones.push(Milestone {
            year: m.year,
            title: m.title.value.clone(),
            url: m.url.clone(),
        });
    }
    let mut contacts = Vec::new();
    for c in &raw.contacts {
        check(&c.name, "a contact's name", &mut problems);
        if let Some(e) = &c.email {
            let example_domain =
                e.value.ends_with("@example.org") || e.value.ends_with(".example.org");
            if c.example != example_domain {
                problems.push(
                    Problem::new(at(&e.referenced), if c.example {
                        format!("{} is marked as an example but is not an example.org address", e.value)
                    } else {
                        format!("{} is an example.org address but is not marked `example: true`", e.value)
                    })
                    .hint("placeholders use example.org and say `example: true`; real contacts say neither"),
                );
            }
            if !e.value.contains('@') {
                problems.push(
                    Problem::new(
                        at(&e.referenced),
                        format!("{:?} is not an email address", e.value),
                    )
                    .hint("write it as name@domain"),
                );
            }
        }
        contacts.push(Contact {
            name: c.name.value.clone(),
            organisation: c.organisation.clone(),
            email: c.email.as_ref().map(|e| e.value.clone()),
            example: c.example,
            website: c.website.clone(),
            languages: c.languages.clone(),
            time_zone: c.time_zone.clone(),
        });
    }
    for key in LABELS {
        match raw.labels.value.get(*key) {
            Some(t) => check(t, &format!("label {key}"), &mut problems),
            None => problems.push(
                Problem::new(at(&raw.labels.referenced), format!("labels has no `{key}`"))
                    .hint("every label the kit's pages use must be there; see the shipped messages/kit.yaml"),
            ),
        }
    }
    let labels = raw
        .labels
        .value
        .iter()
        .map(|(k, v)| (k.clone(), v.value.clone()))
        .collect();
    let embargo = raw.embargo.as_ref().and_then(|e| {
        match Embargo::parse(&e.value.date, &e.value.time, &e.value.zone) {
            Ok(x) => Some(x),
            Err(what) => {
                problems.push(
                    Problem::new(at(&e.referenced), what)
                        .hint("write date: YYYY-MM-DD, time: \"HH:MM\" (24 h, in quotes), zone: an IANA time zone such as Europe/Rome or UTC"),
                );
                None
            }
        }
    });
    let mut embargo_zones = Vec::new();
    for z in &raw.embargo_zones {
        check(
            &z.name,
            &format!("the name of zone {}", z.zone.value),
            &mut problems,
        );
        match Zone::named(&z.zone.value) {
            Ok(zone) => embargo_zones.push(ShownZone {
                zone,
                name: z.name.value.clone(),
            }),
            Err(what) => problems.push(
                Problem::new(at(&z.zone.referenced), what)
                    .hint("name a zone of the IANA database, such as Europe/Rome, Europe/Athens or America/New_York"),
            ),
        }
    }
    if !problems.is_empty() {
        return (None, problems);
    }
    (
        Some(Kit {
            file: file.to_owned(),
            languages,
            organisation: Organisation {
                name: o.name.clone(),
                website: o.website.clone(),
                about: o.about.value.clone(),
                partners: o.partners.clone(),
                licence: o.licence.value.clone(),
            },
            facts,
            faq,
            milestones,
            contacts,
            embargo,
            embargo_zones,
            labels,
        }),
        problems,
    )
}
