//! `handbill translations`: the shipped campaign exported and imported back
//! byte for byte in every language and both formats; an edited translation
//! changing only its own lines and showing on its card; an overflowing one
//! reported with its id, template and overflow; hostile files refused where
//! they are; and the exported files read by independent parsers (Python's
//! polib and translate-toolkit, tests/xliff/check.py).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use handbill::card::{self, Filter};
use handbill::project::{self, Paths, Project};
use handbill::translations::{self, Catalog, Format};

use crate::util::{TempDir, copy_dir, root, tree};

/// A copy of the shipped campaign: messages, templates and fonts.
fn shipped() -> TempDir {
    let dir = TempDir::new();
    for folder in ["messages", "templates", "fonts"] {
        copy_dir(&root().join(folder), &dir.path().join(folder));
    }
    dir
}

fn read(dir: &Path) -> Project {
    project::read(&Paths::under(dir)).expect("the project reads")
}

fn export(dir: &Path, lang: &str) -> Catalog {
    translations::export(&read(dir), lang)
        .unwrap_or_else(|_| panic!("the shipped campaign exports in {lang}"))
}

fn handbill(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_handbill"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("handbill runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The catalog in `format`, written to a file in `dir`.
fn write(dir: &Path, catalog: &Catalog, format: Format, name: &str) -> PathBuf {
    let path = dir.join(name);
    let text = translations::write(catalog, format).expect("writes");
    std::fs::write(&path, text).expect("write");
    path
}

#[test]
fn export_then_import_changes_no_byte_in_any_language_or_format() {
    let dir = shipped();
    let before = tree(&dir.path().join("messages"));
    let project = read(dir.path());
    for lang in ["it", "el", "uk", "ar"] {
        let catalog = export(dir.path(), lang);
        assert!(catalog.units.len() > 100, "{lang}: {}", catalog.units.len());
        for format in [Format::Xliff, Format::Po] {
            let text = translations::write(&catalog, format).expect("writes");
            let returned =
                translations::read(Path::new("t"), &text).expect("handbill reads its own file");
            assert_eq!(returned.language, lang);
            let imported = translations::import(&project, &returned).expect("imports");
            assert_eq!(imported.changed, 0, "{lang} {format:?}");
            assert!(imported.files.is_empty(), "{lang} {format:?}");
        }
    }
    // And through the command line, writing the files.
    let out = dir.path().join("uk.xliff");
    let o = handbill(
        dir.path(),
        &[
            "translations",
            "export",
            "--language",
            "uk",
            "-o",
            "uk.xliff",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = handbill(
        dir.path(),
        &["translations", "import", out.to_str().expect("utf-8")],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        tree(&dir.path().join("messages")),
        before,
        "no byte changed"
    );
}

/// The line numbers where two texts differ, with the same number of lines.
fn changed_lines(before: &str, after: &str) -> Vec<usize> {
    let (b, a): (Vec<&str>, Vec<&str>) = (before.lines().collect(), after.lines().collect());
    assert_eq!(b.len(), a.len(), "the same lines:\n{after}");
    (0..b.len())
        .filter(|&n| b[n] != a[n])
        .map(|n| n + 1)
        .collect()
}

#[test]
fn an_edited_translation_changes_only_its_lines_and_shows_on_its_card() {
    let dir = shipped();
    let file = dir.path().join("messages/media-and-public.yaml");
    let before = std::fs::read_to_string(&file).expect("read");
    let mut catalog = export(dir.path(), "uk");
    let id = "media-and-public.yaml/online-every-day/headline";
    let new = "Торгівля людьми щодня відбувається в мережі.";
    let unit = catalog
        .units
        .iter_mut()
        .find(|u| u.id == id)
        .expect("the unit");
    assert!(unit.max_length.is_some_and(|m| m > 20), "{unit:?}");
    assert!(
        unit.note.contains("statement cards, headline slot"),
        "{}",
        unit.note
    );
    unit.target = Some(new.to_owned());
    let po = write(dir.path(), &catalog, Format::Po, "uk.po");
    let o = handbill(
        dir.path(),
        &["translations", "import", po.to_str().expect("utf-8")],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let after = std::fs::read_to_string(&file).expect("read");
    let line = before
        .lines()
        .position(|l| l.contains("uk: Торгівля людьми відбувається онлайн щодня."))
        .expect("the old line")
        + 1;
    assert_eq!(changed_lines(&before, &after), [line]);
    assert!(after.contains(&format!("      uk: {new}\n")), "{after}");
    // The card is made with the new text, and it fits.
    let project = read(dir.path());
    let (prepared, problems) = handbill::build::prepare(&project);
    let prepared = prepared.unwrap_or_else(|| panic!("{problems:?}"));
    let filter = Filter {
        languages: vec!["uk".to_owned()],
        messages: vec!["online-every-day".to_owned()],
        ..Filter::default()
    };
    let (cards, _) = card::plan(&prepared.campaign, &filter);
    assert!(!cards.is_empty());
    // Compared with spaces for no-break spaces, which language rules may bind.
    let headline = |c: &card::Card| c.slots.get("headline").map(|t| t.replace('\u{a0}', " "));
    assert!(
        cards.iter().all(|c| headline(c).as_deref() == Some(new)),
        "{cards:?}"
    );
    let composed = handbill::build::compose_all(&prepared, cards)
        .map_err(|_| "a bug")
        .expect("composes");
    assert!(composed.problems.is_empty(), "{:?}", composed.problems);
    assert!(composed.composed.iter().any(|c| c.svg.contains("мережі")));
}

#[test]
fn a_new_language_value_is_inserted_after_the_others_in_their_style() {
    let dir = shipped();
    let file = dir.path().join("messages/campaign.yaml");
    let before = std::fs::read_to_string(&file).expect("read");
    let mut catalog = export(dir.path(), "uk");
    let unit = catalog
        .units
        .iter_mut()
        .find(|u| u.id == "campaign.yaml/audiences/authorities/name")
        .expect("unit");
    assert_eq!(unit.target, None);
    unit.target = Some("Органи влади".to_owned());
    let xliff = write(dir.path(), &catalog, Format::Xliff, "uk.xliff");
    // Tools may name the language with its region: uk-UA is the campaign's uk.
    let text = std::fs::read_to_string(&xliff).expect("read");
    let text = text.replace("trgLang=\"uk\"", "trgLang=\"uk-UA\"");
    std::fs::write(&xliff, text).expect("write");
    let o = handbill(
        dir.path(),
        &["translations", "import", xliff.to_str().expect("utf-8")],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let after = std::fs::read_to_string(&file).expect("read");
    assert_eq!(
        after,
        before.replace("el: Αρχές}", "el: Αρχές, uk: Органи влади}")
    );
}

#[test]
fn an_overflowing_import_is_reported_with_its_id_template_and_overflow() {
    let dir = shipped();
    let mut catalog = export(dir.path(), "uk");
    let id = "media-and-public.yaml/online-every-day/headline";
    let unit = catalog
        .units
        .iter_mut()
        .find(|u| u.id == id)
        .expect("the unit");
    let max = unit.max_length.expect("a limit");
    unit.target = Some("Торгівля людьми ".repeat(max / 8));
    let xliff = write(dir.path(), &catalog, Format::Xliff, "uk.xliff");
    let o = handbill(
        dir.path(),
        &["translations", "import", xliff.to_str().expect("utf-8")],
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains(&format!("`{id}`")), "{err}");
    assert!(err.contains("messages/media-and-public.yaml:"), "{err}");
    assert!(err.contains("template: templates/"), "{err}");
    assert!(err.contains("overflows by"), "{err}");
    assert!(err.contains("[text-overflow]"), "{err}");
}

/// Imports `file` into a copy of the campaign and expects a located refusal
/// that changes nothing; returns what it said.
fn refused(name: &str, content: &[u8]) -> String {
    let dir = shipped();
    let before = tree(&dir.path().join("messages"));
    std::fs::write(dir.path().join(name), content).expect("write");
    let o = handbill(dir.path(), &["translations", "import", name]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        err.contains(&format!("{name}:")) || err.contains("messages/"),
        "located: {err}"
    );
    assert_eq!(
        tree(&dir.path().join("messages")),
        before,
        "nothing written: {err}"
    );
    err
}

const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" srcLang=\"en\"";

#[test]
fn hostile_and_mistaken_files_are_refused_where_they_are() {
    let laughs = format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE xliff [\n<!ENTITY a \"lol\">\n{}]>\n<xliff>&a9;</xliff>\n",
        (1..10)
            .map(|n| format!(
                "<!ENTITY a{n} \"{}\">\n",
                format!("&a{};", n - 1).repeat(10)
            ))
            .collect::<String>()
    );
    let err = refused("laughs.xliff", laughs.as_bytes());
    assert!(err.contains("DOCTYPE"), "{err}");
    let huge = vec![b'#'; (translations::MAX_FILE_BYTES + 10) as usize];
    assert!(refused("huge.po", &huge).contains("larger than 16 MiB"));
    let wrong = format!("{HEAD} trgLang=\"de\">\n</xliff>\n");
    let err = refused("de.xliff", wrong.as_bytes());
    assert!(
        err.contains("de.xliff:2:1") && err.contains("`de` is not one of the campaign's languages"),
        "{err}"
    );
    let english = format!("{HEAD} trgLang=\"en\">\n</xliff>\n");
    assert!(refused("en.xliff", english.as_bytes()).contains("source language"));
    let unknown = format!(
        "{HEAD} trgLang=\"uk\">\n  <file id=\"f\">\n    <unit id=\"x\" name=\"everyone.yaml/e-trafficking-is-trafficking/headlin\">\n      <segment><source>a</source><target>b</target></segment>\n    </unit>\n  </file>\n</xliff>\n"
    );
    let err = refused("unknown.xliff", unknown.as_bytes());
    assert!(
        err.contains("unknown.xliff:4:5")
            && err.contains("did you mean `everyone.yaml/e-trafficking-is-trafficking/headline`"),
        "{err}"
    );
    let broken = format!("{HEAD} trgLang=\"uk\">\n  <file id=\"f\">\n</xliff>\n");
    assert!(refused("broken.xliff", broken.as_bytes()).contains("broken.xliff:4:"));
    let po = "msgid \"\"\nmsgstr \"Language: uk\\n\"\n\nmsgctxt \"x\"\nmsgid \"a\nmsgstr \"b\"\n";
    assert!(refused("broken.po", po.as_bytes()).contains("broken.po:5:"));
    assert!(refused("latin1.po", b"msgid \"\xe9\"\n").contains("not UTF-8"));
}

/// Runs tests/xliff/check.py on the exported files: it reads them with
/// polib and translate-toolkit and prints what it found as JSON.
fn independent(xliff: &Path, po: &Path) -> serde_json::Value {
    let script = root().join("tests/xliff/check.py");
    let o = Command::new("python3")
        .arg(&script)
        .arg(xliff)
        .arg(po)
        .output()
        .unwrap_or_else(|e| panic!("python3 is needed to check the exported files with independent parsers ({e}): install it, then `pip install polib==1.2.0 translate-toolkit==3.20.4` (.ci/run does)"));
    assert!(
        o.status.success(),
        "tests/xliff/check.py failed; if a module is missing, `pip install polib==1.2.0 translate-toolkit==3.20.4` (.ci/run does):\n{}",
        stderr(&o)
    );
    serde_json::from_slice(&o.stdout).expect("check.py prints JSON")
}

#[test]
fn exported_files_parse_with_independent_readers() {
    let dir = shipped();
    let catalog = export(dir.path(), "ar");
    let xliff = write(dir.path(), &catalog, Format::Xliff, "ar.xliff");
    let po = write(dir.path(), &catalog, Format::Po, "ar.po");
    let found = independent(&xliff, &po);
    let str_of = |v: &serde_json::Value| v.as_str().map(str::to_owned);
    assert_eq!(found["xliff"]["source_language"], "en");
    assert_eq!(found["xliff"]["target_language"], "ar");
    for reader in ["polib", "translate-toolkit"] {
        assert_eq!(found[reader]["language"], "ar", "{reader}");
    }
    for (reader, key) in [
        ("xliff", "name"),
        ("polib", "id"),
        ("translate-toolkit", "id"),
    ] {
        let units = found[reader]["units"].as_array().expect("units");
        assert_eq!(units.len(), catalog.units.len(), "{reader}");
        for (u, v) in catalog.units.iter().zip(units) {
            assert_eq!(str_of(&v[key]).as_deref(), Some(u.id.as_str()), "{reader}");
            assert_eq!(
                str_of(&v["source"]).as_deref(),
                Some(u.source.as_str()),
                "{reader} {}",
                u.id
            );
            assert_eq!(str_of(&v["target"]), u.target, "{reader} {}", u.id);
            assert_eq!(
                v["max_length"].as_u64(),
                u.max_length.map(|m| m as u64),
                "{reader} {}",
                u.id
            );
        }
    }
}

/// The status counts only the texts a language needs (not those of an
/// audience whose cards are not made in it), and counts a missing one even
/// though the campaign cannot be built without it.
#[test]
fn status_counts_what_each_language_needs() {
    let dir = shipped();
    let row = |dir: &Path, lang: &str| -> Vec<String> {
        let o = handbill(dir, &["translations", "--status"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let out = String::from_utf8_lossy(&o.stdout).into_owned();
        let line = out
            .lines()
            .find(|l| l.split_whitespace().next() == Some(lang))
            .unwrap_or_else(|| panic!("{lang} in {out}"));
        line.split_whitespace().skip(1).map(str::to_owned).collect()
    };
    assert_eq!(
        row(dir.path(), "uk")[0],
        "0",
        "authorities' texts are not made in uk"
    );
    assert_eq!(row(dir.path(), "it")[0], "0");
    let file = dir.path().join("messages/everyone.yaml");
    let text = std::fs::read_to_string(&file).expect("everyone.yaml");
    let first = text
        .lines()
        .find(|l| l.trim_start().starts_with("fa: "))
        .expect("a fa line");
    std::fs::write(&file, text.replacen(&format!("{first}\n"), "", 1)).expect("written");
    let fa = row(dir.path(), "fa");
    assert_eq!(fa[0], "1", "{fa:?}");
}
