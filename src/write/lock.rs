//! The lock that keeps two builds from writing the same `out/` at once.
//!
//! An exclusive lock on `.out.lock` beside `out/` (std's `File::lock`,
//! `flock` on Linux) is held from before `out/` is checked until the swap
//! is done. The system releases it when the process ends, even by
//! `kill -9`, so a killed build never leaves a stale lock. A second build
//! waits for the first rather than failing: the lock is taken only once a
//! build has succeeded in memory and is held only while files are written,
//! a few seconds, and then the later build replaces out/ with its own,
//! newer result. The lock file stays (removing it would let a third build
//! lock a new file while the second still holds the old one). This module
//! must not touch anything but the lock file.

use std::fs::{File, OpenOptions, TryLockError};
use std::io;
use std::path::Path;

/// Takes the lock at `path`, calling `waiting` first if another build has
/// it. The lock lasts as long as the returned file.
pub fn take(path: &Path, waiting: &dyn Fn()) -> io::Result<File> {
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)?;
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            waiting();
            file.lock()?;
        }
        Err(TryLockError::Error(e)) => return Err(e),
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::tests::Scratch;
    use std::cell::Cell;

    #[test]
    fn a_free_lock_is_taken_without_waiting_and_a_held_one_is_not_free() {
        let s = Scratch::new();
        let path = s.path().join(".out.lock");
        let waited = Cell::new(false);
        let held = take(&path, &|| waited.set(true)).expect("lock");
        assert!(!waited.get());
        let other = File::open(&path).expect("open");
        assert!(matches!(other.try_lock(), Err(TryLockError::WouldBlock)));
        drop(held);
        other.try_lock().expect("free once the holder is gone");
    }
}
