//! `handbill init`, and the conventions of the command line around it:
//! a new campaign that builds and checks clean at once, a folder that is
//! never written over, the completion scripts and the man pages.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use crate::util::{TempDir, tree};

fn handbill(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_handbill"))
        .current_dir(dir)
        .args(args)
        .env_remove("GITHUB_ACTIONS")
        .output()
        .expect("handbill runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A new campaign in `base/campaign`, a folder init creates.
fn new_campaign(base: &TempDir) -> std::path::PathBuf {
    let o = handbill(base.path(), &["init", "campaign"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("handbill check"), "{}", stderr(&o));
    let beside: Vec<_> = std::fs::read_dir(base.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(
        beside,
        ["campaign"],
        "init writes nothing outside its folder"
    );
    base.path().join("campaign")
}

#[test]
fn a_new_campaign_builds_cards_and_a_press_kit_at_once() {
    let base = TempDir::new();
    let dir = new_campaign(&base);
    let o = handbill(&dir, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let said = stderr(&o);
    assert!(
        said.contains("built 16 cards in 1 language and 2 formats, 1 press kit into out in "),
        "{said}"
    );
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("out/manifest.json")).expect("manifest"))
            .expect("JSON");
    let cards = manifest["cards"].as_array().expect("cards");
    let mut kinds: Vec<&str> = cards.iter().filter_map(|c| c["kind"].as_str()).collect();
    kinds.sort();
    kinds.dedup();
    let all = [
        "call-to-action",
        "carousel",
        "event",
        "quote",
        "statement",
        "statistic",
    ];
    assert_eq!(kinds, all, "one message of each kind");
    for c in cards {
        let png = dir.join("out").join(c["png"].as_str().expect("png"));
        let bytes = std::fs::read(&png).expect("the card's PNG");
        assert!(bytes.starts_with(b"\x89PNG"), "{}", png.display());
    }
    assert!(dir.join("out/your-campaign-press-kit-en.zip").is_file());
}

#[test]
fn a_new_campaign_checks_without_a_problem() {
    let base = TempDir::new();
    let dir = new_campaign(&base);
    let o = handbill(&dir, &["check", "--deny-warnings"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("check: 16 cards: no problems"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_new_campaign_says_it_is_a_placeholder_and_ignores_its_output() {
    let base = TempDir::new();
    let dir = new_campaign(&base);
    let read = |p: &str| std::fs::read_to_string(dir.join(p)).expect(p);
    assert!(read("messages/campaign.yaml").contains("name: Your Campaign"));
    assert!(read("messages/public.yaml").contains("REPLACE"));
    let ignored = read(".gitignore");
    for line in ["out/", ".handbill-cache/"] {
        assert!(ignored.lines().any(|l| l == line), "{ignored}");
    }
    // Only example addresses: nothing that could reach a real person.
    let kit = read("messages/kit.yaml");
    assert!(kit.contains("press@example.org") && kit.contains("example: true"));
}

#[test]
fn init_into_a_folder_with_files_writes_nothing() {
    let base = TempDir::new();
    std::fs::write(base.path().join("notes.txt"), "mine").expect("write");
    std::fs::create_dir(base.path().join("messages")).expect("mkdir");
    let before = tree(base.path());
    let o = handbill(base.path(), &["init", "."]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let said = stderr(&o);
    assert!(
        said.contains("this folder is not empty (it holds messages, notes.txt)"),
        "{said}"
    );
    assert!(said.contains("nothing was written"), "{said}");
    assert_eq!(tree(base.path()), before);
    assert!(!base.path().join("messages/campaign.yaml").exists());
}

#[test]
fn init_onto_a_file_is_refused() {
    let base = TempDir::new();
    std::fs::write(base.path().join("campaign"), "a file").expect("write");
    let o = handbill(base.path(), &["init", "campaign"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("campaign: error: this is a file, not a folder"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read(base.path().join("campaign")).expect("kept"),
        b"a file"
    );
}

#[test]
fn init_into_an_empty_folder_fills_it() {
    let base = TempDir::new();
    let o = handbill(base.path(), &["init", "-q", "."]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stderr(&o), "", "--quiet says nothing");
    assert!(base.path().join("templates/x/statement.svg").is_file());
    assert!(base.path().join("fonts/OFL.txt").is_file());
}

/// The subcommands `handbill --help` lists, but `help`.
fn subcommands() -> Vec<String> {
    let o = handbill(Path::new("."), &["--help"]);
    let help = String::from_utf8_lossy(&o.stdout).into_owned();
    let listed = help
        .split("Commands:\n")
        .nth(1)
        .expect("a Commands: section");
    listed
        .lines()
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_bash_completion_is_valid_and_knows_every_subcommand() {
    let o = handbill(Path::new("."), &["completions", "bash"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let script = String::from_utf8_lossy(&o.stdout).into_owned();
    let names = subcommands();
    assert!(names.len() >= 5, "{names:?}");
    for name in &names {
        assert!(script.contains(&format!("handbill,{name})")), "{name}");
        assert!(
            script.contains(&format!("handbill__subcmd__{name})")),
            "{name}"
        );
    }
    let dir = TempDir::new();
    let file = dir.path().join("handbill.bash");
    std::fs::write(&file, &script).expect("write");
    let syntax = Command::new("bash")
        .arg("-n")
        .arg(&file)
        .output()
        .expect("bash runs");
    assert!(syntax.status.success(), "{}", stderr(&syntax));
}

#[test]
fn every_shell_gets_a_completion_script() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let o = handbill(Path::new("."), &["completions", shell]);
        assert!(o.status.success(), "{shell}: {}", stderr(&o));
        assert!(
            String::from_utf8_lossy(&o.stdout).contains("handbill"),
            "{shell}"
        );
    }
    let o = handbill(Path::new("."), &["completions", "tcsh"]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "clap refuses a shell it has no script for"
    );
}

/// The roff macros handbill's man pages use: a page with another one was
/// not written by clap_mangen as this test knows it.
const MACROS: &[&str] = &[
    ".TH", ".SH", ".TP", ".IP", ".RS", ".RE", ".br", ".ie", ".el",
];

#[test]
fn the_man_pages_are_roff_with_a_page_per_subcommand() {
    let o = handbill(Path::new("."), &["man"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(page.contains(".TH handbill 1"), "{page}");
    for line in page.lines().filter(|l| l.starts_with('.')) {
        let name = line.split_whitespace().next().unwrap_or(line);
        assert!(MACROS.contains(&name), "unknown macro in {line:?}");
    }
    let dir = TempDir::new();
    let o = handbill(dir.path(), &["man", "--out", "man1"]);
    assert!(o.status.success(), "{}", stderr(&o));
    for name in subcommands() {
        let file = dir.path().join(format!("man1/handbill-{name}.1"));
        let text = std::fs::read_to_string(&file).expect("a page per subcommand");
        assert!(text.contains(&format!(".TH handbill-{name} 1")), "{text}");
        assert!(page.contains(&format!("handbill\\-{name}(1)")), "{name}");
    }
}

#[test]
#[ignore = "needs man: apt-get install man-db"]
fn man_reads_the_man_page() {
    let dir = TempDir::new();
    let o = handbill(dir.path(), &["man", "--out", "."]);
    assert!(o.status.success(), "{}", stderr(&o));
    let shown = Command::new("man")
        .args(["-l", "handbill-init.1"])
        .current_dir(dir.path())
        .env("MANWIDTH", "80")
        .env("MANPAGER", "cat")
        .stdin(Stdio::null())
        .output()
        .expect("man runs: apt-get install man-db");
    assert!(shown.status.success(), "{}", stderr(&shown));
    let text = String::from_utf8_lossy(&shown.stdout);
    assert!(text.contains("handbill init [-q|--quiet]"), "{text}");
    assert!(stderr(&shown).is_empty(), "man warns: {}", stderr(&shown));
}

/// `check` on a campaign with a misspelt field, with the environment given.
fn check_with(env: &[(&str, &str)]) -> String {
    let dir = crate::util::fixture("mini");
    let file = dir.path().join("messages/public.yaml");
    let text = std::fs::read_to_string(&file).expect("read");
    std::fs::write(&file, text.replace("    headline:", "    headlin:")).expect("write");
    let mut command = Command::new(env!("CARGO_BIN_EXE_handbill"));
    command
        .current_dir(dir.path())
        .arg("check")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("GITHUB_ACTIONS");
    for (name, value) in env {
        command.env(name, value);
    }
    let o = command.output().expect("handbill runs");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    stderr(&o)
}

#[test]
fn colour_only_when_asked_for_and_never_with_no_color() {
    let escape = "\x1b[";
    let plain = check_with(&[]);
    assert!(plain.contains("[unknown-field]"), "{plain}");
    assert!(!plain.contains(escape), "a pipe gets no colour: {plain}");
    let forced = check_with(&[("CLICOLOR_FORCE", "1")]);
    assert!(
        forced.contains(escape),
        "CLICOLOR_FORCE colours a pipe: {forced}"
    );
    let refused = check_with(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]);
    assert!(!refused.contains(escape), "NO_COLOR wins: {refused}");
}
