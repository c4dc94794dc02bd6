//! Paths of the runtime items the generated code uses (`docs/design.md` §3). Keep in one place:
//! when the runtime moves something, change it here.

use proc_macro2::TokenStream;
use quote::quote;

/// `runtime::DateTime`.
pub fn date_time() -> TokenStream {
    quote!(::ncloud_vserver::runtime::DateTime)
}

/// `runtime::xml::XmlDecode`.
pub fn xml_decode() -> TokenStream {
    quote!(::ncloud_vserver::runtime::xml::XmlDecode)
}

/// `runtime::xml::XmlScalar`.
pub fn xml_scalar() -> TokenStream {
    quote!(::ncloud_vserver::runtime::xml::XmlScalar)
}

/// `runtime::xml::XmlReader`.
pub fn xml_reader() -> TokenStream {
    quote!(::ncloud_vserver::runtime::xml::XmlReader)
}

/// `runtime::xml_write::XmlEncode`.
pub fn xml_encode() -> TokenStream {
    quote!(::ncloud_vserver::runtime::xml_write::XmlEncode)
}

/// `runtime::xml_write::XmlText`.
pub fn xml_text() -> TokenStream {
    quote!(::ncloud_vserver::runtime::xml_write::XmlText)
}

/// `runtime::xml_write::XmlWriter`.
pub fn xml_writer() -> TokenStream {
    quote!(::ncloud_vserver::runtime::xml_write::XmlWriter)
}

/// `error::DecodeError`.
pub fn decode_error() -> TokenStream {
    quote!(::ncloud_vserver::DecodeError)
}

/// `error::InvalidRequest`.
pub fn invalid_request() -> TokenStream {
    quote!(::ncloud_vserver::InvalidRequest)
}

/// The client's error type.
pub fn client_error() -> TokenStream {
    quote!(::ncloud_vserver::Error)
}

/// The client.
pub fn client() -> TokenStream {
    quote!(::ncloud_vserver::Client)
}

/// `deserialize_with` path for a lenient scalar.
pub fn json_fn(name: &str) -> String {
    format!("::ncloud_vserver::runtime::json::{name}")
}

/// `runtime::query::QueryWriter`.
pub fn query_writer() -> TokenStream {
    quote!(::ncloud_vserver::runtime::query::QueryWriter)
}

/// `runtime::query::QueryEncode`.
pub fn query_encode() -> TokenStream {
    quote!(::ncloud_vserver::runtime::query::QueryEncode)
}

/// `runtime::Operation`.
pub fn operation() -> TokenStream {
    quote!(::ncloud_vserver::runtime::Operation)
}

/// `runtime::Envelope`.
pub fn envelope() -> TokenStream {
    quote!(::ncloud_vserver::runtime::Envelope)
}

/// `runtime::decode_body`.
pub fn decode_body() -> TokenStream {
    quote!(::ncloud_vserver::runtime::decode_body)
}

/// `runtime::BodyError`.
pub fn body_error() -> TokenStream {
    quote!(::ncloud_vserver::runtime::BodyError)
}

/// `runtime::UnknownField`.
pub fn unknown_field() -> TokenStream {
    quote!(::ncloud_vserver::runtime::UnknownField)
}

/// `runtime::paging::Paginated`.
pub fn paginated() -> TokenStream {
    quote!(::ncloud_vserver::runtime::paging::Paginated)
}

/// The hand-written core of the typed mock (`mock_runtime`).
pub fn mock_runtime() -> TokenStream {
    quote!(::ncloud_vserver::mock_runtime)
}

/// The paginator the fluent builders of paged operations return.
pub fn paginator() -> TokenStream {
    quote!(::ncloud_vserver::paginator::Paginator)
}
