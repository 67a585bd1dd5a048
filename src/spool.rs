//! Card PNGs between their encoding and `out/`: held in memory, or, for a
//! build that writes a folder, in one file beside it, so that a build's
//! memory does not grow with its number of cards (each PNG leaves memory
//! as soon as it is encoded, and is read back once to be written).
//!
//! The file is removed as soon as it is open (on Unix; elsewhere when the
//! spool is dropped), so a killed build leaves nothing behind. It is
//! written next to `out/`, not in the system's temporary folder, which is
//! often memory itself (tmpfs).

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// Where the PNGs are kept.
#[derive(Debug, Default)]
pub struct Spool {
    store: Store,
}

#[derive(Debug)]
enum Store {
    Memory(Mutex<Vec<Vec<u8>>>),
    File(Mutex<Spilled>),
}

impl Default for Store {
    fn default() -> Self {
        Store::Memory(Mutex::default())
    }
}

/// The spool file, how far it is written, and its path while it has one.
#[derive(Debug)]
struct Spilled {
    file: File,
    end: u64,
    path: Option<PathBuf>,
}

/// One PNG in a spool: where it is and how long.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Png {
    at: u64,
    pub len: usize,
}

impl Spool {
    /// A spool in memory: what a build that keeps its output (preview, a
    /// test) uses.
    pub fn memory() -> Spool {
        Spool::default()
    }

    /// A spool in a new file named `<prefix>-<process>-<n>`.
    pub fn beside(prefix: &Path) -> io::Result<Spool> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let mut path = prefix.as_os_str().to_owned();
        path.push(format!("-{}-{n}", std::process::id()));
        let path = PathBuf::from(path);
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)?;
        // Unix keeps an open file's bytes after its name is gone.
        let path = match cfg!(unix) && fs::remove_file(&path).is_ok() {
            true => None,
            false => Some(path),
        };
        Ok(Spool {
            store: Store::File(Mutex::new(Spilled { file, end: 0, path })),
        })
    }

    /// Keeps `bytes`, and says where.
    pub fn put(&self, bytes: Vec<u8>) -> io::Result<Png> {
        let len = bytes.len();
        match &self.store {
            Store::Memory(held) => {
                let mut held = lock(held);
                held.push(bytes);
                Ok(Png {
                    at: held.len() as u64 - 1,
                    len,
                })
            }
            Store::File(spilled) => {
                let mut s = lock(spilled);
                let at = s.end;
                s.file.seek(SeekFrom::Start(at))?;
                s.file.write_all(&bytes)?;
                s.end += len as u64;
                Ok(Png { at, len })
            }
        }
    }

    /// The bytes of a PNG this spool keeps.
    pub fn get(&self, png: Png) -> io::Result<Vec<u8>> {
        match &self.store {
            Store::Memory(held) => {
                let held = lock(held);
                let at = usize::try_from(png.at).ok();
                at.and_then(|i| held.get(i)).cloned().ok_or_else(not_here)
            }
            Store::File(spilled) => {
                let mut s = lock(spilled);
                if png.at + png.len as u64 > s.end {
                    return Err(not_here());
                }
                let mut bytes = vec![0; png.len];
                s.file.seek(SeekFrom::Start(png.at))?;
                s.file.read_exact(&mut bytes)?;
                Ok(bytes)
            }
        }
    }
}

impl Drop for Spilled {
    fn drop(&mut self) {
        if let Some(path) = &self.path {
            let _ = fs::remove_file(path);
        }
    }
}

/// A poisoned lock only means another task panicked mid-write; the build
/// reports that panic, so the data is taken as it is.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

fn not_here() -> io::Error {
    io::Error::new(io::ErrorKind::NotFound, "no such PNG in the spool")
}

#[cfg(test)]
mod tests {
    use super::*;
    use rayon::prelude::*;

    fn round_trip(spool: &Spool) {
        let pngs: Vec<(Vec<u8>, Png)> = (0..64u8)
            .into_par_iter()
            .map(|i| {
                let bytes = vec![i; usize::from(i) * 37 + 1];
                let png = spool.put(bytes.clone()).expect("kept");
                (bytes, png)
            })
            .collect();
        for (bytes, png) in pngs {
            assert_eq!(spool.get(png).expect("read back"), bytes);
        }
    }

    #[test]
    fn what_is_put_in_parallel_comes_back_the_same_from_memory_and_from_a_file() {
        round_trip(&Spool::memory());
        let dir = crate::write::tests::Scratch::new();
        let spool = Spool::beside(&dir.path().join(".out.spool")).expect("a spool file");
        round_trip(&spool);
        // Nothing named is left in the folder, even while the spool is open.
        if cfg!(unix) {
            assert_eq!(fs::read_dir(dir.path()).expect("listed").count(), 0);
        }
        drop(spool);
        assert_eq!(fs::read_dir(dir.path()).expect("listed").count(), 0);
    }

    #[test]
    fn a_png_the_spool_does_not_have_is_an_error_not_a_panic() {
        let spool = Spool::memory();
        assert!(spool.get(Png { at: 3, len: 1 }).is_err());
        let dir = crate::write::tests::Scratch::new();
        let spool = Spool::beside(&dir.path().join(".out.spool")).expect("a spool file");
        spool.put(vec![1, 2, 3]).expect("kept");
        assert!(spool.get(Png { at: 2, len: 5 }).is_err());
    }
}
