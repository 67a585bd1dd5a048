//! Hostile templates and fonts: one template of the mini fixture replaced or
//! edited, built with the real binary. Each must build as drawn, or stop
//! with a located problem (exit 1): never a bug (exit 2), a panic, a hang,
//! or a file read from outside the campaign.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::util::{TempDir, fixture};

/// The fixture's one template.
const TEMPLATE: &str = "templates/instagram-square/statement.svg";

/// The longest a build of the mini fixture's two cards may take, on a busy
/// machine: it takes a fraction of a second.
const PATIENCE: Duration = Duration::from_secs(60);

/// A copy of the mini fixture whose template is `edit` of the shipped one.
fn project(edit: impl FnOnce(&str) -> String) -> TempDir {
    let dir = fixture("mini");
    let path = dir.path().join(TEMPLATE);
    let text = std::fs::read_to_string(&path).expect("read");
    let edited = edit(&text);
    assert_ne!(edited, text, "the edit changes the template");
    std::fs::write(&path, edited).expect("write");
    dir
}

/// Runs `handbill build` in `dir`, killing it if it runs past [`PATIENCE`].
fn build(dir: &Path) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_handbill"))
        .current_dir(dir)
        .args(["build", "--jobs", "1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("handbill runs");
    let start = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > PATIENCE {
            child.kill().expect("kill");
            panic!("the build still runs after {PATIENCE:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

/// Builds and expects exit 1; returns what was printed on stderr.
fn refused(dir: &Path) -> String {
    let o = build(dir);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(!dir.join("out").exists(), "nothing is written: {err}");
    err
}

/// Builds and expects success.
fn built(dir: &Path) {
    let o = build(dir);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(
        dir.join("out/cards/en/instagram-square/hello.png")
            .is_file()
    );
}

/// Inserts markup just before the root's end tag.
fn before_end(markup: &str) -> impl FnOnce(&str) -> String {
    move |t| t.replace("</svg>", &format!("{markup}</svg>"))
}

#[test]
fn groups_nested_past_the_limit_are_located_at_the_first_too_deep() {
    let deep = format!("{}{}", "<g>".repeat(100_000), "</g>".repeat(100_000));
    let dir = project(before_end(&deep));
    let err = refused(dir.path());
    // The template's last line starts with the groups; the root is level
    // 1, so the 256th group is the 257th level, after 255 groups of 3 bytes.
    assert!(
        err.contains(&format!(
            "{TEMPLATE}:17:766: error: this element is nested 257 levels deep; handbill reads at most 256"
        )),
        "{err}"
    );
    assert!(err.contains("help: ungroup the artwork"), "{err}");
}

#[test]
fn groups_nested_within_the_limit_build() {
    let deep = format!("{}{}", "<g>".repeat(200), "</g>".repeat(200));
    built(project(before_end(&deep)).path());
}

#[test]
fn a_use_bomb_that_usvg_refuses_is_a_problem_at_the_template() {
    // Seven levels of ten copies each: ten million rectangles once usvg
    // expands them, in a file of a few hundred bytes.
    let mut defs = String::from("<defs><g id=\"g0\"><rect width=\"1\" height=\"1\"/></g>");
    for i in 1..8 {
        let uses = format!("<use href=\"#g{}\"/>", i - 1).repeat(10);
        defs.push_str(&format!("<g id=\"g{i}\">{uses}</g>"));
    }
    defs.push_str("</defs><use href=\"#g7\"/>");
    let err = refused(project(before_end(&defs)).path());
    assert!(
        err.contains(&format!(
            "{TEMPLATE}: error: the SVG renderer cannot read this template: it holds more than a million elements"
        )),
        "{err}"
    );
    assert!(!err.contains("internal error"), "{err}");
}
