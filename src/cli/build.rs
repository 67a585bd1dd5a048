//! `handbill build`: read the project, check and build it in memory, taking
//! unchanged cards and kits from the cache, then replace `out/` (or, with
//! `--check`, say what would change; with `--shard`, write one share of
//! the cards for `merge`), and say what was made and what to review.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::ExitCode;

use serde::{Deserialize, Serialize};

use super::progress::Progress;
use super::report::Style;
use super::{BuildArgs, Found, fail, json, show};
use crate::build::{self, Failure, Output};
use crate::cache::disk::{Disk, Record};
use crate::cache::{Cache, Inputs, NoCache, ReadOnly};
use crate::plural::{are, counted};
use crate::problem::{self, Problem};
use crate::project::Project;
use crate::write;

/// Runs `handbill build`.
pub fn run(args: &BuildArgs) -> ExitCode {
    let paths = args.dirs.paths();
    let project = match super::start(args.select.jobs, &paths) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let opts = options(args);
    if opts.shard.is_some() {
        return super::shard::write(args, &project, &opts, &paths.out);
    }
    let cache = open_cache(args);
    // The same inputs into an untouched out/: nothing to do.
    let key = Inputs::of(&project).build(&opts).to_string();
    if let Some(recap) = unchanged(cache.as_ref(), &key, &paths.out) {
        return again(args, &project, recap, &paths.out);
    }
    let store: &dyn Cache = match &cache {
        Some(disk) => disk,
        None => &NoCache,
    };
    let read_only = ReadOnly(store);
    let store: &dyn Cache = if args.check { &read_only } else { store };
    // The cards' PNGs wait beside out/, not in memory (after the key: where
    // they wait changes no byte of the build).
    let opts = build::Options {
        spool: write::spool_prefix(&paths.out),
        ..opts
    };
    let built = in_memory(&project, &opts, store, &args.select, args.check);
    cache
        .iter()
        .flat_map(Disk::warnings)
        .for_each(|w| eprintln!("warning: {w}"));
    let out = match built {
        Ok(out) => out,
        Err(code) => return code,
    };
    let done = Done {
        dir: &paths.out,
        cache: cache.as_ref(),
        key,
        quiet: args.select.quiet,
        verbose: args.verbose,
        whole: args.select.filter().is_empty(),
    };
    match args.check {
        true => check_out(&paths.out, &out, args.select.quiet),
        false => done.write_out(&out),
    }
}

/// Builds in memory on `cache` and reports the problems, first, so that a
/// stopped build says why; `Err` is the exit code of a build that stopped
/// (`check`: a `build --check`, which never writes).
pub(super) fn in_memory(
    project: &Project,
    opts: &build::Options,
    cache: &dyn Cache,
    select: &super::Select,
    check: bool,
) -> Result<Output, ExitCode> {
    let style = select.style();
    let progress = Progress::new(select.quiet || style != Style::Human);
    let result = build::build_with(project, opts, cache, &|e| progress.show(e));
    progress.finish();
    let (problems, out) = match result {
        Ok(out) => (out.warnings.clone(), Some(out)),
        Err(Failure::Problems(p)) => (p, None),
        Err(Failure::Bug(bug)) => return Err(fail(bug)),
    };
    let found = reported(problems, project, style, out.as_ref())?;
    match out {
        Some(out) if !found.stops(select.deny_warnings) => Ok(out),
        _ => Err(stopped(&found, check)),
    }
}

/// Opens the cache, unless `--no-cache`; a folder that is not handbill's
/// is said and left alone.
fn open_cache(args: &BuildArgs) -> Option<Disk> {
    if args.no_cache {
        return None;
    }
    let (disk, warning) = Disk::open(&args.dirs.cache());
    if let Some(w) = warning {
        eprintln!("warning: {w}");
    }
    Some(disk)
}

/// What a build said, kept with its record so that a no-op build says it
/// again: its warnings and what it built.
#[derive(Debug, Serialize, Deserialize)]
struct Recap {
    warnings: Vec<Problem>,
    cards: usize,
    languages: Vec<String>,
    formats: Vec<String>,
    kits: usize,
    fallbacks: usize,
    drafts: Vec<String>,
}

impl Recap {
    fn of(out: &Output) -> Recap {
        let formats: BTreeSet<&str> = out.cards.iter().map(|c| c.format.as_str()).collect();
        let langs: BTreeSet<&str> = out.cards.iter().map(|c| c.language.as_str()).collect();
        Recap {
            warnings: out.warnings.clone(),
            cards: out.cards.len(),
            languages: langs.into_iter().map(str::to_owned).collect(),
            formats: formats.into_iter().map(str::to_owned).collect(),
            kits: out.kits_made + out.kits_reused,
            fallbacks: out.cards.iter().filter(|c| c.fallback).count(),
            drafts: out.drafts().into_iter().map(str::to_owned).collect(),
        }
    }
}

/// The last build's recap, when it was of the same inputs and options
/// into this `out/`, and `out/` is as it left it (every file's size and
/// modification time).
fn unchanged(cache: Option<&Disk>, key: &str, out: &Path) -> Option<Recap> {
    let record: Record<Recap> = cache?.record()?;
    if write::leftovers(out) {
        return None;
    }
    let same_out = std::path::absolute(out).ok()? == record.out;
    let listing = write::compare::listing(out).ok()?;
    (record.build == key && same_out && listing == record.files).then_some(record.recap)
}

/// A no-op build: the last build's warnings and summary, said again.
fn again(args: &BuildArgs, project: &Project, recap: Recap, dir: &Path) -> ExitCode {
    let style = args.select.style();
    let found = match reported(recap.warnings.clone(), project, style, None) {
        Ok(found) => found,
        Err(code) => return code,
    };
    if found.stops(args.select.deny_warnings) {
        return stopped(&found, args.check);
    }
    notes(&recap);
    if !args.select.quiet {
        eprintln!(
            "nothing changed since the last build: {} is up to date ({})",
            dir.display(),
            built(&recap)
        );
    }
    ExitCode::SUCCESS
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
fn stopped(found: &Found, check: bool) -> ExitCode {
    let unchanged = match check {
        true => "",
        false => "; nothing was written and out/ is unchanged",
    };
    eprintln!(
        "error: {} in the campaign's files{unchanged}",
        found.describe()
    );
    ExitCode::from(1)
}

/// The most changed files `--check` lists by name.
const LISTED: usize = 40;

/// `build --check`: whether `out/` holds exactly what this build makes.
fn check_out(dir: &Path, out: &Output, quiet: bool) -> ExitCode {
    let changes = match write::compare::changes(dir, out) {
        Ok(changes) => changes,
        Err(e) => return fail(format!("{e:#}")),
    };
    if changes.is_empty() {
        if !quiet {
            eprintln!(
                "{} is up to date ({})",
                dir.display(),
                built(&Recap::of(out))
            );
        }
        return ExitCode::SUCCESS;
    }
    eprintln!(
        "error: {} is stale: {} would change",
        dir.display(),
        counted(changes.len(), "file")
    );
    for change in changes.iter().take(LISTED) {
        let (sign, path) = match change {
            write::compare::Change::Added(p) => ("added  ", p),
            write::compare::Change::Changed(p) => ("changed", p),
            write::compare::Change::Removed(p) => ("removed", p),
        };
        eprintln!("  {sign} {path}");
    }
    if changes.len() > LISTED {
        eprintln!("  … and {} more", changes.len() - LISTED);
    }
    eprintln!("help: run `handbill build` and commit what it writes");
    ExitCode::from(1)
}

/// What a successful build writes, and where it keeps its record.
pub(super) struct Done<'a> {
    dir: &'a Path,
    cache: Option<&'a Disk>,
    /// The build's key, for its record.
    key: String,
    quiet: bool,
    verbose: bool,
    /// Whether the whole campaign was built (no filter).
    whole: bool,
}

impl<'a> Done<'a> {
    /// A merge's: no cache, no record.
    pub(super) fn merged(select: &super::Select, dir: &'a Path) -> Done<'a> {
        Done {
            dir,
            cache: None,
            key: String::new(),
            quiet: select.quiet,
            verbose: false,
            whole: select.filter().is_empty(),
        }
    }

    /// Writes out/ after a whole build succeeded, then keeps the record
    /// that makes the next build of the same inputs a no-op.
    pub(super) fn write_out(&self, out: &Output) -> ExitCode {
        let dir = self.dir;
        // Until out/ is written, the last record no longer describes it.
        if let Some(cache) = self.cache {
            cache.set_record::<Recap>(None);
        }
        match write::replace_dir(dir, out, &|| waiting(dir)) {
            Ok(()) => {
                let recap = Recap::of(out);
                self.remember(out, &recap);
                if self.verbose {
                    smaller(out);
                }
                notes(&recap);
                if !self.quiet {
                    let took = super::progress::took();
                    eprintln!("built {} into {} in {took}", built(&recap), dir.display());
                    eprintln!("{}", reuse(out));
                }
                ExitCode::SUCCESS
            }
            Err(write::Failure::Refused(p)) => refused(*p),
            Err(write::Failure::Io(e)) => fail(format!("{e:#}")),
        }
    }

    /// Records what out/ now holds; after a build of the whole campaign,
    /// drops the cache entries it did not use.
    fn remember(&self, out: &Output, recap: &Recap) {
        let Some(cache) = self.cache else { return };
        let (Ok(files), Ok(at)) = (
            write::compare::listing(self.dir),
            std::path::absolute(self.dir),
        ) else {
            return;
        };
        let record = Record {
            build: self.key.clone(),
            out: at,
            files,
            recap,
        };
        cache.set_record(Some(&record));
        if self.whole && !out.keys.is_empty() {
            cache.sweep();
        }
        cache
            .warnings()
            .iter()
            .for_each(|w| eprintln!("warning: {w}"));
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
        shard: args.shard,
        from_shards: false,
        effort: match args.optimize {
            true => crate::render::Effort::Smallest,
            false => crate::render::Effort::Balanced,
        },
        spool: None,
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

/// Notes on fallbacks and drafts, said even with --quiet: publishing
/// drafts is a decision.
fn notes(recap: &Recap) {
    if recap.fallbacks > 0 {
        eprintln!(
            "note: {} {} in a fallback language (\"fallback\": true in manifest.json): their messages lack a translation",
            counted(recap.fallbacks, "card"),
            are(recap.fallbacks)
        );
    }
    if !recap.drafts.is_empty() {
        eprintln!(
            "note: the {} texts are drafts (status: draft in campaign.yaml): have a native speaker review them before publishing",
            recap.drafts.join(", ")
        );
    }
}

/// "528 cards in 5 languages and 6 formats, 3 press kits".
fn built(recap: &Recap) -> String {
    let kits = match recap.kits {
        0 => String::new(),
        n => format!(", {}", counted(n, "press kit")),
    };
    format!(
        "{} in {} and {}{kits}",
        counted(recap.cards, "card"),
        counted(recap.languages.len(), "language"),
        counted(recap.formats.len(), "format"),
    )
}

/// What the cache saved: "rendered 3 cards, 525 unchanged; made 1 press
/// kit, 2 unchanged".
fn reuse(out: &Output) -> String {
    let mut line = format!(
        "rendered {}, {} unchanged",
        counted(out.rendered, "card"),
        out.reused
    );
    if out.kits_made + out.kits_reused > 0 {
        line += &format!(
            "; made {}, {} unchanged",
            counted(out.kits_made, "press kit"),
            out.kits_reused
        );
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recap(cards: usize, languages: usize, formats: usize, kits: usize) -> Recap {
        let names = |n: usize| (0..n).map(|i| i.to_string()).collect();
        Recap {
            warnings: Vec::new(),
            cards,
            languages: names(languages),
            formats: names(formats),
            kits,
            fallbacks: 0,
            drafts: Vec::new(),
        }
    }

    #[test]
    fn the_summary_counts_cards_languages_formats_and_kits() {
        assert_eq!(
            built(&recap(1, 1, 1, 0)),
            "1 card in 1 language and 1 format"
        );
        assert_eq!(
            built(&recap(528, 5, 6, 3)),
            "528 cards in 5 languages and 6 formats, 3 press kits"
        );
    }
}
