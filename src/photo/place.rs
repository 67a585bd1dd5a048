//! Putting a card's photo into its template, and keeping pictures from
//! mirroring on right-to-left cards: edits of the template's source.
//!
//! On a mirrored card the whole artwork is flipped left to right. A photo
//! and every raster image move to their mirrored places but are flipped
//! back around their own centres, so their pixels read as taken; an
//! element marked `data-mirror="no"` is flipped back across the canvas, so
//! it keeps its place too. Nothing here decodes or lays out text.

use crate::compose::{Fill, escape, num};
use crate::problem::{Location, Problem};
use crate::template::{Edit, Template};

/// A card's photo: its embedded picture (cropped for this template's slot,
/// `None` when the template has no slot), its credit in the card's
/// language, and where `photo:` is written.
#[derive(Clone, Debug)]
pub struct CardPhoto<'a> {
    pub url: Option<&'a str>,
    pub credit: String,
    pub location: &'a Location,
}

/// The photo slot filled with the card's photo, or removed when the card
/// has none; a photo with no slot to go in is a problem at `photo:`.
pub fn edits(template: &Template, card: &Fill, mirror: bool) -> Result<Vec<Edit>, Problem> {
    let slot = template.pictures.photo.as_ref();
    let (slot, url) = match (slot, card.photo) {
        (None, None) => return Ok(Vec::new()),
        (Some(slot), None) => return Ok(vec![replace(&slot.range, String::new())]),
        (Some(slot), Some(CardPhoto { url: Some(url), .. })) => (slot, url),
        (_, Some(photo)) => return Err(no_slot(template, card, photo.location)),
    };
    let mut edits = slot.drops.clone();
    let attributes = format!(" href=\"{}\" preserveAspectRatio=\"none\"", escape(url));
    edits.push(insert(slot.href_at, attributes));
    if let Some(centre) = slot.centre.filter(|_| mirror) {
        edits.extend(flip_back(&slot.range, 2.0 * centre));
    }
    Ok(edits)
}

/// The message has a photo, the template nowhere to put it.
fn no_slot(template: &Template, card: &Fill, at: &Location) -> Problem {
    Problem {
        context: card.context.clone(),
        ..Problem::new(at.clone(), "the message has a photo, but its template has no `photo` slot")
    }
    .template(&template.path)
    .slot("photo")
    .hint(format!(
        "add an <image id=\"photo\"> with x, y, width and height to {} (see templates/README.md), or remove the photo from the message",
        template.path.display()
    ))
}

/// On a mirrored card: raster images flipped back around their centres,
/// and elements marked `data-mirror="no"` flipped back across the canvas.
pub fn unmirror(template: &Template) -> Vec<Edit> {
    let p = &template.pictures;
    let images = p.images.iter().flat_map(|(r, c)| flip_back(r, 2.0 * c));
    let width = template.format.width as f32;
    let kept = p.kept.iter().flat_map(|r| flip_back(r, width));
    images.chain(kept).collect()
}

/// A group around `range` that flips it across x = `axis` / 2.
fn flip_back(range: &std::ops::Range<usize>, axis: f32) -> [Edit; 2] {
    let g = format!("<g transform=\"matrix(-1 0 0 1 {} 0)\">", num(axis));
    [insert(range.start, g), insert(range.end, "</g>".to_owned())]
}

fn replace(range: &std::ops::Range<usize>, text: String) -> Edit {
    Edit {
        range: range.clone(),
        text,
    }
}

fn insert(at: usize, text: String) -> Edit {
    replace(&(at..at), text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_flips_back_around_the_axis() {
        let [open, close] = flip_back(&(4..9), 240.0);
        assert_eq!((open.range, close.range), (4..4, 9..9));
        assert_eq!(open.text, "<g transform=\"matrix(-1 0 0 1 240 0)\">");
        assert_eq!(close.text, "</g>");
    }
}
