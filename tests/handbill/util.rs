//! Small helpers shared by the tests.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

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

/// A fresh, empty folder under cargo's `target/tmp`, removed when dropped.
///
/// Hand-written over std instead of the tempfile crate: tempfile's rustix
/// turns on features (bitflags' std) that the normal build does not use, so
/// `cargo test --release` after `cargo build --release` would compile the
/// SVG and PDF stack again (see Cargo.toml). The tests need only this much.
/// A `TempDir` kept in a static (the kit's shared builds) is never dropped:
/// its folder stays in `target/tmp`, which `cargo clean` empties, as it
/// stayed in the system's temporary folder with tempfile.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new() -> TempDir {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        loop {
            let n = NEXT.fetch_add(1, Ordering::Relaxed);
            let path = Path::new(env!("CARGO_TARGET_TMPDIR"))
                .join(format!("handbill-{}-{n}", std::process::id()));
            // create_dir, not create_dir_all: a folder left by an earlier
            // process with the same id is never reused.
            match std::fs::create_dir(&path) {
                Ok(()) => return TempDir(path),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => panic!("cannot create {}: {e}", path.display()),
            }
        }
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        // Best effort, like tempfile: a folder a test still holds open on
        // some systems stays behind in target/tmp.
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A fresh copy of a fixture project with the repository's fonts.
pub fn fixture(name: &str) -> TempDir {
    let dir = TempDir::new();
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

#[test]
fn temp_dirs_are_fresh_distinct_and_removed_when_dropped() {
    let (a, b) = (TempDir::new(), TempDir::new());
    assert_ne!(a.path(), b.path());
    for d in [&a, &b] {
        assert!(d.path().is_dir(), "{}", d.path().display());
        assert_eq!(std::fs::read_dir(d.path()).expect("read").count(), 0);
    }
    std::fs::create_dir(a.path().join("sub")).expect("mkdir");
    std::fs::write(a.path().join("sub/f"), "x").expect("write");
    let kept = a.path().to_owned();
    drop(a);
    assert!(!kept.exists(), "{} is left behind", kept.display());
    assert!(b.path().is_dir(), "dropping one leaves the other");
}

/// The longest a test build of a fixture may take on a busy machine; it
/// takes a fraction of a second, so a build past it hangs.
const PATIENCE: std::time::Duration = std::time::Duration::from_secs(60);

/// Runs `handbill build` with `args` in `dir`, killing it and failing the
/// test if it runs past [`PATIENCE`].
pub fn build_in(dir: &Path, args: &[&str]) -> std::process::Output {
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_handbill"))
        .current_dir(dir)
        .arg("build")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("handbill runs");
    let start = std::time::Instant::now();
    while child.try_wait().expect("waits").is_none() {
        if start.elapsed() > PATIENCE {
            child.kill().expect("kills");
            panic!(
                "the build in {} still runs after {PATIENCE:?}",
                dir.display()
            );
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

/// Builds `dir` with `args` and expects a refusal: exit 1, nothing written.
/// Returns what was printed on stderr.
pub fn refused_in(dir: &Path, args: &[&str]) -> String {
    let o = build_in(dir, args);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(!dir.join("out").exists(), "nothing is written: {err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

/// The project in `dir` built in memory with `opts` (the library's build,
/// as `preview` runs it), which must succeed.
pub fn built(dir: &Path, opts: &handbill::build::Options) -> handbill::build::Output {
    let project = handbill::project::read(&handbill::project::Paths::under(dir)).expect("reads");
    match handbill::build::build(&project, opts, &|_| {}) {
        Ok(out) => out,
        Err(handbill::build::Failure::Problems(p)) => panic!("{p:#?}"),
        Err(handbill::build::Failure::Bug(b)) => panic!("{b}"),
    }
}
