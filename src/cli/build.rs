//! `handbill build`: read the project, check and build it in memory, replace
//! `out/`, and say what was made and what to review.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::ExitCode;

use super::progress::Progress;
use super::report::Style;
use super::{BuildArgs, Found, fail, json, read, show, threads};
use crate::build::{self, Failure, Output};
use crate::problem::{self, Problem};
use crate::project::Project;
use crate::write;

/// Runs `handbill build`.
pub fn run(args: &BuildArgs) -> ExitCode {
    if let Err(code) = threads(args.select.jobs) {
        return code;
    }
    let paths = args.dirs.paths();
    let project = match read(&paths) {
        Ok(p) => p,
        Err(code) => return code,
    };
    // Build in memory.
    let style = args.select.style();
    let progress = Progress::new(args.select.quiet || style != Style::Human);
    let result = build::build(&project, &options(args), &|e| progress.show(e));
    progress.finish();
    let (problems, out) = match result {
        Ok(out) => (out.warnings.clone(), Some(out)),
        Err(Failure::Problems(p)) => (p, None),
        Err(Failure::Bug(bug)) => return fail(bug),
    };
    // Problems first, so a stopped build says why.
    let found = match reported(problems, &project, style, out.as_ref()) {
        Ok(found) => found,
        Err(code) => return code,
    };
    match out {
        Some(out) if !found.stops(args.select.deny_warnings) => write_out(args, &paths.out, &out),
        _ => stopped(&found),
    }
}

/// Shows the build's problems, sorted, in the style asked for.
fn reported(
    mut problems: Vec<Problem>,
    project: &Project,
    style: Style,
    out: Option<&Output>,
) -> Result<Found, ExitCode> {
    problem::sort(&mut problems);
    let found = Found::of(&problems);
    show(&problems, project, style);
    if style == Style::Json {
        json(&problems, &found, out.map(|o| o.cards.len()))?;
    }
    Ok(found)
}

/// Errors, or denied warnings: nothing is written.
fn stopped(found: &Found) -> ExitCode {
    eprintln!(
        "error: {} in the campaign's files; nothing was written and out/ is unchanged",
        found.describe()
    );
    ExitCode::from(1)
}

/// Writes out/ after a whole build succeeded.
fn write_out(args: &BuildArgs, dir: &Path, out: &Output) -> ExitCode {
    match write::replace_dir(dir, &out.files, &|| waiting(dir)) {
        Ok(()) => {
            if args.verbose {
                smaller(out);
            }
            summarise(out, dir, args.select.quiet);
            ExitCode::SUCCESS
        }
        Err(write::Failure::Refused(p)) => refused(*p),
        Err(write::Failure::Io(e)) => fail(format!("{e:#}")),
    }
}

/// `--out` names a folder handbill may not replace: the user's mistake.
fn refused(problem: crate::problem::Problem) -> ExitCode {
    eprintln!("{problem}\n");
    eprintln!("error: nothing was written, and the folder is unchanged");
    ExitCode::from(1)
}

/// Said even with --quiet: it explains a pause.
fn waiting(out: &Path) {
    eprintln!(
        "note: another handbill build is writing {}; waiting for it to finish",
        out.display()
    );
}

fn options(args: &BuildArgs) -> build::Options {
    build::Options {
        filter: args.select.filter(),
        write_svg: args.svg,
        no_kit: args.no_kit,
    }
}

/// `--verbose`: each slot set below its template's size, one line per slot
/// and card, at the template.
fn smaller(out: &Output) {
    for (stem, s) in &out.smaller {
        let card = stem.strip_prefix("cards/").unwrap_or(stem);
        eprintln!("{}: {} — {card}", s.template.display(), s.describe());
    }
}

/// Notes on fallbacks and drafts, then what was built.
fn summarise(out: &Output, dir: &Path, quiet: bool) {
    let fallbacks = out.cards.iter().filter(|c| c.fallback).count();
    if fallbacks > 0 {
        eprintln!(
            "note: {fallbacks} cards are in a fallback language (\"fallback\": true in manifest.json): their messages lack a translation"
        );
    }
    let drafts = out.drafts();
    if !drafts.is_empty() {
        // Said even with --quiet: publishing drafts is a decision.
        eprintln!(
            "note: the {} texts are drafts (status: draft in campaign.yaml): have a native speaker review them before publishing",
            drafts.join(", ")
        );
    }
    if !quiet {
        let formats: BTreeSet<&str> = out.cards.iter().map(|c| c.format.as_str()).collect();
        let langs: BTreeSet<&str> = out.cards.iter().map(|c| c.language.as_str()).collect();
        eprintln!(
            "built {} in {} and {} into {}",
            counted(out.cards.len(), "card"),
            counted(langs.len(), "language"),
            counted(formats.len(), "format"),
            dir.display()
        );
    }
}

/// "1 card", "425 cards".
fn counted(n: usize, what: &str) -> String {
    match n {
        1 => format!("1 {what}"),
        n => format!("{n} {what}s"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_of_a_thing_is_said_in_the_singular() {
        assert_eq!(super::counted(1, "format"), "1 format");
        assert_eq!(super::counted(425, "card"), "425 cards");
        assert_eq!(super::counted(0, "card"), "0 cards");
    }
}
