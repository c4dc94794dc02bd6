//! Operations and the decoding of their response bodies (success or error, XML or JSON).

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, DeserializeSeed, Deserializer, IgnoredAny, Visitor};

use super::query::QueryWriter;
use super::xml::{XmlDecode, XmlReader};
#[cfg(feature = "encode")]
use super::xml_write::{XmlEncode, to_xml};
use super::{Format, UnknownField, json};
use crate::error::{ApiError, DecodeError, DecodeErrorKind, GatewayError, UnexpectedContent};
use crate::wire::{GatewayErrorDetail, ResponseError};

/// Root element (XML) / top-level key (JSON) of a server API error body.
const RESPONSE_ERROR: &str = "responseError";
/// Root element / top-level key of an API gateway error body.
const GATEWAY_ERROR: &str = "error";

/// One API operation: its request type implements this.
pub trait Operation {
    /// The operation's name, which is also its path: `getServerImageDetail`.
    const NAME: &'static str;
    /// Root element (XML) and top-level key (JSON) of the success response:
    /// `getServerImageDetailResponse`.
    const RESPONSE_ROOT: &'static str;
    /// The decoded success response.
    type Output: XmlDecode
        + DeserializeOwned
        + serde::Serialize
        + Envelope
        + Clone
        + fmt::Debug
        + PartialEq;
    /// Whether the operation changes something (creates, changes, deletes, starts, stops):
    /// from the spec's `x-ncp-mutation`. NCP has no idempotency token, so the client retries a
    /// mutation only when it cannot have been carried out (see
    /// [`Error::may_have_been_applied`](crate::Error::may_have_been_applied)).
    const MUTATION: bool = false;
    /// The API's documented "busy, try again" return codes of this operation (the spec's
    /// `x-ncp-retryable-codes`): an API error with one of these (or one of the service's
    /// [`ServiceInfo::retryable_codes`](crate::ServiceInfo::retryable_codes)) says the request
    /// was refused as a whole, so it is retried even for a mutation.
    const RETRYABLE_CODES: &'static [&'static str] = &[];
    /// JSON names of the secrets the success response may carry (the spec's `x-ncp-sensitive`
    /// fields of the output and of the types inside it, such as `rootPassword`): tools that
    /// print a decoded response show them as `"***"`
    /// ([`registry::decode_to_json`](crate::registry::decode_to_json)).
    const SENSITIVE_FIELDS: &'static [&'static str] = &[];
    /// Writes every parameter of the request but `responseFormatType` (the client adds it).
    fn encode_query(&self, q: &mut QueryWriter);
}

/// The envelope fields every response body carries.
pub trait Envelope {
    /// `returnCode`: `0` on success.
    fn return_code(&self) -> Option<&str>;
    /// `returnMessage`: `success` on success.
    fn return_message(&self) -> Option<&str>;
    /// `requestId`.
    fn request_id(&self) -> Option<&str>;
}

/// Why a response body did not decode into an operation's output.
#[derive(Clone, Debug)]
pub enum BodyError {
    /// The server API answered with an error (`responseError`, or a non-zero `returnCode`).
    Api(ApiError),
    /// The API gateway answered with an error (`{"error": {...}}`).
    Gateway(GatewayError),
    /// The body is an XML or JSON document that could not be decoded.
    Decode(DecodeError),
    /// The body is neither XML nor JSON (an HTML page, plain text, nothing).
    UnexpectedContent(UnexpectedContent),
}

impl BodyError {
    /// Sets the response's HTTP status on the errors that carry one (all but `Decode`).
    pub fn set_http_status(&mut self, status: u16) {
        match self {
            BodyError::Api(e) => e.set_http_status(Some(status)),
            BodyError::Gateway(e) => e.set_http_status(Some(status)),
            BodyError::UnexpectedContent(e) => e.set_http_status(Some(status)),
            BodyError::Decode(_) => {}
        }
    }

    /// Sets the request id (from the `x-ncp-request-id` header) on API and gateway errors that
    /// did not get one from the body.
    pub fn fill_request_id(&mut self, request_id: &str) {
        match self {
            BodyError::Api(e) => e.meta_mut().fill_request_id(request_id),
            BodyError::Gateway(e) => e.meta_mut().fill_request_id(request_id),
            BodyError::Decode(_) | BodyError::UnexpectedContent(_) => {}
        }
    }
}

impl fmt::Display for BodyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BodyError::Api(e) => e.fmt(f),
            BodyError::Gateway(e) => e.fmt(f),
            BodyError::Decode(e) => e.fmt(f),
            BodyError::UnexpectedContent(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for BodyError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BodyError::Api(e) => Some(e),
            BodyError::Gateway(e) => Some(e),
            BodyError::Decode(e) => Some(e),
            BodyError::UnexpectedContent(e) => Some(e),
        }
    }
}

impl From<DecodeError> for BodyError {
    fn from(e: DecodeError) -> Self {
        BodyError::Decode(e)
    }
}

impl From<ApiError> for BodyError {
    fn from(e: ApiError) -> Self {
        BodyError::Api(e)
    }
}

impl From<GatewayError> for BodyError {
    fn from(e: GatewayError) -> Self {
        BodyError::Gateway(e)
    }
}

impl From<UnexpectedContent> for BodyError {
    fn from(e: UnexpectedContent) -> Self {
        BodyError::UnexpectedContent(e)
    }
}

/// Either spelling of the code and message (`returnCode` or `responseCode`, see
/// [`ResponseError::code`]).
impl From<ResponseError> for ApiError {
    fn from(e: ResponseError) -> Self {
        ApiError::new(
            e.return_code.or(e.response_code),
            e.return_message.or(e.response_message),
        )
    }
}

impl From<GatewayErrorDetail> for GatewayError {
    fn from(e: GatewayErrorDetail) -> Self {
        let error = GatewayError::new(e.error_code, e.message, e.details);
        match e.request_id {
            Some(id) => error.with_request_id(id),
            None => error,
        }
    }
}

/// Decodes a response body of operation `O`, whatever its status.
///
/// The format is sniffed from the content (see [`Format::sniff`]), not taken from headers:
/// - XML with root `O::RESPONSE_ROOT` decodes to `O::Output`; root `responseError` is an
///   [`ApiError`]; root `error` a [`GatewayError`]; an `html` root is unexpected content; any
///   other root is a [`DecodeError`].
/// - A JSON object with the key `O::RESPONSE_ROOT` decodes to `O::Output`; `responseError` is
///   an [`ApiError`]; `error` a [`GatewayError`] (the first of these keys wins; other keys are
///   skipped and reported as unknown); none of them is a [`DecodeError`]. The body is decoded
///   in one streaming pass.
/// - Anything else (HTML, text, empty) is [`BodyError::UnexpectedContent`].
///
/// A decoded output whose `returnCode` is present, not empty and not `0` is an [`ApiError`]
/// too, with its `returnMessage` and `requestId`.
///
/// The errors carry no HTTP status: see [`BodyError::set_http_status`].
pub fn decode_body<O: Operation>(
    body: &[u8],
    unknown: Option<&mut Vec<UnknownField>>,
) -> Result<O::Output, BodyError> {
    let output = match Format::sniff(body) {
        Some(Format::Xml) => decode_xml_body::<O>(body, unknown)?,
        Some(Format::Json) => decode_json_body::<O>(body, unknown)?,
        None => return Err(UnexpectedContent::new(body).into()),
    };
    match output.return_code() {
        Some(code) if !code.is_empty() && code != "0" => {
            let error = ApiError::new(
                Some(code.to_owned()),
                output.return_message().map(str::to_owned),
            );
            Err(match output.request_id() {
                Some(id) if !id.is_empty() => error.with_request_id(id),
                _ => error,
            }
            .into())
        }
        _ => Ok(output),
    }
}

/// The body the API would send for `output` in `format`: the inverse of [`decode_body`], for
/// fixtures and mocks (feature `encode`; a generated crate's encoders come with its `mock`).
#[cfg(feature = "encode")]
pub fn encode_body<O: Operation>(output: &O::Output, format: Format) -> Vec<u8>
where
    O::Output: XmlEncode,
{
    encode_document(O::RESPONSE_ROOT, output, format)
}

/// A `responseError` body (the server API's error document) in `format`.
#[cfg(feature = "encode")]
pub fn encode_response_error(error: &ResponseError, format: Format) -> Vec<u8> {
    encode_document(RESPONSE_ERROR, error, format)
}

/// `value` as the document `root` in `format`: the element `<root>` in XML, the object
/// `{"root": ...}` in JSON.
#[cfg(feature = "encode")]
pub fn encode_document<T: XmlEncode + serde::Serialize + ?Sized>(
    root: &str,
    value: &T,
    format: Format,
) -> Vec<u8> {
    struct Rooted<'a, T: ?Sized>(&'a str, &'a T);
    impl<T: serde::Serialize + ?Sized> serde::Serialize for Rooted<'_, T> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            use serde::ser::SerializeMap;
            let mut map = s.serialize_map(Some(1))?;
            map.serialize_entry(self.0, self.1)?;
            map.end()
        }
    }
    match format {
        Format::Xml => to_xml(root, value).into_bytes(),
        // Serializing generated types cannot fail: their keys are strings, their floats are
        // written as `null` when not finite.
        Format::Json => serde_json::to_vec(&Rooted(root, value))
            .expect("generated types always serialize to JSON"),
    }
}

fn decode_xml_body<O: Operation>(
    body: &[u8],
    unknown: Option<&mut Vec<UnknownField>>,
) -> Result<O::Output, BodyError> {
    let mut r = XmlReader::new(body, unknown);
    let root = r.root()?;
    let root = root.as_bytes();
    if root == O::RESPONSE_ROOT.as_bytes() {
        let output = O::Output::decode_xml(&mut r)?;
        r.finish()?;
        Ok(output)
    } else if root == RESPONSE_ERROR.as_bytes() {
        let error = ResponseError::decode_xml(&mut r)?;
        r.finish()?;
        Err(ApiError::from(error).into())
    } else if root == GATEWAY_ERROR.as_bytes() {
        let error = GatewayErrorDetail::decode_xml(&mut r)?;
        r.finish()?;
        Err(GatewayError::from(error).into())
    } else if root.eq_ignore_ascii_case(b"html") {
        Err(UnexpectedContent::new(body).into())
    } else {
        Err(DecodeError::new(
            Format::Xml,
            "",
            DecodeErrorKind::UnexpectedRoot {
                expected: O::RESPONSE_ROOT,
                found: String::from_utf8_lossy(root).into_owned(),
            },
        )
        .into())
    }
}

fn decode_json_body<O: Operation>(
    body: &[u8],
    unknown: Option<&mut Vec<UnknownField>>,
) -> Result<O::Output, BodyError> {
    let seed = || TopLevel::<O::Output> {
        root: O::RESPONSE_ROOT,
        output: PhantomData,
    };
    match json::from_json_seed(body, seed, unknown)? {
        Top::Output(output) => Ok(output),
        Top::Api(error) => Err(ApiError::from(error).into()),
        Top::Gateway(error) => Err(GatewayError::from(error).into()),
        Top::Unrecognized(found) => Err(DecodeError::new(
            Format::Json,
            "",
            DecodeErrorKind::UnexpectedRoot {
                expected: O::RESPONSE_ROOT,
                found: found.unwrap_or_default(),
            },
        )
        .into()),
    }
}

/// What the top-level JSON object held.
enum Top<T> {
    Output(T),
    Api(ResponseError),
    Gateway(GatewayErrorDetail),
    /// None of the expected keys; the first key, if any.
    Unrecognized(Option<String>),
}

/// Decodes the top-level JSON object, dispatching on its keys without buffering the body.
struct TopLevel<T> {
    root: &'static str,
    output: PhantomData<fn() -> T>,
}

impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for TopLevel<T> {
    type Value = Top<T>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Top<T>, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, T: DeserializeOwned> Visitor<'de> for TopLevel<T> {
    type Value = Top<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "an object with the key `{}`, `{RESPONSE_ERROR}` or `{GATEWAY_ERROR}`",
            self.root
        )
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Top<T>, A::Error> {
        let mut found: Option<Top<T>> = None;
        let mut first_other: Option<String> = None;
        while let Some(key) = map.next_key_seed(KeySeed { root: self.root })? {
            match key {
                Key::Root if found.is_none() => found = Some(Top::Output(map.next_value()?)),
                Key::ResponseError if found.is_none() => {
                    found = Some(Top::Api(map.next_value()?));
                }
                Key::Gateway if found.is_none() => found = Some(Top::Gateway(map.next_value()?)),
                Key::Other(name) => {
                    first_other.get_or_insert(name);
                    map.next_value::<IgnoredAny>()?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(found.unwrap_or(Top::Unrecognized(first_other)))
    }
}

enum Key {
    Root,
    ResponseError,
    Gateway,
    Other(String),
}

struct KeySeed {
    root: &'static str,
}

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Key, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for KeySeed {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
        Ok(if v == self.root {
            Key::Root
        } else if v == RESPONSE_ERROR {
            Key::ResponseError
        } else if v == GATEWAY_ERROR {
            Key::Gateway
        } else {
            Key::Other(v.to_owned())
        })
    }
}
