//! `handbill check`: everything a build does but write, then every problem
//! at once, and what the cards come to on each platform.

use std::process::ExitCode;

use super::progress::Progress;
use super::report::Style;
use super::{CheckArgs, Found, fail, json, show};
use crate::build::{self, Failure, Output};
use crate::cache::ReadOnly;
use crate::cache::disk::Disk;
use crate::plural::counted;
use crate::problem;

/// Runs `handbill check`.
pub fn run(args: &CheckArgs) -> ExitCode {
    let project = match super::start(args.select.jobs, &args.dirs.paths()) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let style = args.select.style();
    let progress = Progress::new(args.select.quiet || style != Style::Human);
    let opts = build::Options {
        filter: args.select.filter(),
        ..build::Options::default()
    };
    // The cache is read, never written: check writes nothing.
    let (cache, warning) = Disk::existing(&args.dirs.cache());
    warning.iter().for_each(|w| eprintln!("warning: {w}"));
    let result = build::build_with(&project, &opts, &ReadOnly(&cache), &|e| progress.show(e));
    progress.finish();
    let (mut problems, out) = match result {
        Ok(out) => (out.warnings.clone(), Some(out)),
        Err(Failure::Problems(p)) => (p, None),
        Err(Failure::Bug(bug)) => return fail(bug),
    };
    problem::sort(&mut problems);
    let found = Found::of(&problems);
    show(&problems, &project, style);
    if let Some(out) = out.as_ref().filter(|_| args.verbose) {
        super::build::smaller(out);
    }
    match style {
        Style::Json => {
            if let Err(code) = json(&problems, &found, out.as_ref()) {
                return code;
            }
        }
        _ => summarise(&found, out.as_ref(), args.select.quiet),
    }
    if found.stops(args.select.deny_warnings) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The last lines for people: what was checked and what was found.
fn summarise(found: &Found, out: Option<&Output>, quiet: bool) {
    let Some(out) = out else {
        eprintln!(
            "check: {}; fix the errors, then run it again",
            found.describe()
        );
        return;
    };
    if quiet && found.errors + found.warnings == 0 {
        return;
    }
    if !quiet {
        platforms(out);
        legibility(out);
    }
    eprintln!(
        "check: {}: {}, in {}",
        counted(out.cards.len(), "card"),
        found.describe(),
        super::progress::took()
    );
}

/// The least legible line of all the cards: how close the campaign comes
/// to WCAG's minimum. Each card's worst line is in `--format json`.
fn legibility(out: &Output) {
    let worst = out
        .legibility
        .iter()
        .filter_map(|r| r.worst.as_ref().map(|w| (r, w)))
        .min_by(|a, b| (a.1.ratio / a.1.needs).total_cmp(&(b.1.ratio / b.1.needs)));
    if let Some((r, w)) = worst {
        let card = r.card.strip_prefix("cards/").unwrap_or(&r.card);
        eprintln!(
            "  least contrast:  {:.2}:1 (needs {}:1), the {} slot's line {} at {:.0} px ({card})",
            w.ratio, w.needs, w.slot, w.line, w.px
        );
    }
}

/// What the posts come to on each platform: one line a platform.
fn platforms(out: &Output) {
    for s in &out.platforms {
        let cards = crate::plural::plural(s.cards, "card");
        let mut line = format!("  {:<16} {:>4} {cards}", s.platform, s.cards);
        if let Some(l) = &s.longest {
            line.push_str(&format!(
                "; longest caption {} of {} {} ({})",
                l.used, l.limit, l.unit, l.card
            ));
        } else {
            line.push_str("; no caption posted");
        }
        if s.short > 0 {
            line.push_str(&format!("; {} with the short post", s.short));
        }
        eprintln!("{line}");
    }
}
