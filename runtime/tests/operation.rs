//! Whole response bodies (`ncloud_runtime::operation`): success and error bodies of the
//! fixtures' generated operation in both formats, HTML and other unexpected content, and the
//! HTTP status and request id the client fills in.

mod common;
// Each test binary uses its own part of the generated fixtures (none the re-exported error types).
#[allow(dead_code, unused_imports)]
mod fixtures;

use common::SAMPLE_XML;
use fixtures::operations::GetServerImageDetailRequest;
use fixtures::types::{GetServerImageDetailResponse, ResponseError};
use ncloud_runtime::error::{
    ApiError, DecodeError, DecodeErrorKind, GatewayError, SNIPPET_MAX_CHARS, UnexpectedContent,
};
use ncloud_runtime::query::QueryWriter;
use ncloud_runtime::{
    BodyError, Format, Operation, decode_body, encode_body, encode_response_error,
};

type Op = GetServerImageDetailRequest;

fn body(input: &str) -> Result<GetServerImageDetailResponse, BodyError> {
    decode_body::<Op>(input.as_bytes(), None)
}

fn api_error(input: &str) -> ApiError {
    match body(input) {
        Err(BodyError::Api(e)) => e,
        other => panic!("expected an API error, got {other:?}"),
    }
}

fn gateway_error(input: &str) -> GatewayError {
    match body(input) {
        Err(BodyError::Gateway(e)) => e,
        other => panic!("expected a gateway error, got {other:?}"),
    }
}

fn unexpected(input: &str) -> UnexpectedContent {
    match body(input) {
        Err(BodyError::UnexpectedContent(e)) => e,
        other => panic!("expected unexpected content, got {other:?}"),
    }
}

fn decode_error(input: &str) -> DecodeError {
    match body(input) {
        Err(BodyError::Decode(e)) => e,
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[test]
fn success_xml_and_json() {
    let mut unknown = Vec::new();
    let xml = decode_body::<Op>(SAMPLE_XML.as_bytes(), Some(&mut unknown)).unwrap();
    assert_eq!(xml.server_image_list[0].server_image_no, "***5847");
    assert_eq!(unknown.len(), 2);

    // The JSON wrapper is not generated (decode_body reads the top-level key itself).
    let json = serde_json::to_string(&serde_json::json!({ "getServerImageDetailResponse": &xml }))
        .unwrap();
    let json = format!("\u{FEFF}\n  {json}\n");
    assert_eq!(body(&json).unwrap(), xml);
}

#[test]
fn encoded_bodies_decode_to_the_same_value_in_both_formats() {
    let mut value = body(SAMPLE_XML).unwrap();
    let mapping = &mut value.server_image_list[0].block_storage_mapping_list[0];
    mapping.throughput = Some(i64::MAX);
    mapping.iops_ratio = Some(0.1);
    value.server_image_list[0].shared_login_id_list = vec!["ncloud".into(), String::new()];
    for format in [Format::Xml, Format::Json] {
        let bytes = encode_body::<Op>(&value, format);
        assert_eq!(Format::sniff(&bytes), Some(format));
        assert_eq!(
            decode_body::<Op>(&bytes, None).unwrap(),
            value,
            "{format:?}"
        );
    }
}

#[test]
fn an_encoded_response_error_decodes_to_the_api_error() {
    let error = ResponseError::new(Some("800".into()), Some("<denied> & logged".into()));
    for format in [Format::Xml, Format::Json] {
        let bytes = encode_response_error(&error, format);
        match decode_body::<Op>(&bytes, None) {
            Err(BodyError::Api(e)) => {
                assert_eq!(e.return_code(), Some("800"), "{format:?}");
                assert_eq!(e.return_message(), Some("<denied> & logged"), "{format:?}");
            }
            other => panic!("{format:?}: expected an API error, got {other:?}"),
        }
    }
}

#[test]
fn response_error_xml() {
    let e = api_error(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<responseError>\
         <returnCode>1300</returnCode><returnMessage>Server image not found.</returnMessage>\
         </responseError>",
    );
    assert_eq!(e.return_code(), Some("1300"));
    assert_eq!(e.return_message(), Some("Server image not found."));
    assert_eq!((e.http_status(), e.request_id()), (None, None));
}

#[test]
fn response_error_json_with_numeric_code() {
    let e = api_error(
        r#"{"responseError": {"returnCode": 800, "returnMessage": "Required parameter missing"}}"#,
    );
    assert_eq!(e.return_code(), Some("800"));
    assert_eq!(e.return_message(), Some("Required parameter missing"));
    let e = api_error(r#"{"responseError": {"returnCode": "900", "returnMessage": "x"}}"#);
    assert_eq!(e.return_code(), Some("900"));
}

#[test]
fn response_error_with_response_code_and_message() {
    // One capture names the fields `responseCode` / `responseMessage`: the same error.
    let xml = "<responseError><responseCode>24300</responseCode>\
               <responseMessage>no such image </responseMessage></responseError>";
    let json = r#"{"responseError": {"responseCode": 24300, "responseMessage": "no such image "}}"#;
    for body in [xml, json] {
        let e = api_error(body);
        assert_eq!(e.return_code(), Some("24300"), "{body}");
        assert_eq!(e.return_message(), Some("no such image "), "{body}");
    }
    // The decoded body keeps which names came, and is written back with them.
    let mut r = ncloud_runtime::xml::XmlReader::new(xml.as_bytes(), None);
    r.root().unwrap();
    let decoded = <ResponseError as ncloud_runtime::xml::XmlDecode>::decode_xml(&mut r).unwrap();
    assert_eq!(
        (
            decoded.return_code.as_deref(),
            decoded.response_code.as_deref()
        ),
        (None, Some("24300"))
    );
    assert_eq!(
        (decoded.code(), decoded.message()),
        (Some("24300"), Some("no such image "))
    );
    let from_json: ResponseError = ncloud_runtime::json::from_json(
        br#"{"responseCode": "24300", "responseMessage": "no such image "}"#,
        None,
    )
    .unwrap();
    assert_eq!(from_json, decoded);
    for format in [Format::Xml, Format::Json] {
        let bytes = encode_response_error(&decoded, format);
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert!(
            text.contains("responseCode") && !text.contains("returnCode"),
            "{text}"
        );
        match decode_body::<Op>(&bytes, None) {
            Err(BodyError::Api(e)) => assert_eq!(e.return_code(), Some("24300"), "{format:?}"),
            other => panic!("{format:?}: expected an API error, got {other:?}"),
        }
    }
    // Both spellings at once: `returnCode` wins, and both are kept.
    let e = api_error(
        "<responseError><returnCode>1</returnCode><responseCode>2</responseCode>\
         <responseMessage>m2</responseMessage></responseError>",
    );
    assert_eq!(
        (e.return_code(), e.return_message()),
        (Some("1"), Some("m2"))
    );
}

#[test]
fn gateway_error_json() {
    let e = gateway_error(
        r#"{"error": {"errorCode": "200", "message": "Authentication Failed",
            "details": "Invalid authentication information."}}"#,
    );
    assert_eq!(e.error_code(), Some("200"));
    assert_eq!(e.message(), Some("Authentication Failed"));
    assert_eq!(e.details(), Some("Invalid authentication information."));
    let e = gateway_error(
        r#"{"error": {"errorCode": 400, "message": "Quota Exceeded", "requestId": "r-1"}}"#,
    );
    assert_eq!(e.error_code(), Some("400"));
    assert_eq!(e.request_id(), Some("r-1"));
    assert_eq!(e.details(), None);
    // An XML `error` root is understood too.
    let e = gateway_error(
        "<error><errorCode>210</errorCode><message>Permission Denied</message></error>",
    );
    assert_eq!(e.error_code(), Some("210"));
}

#[test]
fn html_and_other_content_is_unexpected() {
    for page in [
        "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head></html>",
        "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head></html>",
        "\n<HTML><BODY>error</BODY></HTML>",
        "<?xml version=\"1.0\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" \
         \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd\">\n\
         <html xmlns=\"http://www.w3.org/1999/xhtml\"><body>x</body></html>",
        "Service Unavailable",
        "[]",
        "",
    ] {
        let e = unexpected(page);
        assert!(e.snippet().chars().count() <= SNIPPET_MAX_CHARS + 1);
        assert!(
            page.trim_start()
                .starts_with(e.snippet().trim_end_matches('…')),
            "{e:?}"
        );
    }
    let long = format!("<!DOCTYPE html>{}", "x".repeat(1000));
    assert!(unexpected(&long).snippet().ends_with('…'));
}

#[test]
fn non_zero_return_code_is_an_api_error() {
    let xml = "<getServerImageDetailResponse><requestId>req-9</requestId>\
               <returnCode>1</returnCode><returnMessage>partial failure</returnMessage>\
               </getServerImageDetailResponse>";
    let e = api_error(xml);
    assert_eq!(e.return_code(), Some("1"));
    assert_eq!(e.return_message(), Some("partial failure"));
    assert_eq!(e.request_id(), Some("req-9"));
    let json = r#"{"getServerImageDetailResponse": {"returnCode": 1300, "returnMessage": "m"}}"#;
    let e = api_error(json);
    assert_eq!((e.return_code(), e.request_id()), (Some("1300"), None));
    // `0`, empty and absent codes are successes.
    for ok in [
        "<getServerImageDetailResponse><returnCode>0</returnCode></getServerImageDetailResponse>",
        "<getServerImageDetailResponse><returnCode/></getServerImageDetailResponse>",
        "<getServerImageDetailResponse/>",
        r#"{"getServerImageDetailResponse": {"returnCode": "0"}}"#,
        r#"{"getServerImageDetailResponse": {}}"#,
    ] {
        assert!(body(ok).is_ok(), "{ok}");
    }
}

#[test]
fn unrecognized_documents() {
    let e = decode_error("<getRegionListResponse/>");
    assert_eq!(
        e.kind(),
        &DecodeErrorKind::UnexpectedRoot {
            expected: "getServerImageDetailResponse",
            found: "getRegionListResponse".into()
        }
    );
    let e = decode_error(r#"{"getRegionListResponse": {}}"#);
    assert_eq!(e.format(), Format::Json);
    assert_eq!(
        e.kind(),
        &DecodeErrorKind::UnexpectedRoot {
            expected: "getServerImageDetailResponse",
            found: "getRegionListResponse".into()
        }
    );
    let e = decode_error("{}");
    assert_eq!(
        e.to_string(),
        "JSON decode error: expected `getServerImageDetailResponse` at the top level, found nothing"
    );
    let e = decode_error(r#"{"getServerImageDetailResponse": {"totalRows": "x"}}"#);
    assert_eq!(e.path(), "getServerImageDetailResponse/totalRows");
    let e = decode_error("<getServerImageDetailResponse><totalRows>x</totalRows>");
    assert_eq!(e.path(), "getServerImageDetailResponse/totalRows");
    assert_eq!(
        decode_error("<responseError><returnCode>1</returnCode>").kind(),
        &DecodeErrorKind::UnexpectedEof
    );
}

#[test]
fn extra_top_level_json_keys_are_reported() {
    let mut unknown = Vec::new();
    let r = decode_body::<Op>(
        br#"{"meta": {"a": 1}, "getServerImageDetailResponse": {"totalRows": 0}, "more": []}"#,
        Some(&mut unknown),
    )
    .unwrap();
    assert_eq!(r.total_rows, Some(0));
    let paths: Vec<_> = unknown.iter().map(|u| u.path.as_str()).collect();
    assert_eq!(paths, ["meta", "more"]);
}

#[test]
fn status_and_request_id_are_filled_in() {
    let mut e = body(r#"{"responseError": {"returnCode": "1300"}}"#).unwrap_err();
    e.set_http_status(404);
    e.fill_request_id("hdr-1");
    let BodyError::Api(api) = &e else {
        panic!("{e:?}")
    };
    assert_eq!(
        (api.http_status(), api.request_id()),
        (Some(404), Some("hdr-1"))
    );
    assert_eq!(
        e.to_string(),
        "NCP API error 1300 (HTTP 404, request id hdr-1)"
    );
    assert!(std::error::Error::source(&e).is_some());

    let mut e = body(r#"{"error": {"errorCode": 200, "requestId": "body-1"}}"#).unwrap_err();
    e.fill_request_id("hdr-1");
    e.set_http_status(401);
    let BodyError::Gateway(g) = &e else {
        panic!("{e:?}")
    };
    assert_eq!(
        (g.http_status(), g.request_id()),
        (Some(401), Some("body-1"))
    );

    let mut e = body("<html></html>").unwrap_err();
    e.set_http_status(502);
    assert!(e.to_string().ends_with("(HTTP 502)"), "{e}");
}

#[test]
fn operation_encodes_its_query() {
    let request = GetServerImageDetailRequest::builder()
        .region_code("KR")
        .server_image_no("23214590")
        .build()
        .unwrap();
    let mut q = QueryWriter::new();
    request.encode_query(&mut q);
    assert_eq!(q.as_str(), "regionCode=KR&serverImageNo=23214590");
    assert_eq!(Op::NAME, "getServerImageDetail");
}
