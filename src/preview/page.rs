//! The gallery page, from the askama template `html/preview.html` (escaping
//! every value by default, with the kit pages' escaper): the state of the
//! latest build, its problems, and the cards of the last build that
//! worked. Only gathers what the page shows; it must not read files.

use askama::Template;

use super::gallery::{self, Gallery, Shown};
use super::rebuild::Failed;
use super::state::Snapshot;

#[derive(Template)]
#[template(path = "preview.html")]
struct Page<'a> {
    generation: u64,
    /// One line: what the latest build did.
    status: String,
    /// The mistakes of the latest build, when it failed.
    problems: Vec<Shown>,
    /// Why the latest build could not run.
    trouble: Option<&'a str>,
    /// The cards shown are from an earlier build than the latest.
    stale: bool,
    gallery: Option<Gallery<'a>>,
}

/// The page for one snapshot.
pub fn render(now: &Snapshot) -> Result<String, askama::Error> {
    let (problems, trouble) = match &now.failed {
        Some(Failed::Problems(p)) => (p.iter().map(Shown::of).collect(), None),
        Some(Failed::Trouble(t)) => (Vec::new(), Some(t.as_str())),
        None => (Vec::new(), None),
    };
    Page {
        generation: now.generation,
        status: status(now),
        problems,
        trouble,
        stale: now.failed.is_some() && now.output.is_some(),
        gallery: now.output.as_deref().map(gallery::gather),
    }
    .render()
}

/// What the latest build did, in one line.
fn status(now: &Snapshot) -> String {
    let took = now
        .took
        .map(|t| format!(" in {:.1} s", t.as_secs_f64()))
        .unwrap_or_default();
    let count = |n: usize, what: &str| match n {
        1 => format!("1 {what}"),
        n => format!("{n} {what}s"),
    };
    match (&now.failed, &now.output) {
        _ if now.building => "Building…".to_owned(),
        (Some(Failed::Problems(p)), _) => {
            let errors = p.iter().filter(|p| p.is_error()).count();
            format!(
                "The last save has {}: fix it and save again.",
                count(errors, "error")
            )
        }
        (Some(Failed::Trouble(_)), _) => "The last build could not run.".to_owned(),
        (None, Some(out)) => format!(
            "{} and {}, built{took}.",
            count(out.cards.len(), "card"),
            count(out.warnings.len(), "warning")
        ),
        (None, None) => "Building…".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::Output;
    use crate::problem::{Location, Problem};
    use std::sync::Arc;

    fn problem(what: &str) -> Problem {
        Problem::new(Location::new("messages/a.yaml", 3, 7), what).hint("<b>do</b> this")
    }

    #[test]
    fn problems_are_escaped_and_located_and_the_old_cards_stay() {
        let now = Snapshot {
            generation: 4,
            output: Some(Arc::new(Output::default())),
            failed: Some(Failed::Problems(vec![problem(
                "a <script>alert(1)</script> & more",
            )])),
            ..Snapshot::default()
        };
        let html = render(&now).expect("renders");
        assert!(html.contains("messages/a.yaml:3:7"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more"));
        assert!(html.contains("&lt;b&gt;do&lt;/b&gt; this"));
        assert!(!html.contains("<script>alert"));
        assert!(!html.contains('\u{1b}'), "no terminal colours");
        assert!(html.contains("data-generation=\"4\""));
        assert!(html.contains("from the last build that worked"));
        assert!(html.contains("The last save has 1 error"));
    }

    #[test]
    fn the_status_says_what_the_latest_build_did() {
        let mut now = Snapshot {
            building: true,
            ..Snapshot::default()
        };
        assert_eq!(status(&now), "Building…");
        now.building = false;
        now.output = Some(Arc::new(Output::default()));
        now.took = Some(std::time::Duration::from_millis(1300));
        assert_eq!(status(&now), "0 cards and 0 warnings, built in 1.3 s.");
        now.failed = Some(Failed::Trouble("no messages folder".into()));
        assert_eq!(status(&now), "The last build could not run.");
        let html = render(&now).expect("renders");
        assert!(html.contains("no messages folder"));
    }
}
