//! `handbill init DIR`: writes a new campaign that builds at once — a
//! campaign file, one audience with a message of each kind, a template per
//! kind and format, the kit's factsheet template, the fonts and a kit file,
//! all placeholders marked as such (see `starter/`).
//!
//! It writes only inside DIR, only into a new or empty folder, and never
//! overwrites a file: each file is created with `create_new`, so even a
//! file that appears while it runs is left alone and named.

mod files;

use std::borrow::Cow;
use std::fs;
use std::io::{ErrorKind, Write as _};
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::problem::{Location, Problem, code};
use files::{Embedded, FILES};

/// Why `init` wrote nothing, or stopped.
#[derive(Debug)]
pub enum Failure {
    /// DIR cannot take a new campaign: the user's mistake.
    Refused(Box<Problem>),
    /// A file could not be written: a read-only folder, a full disk.
    Io(anyhow::Error),
}

/// Writes a new campaign into `dir`, which must not exist or be an empty
/// folder, and returns the files written, by their paths under `dir`.
pub fn scaffold(dir: &Path) -> Result<Vec<PathBuf>, Failure> {
    refuse_unless_empty(dir)?;
    let mut written = Vec::new();
    for file in FILES {
        let relative = destination(file);
        write_new(dir, &relative, &contents(file))?;
        written.push(relative);
    }
    Ok(written)
}

/// DIR must be a folder with nothing in it, or not exist yet.
fn refuse_unless_empty(dir: &Path) -> Result<(), Failure> {
    let refused = |what: String, hint: &str| {
        Failure::Refused(Box::new(
            Problem::new(Location::file(dir), what)
                .code(code::PROJECT)
                .hint(hint),
        ))
    };
    if dir.as_os_str().is_empty() {
        return Err(refused(
            "the folder's name is empty".into(),
            "name a new folder: `handbill init my-campaign`, or `handbill init .` for the current one if it is empty",
        ));
    }
    let Ok(meta) = fs::metadata(dir) else {
        return Ok(());
    };
    if !meta.is_dir() {
        return Err(refused(
            "this is a file, not a folder: a new campaign needs a folder of its own".into(),
            "name a new folder: `handbill init my-campaign`",
        ));
    }
    let entries = fs::read_dir(dir)
        .with_context(|| format!("cannot list {}", dir.display()))
        .map_err(Failure::Io)?;
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    if names.is_empty() {
        return Ok(());
    }
    names.sort();
    Err(refused(
        format!(
            "this folder is not empty (it holds {}): handbill init writes only into a new or empty folder, so that it never overwrites a file",
            shown(&names)
        ),
        "name a new folder: `handbill init my-campaign`",
    ))
}

/// The first few names of a folder, for a message: "a, b, c and 4 more".
fn shown(names: &[String]) -> String {
    const SHOWN: usize = 3;
    let first = names
        .iter()
        .take(SHOWN)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    match names.len().saturating_sub(SHOWN) {
        0 => first,
        more => format!("{first} and {more} more"),
    }
}

/// Where an embedded file goes under DIR: the starter's own files without
/// `starter/`, the shipped templates and fonts at their own paths.
fn destination(file: &Embedded) -> PathBuf {
    PathBuf::from(file.source.strip_prefix("starter/").unwrap_or(file.source))
}

/// The shipped templates name the shipped campaign in their titles, sample
/// texts and comments; a new campaign's copies name no one's campaign.
const REBRAND: &[(&str, &str)] = &[
    ("free2link.eu", "example.org"),
    ("E-trafficking: key facts", "Your Campaign: key facts"),
    ("Free2Link", "Your Campaign"),
];

/// A file's bytes as written: templates rebranded, everything else as is.
fn contents(file: &Embedded) -> Cow<'static, [u8]> {
    if !file.source.ends_with(".svg") {
        return Cow::Borrowed(file.bytes);
    }
    let mut text = String::from_utf8_lossy(file.bytes).into_owned();
    for (from, to) in REBRAND {
        text = text.replace(from, to);
    }
    Cow::Owned(text.into_bytes())
}

/// Creates `dir/relative` with `bytes`, and the folders it needs; a file
/// already there is named and left as it is.
fn write_new(dir: &Path, relative: &Path, bytes: &[u8]) -> Result<(), Failure> {
    let path = dir.join(relative);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)
            .with_context(|| format!("cannot create the folder {}", parent.display()))
            .map_err(Failure::Io)?;
    }
    let mut file = match fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == ErrorKind::AlreadyExists => return Err(exists(&path)),
        Err(e) => return Err(Failure::Io(anyhow::Error::new(e).context(cannot(&path)))),
    };
    file.write_all(bytes)
        .with_context(|| cannot(&path))
        .map_err(Failure::Io)
}

fn cannot(path: &Path) -> String {
    format!("cannot write {}", path.display())
}

/// A file that appeared in DIR while `init` ran.
fn exists(path: &Path) -> Failure {
    Failure::Refused(Box::new(
        Problem::new(
            Location::file(path),
            "this file already exists; handbill init never overwrites a file",
        )
        .code(code::PROJECT)
        .hint("run handbill init into a new or empty folder"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// Every file under `folder` of the repository, by repository path.
    fn on_disk(folder: &str, out: &mut BTreeSet<String>) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        for entry in fs::read_dir(root.join(folder)).expect("a starter folder") {
            let entry = entry.expect("an entry");
            let name = format!("{folder}/{}", entry.file_name().to_string_lossy());
            if entry.file_type().expect("a type").is_dir() {
                if !files::FOLDERS.contains(&name.as_str()) {
                    on_disk(&name, out);
                }
            } else {
                out.insert(name);
            }
        }
    }

    #[test]
    fn the_embedded_list_is_every_file_of_the_starter_folders() {
        let mut disk = BTreeSet::new();
        for folder in files::FOLDERS {
            on_disk(folder, &mut disk);
        }
        let embedded: BTreeSet<String> = FILES.iter().map(|f| f.source.to_owned()).collect();
        assert_eq!(embedded, disk);
    }

    #[test]
    fn the_starter_names_no_real_campaign() {
        for file in FILES.iter().filter(|f| !f.source.starts_with("fonts/")) {
            let text = String::from_utf8_lossy(&contents(file)).to_lowercase();
            for word in ["free2link", "trafficking", "osce", "unicef"] {
                assert!(!text.contains(word), "{} names {word}", file.source);
            }
        }
    }

    #[test]
    fn starter_files_lose_their_prefix_and_the_rest_keep_their_paths() {
        let find = |s: &str| FILES.iter().find(|f| f.source == s).expect("listed");
        assert_eq!(
            destination(find("starter/messages/campaign.yaml")),
            Path::new("messages/campaign.yaml")
        );
        assert_eq!(
            destination(find("templates/x/quote.svg")),
            Path::new("templates/x/quote.svg")
        );
    }

    #[test]
    fn a_file_already_there_is_named_and_kept() {
        let dir = std::env::temp_dir().join(format!("handbill-init-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let relative = Path::new("messages/campaign.yaml");
        write_new(&dir, relative, b"mine").expect("written");
        let second = write_new(&dir, relative, b"starter");
        let kept = fs::read(dir.join(relative)).expect("read");
        let _ = fs::remove_dir_all(&dir);
        match second {
            Err(Failure::Refused(p)) => {
                assert_eq!(p.location.file, dir.join(relative));
                assert!(p.what.contains("already exists"), "{}", p.what);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(kept, b"mine");
    }

    #[test]
    fn an_empty_folder_name_is_refused() {
        assert!(matches!(scaffold(Path::new("")), Err(Failure::Refused(_))));
    }

    #[test]
    fn a_long_folder_listing_is_cut_short() {
        let names: Vec<String> = ["a", "b", "c", "d", "e"].map(String::from).into();
        assert_eq!(shown(&names), "a, b, c and 2 more");
        assert_eq!(shown(&names[..2]), "a, b");
    }
}
