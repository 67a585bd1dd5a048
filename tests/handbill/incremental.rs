//! Incremental builds, the CI gate and shards: the cache changes how much
//! is rendered, never what is written; `build --check` says whether `out/`
//! is current; shards merged are a single build, byte for byte.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use crate::util::{TempDir, build_in, copy_dir, root, tree};

/// One format of the shipped campaign, in every language, with its kits.
const ONE_FORMAT: [&str; 2] = ["--format", "x"];

/// A copy of the shipped campaign.
fn shipped() -> TempDir {
    let dir = TempDir::new();
    for folder in ["messages", "templates", "fonts"] {
        copy_dir(&root().join(folder), &dir.path().join(folder));
    }
    dir
}

fn with<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    ONE_FORMAT
        .iter()
        .copied()
        .chain(extra.iter().copied())
        .collect()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Builds and expects success.
fn built(dir: &Path, args: &[&str]) -> String {
    let o = build_in(dir, args);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    err
}

fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    tree(dir).into_iter().collect()
}

/// The paths whose bytes differ between two trees, or that one lacks.
fn changed(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut paths: Vec<String> = a
        .keys()
        .chain(b.keys())
        .filter(|p| a.get(*p) != b.get(*p))
        .cloned()
        .collect();
    paths.dedup();
    paths.sort();
    paths.dedup();
    paths
}

/// Changes the English headline of the statement `unidentified-victims`.
fn edit_headline(dir: &Path) {
    let path = dir.join("messages/authorities.yaml");
    let text = fs::read_to_string(&path).expect("reads");
    let old = "en: Many victims of trafficking remain unidentified.";
    assert!(
        text.contains(old),
        "the shipped message changed: update this test"
    );
    let new = text.replacen(
        old,
        "en: Many victims of trafficking still remain unidentified.",
        1,
    );
    fs::write(&path, new).expect("writes");
}

#[test]
fn a_message_edit_changes_only_its_cards_and_the_kit_files_that_hold_them() {
    let dir = shipped();
    let p = dir.path();
    let first = built(p, &with(&[]));
    assert!(first.contains("rendered 99 cards, 0 unchanged"), "{first}");
    let before = files(&p.join("out"));
    // Nothing changed: nothing is rendered, and out/ is said to be current.
    let again = built(p, &with(&[]));
    assert!(
        again.contains("nothing changed since the last build"),
        "{again}"
    );
    assert!(built(p, &with(&["--check"])).contains("is up to date"));
    // One English headline: the gate fails and names the cards.
    edit_headline(p);
    let o = build_in(p, &with(&["--check"]));
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("changed cards/en/x/unidentified-victims.png"),
        "{err}"
    );
    assert_eq!(files(&p.join("out")), before, "--check writes nothing");
    // The build renders that one card and rewrites only what holds it.
    let after_edit = built(p, &with(&[]));
    assert!(
        after_edit.contains("rendered 1 card, 98 unchanged"),
        "{after_edit}"
    );
    let after = files(&p.join("out"));
    let changes = changed(&before, &after);
    let expected = [
        "cards/en/x/unidentified-victims.alt.txt",
        "cards/en/x/unidentified-victims.png",
        "cards/en/x/unidentified-victims.short.txt",
        "contact-sheet-en.png",
        "free2link-press-kit-en.zip",
        "kit/en/captions.csv",
        "kit/en/cards/free2link_statement_unidentified-victims_en_1600x900.png",
        "kit/en/index.html",
        "kit/en/manifest.json",
        "manifest.json",
    ];
    assert_eq!(
        changes, expected,
        "exactly the message's card and the files that hold it"
    );
    // And the same bytes as a build that renders everything.
    built(p, &with(&["--no-cache", "--out", "fresh"]));
    assert_eq!(
        changed(&after, &files(&p.join("fresh"))),
        Vec::<String>::new()
    );
}

#[test]
fn a_damaged_or_foreign_cache_is_never_trusted() {
    let dir = shipped();
    let p = dir.path();
    built(p, &with(&[]));
    let good = files(&p.join("out"));
    // Every card entry damaged: each is rendered again, with one warning.
    let cache = p.join(".handbill-cache");
    let mut damaged = 0;
    for (path, bytes) in tree(&cache.join("cards")) {
        let mut bytes = bytes;
        let at = bytes.len() / 2;
        bytes[at] ^= 0xff;
        fs::write(cache.join("cards").join(path), bytes).expect("writes");
        damaged += 1;
    }
    assert_eq!(damaged, 99);
    fs::remove_dir_all(p.join("out")).expect("removes");
    let err = built(p, &with(&[]));
    assert!(
        err.contains("99 cache entries in") && err.contains("damaged"),
        "{err}"
    );
    assert_eq!(err.matches("damaged").count(), 1, "said once: {err}");
    assert_eq!(changed(&good, &files(&p.join("out"))), Vec::<String>::new());
    // A folder of that name that is not handbill's is left as it is.
    fs::remove_dir_all(&cache).expect("removes");
    fs::create_dir(&cache).expect("makes");
    fs::write(cache.join("notes.txt"), "mine").expect("writes");
    fs::remove_dir_all(p.join("out")).expect("removes");
    let err = built(p, &with(&[]));
    assert!(err.contains("has no handbill marker"), "{err}");
    assert_eq!(
        tree(&cache),
        vec![("notes.txt".to_owned(), b"mine".to_vec())]
    );
    assert_eq!(changed(&good, &files(&p.join("out"))), Vec::<String>::new());
}

fn merge(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_handbill"))
        .current_dir(dir)
        .arg("merge")
        .args(args)
        .output()
        .expect("handbill runs")
}

#[test]
fn three_shards_merged_are_a_single_build_byte_for_byte() {
    let dir = shipped();
    let p = dir.path();
    built(p, &with(&["--no-cache", "--out", "single"]));
    for k in 1..=3 {
        let shard = format!("{k}/3");
        let out = format!("shard-{k}");
        let err = built(p, &with(&["--shard", &shard, "--out", &out]));
        assert!(err.contains(&format!("wrote shard {k}/3")), "{err}");
    }
    // A missing shard, or one given twice, is said before anything is built.
    let o = merge(p, &with(&["shard-1", "shard-2"]));
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("shard 3/3 missing"), "{}", stderr(&o));
    let o = merge(p, &with(&["shard-1", "shard-2", "shard-2"]));
    assert!(stderr(&o).contains("are both shard 2/3"), "{}", stderr(&o));
    let o = merge(p, &with(&["shard-1", "shard-2", "shard-3"]));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("rendered 0 cards, 99 unchanged"),
        "{}",
        stderr(&o)
    );
    let (single, merged) = (files(&p.join("single")), files(&p.join("out")));
    assert!(single.len() > 300, "{} files", single.len());
    assert_eq!(changed(&single, &merged), Vec::<String>::new());
    // Shards of other inputs are refused.
    edit_headline(p);
    let o = merge(
        p,
        &with(&["shard-1", "shard-2", "shard-3", "--out", "again"]),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("was built from other messages"),
        "{}",
        stderr(&o)
    );
    assert!(!p.join("again").exists());
}
