//! The kit's Markdown: `key-facts.md` (facts with their sources, then the
//! milestones) and the FAQ.
//!
//! Every text from the data goes through [`escape`], every link through
//! [`link`] (its URL already checked at load time), so no heading, list,
//! link, image or HTML can come from the data: it only shows as written.
//!
//! Pure: builds strings; writes no file.

use std::fmt::Write as _;

use super::Documents;

impl Documents<'_> {
    pub fn key_facts_md(&self) -> String {
        let mut out = self.title("key-facts");
        for f in &self.kit.facts {
            let heading = format!("{} {}", self.value(f), self.t(&f.label));
            let _ = writeln!(out, "## {}\n", escape(&heading));
            let item = |out: &mut String, key: &str, text: &Option<crate::campaign::Text>| {
                if let Some(t) = text {
                    let line = format!("{}: {}", self.label(key), self.t(t));
                    let _ = writeln!(out, "- {}", escape(&line));
                }
            };
            item(&mut out, "period", &f.period);
            item(&mut out, "geography", &f.geography);
            let _ = writeln!(out, "- {}", escape(&self.fact_source(f)));
            item(&mut out, "caveat", &f.caveat);
            out.push('\n');
        }
        let _ = writeln!(out, "## {}\n", escape(self.label("milestones")));
        for m in &self.kit.milestones {
            let title = self.t(&m.title);
            let _ = match &m.url {
                Some(u) => writeln!(out, "- **{}** — {}", m.year, link(title, u)),
                None => writeln!(out, "- **{}** — {}", m.year, escape(title)),
            };
        }
        out
    }

    pub fn faq_md(&self) -> String {
        let mut out = self.title("faq");
        for q in &self.kit.faq {
            let _ = writeln!(
                out,
                "## {}\n\n{}\n",
                escape(self.t(&q.question).trim()),
                escape(self.t(&q.answer).trim())
            );
        }
        out
    }

    /// "# Organisation — label", and a blank line; under an embargo, the
    /// embargo's line in bold above it.
    fn title(&self, label: &str) -> String {
        let title = format!("{} — {}", self.kit.organisation.name, self.label(label));
        let embargo = self
            .embargo()
            .map(|line| format!("{}\n\n", crate::kit::embargo::markdown_line(&line)));
        format!("{}# {}\n\n", embargo.unwrap_or_default(), escape(&title))
    }
}

/// A text as Markdown that shows it as written: a backslash before every
/// character that starts inline syntax (emphasis, code, links, images,
/// HTML, entities, GFM tables and strikethrough), and before what starts a
/// block at the beginning of a line (headings, lists, quotes, rules,
/// setext underlines). Hand-written: the Markdown crates parse or render,
/// none escapes text for CommonMark.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        escape_line(line, &mut out);
    }
    out
}

/// One line of [`escape`].
fn escape_line(line: &str, out: &mut String) {
    let body = line.trim_start_matches([' ', '\t']);
    out.push_str(&line[..line.len() - body.len()]);
    if body.starts_with(['#', '+', '-', '=']) {
        out.push('\\');
    }
    // "1. " or "1) " would start an ordered list: escape its punctuation
    // ("1.500.000" would not, and is kept).
    let after_digits = body.trim_start_matches(|c: char| c.is_ascii_digit());
    let digits = body.len() - after_digits.len();
    let list_mark = digits > 0
        && (after_digits.starts_with(". ")
            || after_digits.starts_with(") ")
            || after_digits == "."
            || after_digits == ")");
    let mut previous = None;
    for (i, c) in body.char_indices() {
        let next = body[i + c.len_utf8()..].chars().next();
        if (list_mark && i == digits) || special(c, previous, next) {
            out.push('\\');
        }
        out.push(c);
        previous = Some(c);
    }
}

/// Whether `c` starts inline syntax between `previous` and `next`. An `_`
/// between two letters or digits cannot emphasise (CommonMark's
/// intraword rule), so `F2L_Report.pdf` stays as written.
fn special(c: char, previous: Option<char>, next: Option<char>) -> bool {
    let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    match c {
        '_' => !(alnum(previous) && alnum(next)),
        _ => "\\`*[]<>&|~!".contains(c),
    }
}

/// A link: its text escaped, its URL (a web address, checked at load time)
/// with the brackets that would end it escaped.
fn link(text: &str, url: &str) -> String {
    let url = url.replace('(', "\\(").replace(')', "\\)");
    format!("[{}]({url})", escape(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_syntax_is_escaped_everywhere() {
        assert_eq!(
            escape("a *b* _c_ `d` [x](javascript:y) <script> &amp; | ~ ![i](j) \\"),
            "a \\*b\\* \\_c\\_ \\`d\\` \\[x\\](javascript:y) \\<script\\> \\&amp; \\| \\~ \\!\\[i\\](j) \\\\"
        );
    }

    #[test]
    fn block_syntax_is_escaped_at_the_start_of_each_line() {
        assert_eq!(
            escape("# h\n  - item\n+ x\n===\n> q\n12. n\n3) m\n4.\n1.500.000 ok\nend - 4. ok"),
            "\\# h\n  \\- item\n\\+ x\n\\===\n\\> q\n12\\. n\n3\\) m\n4\\.\n1.500.000 ok\nend - 4. ok"
        );
    }

    #[test]
    fn plain_text_is_kept() {
        let text = "Ρώμη: 1,5 milioni (2022), l’UNODC — 75% - ok. F2L_Report.pdf";
        assert_eq!(escape(text), text);
    }

    #[test]
    fn a_link_escapes_its_text_and_the_brackets_of_its_url() {
        assert_eq!(
            link("[a](b)", "https://x.org/a_(b)"),
            "[\\[a\\](b)](https://x.org/a_\\(b\\))"
        );
    }
}
