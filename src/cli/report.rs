//! Showing problems: to people (each with its source line and a caret), to
//! scripts (`--format json`) and to GitHub Actions (annotations on the pull
//! request's lines). The problems themselves are data from the stages; this
//! file only writes them out.

use std::io::IsTerminal as _;
use std::path::Path;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use clap::ValueEnum;
use serde::Serialize;

use crate::problem::{Problem, Severity};
use crate::project::Project;

/// How problems are written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Style {
    /// For people: each problem with its source line and a caret.
    #[default]
    Human,
    /// One JSON document on standard output, for scripts.
    Json,
    /// GitHub Actions workflow commands, shown on the pull request's lines.
    Github,
}

/// A problem as `--format json` writes it: a stable shape for scripts.
#[derive(Serialize)]
pub struct JsonProblem<'a> {
    severity: Severity,
    code: &'a str,
    file: String,
    /// 1-based; absent when the problem is about a whole file.
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<u32>,
    message: &'a str,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    notes: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
    context: &'a crate::problem::Context,
}

impl<'a> JsonProblem<'a> {
    pub fn new(p: &'a Problem) -> Self {
        let known = |n: u32| (n > 0).then_some(n);
        JsonProblem {
            severity: p.severity,
            code: p.code.name(),
            file: p.location.file.display().to_string(),
            line: known(p.location.line),
            column: known(p.location.column),
            message: &p.what,
            notes: &p.notes,
            help: p.hint.as_deref(),
            context: &p.context,
        }
    }
}

/// Writes each problem for people to standard error, with colour when it
/// is a terminal that wants colour.
pub fn human(problems: &[Problem], project: Option<&Project>) {
    let renderer = if colour() {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    for p in problems {
        let text = project.and_then(|pr| pr.text_of(&p.location.file));
        eprintln!("{}\n", render(p, text, &renderer));
    }
}

/// Whether handbill writes colour to standard error: the one place that
/// decides it. `NO_COLOR` (set and not empty, <https://no-color.org>) turns
/// colour off, `CLICOLOR_FORCE` (set and not `0`) on even into a pipe;
/// otherwise colour is for terminals only. clap's help follows the same two
/// variables on its own.
pub fn colour() -> bool {
    let set = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    colour_wanted(
        set("NO_COLOR").is_some(),
        set("CLICOLOR_FORCE").is_some_and(|v| v != "0"),
        std::io::stderr().is_terminal(),
    )
}

fn colour_wanted(no_color: bool, force: bool, terminal: bool) -> bool {
    !no_color && (force || terminal)
}

/// Writes a GitHub Actions annotation per problem to standard output: the
/// pull request shows each on its file's line.
pub fn github(problems: &[Problem]) {
    for p in problems {
        println!("{}", annotation(p));
    }
}

/// Whether handbill runs in a GitHub Actions job, which shows annotations.
pub fn on_github() -> bool {
    std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true")
}

/// One problem: its first line as compilers write it
/// (`file:line:column: error: what [code]`, which editors and terminals
/// follow to the place), the line itself with a caret under the place, then
/// what it affects, notes and what to do.
fn render(p: &Problem, text: Option<&str>, renderer: &Renderer) -> String {
    let level = match p.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let Some(source) = text.and_then(|t| source_line(t, p.location.line)) else {
        return p.to_string();
    };
    let snippet = Snippet::source(source)
        .line_start(p.location.line as usize)
        .annotation(AnnotationKind::Primary.span(marked(source, p.location.column)));
    let mut group = Group::with_level(level.clone()).element(snippet);
    let mut notes = 0;
    for (name, text) in p.details() {
        notes += usize::from(name == "note");
        match (name, notes) {
            ("note", n) if n > SHOWN_NOTES => continue,
            _ => group = group.element(Level::NOTE.with_name(name).message(text)),
        }
        if name == "note" && notes == SHOWN_NOTES && p.notes.len() > SHOWN_NOTES {
            let rest = format!("and {} more like these", p.notes.len() - SHOWN_NOTES);
            group = group.element(Level::NOTE.with_name("note").message(rest));
        }
    }
    let report: [Group; 1] = [group];
    format!("{}\n{}", p.headline(), renderer.render(&report))
}

/// Notes shown under a problem's line: a text too long on six formats shows
/// how far it overflows on a few, not a wall of numbers.
const SHOWN_NOTES: usize = 3;

/// The 1-based `line` of `text`, if it has it.
fn source_line(text: &str, line: u32) -> Option<&str> {
    let n = (line as usize).checked_sub(1)?;
    text.lines().nth(n)
}

/// The bytes to underline: the word at the 1-based `column` (counted in
/// characters), or the line's first non-blank character when the column is
/// unknown or past the end.
fn marked(line: &str, column: u32) -> std::ops::Range<usize> {
    let start = match column.checked_sub(1) {
        Some(c) => line.char_indices().nth(c as usize).map(|(i, _)| i),
        None => None,
    };
    let start = start.unwrap_or_else(|| line.len() - line.trim_start().len());
    let rest = &line[start..];
    let word = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let len = match word {
        0 => rest.chars().next().map_or(0, char::len_utf8),
        n => n,
    };
    start..start + len
}

/// `::error file=…,line=…,col=…,title=…::message`, escaped as the
/// workflow-command syntax asks (a problem's words may hold `:`, `,`, `%`
/// and line breaks).
fn annotation(p: &Problem) -> String {
    let level = p.severity.name();
    let mut props = vec![format!("file={}", property(&p.location.file))];
    if p.location.line > 0 {
        props.push(format!("line={}", p.location.line));
        props.push(format!("col={}", p.location.column.max(1)));
    }
    props.push(format!(
        "title={}",
        property_text(&format!("handbill {}", p.code))
    ));
    let mut message = p.what.clone();
    if let Some(in_) = p.context.describe() {
        message.push_str(&format!("\nin: {in_}"));
    }
    for n in &p.notes {
        message.push_str(&format!("\nnote: {n}"));
    }
    if let Some(h) = &p.hint {
        message.push_str(&format!("\nhelp: {h}"));
    }
    format!("::{level} {}::{}", props.join(","), data(&message))
}

fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn property_text(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

fn property(path: &Path) -> String {
    property_text(&path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::{Location, code};

    fn problem() -> Problem {
        Problem::new(
            Location::new("messages/a.yaml", 2, 5),
            "unknown field `kiker`, 50% sure",
        )
        .code(code::UNKNOWN_FIELD)
        .message("m")
        .hint("did you mean `kicker`?")
    }

    #[test]
    fn a_problem_shows_its_line_with_a_caret_under_the_word() {
        let text = "- id: m\n    kiker: Hello\n";
        let out = render(&problem(), Some(text), &Renderer::plain());
        assert!(
            out.starts_with(
                "messages/a.yaml:2:5: error: unknown field `kiker`, 50% sure [unknown-field]\n"
            ),
            "{out}"
        );
        assert!(out.contains("2 |     kiker: Hello"), "{out}");
        assert!(out.contains("^^^^^^"), "{out}");
        assert!(out.contains("= in: message m"), "{out}");
        assert!(out.contains("= help: did you mean `kicker`?"), "{out}");
    }

    #[test]
    fn a_problem_without_its_text_still_names_the_place() {
        let out = render(&problem(), None, &Renderer::plain());
        assert!(
            out.starts_with("messages/a.yaml:2:5: error: unknown field"),
            "{out}"
        );
        assert!(out.contains("\n  = help: did you mean `kicker`?"), "{out}");
    }

    #[test]
    fn annotations_escape_what_the_workflow_syntax_reserves() {
        let a = annotation(&problem());
        assert!(
            a.starts_with(
                "::error file=messages/a.yaml,line=2,col=5,title=handbill unknown-field::"
            ),
            "{a}"
        );
        assert!(
            a.contains("50%25 sure%0Ain: message m%0Ahelp: did you"),
            "{a}"
        );
        assert!(!a.contains('\n'), "{a}");
    }

    #[test]
    fn no_color_wins_and_force_colours_a_pipe() {
        assert!(!colour_wanted(true, true, true));
        assert!(colour_wanted(false, true, false));
        assert!(colour_wanted(false, false, true));
        assert!(!colour_wanted(false, false, false));
    }

    #[test]
    fn the_caret_covers_the_word_at_a_column_counted_in_characters() {
        assert_eq!(marked("  ελ: x", 3), 2..7);
        assert_eq!(marked("  key: x", 0), 2..6);
        assert_eq!(marked("", 4), 0..0);
    }
}
