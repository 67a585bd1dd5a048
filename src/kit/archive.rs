//! The kit's zip: entries in sorted order, every one with the same fixed
//! time (1980-01-01, the zip epoch), permissions (0644) and host system
//! (Unix), PNGs stored (they are compressed already) and everything else
//! deflated at a fixed level, so the same kit is the same bytes. Entry names
//! are built only from sanitised parts: ASCII, no `..`, no absolute paths.
//!
//! Under an embargo the zip's comment says it, so it shows before the zip
//! is opened (`unzip -z`, the comment pane of archive managers).
//!
//! Pure: returns the zip's bytes; writes no file.

use std::collections::BTreeMap;
use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, System, ZipWriter};

use crate::error::{Bug, OrBug};

/// Makes one part of a file name safe: lowercase ASCII letters, digits and
/// hyphens; anything else becomes a hyphen, runs of hyphens collapse, and an
/// empty result becomes "x".
pub fn entry_name(part: &str) -> String {
    let mut out = String::new();
    for c in part.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-').to_owned();
    if out.is_empty() { "x".to_owned() } else { out }
}

/// Whether a path is safe inside the zip: relative, ASCII, no `..`.
fn is_safe(path: &str) -> bool {
    !path.is_empty()
        && path.is_ascii()
        && !path.starts_with('/')
        && !path.contains('\\')
        && path
            .split('/')
            .all(|p| !p.is_empty() && p != "." && p != "..")
}

/// Writes the files into a zip with an optional archive comment (the
/// kit's embargo line, in UTF-8). Paths must be safe (handbill builds them
/// only from [`entry_name`]s): an unsafe one is a bug, as is any failure of
/// the zip writer.
pub fn zip(files: &BTreeMap<String, Vec<u8>>, comment: Option<&str>) -> Result<Vec<u8>, Bug> {
    let doing = || "zipping the press kit".to_owned();
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    if let Some(comment) = comment {
        w.set_comment(comment).or_bug(doing)?;
    }
    for (path, bytes) in files {
        if !is_safe(path) {
            return Err(Bug::new(doing(), format!("unsafe entry name {path:?}")));
        }
        w.start_file(path.as_str(), options(path)).or_bug(doing)?;
        w.write_all(bytes).or_bug(doing)?;
    }
    Ok(w.finish().or_bug(doing)?.into_inner())
}

/// The same time, permissions and host for every entry; PNGs stored (they
/// are compressed already), the rest deflated at a fixed level.
fn options(path: &str) -> SimpleFileOptions {
    let base = SimpleFileOptions::default()
        .last_modified_time(DateTime::DEFAULT)
        .unix_permissions(0o644)
        .system(System::Unix);
    if path.ends_with(".png") {
        base.compression_method(CompressionMethod::Stored)
    } else {
        base.compression_method(CompressionMethod::Deflated)
            .compression_level(Some(6))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_names_are_lowercase_ascii_with_single_hyphens() {
        assert_eq!(entry_name("Call to Action"), "call-to-action");
        assert_eq!(entry_name("../etc/passwd"), "etc-passwd");
        assert_eq!(entry_name("Ρώμη"), "x");
        assert_eq!(entry_name("a--b__c"), "a-b-c");
    }

    #[test]
    fn only_relative_ascii_paths_without_dot_segments_are_safe() {
        assert!(is_safe("cards/a.png"));
        for bad in ["", "/a", "a/../b", "./a", "a//b", "a\\b", "é.txt", "a/"] {
            assert!(!is_safe(bad), "{bad:?}");
        }
    }

    #[test]
    fn an_unsafe_entry_is_a_bug_not_a_zip() {
        let files = BTreeMap::from([("../x".to_owned(), vec![1])]);
        let bug = zip(&files, None).expect_err("refused");
        assert!(bug.to_string().contains("unsafe entry name"), "{bug}");
    }

    #[test]
    fn a_comment_is_the_zips_and_read_back_by_a_reader() {
        let files = BTreeMap::from([("a.txt".to_owned(), b"a".to_vec())]);
        let line = "Εμπάργκο: 2026-12-10 08:00 UTC";
        let bytes = zip(&files, Some(line)).expect("zips");
        let archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("reads");
        assert_eq!(archive.comment(), line.as_bytes());
        let plain = zip::ZipArchive::new(Cursor::new(zip(&files, None).expect("zips")));
        assert_eq!(plain.expect("reads").comment(), b"");
    }

    #[test]
    fn the_same_files_give_the_same_bytes() {
        let files = BTreeMap::from([
            ("a.png".to_owned(), vec![0; 100]),
            ("b.txt".to_owned(), b"text ".repeat(50)),
        ]);
        let once = zip(&files, None).expect("zips");
        assert_eq!(once, zip(&files, None).expect("zips"));
        // The PNG is stored: its bytes appear as they are.
        assert!(once.windows(100).any(|w| w == [0; 100]));
    }
}
