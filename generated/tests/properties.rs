//! Property tests (proptest):
//!
//! - arbitrary response values, written as XML (the generated encoders) and as JSON (serde),
//!   decode back to equal values through `decode_body`, for every operation;
//! - arbitrary query parameters (any Unicode, reserved characters, empty strings, lists) encode
//!   into a query that percent-decodes back to the same pairs, and the signature over that
//!   request verifies with the independent reference signer (`ncloud-test-support`).
//!
//! The strategies build every struct with a full struct literal, so a field added to the spec
//! (and so to the generated types) fails to compile here until it gets a strategy.

mod common;

use ncloud_test_support::oracles::{self, RoundTrip};
use ncloud_test_support::{decode_query, reference_signature};
use ncloud_vserver::operations::{
    GetRegionListRequest, GetServerImageDetailRequest, GetServerImageListRequest,
};
use ncloud_vserver::runtime::client::signing;
use ncloud_vserver::runtime::query::QueryWriter;
use ncloud_vserver::runtime::{DateTime, Format, Operation, decode_body};
use ncloud_vserver::types::*;
use proptest::collection::vec;
use proptest::option::of;
use proptest::prelude::*;

// ----------------------------------------------------------------------------------------------
// Strategies for the response types
// ----------------------------------------------------------------------------------------------

/// Any text but NUL, which no XML document can carry (see `runtime::xml_write`); control
/// characters, `\r`, markup characters and non-BMP characters included.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[<>&\"' \r\n\t\u{1}-\u{1f}a-z가-힣\u{10000}-\u{10010}]{0,12}".prop_map(String::from),
    ]
    .prop_map(|s| s.replace('\0', ""))
}

/// The wire values of the spec's enums, plus values from a newer API.
const CODES: &[&str] = &[
    "APP",
    "ASC",
    "CB1",
    "CENTOS",
    "CREAT",
    "CREFL",
    "DBMS",
    "DESC",
    "FADE_OUT",
    "FB1",
    "GPU",
    "HDD",
    "INIT",
    "IN_SERVICE",
    "KVM",
    "LINUX",
    "NAVIX",
    "NCP",
    "OS",
    "RETIRED",
    "RHV",
    "ROCKY",
    "SELF",
    "SSD",
    "UBUNTU",
    "WINDOWS",
    "X86_64",
    "XEN",
    "ARM64",
    "QUANTUM_OS",
];

/// A code: a known value or an unknown one (kept as `Unknown`). Codes are scalars, which the
/// decoders trim, so an unknown code is never blank nor padded.
fn code<T: From<String> + std::fmt::Debug>() -> impl Strategy<Value = T> {
    prop_oneof![
        3 => proptest::sample::select(CODES).prop_map(str::to_owned),
        1 => "[A-Za-z0-9_가-힣][A-Za-z0-9_ 가-힣]{0,8}[A-Za-z0-9_]".prop_map(String::from),
    ]
    .prop_map(T::from)
}

fn date_time() -> impl Strategy<Value = DateTime> {
    (
        0i64..4_102_444_800,
        prop_oneof![Just("+0900"), Just("Z"), Just("+09:00"), Just("-0330")],
    )
        .prop_map(|(secs, offset)| {
            let days = secs / 86_400;
            let (y, m, d) = civil_from_days(days);
            let rem = secs % 86_400;
            let text = format!(
                "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}{offset}",
                rem / 3600,
                rem / 60 % 60,
                rem % 60
            );
            DateTime::parse(&text).unwrap()
        })
}

/// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

macro_rules! code_struct {
    ($name:ident, $ty:ident) => {
        fn $name() -> impl Strategy<Value = $ty> {
            (of(code()), of(text())).prop_map(|(code, code_name)| {
                let mut value = $ty::default();
                value.code = code;
                value.code_name = code_name;
                value
            })
        }
    };
}
code_struct!(server_image_type, ServerImageTypeCode);
code_struct!(life_cycle_phase, ServerImageLifeCyclePhaseCode);
code_struct!(hypervisor_type, HypervisorTypeCode);
code_struct!(cpu_architecture_type, CpuArchitectureTypeCode);
code_struct!(os_category_type, OsCategoryTypeCode);
code_struct!(os_type, OsTypeCode);
code_struct!(server_image_status, ServerImageStatusCode);
code_struct!(volume_type, BlockStorageVolumeTypeCode);

fn common_code() -> impl Strategy<Value = CommonCode> {
    (of(text()), of(text())).prop_map(|(code, code_name)| {
        let mut common_code = CommonCode::default();
        common_code.code = code;
        common_code.code_name = code_name;
        common_code
    })
}

fn block_storage_mapping() -> impl Strategy<Value = BlockStorageMapping> {
    (
        of(any::<i32>()),
        of(text()),
        of(text()),
        of(any::<i64>()),
        of(text()),
        of(volume_type()),
        of(any::<i32>()),
        of(any::<i64>()),
        of(any::<bool>()),
    )
        .prop_map(
            |(
                order,
                block_storage_snapshot_instance_no,
                block_storage_snapshot_name,
                block_storage_size,
                block_storage_name,
                block_storage_volume_type,
                iops,
                throughput,
                is_encrypted_volume,
            )| {
                let mut mapping = BlockStorageMapping::default();
                mapping.order = order;
                mapping.block_storage_snapshot_instance_no = block_storage_snapshot_instance_no;
                mapping.block_storage_snapshot_name = block_storage_snapshot_name;
                mapping.block_storage_size = block_storage_size;
                mapping.block_storage_name = block_storage_name;
                mapping.block_storage_volume_type = block_storage_volume_type;
                mapping.iops = iops;
                mapping.throughput = throughput;
                mapping.is_encrypted_volume = is_encrypted_volume;
                mapping
            },
        )
}

fn server_image() -> impl Strategy<Value = ServerImage> {
    let names = (of(text()), of(text()), of(text()), of(text()), of(text()));
    let codes = (
        of(server_image_type()),
        of(life_cycle_phase()),
        of(hypervisor_type()),
        of(cpu_architecture_type()),
        of(os_category_type()),
        of(os_type()),
        of(server_image_status()),
        of(common_code()),
    );
    let rest = (
        of(text()),
        of(date_time()),
        of(common_code()),
        vec(text(), 0..3),
        of(code()),
        vec(block_storage_mapping(), 0..3),
    );
    (names, codes, rest).prop_map(
        |(
            (
                server_image_no,
                server_image_name,
                server_image_description,
                server_image_product_code,
                product_code,
            ),
            (
                server_image_type,
                server_image_life_cycle_phase,
                hypervisor_type,
                cpu_architecture_type,
                os_category_type,
                os_type,
                server_image_status,
                server_image_operation,
            ),
            (
                server_image_status_name,
                create_date,
                share_status,
                shared_login_id_list,
                platform_category_code,
                block_storage_mapping_list,
            ),
        )| {
            let mut image = ServerImage::default();
            image.server_image_no = server_image_no;
            image.server_image_name = server_image_name;
            image.server_image_description = server_image_description;
            image.server_image_product_code = server_image_product_code;
            image.product_code = product_code;
            image.server_image_type = server_image_type;
            image.server_image_life_cycle_phase = server_image_life_cycle_phase;
            image.hypervisor_type = hypervisor_type;
            image.cpu_architecture_type = cpu_architecture_type;
            image.os_category_type = os_category_type;
            image.os_type = os_type;
            image.server_image_status = server_image_status;
            image.server_image_operation = server_image_operation;
            image.server_image_status_name = server_image_status_name;
            image.create_date = create_date;
            image.share_status = share_status;
            image.shared_login_id_list = shared_login_id_list;
            image.platform_category_code = platform_category_code;
            image.block_storage_mapping_list = block_storage_mapping_list;
            image
        },
    )
}

fn region() -> impl Strategy<Value = Region> {
    (of(text()), of(text())).prop_map(|(region_code, region_name)| {
        let mut region = Region::default();
        region.region_code = region_code;
        region.region_name = region_name;
        region
    })
}

/// The envelope of a success body: `returnCode` `0` (or absent), so the body is not an error.
fn envelope() -> impl Strategy<Value = (Option<String>, Option<String>, Option<String>, Option<i32>)>
{
    (
        of(text()),
        of(prop_oneof![Just("0".to_owned()), Just(String::new())]),
        of(text()),
        of(any::<i32>()),
    )
}

fn detail_response() -> impl Strategy<Value = GetServerImageDetailResponse> {
    (envelope(), vec(server_image(), 0..3)).prop_map(
        |((request_id, return_code, return_message, total_rows), server_image_list)| {
            let mut response = GetServerImageDetailResponse::default();
            response.request_id = request_id;
            response.return_code = return_code;
            response.return_message = return_message;
            response.total_rows = total_rows;
            response.server_image_list = server_image_list;
            response
        },
    )
}

fn list_response() -> impl Strategy<Value = GetServerImageListResponse> {
    (envelope(), vec(server_image(), 0..3)).prop_map(
        |((request_id, return_code, return_message, total_rows), server_image_list)| {
            let mut response = GetServerImageListResponse::default();
            response.request_id = request_id;
            response.return_code = return_code;
            response.return_message = return_message;
            response.total_rows = total_rows;
            response.server_image_list = server_image_list;
            response
        },
    )
}

fn region_response() -> impl Strategy<Value = GetRegionListResponse> {
    (envelope(), vec(region(), 0..4)).prop_map(
        |((request_id, return_code, return_message, total_rows), region_list)| {
            let mut response = GetRegionListResponse::default();
            response.request_id = request_id;
            response.return_code = return_code;
            response.return_message = return_message;
            response.total_rows = total_rows;
            response.region_list = region_list;
            response
        },
    )
}

/// `value` written in each format decodes back to itself.
fn round_trip<O: Operation>(value: &O::Output) -> Result<(), TestCaseError>
where
    O::Output: PartialEq + std::fmt::Debug,
{
    for format in [Format::Xml, Format::Json] {
        // The strategies hold no NUL and a zero returnCode: anything but `Equal` is a failure.
        prop_assert_eq!(
            oracles::round_trip::<O>(value, format),
            Ok(RoundTrip::Equal)
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn server_image_detail_round_trips(value in detail_response()) {
        round_trip::<GetServerImageDetailRequest>(&value)?;
    }

    #[test]
    fn server_image_list_round_trips(value in list_response()) {
        round_trip::<GetServerImageListRequest>(&value)?;
    }

    #[test]
    fn region_list_round_trips(value in region_response()) {
        round_trip::<GetRegionListRequest>(&value)?;
    }

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
        os in vec(code::<OsTypeCodeValue>(), 0..3),
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
            let mut expected: Vec<(String, String)> = numbers
                .iter()
                .enumerate()
                .map(|(i, n)| (format!("serverImageNoList.{}", i + 1), n.clone()))
                .collect();
            if let Some(name) = name {
                expected.push(("serverImageName".to_owned(), name));
            }
            expected.push(("responseFormatType".to_owned(), "xml".to_owned()));
            prop_assert_eq!(params, expected);
            Ok(())
        })
        .unwrap();
}
