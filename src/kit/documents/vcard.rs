//! `contacts.vcf`: the kit's contacts as vCard 4.0 (RFC 6350), one
//! organisation card each. Hand-written: the format is a few escaped lines,
//! and the vCard crates on crates.io are parsers or unmaintained.
//!
//! Pure: builds a string; writes no file.

use super::Documents;

impl Documents<'_> {
    pub fn contacts_vcf(&self) -> String {
        let mut out = String::new();
        for c in &self.kit.contacts {
            let mut lines = vec![
                "BEGIN:VCARD".to_owned(),
                "VERSION:4.0".to_owned(),
                "KIND:org".to_owned(),
                format!("FN:{}", text(self.t(&c.name))),
                format!("ORG:{}", text(&c.organisation)),
            ];
            // Addresses and language tags were checked at load time to be
            // one line (`crate::address`); they are escaped all the same.
            lines.extend(
                c.email
                    .iter()
                    .map(|e| format!("EMAIL;TYPE=work:{}", text(e))),
            );
            lines.extend(c.website.iter().map(|w| format!("URL:{w}")));
            let langs = c.languages.iter().enumerate();
            lines.extend(langs.map(|(i, l)| format!("LANG;PREF={}:{}", i + 1, text(l))));
            lines.extend(
                c.time_zone
                    .iter()
                    .map(|tz| format!("TZ;VALUE=text:{}", text(tz))),
            );
            if c.example {
                lines.push(format!("NOTE:{}", text(self.label("example"))));
            }
            // A NOTE may repeat (RFC 6350, 6.7.2): the embargo has its own.
            lines.extend(self.embargo().map(|line| format!("NOTE:{}", text(&line))));
            lines.push("END:VCARD".to_owned());
            for line in &lines {
                fold(&mut out, line);
            }
        }
        out
    }
}

/// Escapes a vCard text value (RFC 6350, 3.4): a line break of any kind
/// (LF, CR LF, a lone CR) becomes `\n`, so no value can start a property.
fn text(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace(',', "\\,")
        .replace(';', "\\;")
        .replace("\r\n", "\\n")
        .replace(['\r', '\n'], "\\n")
}

/// Writes a content line, folded at 75 octets, never inside a character.
fn fold(out: &mut String, line: &str) {
    let mut count = 0;
    for c in line.chars() {
        if count + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            count = 1;
        }
        out.push(c);
        count += c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_escapes_the_separators_of_rfc_6350() {
        assert_eq!(text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn every_kind_of_line_break_is_escaped() {
        assert_eq!(text("a\r\nTEL:1\rEMAIL:x"), "a\\nTEL:1\\nEMAIL:x");
    }

    #[test]
    fn lines_fold_at_75_octets_without_splitting_a_character() {
        let mut out = String::new();
        fold(&mut out, &"α".repeat(40));
        let lines: Vec<&str> = out.split("\r\n").collect();
        // 37 two-byte letters fill 74 octets; the 38th would pass 75.
        assert_eq!(lines[0], "α".repeat(37));
        assert_eq!(lines[1], format!(" {}", "α".repeat(3)));
        assert_eq!(lines[2], "");
        assert!(lines.iter().all(|l| l.len() <= 75));
    }

    #[test]
    fn a_short_line_is_not_folded() {
        let mut out = String::new();
        fold(&mut out, "FN:Free2Link");
        assert_eq!(out, "FN:Free2Link\r\n");
    }
}
