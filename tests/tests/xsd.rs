//! The XML Schema that `cargo xtask regen` derives from the spec (`generated/schema/vserver.xsd`)
//! checked by a validator nobody here wrote: libxml2's `xmllint --schema`.
//!
//! Every XML file in the repository validates; mutated bodies fail or pass as the schema's
//! contract says (strict about declared types, lax about unknown elements); and for each
//! mutation the schema and the generated decoders give the same verdict.
//!
//! Without `xmllint` (Debian: `apt-get install libxml2-utils`) the tests print a notice and
//! pass, unless `CI` is set: `.ci/run` installs it, so there a missing `xmllint` is a failure.

use ncloud_vserver::runtime::xml_write::XmlEncode;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use ncloud_vserver::operations::{
    GetRegionListRequest, GetServerImageDetailRequest, GetServerImageListRequest,
};
use ncloud_vserver::runtime::{BodyError, Format, Operation, decode_body, encode_body};
use ncloud_vserver::runtime::{DateTime, encode_response_error};
use ncloud_vserver::types::{BlockStorageMapping, GetServerImageListResponse, ServerImage};
use xtask::layout;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn xsd() -> PathBuf {
    root().join(layout::XSD)
}

/// Whether `xmllint` can run; panics when it cannot and `CI` is set.
fn have_xmllint() -> bool {
    let found = Command::new("xmllint")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "xmllint is missing (apt-get install libxml2-utils); CI must run these tests"
        );
        eprintln!("notice: xmllint not found (apt-get install libxml2-utils); XSD tests skipped");
    }
    found
}

/// `xmllint --noout --schema` on `body`: `Ok(())` if valid, else its messages.
fn validate(body: &[u8]) -> Result<(), String> {
    validate_with(&xsd(), body)
}

/// [`validate`] against the schema at `schema`.
fn validate_with(schema: &Path, body: &[u8]) -> Result<(), String> {
    let mut child = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(schema)
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run xmllint");
    child.stdin.take().unwrap().write_all(body).unwrap();
    let out = child.wait_with_output().unwrap();
    let messages = String::from_utf8_lossy(&out.stderr).into_owned();
    match out.status.code() {
        Some(0) => Ok(()),
        // 3: the document does not validate. Anything else (4: the schema does not compile,
        // 1: not well-formed) is a broken test setup or schema, never a verdict.
        Some(3) => Err(messages),
        _ => panic!("xmllint failed ({}): {messages}", out.status),
    }
}

/// Every `*.xml` file in the repository, outside build output, hidden directories (VCS
/// metadata) and `fuzz/` (whose inputs are malformed on purpose).
fn xml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            if !name.starts_with('.') && name != "target" && name != "fuzz" {
                xml_files(&path, out);
            }
        } else if name.ends_with(".xml") {
            out.push(path);
        }
    }
}

fn detail_sample() -> String {
    std::fs::read_to_string(root().join("tests/samples/getServerImageDetail.xml")).unwrap()
}

/// `detail_sample()` with `from` replaced by `to` (which must occur).
fn mutated(from: &str, to: &str) -> String {
    let sample = detail_sample();
    assert!(sample.contains(from), "the sample lost `{from}`");
    sample.replacen(from, to, 1)
}

#[test]
fn every_xml_sample_in_the_repository_validates() {
    if !have_xmllint() {
        return;
    }
    let mut files = Vec::new();
    xml_files(&root(), &mut files);
    files.sort();
    let names: Vec<String> = files
        .iter()
        .map(|f| f.strip_prefix(root()).unwrap().display().to_string())
        .collect();
    for expected in [
        "tests/samples/getServerImageDetail.xml",
        "tests/samples/getServerImageList.xml",
        "tests/samples/getRegionList.xml",
        "tests/samples/responseError.xml",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} not found in {names:?}"
        );
    }
    for (file, name) in files.iter().zip(&names) {
        validate(&std::fs::read(file).unwrap()).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn declared_types_are_strict() {
    if !have_xmllint() {
        return;
    }
    let size = "<blockStorageSize>53687091200</blockStorageSize>";
    for (what, body, expect) in [
        (
            "non-numeric blockStorageSize",
            mutated(size, "<blockStorageSize>50GB</blockStorageSize>"),
            "blockStorageSize",
        ),
        (
            "blockStorageSize beyond 64 bits",
            mutated(
                size,
                "<blockStorageSize>99999999999999999999</blockStorageSize>",
            ),
            "blockStorageSize",
        ),
        (
            "a wrong root element",
            detail_sample().replace("getServerImageDetailResponse>", "getServerImageDetail>"),
            "No matching global declaration",
        ),
        (
            "a boolean written as 1",
            mutated("<isEncryptedVolume>false<", "<isEncryptedVolume>1<"),
            "isEncryptedVolume",
        ),
        (
            "a date-time without an offset",
            mutated("2020-08-24T10:34:27+0900", "2020-08-24T10:34:27"),
            "createDate",
        ),
        (
            "text where a code object belongs",
            mutated(
                "<osType>\n        <code>CENTOS</code>\n        <codeName>CENTOS</codeName>\n      </osType>",
                "<osType>CENTOS</osType>",
            ),
            "osType",
        ),
        (
            "a bad value inside an unknown element",
            mutated(
                "<order>0</order>",
                "<order>0</order><futureWrapper><order>first</order></futureWrapper>",
            ),
            "order",
        ),
    ] {
        match validate(body.as_bytes()) {
            Ok(()) => panic!("{what}: validated"),
            Err(messages) => assert!(messages.contains(expect), "{what}: {messages}"),
        }
    }
}

#[test]
fn unknown_elements_and_codes_and_empty_values_pass() {
    if !have_xmllint() {
        return;
    }
    for (what, body) in [
        (
            "an unknown element with children",
            mutated(
                "<serverImageStatusName>",
                "<futureField><nested a=\"1\">x</nested></futureField><serverImageStatusName>",
            ),
        ),
        (
            "an unknown code",
            mutated("<code>CENTOS</code>", "<code>FUTURE_OS</code>"),
        ),
        (
            "an empty numeric element",
            mutated(
                "<blockStorageSize>53687091200</blockStorageSize>",
                "<blockStorageSize> </blockStorageSize>",
            ),
        ),
        (
            "an RFC 3339 date-time",
            mutated("2020-08-24T10:34:27+0900", "2020-08-24T01:34:27.5Z"),
        ),
        (
            "a non-empty shared login id list",
            mutated(
                "<sharedLoginIdList/>",
                "<sharedLoginIdList><sharedLoginId>someone</sharedLoginId></sharedLoginIdList>",
            ),
        ),
        (
            "an attribute",
            mutated("<order>0</order>", "<order unit=\"index\">0</order>"),
        ),
        (
            "a list item named unlike the spec (capitalized, as a live body had it)",
            mutated("<blockStorageMapping>", "<BlockStorageMapping>").replacen(
                "</blockStorageMapping>",
                "</BlockStorageMapping>",
                1,
            ),
        ),
    ] {
        validate(body.as_bytes()).unwrap_or_else(|e| panic!("{what}: {e}"));
    }
}

/// The schema and the decoders agree on each body: both accept it or both reject it.
#[test]
fn the_schema_and_the_decoders_agree() {
    if !have_xmllint() {
        return;
    }
    let size = "<blockStorageSize>53687091200</blockStorageSize>";
    let bodies = [
        detail_sample(),
        mutated(size, "<blockStorageSize>50GB</blockStorageSize>"),
        mutated(size, "<blockStorageSize>-1</blockStorageSize>"),
        mutated(size, "<blockStorageSize/>"),
        mutated(size, "<blockStorageSize>\n  12\n</blockStorageSize>"),
        mutated(size, "<blockStorageSize>1.5</blockStorageSize>"),
        mutated("<order>0</order>", "<order>2147483648</order>"),
        mutated("<order>0</order>", "<order>-2147483648</order>"),
        mutated("<totalRows>1</totalRows>", "<totalRows>one</totalRows>"),
        mutated("<isEncryptedVolume>false<", "<isEncryptedVolume>TRUE<"),
        mutated("<isEncryptedVolume>false<", "<isEncryptedVolume> true <"),
        mutated("2020-08-24T10:34:27+0900", "2020-13-24T10:34:27+0900"),
        mutated("2020-08-24T10:34:27+0900", "2020-08-24 10:34:27+09:00"),
        mutated("<code>HDD</code>", "<code>NVME</code>"),
        mutated(
            "<serverImageDescription></serverImageDescription>",
            "<unknown>1</unknown>",
        ),
        // A misnamed list item is an item to both, its content checked by both.
        mutated("<blockStorageMapping>", "<BlockStorageMapping>").replacen(
            "</blockStorageMapping>",
            "</BlockStorageMapping>",
            1,
        ),
        mutated("<blockStorageMapping>", "<BlockStorageMapping>")
            .replacen("</blockStorageMapping>", "</BlockStorageMapping>", 1)
            .replacen(size, "<blockStorageSize>50GB</blockStorageSize>", 1),
    ];
    for body in &bodies {
        let schema = validate(body.as_bytes());
        let decoded = decode_body::<GetServerImageDetailRequest>(body.as_bytes(), None);
        assert_eq!(
            schema.is_ok(),
            decoded.is_ok(),
            "schema: {schema:?}\ndecoders: {decoded:?}\nbody:\n{body}"
        );
    }
}

/// The XML that `encode_body` writes for the JSON samples decodes back, and validates.
fn encoded<O: Operation<Output: XmlEncode>>(json_sample: &str) -> Vec<u8> {
    let body = std::fs::read(root().join("tests/samples").join(json_sample)).unwrap();
    let value = decode_body::<O>(&body, None).unwrap_or_else(|e| panic!("{json_sample}: {e}"));
    encode_body::<O>(&value, Format::Xml)
}

/// What the generated XML writer produces is valid too: the JSON samples re-encoded as XML, an
/// API error, and an image with every field set (lists with items, lenient values, a date).
#[test]
fn what_the_encoder_writes_validates() {
    if !have_xmllint() {
        return;
    }
    let error = match decode_body::<GetRegionListRequest>(
        &std::fs::read(root().join("tests/samples/responseError.json")).unwrap(),
        None,
    ) {
        Err(BodyError::Api(e)) => ncloud_vserver::types::ResponseError::new(
            e.return_code().map(str::to_owned),
            e.return_message().map(str::to_owned),
        ),
        other => panic!("responseError.json: {other:?}"),
    };
    let full = {
        let mut response = GetServerImageListResponse::default();
        response.request_id = Some(String::new());
        response.return_code = Some("0".into());
        response.return_message = Some("success".into());
        response.total_rows = Some(1);
        response.server_image_list = vec![{
            let mut image = ServerImage::default();
            image.server_image_no = Some("1".into());
            image.server_image_name = Some("a & <b>".into());
            image.server_image_description = Some(String::new());
            image.server_image_product_code = Some("SW.VSVR".into());
            image.product_code = Some("SW.VSVR".into());
            image.server_image_type = None;
            image.server_image_life_cycle_phase = None;
            image.hypervisor_type = None;
            image.cpu_architecture_type = None;
            image.os_category_type = None;
            image.os_type = None;
            image.server_image_status = None;
            image.server_image_operation = None;
            image.server_image_status_name = Some("created".into());
            image.create_date = Some(DateTime::parse("2020-08-24T10:34:27+0900").unwrap());
            image.share_status = None;
            image.shared_login_id_list = vec!["someone".into(), "other".into()];
            image.platform_category_code = Some("FUTURE".into());
            image.block_storage_mapping_list = vec![{
                let mut mapping = BlockStorageMapping::default();
                mapping.order = Some(0);
                mapping.block_storage_snapshot_instance_no = Some("42".into());
                mapping.block_storage_snapshot_name = Some("snap".into());
                mapping.block_storage_size = Some(i64::MAX);
                mapping.block_storage_name = Some("disk".into());
                mapping.block_storage_volume_type = None;
                mapping.iops = Some(i32::MAX);
                mapping.throughput = Some(1 << 40);
                mapping.is_encrypted_volume = Some(true);
                mapping
            }];
            image
        }];
        response
    };
    for (what, body) in [
        (
            "getServerImageDetail.json",
            encoded::<GetServerImageDetailRequest>("getServerImageDetail.json"),
        ),
        (
            "getServerImageList.json",
            encoded::<GetServerImageListRequest>("getServerImageList.json"),
        ),
        (
            "getRegionList.json",
            encoded::<GetRegionListRequest>("getRegionList.json"),
        ),
        (
            "responseError.json",
            encode_response_error(&error, Format::Xml),
        ),
        (
            "an image with every field",
            encode_body::<GetServerImageListRequest>(&full, Format::Xml),
        ),
    ] {
        validate(&body)
            .unwrap_or_else(|e| panic!("{what}: {e}\n{}", String::from_utf8_lossy(&body)));
    }
}

/// Names used with several types in one spec (as the full API does: `iops` an int32 in one
/// struct and an int64 in another, `osType` two different code structs) get one declaration
/// that takes every use; the values are still checked as far as that declaration goes.
#[test]
fn a_name_reused_with_other_types_validates_every_use() {
    if !have_xmllint() {
        return;
    }
    let spec = r#"openapi: 3.0.3
info: {title: Reused names, version: '1'}
paths: {}
components:
  schemas:
    Top:
      type: object
      description: The root.
      xml: {name: top}
      properties:
        iops: {type: integer, format: int64, description: A 64-bit count.}
        disk: {$ref: '#/components/schemas/Disk', description: A disk.}
        image: {$ref: '#/components/schemas/Image', description: An image.}
    Disk:
      type: object
      description: A disk.
      properties:
        iops: {type: integer, format: int32, description: A 32-bit count.}
        osType: {type: string, description: The OS as text.}
    Image:
      type: object
      description: An image.
      properties:
        osType: {$ref: '#/components/schemas/Code', description: The OS as a code.}
        disk: {$ref: '#/components/schemas/Image', description: Not a disk here.}
    Code:
      type: object
      description: A code.
      properties:
        code: {type: integer, format: int32, description: The code.}
"#;
    let doc = codegen::load::load_str(spec, "reused.yaml").unwrap();
    let api = codegen::model::build(&doc).unwrap_or_else(|e| panic!("{e:?}"));
    let schema = std::env::temp_dir().join(format!("reused-names-{}.xsd", std::process::id()));
    std::fs::write(
        &schema,
        codegen::xsd::emit(&api, &codegen::settings::Settings::new()),
    )
    .unwrap();
    let valid = [
        "<top><iops>5000000000</iops><disk><iops>7</iops><osType>LNX</osType></disk></top>",
        "<top><image><osType><code>1</code></osType><disk><osType/></disk></image></top>",
        "<top><disk><iops/><osType></osType></disk></top>",
    ];
    let invalid = [
        ("<top><disk><iops>many</iops></disk></top>", "iops"),
        ("<top><iops>1.5</iops></top>", "iops"),
        (
            "<top><image><osType><code>x</code></osType></image></top>",
            "code",
        ),
    ];
    let results: Vec<_> = valid
        .iter()
        .map(|body| (body, validate_with(&schema, body.as_bytes())))
        .chain(
            invalid
                .iter()
                .map(|(body, _)| (body, validate_with(&schema, body.as_bytes()))),
        )
        .collect();
    let _ = std::fs::remove_file(&schema);
    for (body, result) in &results[..valid.len()] {
        assert!(result.is_ok(), "{body}: {result:?}");
    }
    for ((body, result), (_, expect)) in results[valid.len()..].iter().zip(invalid) {
        match result {
            Ok(()) => panic!("{body}: validated"),
            Err(messages) => assert!(messages.contains(expect), "{body}: {messages}"),
        }
    }
}
