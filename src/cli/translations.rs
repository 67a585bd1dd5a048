//! `handbill translations`: export every text of the campaign for
//! translators (XLIFF 2.0 or PO), import what they send back into the YAML,
//! and say per language how many texts are missing, draft or reviewed.
//!
//! The edge of `crate::translations`: it reads the returned file (bounded
//! in size), writes the catalog and the edited YAML files, and prints.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand};

use super::report::Style;
use super::{Dirs, fail, show};
use crate::build::Failure;
use crate::plural::counted;
use crate::problem::{Location, Problem};
use crate::project::Project;
use crate::translations::{self, Format, MAX_FILE_BYTES};

#[derive(Debug, Args)]
pub struct TranslationsArgs {
    #[command(flatten)]
    pub dirs: Dirs,
    /// Print, per language, how many texts are missing, draft or reviewed
    /// (the same as `handbill translations status`).
    #[arg(long)]
    pub status: bool,
    #[command(subcommand)]
    pub action: Option<Action>,
}

#[derive(Debug, Subcommand)]
pub enum Action {
    /// Write every text of the campaign, the kit and the words for
    /// translators into LANGUAGE: the English, the current translation, its
    /// state, where it appears and the longest text that fits.
    Export {
        #[command(flatten)]
        dirs: Dirs,
        /// The language to translate into: one of the campaign's.
        #[arg(long, value_name = "CODE")]
        language: String,
        /// xliff (XLIFF 2.0) or po (gettext).
        #[arg(long, value_enum, default_value = "xliff")]
        format: Format,
        /// Write to FILE instead of standard output.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Write the translations of FILE (XLIFF 2 or PO, as a tool returned
    /// it) into the YAML files, changing only the texts that changed.
    Import {
        #[command(flatten)]
        dirs: Dirs,
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Per language, how many texts are missing, draft or reviewed.
    Status {
        #[command(flatten)]
        dirs: Dirs,
    },
}

/// Runs `handbill translations`.
pub fn run(args: &TranslationsArgs) -> ExitCode {
    match &args.action {
        Some(Action::Export {
            dirs,
            language,
            format,
            output,
        }) => export(dirs, language, *format, output.as_deref()),
        Some(Action::Import { dirs, file }) => import(dirs, file),
        Some(Action::Status { dirs }) => status(dirs),
        None if args.status => status(&args.dirs),
        None => {
            eprintln!(
                "error: say what to do: `handbill translations export --language CODE`, `import FILE` or `--status`"
            );
            ExitCode::from(1)
        }
    }
}

fn export(dirs: &Dirs, language: &str, format: Format, out: Option<&Path>) -> ExitCode {
    let project = match super::read(&dirs.paths()) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let catalog = match translations::export(&project, language) {
        Ok(c) => c,
        Err(f) => return failed(f, &project),
    };
    let text = match translations::write(&catalog, format) {
        Ok(t) => t,
        Err(bug) => return fail(bug),
    };
    let written = match out {
        Some(path) => std::fs::write(path, &text),
        None => std::io::stdout().write_all(text.as_bytes()),
    };
    if let Err(e) = written {
        return fail(format!("cannot write the catalog: {e}"));
    }
    if let Some(path) = out {
        eprintln!(
            "wrote {} for `{language}` into {}",
            counted(catalog.units.len(), "text"),
            path.display()
        );
    }
    ExitCode::SUCCESS
}

fn import(dirs: &Dirs, file: &Path) -> ExitCode {
    let project = match super::read(&dirs.paths()) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let returned = read_file(file).and_then(|text| translations::read(file, &text));
    let returned = match returned {
        Ok(r) => r,
        Err(problems) => return stop(&problems, &project),
    };
    let imported = match translations::import(&project, &returned) {
        Ok(i) => i,
        Err(f) => return failed(f, &project),
    };
    for (path, text) in &imported.files {
        if let Err(e) = replace(path, text) {
            return fail(format!("cannot write {}: {e}", path.display()));
        }
    }
    eprintln!(
        "imported {} for `{}` into {}",
        counted(imported.changed, "changed text"),
        returned.language,
        counted(imported.files.len(), "file")
    );
    if imported.problems.is_empty() {
        return ExitCode::SUCCESS;
    }
    // Shown with the lines as now written.
    let written = super::read(&dirs.paths()).unwrap_or(project);
    eprintln!("the translations are written; these no longer fit their cards:");
    stop(&imported.problems, &written)
}

/// The returned file's text, bounded in size; too large or not UTF-8 is a
/// problem at the file.
fn read_file(path: &Path) -> Result<String, Vec<Problem>> {
    let refuse =
        |what: String, hint: &str| vec![Problem::new(Location::file(path), what).hint(hint)];
    let file = std::fs::File::open(path).map_err(|e| {
        refuse(
            format!("cannot open this file: {e}"),
            "give the path of the file the translation tool exported",
        )
    })?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| {
            refuse(
                format!("cannot read this file: {e}"),
                "give the path of the file the translation tool exported",
            )
        })?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(refuse(
            format!(
                "this file is larger than {} MiB: it is not a campaign's catalog",
                MAX_FILE_BYTES >> 20
            ),
            "export the language again with `handbill translations export` and translate that file",
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        refuse(
            format!(
                "this file is not UTF-8 text (at byte {})",
                e.utf8_error().valid_up_to()
            ),
            "save it as UTF-8 in the translation tool",
        )
    })
}

/// Writes a file beside itself and renames it over the old one, so a
/// failed write never leaves half a YAML file.
fn replace(path: &Path, text: &str) -> std::io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.handbill-import"));
    std::fs::write(&temp, text)?;
    std::fs::rename(&temp, path)
}

fn status(dirs: &Dirs) -> ExitCode {
    let project = match super::read(&dirs.paths()) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let counts = match translations::status(&project) {
        Ok(c) => c,
        Err(problems) => return stop(&problems, &project),
    };
    println!(
        "{:<10} {:>8} {:>8} {:>8}",
        "language", "missing", "draft", "reviewed"
    );
    for c in counts {
        println!(
            "{:<10} {:>8} {:>8} {:>8}",
            c.language, c.missing, c.draft, c.reviewed
        );
    }
    ExitCode::SUCCESS
}

/// Reports the problems of a run that stopped: exit 1.
fn stop(problems: &[Problem], project: &Project) -> ExitCode {
    let mut problems = problems.to_vec();
    crate::problem::sort(&mut problems);
    show(&problems, project, Style::Human);
    ExitCode::from(1)
}

fn failed(f: Failure, project: &Project) -> ExitCode {
    match f {
        Failure::Problems(p) => stop(&p, project),
        Failure::Bug(bug) => fail(bug),
    }
}
