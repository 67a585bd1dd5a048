//! Content keys: what a card, a kit or a whole build depends on, digested.
//!
//! A key is the SHA-256 of every input that can change the result, each
//! written with its name and length so no two inputs run together. Pure:
//! it hashes what it is given and reads nothing.

use std::fmt;

use sha2::{Digest, Sha256};

use crate::project::Project;

/// handbill's own fingerprint: its version and a digest of the sources it
/// was compiled from (see `fingerprint.rs`). A key made by other code is
/// another key.
pub const FINGERPRINT: &str = env!("HANDBILL_FINGERPRINT");

/// A content key: 32 bytes, shown as 64 hex digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key([u8; 32]);

impl Key {
    /// The key 64 hex digits name, if they do.
    pub fn parse(hex: &str) -> Option<Key> {
        if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let mut out = [0; 32];
        for (i, byte) in out.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok()?;
        }
        Some(Key(out))
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

/// Builds a key from named parts.
#[derive(Clone)]
pub struct Hasher(Sha256);

impl Hasher {
    /// A key for `what` ("card", "kit", "build"), made by this handbill.
    pub fn new(what: &str) -> Hasher {
        let mut h = Hasher(Sha256::new());
        h.part("what", what.as_bytes());
        h.part("handbill", FINGERPRINT.as_bytes());
        h
    }

    /// Adds one named input. The name and the bytes are length-prefixed, so
    /// `("a", "bc")` and `("ab", "c")` differ.
    pub fn part(&mut self, name: &str, bytes: &[u8]) -> &mut Hasher {
        for piece in [name.as_bytes(), bytes] {
            self.0.update((piece.len() as u64).to_le_bytes());
            self.0.update(piece);
        }
        self
    }

    /// Adds a value by its `Debug` form: for the resolved definitions
    /// (formats, kinds, colours) whose every field matters.
    pub fn debug(&mut self, name: &str, value: &dyn fmt::Debug) -> &mut Hasher {
        self.part(name, format!("{value:?}").as_bytes())
    }

    /// Adds another key.
    pub fn key(&mut self, name: &str, key: Key) -> &mut Hasher {
        self.part(name, &key.0)
    }

    pub fn finish(&self) -> Key {
        Key(self.0.clone().finalize().into())
    }
}

/// The digests of a project's inputs, grouped by what reads them.
#[derive(Clone, Copy, Debug)]
pub struct Inputs {
    /// The fonts, their licences and `fonts.yaml`: every card and kit.
    pub fonts: Key,
    /// The messages folder: campaign, messages, kit, logo, photos.
    pub messages: Key,
    /// Every template.
    pub templates: Key,
    /// The kit's templates only (`templates/kit/`).
    pub kit_templates: Key,
}

impl Inputs {
    /// Digests everything handbill read of the project.
    pub fn of(project: &Project) -> Inputs {
        let mut fonts = Hasher::new("fonts");
        for (path, bytes) in &project.fonts {
            fonts.part(&path.to_string_lossy(), bytes);
        }
        for (name, bytes) in &project.font_licences {
            fonts.part(name, bytes);
        }
        if let Some((path, text)) = &project.font_config {
            fonts.part(&path.to_string_lossy(), text.as_bytes());
        }
        let mut templates = Hasher::new("templates");
        let mut kit_templates = Hasher::new("kit templates");
        for t in &project.templates {
            let name = format!("{}:{:?}", t.path.display(), t.direction);
            templates.part(&name, t.source.as_bytes());
            if t.folder == "kit" {
                kit_templates.part(&name, t.source.as_bytes());
            }
        }
        Inputs {
            fonts: fonts.finish(),
            messages: messages(project),
            templates: templates.finish(),
            kit_templates: kit_templates.finish(),
        }
    }

    /// Everything: the key of a whole build, with its options.
    pub fn build(&self, options: &dyn fmt::Debug) -> Key {
        Hasher::new("build")
            .key("fonts", self.fonts)
            .key("messages", self.messages)
            .key("templates", self.templates)
            .debug("options", options)
            .finish()
    }
}

/// The messages folder's files: the campaign, the messages, the kit, the
/// images and photos, and what reading them found.
fn messages(project: &Project) -> Key {
    let mut h = Hasher::new("messages");
    let (campaign, text) = &project.sources.campaign;
    h.part(&campaign.to_string_lossy(), text.as_bytes());
    for (path, text) in project.sources.messages.iter().chain(&project.kit) {
        h.part(&path.to_string_lossy(), text.as_bytes());
    }
    for (name, bytes) in &project.assets {
        h.part(name, bytes);
    }
    for (path, bytes) in &project.photos {
        h.part(&path.to_string_lossy(), bytes);
    }
    h.debug("problems", &project.problems);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_reads_back_from_its_hex() {
        let key = Hasher::new("card").part("x", b"1").finish();
        let hex = key.to_string();
        assert_eq!(hex.len(), 64);
        assert_eq!(Key::parse(&hex), Some(key));
        assert_eq!(Key::parse(&hex[1..]), None);
        assert_eq!(Key::parse(&"g".repeat(64)), None);
    }

    #[test]
    fn parts_do_not_run_together() {
        let one = Hasher::new("card").part("a", b"bc").finish();
        let two = Hasher::new("card").part("ab", b"c").finish();
        assert_ne!(one, two);
        let three = Hasher::new("kit").part("a", b"bc").finish();
        assert_ne!(one, three, "what is keyed is part of the key");
    }
}
