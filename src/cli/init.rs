//! `handbill init DIR`, `handbill completions SHELL` and `handbill man`:
//! the commands that set handbill up rather than build a campaign. `init`
//! only reports what `crate::init` wrote; the completions and the man page
//! are made from the same clap definition as `--help`.

use std::io::Write as _;
use std::process::ExitCode;

use clap::CommandFactory as _;

use super::{Cli, InitArgs, ManArgs, fail, report};
use crate::init::{self, Failure};

/// Runs `handbill init DIR`.
pub fn run(args: &InitArgs) -> ExitCode {
    match init::scaffold(&args.dir) {
        Ok(files) => {
            if !args.quiet {
                eprintln!(
                    "created a new campaign in {} ({}); next:\n  cd {}\n  handbill check\n  handbill build\nthen replace the placeholders marked REPLACE (README.md in it says where)",
                    args.dir.display(),
                    crate::plural::counted(files.len(), "file"),
                    shell_word(&args.dir.display().to_string()),
                );
            }
            ExitCode::SUCCESS
        }
        Err(Failure::Refused(p)) => {
            report::human(std::slice::from_ref(&*p), None);
            eprintln!("error: nothing was written");
            ExitCode::from(1)
        }
        Err(Failure::Io(e)) => fail(format!("{e:#}")),
    }
}

/// A path as a shell reads it: quoted when it holds anything but plain
/// characters.
fn shell_word(path: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_./".contains(c);
    if !path.is_empty() && path.chars().all(plain) {
        path.to_owned()
    } else {
        format!("'{}'", path.replace('\'', r"'\''"))
    }
}

/// Runs `handbill completions SHELL`: the script on standard output.
pub fn completions(shell: clap_complete::Shell) -> ExitCode {
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "handbill", &mut out);
    print(&out)
}

/// Runs `handbill man`: handbill(1) on standard output, or with `--out
/// DIR` one page a command written there: handbill.1, handbill-build.1, …
pub fn man(args: &ManArgs) -> ExitCode {
    let pages = match pages(&Cli::command()) {
        Ok(pages) => pages,
        Err(e) => return fail(format!("cannot write the man page: {e}")),
    };
    let Some(dir) = &args.out else {
        return print(&pages[0].1);
    };
    if let Err(e) = std::fs::create_dir_all(dir) {
        return fail(format!("cannot create {}: {e}", dir.display()));
    }
    for (name, page) in &pages {
        let path = dir.join(name);
        if let Err(e) = std::fs::write(&path, page) {
            return fail(format!("cannot write {}: {e}", path.display()));
        }
    }
    ExitCode::SUCCESS
}

/// The man pages, by file name: handbill's first, then one a subcommand,
/// named as git names its own (handbill-build.1).
fn pages(command: &clap::Command) -> std::io::Result<Vec<(String, Vec<u8>)>> {
    let mut pages = vec![(
        "handbill.1".to_owned(),
        render(command.clone(), "handbill")?,
    )];
    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
        let title = format!("handbill-{}", sub.get_name());
        let sub = sub
            .clone()
            .name(title.clone())
            .version(env!("CARGO_PKG_VERSION"))
            .bin_name(format!("handbill {}", sub.get_name()));
        pages.push((format!("{title}.1"), render(sub, &title)?));
    }
    Ok(pages)
}

fn render(command: clap::Command, title: &str) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    clap_mangen::Man::new(command)
        .title(title)
        .render(&mut out)?;
    Ok(out)
}

fn print(bytes: &[u8]) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`handbill man | head`) is not a failure.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => fail(format!("cannot write to standard output: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_is_quoted_only_when_the_shell_would_misread_it() {
        assert_eq!(shell_word("my-campaign"), "my-campaign");
        assert_eq!(shell_word("../a/b_c.d"), "../a/b_c.d");
        assert_eq!(shell_word("my campaign"), "'my campaign'");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
    }

    #[test]
    fn there_is_a_man_page_for_each_subcommand() {
        let pages = pages(&Cli::command()).expect("rendered");
        let names: Vec<&str> = pages.iter().map(|(n, _)| n.as_str()).collect();
        for name in [
            "handbill.1",
            "handbill-build.1",
            "handbill-check.1",
            "handbill-init.1",
        ] {
            assert!(names.contains(&name), "{names:?}");
        }
        let main = String::from_utf8_lossy(&pages[0].1);
        assert!(main.contains(".TH handbill 1"), "{main}");
        assert!(main.contains("handbill\\-init(1)"), "{main}");
        let build = String::from_utf8_lossy(&pages[1].1);
        assert!(build.contains("\\-\\-deny\\-warnings"), "{build}");
    }
}
