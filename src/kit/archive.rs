//! The kit's zip: entries in sorted order, every one with the same fixed
//! time (1980-01-01, the zip epoch), permissions (0644) and host system
//! (Unix), PNGs stored (they are compressed already) and everything else
//! deflated at a fixed level, so the same kit is the same bytes. Entry names
//! are built only from sanitised parts: ASCII, no `..`, no absolute paths.

use std::collections::BTreeMap;
use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, System, ZipWriter};

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

/// Writes the files into a zip. Paths must be safe (handbill builds them);
/// an unsafe one is an internal error.
pub fn zip(files: &BTreeMap<String, Vec<u8>>) -> Result<Vec<u8>, String> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let base = SimpleFileOptions::default()
        .last_modified_time(DateTime::DEFAULT)
        .unix_permissions(0o644)
        .system(System::Unix);
    for (path, bytes) in files {
        if !is_safe(path) {
            return Err(format!("unsafe entry name {path:?}"));
        }
        let options = if path.ends_with(".png") {
            base.compression_method(CompressionMethod::Stored)
        } else {
            base.compression_method(CompressionMethod::Deflated)
                .compression_level(Some(6))
        };
        w.start_file(path.as_str(), options)
            .map_err(|e| e.to_string())?;
        w.write_all(bytes).map_err(|e| e.to_string())?;
    }
    let cursor = w.finish().map_err(|e| e.to_string())?;
    Ok(cursor.into_inner())
}
