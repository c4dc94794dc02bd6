//! Property tests (proptest):
//!
//! - an error body with any code and message decodes as that API error, in both formats;
//! - arbitrary query parameters (any Unicode, reserved characters, empty strings, lists) encode
//!   into a query that percent-decodes back to the same pairs, and the signature over that
//!   request verifies with the independent reference signer (`ncloud-test-support`).
//!
//! Arbitrary response bodies of every operation, built from the spec, are round-tripped in
//! `tests/tests/properties.rs` (driven by the registry, so no operation is named there).

mod common;

use ncloud_test_support::{decode_query, reference_signature};
use ncloud_vserver::operations::{GetRegionListRequest, GetServerImageListRequest};
use ncloud_vserver::runtime::client::signing;
use ncloud_vserver::runtime::query::QueryWriter;
use ncloud_vserver::runtime::{Format, Operation, decode_body};
use ncloud_vserver::types::*;
use proptest::collection::vec;
use proptest::option::of;
use proptest::prelude::*;

/// Any text but NUL, which no XML document can carry (see `runtime::xml_write`); control
/// characters, `\r`, markup characters and non-BMP characters included.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[<>&\"' \r\n\t\u{1}-\u{1f}a-z가-힣\u{10000}-\u{10010}]{0,12}".prop_map(String::from),
    ]
    .prop_map(|s| s.replace('\0', ""))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn response_error_round_trips(code in of(text()), message in of(text())) {
        let error = ResponseError::new(code, message);
        for format in [Format::Xml, Format::Json] {
            let body = ncloud_vserver::runtime::encode_response_error(&error, format);
            match decode_body::<GetRegionListRequest>(&body, None) {
                Err(ncloud_vserver::runtime::BodyError::Api(e)) => {
                    prop_assert_eq!(e.return_code(), error.return_code.as_deref());
                    prop_assert_eq!(e.return_message(), error.return_message.as_deref());
                }
                other => prop_assert!(false, "{:?}: {:?}", format, other),
            }
        }
    }
}

// ----------------------------------------------------------------------------------------------
// Query encoding and signing
// ----------------------------------------------------------------------------------------------

/// Parameter names and values: any Unicode, the characters a query treats specially, empty.
fn param_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[&=?#%+/;:@!$'()*,\\[\\] ~._-]{0,6}".prop_map(String::from),
        Just(String::new()),
        "[a-zA-Z가-힣 ]{1,8}".prop_map(String::from),
    ]
}

/// The query's parameters as a server decodes them.
fn decoded_pairs(query: &str) -> Vec<(String, String)> {
    decode_query(query).unwrap_or_else(|e| panic!("{query:?}: {e}"))
}

fn check_signature(
    target: &str,
    secret: &str,
    access: &str,
    ts: &str,
) -> Result<(), TestCaseError> {
    let signed = signing::sign(secret, "GET", target, ts, access);
    prop_assert_eq!(
        signed,
        reference_signature(secret, "GET", target, ts, access)
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_parameters_encode_into_a_query_that_decodes_back(
        pairs in vec((param_text(), param_text()), 0..6),
        list in of((param_text(), vec(param_text(), 0..4))),
        secret in any::<String>(),
        access in "[A-Za-z0-9]{1,24}",
        ts in any::<u64>(),
    ) {
        let mut q = QueryWriter::new();
        let mut expected = Vec::new();
        for (name, value) in &pairs {
            q.push(name, value);
            expected.push((name.clone(), value.clone()));
        }
        if let Some((name, items)) = &list {
            q.push_list(name, items);
            expected.extend(items.iter().enumerate().map(|(i, v)| (format!("{name}.{}", i + 1), v.clone())));
        }
        let query = q.as_str();
        prop_assert!(
            query.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%=&".contains(&b)),
            "{}", query
        );
        prop_assert_eq!(decoded_pairs(query), expected);
        let target = format!("/vserver/v2/getServerImageList?{query}");
        check_signature(&target, &secret, &access, &ts.to_string())?;
    }

    #[test]
    fn generated_request_parameters_decode_back(
        name in of(param_text()),
        numbers in vec(param_text(), 0..4),
        os in vec(
            prop_oneof![
                proptest::sample::select(OsTypeCodeValue::values()).prop_map(|v| OsTypeCodeValue::from(v.to_owned())),
                "[A-Z][A-Z0-9_]{0,8}".prop_map(OsTypeCodeValue::from),
            ],
            0..3,
        ),
        page in of((1i32..1000, 1i32..=1000)),
        secret in any::<String>(),
    ) {
        let mut builder = GetServerImageListRequest::builder();
        if let Some(name) = &name {
            builder = builder.server_image_name(name.clone());
        }
        for n in &numbers {
            builder = builder.server_image_no_list(n.clone());
        }
        for code in &os {
            builder = builder.os_type_code_list(code.clone());
        }
        if let Some((no, size)) = page {
            builder = builder.page_no(no).page_size(size);
        }
        let request = builder.build().unwrap();
        let mut q = QueryWriter::new();
        request.encode_query(&mut q);
        let mut expected: Vec<(String, String)> = numbers
            .iter()
            .enumerate()
            .map(|(i, n)| (format!("serverImageNoList.{}", i + 1), n.clone()))
            .collect();
        if let Some(name) = &name {
            expected.push(("serverImageName".to_owned(), name.clone()));
        }
        expected.extend(os.iter().enumerate().map(|(i, c)| (format!("osTypeCodeList.{}", i + 1), c.as_str().to_owned())));
        if let Some((no, size)) = page {
            expected.push(("pageNo".to_owned(), no.to_string()));
            expected.push(("pageSize".to_owned(), size.to_string()));
        }
        let mut decoded = decoded_pairs(q.as_str());
        decoded.sort();
        expected.sort();
        prop_assert_eq!(decoded, expected);
        let target = format!("/vserver/v2/getServerImageList?{}", q.as_str());
        check_signature(&target, &secret, common::ACCESS_KEY, "1700000000000")?;
    }
}

#[test]
fn arbitrary_requests_are_accepted_by_the_verifying_mock_gateway() {
    // End to end: the client encodes and signs, the mock recomputes the signature from the raw
    // request-target it received and decodes the query itself.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mock = rt.block_on(common::MockGateway::start(vec![]));
    let client = rt.block_on(async { mock.client() });
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(48));
    let strategy = (of(param_text()), vec(param_text(), 0..3));
    runner
        .run(&strategy, |(name, numbers)| {
            let mut builder = GetServerImageListRequest::builder();
            if let Some(name) = &name {
                builder = builder.server_image_name(name.clone());
            }
            for n in &numbers {
                builder = builder.server_image_no_list(n.clone());
            }
            let before = mock.seen().len();
            rt.block_on(common::within(client.send(builder.build().unwrap())))
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            let seen = mock.seen();
            prop_assert_eq!(seen.len(), before + 1);
            let last = seen.last().unwrap();
            prop_assert!(last.signature_ok, "{:?}", last);
            prop_assert_eq!(&last.method, "POST");
            prop_assert_eq!(last.query(), "responseFormatType=xml");
            let params = last.params();
            // Spec order: the name, then the numbers.
            let mut expected: Vec<(String, String)> = name
                .map(|name| ("serverImageName".to_owned(), name))
                .into_iter()
                .collect();
            expected.extend(
                numbers
                    .iter()
                    .enumerate()
                    .map(|(i, n)| (format!("serverImageNoList.{}", i + 1), n.clone())),
            );
            expected.push(("responseFormatType".to_owned(), "xml".to_owned()));
            prop_assert_eq!(params, expected);
            Ok(())
        })
        .unwrap();
}
