//! Typed bindings for the NAVER Cloud Platform (NCP) VPC Server API.
//!
//! The request and response types, their XML decoders and the per-operation client surface are
//! generated from `spec/vserver.yaml` (see the repository's `docs/design.md`); the runtime they
//! build on (decoding support, signing, transport, retries, errors) is hand-written.

// Generated code names this crate by its absolute path, so the same output also compiles in the
// codegen snapshot crate.
extern crate self as ncloud_vserver;

pub mod client;
pub mod error;
pub mod paginator;
pub mod runtime;

pub mod fluent;
pub mod operations;
pub mod types;

pub use client::error::Error;
pub use client::{Client, ClientBuilder, Credentials, Endpoint, Format, RetryPolicy};
pub use error::{ApiError, DecodeError, GatewayError, InvalidRequest};
pub use paginator::Paginator;
