//! The cache on disk: `.handbill-cache/` beside the campaign's folders.
//!
//! ```text
//! .handbill-cache/
//!   handbill-cache.json   marks the folder as handbill's, with its format
//!   CACHEDIR.TAG          tells backup tools to skip it
//!   .gitignore            keeps it out of git ("*")
//!   cards/ab/<key>        one rendered card each (see `pack`)
//!   kits/<key>            one language's kit each
//!   last-build.json       what the last build wrote to out/, for a no-op
//! ```
//!
//! Entries are written to a temporary name and renamed, so a killed build
//! leaves no half entry. A folder without the marker is not handbill's: it
//! is left alone and the build runs without a cache. A damaged entry is a
//! miss. Failures here never fail a build; they are counted and said once.
//! This module writes nowhere but inside the cache folder.

use std::collections::HashSet;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};

use super::{Cache, CardEntry, ENTRY_MAX, Key, KitEntry, pack};

/// The marker's name and what it holds.
const MARKER: &str = "handbill-cache.json";
const MARKER_TEXT: &str = "{\"cache\": \"handbill\", \"format\": 1}\n";
const TAG: &str = "Signature: 8a477f597d28d172789f06886806bc55\n\
# This file is a cache directory tag created by handbill.\n\
# For information about cache directory tags see https://bford.info/cachedir/\n";
const RECORD: &str = "last-build.json";

/// The cache folder, or an inert one when it cannot be used.
pub struct Disk {
    dir: PathBuf,
    usable: bool,
    damaged: AtomicUsize,
    unwritable: Mutex<Option<String>>,
    used: Mutex<HashSet<Key>>,
    written: AtomicUsize,
}

/// What the last build wrote to `out/`: its key and each file's size and
/// modification time, so a build of the same inputs into an untouched
/// `out/` can stop at once. `recap` is what the build said, for saying it
/// again.
#[derive(Debug, Serialize, Deserialize)]
pub struct Record<R> {
    pub build: String,
    pub out: PathBuf,
    pub files: Vec<Stat>,
    pub recap: R,
}

/// A file of `out/`: its path inside it, size and modification time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stat {
    pub path: String,
    pub bytes: u64,
    pub modified_ns: u128,
}

impl Disk {
    /// Opens (or makes) the cache at `dir`; the warning says why it is
    /// not used, when it is not.
    pub fn open(dir: &Path) -> (Disk, Option<String>) {
        let mut disk = Disk::inert(dir);
        match prepare(dir) {
            Ok(()) => {
                disk.usable = true;
                (disk, None)
            }
            Err(why) => (disk, Some(why)),
        }
    }

    /// The cache at `dir` to read from, without making one where there is
    /// none: for `check`, which writes nothing.
    pub fn existing(dir: &Path) -> (Disk, Option<String>) {
        match dir.exists() {
            true => Disk::open(dir),
            false => (Disk::inert(dir), None),
        }
    }

    fn inert(dir: &Path) -> Disk {
        Disk {
            dir: dir.to_owned(),
            usable: false,
            damaged: AtomicUsize::new(0),
            unwritable: Mutex::new(None),
            used: Mutex::new(HashSet::new()),
            written: AtomicUsize::new(0),
        }
    }

    /// What went wrong while it was used since last asked, in a sentence
    /// each: each is said once.
    pub fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        let damaged = self.damaged.swap(0, Ordering::Relaxed);
        if damaged > 0 {
            let (entries, were) = match damaged {
                1 => ("1 cache entry".to_owned(), "was"),
                n => (format!("{n} cache entries"), "were"),
            };
            out.push(format!(
                "{entries} in {} {were} damaged or of another format: ignored, and made again",
                self.dir.display(),
            ));
        }
        if let Some(e) = self.unwritable.lock().ok().and_then(|mut e| e.take()) {
            out.push(format!(
                "cannot write to the cache {} ({e}): the next build renders these cards again",
                self.dir.display()
            ));
        }
        out
    }

    /// The last build's record, if there is a readable one.
    pub fn record<R: for<'de> Deserialize<'de>>(&self) -> Option<Record<R>> {
        let bytes = self.read(&self.dir.join(RECORD))?;
        serde_json::from_slice(&bytes).ok()
    }

    /// Keeps this build's record (or, with `None`, forgets the last one).
    pub fn set_record<R: Serialize>(&self, record: Option<&Record<R>>) {
        let path = self.dir.join(RECORD);
        let Some(record) = record else {
            let _ = fs::remove_file(&path);
            return;
        };
        match serde_json::to_vec(record) {
            Ok(bytes) => self.write(&path, &bytes),
            Err(e) => self.unwritable(e.to_string()),
        }
    }

    /// After a whole build: when the entries it did not use outnumber
    /// those it did, removes them. What a build does not use belongs to
    /// inputs that are gone, but the last few versions are kept, so that
    /// undoing an edit, or switching back a branch, renders nothing.
    pub fn sweep(&self) {
        let Ok(used) = self.used.lock() else { return };
        if !self.usable {
            return;
        }
        let unused: Vec<PathBuf> = self
            .entries()
            .into_iter()
            .filter(|(key, _)| key.is_none_or(|k| !used.contains(&k)))
            .map(|(_, path)| path)
            .collect();
        if unused.len() > used.len() {
            unused.iter().for_each(|p| drop(fs::remove_file(p)));
        }
    }

    /// Every entry file, with its key (`None` for a temporary file that a
    /// killed build left).
    fn entries(&self) -> Vec<(Option<Key>, PathBuf)> {
        let card_dirs = fs::read_dir(self.dir.join("cards"))
            .into_iter()
            .flatten()
            .flatten();
        let dirs = card_dirs.map(|e| e.path()).chain([self.dir.join("kits")]);
        let mut out = Vec::new();
        for dir in dirs {
            for entry in fs::read_dir(&dir).into_iter().flatten().flatten() {
                let name = entry.file_name();
                let name = name.to_string_lossy();
                match Key::parse(&name) {
                    Some(key) => out.push((Some(key), entry.path())),
                    None if name.contains(".tmp.") => out.push((None, entry.path())),
                    None => {}
                }
            }
        }
        out
    }

    /// How many entries this run wrote.
    pub fn written(&self) -> usize {
        self.written.load(Ordering::Relaxed)
    }

    fn card_path(&self, key: &Key) -> PathBuf {
        let hex = key.to_string();
        self.dir.join("cards").join(&hex[..2]).join(hex)
    }

    fn kit_path(&self, key: &Key) -> PathBuf {
        self.dir.join("kits").join(key.to_string())
    }

    fn used(&self, key: &Key) {
        if let Ok(mut used) = self.used.lock() {
            used.insert(*key);
        }
    }

    /// A file's bytes; a missing file is a plain miss, anything else
    /// (unreadable, too large) is counted as damage.
    fn read(&self, path: &Path) -> Option<Vec<u8>> {
        if !self.usable {
            return None;
        }
        let meta = match fs::symlink_metadata(path) {
            Ok(meta) => meta,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
            Err(_) => return self.damaged(),
        };
        if !meta.is_file() || meta.len() > ENTRY_MAX {
            return self.damaged();
        }
        fs::read(path).ok().or_else(|| self.damaged())
    }

    fn damaged<T>(&self) -> Option<T> {
        self.damaged.fetch_add(1, Ordering::Relaxed);
        None
    }

    /// Writes `bytes` to a temporary name beside `path`, then renames it.
    fn write(&self, path: &Path, bytes: &[u8]) {
        if !self.usable {
            return;
        }
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let tmp = path.with_extension(format!("tmp.{}.{n}", std::process::id()));
        let written = path
            .parent()
            .map_or(Ok(()), fs::create_dir_all)
            .and_then(|()| fs::File::create(&tmp))
            .and_then(|mut f| f.write_all(bytes))
            .and_then(|()| fs::rename(&tmp, path));
        match written {
            Ok(()) => {
                self.written.fetch_add(1, Ordering::Relaxed);
            }
            Err(e) => {
                let _ = fs::remove_file(&tmp);
                self.unwritable(e.to_string());
            }
        }
    }

    fn unwritable(&self, e: String) {
        if let Ok(mut first) = self.unwritable.lock() {
            first.get_or_insert(e);
        }
    }
}

impl Cache for Disk {
    fn card(&self, key: &Key) -> Option<CardEntry> {
        let bytes = self.read(&self.card_path(key))?;
        let entry = pack::read_card(&bytes).ok().or_else(|| self.damaged())?;
        self.used(key);
        Some(entry)
    }

    fn put_card(&self, key: &Key, entry: &CardEntry) {
        self.used(key);
        match pack::card(entry) {
            Ok(bytes) => self.write(&self.card_path(key), &bytes),
            Err(e) => self.unwritable(e),
        }
    }

    fn kit(&self, key: &Key) -> Option<KitEntry> {
        let bytes = self.read(&self.kit_path(key))?;
        let entry = pack::read_kit(&bytes).ok().or_else(|| self.damaged())?;
        self.used(key);
        Some(entry)
    }

    fn put_kit(&self, key: &Key, entry: &KitEntry) {
        self.used(key);
        match pack::kit(entry) {
            Ok(bytes) => self.write(&self.kit_path(key), &bytes),
            Err(e) => self.unwritable(e),
        }
    }
}

/// Makes the cache folder, or checks that the one there is handbill's.
fn prepare(dir: &Path) -> Result<(), String> {
    match fs::symlink_metadata(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => create(dir),
        Err(e) => Err(format!(
            "cannot read {}: {e}; building without a cache",
            dir.display()
        )),
        Ok(meta) if !meta.is_dir() => Err(format!(
            "{} is not a folder handbill made: building without a cache (remove it, and handbill makes its cache there)",
            dir.display()
        )),
        Ok(_) => match fs::read_to_string(dir.join(MARKER)) {
            Ok(text) if text == MARKER_TEXT => Ok(()),
            _ => Err(format!(
                "{} has no handbill marker ({MARKER}) or one of another format: it is not used, and nothing in it is read or changed; remove the folder, and handbill makes its cache there",
                dir.display()
            )),
        },
    }
}

/// A new cache folder, marked as handbill's, git-ignored and tagged.
fn create(dir: &Path) -> Result<(), String> {
    let made = fs::create_dir_all(dir)
        .and_then(|()| fs::write(dir.join(".gitignore"), "*\n"))
        .and_then(|()| fs::write(dir.join("CACHEDIR.TAG"), TAG))
        .and_then(|()| fs::write(dir.join(MARKER), MARKER_TEXT));
    made.map_err(|e| {
        format!(
            "cannot make the cache {}: {e}; building without it",
            dir.display()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::legibility::{Measured, Record as Legible};

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("handbill-disk-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    fn entry() -> CardEntry {
        CardEntry {
            png: vec![1, 2, 3],
            svg: None,
            smaller: Vec::new(),
            measured: Measured {
                record: Legible {
                    card: "c".into(),
                    worst: None,
                    logo: None,
                },
                problems: Vec::new(),
            },
        }
    }

    #[test]
    fn an_entry_put_is_read_back_and_a_damaged_one_is_a_counted_miss() {
        let dir = scratch("put");
        let (disk, warning) = Disk::open(&dir);
        assert_eq!(warning, None);
        let key = super::super::Hasher::new("card").finish();
        disk.put_card(&key, &entry());
        assert_eq!(disk.card(&key).map(|e| e.png), Some(vec![1, 2, 3]));
        fs::write(disk.card_path(&key), b"garbage").expect("writes");
        assert!(disk.card(&key).is_none());
        assert_eq!(disk.warnings().len(), 1, "{:?}", disk.warnings());
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_folder_without_the_marker_is_neither_read_nor_written() {
        let dir = scratch("foreign");
        fs::create_dir_all(&dir).expect("makes");
        fs::write(dir.join("notes.txt"), "mine").expect("writes");
        let (disk, warning) = Disk::open(&dir);
        assert!(warning.expect("a warning").contains("no handbill marker"));
        let key = super::super::Hasher::new("card").finish();
        disk.put_card(&key, &entry());
        disk.sweep();
        let names: Vec<_> = fs::read_dir(&dir)
            .expect("lists")
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("notes.txt")]);
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_sweep_keeps_only_what_this_run_used() {
        let dir = scratch("sweep");
        let (old, _) = Disk::open(&dir);
        let (a, b) = (
            super::super::Hasher::new("a").finish(),
            super::super::Hasher::new("b").finish(),
        );
        old.put_card(&a, &entry());
        old.put_card(&b, &entry());
        let (new, _) = Disk::open(&dir);
        assert!(new.card(&a).is_some());
        new.sweep();
        assert!(new.card(&b).is_some(), "one unused entry of two is kept");
        let c = super::super::Hasher::new("c").finish();
        old.put_card(&c, &entry());
        let (newer, _) = Disk::open(&dir);
        assert!(newer.card(&a).is_some());
        newer.sweep();
        assert!(newer.card(&a).is_some());
        assert!(
            newer.card(&b).is_none() && newer.card(&c).is_none(),
            "two unused of three go"
        );
        let _ = fs::remove_dir_all(&dir);
    }
}
