//! What a mocked operation answers: a typed output, an API or gateway error, or raw bytes, and
//! how each becomes an HTTP response in the format the request asked for.

use std::time::Duration;

use super::MockOperation;
use crate::wire::ResponseError;
use crate::{Format, encode_body, encode_response_error};

/// One answer of a mocked operation whose output type is `T`.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum MockResponse<T> {
    /// HTTP 200 with `T` encoded in the requested format (XML or JSON), exactly as the API
    /// would send it.
    Output(T),
    /// An error the API or its gateway would send.
    Error(MockError),
    /// Any status, content type and body: for malformed or unexpected answers.
    Raw {
        /// HTTP status.
        status: u16,
        /// `Content-Type`, if any.
        content_type: Option<String>,
        /// The body, sent as is.
        body: Vec<u8>,
    },
    /// Waits, then answers (to exercise timeouts).
    Delayed(Duration, Box<MockResponse<T>>),
}

impl<T> MockResponse<T> {
    /// A raw answer.
    pub fn raw(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        MockResponse::Raw {
            status,
            content_type: Some(content_type.to_owned()),
            body: body.into(),
        }
    }

    /// This answer after `delay`.
    pub fn delayed(self, delay: Duration) -> Self {
        MockResponse::Delayed(delay, Box::new(self))
    }
}

impl<T> From<MockError> for MockResponse<T> {
    fn from(e: MockError) -> Self {
        MockResponse::Error(e)
    }
}

/// An error answer, in the shapes the real API uses (see the crate's `Error::Api` and
/// `Error::Gateway`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MockError {
    kind: MockErrorKind,
    status: u16,
    code: String,
    message: String,
    retry_after: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum MockErrorKind {
    Api,
    Gateway { details: String },
}

impl MockError {
    /// A server API error: a `responseError` document with `returnCode` and `returnMessage`, in
    /// the requested format, with HTTP status 400 (change it with [`with_status`](Self::with_status)).
    pub fn api(return_code: impl Into<String>, return_message: impl Into<String>) -> Self {
        Self {
            kind: MockErrorKind::Api,
            status: 400,
            code: return_code.into(),
            message: return_message.into(),
            retry_after: None,
        }
    }

    /// An API gateway error: `{"error": {"errorCode", "message", "details"}}` (always JSON, as
    /// the gateway sends it) with HTTP `status`.
    pub fn gateway(
        status: u16,
        error_code: impl Into<String>,
        message: impl Into<String>,
        details: impl Into<String>,
    ) -> Self {
        Self {
            kind: MockErrorKind::Gateway {
                details: details.into(),
            },
            status,
            code: error_code.into(),
            message: message.into(),
            retry_after: None,
        }
    }

    /// The gateway's throttling answer: HTTP 429, `errorCode` 400, "Quota Exceeded".
    pub fn throttled() -> Self {
        Self::gateway(429, "400", "Quota Exceeded", "Too many requests.")
    }

    /// The gateway's answer to a bad signature, access key or timestamp: HTTP 401, `errorCode`
    /// 200, "Authentication Failed". The mock sends it by itself when a signature is wrong.
    pub fn authentication_failed() -> Self {
        Self::gateway(
            401,
            "200",
            "Authentication Failed",
            "Invalid authentication information.",
        )
    }

    /// The same error with HTTP status `status`.
    pub fn with_status(mut self, status: u16) -> Self {
        self.status = status;
        self
    }

    /// Adds a `Retry-After: <seconds>` header (the client honours it when retrying).
    pub fn with_retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds);
        self
    }
}

/// An HTTP answer, ready to send.
#[derive(Debug)]
pub(crate) struct Served {
    pub(crate) status: u16,
    pub(crate) content_type: Option<String>,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) body: Vec<u8>,
    pub(crate) delay: Duration,
}

impl Served {
    pub(crate) fn new(status: u16, content_type: &str, body: Vec<u8>) -> Self {
        Self {
            status,
            content_type: Some(content_type.to_owned()),
            headers: Vec::new(),
            body,
            delay: Duration::ZERO,
        }
    }
}

pub(crate) fn content_type(format: Format) -> &'static str {
    match format {
        Format::Xml => "application/xml;charset=UTF-8",
        Format::Json => "application/json;charset=UTF-8",
    }
}

/// Encodes `response` of operation `O` for a request that asked for `format`.
pub(crate) fn serve<O: MockOperation>(response: MockResponse<O::Output>, format: Format) -> Served {
    let mut delay = Duration::ZERO;
    let mut response = response;
    loop {
        match response {
            MockResponse::Delayed(d, next) => {
                delay += d;
                response = *next;
            }
            other => {
                let mut served = serve_now::<O>(other, format);
                served.delay = delay;
                return served;
            }
        }
    }
}

fn serve_now<O: MockOperation>(response: MockResponse<O::Output>, format: Format) -> Served {
    match response {
        MockResponse::Output(output) => {
            Served::new(200, content_type(format), encode_body::<O>(&output, format))
        }
        MockResponse::Error(e) => serve_error(&e, format),
        MockResponse::Raw {
            status,
            content_type,
            body,
        } => Served {
            status,
            content_type,
            headers: Vec::new(),
            body,
            delay: Duration::ZERO,
        },
        MockResponse::Delayed(..) => unreachable!("unwrapped by serve"),
    }
}

/// Encodes an error answer.
pub(crate) fn serve_error(e: &MockError, format: Format) -> Served {
    let mut served = match &e.kind {
        MockErrorKind::Api => {
            let body = ResponseError::new(Some(e.code.clone()), Some(e.message.clone()));
            Served::new(
                e.status,
                content_type(format),
                encode_response_error(&body, format),
            )
        }
        MockErrorKind::Gateway { details } => {
            let body = serde_json::json!({
                "error": {"errorCode": e.code, "message": e.message, "details": details}
            });
            Served::new(
                e.status,
                content_type(Format::Json),
                body.to_string().into_bytes(),
            )
        }
    };
    if let Some(seconds) = e.retry_after {
        served.headers.push(("retry-after", seconds.to_string()));
    }
    served
}
