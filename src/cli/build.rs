//! `handbill build`: read the project, build, replace `out/`, and say what
//! was made and what to review.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::ExitCode;

use super::progress::Progress;
use super::{BuildArgs, fail, report};
use crate::build::{self, Failure, Output};
use crate::card::Filter;
use crate::{project, write};

/// Runs `handbill build`.
pub fn run(args: &BuildArgs) -> ExitCode {
    // Threads first: rayon's pool is set once per process.
    if let Some(jobs) = args.jobs
        && let Err(e) = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs.max(1))
            .build_global()
    {
        return fail(format!("cannot start {jobs} threads: {e}"));
    }
    // Read everything, at the edge.
    let paths = args.dirs.paths();
    let project = match project::read(&paths) {
        Ok(r) => r,
        Err(e) => return fail(format!("{e:#}")),
    };
    // Build in memory.
    let progress = Progress::new(args.quiet);
    let result = build::build(&project, &options(args), &|e| progress.show(e));
    progress.finish();
    // Write out/ only after a whole build succeeded.
    match result {
        Ok(out) => match write::replace_dir(&paths.out, &out.files, &|| waiting(&paths.out)) {
            Ok(()) => {
                if args.verbose {
                    smaller(&out);
                }
                summarise(&out, &paths.out, args.quiet);
                ExitCode::SUCCESS
            }
            Err(write::Failure::Refused(p)) => refused(*p),
            Err(write::Failure::Io(e)) => fail(format!("{e:#}")),
        },
        Err(Failure::Problems(p)) => report(p),
        Err(Failure::Bug(bug)) => fail(bug),
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
        filter: Filter {
            audiences: args.audience.clone(),
            languages: args.language.clone(),
            formats: args.format.clone(),
            messages: args.message.clone(),
        },
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
