//! The font database: every face from the project's `fonts/` folder, loaded
//! once per run and shared by the text engine and the renderer, so what is
//! measured is what is drawn. System fonts are never consulted.
//!
//! Which fonts set a script the template's font lacks (Arabic, say) is data:
//! `fonts/fonts.yaml` maps script names to families, tried in order.
//!
//! A file that holds no font, or one cut short, is a problem naming the
//! file; nothing here reads a file itself.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use serde_saphyr::Spanned;
use unicode_script::Script;

use resvg::usvg::fontdb::{self, Database, Family, ID, Query, Stretch, Style, Weight};

use crate::problem::{Location, Problem};

/// The fonts of one run.
#[derive(Clone)]
pub struct Fonts {
    db: Arc<Database>,
    /// Script name (as Unicode names it: "Arabic", "Cyrillic") → families.
    fallback: BTreeMap<String, Vec<String>>,
    /// The characters each face has a glyph for, read once per run: the
    /// text engine asks for every character of every card.
    coverage: Arc<HashMap<ID, HashSet<char>>>,
    /// The faces that draw their glyphs in colour (bitmaps, layers or SVG),
    /// as usvg draws them: colour emoji fonts.
    colour: Arc<HashSet<ID>>,
    /// Who made the fonts and their licence, as `fonts.yaml`'s `credits:`
    /// gives it for the press kit's credits.
    credits: Option<String>,
}

/// Vertical metrics of a face, in font units.
#[derive(Clone, Copy, Debug)]
pub struct Metrics {
    pub units_per_em: f32,
    pub ascender: f32,
    pub descender: f32,
}

impl Fonts {
    /// Builds the database from font files (path, bytes). A file that holds
    /// no usable face is a problem.
    /// `config` is `fonts/fonts.yaml`, when there is one.
    pub fn from_files(
        files: Vec<(PathBuf, Vec<u8>)>,
        config: Option<&(PathBuf, String)>,
    ) -> (Fonts, Vec<Problem>) {
        let mut db = Database::new();
        let mut problems = Vec::new();
        for (path, data) in files {
            if let Some(cut) = cut_short(&data) {
                problems.push(
                    Problem::new(Location::file(&path), cut)
                        .hint("the file is damaged: download the font again from its publisher, or remove it from fonts/"),
                );
                continue;
            }
            let before = db.len();
            db.load_font_data(data);
            if db.len() == before {
                problems.push(
                    Problem::new(
                        Location::file(&path),
                        "this file holds no font handbill can read",
                    )
                    .hint("use TrueType (.ttf) or OpenType (.otf) files, or remove it from fonts/"),
                );
            }
        }
        // usvg falls back to these generic families; point them at fonts we
        // ship so a template that says `sans-serif` still renders the same
        // everywhere.
        db.set_sans_serif_family("Noto Sans");
        db.set_serif_family("Noto Sans");
        let (coverage, colour) = read_coverage(&db);
        let mut fonts = Fonts {
            db: Arc::new(db),
            fallback: BTreeMap::new(),
            coverage: Arc::new(coverage),
            colour: Arc::new(colour),
            credits: None,
        };
        if let Some((path, text)) = config {
            (fonts.fallback, fonts.credits) = fonts.read_config(path, text, &mut problems);
        }
        (fonts, problems)
    }

    fn read_config(
        &self,
        path: &PathBuf,
        text: &str,
        problems: &mut Vec<Problem>,
    ) -> (BTreeMap<String, Vec<String>>, Option<String>) {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Config {
            fallback: BTreeMap<String, Vec<Spanned<String>>>,
            #[serde(default)]
            credits: Option<String>,
        }
        let hint = "fonts.yaml holds `fallback:`, a map from script name to a list of font families, and `credits:`, a text";
        let config: Config = match crate::yaml::parse(path, text, hint) {
            Ok(c) => c,
            Err(p) => {
                problems.push(p);
                return (BTreeMap::new(), None);
            }
        };
        let names = self.family_names();
        let mut out = BTreeMap::new();
        for (script, families) in config.fallback {
            for f in &families {
                if !names.contains(&f.value) {
                    problems.push(
                        Problem::new(
                            Location::new(
                                path,
                                f.referenced.line() as u32,
                                f.referenced.column() as u32,
                            ),
                            format!("no font in fonts/ has the family {:?}", f.value),
                        )
                        .hint(format!(
                            "add the font file to fonts/, or use one of: {}",
                            names.join(", ")
                        )),
                    );
                }
            }
            out.insert(script, families.into_iter().map(|f| f.value).collect());
        }
        (out, config.credits)
    }

    /// The fonts' credits for the press kit, when `fonts.yaml` gives them.
    pub fn credits(&self) -> Option<&str> {
        self.credits.as_deref()
    }

    /// Whether a face has a glyph for a character.
    pub fn has_char(&self, id: ID, c: char) -> bool {
        self.coverage.get(&id).is_some_and(|set| set.contains(&c))
    }

    /// The face that sets `c` when `primary` lacks it: the first family of
    /// the chain for `script` (then the chain named "default") that has it,
    /// in the primary face's weight and style.
    pub fn fallback(&self, primary: ID, c: char, script: Script) -> Option<ID> {
        self.chain(primary, c, script)
            .find(|id| self.has_char(*id, c))
    }

    /// Whether a face draws its glyphs in colour: a colour emoji font.
    pub fn is_colour(&self, id: ID) -> bool {
        self.colour.contains(&id)
    }

    /// The face that sets a whole emoji sequence (a grapheme cluster):
    /// `primary`, then the fallback chain of `script` and the default chain,
    /// the first with a glyph for each of its characters (variation
    /// selectors and tags aside, which the shaper hides), a colour face
    /// first when `colour` is asked for and a plain one first otherwise.
    /// usvg shapes the cluster with the face handbill names for it, so the
    /// sequence is drawn as one glyph exactly when it is measured as one.
    pub fn for_cluster(
        &self,
        primary: ID,
        cluster: &str,
        script: Script,
        colour: bool,
    ) -> Option<ID> {
        let first = cluster.chars().next()?;
        let covers = |id: &ID| {
            cluster
                .chars()
                .all(|c| is_hidden_by_shaper(c) || self.has_char(*id, c))
        };
        let candidates = || std::iter::once(primary).chain(self.chain(primary, first, script));
        candidates()
            .filter(|id| self.is_colour(*id) == colour)
            .find(covers)
            .or_else(|| candidates().find(covers))
    }

    /// The faces of the fallback chains for `c` around `script`: the chain
    /// of the script around the character, then of every script the
    /// character is used in (the Arabic comma is used in Arabic, Syriac and
    /// more), then the default chain; each family in the primary face's
    /// weight and style.
    fn chain(&self, primary: ID, c: char, script: Script) -> impl Iterator<Item = ID> + '_ {
        use unicode_script::UnicodeScript;
        let info = self.db.face(primary);
        let scripts = std::iter::once(script).chain(c.script_extension().iter());
        scripts
            .filter_map(|s| self.fallback.get(s.full_name()))
            .chain(self.fallback.get("default"))
            .flatten()
            .filter_map(move |family| {
                let info = info?;
                self.db.query(&Query {
                    families: &[Family::Name(family)],
                    weight: info.weight,
                    stretch: info.stretch,
                    style: info.style,
                })
            })
    }

    /// The family name of a face, as a template would write it.
    pub fn family(&self, id: ID) -> String {
        self.db
            .face(id)
            .and_then(|f| f.families.first().map(|(n, _)| n.clone()))
            .unwrap_or_default()
    }

    /// The shared database, for usvg.
    pub fn db(&self) -> Arc<Database> {
        Arc::clone(&self.db)
    }

    /// Finds the face for a family list, weight and style the way usvg does.
    pub fn resolve(&self, families: &[String], weight: u16, italic: bool) -> Option<ID> {
        let families: Vec<Family> = families
            .iter()
            .map(|f| match f.as_str() {
                "sans-serif" => Family::SansSerif,
                "serif" => Family::Serif,
                "monospace" => Family::Monospace,
                other => Family::Name(other),
            })
            .collect();
        let id = self.db.query(&Query {
            families: &families,
            weight: Weight(weight),
            stretch: Stretch::Normal,
            style: if italic { Style::Italic } else { Style::Normal },
        })?;
        // fontdb matches the nearest weight within a family; accept that, but
        // only within the families asked for.
        Some(id)
    }

    /// The family, weight and italic of the face whose PostScript name is
    /// `name` (Illustrator names fonts so: `NotoSans-Bold`); `None` when
    /// `name` is a family's name, which CSS means first.
    pub fn by_postscript_name(&self, name: &str) -> Option<(String, u16, bool)> {
        let is_family = |f: &fontdb::FaceInfo| f.families.iter().any(|(n, _)| n == name);
        if self.db.faces().any(is_family) {
            return None;
        }
        let face = self.db.faces().find(|f| f.post_script_name == name)?;
        let family = face.families.first()?.0.clone();
        Some((family, face.weight.0, face.style != Style::Normal))
    }

    /// The family names of all faces, for error messages.
    pub fn family_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .db
            .faces()
            .filter_map(|f| f.families.first().map(|(n, _)| n.clone()))
            .collect();
        names.sort();
        names.dedup();
        names
    }

    /// Runs `f` with the face's bytes and index.
    pub fn with_face<T>(&self, id: ID, f: impl FnOnce(&[u8], u32) -> T) -> Option<T> {
        self.db.with_face_data(id, f)
    }

    /// The face's vertical metrics.
    pub fn metrics(&self, id: ID) -> Option<Metrics> {
        self.with_face(id, |data, index| {
            let face = rustybuzz::ttf_parser::Face::parse(data, index).ok()?;
            Some(Metrics {
                units_per_em: face.units_per_em() as f32,
                ascender: face.ascender() as f32,
                descender: face.descender() as f32,
            })
        })?
    }

    /// A face's PostScript-ish name for messages.
    pub fn face_name(&self, id: ID) -> String {
        self.db
            .face(id)
            .map(|f| f.post_script_name.clone())
            .unwrap_or_default()
    }

    pub fn is_empty(&self) -> bool {
        self.db.is_empty()
    }
}

pub use fontdb::ID as FaceId;

/// Characters the shaper never draws a glyph for when the font has none:
/// variation selectors (U+FE0E text, U+FE0F emoji presentation, and the
/// supplement) and the tag characters of subdivision flags. rustybuzz
/// hides them, as HarfBuzz does, so they need no glyph of their own.
pub fn is_hidden_by_shaper(c: char) -> bool {
    matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}' | '\u{E0020}'..='\u{E007F}')
}

/// Whether a character belongs to emoji: an emoji of the Unicode list, or a
/// piece of an emoji sequence (keycap, regional indicator, skin tone). A
/// missing one asks for an emoji font, not for a script's.
pub fn is_emoji_part(c: char) -> bool {
    let mut buf = [0u8; 4];
    emojis::get(c.encode_utf8(&mut buf)).is_some()
        || matches!(c, '\u{20E3}' | '\u{1F1E6}'..='\u{1F1FF}' | '\u{1F3FB}'..='\u{1F3FF}')
}

/// The characters each face has a glyph for, and which faces draw in
/// colour (a `CBDT`, `sbix`, `COLR` or `SVG ` table: what usvg draws as
/// bitmaps, layers or pictures).
fn read_coverage(db: &Database) -> (HashMap<ID, HashSet<char>>, HashSet<ID>) {
    let mut coverage = HashMap::new();
    let mut colour = HashSet::new();
    for f in db.faces() {
        let chars = db
            .with_face_data(f.id, |data, index| {
                let face = rustybuzz::ttf_parser::Face::parse(data, index).ok()?;
                let t = face.tables();
                if t.cbdt.is_some() || t.sbix.is_some() || t.colr.is_some() || t.svg.is_some() {
                    colour.insert(f.id);
                }
                Some(characters(&face))
            })
            .flatten()
            .unwrap_or_default();
        coverage.insert(f.id, chars);
    }
    (coverage, colour)
}

/// The characters a face maps to a glyph in its Unicode `cmap` subtables.
fn characters(face: &rustybuzz::ttf_parser::Face) -> HashSet<char> {
    let mut set = HashSet::new();
    for sub in face.tables().cmap.iter().flat_map(|c| c.subtables) {
        if sub.is_unicode() {
            sub.codepoints(|cp| {
                if let Some(c) = char::from_u32(cp).filter(|c| face.glyph_index(*c).is_some()) {
                    set.insert(c);
                }
            });
        }
    }
    set
}

/// How a font file is cut short, if it is: a table its directory lists
/// that runs past the end of the file. fontdb and ttf-parser read such a
/// face without a word and draw its missing glyphs as nothing, so the
/// cards would lose their text.
fn cut_short(data: &[u8]) -> Option<String> {
    use rustybuzz::ttf_parser::{RawFace, fonts_in_collection};
    for index in 0..fonts_in_collection(data).unwrap_or(1) {
        let Ok(face) = RawFace::parse(data, index) else {
            continue;
        };
        for t in face.table_records {
            let end = u64::from(t.offset) + u64::from(t.length);
            if end > data.len() as u64 {
                return Some(format!(
                    "the font file is cut short: its `{}` table ends at byte {end}, but the file has {} bytes",
                    t.tag,
                    data.len()
                ));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variation_selectors_and_tags_are_hidden_and_emoji_pieces_known() {
        for c in [
            '\u{FE0E}',
            '\u{FE0F}',
            '\u{E0100}',
            '\u{E0067}',
            '\u{E007F}',
        ] {
            assert!(is_hidden_by_shaper(c), "{c:?}");
        }
        for c in ['\u{200D}', '\u{200C}', 'a', '\u{20E3}'] {
            assert!(!is_hidden_by_shaper(c), "{c:?}");
        }
        for c in ['👩', '\u{20E3}', '🇬', '🏽', '👍'] {
            assert!(is_emoji_part(c), "{c:?}");
        }
        for c in ['a', 'ب', '1', '\u{200D}'] {
            assert!(!is_emoji_part(c), "{c:?}");
        }
    }

    #[test]
    fn a_font_cut_anywhere_after_its_directory_is_found() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts/NotoSans-Bold.ttf");
        let data = std::fs::read(path).expect("font");
        assert_eq!(cut_short(&data), None);
        let cut = cut_short(&data[..data.len() * 9 / 10]).expect("cut short");
        assert!(cut.contains("table ends at byte"), "{cut}");
        // Too short for a directory: fontdb refuses it as no font.
        assert_eq!(cut_short(&data[..8]), None);
        assert_eq!(cut_short(&[]), None);
    }
}
