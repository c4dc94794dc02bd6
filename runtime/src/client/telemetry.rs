//! `tracing` spans and events of a call (feature `tracing`); without the feature every function
//! here compiles to nothing, so the client code reads the same either way.
//!
//! Spans (target `ncloud`, whatever the service):
//! - `ncloud.call` per [`Client::send`](super::Client::send): `service` (its short name, e.g.
//!   `vserver`), `operation`, `format`, and
//!   when it ends `attempts`, `http.status`, `request_id`, `error` (the error's kind);
//! - `ncloud.attempt` inside it per signed exchange: `attempt` (1-based), `http.status`,
//!   `request_id` (the `x-ncp-request-id` header, else the body's), `error`.
//!
//! A `WARN` event `retrying` (with `attempt`, `delay_ms`, `error`) precedes every retry.
//!
//! Only the operation name, status codes, request ids, delays and error messages are recorded:
//! never the access key, the secret, the signature or the query, because error messages carry
//! none of them (the client's tests check this with a capturing subscriber).

use std::future::Future;
use std::time::Duration;

use super::Format;
use super::error::Error;

/// The span of one call.
pub(crate) struct CallTrace {
    #[cfg(feature = "tracing")]
    span: tracing::Span,
}

/// The span of one attempt.
pub(crate) struct AttemptTrace {
    #[cfg(feature = "tracing")]
    span: tracing::Span,
}

impl CallTrace {
    #[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
    pub(crate) fn start(service: &'static str, operation: &'static str, format: Format) -> Self {
        CallTrace {
            #[cfg(feature = "tracing")]
            span: tracing::info_span!(
                target: "ncloud",
                "ncloud.call",
                service,
                operation,
                format = format.response_format_type(),
                attempts = tracing::field::Empty,
                http.status = tracing::field::Empty,
                request_id = tracing::field::Empty,
                error = tracing::field::Empty,
            ),
        }
    }

    #[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
    pub(crate) fn attempt(&self, attempt: u32) -> AttemptTrace {
        AttemptTrace {
            #[cfg(feature = "tracing")]
            span: tracing::info_span!(
                target: "ncloud",
                parent: &self.span,
                "ncloud.attempt",
                attempt,
                http.status = tracing::field::Empty,
                request_id = tracing::field::Empty,
                error = tracing::field::Empty,
            ),
        }
    }

    #[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
    pub(crate) fn retrying(&self, attempt: u32, delay: Duration, error: &Error) {
        #[cfg(feature = "tracing")]
        tracing::warn!(
            target: "ncloud",
            parent: &self.span,
            attempt,
            delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
            error = %error,
            "retrying"
        );
    }

    /// Records how the call ended.
    #[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
    pub(crate) fn finish(
        &self,
        attempts: u32,
        status: Option<u16>,
        request_id: Option<&str>,
        error: Option<&Error>,
    ) {
        #[cfg(feature = "tracing")]
        {
            self.span.record("attempts", attempts);
            record_response(&self.span, status, request_id);
            if let Some(e) = error {
                self.span.record("error", error_kind(e));
            }
        }
    }
}

impl AttemptTrace {
    /// Records the attempt's outcome.
    #[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
    pub(crate) fn finish(
        &self,
        status: Option<u16>,
        request_id: Option<&str>,
        error: Option<&Error>,
    ) {
        #[cfg(feature = "tracing")]
        {
            record_response(&self.span, status, request_id);
            if let Some(e) = error {
                self.span.record("error", tracing::field::display(e));
            }
        }
    }
}

/// A trace that owns a span (with the feature): futures run inside it.
pub(crate) trait InSpan {
    /// The span.
    #[cfg(feature = "tracing")]
    fn span(&self) -> &tracing::Span;

    /// Runs `fut` inside the span (with the feature), or just runs it.
    async fn instrument<F: Future>(&self, fut: F) -> F::Output {
        #[cfg(feature = "tracing")]
        {
            use tracing::Instrument as _;
            fut.instrument(self.span().clone()).await
        }
        #[cfg(not(feature = "tracing"))]
        {
            fut.await
        }
    }
}

impl InSpan for CallTrace {
    #[cfg(feature = "tracing")]
    fn span(&self) -> &tracing::Span {
        &self.span
    }
}

impl InSpan for AttemptTrace {
    #[cfg(feature = "tracing")]
    fn span(&self) -> &tracing::Span {
        &self.span
    }
}

/// The response fields both spans carry, when known.
#[cfg(feature = "tracing")]
fn record_response(span: &tracing::Span, status: Option<u16>, request_id: Option<&str>) {
    if let Some(status) = status {
        span.record("http.status", status);
    }
    if let Some(id) = request_id {
        span.record("request_id", id);
    }
}

/// A short, stable name of the error's kind for the call span.
#[cfg(feature = "tracing")]
fn error_kind(e: &Error) -> &'static str {
    match e {
        Error::InvalidRequest(_) => "invalid_request",
        Error::Config(_) => "config",
        Error::Credentials(_) => "credentials",
        Error::Transport(_) => "transport",
        Error::Timeout(_) => "timeout",
        Error::Gateway(_) => "gateway",
        Error::Api(_) => "api",
        Error::Decode(_) => "decode",
        Error::UnexpectedContent(_) => "unexpected_content",
        Error::PageLimit(_) => "page_limit",
        Error::ResponseTooLarge(_) => "response_too_large",
    }
}
