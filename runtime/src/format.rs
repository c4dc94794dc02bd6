//! Wire formats of the API and content sniffing.

use std::fmt;

/// A wire format the API answers in (`responseFormatType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// XML, the API's default.
    Xml,
    /// JSON.
    Json,
}

impl Format {
    /// The value of the `responseFormatType` query parameter for this format (`xml` / `json`).
    pub const fn response_format_type(self) -> &'static str {
        match self {
            Format::Xml => "xml",
            Format::Json => "json",
        }
    }

    /// Guesses the format of a response body from its first bytes; same as [`sniff`].
    pub fn sniff(body: &[u8]) -> Option<Format> {
        sniff(body)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Xml => "XML",
            Format::Json => "JSON",
        })
    }
}

/// Guesses the format of a response body from its first bytes.
///
/// A UTF-8 byte order mark and leading whitespace are skipped; then `<` means XML and `{` means
/// JSON. An HTML page (starting `<!DOCTYPE html` or `<html`, any case) is neither: proxies and
/// load balancers answer with those, and they are not API responses. Anything else (including an
/// empty body) gives `None`.
pub fn sniff(body: &[u8]) -> Option<Format> {
    if is_html_page(body) {
        return None;
    }
    match skip_bom_and_whitespace(body).first()? {
        b'{' => Some(Format::Json),
        b'<' => Some(Format::Xml),
        _ => None,
    }
}

/// Strips a leading UTF-8 byte order mark.
pub(crate) fn skip_bom(body: &[u8]) -> &[u8] {
    body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body)
}

/// Strips a leading UTF-8 byte order mark and ASCII whitespace.
pub(crate) fn skip_bom_and_whitespace(body: &[u8]) -> &[u8] {
    skip_bom(body).trim_ascii_start()
}

/// Does `body` start (after a byte order mark and whitespace) with `<!DOCTYPE html` or `<html`,
/// in any case? The one HTML test of the crate: [`sniff`] and the client both ask it, so a
/// body is an HTML page to both or to neither.
///
/// The tag name must end there (`<htmlish/>` is an XML element), and the doctype may have any
/// whitespace before its name, as HTML allows.
pub(crate) fn is_html_page(body: &[u8]) -> bool {
    fn starts_with_ignore_case(s: &[u8], prefix: &[u8]) -> bool {
        s.len() >= prefix.len() && s[..prefix.len()].eq_ignore_ascii_case(prefix)
    }
    fn name_ends_at(s: &[u8], at: usize) -> bool {
        s.get(at)
            .is_none_or(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/')
    }
    let Some(rest) = skip_bom_and_whitespace(body).strip_prefix(b"<") else {
        return false;
    };
    if starts_with_ignore_case(rest, b"!doctype") {
        let name = rest[8..].trim_ascii_start();
        return starts_with_ignore_case(name, b"html") && name_ends_at(name, 4);
    }
    starts_with_ignore_case(rest, b"html") && name_ends_at(rest, 4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_formats() {
        assert_eq!(sniff(b"<a/>"), Some(Format::Xml));
        assert_eq!(
            sniff(b"\xEF\xBB\xBF  \r\n<?xml version=\"1.0\"?><a/>"),
            Some(Format::Xml)
        );
        assert_eq!(sniff(b" {\"a\":1}"), Some(Format::Json));
        assert_eq!(sniff(b"\xEF\xBB\xBF{}"), Some(Format::Json));
        assert_eq!(sniff(b""), None);
        assert_eq!(sniff(b"   "), None);
        assert_eq!(sniff(b"Bad Gateway"), None);
        assert_eq!(sniff(b"[1]"), None);
    }

    #[test]
    fn html_is_not_xml() {
        assert_eq!(sniff(b"<!DOCTYPE html><html></html>"), None);
        assert_eq!(sniff(b"\n<!doctype HTML>"), None);
        assert_eq!(sniff(b"<html lang=\"ko\">"), None);
        assert_eq!(sniff(b"<HTML>"), None);
        assert_eq!(sniff(b"<html>"), None);
        // Elements that merely start with "html" are XML.
        assert_eq!(sniff(b"<htmlish/>"), Some(Format::Xml));
        assert_eq!(sniff(b"<!DOCTYPE htmlish><htmlish/>"), Some(Format::Xml));
    }

    #[test]
    fn html_pages_by_their_start() {
        assert!(is_html_page(b"\xEF\xBB\xBF\n<html>"));
        assert!(is_html_page(b"<!DOCTYPE   html>"));
        assert!(is_html_page(b"<HTML/>"));
        assert!(is_html_page(b"<html"));
        assert!(!is_html_page(b"<htmlx>"));
        assert!(!is_html_page(b"<!DOCTYPE xhtml>"));
        assert!(!is_html_page(b"html"));
        assert!(!is_html_page(b""));
    }

    #[test]
    fn response_format_type_values() {
        assert_eq!(Format::Xml.response_format_type(), "xml");
        assert_eq!(Format::Json.response_format_type(), "json");
        assert_eq!(Format::Json.to_string(), "JSON");
    }
}
