//! The preview's one build: read the project, build it in memory, sort
//! what it found. Every rebuild goes through [`Builder::run`], which keeps
//! the cards and kits of the last build in an in-memory cache, so a save
//! renders only the cards it changed. It must not write files or touch the
//! served state.

use std::time::{Duration, Instant};

use crate::build::{self, Failure, Output};
use crate::cache::Memory;
use crate::problem::{self, Problem};
use crate::project::Paths;

/// Why a build made no cards.
#[derive(Clone, Debug)]
pub enum Failed {
    /// Mistakes in the user's files, sorted and merged as `check` shows them.
    Problems(Vec<Problem>),
    /// The project could not be read (a missing folder), or handbill
    /// failed (a bug): said in one text.
    Trouble(String),
}

/// Builds one project again and again, in memory.
pub struct Builder {
    pub paths: Paths,
    pub options: build::Options,
    /// The last good build's cards and kits (and any rendered since).
    pub cache: Memory,
}

impl Builder {
    /// Reads the project as it is on disk now and builds it: the cards
    /// with their warnings sorted, or why there are none; and how long it
    /// took.
    pub fn run(&self) -> (Result<Output, Failed>, Duration) {
        let start = Instant::now();
        let result = self.build();
        (result, start.elapsed())
    }

    fn build(&self) -> Result<Output, Failed> {
        let project =
            crate::project::read(&self.paths).map_err(|e| Failed::Trouble(format!("{e:#}")))?;
        match build::build_with(&project, &self.options, &self.cache, &|_| {}) {
            Ok(mut out) => {
                // What this build used is all the next one can reuse.
                self.cache.retain(&out.keys.iter().copied().collect());
                problem::sort(&mut out.warnings);
                Ok(out)
            }
            Err(Failure::Problems(mut found)) => {
                problem::sort(&mut found);
                Err(Failed::Problems(found))
            }
            Err(Failure::Bug(bug)) => Err(Failed::Trouble(bug.to_string())),
        }
    }
}
