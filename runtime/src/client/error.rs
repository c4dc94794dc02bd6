//! The one error type of every call: [`Error`].
//!
//! A caller usually needs to decide one of three things: fix the request (invalid request, API
//! error), fix the setup (credentials, configuration, gateway authentication errors) or try again
//! later ([`Error::is_retryable`]). Each failure mode therefore has its own variant carrying the
//! details that matter for it (HTTP status, codes, messages, request id, a bounded snippet of a
//! body that could not be understood), instead of a string. Secrets never appear in any of them.

use std::fmt;
use std::time::Duration;

use crate::error::{ApiError, DecodeError, GatewayError, InvalidRequest};

pub use super::credentials::{CredentialsError, CredentialsErrorKind};

/// Everything that can go wrong when calling the API. Match on the variant; new variants may be
/// added, so keep a wildcard arm.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The request failed validation before anything was sent: a required parameter missing, a
    /// value out of range, a parameter given without the one it requires.
    InvalidRequest(InvalidRequest),
    /// The client is misconfigured: an invalid endpoint or `NCLOUD_API_GW`, or the HTTP client
    /// could not be set up.
    Config(ConfigError),
    /// No usable credentials were found; the error says where the client looked.
    Credentials(CredentialsError),
    /// The connection failed: it could not be opened, or it broke before the whole response
    /// arrived (including a connection closed without any response).
    Transport(TransportError),
    /// An attempt took longer than its connect or total timeout.
    Timeout(TimeoutError),
    /// The API Gateway rejected the call (`{"error": {"errorCode", "message", "details"}}`):
    /// authentication, permission, quota or throttling.
    Gateway(GatewayError),
    /// The server API reported an error: a `responseError` body, or a success body whose
    /// `returnCode` is not `0`.
    Api(ApiError),
    /// A success response whose body does not match the expected types (element path and
    /// snippet inside).
    Decode(DecodeError),
    /// A response that is neither a success body nor a known error body: an HTML page, an empty
    /// body, a wrong content type, an undecodable error body.
    UnexpectedContent(UnexpectedResponse),
    /// A [`Paginator`](crate::Paginator) fetched its maximum number of pages and the API still
    /// had not signalled the last one (an empty or short page, or `totalRows` reached). Raised
    /// instead of silently returning a truncated list; every page up to the limit was yielded
    /// before it. Not retryable: asking again walks the same pages.
    PageLimit(PageLimitError),
    /// The response body is larger than the client's limit
    /// ([`ClientBuilder::max_response_size`](super::ClientBuilder::max_response_size)); reading
    /// stopped there. Not retryable: the same request gets the same body.
    ResponseTooLarge(ResponseTooLarge),
}

impl Error {
    /// Whether trying again may succeed: connection failures, timeouts, and HTTP 5xx and 429
    /// responses of any kind. The client's [`RetryPolicy`](super::RetryPolicy) retries exactly
    /// these.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Transport(e) => e.kind != TransportErrorKind::Other,
            Error::Timeout(_) => true,
            Error::Gateway(_) | Error::Api(_) | Error::UnexpectedContent(_) => {
                self.status().is_some_and(retryable_status)
            }
            Error::InvalidRequest(_)
            | Error::Config(_)
            | Error::Credentials(_)
            | Error::Decode(_)
            | Error::PageLimit(_)
            | Error::ResponseTooLarge(_) => false,
        }
    }

    /// Whether the request may have reached the API and been carried out, so that sending it
    /// again could do the same thing twice. It matters for mutations
    /// ([`Operation::MUTATION`](crate::Operation::MUTATION)); a read changes nothing whatever
    /// this says. The rule errs towards `true`; it is `false` only when the request is known not
    /// to have been carried out:
    ///
    /// - nothing was sent: the request was invalid, the client misconfigured or without
    ///   credentials, the connection could not be opened ([`TransportErrorKind::Connect`]) or
    ///   opening it timed out ([`TimeoutPhase::Connect`]);
    /// - the gateway refused it: HTTP 401, 403 or 429, whatever the body;
    /// - the API refused it: an [`Error::Api`] or an [`Error::Gateway`] whose HTTP status is not
    ///   5xx (a `returnCode` error is the API saying it did not do it);
    /// - a [`PageLimit`](Error::PageLimit) (paging only reads).
    ///
    /// It is `true` for everything after the request may have been sent: a connection that
    /// failed or was reset after the request was written ([`TransportErrorKind::Request`],
    /// [`Body`](TransportErrorKind::Body), [`Other`](TransportErrorKind::Other)), the total
    /// timeout ([`TimeoutPhase::Total`]), any 5xx, a success body that did not decode, an
    /// unexpected or oversized response. The client retries a mutation only on errors for which
    /// this is `false` (and [`is_retryable`](Self::is_retryable) is `true`), or on the
    /// operation's documented "busy, try again" return codes, unless the call is marked
    /// idempotent ([`CallOptions::idempotent`](super::CallOptions::idempotent)).
    pub fn may_have_been_applied(&self) -> bool {
        if self.status().is_some_and(|s| matches!(s, 401 | 403 | 429)) {
            return false;
        }
        match self {
            Error::InvalidRequest(_)
            | Error::Config(_)
            | Error::Credentials(_)
            | Error::PageLimit(_) => false,
            Error::Transport(e) => e.kind != TransportErrorKind::Connect,
            Error::Timeout(e) => e.phase != TimeoutPhase::Connect,
            Error::Api(_) | Error::Gateway(_) => {
                self.status().is_none_or(|s| (500..=599).contains(&s))
            }
            Error::Decode(_) | Error::UnexpectedContent(_) | Error::ResponseTooLarge(_) => true,
        }
    }

    /// The API's `returnCode`, for an [`Error::Api`].
    pub fn return_code(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.return_code(),
            _ => None,
        }
    }

    /// The HTTP status of the response the error came from, if there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Gateway(e) => e.http_status(),
            Error::Api(e) => e.http_status(),
            Error::UnexpectedContent(e) => Some(e.status),
            Error::ResponseTooLarge(e) => Some(e.status),
            _ => None,
        }
    }

    /// NCP's request id (from the `x-ncp-request-id` header or the body), if known.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.request_id(),
            Error::Gateway(e) => e.request_id(),
            Error::UnexpectedContent(e) => e.request_id(),
            Error::ResponseTooLarge(e) => e.request_id(),
            _ => None,
        }
    }
}

/// HTTP statuses worth retrying: 5xx and 429.
pub(crate) fn retryable_status(status: u16) -> bool {
    status == 429 || (500..=599).contains(&status)
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidRequest(e) => write!(f, "invalid request: {e}"),
            Error::Config(e) => fmt::Display::fmt(e, f),
            Error::Credentials(e) => fmt::Display::fmt(e, f),
            Error::Transport(e) => fmt::Display::fmt(e, f),
            Error::Timeout(e) => fmt::Display::fmt(e, f),
            Error::Gateway(e) => fmt::Display::fmt(e, f),
            Error::Api(e) => fmt::Display::fmt(e, f),
            Error::Decode(e) => fmt::Display::fmt(e, f),
            Error::UnexpectedContent(e) => fmt::Display::fmt(e, f),
            Error::PageLimit(e) => fmt::Display::fmt(e, f),
            Error::ResponseTooLarge(e) => fmt::Display::fmt(e, f),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::InvalidRequest(e) => Some(e),
            Error::Config(e) => Some(e),
            Error::Credentials(e) => Some(e),
            Error::Transport(e) => Some(e),
            Error::Timeout(e) => Some(e),
            Error::Gateway(e) => Some(e),
            Error::Api(e) => Some(e),
            Error::Decode(e) => Some(e),
            Error::UnexpectedContent(e) => Some(e),
            Error::PageLimit(e) => Some(e),
            Error::ResponseTooLarge(e) => Some(e),
        }
    }
}

impl From<InvalidRequest> for Error {
    fn from(e: InvalidRequest) -> Self {
        Error::InvalidRequest(e)
    }
}

impl From<CredentialsError> for Error {
    fn from(e: CredentialsError) -> Self {
        Error::Credentials(e)
    }
}

impl From<ConfigError> for Error {
    fn from(e: ConfigError) -> Self {
        Error::Config(e)
    }
}

impl From<PageLimitError> for Error {
    fn from(e: PageLimitError) -> Self {
        Error::PageLimit(e)
    }
}

/// A paginated walk stopped at its page limit before the API signalled the last page
/// ([`Error::PageLimit`]).
///
/// The limit ([`Paginator::max_pages`](crate::Paginator::max_pages)) bounds the number of requests
/// a walk makes, so that an API that never returns a short page cannot keep the caller looping;
/// reaching it is an error rather than an end, so a partial list is never mistaken for a complete
/// one. Raise the limit or narrow the request (filters, a larger page size).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageLimitError {
    operation: &'static str,
    max_pages: u32,
    items: u64,
    total_rows: Option<i64>,
}

impl PageLimitError {
    pub(crate) fn new(
        operation: &'static str,
        max_pages: u32,
        items: u64,
        total_rows: Option<i64>,
    ) -> Self {
        Self {
            operation,
            max_pages,
            items,
            total_rows,
        }
    }

    /// The paginated operation, e.g. `getServerImageList`.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The limit that was reached: the number of pages fetched.
    pub fn max_pages(&self) -> u32 {
        self.max_pages
    }

    /// How many items those pages held together.
    pub fn items(&self) -> u64 {
        self.items
    }

    /// `totalRows` of the last page fetched, if it had one.
    pub fn total_rows(&self) -> Option<i64> {
        self.total_rows
    }
}

impl fmt::Display for PageLimitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pages = if self.max_pages == 1 { "page" } else { "pages" };
        write!(
            f,
            "{}: stopped after {} {pages} ({} items",
            self.operation, self.max_pages, self.items
        )?;
        if let Some(total) = self.total_rows {
            write!(f, " of totalRows {total}")?;
        }
        f.write_str(") without reaching the last page; raise the page limit or narrow the request")
    }
}

impl std::error::Error for PageLimitError {}

/// A response body over the client's size limit ([`Error::ResponseTooLarge`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResponseTooLarge {
    status: u16,
    limit: usize,
    content_length: Option<u64>,
    request_id: Option<String>,
}

impl ResponseTooLarge {
    pub(crate) fn new(
        status: u16,
        limit: usize,
        content_length: Option<u64>,
        request_id: Option<String>,
    ) -> Self {
        Self {
            status,
            limit,
            content_length,
            request_id,
        }
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The limit in bytes.
    pub fn limit(&self) -> usize {
        self.limit
    }

    /// The `Content-Length` the response declared, if any (absent for a chunked body, which
    /// was cut off once it passed the limit).
    pub fn content_length(&self) -> Option<u64> {
        self.content_length
    }

    /// The `x-ncp-request-id` header, if present.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

impl fmt::Display for ResponseTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the response body (HTTP {}) is larger than the limit of {} bytes",
            self.status, self.limit
        )?;
        if let Some(n) = self.content_length {
            write!(f, " (Content-Length {n})")?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ResponseTooLarge {}

/// A configuration problem found while building the client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    message: String,
}

impl ConfigError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }

    /// What is wrong.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConfigError {}

/// Where a connection failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// The connection (TCP or TLS) could not be opened.
    Connect,
    /// The request could not be sent, or the connection closed before a response arrived.
    Request,
    /// The response started but its body could not be read to the end.
    Body,
    /// Anything else the HTTP library reported (not retried).
    Other,
}

/// A connection-level failure, with the HTTP library's error as its source.
#[derive(Debug)]
pub struct TransportError {
    kind: TransportErrorKind,
    source: reqwest::Error,
}

impl TransportError {
    pub(crate) fn from_reqwest(source: reqwest::Error) -> Self {
        let kind = if source.is_connect() {
            TransportErrorKind::Connect
        } else if source.is_body() || source.is_decode() {
            TransportErrorKind::Body
        } else if source.is_request() {
            TransportErrorKind::Request
        } else {
            TransportErrorKind::Other
        };
        Self { kind, source }
    }

    pub(crate) fn body(source: reqwest::Error) -> Self {
        Self {
            kind: TransportErrorKind::Body,
            source,
        }
    }

    /// Where the connection failed.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TransportErrorKind::Connect => "could not connect to the API gateway",
            TransportErrorKind::Request => "the connection failed before a response arrived",
            TransportErrorKind::Body => "the connection failed while reading the response body",
            TransportErrorKind::Other => "HTTP client error",
        };
        // The innermost cause ("Connection refused", "connection closed before message
        // completed") is what a reader needs; the full chain stays available via `source()`.
        let mut cause: &dyn std::error::Error = &self.source;
        while let Some(next) = cause.source() {
            cause = next;
        }
        write!(f, "{what}: {cause}")
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// Which timeout expired.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TimeoutPhase {
    /// Opening the connection took longer than the connect timeout.
    Connect,
    /// The attempt as a whole (connect, send, wait, read the body) took longer than the total
    /// timeout.
    Total,
}

/// An attempt ran out of time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeoutError {
    phase: TimeoutPhase,
    after: Option<Duration>,
}

impl TimeoutError {
    pub(crate) fn new(phase: TimeoutPhase, after: Option<Duration>) -> Self {
        Self { phase, after }
    }

    /// Which timeout expired.
    pub fn phase(&self) -> TimeoutPhase {
        self.phase
    }

    /// The configured limit that was exceeded, when known.
    pub fn after(&self) -> Option<Duration> {
        self.after
    }
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.phase {
            TimeoutPhase::Connect => "connecting to the API gateway timed out",
            TimeoutPhase::Total => "the request timed out",
        };
        match self.after {
            Some(after) => write!(f, "{what} after {after:?}"),
            None => f.write_str(what),
        }
    }
}

impl std::error::Error for TimeoutError {}

/// A response the client could not interpret: not a success body of the expected operation, and
/// not one of the known error bodies ([`Error::UnexpectedContent`]).
///
/// Unlike the decoding runtime's [`crate::error::UnexpectedContent`], which only sees a body,
/// this also records what the client saw on the wire: the HTTP status, the content type, the
/// request id and why the response was not accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnexpectedResponse {
    status: u16,
    content_type: Option<String>,
    reason: String,
    snippet: String,
    request_id: Option<String>,
}

impl UnexpectedResponse {
    pub(crate) fn new(
        status: u16,
        content_type: Option<String>,
        reason: impl Into<String>,
        body: &[u8],
        request_id: Option<String>,
    ) -> Self {
        Self {
            status,
            content_type,
            reason: reason.into(),
            snippet: crate::error::body_snippet(body),
            request_id,
        }
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The `Content-Type` header, if any.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// Why the body was not accepted, e.g. "an HTML page" or "an empty body".
    pub fn reason(&self) -> &str {
        &self.reason
    }

    /// The start of the body after any leading whitespace: at most
    /// [`SNIPPET_MAX_CHARS`](crate::error::SNIPPET_MAX_CHARS) characters, lossily decoded as
    /// UTF-8, `…` when cut.
    pub fn snippet(&self) -> &str {
        &self.snippet
    }

    /// The `x-ncp-request-id` header, if present.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

impl fmt::Display for UnexpectedResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unexpected response (HTTP {}, content type {}): {}",
            self.status,
            self.content_type.as_deref().unwrap_or("none"),
            self.reason
        )?;
        if !self.snippet.is_empty() {
            write!(f, "; body starts with {:?}", self.snippet)?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for UnexpectedResponse {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unexpected_response_snippet_is_the_bounded_body_start() {
        let e =
            UnexpectedResponse::new(502, None, "an HTML page", b"  <html>\n<body>x</body>", None);
        assert_eq!(e.snippet(), "<html>\n<body>x</body>");
        let long = "가".repeat(1000);
        let e = UnexpectedResponse::new(200, None, "text", long.as_bytes(), None);
        assert_eq!(
            e.snippet().chars().count(),
            crate::error::SNIPPET_MAX_CHARS + 1
        );
        assert!(e.snippet().ends_with('…'));
        let e = UnexpectedResponse::new(200, None, "an empty body", b"", None);
        assert_eq!(e.snippet(), "");
        // Invalid UTF-8 does not panic.
        let e = UnexpectedResponse::new(200, None, "text", &[0xff, 0xfe, b'a'], None);
        assert!(!e.snippet().is_empty());
    }

    #[test]
    fn page_limit_is_not_retryable_and_says_what_happened() {
        let e = Error::from(PageLimitError::new("getServerImageList", 2, 6, Some(9)));
        assert!(!e.is_retryable());
        assert_eq!(e.status(), None);
        assert_eq!(
            e.to_string(),
            "getServerImageList: stopped after 2 pages (6 items of totalRows 9) without reaching \
             the last page; raise the page limit or narrow the request"
        );
        let e = PageLimitError::new("getServerImageList", 1, 3, None);
        assert_eq!(e.max_pages(), 1);
        assert_eq!(e.items(), 3);
        assert_eq!(e.total_rows(), None);
        assert!(
            e.to_string()
                .starts_with("getServerImageList: stopped after 1 page (3 items)")
        );
    }

    #[test]
    fn retryable_statuses() {
        for s in [429, 500, 502, 503, 504, 599] {
            assert!(retryable_status(s), "{s}");
        }
        for s in [200, 400, 401, 403, 404, 499, 600] {
            assert!(!retryable_status(s), "{s}");
        }
    }
}
