//! The kit's text documents in one language: key facts (CSV, Markdown), the
//! FAQ (Markdown, HTML), captions (CSV), contacts (vCard 4.0), credits and
//! licences, and `index.html`, the offline press page.
//!
//! Pure: each document is a string built from the kit, the campaign and the
//! cards; nothing here touches the disk.

use std::fmt::Write as _;

use crate::campaign::{Campaign, Content, Direction, Text, Value};
use crate::card::Card;
use crate::card::{escape, format_number, source_line};

use super::{Fact, Kit};

/// One card as the kit shows it: the rendered card and its file in the zip.
#[derive(Clone, Debug)]
pub struct KitCard<'a> {
    /// The file name inside the zip, e.g. `cards/free2link_statement_…png`.
    pub file: String,
    pub card: &'a Card,
}

/// The documents of one language's kit.
pub struct Documents<'a> {
    pub kit: &'a Kit,
    pub campaign: &'a Campaign,
    pub lang: &'a str,
    pub cards: &'a [KitCard<'a>],
    /// File names of the factsheet and FAQ documents, for links.
    pub factsheet_pdf: &'a str,
    pub factsheet_png: &'a str,
    pub faq_pdf: &'a str,
    pub faq_md: &'a str,
    pub faq_html: &'a str,
    pub logo: &'a str,
}

const KEY_FACTS_COLUMNS: [&str; 10] = [
    "id",
    "value",
    "label",
    "period",
    "geography",
    "source_publisher",
    "source_title",
    "source_year",
    "source_url",
    "caveat",
];
const CAPTIONS_COLUMNS: [&str; 6] = [
    "file", "platform", "caption", "alt_text", "credit", "licence",
];

/// Writes a CSV table (RFC 4180) through the `csv` crate: CRLF line ends,
/// fields quoted only when they hold a comma, a quote or a line break.
fn csv_table<const N: usize>(
    header: [&str; N],
    rows: impl IntoIterator<Item = [String; N]>,
) -> Result<String, csv::Error> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(Vec::new());
    w.write_record(header)?;
    for row in rows {
        w.write_record(&row)?;
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    // Every field is a `String`, so the bytes are UTF-8.
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Escapes a vCard text value (RFC 6350, 3.4).
fn vcard_text(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace(',', "\\,")
        .replace(';', "\\;")
        .replace('\n', "\\n")
}

/// Folds a vCard content line at 75 octets, never inside a character.
fn vcard_line(out: &mut String, line: &str) {
    let mut count = 0;
    for c in line.chars() {
        if count + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            count = 1;
        }
        out.push(c);
        count += c.len_utf8();
    }
    out.push_str("\r\n");
}

impl Documents<'_> {
    fn t<'b>(&self, text: &'b crate::campaign::Text) -> &'b str {
        text.get(self.lang).unwrap_or_default()
    }

    fn label(&self, key: &str) -> &str {
        self.kit.label(key, self.lang)
    }

    /// A fact's value as the language writes it: "75%", "1,5 milioni"…
    pub fn value(&self, f: &Fact) -> String {
        match self.campaign.words.numbers.get(self.lang) {
            Some(nf) => format_number(f.number, f.percent, nf),
            None => f.number.to_string(),
        }
    }

    /// "Source: UNICEF, title, 2022 — https://…"
    pub fn fact_source(&self, f: &Fact) -> String {
        let mut s = source_line(self.campaign, &f.source, self.lang);
        if let Some(url) = &f.source.url {
            let _ = write!(s, " — {url}");
        }
        s
    }

    /// key-facts.csv: one row a fact, with its source's parts apart.
    pub fn key_facts_csv(&self) -> Result<String, csv::Error> {
        let opt = |t: &Option<Text>| t.as_ref().map(|t| self.t(t).to_owned()).unwrap_or_default();
        let rows = self.kit.facts.iter().map(|f| {
            [
                f.id.clone(),
                self.value(f),
                self.t(&f.label).to_owned(),
                opt(&f.period),
                opt(&f.geography),
                self.t(&f.source.publisher).to_owned(),
                opt(&f.source.title),
                f.source.year.map(|y| y.to_string()).unwrap_or_default(),
                f.source.url.clone().unwrap_or_default(),
                opt(&f.caveat),
            ]
        });
        csv_table(KEY_FACTS_COLUMNS, rows)
    }

    pub fn key_facts_md(&self) -> String {
        let mut out = format!(
            "# {} — {}\n\n",
            self.kit.organisation.name,
            self.label("key-facts")
        );
        for f in &self.kit.facts {
            let _ = writeln!(out, "## {} {}\n", self.value(f), self.t(&f.label));
            if let Some(p) = &f.period {
                let _ = writeln!(out, "- {}: {}", self.label("period"), self.t(p));
            }
            if let Some(g) = &f.geography {
                let _ = writeln!(out, "- {}: {}", self.label("geography"), self.t(g));
            }
            let _ = writeln!(out, "- {}", self.fact_source(f));
            if let Some(c) = &f.caveat {
                let _ = writeln!(out, "- {}: {}", self.label("caveat"), self.t(c));
            }
            out.push('\n');
        }
        let _ = writeln!(out, "## {}\n", self.label("milestones"));
        for m in &self.kit.milestones {
            match &m.url {
                Some(u) => {
                    let _ = writeln!(out, "- **{}** — [{}]({u})", m.year, self.t(&m.title));
                }
                None => {
                    let _ = writeln!(out, "- **{}** — {}", m.year, self.t(&m.title));
                }
            }
        }
        out
    }

    pub fn faq_md(&self) -> String {
        let mut out = format!(
            "# {} — {}\n\n",
            self.kit.organisation.name,
            self.label("faq")
        );
        for q in &self.kit.faq {
            let _ = writeln!(
                out,
                "## {}\n\n{}\n",
                self.t(&q.question).trim(),
                self.t(&q.answer).trim()
            );
        }
        out
    }

    /// captions.csv: one row a card, with its caption, alt text and credit.
    pub fn captions_csv(&self) -> Result<String, csv::Error> {
        let org = &self.kit.organisation;
        let credit = format!("{} ({})", org.name, org.website);
        let licence = self.t(&org.licence);
        let rows = self.cards.iter().map(|c| {
            [
                c.file.clone(),
                c.card.format.platforms.join(" "),
                c.card.caption.clone(),
                c.card.alt.clone(),
                credit.clone(),
                licence.to_owned(),
            ]
        });
        csv_table(CAPTIONS_COLUMNS, rows)
    }

    pub fn contacts_vcf(&self) -> String {
        let mut out = String::new();
        for c in &self.kit.contacts {
            vcard_line(&mut out, "BEGIN:VCARD");
            vcard_line(&mut out, "VERSION:4.0");
            vcard_line(&mut out, "KIND:org");
            vcard_line(&mut out, &format!("FN:{}", vcard_text(self.t(&c.name))));
            vcard_line(&mut out, &format!("ORG:{}", vcard_text(&c.organisation)));
            if let Some(e) = &c.email {
                vcard_line(&mut out, &format!("EMAIL;TYPE=work:{e}"));
            }
            if let Some(w) = &c.website {
                vcard_line(&mut out, &format!("URL:{w}"));
            }
            for (i, l) in c.languages.iter().enumerate() {
                vcard_line(&mut out, &format!("LANG;PREF={}:{l}", i + 1));
            }
            if let Some(tz) = &c.time_zone {
                vcard_line(&mut out, &format!("TZ;VALUE=text:{}", vcard_text(tz)));
            }
            if c.example {
                vcard_line(
                    &mut out,
                    &format!("NOTE:{}", vcard_text(self.label("example"))),
                );
            }
            vcard_line(&mut out, "END:VCARD");
        }
        out
    }

    pub fn credits(&self, font_licence_files: &[&str]) -> String {
        let mut out = format!(
            "{} — {}\n\n",
            self.kit.organisation.name,
            self.label("press-kit")
        );
        out.push_str("FONTS\n\nNoto Sans and Noto Sans Arabic, copyright 2010-2020 Google LLC,\nlicensed under the SIL Open Font License 1.1 (");
        out.push_str(&font_licence_files.join(", "));
        out.push_str(").\nThe PDFs embed subsets of these fonts.\n\n");
        let _ = write!(
            out,
            "IMAGES\n\nThe cards and the logo: {}. {}\nThe logo is a placeholder wordmark, to be replaced with the campaign's own.\n\n",
            self.kit.organisation.name,
            self.t(&self.kit.organisation.licence)
        );
        out.push_str("SOURCES\n\n");
        let mut seen = Vec::new();
        for f in &self.kit.facts {
            let s = self.fact_source(f);
            if !seen.contains(&s) {
                let _ = writeln!(out, "- {s}");
                seen.push(s);
            }
        }
        for m in &self.kit.milestones {
            if let Some(u) = &m.url {
                let _ = writeln!(out, "- {} {}: {u}", m.year, self.t(&m.title));
            }
        }
        for m in &self.campaign.messages {
            if let Some(s) = &m.source {
                let line = format!(
                    "{}{}",
                    source_line(self.campaign, s, self.lang),
                    s.url
                        .as_ref()
                        .map(|u| format!(" — {u}"))
                        .unwrap_or_default()
                );
                if !seen.contains(&line) {
                    let _ = writeln!(out, "- {line}");
                    seen.push(line);
                }
            }
        }
        out
    }

    fn dir(&self) -> &'static str {
        match self.campaign.language(self.lang).map(|l| l.direction) {
            Some(Direction::Rtl) => "rtl",
            _ => "ltr",
        }
    }

    fn draft(&self) -> bool {
        self.campaign
            .language(self.lang)
            .is_some_and(|l| l.status == crate::campaign::Status::Draft)
    }

    /// The page's shared head and styles: no external fonts, scripts or CSS.
    fn head(&self, title: &str) -> String {
        format!(
            "<!doctype html>\n<html lang=\"{}\" dir=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>\n{}\n</style>\n</head>\n",
            escape(self.lang),
            self.dir(),
            escape(title),
            STYLE
        )
    }

    pub fn faq_html(&self) -> String {
        let title = format!("{} — {}", self.kit.organisation.name, self.label("faq"));
        let mut out = self.head(&title);
        let _ = write!(out, "<body>\n<main>\n<h1>{}</h1>\n", escape(&title));
        for q in &self.kit.faq {
            let _ = write!(
                out,
                "<section>\n<h2>{}</h2>\n<p>{}</p>\n</section>\n",
                escape(self.t(&q.question).trim()),
                escape(self.t(&q.answer).trim())
            );
        }
        out.push_str("</main>\n</body>\n</html>\n");
        out
    }

    pub fn index_html(&self) -> String {
        let org = &self.kit.organisation;
        let title = format!("{} — {}", org.name, self.label("press-kit"));
        let mut out = self.head(&title);
        out.push_str("<body>\n<header>\n");
        let _ = writeln!(
            out,
            "<img class=\"logo\" src=\"{}\" alt=\"{}\" width=\"208\" height=\"52\">",
            escape(self.logo),
            escape(&org.name)
        );
        let _ = writeln!(out, "<h1>{}</h1>", escape(&title));
        if let Some(line) = self.kit.embargo_line(self.lang) {
            let _ = writeln!(
                out,
                "<p class=\"embargo\"><strong>{}</strong></p>",
                escape(&line)
            );
        }
        if self.draft() {
            let _ = writeln!(out, "<p class=\"note\">{}</p>", escape(self.label("draft")));
        }
        out.push_str("</header>\n<main>\n");

        let _ = write!(
            out,
            "<section id=\"about\">\n<h2>{}</h2>\n<p>{}</p>\n",
            escape(self.label("about")),
            escape(self.t(&org.about).trim())
        );
        let _ = write!(out, "<h3>{}</h3>\n<ul>\n", escape(self.label("partners")));
        for p in &org.partners {
            let _ = writeln!(
                out,
                "<li><a href=\"{}\">{}</a></li>",
                escape(&p.website),
                escape(&p.name)
            );
        }
        let _ = write!(
            out,
            "</ul>\n<p><a href=\"{0}\">{0}</a></p>\n</section>\n",
            escape(&org.website)
        );

        let _ = write!(
            out,
            "<section id=\"messages\">\n<h2>{}</h2>\n",
            escape(self.label("key-messages"))
        );
        for a in &self.campaign.audiences {
            if !a.languages.iter().any(|l| l == self.lang) {
                continue;
            }
            let messages: Vec<_> = self
                .campaign
                .messages
                .iter()
                .filter(|m| m.audience == a.id)
                .collect();
            if messages.is_empty() {
                continue;
            }
            let _ = write!(out, "<h3>{}</h3>\n<ul>\n", escape(self.t(&a.name)));
            for m in messages {
                let line = match &m.content {
                    Content::Statement { headline, body }
                    | Content::CallToAction { headline, body, .. } => {
                        format!(
                            "{} {}",
                            crate::card::sentence(self.t(headline)),
                            body.as_ref().map(|b| self.t(b)).unwrap_or("")
                        )
                    }
                    Content::Statistic { value, label } => {
                        let v = match value {
                            Value::Number { number, percent } => self
                                .campaign
                                .words
                                .numbers
                                .get(self.lang)
                                .map(|nf| format_number(*number, *percent, nf))
                                .unwrap_or_default(),
                            Value::Text(t) => self.t(t).to_owned(),
                        };
                        format!("{v} {}", self.t(label))
                    }
                    Content::Quote { quote, attribution } => format!(
                        "{}{}{} — {}",
                        self.t(&self.campaign.words.quote_open),
                        self.t(quote),
                        self.t(&self.campaign.words.quote_close),
                        self.t(attribution)
                    ),
                    Content::Carousel { slides } => slides
                        .first()
                        .map(|s| self.t(&s.headline).to_owned())
                        .unwrap_or_default(),
                };
                let _ = writeln!(out, "<li>{}</li>", escape(line.trim()));
            }
            out.push_str("</ul>\n");
        }
        out.push_str("</section>\n");

        let _ = write!(
            out,
            "<section id=\"facts\">\n<h2>{}</h2>\n<div class=\"facts\">\n",
            escape(self.label("key-facts"))
        );
        for f in &self.kit.facts {
            let _ = write!(
                out,
                "<article class=\"fact\">\n<p class=\"value\">{}</p>\n<p class=\"label\">{}</p>\n",
                escape(&self.value(f)),
                escape(self.t(&f.label))
            );
            if let Some(p) = &f.period {
                let _ = writeln!(
                    out,
                    "<p>{}: {}</p>",
                    escape(self.label("period")),
                    escape(self.t(p))
                );
            }
            if let Some(g) = &f.geography {
                let _ = writeln!(
                    out,
                    "<p>{}: {}</p>",
                    escape(self.label("geography")),
                    escape(self.t(g))
                );
            }
            let src = source_line(self.campaign, &f.source, self.lang);
            match &f.source.url {
                Some(u) => {
                    let _ = writeln!(
                        out,
                        "<p class=\"source\"><a href=\"{}\">{}</a></p>",
                        escape(u),
                        escape(&src)
                    );
                }
                None => {
                    let _ = writeln!(out, "<p class=\"source\">{}</p>", escape(&src));
                }
            }
            if let Some(c) = &f.caveat {
                let _ = writeln!(
                    out,
                    "<p class=\"caveat\">{}: {}</p>",
                    escape(self.label("caveat")),
                    escape(self.t(c).trim())
                );
            }
            out.push_str("</article>\n");
        }
        out.push_str("</div>\n");
        let _ = write!(
            out,
            "<h3>{}</h3>\n<ol class=\"timeline\">\n",
            escape(self.label("milestones"))
        );
        for m in &self.kit.milestones {
            let title = escape(self.t(&m.title));
            let title = match &m.url {
                Some(u) => format!("<a href=\"{}\">{title}</a>", escape(u)),
                None => title,
            };
            let _ = writeln!(out, "<li><strong>{}</strong> {title}</li>", m.year);
        }
        let _ = write!(
            out,
            "</ol>\n<p><a href=\"{}\">{} (PDF)</a> · <a href=\"{}\">PNG</a> · <a href=\"key-facts.csv\">CSV</a> · <a href=\"key-facts.md\">Markdown</a></p>\n</section>\n",
            escape(self.factsheet_pdf),
            escape(self.label("factsheet")),
            escape(self.factsheet_png)
        );

        let _ = write!(
            out,
            "<section id=\"faq\">\n<h2>{}</h2>\n",
            escape(self.label("faq"))
        );
        for q in &self.kit.faq {
            let _ = write!(
                out,
                "<h3>{}</h3>\n<p>{}</p>\n",
                escape(self.t(&q.question).trim()),
                escape(self.t(&q.answer).trim())
            );
        }
        let _ = write!(
            out,
            "<p><a href=\"{}\">PDF</a> · <a href=\"{}\">HTML</a> · <a href=\"{}\">Markdown</a></p>\n</section>\n",
            escape(self.faq_pdf),
            escape(self.faq_html),
            escape(self.faq_md)
        );

        let _ = write!(
            out,
            "<section id=\"contacts\">\n<h2>{}</h2>\n",
            escape(self.label("contacts"))
        );
        for c in &self.kit.contacts {
            let _ = write!(
                out,
                "<p><strong>{}</strong>, {}",
                escape(self.t(&c.name)),
                escape(&c.organisation)
            );
            if let Some(e) = &c.email {
                let _ = write!(out, "<br><a href=\"mailto:{0}\">{0}</a>", escape(e));
                if c.example {
                    let _ = write!(out, " ({})", escape(self.label("example")));
                }
            }
            if let Some(w) = &c.website {
                let _ = write!(out, "<br><a href=\"{0}\">{0}</a>", escape(w));
            }
            if !c.languages.is_empty() {
                let _ = write!(
                    out,
                    "<br>{}: {}",
                    escape(self.label("answers-in")),
                    escape(&c.languages.join(", "))
                );
            }
            if let Some(tz) = &c.time_zone {
                let _ = write!(out, " · {}", escape(tz));
            }
            out.push_str("</p>\n");
        }
        out.push_str("<p><a href=\"contacts.vcf\">vCard</a></p>\n</section>\n");

        let _ = write!(
            out,
            "<section id=\"cards\">\n<h2>{}</h2>\n<div class=\"gallery\">\n",
            escape(self.label("cards"))
        );
        for c in self.cards {
            let _ = write!(
                out,
                "<figure>\n<img src=\"{0}\" alt=\"{1}\" width=\"{2}\" height=\"{3}\" loading=\"lazy\">\n<figcaption><p>{4}</p><p class=\"meta\">{5} · {2}×{3} · <a href=\"{0}\" download>{6}</a></p></figcaption>\n</figure>\n",
                escape(&c.file),
                escape(&c.card.alt),
                c.card.format.width,
                c.card.format.height,
                escape(&c.card.caption).replace('\n', "<br>"),
                escape(c.card.format.name),
                escape(self.label("download"))
            );
        }
        out.push_str("</div>\n<p><a href=\"captions.csv\">captions.csv</a></p>\n</section>\n");
        let _ = write!(
            out,
            "<section id=\"files\">\n<h2>{}</h2>\n<p><a href=\"credits-and-licences.txt\">credits-and-licences.txt</a> · <a href=\"manifest.json\">manifest.json</a></p>\n</section>\n",
            escape(self.label("files"))
        );
        out.push_str("</main>\n</body>\n</html>\n");
        out
    }
}

/// The press page's styles: system fonts only, colours with AA contrast on
/// their backgrounds (ink #14213d on paper #fbf7f0 is 15:1, the accent
/// #b83a16 on paper 5.3:1), a single column that widens into a grid.
const STYLE: &str = "
:root { --ink: #14213d; --paper: #fbf7f0; --accent: #b83a16; --muted: #4a5468; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--paper); color: var(--ink); font: 1.05rem/1.6 system-ui, -apple-system, 'Segoe UI', 'Noto Sans', sans-serif; }
header, main { max-width: 68rem; margin: 0 auto; padding: 1.5rem; }
header { border-bottom: 4px solid var(--accent); }
.logo { display: block; max-width: 13rem; height: auto; }
h1 { font-size: 2rem; line-height: 1.2; margin: 1rem 0 0.5rem; }
h2 { font-size: 1.5rem; margin: 2.5rem 0 1rem; border-top: 1px solid #d9d4ca; padding-top: 1.5rem; }
main > section:first-child h2 { border-top: 0; padding-top: 0; }
h3 { font-size: 1.15rem; margin: 1.5rem 0 0.5rem; }
a { color: var(--accent); }
.embargo { background: var(--ink); color: #fff; padding: 0.75rem 1rem; border-radius: 0.4rem; }
.note { color: var(--muted); font-style: italic; }
.facts { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); }
.fact { background: #fff; border-inline-start: 6px solid var(--accent); padding: 1rem 1.25rem; border-radius: 0.4rem; }
.fact p { margin: 0.3rem 0; }
.value { font-size: 2.4rem; font-weight: 700; color: var(--accent); line-height: 1.1; }
.label { font-weight: 700; }
.source, .caveat, .meta { font-size: 0.9rem; color: var(--muted); }
.timeline { padding-inline-start: 1.25rem; }
.gallery { display: grid; gap: 1.25rem; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); }
figure { margin: 0; background: #fff; border-radius: 0.4rem; overflow: hidden; }
figure img { display: block; width: 100%; height: auto; }
figcaption { padding: 0.75rem; font-size: 0.9rem; }
figcaption p { margin: 0.25rem 0; }
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_only_fields_that_need_it_and_ends_lines_with_crlf() {
        let rows = [[
            "plain".to_owned(),
            "a, b".to_owned(),
            "say \"hi\"".to_owned(),
            "two\nlines".to_owned(),
            String::new(),
        ]];
        let table = csv_table(["w", "x", "y", "z", "e"], rows).expect("writes");
        assert_eq!(
            table,
            "w,x,y,z,e\r\nplain,\"a, b\",\"say \"\"hi\"\"\",\"two\nlines\",\r\n"
        );
    }

    #[test]
    fn csv_keeps_non_ascii_text_as_is() {
        let table = csv_table(["a"], [["Ρώμη; «Roma»".to_owned()]]).expect("writes");
        assert_eq!(table, "a\r\nΡώμη; «Roma»\r\n");
    }

    #[test]
    fn vcard_text_escapes_the_separators_of_rfc_6350() {
        assert_eq!(vcard_text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn vcard_lines_fold_at_75_octets_without_splitting_a_character() {
        let mut out = String::new();
        vcard_line(&mut out, &"α".repeat(40));
        let lines: Vec<&str> = out.split("\r\n").collect();
        // 37 two-byte letters fill 74 octets; the 38th would pass 75.
        assert_eq!(lines[0], "α".repeat(37));
        assert_eq!(lines[1], format!(" {}", "α".repeat(3)));
        assert_eq!(lines[2], "");
        assert!(lines.iter().all(|l| l.len() <= 75));
    }
}
