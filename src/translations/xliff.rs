//! XLIFF 2.0: a catalog written with quick-xml (which escapes text and
//! attributes), and a returned file read with roxmltree, which refuses a
//! DTD, so no entity is ever expanded (no "billion laughs"), and locates
//! every node for problems.
//!
//! One `<file>` per YAML file, one `<unit>` per text: its `id` is the text's
//! id made an XML name (`/` → `:`, `#` → `.`), its `name` the id as written;
//! `<notes>` say where the text appears and its length limit, which is also
//! the Size and Length Restriction module's `slr:sizeRestriction` in code
//! points. The segment's `state` is initial, translated or final.
//!
//! This module converts; it must not decide which texts exist or touch YAML.

use std::io::Cursor;
use std::path::Path;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use super::{Catalog, Returned, ReturnedUnit, State, Unit};
use crate::error::{Bug, OrBug};
use crate::problem::{Location, Problem};

/// XLIFF 2's namespace, the same for 2.0, 2.1 and 2.2.
const NS: &str = "urn:oasis:names:tc:xliff:document:2.0";
/// The Size and Length Restriction module's namespace.
const SLR: &str = "urn:oasis:names:tc:xliff:sizerestriction:2.0";

/// The most nodes a returned file may hold: a few per unit, and a
/// campaign has hundreds of texts, not hundreds of thousands.
const MAX_NODES: u32 = 1_000_000;

/// The catalog as an XLIFF 2.0 document.
pub fn write(catalog: &Catalog) -> Result<String, Bug> {
    let mut w = Writer::new_with_indent(Cursor::new(Vec::new()), b' ', 2);
    let doing = || format!("writing the XLIFF for {}", catalog.language);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
        .or_bug(doing)?;
    w.create_element("xliff")
        .with_attributes([
            ("xmlns", NS),
            ("xmlns:slr", SLR),
            ("version", "2.0"),
            ("srcLang", "en"),
            ("trgLang", catalog.language.as_str()),
        ])
        .write_inner_content(|w| files(w, catalog))
        .or_bug(doing)?;
    let mut out = String::from_utf8(w.into_inner().into_inner()).or_bug(doing)?;
    out.push('\n');
    Ok(out)
}

type W = Writer<Cursor<Vec<u8>>>;

/// One `<file>` per YAML file, in the catalog's order.
fn files(w: &mut W, catalog: &Catalog) -> std::io::Result<()> {
    let mut rest: &[Unit] = &catalog.units;
    while let Some(first) = rest.first() {
        let file = file_of(&first.id);
        let n = rest.iter().take_while(|u| file_of(&u.id) == file).count();
        let (these, after) = rest.split_at(n);
        w.create_element("file")
            .with_attributes([("id", xml_name(file).as_str()), ("original", file)])
            .write_inner_content(|w| {
                w.create_element("slr:profiles")
                    .with_attribute(("generalProfile", "xliff:codepoints"))
                    .write_empty()?;
                these.iter().try_for_each(|u| unit(w, u))
            })?;
        rest = after;
    }
    Ok(())
}

/// The file part of an id: `media-and-public.yaml`.
fn file_of(id: &str) -> &str {
    id.split('/').next().unwrap_or(id)
}

/// An id as an XML name (XLIFF's ids are NMTOKENs): `/` → `:`, `#` → `.`,
/// anything else outside a name → `_`.
fn xml_name(id: &str) -> String {
    id.chars()
        .map(|c| match c {
            '/' => ':',
            '#' => '.',
            c if c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':') => c,
            _ => '_',
        })
        .collect()
}

fn unit(w: &mut W, u: &Unit) -> std::io::Result<()> {
    let max = u.max_length.map(|m| m.to_string());
    let id = xml_name(&u.id);
    let mut el = w
        .create_element("unit")
        .with_attributes([("id", id.as_str()), ("name", u.id.as_str())]);
    if let Some(max) = &max {
        el = el.with_attribute(("slr:sizeRestriction", max.as_str()));
    }
    el.write_inner_content(|w| {
        w.create_element("notes").write_inner_content(|w| {
            note(w, "location", &u.note)?;
            match &max {
                Some(max) => note(w, "max-length", max),
                None => Ok(()),
            }
        })?;
        let state = match u.state {
            State::Initial => "initial",
            State::Translated => "translated",
            State::Final => "final",
        };
        w.create_element("segment")
            .with_attribute(("state", state))
            .write_inner_content(|w| {
                text(w, "source", &u.source)?;
                match &u.target {
                    Some(t) => text(w, "target", t),
                    None => Ok(()),
                }
            })?;
        Ok(())
    })?;
    Ok(())
}

fn note(w: &mut W, category: &str, content: &str) -> std::io::Result<()> {
    w.create_element("note")
        .with_attribute(("category", category))
        .write_text_content(BytesText::new(content))?;
    Ok(())
}

fn text(w: &mut W, name: &str, content: &str) -> std::io::Result<()> {
    w.create_element(name)
        .with_attribute(("xml:space", "preserve"))
        .write_text_content(BytesText::new(content))?;
    Ok(())
}

/// A returned XLIFF 2 file: its target language and each unit's target.
pub fn read(file: &Path, text: &str) -> Result<Returned, Vec<Problem>> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        nodes_limit: MAX_NODES,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = roxmltree::Document::parse_with_options(text, options).map_err(|e| {
        let pos = e.pos();
        let what = match e {
            roxmltree::Error::DtdDetected => "this XLIFF file declares a DTD (<!DOCTYPE …>): handbill reads no DTD, so that no entity is ever expanded".to_owned(),
            e => format!("this XLIFF file cannot be read: {e}"),
        };
        vec![Problem::new(Location::new(file, pos.row, pos.col), what)
        .hint("send the file as the translation tool exported it; handbill reads XML without a DOCTYPE")]
    })?;
    let at = |node: roxmltree::Node| {
        let pos = doc.text_pos_at(node.range().start);
        Location::new(file, pos.row, pos.col)
    };
    let root = doc.root_element();
    let language = header(root, &at)?;
    let units = root
        .descendants()
        .filter(|n| n.has_tag_name((NS, "unit")))
        .map(|n| returned_unit(n, &at))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Returned {
        language,
        language_at: at(root),
        units,
    })
}

/// The root's checks: XLIFF 2, from English; its target language.
fn header(
    root: roxmltree::Node,
    at: &dyn Fn(roxmltree::Node) -> Location,
) -> Result<String, Vec<Problem>> {
    let refuse = |what: String, hint: &str| Err(vec![Problem::new(at(root), what).hint(hint)]);
    if !root.has_tag_name((NS, "xliff")) {
        return refuse(
            format!(
                "this is not an XLIFF 2 file: its root is <{}>",
                root.tag_name().name()
            ),
            "export the translations as XLIFF 2.0 from the tool (or as PO), the format `handbill translations export` wrote",
        );
    }
    if root.attribute("srcLang") != Some("en") {
        return refuse(
            format!(
                "the file translates from `{}`, not from English",
                root.attribute("srcLang").unwrap_or("")
            ),
            "handbill's source language is English (srcLang=\"en\"): export again and translate that file",
        );
    }
    match root.attribute("trgLang") {
        Some(lang) if !lang.is_empty() => Ok(lang.to_owned()),
        _ => refuse(
            "the file does not say its target language (trgLang)".to_owned(),
            "set the target language in the tool, or export the language again with --language",
        ),
    }
}

/// One unit: its id (the `name` handbill wrote, else its `id`) and its
/// target, the segments' targets joined.
fn returned_unit(
    unit: roxmltree::Node,
    at: &dyn Fn(roxmltree::Node) -> Location,
) -> Result<ReturnedUnit, Vec<Problem>> {
    let id = unit.attribute("name").or(unit.attribute("id"));
    let Some(id) = id.filter(|i| !i.is_empty()) else {
        return Err(vec![
            Problem::new(at(unit), "this unit has no id")
                .hint("keep each unit's `id` and `name` as exported"),
        ]);
    };
    let targets: Vec<String> = unit
        .children()
        .filter(|n| n.has_tag_name((NS, "segment")) || n.has_tag_name((NS, "ignorable")))
        .filter_map(|s| s.children().find(|n| n.has_tag_name((NS, "target"))))
        .map(|t| {
            t.descendants()
                .filter(|n| n.is_text())
                .filter_map(|n| n.text())
                .collect()
        })
        .collect();
    Ok(ReturnedUnit {
        id: id.to_owned(),
        target: (!targets.is_empty()).then(|| targets.concat()),
        at: at(unit),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        let unit = |id: &str, target: Option<&str>, state| Unit {
            id: id.to_owned(),
            at: Location::new("m.yaml", 1, 1),
            source: "Tom & \"Jerry\" <b>\nnext".to_owned(),
            target: target.map(str::to_owned),
            state,
            note: "statement card".to_owned(),
            max_length: Some(40),
        };
        Catalog {
            campaign: "c".to_owned(),
            language: "uk".to_owned(),
            units: vec![
                unit(
                    "m.yaml/one/headline",
                    Some("Том & «Джеррі»"),
                    State::Translated,
                ),
                unit("m.yaml/one/slides#2/body", None, State::Initial),
                unit("k.yaml/about", Some("x"), State::Final),
            ],
        }
    }

    #[test]
    fn a_written_catalog_reads_back() {
        let xml = write(&catalog()).expect("writes");
        assert!(xml.contains("<unit id=\"m.yaml:one:slides.2:body\" name=\"m.yaml/one/slides#2/body\" slr:sizeRestriction=\"40\">"), "{xml}");
        assert!(xml.contains("&amp;"), "{xml}");
        let back = read(Path::new("t.xlf"), &xml).expect("reads");
        assert_eq!(back.language, "uk");
        let got: Vec<(&str, Option<&str>)> = back
            .units
            .iter()
            .map(|u| (u.id.as_str(), u.target.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("m.yaml/one/headline", Some("Том & «Джеррі»")),
                ("m.yaml/one/slides#2/body", None),
                ("k.yaml/about", Some("x"))
            ]
        );
    }

    #[test]
    fn entities_and_broken_files_are_refused_where_they_are() {
        let bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;\">]>\n<xliff/>";
        let p = read(Path::new("t.xlf"), bomb).expect_err("refused");
        assert!(p[0].what.contains("DOCTYPE"), "{}", p[0]);
        assert_eq!(p[0].location.file, Path::new("t.xlf"));
        let p = read(Path::new("t.xlf"), "<xliff xmlns=\"x\">\n<a></b>").expect_err("broken");
        assert_eq!(p[0].location.line, 2, "{}", p[0]);
        let other = format!("<xliff xmlns=\"{NS}\" srcLang=\"it\" trgLang=\"uk\"/>");
        let p = read(Path::new("t.xlf"), &other).expect_err("not from English");
        assert!(p[0].what.contains("not from English"), "{}", p[0]);
    }
}
