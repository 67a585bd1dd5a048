//! Progress while cards render: a bar when standard error is a terminal, a
//! line every tenth in CI logs and pipes, nothing with `--quiet`; and the
//! clock the summary lines read ("… in 9.8 s"). Only what a run shows on
//! standard error is decided here; the build itself never prints.

use std::io::IsTerminal;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use crate::build::Event;

/// How a run shows its progress.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// A bar redrawn in place: only on a terminal, where it can be.
    Bar,
    /// Plain lines, which a log keeps readable.
    Lines,
    /// `--quiet`, or a report for scripts.
    Silent,
}

impl Mode {
    fn of(quiet: bool, terminal: bool) -> Mode {
        match (quiet, terminal) {
            (true, _) => Mode::Silent,
            (false, true) => Mode::Bar,
            (false, false) => Mode::Lines,
        }
    }
}

/// How a run shows its progress.
pub struct Progress {
    bar: Mutex<Option<indicatif::ProgressBar>>,
    mode: Mode,
}

impl Progress {
    pub fn new(quiet: bool) -> Progress {
        Progress {
            bar: Mutex::new(None),
            mode: Mode::of(quiet, std::io::stderr().is_terminal()),
        }
    }

    /// Shows one event of the build.
    pub fn show(&self, e: Event) {
        match (e, self.mode) {
            // Errors left no card to render: nothing to show.
            (Event::Rendering { total: 0 }, _) => {}
            (Event::Rendering { total }, Mode::Bar) => self.start_bar(total),
            (Event::Rendering { total }, Mode::Lines) => {
                eprintln!("rendering {}", crate::plural::counted(total, "card"))
            }
            (Event::Rendered { done, stem, .. }, Mode::Bar) => self.advance(done, stem),
            (Event::Rendered { done, total, .. }, Mode::Lines)
                if done == total || done % (total / 10).max(1) == 0 =>
            {
                eprintln!("rendered {done}/{total}")
            }
            _ => {}
        }
    }

    fn start_bar(&self, total: usize) {
        let b = indicatif::ProgressBar::new(total as u64);
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{spinner} rendering {pos}/{len} cards [{bar:30}] {elapsed} {msg}",
        ) {
            b.set_style(style.progress_chars("=> "));
        }
        if let Ok(mut g) = self.bar.lock() {
            *g = Some(b);
        }
    }

    fn advance(&self, done: usize, stem: &str) {
        if let Ok(g) = self.bar.lock()
            && let Some(b) = g.as_ref()
        {
            b.set_position(done as u64);
            b.set_message(stem.to_owned());
        }
    }

    /// Clears the bar, if there is one.
    pub fn finish(&self) {
        if let Ok(mut g) = self.bar.lock()
            && let Some(b) = g.take()
        {
            b.finish_and_clear();
        }
    }
}

/// When the command started: set first thing in `main`.
static STARTED: OnceLock<Instant> = OnceLock::new();

/// Starts the clock the summary lines read.
pub fn start_clock() {
    STARTED.get_or_init(Instant::now);
}

/// How long the command has run, as a summary says it: "0.4 s", "9.8 s",
/// "2 min 5 s".
pub fn took() -> String {
    let elapsed = STARTED.get().map_or(Duration::ZERO, Instant::elapsed);
    said(elapsed)
}

fn said(d: Duration) -> String {
    let secs = d.as_secs_f64();
    if secs < 60.0 {
        format!("{secs:.1} s")
    } else {
        let whole = d.as_secs();
        format!("{} min {} s", whole / 60, whole % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bar_shows_only_on_a_terminal_and_nothing_when_quiet() {
        assert_eq!(Mode::of(false, true), Mode::Bar);
        assert_eq!(Mode::of(false, false), Mode::Lines);
        assert_eq!(Mode::of(true, true), Mode::Silent);
        assert_eq!(Mode::of(true, false), Mode::Silent);
    }

    #[test]
    fn a_duration_is_said_in_seconds_then_minutes() {
        assert_eq!(said(Duration::from_millis(9_840)), "9.8 s");
        assert_eq!(said(Duration::from_millis(40)), "0.0 s");
        assert_eq!(said(Duration::from_secs(125)), "2 min 5 s");
    }
}
