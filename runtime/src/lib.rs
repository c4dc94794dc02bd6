//! The runtime every generated NAVER Cloud Platform (NCP) API crate builds on, written by hand
//! and shared by all services: request signing (API Gateway signature v2), credentials,
//! endpoints, transport, retries, the error types, XML and JSON decoding primitives, date-times,
//! lenient scalars, query and form encoding, paging, waiters, the core of the typed mock
//! server, and tracing.
//!
//! It names no service. A generated service crate describes itself with a [`ServiceInfo`] (its
//! base path on the gateway, from its spec's `servers`), implements [`Operation`] for each of its
//! requests, and wraps [`Client`] in its own client type; everything here works for any service.
//! See the project's `docs/design.md` §3 for the contract between the generated code and this
//! crate.

#![deny(missing_docs)]

pub mod check;
pub mod client;
pub mod datetime;
pub mod enums;
pub mod error;
pub mod format;
pub mod json;
mod lists;
#[cfg(feature = "mock")]
pub mod mock;
pub mod operation;
pub mod paginator;
pub mod paging;
pub mod query;
pub mod registry;
#[cfg(feature = "schemars")]
pub mod schema;
pub mod service;
pub mod unknown;
pub mod waiter;
pub mod wire;
pub mod xml;
#[cfg(feature = "encode")]
pub mod xml_write;

/// serde, re-exported for generated code (its derives name it through
/// `#[serde(crate = "::ncloud_runtime::serde")]`), so that a service crate needs no serde
/// dependency of its own and always uses the runtime's.
#[doc(hidden)]
pub use serde;

pub use client::error::Error;
pub use client::{CallOptions, Client, ClientBuilder, Credentials, Endpoint, RetryPolicy};
pub use datetime::DateTime;
pub use enums::UnknownValue;
pub use error::{ApiError, DecodeError, GatewayError, GroupRule, InvalidRequest, ResponseMeta};
pub use format::Format;
pub use operation::{BodyError, Envelope, Operation, decode_body};
#[cfg(feature = "encode")]
pub use operation::{encode_body, encode_document, encode_response_error};
pub use paginator::Paginator;
pub use paging::Paginated;
pub use query::{QueryEncode, QueryWriter};
pub use service::ServiceInfo;
pub use unknown::UnknownField;
pub use waiter::{WaitOptions, Waiter, WaiterError};

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
