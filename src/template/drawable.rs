//! Whether usvg, which draws every card, can read the template at all.
//!
//! handbill's own checks read the template with roxmltree; usvg reads it
//! again, with limits of its own (a million nodes once `<use>` references
//! are expanded, 1,024 levels of nesting). A template usvg refuses would
//! fail every card it makes, after all the work, with no file or line: so
//! it is parsed once here, as the cards will be, and a refusal is a problem
//! at the template. This module only parses; it draws nothing.

use std::path::Path;

use resvg::usvg;

use super::reader::Reader;
use crate::problem::Location;
use crate::render;

/// Parses the template with usvg and the run's fonts; a refusal is a
/// problem at the template, at the place usvg names when it names one.
pub(super) fn check(r: &mut Reader) {
    let opts = render::options(r.fonts.db());
    let Err(e) = usvg::Tree::from_str(r.doc.input_text(), &opts) else {
        return;
    };
    let p = r
        .problem_at(location(r.path, &e), what(&e))
        .hint("open the template in a browser; if it shows, simplify it (fewer nested groups and <use> copies, fewer elements) and save it as plain SVG");
    r.report(p);
}

/// Where usvg's error is, when it says: its limits are about the whole
/// file.
fn location(path: &Path, e: &usvg::Error) -> Location {
    use roxmltree::Error as X;
    match e {
        usvg::Error::ParsingFailed(
            X::NodesLimitReached
            | X::AttributesLimitReached
            | X::NamespacesLimitReached
            | X::NoRootNode
            | X::UnclosedRootNode
            | X::DtdDetected
            | X::UnexpectedEndOfStream,
        ) => Location::file(path),
        usvg::Error::ParsingFailed(x) => {
            let pos = x.pos();
            Location::new(path, pos.row, pos.col)
        }
        _ => Location::file(path),
    }
}

/// What usvg's refusal means for the designer.
fn what(e: &usvg::Error) -> String {
    match e {
        usvg::Error::ElementsLimitReached
        | usvg::Error::ParsingFailed(roxmltree::Error::NodesLimitReached) => {
            "the SVG renderer cannot read this template: it holds more than a million elements once every <use> copy is counted, or nests them more than 1,024 levels deep".to_owned()
        }
        e => format!("the SVG renderer cannot read this template: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_limit_is_about_the_file_and_a_syntax_error_has_its_place() {
        let path = Path::new("t.svg");
        let limit = usvg::Error::ParsingFailed(roxmltree::Error::NodesLimitReached);
        assert_eq!(location(path, &limit), Location::file(path));
        assert!(what(&limit).contains("more than a million elements"));
        let placed = usvg::Error::ParsingFailed(roxmltree::Error::InvalidName(
            roxmltree::TextPos::new(3, 7),
        ));
        assert_eq!(location(path, &placed), Location::new(path, 3, 7));
        assert!(what(&placed).starts_with("the SVG renderer cannot read this template: "));
    }
}
