//! Elements and fields that a response carried but the types do not know, and XML list items
//! named unlike the spec.

use std::fmt;

use super::Format;

/// An element (XML) or field (JSON) of a response that the decoded type has no field for, or an
/// XML list item whose element name is not the one the spec gives.
///
/// Decoding skips unknown content (the API adds fields over time) and decodes every child of
/// an XML list as an item, whatever its name (a live API was seen to send
/// `<FlowLogConfiguration>` where the spec says `flowLogConfiguration`); pass a collector to
/// [`from_xml`](super::xml::from_xml), [`from_json`](super::json::from_json) or
/// [`decode_body`](super::decode_body) to learn about it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct UnknownField {
    /// Format of the response the field was found in.
    pub format: Format,
    /// Path of the unknown element or field, like
    /// `getServerImageListResponse/serverImageList/serverImage[0]/newField` (XML) or
    /// `getServerImageListResponse/serverImageList[0]/newField` (JSON).
    pub path: String,
    /// The element's content exactly as received (XML: everything between its start and end
    /// tags), so that what a newer API sent is kept, not only noticed. `None` for JSON, where
    /// the skipped value is not retained.
    pub raw: Option<String>,
    /// For an XML list item that was decoded although its element name differs from the
    /// spec's: the name the spec gives the list's items (the path ends with the name that
    /// came). `None` for content that was skipped.
    pub expected_name: Option<&'static str>,
}

impl fmt::Display for UnknownField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.expected_name {
            Some(expected) => write!(
                f,
                "{} list item at {} decoded, but the spec names the items `{expected}`",
                self.format, self.path
            ),
            None => write!(f, "unknown {} field at {}", self.format, self.path),
        }
    }
}
