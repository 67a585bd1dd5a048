//! Putting the new `out/` in place so that at every instant either the old
//! or the new complete `out/` is under its name.
//!
//! On Linux one `renameat2(RENAME_EXCHANGE)` (through rustix, which keeps
//! this crate free of `unsafe`) swaps the two folders atomically: the new
//! one gets `out`'s name and the old one the temporary name, to be removed.
//! Where the exchange is unsupported (another system, an older kernel, a
//! file system without it), the fallback is two renames: `out` aside, then
//! the new folder in. A kill between them leaves no `out/` but the complete
//! old one aside under `.out.old-PID`, which the next build puts back
//! (see `stale`). This module only renames; it never removes anything.

use std::fs;
use std::io;
use std::path::Path;

/// Puts `fresh` at `out`. Afterwards the previous `out/`, if there was one,
/// is at `fresh` (exchanged) or at `aside` (renamed); the caller removes it.
pub fn replace(fresh: &Path, out: &Path, aside: &Path) -> io::Result<()> {
    match fs::symlink_metadata(out) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return fs::rename(fresh, out),
        Err(e) => return Err(e),
        Ok(_) => {}
    }
    if exchange(fresh, out)? {
        return Ok(());
    }
    two_renames(fresh, out, aside)
}

/// Swaps two folders atomically. `Ok(false)`: the exchange is unsupported
/// here and nothing moved.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    use std::os::unix::ffi::OsStrExt as _;
    let (a, b) = (a.as_os_str().as_bytes(), b.as_os_str().as_bytes());
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        // EINVAL: the file system has no exchange; ENOSYS: the kernel
        // predates renameat2 (3.15); EOPNOTSUPP: some network file systems.
        Err(Errno::INVAL | Errno::NOSYS | Errno::OPNOTSUPP) => Ok(false),
        Err(e) => Err(io::Error::from_raw_os_error(e.raw_os_error())),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
    Ok(false)
}

/// The fallback: `out` aside, then `fresh` in; on failure `out` goes back.
fn two_renames(fresh: &Path, out: &Path, aside: &Path) -> io::Result<()> {
    fs::rename(out, aside)?;
    if let Err(e) = fs::rename(fresh, out) {
        let _ = fs::rename(aside, out);
        return Err(e);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::tests::Scratch;

    fn folder_with(path: &Path, text: &str) {
        fs::create_dir(path).expect("mkdir");
        fs::write(path.join("f"), text).expect("write");
    }

    fn text(path: &Path) -> String {
        fs::read_to_string(path.join("f")).expect("read")
    }

    #[test]
    fn the_exchange_swaps_both_folders() {
        let s = Scratch::new();
        let (fresh, out, aside) = (s.path().join("n"), s.path().join("o"), s.path().join("a"));
        folder_with(&fresh, "new");
        folder_with(&out, "old");
        replace(&fresh, &out, &aside).expect("replace");
        assert_eq!(text(&out), "new");
        // The old build is where the caller removes it from.
        let old = if aside.exists() { &aside } else { &fresh };
        assert_eq!(text(old), "old");
        #[cfg(target_os = "linux")]
        assert!(!aside.exists(), "Linux exchanges, without a rename aside");
    }

    #[test]
    fn a_missing_out_is_simply_renamed_into_place() {
        let s = Scratch::new();
        let (fresh, out, aside) = (s.path().join("n"), s.path().join("o"), s.path().join("a"));
        folder_with(&fresh, "new");
        replace(&fresh, &out, &aside).expect("replace");
        assert_eq!(text(&out), "new");
        assert!(!fresh.exists() && !aside.exists());
    }

    #[test]
    fn the_fallback_puts_out_back_when_the_second_rename_fails() {
        let s = Scratch::new();
        let (fresh, out, aside) = (s.path().join("n"), s.path().join("o"), s.path().join("a"));
        folder_with(&out, "old");
        two_renames(&fresh, &out, &aside).expect_err("no fresh folder to move");
        assert_eq!(text(&out), "old");
        folder_with(&fresh, "new");
        two_renames(&fresh, &out, &aside).expect("renames");
        assert_eq!((text(&out), text(&aside)), ("new".into(), "old".into()));
    }
}
