//! The HTTP side of the mock: an HTTP/1.1 server on 127.0.0.1 that checks each request's
//! signature the way NCP's API gateway does, records it, and answers from the registered routes.
//!
//! Like the gateway, it takes an operation's parameters from a `POST` form body (how the client
//! and NCP's SDKs send them) and from the query (how a `GET`, which the gateway also accepts,
//! sends them); the signature covers method, path and query, never the body.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http_body_util::{BodyExt as _, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::task::JoinSet;

use super::query::{QueryDecodeError, QueryParams};
use super::reply::{MockError, Served, serve_error};
use super::{Fault, ReceivedRequest, State};
use crate::Format;
use crate::client::signing;

/// The largest request body the mock reads: far more than any operation's parameters.
const MAX_REQUEST_BODY: usize = 1024 * 1024;

/// How far the timestamp may be from the mock's clock, as at the gateway: 5 minutes.
pub(crate) const TIMESTAMP_WINDOW_MS: i128 = 5 * 60 * 1000;

/// The legacy signature header, which NCP's official SDKs still send (same HMAC-SHA256 as v2).
pub const SIGNATURE_V1_HEADER: &str = "x-ncp-apigw-signature-v1";

/// The reserved path prefix of the mock's own control endpoints (outside every service's base
/// path, so no operation can be shadowed by it).
pub const CONTROL_PATH: &str = "/_mock";

/// Accepts connections until the task is aborted (when the `MockServer` is dropped); the
/// connections live in a `JoinSet` owned by this task, so they end with it too, and a client
/// holding a pooled connection cannot reach a dropped mock.
pub(crate) async fn serve(listener: TcpListener, state: Arc<State>) {
    let mut connections = JoinSet::new();
    loop {
        while connections.try_join_next().is_some() {}
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                // Out of file descriptors, say: wait instead of spinning.
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            }
        };
        let state = state.clone();
        connections.spawn(async move {
            let service = hyper::service::service_fn(move |req| {
                let state = state.clone();
                async move { Ok::<_, Infallible>(handle(&state, req).await) }
            });
            // A client that goes away mid-request is its own business.
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

async fn handle(state: &State, req: Request<Incoming>) -> Response<Full<Bytes>> {
    let (req, body) = req.into_parts();
    let body = match Limited::new(body, MAX_REQUEST_BODY).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(e) => Err(format!("the request body could not be read: {e}")),
    };
    let target = req
        .uri
        .path_and_query()
        .map(|pq| pq.as_str().to_owned())
        .unwrap_or_else(|| req.uri.path().to_owned());
    let header = |name: &str| {
        req.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let (path, query) = target.split_once('?').unwrap_or((target.as_str(), ""));
    if path == CONTROL_PATH || path.starts_with(&format!("{CONTROL_PATH}/")) {
        let body = body.unwrap_or_default();
        return to_response(
            control(state, req.method.as_str(), path, query, &body),
            "mock-control",
        );
    }
    // The operation is the path segment after the service's base path; anything else is an
    // unknown operation named by its whole path.
    let operation = path
        .strip_prefix(state.service.base_path)
        .and_then(|rest| rest.strip_prefix('/'))
        .unwrap_or(path)
        .to_owned();
    let access_key = header(signing::ACCESS_KEY_HEADER);
    let rejection = authenticate(
        state,
        req.method.as_str(),
        &target,
        header(signing::TIMESTAMP_HEADER).as_deref(),
        access_key.as_deref(),
        header(signing::SIGNATURE_HEADER)
            .map(Signature::V2)
            .or_else(|| header(SIGNATURE_V1_HEADER).map(Signature::V1)),
    );
    let is_form = header("content-type").is_some_and(|ct| {
        ct.split(';')
            .next()
            .is_some_and(|t| t.trim().eq_ignore_ascii_case(FORM_CONTENT_TYPE))
    });
    let body_text = match &body {
        Ok(bytes) => String::from_utf8_lossy(bytes).into_owned(),
        Err(_) => String::new(),
    };
    let params = request_params(query, body.as_deref().map_err(String::as_str), is_form);
    let format = match params
        .as_ref()
        .ok()
        .and_then(|p| p.get("responseFormatType"))
    {
        Some("json") => Format::Json,
        _ => Format::Xml,
    };
    let request_id = state.next_request_id();
    let authenticated = rejection.is_none();
    // An injected fault replaces the answer of an authenticated request (a slow one only delays
    // it), as the gateway's throttling and an overloaded backend would.
    let fault = if rejection.is_none() {
        state.take_fault(&operation)
    } else {
        None
    };
    let (served, rejection) = match (rejection, params.as_ref()) {
        (None, _) if matches!(fault, Some(ref f) if !matches!(f, Fault::Slow(_))) => {
            let fault = fault.as_ref().expect("matched Some");
            (
                fault.served(format),
                Some(format!("injected fault: {fault:?}")),
            )
        }
        (Some(reason), _) => (
            serve_error(&MockError::authentication_failed(), format),
            Some(reason),
        ),
        (None, _) if req.method != hyper::Method::POST && req.method != hyper::Method::GET => (
            serve_error(
                &MockError::gateway(
                    405,
                    "100",
                    "Bad Request Exception",
                    "only POST and GET are served",
                ),
                format,
            ),
            Some(format!(
                "method {} (the API is called with POST, or GET)",
                req.method
            )),
        ),
        (None, Err(e)) => (
            state.bad_request(&e.to_string(), format),
            Some(e.to_string()),
        ),
        (None, Ok(params)) => match state.respond(&operation, params, format) {
            Ok(served) => (served, None),
            Err(reason) => (reason.0, Some(reason.1)),
        },
    };
    state.record(ReceivedRequest {
        operation,
        method: req.method.as_str().to_owned(),
        target,
        body: body_text,
        params: params.unwrap_or_default(),
        access_key,
        user_agent: header("user-agent"),
        authenticated,
        rejection,
        status: served.status,
        request_id: request_id.clone(),
    });
    let delay = served.delay
        + match fault {
            Some(Fault::Slow(d)) => d,
            _ => Duration::ZERO,
        };
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    to_response(served, &request_id)
}

/// The content type of a form body.
const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// The parameters of a request: the query's and, when the body is a form, the body's; a
/// non-empty body of any other type, or one that could not be read, is refused rather than
/// ignored, so a client sending its parameters wrongly is noticed.
fn request_params(
    query: &str,
    body: Result<&[u8], &str>,
    is_form: bool,
) -> Result<QueryParams, QueryDecodeError> {
    let query = QueryParams::parse(query)?;
    let body = body.map_err(|e| QueryDecodeError::new("(body)", e.to_owned()))?;
    if body.is_empty() {
        return Ok(query);
    }
    if !is_form {
        return Err(QueryDecodeError::new(
            "(body)",
            format!("a request body must be {FORM_CONTENT_TYPE}"),
        ));
    }
    let text = std::str::from_utf8(body)
        .map_err(|_| QueryDecodeError::new("(body)", "the form body is not UTF-8"))?;
    QueryParams::merge(query, QueryParams::parse_form(text)?)
}

/// A received signature header.
enum Signature {
    V2(String),
    V1(String),
}

/// `None` when the request is signed like the gateway wants, else why it is not.
///
/// A v1 signature is the same HMAC as v2; it is also accepted over the query as the official
/// Python SDK signs it: `name=value` pairs joined with `&` *before* percent-encoding (what it
/// then sends is encoded, so the two differ whenever a value needs escaping).
fn authenticate(
    state: &State,
    method: &str,
    target: &str,
    timestamp: Option<&str>,
    access_key: Option<&str>,
    signature: Option<Signature>,
) -> Option<String> {
    let (Some(timestamp), Some(access_key), Some(signature)) = (timestamp, access_key, signature)
    else {
        return Some("a signature header is missing".to_owned());
    };
    let Ok(ts) = timestamp.parse::<i128>() else {
        return Some(format!("timestamp {timestamp:?} is not milliseconds"));
    };
    if (now_ms() - ts).abs() >= TIMESTAMP_WINDOW_MS {
        return Some("the timestamp is 5 minutes or more away from the server clock".to_owned());
    }
    if access_key != state.access_key {
        return Some("unknown access key".to_owned());
    }
    let sign =
        |target: &str| signing::sign(state.secret_key(), method, target, timestamp, access_key);
    let matches = match &signature {
        Signature::V2(s) => *s == sign(target),
        Signature::V1(s) => {
            *s == sign(target) || unencoded_target(target).is_some_and(|t| *s == sign(&t))
        }
    };
    if !matches {
        return Some("the signature does not match the request".to_owned());
    }
    None
}

/// `target` with its query percent-decoded pair by pair (how the Python SDK signs it), or `None`
/// when it has no query or the query does not decode.
fn unencoded_target(target: &str) -> Option<String> {
    let (path, query) = target.split_once('?')?;
    let params = QueryParams::parse(query).ok()?;
    let pairs: Vec<String> = params
        .pairs()
        .iter()
        .map(|(name, value)| format!("{name}={value}"))
        .collect();
    Some(format!("{path}?{}", pairs.join("&")))
}

/// Serves the control endpoint `/_mock/faults`: `POST` with a form body
/// (`operation=NAME&fault=throttle|unavailable|internal|slow&count=N[&delayMs=MS]`; operation
/// `*` is every operation) queues a fault, `GET` lists the queued ones as JSON, `DELETE` clears
/// them. Not signed: the mock listens on 127.0.0.1 only.
fn control(state: &State, method: &str, path: &str, query: &str, body: &[u8]) -> Served {
    let json = |status: u16, value: serde_json::Value| {
        Served::new(status, "application/json", value.to_string().into_bytes())
    };
    let error =
        |status: u16, message: String| json(status, serde_json::json!({ "error": message }));
    if path != format!("{CONTROL_PATH}/faults") {
        return error(
            404,
            format!("unknown control endpoint {path} (there is {CONTROL_PATH}/faults)"),
        );
    }
    match method {
        "GET" => json(200, serde_json::json!({ "faults": state.faults_json() })),
        "DELETE" => {
            state.clear_faults();
            json(200, serde_json::json!({ "faults": [] }))
        }
        "POST" => {
            let text = String::from_utf8_lossy(body);
            let params = match QueryParams::parse(query)
                .and_then(|q| QueryParams::merge(q, QueryParams::parse_form(&text)?))
            {
                Ok(p) => p,
                Err(e) => return error(400, e.to_string()),
            };
            match Fault::from_params(&params) {
                Ok((operation, fault, count)) => {
                    state.add_fault(&operation, fault, count);
                    json(200, serde_json::json!({ "faults": state.faults_json() }))
                }
                Err(e) => error(400, e),
            }
        }
        other => error(405, format!("method {other} (use GET, POST or DELETE)")),
    }
}

fn now_ms() -> i128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i128)
}

/// The `returnCode` of the answer to a request whose parameters are invalid, unless the
/// builder chose another.
pub(crate) const INVALID_PARAMETER_CODE: &str = "mock-invalid-parameter";

/// The answer to a request whose parameters are invalid: HTTP 400 with a `responseError`.
pub(crate) fn bad_request(reason: &str, format: Format) -> Served {
    serve_error(&MockError::api(INVALID_PARAMETER_CODE, reason), format)
}

fn to_response(served: Served, request_id: &str) -> Response<Full<Bytes>> {
    let mut builder = Response::builder()
        .status(served.status)
        .header("x-ncp-request-id", request_id);
    if let Some(ct) = &served.content_type {
        builder = builder.header("content-type", ct.as_str());
    }
    for (name, value) in &served.headers {
        builder = builder.header(*name, value.as_str());
    }
    builder
        .body(Full::new(Bytes::from(served.body)))
        .unwrap_or_else(|e| {
            // Only an invalid status or header from a raw response gets here.
            let mut r = Response::new(Full::new(Bytes::from(format!("mock: {e}"))));
            *r.status_mut() = hyper::StatusCode::INTERNAL_SERVER_ERROR;
            r
        })
}
