//! What is in `out/` now, for `build --check` and for knowing, at the next
//! build, that nobody touched it: each file against the build's bytes, and
//! each file's size and modification time. Reads only; writes nothing.
//! Links are not followed: handbill writes none, so one is a change.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::time::UNIX_EPOCH;

use anyhow::Context as _;

use super::Tree;
use super::ours::MARKER;
use crate::cache::disk::Stat;

/// How a file of `out/` would change.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// A file the build makes that `out/` lacks.
    Added(String),
    /// A file whose bytes differ.
    Changed(String),
    /// A file in `out/` the build does not make.
    Removed(String),
}

impl Change {
    pub fn path(&self) -> &str {
        match self {
            Change::Added(p) | Change::Changed(p) | Change::Removed(p) => p,
        }
    }
}

/// Every difference between `out` and the build's `files`, by path. A
/// missing `out` is every file added.
pub fn changes(out: &Path, files: &dyn Tree) -> anyhow::Result<Vec<Change>> {
    let on_disk = listing(out)?;
    let there: BTreeSet<&str> = on_disk.iter().map(|s| s.path.as_str()).collect();
    let paths = files.paths();
    let mut changes = Vec::new();
    for &path in &paths {
        if !there.contains(path) {
            changes.push(Change::Added(path.to_owned()));
            continue;
        }
        let file = out.join(path);
        let bytes = files
            .read(path)
            .with_context(|| format!("cannot read back {path}"))?;
        let on_disk = fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
        if bytes.as_deref() != Some(on_disk.as_slice()) {
            changes.push(Change::Changed(path.to_owned()));
        }
    }
    let built: BTreeSet<&str> = paths.into_iter().collect();
    let removed = on_disk
        .into_iter()
        .filter(|s| s.path != MARKER && !built.contains(s.path.as_str()));
    changes.extend(removed.map(|s| Change::Removed(s.path)));
    changes.sort();
    Ok(changes)
}

/// Each file under `out`, sorted by path (`/`-separated), with its size
/// and modification time; a link or other non-file is listed with size
/// `u64::MAX`, so it never matches a file handbill wrote. A missing `out`
/// lists nothing.
pub fn listing(out: &Path) -> anyhow::Result<Vec<Stat>> {
    let mut stats = Vec::new();
    if fs::symlink_metadata(out).is_err() {
        return Ok(stats);
    }
    walk(out, "", &mut stats)?;
    stats.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(stats)
}

fn walk(dir: &Path, prefix: &str, stats: &mut Vec<Stat>) -> anyhow::Result<()> {
    let entries = fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot list {}", dir.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = format!("{prefix}{name}");
        let meta = entry
            .metadata()
            .with_context(|| format!("cannot read {}", entry.path().display()))?;
        if meta.is_dir() {
            walk(&entry.path(), &format!("{path}/"), stats)?;
            continue;
        }
        let modified_ns = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        let bytes = if meta.is_file() { meta.len() } else { u64::MAX };
        stats.push(Stat {
            path,
            bytes,
            modified_ns,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn changes_name_added_changed_and_removed_files() {
        let dir = std::env::temp_dir().join(format!("handbill-compare-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("cards")).expect("makes");
        fs::write(dir.join("cards/a.png"), b"a").expect("writes");
        fs::write(dir.join("cards/b.png"), b"old").expect("writes");
        fs::write(dir.join("extra.txt"), b"x").expect("writes");
        fs::write(dir.join(MARKER), b"m").expect("writes");
        let files = BTreeMap::from([
            ("cards/a.png".to_owned(), b"a".to_vec()),
            ("cards/b.png".to_owned(), b"new".to_vec()),
            ("cards/c.png".to_owned(), b"c".to_vec()),
        ]);
        let got = changes(&dir, &files).expect("compares");
        assert_eq!(
            got,
            vec![
                Change::Added("cards/c.png".into()),
                Change::Changed("cards/b.png".into()),
                Change::Removed("extra.txt".into()),
            ]
        );
        assert_eq!(listing(&dir).expect("lists").len(), 4);
        let _ = fs::remove_dir_all(&dir);
        assert!(
            listing(&dir)
                .expect("a missing folder lists nothing")
                .is_empty()
        );
    }
}
