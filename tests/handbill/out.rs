//! Replacing `out/` safely: a folder that is not handbill's is never
//! touched, killed builds leave the previous complete `out/` and the next
//! build cleans up after them, and two builds never interleave.

use std::fs::{self, File};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::util::{TempDir, fixture};

fn command(dir: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_handbill"));
    c.current_dir(dir).args(args);
    c
}

fn handbill(dir: &Path, args: &[&str]) -> Output {
    command(dir, args).output().expect("handbill runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The names beside `out/` (`.out…`) that a build leaves, sorted.
fn dotted(dir: &Path) -> Vec<String> {
    beside(dir, ".out")
}

fn beside(dir: &Path, prefix: &str) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(prefix))
        .collect();
    names.sort();
    names
}

/// `out/` is a complete build: handbill's marker, a manifest that parses,
/// and every file it lists.
fn assert_complete(out: &Path) {
    let marker = fs::read_to_string(out.join(".handbill")).expect("the marker");
    assert!(marker.starts_with("handbill out/ format 1"), "{marker}");
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("manifest.json")).expect("manifest"))
            .expect("the manifest parses");
    let cards = manifest["cards"].as_array().expect("cards");
    assert_eq!(cards.len(), 2);
    for card in cards {
        for key in ["png", "alt", "caption", "svg"] {
            let rel = card[key].as_str().expect("a path");
            assert!(out.join(rel).is_file(), "{rel} is missing");
        }
    }
}

#[test]
fn a_web_apps_folder_with_its_own_manifest_is_refused_and_untouched() {
    let dir = fixture("mini");
    let webapp = dir.path().join("webapp");
    fs::create_dir_all(webapp.join("src")).expect("mkdir");
    fs::write(webapp.join("manifest.json"), r#"{"name":"App","icons":[]}"#).expect("w");
    fs::write(webapp.join("src/main.js"), "app()").expect("w");
    fs::write(webapp.join("README.md"), "# App").expect("w");
    let before = crate::util::tree(&webapp);
    let o = handbill(dir.path(), &["build", "--out", "webapp"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(
            "webapp: error: this folder was not made by handbill (it has no `.handbill` marker): refusing to replace it"
        ),
        "{}",
        stderr(&o)
    );
    assert_eq!(crate::util::tree(&webapp), before);
    assert!(
        beside(dir.path(), ".webapp").is_empty(),
        "nothing beside it"
    );
}

#[test]
fn an_out_from_an_older_handbill_is_replaced_and_marked() {
    let dir = fixture("mini");
    let out = dir.path().join("out");
    fs::create_dir_all(out.join("cards")).expect("mkdir");
    let old = r#"{"campaign":"Mini","slug":"mini","cards":[]}"#;
    fs::write(out.join("manifest.json"), old).expect("w");
    let o = handbill(dir.path(), &["build", "--svg"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_complete(&out);
}

#[test]
fn leftovers_of_killed_builds_are_removed_by_the_next_build() {
    let dir = fixture("mini");
    let o = handbill(dir.path(), &["build", "--svg"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // What a build killed while writing, and one killed after setting
    // the old out/ aside, leave behind.
    crate::util::copy_dir(&dir.path().join("out"), &dir.path().join(".out.new-999999"));
    fs::create_dir(dir.path().join(".out.old-999998")).expect("mkdir");
    let o = handbill(dir.path(), &["build", "--svg"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(dotted(dir.path()), [".out.lock"]);
    assert_complete(&dir.path().join("out"));
}

/// Waits until `path` holds `text`, for at most a minute.
fn wait_for(path: &Path, text: &str) -> String {
    let start = Instant::now();
    loop {
        let said = fs::read_to_string(path).unwrap_or_default();
        if said.contains(text) || start.elapsed() > Duration::from_secs(60) {
            return said;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_second_build_waits_while_another_holds_the_lock() {
    let dir = fixture("mini");
    let lock = File::create(dir.path().join(".out.lock")).expect("lock file");
    lock.lock().expect("hold the lock");
    let log = TempDir::new();
    let log = log.path().join("stderr");
    let mut child = command(dir.path(), &["build", "--svg"])
        .stderr(File::create(&log).expect("log"))
        .spawn()
        .expect("spawn");
    let said = wait_for(&log, "waiting");
    assert!(
        said.contains("note: another handbill build is writing out; waiting for it to finish"),
        "{said}"
    );
    std::thread::sleep(Duration::from_millis(200));
    assert!(child.try_wait().expect("status").is_none(), "it waits");
    assert!(!dir.path().join("out").exists(), "nothing written yet");
    drop(lock);
    assert!(child.wait().expect("wait").success());
    assert_complete(&dir.path().join("out"));
    assert_eq!(dotted(dir.path()), [".out.lock"]);
}

/// Kills `child` after `delay`, unless it has finished; whether it was
/// killed while still running.
fn kill_after(mut child: Child, delay: Duration) -> bool {
    std::thread::sleep(delay);
    let running = child.try_wait().expect("status").is_none();
    // SIGKILL on Unix: no handler, no cleanup.
    let _ = child.kill();
    child.wait().expect("reaped");
    running
}

#[test]
fn a_build_killed_at_any_moment_leaves_a_complete_out() {
    let dir = fixture("mini");
    // Without the cache, every build renders and writes: each can be
    // killed while it writes.
    let args = ["build", "--svg", "--quiet", "--no-cache"];
    let start = Instant::now();
    assert!(handbill(dir.path(), &args).status.success());
    // Spread the kills over a whole build, from start-up to the swap.
    let whole = start.elapsed().max(Duration::from_millis(20));
    let mut killed = 0;
    for i in 0..30u32 {
        let child = command(dir.path(), &args)
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        killed += usize::from(kill_after(child, whole * i / 25));
        assert_complete(&dir.path().join("out"));
    }
    assert!(
        killed >= 10,
        "only {killed} of 30 builds were killed mid-way"
    );
    assert!(handbill(dir.path(), &args).status.success());
    assert_complete(&dir.path().join("out"));
    assert_eq!(dotted(dir.path()), [".out.lock"], "no stray folders");
}

#[test]
fn cards_wait_in_a_spool_beside_out_that_no_build_leaves_and_out_is_the_build_kept_in_memory() {
    use handbill::write::Tree as _;
    let dir = fixture("mini");
    // While a build runs, its PNGs are in `.out.spool-…`, unlinked as soon
    // as it is open: nothing is ever listed beside out/ but the lock.
    let o = handbill(dir.path(), &["build", "--svg", "--no-cache"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(dotted(dir.path()), [".out.lock"]);
    assert_complete(&dir.path().join("out"));
    // The same build with its PNGs held in memory writes the same files.
    let opts = handbill::build::Options {
        write_svg: true,
        ..Default::default()
    };
    let out = crate::util::built(dir.path(), &opts);
    let on_disk = crate::util::tree(&dir.path().join("out"));
    let on_disk: Vec<(String, Vec<u8>)> = on_disk
        .into_iter()
        .filter(|(p, _)| p != ".handbill")
        .collect();
    let paths = out.paths();
    assert_eq!(paths.len(), on_disk.len());
    assert!(paths.iter().any(|p| p.ends_with(".png")), "{paths:?}");
    for (path, bytes) in &on_disk {
        let built = out.read(path).expect("reads").expect("the build has it");
        assert!(built.as_ref() == bytes.as_slice(), "{path} differs");
    }
}
