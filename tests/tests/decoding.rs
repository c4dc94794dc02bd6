//! Decoding edge cases on the generated types: what the live API sends that a naive decoder gets
//! wrong, and malformed input that must fail with the element path and the offending text.

use ncloud_vserver::operations::GetServerImageDetailRequest;
use ncloud_vserver::runtime::{BodyError, Format, UnknownField, decode_body};
use ncloud_vserver::types::{
    BlockStorageVolumeTypeCodeValue, GetServerImageDetailResponse, ServerImage,
    ServerImageTypeCodeValue,
};

fn xml_doc(image: &str) -> String {
    format!(
        "<getServerImageDetailResponse><requestId>r-1</requestId><returnCode>0</returnCode>\
         <returnMessage>success</returnMessage><totalRows>1</totalRows>\
         <serverImageList><serverImage>{image}</serverImage></serverImageList>\
         </getServerImageDetailResponse>"
    )
}

fn json_doc(image: &str) -> String {
    format!(
        r#"{{"getServerImageDetailResponse":{{"requestId":"r-1","returnCode":"0","returnMessage":"success","totalRows":1,"serverImageList":[{image}]}}}}"#
    )
}

fn decode(body: &str) -> Result<(GetServerImageDetailResponse, Vec<UnknownField>), BodyError> {
    let mut unknown = Vec::new();
    decode_body::<GetServerImageDetailRequest>(body.as_bytes(), Some(&mut unknown))
        .map(|b| (b, unknown))
}

fn image(body: &str) -> ServerImage {
    let (mut decoded, _) = decode(body).unwrap_or_else(|e| panic!("{e}\n{body}"));
    assert_eq!(decoded.server_image_list.len(), 1);
    decoded.server_image_list.remove(0)
}

fn decode_error(body: &str) -> ncloud_vserver::DecodeError {
    match decode(body) {
        Err(BodyError::Decode(e)) => e,
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[test]
fn empty_elements_are_empty_strings_or_absent_values() {
    let img = image(&xml_doc(
        "<serverImageName></serverImageName><serverImageDescription/>\
         <createDate></createDate><sharedLoginIdList/>\
         <blockStorageMappingList><blockStorageMapping><order/><blockStorageSize></blockStorageSize>\
         <isEncryptedVolume/></blockStorageMapping></blockStorageMappingList>",
    ));
    assert_eq!(img.server_image_name.as_deref(), Some(""));
    assert_eq!(img.server_image_description.as_deref(), Some(""));
    assert_eq!(img.create_date, None);
    assert!(img.shared_login_id_list.is_empty());
    let m = &img.block_storage_mapping_list[0];
    assert_eq!(
        (m.order, m.block_storage_size, m.is_encrypted_volume),
        (None, None, None)
    );
}

#[test]
fn string_lists_keep_their_items() {
    let img = image(&xml_doc(
        "<sharedLoginIdList><sharedLoginId>a@example.com</sharedLoginId>\
         <sharedLoginId>b@example.com</sharedLoginId></sharedLoginIdList>",
    ));
    assert_eq!(img.shared_login_id_list, ["a@example.com", "b@example.com"]);
    let img = image(&json_doc(r#"{"sharedLoginIdList":["a@example.com"]}"#));
    assert_eq!(img.shared_login_id_list, ["a@example.com"]);
    let img = image(&json_doc(r#"{"sharedLoginIdList":null}"#));
    assert!(img.shared_login_id_list.is_empty());
}

#[test]
fn entities_and_cdata_are_text() {
    let img = image(&xml_doc(
        "<serverImageName>a &amp; b &lt;c&gt; &#xD55C;&#44544;</serverImageName>\
         <serverImageDescription><![CDATA[<raw> & stuff]]></serverImageDescription>",
    ));
    assert_eq!(img.server_image_name.as_deref(), Some("a & b <c> 한글"));
    assert_eq!(
        img.server_image_description.as_deref(),
        Some("<raw> & stuff")
    );
}

#[test]
fn unknown_elements_and_fields_are_skipped_and_reported() {
    let (body, unknown) = decode(&xml_doc(
        "<serverImageName>x</serverImageName>\
         <newField><nested><deeper>1</deeper></nested></newField>\
         <serverImageNo>7</serverImageNo>",
    ))
    .unwrap();
    let img = &body.server_image_list[0];
    assert_eq!(img.server_image_name.as_deref(), Some("x"));
    assert_eq!(img.server_image_no.as_deref(), Some("7"));
    let paths: Vec<_> = unknown
        .iter()
        .map(|u| (u.format, u.path.as_str()))
        .collect();
    assert_eq!(
        paths,
        [(
            Format::Xml,
            "getServerImageDetailResponse/serverImageList/serverImage[0]/newField"
        )]
    );
    // what the newer API sent is kept, as received
    assert_eq!(
        unknown[0].raw.as_deref(),
        Some("<nested><deeper>1</deeper></nested>")
    );

    let (body, unknown) = decode(&json_doc(
        r#"{"serverImageName":"x","newField":{"nested":[1,2]},"serverImageNo":"7"}"#,
    ))
    .unwrap();
    assert_eq!(
        body.server_image_list[0].server_image_no.as_deref(),
        Some("7")
    );
    assert_eq!(unknown.len(), 1, "{unknown:?}");
    assert_eq!(unknown[0].format, Format::Json);
    assert!(unknown[0].path.ends_with("newField"), "{}", unknown[0].path);
}

#[test]
fn unknown_codes_are_kept() {
    for body in [
        xml_doc(
            "<serverImageType><code>MARKET</code><codeName>Marketplace</codeName></serverImageType>\
             <blockStorageMappingList><blockStorageMapping><blockStorageVolumeType><code>NVME9</code>\
             <codeName>new</codeName></blockStorageVolumeType></blockStorageMapping></blockStorageMappingList>",
        ),
        json_doc(
            r#"{"serverImageType":{"code":"MARKET","codeName":"Marketplace"},
                "blockStorageMappingList":[{"blockStorageVolumeType":{"code":"NVME9","codeName":"new"}}]}"#,
        ),
    ] {
        let img = image(&body);
        let code = img.server_image_type.unwrap().code.unwrap();
        assert_eq!(code, ServerImageTypeCodeValue::from("MARKET"));
        assert_eq!(code.as_str(), "MARKET");
        assert_eq!(
            img.block_storage_mapping_list[0]
                .block_storage_volume_type
                .as_ref()
                .unwrap()
                .code,
            Some(BlockStorageVolumeTypeCodeValue::from("NVME9"))
        );
        // an unknown code serializes back as it came
        let text = serde_json::to_string(&code).unwrap();
        assert_eq!(text, "\"MARKET\"");
    }
}

#[test]
fn numbers_as_strings_and_strings_as_numbers_where_the_spec_allows() {
    let img = image(&json_doc(
        r#"{"serverImageNo":12345,"blockStorageMappingList":[{"blockStorageSize":"53687091200",
            "blockStorageSnapshotInstanceNo":998877}]}"#,
    ));
    assert_eq!(img.server_image_no.as_deref(), Some("12345"));
    let m = &img.block_storage_mapping_list[0];
    assert_eq!(m.block_storage_size, Some(53_687_091_200));
    assert_eq!(
        m.block_storage_snapshot_instance_no.as_deref(),
        Some("998877")
    );

    // returnCode as a JSON number
    let (body, _) = decode(
        r#"{"getServerImageDetailResponse":{"returnCode":0,"returnMessage":"success","serverImageList":[]}}"#,
    )
    .unwrap();
    assert_eq!(body.return_code.as_deref(), Some("0"));
}

#[test]
fn two_tebibyte_sizes_fit() {
    let two_tib = 2_199_023_255_552_i64;
    let img = image(&xml_doc(&format!(
        "<blockStorageMappingList><blockStorageMapping><blockStorageSize>{two_tib}</blockStorageSize>\
         </blockStorageMapping></blockStorageMappingList>"
    )));
    assert_eq!(
        img.block_storage_mapping_list[0].block_storage_size,
        Some(two_tib)
    );
    let img = image(&json_doc(&format!(
        r#"{{"blockStorageMappingList":[{{"blockStorageSize":{two_tib}}}]}}"#
    )));
    assert_eq!(
        img.block_storage_mapping_list[0].block_storage_size,
        Some(two_tib)
    );
}

#[test]
fn invalid_number_names_the_path_and_the_text() {
    let e = decode_error(&xml_doc(
        "<blockStorageMappingList><blockStorageMapping><blockStorageSize>50GB</blockStorageSize>\
         </blockStorageMapping></blockStorageMappingList>",
    ));
    assert_eq!(e.format(), Format::Xml);
    assert_eq!(
        e.path(),
        "getServerImageDetailResponse/serverImageList/serverImage[0]/blockStorageMappingList/blockStorageMapping[0]/blockStorageSize"
    );
    assert_eq!(e.snippet(), Some("50GB"));
    assert!(e.to_string().contains("50GB"), "{e}");

    let e = decode_error(&json_doc(
        r#"{"blockStorageMappingList":[{"blockStorageSize":"50GB"}]}"#,
    ));
    assert_eq!(e.format(), Format::Json);
    assert!(e.path().ends_with("blockStorageSize"), "{}", e.path());
    assert!(e.path().contains("serverImageList[0]"), "{}", e.path());
    assert!(e.to_string().contains("50GB"), "{e}");
}

#[test]
fn malformed_documents_fail_with_a_path() {
    // mismatched end tag
    let e = decode_error(&xml_doc("<serverImageName>x</serverImageNam>"));
    assert!(
        e.path()
            .starts_with("getServerImageDetailResponse/serverImageList/serverImage[0]"),
        "{e}"
    );
    // truncated document
    let full = xml_doc("<serverImageName>x</serverImageName>");
    let e = decode_error(&full[..full.len() / 2]);
    assert!(e.path().starts_with("getServerImageDetailResponse"), "{e}");
    // invalid date
    let e = decode_error(&xml_doc("<createDate>yesterday</createDate>"));
    assert!(e.path().ends_with("serverImage[0]/createDate"), "{e}");
    assert_eq!(e.snippet(), Some("yesterday"));
    // wrong root element
    let e = decode_error("<getRegionListResponse></getRegionListResponse>");
    assert!(
        e.to_string().contains("getServerImageDetailResponse"),
        "{e}"
    );
    // truncated JSON
    let json = json_doc(r#"{"serverImageName":"x"}"#);
    let e = decode_error(&json[..json.len() - 10]);
    assert_eq!(e.format(), Format::Json);
}

#[test]
fn dates_accept_rfc3339_and_keep_their_text() {
    for (text, unix) in [
        ("2020-08-24T10:34:27+0900", 1_598_232_867),
        ("2020-08-24T10:34:27+09:00", 1_598_232_867),
        ("2020-08-24T01:34:27Z", 1_598_232_867),
    ] {
        let img = image(&xml_doc(&format!("<createDate>{text}</createDate>")));
        let date = img.create_date.unwrap();
        assert_eq!(date.unix_timestamp(), unix, "{text}");
        assert_eq!(serde_json::to_string(&date).unwrap(), format!("\"{text}\""));
    }
}

#[test]
fn non_zero_return_code_in_a_success_body_is_an_api_error() {
    let body = r#"{"getServerImageDetailResponse":{"requestId":"abc","returnCode":"1300","returnMessage":"not allowed"}}"#;
    match decode(body) {
        Err(BodyError::Api(e)) => {
            assert_eq!(e.return_code(), Some("1300"));
            assert_eq!(e.return_message(), Some("not allowed"));
            assert_eq!(e.request_id(), Some("abc"));
        }
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[test]
fn html_is_unexpected_content_not_a_decode_error() {
    match decode("<!DOCTYPE html><html><body>502 Bad Gateway</body></html>") {
        Err(BodyError::UnexpectedContent(e)) => {
            assert!(e.snippet().contains("502 Bad Gateway"), "{e}")
        }
        other => panic!("expected unexpected content, got {other:?}"),
    }
}
