//! When the client tries a call again, counted in attempts against a scripted HTTP server on
//! 127.0.0.1: reads are retried on every transient failure; a mutation (the fixtures'
//! `createServerImage`, `x-ncp-mutation: true` with return code 1007009 listed as retryable) only
//! when it cannot have been carried out, unless the call is marked idempotent.

// Each test binary uses its own part of the generated fixtures.
#[allow(dead_code, unused_imports)]
mod fixtures;

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use fixtures::operations::{CreateServerImageRequest, GetServerImageDetailRequest};
use ncloud_runtime::client::error::{TimeoutPhase, TransportErrorKind};
use ncloud_runtime::{
    CallOptions, Client, ClientBuilder, Credentials, Error, Operation, RetryPolicy, ServiceInfo,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

static SERVICE: ServiceInfo = ServiceInfo::new("fixtures", "/fixtures/v1", "fixtures-test/1");
/// The same service with a service-wide "busy" code.
static SERVICE_WITH_CODES: ServiceInfo =
    ServiceInfo::new("fixtures", "/fixtures/v1", "fixtures-test/1")
        .with_retryable_codes(&["fixture-busy"]);

/// What the server does with one request, after reading all of it.
#[derive(Clone, Debug)]
enum Act {
    /// Answers with this status and body, then closes.
    Reply(u16, &'static str),
    /// Resets the connection (the request was received: it may have been carried out).
    Reset,
    /// Never answers.
    Hang,
}

const CREATED: Act = Act::Reply(
    200,
    "<createServerImageResponse><requestId>r</requestId><returnCode>0</returnCode>\
     <returnMessage>success</returnMessage><serverImageList><serverImage>\
     <serverImageNo>77</serverImageNo></serverImage></serverImageList>\
     </createServerImageResponse>",
);
const DETAIL: Act = Act::Reply(
    200,
    "<getServerImageDetailResponse><requestId>r</requestId><returnCode>0</returnCode>\
     <returnMessage>success</returnMessage><serverImageList><serverImage>\
     <serverImageNo>5</serverImageNo></serverImage></serverImageList>\
     </getServerImageDetailResponse>",
);
const BUSY: Act = Act::Reply(
    400,
    "<responseError><returnCode>1007009</returnCode>\
     <returnMessage>The ACG is being changed.</returnMessage></responseError>",
);
const SERVICE_BUSY: Act = Act::Reply(
    400,
    "<responseError><returnCode>fixture-busy</returnCode>\
     <returnMessage>busy</returnMessage></responseError>",
);
const INVALID: Act = Act::Reply(
    400,
    "<responseError><returnCode>1001</returnCode>\
     <returnMessage>Invalid parameter.</returnMessage></responseError>",
);
const THROTTLED: Act = Act::Reply(
    429,
    r#"{"error":{"errorCode":"400","message":"Too Many Requests","details":""}}"#,
);
const UNAVAILABLE: Act = Act::Reply(
    503,
    r#"{"error":{"errorCode":"500","message":"Endpoint Error","details":""}}"#,
);

/// One request as received: request line and body.
type Received = (String, String);

/// An HTTP/1.1 server that plays `script` (then `Act::Hang`), one act per request, each on its
/// own connection (`Connection: close`), and records every request.
struct Server {
    addr: SocketAddr,
    received: Arc<Mutex<Vec<Received>>>,
}

impl Server {
    async fn start(script: Vec<Act>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        Self::serve(listener, script)
    }

    fn serve(listener: TcpListener, script: Vec<Act>) -> Server {
        let addr = listener.local_addr().unwrap();
        let received = Arc::new(Mutex::new(Vec::new()));
        let record = received.clone();
        let script = Arc::new(Mutex::new(VecDeque::from(script)));
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let (record, script) = (record.clone(), script.clone());
                tokio::spawn(async move { play(socket, record, script).await });
            }
        });
        Server { addr, received }
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn attempts(&self) -> usize {
        self.received.lock().unwrap().len()
    }

    fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

async fn play(
    mut socket: TcpStream,
    record: Arc<Mutex<Vec<Received>>>,
    script: Arc<Mutex<VecDeque<Act>>>,
) {
    let Some(request) = read_request(&mut socket).await else {
        return;
    };
    record.lock().unwrap().push(request);
    let act = script.lock().unwrap().pop_front().unwrap_or(Act::Hang);
    match act {
        Act::Reply(status, body) => {
            let content_type = if body.starts_with('{') {
                "application/json"
            } else {
                "application/xml"
            };
            let response = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: {content_type}\r\n\
                 content-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = socket.write_all(response.as_bytes()).await;
            let _ = socket.flush().await;
        }
        Act::Reset => {
            socket.set_zero_linger().unwrap();
            drop(socket);
        }
        Act::Hang => tokio::time::sleep(Duration::from_secs(30)).await,
    }
}

/// The request line and the body (by `Content-Length`), or `None` if the client went away.
async fn read_request(socket: &mut TcpStream) -> Option<Received> {
    let mut data = Vec::new();
    let mut buf = [0u8; 1024];
    let end = loop {
        if let Some(i) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        match socket.read(&mut buf).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => data.extend_from_slice(&buf[..n]),
        }
    };
    let head = String::from_utf8_lossy(&data[..end]).into_owned();
    let length = head
        .lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .map_or(0, |(_, v)| v.trim().parse::<usize>().unwrap());
    while data.len() < end + length {
        match socket.read(&mut buf).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => data.extend_from_slice(&buf[..n]),
        }
    }
    let line = head.lines().next().unwrap_or_default().to_owned();
    Some((line, String::from_utf8_lossy(&data[end..]).into_owned()))
}

/// A client of `service` at `url`: 3 attempts with short backoffs, a 500 ms total timeout.
fn client(service: &'static ServiceInfo, url: &str) -> Client {
    ClientBuilder::for_service(service)
        .gateway(url)
        .credentials(Credentials::new("ak", "sk"))
        .http_client(reqwest::Client::builder().no_proxy().build().unwrap())
        .timeout(Duration::from_millis(500))
        .retry_policy(
            RetryPolicy::default()
                .with_initial_backoff(Duration::from_millis(10))
                .with_max_backoff(Duration::from_millis(20)),
        )
        .build()
        .unwrap()
}

fn create() -> CreateServerImageRequest {
    CreateServerImageRequest::builder()
        .server_instance_no("1")
        .build()
        .unwrap()
}

fn detail() -> GetServerImageDetailRequest {
    GetServerImageDetailRequest::builder()
        .server_image_no("5")
        .build()
        .unwrap()
}

/// Sends a `createServerImage` to a server playing `script`; the result and the attempts.
async fn run_create(script: Vec<Act>, options: CallOptions) -> (Result<(), Error>, usize) {
    let server = Server::start(script).await;
    let result = client(&SERVICE, &server.url())
        .send_with(create(), &options)
        .await
        .map(drop);
    for (line, body) in server.received() {
        assert_eq!(
            line,
            "POST /fixtures/v1/createServerImage?responseFormatType=xml HTTP/1.1"
        );
        assert_eq!(body, "serverInstanceNo=1");
    }
    (result, server.attempts())
}

#[tokio::test]
async fn each_operation_has_its_own_url_under_a_gateway_path_call_after_call() {
    // The client builds an operation's URL once and reuses it: calls of two operations,
    // interleaved, under a gateway with a path prefix, each go to their own path.
    let server = Server::start(vec![DETAIL, CREATED, DETAIL]).await;
    let client = client(&SERVICE, &format!("{}/proxy/", server.url()));
    client.send(detail()).await.unwrap();
    client.send(create()).await.unwrap();
    client.send(detail()).await.unwrap();
    let lines: Vec<String> = server.received().into_iter().map(|(l, _)| l).collect();
    assert_eq!(
        lines,
        [
            "POST /proxy/fixtures/v1/getServerImageDetail?responseFormatType=xml HTTP/1.1",
            "POST /proxy/fixtures/v1/createServerImage?responseFormatType=xml HTTP/1.1",
            "POST /proxy/fixtures/v1/getServerImageDetail?responseFormatType=xml HTTP/1.1",
        ]
    );
}

#[test]
fn the_fixtures_mark_the_write_as_a_mutation_with_its_code() {
    // Checked when the test compiles: the consts come from the fixtures spec.
    const { assert!(CreateServerImageRequest::MUTATION) };
    assert_eq!(CreateServerImageRequest::RETRYABLE_CODES, ["1007009"]);
    const { assert!(!GetServerImageDetailRequest::MUTATION) };
    assert!(GetServerImageDetailRequest::RETRYABLE_CODES.is_empty());
    assert!(SERVICE_WITH_CODES.is_retryable_code::<GetServerImageDetailRequest>("fixture-busy"));
    assert!(SERVICE_WITH_CODES.is_retryable_code::<CreateServerImageRequest>("1007009"));
    assert!(!SERVICE.is_retryable_code::<GetServerImageDetailRequest>("1007009"));
}

#[tokio::test]
async fn a_mutation_is_retried_when_the_connection_was_refused() {
    // Nothing listens on the port at the first attempt; a server does from the second on.
    let port = TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let late_client = ClientBuilder::for_service(&SERVICE)
        .gateway(format!("http://127.0.0.1:{port}"))
        .credentials(Credentials::new("ak", "sk"))
        .http_client(reqwest::Client::builder().no_proxy().build().unwrap())
        .retry_policy(
            RetryPolicy::default()
                .with_initial_backoff(Duration::from_millis(400))
                .with_max_backoff(Duration::from_millis(400)),
        )
        .build()
        .unwrap();
    let late = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let listener = TcpListener::bind(("127.0.0.1", port)).await.unwrap();
        Server::serve(listener, vec![CREATED])
    });
    let output = late_client.send(create()).await.unwrap();
    assert_eq!(output.server_image_list[0].server_image_no, "77");
    let server = late.await.unwrap();
    assert_eq!(server.attempts(), 1, "the refused attempt never reached it");

    // When every attempt is refused, the error says nothing was applied.
    let closed = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let e = client(&SERVICE, &url).send(create()).await.unwrap_err();
    match &e {
        Error::Transport(t) => assert_eq!(t.kind(), TransportErrorKind::Connect, "{e}"),
        other => panic!("{other:?}"),
    }
    assert!(e.is_retryable() && !e.may_have_been_applied(), "{e}");
}

#[tokio::test]
async fn a_mutation_is_retried_when_throttled() {
    let (result, attempts) = run_create(vec![THROTTLED, CREATED], CallOptions::new()).await;
    result.unwrap();
    assert_eq!(attempts, 2);

    let (result, attempts) = run_create(vec![THROTTLED; 3], CallOptions::new()).await;
    let e = result.unwrap_err();
    assert_eq!(attempts, 3, "up to the policy's attempts");
    assert_eq!(e.status(), Some(429));
    assert!(!e.may_have_been_applied(), "{e}");
}

#[tokio::test]
async fn a_mutation_is_retried_on_its_listed_busy_code_up_to_the_policy() {
    let (result, attempts) = run_create(vec![BUSY, BUSY, CREATED], CallOptions::new()).await;
    result.unwrap();
    assert_eq!(attempts, 3);

    let (result, attempts) = run_create(vec![BUSY; 5], CallOptions::new()).await;
    let e = result.unwrap_err();
    assert_eq!(attempts, 3);
    assert_eq!(e.return_code(), Some("1007009"));
    assert!(!e.is_retryable(), "a 400 in itself is not transient: {e}");
    assert!(!e.may_have_been_applied(), "{e}");

    let five = CallOptions::new().retry_policy(
        RetryPolicy::default()
            .with_max_attempts(5)
            .with_initial_backoff(Duration::from_millis(5)),
    );
    let (result, attempts) = run_create(vec![BUSY; 5], five).await;
    assert!(result.is_err());
    assert_eq!(attempts, 5, "the per-call policy's attempts");
}

#[tokio::test]
async fn the_service_wide_busy_codes_are_retried_too() {
    let server = Server::start(vec![SERVICE_BUSY, CREATED, SERVICE_BUSY, DETAIL]).await;
    let client = client(&SERVICE_WITH_CODES, &server.url());
    client.send(create()).await.unwrap();
    assert_eq!(server.attempts(), 2);
    client.send(detail()).await.unwrap();
    assert_eq!(server.attempts(), 4, "for reads as well");

    // Without the service's list, the code is an ordinary API error.
    let (result, attempts) = run_create(vec![SERVICE_BUSY, CREATED], CallOptions::new()).await;
    assert_eq!(result.unwrap_err().return_code(), Some("fixture-busy"));
    assert_eq!(attempts, 1);
}

#[tokio::test]
async fn a_mutation_is_not_retried_on_an_unlisted_api_error() {
    let (result, attempts) = run_create(vec![INVALID, CREATED], CallOptions::new()).await;
    let e = result.unwrap_err();
    assert_eq!(attempts, 1);
    assert_eq!(e.return_code(), Some("1001"));
    assert!(!e.may_have_been_applied(), "the API refused it: {e}");
}

#[tokio::test]
async fn a_mutation_is_not_retried_on_a_503_which_may_have_been_applied() {
    let (result, attempts) = run_create(vec![UNAVAILABLE, CREATED], CallOptions::new()).await;
    let e = result.unwrap_err();
    assert_eq!(attempts, 1);
    assert_eq!(e.status(), Some(503));
    assert!(e.is_retryable(), "it would be for a read: {e}");
    assert!(e.may_have_been_applied(), "{e}");
}

#[tokio::test]
async fn a_mutation_is_not_retried_after_a_reset_once_the_request_was_sent() {
    let (result, attempts) = run_create(vec![Act::Reset, CREATED], CallOptions::new()).await;
    let e = result.unwrap_err();
    assert_eq!(attempts, 1);
    match &e {
        Error::Transport(t) => assert_ne!(t.kind(), TransportErrorKind::Connect, "{e}"),
        other => panic!("{other:?}"),
    }
    assert!(e.is_retryable() && e.may_have_been_applied(), "{e}");
}

#[tokio::test]
async fn a_mutation_is_not_retried_after_a_timeout() {
    let (result, attempts) = run_create(vec![Act::Hang, CREATED], CallOptions::new()).await;
    let e = result.unwrap_err();
    assert_eq!(attempts, 1);
    match &e {
        Error::Timeout(t) => assert_eq!(t.phase(), TimeoutPhase::Total, "{e}"),
        other => panic!("{other:?}"),
    }
    assert!(e.is_retryable() && e.may_have_been_applied(), "{e}");
}

#[tokio::test]
async fn an_idempotent_mutation_is_retried_like_a_read() {
    let idempotent = CallOptions::new().idempotent(true);
    let (result, attempts) =
        run_create(vec![UNAVAILABLE, Act::Reset, CREATED], idempotent.clone()).await;
    result.unwrap();
    assert_eq!(attempts, 3);

    let (result, attempts) = run_create(vec![Act::Hang, CREATED], idempotent).await;
    result.unwrap();
    assert_eq!(attempts, 2);
}

#[tokio::test]
async fn reads_are_retried_on_every_transient_failure_as_before() {
    let server = Server::start(vec![UNAVAILABLE, Act::Reset, DETAIL]).await;
    let client = client(&SERVICE, &server.url());
    client.send(detail()).await.unwrap();
    assert_eq!(server.attempts(), 3);
    for (line, body) in server.received() {
        assert_eq!(
            line,
            "POST /fixtures/v1/getServerImageDetail?responseFormatType=xml HTTP/1.1"
        );
        assert_eq!(body, "serverImageNo=5");
    }

    let server = Server::start(vec![Act::Hang, DETAIL]).await;
    let client = self::client(&SERVICE, &server.url());
    client.send(detail()).await.unwrap();
    assert_eq!(server.attempts(), 2, "a timed-out read is retried");

    let server = Server::start(vec![INVALID, DETAIL]).await;
    let e = self::client(&SERVICE, &server.url())
        .send(detail())
        .await
        .unwrap_err();
    assert_eq!(e.return_code(), Some("1001"));
    assert_eq!(server.attempts(), 1, "an API error is not retried");

    let server = Server::start(vec![UNAVAILABLE, DETAIL]).await;
    let once = CallOptions::new().retry_policy(RetryPolicy::disabled());
    let e = self::client(&SERVICE, &server.url())
        .send_with(detail(), &once)
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(503));
    assert_eq!(
        server.attempts(),
        1,
        "the per-call policy makes one attempt"
    );
}
