//! `handbill check`: everything a build does but write, then every problem
//! at once, and what the cards come to on each platform.

use std::process::ExitCode;

use super::progress::Progress;
use super::report::Style;
use super::{CheckArgs, Found, fail, json, read, show, threads};
use crate::build::{self, Failure, Output};
use crate::problem;

/// Runs `handbill check`.
pub fn run(args: &CheckArgs) -> ExitCode {
    if let Err(code) = threads(args.select.jobs) {
        return code;
    }
    let project = match read(&args.dirs.paths()) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let style = args.select.style();
    let progress = Progress::new(args.select.quiet || style != Style::Human);
    let opts = build::Options {
        filter: args.select.filter(),
        write_svg: false,
        no_kit: false,
    };
    let result = build::build(&project, &opts, &|e| progress.show(e));
    progress.finish();
    let (mut problems, out) = match result {
        Ok(out) => (out.warnings.clone(), Some(out)),
        Err(Failure::Problems(p)) => (p, None),
        Err(Failure::Bug(bug)) => return fail(bug),
    };
    problem::sort(&mut problems);
    let found = Found::of(&problems);
    show(&problems, &project, style);
    match style {
        Style::Json => {
            if let Err(code) = json(&problems, &found, out.as_ref().map(|o| o.cards.len())) {
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
    eprintln!("check: {} cards: {}", out.cards.len(), found.describe());
}
