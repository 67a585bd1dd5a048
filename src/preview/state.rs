//! What the preview shows now: the last cards that built, why the last
//! build failed if it did, and the pages to tell when that changes. Shared
//! by the builder thread and the HTTP threads. It must not build, read
//! files or serve anything: it only holds and hands out snapshots.

use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use crate::build::Output;

use super::rebuild::Failed;

/// One state of the preview, never changed once made: a page renders from
/// one snapshot, so it never mixes two builds.
#[derive(Clone, Debug, Default)]
pub struct Snapshot {
    /// Counts the snapshots; a page that shows an older one reloads.
    pub generation: u64,
    /// The last build that succeeded, warnings sorted: its cards stay on
    /// the page while a later save has mistakes.
    pub output: Option<Arc<Output>>,
    /// Why the latest build failed, when it did.
    pub failed: Option<Failed>,
    /// A build is running now.
    pub building: bool,
    /// How long the latest build took.
    pub took: Option<Duration>,
}

/// The current snapshot and the open pages' event streams.
#[derive(Debug, Default)]
pub struct Shared {
    now: Mutex<Arc<Snapshot>>,
    listeners: Mutex<Vec<Sender<u64>>>,
}

/// Locks a mutex; a thread that panicked holding it left a whole value
/// behind (each change is one assignment), so it is still usable.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Shared {
    /// The snapshot to show now.
    pub fn now(&self) -> Arc<Snapshot> {
        Arc::clone(&lock(&self.now))
    }

    /// Makes the next snapshot from the current one and tells every open
    /// page its generation.
    pub fn update(&self, change: impl FnOnce(&mut Snapshot)) {
        let generation = {
            let mut now = lock(&self.now);
            let mut next = Snapshot::clone(&now);
            change(&mut next);
            next.generation = now.generation + 1;
            *now = Arc::new(next);
            now.generation
        };
        // A page that went away has dropped its receiver: forget it.
        lock(&self.listeners).retain(|l| l.send(generation).is_ok());
    }

    /// A stream of the generations to come, for one open page.
    pub fn listen(&self) -> Receiver<u64> {
        let (tx, rx) = channel();
        lock(&self.listeners).push(tx);
        rx
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_update_is_a_new_generation_told_to_every_listener() {
        let shared = Shared::default();
        let (a, b) = (shared.listen(), shared.listen());
        shared.update(|s| s.building = true);
        shared.update(|s| s.building = false);
        assert_eq!(shared.now().generation, 2);
        assert!(!shared.now().building);
        assert_eq!(a.try_iter().collect::<Vec<_>>(), [1, 2]);
        drop(a);
        shared.update(|_| {});
        assert_eq!(b.try_iter().collect::<Vec<_>>(), [1, 2, 3]);
        assert_eq!(
            lock(&shared.listeners).len(),
            1,
            "the dropped page is forgotten"
        );
    }

    #[test]
    fn a_snapshot_handed_out_does_not_change() {
        let shared = Shared::default();
        let before = shared.now();
        shared.update(|s| s.took = Some(Duration::from_millis(5)));
        assert_eq!(before.took, None);
        assert_eq!(shared.now().took, Some(Duration::from_millis(5)));
    }
}
