//! The JSON decoder (`ncloud_runtime::json`) on generated types: the fixtures generated from
//! `fixtures.yaml`, with lenient scalars, `null` lists, unknown fields and error paths.

// Each test binary uses its own part of the generated fixtures (none the re-exported error types).
#[allow(dead_code, unused_imports)]
mod fixtures;

use fixtures::types::{BlockStorageMapping, GetServerImageDetailResponse};
use ncloud_runtime::Format;
use ncloud_runtime::error::{DecodeError, DecodeErrorKind};
use ncloud_runtime::json::from_json;

/// The success response's JSON wrapper. The generator checks the spec's wrapper schema but
/// does not emit it (`decode_body` reads the top-level key itself); these tests decode through
/// `from_json`, so they name it here.
#[derive(Debug, serde::Deserialize)]
struct JsonResponse {
    #[serde(rename = "getServerImageDetailResponse")]
    get_server_image_detail_response: GetServerImageDetailResponse,
}

fn decode(json: &str) -> Result<GetServerImageDetailResponse, DecodeError> {
    from_json::<JsonResponse>(json.as_bytes(), None).map(|r| r.get_server_image_detail_response)
}

fn mapping_of(fields: &str) -> Result<BlockStorageMapping, DecodeError> {
    let json = format!(
        r#"{{"getServerImageDetailResponse": {{"serverImageList": [{{"serverImageNo": "1",
            "blockStorageMappingList": [{{{fields}}}]}}]}}}}"#
    );
    decode(&json).map(|mut r| {
        r.server_image_list
            .remove(0)
            .block_storage_mapping_list
            .remove(0)
    })
}

const SAMPLE: &str = r#"{
  "getServerImageDetailResponse": {
    "totalRows": 1,
    "requestId": "7a5b-11",
    "returnCode": 0,
    "returnMessage": "success",
    "serverImageList": [
      {
        "serverImageNo": "23214590",
        "serverImageName": "test-img",
        "serverImageProductCode": "SW.VSVR.OS.LNX64.CNTOS.0703.B050",
        "serverImageType": {"code": "NCP", "codeName": "NCP 서버이미지", "extra": [1, {"a": 2}]},
        "createDate": "2020-08-24T10:34:27+0900",
        "blockStorageMappingList": [
          {
            "order": 0,
            "blockStorageSnapshotInstanceNo": 4411,
            "blockStorageSize": "2199023255552",
            "blockStorageVolumeType": {"code": "SSD", "codeName": "SSD"},
            "isEncryptedVolume": true
          }
        ],
        "sharedLoginIdList": null
      }
    ]
  }
}"#;

#[test]
fn decodes_with_lenient_scalars_and_reports_unknown_fields() {
    let mut unknown = Vec::new();
    let r = from_json::<JsonResponse>(SAMPLE.as_bytes(), Some(&mut unknown))
        .unwrap()
        .get_server_image_detail_response;
    assert_eq!(r.return_code.as_deref(), Some("0"));
    assert_eq!(r.total_rows, Some(1));
    let image = &r.server_image_list[0];
    assert_eq!(
        image
            .server_image_type
            .as_ref()
            .unwrap()
            .code_name
            .as_deref(),
        Some("NCP 서버이미지")
    );
    assert_eq!(
        image.create_date.as_ref().unwrap().unix_timestamp(),
        1_598_232_867
    );
    assert!(image.shared_login_id_list.is_empty());
    let m = &image.block_storage_mapping_list[0];
    assert_eq!(
        m.block_storage_snapshot_instance_no.as_deref(),
        Some("4411")
    );
    assert_eq!(m.block_storage_size, Some(2_199_023_255_552));
    assert_eq!(m.is_encrypted_volume, Some(true));
    let paths: Vec<_> = unknown.iter().map(|u| u.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "getServerImageDetailResponse/serverImageList[0]/serverImageProductCode",
            "getServerImageDetailResponse/serverImageList[0]/serverImageType/extra",
            "getServerImageDetailResponse/serverImageList[0]/blockStorageMappingList[0]/blockStorageVolumeType",
        ]
    );
    assert!(unknown.iter().all(|u| u.format == Format::Json));
    assert_eq!(decode(SAMPLE).unwrap(), r);
}

#[test]
fn lenient_numbers_and_strings() {
    let m =
        mapping_of(r#""blockStorageSize": 2199023255552, "blockStorageSnapshotInstanceNo": "x1""#)
            .unwrap();
    assert_eq!(m.block_storage_size, Some(2_199_023_255_552));
    assert_eq!(m.block_storage_snapshot_instance_no.as_deref(), Some("x1"));
    let m =
        mapping_of(r#""blockStorageSize": " 42 ", "blockStorageSnapshotInstanceNo": 1.5"#).unwrap();
    assert_eq!(m.block_storage_size, Some(42));
    assert_eq!(m.block_storage_snapshot_instance_no.as_deref(), Some("1.5"));
    let m = mapping_of(r#""blockStorageSize": "", "blockStorageSnapshotInstanceNo": """#).unwrap();
    assert_eq!(m.block_storage_size, None);
    assert_eq!(m.block_storage_snapshot_instance_no.as_deref(), Some(""));
    let m =
        mapping_of(r#""blockStorageSize": null, "blockStorageSnapshotInstanceNo": null"#).unwrap();
    assert_eq!(
        (m.block_storage_size, m.block_storage_snapshot_instance_no),
        (None, None)
    );
    let m = mapping_of(r#""blockStorageSnapshotInstanceNo": 18446744073709551615"#).unwrap();
    assert_eq!(
        m.block_storage_snapshot_instance_no.as_deref(),
        Some("18446744073709551615")
    );
    let m = mapping_of("").unwrap();
    assert_eq!(m.block_storage_size, None);
}

#[test]
fn error_paths_and_snippets() {
    let json = r#"{"getServerImageDetailResponse": {"serverImageList": [{"serverImageNo": "1",
        "blockStorageMappingList": [{"order": 0}, {"blockStorageSize": "abc"}]}]}}"#;
    let e = decode(json).unwrap_err();
    assert_eq!(e.format(), Format::Json);
    assert_eq!(
        e.path(),
        "getServerImageDetailResponse/serverImageList[0]/blockStorageMappingList[1]/blockStorageSize"
    );
    assert_eq!(
        e.kind(),
        &DecodeErrorKind::Data {
            message: "invalid value: string \"abc\", expected a 64-bit integer (number or string)"
                .into()
        }
    );
    assert!(
        e.snippet()
            .unwrap()
            .contains(r#""blockStorageSize": "abc""#),
        "{e:?}"
    );
    assert!(
        e.to_string().starts_with(
            "JSON decode error at getServerImageDetailResponse/serverImageList[0]/\
             blockStorageMappingList[1]/blockStorageSize: invalid value: string \"abc\""
        ),
        "{e}"
    );

    let e = decode(
        r#"{"getServerImageDetailResponse": {"serverImageList": [{"serverImageName": "x"}]}}"#,
    )
    .unwrap_err();
    assert_eq!(e.path(), "getServerImageDetailResponse/serverImageList[0]");
    assert_eq!(
        e.kind(),
        &DecodeErrorKind::MissingField {
            field: "serverImageNo".into()
        }
    );

    let e = decode(r#"{"getServerImageDetailResponse": {"totalRows": "1"}}"#).unwrap_err();
    assert_eq!(e.path(), "getServerImageDetailResponse/totalRows");

    let e = decode(r#"{"getServerImageDetailResponse": {"serverImageList": [{"serverImageNo": "1", "createDate": "2020-08-24"}]}}"#)
        .unwrap_err();
    assert_eq!(
        e.path(),
        "getServerImageDetailResponse/serverImageList[0]/createDate"
    );
    assert!(e.to_string().contains("expected a date-time like"), "{e}");
}

#[test]
fn syntax_errors_truncation_and_bom() {
    let cut = SAMPLE.find("2199023255552").unwrap() + 4;
    let e = decode(&SAMPLE[..cut]).unwrap_err();
    assert_eq!(e.kind(), &DecodeErrorKind::UnexpectedEof);
    assert_eq!(
        e.path(),
        "getServerImageDetailResponse/serverImageList[0]/blockStorageMappingList[0]/blockStorageSize"
    );
    let e = decode(r#"{"getServerImageDetailResponse": {"totalRows": 1,}}"#).unwrap_err();
    assert!(matches!(e.kind(), DecodeErrorKind::Syntax { .. }), "{e:?}");
    assert!(e.snippet().unwrap().contains("1,}"), "{e:?}");
    let e = decode(r#"{"getServerImageDetailResponse": {}} x"#).unwrap_err();
    assert!(matches!(e.kind(), DecodeErrorKind::Syntax { .. }), "{e:?}");
    assert_eq!(e.path(), "");
    let e = decode(r#"{"getServerImageDetailResponse": {"serverImageList": {}}}"#).unwrap_err();
    assert_eq!(e.path(), "getServerImageDetailResponse/serverImageList");
    let e = decode("").unwrap_err();
    assert_eq!(e.kind(), &DecodeErrorKind::UnexpectedEof);
    let bom = format!("\u{FEFF}{SAMPLE}");
    assert_eq!(decode(&bom).unwrap(), decode(SAMPLE).unwrap());
}
