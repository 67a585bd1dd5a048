//! Problems in the user's files, each with its location and what to do.
//!
//! Every stage returns values plus a list of `Problem`s instead of stopping at
//! the first one, so a communications officer or designer sees everything that
//! needs fixing in one run. This module only describes problems; printing is
//! the binary's job.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Where a problem is: a file, and a 1-based line and column when known.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Location {
    pub file: PathBuf,
    pub line: u32,
    pub column: u32,
}

impl Location {
    pub fn new(file: impl Into<PathBuf>, line: u32, column: u32) -> Self {
        Location {
            file: file.into(),
            line,
            column,
        }
    }

    /// A location naming a whole file (line and column unknown).
    pub fn file(file: impl Into<PathBuf>) -> Self {
        Location::new(file, 0, 0)
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.column)?;
        }
        Ok(())
    }
}

/// What a problem is about, beyond its location: the card it stops.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Context {
    pub message: Option<String>,
    /// A carousel's slide, from 1.
    pub slide: Option<usize>,
    pub language: Option<String>,
    pub format: Option<String>,
    pub template: Option<PathBuf>,
    pub slot: Option<String>,
}

/// How much a problem stops: an error stops the build (exit 1); a warning
/// is reported and the cards are still written, unless `--deny-warnings`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    #[default]
    Error,
    Warning,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem in the user's files.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Problem {
    pub location: Location,
    pub context: Context,
    /// What is wrong, in one sentence.
    pub what: String,
    /// What to do about it.
    pub hint: Option<String>,
    /// Details that differ between the cards one cause stops (how far a
    /// text overflows on each format); merged problems keep each once.
    pub notes: Vec<String>,
    pub severity: Severity,
    /// Its stable name (`code::ALL`), for scripts, CI filters and search.
    pub code: Code,
}

/// A problem's stable name. Only the constants in [`code`] exist, so every
/// code a user can see is listed there, with what it means.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Code(&'static str);

impl Code {
    pub fn name(self) -> &'static str {
        self.0
    }
}

/// A code read back (from the build cache) is one of [`code::ALL`], or the
/// record is refused: no other code can be made.
impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Code, D::Error> {
        let name = String::deserialize(d)?;
        code::ALL
            .iter()
            .map(|(c, _)| *c)
            .find(|c| c.0 == name)
            .ok_or_else(|| serde::de::Error::custom(format!("no problem code is named {name:?}")))
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl Problem {
    pub fn new(location: Location, what: impl Into<String>) -> Self {
        let code = code::of_file(&location.file);
        Problem {
            location,
            context: Context::default(),
            what: what.into(),
            hint: None,
            notes: Vec::new(),
            severity: Severity::Error,
            code,
        }
    }

    /// A detail of this card's case; see `notes`.
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Names the cause: see [`code`].
    pub fn code(mut self, code: Code) -> Self {
        self.code = code;
        self
    }

    /// Makes this a warning: reported, but the cards are still written.
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn message(mut self, id: &str) -> Self {
        self.context.message = Some(id.to_owned());
        self
    }

    pub fn language(mut self, lang: &str) -> Self {
        self.context.language = Some(lang.to_owned());
        self
    }

    pub fn format(mut self, format: &str) -> Self {
        self.context.format = Some(format.to_owned());
        self
    }

    pub fn template(mut self, template: &Path) -> Self {
        self.context.template = Some(template.to_owned());
        self
    }

    pub fn slot(mut self, slot: &str) -> Self {
        self.context.slot = Some(slot.to_owned());
        self
    }
}

impl Context {
    /// "message m, slide 2, language el": the cards a problem stops, or
    /// None when it names none.
    pub fn describe(&self) -> Option<String> {
        let mut parts = Vec::new();
        let mut add = |name: &str, v: Option<String>| {
            if let Some(v) = v {
                parts.push(format!("{name} {v}"));
            }
        };
        add("message", self.message.clone());
        add("slide", self.slide.map(|n| n.to_string()));
        add("language", self.language.clone());
        add("format", self.format.clone());
        add(
            "template",
            self.template.as_ref().map(|t| t.display().to_string()),
        );
        add("slot", self.slot.clone());
        (!parts.is_empty()).then(|| parts.join(", "))
    }
}

impl Problem {
    /// The first line, as compilers write it so editors and terminals can
    /// jump to the place: `file:line:column: error: what [code]`.
    pub fn headline(&self) -> String {
        let level = self.severity.name();
        format!("{}: {level}: {} [{}]", self.location, self.what, self.code)
    }

    /// The lines after the place: the cards it stops, notes, what to do.
    pub fn details(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if let Some(in_) = self.context.describe() {
            out.push(("in", in_));
        }
        out.extend(self.notes.iter().map(|n| ("note", n.clone())));
        if let Some(h) = &self.hint {
            out.push(("help", h.clone()));
        }
        out
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.headline())?;
        for (name, text) in self.details() {
            write!(f, "\n  = {name}: {text}")?;
        }
        Ok(())
    }
}

/// Sorts problems by file, line and column, drops exact repeats, and merges
/// problems of one cause: those that differ only in format, template and
/// language (a text too long for every format, or a text written once for
/// every language and too long in each, is one problem naming them all),
/// so the report reads top to bottom and is the same on every run.
pub fn sort(problems: &mut Vec<Problem>) {
    problems.sort();
    problems.dedup();
    let mut merged: Vec<Problem> = Vec::with_capacity(problems.len());
    for p in problems.drain(..) {
        // Sorted, so problems at one place are together at the end.
        let at_same_place = merged
            .iter_mut()
            .rev()
            .take_while(|m| m.location == p.location);
        match at_same_place.into_iter().find(|m| same_cause(m, &p)) {
            Some(m) => {
                join_context(&mut m.context, p.context);
                for n in p.notes {
                    if !m.notes.contains(&n) {
                        m.notes.push(n);
                    }
                }
            }
            None => merged.push(p),
        }
    }
    *problems = merged;
}

/// Whether two problems are one mistake seen on several cards: the same
/// place, words, code and help, in the same message and slot, differing at
/// most in the format, template and language of the cards they stop, and in
/// their notes.
fn same_cause(a: &Problem, b: &Problem) -> bool {
    let on_cards = |p: &Problem| p.context.format.is_some() || p.context.language.is_some();
    a.location == b.location
        && a.what == b.what
        && a.hint == b.hint
        && a.code == b.code
        && a.severity == b.severity
        && a.context.message == b.context.message
        && a.context.slide == b.context.slide
        && a.context.slot == b.context.slot
        && on_cards(a)
        && on_cards(b)
        && a.context.format.is_some() == b.context.format.is_some()
        && a.context.language.is_some() == b.context.language.is_some()
}

/// Adds what `b` names to `a`'s lists: "format x, story".
fn join_context(a: &mut Context, b: Context) {
    fn join(a: &mut Option<String>, b: Option<String>) {
        if let (Some(a), Some(b)) = (a.as_mut(), b)
            && !a.split(", ").any(|x| x == b)
        {
            a.push_str(", ");
            a.push_str(&b);
        }
    }
    join(&mut a.format, b.format);
    join(&mut a.language, b.language);
    let mut t = a.template.as_ref().map(|t| t.display().to_string());
    join(&mut t, b.template.map(|t| t.display().to_string()));
    a.template = t.map(PathBuf::from);
}

/// Every code a problem can have, with what it means: README.md lists the
/// same table (a test keeps them equal). A code names a cause, not a
/// message: its words may improve, its code stays.
pub mod code {
    use std::path::Path;

    use super::Code;

    macro_rules! codes {
        ($($(#[doc = $doc:literal])+ $name:ident = $code:literal;)+) => {
            $($(#[doc = $doc])+ pub const $name: Code = Code($code);)+
            /// Each code and its meaning, in order.
            pub const ALL: &[(Code, &str)] = &[$(($name, concat!($($doc),+))),+];
        };
    }

    codes! {
        /// A campaign file's mistake not named by a finer code.
        CAMPAIGN = "campaign";
        /// A template's mistake not named by a finer code.
        TEMPLATE = "template";
        /// A font file that cannot be read or used.
        FONT = "font";
        /// A file or folder of the project that cannot be used.
        PROJECT = "project";
        /// YAML that cannot be read: quotes, colons, indentation.
        YAML_SYNTAX = "yaml-syntax";
        /// A field that handbill does not know, often a misspelt one.
        UNKNOWN_FIELD = "unknown-field";
        /// A value of the wrong shape: a list where a text belongs.
        WRONG_TYPE = "wrong-type";
        /// A key given twice in one map.
        DUPLICATE_KEY = "duplicate-key";
        /// An unquoted ` #` cut a text short: YAML read the rest as a comment.
        YAML_COMMENT = "yaml-comment";
        /// A message's kind that the campaign does not define.
        UNKNOWN_KIND = "unknown-kind";
        /// An id that cannot name a file: slashes, dots, spaces.
        BAD_ID = "bad-id";
        /// An id used twice.
        DUPLICATE_ID = "duplicate-id";
        /// A text missing in one of the campaign's languages.
        MISSING_TRANSLATION = "missing-translation";
        /// A text that does not fit its slot, even at the smallest size.
        TEXT_OVERFLOW = "text-overflow";
        /// A card's PNG over its format's or a platform's byte limit.
        IMAGE_BYTES = "image-bytes";
        /// A caption longer than a platform takes, counted its way.
        CAPTION_LENGTH = "caption-length";
        /// More hashtags than a platform takes.
        CAPTION_HASHTAGS = "caption-hashtags";
        /// More links than a platform takes.
        CAPTION_LINKS = "caption-links";
        /// A hashtag of several words not in CamelCase, or not at the end.
        HASHTAG_STYLE = "hashtag-style";
        /// "Fancy font" letters (mathematical alphanumerics), which screen readers spell out.
        FANCY_LETTERS = "fancy-letters";
        /// Alt text that is missing, too long, or not the card's words.
        ALT_TEXT = "alt-text";
        /// A format for a platform handbill has no rules for.
        UNKNOWN_PLATFORM = "unknown-platform";
        /// Text whose contrast with the pixels behind it is below WCAG's minimum.
        CONTRAST = "contrast";
        /// A logo hard to see against what is behind it.
        LOGO_CONTRAST = "logo-contrast";
        /// Text in a format's safe zone, where a platform covers or crops it.
        SAFE_ZONE = "safe-zone";
        /// Text drawn smaller than the smallest size legible on the format.
        TEXT_SIZE = "text-size";
        /// A link that is not https (or mailto: for contacts).
        LINK_SCHEME = "link-scheme";
        /// A statistic without a source, or with another value in another language.
        STATISTIC = "statistic";
        /// A press-kit file that does not carry the kit's embargo.
        EMBARGO = "embargo";
    }

    /// The code of a problem no finer code names, by the file it is in.
    pub(super) fn of_file(file: &Path) -> Code {
        let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("");
        match ext.to_ascii_lowercase().as_str() {
            "yaml" | "yml" => CAMPAIGN,
            "svg" => TEMPLATE,
            "ttf" | "otf" | "ttc" | "otc" | "woff" | "woff2" => FONT,
            _ => PROJECT,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn overflow(lang: &str, format: &str) -> Problem {
        Problem::new(
            Location::new("messages/a.yaml", 4, 9),
            "the link does not fit",
        )
        .message("m")
        .language(lang)
        .format(format)
        .slot("link")
    }

    #[test]
    fn the_readme_lists_every_code_with_its_meaning() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
        let readme = std::fs::read_to_string(path).expect("README.md");
        for (code, doc) in code::ALL {
            let row = format!("| `{code}` | {} |", doc.trim());
            assert!(readme.contains(&row), "README.md lacks the row {row}");
        }
    }

    #[test]
    fn one_text_too_long_on_many_cards_is_one_problem_naming_them() {
        let mut found = vec![
            overflow("en", "x"),
            overflow("el", "x"),
            overflow("en", "story"),
            overflow("ar", "story"),
        ];
        sort(&mut found);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].context.language.as_deref(), Some("ar, el, en"));
        assert_eq!(found[0].context.format.as_deref(), Some("story, x"));
    }

    #[test]
    fn different_places_or_words_stay_apart() {
        let mut moved = overflow("el", "x");
        moved.location.line = 5;
        let mut other = overflow("en", "x");
        other.what = "the link is not a web address".into();
        let mut found = vec![overflow("en", "x"), moved, other];
        sort(&mut found);
        assert_eq!(found.len(), 3, "{found:?}");
    }
}
