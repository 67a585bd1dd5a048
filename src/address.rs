//! The one rule for the addresses in kit data and message sources: every
//! link is a web address (`https:` or `http:` with a host), every email a
//! plain `name@domain`,
//! and a value meant for one line (a contact's name, a time zone…) holds no
//! line break or other control character. The kit's HTML, Markdown, credits
//! and vCard write these values as links, so anything else (`javascript:`,
//! `data:`, a CR LF that starts a new vCard property) is refused here, at
//! load time, and nowhere later.
//!
//! Hand-written rather than through the `url` crate: the rule is a scheme
//! prefix, a host and a set of forbidden characters; `url` would bring
//! `idna` and its Unicode tables (a dozen crates to compile) to parse and
//! normalise addresses that handbill only copies.
//!
//! Pure: checks strings; must not rewrite them.

/// Why `url` is not a web address, if it is not.
pub fn web(url: &str) -> Result<(), String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| {
            format!("{url:?} is not a web address (only https: and http: links are written)")
        })?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if host.is_empty() || host.starts_with(':') || host.contains('@') {
        return Err(format!("{url:?} has no host after its scheme"));
    }
    if let Some(c) = url.chars().find(|&c| forbidden_in_address(c)) {
        return Err(format!("{url:?} holds {c:?}, which no web address holds"));
    }
    Ok(())
}

/// Whether a web address is plain `http:`: it is written, but a reader's
/// browser may warn or refuse, so it is a warning, not an error.
pub fn is_plain_http(url: &str) -> bool {
    url.starts_with("http://")
}

/// Why `email` is not an address a `mailto:` link can carry, if it is not.
pub fn email(email: &str) -> Result<(), String> {
    let Some((name, domain)) = email.split_once('@') else {
        return Err(format!("{email:?} is not an email address"));
    };
    if name.is_empty() || domain.is_empty() || domain.contains('@') {
        return Err(format!("{email:?} is not an email address"));
    }
    if let Some(c) = email
        .chars()
        .find(|&c| forbidden_in_address(c) || "<>,;:\"()[]\\?&=".contains(c))
    {
        return Err(format!(
            "{email:?} holds {c:?}, which no email address here may hold"
        ));
    }
    Ok(())
}

/// Why `text` does not fit on one line, if it does not: a line break (or
/// any control character) would start a new line, or a new vCard property.
pub fn one_line(text: &str) -> Result<(), String> {
    match text.chars().find(|c| c.is_control()) {
        Some(c) => Err(format!("{text:?} holds {c:?}; this field is one line")),
        None => Ok(()),
    }
}

/// Spaces, quotes, angle brackets and control characters never belong in
/// an address; percent-encode them.
fn forbidden_in_address(c: char) -> bool {
    c.is_control() || c.is_whitespace() || "<>\"`{}|\\^".contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_addresses_are_https_or_http_with_a_host() {
        assert!(web("https://free2link.eu/").is_ok());
        assert!(web("http://example.org/a?b=c#d").is_ok());
        assert!(
            web("https://eur-lex.europa.eu/legal-content/en/TXT/?uri=CELEX%3A32011L0036").is_ok()
        );
        for bad in [
            "javascript:alert(1)",
            "JAVASCRIPT:alert(1)",
            "data:text/html,<script>",
            "ftp://example.org",
            "//example.org",
            "https://",
            "https:///path",
            "https://user@evil.org",
            "https://a.org/\"onmouseover=x",
            "https://a.org/\r\nTEL:123",
            "https://a.org/ b",
            " https://a.org",
        ] {
            assert!(web(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn emails_are_plain_name_at_domain() {
        assert!(email("press@example.org").is_ok());
        for bad in [
            "press",
            "@example.org",
            "press@",
            "a@b@c",
            "a@b.org?body=x",
            "a@b.org\r\nTEL:123",
            "a b@c.org",
            "<a@b.org>",
        ] {
            assert!(email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn one_line_refuses_line_breaks_and_controls() {
        assert!(one_line("Free2Link, Ρώμη").is_ok());
        for bad in ["a\nb", "a\rb", "a\u{85}b", "a\u{0}b", "a\tb"] {
            assert!(one_line(bad).is_err(), "{bad:?}");
        }
    }
}
