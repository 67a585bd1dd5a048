//! `handbill check`: the shipped campaign passes with a count per platform;
//! a copy with five kinds of mistake exits 1 naming each once, at its file
//! and line; JSON and GitHub annotations say the same; warnings stop only
//! with `--deny-warnings`; nothing is ever written.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use crate::util::{TempDir, copy_dir, root};

/// The shipped campaign's folders, copied.
fn campaign() -> TempDir {
    let dir = TempDir::new();
    for folder in ["messages", "templates", "fonts"] {
        copy_dir(&root().join(folder), &dir.path().join(folder));
    }
    dir
}

fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).expect("reads");
    assert!(text.contains(from), "{file} has {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).expect("writes");
}

/// Runs `handbill check` in `dir`, failing the test if it hangs.
fn check(dir: &Path, args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_handbill"))
        .current_dir(dir)
        .arg("check")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("handbill runs");
    let start = std::time::Instant::now();
    while child.try_wait().expect("waits").is_none() {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(300),
            "check still runs after 5 minutes"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    child.wait_with_output().expect("output")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The first lines of the problems printed: `file:line:col: error: …`.
fn headlines(err: &str) -> Vec<&str> {
    err.lines()
        .filter(|l| l.contains(": error: ") || l.contains(": warning: "))
        .collect()
}

/// The five mistakes of the issue, each in its own file.
fn broken() -> TempDir {
    let dir = campaign();
    let p = dir.path();
    // An unquoted `: ` in a text.
    edit(
        p,
        "messages/authorities.yaml",
        "      en: Many victims of trafficking remain unidentified.",
        "      en: Note: many victims of trafficking remain unidentified.",
    );
    // A misspelt field.
    edit(
        p,
        "messages/media-and-public.yaml",
        "  - id: report-suspicious-actions\n    kind: statement\n    headline:",
        "  - id: report-suspicious-actions\n    kind: statement\n    hedline:",
    );
    // A misspelt kind.
    edit(
        p,
        "messages/technology-sector.yaml",
        "kind: statement",
        "kind: statment",
    );
    // An id that climbs out of the output folder.
    edit(
        p,
        "messages/professionals.yaml",
        "  - id: early-identification",
        "  - id: ../../etc/early-identification",
    );
    // A carousel slide too long for its box, in Greek.
    let long = "Ο δράστης προσποιείται ρομαντικό ενδιαφέρον και χτίζει συναισθηματική σχέση, στέλνει δώρα, υπόσχεται γάμο και ταξίδια, ζητά φωτογραφίες, απομονώνει το θύμα από φίλους και οικογένεια, και σιγά σιγά το πείθει να ταξιδέψει στο εξωτερικό για μια καλύτερη ζωή που δεν υπάρχει. Ο δράστης προσποιείται ρομαντικό ενδιαφέρον και χτίζει συναισθηματική σχέση.";
    edit(
        p,
        "messages/everyone.yaml",
        "          el: Ο δράστης προσποιείται ρομαντικό ενδιαφέρον και χτίζει συναισθηματική σχέση.",
        &format!("          el: {long}"),
    );
    dir
}

#[test]
fn the_shipped_campaign_passes_and_counts_its_posts_per_platform() {
    let dir = campaign();
    let o = check(dir.path(), &[]);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(err.contains("check: 594 cards: no problems"), "{err}");
    for platform in ["x ", "instagram ", "threads ", "linkedin "] {
        let line = err
            .lines()
            .find(|l| l.trim_start().starts_with(platform))
            .unwrap_or_else(|| panic!("a line for {platform}: {err}"));
        assert!(line.contains("longest caption"), "{line}");
    }
    assert!(err.contains("least contrast:"), "{err}");
    assert!(!dir.path().join("out").exists(), "check writes nothing");
}

#[test]
fn five_mistakes_are_each_reported_once_at_their_line_and_nothing_is_written() {
    let dir = broken();
    let o = check(dir.path(), &[]);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    let heads = headlines(&err);
    let once = |start: &str| {
        let n = heads.iter().filter(|h| h.starts_with(start)).count();
        assert_eq!(n, 1, "{start} once in:\n{}", heads.join("\n"));
    };
    once(
        "messages/authorities.yaml:9:15: error: a `: ` inside a value reads as the start of a new key [yaml-syntax]",
    );
    once(
        "messages/media-and-public.yaml:68:5: error: a statement message has no `hedline` field [unknown-field]",
    );
    once("messages/technology-sector.yaml:5:11: error: unknown kind \"statment\" [unknown-kind]");
    once(
        "messages/professionals.yaml:4:9: error: message id \"../../etc/early-identification\" is not a file-name-safe id [bad-id]",
    );
    once("messages/everyone.yaml:261:15: error: the body does not fit its box [text-overflow]");
    assert_eq!(
        heads.len(),
        5,
        "one problem a mistake:\n{}",
        heads.join("\n")
    );
    // The slide is named, and what to do is said, under the line shown.
    assert!(
        err.contains("= in: message indicators, slide 3, language el"),
        "{err}"
    );
    assert!(err.contains("= help: did you mean `statement`?"), "{err}");
    assert!(err.contains("= help: put the text in quotes"), "{err}");
    assert!(
        err.contains("9 |       en: Note: many victims"),
        "the source line: {err}"
    );
    assert!(err.contains("check: 5 errors"), "{err}");
    assert!(!dir.path().join("out").exists());
    assert!(!dir.path().join("etc").exists());
}

#[test]
fn json_and_github_annotations_say_the_same_problems() {
    let dir = broken();
    let args = [
        "--format",
        "json",
        "--format",
        "instagram-square",
        "--language",
        "el",
    ];
    let o = check(dir.path(), &args);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(report["errors"], 5, "{report:#}");
    let problems = report["problems"].as_array().expect("a list");
    let codes: Vec<&str> = problems.iter().filter_map(|p| p["code"].as_str()).collect();
    assert_eq!(
        codes,
        [
            "yaml-syntax",
            "text-overflow",
            "unknown-field",
            "bad-id",
            "unknown-kind"
        ]
    );
    let overflow = &problems[1];
    assert_eq!(overflow["file"], "messages/everyone.yaml");
    assert_eq!(
        (overflow["line"].as_u64(), overflow["column"].as_u64()),
        (Some(261), Some(15))
    );
    assert_eq!(overflow["context"]["slide"], 3);
    assert!(
        overflow["help"]
            .as_str()
            .is_some_and(|h| h.contains("shorten"))
    );
    // The same, as GitHub Actions annotations on standard output.
    let args = [
        "--format",
        "github",
        "--format",
        "instagram-square",
        "--language",
        "el",
    ];
    let o = check(dir.path(), &args);
    let out = text(&o.stdout);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 5, "{out}");
    assert!(
        lines.contains(&"::error file=messages/technology-sector.yaml,line=5,col=11,title=handbill unknown-kind::unknown kind \"statment\"%0Ain: message links-can-save-lives%0Ahelp: did you mean `statement`?"),
        "{out}"
    );
}

#[test]
fn warnings_pass_unless_denied_and_build_writes_nothing_when_denied() {
    let dir = campaign();
    // An unquoted hashtag: YAML reads it as a comment and cuts the text.
    edit(
        dir.path(),
        "messages/authorities.yaml",
        "      en: Many victims of trafficking remain unidentified.",
        "      en: Many victims of trafficking remain unidentified #ETrafficking",
    );
    let only = [
        "--format",
        "x",
        "--language",
        "en",
        "--message",
        "unidentified-victims",
    ];
    let o = check(dir.path(), &only);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains(
            "messages/authorities.yaml:9:59: warning: the text ends before `#ETrafficking`"
        ),
        "{err}"
    );
    let mut denied = only.to_vec();
    denied.push("--deny-warnings");
    assert_eq!(check(dir.path(), &denied).status.code(), Some(1));
    let o = crate::util::build_in(dir.path(), &denied);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    assert!(
        !dir.path().join("out").exists(),
        "denied warnings write nothing"
    );
    let o = crate::util::build_in(dir.path(), &only);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("warning: the text ends before"));
}

#[test]
fn a_figure_that_differs_a_statistic_without_source_and_an_http_link_are_named() {
    let dir = campaign();
    let p = dir.path();
    edit(
        p,
        "messages/everyone.yaml",
        "το 75% των θυμάτων",
        "το 70% των θυμάτων",
    );
    edit(
        p,
        "messages/everyone.yaml",
        "      url: https://www.unicef.org/reports/state-worlds-children-2017",
        "      url: http://www.unicef.org/reports/state-worlds-children-2017",
    );
    edit(
        p,
        "messages/everyone.yaml",
        "    source:\n      publisher: OSCE\n      url: https://www.osce.org/files/f/documents/8/5/512170.pdf\n",
        "",
    );
    let only = [
        "--format",
        "x",
        "--language",
        "el",
        "--audience",
        "everyone",
    ];
    let o = check(p, &only);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    let heads = headlines(&err);
    let has = |start: &str| heads.iter().filter(|h| h.starts_with(start)).count() == 1;
    assert!(
        has("messages/everyone.yaml:58:9: error: the statistic has no source [statistic]"),
        "{}",
        heads.join("\n")
    );
    assert!(
        has(
            "messages/everyone.yaml:79:9: warning: the el text gives the figures 70 where the en text gives 75 [statistic]"
        ),
        "{}",
        heads.join("\n")
    );
    assert!(
        heads.iter().any(|h| h.contains("warning: \"http://www.unicef.org/reports/state-worlds-children-2017\" is not an https: link [link-scheme]")),
        "{}",
        heads.join("\n")
    );
}
