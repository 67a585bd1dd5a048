//! The press kit's colours, taken from the campaign's `colours:` in
//! `messages/campaign.yaml`, so the press page and the FAQ PDF wear the
//! campaign's palette, not one written into handbill.
//!
//! Pure: looks colours up by name; a missing one is the user's problem,
//! located in the campaign file.

use std::collections::BTreeMap;
use std::path::Path;

use crate::problem::{Location, Problem};

/// The kit's colours, each a `#rrggbb` the campaign defined.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Palette {
    /// Text and headings.
    pub ink: String,
    /// The page's background.
    pub paper: String,
    /// Links, figures and FAQ questions: a shade of the brand's accent dark
    /// enough for text.
    pub accent: String,
    /// Sources, notes and page footers.
    pub muted: String,
    /// Thin rules between sections.
    pub rule: String,
}

/// Each colour of the kit and the campaign colour it is read from.
const ROLES: [(&str, &str); 5] = [
    ("ink", "text and headings"),
    ("paper", "the page's background"),
    ("accent-text", "links, figures and questions"),
    ("muted-text", "sources, notes and footers"),
    ("rule", "rules between sections"),
];

impl Palette {
    /// Reads the kit's colours from the campaign's; each missing one is a
    /// problem in `campaign_file`.
    pub fn from_colours(
        colours: &BTreeMap<String, String>,
        campaign_file: &Path,
    ) -> Result<Palette, Vec<Problem>> {
        let mut problems = Vec::new();
        let mut found = ROLES.map(|(name, what)| match colours.get(name) {
            Some(c) => c.clone(),
            None => {
                problems.push(missing(campaign_file, name, what));
                String::new()
            }
        });
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut take = |i: usize| std::mem::take(&mut found[i]);
        Ok(Palette {
            ink: take(0),
            paper: take(1),
            accent: take(2),
            muted: take(3),
            rule: take(4),
        })
    }
}

fn missing(file: &Path, name: &str, what: &str) -> Problem {
    Problem::new(
        Location::file(file),
        format!("the press kit needs a colour `{name}` for {what}"),
    )
    .hint(format!(
        "add `{name}: \"#rrggbb\"` under `colours:`; the kit's colours are {}",
        ROLES.map(|(n, _)| n).join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn colours(names: &[&str]) -> BTreeMap<String, String> {
        names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.to_string(), format!("#00000{i}")))
            .collect()
    }

    #[test]
    fn each_kit_colour_comes_from_its_campaign_colour() {
        let all = colours(&[
            "ink",
            "paper",
            "accent-text",
            "muted-text",
            "rule",
            "accent",
        ]);
        let p = Palette::from_colours(&all, Path::new("messages/campaign.yaml")).expect("complete");
        assert_eq!(p.ink, all["ink"]);
        assert_eq!(p.paper, all["paper"]);
        assert_eq!(p.accent, all["accent-text"]);
        assert_eq!(p.muted, all["muted-text"]);
        assert_eq!(p.rule, all["rule"]);
    }

    #[test]
    fn every_missing_colour_is_a_problem_in_the_campaign_file() {
        let some = colours(&["ink", "paper", "accent"]);
        let problems = Palette::from_colours(&some, Path::new("messages/campaign.yaml"))
            .expect_err("three are missing");
        let text: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(problems.len(), 3, "{text:?}");
        assert!(text[0].starts_with("messages/campaign.yaml"), "{text:?}");
        assert!(text[0].contains("`accent-text`"), "{text:?}");
    }
}
