//! An embargo, said by every file of the kit, each in the way its format
//! allows and its readers look: the documents handbill writes carry the
//! line themselves (the PDFs on every page and in their metadata, the
//! pages and text files at the top, the CSVs in an `embargo` column, each
//! vCard in a NOTE, the manifest in a field); the files the kit copies in
//! as they are — cards, the factsheet PNG, the logo, photos, font licences
//! — are marked here ([`mark`]); and [`unmarked_files`] reads every file
//! back as its format is read, so the builder can prove that none was
//! missed, and a check can ask the same question.
//!
//! The wording is always `Kit::embargo_line`, the same everywhere.
//!
//! Pure: takes and returns bytes; writes no file, and never changes a kit
//! without an embargo.

mod mark;
mod read;

pub use mark::mark;
pub use read::unmarked_files;

/// The embargo as a kit of one language says it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// `Kit::embargo_line` in the kit's language.
    pub line: String,
    /// The kit's language (a BCP 47 tag), for the PNG text chunk.
    pub lang: String,
}

/// The PNG text keyword (and the JPEG comment's opening word) the line is
/// written under.
pub const KEYWORD: &str = "Embargo";

/// The line as the top of a Markdown file shows it, in bold.
pub fn markdown_line(line: &str) -> String {
    format!("**{}**", super::documents::markdown_escape(line))
}

/// The line as the top of an HTML page shows it (`index.html` and the
/// FAQ page, from their templates).
pub fn html_line(line: &str) -> String {
    format!(
        "<p class=\"embargo\"><strong>{}</strong></p>",
        crate::compose::escape(line)
    )
}

/// An XMP packet that says the line as IPTC Core's "Instructions"
/// (`photoshop:Instructions`), the field the IPTC Photo Metadata
/// Standard gives to embargoes, which photo desks' software shows.
pub fn xmp(line: &str) -> String {
    format!(
        "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description rdf:about=\"\" xmlns:photoshop=\"http://ns.adobe.com/photoshop/1.0/\"><photoshop:Instructions>{}</photoshop:Instructions></rdf:Description></rdf:RDF></x:xmpmeta>",
        crate::compose::escape(line)
    )
}
