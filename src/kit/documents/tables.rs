//! The kit's CSV files: `key-facts.csv` (one row a fact) and `captions.csv`
//! (one row a card), written through the `csv` crate.
//!
//! Pure: builds strings; writes no file.

use super::Documents;

const KEY_FACTS_COLUMNS: [&str; 10] = [
    "id",
    "value",
    "label",
    "period",
    "geography",
    "source_publisher",
    "source_title",
    "source_year",
    "source_url",
    "caveat",
];

const CAPTIONS_COLUMNS: [&str; 6] = [
    "file", "platform", "caption", "alt_text", "credit", "licence",
];

impl Documents<'_> {
    /// key-facts.csv: one row a fact, with its source's parts apart.
    pub fn key_facts_csv(&self) -> Result<String, csv::Error> {
        let rows = self.kit.facts.iter().map(|f| {
            [
                f.id.clone(),
                self.value(f),
                self.t(&f.label).to_owned(),
                self.opt(&f.period),
                self.opt(&f.geography),
                self.t(&f.source.publisher).to_owned(),
                self.opt(&f.source.title),
                f.source.year.map(|y| y.to_string()).unwrap_or_default(),
                f.source.url.clone().unwrap_or_default(),
                self.opt(&f.caveat),
            ]
        });
        table(KEY_FACTS_COLUMNS, rows, self.embargo().as_deref())
    }

    /// captions.csv: one row a card, with its caption, alt text and credit.
    pub fn captions_csv(&self) -> Result<String, csv::Error> {
        let org = &self.kit.organisation;
        let credit = format!("{} ({})", org.name, org.website);
        let licence = self.t(&org.licence);
        let rows = self.cards.iter().map(|c| {
            // A card with a photo credits the card, then the photo.
            let (credit, licence) = match self.photo(c.card) {
                Some(p) => (
                    format!("{credit}; {}", self.t(&p.credit)),
                    format!("{licence}; {}", self.t(&p.licence)),
                ),
                None => (credit.clone(), licence.to_owned()),
            };
            [
                c.file.clone(),
                c.card.format.platforms.join(" "),
                c.card.caption.clone(),
                c.card.alt.clone(),
                credit,
                licence,
            ]
        });
        table(CAPTIONS_COLUMNS, rows, self.embargo().as_deref())
    }
}

/// Writes a CSV table (RFC 4180): CRLF line ends, fields quoted only when
/// they hold a comma, a quote or a line break, every cell [`neutral`].
///
/// Under an embargo, the first column is `embargo`, with the line on
/// every row. A CSV has no comments: a line above the header would break
/// every reader that takes the first row as the header, and a column at
/// the far right sits off-screen behind long captions. First, it is what
/// a journalist sees on opening the file, and it stays with each row
/// sorted, filtered or pasted elsewhere; scripts find it by its name.
fn table<const N: usize>(
    header: [&str; N],
    rows: impl IntoIterator<Item = [String; N]>,
    embargo: Option<&str>,
) -> Result<String, csv::Error> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(Vec::new());
    w.write_record(embargo.map(|_| "embargo").into_iter().chain(header))?;
    for row in rows {
        let cells = embargo.into_iter().chain(row.iter().map(String::as_str));
        w.write_record(cells.map(|cell| neutral(cell).into_owned()))?;
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    // Every field is a `String`, so the bytes are UTF-8.
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// A cell a spreadsheet would run as a formula (it begins with `=`, `+`,
/// `-`, `@`, a tab or a carriage return) gets a leading `'`, as OWASP's
/// "CSV Injection" page recommends: spreadsheets then show it as text.
/// Every cell of every table passes here, so none can be forgotten.
fn neutral(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_only_when_they_need_it_and_lines_end_with_crlf() {
        let rows = [[
            "plain".to_owned(),
            "a, b".to_owned(),
            "say \"hi\"".to_owned(),
            "two\nlines".to_owned(),
            String::new(),
        ]];
        let csv = table(["w", "x", "y", "z", "e"], rows, None).expect("writes");
        assert_eq!(
            csv,
            "w,x,y,z,e\r\nplain,\"a, b\",\"say \"\"hi\"\"\",\"two\nlines\",\r\n"
        );
    }

    #[test]
    fn cells_a_spreadsheet_would_run_begin_with_a_quote() {
        for cell in ["=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutral(cell), format!("'{cell}"), "{cell:?}");
        }
        for cell in ["", "75%", "a=b", "1-2", "'quoted", "Ρώμη"] {
            assert_eq!(neutral(cell), cell);
        }
    }

    #[test]
    fn every_row_cell_is_neutralised_but_the_header_is_kept() {
        let csv = table(["=h"], [["=1+2".to_owned()]], None).expect("writes");
        assert_eq!(csv, "=h\r\n'=1+2\r\n");
    }

    #[test]
    fn an_embargo_is_the_first_column_of_every_row() {
        let rows = [["a".to_owned()], ["b".to_owned()]];
        let csv = table(["id"], rows, Some("Embargo: not before 10:00, UTC")).expect("writes");
        assert_eq!(
            csv,
            "embargo,id\r\n\"Embargo: not before 10:00, UTC\",a\r\n\"Embargo: not before 10:00, UTC\",b\r\n"
        );
    }

    #[test]
    fn non_ascii_text_is_kept_as_is() {
        let csv = table(["a"], [["Ρώμη; «Roma»".to_owned()]], None).expect("writes");
        assert_eq!(csv, "a\r\nΡώμη; «Roma»\r\n");
    }
}
