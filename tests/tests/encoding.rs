//! The XML and JSON writers are the decoders' inverse on real data: every success sample,
//! decoded, written back in either format and decoded again, gives the same value.

use ncloud_vserver::runtime::xml_write::XmlEncode;
use std::path::PathBuf;

use ncloud_test_support::oracles::{RoundTrip, round_trip};
use ncloud_vserver::Format;
use ncloud_vserver::operations::{
    GetRegionListRequest, GetServerImageDetailRequest, GetServerImageListRequest,
};
use ncloud_vserver::runtime::{Operation, decode_body, encode_body};

fn sample(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

fn round_trips<O: Operation<Output: XmlEncode>>(stem: &str)
where
    O::Output: std::fmt::Debug + PartialEq,
{
    for ext in ["xml", "json"] {
        let name = format!("{stem}.{ext}");
        let value =
            decode_body::<O>(&sample(&name), None).unwrap_or_else(|e| panic!("{name}: {e}"));
        for format in [Format::Xml, Format::Json] {
            assert_eq!(
                round_trip::<O>(&value, format),
                Ok(RoundTrip::Equal),
                "{name}"
            );
        }
    }
}

#[test]
fn server_image_detail_samples_round_trip() {
    round_trips::<GetServerImageDetailRequest>("getServerImageDetail");
}

#[test]
fn server_image_list_samples_round_trip() {
    round_trips::<GetServerImageListRequest>("getServerImageList");
}

#[test]
fn region_list_samples_round_trip() {
    round_trips::<GetRegionListRequest>("getRegionList");
}

#[test]
fn written_xml_keeps_spec_order_and_list_wrappers() {
    let value =
        decode_body::<GetServerImageDetailRequest>(&sample("getServerImageDetail.xml"), None)
            .unwrap();
    let xml = String::from_utf8(encode_body::<GetServerImageDetailRequest>(
        &value,
        Format::Xml,
    ))
    .unwrap();
    assert!(xml.starts_with(r#"<?xml version="1.0" encoding="UTF-8"?><getServerImageDetailResponse><requestId></requestId><returnCode>0</returnCode>"#), "{xml}");
    assert!(
        xml.contains("<sharedLoginIdList></sharedLoginIdList>"),
        "{xml}"
    );
}
