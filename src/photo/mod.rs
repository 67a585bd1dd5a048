//! Photos: each message's photo decoded once per build, checked against the
//! pixel limit, then cropped around its focus and scaled to each photo
//! slot's size on the card, and embedded; never the full-size file.
//!
//! The bytes come from the project loader (`project.rs`, the one place
//! that reads files); the `photo:` field is checked by `campaign/photo.rs`;
//! the slot is found by `template/picture.rs`. This module reads and
//! writes no file: it turns bytes into pixels (`decode.rs`, turned upright
//! by `orient.rs`), pixels into `data:` URLs (`crop.rs`), and URLs into
//! edits of a card's SVG (`place.rs`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use resvg::tiny_skia::Pixmap;

use crate::campaign::{Campaign, Photo};
use crate::card::Card;
use crate::error::Bug;
use crate::problem::Problem;
use crate::project::Project;
use crate::template::Template;
use crate::typography::t;

mod crop;
mod decode;
mod orient;
mod place;

pub use decode::{DecodeError, MAX_PIXELS, decode};
pub use place::{CardPhoto, edits, unmirror};

/// The optional text slot a template credits its photo in.
pub const CREDIT_SLOT: &str = "photo-credit";

/// The campaign's photos: decoded once each, and the files as they were
/// read, for the press kit.
#[derive(Default)]
pub struct Photos {
    decoded: BTreeMap<PathBuf, Pixmap>,
    /// Each photo file used by a message, by its path in the messages
    /// folder, as read.
    pub files: BTreeMap<PathBuf, Vec<u8>>,
}

/// Decodes every photo a message names, once each; a file that is missing
/// or will not decode is a problem at each `photo:` that names it.
pub fn prepare(project: &Project, campaign: &Campaign, problems: &mut Vec<Problem>) -> Photos {
    let mut photos = Photos::default();
    let mut failed: BTreeMap<&Path, (String, &str)> = BTreeMap::new();
    for (m, p) in campaign
        .messages
        .iter()
        .filter_map(|m| Some((m, m.photo.as_ref()?)))
    {
        let file = p.file.as_path();
        if !photos.decoded.contains_key(file) && !failed.contains_key(file) {
            match read(project, file) {
                Ok(Some(pixmap)) => {
                    let kept = crop::keep_for_cards(pixmap);
                    photos.decoded.insert(file.to_owned(), kept);
                    let bytes = project.photos.get(file).cloned().unwrap_or_default();
                    photos.files.insert(file.to_owned(), bytes);
                }
                Ok(None) => continue, // the project loader said why
                Err(why) => {
                    failed.insert(file, why);
                }
            }
        }
        if let Some((what, hint)) = failed.get(file) {
            let what = format!("the photo {:?} {what}", file.display().to_string());
            problems.push(
                Problem::new(p.location.clone(), what)
                    .message(&m.id)
                    .hint(*hint),
            );
        }
    }
    photos
}

/// A photo's pixels; `Ok(None)` when reading the project already refused
/// the file (a link out of the folder, a file too large), which says why.
fn read(project: &Project, file: &Path) -> Result<Option<Pixmap>, (String, &'static str)> {
    let Some(bytes) = project.photos.get(file) else {
        let refused = project
            .problems
            .iter()
            .any(|p| p.location.file.ends_with(file));
        if refused {
            return Ok(None);
        }
        return Err((
            "is not in the messages folder".to_owned(),
            "put the photo in messages/ (or a folder in it, such as messages/photos/) and give its path from there in `file:`",
        ));
    };
    decode(bytes).map(Some).map_err(|e| match e {
        DecodeError::Unsupported(what) => (
            format!("is {what}, not a JPEG, PNG or WebP image"),
            "export the photo as JPEG from any photo editor",
        ),
        DecodeError::TooLarge(w, h) => (
            format!("is {w}×{h} pixels, over the limit of 50 megapixels"),
            "scale the photo down (a card is at most 1080×1920 pixels; 3000 pixels on the long side is plenty)",
        ),
        DecodeError::Corrupt(why) => (
            format!("cannot be decoded ({why})"),
            "the file is damaged or cut short: export the photo again from its editor",
        ),
    })
}

/// What a card needs of a photo: the file, the focus and the slot's size.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Cut {
    file: PathBuf,
    /// The focus as the bits of its two fractions (floats are not `Ord`).
    focus: (u32, u32),
    pixels: (u32, u32),
}

impl Cut {
    pub fn new(photo: &Photo, pixels: (u32, u32)) -> Cut {
        Cut {
            file: photo.file.clone(),
            focus: (photo.focus.0.to_bits(), photo.focus.1.to_bits()),
            pixels,
        }
    }
}

/// Each cut a build's cards need, as a `data:` URL: cropped and encoded
/// once however many cards show it, in parallel.
pub fn embed(photos: &Photos, mut cuts: Vec<Cut>) -> Result<BTreeMap<Cut, String>, Bug> {
    cuts.sort();
    cuts.dedup();
    cuts.into_par_iter()
        .filter_map(|cut| {
            let photo = photos.decoded.get(&cut.file)?;
            let focus = (f32::from_bits(cut.focus.0), f32::from_bits(cut.focus.1));
            let url = crop::crop(photo, cut.pixels, focus)
                .ok_or_else(|| {
                    Bug::new(
                        format!("cropping the photo {}", cut.file.display()),
                        "no pixels",
                    )
                })
                .and_then(|p| {
                    crop::data_url(&p).map_err(|e| {
                        Bug::new(format!("encoding the photo {}", cut.file.display()), e)
                    })
                });
            Some(url.map(|u| (cut, u)))
        })
        .collect()
}

/// Each card's photo, cut for its template's slot (`None` for a card whose
/// message has none): every cut cropped and embedded once, then handed to
/// the cards that show it.
pub struct ForCards<'a> {
    photos: BTreeMap<&'a str, &'a Photo>,
    urls: BTreeMap<Cut, String>,
}

impl<'a> ForCards<'a> {
    /// Embeds every cut the cards need; `template` is the card's template.
    pub fn new(
        prepared: &'a Photos,
        campaign: &'a Campaign,
        cards: &[&Card],
        template: &dyn Fn(&Card) -> Option<&'a Template>,
    ) -> Result<ForCards<'a>, Bug> {
        let photos = campaign
            .messages
            .iter()
            .filter_map(|m| Some((m.id.as_str(), m.photo.as_ref()?)))
            .collect();
        let mut this = ForCards {
            photos,
            urls: BTreeMap::new(),
        };
        let cuts = cards
            .iter()
            .filter_map(|c| this.cut(c, template(c)?))
            .collect();
        this.urls = embed(prepared, cuts)?;
        Ok(this)
    }

    /// The cut a card needs: its message's photo at its slot's size.
    fn cut(&self, card: &Card, template: &Template) -> Option<Cut> {
        let photo = self.photos.get(card.message.as_str())?;
        let slot = template.pictures.photo.as_ref()?;
        Some(Cut::new(photo, slot.pixels))
    }

    /// The card's photo, in the card's language.
    pub fn card(&self, card: &Card, template: Option<&Template>) -> Option<CardPhoto<'_>> {
        let photo = self.photos.get(card.message.as_str())?;
        let url = template
            .and_then(|t| self.cut(card, t))
            .and_then(|cut| self.urls.get(&cut))
            .map(String::as_str);
        Some(CardPhoto {
            url,
            credit: t(&photo.credit, &card.text_language).to_owned(),
            location: &photo.location,
        })
    }
}
