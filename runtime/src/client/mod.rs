//! The HTTP client: signed calls to NCP's API Gateway, credentials, retries and typed errors.
//!
//! The generated code describes *what* each operation sends and receives (request types that
//! encode their query, response types that decode themselves); this module is the small,
//! hand-written part that knows *how* to talk to the gateway. It is shared by every operation, so
//! it is written and tested once:
//!
//! - [`Client::send`] sends an operation as NCP's SDKs do, `POST {base}/{operation}` with the
//!   parameters in an `application/x-www-form-urlencoded` body and `responseFormatType` in the
//!   query; it encodes both once, signs the request-target exactly as sent ([`signing`]), and
//!   decodes the answer in the configured [`Format`];
//! - [`credentials`] finds access keys (explicitly, in the environment, in `~/.ncloud/configure`);
//! - [`RetryPolicy`] retries transient failures: of reads, whatever is transient; of mutations,
//!   only what cannot have been carried out ([`CallOptions`] marks one call safe to repeat);
//! - [`Client::paginate`] walks the pages of a list operation, one `send` per page
//!   ([`crate::paginator`]);
//! - [`Error`] is the one error type a caller matches on.
//!
//! ```no_run
//! # fn demo() -> Result<(), ncloud_runtime::Error> {
//! use ncloud_runtime::{ClientBuilder, ServiceInfo};
//!
//! static SERVICE: ServiceInfo = ServiceInfo::new("svc", "/svc/v1", "example/1");
//! // Default credential chain, NCLOUD_API_GW if set, XML responses, 3 attempts.
//! let client = ClientBuilder::for_service(&SERVICE).build()?;
//! assert!(client.base_url().ends_with("/svc/v1"));
//! # Ok(())
//! # }
//! ```

use std::collections::HashMap;
use std::fmt;
use std::marker::PhantomData;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{CONTENT_TYPE, HeaderName, HeaderValue, USER_AGENT};
use reqwest::{Method, Url};

use crate::ServiceInfo;
use crate::query::QueryWriter;
use crate::{BodyError, Envelope as _, Operation, UnknownField, decode_body};

pub mod credentials;
mod endpoint;
mod environment;
pub mod error;
mod retry;
pub mod signing;
pub(crate) mod telemetry;
mod transport;

pub use self::credentials::{
    ConfigFileCredentials, Credentials, DefaultCredentialsChain, EnvironmentCredentials,
    ProvideCredentials,
};
pub use self::endpoint::{API_GW_ENV, Endpoint};
pub use self::environment::Environment;
pub use self::error::Error;
pub use self::retry::{CallOptions, RetryPolicy};
/// The response format the client asks for (`responseFormatType`).
pub use crate::Format;
/// A built HTTP request (what [`Client::signed_request`] returns).
pub use reqwest::Request as HttpRequest;

use self::error::{ConfigError, UnexpectedResponse};
use self::telemetry::{CallTrace, InSpan as _};
use self::transport::RawResponse;

/// The default connect timeout.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The default total timeout of one attempt.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// The default limit on a response body: 64 MiB.
///
/// The largest bodies the API sends are long lists: 10,000 server images are about 14 MB of XML
/// (9 MB of JSON), and a page of the paginator is far smaller. 64 MiB leaves ample room for
/// that while bounding what a broken or hostile server can make the client buffer.
pub const DEFAULT_MAX_RESPONSE_SIZE: usize = 64 * 1024 * 1024;

/// A client of one NCP API (the [`ServiceInfo`] it was built for).
///
/// Cheap to clone (the state is behind an [`Arc`]) and safe to share between tasks. Generated
/// service crates wrap it in their own `Client` type, which adds one method per operation; build
/// one through that type (`Client::from_env()`, `ClientBuilder::for_service(&SERVICE)`), or directly with
/// [`ClientBuilder::for_service`]. Send requests with [`Client::send`]; walk the pages of a list
/// operation with [`Client::paginate`].
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    service: &'static ServiceInfo,
    endpoint: Endpoint,
    base_url: String,
    /// `base_url`, parsed once: a call appends its operation's name and the query to a copy
    /// instead of parsing a whole URL (the host above all) again.
    base: Url,
    /// `responseFormatType=xml|json`, the whole query of every call, encoded once.
    query: String,
    /// Each operation's URL and signed request-target, made on its first call: the URL of an
    /// operation never changes for a client, so later calls copy it instead of building it.
    operations: RwLock<HashMap<&'static str, (Url, Arc<str>)>>,
    credentials: Credentials,
    /// The secret key, keyed into HMAC-SHA256 once.
    signer: signing::Signer,
    access_key: HeaderValue,
    format: Format,
    timeout: Duration,
    connect_timeout: Option<Duration>,
    retry: RetryPolicy,
    user_agent: HeaderValue,
    max_response_size: usize,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        f.debug_struct("Client")
            .field("service", &i.service.name)
            .field("base_url", &i.base_url)
            .field("credentials", &i.credentials)
            .field("format", &i.format)
            .field("timeout", &i.timeout)
            .field("connect_timeout", &i.connect_timeout)
            .field("retry", &i.retry)
            .field("user_agent", &i.user_agent)
            .field("max_response_size", &i.max_response_size)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// The service this client calls.
    pub fn service(&self) -> &'static ServiceInfo {
        self.inner.service
    }

    /// The gateway calls go to.
    pub fn endpoint(&self) -> &Endpoint {
        &self.inner.endpoint
    }

    /// The base URL of the service on that gateway, e.g.
    /// `https://ncloud.apigw.ntruss.com/vserver/v2`.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The response format requested from the API.
    pub fn response_format(&self) -> Format {
        self.inner.format
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// The access key calls are signed with (the secret key is not accessible).
    pub fn access_key(&self) -> &str {
        self.inner.credentials.access_key()
    }

    /// Sends `op` and returns its decoded response.
    ///
    /// The request is `POST {base_url}/{operation}?responseFormatType=xml|json` with every other
    /// parameter in an `application/x-www-form-urlencoded` body, as NCP's SDKs send it (a
    /// private key or a long init script never sits in a URL or a proxy log). Body and query
    /// are encoded once; those exact bytes are sent, and the method, path and query are signed
    /// (the gateway's signature does not cover the body). Each attempt is signed afresh with the
    /// current time. Failures are retried according to the [`RetryPolicy`]: for a read, any
    /// transient failure; for a mutation ([`Operation::MUTATION`]), only one that cannot have
    /// been carried out ([`Error::may_have_been_applied`]) or a documented "busy" return code.
    /// When attempts run out, the last attempt's error is returned. A success body whose
    /// `returnCode` is not `0` is an [`Error::Api`]. Fields of the response that the types do
    /// not know are ignored (see [`Client::send_with_unknown`]).
    pub async fn send<O: Operation>(&self, op: O) -> Result<O::Output, Error> {
        self.send_with(op, &CallOptions::default()).await
    }

    /// Like [`Client::send`], with per-call settings: mark the call safe to repeat
    /// ([`CallOptions::idempotent`], which generated fluent builders expose as
    /// `.idempotent(true)`) or give it its own [`RetryPolicy`].
    pub async fn send_with<O: Operation>(
        &self,
        op: O,
        options: &CallOptions,
    ) -> Result<O::Output, Error> {
        let prepared = self.prepare(&op)?;
        drop(op);
        self.execute::<O>(&prepared, options, None).await
    }

    /// Like [`Client::send`], and also returns the response fields the types did not know
    /// (element paths), e.g. to notice that the API grew a field the spec lacks.
    pub async fn send_with_unknown<O: Operation>(
        &self,
        op: O,
    ) -> Result<(O::Output, Vec<UnknownField>), Error> {
        let prepared = self.prepare(&op)?;
        drop(op);
        let mut unknown = Vec::new();
        let output = self
            .execute::<O>(&prepared, &CallOptions::default(), Some(&mut unknown))
            .await?;
        Ok((output, unknown))
    }

    /// Encodes the parameters into the form body and builds the operation's URL (the base URL
    /// parsed at build time, the operation's name, the query encoded once per client, checked
    /// byte for byte against the signed text, so what is signed is what is sent).
    ///
    /// `responseFormatType` is in the query because the signature covers the path and query
    /// only: there the format choice is signed and cannot be changed in transit, and a server
    /// can pick the format without reading the body. It carries no secret.
    fn prepare<O: Operation>(&self, op: &O) -> Result<Prepared, Error> {
        // Room for most operations' parameters, so that encoding them rarely grows the buffer.
        let mut body = QueryWriter::with_capacity(256);
        op.encode_query(&mut body);
        let (url, request_target) = self.inner.operation_target(O::NAME)?;
        let body = if body.is_empty() {
            Bytes::new()
        } else {
            Bytes::from(body.into_string())
        };
        Ok(Prepared {
            url,
            request_target,
            body,
        })
    }

    async fn execute<O: Operation>(
        &self,
        prepared: &Prepared,
        options: &CallOptions,
        mut unknown: Option<&mut Vec<UnknownField>>,
    ) -> Result<O::Output, Error> {
        let trace = CallTrace::start(self.inner.service.name, O::NAME, self.inner.format);
        let service = self.inner.service;
        trace
            .instrument(async {
                let policy = options.retry().unwrap_or(&self.inner.retry);
                let mut attempt = 1;
                loop {
                    if let Some(unknown) = unknown.as_deref_mut() {
                        unknown.clear();
                    }
                    let attempt_trace = trace.attempt(attempt);
                    let (result, raw) = attempt_trace
                        .instrument(async {
                            match self.attempt(prepared).await {
                                Ok(raw) => {
                                    let result = interpret::<O>(&raw, unknown.as_deref_mut());
                                    (result, Some(raw))
                                }
                                Err(e) => (Err(e), None),
                            }
                        })
                        .await;
                    let status = raw.as_ref().map(|raw| raw.status);
                    let retry_after = raw.as_ref().and_then(RawResponse::retry_after);
                    let header_id = raw.as_ref().and_then(RawResponse::request_id);
                    // The body's request id, else the header's: borrowed, so that a call pays
                    // nothing for it when tracing is off.
                    let request_id = match &result {
                        Ok(output) => output.request_id(),
                        Err(e) => e.request_id(),
                    }
                    .or(header_id);
                    attempt_trace.finish(status, request_id, result.as_ref().err());
                    let error = match result {
                        Ok(output) => {
                            let request_id = output.request_id().or(header_id);
                            trace.finish(attempt, status, request_id, None);
                            return Ok(output);
                        }
                        Err(e) => e,
                    };
                    let retry =
                        retry::should_retry(&error, O::MUTATION, options.is_idempotent(), |code| {
                            service.is_retryable_code::<O>(code)
                        });
                    if attempt >= policy.max_attempts() || !retry {
                        let request_id = error.request_id().or(header_id);
                        trace.finish(attempt, status, request_id, Some(&error));
                        return Err(error);
                    }
                    let delay = policy.delay(attempt, retry_after);
                    trace.retrying(attempt, delay, &error);
                    tokio::time::sleep(delay).await;
                    attempt += 1;
                }
            })
            .await
    }

    /// The request one attempt of `op` would send — URL, body, signature and all — without
    /// sending it: for measuring the cost of building and signing (`benches/sign.rs`).
    #[doc(hidden)]
    pub fn signed_request<O: Operation>(&self, op: &O) -> Result<reqwest::Request, Error> {
        let prepared = self.prepare(op)?;
        Ok(self.request(&prepared))
    }

    /// One signed exchange.
    async fn attempt(&self, prepared: &Prepared) -> Result<RawResponse, Error> {
        let inner = &self.inner;
        transport::post(
            &inner.http,
            self.request(prepared),
            inner.timeout,
            inner.connect_timeout,
            inner.max_response_size,
        )
        .await
    }

    /// The request of one attempt, signed with the current time.
    ///
    /// Built as a `reqwest::Request` directly: the URL is a copy of the prepared one (no
    /// parsing), the headers go straight into the request's own map, and the body shares the
    /// prepared bytes, so a retry copies nothing.
    fn request(&self, prepared: &Prepared) -> reqwest::Request {
        let inner = &*self.inner;
        let timestamp = HeaderValue::from(signing::millis_now());
        let signature = inner.signer.sign(
            transport::METHOD,
            &prepared.request_target,
            timestamp.to_str().unwrap_or_default(),
            inner.credentials.access_key(),
        );
        let signature = HeaderValue::from_bytes(&signature).expect("Base64 is a valid header");
        let mut request = reqwest::Request::new(Method::POST, prepared.url.clone());
        let headers = request.headers_mut();
        headers.reserve(5);
        headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_static(transport::FORM_CONTENT_TYPE),
        );
        headers.insert(USER_AGENT, inner.user_agent.clone());
        headers.insert(TIMESTAMP_HEADER, timestamp);
        headers.insert(ACCESS_KEY_HEADER, inner.access_key.clone());
        headers.insert(SIGNATURE_HEADER, signature);
        *request.body_mut() = Some(prepared.body.clone().into());
        request
    }
}

const TIMESTAMP_HEADER: HeaderName = HeaderName::from_static(signing::TIMESTAMP_HEADER);
const ACCESS_KEY_HEADER: HeaderName = HeaderName::from_static(signing::ACCESS_KEY_HEADER);
const SIGNATURE_HEADER: HeaderName = HeaderName::from_static(signing::SIGNATURE_HEADER);

struct Prepared {
    url: Url,
    /// Path, `?` and the encoded query, as sent: the text that is signed.
    request_target: Arc<str>,
    /// The encoded parameters, the form body (not signed: the signature covers the
    /// request-target only); shared by every attempt.
    body: Bytes,
}

impl Inner {
    /// The URL and the signed request-target of operation `name`, from the cache once made.
    fn operation_target(&self, name: &'static str) -> Result<(Url, Arc<str>), Error> {
        let cached = self
            .operations
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(name)
            .cloned();
        if let Some(entry) = cached {
            return Ok(entry);
        }
        let url = self.operation_url(name)?;
        let target: Arc<str> = format!("{}?{}", url.path(), self.query).into();
        self.operations
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(name, (url.clone(), target.clone()));
        Ok((url, target))
    }

    /// The URL of operation `name`: the base URL with `/name` and the query appended, checked
    /// against the query that is signed.
    fn operation_url(&self, name: &str) -> Result<Url, Error> {
        let mut url = self.base.clone();
        url.path_segments_mut()
            .map_err(|()| {
                Error::Config(ConfigError::new(format!(
                    "the base URL {:?} cannot have a path",
                    self.base_url
                )))
            })?
            .pop_if_empty()
            .push(name);
        url.set_query(Some(&self.query));
        if url.query() != Some(self.query.as_str()) {
            return Err(Error::Config(ConfigError::new(format!(
                "the URL parser changed the encoded query of {}; refusing to send bytes other \
                 than the signed ones",
                url.as_str()
            ))));
        }
        Ok(url)
    }
}

/// Turns a complete response into the operation's output or the matching error.
fn interpret<O: Operation>(
    raw: &RawResponse,
    unknown: Option<&mut Vec<UnknownField>>,
) -> Result<O::Output, Error> {
    let (status, body) = (raw.status, &raw.body[..]);
    let (content_type, request_id) = (raw.content_type(), raw.request_id());
    let success = (200..300).contains(&status);
    let unexpected = |reason: &str| {
        Error::UnexpectedContent(UnexpectedResponse::new(
            status,
            content_type.map(str::to_owned),
            reason,
            body,
            request_id.map(str::to_owned),
        ))
    };
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(unexpected("an empty body"));
    }
    if is_html(content_type, body) {
        return Err(unexpected("an HTML page"));
    }
    match decode_body::<O>(body, unknown) {
        // decode_body already turns a non-zero `returnCode` into an API error.
        Ok(output) if success => Ok(output),
        Ok(_) => Err(unexpected(&format!(
            "a success body with HTTP status {status}"
        ))),
        Err(mut e) => {
            e.set_http_status(status);
            if let Some(id) = request_id {
                e.fill_request_id(id);
            }
            Err(match e {
                BodyError::Api(e) => Error::Api(e),
                BodyError::Gateway(e) => Error::Gateway(e),
                BodyError::Decode(e) if success => Error::Decode(e),
                BodyError::Decode(e) => {
                    unexpected(&format!("an error body that could not be decoded ({e})"))
                }
                BodyError::UnexpectedContent(_) => unexpected("neither XML nor JSON"),
            })
        }
    }
}

/// An HTML page (a proxy's or load balancer's error page), by content type or by its start
/// (the same test [`Format::sniff`] makes, so the two never disagree about a body).
fn is_html(content_type: Option<&str>, body: &[u8]) -> bool {
    content_type.is_some_and(|ct| {
        ct.as_bytes()
            .windows(4)
            .any(|w| w.eq_ignore_ascii_case(b"html"))
    }) || crate::format::is_html_page(body)
}

/// A service's own client type over the runtime's [`Client`] (generated crates implement it for
/// their `Client`): it knows its service, so `ClientBuilder::<ItsClient>::default()` needs no
/// argument, and it wraps the runtime client that [`ClientBuilder::build`] makes.
pub trait ServiceClient: From<Client> {
    /// The service the client calls.
    const SERVICE: &'static ServiceInfo;
}

/// Configures and builds a client of one service: `C` is the client type that
/// [`build`](Self::build) returns (a generated crate's `Client`, or the runtime's [`Client`]
/// through [`ClientBuilder::for_service`]).
///
/// Defaults:
/// - endpoint: the gateway in `NCLOUD_API_GW` when set (the service's base path is appended),
///   else [`Endpoint::public`];
/// - credentials: the [`DefaultCredentialsChain`] (environment, then `~/.ncloud/configure`),
///   resolved once by [`build`](Self::build);
/// - response format: [`Format::Xml`]. XML is the API's own default and its reference format:
///   every field is text there, so the type disagreements the JSON form shows (`returnCode` or
///   block storage ids and sizes sent as numbers or as strings depending on the response) cannot
///   break decoding, and the XML decoders are generated per type from the same spec. JSON is one
///   call away ([`response_format`](Self::response_format)) and decodes to the same types;
/// - connect timeout [`DEFAULT_CONNECT_TIMEOUT`], total timeout per attempt
///   [`DEFAULT_TIMEOUT`];
/// - retries: [`RetryPolicy::default`] (3 attempts);
/// - user agent: the service's [`ServiceInfo::user_agent`];
/// - response body limit: [`DEFAULT_MAX_RESPONSE_SIZE`] (64 MiB);
/// - HTTP client: a new reqwest client using rustls (feature `rustls`, the default) or the
///   platform's TLS (feature `native-tls`); with neither, only `http://` endpoints work.
///
/// ```no_run
/// # fn demo() -> Result<(), ncloud_runtime::Error> {
/// use std::time::Duration;
/// use ncloud_runtime::{ClientBuilder, Credentials, Endpoint, Format, RetryPolicy, ServiceInfo};
///
/// static SERVICE: ServiceInfo = ServiceInfo::new("svc", "/svc/v1", "example/1");
/// let client = ClientBuilder::for_service(&SERVICE)
///     .endpoint(Endpoint::government())
///     .credentials(Credentials::new("ACCESS_KEY", "SECRET_KEY"))
///     .response_format(Format::Json)
///     .timeout(Duration::from_secs(10))
///     .retry_policy(RetryPolicy::default().with_max_attempts(5))
///     .build()?;
/// # let _ = client;
/// # Ok(())
/// # }
/// ```
#[must_use]
pub struct ClientBuilder<C = Client> {
    service: &'static ServiceInfo,
    endpoint: Option<EndpointSetting>,
    credentials: Option<Arc<dyn ProvideCredentials>>,
    env: Environment,
    format: Format,
    connect_timeout: Duration,
    timeout: Duration,
    retry: RetryPolicy,
    user_agent: String,
    http: Option<reqwest::Client>,
    max_response_size: usize,
    client: PhantomData<fn() -> C>,
}

enum EndpointSetting {
    Endpoint(Endpoint),
    Gateway(String),
}

impl<C: ServiceClient> Default for ClientBuilder<C> {
    /// The defaults above, for `C`'s service.
    fn default() -> Self {
        Self::new_for(C::SERVICE)
    }
}

impl ClientBuilder<Client> {
    /// A builder of a runtime [`Client`] for `service`, with the defaults above.
    pub fn for_service(service: &'static ServiceInfo) -> Self {
        Self::new_for(service)
    }
}

impl<C> ClientBuilder<C> {
    pub(crate) fn new_for(service: &'static ServiceInfo) -> Self {
        Self {
            service,
            endpoint: None,
            credentials: None,
            env: Environment::process(),
            format: Format::Xml,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            retry: RetryPolicy::default(),
            user_agent: service.user_agent.to_owned(),
            http: None,
            max_response_size: DEFAULT_MAX_RESPONSE_SIZE,
            client: PhantomData,
        }
    }
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let endpoint = match &self.endpoint {
            None => None,
            Some(EndpointSetting::Endpoint(e)) => Some(e.origin()),
            Some(EndpointSetting::Gateway(g)) => Some(g.as_str()),
        };
        f.debug_struct("ClientBuilder")
            .field("service", &self.service.name)
            .field("endpoint", &endpoint)
            .field("credentials", &self.credentials)
            .field("env", &self.env)
            .field("format", &self.format)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("user_agent", &self.user_agent)
            .field("http", &self.http.is_some())
            .field("max_response_size", &self.max_response_size)
            .finish()
    }
}

impl<C> ClientBuilder<C> {
    /// Calls go to `endpoint` (see the presets [`Endpoint::public`], [`Endpoint::government`],
    /// [`Endpoint::financial`]); `NCLOUD_API_GW` is then ignored.
    pub fn endpoint(mut self, endpoint: Endpoint) -> Self {
        self.endpoint = Some(EndpointSetting::Endpoint(endpoint));
        self
    }

    /// Calls go to the gateway at `origin` (the service's base path is appended, see
    /// [`Endpoint::from_gateway`]); an invalid value fails [`build`](Self::build).
    /// `NCLOUD_API_GW` is then ignored.
    pub fn gateway(mut self, origin: impl Into<String>) -> Self {
        self.endpoint = Some(EndpointSetting::Gateway(origin.into()));
        self
    }

    /// Signs calls with these credentials instead of searching for some.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(Arc::new(credentials));
        self
    }

    /// Takes the credentials from `provider` (asked once, by [`build`](Self::build)).
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.credentials = Some(Arc::new(provider));
        self
    }

    /// Reads environment variables (credentials, `NCLOUD_API_GW`) and the home directory
    /// (`~/.ncloud/configure`) from `env` instead of the process. Mostly for tests.
    pub fn environment(mut self, env: Environment) -> Self {
        self.env = env;
        self
    }

    /// Asks for responses in `format` (`responseFormatType`); the default is XML (see above).
    pub fn response_format(mut self, format: Format) -> Self {
        self.format = format;
        self
    }

    /// Limits how long opening a connection may take. Applies only to the HTTP client the
    /// builder creates, not to one given with [`http_client`](Self::http_client).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Limits how long one attempt may take as a whole: connecting, sending, waiting and reading
    /// the body. Retries get a fresh allowance each.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sets the retry policy; [`RetryPolicy::disabled`] turns retries off.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Sets the `User-Agent` header.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Limits a response body to `bytes` (default [`DEFAULT_MAX_RESPONSE_SIZE`]). A larger body
    /// fails the call with [`Error::ResponseTooLarge`] as soon as its `Content-Length` says so,
    /// or once that many bytes have arrived, without buffering the rest.
    pub fn max_response_size(mut self, bytes: usize) -> Self {
        self.max_response_size = bytes;
        self
    }

    /// Sends requests through this reqwest client (proxies, custom TLS roots, connection pool
    /// sharing). Its own connect timeout applies; the total timeout per attempt still does.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Builds the client: resolves the endpoint and the credentials, sets up HTTP.
    ///
    /// Fails with [`Error::Credentials`] when no credentials are found (the error lists where the
    /// client looked) and [`Error::Config`] for an invalid endpoint, `NCLOUD_API_GW` or user
    /// agent.
    pub fn build(self) -> Result<C, Error>
    where
        C: From<Client>,
    {
        self.build_runtime().map(C::from)
    }

    /// Builds the runtime [`Client`] that [`build`](Self::build) wraps in `C`.
    pub fn build_runtime(self) -> Result<Client, Error> {
        let endpoint = match self.endpoint {
            Some(EndpointSetting::Endpoint(e)) => e,
            Some(EndpointSetting::Gateway(g)) => Endpoint::from_gateway(&g)?,
            None => Endpoint::from_env(&self.env)?.unwrap_or_default(),
        };
        let provider = self
            .credentials
            .unwrap_or_else(|| Arc::new(DefaultCredentialsChain::new(self.env.clone())));
        let credentials = provider.provide_credentials()?;
        credentials.validate()?;
        let access_key = HeaderValue::from_str(credentials.access_key()).map_err(|_| {
            Error::Config(ConfigError::new(
                "the access key cannot be sent in an HTTP header",
            ))
        })?;
        let user_agent = HeaderValue::from_str(&self.user_agent).map_err(|_| {
            Error::Config(ConfigError::new(format!(
                "invalid user agent {:?}",
                self.user_agent
            )))
        })?;
        let (http, connect_timeout) = match self.http {
            Some(http) => (http, None),
            None => (
                transport::build_http_client(self.connect_timeout)?,
                Some(self.connect_timeout),
            ),
        };
        let base_url = endpoint.base_url(self.service);
        let base = Url::parse(&base_url).map_err(|e| {
            Error::Config(ConfigError::new(format!(
                "cannot parse the base URL {base_url:?}: {e}"
            )))
        })?;
        let mut query = QueryWriter::new();
        query.push("responseFormatType", self.format.response_format_type());
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                service: self.service,
                base_url,
                base,
                query: query.into_string(),
                operations: RwLock::default(),
                endpoint,
                signer: signing::Signer::new(credentials.secret_key()),
                credentials,
                access_key,
                format: self.format,
                timeout: self.timeout,
                connect_timeout,
                retry: self.retry,
                user_agent,
                max_response_size: self.max_response_size,
            }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_detection() {
        assert!(is_html(Some("text/html; charset=utf-8"), b"x"));
        assert!(is_html(None, b"\n  <!DOCTYPE html><html></html>"));
        assert!(is_html(
            Some("application/xml"),
            b"<HTML><body>502</body></HTML>"
        ));
        assert!(!is_html(
            Some("application/xml"),
            b"<getRegionListResponse/>"
        ));
        assert!(!is_html(None, b"{}"));
        assert!(!is_html(None, b""));
        // As the sniffer decides: a byte order mark is skipped, a longer name is not HTML.
        assert!(is_html(None, b"\xEF\xBB\xBF<html>"));
        assert!(!is_html(None, b"<htmlish/>"));
    }

    static SERVICE: ServiceInfo = ServiceInfo::new("svc", "/svc/v1", "test-agent/1");

    #[test]
    fn builder_reads_gateway_and_credentials_from_injected_environment() {
        let env = Environment::from_vars([
            ("NCLOUD_API_GW", "http://127.0.0.1:9/"),
            ("NCLOUD_ACCESS_KEY_ID", "AK"),
            ("NCLOUD_SECRET_KEY", "SK-very-secret"),
        ])
        .without_home_dir();
        let client = ClientBuilder::for_service(&SERVICE)
            .environment(env.clone())
            .build()
            .unwrap();
        assert_eq!(client.base_url(), "http://127.0.0.1:9/svc/v1");
        assert_eq!(client.access_key(), "AK");
        assert_eq!(client.response_format(), Format::Xml);
        assert!(!format!("{client:?}").contains("SK-very-secret"));
        // An explicit endpoint wins over NCLOUD_API_GW.
        let client = ClientBuilder::for_service(&SERVICE)
            .environment(env)
            .endpoint(Endpoint::financial())
            .build()
            .unwrap();
        assert_eq!(client.endpoint(), &Endpoint::financial());
    }

    #[test]
    fn bad_user_agent_and_gateway_fail_build() {
        let creds = Credentials::new("AK", "SK");
        let e = ClientBuilder::for_service(&SERVICE)
            .credentials(creds.clone())
            .user_agent("bad\nagent")
            .build()
            .unwrap_err();
        assert!(matches!(e, Error::Config(_)), "{e:?}");
        let e = ClientBuilder::for_service(&SERVICE)
            .credentials(creds)
            .gateway("nope")
            .build()
            .unwrap_err();
        assert!(matches!(e, Error::Config(_)), "{e:?}");
    }
}
