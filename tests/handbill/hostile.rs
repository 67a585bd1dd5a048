//! Hostile input on a fixture project: files that lead outside the campaign,
//! logos that are not images, sizes and ids that no card can use. Each must
//! stop the build with a located problem (exit 1), never hang or leak.

use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::{Command, Output};

use crate::util::{TempDir, fixture};

fn build(dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_handbill"))
        .current_dir(dir)
        .arg("build")
        .output()
        .expect("handbill runs")
}

/// Builds and expects exit 1; returns what was printed on stderr.
fn refused(dir: &Path) -> String {
    let o = build(dir);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(!dir.join("out").exists(), "nothing is written: {err}");
    err
}

/// A file outside the project, to link to.
fn secret() -> (TempDir, std::path::PathBuf) {
    let dir = TempDir::new();
    let path = dir.path().join("secret.svg");
    std::fs::write(&path, "<svg xmlns='http://www.w3.org/2000/svg'/>").expect("write");
    (dir, path)
}

#[test]
fn a_logo_linked_outside_the_campaign_is_refused() {
    let dir = fixture("mini");
    let (_outside, secret) = secret();
    let logo = dir.path().join("messages/logo.svg");
    std::fs::remove_file(&logo).expect("rm");
    symlink(&secret, &logo).expect("symlink");
    let err = refused(dir.path());
    assert!(
        err.contains("messages/logo.svg: error: the file is a link to")
            && err.contains("outside the folder messages"),
        "{err}"
    );
}

#[test]
fn a_message_file_or_font_linked_outside_is_refused() {
    let dir = fixture("mini");
    let (_outside, secret) = secret();
    symlink(&secret, dir.path().join("messages/extra.yaml")).expect("symlink");
    symlink(&secret, dir.path().join("fonts/LICENCE-evil.txt")).expect("symlink");
    let err = refused(dir.path());
    assert!(
        err.contains("messages/extra.yaml: error: the file is a link to"),
        "{err}"
    );
    assert!(
        err.contains("fonts/LICENCE-evil.txt: error: the file is a link to"),
        "{err}"
    );
}

#[test]
fn a_template_linked_outside_is_refused() {
    let dir = fixture("mini");
    let template = dir.path().join("templates/instagram-square/statement.svg");
    let outside = TempDir::new();
    let copy = outside.path().join("statement.svg");
    std::fs::rename(&template, &copy).expect("move");
    symlink(&copy, &template).expect("symlink");
    let err = refused(dir.path());
    assert!(
        err.contains("templates/instagram-square/statement.svg: error: the file is a link to"),
        "{err}"
    );
}

#[test]
fn a_link_that_stays_inside_its_folder_is_read() {
    let dir = fixture("mini");
    let messages = dir.path().join("messages");
    std::fs::rename(messages.join("logo.svg"), messages.join("brand.svg")).expect("mv");
    symlink("brand.svg", messages.join("logo.svg")).expect("symlink");
    let o = build(dir.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn a_logo_path_that_climbs_out_is_located() {
    let dir = fixture("mini");
    let campaign = dir.path().join("messages/campaign.yaml");
    let text = std::fs::read_to_string(&campaign).expect("read");
    std::fs::write(
        &campaign,
        text.replace("logo: logo.svg", "logo: ../../etc/passwd"),
    )
    .expect("write");
    let err = refused(dir.path());
    assert!(
        err.contains("messages/campaign.yaml:10:7: error: the logo \"../../etc/passwd\""),
        "{err}"
    );
}
