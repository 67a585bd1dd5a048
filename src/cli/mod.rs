//! The command line: the subcommands and their options (clap derive, doc
//! comments as help), and the exit codes. Each subcommand runs in its own
//! file. Problems are printed here and nowhere else.

mod build;
mod check;
mod init;
mod preview;
mod progress;
mod render;
mod report;
mod shard;
mod translations;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::problem::Problem;
use crate::project::{Paths, Project};
use report::Style;

/// Turns a campaign's messages into social media cards.
#[derive(Debug, Parser)]
#[command(name = "handbill", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check, then render every card of the campaign into out/.
    Build(BuildArgs),
    /// Check everything a build would use, and render what must be
    /// measured (fit, contrast, sizes), writing nothing: every problem at
    /// once, each with its place and what to do. Exit 0 when clean, 1 with
    /// errors (or warnings, with --deny-warnings), 2 on handbill's own failure.
    Check(CheckArgs),
    /// Render one card (a message in one format and language) to a file or
    /// to standard output, with its problems, caption and alt text;
    /// --debug draws the layout over it.
    Render(render::RenderArgs),
    /// Combine the folders that `build --shard K/N` wrote, one per CI
    /// job, into one out/: the cards, the manifest and the press kits,
    /// the same bytes as a single build.
    Merge(MergeArgs),
    /// Serve a gallery of every card on 127.0.0.1, rebuilt in memory
    /// whenever a message, template, font or photo is saved.
    Preview(preview::PreviewArgs),
    /// Create a new campaign in DIR (a new or empty folder) that builds at
    /// once: one message of each kind, templates, fonts and a press kit,
    /// every text a placeholder marked REPLACE.
    Init(InitArgs),
    /// Print a completion script for SHELL on standard output, e.g.
    /// `handbill completions bash > ~/.local/share/bash-completion/completions/handbill`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print handbill's man page (roff) on standard output, e.g.
    /// `handbill man | man -l -`; or, with --out, write one page a command.
    Man(ManArgs),
    /// Exchange texts with translators: export every text as XLIFF 2.0 or
    /// PO, import the translations back into the YAML, or --status.
    Translations(translations::TranslationsArgs),
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create the campaign in: a new one, or an empty one.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Print nothing but problems.
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write handbill.1 and one page a command (handbill-build.1, …) into
    /// this folder instead.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
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

    /// The build cache: `.handbill-cache/` in the campaign folder.
    pub fn cache(&self) -> PathBuf {
        match self.project == std::path::Path::new(".") {
            true => PathBuf::from(".handbill-cache"),
            false => self.project.join(".handbill-cache"),
        }
    }
}

/// Which cards: the filters of every command that builds.
#[derive(Debug, Args)]
pub struct Which {
    /// Only this audience (repeat for more).
    #[arg(long, value_name = "ID")]
    pub audience: Vec<String>,
    /// Only this language (repeat for more).
    #[arg(long, value_name = "CODE")]
    pub language: Vec<String>,
    /// Only this message (repeat for more).
    #[arg(long, value_name = "ID")]
    pub message: Vec<String>,
}

impl Which {
    /// The filter of these cards in `formats` (all when empty).
    pub fn filter(&self, formats: Vec<String>) -> crate::card::Filter {
        crate::card::Filter {
            audiences: self.audience.clone(),
            languages: self.language.clone(),
            formats,
            messages: self.message.clone(),
        }
    }
}

/// Which cards to make, and how to report problems.
#[derive(Debug, Args)]
pub struct Select {
    #[command(flatten)]
    pub which: Which,
    /// Only this format (repeat for more); or `json` or `github`: report
    /// problems as one JSON document on standard output, or as GitHub
    /// Actions annotations (no format may have these names).
    #[arg(long, value_name = "NAME")]
    pub format: Vec<String>,
    /// Render with this many threads (default: one per core).
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Treat warnings as errors: exit 1, and `build` writes nothing.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Print only problems.
    #[arg(short, long)]
    pub quiet: bool,
}

impl Select {
    /// The cards asked for.
    pub fn filter(&self) -> crate::card::Filter {
        let formats = self.format.iter().filter(|f| style_named(f).is_none());
        self.which.filter(formats.cloned().collect())
    }

    /// How problems are reported: `--format json` or `--format github`,
    /// else for people.
    pub fn style(&self) -> Style {
        self.format
            .iter()
            .rev()
            .find_map(|f| style_named(f))
            .unwrap_or_default()
    }
}

/// The report style a `--format` value names, if it names one.
fn style_named(value: &str) -> Option<Style> {
    match value {
        "json" => Some(Style::Json),
        "github" => Some(Style::Github),
        "human" => Some(Style::Human),
        _ => None,
    }
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub dirs: Dirs,
    #[command(flatten)]
    pub select: Select,
    /// Also write each card's final SVG beside its PNG.
    #[arg(long)]
    pub svg: bool,
    /// Skip the press kit (cards only).
    #[arg(long)]
    pub no_kit: bool,
    /// Also say which slots are set below their template's font size, and
    /// why, one line per slot and card.
    #[arg(short, long)]
    pub verbose: bool,
    /// Write nothing: exit 1, listing the files that would change, when
    /// out/ is not what this build makes (for CI).
    #[arg(long)]
    pub check: bool,
    /// Render only share K of N of the cards into --out, for `merge`: one
    /// job of a CI matrix (e.g. --shard 2/3).
    #[arg(long, value_name = "K/N", value_parser = shard::parse)]
    pub shard: Option<crate::build::Shard>,
    /// Render every card again, neither reading nor writing the cache
    /// (.handbill-cache/ in the campaign folder).
    #[arg(long)]
    pub no_cache: bool,
    /// Compress each card's PNG as small as oxipng can, losslessly: for
    /// the final kits; much slower.
    #[arg(long)]
    pub optimize: bool,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    #[command(flatten)]
    pub dirs: Dirs,
    #[command(flatten)]
    pub select: Select,
    /// Skip the press kit (cards only).
    #[arg(long)]
    pub no_kit: bool,
    /// The folders `build --shard K/N --out DIR` wrote, one per shard.
    #[arg(required = true, value_name = "SHARD")]
    pub shards: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub dirs: Dirs,
    #[command(flatten)]
    pub select: Select,
    /// Also say which slots are set below their template's font size, and
    /// why, one line per slot and card.
    #[arg(short, long, conflicts_with = "quiet")]
    pub verbose: bool,
}

/// Runs the command line and returns the exit code: 0 success, 1 problems
/// in the user's files, 2 internal or I/O errors.
pub fn main() -> ExitCode {
    progress::start_clock();
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => build::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Render(args) => render::run(&args),
        Command::Merge(args) => shard::merge(&args),
        Command::Init(args) => init::run(&args),
        Command::Completions { shell } => init::completions(shell),
        Command::Man(args) => init::man(&args),
        Command::Preview(args) => preview::run(&args),
        Command::Translations(args) => translations::run(&args),
    }
}

/// Starts the render threads: rayon's pool is set once per process.
fn threads(jobs: Option<usize>) -> Result<(), ExitCode> {
    match jobs {
        Some(jobs) => rayon::ThreadPoolBuilder::new()
            .num_threads(jobs.max(1))
            .build_global()
            .map_err(|e| fail(format!("cannot start {jobs} threads: {e}"))),
        None => Ok(()),
    }
}

/// Reads the project, at the edge: an unreadable folder is exit 2.
fn read(paths: &Paths) -> Result<Project, ExitCode> {
    crate::project::read(paths).map_err(|e| fail(format!("{e:#}")))
}

/// What every building command does first: start its threads and read
/// the project.
fn start(jobs: Option<usize>, paths: &Paths) -> Result<Project, ExitCode> {
    threads(jobs)?;
    read(paths)
}

/// What a run found, counted.
struct Found {
    errors: usize,
    warnings: usize,
}

impl Found {
    fn of(problems: &[Problem]) -> Found {
        let errors = problems.iter().filter(|p| p.is_error()).count();
        Found {
            errors,
            warnings: problems.len() - errors,
        }
    }

    /// Whether the run must stop: errors, or warnings that are denied.
    fn stops(&self, deny_warnings: bool) -> bool {
        self.errors > 0 || (deny_warnings && self.warnings > 0)
    }

    /// "2 errors and 1 warning".
    fn describe(&self) -> String {
        let n = crate::plural::counted;
        match (self.errors, self.warnings) {
            (0, 0) => "no problems".to_owned(),
            (e, 0) => n(e, "error"),
            (0, w) => n(w, "warning"),
            (e, w) => format!("{} and {}", n(e, "error"), n(w, "warning")),
        }
    }
}

/// Shows the problems in the style asked for (human ones on standard
/// error; on GitHub Actions, also as annotations). JSON is written by the
/// caller, with its summary.
fn show(problems: &[Problem], project: &Project, style: Style) {
    match style {
        Style::Human => {
            report::human(problems, Some(project));
            if report::on_github() {
                report::github(problems);
            }
        }
        Style::Github => report::github(problems),
        Style::Json => {}
    }
}

/// `--format json`: one document on standard output: the counts, the cards
/// checked (absent when errors stopped the run before cards were made) and
/// every problem.
fn json(
    problems: &[Problem],
    found: &Found,
    out: Option<&crate::build::Output>,
) -> Result<(), ExitCode> {
    #[derive(serde::Serialize)]
    struct Report<'a> {
        errors: usize,
        warnings: usize,
        #[serde(skip_serializing_if = "Option::is_none")]
        cards: Option<usize>,
        problems: Vec<report::JsonProblem<'a>>,
        /// What the posts come to on each platform.
        #[serde(skip_serializing_if = "Option::is_none")]
        platforms: Option<&'a [crate::post::Summary]>,
        /// Each card's least legible line.
        #[serde(skip_serializing_if = "Option::is_none")]
        legibility: Option<&'a [crate::legibility::Record]>,
    }
    let report = Report {
        errors: found.errors,
        warnings: found.warnings,
        cards: out.map(|o| o.cards.len()),
        problems: problems.iter().map(report::JsonProblem::new).collect(),
        platforms: out.map(|o| o.platforms.as_slice()),
        legibility: out.map(|o| o.legibility.as_slice()),
    };
    let text = serde_json::to_string_pretty(&report)
        .map_err(|e| fail(format!("cannot write the report as JSON: {e}")))?;
    println!("{text}");
    Ok(())
}

/// Prints an I/O failure or a bug, and exits 2.
fn fail(error: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {error}");
    ExitCode::from(2)
}
