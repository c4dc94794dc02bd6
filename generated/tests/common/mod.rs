//! Test support shared by the integration tests: a mock NCP API gateway on 127.0.0.1 that checks
//! every request's signature independently of the client's signing code, raw TCP servers for
//! connection faults, and bodies in the API's shapes.

#![allow(dead_code)] // each test crate uses a different subset

use std::collections::VecDeque;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use ncloud_vserver::Client;
use ncloud_vserver::client::{ClientBuilder, Credentials, RetryPolicy};
use ncloud_vserver::operations::GetServerImageDetailRequest;
use sha2::Sha256;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

pub const ACCESS_KEY: &str = "mockAccessKey0001";
pub const SECRET_KEY: &str = "mockSecret-MUST-NOT-LEAK-0123456789";

/// Fails the test instead of hanging when `fut` takes more than 20 s.
pub async fn within<F: Future>(fut: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(20), fut)
        .await
        .expect("the test took more than 20 s: something hangs")
}

/// A `getServerImageDetail` request (the generated type) for image `no` in region KR.
pub fn detail(no: &str) -> GetServerImageDetailRequest {
    GetServerImageDetailRequest::builder()
        .region_code("KR")
        .server_image_no(no)
        .build()
        .unwrap()
}

// ----------------------------------------------------------------------------------------------
// Bodies
// ----------------------------------------------------------------------------------------------

pub fn success_xml(image_no: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<getServerImageDetailResponse>
  <requestId>req-xml-0001</requestId>
  <returnCode>0</returnCode>
  <returnMessage>success</returnMessage>
  <totalRows>1</totalRows>
  <serverImageList>
    <serverImage>
      <serverImageNo>{image_no}</serverImageNo>
      <serverImageName>ubuntu-22.04-base</serverImageName>
      <serverImageDescription></serverImageDescription>
      <createDate>2020-08-24T10:34:27+0900</createDate>
      <blockStorageMappingList>
        <blockStorageMapping>
          <order>0</order>
          <blockStorageSize>53687091200</blockStorageSize>
          <isEncryptedVolume>false</isEncryptedVolume>
        </blockStorageMapping>
      </blockStorageMappingList>
      <fieldFromTheFuture>x</fieldFromTheFuture>
    </serverImage>
  </serverImageList>
</getServerImageDetailResponse>"#
    )
}

pub fn success_json(image_no: &str) -> String {
    serde_json::json!({
        "getServerImageDetailResponse": {
            "totalRows": 1,
            "serverImageList": [{
                "serverImageNo": image_no,
                "serverImageName": "ubuntu-22.04-base",
                "serverImageDescription": "",
                "createDate": "2020-08-24T10:34:27+0900",
                "blockStorageMappingList": [{
                    "order": 0,
                    "blockStorageSize": 53687091200_i64,
                    "isEncryptedVolume": false
                }],
                "fieldFromTheFuture": "x"
            }],
            "requestId": "req-json-0001",
            "returnCode": 0,
            "returnMessage": "success"
        }
    })
    .to_string()
}

pub fn gateway_error_json(code: &str, message: &str, details: &str) -> String {
    serde_json::json!({"error": {"errorCode": code, "message": message, "details": details}})
        .to_string()
}

// ----------------------------------------------------------------------------------------------
// The mock gateway
// ----------------------------------------------------------------------------------------------

/// What the mock answers to one request (after the signature check passed).
#[derive(Clone, Debug)]
pub enum Reply {
    /// A success body of `getServerImageDetail` in the requested `responseFormatType`, echoing
    /// `serverImageNo`.
    Success,
    /// A fixed response.
    Raw {
        status: u16,
        content_type: Option<&'static str>,
        headers: Vec<(&'static str, String)>,
        body: String,
    },
    /// Waits, then answers.
    Delay(Duration, Box<Reply>),
}

impl Reply {
    pub fn raw(status: u16, content_type: &'static str, body: impl Into<String>) -> Self {
        Reply::Raw {
            status,
            content_type: Some(content_type),
            headers: Vec::new(),
            body: body.into(),
        }
    }

    pub fn with_header(self, name: &'static str, value: impl Into<String>) -> Self {
        match self {
            Reply::Raw {
                status,
                content_type,
                mut headers,
                body,
            } => {
                headers.push((name, value.into()));
                Reply::Raw {
                    status,
                    content_type,
                    headers,
                    body,
                }
            }
            other => other,
        }
    }
}

/// One request as the mock received it.
#[derive(Clone, Debug)]
pub struct Seen {
    /// The raw request-target (path and query) as received.
    pub target: String,
    pub timestamp: String,
    pub signature: String,
    pub signature_ok: bool,
    pub user_agent: Option<String>,
}

struct MockState {
    secret_key: String,
    access_key: String,
    script: Mutex<VecDeque<Reply>>,
    seen: Mutex<Vec<Seen>>,
}

/// A mock API gateway serving `/vserver/v2/getServerImageDetail` on 127.0.0.1.
///
/// Every request's signature is recomputed here from the raw request-target it received; a
/// request with a wrong signature, a wrong access key or a stale timestamp gets the gateway's
/// 401 `Authentication Failed`. Otherwise the scripted replies are served in order, then
/// [`Reply::Success`] forever.
pub struct MockGateway {
    pub addr: SocketAddr,
    state: Arc<MockState>,
}

impl MockGateway {
    pub async fn start(script: Vec<Reply>) -> Self {
        let state = Arc::new(MockState {
            secret_key: SECRET_KEY.to_owned(),
            access_key: ACCESS_KEY.to_owned(),
            script: Mutex::new(script.into()),
            seen: Mutex::new(Vec::new()),
        });
        let app = Router::new().fallback(handle).with_state(state.clone());
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        Self { addr, state }
    }

    /// The gateway origin, `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The requests received so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.state.seen.lock().unwrap().clone()
    }

    /// A client builder pointed at this mock with the right credentials and fast retries.
    pub fn client_builder(&self) -> ClientBuilder {
        client_builder(&self.url())
    }

    /// A client with [`client_builder`](Self::client_builder)'s settings.
    pub fn client(&self) -> Client {
        self.client_builder().build().unwrap()
    }
}

/// A reqwest client that never goes through a proxy (tests only talk to 127.0.0.1).
pub fn http() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().build().unwrap()
}

/// Retries with tiny backoffs, so the tests stay fast.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .with_initial_backoff(Duration::from_millis(10))
        .with_max_backoff(Duration::from_millis(40))
}

pub fn client_builder(gateway: &str) -> ClientBuilder {
    Client::builder()
        .gateway(gateway)
        .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY))
        .http_client(http())
        .timeout(Duration::from_secs(5))
        .retry_policy(fast_retries())
}

/// The signature, computed here without the client's code.
pub fn reference_signature(secret: &str, method: &str, target: &str, ts: &str, ak: &str) -> String {
    let mut mac = <Hmac<Sha256>>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{method} {target}\n{ts}\n{ak}").as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

fn now_ms() -> i128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as i128
}

fn query_param<'a>(target: &'a str, name: &str) -> Option<&'a str> {
    let query = target.split_once('?')?.1;
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn response(
    status: u16,
    content_type: Option<&str>,
    headers: &[(&str, String)],
    body: String,
) -> Response {
    let mut b = Response::builder().status(StatusCode::from_u16(status).unwrap());
    if let Some(ct) = content_type {
        b = b.header("content-type", ct);
    }
    for (name, value) in headers {
        b = b.header(*name, value.as_str());
    }
    b.body(Body::from(body)).unwrap()
}

async fn handle(
    State(state): State<Arc<MockState>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    // The raw request-target as received: `Uri` keeps the bytes of the request line.
    let target = uri
        .path_and_query()
        .map(|pq| pq.as_str().to_owned())
        .unwrap_or_default();
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let timestamp = header("x-ncp-apigw-timestamp").unwrap_or_default();
    let access_key = header("x-ncp-iam-access-key").unwrap_or_default();
    let signature = header("x-ncp-apigw-signature-v2").unwrap_or_default();
    let expected = reference_signature(
        &state.secret_key,
        method.as_str(),
        &target,
        &timestamp,
        &access_key,
    );
    let fresh = timestamp
        .parse::<i128>()
        .is_ok_and(|ts| (now_ms() - ts).abs() < 5 * 60 * 1000);
    let signature_ok = fresh && access_key == state.access_key && signature == expected;
    state.seen.lock().unwrap().push(Seen {
        target: target.clone(),
        timestamp,
        signature,
        signature_ok,
        user_agent: header("user-agent"),
    });
    if !signature_ok || method != Method::GET {
        return response(
            401,
            Some("application/json;charset=UTF-8"),
            &[],
            gateway_error_json(
                "200",
                "Authentication Failed",
                "Invalid authentication information.",
            ),
        );
    }
    let reply = state
        .script
        .lock()
        .unwrap()
        .pop_front()
        .unwrap_or(Reply::Success);
    serve(reply, &target).await
}

async fn serve(mut reply: Reply, target: &str) -> Response {
    loop {
        match reply {
            Reply::Delay(d, next) => {
                tokio::time::sleep(d).await;
                reply = *next;
            }
            Reply::Success => {
                if !target.starts_with("/vserver/v2/getServerImageDetail?") {
                    return response(
                        404,
                        Some("application/json"),
                        &[],
                        gateway_error_json("300", "Not Found Exception", "no such API"),
                    );
                }
                let image_no = query_param(target, "serverImageNo").unwrap_or("0");
                return match query_param(target, "responseFormatType") {
                    Some("json") => response(
                        200,
                        Some("application/json;charset=UTF-8"),
                        &[],
                        success_json(image_no),
                    ),
                    _ => response(
                        200,
                        Some("application/xml;charset=UTF-8"),
                        &[],
                        success_xml(image_no),
                    ),
                };
            }
            Reply::Raw {
                status,
                content_type,
                headers,
                body,
            } => return response(status, content_type, &headers, body),
        }
    }
}

// ----------------------------------------------------------------------------------------------
// Raw TCP servers for connection-level faults
// ----------------------------------------------------------------------------------------------

/// A server on 127.0.0.1 that reads each request's head and then either drops the connection
/// without a word (`reply == None`) or writes `reply` verbatim and closes.
pub struct RawServer {
    pub addr: SocketAddr,
    pub connections: Arc<AtomicUsize>,
}

impl RawServer {
    pub async fn start(reply: Option<Vec<u8>>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let connections = Arc::new(AtomicUsize::new(0));
        let count = connections.clone();
        tokio::spawn(async move {
            loop {
                let Ok((mut socket, _)) = listener.accept().await else {
                    return;
                };
                count.fetch_add(1, Ordering::SeqCst);
                let reply = reply.clone();
                tokio::spawn(async move {
                    let mut head = Vec::new();
                    let mut buf = [0u8; 1024];
                    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                        match socket.read(&mut buf).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => head.extend_from_slice(&buf[..n]),
                        }
                    }
                    if let Some(reply) = reply {
                        let _ = socket.write_all(&reply).await;
                        let _ = socket.flush().await;
                    }
                    // Dropping the socket closes the connection.
                });
            }
        });
        Self { addr, connections }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}
