//! The fuzz targets' bodies, shared by the cargo-fuzz crate in `fuzz/` (nightly, libFuzzer) and
//! by this crate's stable test that replays the committed corpus and every regression input
//! (`tests/replay.rs`), so CI runs the same checks without a nightly toolchain.
//!
//! Each body panics only when a property of the library fails; malformed input must come back
//! as a typed error:
//!
//! - [`xml_decode`], [`json_decode`]: any bytes through every operation's `decode_body` (the
//!   format is sniffed) and through each response type's own decoder. A decoded value written
//!   back as JSON (serde) and as XML (the generated encoders) decodes to an equal value with no
//!   unknown field (`ncloud_test_support::oracles`); collecting unknown fields changes nothing; errors
//!   stay bounded.
//! - [`error_body`]: the error-body decoders (`responseError`, the gateway's `error`) directly
//!   and through `decode_body`, plus the snippet helpers that quote bodies in errors.
//! - [`query_sign`]: structured parameters through the query encoder and the signer; the query
//!   decodes back to the same pairs, survives URL parsing byte for byte, and its signature
//!   equals the reference signature of `ncloud-test-support`, computed without the client's
//!   signing code.

use std::fmt::Debug;

use arbitrary::Arbitrary;
use ncloud_test_support::oracles;
use ncloud_test_support::{decode_query, reference_signature};
use ncloud_vserver::operations::{GetRegionListRequest, GetServerImageListRequest};
use ncloud_vserver::registry::for_each_mock_operation;
use ncloud_vserver::runtime::error::{DecodeError, SNIPPET_MAX_CHARS, UnexpectedContent};
use ncloud_vserver::runtime::json::from_json;
use ncloud_vserver::runtime::mock::MockOperation;
use ncloud_vserver::runtime::query::QueryWriter;
use ncloud_vserver::runtime::registry::MockVisitor;
use ncloud_vserver::runtime::xml::from_xml;
use ncloud_vserver::runtime::xml_write::XmlEncode;
use ncloud_vserver::runtime::{BodyError, Format, Operation, UnknownField, decode_body};
use ncloud_vserver::types::{
    GatewayErrorResponse, OsTypeCodeValue, ResponseError, ResponseErrorJsonResponse,
};

/// Decodes `data` as the response of every operation (the generated registry lists them),
/// through `decode_body` (which sniffs the format) and through the XML decoder of every
/// response type directly.
pub fn xml_decode(data: &[u8]) {
    for_each_mock_operation(&mut Decode {
        data,
        direct: Direct::Xml,
    });
}

/// Decodes `data` as the response of every operation, through `decode_body` and through serde
/// for every response type directly.
pub fn json_decode(data: &[u8]) {
    for_each_mock_operation(&mut Decode {
        data,
        direct: Direct::Json,
    });
}

/// Which decoder a [`Decode`] also runs without `decode_body`'s dispatch.
enum Direct {
    Xml,
    Json,
}

/// Runs every check of one fuzz input against each operation the registry visits.
struct Decode<'a> {
    data: &'a [u8],
    direct: Direct,
}

impl MockVisitor for Decode<'_> {
    fn visit<O: MockOperation>(&mut self) {
        decode_as::<O>(self.data);
        match self.direct {
            Direct::Xml => direct_xml::<O>(self.data),
            Direct::Json => direct_json::<O>(self.data),
        }
    }
}

/// The generated XML decoder without `decode_body`'s dispatch: same value when it succeeds.
fn direct_xml<O: Operation>(data: &[u8])
where
    O::Output: PartialEq + Debug,
{
    match from_xml::<O::Output>(data, O::RESPONSE_ROOT, None) {
        Ok(value) => match decode_body::<O>(data, None) {
            Ok(other) => assert_eq!(value, other),
            Err(BodyError::Api(_)) => {}
            Err(e) => panic!("from_xml decoded {value:?}, decode_body failed: {e:?}"),
        },
        Err(e) => check_decode_error(&e),
    }
}

/// The body type's serde decoder on the document (the body object itself, not wrapped).
fn direct_json<O: Operation<Output: XmlEncode>>(data: &[u8])
where
    O::Output: PartialEq + Debug,
{
    match from_json::<O::Output>(data, None) {
        Ok(value) => round_trip::<O>(&value, Format::Json),
        Err(e) => check_decode_error(&e),
    }
}

fn decode_as<O: Operation<Output: XmlEncode>>(data: &[u8])
where
    O::Output: PartialEq + Debug,
{
    let mut unknown = Vec::new();
    let result = decode_body::<O>(data, Some(&mut unknown));
    // Collecting unknown fields never changes the outcome.
    let plain = decode_body::<O>(data, None);
    match (&result, &plain) {
        (Ok(a), Ok(b)) => assert_eq!(a, b),
        (Err(_), Err(_)) => {}
        _ => panic!("collecting unknown fields changed the result: {result:?} vs {plain:?}"),
    }
    match result {
        Ok(value) => {
            check_unknown(&unknown);
            round_trip::<O>(&value, Format::Json);
            round_trip::<O>(&value, Format::Xml);
        }
        Err(e) => check_body_error(&e),
    }
}

/// A decoded value, written back in `format`, decodes to the same value (see
/// [`oracles::round_trip`]).
fn round_trip<O: Operation<Output: XmlEncode>>(value: &O::Output, format: Format)
where
    O::Output: PartialEq + Debug,
{
    if let Err(problem) = oracles::round_trip::<O>(value, format) {
        panic!("{problem}");
    }
}

fn check_unknown(unknown: &[UnknownField]) {
    for u in unknown {
        assert!(!u.path.is_empty(), "{u:?}");
        assert_eq!(u.raw.is_some(), u.format == Format::Xml, "{u:?}");
    }
}

fn check_body_error(e: &BodyError) {
    let shown = match e {
        BodyError::Decode(d) => {
            check_decode_error(d);
            d.to_string()
        }
        BodyError::UnexpectedContent(u) => {
            assert!(
                u.snippet().chars().count() <= SNIPPET_MAX_CHARS + 1,
                "{u:?}"
            );
            u.to_string()
        }
        BodyError::Api(a) => a.to_string(),
        BodyError::Gateway(g) => g.to_string(),
    };
    assert!(!shown.is_empty());
}

fn check_decode_error(e: &DecodeError) {
    if let Some(snippet) = e.snippet() {
        assert!(snippet.chars().count() <= SNIPPET_MAX_CHARS + 1, "{e:?}");
    }
    let _ = format!("{e} {e:?}");
}

/// The error-body decoders on `data`.
pub fn error_body(data: &[u8]) {
    match from_xml::<ResponseError>(data, "responseError", None) {
        Ok(e) => {
            let api = ncloud_vserver::runtime::error::ApiError::from(e);
            let _ = api.to_string();
        }
        Err(e) => check_decode_error(&e),
    }
    for result in [
        from_json::<ResponseErrorJsonResponse>(data, None).map(|_| ()),
        from_json::<GatewayErrorResponse>(data, None).map(|_| ()),
    ] {
        if let Err(e) = result {
            check_decode_error(&e);
        }
    }
    // Through decode_body: an error body is never mistaken for a success.
    match decode_body::<GetRegionListRequest>(data, None) {
        Ok(_) => assert!(Format::sniff(data).is_some()),
        Err(e) => check_body_error(&e),
    }
    let u = UnexpectedContent::new(data);
    assert!(
        u.snippet().chars().count() <= SNIPPET_MAX_CHARS + 1,
        "{u:?}"
    );
}

/// Structured input of [`query_sign`].
#[derive(Arbitrary, Debug)]
pub struct QueryInput {
    /// Parameters pushed one by one (any Unicode, empty strings).
    pub pairs: Vec<(String, String)>,
    /// A list parameter (`name.1=..&name.2=..`).
    pub list: Option<(String, Vec<String>)>,
    /// Values for a generated request's string and list parameters.
    pub image_name: Option<String>,
    /// Server image numbers for the generated request.
    pub image_nos: Vec<String>,
    /// An operating system type code (known or not) for the generated request.
    pub os_type: Option<String>,
    /// Signing inputs.
    pub secret_key: String,
    /// The access key.
    pub access_key: String,
    /// The timestamp.
    pub timestamp: u64,
}

/// Encodes `input` as a query, decodes it back and checks the signature.
pub fn query_sign(input: QueryInput) {
    let mut q = QueryWriter::new();
    let mut expected = Vec::new();
    for (name, value) in &input.pairs {
        q.push(name, value);
        expected.push((name.clone(), value.clone()));
    }
    if let Some((name, items)) = &input.list {
        q.push_list(name, items);
        for (i, item) in items.iter().enumerate() {
            expected.push((format!("{name}.{}", i + 1), item.clone()));
        }
    }
    check_query(q.as_str(), &expected);
    check_signature(q.as_str(), &input);

    // A generated request encodes its parameters the same way.
    let mut builder = GetServerImageListRequest::builder();
    let mut expected = Vec::new();
    if let Some(name) = &input.image_name {
        builder = builder.server_image_name(name.clone());
    }
    for (i, no) in input.image_nos.iter().enumerate() {
        builder = builder.server_image_no_list(no.clone());
        expected.push((format!("serverImageNoList.{}", i + 1), no.clone()));
    }
    if let Some(name) = &input.image_name {
        expected.push(("serverImageName".to_owned(), name.clone()));
    }
    if let Some(os) = &input.os_type {
        builder = builder.os_type_code_list(OsTypeCodeValue::from(os.as_str()));
        expected.push(("osTypeCodeList.1".to_owned(), os.clone()));
    }
    let request = builder.build().expect("no required parameters");
    let mut q = QueryWriter::new();
    request.encode_query(&mut q);
    check_query(q.as_str(), &expected);
    check_signature(q.as_str(), &input);
}

/// The query holds only unreserved characters, upper-case `%XX`, `=` and `&`; split and
/// percent-decoded it gives `expected` back; URL parsing keeps it byte for byte.
fn check_query(query: &str, expected: &[(String, String)]) {
    let bytes = query.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let ok = b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'.' | b'_' | b'~' | b'=' | b'&')
            || (b == b'%'
                && bytes.get(i + 1..i + 3).is_some_and(|h| {
                    h.iter()
                        .all(|c| c.is_ascii_digit() || (b'A'..=b'F').contains(c))
                }));
        let in_escape = i >= 1 && bytes[i - 1] == b'%' || i >= 2 && bytes[i - 2] == b'%';
        assert!(ok || in_escape, "byte {b:?} at {i} of {query:?}");
    }
    let mut decoded = decode_query(query).unwrap_or_else(|e| panic!("{query:?}: {e}"));
    let mut expected = expected.to_vec();
    // Generated requests write parameters in the spec's order; compare as multisets.
    decoded.sort();
    expected.sort();
    assert_eq!(decoded, expected, "{query:?}");
    let url = format!("http://127.0.0.1/vserver/v2/getServerImageList?{query}");
    let parsed = reqwest::Url::parse(&url).expect("an encoded query always parses");
    assert_eq!(parsed.query().unwrap_or(""), query);
}

fn check_signature(query: &str, input: &QueryInput) {
    let target = format!("/vserver/v2/getServerImageList?{query}");
    let timestamp = input.timestamp.to_string();
    let signature = ncloud_vserver::runtime::client::signing::sign(
        &input.secret_key,
        "GET",
        &target,
        &timestamp,
        &input.access_key,
    );
    let reference = reference_signature(
        &input.secret_key,
        "GET",
        &target,
        &timestamp,
        &input.access_key,
    );
    assert_eq!(signature, reference, "signature of {target:?}");
}
