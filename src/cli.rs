//! The command line: `handbill build` and its options, and running it with
//! a progress display and exit codes. Problems are printed here and nowhere
//! else.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Mutex;

use clap::{Args, Parser, Subcommand};

use crate::build::{self, Event, Failure};
use crate::card::Filter;
use crate::project::{self, Paths};
use crate::write;

/// Turns a campaign's messages into social media cards.
#[derive(Debug, Parser)]
#[command(name = "handbill", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render every card of the campaign into out/.
    Build(BuildArgs),
}

/// Where the project's folders are.
#[derive(Debug, Args)]
pub struct Dirs {
    /// The campaign folder: messages/, templates/, fonts/ and out/ are read
    /// and written under it unless given one by one.
    #[arg(short = 'C', long, value_name = "DIR", default_value = ".")]
    pub project: PathBuf,
    /// The messages folder (campaign.yaml and one file per audience).
    #[arg(long, value_name = "DIR")]
    pub messages: Option<PathBuf>,
    /// The templates folder.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// The fonts folder: the only fonts handbill draws with.
    #[arg(long, value_name = "DIR")]
    pub fonts: Option<PathBuf>,
    /// Where to write the cards. Replaced as a whole when the build succeeds.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

impl Dirs {
    pub fn paths(&self) -> Paths {
        // Keep paths in problems short: messages/x.yaml, not ./messages/x.yaml.
        let root = if self.project == std::path::Path::new(".") {
            PathBuf::new()
        } else {
            self.project.clone()
        };
        let base = Paths::under(&root);
        Paths {
            messages: self.messages.clone().unwrap_or(base.messages),
            templates: self.templates.clone().unwrap_or(base.templates),
            fonts: self.fonts.clone().unwrap_or(base.fonts),
            out: self.out.clone().unwrap_or(base.out),
        }
    }
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub dirs: Dirs,
    /// Only this audience (repeat for more).
    #[arg(long, value_name = "ID")]
    pub audience: Vec<String>,
    /// Only this language (repeat for more).
    #[arg(long, value_name = "CODE")]
    pub language: Vec<String>,
    /// Only this format (repeat for more).
    #[arg(long, value_name = "NAME")]
    pub format: Vec<String>,
    /// Only this message (repeat for more).
    #[arg(long, value_name = "ID")]
    pub message: Vec<String>,
    /// Render with this many threads (default: one per core).
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Also write each card's final SVG beside its PNG.
    #[arg(long)]
    pub svg: bool,
    /// Skip the press kit (cards only).
    #[arg(long)]
    pub no_kit: bool,
    /// Print only problems.
    #[arg(short, long)]
    pub quiet: bool,
}

/// Runs the command line and returns the exit code: 0 success, 1 problems
/// in the user's files, 2 internal or I/O errors.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => run_build(&args),
    }
}

fn run_build(args: &BuildArgs) -> ExitCode {
    if let Some(jobs) = args.jobs
        && let Err(e) = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs.max(1))
            .build_global()
    {
        eprintln!("error: cannot start {jobs} threads: {e}");
        return ExitCode::from(2);
    }
    let paths = args.dirs.paths();
    let project = match project::read(&paths) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e:#}");
            return ExitCode::from(2);
        }
    };
    let opts = build::Options {
        filter: Filter {
            audiences: args.audience.clone(),
            languages: args.language.clone(),
            formats: args.format.clone(),
            messages: args.message.clone(),
        },
        write_svg: args.svg,
        no_kit: args.no_kit,
    };
    let bar = Mutex::new(None::<indicatif::ProgressBar>);
    let tty = std::io::stderr().is_terminal() && !args.quiet;
    let quiet = args.quiet;
    let progress = |e: Event| match e {
        Event::Rendering { total } => {
            if tty {
                let b = indicatif::ProgressBar::new(total as u64);
                if let Ok(style) = indicatif::ProgressStyle::with_template(
                    "{spinner} rendering {pos}/{len} cards [{bar:30}] {elapsed} {msg}",
                ) {
                    b.set_style(style.progress_chars("=> "));
                }
                if let Ok(mut g) = bar.lock() {
                    *g = Some(b);
                }
            } else if !quiet {
                eprintln!("rendering {total} cards");
            }
        }
        Event::Rendered { done, total, stem } => {
            if tty {
                if let Ok(g) = bar.lock()
                    && let Some(b) = g.as_ref()
                {
                    b.set_position(done as u64);
                    b.set_message(stem.to_owned());
                }
            } else if !quiet && (done == total || done % (total / 10).max(1) == 0) {
                eprintln!("rendered {done}/{total}");
            }
        }
    };
    let result = build::build(&project, &opts, &progress);
    if let Ok(mut g) = bar.lock()
        && let Some(b) = g.take()
    {
        b.finish_and_clear();
    }
    match result {
        Ok(out) => {
            if let Err(e) = write::replace_dir(&paths.out, &out.files) {
                eprintln!("error: {e:#}");
                return ExitCode::from(2);
            }
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
                let formats: std::collections::BTreeSet<&str> =
                    out.cards.iter().map(|c| c.format.as_str()).collect();
                let langs: std::collections::BTreeSet<&str> =
                    out.cards.iter().map(|c| c.language.as_str()).collect();
                eprintln!(
                    "built {} cards in {} languages and {} formats into {}",
                    out.cards.len(),
                    langs.len(),
                    formats.len(),
                    paths.out.display()
                );
            }
            ExitCode::SUCCESS
        }
        Err(Failure::Problems(p)) => report(p),
        Err(Failure::Bug(bug)) => {
            eprintln!("error: {bug}");
            ExitCode::from(2)
        }
    }
}

fn report(mut problems: Vec<crate::problem::Problem>) -> ExitCode {
    crate::problem::sort(&mut problems);
    for p in &problems {
        eprintln!("{p}\n");
    }
    let n = problems.len();
    eprintln!(
        "error: {n} problem{} in the campaign's files; nothing was written and out/ is unchanged",
        if n == 1 { "" } else { "s" }
    );
    ExitCode::from(1)
}
