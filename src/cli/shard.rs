//! `build --shard K/N` and `handbill merge`: one campaign spread over the
//! jobs of a CI matrix. Each job renders its share of the cards and writes
//! them, as cache entries, with `handbill-shard.json`; `merge` reads every
//! share into an in-memory cache and runs the whole build on it, so its
//! `out/` (manifest, kits and all) is the bytes a single build writes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::{Deserialize, Serialize};

use super::build::{Done, in_memory};
use super::{BuildArgs, MergeArgs, fail};
use crate::build::{self, Shard};
use crate::cache::{self, Cache, Inputs, Key, Memory, NoCache, Recording};
use crate::project::Project;
use crate::write;

/// The file that makes a folder a shard, and what it says.
const SHARD_FILE: &str = "handbill-shard.json";

#[derive(Debug, Serialize, Deserialize)]
struct ShardFile {
    shard: usize,
    of: usize,
    /// The key of the inputs and options it was built from.
    inputs: String,
    /// Its cards' keys; each is a file `cards/<key>`.
    cards: Vec<String>,
}

/// The most shards a build splits into: more jobs than that cost more to
/// start than they save.
const MAX_SHARDS: usize = 1000;

/// `--shard K/N`, as clap's value parser: 1 ≤ K ≤ N ≤ 1000.
pub fn parse(text: &str) -> Result<Shard, String> {
    let usage =
        || format!("{text:?} is not a shard: give K/N, such as 2/3 for the second of three");
    let (k, n) = text.split_once('/').ok_or_else(usage)?;
    let (index, count) = (
        k.trim().parse().map_err(|_| usage())?,
        n.trim().parse().map_err(|_| usage())?,
    );
    match (index, count) {
        (_, 0) | (0, _) => Err(usage()),
        (k, n) if k > n => Err(format!(
            "shard {k} of {n} does not exist: K runs from 1 to {n}"
        )),
        (_, n) if n > MAX_SHARDS => Err(format!("at most {MAX_SHARDS} shards")),
        (index, count) => Ok(Shard { index, count }),
    }
}

/// The key shards and `merge` must agree on: the inputs, the cards asked
/// for, and whether SVGs are written.
fn inputs_key(project: &Project, opts: &build::Options) -> String {
    Inputs::of(project)
        .build(&(&opts.filter, opts.write_svg))
        .to_string()
}

/// `build --shard K/N`: renders this share of the cards and writes them
/// to `--out` for `merge`.
pub fn write(args: &BuildArgs, project: &Project, opts: &build::Options, dir: &Path) -> ExitCode {
    let Some(shard) = opts.shard else {
        return fail("a shard build without --shard");
    };
    let recording = Recording::new(&NoCache);
    let result = in_memory(project, opts, &recording, &args.select, false);
    let out = match result {
        Ok(out) => out,
        Err(code) => return code,
    };
    let entries = recording.into_cards();
    let mut files = BTreeMap::new();
    let mut cards = Vec::new();
    for key in &out.keys {
        let Some(entry) = entries.get(key) else {
            return fail(format!("the card {key} of this shard was not kept"));
        };
        match cache::pack_card(entry) {
            Ok(bytes) => files.insert(format!("cards/{key}"), bytes),
            Err(e) => return fail(format!("cannot pack a card: {e}")),
        };
        cards.push(key.to_string());
    }
    let file = ShardFile {
        shard: shard.index,
        of: shard.count,
        inputs: inputs_key(project, opts),
        cards,
    };
    match serde_json::to_vec_pretty(&file) {
        Ok(json) => files.insert(SHARD_FILE.to_owned(), json),
        Err(e) => return fail(format!("cannot write {SHARD_FILE}: {e}")),
    };
    if let Err(e) = write::replace_dir(dir, &files, &|| ()) {
        return match e {
            write::Failure::Refused(p) => fail(p),
            write::Failure::Io(e) => fail(format!("{e:#}")),
        };
    }
    if !args.select.quiet {
        eprintln!(
            "wrote shard {}/{} ({} cards) into {}: combine the shards with `handbill merge`",
            shard.index,
            shard.count,
            out.keys.len(),
            dir.display()
        );
    }
    ExitCode::SUCCESS
}

/// `handbill merge SHARD…`: every shard's cards, then the whole build on
/// them into `out/`.
pub fn merge(args: &MergeArgs) -> ExitCode {
    let paths = args.dirs.paths();
    let project = match super::start(args.select.jobs, &paths) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let opts = build::Options {
        filter: args.select.filter(),
        no_kit: args.no_kit,
        from_shards: true,
        spool: write::spool_prefix(&paths.out),
        ..build::Options::default()
    };
    let memory = match load(&args.shards, &inputs_key(&project, &opts)) {
        Ok(memory) => memory,
        Err(why) => {
            eprintln!("error: {why}");
            return ExitCode::from(1);
        }
    };
    let out = match in_memory(&project, &opts, &memory, &args.select, false) {
        Ok(out) => out,
        Err(code) => return code,
    };
    let done = Done::merged(&args.select, &paths.out);
    done.write_out(&out)
}

/// Every shard's cards, in memory, after checking that the shards are one
/// whole set (1/N … N/N, each once) built from these inputs.
fn load(dirs: &[PathBuf], inputs: &str) -> Result<Memory, String> {
    let mut seen: BTreeMap<usize, &Path> = BTreeMap::new();
    let mut count = None;
    let memory = Memory::default();
    for dir in dirs {
        let file = shard_file(dir)?;
        check_shard(dir, &file, inputs, *count.get_or_insert(file.of))?;
        if let Some(other) = seen.insert(file.shard, dir) {
            return Err(format!(
                "{} and {} are both shard {}/{}: give each shard once",
                other.display(),
                dir.display(),
                file.shard,
                file.of
            ));
        }
        read_cards(dir, &file, &memory)?;
    }
    let of = count.unwrap_or(0);
    let missing: Vec<String> = (1..=of)
        .filter(|k| !seen.contains_key(k))
        .map(|k| format!("{k}/{of}"))
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "shard {} missing: give merge every shard's folder",
            missing.join(", ")
        ));
    }
    Ok(memory)
}

/// A shard folder's `handbill-shard.json`.
fn shard_file(dir: &Path) -> Result<ShardFile, String> {
    let path = dir.join(SHARD_FILE);
    let text = std::fs::read(&path).map_err(|e| {
        format!(
            "{} is not a shard folder ({e} reading {SHARD_FILE}): give merge the folders `handbill build --shard K/N --out DIR` wrote",
            dir.display()
        )
    })?;
    serde_json::from_slice(&text).map_err(|e| {
        format!(
            "{} cannot be read ({e}): build the shard again",
            path.display()
        )
    })
}

/// A shard of the same set, built from the same inputs.
fn check_shard(dir: &Path, file: &ShardFile, inputs: &str, of: usize) -> Result<(), String> {
    if file.of != of || file.shard == 0 || file.shard > file.of {
        return Err(format!(
            "{} is shard {}/{}, not one of {of} shards: give merge the shards of one build",
            dir.display(),
            file.shard,
            file.of
        ));
    }
    if file.inputs != inputs {
        return Err(format!(
            "{} was built from other messages, templates, fonts, options or another handbill: build every shard and merge from the same commit, with the same handbill",
            dir.display()
        ));
    }
    Ok(())
}

/// A shard's cards into the in-memory cache; a damaged one stops the merge.
fn read_cards(dir: &Path, file: &ShardFile, memory: &Memory) -> Result<(), String> {
    for hex in &file.cards {
        let key = Key::parse(hex).ok_or_else(|| {
            format!(
                "{} names a card {hex:?} that is not a key",
                dir.join(SHARD_FILE).display()
            )
        })?;
        let path = dir.join("cards").join(hex);
        let size = std::fs::symlink_metadata(&path).map(|m| (m.is_file(), m.len()));
        if !matches!(size, Ok((true, n)) if n <= cache::ENTRY_MAX) {
            return Err(format!(
                "{} is not a card this shard wrote (missing, not a file, or over {} MB): build that shard again",
                path.display(),
                cache::ENTRY_MAX >> 20
            ));
        }
        let bytes =
            std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let entry = cache::unpack_card(&bytes).map_err(|e| {
            format!(
                "{} is damaged ({e}): build that shard again",
                path.display()
            )
        })?;
        memory.put_card(&key, &entry);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shard_is_k_of_n_from_one() {
        assert_eq!(parse("2/3"), Ok(Shard { index: 2, count: 3 }));
        assert_eq!(parse("1/1"), Ok(Shard { index: 1, count: 1 }));
        for bad in ["0/3", "4/3", "3", "a/b", "1/0", "", "1/1001"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        assert!(
            parse("4/3")
                .expect_err("no such shard")
                .contains("K runs from 1 to 3")
        );
    }
}
