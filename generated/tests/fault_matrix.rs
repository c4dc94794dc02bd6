//! The fault matrix: every way a call can go wrong on the wire, in both response formats,
//! against the local mock gateway (HTTP-level faults) and a raw TCP server (connection-level
//! faults), 127.0.0.1 only. Each case states the documented outcome: the typed error (variant,
//! status, codes, retryability) or a success after retries, and how many attempts that takes.
//!
//! Every case also checks, for every attempt, that the request was signed afresh and verified
//! (an independent HMAC, a new timestamp and signature per attempt), that the attempts stay
//! within the retry policy's bound, that nothing hangs (per-case timeout), and that no secret
//! shows up in any `Debug` or `Display` text of the result, its error chain or the client, nor
//! in anything the crate's `tracing` spans and events record.

mod common;

use std::error::Error as _;
use std::fmt::Write as _;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use common::{
    ACCESS_KEY, Fault, FaultServer, MockGateway, Reply, SECRET_KEY, Seen, client_builder, detail,
    gateway_error_json, within,
};
use ncloud_vserver::runtime::client::error::{TimeoutPhase, TransportErrorKind};
use ncloud_vserver::runtime::client::{ConfigFileCredentials, Environment};
use ncloud_vserver::runtime::error::DecodeErrorKind;
use ncloud_vserver::runtime::{ApiError, GatewayError};
use ncloud_vserver::types::GetServerImageDetailResponse;
use ncloud_vserver::{Client, Error, Format};
use ncloud_vserver::{ClientBuilder, Credentials, RetryPolicy};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt as _};

const XML: &str = "application/xml;charset=UTF-8";
const JSON: &str = "application/json;charset=UTF-8";
const HTML_502: &str = "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n\
                        <body><center><h1>502 Bad Gateway</h1></center></body></html>";
/// The default policy's bound.
const MAX_ATTEMPTS: usize = 3;

type Outcome = Result<GetServerImageDetailResponse, Error>;
/// Checks a case's outcome, given the format and how long the call took.
type Check = Box<dyn Fn(Format, &Outcome, Duration)>;

fn content_type(format: Format) -> &'static str {
    match format {
        Format::Xml => XML,
        Format::Json => JSON,
    }
}

/// A server API error body in `format`.
fn response_error(format: Format, code: &str, message: &str) -> String {
    match format {
        Format::Xml => format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<responseError>\n  \
             <returnCode>{code}</returnCode>\n  <returnMessage>{message}</returnMessage>\n\
             </responseError>"
        ),
        Format::Json => serde_json::json!({
            "responseError": {"returnCode": code, "returnMessage": message}
        })
        .to_string(),
    }
}

fn success_body(format: Format) -> String {
    match format {
        Format::Xml => common::success_xml("5847"),
        Format::Json => common::success_json("5847"),
    }
}

/// An HTTP/1.1 response head announcing `content_length` bytes of `format`.
fn http_head(format: Format, content_length: usize) -> Vec<u8> {
    format!(
        "HTTP/1.1 200 OK\r\ncontent-type: {}\r\ncontent-length: {content_length}\r\n\
         connection: close\r\n\r\n",
        content_type(format)
    )
    .into_bytes()
}

/// The success body cut inside the first image's name element.
fn cut_mid_element(format: Format) -> String {
    let body = success_body(format);
    let at = body.find("ubuntu-22.04").unwrap() + 6;
    body[..at].to_owned()
}

enum Server {
    Mock(Vec<Reply>),
    Raw(Fault),
}

struct Case {
    name: &'static str,
    server: Server,
    /// Client settings on top of [`common::client_builder`] and the format.
    configure: fn(ClientBuilder) -> ClientBuilder,
    /// Attempts the call must take (every one signed and verified).
    attempts: usize,
    /// The documented outcome.
    check: Check,
}

fn case(
    name: &'static str,
    server: Server,
    attempts: usize,
    check: impl Fn(Format, &Outcome, Duration) + 'static,
) -> Case {
    Case {
        name,
        server,
        configure: |b| b,
        attempts,
        check: Box::new(check),
    }
}

impl Case {
    fn with(mut self, configure: fn(ClientBuilder) -> ClientBuilder) -> Self {
        self.configure = configure;
        self
    }
}

fn no_retries(b: ClientBuilder) -> ClientBuilder {
    b.retry_policy(RetryPolicy::disabled())
}

fn short_timeout(b: ClientBuilder) -> ClientBuilder {
    b.timeout(Duration::from_millis(300))
}

fn small_body_limit(b: ClientBuilder) -> ClientBuilder {
    b.max_response_size(100)
}

/// The call's error, which must be a gateway error, and its details.
fn gateway_error(outcome: &Outcome) -> (&Error, &GatewayError) {
    match outcome {
        Err(err @ Error::Gateway(e)) => (err, e),
        other => panic!("a gateway error expected: {other:?}"),
    }
}

/// The call's error, which must be an API error, and its details.
fn api_error(outcome: &Outcome) -> (&Error, &ApiError) {
    match outcome {
        Err(err @ Error::Api(e)) => (err, e),
        other => panic!("an API error expected: {other:?}"),
    }
}

fn expect_success(_: Format, outcome: &Outcome, _: Duration) {
    let out = outcome.as_ref().unwrap();
    assert_eq!(
        out.server_image_list[0].server_image_no.as_deref(),
        Some("5847")
    );
}

fn expect_transport(kind: TransportErrorKind) -> impl Fn(Format, &Outcome, Duration) {
    move |_, outcome, _| {
        let err = outcome.as_ref().unwrap_err();
        let Error::Transport(e) = err else {
            panic!("{err:?}")
        };
        assert_eq!(e.kind(), kind, "{e}");
        assert!(err.is_retryable());
        assert_eq!(err.status(), None);
    }
}

fn expect_total_timeout(format: Format, outcome: &Outcome, elapsed: Duration) {
    let _ = format;
    let err = outcome.as_ref().unwrap_err();
    let Error::Timeout(e) = err else {
        panic!("{err:?}")
    };
    assert_eq!(e.phase(), TimeoutPhase::Total);
    assert_eq!(e.after(), Some(Duration::from_millis(300)));
    assert!(err.is_retryable());
    // Three attempts of 300 ms and two short backoffs: the timeout bounds the call (one reply
    // waited for in full would take 5 s; the bound leaves room for a loaded machine).
    assert!(elapsed < Duration::from_millis(4500), "{elapsed:?}");
}

fn cases(format: Format) -> Vec<Case> {
    let ct = content_type(format);
    let quota = gateway_error_json("400", "Quota Exceeded", "rate limited");
    let unavailable = gateway_error_json("503", "Service Unavailable", "try later");
    let internal = Reply::raw(500, ct, response_error(format, "9999", "internal error"));
    let slow = Reply::Delay(Duration::from_secs(5), Box::new(Reply::Success));
    let truncated = {
        let body = success_body(format);
        let mut bytes = http_head(format, body.len());
        bytes.extend_from_slice(&body.as_bytes()[..body.len() / 2]);
        bytes
    };
    let cut = cut_mid_element(format);
    vec![
        // ---- HTTP 500
        case(
            "500 then success",
            Server::Mock(vec![internal.clone(), internal.clone()]),
            3,
            expect_success,
        ),
        case(
            "500 every time",
            Server::Mock(vec![internal; 3]),
            MAX_ATTEMPTS,
            |_, outcome, _| {
                let (err, e) = api_error(outcome);
                assert_eq!(
                    (e.http_status(), e.return_code()),
                    (Some(500), Some("9999"))
                );
                assert_eq!(e.return_message(), Some("internal error"));
                assert!(err.is_retryable());
            },
        ),
        case(
            "500 with a body that is no error body",
            Server::Mock(vec![Reply::raw(500, ct, "<oops>broken</oops>")]),
            1,
            |_, outcome, _| {
                let err = outcome.as_ref().unwrap_err();
                let Error::UnexpectedContent(e) = err else {
                    panic!("{err:?}")
                };
                assert_eq!(e.status(), 500);
                assert!(err.is_retryable());
            },
        )
        .with(no_retries),
        // ---- HTTP 502 with an HTML page
        case(
            "502 HTML then success",
            Server::Mock(vec![Reply::raw(502, "text/html", HTML_502)]),
            2,
            expect_success,
        ),
        case(
            "502 HTML",
            Server::Mock(vec![Reply::raw(502, "text/html", HTML_502)]),
            1,
            |_, outcome, _| {
                let err = outcome.as_ref().unwrap_err();
                let Error::UnexpectedContent(e) = err else {
                    panic!("{err:?}")
                };
                assert_eq!((e.status(), e.content_type()), (502, Some("text/html")));
                assert_eq!(e.reason(), "an HTML page");
                assert!(e.snippet().contains("502 Bad Gateway"), "{e:?}");
                assert!(e.snippet().chars().count() <= 201);
                assert!(err.is_retryable());
            },
        )
        .with(no_retries),
        // ---- HTTP 503 with the gateway's error body
        case(
            "503 gateway body then success",
            Server::Mock(vec![Reply::raw(503, JSON, unavailable.clone())]),
            2,
            expect_success,
        ),
        case(
            "503 gateway body",
            Server::Mock(vec![Reply::raw(503, JSON, unavailable); 3]),
            MAX_ATTEMPTS,
            |_, outcome, _| {
                let (err, e) = gateway_error(outcome);
                assert_eq!((e.http_status(), e.error_code()), (Some(503), Some("503")));
                assert_eq!(e.message(), Some("Service Unavailable"));
                assert_eq!(e.details(), Some("try later"));
                assert!(err.is_retryable());
                assert_eq!(err.status(), Some(503));
            },
        ),
        // ---- HTTP 429
        case(
            "429 with Retry-After: 1",
            Server::Mock(vec![
                Reply::raw(429, JSON, quota.clone()).with_header("retry-after", "1"),
            ]),
            2,
            |format, outcome, elapsed| {
                expect_success(format, outcome, elapsed);
                assert!(
                    elapsed >= Duration::from_millis(950),
                    "Retry-After honoured: {elapsed:?}"
                );
            },
        ),
        case(
            "429 with a huge Retry-After (capped)",
            Server::Mock(vec![
                Reply::raw(429, JSON, quota.clone()).with_header("retry-after", "3600"),
            ]),
            2,
            |format, outcome, elapsed| {
                expect_success(format, outcome, elapsed);
                // Uncapped, the wait would be an hour.
                assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
            },
        )
        .with(|b| {
            b.retry_policy(common::fast_retries().with_max_retry_after(Duration::from_millis(50)))
        }),
        case(
            "429 without Retry-After",
            Server::Mock(vec![
                Reply::raw(429, JSON, quota.clone()),
                Reply::raw(429, JSON, quota.clone()),
            ]),
            3,
            |format, outcome, elapsed| {
                expect_success(format, outcome, elapsed);
                assert!(
                    elapsed < Duration::from_secs(5),
                    "the policy's backoff: {elapsed:?}"
                );
            },
        ),
        case(
            "429 every time",
            Server::Mock(vec![Reply::raw(429, JSON, quota); 3]),
            MAX_ATTEMPTS,
            |_, outcome, _| {
                let (err, e) = gateway_error(outcome);
                assert_eq!((e.http_status(), e.error_code()), (Some(429), Some("400")));
                assert_eq!(e.message(), Some("Quota Exceeded"));
                assert!(err.is_retryable());
            },
        ),
        // ---- HTTP 200 that is not a success body
        case(
            "200 with an HTML page",
            Server::Mock(vec![Reply::raw(
                200,
                "text/html;charset=UTF-8",
                "<html><body>Maintenance</body></html>",
            )]),
            1,
            |_, outcome, _| {
                let err = outcome.as_ref().unwrap_err();
                let Error::UnexpectedContent(e) = err else {
                    panic!("{err:?}")
                };
                assert_eq!(e.status(), 200);
                assert_eq!(e.snippet(), "<html><body>Maintenance</body></html>");
                assert!(!err.is_retryable());
            },
        ),
        case(
            "200 with an HTML page labelled as the format",
            Server::Mock(vec![Reply::raw(
                200,
                ct,
                "<html><body>Maintenance</body></html>",
            )]),
            1,
            |_, outcome, _| {
                let err = outcome.as_ref().unwrap_err();
                assert!(
                    matches!(err, Error::UnexpectedContent(e) if e.reason() == "an HTML page"),
                    "{err:?}"
                );
            },
        ),
        case(
            "200 with plain text",
            Server::Mock(vec![Reply::raw(200, "text/plain", "OK")]),
            1,
            |_, outcome, _| {
                let err = outcome.as_ref().unwrap_err();
                let Error::UnexpectedContent(e) = err else {
                    panic!("{err:?}")
                };
                assert_eq!(
                    (e.status(), e.content_type(), e.snippet()),
                    (200, Some("text/plain"), "OK")
                );
                assert!(!err.is_retryable());
            },
        ),
        case(
            "200 with an empty body",
            Server::Mock(vec![Reply::raw(200, ct, "")]),
            1,
            |_, outcome, _| {
                let err = outcome.as_ref().unwrap_err();
                let Error::UnexpectedContent(e) = err else {
                    panic!("{err:?}")
                };
                assert_eq!(
                    (e.status(), e.reason(), e.snippet()),
                    (200, "an empty body", "")
                );
            },
        ),
        case(
            "404 with plain text",
            Server::Mock(vec![Reply::raw(404, "text/plain", "Not Found")]),
            1,
            |_, outcome, _| {
                let err = outcome.as_ref().unwrap_err();
                let Error::UnexpectedContent(e) = err else {
                    panic!("{err:?}")
                };
                assert_eq!((e.status(), e.snippet()), (404, "Not Found"));
                assert!(!err.is_retryable());
            },
        ),
        case(
            "200 with a non-zero returnCode",
            Server::Mock(vec![Reply::raw(
                200,
                ct,
                success_body(format)
                    .replace("<returnCode>0<", "<returnCode>10500<")
                    .replace("\"returnCode\":0", "\"returnCode\":10500")
                    .replace("<returnMessage>success<", "<returnMessage>fail<")
                    .replace(
                        "\"returnMessage\":\"success\"",
                        "\"returnMessage\":\"fail\"",
                    ),
            )]),
            1,
            |format, outcome, _| {
                let (err, e) = api_error(outcome);
                assert_eq!(
                    (e.http_status(), e.return_code()),
                    (Some(200), Some("10500"))
                );
                assert_eq!(e.return_message(), Some("fail"));
                let id = match format {
                    Format::Xml => "req-xml-0001",
                    Format::Json => "req-json-0001",
                };
                assert_eq!(e.request_id(), Some(id), "the body's request id");
                assert!(!err.is_retryable());
            },
        ),
        // ---- bodies cut short
        case(
            "200 with the document cut mid-element (complete HTTP message)",
            Server::Mock(vec![Reply::raw(200, ct, cut)]),
            1,
            |format, outcome, _| {
                let err = outcome.as_ref().unwrap_err();
                let Error::Decode(e) = err else {
                    panic!("{err:?}")
                };
                assert_eq!(e.format(), format);
                assert_eq!(e.kind(), &DecodeErrorKind::UnexpectedEof, "{e}");
                assert!(
                    e.path()
                        .starts_with("getServerImageDetailResponse/serverImageList"),
                    "{e}"
                );
                assert!(!err.is_retryable());
            },
        ),
        case(
            "truncated body: the connection closes before Content-Length bytes",
            Server::Raw(Fault::WriteThenClose(truncated.clone())),
            MAX_ATTEMPTS,
            expect_transport(TransportErrorKind::Body),
        ),
        case(
            "truncated body: the connection is reset mid-body",
            Server::Raw(Fault::WriteThenReset(truncated)),
            MAX_ATTEMPTS,
            expect_transport(TransportErrorKind::Body),
        ),
        case(
            "chunked body without its last chunk",
            Server::Raw(Fault::WriteThenClose(
                format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: {ct}\r\ntransfer-encoding: chunked\r\n\r\n\
                     10\r\n<getServerImageD\r\n"
                )
                .into_bytes(),
            )),
            MAX_ATTEMPTS,
            expect_transport(TransportErrorKind::Body),
        ),
        // ---- connections that fail
        case(
            "connection closed without a response",
            Server::Raw(Fault::Close),
            MAX_ATTEMPTS,
            expect_transport(TransportErrorKind::Request),
        ),
        case(
            "connection closed without a response, retries off",
            Server::Raw(Fault::Close),
            1,
            expect_transport(TransportErrorKind::Request),
        )
        .with(no_retries),
        case(
            "connection reset without a response",
            Server::Raw(Fault::Reset),
            MAX_ATTEMPTS,
            expect_transport(TransportErrorKind::Request),
        ),
        // ---- time
        case(
            "delay past the timeout, then success",
            Server::Mock(vec![slow.clone()]),
            2,
            |format, outcome, elapsed| {
                expect_success(format, outcome, elapsed);
                // The slow reply takes 5 s: the 300 ms timeout cut it short.
                assert!(elapsed < Duration::from_secs(4), "{elapsed:?}");
            },
        )
        .with(short_timeout),
        case(
            "delay past the timeout",
            Server::Mock(vec![slow; 3]),
            MAX_ATTEMPTS,
            expect_total_timeout,
        )
        .with(short_timeout),
        case(
            "a body that never ends",
            Server::Raw(Fault::Trickle {
                head: format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: {ct}\r\ntransfer-encoding: chunked\r\n\r\n"
                )
                .into_bytes(),
                piece: b"1\r\n \r\n".to_vec(),
                every: Duration::from_millis(20),
            }),
            MAX_ATTEMPTS,
            expect_total_timeout,
        )
        .with(short_timeout),
        // ---- size limit
        case(
            "body larger than the limit (Content-Length)",
            Server::Mock(vec![]),
            1,
            |_, outcome, _| {
                let err = outcome.as_ref().unwrap_err();
                let Error::ResponseTooLarge(e) = err else {
                    panic!("{err:?}")
                };
                assert_eq!((e.status(), e.limit()), (200, 100));
                assert!(e.content_length().is_some_and(|n| n > 100), "{e:?}");
                assert!(!err.is_retryable());
                assert_eq!(err.status(), Some(200));
            },
        )
        .with(small_body_limit),
        case(
            "never-ending body larger than the limit (chunked)",
            Server::Raw(Fault::Trickle {
                head: format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: {ct}\r\ntransfer-encoding: chunked\r\n\r\n"
                )
                .into_bytes(),
                piece: format!("40\r\n{}\r\n", "x".repeat(64)).into_bytes(),
                every: Duration::from_millis(1),
            }),
            1,
            |_, outcome, _| {
                let err = outcome.as_ref().unwrap_err();
                let Error::ResponseTooLarge(e) = err else {
                    panic!("{err:?}")
                };
                assert_eq!((e.limit(), e.content_length()), (100, None));
                assert!(!err.is_retryable());
            },
        )
        .with(small_body_limit),
        // ---- client errors
        case(
            "401 authentication failed",
            Server::Mock(vec![Reply::raw(
                401,
                JSON,
                gateway_error_json(
                    "200",
                    "Authentication Failed",
                    "Invalid authentication information.",
                ),
            )]),
            1,
            |_, outcome, _| {
                let (err, e) = gateway_error(outcome);
                assert_eq!((e.http_status(), e.error_code()), (Some(401), Some("200")));
                assert_eq!(e.message(), Some("Authentication Failed"));
                assert!(!err.is_retryable());
            },
        ),
        case(
            "400 responseError",
            Server::Mock(vec![
                Reply::raw(
                    400,
                    ct,
                    response_error(format, "1300", "serverImageNo is invalid"),
                )
                .with_header("x-ncp-request-id", "req-abc-123"),
            ]),
            1,
            |_, outcome, _| {
                let (err, e) = api_error(outcome);
                assert_eq!(
                    (e.http_status(), e.return_code()),
                    (Some(400), Some("1300"))
                );
                assert_eq!(e.return_message(), Some("serverImageNo is invalid"));
                assert_eq!(e.request_id(), Some("req-abc-123"));
                assert_eq!(err.request_id(), Some("req-abc-123"));
                assert!(!err.is_retryable());
                let shown = err.to_string();
                assert!(
                    shown.contains("1300") && shown.contains("HTTP 400"),
                    "{shown}"
                );
            },
        ),
    ]
}

/// Every piece of text the call's result and client can show.
fn texts(outcome: &Outcome, client: &ncloud_vserver::Client) -> Vec<String> {
    let mut out = vec![format!("{client:?}")];
    match outcome {
        Ok(value) => out.push(format!("{value:?}")),
        Err(err) => {
            out.push(err.to_string());
            out.push(format!("{err:?}"));
            out.push(format!("{err:#?}"));
            let mut source = err.source();
            while let Some(e) = source {
                out.push(e.to_string());
                out.push(format!("{e:?}"));
                source = e.source();
            }
        }
    }
    out
}

/// Each attempt was signed for its own timestamp and verified independently.
fn check_signed_afresh(name: &str, seen: &[Seen]) {
    assert!(seen.iter().all(|s| s.signature_ok), "{name}: {seen:?}");
    for pair in seen.windows(2) {
        let (a, b): (u128, u128) = (
            pair[0].timestamp.parse().unwrap(),
            pair[1].timestamp.parse().unwrap(),
        );
        assert!(b > a, "{name}: a new timestamp per attempt: {seen:?}");
        assert_ne!(pair[0].signature, pair[1].signature, "{name}");
        assert_eq!(pair[0].target, pair[1].target, "{name}: the same request");
        assert_eq!(pair[0].body, pair[1].body, "{name}: the same body");
    }
}

/// A case with its server started and its client built.
struct Ready {
    case: Case,
    mock: Option<MockGateway>,
    raw: Option<FaultServer>,
    client: Client,
}

async fn prepare(format: Format, case: Case) -> Ready {
    let (url, mock, raw) = match &case.server {
        Server::Mock(script) => {
            let mock = MockGateway::start(script.clone()).await;
            (mock.url(), Some(mock), None)
        }
        Server::Raw(fault) => {
            let raw = FaultServer::start(fault.clone()).await;
            (raw.url(), None, Some(raw))
        }
    };
    let client = (case.configure)(client_builder(&url).response_format(format))
        .build()
        .unwrap();
    Ready {
        case,
        mock,
        raw,
        client,
    }
}

async fn run(format: Format, ready: Ready) {
    let Ready {
        case,
        mock,
        raw,
        client,
    } = ready;
    let name = case.name;
    let started = Instant::now();
    let outcome = tokio::time::timeout(Duration::from_secs(15), client.send(detail("5847")))
        .await
        .unwrap_or_else(|_| panic!("{format} / {name}: hangs"));
    let elapsed = started.elapsed();
    let seen_now = || match (&mock, &raw) {
        (Some(m), _) => m.seen(),
        (_, Some(r)) => r.seen(),
        _ => unreachable!(),
    };
    // A server records a request once it has read it, which on a loaded machine can come after
    // the client has already given up on that attempt (a timeout): wait a little for a late
    // record rather than miscount. Fewer attempts than expected still fail below.
    let mut seen = seen_now();
    let waiting = Instant::now();
    while seen.len() < case.attempts && waiting.elapsed() < Duration::from_secs(2) {
        tokio::time::sleep(Duration::from_millis(20)).await;
        seen = seen_now();
    }
    let label = format!("{format} / {name}");
    assert_eq!(seen.len(), case.attempts, "{label}: attempts; {outcome:?}");
    assert!(seen.len() <= MAX_ATTEMPTS, "{label}");
    check_signed_afresh(&label, &seen);
    let logged = logs().text();
    for s in &seen {
        assert!(
            !logged.contains(&s.signature),
            "{label}: a signature is logged"
        );
    }
    for text in texts(&outcome, &client) {
        assert!(
            !text.contains(SECRET_KEY),
            "{label}: the secret key leaks: {text}"
        );
        for s in &seen {
            assert!(
                !text.contains(&s.signature),
                "{label}: a signature leaks: {text}"
            );
        }
    }
    let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        (case.check)(format, &outcome, elapsed)
    }));
    if let Err(panic) = checked {
        eprintln!("{label}: failed with {outcome:?}");
        std::panic::resume_unwind(panic);
    }
}

/// Everything the process's `tracing` spans and events record, as text (one subscriber for
/// the whole test binary: the matrices run in parallel and their spans may move between
/// threads).
#[derive(Clone, Default)]
struct Logs(Arc<Mutex<String>>);

struct Text<'a>(&'a mut String);

impl Visit for Text<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, " {}={value:?}", field.name());
    }
}

impl<S: tracing::Subscriber> Layer<S> for Logs {
    fn on_new_span(&self, attrs: &Attributes<'_>, _: &Id, _: Context<'_, S>) {
        let mut line = attrs.metadata().name().to_owned();
        attrs.record(&mut Text(&mut line));
        self.push(line);
    }

    fn on_record(&self, _: &Id, values: &Record<'_>, _: Context<'_, S>) {
        let mut line = "record".to_owned();
        values.record(&mut Text(&mut line));
        self.push(line);
    }

    fn on_event(&self, event: &tracing::Event<'_>, _: Context<'_, S>) {
        let mut line = event.metadata().name().to_owned();
        event.record(&mut Text(&mut line));
        self.push(line);
    }
}

impl Logs {
    fn push(&self, line: String) {
        let mut all = self.0.lock().unwrap();
        all.push_str(&line);
        all.push('\n');
    }

    fn text(&self) -> String {
        self.0.lock().unwrap().clone()
    }
}

fn logs() -> &'static Logs {
    static LOGS: OnceLock<Logs> = OnceLock::new();
    LOGS.get_or_init(|| {
        let logs = Logs::default();
        tracing::subscriber::set_global_default(tracing_subscriber::registry().with(logs.clone()))
            .expect("no other subscriber in this test binary");
        logs
    })
}

async fn matrix(format: Format) {
    let logs = logs();
    within(async {
        // The cases run concurrently (they only share the machine); each has its own server.
        // Servers and clients are all made first: building a client is synchronous work (its
        // TLS settings), which, done while other cases' attempts were under way, held them up
        // past their 300 ms timeouts before their requests were even written.
        let mut ready = Vec::new();
        for case in cases(format) {
            ready.push(prepare(format, case).await);
        }
        let runs = ready.into_iter().map(|case| run(format, case));
        futures_util::future::join_all(runs).await;
    })
    .await;
    let text = logs.text();
    assert!(
        text.contains("ncloud.attempt") && text.contains("retrying"),
        "the capture sees the client's spans and events: {text}"
    );
    assert!(
        !text.contains(SECRET_KEY),
        "the secret key is logged: {text}"
    );
    for line in text.lines() {
        assert!(
            !line.contains("x-ncp-apigw-signature-v2"),
            "a signature header is logged: {line}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_matrix_xml() {
    matrix(Format::Xml).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_matrix_json() {
    matrix(Format::Json).await
}

#[test]
fn the_access_key_is_shown_and_the_secret_never() {
    // Policy (as in AWS SDKs): the access key identifies the key pair and appears in `Debug`
    // output of clients and credentials to help tell configurations apart; the secret key and
    // the signatures made with it never appear.
    let client = client_builder("http://127.0.0.1:9").build().unwrap();
    let shown = format!("{client:?}");
    assert!(shown.contains(ACCESS_KEY), "{shown}");
    assert!(!shown.contains(SECRET_KEY), "{shown}");
    let mut texts = vec![
        format!("{:?}", client_builder("http://127.0.0.1:9")),
        format!("{:?}", Credentials::new(ACCESS_KEY, SECRET_KEY)),
    ];

    // Credential failures that hold the secret in hand: unusable keys, half-configured
    // environments and credentials files.
    let dir = std::env::temp_dir().join(format!("ncloud-secret-scan-{}", std::process::id()));
    std::fs::create_dir_all(dir.join(".ncloud")).unwrap();
    std::fs::write(
        dir.join(".ncloud/configure"),
        format!("[DEFAULT]\nncloud_secret_access_key = {SECRET_KEY}\nbroken line {SECRET_KEY}\n"),
    )
    .unwrap();
    let attempts: Vec<Result<ncloud_vserver::Client, Error>> = vec![
        // The secret pasted where the access key goes.
        Client::builder()
            .credentials(Credentials::new(format!("{SECRET_KEY} pasted"), "x"))
            .build(),
        Client::builder()
            .credentials(Credentials::new(format!("{ACCESS_KEY}\n"), SECRET_KEY))
            .build(),
        Client::builder()
            .credentials(Credentials::new("", SECRET_KEY))
            .build(),
        Client::builder()
            .environment(
                Environment::from_vars([("NCLOUD_SECRET_ACCESS_KEY", SECRET_KEY)])
                    .without_home_dir(),
            )
            .build(),
        Client::builder()
            .environment(Environment::from_vars([("X", "Y")]).with_home_dir(&dir))
            .build(),
        Client::builder()
            .credentials_provider(ConfigFileCredentials::new(dir.join(".ncloud/configure")))
            .build(),
    ];
    for attempt in &attempts {
        let err = attempt.as_ref().expect_err("no usable credentials");
        texts.push(err.to_string());
        texts.push(format!("{err:?}"));
        if let Some(source) = err.source() {
            texts.push(format!("{source} {source:?}"));
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
    for text in texts {
        assert!(!text.contains(SECRET_KEY), "the secret key leaks: {text}");
    }
}
