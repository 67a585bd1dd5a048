//! `handbill build`: read the project, check and build it in memory, replace
//! `out/`, and say what was made and what to review.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::ExitCode;

use super::progress::Progress;
use super::report::Style;
use super::{BuildArgs, Found, fail, json, read, show, threads};
use crate::build::{self, Failure, Output};
use crate::plural::counted;
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
        json(&problems, &found, out)?;
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
pub(super) fn smaller(out: &Output) {
    for (stem, s) in &out.smaller {
        let card = stem.strip_prefix("cards/").unwrap_or(stem);
        eprintln!("{}: {} — {card}", s.template.display(), s.describe());
    }
}

/// Notes on fallbacks and drafts, then what was built, in how long.
fn summarise(out: &Output, dir: &Path, quiet: bool) {
    let fallbacks = out.cards.iter().filter(|c| c.fallback).count();
    if fallbacks > 0 {
        eprintln!(
            "note: {} {} in a fallback language (\"fallback\": true in manifest.json): their messages lack a translation",
            counted(fallbacks, "card"),
            crate::plural::are(fallbacks)
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
        eprintln!("{}", built(&Made::of(out), dir, &super::progress::took()));
    }
}

/// What a build made, counted.
struct Made {
    cards: usize,
    languages: usize,
    formats: usize,
    kits: usize,
}

impl Made {
    fn of(out: &Output) -> Made {
        let formats: BTreeSet<&str> = out.cards.iter().map(|c| c.format.as_str()).collect();
        let languages: BTreeSet<&str> = out.cards.iter().map(|c| c.language.as_str()).collect();
        Made {
            cards: out.cards.len(),
            languages: languages.len(),
            formats: formats.len(),
            // The kits are the zips at the top of out/.
            kits: out
                .files
                .keys()
                .filter(|f| !f.contains('/') && f.ends_with(".zip"))
                .count(),
        }
    }
}

/// "built 528 cards in 5 languages and 6 formats, 3 press kits, into out/
/// in 9.8 s".
fn built(made: &Made, dir: &Path, took: &str) -> String {
    let kits = match made.kits {
        0 => String::new(),
        n => format!(", {},", counted(n, "press kit")),
    };
    format!(
        "built {} in {} and {}{kits} into {} in {took}",
        counted(made.cards, "card"),
        counted(made.languages, "language"),
        counted(made.formats, "format"),
        dir.display()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_counts_cards_languages_formats_and_kits() {
        let one = Made {
            cards: 1,
            languages: 1,
            formats: 1,
            kits: 0,
        };
        assert_eq!(
            built(&one, Path::new("out"), "0.4 s"),
            "built 1 card in 1 language and 1 format into out in 0.4 s"
        );
        let many = Made {
            cards: 528,
            languages: 5,
            formats: 6,
            kits: 3,
        };
        assert_eq!(
            built(&many, Path::new("out/"), "9.8 s"),
            "built 528 cards in 5 languages and 6 formats, 3 press kits, into out/ in 9.8 s"
        );
    }

    #[test]
    fn the_kits_counted_are_the_zips_at_the_top_of_out() {
        let mut out = Output::default();
        out.files.insert("c-press-kit-en.zip".into(), Vec::new());
        out.files.insert("kit/en/cards.zip".into(), Vec::new());
        out.files.insert("manifest.json".into(), Vec::new());
        assert_eq!(Made::of(&out).kits, 1);
    }
}
