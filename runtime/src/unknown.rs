//! Elements and fields that a response carried but the types do not know.

use std::fmt;

use super::Format;

/// An element (XML) or field (JSON) of a response that the decoded type has no field for.
///
/// Decoding skips such content (the API adds fields over time); pass a collector to
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
}

impl fmt::Display for UnknownField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown {} field at {}", self.format, self.path)
    }
}
