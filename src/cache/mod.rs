//! The build cache: what a card or a language's kit came to, by a key of
//! everything it depends on, so a build renders only what changed.
//!
//! A card's key digests its template's source, its texts, language,
//! direction and slide, its format and kind as defined, the campaign's
//! colours, the logo, its photo, the fonts, and handbill's own fingerprint
//! ([`key`]). A kit's key digests the messages folder, the kit's
//! templates, the fonts and its language's rendered cards. What is stored
//! is exactly what rendering returned, so a build with the cache writes
//! the same bytes as one without. The store is behind [`Cache`]: on disk
//! for `build` ([`disk`]), in memory for `preview` and `merge`. A damaged
//! or foreign entry is a miss, never trusted.

pub mod disk;
pub mod key;
mod pack;

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

pub use key::{Hasher, Inputs, Key};

use crate::compose::Smaller;
use crate::legibility::Measured;

/// The largest entry file read back, and the largest member in one: a
/// card's PNG is a few MB at most, a language's kit some tens; a file
/// claiming more is damaged, not a reason to allocate it.
pub const ENTRY_MAX: u64 = 256 << 20;

/// A rendered card: its PNG, its SVG when asked for, the slots set below
/// their template's size, and its legibility.
#[derive(Clone, Debug)]
pub struct CardEntry {
    pub png: Vec<u8>,
    pub svg: Option<String>,
    pub smaller: Vec<Smaller>,
    pub measured: Measured,
}

/// A language's press kit: its files and their zip.
#[derive(Clone, Debug)]
pub struct KitEntry {
    pub files: BTreeMap<String, Vec<u8>>,
    pub zip: Vec<u8>,
}

/// Where rendered cards and kits are kept between builds. Reads that fail
/// are misses; writes that fail are skipped (the store says so itself).
pub trait Cache: Sync {
    fn card(&self, key: &Key) -> Option<CardEntry>;
    fn put_card(&self, key: &Key, entry: &CardEntry);
    fn kit(&self, key: &Key) -> Option<KitEntry>;
    fn put_kit(&self, key: &Key, entry: &KitEntry);
}

/// No cache: everything is rendered.
pub struct NoCache;

impl Cache for NoCache {
    fn card(&self, _: &Key) -> Option<CardEntry> {
        None
    }
    fn put_card(&self, _: &Key, _: &CardEntry) {}
    fn kit(&self, _: &Key) -> Option<KitEntry> {
        None
    }
    fn put_kit(&self, _: &Key, _: &KitEntry) {}
}

/// A cache in memory: the preview's between rebuilds, and the shards'
/// cards that `merge` reads.
#[derive(Default)]
pub struct Memory {
    cards: Mutex<HashMap<Key, CardEntry>>,
    kits: Mutex<HashMap<Key, KitEntry>>,
}

impl Memory {
    /// How many cards it holds.
    pub fn cards(&self) -> usize {
        self.cards.lock().map_or(0, |c| c.len())
    }

    /// Keeps only the cards and kits whose keys are in `keep`: what the
    /// last build used, so a long preview does not grow without end.
    pub fn retain(&self, keep: &std::collections::HashSet<Key>) {
        if let Ok(mut cards) = self.cards.lock() {
            cards.retain(|k, _| keep.contains(k));
        }
        if let Ok(mut kits) = self.kits.lock() {
            kits.retain(|k, _| keep.contains(k));
        }
    }
}

impl Cache for Memory {
    fn card(&self, key: &Key) -> Option<CardEntry> {
        self.cards.lock().ok()?.get(key).cloned()
    }
    fn put_card(&self, key: &Key, entry: &CardEntry) {
        if let Ok(mut cards) = self.cards.lock() {
            cards.insert(*key, entry.clone());
        }
    }
    fn kit(&self, key: &Key) -> Option<KitEntry> {
        self.kits.lock().ok()?.get(key).cloned()
    }
    fn put_kit(&self, key: &Key, entry: &KitEntry) {
        if let Ok(mut kits) = self.kits.lock() {
            kits.insert(*key, entry.clone());
        }
    }
}

/// Reads through to another cache and writes nothing: `build --check`.
pub struct ReadOnly<'a>(pub &'a dyn Cache);

impl Cache for ReadOnly<'_> {
    fn card(&self, key: &Key) -> Option<CardEntry> {
        self.0.card(key)
    }
    fn put_card(&self, _: &Key, _: &CardEntry) {}
    fn kit(&self, key: &Key) -> Option<KitEntry> {
        self.0.kit(key)
    }
    fn put_kit(&self, _: &Key, _: &KitEntry) {}
}

/// Reads and writes through to another cache, and keeps a copy of every
/// card entry the build used: a shard's cards, for `merge`.
pub struct Recording<'a> {
    inner: &'a dyn Cache,
    cards: Mutex<BTreeMap<Key, CardEntry>>,
}

impl<'a> Recording<'a> {
    pub fn new(inner: &'a dyn Cache) -> Recording<'a> {
        Recording {
            inner,
            cards: Mutex::new(BTreeMap::new()),
        }
    }

    /// Every card entry used, by key.
    pub fn into_cards(self) -> BTreeMap<Key, CardEntry> {
        self.cards.into_inner().unwrap_or_default()
    }

    fn keep(&self, key: &Key, entry: &CardEntry) {
        if let Ok(mut cards) = self.cards.lock() {
            cards.insert(*key, entry.clone());
        }
    }
}

impl Cache for Recording<'_> {
    fn card(&self, key: &Key) -> Option<CardEntry> {
        let entry = self.inner.card(key)?;
        self.keep(key, &entry);
        Some(entry)
    }
    fn put_card(&self, key: &Key, entry: &CardEntry) {
        self.keep(key, entry);
        self.inner.put_card(key, entry);
    }
    fn kit(&self, key: &Key) -> Option<KitEntry> {
        self.inner.kit(key)
    }
    fn put_kit(&self, key: &Key, entry: &KitEntry) {
        self.inner.put_kit(key, entry);
    }
}

/// A card entry as one file, and back (for the disk store and shards).
pub fn pack_card(entry: &CardEntry) -> Result<Vec<u8>, String> {
    pack::card(entry)
}

/// A card entry read back from its file; `Err` says why it was refused.
pub fn unpack_card(bytes: &[u8]) -> Result<CardEntry, String> {
    pack::read_card(bytes)
}
