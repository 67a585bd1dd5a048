//! The YAML part of the hostile corpus: each file is written as a message
//! file of the `mini` fixture and built as a user would. A mistake is a
//! located problem in plain words (exit 1, nothing written); what YAML
//! allows (a BOM, CRLF line ends, joiners) builds. None may hang, use up
//! memory or panic: every build runs under a time limit.

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use crate::util::{TempDir, build_in, fixture, refused_in};

/// Builds `dir`, within the tests' patience.
fn build(dir: &Path) -> Output {
    build_in(dir, &["--no-kit", "--quiet"])
}

/// The mini fixture with `bytes` as `messages/extra.yaml`.
fn with_file(bytes: &[u8]) -> TempDir {
    let dir = fixture("mini");
    std::fs::write(dir.path().join("messages/extra.yaml"), bytes).expect("writes");
    dir
}

/// Builds and expects exit 1 with a problem located in extra.yaml; returns
/// the first problem's lines.
fn refused(dir: &TempDir) -> String {
    let err = refused_in(dir.path(), &["--no-kit", "--quiet"]);
    assert!(err.starts_with("messages/extra.yaml:"), "{err}");
    assert!(err.contains("= help: "), "says what to do: {err}");
    err
}

/// A message file of one statement with `headline` as its English text.
fn statement(headline: &str) -> String {
    format!(
        "audience: public\nmessages:\n  - id: extra\n    kind: statement\n    headline:\n      en: {headline}\n      el: {headline}\n    caption:\n      en: A caption.\n      el: A caption.\n"
    )
}

#[test]
fn an_alias_bomb_is_refused_at_once_and_in_words() {
    let mut text = statement("\"Hello.\"");
    text.push_str("    x-bomb:\n");
    text.push_str("      a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..12 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        text.push_str(&format!("      a{i}: &a{i} [{refs}]\n"));
    }
    let start = Instant::now();
    let err = refused(&with_file(text.as_bytes()));
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "took {:?}",
        start.elapsed()
    );
    assert!(!err.contains("budget") && !err.contains("Budget"), "{err}");
}

#[test]
fn deep_nesting_is_refused_in_words() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let text = format!("audience: public\nmessages: {deep}\n");
    let err = refused(&with_file(text.as_bytes()));
    assert!(err.contains("nests lists or maps too deeply"), "{err}");
}

#[test]
fn a_duplicate_key_names_the_key_and_the_second_line() {
    let text = statement("Hello.").replace(
        "    kind: statement\n",
        "    kind: statement\n    kind: statement\n",
    );
    let err = refused(&with_file(text.as_bytes()));
    assert!(
        err.starts_with("messages/extra.yaml:5:5: error: `kind` is given twice"),
        "{err}"
    );
    assert!(!err.contains("DuplicateKeyPolicy"), "{err}");
}

#[test]
fn a_tab_in_the_indentation_says_to_use_spaces() {
    let text = statement("Hello.").replace("    kind:", "\tkind:");
    let err = refused(&with_file(text.as_bytes()));
    assert!(err.contains("tab"), "{err}");
}

#[test]
fn invalid_utf8_is_located_at_its_byte() {
    let mut bytes = statement("Hello.").into_bytes();
    let at = bytes
        .windows(6)
        .position(|w| w == b"Hello.")
        .expect("the text");
    bytes[at + 1] = 0xff;
    let err = refused(&with_file(&bytes));
    assert!(
        err.starts_with("messages/extra.yaml:6:12: error: the file is not UTF-8"),
        "{err}"
    );
}

#[test]
fn a_wrong_type_is_located_and_named() {
    let text = "audience: [public]\nmessages: 5\n";
    let err = refused(&with_file(text.as_bytes()));
    assert!(
        err.starts_with("messages/extra.yaml:1:11: error: expected a text here"),
        "{err}"
    );
}

#[test]
fn a_bom_and_crlf_line_ends_build_like_the_plain_file() {
    let text = format!("\u{feff}{}", statement("Hello.").replace('\n', "\r\n"));
    let dir = with_file(text.as_bytes());
    let o = build(dir.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let plain = with_file(statement("Hello.").as_bytes());
    assert!(build(plain.path()).status.success());
    let card = "out/cards/en/instagram-square/extra.png";
    assert_eq!(
        std::fs::read(dir.path().join(card)).expect("the card"),
        std::fs::read(plain.path().join(card)).expect("the plain card")
    );
}

#[test]
fn a_text_of_100000_characters_is_refused_quickly_with_a_short_quote() {
    let long = "w".repeat(100_000);
    let start = Instant::now();
    let err = refused(&with_file(statement(long.trim()).as_bytes()));
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "took {:?}",
        start.elapsed()
    );
    assert!(err.contains("does not fit"), "{err}");
    let first = err.lines().next().expect("a line");
    assert!(
        first.len() < 400,
        "the problem quotes the whole text: {} bytes",
        first.len()
    );
}

#[test]
fn an_empty_text_is_located_and_joiners_build() {
    let err = refused(&with_file(statement("\"\"").as_bytes()));
    assert!(
        err.starts_with("messages/extra.yaml:6:11: error: headline is empty"),
        "{err}"
    );
    let joined = with_file(statement("\"Hello a\u{200d}\u{200d}b\u{200c}c.\"").as_bytes());
    let o = build(joined.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn a_named_pipe_is_refused_not_waited_on() {
    let dir = fixture("mini");
    let pipe = dir.path().join("messages/extra.yaml");
    let made = Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let err = refused(&dir);
    assert!(err.contains("not a regular file"), "{err}");
}

#[test]
fn a_file_over_the_size_limit_is_refused_unread() {
    let dir = fixture("mini");
    // A sparse file: 65 MiB long, with no blocks on disk.
    let file = std::fs::File::create(dir.path().join("messages/extra.yaml")).expect("creates");
    file.set_len(65 * 1024 * 1024).expect("sets the length");
    let err = refused(&dir);
    assert!(
        err.contains("the file is 65 MB, over the limit of 64 MB"),
        "{err}"
    );
}
