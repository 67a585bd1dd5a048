//! Small helpers shared by the tests.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use handbill::fonts::Fonts;

/// The repository's root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The bundled fonts, loaded once for all tests.
pub fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        let mut files = Vec::new();
        let mut paths: Vec<_> = std::fs::read_dir(root().join("fonts"))
            .expect("fonts/")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "ttf"))
            .collect();
        paths.sort();
        for p in paths {
            let data = std::fs::read(&p).expect("font");
            files.push((p, data));
        }
        let config = std::fs::read_to_string(root().join("fonts/fonts.yaml"))
            .ok()
            .map(|t| (root().join("fonts/fonts.yaml"), t));
        let (fonts, problems) = Fonts::from_files(files, config.as_ref());
        assert!(problems.is_empty(), "{problems:?}");
        fonts
    })
}

/// Copies a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read_dir") {
        let e = e.expect("entry");
        let target = to.join(e.file_name());
        if e.file_type().expect("type").is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).expect("copy");
        }
    }
}

/// A fresh copy of a fixture project with the repository's fonts.
pub fn fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&root().join("tests/fixtures").join(name), dir.path());
    copy_dir(&root().join("fonts"), &dir.path().join("fonts"));
    dir
}

/// Every file under a folder, by relative path, with its bytes.
pub fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        for e in std::fs::read_dir(dir).expect("read_dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p
                    .strip_prefix(base)
                    .expect("prefix")
                    .to_string_lossy()
                    .into_owned();
                out.push((rel, std::fs::read(&p).expect("read")));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}
