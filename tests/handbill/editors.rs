//! Templates as design tools save them. Each test edits the `mini`
//! fixture's template the way an editor writes it and builds: the card
//! must build, and where the edit changes nothing visible, be the same
//! bytes as the fixture's own card.

use std::path::Path;
use std::process::{Command, Output};

use crate::util::{TempDir, fixture};

const TEMPLATE: &str = "templates/instagram-square/statement.svg";
const CARD: &str = "out/cards/en/instagram-square/hello.png";

fn build(dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_handbill"))
        .current_dir(dir)
        .args(["build", "--no-kit", "--quiet", "--language", "en"])
        .output()
        .expect("handbill runs")
}

/// The fixture with its template edited by `edits`, built; panics with
/// handbill's own words when the build fails.
fn built_with(edits: &[(&str, &str)]) -> TempDir {
    let dir = fixture("mini");
    let file = dir.path().join(TEMPLATE);
    let mut text = std::fs::read_to_string(&file).expect("the template");
    for (from, to) in edits {
        assert_eq!(text.matches(from).count(), 1, "{from}");
        text = text.replacen(from, to, 1);
    }
    std::fs::write(&file, text).expect("writes");
    let o = build(dir.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    dir
}

fn card(dir: &TempDir) -> Vec<u8> {
    std::fs::read(dir.path().join(CARD)).expect("the card")
}

#[test]
fn inkscapes_xml_space_on_a_slot_builds_the_same_card() {
    let plain = built_with(&[]);
    let inkscape = built_with(&[(
        "<text id=\"headline\"",
        "<text xml:space=\"preserve\" id=\"headline\"",
    )]);
    assert_eq!(card(&plain), card(&inkscape));
}
