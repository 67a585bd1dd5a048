//! A cache entry as one file: a zip archive of stored (uncompressed)
//! members, whose CRC-32s catch a damaged file, with a `meta.json` naming
//! the format. Pure: bytes in, bytes out.
//!
//! zip, rather than a format of handbill's own, because the crate is
//! already here for the press kit and checks every member's checksum as it
//! reads it.

use std::collections::BTreeMap;
use std::io::{Cursor, Read as _, Write as _};

use serde::{Deserialize, Serialize};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use super::{CardEntry, ENTRY_MAX as MEMBER_MAX, KitEntry};
use crate::compose::Smaller;
use crate::legibility::Measured;

/// The entry format; another number is a foreign entry.
const FORMAT: u32 = 1;

#[derive(Serialize, Deserialize)]
struct CardMeta {
    format: u32,
    smaller: Vec<Smaller>,
    measured: Measured,
}

#[derive(Serialize, Deserialize)]
struct KitMeta {
    format: u32,
    files: Vec<String>,
}

/// Why an entry was not read: shown in the cache's warning.
pub type Damage = String;

pub fn card(entry: &CardEntry) -> Result<Vec<u8>, Damage> {
    let meta = CardMeta {
        format: FORMAT,
        smaller: entry.smaller.clone(),
        measured: entry.measured.clone(),
    };
    let meta = serde_json::to_vec(&meta).map_err(|e| e.to_string())?;
    let mut members: Vec<(&str, &[u8])> = vec![("meta.json", &meta), ("card.png", &entry.png)];
    if let Some(svg) = &entry.svg {
        members.push(("card.svg", svg.as_bytes()));
    }
    write(&members)
}

pub fn read_card(bytes: &[u8]) -> Result<CardEntry, Damage> {
    let mut members = read(bytes)?;
    let meta: CardMeta = meta(&members)?;
    let png = members.remove("card.png").ok_or("no card.png")?;
    let svg = match members.remove("card.svg") {
        Some(svg) => Some(String::from_utf8(svg).map_err(|e| e.to_string())?),
        None => None,
    };
    Ok(CardEntry {
        png,
        svg,
        smaller: meta.smaller,
        measured: meta.measured,
    })
}

pub fn kit(entry: &KitEntry) -> Result<Vec<u8>, Damage> {
    let meta = KitMeta {
        format: FORMAT,
        files: entry.files.keys().cloned().collect(),
    };
    let meta = serde_json::to_vec(&meta).map_err(|e| e.to_string())?;
    let mut members: Vec<(String, &[u8])> =
        vec![("meta.json".into(), &meta), ("zip".into(), &entry.zip)];
    for (i, bytes) in entry.files.values().enumerate() {
        members.push((format!("file/{i}"), bytes));
    }
    let members: Vec<(&str, &[u8])> = members.iter().map(|(n, b)| (n.as_str(), *b)).collect();
    write(&members)
}

pub fn read_kit(bytes: &[u8]) -> Result<KitEntry, Damage> {
    let mut members = read(bytes)?;
    let meta: KitMeta = meta(&members)?;
    let zip = members.remove("zip").ok_or("no zip")?;
    let mut files = BTreeMap::new();
    for (i, name) in meta.files.into_iter().enumerate() {
        let bytes = members
            .remove(&format!("file/{i}"))
            .ok_or("a file is missing")?;
        files.insert(name, bytes);
    }
    Ok(KitEntry { files, zip })
}

/// The members, stored, with a fixed time: the same entry, the same bytes.
fn write(members: &[(&str, &[u8])]) -> Result<Vec<u8>, Damage> {
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(DateTime::DEFAULT)
        .large_file(
            members
                .iter()
                .any(|(_, b)| b.len() as u64 >= u32::MAX as u64),
        );
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in members {
        w.start_file(*name, options).map_err(|e| e.to_string())?;
        w.write_all(bytes).map_err(|e| e.to_string())?;
    }
    Ok(w.finish().map_err(|e| e.to_string())?.into_inner())
}

/// Every member, each checked against its CRC-32 as it is read.
fn read(bytes: &[u8]) -> Result<BTreeMap<String, Vec<u8>>, Damage> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut members = BTreeMap::new();
    for i in 0..archive.len() {
        let member = archive.by_index(i).map_err(|e| e.to_string())?;
        let name = member.name().map_err(|e| e.to_string())?.into_owned();
        if member.size() > MEMBER_MAX {
            return Err(format!("{name} claims {} bytes", member.size()));
        }
        let mut data = Vec::with_capacity(member.size() as usize);
        member
            .take(MEMBER_MAX)
            .read_to_end(&mut data)
            .map_err(|e| format!("{name}: {e}"))?;
        members.insert(name, data);
    }
    Ok(members)
}

/// The entry's `meta.json`, of this format.
fn meta<T: for<'de> Deserialize<'de>>(members: &BTreeMap<String, Vec<u8>>) -> Result<T, Damage> {
    let bytes = members.get("meta.json").ok_or("no meta.json")?;
    let format: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    if format.get("format").and_then(|f| f.as_u64()) != Some(u64::from(FORMAT)) {
        return Err("an entry of another format".into());
    }
    serde_json::from_slice(bytes).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::legibility::Record;

    fn entry() -> CardEntry {
        CardEntry {
            png: b"\x89PNG not really".to_vec(),
            svg: Some("<svg/>".into()),
            smaller: Vec::new(),
            measured: Measured {
                record: Record {
                    card: "cards/en/x/a".into(),
                    worst: None,
                    logo: Some(5.5),
                },
                problems: vec![
                    crate::problem::Problem::new(
                        crate::problem::Location::new("templates/x/a.svg", 3, 4),
                        "faint",
                    )
                    .warning(),
                ],
            },
        }
    }

    #[test]
    fn a_card_entry_reads_back_as_written_and_the_same_bytes_twice() {
        let bytes = card(&entry()).expect("packs");
        assert_eq!(card(&entry()).expect("packs"), bytes);
        let back = read_card(&bytes).expect("reads");
        assert_eq!(back.png, entry().png);
        assert_eq!(back.svg, entry().svg);
        assert_eq!(back.measured, entry().measured);
    }

    #[test]
    fn a_damaged_entry_is_refused() {
        let mut bytes = card(&entry()).expect("packs");
        // Flip a byte inside the PNG member's data: its CRC no longer holds.
        let at = bytes
            .windows(4)
            .position(|w| w == b"\x89PNG")
            .expect("the PNG is stored as it is");
        bytes[at + 5] ^= 0x20;
        assert!(read_card(&bytes).is_err());
        assert!(read_card(b"not a zip").is_err());
        assert!(read_card(&bytes[..bytes.len() / 2]).is_err());
    }

    #[test]
    fn a_kit_entry_reads_back_as_written() {
        let kit = KitEntry {
            files: BTreeMap::from([
                ("index.html".into(), b"<p>".to_vec()),
                ("a/b.pdf".into(), b"%PDF".to_vec()),
            ]),
            zip: b"PK".to_vec(),
        };
        let back = read_kit(&super::kit(&kit).expect("packs")).expect("reads");
        assert_eq!(back.files, kit.files);
        assert_eq!(back.zip, kit.zip);
    }
}
