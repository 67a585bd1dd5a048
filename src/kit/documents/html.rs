//! The kit's two HTML pages, `index.html` (the offline press page) and the
//! FAQ page, from askama templates in `src/kit/html/` (see `askama.toml`).
//!
//! askama rather than maud: the pages stay HTML files that a web person can
//! open and edit, with the exact spaces and line breaks they write (maud
//! writes HTML as Rust macros and chooses its own whitespace), and every
//! `{{ value }}` is escaped unless marked otherwise, so a forgotten escape
//! cannot happen. Both check templates at compile time.
//!
//! This file only gathers what the pages show, already in the page's
//! language; the templates decide how it looks. Nothing here writes files.
//!
//! On a right-to-left page every shown text has its left-to-right runs
//! (Latin names, numbers, links) isolated (`typography::isolate_ltr`), so a
//! link's closing slash or a number's sign stays on its own side; the
//! attributes (`href`, `src`) keep the bare values.

use askama::Template;

use crate::campaign::{Direction, Status};
use crate::typography::{isolate_ltr, source_line};

use super::super::palette::Palette;
use super::super::{Fact, Kit, Organisation};
use super::Documents;

/// Escapes like the cards' SVG text (`compose::escape`), so the pages are
/// escaped by the same rule: `& < > " '` become entities and characters
/// XML forbids are dropped. Named in `askama.toml` for `.html` templates.
#[derive(Clone, Copy, Debug, Default)]
pub struct Xml;

impl askama::filters::Escaper for Xml {
    fn write_escaped_str<W: std::fmt::Write>(&self, mut dest: W, string: &str) -> std::fmt::Result {
        dest.write_str(&crate::compose::escape(string))
    }
}

/// What `head.html` needs: the page's language, direction, title, colours.
struct Page<'a> {
    lang: &'a str,
    dir: &'static str,
    title: String,
    palette: &'a Palette,
}

/// A question and its answer, trimmed.
struct Qa {
    question: String,
    answer: String,
}

#[derive(Template)]
#[template(path = "faq.html")]
struct FaqPage<'a> {
    page: Page<'a>,
    embargo: Option<String>,
    faq: Vec<Qa>,
}

/// An audience and its key messages, one line each.
struct AudienceView {
    name: String,
    messages: Vec<String>,
}

struct FactView<'a> {
    value: String,
    label: String,
    period: Option<String>,
    geography: Option<String>,
    source: String,
    url: Option<&'a str>,
    caveat: Option<String>,
}

struct MilestoneView<'a> {
    year: u32,
    title: String,
    url: Option<&'a str>,
}

/// A link's address, and its text as the page shows it.
struct Shown<'a> {
    href: &'a str,
    text: String,
}

struct ContactView<'a> {
    name: String,
    organisation: &'a str,
    email: Option<Shown<'a>>,
    example: bool,
    website: Option<Shown<'a>>,
    /// The languages it answers in, "en, it, el"; empty when none are given.
    languages: String,
    time_zone: Option<&'a str>,
}

struct CardView<'a> {
    file: &'a str,
    alt: &'a str,
    width: u32,
    height: u32,
    /// The caption's lines, shown with `<br>` between them.
    caption_lines: Vec<&'a str>,
    format: &'a str,
}

/// The kit's other files the page links to.
struct Files<'a> {
    factsheet_pdf: &'a str,
    factsheet_png: &'a str,
    faq_pdf: &'a str,
    faq_md: &'a str,
    faq_html: &'a str,
}

#[derive(Template)]
#[template(path = "index.html")]
struct IndexPage<'a> {
    kit: &'a Kit,
    lang: &'a str,
    page: Page<'a>,
    logo: &'a str,
    org: &'a Organisation,
    /// The organisation's website, as a link.
    website: Shown<'a>,
    embargo: Option<String>,
    /// The note that the translation is a draft, when it is.
    draft: Option<&'a str>,
    about: String,
    audiences: Vec<AudienceView>,
    facts: Vec<FactView<'a>>,
    milestones: Vec<MilestoneView<'a>>,
    files: Files<'a>,
    faq: Vec<Qa>,
    contacts: Vec<ContactView<'a>>,
    cards: Vec<CardView<'a>>,
}

impl IndexPage<'_> {
    /// A label of the kit's pages in the page's language.
    fn label(&self, key: &str) -> &str {
        self.kit.label(key, self.lang)
    }
}

/// Renders a page. askama drops the template file's last line break, which
/// every page ends with, so it is put back here.
fn render(page: &impl Template) -> Result<String, askama::Error> {
    let mut html = page.render()?;
    html.push('\n');
    Ok(html)
}

impl<'a> Documents<'a> {
    /// The FAQ as a page of its own.
    pub fn faq_html(&self) -> Result<String, askama::Error> {
        let page = self.page(self.label("faq"));
        render(&FaqPage {
            page,
            embargo: self.embargo(),
            faq: self.qas(),
        })
    }

    /// `index.html`, the offline press page.
    pub fn index_html(&self) -> Result<String, askama::Error> {
        let org = &self.kit.organisation;
        render(&IndexPage {
            kit: self.kit,
            lang: self.lang,
            page: self.page(self.label("press-kit")),
            logo: self.logo,
            org,
            website: self.link(&org.website),
            embargo: self.embargo(),
            draft: self.is_draft().then(|| self.label("draft")),
            about: self.shown(self.t(&org.about).trim()),
            audiences: self.audiences(),
            facts: self.kit.facts.iter().map(|f| self.fact_view(f)).collect(),
            milestones: self.milestones(),
            files: Files {
                factsheet_pdf: self.factsheet_pdf,
                factsheet_png: self.factsheet_png,
                faq_pdf: self.faq_pdf,
                faq_md: self.faq_md,
                faq_html: self.faq_html,
            },
            faq: self.qas(),
            contacts: self.contacts(),
            cards: self.card_views(),
        })
    }

    /// The head of a page titled "Organisation — what".
    fn page(&self, what: &str) -> Page<'a> {
        Page {
            lang: self.lang,
            dir: match self.campaign.language(self.lang).map(|l| l.direction) {
                Some(Direction::Rtl) => "rtl",
                _ => "ltr",
            },
            title: format!("{} — {what}", self.kit.organisation.name),
            palette: &self.kit.palette,
        }
    }

    fn is_rtl(&self) -> bool {
        self.campaign
            .language(self.lang)
            .is_some_and(|l| l.direction == Direction::Rtl)
    }

    /// A text as the page shows it: on a right-to-left page, with its
    /// left-to-right runs isolated.
    fn shown(&self, text: &str) -> String {
        match self.is_rtl() {
            true => isolate_ltr(text),
            false => text.to_owned(),
        }
    }

    /// A link to `href` that shows it.
    fn link<'b>(&self, href: &'b str) -> Shown<'b> {
        Shown {
            href,
            text: self.shown(href),
        }
    }

    fn is_draft(&self) -> bool {
        self.campaign
            .language(self.lang)
            .is_some_and(|l| l.status == Status::Draft)
    }

    fn qas(&self) -> Vec<Qa> {
        self.kit
            .faq
            .iter()
            .map(|q| Qa {
                question: self.shown(self.t(&q.question).trim()),
                answer: self.shown(self.t(&q.answer).trim()),
            })
            .collect()
    }

    /// The audiences addressed in this language that have messages.
    fn audiences(&self) -> Vec<AudienceView> {
        let c = self.campaign;
        c.audiences
            .iter()
            .filter(|a| a.languages.iter().any(|l| l == self.lang))
            .map(|a| AudienceView {
                name: self.shown(self.t(&a.name)),
                messages: c
                    .messages
                    .iter()
                    .filter(|m| m.audience == a.id)
                    .map(|m| self.shown(&crate::card::key_line(c, m, self.lang)))
                    .collect(),
            })
            .filter(|a| !a.messages.is_empty())
            .collect()
    }

    fn fact_view(&self, f: &'a Fact) -> FactView<'a> {
        FactView {
            value: self.shown(&self.value(f)),
            label: self.shown(self.t(&f.label)),
            period: f.period.as_ref().map(|p| self.shown(self.t(p))),
            geography: f.geography.as_ref().map(|g| self.shown(self.t(g))),
            source: self.shown(&source_line(&self.campaign.words, &f.source, self.lang)),
            url: f.source.url.as_deref(),
            caveat: f.caveat.as_ref().map(|c| self.shown(self.t(c).trim())),
        }
    }

    fn milestones(&self) -> Vec<MilestoneView<'a>> {
        self.kit
            .milestones
            .iter()
            .map(|m| MilestoneView {
                year: m.year,
                title: self.shown(self.t(&m.title)),
                url: m.url.as_deref(),
            })
            .collect()
    }

    fn contacts(&self) -> Vec<ContactView<'a>> {
        self.kit
            .contacts
            .iter()
            .map(|c| ContactView {
                name: self.shown(self.t(&c.name)),
                organisation: &c.organisation,
                email: c.email.as_deref().map(|e| self.link(e)),
                example: c.example,
                website: c.website.as_deref().map(|w| self.link(w)),
                languages: c.languages.join(", "),
                time_zone: c.time_zone.as_deref(),
            })
            .collect()
    }

    fn card_views(&self) -> Vec<CardView<'a>> {
        self.cards
            .iter()
            .map(|c| CardView {
                file: &c.file,
                alt: &c.card.alt,
                width: c.card.format.width,
                height: c.card.format.height,
                caption_lines: c.card.caption.split('\n').collect(),
                format: c.card.format.name,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Template)]
    #[template(source = "<p title=\"{{ text }}\">{{ text }}</p>", ext = "html")]
    struct Probe<'a> {
        text: &'a str,
    }

    #[test]
    fn every_printed_value_is_escaped_like_the_cards_text() {
        let html = Probe {
            text: "<script>alert('x')</script> & \"more\"\u{1}",
        }
        .render()
        .expect("renders");
        assert_eq!(
            html,
            "<p title=\"&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; &amp; &quot;more&quot;\">&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; &amp; &quot;more&quot;</p>"
        );
    }

    #[test]
    fn a_rendered_page_ends_with_one_line_break() {
        let page = render(&Probe { text: "x" }).expect("renders");
        assert!(
            page.ends_with("</p>\n") && !page.ends_with("\n\n"),
            "{page:?}"
        );
    }
}
