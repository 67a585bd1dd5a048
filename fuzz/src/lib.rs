//! What the fuzz targets share: the shipped campaign's files, fonts and
//! templates, read once per process from the repository beside this crate.
//!
//! It only reads the repository's own shipped files; it must not write
//! anything, and it holds no checks of its own: every target asserts only
//! what handbill itself promises (no panic, no hang, a valid SVG).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use handbill::campaign::Direction;
use handbill::fonts::Fonts;
use handbill::format::FORMATS;
use handbill::kind::KINDS;
use handbill::template::{self, Needs, Template};

/// The repository's root: the fuzz crate's parent.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the fuzz crate sits in the repository")
        .to_path_buf()
}

/// A shipped file's text.
pub fn shipped(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// `messages/campaign.yaml`, and every other shipped message file, as the
/// project reader lists them (sorted, `kit.yaml` aside).
pub fn shipped_messages() -> &'static [(PathBuf, String)] {
    static MESSAGES: OnceLock<Vec<(PathBuf, String)>> = OnceLock::new();
    MESSAGES.get_or_init(|| {
        let mut names: Vec<String> = std::fs::read_dir(root().join("messages"))
            .expect("messages/")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".yaml") && n != "campaign.yaml" && n != "kit.yaml")
            .collect();
        names.sort();
        names
            .into_iter()
            .map(|n| {
                let rel = format!("messages/{n}");
                (PathBuf::from(&rel), shipped(&rel))
            })
            .collect()
    })
}

/// The shipped fonts, loaded once, as `build` loads `fonts/`.
pub fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        let dir = root().join("fonts");
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("fonts/")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "ttf"))
            .collect();
        paths.sort();
        let files = paths
            .into_iter()
            .map(|p| {
                let data = std::fs::read(&p).expect("font");
                (p, data)
            })
            .collect();
        let config = (dir.join("fonts.yaml"), shipped("fonts/fonts.yaml"));
        let (fonts, problems) = Fonts::from_files(files, Some(&config));
        assert!(problems.is_empty(), "{problems:?}");
        fonts
    })
}

/// Every shipped card template, resolved once: format × kind.
pub fn templates() -> &'static [Template] {
    static TEMPLATES: OnceLock<Vec<Template>> = OnceLock::new();
    TEMPLATES.get_or_init(|| {
        let mut out = Vec::new();
        for format in FORMATS {
            for kind in KINDS {
                let rel = format!("templates/{}/{}.svg", format.name, kind.name);
                let needs = Needs::card(kind, Direction::Ltr);
                let path = PathBuf::from(&rel);
                let (t, problems) =
                    template::resolve(&path, shipped(&rel), format, &needs, fonts());
                assert!(problems.is_empty(), "{rel}: {problems:?}");
                out.push(t.expect("a shipped template resolves"));
            }
        }
        out
    })
}
