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
    /// A carousel's slide, from 1.
    pub slide: Option<usize>,
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
        if let Some(n) = c.slide {
            parts.push(format!("slide {n}"));
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
/// problems of one cause: those that differ only in format, template and
/// language (a text too long for every format, or a text written once for
/// every language and too long in each, is one problem naming them all),
/// so the report reads top to bottom and is the same on every run.
pub fn sort(problems: &mut Vec<Problem>) {
    problems.sort();
    problems.dedup();
    let mut merged: Vec<Problem> = Vec::with_capacity(problems.len());
    for p in problems.drain(..) {
        // Sorted, so problems at one place are together at the end.
        let at_same_place = merged
            .iter_mut()
            .rev()
            .take_while(|m| m.location == p.location);
        match at_same_place.into_iter().find(|m| same_cause(m, &p)) {
            Some(m) => join_context(&mut m.context, p.context),
            None => merged.push(p),
        }
    }
    *problems = merged;
}

/// Whether two problems are one mistake seen on several cards: the same
/// place, words and help, in the same message and slot, differing at most
/// in the format, template and language of the cards they stop.
fn same_cause(a: &Problem, b: &Problem) -> bool {
    let on_cards = |p: &Problem| p.context.format.is_some() || p.context.language.is_some();
    a.location == b.location
        && a.what == b.what
        && a.hint == b.hint
        && a.context.message == b.context.message
        && a.context.slide == b.context.slide
        && a.context.slot == b.context.slot
        && on_cards(a)
        && on_cards(b)
        && a.context.format.is_some() == b.context.format.is_some()
        && a.context.language.is_some() == b.context.language.is_some()
}

/// Adds what `b` names to `a`'s lists: "format x, story".
fn join_context(a: &mut Context, b: Context) {
    fn join(a: &mut Option<String>, b: Option<String>) {
        if let (Some(a), Some(b)) = (a.as_mut(), b)
            && !a.split(", ").any(|x| x == b)
        {
            a.push_str(", ");
            a.push_str(&b);
        }
    }
    join(&mut a.format, b.format);
    join(&mut a.language, b.language);
    let mut t = a.template.as_ref().map(|t| t.display().to_string());
    join(&mut t, b.template.map(|t| t.display().to_string()));
    a.template = t.map(PathBuf::from);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn overflow(lang: &str, format: &str) -> Problem {
        Problem::new(
            Location::new("messages/a.yaml", 4, 9),
            "the link does not fit",
        )
        .message("m")
        .language(lang)
        .format(format)
        .slot("link")
    }

    #[test]
    fn one_text_too_long_on_many_cards_is_one_problem_naming_them() {
        let mut found = vec![
            overflow("en", "x"),
            overflow("el", "x"),
            overflow("en", "story"),
            overflow("ar", "story"),
        ];
        sort(&mut found);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].context.language.as_deref(), Some("ar, el, en"));
        assert_eq!(found[0].context.format.as_deref(), Some("story, x"));
    }

    #[test]
    fn different_places_or_words_stay_apart() {
        let mut moved = overflow("el", "x");
        moved.location.line = 5;
        let mut other = overflow("en", "x");
        other.what = "the link is not a web address".into();
        let mut found = vec![overflow("en", "x"), moved, other];
        sort(&mut found);
        assert_eq!(found.len(), 3, "{found:?}");
    }
}
