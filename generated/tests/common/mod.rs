//! Test support shared by the integration tests: a mock NCP API gateway on 127.0.0.1 that checks
//! every request's signature independently of the client's signing code, raw TCP servers for
//! connection faults, and a small hand-written operation in the generated shape.

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
use ncloud_vserver::error::DecodeError;
use ncloud_vserver::runtime::xml::{XmlDecode, XmlReader};
use ncloud_vserver::runtime::{Envelope, Operation, QueryWriter};
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

// ----------------------------------------------------------------------------------------------
// A test-only operation in the shape the generator emits (docs/design.md §2).
// ----------------------------------------------------------------------------------------------

/// `getServerImageDetail` with a hand-written request type.
#[derive(Clone, Debug)]
pub struct DetailRequest {
    pub region_code: Option<String>,
    pub server_image_no: String,
}

impl DetailRequest {
    pub fn new(server_image_no: &str) -> Self {
        Self {
            region_code: Some("KR".to_owned()),
            server_image_no: server_image_no.to_owned(),
        }
    }
}

impl Operation for DetailRequest {
    const NAME: &'static str = "getServerImageDetail";
    const RESPONSE_ROOT: &'static str = "getServerImageDetailResponse";
    type Output = DetailResponse;

    fn encode_query(&self, q: &mut QueryWriter) {
        if let Some(region_code) = &self.region_code {
            q.push("regionCode", region_code);
        }
        q.push("serverImageNo", &self.server_image_no);
    }
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DetailResponse {
    #[serde(rename = "requestId", default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    #[serde(
        rename = "returnCode",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "ncloud_vserver::runtime::json::lenient_opt"
    )]
    pub return_code: Option<String>,
    #[serde(
        rename = "returnMessage",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub return_message: Option<String>,
    #[serde(rename = "totalRows", default, skip_serializing_if = "Option::is_none")]
    pub total_rows: Option<i32>,
    #[serde(
        rename = "serverImageList",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "ncloud_vserver::runtime::json::list"
    )]
    pub server_image_list: Vec<Image>,
}

impl XmlDecode for DetailResponse {
    fn decode_xml(r: &mut XmlReader<'_>) -> Result<Self, DecodeError> {
        let mut out = DetailResponse {
            request_id: None,
            return_code: None,
            return_message: None,
            total_rows: None,
            server_image_list: Vec::new(),
        };
        while let Some(name) = r.next_child()? {
            match name.as_bytes() {
                b"requestId" => out.request_id = r.read_scalar("requestId")?,
                b"returnCode" => out.return_code = r.read_scalar("returnCode")?,
                b"returnMessage" => out.return_message = r.read_scalar("returnMessage")?,
                b"totalRows" => out.total_rows = r.read_scalar("totalRows")?,
                b"serverImageList" => {
                    out.server_image_list = r.read_list("serverImageList", "serverImage")?
                }
                _ => r.skip_unknown(name)?,
            }
        }
        Ok(out)
    }
}

impl Envelope for DetailResponse {
    fn return_code(&self) -> Option<&str> {
        self.return_code.as_deref()
    }
    fn return_message(&self) -> Option<&str> {
        self.return_message.as_deref()
    }
    fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Image {
    #[serde(rename = "serverImageNo")]
    pub server_image_no: String,
    #[serde(
        rename = "serverImageName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub server_image_name: Option<String>,
    #[serde(
        rename = "blockStorageSize",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "ncloud_vserver::runtime::json::lenient_opt"
    )]
    pub block_storage_size: Option<i64>,
}

impl XmlDecode for Image {
    fn decode_xml(r: &mut XmlReader<'_>) -> Result<Self, DecodeError> {
        let mut no = None;
        let mut name_ = None;
        let mut size = None;
        while let Some(name) = r.next_child()? {
            match name.as_bytes() {
                b"serverImageNo" => no = r.read_scalar("serverImageNo")?,
                b"serverImageName" => name_ = r.read_scalar("serverImageName")?,
                b"blockStorageSize" => size = r.read_scalar("blockStorageSize")?,
                _ => r.skip_unknown(name)?,
            }
        }
        Ok(Image {
            server_image_no: no.ok_or_else(|| r.missing("serverImageNo"))?,
            server_image_name: name_,
            block_storage_size: size,
        })
    }
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
      <blockStorageSize>53687091200</blockStorageSize>
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
                "blockStorageSize": 53687091200_i64,
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
