//! Error types of the crate.
//!
//! - [`DecodeError`]: a response body could not be decoded into its type (XML or JSON), with the
//!   path of the offending element or field and a bounded snippet of the offending text.
//! - [`ApiError`]: the server API answered with an error (`responseError`, or a non-zero
//!   `returnCode`).
//! - [`GatewayError`]: the API gateway rejected the call (authentication, permission,
//!   throttling: `{"error": {...}}`).
//! - [`ResponseMeta`]: the HTTP status and request id both of those carry.
//! - [`UnexpectedContent`]: the body was neither an API XML nor JSON document (an HTML error
//!   page from a proxy, an empty body, ...).
//! - [`InvalidRequest`]: a request failed its checks before being sent.

use std::borrow::Cow;
use std::error::Error as StdError;
use std::fmt;

use crate::Format;

/// Longest snippet of offending input kept in errors, in characters (an ellipsis is appended
/// when the text was cut).
pub const SNIPPET_MAX_CHARS: usize = 120;

/// Returns at most [`SNIPPET_MAX_CHARS`] characters of `text`, with `…` appended when cut.
pub(crate) fn snippet(text: &str) -> String {
    match text.char_indices().nth(SNIPPET_MAX_CHARS) {
        None => text.to_owned(),
        Some((cut, _)) => {
            let mut s = String::with_capacity(cut + 3);
            s.push_str(&text[..cut]);
            s.push('…');
            s
        }
    }
}

/// A snippet of `input` (bytes, decoded lossily) around byte offset `pos`: some context before
/// it and more after it, at most [`SNIPPET_MAX_CHARS`] characters in all.
pub(crate) fn snippet_around(input: &[u8], pos: usize) -> String {
    const BEFORE: usize = 40;
    let pos = pos.min(input.len());
    let start = pos.saturating_sub(BEFORE);
    let end = (start + SNIPPET_MAX_CHARS * 4).min(input.len());
    let text = String::from_utf8_lossy(&input[start..end]);
    // Cutting at arbitrary bytes may split a character at either end: drop the replacement
    // characters that this produced.
    let text = text.trim_start_matches('\u{FFFD}');
    let mut out = String::new();
    for (n, c) in text.chars().enumerate() {
        if n == SNIPPET_MAX_CHARS {
            out.push('…');
            break;
        }
        out.push(c);
    }
    if end < input.len() && !out.ends_with('…') {
        // The window ended inside the input: drop a character split by the cut, and say that
        // the text goes on.
        while out.ends_with('\u{FFFD}') {
            out.pop();
        }
        out.push('…');
    }
    out
}

/// The start of a response body for error messages: after any byte order mark and leading
/// whitespace, at most [`SNIPPET_MAX_CHARS`] characters (lossy UTF-8), `…` when cut. Both
/// [`UnexpectedContent`] and the client's unexpected-response error show this.
pub(crate) fn body_snippet(body: &[u8]) -> String {
    snippet_around(crate::format::skip_bom_and_whitespace(body), 0)
}

// ------------------------------------------------------------------------------------------------
// DecodeError
// ------------------------------------------------------------------------------------------------

/// A response body could not be decoded into its type.
///
/// Carries the [format](Self::format), the [path](Self::path) of the element or field where
/// decoding failed (like
/// `getServerImageDetailResponse/serverImageList/serverImage[0]/blockStorageMappingList/blockStorageMapping[0]/blockStorageSize`;
/// JSON paths put list indices on the list itself: `.../serverImageList[0]/...`), what went
/// wrong ([kind](Self::kind)) and a bounded [snippet](Self::snippet) of the offending text.
///
/// Displays like `XML decode error at <path>: expected a 64-bit integer, found "abc"`.
#[derive(Clone, PartialEq, Eq)]
pub struct DecodeError {
    // Boxed: decoders return `Result<_, DecodeError>` from every element, so the error is kept
    // one pointer wide.
    inner: Box<DecodeErrorInner>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct DecodeErrorInner {
    format: Format,
    path: String,
    kind: DecodeErrorKind,
    snippet: Option<String>,
}

/// What went wrong while decoding; see [`DecodeError::kind`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// The input is not well-formed XML or JSON (mismatched tags, bad syntax, unknown entity,
    /// invalid UTF-8, content after the document, ...).
    Syntax {
        /// Description from the parser.
        message: String,
    },
    /// The input ended in the middle of the document (truncated body).
    UnexpectedEof,
    /// A value does not have the expected form (the offending text is the
    /// [snippet](DecodeError::snippet)).
    InvalidValue {
        /// What was expected, like `a 64-bit integer`.
        expected: &'static str,
    },
    /// A required element or field is absent.
    MissingField {
        /// Name of the missing element or field.
        field: String,
    },
    /// The document is not the expected one: its root element (XML) or top-level key (JSON)
    /// has another name.
    UnexpectedRoot {
        /// The expected name.
        expected: &'static str,
        /// The name found (empty when there was none).
        found: String,
    },
    /// An element appeared where text was expected (a scalar field holding child elements).
    ExpectedText {
        /// Name of the child element found.
        found: String,
    },
    /// Text appeared where child elements were expected (an object or list element holding
    /// text; the text is the [snippet](DecodeError::snippet)).
    UnexpectedText,
    /// A JSON value does not fit the type (wrong type, invalid value, ...), as described by the
    /// JSON deserializer.
    Data {
        /// Description from the deserializer, like
        /// ``invalid type: string "abc", expected a 64-bit integer``.
        message: String,
    },
    /// Elements (XML) or arrays and objects (JSON) are nested
    /// [`MAX_DEPTH`](crate::MAX_DEPTH) levels deep or deeper. No API response comes close; the
    /// guard keeps a hostile or broken body from exhausting the stack or memory.
    TooDeep {
        /// The nesting limit that was exceeded.
        limit: usize,
    },
}

impl fmt::Display for DecodeErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeErrorKind::Syntax { message } => write!(f, "malformed document: {message}"),
            DecodeErrorKind::UnexpectedEof => f.write_str("unexpected end of input"),
            DecodeErrorKind::InvalidValue { expected } => write!(f, "expected {expected}"),
            DecodeErrorKind::MissingField { field } => {
                write!(f, "missing required field `{field}`")
            }
            DecodeErrorKind::UnexpectedRoot { expected, found } if found.is_empty() => {
                write!(f, "expected `{expected}` at the top level, found nothing")
            }
            DecodeErrorKind::UnexpectedRoot { expected, found } => {
                write!(f, "expected `{expected}` at the top level, found `{found}`")
            }
            DecodeErrorKind::ExpectedText { found } => {
                write!(f, "expected text, found element <{found}>")
            }
            DecodeErrorKind::UnexpectedText => f.write_str("expected child elements, found text"),
            DecodeErrorKind::Data { message } => f.write_str(message),
            DecodeErrorKind::TooDeep { limit } => {
                write!(f, "nested {limit} or more levels deep")
            }
        }
    }
}

impl DecodeError {
    /// Creates an error of `kind` at `path` (slash-separated, see [`path`](Self::path)).
    pub fn new(format: Format, path: impl Into<String>, kind: DecodeErrorKind) -> Self {
        DecodeError {
            inner: Box::new(DecodeErrorInner {
                format,
                path: path.into(),
                kind,
                snippet: None,
            }),
        }
    }

    /// Attaches the offending text, cut to at most [`SNIPPET_MAX_CHARS`] characters.
    #[must_use]
    pub fn with_snippet(mut self, text: &str) -> Self {
        self.inner.snippet = Some(snippet(text));
        self
    }

    /// Attaches an already bounded snippet.
    pub(crate) fn with_snippet_owned(mut self, snippet: String) -> Self {
        self.inner.snippet = Some(snippet);
        self
    }

    /// Replaces the path.
    pub(crate) fn set_path(&mut self, path: String) {
        self.inner.path = path;
    }

    /// Format of the document being decoded.
    pub fn format(&self) -> Format {
        self.inner.format
    }

    /// Path of the element or field where decoding failed, segments separated by `/`, list
    /// items as `name[index]` (0-based); empty at the document level.
    pub fn path(&self) -> &str {
        &self.inner.path
    }

    /// What went wrong.
    pub fn kind(&self) -> &DecodeErrorKind {
        &self.inner.kind
    }

    /// The offending text (for [`InvalidValue`](DecodeErrorKind::InvalidValue) and
    /// [`UnexpectedText`](DecodeErrorKind::UnexpectedText)) or the input around the error
    /// position (syntax and JSON errors), at most [`SNIPPET_MAX_CHARS`] characters.
    pub fn snippet(&self) -> Option<&str> {
        self.inner.snippet.as_deref()
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("format", &self.inner.format)
            .field("path", &self.inner.path)
            .field("kind", &self.inner.kind)
            .field("snippet", &self.inner.snippet)
            .finish()
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.inner;
        write!(f, "{} decode error", inner.format)?;
        if !inner.path.is_empty() {
            write!(f, " at {}", inner.path)?;
        }
        write!(f, ": {}", inner.kind)?;
        if let Some(snippet) = &inner.snippet {
            match inner.kind {
                DecodeErrorKind::InvalidValue { .. } | DecodeErrorKind::UnexpectedText => {
                    write!(f, ", found {snippet:?}")?
                }
                _ => write!(f, " (near {snippet:?})")?,
            }
        }
        Ok(())
    }
}

impl StdError for DecodeError {}

// ------------------------------------------------------------------------------------------------
// ResponseMeta
// ------------------------------------------------------------------------------------------------

/// What is known about the HTTP response an [`ApiError`] or a [`GatewayError`] came in: its
/// status, and the request id (from the body, else the `x-ncp-request-id` header).
///
/// The body decoders know neither the status nor the header, so both start empty and the client
/// fills them in ([`BodyError::set_http_status`](crate::BodyError::set_http_status),
/// [`fill_request_id`](crate::BodyError::fill_request_id)).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ResponseMeta {
    http_status: Option<u16>,
    request_id: Option<String>,
}

impl ResponseMeta {
    /// HTTP status of the response, when known.
    pub fn http_status(&self) -> Option<u16> {
        self.http_status
    }

    /// Request id, from the body or the `x-ncp-request-id` header, when known.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// Sets or clears the HTTP status.
    pub fn set_http_status(&mut self, status: Option<u16>) {
        self.http_status = status;
    }

    /// Sets or clears the request id.
    pub fn set_request_id(&mut self, request_id: Option<String>) {
        self.request_id = request_id;
    }

    /// Sets the request id unless the body already gave one: the body's id is the API's own
    /// word, the header only the gateway's.
    pub fn fill_request_id(&mut self, request_id: &str) {
        if self.request_id.is_none() {
            self.request_id = Some(request_id.to_owned());
        }
    }
}

/// Writes ` (HTTP 400, request id abc)`, either part alone, or nothing.
impl fmt::Display for ResponseMeta {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_context(f, self.http_status, self.request_id.as_deref())
    }
}

/// Writes ` (HTTP 400, request id abc)` or nothing.
fn write_context(
    f: &mut fmt::Formatter<'_>,
    http_status: Option<u16>,
    request_id: Option<&str>,
) -> fmt::Result {
    match (http_status, request_id) {
        (None, None) => Ok(()),
        (Some(s), None) => write!(f, " (HTTP {s})"),
        (None, Some(id)) => write!(f, " (request id {id})"),
        (Some(s), Some(id)) => write!(f, " (HTTP {s}, request id {id})"),
    }
}

/// The [`ResponseMeta`] accessors and builders of an error type with a `meta` field, written
/// once for [`ApiError`] and [`GatewayError`] so the two cannot drift apart.
macro_rules! response_meta_methods {
    () => {
        /// Sets the HTTP status of the response.
        #[must_use]
        pub fn with_http_status(mut self, status: u16) -> Self {
            self.meta.set_http_status(Some(status));
            self
        }

        /// Sets the request id (from the body or the `x-ncp-request-id` header).
        #[must_use]
        pub fn with_request_id(mut self, request_id: impl Into<String>) -> Self {
            self.meta.set_request_id(Some(request_id.into()));
            self
        }

        /// Sets or clears the HTTP status.
        pub fn set_http_status(&mut self, status: Option<u16>) {
            self.meta.set_http_status(status);
        }

        /// Sets or clears the request id.
        pub fn set_request_id(&mut self, request_id: Option<String>) {
            self.meta.set_request_id(request_id);
        }

        /// HTTP status of the response, when known.
        pub fn http_status(&self) -> Option<u16> {
            self.meta.http_status()
        }

        /// Request id, from the body or the `x-ncp-request-id` header, when known.
        pub fn request_id(&self) -> Option<&str> {
            self.meta.request_id()
        }

        /// The HTTP status and request id together.
        pub fn meta(&self) -> &ResponseMeta {
            &self.meta
        }

        /// The HTTP status and request id, to change.
        pub fn meta_mut(&mut self) -> &mut ResponseMeta {
            &mut self.meta
        }
    };
}

// ------------------------------------------------------------------------------------------------
// ApiError
// ------------------------------------------------------------------------------------------------

/// The server API answered with an error: a `responseError` body, or a response whose
/// `returnCode` is not `0`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    meta: ResponseMeta,
    return_code: Option<String>,
    return_message: Option<String>,
}

impl ApiError {
    /// Creates an error from the body's `returnCode` and `returnMessage`; HTTP status and
    /// request id are set with [`with_http_status`](Self::with_http_status) and
    /// [`with_request_id`](Self::with_request_id).
    pub fn new(return_code: Option<String>, return_message: Option<String>) -> Self {
        ApiError {
            meta: ResponseMeta::default(),
            return_code,
            return_message,
        }
    }

    response_meta_methods!();

    /// The API's `returnCode` (a number as text, like `1300`).
    pub fn return_code(&self) -> Option<&str> {
        self.return_code.as_deref()
    }

    /// The API's `returnMessage`.
    pub fn return_message(&self) -> Option<&str> {
        self.return_message.as_deref()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NCP API error")?;
        if let Some(code) = &self.return_code {
            write!(f, " {code}")?;
        }
        if let Some(message) = &self.return_message {
            write!(f, ": {message}")?;
        }
        self.meta.fmt(f)
    }
}

impl StdError for ApiError {}

// ------------------------------------------------------------------------------------------------
// GatewayError
// ------------------------------------------------------------------------------------------------

/// The API gateway rejected the call (`{"error": {"errorCode": ..., "message": ..., ...}}`):
/// authentication failed (HTTP 401, code `200`), permission denied (`210`), forbidden (`230`),
/// not found (`300`), quota exceeded or throttled (HTTP 429, code `400`), ...
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GatewayError {
    meta: ResponseMeta,
    error_code: Option<String>,
    message: Option<String>,
    details: Option<String>,
}

impl GatewayError {
    /// Creates an error from the body's `errorCode`, `message` and `details`; HTTP status and
    /// request id are set with [`with_http_status`](Self::with_http_status) and
    /// [`with_request_id`](Self::with_request_id).
    pub fn new(
        error_code: Option<String>,
        message: Option<String>,
        details: Option<String>,
    ) -> Self {
        GatewayError {
            meta: ResponseMeta::default(),
            error_code,
            message,
            details,
        }
    }

    response_meta_methods!();

    /// The gateway's `errorCode` (a number as text, like `200`).
    pub fn error_code(&self) -> Option<&str> {
        self.error_code.as_deref()
    }

    /// The gateway's `message`, like `Authentication Failed`.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The gateway's `details`.
    pub fn details(&self) -> Option<&str> {
        self.details.as_deref()
    }
}

impl fmt::Display for GatewayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NCP API gateway error")?;
        if let Some(code) = &self.error_code {
            write!(f, " {code}")?;
        }
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        if let Some(details) = &self.details {
            write!(f, " ({details})")?;
        }
        self.meta.fmt(f)
    }
}

impl StdError for GatewayError {}

// ------------------------------------------------------------------------------------------------
// UnexpectedContent
// ------------------------------------------------------------------------------------------------

/// A response body that is neither an API XML document nor an API JSON object: an HTML error
/// page from a proxy or load balancer, plain text, an empty body, ...
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnexpectedContent {
    http_status: Option<u16>,
    snippet: String,
}

impl UnexpectedContent {
    /// Creates the error for `body`, keeping a bounded snippet of its start (after any byte
    /// order mark and leading whitespace).
    pub fn new(body: &[u8]) -> Self {
        UnexpectedContent {
            http_status: None,
            snippet: body_snippet(body),
        }
    }

    /// Sets the HTTP status of the response.
    #[must_use]
    pub fn with_http_status(mut self, status: u16) -> Self {
        self.http_status = Some(status);
        self
    }

    /// Sets or clears the HTTP status.
    pub fn set_http_status(&mut self, status: Option<u16>) {
        self.http_status = status;
    }

    /// HTTP status of the response, when known.
    pub fn http_status(&self) -> Option<u16> {
        self.http_status
    }

    /// The start of the body, at most [`SNIPPET_MAX_CHARS`] characters (empty for an empty
    /// body).
    pub fn snippet(&self) -> &str {
        &self.snippet
    }
}

impl fmt::Display for UnexpectedContent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.snippet.is_empty() {
            f.write_str("unexpected response: empty body")?;
        } else {
            write!(
                f,
                "unexpected response: neither an API XML nor JSON document, starting {:?}",
                self.snippet
            )?;
        }
        write_context(f, self.http_status, None)
    }
}

impl StdError for UnexpectedContent {}

// ------------------------------------------------------------------------------------------------
// InvalidRequest
// ------------------------------------------------------------------------------------------------

/// A request failed its checks before being sent (`build()` of a request builder).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidRequest {
    parameter: Cow<'static, str>,
    reason: InvalidRequestReason,
}

/// Why a request parameter is invalid; see [`InvalidRequest::reason`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum InvalidRequestReason {
    /// A required parameter was not set.
    Missing,
    /// A numeric parameter is outside its allowed range.
    OutOfRange {
        /// The value given.
        value: i64,
        /// Smallest allowed value, if bounded below.
        min: Option<i64>,
        /// Largest allowed value, if bounded above.
        max: Option<i64>,
    },
    /// The parameter was set, but another parameter it needs was not (`pageNo` requires
    /// `pageSize`).
    Requires {
        /// Name of the parameter that must be set too.
        other: Cow<'static, str>,
    },
    /// A text parameter has fewer or more characters (Unicode scalar values) than allowed.
    Length {
        /// The number of characters given.
        length: usize,
        /// Fewest allowed, if bounded below.
        min: Option<usize>,
        /// Most allowed, if bounded above.
        max: Option<usize>,
    },
    /// A text parameter is longer in UTF-8 than the API allows (`x-ncp-max-bytes`).
    TooManyBytes {
        /// Its length in bytes.
        bytes: usize,
        /// The most bytes allowed.
        max: usize,
    },
    /// A text parameter does not match its pattern. The value is not repeated: it may be a
    /// secret.
    Pattern {
        /// The regular expression it must match.
        pattern: &'static str,
    },
    /// An integer parameter is not a multiple of what the API requires.
    NotMultipleOf {
        /// The value given.
        value: i64,
        /// What it must be a multiple of.
        multiple_of: i64,
    },
    /// A list parameter has fewer or more items than allowed.
    ItemCount {
        /// The number of items given.
        count: usize,
        /// Fewest allowed, if bounded below.
        min: Option<usize>,
        /// Most allowed, if bounded above.
        max: Option<usize>,
    },
    /// A rule over a group of parameters was broken (exactly one, at least one or at most one
    /// of them set). [`InvalidRequest::parameter`] is the first member when none is set, else
    /// the first one set beyond what the rule allows.
    Group {
        /// The rule.
        rule: GroupRule,
        /// Every member of the group, by API name (list item properties with their path).
        members: Vec<Cow<'static, str>>,
        /// How many of them were set.
        set: usize,
    },
}

/// How many parameters of a group may be set; see [`InvalidRequestReason::Group`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum GroupRule {
    /// Exactly one (`x-ncp-exactly-one-of`).
    ExactlyOne,
    /// One or more (`x-ncp-at-least-one-of`).
    AtLeastOne,
    /// None or one (`x-ncp-at-most-one-of`).
    AtMostOne,
}

impl GroupRule {
    /// Whether `set` members set satisfy the rule.
    pub fn allows(self, set: usize) -> bool {
        match self {
            GroupRule::ExactlyOne => set == 1,
            GroupRule::AtLeastOne => set >= 1,
            GroupRule::AtMostOne => set <= 1,
        }
    }
}

impl InvalidRequest {
    /// Creates the error for `parameter` (its API name, like `serverImageNo`; list item
    /// properties as `networkInterfaceList.1.subnetNo`).
    pub fn new(parameter: impl Into<Cow<'static, str>>, reason: InvalidRequestReason) -> Self {
        InvalidRequest {
            parameter: parameter.into(),
            reason,
        }
    }

    /// A required parameter was not set.
    pub fn missing(parameter: impl Into<Cow<'static, str>>) -> Self {
        Self::new(parameter, InvalidRequestReason::Missing)
    }

    /// A numeric parameter is outside `min..=max` (either bound may be absent).
    pub fn out_of_range(
        parameter: impl Into<Cow<'static, str>>,
        value: i64,
        min: Option<i64>,
        max: Option<i64>,
    ) -> Self {
        Self::new(
            parameter,
            InvalidRequestReason::OutOfRange { value, min, max },
        )
    }

    /// `parameter` was set but `other`, which it needs, was not.
    pub fn requires(
        parameter: impl Into<Cow<'static, str>>,
        other: impl Into<Cow<'static, str>>,
    ) -> Self {
        Self::new(
            parameter,
            InvalidRequestReason::Requires {
                other: other.into(),
            },
        )
    }

    /// A text parameter has `length` characters, outside `min..=max`.
    pub fn length(
        parameter: impl Into<Cow<'static, str>>,
        length: usize,
        min: Option<usize>,
        max: Option<usize>,
    ) -> Self {
        Self::new(parameter, InvalidRequestReason::Length { length, min, max })
    }

    /// A text parameter is `bytes` long in UTF-8, more than `max`.
    pub fn too_many_bytes(
        parameter: impl Into<Cow<'static, str>>,
        bytes: usize,
        max: usize,
    ) -> Self {
        Self::new(parameter, InvalidRequestReason::TooManyBytes { bytes, max })
    }

    /// A text parameter does not match `pattern`.
    pub fn pattern(parameter: impl Into<Cow<'static, str>>, pattern: &'static str) -> Self {
        Self::new(parameter, InvalidRequestReason::Pattern { pattern })
    }

    /// An integer parameter is `value`, not a multiple of `multiple_of`.
    pub fn not_multiple_of(
        parameter: impl Into<Cow<'static, str>>,
        value: i64,
        multiple_of: i64,
    ) -> Self {
        Self::new(
            parameter,
            InvalidRequestReason::NotMultipleOf { value, multiple_of },
        )
    }

    /// A list parameter has `count` items, outside `min..=max`.
    pub fn item_count(
        parameter: impl Into<Cow<'static, str>>,
        count: usize,
        min: Option<usize>,
        max: Option<usize>,
    ) -> Self {
        Self::new(
            parameter,
            InvalidRequestReason::ItemCount { count, min, max },
        )
    }

    /// Checks a group rule. `prefix` is the path of the list item the members belong to
    /// (`accessControlGroupRuleList.1`), or empty for the request's own parameters; `members`
    /// are the members' API names, each with whether it is set.
    ///
    /// # Errors
    ///
    /// [`InvalidRequestReason::Group`] when the rule is broken.
    pub fn check_group(
        prefix: &str,
        rule: GroupRule,
        members: &[(&'static str, bool)],
    ) -> Result<(), Self> {
        let set = members.iter().filter(|(_, set)| *set).count();
        if rule.allows(set) {
            return Ok(());
        }
        let path = |name: &'static str| -> Cow<'static, str> {
            if prefix.is_empty() {
                Cow::Borrowed(name)
            } else {
                Cow::Owned(format!("{prefix}.{name}"))
            }
        };
        // None set: name the first member; too many: the first one past the one allowed.
        let named = if set == 0 {
            members.first()
        } else {
            members.iter().filter(|(_, set)| *set).nth(1)
        };
        let parameter = named.map_or(Cow::Borrowed(""), |(name, _)| path(name));
        Err(Self::new(
            parameter,
            InvalidRequestReason::Group {
                rule,
                members: members.iter().map(|(name, _)| path(name)).collect(),
                set,
            },
        ))
    }

    /// API name of the invalid parameter.
    pub fn parameter(&self) -> &str {
        &self.parameter
    }

    /// Why it is invalid.
    pub fn reason(&self) -> &InvalidRequestReason {
        &self.reason
    }
}

impl fmt::Display for InvalidRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = &self.parameter;
        match &self.reason {
            InvalidRequestReason::Missing => {
                write!(f, "invalid request: required parameter `{p}` is not set")
            }
            InvalidRequestReason::OutOfRange { value, min, max } => {
                write!(f, "invalid request: parameter `{p}` is {value}, ")?;
                match (min, max) {
                    (Some(min), Some(max)) => write!(f, "outside the range {min}..={max}"),
                    (Some(min), None) => write!(f, "below the minimum {min}"),
                    (None, Some(max)) => write!(f, "above the maximum {max}"),
                    (None, None) => f.write_str("out of range"),
                }
            }
            InvalidRequestReason::Requires { other } => write!(
                f,
                "invalid request: parameter `{p}` is set, so `{other}` must be set too"
            ),
            InvalidRequestReason::Length { length, min, max } => {
                write!(
                    f,
                    "invalid request: parameter `{p}` has {length} characters, "
                )?;
                bounds(f, *min, *max)
            }
            InvalidRequestReason::TooManyBytes { bytes, max } => write!(
                f,
                "invalid request: parameter `{p}` is {bytes} bytes long (UTF-8), more than {max}"
            ),
            InvalidRequestReason::Pattern { pattern } => write!(
                f,
                "invalid request: parameter `{p}` does not match the pattern `{pattern}`"
            ),
            InvalidRequestReason::NotMultipleOf { value, multiple_of } => write!(
                f,
                "invalid request: parameter `{p}` is {value}, not a multiple of {multiple_of}"
            ),
            InvalidRequestReason::ItemCount { count, min, max } => {
                write!(
                    f,
                    "invalid request: list parameter `{p}` has {count} items, "
                )?;
                bounds(f, *min, *max)
            }
            InvalidRequestReason::Group { rule, members, set } => {
                let members: Vec<String> = members.iter().map(|m| format!("`{m}`")).collect();
                let members = members.join(", ");
                let rule = match rule {
                    GroupRule::ExactlyOne => "exactly one of",
                    GroupRule::AtLeastOne => "at least one of",
                    GroupRule::AtMostOne => "at most one of",
                };
                let verb = if *rule == *"at most one of" {
                    "may"
                } else {
                    "must"
                };
                let found = match set {
                    0 => "none is".to_owned(),
                    n => format!("{n} are"),
                };
                write!(
                    f,
                    "invalid request: {rule} {members} {verb} be set, {found}"
                )
            }
        }
    }
}

/// `outside the range 1..=3`, `fewer than 1`, `more than 3` (for counts).
fn bounds(f: &mut fmt::Formatter<'_>, min: Option<usize>, max: Option<usize>) -> fmt::Result {
    match (min, max) {
        (Some(min), Some(max)) => write!(f, "outside the range {min}..={max}"),
        (Some(min), None) => write!(f, "fewer than {min}"),
        (None, Some(max)) => write!(f, "more than {max}"),
        (None, None) => f.write_str("out of range"),
    }
}

impl StdError for InvalidRequest {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_are_bounded() {
        assert_eq!(snippet("abc"), "abc");
        let long = "가".repeat(200);
        let s = snippet(&long);
        assert_eq!(s.chars().count(), SNIPPET_MAX_CHARS + 1);
        assert!(s.ends_with('…'));
        let around = snippet_around(long.as_bytes(), 301);
        assert!(around.chars().count() <= SNIPPET_MAX_CHARS + 1);
        assert!(!around.contains('\u{FFFD}'), "{around}");
        assert_eq!(snippet_around(b"abc", 10), "abc");
        assert_eq!(snippet_around(b"abcdef", 2), "abcdef");
    }

    #[test]
    fn errors_are_send_sync_static() {
        fn check<E: StdError + Send + Sync + 'static>() {}
        check::<DecodeError>();
        check::<ApiError>();
        check::<GatewayError>();
        check::<UnexpectedContent>();
        check::<InvalidRequest>();
        check::<crate::BodyError>();
    }

    #[test]
    fn decode_error_display() {
        let e = DecodeError::new(
            Format::Xml,
            "a/b[0]/c",
            DecodeErrorKind::InvalidValue {
                expected: "a 64-bit integer",
            },
        )
        .with_snippet("abc");
        assert_eq!(
            e.to_string(),
            r#"XML decode error at a/b[0]/c: expected a 64-bit integer, found "abc""#
        );
        assert_eq!(e.format(), Format::Xml);
        assert_eq!(e.path(), "a/b[0]/c");
        assert_eq!(e.snippet(), Some("abc"));
        let e = DecodeError::new(Format::Json, "", DecodeErrorKind::UnexpectedEof);
        assert_eq!(e.to_string(), "JSON decode error: unexpected end of input");
        assert_eq!(
            std::mem::size_of::<DecodeError>(),
            std::mem::size_of::<usize>()
        );
    }

    #[test]
    fn api_and_gateway_error_display() {
        let e = ApiError::new(Some("1300".into()), Some("Not found".into()))
            .with_http_status(400)
            .with_request_id("req-1");
        assert_eq!(
            e.to_string(),
            "NCP API error 1300: Not found (HTTP 400, request id req-1)"
        );
        let e = GatewayError::new(
            Some("200".into()),
            Some("Authentication Failed".into()),
            Some("Invalid authentication information.".into()),
        )
        .with_http_status(401);
        assert_eq!(
            e.to_string(),
            "NCP API gateway error 200: Authentication Failed (Invalid authentication information.) (HTTP 401)"
        );
        let e = UnexpectedContent::new(b"  <!DOCTYPE html><html>").with_http_status(502);
        assert_eq!(e.snippet(), "<!DOCTYPE html><html>");
        assert!(e.to_string().contains("HTTP 502"), "{e}");
        assert_eq!(
            UnexpectedContent::new(b"").to_string(),
            "unexpected response: empty body"
        );
    }

    #[test]
    fn response_meta_is_shared_and_keeps_the_body_request_id() {
        let mut e = ApiError::new(None, None).with_request_id("body-1");
        e.meta_mut().fill_request_id("hdr-1");
        e.set_http_status(Some(500));
        assert_eq!(e.request_id(), Some("body-1"));
        assert_eq!(e.meta().to_string(), " (HTTP 500, request id body-1)");
        let mut g = GatewayError::new(None, None, None);
        g.meta_mut().fill_request_id("hdr-1");
        assert_eq!((g.http_status(), g.request_id()), (None, Some("hdr-1")));
        assert_eq!(g.meta().to_string(), " (request id hdr-1)");
        g.set_request_id(None);
        assert_eq!(g.meta(), &ResponseMeta::default());
        assert_eq!(g.meta().to_string(), "");
    }

    #[test]
    fn invalid_request_display() {
        assert_eq!(
            InvalidRequest::missing("serverImageNo").to_string(),
            "invalid request: required parameter `serverImageNo` is not set"
        );
        assert_eq!(
            InvalidRequest::out_of_range("pageSize", 0, Some(1), Some(1000)).to_string(),
            "invalid request: parameter `pageSize` is 0, outside the range 1..=1000"
        );
        assert_eq!(
            InvalidRequest::out_of_range("pageNo", -1, Some(0), None).to_string(),
            "invalid request: parameter `pageNo` is -1, below the minimum 0"
        );
        let e = InvalidRequest::requires("pageNo", "pageSize");
        assert_eq!(e.parameter(), "pageNo");
        assert_eq!(
            e.reason(),
            &InvalidRequestReason::Requires {
                other: "pageSize".into()
            }
        );
        assert_eq!(
            e.to_string(),
            "invalid request: parameter `pageNo` is set, so `pageSize` must be set too"
        );
    }

    #[test]
    fn invalid_request_display_of_text_list_and_group_rules() {
        assert_eq!(
            InvalidRequest::length("serverName", 2, Some(3), Some(30)).to_string(),
            "invalid request: parameter `serverName` has 2 characters, outside the range 3..=30"
        );
        assert_eq!(
            InvalidRequest::too_many_bytes("serverDescription", 1001, 1000).to_string(),
            "invalid request: parameter `serverDescription` is 1001 bytes long (UTF-8), more than 1000"
        );
        assert_eq!(
            InvalidRequest::pattern("serverName", "^[a-z]+$").to_string(),
            "invalid request: parameter `serverName` does not match the pattern `^[a-z]+$`"
        );
        assert_eq!(
            InvalidRequest::not_multiple_of("blockStorageSize", 15, 10).to_string(),
            "invalid request: parameter `blockStorageSize` is 15, not a multiple of 10"
        );
        assert_eq!(
            InvalidRequest::item_count("networkInterfaceList", 4, Some(1), Some(3)).to_string(),
            "invalid request: list parameter `networkInterfaceList` has 4 items, outside the range 1..=3"
        );
        assert_eq!(
            InvalidRequest::item_count("x", 0, Some(1), None).to_string(),
            "invalid request: list parameter `x` has 0 items, fewer than 1"
        );
    }

    #[test]
    fn group_rules_name_the_offending_member() {
        let members = |a, b, c| [("a", a), ("b", b), ("c", c)];
        for (rule, ok) in [
            (GroupRule::ExactlyOne, [false, true, false]),
            (GroupRule::AtLeastOne, [false, true, true]),
            (GroupRule::AtMostOne, [true, true, false]),
        ] {
            for (set, expect) in [0usize, 1, 2].into_iter().zip(ok) {
                let flags = [set >= 1, false, set >= 2];
                let result =
                    InvalidRequest::check_group("", rule, &members(flags[0], flags[1], flags[2]));
                assert_eq!(result.is_ok(), expect, "{rule:?} with {set} set");
            }
        }
        let none =
            InvalidRequest::check_group("", GroupRule::ExactlyOne, &members(false, false, false))
                .unwrap_err();
        assert_eq!(none.parameter(), "a");
        assert_eq!(
            none.to_string(),
            "invalid request: exactly one of `a`, `b`, `c` must be set, none is"
        );
        let two = InvalidRequest::check_group(
            "list.2",
            GroupRule::AtMostOne,
            &members(false, true, true),
        )
        .unwrap_err();
        assert_eq!(two.parameter(), "list.2.c");
        assert_eq!(
            two.reason(),
            &InvalidRequestReason::Group {
                rule: GroupRule::AtMostOne,
                members: vec!["list.2.a".into(), "list.2.b".into(), "list.2.c".into()],
                set: 2,
            }
        );
        assert_eq!(
            two.to_string(),
            "invalid request: at most one of `list.2.a`, `list.2.b`, `list.2.c` may be set, 2 are"
        );
    }
}
