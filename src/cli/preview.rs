//! `handbill preview`: serves a gallery of every card on 127.0.0.1 and
//! rebuilds it in memory after each save (`crate::preview`). This file
//! parses its options and prints what the preview notes; it writes nothing.

use std::process::ExitCode;

use clap::Args;

use super::{Dirs, fail, report, threads};
use crate::build;
use crate::cache::Memory;
use crate::preview::{self, Builder, Note};

#[derive(Debug, Args)]
pub struct PreviewArgs {
    #[command(flatten)]
    pub dirs: Dirs,
    /// The port to serve on, on 127.0.0.1 only (0: any free port).
    #[arg(long, value_name = "N", default_value_t = 4000)]
    pub port: u16,
    #[command(flatten)]
    pub which: super::Which,
    /// Only this format (repeat for more).
    #[arg(long, value_name = "NAME")]
    pub format: Vec<String>,
    /// Render with this many threads (default: one per core).
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
}

/// Runs `handbill preview` until Ctrl-C.
pub fn run(args: &PreviewArgs) -> ExitCode {
    if let Err(code) = threads(args.jobs) {
        return code;
    }
    let listener = match preview::bind(args.port) {
        Ok(l) => l,
        Err(e) => return fail(e),
    };
    let builder = Builder {
        paths: args.dirs.paths(),
        options: build::Options {
            filter: args.which.filter(args.format.clone()),
            ..build::Options::default()
        },
        cache: Memory::default(),
    };
    match preview::serve(listener, &builder, &say) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(e),
    }
}

/// Prints what the preview notes, one line each (the problems as `check`
/// prints them).
fn say(note: Note) {
    match note {
        Note::Serving(url) => eprintln!("preview: serving {url} (Ctrl-C stops it)"),
        Note::Built {
            cards,
            warnings,
            took,
        } => eprintln!(
            "preview: {} and {}, built in {:.1} s",
            plural(cards, "card"),
            plural(warnings, "warning"),
            took.as_secs_f64()
        ),
        Note::Mistakes(problems) => {
            report::human(problems, None);
            let errors = problems.iter().filter(|p| p.is_error()).count();
            eprintln!(
                "preview: {}; the page keeps the last cards that built",
                plural(errors, "error")
            );
        }
        Note::Trouble(text) => eprintln!("preview: error: {text}"),
    }
}

/// "1 card", "2 cards".
fn plural(n: usize, what: &str) -> String {
    match n {
        1 => format!("1 {what}"),
        n => format!("{n} {what}s"),
    }
}
