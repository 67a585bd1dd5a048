//! Problems in the user's files, each with its location and what to do.
//!
//! Every stage returns values plus a list of `Problem`s instead of stopping at
//! the first one, so a communications officer or designer sees everything that
//! needs fixing in one run. This module only describes problems; printing is
//! the binary's job.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where a problem is: a file, and a 1-based line and column when known.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    pub file: PathBuf,
    pub line: u32,
    pub column: u32,
}

impl Location {
    pub fn new(file: impl Into<PathBuf>, line: u32, column: u32) -> Self {
        Location {
            file: file.into(),
            line,
            column,
        }
    }

    /// A location naming a whole file (line and column unknown).
    pub fn file(file: impl Into<PathBuf>) -> Self {
        Location::new(file, 0, 0)
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.column)?;
        }
        Ok(())
    }
}

/// What a problem is about, beyond its location: the card it stops.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Context {
    pub message: Option<String>,
    pub language: Option<String>,
    pub format: Option<String>,
    pub template: Option<PathBuf>,
    pub slot: Option<String>,
}

/// One problem in the user's files.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    pub location: Location,
    pub context: Context,
    /// What is wrong, in one sentence.
    pub what: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Problem {
    pub fn new(location: Location, what: impl Into<String>) -> Self {
        Problem {
            location,
            context: Context::default(),
            what: what.into(),
            hint: None,
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn message(mut self, id: &str) -> Self {
        self.context.message = Some(id.to_owned());
        self
    }

    pub fn language(mut self, lang: &str) -> Self {
        self.context.language = Some(lang.to_owned());
        self
    }

    pub fn format(mut self, format: &str) -> Self {
        self.context.format = Some(format.to_owned());
        self
    }

    pub fn template(mut self, template: &Path) -> Self {
        self.context.template = Some(template.to_owned());
        self
    }

    pub fn slot(mut self, slot: &str) -> Self {
        self.context.slot = Some(slot.to_owned());
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: error: {}", self.location, self.what)?;
        let c = &self.context;
        let mut parts = Vec::new();
        if let Some(m) = &c.message {
            parts.push(format!("message {m}"));
        }
        if let Some(l) = &c.language {
            parts.push(format!("language {l}"));
        }
        if let Some(fm) = &c.format {
            parts.push(format!("format {fm}"));
        }
        if let Some(t) = &c.template {
            parts.push(format!("template {}", t.display()));
        }
        if let Some(s) = &c.slot {
            parts.push(format!("slot {s}"));
        }
        if !parts.is_empty() {
            write!(f, "\n  = in: {}", parts.join(", "))?;
        }
        if let Some(h) = &self.hint {
            write!(f, "\n  = help: {h}")?;
        }
        Ok(())
    }
}

/// Sorts problems by file, line and column, drops exact repeats, and merges
/// problems that differ only in format and template (a text too long for
/// every format is one problem, naming them all), so the report reads top to
/// bottom and is the same on every run.
pub fn sort(problems: &mut Vec<Problem>) {
    problems.sort();
    problems.dedup();
    let mut merged: Vec<Problem> = Vec::with_capacity(problems.len());
    for p in problems.drain(..) {
        if let Some(last) = merged.last_mut() {
            let same = last.location == p.location
                && last.what == p.what
                && last.hint == p.hint
                && last.context.message == p.context.message
                && last.context.language == p.context.language
                && last.context.slot == p.context.slot
                && last.context.format.is_some()
                && p.context.format.is_some();
            if same {
                let join = |a: &mut Option<String>, b: Option<String>| {
                    if let (Some(a), Some(b)) = (a.as_mut(), b)
                        && !a.split(", ").any(|x| x == b)
                    {
                        a.push_str(", ");
                        a.push_str(&b);
                    }
                };
                join(&mut last.context.format, p.context.format);
                let mut t = last
                    .context
                    .template
                    .as_ref()
                    .map(|t| t.display().to_string());
                join(&mut t, p.context.template.map(|t| t.display().to_string()));
                last.context.template = t.map(PathBuf::from);
                continue;
            }
        }
        merged.push(p);
    }
    *problems = merged;
}
