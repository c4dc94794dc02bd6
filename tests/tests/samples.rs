//! The sample bodies in `tests/samples` decode, XML and JSON to equal values, and the decoded
//! value is pinned by a snapshot.

use ncloud_vserver::operations::GetServerImageDetailRequest;
use ncloud_vserver::registry::{OPERATION_NAMES, for_each_mock_operation};
use ncloud_vserver::runtime::mock::MockOperation;
use ncloud_vserver::runtime::registry::MockVisitor;
use ncloud_vserver::runtime::{BodyError, UnknownField, decode_body};
use ncloud_vserver::types::{
    GetServerImageDetailResponse, OsTypeCodeValue, ServerImageLifeCyclePhaseCodeValue,
    ServerImageTypeCodeValue,
};
use std::path::PathBuf;

fn sample(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

fn decode(name: &str) -> (GetServerImageDetailResponse, Vec<UnknownField>) {
    let mut unknown = Vec::new();
    let body = decode_body::<GetServerImageDetailRequest>(&sample(name), Some(&mut unknown))
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    (body, unknown)
}

#[test]
fn detail_xml_and_json_decode_to_equal_values() {
    let (xml, xml_unknown) = decode("getServerImageDetail.xml");
    let (json, json_unknown) = decode("getServerImageDetail.json");
    assert_eq!(xml, json);
    assert!(
        xml_unknown.is_empty(),
        "unexpected unknown: {xml_unknown:?}"
    );
    assert!(
        json_unknown.is_empty(),
        "unexpected unknown: {json_unknown:?}"
    );
}

#[test]
fn detail_xml_fields() {
    let (body, _) = decode("getServerImageDetail.xml");
    assert_eq!(body.return_code.as_deref(), Some("0"));
    assert_eq!(body.request_id.as_deref(), Some(""));
    assert_eq!(body.total_rows, Some(1));
    let [image] = body.server_image_list.as_slice() else {
        panic!("one image expected: {:?}", body.server_image_list)
    };
    assert_eq!(image.server_image_no.as_deref(), Some("***5847"));
    assert_eq!(image.server_image_description.as_deref(), Some(""));
    assert_eq!(
        image.product_code.as_deref(),
        Some("SW.VSVR.OS.LNX64.CNTOS.0703.B050")
    );
    assert_eq!(image.server_image_product_code, None);
    let kind = image.server_image_type.as_ref().unwrap();
    assert_eq!(kind.code, Some(ServerImageTypeCodeValue::Ncp));
    assert_eq!(kind.code_name.as_deref(), Some("NCP Server Image"));
    assert_eq!(
        image.server_image_life_cycle_phase.as_ref().unwrap().code,
        Some(ServerImageLifeCyclePhaseCodeValue::InService)
    );
    assert_eq!(
        image.os_type.as_ref().unwrap().code,
        Some(OsTypeCodeValue::Centos)
    );
    let created = image.create_date.as_ref().unwrap();
    assert_eq!(created.as_str(), "2020-08-24T10:34:27+0900");
    assert_eq!(created.unix_timestamp(), 1_598_232_867);
    assert_eq!(created.offset_seconds(), 9 * 3600);
    assert!(image.shared_login_id_list.is_empty());
    let [mapping] = image.block_storage_mapping_list.as_slice() else {
        panic!("one mapping expected")
    };
    assert_eq!(mapping.order, Some(0));
    assert_eq!(mapping.block_storage_size, Some(53_687_091_200));
    assert_eq!(mapping.is_encrypted_volume, Some(false));
}

#[test]
fn error_samples_decode_to_typed_errors() {
    for name in ["responseError.xml", "responseError.json"] {
        match decode_body::<GetServerImageDetailRequest>(&sample(name), None) {
            Err(BodyError::Api(e)) => {
                assert_eq!(e.return_code(), Some("800050"), "{name}");
                assert!(
                    e.return_message().unwrap().contains("could not be found"),
                    "{name}"
                );
            }
            other => panic!("{name}: expected an API error, got {other:?}"),
        }
    }
    match decode_body::<GetServerImageDetailRequest>(&sample("gatewayError.json"), None) {
        Err(BodyError::Gateway(e)) => {
            assert_eq!(e.error_code(), Some("200"));
            assert_eq!(e.message(), Some("Authentication Failed"));
            assert_eq!(e.details(), Some("Invalid authentication information."));
        }
        other => panic!("expected a gateway error, got {other:?}"),
    }
}

/// Decodes a sample of operation `O` in both formats, checks they agree and that the spec
/// describes every part of them, and returns the decoded value.
fn decode_both<O: ncloud_vserver::runtime::Operation>(stem: &str) -> O::Output
where
    O::Output: PartialEq + std::fmt::Debug,
{
    let mut decoded = Vec::new();
    for ext in ["xml", "json"] {
        let name = format!("{stem}.{ext}");
        let mut unknown = Vec::new();
        let body = decode_body::<O>(&sample(&name), Some(&mut unknown))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            unknown.is_empty(),
            "{name}: unexpected unknown: {unknown:?}"
        );
        decoded.push(body);
    }
    let json = decoded.pop().unwrap();
    let xml = decoded.pop().unwrap();
    assert_eq!(xml, json, "{stem}: XML and JSON decode differently");
    xml
}

#[test]
fn image_list_samples() {
    use ncloud_vserver::operations::GetServerImageListRequest;
    let body = decode_both::<GetServerImageListRequest>("getServerImageList");
    assert_eq!(body.total_rows, Some(3));
    assert_eq!(body.server_image_list.len(), 3);
    let shared = &body.server_image_list[1];
    assert_eq!(
        shared.server_image_name.as_deref(),
        Some("my image & backup")
    );
    assert_eq!(
        shared.shared_login_id_list,
        ["dev@example.com", "ops@example.com"]
    );
}

#[test]
fn region_list_samples() {
    use ncloud_vserver::operations::GetRegionListRequest;
    let body = decode_both::<GetRegionListRequest>("getRegionList");
    let codes: Vec<_> = body
        .region_list
        .iter()
        .map(|r| r.region_code.as_deref().unwrap())
        .collect();
    assert_eq!(codes, ["KR", "SGN", "JPN", "USWN", "DEN"]);
}

// ------------------------------------------------------------------------------------------
// Every operation of the spec, through the generated registry
// ------------------------------------------------------------------------------------------

/// For each operation: `tests/samples/<name>.xml` and `.json` exist, decode, decode to equal
/// values, report the same unknown fields, and the value matches its snapshot.
#[derive(Default)]
struct CheckSamples {
    missing: Vec<String>,
    failures: Vec<String>,
    checked: usize,
}

impl MockVisitor for CheckSamples {
    fn visit<O: MockOperation>(&mut self) {
        let mut decoded = Vec::new();
        for ext in ["xml", "json"] {
            let name = format!("{}.{ext}", O::NAME);
            let path = samples_dir().join(&name);
            let Ok(body) = std::fs::read(&path) else {
                self.missing.push(name);
                continue;
            };
            let mut unknown = Vec::new();
            match decode_body::<O>(&body, Some(&mut unknown)) {
                Ok(value) => decoded.push((name, value, leaf_names(&unknown))),
                Err(e) => self.failures.push(format!("{name}: {e}")),
            }
        }
        let [
            (xml_name, xml, xml_unknown),
            (json_name, json, json_unknown),
        ] = &decoded[..]
        else {
            return;
        };
        if xml != json {
            self.failures.push(format!(
                "{xml_name} and {json_name} decode to different values:\n{xml:#?}\n{json:#?}"
            ));
        }
        if xml_unknown != json_unknown {
            self.failures.push(format!(
                "{xml_name} reports unknown {xml_unknown:?}, {json_name} {json_unknown:?}"
            ));
        }
        insta::assert_json_snapshot!(O::NAME, xml);
        self.checked += 1;
    }
}

/// The unknown fields' last path segments, sorted: XML and JSON paths place list indices
/// differently, the names are the same. A list item under another element name than the
/// spec's (decoded as an item, and reported) has no JSON counterpart, so it is left out.
fn leaf_names(unknown: &[UnknownField]) -> Vec<String> {
    let mut names: Vec<String> = unknown
        .iter()
        .filter(|u| u.expected_name.is_none())
        .map(|u| u.path.rsplit('/').next().unwrap_or_default().to_owned())
        .collect();
    names.sort();
    names
}

fn samples_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples")
}

#[test]
fn every_operation_has_samples_that_agree() {
    let mut check = CheckSamples::default();
    for_each_mock_operation(&mut check);
    assert!(
        check.missing.is_empty(),
        "operations without a sample (add tests/samples/<operation>.xml and .json): {:?}",
        check.missing
    );
    assert!(check.failures.is_empty(), "{}", check.failures.join("\n"));
    assert_eq!(check.checked, OPERATION_NAMES.len());
}

/// No sample is left over from an operation the spec no longer has.
#[test]
fn every_sample_belongs_to_an_operation() {
    let extra = ["responseError", "gatewayError"];
    for entry in std::fs::read_dir(samples_dir()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let Some(stem) = name
            .strip_suffix(".xml")
            .or_else(|| name.strip_suffix(".json"))
        else {
            continue;
        };
        assert!(
            OPERATION_NAMES.contains(&stem) || extra.contains(&stem),
            "tests/samples/{name} is not a sample of any operation of the spec"
        );
    }
}

/// What `cargo xtask check-sample` prints (the registry's decoder) shows secrets as `"***"`:
/// the samples' root passwords and private keys are decoded, and not printed.
#[test]
fn decoded_samples_print_their_secrets_redacted() {
    for (operation, field) in [
        ("getRootPassword", "rootPassword"),
        ("getRootPasswordServerInstanceList", "rootPassword"),
        ("createLoginKey", "privateKey"),
    ] {
        for ext in ["xml", "json"] {
            let name = format!("{operation}.{ext}");
            let body = std::fs::read(samples_dir().join(&name)).unwrap();
            let json = ncloud_vserver::registry::decode_response_to_json(operation, &body, None)
                .unwrap()
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            let value: serde_json::Value = serde_json::from_str(&json).unwrap();
            let mut secrets = Vec::new();
            collect(&value, field, &mut secrets);
            assert!(!secrets.is_empty(), "{name}: no {field} in {json}");
            assert!(
                secrets.iter().all(|s| *s == "***" || s.is_empty()),
                "{name}: {field} printed: {secrets:?}"
            );
        }
    }
}

fn collect<'a>(value: &'a serde_json::Value, key: &str, out: &mut Vec<&'a str>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                match v.as_str() {
                    Some(s) if k == key => out.push(s),
                    _ => collect(v, key, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect(v, key, out)),
        _ => {}
    }
}
