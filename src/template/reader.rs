//! One template file being read: the path it was read from, its parsed
//! document, the format and fonts it is checked against, and the problems
//! found so far.
//!
//! Every problem in a template is made here, located at a node of this
//! document in the file the project loader read — whatever folder
//! `--templates` names — so no step writes a path of its own. This module
//! only locates and collects problems; it decides nothing about what a
//! template must be.

use std::path::Path;

use roxmltree::{Document, Node};
use simplecss::StyleSheet;

use crate::fonts::Fonts;
use crate::format::Format;
use crate::problem::{Location, Problem};

/// A template being read, and the problems found in it so far.
pub(super) struct Reader<'a, 'input> {
    /// The file as the project loader read it.
    pub path: &'a Path,
    pub doc: &'a Document<'input>,
    pub format: &'static Format,
    pub fonts: &'a Fonts,
    /// The rules of the template's `<style>` elements, as usvg applies them.
    pub sheet: StyleSheet<'a>,
    pub problems: Vec<Problem>,
}

impl<'a, 'input> Reader<'a, 'input> {
    pub fn new(
        path: &'a Path,
        doc: &'a Document<'input>,
        format: &'static Format,
        fonts: &'a Fonts,
    ) -> Self {
        Reader {
            path,
            doc,
            format,
            fonts,
            sheet: super::slot::sheet::parse(doc),
            problems: Vec::new(),
        }
    }

    /// Where a node starts in the template file.
    pub fn at(&self, n: Node) -> Location {
        let p = self.doc.text_pos_at(n.range().start);
        Location::new(self.path, p.row, p.col)
    }

    /// Where a piece of the template's text is, when it is a slice of the
    /// source (a stylesheet's declaration, say); `None` for text the parser
    /// had to copy (one with entities).
    pub fn at_text(&self, piece: &str) -> Option<Location> {
        let p = self.doc.text_pos_at(self.offset_of(piece)?);
        Some(Location::new(self.path, p.row, p.col))
    }

    /// Where a slice of the source starts in it; `None` for other text.
    pub fn offset_of(&self, piece: &str) -> Option<usize> {
        let source = self.doc.input_text();
        let offset = (piece.as_ptr() as usize).checked_sub(source.as_ptr() as usize)?;
        (offset + piece.len() <= source.len()).then_some(offset)
    }

    /// A problem at a node, naming this template.
    pub fn problem(&self, n: Node, what: impl Into<String>) -> Problem {
        Problem::new(self.at(n), what).template(self.path)
    }

    /// A problem at a place in this template found by other means.
    pub fn problem_at(&self, location: Location, what: impl Into<String>) -> Problem {
        Problem::new(location, what).template(self.path)
    }

    /// A problem with the whole file, naming this template.
    pub fn problem_in_file(&self, what: impl Into<String>) -> Problem {
        Problem::new(Location::file(self.path), what).template(self.path)
    }

    /// Records a problem.
    pub fn report(&mut self, p: Problem) {
        self.problems.push(p);
    }

    /// The problems found, if any: a template with any is not used.
    pub fn finish(self) -> Result<(), Vec<Problem>> {
        if self.problems.is_empty() {
            Ok(())
        } else {
            Err(self.problems)
        }
    }
}
