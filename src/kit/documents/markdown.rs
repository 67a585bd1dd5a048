//! The kit's Markdown: `key-facts.md` (facts with their sources, then the
//! milestones) and the FAQ.
//!
//! Pure: builds strings; writes no file.

use std::fmt::Write as _;

use super::Documents;

impl Documents<'_> {
    pub fn key_facts_md(&self) -> String {
        let mut out = format!(
            "# {} — {}\n\n",
            self.kit.organisation.name,
            self.label("key-facts")
        );
        for f in &self.kit.facts {
            let _ = writeln!(out, "## {} {}\n", self.value(f), self.t(&f.label));
            let mut item = |key: &str, text: &Option<crate::campaign::Text>| {
                if let Some(t) = text {
                    let _ = writeln!(out, "- {}: {}", self.label(key), self.t(t));
                }
            };
            item("period", &f.period);
            item("geography", &f.geography);
            let _ = writeln!(out, "- {}", self.fact_source(f));
            if let Some(c) = &f.caveat {
                let _ = writeln!(out, "- {}: {}", self.label("caveat"), self.t(c));
            }
            out.push('\n');
        }
        let _ = writeln!(out, "## {}\n", self.label("milestones"));
        for m in &self.kit.milestones {
            let title = self.t(&m.title);
            let _ = match &m.url {
                Some(u) => writeln!(out, "- **{}** — [{title}]({u})", m.year),
                None => writeln!(out, "- **{}** — {title}", m.year),
            };
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
}
