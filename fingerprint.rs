//! Cargo's build script: handbill's fingerprint, a digest of the sources it
//! is compiled from (`src/`, `Cargo.toml`, `Cargo.lock`), given to the
//! crate as `HANDBILL_FINGERPRINT`.
//!
//! The build cache (`src/cache/`) keys every card and kit file on it, so a
//! handbill compiled from other code never trusts what this one rendered,
//! even at the same version number. It must read nothing but those files.
//!
//! Hand-written with std's SipHash: the digest only has to change when a
//! source does, and a build-dependency on a hashing crate would compile it
//! a second time for the host.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::{env, fs};

fn main() {
    let root = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let mut files = vec![root.join("Cargo.toml"), root.join("Cargo.lock")];
    collect(&root.join("src"), &mut files);
    files.sort();
    let mut hasher = DefaultHasher::new();
    for file in &files {
        file.strip_prefix(&root).unwrap_or(file).hash(&mut hasher);
        fs::read(file).unwrap_or_default().hash(&mut hasher);
    }
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=Cargo.toml");
    println!("cargo:rerun-if-changed=Cargo.lock");
    let version = env::var("CARGO_PKG_VERSION").unwrap_or_default();
    println!(
        "cargo:rustc-env=HANDBILL_FINGERPRINT={version}-{:016x}",
        hasher.finish()
    );
}

/// Every file under `dir`, depth first.
fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        match path.is_dir() {
            true => collect(&path, files),
            false => files.push(path),
        }
    }
}
