//! The one way handbill reads YAML: serde-saphyr, with every syntax or
//! shape error turned into a located [`Problem`] in plain words.
//!
//! Campaign, message, kit and font files all go through [`parse`], so an
//! error reads the same whichever file it is in.

use std::path::Path;

use serde::Deserialize;

use crate::problem::{Location, Problem};

/// A serde-saphyr position as a problem's location in `file`.
pub fn location(file: &Path, l: &serde_saphyr::Location) -> Location {
    Location::new(file, l.line() as u32, l.column() as u32)
}

/// Parses YAML, turning a syntax or shape error into a located problem with
/// `hint` as what to do.
pub fn parse<T: for<'de> Deserialize<'de>>(
    file: &Path,
    text: &str,
    hint: &str,
) -> Result<T, Problem> {
    serde_saphyr::from_str::<T>(text).map_err(|e| {
        let at = match e.location() {
            Some(l) => location(file, &l),
            None => Location::file(file),
        };
        // The error's own text repeats the position and may quote the source;
        // keep its first line, which says what is wrong.
        let full = e.to_string();
        Problem::new(
            at,
            clean_error(full.lines().next().unwrap_or("invalid YAML")),
        )
        .hint(hint)
    })
}

/// Drops the parts of a YAML error that the problem already says ("error:",
/// "line 7 column 11:") and words the common ones plainly.
fn clean_error(first_line: &str) -> String {
    let mut s = first_line.trim();
    s = s.strip_prefix("error:").unwrap_or(s).trim_start();
    if let Some(rest) = s.strip_prefix("line ")
        && let Some((_, after)) = rest.split_once(':')
        && rest
            .split(':')
            .next()
            .is_some_and(|pos| pos.contains("column"))
    {
        s = after.trim_start();
    }
    match s {
        "expected mapping start" => "expected a map of `key: value` fields here".to_owned(),
        "expected sequence start" => "expected a list here".to_owned(),
        _ => s.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_error_drops_the_position_and_the_prefix() {
        assert_eq!(
            clean_error("error: line 7 column 11: invalid type: map"),
            "invalid type: map"
        );
        assert_eq!(
            clean_error("expected mapping start"),
            "expected a map of `key: value` fields here"
        );
        assert_eq!(clean_error("line of text: kept"), "line of text: kept");
    }

    #[test]
    fn a_syntax_error_is_located_in_its_file() {
        #[derive(Deserialize, Debug)]
        #[allow(dead_code)]
        struct T {
            a: u32,
        }
        let p = parse::<T>(Path::new("x.yaml"), "a: 1\nb: [", "fix it").expect_err("an error");
        assert_eq!(p.location.file, Path::new("x.yaml"));
        assert!(p.location.line >= 2, "{p}");
        assert_eq!(p.hint.as_deref(), Some("fix it"));
    }
}
