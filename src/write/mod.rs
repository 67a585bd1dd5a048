//! Writing `out/`: the one place handbill writes files.
//!
//! A build is written into a fresh folder beside `out/` (`.out.new-PID`)
//! and swapped in only when every file is written, so a failed or killed
//! build leaves the previous `out/` intact. In order, under a lock so that
//! two builds never interleave ([`lock`]): put right what killed builds
//! left ([`stale`]), check that `out/` is handbill's ([`ours`]), write the
//! new folder with handbill's marker first, swap it in atomically
//! ([`swap`]), remove the previous one. The temporary folder is removed on
//! every error path, by [`Staging`]'s drop.
//!
//! This module must not write outside `out/` and the names beside it
//! described here, and must never replace or remove a folder that handbill
//! did not make.

pub mod compare;
mod lock;
mod ours;
mod stale;
mod swap;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::problem::{Location, Problem};
use stale::Target;

/// Why `out/` was not replaced.
#[derive(Debug)]
pub enum Failure {
    /// `out` is not a folder handbill may replace: the user's mistake.
    Refused(Box<Problem>),
    /// The files could not be written: a full disk, a read-only folder.
    Io(anyhow::Error),
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Self {
        Failure::Io(e)
    }
}

/// The files a build writes, by relative path (`/`-separated), read one
/// at a time: a build's cards need not all be in memory at once.
pub trait Tree: Sync {
    /// Every path, sorted.
    fn paths(&self) -> Vec<&str>;
    /// A file's bytes, if the tree has it.
    fn read(&self, path: &str) -> std::io::Result<Option<Cow<'_, [u8]>>>;
}

impl Tree for BTreeMap<String, Vec<u8>> {
    fn paths(&self) -> Vec<&str> {
        self.keys().map(String::as_str).collect()
    }

    fn read(&self, path: &str) -> std::io::Result<Option<Cow<'_, [u8]>>> {
        Ok(self.get(path).map(|b| Cow::Borrowed(b.as_slice())))
    }
}

/// Replaces `out` with a folder holding exactly `files` and handbill's
/// marker. `waiting` is called if another build holds the lock.
pub fn replace_dir(out: &Path, files: &dyn Tree, waiting: &dyn Fn()) -> Result<(), Failure> {
    let target = target(out)?;
    // Checked before the lock too, so that no lock file is left beside a
    // folder that is not handbill's; and again under it, where it counts.
    check(out)?;
    fs::create_dir_all(&target.parent)
        .with_context(|| format!("cannot create {}", target.parent.display()))?;
    let lock = target.lock();
    let _held =
        lock::take(&lock, waiting).with_context(|| format!("cannot lock {}", lock.display()))?;
    stale::clean(&target);
    check(out)?;
    let staging = Staging::create(target.fresh())?;
    write_all(&staging.0, files)?;
    let aside = target.aside();
    swap::replace(&staging.0, out, &aside)
        .with_context(|| format!("cannot move the new build into {}", out.display()))?;
    // The previous out/ is now at the staging name (dropped below) or aside.
    let _ = fs::remove_dir_all(&aside);
    Ok(())
}

/// Whether a killed build left a folder beside `out` that the next write
/// puts right: a build with nothing to change must still write then.
pub fn leftovers(out: &Path) -> bool {
    target(out).is_ok_and(|t| stale::any(&t))
}

/// Where a build's cards may wait (see `spool`) while it builds into
/// `out`: `.out.spool-PID-N` beside it, as its staging folder is, when
/// `out`'s parent is already there (nothing is made before the build
/// succeeds); a killed build's is removed with its other leftovers.
pub fn spool_prefix(out: &Path) -> Option<PathBuf> {
    let target = target(out).ok()?;
    target.parent.is_dir().then(|| target.spool())
}

/// `out`'s name and folder.
fn target(out: &Path) -> Result<Target, Failure> {
    let Some(name) = out.file_name() else {
        return Err(refused(
            out,
            "this is not a folder name handbill can write to",
            "give --out a folder's name, such as out",
        ));
    };
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok(Target {
        out: out.to_owned(),
        parent,
        name: name.to_string_lossy().into_owned(),
    })
}

/// Refuses an `out` that exists and is not handbill's.
fn check(out: &Path) -> Result<(), Failure> {
    let meta = match fs::symlink_metadata(out) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => {
            return Err(Failure::Io(
                anyhow::Error::new(e).context(format!("cannot read {}", out.display())),
            ));
        }
        Ok(m) => m,
    };
    if meta.is_symlink() {
        return Err(refused(
            out,
            "this is a symbolic link, and handbill replaces out/ as a whole without following links: refusing to replace it",
            "point --out at a real folder",
        ));
    }
    if !ours::is_ours(out) {
        return Err(refused(
            out,
            &format!(
                "this folder was not made by handbill (it has no `{}` marker): refusing to replace it",
                ours::MARKER
            ),
            "choose another --out, or move this folder away; handbill only replaces an empty folder or one it made",
        ));
    }
    Ok(())
}

fn refused(out: &Path, what: &str, hint: &str) -> Failure {
    Failure::Refused(Box::new(Problem::new(Location::file(out), what).hint(hint)))
}

/// The folder a build is written into, removed when dropped: on every
/// error path, and after the swap, when it holds the previous `out/`.
struct Staging(PathBuf);

impl Staging {
    fn create(path: PathBuf) -> anyhow::Result<Staging> {
        fs::create_dir(&path).with_context(|| format!("cannot create {}", path.display()))?;
        Ok(Staging(path))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        // Best effort: after a plain rename nothing is left here.
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// Writes the marker first, so that a build killed at any later point
/// leaves a folder the next build recognises as handbill's and removes.
fn write_all(root: &Path, files: &dyn Tree) -> anyhow::Result<()> {
    let marker = root.join(ours::MARKER);
    fs::write(&marker, ours::MARKER_TEXT)
        .with_context(|| format!("cannot write {}", marker.display()))?;
    for rel in files.paths() {
        let path = root.join(rel);
        let bytes = files
            .read(rel)
            .with_context(|| format!("cannot read back {rel}"))?
            .unwrap_or_default();
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU64, Ordering};

    /// A fresh folder under the system's temporary folder, removed when
    /// dropped (tempfile is kept out on purpose: see Cargo.toml).
    pub struct Scratch(PathBuf);

    impl Scratch {
        pub fn new() -> Scratch {
            static NEXT: AtomicU64 = AtomicU64::new(0);
            let n = NEXT.fetch_add(1, Ordering::Relaxed);
            let path =
                std::env::temp_dir().join(format!("handbill-write-{}-{n}", std::process::id()));
            let _ = fs::remove_dir_all(&path);
            fs::create_dir_all(&path).expect("scratch folder");
            Scratch(path)
        }

        pub fn path(&self) -> &Path {
            &self.0
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    fn files(text: &str) -> BTreeMap<String, Vec<u8>> {
        BTreeMap::from([("cards/a.txt".to_owned(), text.as_bytes().to_vec())])
    }

    #[test]
    fn a_build_replaces_a_marked_out_and_leaves_nothing_beside_it() {
        let s = Scratch::new();
        let out = s.path().join("out");
        replace_dir(&out, &files("one"), &|| {}).expect("first");
        replace_dir(&out, &files("two"), &|| {}).expect("second");
        assert_eq!(
            fs::read_to_string(out.join("cards/a.txt")).expect("read"),
            "two"
        );
        assert_eq!(
            fs::read_to_string(out.join(ours::MARKER)).expect("read"),
            ours::MARKER_TEXT
        );
        let mut names: Vec<_> = fs::read_dir(s.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, [".out.lock", "out"]);
    }

    #[test]
    fn a_failed_write_leaves_the_old_out_and_no_temporary_folder() {
        let s = Scratch::new();
        let out = s.path().join("out");
        replace_dir(&out, &files("old"), &|| {}).expect("first");
        // A file and a folder of the same name cannot both be written.
        let mut clash = files("new");
        clash.insert("cards".into(), b"x".to_vec());
        let e = replace_dir(&out, &clash, &|| {}).expect_err("clash");
        assert!(matches!(e, Failure::Io(_)), "{e:?}");
        assert_eq!(
            fs::read_to_string(out.join("cards/a.txt")).expect("read"),
            "old"
        );
        assert!(
            !Target {
                out: out.clone(),
                parent: s.path().into(),
                name: "out".into()
            }
            .fresh()
            .exists()
        );
    }

    #[test]
    fn a_foreign_folder_and_a_root_are_refused() {
        let s = Scratch::new();
        let mine = s.path().join("mine");
        fs::create_dir(&mine).expect("mkdir");
        fs::write(mine.join("notes.txt"), "mine").expect("write");
        let e = replace_dir(&mine, &files("x"), &|| {}).expect_err("foreign");
        assert!(
            matches!(&e, Failure::Refused(p) if p.what.contains("refusing to replace")),
            "{e:?}"
        );
        assert!(mine.join("notes.txt").is_file());
        assert!(matches!(
            replace_dir(Path::new("/"), &files("x"), &|| {}),
            Err(Failure::Refused(_))
        ));
    }
}
