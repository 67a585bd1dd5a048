//! Filters a card can be drawn with in bounded time.
//!
//! resvg draws a filter pixel by pixel, and some primitives cost more per
//! pixel as a number grows: a morphology radius (a square of pixels for
//! each), a convolution's order (its square), a turbulence's octaves. Huge
//! regions and offsets overflow its pixel arithmetic and panic. So every
//! number in a filter is kept near the canvas, and those that multiply the
//! work have their own, smaller limits; a breach is a problem at the
//! element. This module reads filters; it draws nothing.

use roxmltree::Node;

use super::SVG_NS;
use super::reader::Reader;
use super::slot::number;

/// The largest number, in absolute value, any filter attribute may hold:
/// five times the largest canvas side, plenty for a shadow or a blur.
const MAX_NUMBER: f32 = 10_000.0;

/// The most primitives one filter may chain.
const MAX_PRIMITIVES: usize = 32;

/// Attributes whose value multiplies the work per pixel, with their limit.
const COSTLY: &[(&str, &str, f32)] = &[
    ("feMorphology", "radius", 10.0),
    ("feConvolveMatrix", "order", 9.0),
    ("feTurbulence", "numOctaves", 10.0),
];

/// Checks every `<filter>` and its primitives.
pub(super) fn check(r: &mut Reader) {
    let doc = r.doc;
    for filter in doc
        .descendants()
        .filter(|n| n.has_tag_name((SVG_NS, "filter")))
    {
        let primitives = filter.children().filter(|n| n.is_element()).count();
        if primitives > MAX_PRIMITIVES {
            let p = r
                .problem(filter, format!("this filter chains {primitives} steps; handbill draws at most {MAX_PRIMITIVES}"))
                .hint("simplify the filter, or draw the effect as an embedded image");
            r.report(p);
        }
        for n in filter.descendants().filter(|n| n.is_element()) {
            check_numbers(r, n);
        }
    }
}

/// Every number of an element within [`MAX_NUMBER`], and each costly one
/// within its own limit; the first breach is reported.
fn check_numbers(r: &mut Reader, n: Node) {
    let name = n.tag_name().name();
    for a in n.attributes() {
        let limit = COSTLY
            .iter()
            .find(|(el, attr, _)| *el == name && *attr == a.name())
            .map_or(MAX_NUMBER, |&(_, _, l)| l);
        if numbers(a.value()).any(|v| v.abs() > limit) {
            let p = r
                .problem(n, format!("{}=\"{}\" on <{name}> is over the limit of {limit} that handbill draws in bounded time", a.name(), a.value()))
                .hint("use a smaller value: a filter's numbers are pixels of a card, or small counts");
            r.report(p);
            return;
        }
    }
}

/// The numbers in an attribute's value (a list, with units or percents);
/// a word (`SourceGraphic`, `userSpaceOnUse`) is not one.
fn numbers(value: &str) -> impl Iterator<Item = f32> + '_ {
    value
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter_map(|t| number(t.strip_suffix('%').unwrap_or(t)).or_else(|| infinite(t)))
}

/// A number too large for f32 (`1e40`), as infinity, so it is refused too.
fn infinite(t: &str) -> Option<f32> {
    t.parse::<f64>()
        .ok()
        .filter(|v| v.is_infinite() || v.abs() > f32::MAX as f64)
        .map(|_| f32::INFINITY)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_from_lists_with_units_and_percents() {
        assert_eq!(numbers("1e9 1").collect::<Vec<_>>(), [1e9, 1.0]);
        assert_eq!(numbers("-10%, 120%").collect::<Vec<_>>(), [-10.0, 120.0]);
        assert_eq!(numbers("SourceGraphic").count(), 0);
        assert_eq!(numbers("1e40").collect::<Vec<_>>(), [f32::INFINITY]);
        assert_eq!(numbers("3px").collect::<Vec<_>>(), [3.0]);
    }
}
