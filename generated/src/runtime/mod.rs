//! The hand-written runtime the generated code builds on: XML and JSON decoding, date-times,
//! query strings, and the operation contract (see `docs/design.md` §3).

pub mod datetime;
pub mod format;
pub mod json;
pub mod operation;
pub mod paging;
pub mod query;
#[cfg(feature = "schemars")]
pub mod schema;
pub mod unknown;
pub mod xml;
pub mod xml_write;

#[cfg(test)]
mod testing;

/// An XML Schema (XSD 1.0) of the XML response bodies, generated from the spec by
/// `cargo xtask regen`: strict about the types of the elements it knows, lax about others.
/// Validate a captured body with any XSD tool, e.g. `xmllint --noout --schema vserver.xsd body.xml`.
pub const XML_SCHEMA: &str = include_str!("../../schema/vserver.xsd");

pub use datetime::DateTime;
pub use format::Format;
pub use operation::{
    BodyError, Envelope, Operation, decode_body, encode_body, encode_document,
    encode_response_error,
};
pub use paging::Paginated;
pub use query::{QueryEncode, QueryWriter};
pub use unknown::UnknownField;

/// The nesting of elements (XML) or of arrays and objects (JSON) at which the decoders stop:
/// bodies must nest fewer levels;
/// [`DecodeErrorKind::TooDeep`](crate::error::DecodeErrorKind::TooDeep) otherwise.
///
/// The API's bodies nest about 6 levels. XML: typed elements nest only as deep as the types, and
/// the limit bounds unknown elements being skipped (the reader keeps a stack of open names, so
/// depth is memory). JSON: 128 is serde_json's own recursion limit for values it decodes;
/// values skipped as unknown are skipped without recursion, in memory bounded by the body, and
/// pass at any depth.
pub const MAX_DEPTH: usize = 128;
