//! Cleaning up after builds that were killed: their `.out.new-PID` and
//! `.out.old-PID` folders beside `out/`.
//!
//! Runs only while the lock is held, so no live build owns such a folder.
//! A folder is removed only if handbill's naming *and* [`ours::is_ours`]
//! (empty, or holding the marker) identify it; anything else with a
//! similar name is left alone. A complete old `out/` set aside by the
//! two-rename fallback, killed before the new one was moved in, is put
//! back under `out`'s name instead of being removed.

use std::fs;
use std::path::{Path, PathBuf};

use super::ours;

/// Where a build writes: `out`'s folder, name and the names beside it.
pub struct Target {
    pub out: PathBuf,
    pub parent: PathBuf,
    pub name: String,
}

impl Target {
    /// `.out.lock`, held while `out/` is written.
    pub fn lock(&self) -> PathBuf {
        self.parent.join(format!(".{}.lock", self.name))
    }

    /// `.out.new-PID`, where this build writes.
    pub fn fresh(&self) -> PathBuf {
        self.beside("new")
    }

    /// `.out.old-PID`, where the fallback sets the previous `out/` aside.
    pub fn aside(&self) -> PathBuf {
        self.beside("old")
    }

    /// `.out.spool`, the start of each build's spool file's name
    /// (`spool::Spool::beside` adds `-PID-N`).
    pub fn spool(&self) -> PathBuf {
        self.parent.join(format!(".{}.spool", self.name))
    }

    /// Whether a name is a spool file's, `.out.spool-PID-N`: a build killed
    /// in the instant between making it and unlinking it leaves one.
    fn spool_file(&self, file_name: &str) -> bool {
        let rest = file_name
            .strip_prefix('.')
            .and_then(|r| r.strip_prefix(&self.name));
        let Some(rest) = rest.and_then(|r| r.strip_prefix(".spool-")) else {
            return false;
        };
        let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
        rest.split_once('-')
            .is_some_and(|(pid, n)| digits(pid) && digits(n))
    }

    fn beside(&self, what: &str) -> PathBuf {
        let pid = std::process::id();
        self.parent.join(format!(".{}.{what}-{pid}", self.name))
    }

    /// `Some(true)` for `.out.old-N`, `Some(false)` for `.out.new-N`.
    fn temporary(&self, file_name: &str) -> Option<bool> {
        let rest = file_name.strip_prefix('.')?.strip_prefix(&self.name)?;
        let (old, pid) = match (rest.strip_prefix(".old-"), rest.strip_prefix(".new-")) {
            (Some(pid), _) => (true, pid),
            (_, Some(pid)) => (false, pid),
            _ => return None,
        };
        let digits = !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit());
        digits.then_some(old)
    }
}

/// Whether a killed build left anything beside `out/` for [`clean`].
pub fn any(target: &Target) -> bool {
    fs::read_dir(&target.parent)
        .into_iter()
        .flatten()
        .flatten()
        .any(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            target.temporary(&name).is_some() || target.spool_file(&name)
        })
}

/// Restores or removes what killed builds left. Best effort: a folder that
/// cannot be removed is left as it was and does not stop the build.
pub fn clean(target: &Target) {
    let Ok(entries) = fs::read_dir(&target.parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let spool = name.to_str().is_some_and(|n| target.spool_file(n));
        if spool && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = fs::remove_file(entry.path());
            continue;
        }
        let Some(old) = name.to_str().and_then(|n| target.temporary(n)) else {
            continue;
        };
        let path = entry.path();
        if !(ours::is_ours(&path) || is_cut_short(&path)) {
            continue;
        }
        if old && is_missing(&target.out) && fs::rename(&path, &target.out).is_ok() {
            continue;
        }
        let _ = fs::remove_dir_all(&path);
    }
}

/// A temporary folder whose build was killed while writing the marker,
/// its first file: nothing but a `.handbill` that is the start of it.
fn is_cut_short(dir: &Path) -> bool {
    let Ok(mut entries) = fs::read_dir(dir) else {
        return false;
    };
    let only_marker = matches!(
        (entries.next(), entries.next()),
        (Some(Ok(e)), None) if e.file_name() == ours::MARKER
    );
    let marker = dir.join(ours::MARKER);
    only_marker
        && fs::symlink_metadata(&marker).is_ok_and(|m| m.is_file())
        && fs::read(&marker).is_ok_and(|b| ours::MARKER_TEXT.as_bytes().starts_with(&b))
}

fn is_missing(path: &Path) -> bool {
    fs::symlink_metadata(path).is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::tests::Scratch;

    fn target(s: &Scratch) -> Target {
        Target {
            out: s.path().join("out"),
            parent: s.path().to_owned(),
            name: "out".into(),
        }
    }

    fn marked(path: &Path) {
        fs::create_dir(path).expect("mkdir");
        fs::write(path.join(ours::MARKER), ours::MARKER_TEXT).expect("write");
    }

    #[test]
    fn a_spool_file_a_killed_build_left_is_removed_and_a_look_alike_is_not() {
        let s = Scratch::new();
        let t = target(&s);
        fs::write(s.path().join(".out.spool-12-0"), "png").expect("write");
        for kept in [".out.spool-12", ".out.spool-x-0", ".other.spool-12-0"] {
            fs::write(s.path().join(kept), "mine").expect("write");
        }
        fs::create_dir(s.path().join(".out.spool-13-1")).expect("a folder");
        assert!(any(&t));
        clean(&t);
        let mut left: Vec<String> = fs::read_dir(s.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                ".other.spool-12-0",
                ".out.spool-12",
                ".out.spool-13-1",
                ".out.spool-x-0"
            ]
        );
    }

    #[test]
    fn a_marker_cut_short_marks_a_leftover_but_nothing_else_does() {
        let s = Scratch::new();
        let dir = s.path().join(".out.new-7");
        fs::create_dir(&dir).expect("dir");
        fs::write(dir.join(ours::MARKER), &ours::MARKER_TEXT[..5]).expect("write");
        assert!(is_cut_short(&dir));
        fs::write(dir.join(ours::MARKER), "something else").expect("write");
        assert!(!is_cut_short(&dir));
        fs::write(dir.join(ours::MARKER), "").expect("write");
        fs::write(dir.join("notes.txt"), "mine").expect("write");
        assert!(!is_cut_short(&dir));
    }

    #[test]
    fn only_handbills_temporary_names_are_recognised() {
        let s = Scratch::new();
        let t = target(&s);
        assert_eq!(t.temporary(".out.new-123"), Some(false));
        assert_eq!(t.temporary(".out.old-9"), Some(true));
        for other in [
            ".out.new-",
            ".out.new-12a",
            ".outx.new-1",
            "out.new-1",
            ".out.lock",
        ] {
            assert_eq!(t.temporary(other), None, "{other}");
        }
    }

    #[test]
    fn marked_leftovers_go_and_foreign_folders_stay() {
        let s = Scratch::new();
        let t = target(&s);
        marked(&t.out);
        marked(&s.path().join(".out.new-41"));
        fs::create_dir(s.path().join(".out.old-42")).expect("mkdir");
        let foreign = s.path().join(".out.new-43");
        fs::create_dir(&foreign).expect("mkdir");
        fs::write(foreign.join("mine.txt"), "mine").expect("write");
        clean(&t);
        assert!(!s.path().join(".out.new-41").exists());
        assert!(!s.path().join(".out.old-42").exists());
        assert!(foreign.join("mine.txt").is_file(), "not handbill's");
        assert!(t.out.join(ours::MARKER).is_file());
    }

    #[test]
    fn an_old_out_set_aside_is_put_back_when_out_is_missing() {
        let s = Scratch::new();
        let t = target(&s);
        let aside = s.path().join(".out.old-7");
        marked(&aside);
        fs::write(aside.join("manifest.json"), "{}").expect("write");
        clean(&t);
        assert!(t.out.join("manifest.json").is_file());
        assert!(!aside.exists());
    }
}
