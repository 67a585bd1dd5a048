//! Failures that are not the user's mistake.
//!
//! A mistake in the campaign's files is a [`Problem`](crate::problem::Problem):
//! located, with what to do, and the build exits 1. A [`Bug`] is handbill's
//! own failure — a card SVG it wrote that does not parse, a PDF the writer
//! refuses, a zip that cannot be written — and says so: it names what
//! handbill was doing, and the build exits 2. Nothing here is ever shown
//! as the user's fault.

use std::fmt;

/// A failure inside handbill: a bug, not something the user can fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bug {
    /// What handbill was doing: "rendering cards/en/x/quote", "writing the
    /// FAQ PDF for el".
    pub doing: String,
    /// What went wrong, as the failing part said it.
    pub error: String,
}

impl Bug {
    pub fn new(doing: impl Into<String>, error: impl fmt::Display) -> Self {
        Bug {
            doing: doing.into(),
            error: error.to_string(),
        }
    }
}

impl fmt::Display for Bug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "internal error while {}: {}\n  = note: this is a bug in handbill, not a mistake in the campaign's files; please report it with the command you ran",
            self.doing, self.error
        )
    }
}

impl std::error::Error for Bug {}

/// Marks a failure as a bug, with what handbill was doing.
pub trait OrBug<T> {
    fn or_bug(self, doing: impl FnOnce() -> String) -> Result<T, Bug>;
}

impl<T, E: fmt::Display> OrBug<T> for Result<T, E> {
    fn or_bug(self, doing: impl FnOnce() -> String) -> Result<T, Bug> {
        self.map_err(|e| Bug::new(doing(), e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bug_says_what_was_being_done_and_that_it_is_a_bug() {
        let r: Result<(), &str> = Err("bad tag");
        let bug = r
            .or_bug(|| "writing the factsheet PDF for el".into())
            .expect_err("an error");
        let text = bug.to_string();
        assert!(
            text.contains("writing the factsheet PDF for el: bad tag"),
            "{text}"
        );
        assert!(text.contains("bug in handbill"), "{text}");
    }
}
