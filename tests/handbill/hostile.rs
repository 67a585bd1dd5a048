//! Hostile input on a fixture project: files that lead outside the campaign,
//! logos that are not images, sizes and ids that no card can use. Each must
//! stop the build with a located problem (exit 1), never hang or leak.

use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::Output;

use crate::util::{TempDir, build_in, fixture, refused_in};

fn build(dir: &Path) -> Output {
    build_in(dir, &[])
}

/// Builds and expects exit 1; returns what was printed on stderr.
fn refused(dir: &Path) -> String {
    refused_in(dir, &[])
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

/// Replaces text in one of the project's files; the text must be there.
fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains(from), "{file} has {from:?}");
    std::fs::write(&path, text.replace(from, to)).expect("write");
}

#[test]
fn a_logo_that_is_not_an_image_is_located_at_logo() {
    let dir = fixture("mini");
    std::fs::write(dir.path().join("messages/logo.svg"), "x\n").expect("write");
    let err = refused(dir.path());
    assert!(
        err.contains(
            "messages/campaign.yaml:10:7: error: the logo \"logo.svg\" is not a readable SVG"
        ),
        "{err}"
    );
}

#[test]
fn a_png_logo_over_the_pixel_limit_is_refused_before_any_card() {
    let dir = fixture("mini");
    let mut png = Vec::new();
    let mut enc = png::Encoder::new(&mut png, 4100, 4100);
    enc.set_color(png::ColorType::Grayscale);
    let mut writer = enc.write_header().expect("header");
    writer
        .write_image_data(&vec![0; 4100 * 4100])
        .expect("data");
    writer.finish().expect("finish");
    std::fs::write(dir.path().join("messages/logo.png"), png).expect("write");
    edit(
        dir.path(),
        "messages/campaign.yaml",
        "logo: logo.svg",
        "logo: logo.png",
    );
    let err = refused(dir.path());
    assert!(
        err.contains("messages/campaign.yaml:10:7: error: the logo \"logo.png\" is 4100×4100 pixels, over the limit of 16 megapixels"),
        "{err}"
    );
}

#[test]
fn an_enormous_font_size_is_located_and_the_build_ends() {
    let dir = fixture("mini");
    let template = "templates/instagram-square/statement.svg";
    edit(
        dir.path(),
        template,
        "font-size=\"96\"",
        "font-size=\"1e9\"",
    );
    let err = refused(dir.path());
    assert!(
        err.contains(
            "font-size 1000000000 px is taller than the instagram-square canvas (1080 px)"
        ),
        "{err}"
    );
}

#[test]
fn a_long_id_and_a_windows_device_name_are_located() {
    let dir = fixture("mini");
    let long = "a".repeat(300);
    edit(
        dir.path(),
        "messages/public.yaml",
        "id: hello",
        &format!("id: {long}"),
    );
    let err = refused(dir.path());
    assert!(err.contains("messages/public.yaml:3:"), "{err}");
    assert!(
        err.contains("is 300 characters long, over the limit of 64"),
        "{err}"
    );
    edit(
        dir.path(),
        "messages/public.yaml",
        &format!("id: {long}"),
        "id: con",
    );
    let err = refused(dir.path());
    assert!(
        err.contains("message id \"con\" is a device name Windows reserves"),
        "{err}"
    );
}

#[test]
fn a_bidi_override_or_control_character_in_a_text_is_located() {
    let dir = fixture("mini");
    let file = "messages/public.yaml";
    let from = "en: E-trafficking is trafficking.";
    edit(dir.path(), file, from, "en: \"See moc.live\\u202E now\"");
    let err = refused(dir.path());
    assert!(
        err.contains("messages/public.yaml:6:11: error: headline in en has U+202E (a bidi control"),
        "{err}"
    );
    edit(dir.path(), file, "\"See moc.live\\u202E now\"", "\"A\\0B\"");
    let err = refused(dir.path());
    assert!(
        err.contains("headline in en has U+0000 (a control character)"),
        "{err}"
    );
}

#[test]
fn ids_that_would_leave_out_or_break_a_file_name_are_located() {
    for id in ["../../x", "/etc/x", "a/b", "café", "-x", "x.", "CON.png"] {
        let dir = fixture("mini");
        edit(
            dir.path(),
            "messages/public.yaml",
            "id: hello",
            &format!("id: \"{id}\""),
        );
        let err = refused(dir.path());
        assert!(
            err.starts_with(&format!(
                "messages/public.yaml:3:9: error: message id {id:?} is not a file-name-safe id"
            )),
            "{err}"
        );
    }
}
