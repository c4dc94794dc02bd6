//! The core of a service's typed mock: the server, the routes, the request log. A generated
//! service crate wraps [`MockServer`] in its own `mock::MockServer` with one method per operation
//! (`mock.get_server_image_list()` and friends) and implements [`MockOperation`] for each of its
//! requests (the decoders that read a received query back into the typed request).

mod query;
mod reply;
mod server;

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::marker::PhantomData;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::task::JoinHandle;

pub use self::query::{QueryDecode, QueryDecodeError, QueryParams};
pub use self::reply::{MockError, MockResponse};
pub use self::server::{CONTROL_PATH, SIGNATURE_V1_HEADER};

use self::reply::Served;
use crate::client::{ClientBuilder, Credentials, RetryPolicy};
use crate::{Client, Error};
use crate::{Format, Operation, Paginated, ServiceInfo};

/// The access key a [`MockServer`] accepts unless told otherwise.
pub const MOCK_ACCESS_KEY: &str = "mock-access-key";
/// The secret key a [`MockServer`] checks signatures with unless told otherwise.
pub const MOCK_SECRET_KEY: &str = "mock-secret-key";

/// An operation the mock can serve: generated for every request type of the spec.
pub trait MockOperation:
    Operation<Output: crate::xml_write::XmlEncode + Send + Sync> + Sized + Send + 'static
{
    /// Reads a received query back into the typed request, checking it as the request's
    /// builder does (required parameters, ranges, dependencies) and rejecting parameters the
    /// operation does not have.
    fn from_query(query: &QueryParams) -> Result<Self, QueryDecodeError>;
}

/// A typed in-process mock of one NCP API (the [`ServiceInfo`] it was started for), for tests.
///
/// It serves HTTP/1.1 on `127.0.0.1` (a free port), takes the parameters from a `POST` form body
/// and from the query (a `GET` is served too; a name given in both is refused), checks every
/// request's signature like NCP's API gateway (HMAC-SHA256 signature v2 over method, path and
/// query, never the body, the timestamp, which must be within 5 minutes of the mock's clock, and
/// the access key) and answers a bad one with the
/// gateway's 401 "Authentication Failed". Register what each operation answers with the
/// generated per-operation methods (`mock.get_server_image_list().respond_with(output)`); the
/// output is encoded in the format the request asks for (XML or JSON), exactly as the API
/// sends it. Every request is recorded: typed (`mock.get_server_image_list().requests()`) and
/// raw ([`MockServer::received`]).
///
/// An operation without a registered answer gets HTTP 404 with a gateway error saying so. The
/// server stops when the `MockServer` is dropped.
pub struct MockServer {
    addr: SocketAddr,
    state: Arc<State>,
    task: JoinHandle<()>,
}

impl fmt::Debug for MockServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockServer")
            .field("addr", &self.addr)
            .field("access_key", &self.state.access_key)
            .finish_non_exhaustive()
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl MockServer {
    /// Starts a mock that accepts [`MOCK_ACCESS_KEY`] / [`MOCK_SECRET_KEY`].
    ///
    /// # Panics
    ///
    /// When no port on 127.0.0.1 can be bound, or outside a Tokio runtime.
    pub async fn start(service: &'static ServiceInfo) -> MockServer {
        Self::builder(service).start().await
    }

    /// A builder, to choose the credentials the mock accepts.
    pub fn builder(service: &'static ServiceInfo) -> MockServerBuilder {
        MockServerBuilder {
            service,
            credentials: Credentials::new(MOCK_ACCESS_KEY, MOCK_SECRET_KEY),
            port: 0,
            record: true,
            invalid_code: server::INVALID_PARAMETER_CODE.to_owned(),
        }
    }

    /// The service the mock serves (under its base path).
    pub fn service(&self) -> &'static ServiceInfo {
        self.state.service
    }

    /// The gateway origin, `http://127.0.0.1:PORT`, for [`ClientBuilder::gateway`].
    pub fn uri(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The socket address the mock listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The credentials the mock accepts.
    pub fn credentials(&self) -> Credentials {
        Credentials::new(self.state.access_key.clone(), self.state.secret_key())
    }

    /// A client builder pointed at the mock: its gateway and credentials, no proxy, and retries
    /// with short backoffs (10 to 50 ms) so that tests of retried failures stay fast.
    pub fn client_builder<C>(&self) -> ClientBuilder<C> {
        ClientBuilder::new_for(self.state.service)
            .gateway(self.uri())
            .credentials(self.credentials())
            .http_client(local_http_client())
            .retry_policy(
                RetryPolicy::default()
                    .with_initial_backoff(Duration::from_millis(10))
                    .with_max_backoff(Duration::from_millis(50)),
            )
    }

    /// A client with [`client_builder`](Self::client_builder)'s settings.
    ///
    /// # Panics
    ///
    /// Never in practice: the settings are valid by construction.
    pub fn client<C: From<Client>>(&self) -> C {
        self.client_builder::<C>()
            .build()
            .unwrap_or_else(|e: Error| panic!("the mock's client settings are invalid: {e}"))
    }

    /// Every request received so far, in arrival order, including rejected ones.
    pub fn received(&self) -> Vec<ReceivedRequest> {
        lock(&self.state.received).clone()
    }

    /// Forgets every registered answer, every received request and every queued fault.
    pub fn reset(&self) {
        lock(&self.state.routes).clear();
        lock(&self.state.received).clear();
        self.state.clear_faults();
    }

    /// Makes the next `count` authenticated requests of `operation` (`"*"`: of any operation)
    /// fail with `fault` (or, for [`Fault::Slow`], answer late) before they reach their route.
    /// The same is reachable over HTTP: `POST /_mock/faults` (see [`CONTROL_PATH`]).
    pub fn inject_fault(&self, operation: &str, fault: Fault, count: usize) {
        self.state.add_fault(operation, fault, count);
    }

    /// The typed handle of operation `O`; the generated per-operation methods call this.
    pub fn operation<O: MockOperation>(&self) -> OperationMock<'_, O> {
        OperationMock {
            server: self,
            _op: PhantomData,
        }
    }
}

/// Configures a [`MockServer`].
#[derive(Debug)]
#[must_use]
pub struct MockServerBuilder {
    service: &'static ServiceInfo,
    credentials: Credentials,
    port: u16,
    record: bool,
    invalid_code: String,
}

impl MockServerBuilder {
    /// Accept (only) these credentials.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = credentials;
        self
    }

    /// Listen on this port of 127.0.0.1 (default 0: a free one).
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// Whether to keep every request for [`MockServer::received`] (default `true`). A
    /// long-running server (a simulator serving other programs) turns it off so that memory
    /// does not grow with every request; typed `requests()` are then empty too.
    pub fn record_requests(mut self, record: bool) -> Self {
        self.record = record;
        self
    }

    /// The `returnCode` of the HTTP 400 answer to a request whose parameters do not decode
    /// (default `mock-invalid-parameter`, which no real API sends; a simulator picks the
    /// API's own).
    pub fn invalid_parameter_code(mut self, code: impl Into<String>) -> Self {
        self.invalid_code = code.into();
        self
    }

    /// Starts the server.
    ///
    /// # Panics
    ///
    /// When the port on 127.0.0.1 cannot be bound, or outside a Tokio runtime.
    pub async fn start(self) -> MockServer {
        self.try_start()
            .await
            .unwrap_or_else(|e| panic!("the mock cannot listen on 127.0.0.1: {e}"))
    }

    /// Starts the server, or says why the port could not be bound.
    ///
    /// # Panics
    ///
    /// Outside a Tokio runtime.
    pub async fn try_start(self) -> std::io::Result<MockServer> {
        let listener = TcpListener::bind(("127.0.0.1", self.port)).await?;
        let addr = listener.local_addr()?;
        let state = Arc::new(State {
            service: self.service,
            access_key: self.credentials.access_key().to_owned(),
            credentials: self.credentials,
            routes: Mutex::new(HashMap::new()),
            received: Mutex::new(Vec::new()),
            record: self.record,
            invalid_code: self.invalid_code,
            faults: Mutex::new(Vec::new()),
            next_id: AtomicU64::new(1),
        });
        let task = tokio::spawn(server::serve(listener, state.clone()));
        Ok(MockServer { addr, state, task })
    }
}

/// The typed handle of one mocked operation: what it answers and what it received.
///
/// Answers registered with [`respond_once`](Self::respond_once) are used first, one per
/// request, in order; then the standing answer of [`respond_with`](Self::respond_with),
/// [`respond_with_error`](Self::respond_with_error), [`respond_with_fn`](Self::respond_with_fn)
/// or [`respond_with_sequence`](Self::respond_with_sequence) (the last one set wins) for every
/// further request.
pub struct OperationMock<'a, O> {
    server: &'a MockServer,
    _op: PhantomData<fn() -> O>,
}

impl<O> fmt::Debug for OperationMock<'_, O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OperationMock")
            .field("operation", &std::any::type_name::<O>())
            .finish_non_exhaustive()
    }
}

type Responder = dyn Fn(&QueryParams, Format) -> Result<Served, QueryDecodeError> + Send + Sync;

#[derive(Default)]
struct Route {
    /// Checks a query before an answer is taken, so a rejected request uses up no one-off
    /// answer.
    validate: Option<Validator>,
    once: VecDeque<Box<Responder>>,
    standing: Option<Arc<Responder>>,
}

type Validator = fn(&QueryParams) -> Result<(), QueryDecodeError>;

fn validate<O: MockOperation>(query: &QueryParams) -> Result<(), QueryDecodeError> {
    O::from_query(query).map(drop)
}

impl<O: MockOperation> OperationMock<'_, O> {
    /// Answers every request with `output` (HTTP 200, in the requested format).
    pub fn respond_with(&self, output: O::Output) -> &Self
    where
        O::Output: Clone + Send + Sync,
    {
        self.respond_with_fn(move |_| MockResponse::Output(output.clone()))
    }

    /// Answers every request with `error`.
    pub fn respond_with_error(&self, error: MockError) -> &Self {
        self.respond_with_fn(move |_| MockResponse::Error(error.clone()))
    }

    /// Answers every request with what `f` makes of the typed request (e.g. the page that
    /// `pageNo` selects).
    pub fn respond_with_fn(
        &self,
        f: impl Fn(&O) -> MockResponse<O::Output> + Send + Sync + 'static,
    ) -> &Self {
        let responder: Arc<Responder> = Arc::new(move |query, format| {
            let request = O::from_query(query)?;
            Ok(reply::serve::<O>(f(&request), format))
        });
        let mut routes = lock(&self.server.state.routes);
        let route = routes.entry(O::NAME).or_default();
        route.validate = Some(validate::<O>);
        route.standing = Some(responder);
        drop(routes);
        self
    }

    /// Answers requests with `responses` in order, one each; once they are used up, the last
    /// one answers every further request (a resource that goes `INIT`, `CREAT`, then stays
    /// `RUN`). A standing answer like [`respond_with`](Self::respond_with): one-off answers
    /// queued with [`respond_once`](Self::respond_once) still come first.
    ///
    /// # Panics
    ///
    /// When `responses` is empty.
    pub fn respond_with_sequence(&self, responses: Vec<MockResponse<O::Output>>) -> &Self
    where
        O::Output: Clone + Send + Sync,
    {
        assert!(
            !responses.is_empty(),
            "respond_with_sequence needs at least one response"
        );
        let next = Mutex::new(0usize);
        self.respond_with_fn(move |_| {
            let mut next = lock(&next);
            let response = responses[(*next).min(responses.len() - 1)].clone();
            *next = next.saturating_add(1);
            response
        })
    }

    /// Answers every request with one page of `items`, as the API pages: the page that the
    /// request's `pageNo` (0 and 1 both mean the first) and `pageSize` select, or the API's
    /// default page size when `pageSize` is left out ([`Paginated::DEFAULT_PAGE_SIZE`]; every
    /// item when the spec gives no default). Each page is `template` (envelope fields,
    /// `totalRows` if the test wants one) with its item list replaced by the page's items.
    pub fn respond_with_pages(&self, template: O::Output, items: Vec<O::Item>) -> &Self
    where
        O: Paginated,
        O::Output: Clone + Send + Sync,
        O::Item: Clone + Send + Sync,
    {
        self.respond_with_fn(move |request| {
            let page = usize::try_from(request.page_no().unwrap_or(0).max(1)).unwrap_or(1);
            let size = request
                .page_size()
                .or(O::DEFAULT_PAGE_SIZE)
                .map_or(items.len(), |s| usize::try_from(s.max(1)).unwrap_or(1));
            let start = (page - 1).saturating_mul(size).min(items.len());
            let end = start.saturating_add(size).min(items.len());
            let mut output = template.clone();
            *O::items_mut(&mut output) = items[start..end].to_vec();
            MockResponse::Output(output)
        })
    }

    /// Answers the next request (after those queued before) with `response`, once.
    pub fn respond_once(&self, response: MockResponse<O::Output>) -> &Self
    where
        O::Output: Send + Sync,
    {
        let response = Mutex::new(Some(response));
        let responder: Box<Responder> = Box::new(move |query, format| {
            O::from_query(query)?;
            let response = lock(&response).take();
            Ok(match response {
                Some(r) => reply::serve::<O>(r, format),
                None => server::bad_request("answer already used", format),
            })
        });
        let mut routes = lock(&self.server.state.routes);
        let route = routes.entry(O::NAME).or_default();
        route.validate = Some(validate::<O>);
        route.once.push_back(responder);
        drop(routes);
        self
    }

    /// The requests of this operation that passed the signature check, read back into the
    /// typed request, in arrival order. (Requests whose parameters did not decode were answered
    /// with HTTP 400 and appear only in [`received`](Self::received).)
    pub fn requests(&self) -> Vec<O> {
        self.received()
            .iter()
            .filter(|r| r.authenticated)
            .filter_map(|r| O::from_query(&r.params).ok())
            .collect()
    }

    /// Every request of this operation as received, including rejected ones.
    pub fn received(&self) -> Vec<ReceivedRequest> {
        lock(&self.server.state.received)
            .iter()
            .filter(|r| r.operation == O::NAME)
            .cloned()
            .collect()
    }

    /// How many requests of this operation arrived.
    pub fn calls(&self) -> usize {
        self.received().len()
    }
}

/// One request as the mock received it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReceivedRequest {
    /// The operation name from the path (`getServerImageList`).
    pub operation: String,
    /// The HTTP method.
    pub method: String,
    /// The raw request-target (path, `?`, query) as received: the signed text.
    pub target: String,
    /// The request body as received (the form the client sends the parameters in; not
    /// signed), as UTF-8 with invalid bytes replaced.
    pub body: String,
    /// The parameters of the query and the form body, percent-decoded (empty when either was
    /// malformed or a name was given in both).
    pub params: QueryParams,
    /// The `x-ncp-iam-access-key` header.
    pub access_key: Option<String>,
    /// The `User-Agent` header.
    pub user_agent: Option<String>,
    /// Whether the signature, access key and timestamp were accepted (else the mock answered
    /// 401 "Authentication Failed").
    pub authenticated: bool,
    /// Why the mock refused the request (signature, method, parameters, nothing registered),
    /// or `None` when it was answered as registered.
    pub rejection: Option<String>,
    /// The HTTP status the mock answered with.
    pub status: u16,
    /// The `x-ncp-request-id` the mock answered with.
    pub request_id: String,
}

pub(crate) struct State {
    service: &'static ServiceInfo,
    access_key: String,
    credentials: Credentials,
    routes: Mutex<HashMap<&'static str, Route>>,
    received: Mutex<Vec<ReceivedRequest>>,
    record: bool,
    invalid_code: String,
    /// Queued faults: operation (or `*`), fault, how many requests are left to fail.
    faults: Mutex<Vec<(String, Fault, usize)>>,
    next_id: AtomicU64,
}

impl State {
    fn secret_key(&self) -> &str {
        self.credentials.secret_key()
    }

    fn next_request_id(&self) -> String {
        format!("mock-{}", self.next_id.fetch_add(1, Ordering::Relaxed))
    }

    fn record(&self, request: ReceivedRequest) {
        if self.record {
            lock(&self.received).push(request);
        }
    }

    /// The answer to a request whose parameters do not decode.
    fn bad_request(&self, reason: &str, format: Format) -> Served {
        reply::serve_error(&MockError::api(self.invalid_code.clone(), reason), format)
    }

    fn add_fault(&self, operation: &str, fault: Fault, count: usize) {
        if count > 0 {
            lock(&self.faults).push((operation.to_owned(), fault, count));
        }
    }

    fn clear_faults(&self) {
        lock(&self.faults).clear();
    }

    /// Uses up one request of the first queued fault that applies to `operation`.
    fn take_fault(&self, operation: &str) -> Option<Fault> {
        let mut faults = lock(&self.faults);
        let i = faults
            .iter()
            .position(|(op, _, _)| op == "*" || op == operation)?;
        let fault = faults[i].1.clone();
        faults[i].2 -= 1;
        if faults[i].2 == 0 {
            faults.remove(i);
        }
        Some(fault)
    }

    fn faults_json(&self) -> Vec<serde_json::Value> {
        lock(&self.faults)
            .iter()
            .map(|(op, fault, count)| {
                let mut v = serde_json::json!({
                    "operation": op, "fault": fault.name(), "count": count
                });
                if let Fault::Slow(d) = fault {
                    v["delayMs"] = serde_json::json!(d.as_millis() as u64);
                }
                v
            })
            .collect()
    }

    /// The registered answer for `operation`, or the answer to a request that cannot be
    /// served with why.
    fn respond(
        &self,
        operation: &str,
        query: &QueryParams,
        format: Format,
    ) -> Result<Served, (Served, String)> {
        let responder = {
            let mut routes = lock(&self.routes);
            let route = routes.get_mut(operation);
            if let Some(Err(e)) = route.as_ref().and_then(|r| r.validate).map(|v| v(query)) {
                return Err((self.bad_request(&e.to_string(), format), e.to_string()));
            }
            match route {
                Some(route) => match route.once.pop_front() {
                    Some(once) => Chosen::Once(once),
                    None => match &route.standing {
                        Some(s) => Chosen::Standing(s.clone()),
                        None => Chosen::None,
                    },
                },
                None => Chosen::None,
            }
        };
        let result = match &responder {
            Chosen::Once(r) => r(query, format),
            Chosen::Standing(r) => r(query, format),
            Chosen::None => {
                let why = format!("no answer registered for `{operation}`");
                let served = reply::serve_error(
                    &MockError::gateway(404, "300", "Not Found Exception", why.clone()),
                    format,
                );
                return Err((served, why));
            }
        };
        result.map_err(|e| (self.bad_request(&e.to_string(), format), e.to_string()))
    }
}

/// A failure injected with [`MockServer::inject_fault`] or the `/_mock/faults` endpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// The gateway's throttling answer ([`MockError::throttled`]: HTTP 429).
    Throttle,
    /// The gateway's answer when the backend is down: HTTP 503, `errorCode` 500, "Endpoint
    /// Error" (a body seen from the real gateway).
    Unavailable,
    /// The API's transient failure: HTTP 500, `responseError` 1000 "Please try your call again
    /// later." (the code NCP sends for it).
    Internal,
    /// The request is answered as usual, after this delay.
    Slow(Duration),
}

impl Fault {
    /// The name the control endpoint uses (`throttle`, `unavailable`, `internal`, `slow`).
    pub fn name(&self) -> &'static str {
        match self {
            Fault::Throttle => "throttle",
            Fault::Unavailable => "unavailable",
            Fault::Internal => "internal",
            Fault::Slow(_) => "slow",
        }
    }

    fn served(&self, format: Format) -> Served {
        let error = match self {
            Fault::Throttle => MockError::throttled(),
            Fault::Unavailable => MockError::gateway(503, "500", "Endpoint Error", ""),
            Fault::Internal => {
                MockError::api("1000", "Please try your call again later. Temporary error.")
                    .with_status(500)
            }
            Fault::Slow(_) => unreachable!("a slow request is answered by its route"),
        };
        reply::serve_error(&error, format)
    }

    /// Reads `operation`, `fault`, `count` (default 1) and `delayMs` (for `slow`).
    fn from_params(params: &QueryParams) -> Result<(String, Fault, usize), String> {
        let operation = params
            .get("operation")
            .ok_or("`operation` is required (an operation name, or `*`)")?
            .to_owned();
        let count = params
            .single::<usize>("count")
            .map_err(|e| e.to_string())?
            .unwrap_or(1);
        let fault = match params.get("fault") {
            Some("throttle") => Fault::Throttle,
            Some("unavailable") => Fault::Unavailable,
            Some("internal") => Fault::Internal,
            Some("slow") => {
                let ms = params
                    .single::<u64>("delayMs")
                    .map_err(|e| e.to_string())?
                    .ok_or("`delayMs` is required with fault=slow")?;
                Fault::Slow(Duration::from_millis(ms))
            }
            other => {
                return Err(format!(
                    "`fault` must be throttle, unavailable, internal or slow (got {other:?})"
                ));
            }
        };
        Ok((operation, fault, count))
    }
}

enum Chosen {
    Once(Box<Responder>),
    Standing(Arc<Responder>),
    None,
}

/// A poisoned lock only means another test thread panicked; the data is still usable.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The mock is on 127.0.0.1: never go through a proxy from the environment.
fn local_http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .build()
        .unwrap_or_else(|_| reqwest::Client::new())
}
