//! The XML decoder (`ncloud_runtime::xml`) on generated types: the fixtures generated from
//! `fixtures.yaml`, decoding the seed sample and documents built around it.

mod common;
// Each test binary uses its own part of the generated fixtures (none the re-exported error types).
#[allow(dead_code, unused_imports)]
mod fixtures;

use common::SAMPLE_XML;
use fixtures::types::{
    BlockStorageMapping, CommonCode, GetServerImageDetailResponse, PlatformType, ServerImage,
};
use ncloud_runtime::error::{DecodeError, DecodeErrorKind, SNIPPET_MAX_CHARS};
use ncloud_runtime::xml::from_xml;
use ncloud_runtime::{DateTime, Format, UnknownField};

const ROOT: &str = "getServerImageDetailResponse";
const IMAGE: &str = "getServerImageDetailResponse/serverImageList/serverImage[0]";

fn decode(xml: &str) -> Result<GetServerImageDetailResponse, DecodeError> {
    from_xml(xml.as_bytes(), ROOT, None)
}

fn decode_unknown(xml: &str) -> (GetServerImageDetailResponse, Vec<String>) {
    let mut unknown = Vec::new();
    let value = from_xml(xml.as_bytes(), ROOT, Some(&mut unknown)).unwrap();
    assert!(
        unknown
            .iter()
            .all(|u: &UnknownField| u.format == Format::Xml)
    );
    (value, unknown.into_iter().map(|u| u.path).collect())
}

/// A response with one image holding `inner`.
fn image(inner: &str) -> String {
    format!(
        "<{ROOT}><serverImageList><serverImage><serverImageNo>1</serverImageNo>{inner}\
         </serverImage></serverImageList></{ROOT}>"
    )
}

fn image_of(xml: &str) -> ServerImage {
    decode(xml).unwrap().server_image_list.remove(0)
}

fn mapping_of(inner: &str) -> Result<BlockStorageMapping, DecodeError> {
    let xml = image(&format!(
        "<blockStorageMappingList><blockStorageMapping>{inner}</blockStorageMapping>\
         </blockStorageMappingList>"
    ));
    decode(&xml).map(|mut r| {
        r.server_image_list
            .remove(0)
            .block_storage_mapping_list
            .remove(0)
    })
}

#[test]
fn decodes_the_seed_sample() {
    let (response, unknown) = decode_unknown(SAMPLE_XML);
    assert_eq!(response.request_id.as_deref(), Some(""));
    assert_eq!(response.return_code.as_deref(), Some("0"));
    assert_eq!(response.return_message.as_deref(), Some("success"));
    assert_eq!(response.total_rows, Some(1));
    let image = &response.server_image_list[0];
    assert_eq!(image.server_image_no, "***5847");
    assert_eq!(image.server_image_name.as_deref(), Some("test-***"));
    assert_eq!(image.server_image_description.as_deref(), Some(""));
    let code = image.server_image_type.as_ref().unwrap();
    assert_eq!(code.code.as_deref(), Some("NCP"));
    assert_eq!(code.code_name.as_deref(), Some("NCP Server Image"));
    let date = image.create_date.as_ref().unwrap();
    assert_eq!(date.as_str(), "2020-08-24T10:34:27+0900");
    assert_eq!(date.unix_timestamp(), 1_598_232_867);
    assert!(image.shared_login_id_list.is_empty());
    let mapping = &image.block_storage_mapping_list[0];
    assert_eq!(mapping.order, Some(0));
    assert_eq!(mapping.block_storage_size, Some(53_687_091_200));
    assert_eq!(mapping.is_encrypted_volume, Some(false));
    // Unknown elements are reported once, with their path; their subtrees are skipped.
    assert_eq!(
        unknown,
        [
            format!("{IMAGE}/serverImageProductCode"),
            format!(
                "{IMAGE}/blockStorageMappingList/blockStorageMapping[0]/blockStorageVolumeType"
            ),
        ]
    );
    // Without a collector, the same document decodes the same way.
    assert_eq!(decode(SAMPLE_XML).unwrap(), response);
}

#[test]
fn big_sizes_fit_i64() {
    // (u64: see the unit test `u64_scalars_take_the_full_range`; generated types have none.)
    let m = mapping_of(
        "<blockStorageSize>2199023255552</blockStorageSize>\
         <throughput>9223372036854775807</throughput><iopsRatio>0.5</iopsRatio>",
    )
    .unwrap();
    assert_eq!(m.block_storage_size, Some(2_199_023_255_552));
    assert_eq!(m.throughput, Some(i64::MAX));
    assert_eq!(m.iops_ratio, Some(0.5));
}

#[test]
fn empty_elements() {
    // Self-closing and open/close empty elements: strings are "", others absent.
    let xml = format!(
        "<{ROOT}><requestId/><totalRows/><returnCode></returnCode><serverImageList/></{ROOT}>"
    );
    let r = decode(&xml).unwrap();
    assert_eq!(r.request_id.as_deref(), Some(""));
    assert_eq!(r.return_code.as_deref(), Some(""));
    assert_eq!(r.total_rows, None);
    assert!(r.server_image_list.is_empty());
    let m =
        mapping_of("<order> </order><blockStorageSize>\n</blockStorageSize><isEncryptedVolume/>")
            .unwrap();
    assert_eq!(
        (m.order, m.block_storage_size, m.is_encrypted_volume),
        (None, None, None)
    );
    // Strings keep whitespace as written; numbers ignore surrounding whitespace.
    let i = image_of(&image("<serverImageName>  a b </serverImageName>"));
    assert_eq!(i.server_image_name.as_deref(), Some("  a b "));
    let m = mapping_of("<order>\n  7 </order><isEncryptedVolume> true </isEncryptedVolume>");
    let m = m.unwrap();
    assert_eq!((m.order, m.is_encrypted_volume), (Some(7), Some(true)));
    // An empty object element is an object with no fields.
    let i = image_of(&image("<serverImageType/>"));
    assert_eq!(
        i.server_image_type,
        Some(CommonCode {
            code: None,
            code_name: None
        })
    );
}

#[test]
fn scalar_lists() {
    let i = image_of(&image(
        "<sharedLoginIdList>\n <sharedLoginId>a</sharedLoginId><sharedLoginId/>\
         <sharedLoginId>b &amp; c</sharedLoginId></sharedLoginIdList>",
    ));
    assert_eq!(i.shared_login_id_list, ["a", "", "b & c"]);
    let i = image_of(&image("<sharedLoginIdList></sharedLoginIdList>"));
    assert!(i.shared_login_id_list.is_empty());
}

#[test]
fn entities_cdata_comments_and_line_ends() {
    let i = image_of(&image(
        "<serverImageName>a &amp; b &lt;c&gt; &#x41;&#66;&#xAC00; &quot;&apos; \
         <![CDATA[<raw> & ]]><!-- note -->x<?pi data?>y</serverImageName>\
         <serverImageDescription>line1\r\nline2\rline3</serverImageDescription>",
    ));
    assert_eq!(
        i.server_image_name.as_deref(),
        Some("a & b <c> AB가 \"' <raw> & xy")
    );
    assert_eq!(
        i.server_image_description.as_deref(),
        Some("line1\nline2\nline3")
    );
    let i = image_of(&image(
        "<!-- before --><serverImageName><![CDATA[]]></serverImageName>",
    ));
    assert_eq!(i.server_image_name.as_deref(), Some(""));
}

#[test]
fn text_is_the_same_with_and_without_carriage_returns_elsewhere() {
    // Without any `\r` in the document, text is borrowed as it stands; with one (here in a
    // comment), every piece goes through quick-xml's checks and normalization.
    let inner = "<serverImageName>가나 &amp; <![CDATA[<x>]]>\n다</serverImageName>\
                 <serverImageDescription><![CDATA[]]></serverImageDescription>";
    for comment in ["<!-- \n -->", "<!-- \r\n -->"] {
        let i = image_of(&image(&format!("{comment}{inner}")));
        assert_eq!(i.server_image_name.as_deref(), Some("가나 & <x>\n다"));
        assert_eq!(i.server_image_description.as_deref(), Some(""));
    }
    // Invalid UTF-8 in text is still an error at the element.
    let mut xml = image("<serverImageName>ab</serverImageName>").into_bytes();
    let at = xml.windows(2).position(|w| w == b"ab").unwrap();
    xml[at] = 0xFF;
    let e = from_xml::<GetServerImageDetailResponse>(&xml, ROOT, None).unwrap_err();
    assert_eq!(e.path(), format!("{IMAGE}/serverImageName"));
    assert!(matches!(e.kind(), DecodeErrorKind::Syntax { .. }), "{e:?}");
}

#[test]
fn prolog_bom_doctype_and_namespaces() {
    let xml = format!(
        "\u{FEFF}<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- generated -->\n\
         <!DOCTYPE {ROOT}>\n<?stylesheet x?>\n\
         <ns:{ROOT} xmlns:ns=\"urn:ncp\" ns:attr=\"1\"><ns:returnCode>0</ns:returnCode>\
         <ns:serverImageList><ns:serverImage a=\"b\"><ns:serverImageNo>7</ns:serverImageNo>\
         </ns:serverImage></ns:serverImageList></ns:{ROOT}>\n<!-- trailing -->\n"
    );
    let r = decode(&xml).unwrap();
    assert_eq!(r.return_code.as_deref(), Some("0"));
    assert_eq!(r.server_image_list[0].server_image_no, "7");
}

#[test]
fn unknown_elements_are_skipped_and_reported() {
    let xml = format!(
        "<{ROOT}><newTopLevel><deep><deeper a=\"1\">x</deeper><e/></deep></newTopLevel>\
         <serverImageList><serverImage><serverImageNo>1</serverImageNo>\
         <newField>v</newField><serverImageNo2/></serverImage></serverImageList></{ROOT}>"
    );
    let (r, unknown) = decode_unknown(&xml);
    assert_eq!(r.server_image_list.len(), 1);
    assert_eq!(
        unknown,
        [
            format!("{ROOT}/newTopLevel"),
            format!("{IMAGE}/newField"),
            format!("{IMAGE}/serverImageNo2"),
        ]
    );
}

#[test]
fn list_items_are_decoded_whatever_their_name_and_misnamed_ones_reported() {
    // A live body capitalized an item name (`<FlowLogConfiguration>`): such an item is decoded,
    // not skipped, and reported with the name the spec expects.
    let xml = format!(
        "<{ROOT}><serverImageList>\
         <ServerImage><serverImageNo>1</serverImageNo><newField>v</newField></ServerImage>\
         <serverImage><serverImageNo>2</serverImageNo>\
         <sharedLoginIdList><SharedLoginId>a</SharedLoginId><sharedLoginId>b</sharedLoginId>\
         <id/></sharedLoginIdList></serverImage>\
         <image/></serverImageList></{ROOT}>"
    );
    let xml = xml.replace(
        "<image/>",
        "<image><serverImageNo>3</serverImageNo></image>",
    );
    let mut unknown = Vec::new();
    let r: GetServerImageDetailResponse =
        from_xml(xml.as_bytes(), ROOT, Some(&mut unknown)).unwrap();
    let numbers: Vec<&str> = r
        .server_image_list
        .iter()
        .map(|i| i.server_image_no.as_str())
        .collect();
    assert_eq!(numbers, ["1", "2", "3"]);
    assert_eq!(r.server_image_list[1].shared_login_id_list, ["a", "b", ""]);
    let list = format!("{ROOT}/serverImageList");
    let reports: Vec<(&str, Option<&str>, Option<&str>)> = unknown
        .iter()
        .map(|u| (u.path.as_str(), u.expected_name, u.raw.as_deref()))
        .collect();
    assert_eq!(
        reports,
        [
            // The unknown field inside the misnamed item is reported as usual, at its path.
            (&*format!("{list}/ServerImage[0]/newField"), None, Some("v")),
            (
                &*format!("{list}/ServerImage[0]"),
                Some("serverImage"),
                Some("<serverImageNo>1</serverImageNo><newField>v</newField>")
            ),
            (
                &*format!("{list}/serverImage[1]/sharedLoginIdList/SharedLoginId[0]"),
                Some("sharedLoginId"),
                Some("a")
            ),
            (
                &*format!("{list}/serverImage[1]/sharedLoginIdList/id[2]"),
                Some("sharedLoginId"),
                Some("")
            ),
            (
                &*format!("{list}/image[2]"),
                Some("serverImage"),
                Some("<serverImageNo>3</serverImageNo>")
            ),
        ]
    );
    assert!(unknown.iter().all(|u| u.format == Format::Xml));
    assert_eq!(
        unknown[1].to_string(),
        format!(
            "XML list item at {list}/ServerImage[0] decoded, but the spec names the items \
             `serverImage`"
        )
    );
    assert_eq!(
        unknown[0].to_string(),
        format!("unknown XML field at {list}/ServerImage[0]/newField")
    );
    // Without a collector the items decode the same.
    assert_eq!(decode(&xml).unwrap(), r);
    // An error inside a misnamed item names the item as it came.
    let e = decode(&format!(
        "<{ROOT}><serverImageList><surprise/></serverImageList></{ROOT}>"
    ))
    .unwrap_err();
    assert_eq!(e.path(), format!("{list}/surprise[0]"));
    assert!(
        matches!(e.kind(), DecodeErrorKind::MissingField { field } if field == "serverImageNo"),
        "{e}"
    );
}

#[test]
fn invalid_number_reports_path_and_text() {
    let xml = image(
        "<blockStorageMappingList><blockStorageMapping><order>0</order></blockStorageMapping>\
         <blockStorageMapping><blockStorageSize>50 GiB</blockStorageSize>\
         </blockStorageMapping></blockStorageMappingList>",
    );
    let e = decode(&xml).unwrap_err();
    let path = format!("{IMAGE}/blockStorageMappingList/blockStorageMapping[1]/blockStorageSize");
    assert_eq!(e.path(), path);
    assert_eq!(e.format(), Format::Xml);
    assert_eq!(
        e.kind(),
        &DecodeErrorKind::InvalidValue {
            expected: "a 64-bit integer"
        }
    );
    assert_eq!(e.snippet(), Some("50 GiB"));
    assert_eq!(
        e.to_string(),
        format!("XML decode error at {path}: expected a 64-bit integer, found \"50 GiB\"")
    );
    // Out of range, booleans, dates, with long text cut to a bounded snippet.
    let e = mapping_of("<order>2147483648</order>").unwrap_err();
    assert_eq!(
        e.kind(),
        &DecodeErrorKind::InvalidValue {
            expected: "a 32-bit integer"
        }
    );
    let e = mapping_of("<isEncryptedVolume>yes</isEncryptedVolume>").unwrap_err();
    assert!(e.to_string().ends_with("found \"yes\""), "{e}");
    let long = "9".repeat(500);
    let e = mapping_of(&format!("<blockStorageSize>{long}</blockStorageSize>")).unwrap_err();
    assert_eq!(e.snippet().unwrap().chars().count(), SNIPPET_MAX_CHARS + 1);
    let e = decode(&image("<createDate>2020-08-24 10:34</createDate>")).unwrap_err();
    assert_eq!(e.path(), format!("{IMAGE}/createDate"));
    assert_eq!(
        e.kind(),
        &DecodeErrorKind::InvalidValue {
            expected: DateTime::EXPECTED
        }
    );
}

#[test]
fn second_list_item_has_its_index() {
    let xml = format!(
        "<{ROOT}><serverImageList><serverImage><serverImageNo>1</serverImageNo></serverImage>\
         <serverImage><serverImageName>x</serverImageName></serverImage>\
         </serverImageList></{ROOT}>"
    );
    let e = decode(&xml).unwrap_err();
    assert_eq!(
        e.path(),
        "getServerImageDetailResponse/serverImageList/serverImage[1]"
    );
    assert_eq!(
        e.kind(),
        &DecodeErrorKind::MissingField {
            field: "serverImageNo".into()
        }
    );
    assert_eq!(
        e.to_string(),
        "XML decode error at getServerImageDetailResponse/serverImageList/serverImage[1]: \
         missing required field `serverImageNo`"
    );
}

#[test]
fn mismatched_tags() {
    let e = decode(&image("<serverImageName>x</serverImageNam>")).unwrap_err();
    assert_eq!(e.path(), format!("{IMAGE}/serverImageName"));
    assert!(matches!(e.kind(), DecodeErrorKind::Syntax { .. }), "{e:?}");
    assert!(e.snippet().unwrap().contains("</serverImageNam>"), "{e:?}");
    let e = decode(&image("<serverImageType><code>x</code></serverImage>")).unwrap_err();
    assert_eq!(e.path(), format!("{IMAGE}/serverImageType"));
    assert!(matches!(e.kind(), DecodeErrorKind::Syntax { .. }), "{e:?}");
    // In a skipped subtree, the path names the unknown element.
    let e = decode(&image("<newThing><a>x</b></newThing>")).unwrap_err();
    assert_eq!(e.path(), format!("{IMAGE}/newThing"));
    assert!(matches!(e.kind(), DecodeErrorKind::Syntax { .. }), "{e:?}");
}

#[test]
fn truncated_documents() {
    // Cut inside text.
    let cut = SAMPLE_XML.find("53687091200").unwrap() + 5;
    let e = decode(&SAMPLE_XML[..cut]).unwrap_err();
    assert_eq!(e.kind(), &DecodeErrorKind::UnexpectedEof);
    assert_eq!(
        e.path(),
        format!("{IMAGE}/blockStorageMappingList/blockStorageMapping[0]/blockStorageSize")
    );
    assert!(
        e.snippet().unwrap().ends_with("<blockStorageSize>53687"),
        "{e:?}"
    );
    // Cut inside a tag.
    let cut = SAMPLE_XML.find("<sharedLoginIdList/>").unwrap() + 7;
    let e = decode(&SAMPLE_XML[..cut]).unwrap_err();
    assert_eq!(e.kind(), &DecodeErrorKind::UnexpectedEof);
    assert_eq!(e.path(), IMAGE);
    // Cut between elements, and inside an unknown subtree.
    let cut = SAMPLE_XML.find("</serverImageList>").unwrap();
    let e = decode(&SAMPLE_XML[..cut]).unwrap_err();
    assert_eq!(e.kind(), &DecodeErrorKind::UnexpectedEof);
    assert_eq!(e.path(), "getServerImageDetailResponse/serverImageList");
    let cut = SAMPLE_XML.find("<codeName>HDD").unwrap();
    let e = decode(&SAMPLE_XML[..cut]).unwrap_err();
    assert_eq!(e.kind(), &DecodeErrorKind::UnexpectedEof);
    assert!(
        e.path()
            .ends_with("blockStorageMapping[0]/blockStorageVolumeType"),
        "{e:?}"
    );
    // Nothing at all.
    let e = decode("").unwrap_err();
    assert!(matches!(e.kind(), DecodeErrorKind::Syntax { .. }), "{e:?}");
    let e = decode("<?xml version=\"1.0\"?>").unwrap_err();
    assert!(matches!(e.kind(), DecodeErrorKind::Syntax { .. }), "{e:?}");
}

#[test]
fn element_where_text_expected() {
    let e = decode(&image("<serverImageName><b>bold</b></serverImageName>")).unwrap_err();
    assert_eq!(e.path(), format!("{IMAGE}/serverImageName"));
    assert_eq!(
        e.kind(),
        &DecodeErrorKind::ExpectedText { found: "b".into() }
    );
    assert_eq!(
        e.to_string(),
        format!("XML decode error at {IMAGE}/serverImageName: expected text, found element <b>")
    );
}

#[test]
fn text_where_elements_expected() {
    let e = decode(&image("<serverImageType>NCP</serverImageType>")).unwrap_err();
    assert_eq!(e.path(), format!("{IMAGE}/serverImageType"));
    assert_eq!(e.kind(), &DecodeErrorKind::UnexpectedText);
    assert_eq!(e.snippet(), Some("NCP"));
    let e = decode(&format!("<{ROOT}>&amp;</{ROOT}>")).unwrap_err();
    assert_eq!(e.kind(), &DecodeErrorKind::UnexpectedText);
    assert_eq!(e.snippet(), Some("&amp;"));
}

#[test]
fn bad_entities() {
    let e = decode(&image("<serverImageName>&nbsp;</serverImageName>")).unwrap_err();
    assert_eq!(e.path(), format!("{IMAGE}/serverImageName"));
    assert!(matches!(e.kind(), DecodeErrorKind::Syntax { message } if message.contains("&nbsp;")));
    let e = decode(&image("<serverImageName>a & b</serverImageName>")).unwrap_err();
    assert!(matches!(e.kind(), DecodeErrorKind::Syntax { .. }), "{e:?}");
    let e = decode(&image("<serverImageName>&#0;</serverImageName>")).unwrap_err();
    assert!(matches!(e.kind(), DecodeErrorKind::Syntax { .. }), "{e:?}");
}

#[test]
fn root_and_trailing_content() {
    let e = decode("<responseError><returnCode>1</returnCode></responseError>").unwrap_err();
    assert_eq!(
        e.kind(),
        &DecodeErrorKind::UnexpectedRoot {
            expected: ROOT,
            found: "responseError".into()
        }
    );
    assert_eq!(
        e.to_string(),
        "XML decode error: expected `getServerImageDetailResponse` at the top level, \
         found `responseError`"
    );
    let e = decode(&format!("<{ROOT}/><{ROOT}/>")).unwrap_err();
    assert!(matches!(e.kind(), DecodeErrorKind::Syntax { .. }), "{e:?}");
    let e = decode(&format!("<{ROOT}/>trailing")).unwrap_err();
    assert!(matches!(e.kind(), DecodeErrorKind::Syntax { .. }), "{e:?}");
    let e = decode(&format!("text<{ROOT}/>")).unwrap_err();
    assert_eq!(e.kind(), &DecodeErrorKind::UnexpectedText);
    assert!(decode(&format!("<{ROOT}/>\n")).is_ok());
}

#[test]
fn enums_keep_known_and_unknown_values() {
    let i = image_of(&image("<platformType>LNX64</platformType>"));
    assert_eq!(i.platform_type, Some(PlatformType::Lnx64));
    let i = image_of(&image("<platformType>UBUNTU</platformType>"));
    // An unknown code is kept, opaquely: compare its text, never match the variant.
    let unknown = i.platform_type.unwrap();
    assert_eq!(unknown.as_str(), "UBUNTU");
    assert_eq!(unknown, PlatformType::from("UBUNTU"));
    assert!(!PlatformType::values().contains(&"UBUNTU"));
    let i = image_of(&image("<platformType/>"));
    assert_eq!(i.platform_type, None);
}
