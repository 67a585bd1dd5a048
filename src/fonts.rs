//! The font database: every face from the project's `fonts/` folder, loaded
//! once per run and shared by the text engine and the renderer, so what is
//! measured is what is drawn. System fonts are never consulted.

use std::path::PathBuf;
use std::sync::Arc;

use resvg::usvg::fontdb::{self, Database, Family, ID, Query, Stretch, Style, Weight};

use crate::problem::{Location, Problem};

/// The fonts of one run.
#[derive(Clone)]
pub struct Fonts {
    db: Arc<Database>,
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
    pub fn from_files(files: Vec<(PathBuf, Vec<u8>)>) -> (Fonts, Vec<Problem>) {
        let mut db = Database::new();
        let mut problems = Vec::new();
        for (path, data) in files {
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
        (Fonts { db: Arc::new(db) }, problems)
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
