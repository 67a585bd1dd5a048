//! Progress while cards render: a bar on a terminal, a line every tenth in
//! CI logs, nothing with `--quiet`.

use std::io::IsTerminal;
use std::sync::Mutex;

use crate::build::Event;

/// How a run shows its progress.
pub struct Progress {
    bar: Mutex<Option<indicatif::ProgressBar>>,
    tty: bool,
    quiet: bool,
}

impl Progress {
    pub fn new(quiet: bool) -> Progress {
        Progress {
            bar: Mutex::new(None),
            tty: std::io::stderr().is_terminal() && !quiet,
            quiet,
        }
    }

    /// Shows one event of the build.
    pub fn show(&self, e: Event) {
        match e {
            // Errors left no card to render: nothing to show.
            Event::Rendering { total: 0 } => {}
            Event::Rendering { total } if self.tty => self.start_bar(total),
            Event::Rendering { total } if !self.quiet => eprintln!("rendering {total} cards"),
            Event::Rendered { done, stem, .. } if self.tty => self.advance(done, stem),
            Event::Rendered { done, total, .. }
                if !self.quiet && (done == total || done % (total / 10).max(1) == 0) =>
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
