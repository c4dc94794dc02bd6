//! Test support shared by the integration tests: a mock NCP API gateway on 127.0.0.1 that checks
//! every request's signature independently of the client's signing code (with
//! `ncloud_test_support::reference_signature`), raw TCP servers for connection faults, and
//! bodies in the API's shapes.

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
use ncloud_test_support::{decode_query, reference_signature};
use ncloud_vserver::operations::GetServerImageDetailRequest;
use ncloud_vserver::{Client, Format};
use ncloud_vserver::{ClientBuilder, Credentials, RetryPolicy};
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

/// Number of the `i`-th image (1-based) of the mock's catalog: `1001`, `1002`, ...
pub fn image_no(i: usize) -> String {
    (1000 + i).to_string()
}

/// One page of `getServerImageList`: the catalog images numbered `items` (1-based),
/// `totalRows` when given. An empty page has a self-closing list element, as the API sends it.
pub fn image_list_xml(
    items: std::ops::Range<usize>,
    total_rows: Option<usize>,
    request_id: &str,
) -> String {
    let mut body = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<getServerImageListResponse>\n  \
         <requestId>{request_id}</requestId>\n  <returnCode>0</returnCode>\n  \
         <returnMessage>success</returnMessage>\n"
    );
    if let Some(total) = total_rows {
        body += &format!("  <totalRows>{total}</totalRows>\n");
    }
    if items.is_empty() {
        body += "  <serverImageList/>\n";
    } else {
        body += "  <serverImageList>\n";
        for i in items {
            body += &format!(
                "    <serverImage>\n      <serverImageNo>{}</serverImageNo>\n      \
                 <serverImageName>image-{i}</serverImageName>\n      \
                 <osType><code>ROCKY</code><codeName>Rocky Linux</codeName></osType>\n    \
                 </serverImage>\n",
                image_no(i)
            );
        }
        body += "  </serverImageList>\n";
    }
    body + "</getServerImageListResponse>"
}

/// [`image_list_xml`] in JSON (`totalRows` first, `returnCode` a number, as live responses do).
pub fn image_list_json(
    items: std::ops::Range<usize>,
    total_rows: Option<usize>,
    request_id: &str,
) -> String {
    let images: Vec<_> = items
        .map(|i| {
            serde_json::json!({
                "serverImageNo": image_no(i),
                "serverImageName": format!("image-{i}"),
                "osType": {"code": "ROCKY", "codeName": "Rocky Linux"}
            })
        })
        .collect();
    let mut body = serde_json::json!({
        "requestId": request_id,
        "returnCode": 0,
        "returnMessage": "success",
        "serverImageList": images
    });
    if let Some(total) = total_rows {
        body["totalRows"] = total.into();
    }
    serde_json::json!({ "getServerImageListResponse": body }).to_string()
}

/// The regions the mock's `getRegionList` returns.
pub const REGIONS: [(&str, &str); 3] = [("KR", "Korea"), ("JPN", "Japan"), ("SGN", "Singapore")];

pub fn region_list_xml() -> String {
    let regions: String = REGIONS
        .iter()
        .map(|(code, name)| {
            format!(
                "    <region>\n      <regionCode>{code}</regionCode>\n      \
                 <regionName>{name}</regionName>\n    </region>\n"
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<getRegionListResponse>\n  \
         <requestId>req-regions-xml</requestId>\n  <returnCode>0</returnCode>\n  \
         <returnMessage>success</returnMessage>\n  <totalRows>{}</totalRows>\n  \
         <regionList>\n{regions}  </regionList>\n</getRegionListResponse>",
        REGIONS.len()
    )
}

pub fn region_list_json() -> String {
    let regions: Vec<_> = REGIONS
        .iter()
        .map(|(code, name)| serde_json::json!({"regionCode": code, "regionName": name}))
        .collect();
    serde_json::json!({
        "getRegionListResponse": {
            "totalRows": REGIONS.len(),
            "regionList": regions,
            "requestId": "req-regions-json",
            "returnCode": "0",
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

/// What the mock's `getServerImageList` lists.
#[derive(Clone, Copy, Debug)]
pub struct Catalog {
    /// How many images match (numbered 1..=images, see [`image_no`]).
    pub images: usize,
    /// Whether responses carry `totalRows`.
    pub total_rows: bool,
}

impl Default for Catalog {
    /// Seven images, with `totalRows`.
    fn default() -> Self {
        Self {
            images: 7,
            total_rows: true,
        }
    }
}

/// What the mock answers to one request (after the signature check passed).
#[derive(Clone, Debug)]
pub enum Reply {
    /// A success body in the requested `responseFormatType`: for `getServerImageDetail` one
    /// image echoing `serverImageNo`; for `getServerImageList` the page of the [`Catalog`] that
    /// `pageNo`/`pageSize` select (defaults as the API's: page 0 = page 1, size 1), with request
    /// id `req-list-<pageNo>`; for `getRegionList` the [`REGIONS`]. Other paths: 404.
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
    /// The HTTP method.
    pub method: String,
    /// The raw request-target (path and query) as received.
    pub target: String,
    /// The raw request body (the form holding the operation's parameters) as received.
    pub body: String,
    pub timestamp: String,
    pub signature: String,
    pub signature_ok: bool,
    pub user_agent: Option<String>,
}

impl Seen {
    /// The raw query (after `?`), as received.
    pub fn query(&self) -> &str {
        self.target.split_once('?').map_or("", |(_, q)| q)
    }

    /// The form body's parameters as the server decodes them (percent-decoded UTF-8; `+` is
    /// a plus, as the client never sends it for a space), in order; panics on a malformed body,
    /// which would be a client bug.
    pub fn body_params(&self) -> Vec<(String, String)> {
        decode_query(&self.body).unwrap_or_else(|e| panic!("{:?}: {e}", self.body))
    }

    /// Every parameter of the request as the server decodes them: the body's, then the
    /// query's (`responseFormatType`), in order; panics on a malformed body or query.
    pub fn params(&self) -> Vec<(String, String)> {
        let mut params = self.body_params();
        params.extend(
            decode_query(self.query()).unwrap_or_else(|e| panic!("{:?}: {e}", self.target)),
        );
        params
    }

    /// Asserts that this is the client's POST to `/vserver/v2/{operation}` with exactly `body`
    /// (raw, as encoded) and the query exactly `responseFormatType={format}`, validly signed.
    pub fn assert_post(&self, operation: &str, body: &str, format: &str) {
        assert!(self.signature_ok, "{self:?}");
        assert_eq!(self.method, "POST", "{self:?}");
        assert_eq!(
            self.target,
            format!("/vserver/v2/{operation}?responseFormatType={format}")
        );
        assert_eq!(self.body, body, "{self:?}");
    }
}

struct MockState {
    secret_key: String,
    access_key: String,
    script: Mutex<VecDeque<Reply>>,
    seen: Mutex<Vec<Seen>>,
    catalog: Catalog,
}

/// A mock API gateway on 127.0.0.1 serving `/vserver/v2/getServerImageDetail`,
/// `/vserver/v2/getServerImageList` (a paged [`Catalog`]) and `/vserver/v2/getRegionList`.
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
        Self::start_with(script, Catalog::default()).await
    }

    /// A mock whose `getServerImageList` lists `catalog`.
    pub async fn start_with(script: Vec<Reply>, catalog: Catalog) -> Self {
        let state = Arc::new(MockState {
            secret_key: SECRET_KEY.to_owned(),
            access_key: ACCESS_KEY.to_owned(),
            script: Mutex::new(script.into()),
            seen: Mutex::new(Vec::new()),
            catalog,
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

    /// Asserts that the mock received exactly `requests` (`(raw request-target, raw body)`, in
    /// order), each a POST with a valid signature.
    pub fn assert_signed_requests(&self, requests: &[(&str, &str)]) {
        let seen = self.seen();
        assert!(
            seen.iter().all(|s| s.signature_ok && s.method == "POST"),
            "{seen:?}"
        );
        let received: Vec<(&str, &str)> = seen
            .iter()
            .map(|s| (s.target.as_str(), s.body.as_str()))
            .collect();
        assert_eq!(received, requests);
    }

    /// A client builder pointed at this mock with the right credentials and fast retries.
    pub fn client_builder(&self) -> ClientBuilder {
        client_builder(&self.url())
    }

    /// A client with [`client_builder`](Self::client_builder)'s settings.
    pub fn client(&self) -> Client {
        self.client_builder().build().unwrap()
    }

    /// A client with those settings asking for `format`.
    pub fn client_for(&self, format: Format) -> Client {
        self.client_builder()
            .response_format(format)
            .build()
            .unwrap()
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

fn now_ms() -> i128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as i128
}

/// The raw (still encoded) value of parameter `name` in the query of `target` or in the form
/// `body`.
fn raw_param<'a>(target: &'a str, body: &'a str, name: &str) -> Option<&'a str> {
    let query = target.split_once('?').map_or("", |(_, q)| q);
    query
        .split('&')
        .chain(body.split('&'))
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// Why a request's parameters are not sent as the client must send them (a form body of
/// `application/x-www-form-urlencoded`, `responseFormatType` alone in the query, no name in
/// both), or `None`.
fn misplaced_params(target: &str, content_type: Option<&str>, body: &str) -> Option<String> {
    let query = target.split_once('?').map_or("", |(_, q)| q);
    let query = match decode_query(query) {
        Ok(q) => q,
        Err(e) => return Some(format!("malformed query: {e}")),
    };
    if query.iter().any(|(k, _)| k != "responseFormatType") {
        return Some(format!(
            "parameters other than responseFormatType in the query: {query:?}"
        ));
    }
    if !body.is_empty() && content_type != Some("application/x-www-form-urlencoded") {
        return Some(format!("a body of content type {content_type:?}"));
    }
    let body = match decode_query(body) {
        Ok(b) => b,
        Err(e) => return Some(format!("malformed form body: {e}")),
    };
    body.iter()
        .find(|(k, _)| query.iter().any(|(q, _)| q == k))
        .map(|(k, _)| format!("`{k}` both in the query and in the body"))
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
    body: axum::body::Bytes,
) -> Response {
    let body = String::from_utf8(body.to_vec()).expect("the client sends a UTF-8 form body");
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
        method: method.as_str().to_owned(),
        target: target.clone(),
        body: body.clone(),
        timestamp,
        signature,
        signature_ok,
        user_agent: header("user-agent"),
    });
    // The client always POSTs its parameters as a form: anything else is a client bug here
    // (NCP's gateway also serves GET; the runtime's mock does too).
    if method != Method::POST {
        return response(
            405,
            Some("application/json"),
            &[],
            gateway_error_json("100", "Bad Request Exception", "the client must POST"),
        );
    }
    if let Some(why) = misplaced_params(&target, header("content-type").as_deref(), &body) {
        return response(
            400,
            Some("application/json"),
            &[],
            gateway_error_json("100", "Bad Request Exception", &why),
        );
    }
    if !signature_ok {
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
    serve(reply, &target, &body, state.catalog).await
}

async fn serve(mut reply: Reply, target: &str, body: &str, catalog: Catalog) -> Response {
    loop {
        match reply {
            Reply::Delay(d, next) => {
                tokio::time::sleep(d).await;
                reply = *next;
            }
            Reply::Success => return success(target, body, catalog),
            Reply::Raw {
                status,
                content_type,
                headers,
                body,
            } => return response(status, content_type, &headers, body),
        }
    }
}

fn success(target: &str, form: &str, catalog: Catalog) -> Response {
    let path = target.split_once('?').map_or(target, |(p, _)| p);
    let query_param = |target, name| raw_param(target, form, name);
    let json = query_param(target, "responseFormatType") == Some("json");
    let body = match path {
        "/vserver/v2/getServerImageDetail" => {
            let image_no = query_param(target, "serverImageNo").unwrap_or("0");
            if json {
                success_json(image_no)
            } else {
                success_xml(image_no)
            }
        }
        "/vserver/v2/getServerImageList" => {
            let number = |name| query_param(target, name).map(|v| v.parse::<usize>().unwrap());
            let page_no = number("pageNo").unwrap_or(0).max(1);
            let page_size = number("pageSize").unwrap_or(1);
            let first = ((page_no - 1) * page_size + 1).min(catalog.images + 1);
            let end = (page_no * page_size + 1).min(catalog.images + 1);
            let total = catalog.total_rows.then_some(catalog.images);
            let request_id = format!("req-list-{page_no}");
            if json {
                image_list_json(first..end, total, &request_id)
            } else {
                image_list_xml(first..end, total, &request_id)
            }
        }
        "/vserver/v2/getRegionList" => {
            if json {
                region_list_json()
            } else {
                region_list_xml()
            }
        }
        _ => {
            return response(
                404,
                Some("application/json"),
                &[],
                gateway_error_json("300", "Not Found Exception", "no such API"),
            );
        }
    };
    let content_type = if json {
        "application/json;charset=UTF-8"
    } else {
        "application/xml;charset=UTF-8"
    };
    response(200, Some(content_type), &[], body)
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
                    if read_head(&mut socket).await.is_none() {
                        return;
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

// ----------------------------------------------------------------------------------------------
// A signature-checking raw TCP server for faults below HTTP
// ----------------------------------------------------------------------------------------------

/// What a [`FaultServer`] does once it has read (and checked) a request.
#[derive(Clone, Debug)]
pub enum Fault {
    /// Closes the connection without a word.
    Close,
    /// Resets the connection (`SO_LINGER` 0, so the close sends RST) without a word.
    Reset,
    /// Writes these bytes, then closes.
    WriteThenClose(Vec<u8>),
    /// Writes these bytes, then resets the connection.
    WriteThenReset(Vec<u8>),
    /// Writes `head`, then `piece` every `every`, forever (a body that never ends).
    Trickle {
        head: Vec<u8>,
        piece: Vec<u8>,
        every: Duration,
    },
}

/// A raw HTTP/1.1 server on 127.0.0.1 that plays a [`Fault`] on every connection after
/// checking the request's signature like [`MockGateway`] does (recorded in [`seen`](Self::seen),
/// one entry per attempt).
pub struct FaultServer {
    pub addr: SocketAddr,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl FaultServer {
    pub async fn start(fault: Fault) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let record = seen.clone();
        tokio::spawn(async move {
            loop {
                let Ok((socket, _)) = listener.accept().await else {
                    return;
                };
                let fault = fault.clone();
                let record = record.clone();
                tokio::spawn(async move { play(socket, fault, record).await });
            }
        });
        Self { addr, seen }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The requests received so far (one per attempt).
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

/// Reads from `socket` a whole request: the head (up to the blank line) and the body its
/// `Content-Length` announces, or `None` when the client closes or fails first. (Reading the
/// body too means a close is a close: a socket closed with unread data would send a reset.)
async fn read_head(socket: &mut tokio::net::TcpStream) -> Option<Vec<u8>> {
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    let end = loop {
        if let Some(i) = head.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        match socket.read(&mut buf).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    };
    let length = String::from_utf8_lossy(&head[..end])
        .split("\r\n")
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse::<usize>().ok())
        .unwrap_or(0);
    while head.len() < end + length {
        match socket.read(&mut buf).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    Some(head)
}

async fn play(mut socket: tokio::net::TcpStream, fault: Fault, seen: Arc<Mutex<Vec<Seen>>>) {
    let Some(head) = read_head(&mut socket).await else {
        return;
    };
    seen.lock().unwrap().push(check_request_head(&head));
    let reset = |socket: tokio::net::TcpStream| {
        socket.set_zero_linger().unwrap();
        drop(socket);
    };
    match fault {
        Fault::Close => {}
        Fault::Reset => reset(socket),
        Fault::WriteThenClose(bytes) => {
            let _ = socket.write_all(&bytes).await;
            let _ = socket.flush().await;
        }
        Fault::WriteThenReset(bytes) => {
            let _ = socket.write_all(&bytes).await;
            let _ = socket.flush().await;
            // Let the bytes reach the client before the reset discards the send buffer.
            tokio::time::sleep(Duration::from_millis(150)).await;
            reset(socket);
        }
        Fault::Trickle { head, piece, every } => {
            if socket.write_all(&head).await.is_err() {
                return;
            }
            loop {
                tokio::time::sleep(every).await;
                if socket.write_all(&piece).await.is_err() {
                    return; // the client gave up
                }
            }
        }
    }
}

/// Parses a request head and checks its signature with [`reference_signature`].
fn check_request_head(head: &[u8]) -> Seen {
    let text = String::from_utf8_lossy(head);
    let (text, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = text.split("\r\n");
    let request_line = lines.next().unwrap_or_default();
    let mut parts = request_line.split(' ');
    let method = parts.next().unwrap_or_default().to_owned();
    let target = parts.next().unwrap_or_default().to_owned();
    let mut header = std::collections::HashMap::new();
    for line in lines {
        if let Some((name, value)) = line.split_once(':') {
            header.insert(name.trim().to_ascii_lowercase(), value.trim().to_owned());
        }
    }
    let get = |name: &str| header.get(name).cloned().unwrap_or_default();
    let timestamp = get("x-ncp-apigw-timestamp");
    let signature = get("x-ncp-apigw-signature-v2");
    let expected = reference_signature(
        SECRET_KEY,
        &method,
        &target,
        &timestamp,
        &get("x-ncp-iam-access-key"),
    );
    let fresh = timestamp
        .parse::<i128>()
        .is_ok_and(|ts| (now_ms() - ts).abs() < 5 * 60 * 1000);
    let placed_ok = misplaced_params(
        &target,
        header.get("content-type").map(String::as_str),
        body,
    )
    .is_none();
    Seen {
        signature_ok: fresh
            && method == "POST"
            && placed_ok
            && get("x-ncp-iam-access-key") == ACCESS_KEY
            && signature == expected,
        method,
        target,
        body: body.to_owned(),
        timestamp,
        signature,
        user_agent: header.get("user-agent").cloned(),
    }
}
