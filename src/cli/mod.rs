//! The command line: the subcommands and their options (clap derive, doc
//! comments as help), and the exit codes. Each subcommand runs in its own
//! file. Problems are printed here and nowhere else.

mod build;
mod progress;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::project::Paths;

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
    /// Also say which slots are set below their template's font size, and
    /// why, one line per slot and card.
    #[arg(short, long)]
    pub verbose: bool,
}

/// Runs the command line and returns the exit code: 0 success, 1 problems
/// in the user's files, 2 internal or I/O errors.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => build::run(&args),
    }
}

/// Prints the problems in the user's files, sorted, and exits 1.
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

/// Prints an I/O failure or a bug, and exits 2.
fn fail(error: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {error}");
    ExitCode::from(2)
}
