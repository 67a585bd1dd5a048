//! Writing `out/`: the one place handbill writes files.
//!
//! A build is written into a fresh folder beside `out/` and swapped in only
//! when every file is written, so a failed or interrupted build leaves the
//! previous `out/` intact. handbill only replaces a folder it made itself
//! (one holding its `manifest.json`), so pointing `--out` at the wrong
//! folder cannot delete someone's work.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};

/// Replaces `out` with a folder holding exactly `files`.
pub fn replace_dir(out: &Path, files: &BTreeMap<String, Vec<u8>>) -> Result<()> {
    let name = out
        .file_name()
        .with_context(|| {
            format!(
                "{} is not a folder name handbill can write to",
                out.display()
            )
        })?
        .to_string_lossy()
        .into_owned();
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if out.exists() {
        let is_ours = out.join("manifest.json").is_file();
        let is_empty = fs::read_dir(out)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !out.is_dir() || !(is_ours || is_empty) {
            bail!(
                "{} exists and was not written by handbill (it has no manifest.json); refusing to replace it. Move it away or choose another --out",
                out.display()
            );
        }
    }
    fs::create_dir_all(&parent).with_context(|| format!("cannot create {}", parent.display()))?;
    let pid = std::process::id();
    let fresh = parent.join(format!(".{name}.new-{pid}"));
    let old = parent.join(format!(".{name}.old-{pid}"));
    let _ = fs::remove_dir_all(&fresh);
    let written = write_all(&fresh, files);
    if let Err(e) = written {
        let _ = fs::remove_dir_all(&fresh);
        return Err(e);
    }
    if out.exists() {
        fs::rename(out, &old)
            .with_context(|| format!("cannot move the previous {} aside", out.display()))?;
    }
    if let Err(e) = fs::rename(&fresh, out) {
        // Put the previous build back before reporting.
        let _ = fs::rename(&old, out);
        let _ = fs::remove_dir_all(&fresh);
        return Err(e).with_context(|| format!("cannot move the new build into {}", out.display()));
    }
    let _ = fs::remove_dir_all(&old);
    Ok(())
}

fn write_all(root: &Path, files: &BTreeMap<String, Vec<u8>>) -> Result<()> {
    fs::create_dir_all(root).with_context(|| format!("cannot create {}", root.display()))?;
    for (rel, bytes) in files {
        let path = root.join(rel);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}
