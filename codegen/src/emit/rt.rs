//! Paths of the runtime items the generated code uses (`docs/design.md` §3). Keep in one place:
//! when the runtime moves something, change it here.
//!
//! The runtime is the `ncloud-runtime` crate, named by its absolute path; the generated
//! service's own items (its `Client`) are named relative to the generated module tree
//! (`super::client::Client`), so the same output compiles as a crate and as a module.

use proc_macro2::TokenStream;
use quote::quote;

/// `runtime::DateTime`.
pub fn date_time() -> TokenStream {
    quote!(::ncloud_runtime::DateTime)
}

/// `runtime::xml::XmlDecode`.
pub fn xml_decode() -> TokenStream {
    quote!(::ncloud_runtime::xml::XmlDecode)
}

/// `runtime::xml::XmlReader`.
pub fn xml_reader() -> TokenStream {
    quote!(::ncloud_runtime::xml::XmlReader)
}

/// `runtime::xml_write::XmlEncode`.
pub fn xml_encode() -> TokenStream {
    quote!(::ncloud_runtime::xml_write::XmlEncode)
}

/// `runtime::xml_write::XmlWriter`.
pub fn xml_writer() -> TokenStream {
    quote!(::ncloud_runtime::xml_write::XmlWriter)
}

/// `error::DecodeError`.
pub fn decode_error() -> TokenStream {
    quote!(::ncloud_runtime::DecodeError)
}

/// `error::InvalidRequest`.
pub fn invalid_request() -> TokenStream {
    quote!(::ncloud_runtime::InvalidRequest)
}

/// The runtime's request rules (`check::TextRule`, `IntRule`, `ListRule`) and `Redacted`.
pub fn check() -> TokenStream {
    quote!(::ncloud_runtime::check)
}

/// What a secret's `Debug` shows (`"***"`).
pub fn redacted() -> TokenStream {
    quote!(::ncloud_runtime::check::Redacted)
}

/// `error::GroupRule`.
pub fn group_rule() -> TokenStream {
    quote!(::ncloud_runtime::GroupRule)
}

/// Per-call settings (`idempotent`), for `Client::send_with`.
pub fn call_options() -> TokenStream {
    quote!(::ncloud_runtime::CallOptions)
}

/// The client's error type.
pub fn client_error() -> TokenStream {
    quote!(::ncloud_runtime::Error)
}

/// The generated service's client (in the generated `client.rs`).
pub fn client() -> TokenStream {
    quote!(super::client::Client)
}

/// The generated service's client, named from an operation's file.
pub fn client_from_operation() -> TokenStream {
    quote!(super::super::client::Client)
}

/// The runtime's client, which the generated one wraps.
pub fn runtime_client() -> TokenStream {
    quote!(::ncloud_runtime::Client)
}

/// The runtime's generic client builder.
pub fn client_builder() -> TokenStream {
    quote!(::ncloud_runtime::ClientBuilder)
}

/// The trait that ties a generated client to its service.
pub fn service_client() -> TokenStream {
    quote!(::ncloud_runtime::client::ServiceClient)
}

/// `ServiceInfo`: what the runtime knows of a service.
pub fn service_info() -> TokenStream {
    quote!(::ncloud_runtime::ServiceInfo)
}

/// The runtime's module of shared error bodies (`x-ncp-runtime-type`).
pub fn wire() -> TokenStream {
    quote!(::ncloud_runtime::wire)
}

/// `deserialize_with` path for a lenient scalar.
pub fn json_fn(name: &str) -> String {
    format!("::ncloud_runtime::json::{name}")
}

/// The runtime's `json` module.
pub fn json() -> TokenStream {
    quote!(::ncloud_runtime::json)
}

/// `runtime::query::QueryWriter`.
pub fn query_writer() -> TokenStream {
    quote!(::ncloud_runtime::query::QueryWriter)
}

/// `runtime::query::QueryEncode`.
pub fn query_encode() -> TokenStream {
    quote!(::ncloud_runtime::query::QueryEncode)
}

/// `runtime::Operation`.
pub fn operation() -> TokenStream {
    quote!(::ncloud_runtime::Operation)
}

/// `runtime::Envelope`.
pub fn envelope() -> TokenStream {
    quote!(::ncloud_runtime::Envelope)
}

/// `runtime::decode_body`.
pub fn decode_body() -> TokenStream {
    quote!(::ncloud_runtime::decode_body)
}

/// `runtime::BodyError`.
pub fn body_error() -> TokenStream {
    quote!(::ncloud_runtime::BodyError)
}

/// `runtime::UnknownField`.
pub fn unknown_field() -> TokenStream {
    quote!(::ncloud_runtime::UnknownField)
}

/// `runtime::paging::Paginated`.
pub fn paginated() -> TokenStream {
    quote!(::ncloud_runtime::paging::Paginated)
}

/// The runtime's core of the typed mock (`ncloud_runtime::mock`).
pub fn mock_runtime() -> TokenStream {
    quote!(::ncloud_runtime::mock)
}

/// The paginator the fluent builders of paged operations return.
pub fn paginator() -> TokenStream {
    quote!(::ncloud_runtime::Paginator)
}

/// A `schema_with` function of `runtime::schema` (feature `schemars`).
pub fn schema_fn(name: &str) -> String {
    format!("::ncloud_runtime::schema::{name}")
}

/// The macro that defines a generated enum from its table (`runtime::enums`).
pub fn open_enum() -> TokenStream {
    quote!(::ncloud_runtime::open_enum)
}

/// The macro that implements `schemars::JsonSchema` for such an enum (feature `schemars`).
pub fn open_enum_schema() -> TokenStream {
    quote!(::ncloud_runtime::open_enum_schema)
}
