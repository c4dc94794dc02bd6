//! Typed bindings for the NAVER Cloud Platform (NCP) VPC Server API: server images and regions.
//!
//! ```no_run
//! # async fn demo() -> Result<(), ncloud_vserver::Error> {
//! use ncloud_vserver::Client;
//!
//! // Credentials from NCLOUD_ACCESS_KEY_ID / NCLOUD_SECRET_ACCESS_KEY or ~/.ncloud/configure;
//! // the gateway from NCLOUD_API_GW when set.
//! let client = Client::from_env()?;
//! let detail = client
//!     .get_server_image_detail()
//!     .server_image_no("23214590")
//!     .region_code("KR")
//!     .send()
//!     .await?;
//! for image in &detail.server_image_list {
//!     println!("{:?}: {:?}", image.server_image_no, image.server_image_name);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! # What is where
//! - [`Client`]: one method per operation (`get_server_image_detail`, `get_server_image_list`,
//!   `get_region_list`) returning a fluent builder that ends in `.send().await`; list operations
//!   also offer `.into_paginator()` ([`Paginator`]). [`Client::send`] takes a request value
//!   built with [`operations`]' builders instead.
//! - [`operations`]: request types; their builders check required parameters, documented ranges
//!   (`pageSize` 1..=1000) and dependencies (`pageNo` needs `pageSize`) before anything is sent,
//!   and encode NCP list parameters (`osTypeCodeList.1=..&osTypeCodeList.2=..`).
//! - [`types`]: response types. Both response formats decode into the same values: XML (the
//!   client's default, see [`ClientBuilder::response_format`]) through generated per-type pull
//!   decoders, JSON through serde. Codes the API adds later decode as `Unknown(text)` variants;
//!   fields it adds later are skipped, and reported by [`Client::send_with_unknown`].
//!   `Serialize` writes the API's field names.
//! - [`Error`]: the one error type of every call, with [`Error::is_retryable`]. Decode errors
//!   carry the element path and the offending text; API and gateway errors their codes, messages,
//!   HTTP status and request id. Secrets never appear in any `Debug` or `Display` output.
//! - [`runtime`]: what the generated code builds on (decoders, query encoding, the
//!   [`Operation`](runtime::Operation) trait); [`client`]: signing, credentials, endpoints,
//!   retries.
//!
//! - `mock` (feature `mock`): a typed in-process mock of the API for your own tests: start a
//!   `MockServer`, register an answer per operation, point a [`Client`] at it and read back the
//!   typed requests it received; it verifies signatures like NCP's gateway.
//!
//! # Cargo features
//! - `rustls` (default): HTTPS through rustls. `native-tls`: through the platform's TLS
//!   (OpenSSL on Linux). With neither, only `http://` endpoints work (the mock, a local gateway).
//! - `tracing`: a span per call (`ncloud_vserver.call`: operation, format, attempts, HTTP
//!   status, request id) and per attempt (`ncloud_vserver.attempt`), a `retrying` event per
//!   retry; never credentials, signatures or queries.
//! - `mock`: the module `mock` (pulls in hyper's HTTP/1 server).
//! - `schemars`: `schemars::JsonSchema` on the generated types.
//!
//! Every generated field, parameter and setter is documented from the spec and ends with its
//! name in the API and, where the value has one, its unit ("API name: `blockStorageSize`.
//! Unit: bytes.").
//!
//! The request and response types, their decoders and the per-operation client methods are
//! generated from the project's hand-written OpenAPI description (`spec/vserver.yaml`); the
//! runtime they build on is hand-written.

#![deny(missing_docs)]

// Generated code names this crate by its absolute path, so the same output also compiles in the
// codegen snapshot crate.
extern crate self as ncloud_vserver;

pub mod client;
pub mod error;
pub mod paginator;
pub mod runtime;

pub mod fluent;
#[cfg(feature = "mock")]
pub mod mock;
#[cfg(feature = "mock")]
pub mod mock_runtime;
pub mod operations;
pub mod types;

pub use client::error::Error;
pub use client::{Client, ClientBuilder, Credentials, Endpoint, Format, RetryPolicy};
pub use error::{ApiError, DecodeError, GatewayError, InvalidRequest};
pub use paginator::Paginator;

/// The README's code, compiled as a doctest so the front page cannot rot.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
