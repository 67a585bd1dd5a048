//! Loading `messages/kit.yaml`: parse it with every value's place in the
//! file, then check it against the campaign into a [`Kit`], step by step:
//! languages, organisation, facts, FAQ, milestones, contacts, labels,
//! embargo and its zones, and the kit's colours. Every mistake is a located
//! problem; all of them are collected.
//!
//! Pure: reads the text it is given.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::campaign::translations::{self, Langs};
use crate::campaign::{Campaign, Source, Text, unknown_unit};
use crate::kind::UNITS;
use crate::problem::{Location, Problem};

use super::{
    ABOUT_WORDS, Contact, Embargo, Fact, Kit, LABELS, MIN_FAQ, Milestone, Organisation, Palette,
    Partner, Qa, ShownZone, Zone,
};
use crate::address;

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
    name: Spanned<String>,
    website: Spanned<String>,
    about: Spanned<Text>,
    partners: Vec<RawPartner>,
    licence: Spanned<Text>,
    #[serde(default, rename = "logo-note")]
    logo_note: Option<Spanned<Text>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPartner {
    name: Spanned<String>,
    website: Spanned<String>,
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
    url: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawContact {
    name: Spanned<Text>,
    organisation: Spanned<String>,
    #[serde(default)]
    email: Option<Spanned<String>>,
    #[serde(default)]
    example: bool,
    #[serde(default)]
    website: Option<Spanned<String>>,
    #[serde(default)]
    languages: Vec<Spanned<String>>,
    #[serde(default)]
    time_zone: Option<Spanned<String>>,
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

/// What the checks share: the file, the kit's languages, the campaign's,
/// the problems.
struct Checker<'a> {
    file: &'a Path,
    languages: Vec<String>,
    known: Vec<String>,
    problems: Vec<Problem>,
}

impl Checker<'_> {
    fn at(&self, l: &serde_saphyr::Location) -> Location {
        crate::yaml::location(self.file, l)
    }

    fn push(&mut self, p: Problem) {
        self.problems.push(p);
    }

    /// A translated text must be written in every language of the kit,
    /// by the campaign's one translation check; the kit has no fallback.
    fn translated(&mut self, t: &Spanned<Text>, what: &str) {
        let langs = Langs {
            required: self.languages.clone(),
            known: &self.known,
            may_fall_back: false,
        };
        let found = translations::check(self.file, t, &langs, what);
        self.problems.extend(found);
    }

    fn translated_opt(&mut self, t: &Option<Spanned<Text>>, what: &str) {
        if let Some(t) = t {
            self.translated(t, what);
        }
    }

    /// A link the kit writes must be a web address ([`address::web`]).
    fn web(&mut self, url: &Spanned<String>) {
        let hint = "write the full address, starting with https:// (or http://); other kinds of link are not written into the kit";
        self.address(url, address::web(&url.value), hint);
    }

    /// A value written on one line (a name, a time zone) has no line break.
    fn one_line(&mut self, s: &Spanned<String>) {
        let hint = "write it on one line, without line breaks or control characters";
        self.address(s, address::one_line(&s.value), hint);
    }

    /// A translated text written on one line has no line break in any
    /// language, each located at its own language.
    fn one_line_text(&mut self, t: &Spanned<Text>) {
        let hint = "write it on one line, without line breaks or control characters";
        for lang in &self.languages {
            let Some(Err(what)) = t.value.get(lang).map(address::one_line) else {
                continue;
            };
            let (line, column) = t
                .value
                .position(lang)
                .unwrap_or_else(|| (t.referenced.line() as u32, t.referenced.column() as u32));
            let at = Location::new(self.file, line, column);
            let p = Problem::new(at, what).language(lang).hint(hint);
            self.problems.push(p);
        }
    }

    fn address(&mut self, s: &Spanned<String>, checked: Result<(), String>, hint: &str) {
        if let Err(what) = checked {
            let p = Problem::new(self.at(&s.referenced), what).hint(hint);
            self.push(p.code(crate::problem::code::LINK_SCHEME));
        } else if address::is_plain_http(&s.value) {
            let what = format!("{:?} is not an https: link", s.value);
            let p = Problem::new(self.at(&s.referenced), what).warning();
            self.push(p.code(crate::problem::code::LINK_SCHEME).hint(
                "use the https:// address: browsers warn readers away from plain http: pages",
            ));
        }
    }
}

/// Loads and checks the kit against the campaign.
pub fn load(file: &Path, text: &str, campaign: &Campaign) -> (Option<Kit>, Vec<Problem>) {
    let hint = "fix the YAML here; the shipped messages/kit.yaml shows every field";
    let raw: RawKit = match crate::yaml::parse(file, text, hint) {
        Ok(r) => r,
        Err(p) => return (None, vec![p]),
    };
    let mut cx = Checker {
        file,
        languages: Vec::new(),
        known: campaign.codes().iter().map(|c| c.to_string()).collect(),
        problems: Vec::new(),
    };
    cx.languages = languages(&raw.languages, campaign, &mut cx);
    let organisation = organisation(&raw.organisation, &mut cx);
    let facts = raw.facts.iter().map(|f| fact(f, &mut cx)).collect();
    let faq = faq(&raw.faq, &mut cx);
    let milestones = raw
        .milestones
        .iter()
        .map(|m| milestone(m, &mut cx))
        .collect();
    let contacts = raw.contacts.iter().map(|c| contact(c, &mut cx)).collect();
    let labels = labels(&raw.labels, &mut cx);
    let embargo = raw.embargo.as_ref().and_then(|e| embargo(e, &mut cx));
    let embargo_zones = raw
        .embargo_zones
        .iter()
        .filter_map(|z| zone(z, &mut cx))
        .collect();
    let palette = Palette::from_colours(&campaign.colours, &campaign.file)
        .map_err(|p| cx.problems.extend(p))
        .ok();
    // Warnings (an http: link) leave the kit whole.
    let Some(palette) = palette.filter(|_| !cx.problems.iter().any(Problem::is_error)) else {
        return (None, cx.problems);
    };
    let kit = Kit {
        file: file.to_owned(),
        languages: cx.languages,
        organisation,
        facts,
        faq,
        milestones,
        contacts,
        embargo,
        embargo_zones,
        palette,
        labels,
    };
    (Some(kit), Vec::new())
}

/// The kit's languages, each one of the campaign's.
fn languages(raw: &[Spanned<String>], campaign: &Campaign, cx: &mut Checker) -> Vec<String> {
    let mut languages = Vec::new();
    for l in raw {
        if campaign.language(&l.value).is_some() {
            languages.push(l.value.clone());
            continue;
        }
        let what = format!(
            "the kit lists {}, which is not a campaign language",
            l.value
        );
        cx.push(
            Problem::new(cx.at(&l.referenced), what)
                .hint("add it to `languages:` in campaign.yaml, or remove it here"),
        );
    }
    languages
}

fn organisation(o: &RawOrganisation, cx: &mut Checker) -> Organisation {
    cx.translated(&o.about, "the About text");
    cx.translated(&o.licence, "the licence");
    cx.translated_opt(&o.logo_note, "the logo's note");
    check_about_length(&o.about.value, cx);
    cx.one_line(&o.name);
    cx.web(&o.website);
    for p in &o.partners {
        cx.one_line(&p.name);
        cx.web(&p.website);
    }
    Organisation {
        name: o.name.value.clone(),
        website: o.website.value.clone(),
        about: o.about.value.clone(),
        partners: o.partners.iter().map(partner).collect(),
        licence: o.licence.value.clone(),
        logo_note: o.logo_note.as_ref().map(|t| t.value.clone()),
    }
}

fn partner(p: &RawPartner) -> Partner {
    Partner {
        name: p.name.value.clone(),
        website: p.website.value.clone(),
    }
}

/// Editors paste the About text as is: at most [`ABOUT_WORDS`] words.
fn check_about_length(about: &Text, cx: &mut Checker) {
    for lang in &cx.languages {
        let Some(text) = about.get(lang) else {
            continue;
        };
        let words = text.split_whitespace().count();
        if words <= ABOUT_WORDS {
            continue;
        }
        let (line, column) = about.position(lang).unwrap_or((0, 0));
        let what = format!(
            "the About text has {words} words in {lang}; editors expect {ABOUT_WORDS} or fewer"
        );
        cx.problems.push(
            Problem::new(Location::new(cx.file, line, column), what)
                .language(lang)
                .hint("shorten it: the boilerplate is pasted as is at the end of articles"),
        );
    }
}

fn fact(f: &RawFact, cx: &mut Checker) -> Fact {
    let id = &f.id.value;
    cx.translated(&f.label, &format!("fact {id} label"));
    cx.translated_opt(&f.period, &format!("fact {id} period"));
    cx.translated_opt(&f.geography, &format!("fact {id} geography"));
    cx.translated_opt(&f.caveat, &format!("fact {id} caveat"));
    if let Some(url) = &f.source.value.url {
        let url = Spanned::new(url.clone(), f.source.referenced, f.source.referenced);
        cx.web(&url);
    } else {
        cx.push(
            Problem::new(
                cx.at(&f.source.referenced),
                format!("fact {id} has no source URL"),
            )
            .hint("journalists need the source of every number: give the URL the campaign cites"),
        );
    }
    Fact {
        id: id.clone(),
        number: f.number,
        percent: percent(f, cx),
        label: f.label.value.clone(),
        period: f.period.as_ref().map(|t| t.value.clone()),
        geography: f.geography.as_ref().map(|t| t.value.clone()),
        source: f.source.value.clone(),
        caveat: f.caveat.as_ref().map(|t| t.value.clone()),
    }
}

/// Whether a fact's `unit:` is `percent`; any other unit is a mistake,
/// said as a message's would be.
fn percent(f: &RawFact, cx: &mut Checker) -> bool {
    let Some(unit) = &f.unit else {
        return false;
    };
    if !UNITS.contains(&unit.value.as_str()) {
        cx.push(unknown_unit(cx.at(&unit.referenced), &unit.value));
    }
    unit.value == "percent"
}

fn faq(raw: &Spanned<Vec<RawQa>>, cx: &mut Checker) -> Vec<Qa> {
    let n = raw.value.len();
    if n < MIN_FAQ {
        cx.push(
            Problem::new(cx.at(&raw.referenced), format!("the FAQ has {}; a press kit needs at least {MIN_FAQ}", crate::plural::counted(n, "question")))
                .hint("add questions journalists ask: what it is, how it works, the law, who is at risk, what to do, where to find more"),
        );
    }
    raw.value
        .iter()
        .map(|q| {
            cx.translated(&q.question, "a question");
            cx.translated(&q.answer, "an answer");
            Qa {
                question: q.question.value.clone(),
                answer: q.answer.value.clone(),
            }
        })
        .collect()
}

fn milestone(m: &RawMilestone, cx: &mut Checker) -> Milestone {
    cx.translated(&m.title, &format!("the {} milestone", m.year));
    if let Some(url) = &m.url {
        cx.web(url);
    }
    Milestone {
        year: m.year,
        title: m.title.value.clone(),
        url: m.url.as_ref().map(|u| u.value.clone()),
    }
}

fn contact(c: &RawContact, cx: &mut Checker) -> Contact {
    cx.translated(&c.name, "a contact's name");
    cx.one_line_text(&c.name);
    let single = std::iter::once(&c.organisation).chain(&c.languages);
    for s in single.chain(&c.time_zone) {
        cx.one_line(s);
    }
    if let Some(e) = &c.email {
        check_email(e, c.example, cx);
    }
    if let Some(w) = &c.website {
        cx.web(w);
    }
    Contact {
        name: c.name.value.clone(),
        organisation: c.organisation.value.clone(),
        email: c.email.as_ref().map(|e| e.value.clone()),
        example: c.example,
        website: c.website.as_ref().map(|w| w.value.clone()),
        languages: c.languages.iter().map(|l| l.value.clone()).collect(),
        time_zone: c.time_zone.as_ref().map(|t| t.value.clone()),
    }
}

/// An address is an example exactly when it is at example.org, and has an @.
fn check_email(e: &Spanned<String>, example: bool, cx: &mut Checker) {
    let at = cx.at(&e.referenced);
    let example_domain = e.value.ends_with("@example.org") || e.value.ends_with(".example.org");
    if example != example_domain {
        let what = if example {
            format!(
                "{} is marked as an example but is not an example.org address",
                e.value
            )
        } else {
            format!(
                "{} is an example.org address but is not marked `example: true`",
                e.value
            )
        };
        cx.push(Problem::new(at.clone(), what).hint(
            "placeholders use example.org and say `example: true`; real contacts say neither",
        ));
    }
    if let Err(what) = address::email(&e.value) {
        cx.push(Problem::new(at, what).hint("write it as name@domain, on one line"));
    }
}

/// Every label the pages use, in every language.
fn labels(
    raw: &Spanned<BTreeMap<String, Spanned<Text>>>,
    cx: &mut Checker,
) -> BTreeMap<String, Text> {
    for key in LABELS {
        match raw.value.get(*key) {
            Some(t) => {
                cx.translated(t, &format!("label {key}"));
                // Every file of an embargoed kit says the embargo as one
                // line: its first line, a CSV cell, a PNG text chunk.
                if *key == "embargo" {
                    cx.one_line_text(t);
                }
            }
            None => cx.push(
                Problem::new(cx.at(&raw.referenced), format!("labels has no `{key}`"))
                    .hint("every label the kit's pages use must be there; see the shipped messages/kit.yaml"),
            ),
        }
    }
    raw.value
        .iter()
        .map(|(k, v)| (k.clone(), v.value.clone()))
        .collect()
}

fn embargo(e: &Spanned<RawEmbargo>, cx: &mut Checker) -> Option<Embargo> {
    let raw = &e.value;
    match Embargo::parse(&raw.date, &raw.time, &raw.zone) {
        Ok(x) => Some(x),
        Err(what) => {
            cx.push(Problem::new(cx.at(&e.referenced), what).hint(
                "write date: YYYY-MM-DD, time: \"HH:MM\" (24 h, in quotes), zone: an IANA time zone such as Europe/Rome or UTC",
            ));
            None
        }
    }
}

/// A zone the embargo is shown in: a zone of the IANA database, named in
/// every language.
fn zone(z: &RawZone, cx: &mut Checker) -> Option<ShownZone> {
    cx.translated(&z.name, &format!("the name of zone {}", z.zone.value));
    // A part of the embargo's one line.
    cx.one_line_text(&z.name);
    match Zone::named(&z.zone.value) {
        Ok(zone) => Some(ShownZone {
            zone,
            name: z.name.value.clone(),
        }),
        Err(what) => {
            cx.push(Problem::new(cx.at(&z.zone.referenced), what).hint(
                "name a zone of the IANA database, such as Europe/Rome, Europe/Athens or America/New_York",
            ));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::kit::testing::shipped;

    fn problems(campaign: &Campaign, text: &str) -> Vec<String> {
        let (kit, problems) = load(Path::new("messages/kit.yaml"), text, campaign);
        assert!(kit.is_none(), "the kit should be refused");
        problems.iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn the_shipped_kit_loads_with_its_zones_note_and_colours() {
        let (campaign, text) = shipped();
        let (kit, problems) = load(Path::new("messages/kit.yaml"), &text, &campaign);
        assert!(problems.is_empty(), "{problems:?}");
        let kit = kit.expect("kit");
        let zones: Vec<&str> = kit.embargo_zones.iter().map(|z| z.zone.name()).collect();
        assert_eq!(zones, ["Europe/Rome", "Europe/Athens"]);
        assert!(kit.organisation.logo_note.is_some());
        assert_eq!(kit.palette.accent, "#b83a16");
    }

    #[test]
    fn an_unknown_zone_is_located_at_its_name() {
        let (campaign, text) = shipped();
        let text = text.replacen("  - zone: Europe/Athens", "  - zone: Europe/Atlantis", 1);
        let line = text
            .lines()
            .position(|l| l.contains("Europe/Atlantis"))
            .expect("replaced")
            + 1;
        let all = problems(&campaign, &text);
        assert!(
            all.iter()
                .any(|p| p.starts_with(&format!("messages/kit.yaml:{line}:"))
                    && p.contains("\"Europe/Atlantis\" is not an IANA time zone")),
            "{all:?}"
        );
    }

    #[test]
    fn a_zone_name_missing_in_a_language_is_said() {
        let (campaign, text) = shipped();
        let text = text.replacen(", el: Αθήνα", "", 1);
        let all = problems(&campaign, &text);
        assert!(
            all.iter()
                .any(|p| p.contains("the name of zone Europe/Athens has no el text")),
            "{all:?}"
        );
    }

    #[test]
    fn an_embargo_at_a_time_that_does_not_exist_is_located() {
        let (campaign, mut text) = shipped();
        text.push_str("\nembargo:\n  date: 2026-03-29\n  time: \"02:30\"\n  zone: Europe/Rome\n");
        let all = problems(&campaign, &text);
        assert!(
            all.iter()
                .any(|p| p.starts_with("messages/kit.yaml:") && p.contains("the clocks change")),
            "{all:?}"
        );
    }

    #[test]
    fn a_campaign_without_the_kit_colours_is_told_which_to_add() {
        let (mut campaign, text) = shipped();
        campaign.colours.remove("rule");
        let all = problems(&campaign, &text);
        assert!(
            all.iter()
                .any(|p| p.contains("the press kit needs a colour `rule`")),
            "{all:?}"
        );
    }

    #[test]
    fn an_unknown_unit_is_located_at_the_unit() {
        let (campaign, text) = shipped();
        let text = text.replacen("unit: percent", "unit: permille", 1);
        let all = problems(&campaign, &text);
        assert!(
            all.iter().any(|p| p.contains("unknown unit \"permille\"")),
            "{all:?}"
        );
    }

    /// The line (1-based) of the first line holding `needle`.
    fn line_of(text: &str, needle: &str) -> usize {
        text.lines()
            .position(|l| l.contains(needle))
            .expect("present")
            + 1
    }

    #[test]
    fn a_link_that_is_not_a_web_address_is_located_wherever_it_is() {
        let (campaign, text) = shipped();
        for (from, to) in [
            (
                "url: https://rm.coe.int/168008371d",
                "url: javascript:alert(1)",
            ),
            (
                "website: https://labcentro.it/",
                "website: data:text/html,x",
            ),
            (
                "website: https://free2link.eu/\n    # Languages",
                "website: vbscript:x\n    # Languages",
            ),
        ] {
            let text = text.replacen(from, to, 1);
            let line = line_of(&text, to.lines().next().expect("a line"));
            let all = problems(&campaign, &text);
            assert!(
                all.iter()
                    .any(|p| p.starts_with(&format!("messages/kit.yaml:{line}:"))
                        && p.contains("is not a web address")
                        && p.contains("starting with https://")),
                "{to}: {all:?}"
            );
        }
    }

    #[test]
    fn a_fact_source_that_is_not_a_web_address_is_refused() {
        let (campaign, text) = shipped();
        let text = text.replacen(
            "url: https://www.osce.org/files/f/documents/8/5/512170.pdf",
            "url: \"javascript:alert(1)\"",
            1,
        );
        let all = problems(&campaign, &text);
        assert!(
            all.iter()
                .any(|p| p.contains("\"javascript:alert(1)\" is not a web address")),
            "{all:?}"
        );
    }

    #[test]
    fn a_line_break_in_a_contact_field_is_refused_in_its_language() {
        let (campaign, text) = shipped();
        let text = text
            .replacen(
                "en: Free2Link press office",
                "en: \"Press\\r\\nTEL:123\"",
                1,
            )
            .replacen(
                "time-zone: Europe/Rome",
                "time-zone: \"Europe/Rome\\nPHOTO:x\"",
                1,
            );
        let line = line_of(&text, "TEL:123");
        let all = problems(&campaign, &text);
        assert!(
            all.iter()
                .any(|p| p.starts_with(&format!("messages/kit.yaml:{line}:"))
                    && p.contains("this field is one line")
                    && p.contains("language en")),
            "{all:?}"
        );
        assert!(all.iter().any(|p| p.contains("PHOTO:x")), "{all:?}");
    }

    #[test]
    fn the_embargo_and_its_zones_names_are_one_line() {
        let (campaign, text) = shipped();
        let text = text
            .replacen(
                "en: \"Embargo: not to be published before\"",
                "en: \"Embargo:\\nnot before\"",
                1,
            )
            .replacen("el: Αθήνα", "el: \"Αθή\\nνα\"", 1);
        let all = problems(&campaign, &text);
        for (said, lang) in [("Embargo:\\nnot", "en"), ("Αθή\\nνα", "el")] {
            let line = line_of(&text, said);
            assert!(
                all.iter()
                    .any(|p| p.starts_with(&format!("messages/kit.yaml:{line}:"))
                        && p.contains("this field is one line")
                        && p.contains(&format!("language {lang}"))),
                "{said}: {all:?}"
            );
        }
    }

    #[test]
    fn an_email_with_a_line_break_is_refused() {
        let (campaign, text) = shipped();
        let text = text.replacen(
            "email: press@example.org",
            "email: \"press@example.org\\r\\nTEL:1\"",
            1,
        );
        let all = problems(&campaign, &text);
        assert!(
            all.iter()
                .any(|p| p.contains("which no email address here may hold")),
            "{all:?}"
        );
    }
}
