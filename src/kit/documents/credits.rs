//! `credits-and-licences.txt`: who made the fonts and under which licence
//! (`fonts/fonts.yaml`'s `credits:`), the images' terms and the logo's note
//! (`kit.yaml`), and every source the kit and the cards cite, once each.
//!
//! Pure: builds a string; writes no file.

use std::fmt::Write as _;

use crate::typography::source_line;

use super::Documents;

impl Documents<'_> {
    /// The credits, naming the font licence files of the kit and the fonts'
    /// credits when `fonts.yaml` gives them.
    pub fn credits(&self, font_credits: Option<&str>, font_licence_files: &[&str]) -> String {
        let org = &self.kit.organisation;
        let mut out = self
            .embargo()
            .map(|line| format!("{line}\n\n"))
            .unwrap_or_default();
        let _ = write!(out, "{} — {}\n\n", org.name, self.label("press-kit"));
        let _ = write!(
            out,
            "FONTS\n\n{} ({}).\nThe PDFs embed subsets of these fonts.\n\n",
            font_credits.unwrap_or("The fonts of this kit"),
            font_licence_files.join(", ")
        );
        let _ = writeln!(
            out,
            "IMAGES\n\nThe cards and the logo: {}. {}",
            org.name,
            self.t(&org.licence)
        );
        if let Some(note) = &org.logo_note {
            let _ = writeln!(out, "{}", self.t(note));
        }
        // Each photo the cards show, in the kit at full size.
        for (entry, p) in self.photos() {
            let (credit, licence) = (self.t(&p.credit), self.t(&p.licence));
            let _ = writeln!(out, "{entry}: {credit}. {licence}");
        }
        out.push_str("\nSOURCES\n\n");
        for line in self.sources() {
            let _ = writeln!(out, "- {line}");
        }
        out
    }

    /// Every source once, in order: the facts', the milestones', the
    /// messages'.
    fn sources(&self) -> Vec<String> {
        let facts = self.kit.facts.iter().map(|f| self.fact_source(f));
        let milestones = self.kit.milestones.iter().filter_map(|m| {
            let url = m.url.as_ref()?;
            Some(format!("{} {}: {url}", m.year, self.t(&m.title)))
        });
        let messages = self.campaign.messages.iter().filter_map(|m| {
            let s = m.source.as_ref()?;
            let url = s.url.as_ref().map(|u| format!(" — {u}"));
            Some(format!(
                "{}{}",
                source_line(&self.campaign.words, s, self.lang),
                url.unwrap_or_default()
            ))
        });
        let mut seen: Vec<String> = Vec::new();
        for line in facts.chain(milestones).chain(messages) {
            if !seen.contains(&line) {
                seen.push(line);
            }
        }
        seen
    }
}

#[cfg(test)]
mod tests {
    use crate::kit::testing::shipped_kit;

    use super::*;

    fn credits(font_credits: Option<&str>) -> String {
        let (campaign, kit) = shipped_kit();
        let docs = Documents {
            kit: &kit,
            campaign: &campaign,
            lang: "en",
            cards: &[],
            factsheet_pdf: "",
            factsheet_png: "",
            faq_pdf: "",
            faq_md: "",
            faq_html: "",
            logo: "",
        };
        docs.credits(font_credits, &["OFL.txt"])
    }

    #[test]
    fn the_fonts_credits_and_the_logos_note_come_from_the_data() {
        let text = credits(Some("Font by Someone"));
        assert!(
            text.contains("FONTS\n\nFont by Someone (OFL.txt).\n"),
            "{text}"
        );
        assert!(
            text.contains("The logo is a placeholder wordmark"),
            "{text}"
        );
        let text = credits(None);
        assert!(
            text.contains("FONTS\n\nThe fonts of this kit (OFL.txt).\n"),
            "{text}"
        );
    }

    #[test]
    fn each_source_is_listed_once() {
        let text = credits(None);
        let sources: Vec<&str> = text.lines().filter(|l| l.starts_with("- ")).collect();
        let mut unique = sources.clone();
        unique.sort();
        unique.dedup();
        assert!(!sources.is_empty());
        assert_eq!(unique.len(), sources.len(), "{sources:?}");
    }
}
