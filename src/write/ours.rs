//! Is a folder handbill's own `out/`? Only then may a build replace it.
//!
//! Every `out/` handbill writes holds a marker file, [`MARKER`], whose one
//! line names handbill and the folder's format: no other program writes it,
//! so it is handbill's alone. A `manifest.json` is not enough (a web app has
//! one too). An empty folder may be filled. An `out/` written by a handbill
//! from before the marker is recognised by its manifest's keys *and* by
//! holding nothing but what handbill writes, so upgrading does not make the
//! user delete out/ by hand, while a folder with anything of its own in it
//! (src/, README.md) is still refused.
//!
//! This module only reads; it must never write or remove anything.

use std::fs;
use std::io::Read as _;
use std::path::Path;

/// The marker's file name inside `out/`.
pub const MARKER: &str = ".handbill";

/// The marker's content: a fixed line naming handbill and the format.
pub const MARKER_TEXT: &str = "handbill out/ format 1: written by `handbill build` and replaced as a whole by the next build; keep nothing of your own here\n";

/// What every marker starts with, whatever its format number.
const MARKER_PREFIX: &[u8] = b"handbill out/ format ";

/// The largest manifest read to recognise an older handbill's `out/`.
const MAX_MANIFEST: u64 = 64 << 20;

/// Whether `dir` is a folder handbill may replace or remove: empty, marked,
/// or an older handbill's `out/`. Not a folder (or unreadable): no.
pub fn is_ours(dir: &Path) -> bool {
    let Ok(meta) = fs::symlink_metadata(dir) else {
        return false;
    };
    meta.is_dir() && (is_empty(dir) || is_marked(dir) || is_older_out(dir))
}

fn is_empty(dir: &Path) -> bool {
    fs::read_dir(dir).is_ok_and(|mut d| d.next().is_none())
}

/// The marker is a plain file (not a link) starting with the fixed line.
fn is_marked(dir: &Path) -> bool {
    let path = dir.join(MARKER);
    if !fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
        return false;
    }
    let mut head = [0u8; MARKER_PREFIX.len()];
    fs::File::open(&path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| head == MARKER_PREFIX)
}

/// An `out/` from before the marker: a manifest with handbill's keys, and
/// only the names handbill writes at the top.
fn is_older_out(dir: &Path) -> bool {
    let Some(slug) = older_manifest_slug(&dir.join("manifest.json")) else {
        return false;
    };
    let Ok(entries) = fs::read_dir(dir) else {
        return false;
    };
    entries.into_iter().all(|e| {
        e.ok()
            .and_then(|e| e.file_name().into_string().ok())
            .is_some_and(|name| is_handbill_name(&name, &slug))
    })
}

/// The slug of a manifest with handbill's `campaign`, `slug` and `cards`.
fn older_manifest_slug(path: &Path) -> Option<String> {
    let meta = fs::symlink_metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MAX_MANIFEST {
        return None;
    }
    let value: serde_json::Value = serde_json::from_slice(&fs::read(path).ok()?).ok()?;
    let fields = value.as_object()?;
    fields.get("campaign")?.as_str()?;
    fields.get("cards")?.as_array()?;
    Some(fields.get("slug")?.as_str()?.to_owned())
}

/// A name handbill writes at the top of `out/`.
fn is_handbill_name(name: &str, slug: &str) -> bool {
    matches!(name, "manifest.json" | "cards" | "kit")
        || name
            .strip_prefix(slug)
            .and_then(|rest| rest.strip_prefix("-press-kit-"))
            .is_some_and(|rest| rest.ends_with(".zip"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::tests::Scratch;

    #[test]
    fn an_empty_or_marked_folder_is_ours_and_a_missing_one_is_not() {
        let s = Scratch::new();
        assert!(!is_ours(&s.path().join("missing")));
        assert!(is_ours(s.path()), "empty");
        fs::write(s.path().join("notes.txt"), "mine").expect("write");
        assert!(!is_ours(s.path()), "a foreign file");
        fs::write(s.path().join(MARKER), MARKER_TEXT).expect("write");
        assert!(is_ours(s.path()), "marked");
        fs::write(s.path().join(MARKER), "my own .handbill notes").expect("write");
        assert!(
            !is_ours(s.path()),
            "a file named like the marker is not one"
        );
    }

    #[test]
    fn a_web_apps_manifest_is_not_handbills() {
        let s = Scratch::new();
        fs::write(
            s.path().join("manifest.json"),
            r#"{"name":"app","icons":[]}"#,
        )
        .expect("w");
        assert!(!is_ours(s.path()));
    }

    #[test]
    fn an_older_out_is_ours_only_while_it_holds_nothing_else() {
        let s = Scratch::new();
        let manifest = r#"{"campaign":"Mini","slug":"mini","cards":[]}"#;
        fs::write(s.path().join("manifest.json"), manifest).expect("w");
        fs::create_dir(s.path().join("cards")).expect("mkdir");
        fs::write(s.path().join("mini-press-kit-en.zip"), "zip").expect("w");
        assert!(is_ours(s.path()));
        fs::create_dir(s.path().join("src")).expect("mkdir");
        assert!(!is_ours(s.path()), "src/ is someone's");
    }

    #[test]
    fn only_handbills_top_level_names_count() {
        assert!(is_handbill_name("kit", "f2l"));
        assert!(is_handbill_name("f2l-press-kit-el.zip", "f2l"));
        assert!(!is_handbill_name("other-press-kit-el.zip", "f2l"));
        assert!(!is_handbill_name("README.md", "f2l"));
    }
}
