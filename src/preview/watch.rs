//! Watching the folders a build reads (messages and the photos under it,
//! templates, fonts) through the `notify` crate (inotify on Linux), and
//! waiting for a burst of saves to settle. It must not build or read the
//! files it watches.
//!
//! The debounce is written here, not taken from notify-debouncer-mini:
//! that crate depends on tempfile, whose rustix turns on bitflags' `std`
//! and so rebuilds the whole SVG and PDF stack (see Cargo.toml); waiting
//! for a quiet spell is one loop over the channel.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};

/// How long the folders must be quiet before a build starts: an editor's
/// save is often several writes (a temporary file, a rename, the mode).
pub const QUIET: Duration = Duration::from_millis(200);

/// The watcher (watching while it lives) and its stream of changes.
pub struct Watch {
    _watcher: RecommendedWatcher,
    changes: Receiver<()>,
}

impl Watch {
    /// Starts watching each folder and everything under it.
    pub fn start(folders: &[PathBuf]) -> Result<Watch, String> {
        let (tx, changes) = channel();
        let mut watcher =
            notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
                if event.is_ok_and(|e| changes_files(&e.kind)) {
                    // The receiver is gone only when the preview stops.
                    let _ = tx.send(());
                }
            })
            .map_err(|e| format!("cannot watch for changes: {e}"))?;
        for folder in folders {
            watcher
                .watch(folder, RecursiveMode::Recursive)
                .map_err(|e| format!("cannot watch {}: {e}", folder.display()))?;
        }
        Ok(Watch {
            _watcher: watcher,
            changes,
        })
    }

    /// Waits for a change, then until the folders have been quiet for
    /// `quiet`. False when the watcher has stopped.
    pub fn settled(&self, quiet: Duration) -> bool {
        settle(&self.changes, quiet)
    }
}

/// Whether an event is a change to the files. A build reading the files
/// opens them: those events (and every other access) are not changes.
fn changes_files(kind: &EventKind) -> bool {
    !matches!(kind, EventKind::Access(_))
}

/// Blocks until the first change, then drains the changes until none
/// comes for `quiet`. False when the sender is gone.
fn settle(changes: &Receiver<()>, quiet: Duration) -> bool {
    if changes.recv().is_err() {
        return false;
    }
    loop {
        match changes.recv_timeout(quiet) {
            Ok(()) => continue,
            Err(RecvTimeoutError::Timeout) => return true,
            Err(RecvTimeoutError::Disconnected) => return true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{AccessKind, AccessMode, ModifyKind};
    use std::time::Instant;

    #[test]
    fn opening_a_file_is_not_a_change_and_writing_one_is() {
        assert!(!changes_files(&EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(!changes_files(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(changes_files(&EventKind::Modify(ModifyKind::Any)));
        assert!(changes_files(&EventKind::Remove(
            notify::event::RemoveKind::File
        )));
    }

    #[test]
    fn a_burst_of_saves_settles_once_after_it_goes_quiet() {
        let (tx, rx) = channel();
        let sender = std::thread::spawn(move || {
            for _ in 0..5 {
                tx.send(()).expect("sends");
                std::thread::sleep(Duration::from_millis(20));
            }
            tx
        });
        let start = Instant::now();
        assert!(settle(&rx, Duration::from_millis(100)));
        // Five saves 20 ms apart, then 100 ms of quiet.
        assert!(start.elapsed() >= Duration::from_millis(150));
        let tx = sender.join().expect("joins");
        assert!(rx.try_recv().is_err(), "the burst is drained");
        drop(tx);
        assert!(!settle(&rx, Duration::from_millis(100)), "stopped");
    }
}
