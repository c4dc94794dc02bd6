//! One HTTP exchange: send a signed POST with a form body, read the whole response, classify I/O
//! failures.
//!
//! Kept apart from the client so that what happens on the wire is in one place: the client hands
//! over a built `reqwest::Request` (its URL already parsed, its query checked byte for byte
//! against the signed text, the body as the client encoded it), and the whole attempt (connect,
//! send, wait, read the body) runs under one total timeout so a stalled server cannot hang the
//! caller.

use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{CONTENT_TYPE, HeaderMap, RETRY_AFTER};

use super::error::{
    ConfigError, Error, ResponseTooLarge, TimeoutError, TimeoutPhase, TransportError,
};
use super::retry::parse_retry_after;

/// The method every operation is sent with (and signed with), as NCP's SDKs send them.
pub(crate) const METHOD: &str = "POST";
/// The content type of the parameters' body.
pub(crate) const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// The response header that carries NCP's request id.
pub(crate) const REQUEST_ID_HEADER: &str = "x-ncp-request-id";

/// A complete response, as far as the client needs it.
#[derive(Debug)]
pub(crate) struct RawResponse {
    pub(crate) status: u16,
    /// The response's own header map, moved out of it (not copied into strings: most calls
    /// read none of it).
    headers: HeaderMap,
    /// The whole body: hyper's own buffer when it came in one piece (most answers), else the
    /// pieces joined.
    pub(crate) body: Bytes,
}

impl RawResponse {
    pub(crate) fn content_type(&self) -> Option<&str> {
        header(&self.headers, CONTENT_TYPE.as_str())
    }

    /// NCP's `x-ncp-request-id` header.
    pub(crate) fn request_id(&self) -> Option<&str> {
        header(&self.headers, REQUEST_ID_HEADER)
    }

    pub(crate) fn retry_after(&self) -> Option<Duration> {
        header(&self.headers, RETRY_AFTER.as_str()).and_then(parse_retry_after)
    }
}

/// A header's text, trimmed; `None` when absent, empty or not visible ASCII.
fn header<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

/// The reqwest client the builder makes when none is injected: the TLS stack the crate features
/// chose (rustls when both `rustls` and `native-tls` are on; plain `http://` only when neither
/// is), the given connect timeout, no automatic redirects (a redirect from the gateway would not
/// be signed for the new target, and the API does not use them).
pub(crate) fn build_http_client(connect_timeout: Duration) -> Result<reqwest::Client, Error> {
    let builder = reqwest::Client::builder();
    #[cfg(feature = "rustls")]
    let builder = builder.use_rustls_tls();
    #[cfg(all(feature = "native-tls", not(feature = "rustls")))]
    let builder = builder.use_native_tls();
    builder
        .connect_timeout(connect_timeout)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| {
            Error::Config(ConfigError::new(format!(
                "cannot set up the HTTP client: {e}"
            )))
        })
}

/// Sends `request` (a signed POST with its form body), all of it within `timeout`, reading at
/// most `max_body` bytes of body.
pub(crate) async fn post(
    http: &reqwest::Client,
    request: reqwest::Request,
    timeout: Duration,
    connect_timeout: Option<Duration>,
    max_body: usize,
) -> Result<RawResponse, Error> {
    let exchange = async {
        let mut response = http
            .execute(request)
            .await
            .map_err(|e| classify(e, false, timeout, connect_timeout))?;
        let status = response.status().as_u16();
        let headers = std::mem::take(response.headers_mut());
        let too_large = |content_length| {
            Error::ResponseTooLarge(ResponseTooLarge::new(
                status,
                max_body,
                content_length,
                header(&headers, REQUEST_ID_HEADER).map(str::to_owned),
            ))
        };
        // A declared length over the limit fails before any of the body is read; an undeclared
        // or false one is caught while reading, so memory stays bounded either way.
        let declared = response.content_length();
        if declared.is_some_and(|n| n > max_body as u64) {
            return Err(too_large(declared));
        }
        // The first piece is kept as it is; only a body in several pieces is copied into one.
        let mut first = Bytes::new();
        let mut joined: Option<Vec<u8>> = None;
        let mut received = 0;
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| classify(e, true, timeout, connect_timeout))?
        {
            if chunk.len() > max_body - received {
                return Err(too_large(declared));
            }
            received += chunk.len();
            if let Some(joined) = &mut joined {
                joined.extend_from_slice(&chunk);
            } else if first.is_empty() {
                first = chunk;
            } else {
                let mut all = Vec::with_capacity(declared.map_or(received, |n| n as usize));
                all.extend_from_slice(&first);
                all.extend_from_slice(&chunk);
                joined = Some(all);
            }
        }
        Ok(RawResponse {
            status,
            headers,
            body: joined.map_or(first, Bytes::from),
        })
    };
    match tokio::time::timeout(timeout, exchange).await {
        Ok(result) => result,
        Err(_) => Err(Error::Timeout(TimeoutError::new(
            TimeoutPhase::Total,
            Some(timeout),
        ))),
    }
}

fn classify(
    e: reqwest::Error,
    reading_body: bool,
    timeout: Duration,
    connect_timeout: Option<Duration>,
) -> Error {
    if e.is_timeout() {
        // reqwest's own timeouts (an injected client may have some).
        return Error::Timeout(if e.is_connect() {
            TimeoutError::new(TimeoutPhase::Connect, connect_timeout)
        } else {
            TimeoutError::new(TimeoutPhase::Total, Some(timeout))
        });
    }
    if reading_body {
        Error::Transport(TransportError::body(e))
    } else {
        Error::Transport(TransportError::from_reqwest(e))
    }
}
