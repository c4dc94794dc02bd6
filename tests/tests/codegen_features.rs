//! The generator against its feature specs (`tests/features/*.yaml`):
//! - freshness: the checked-in output (`tests/src/features`, compiled into this crate's
//!   library) is what the generator makes now, and so is `generated/src`;
//! - behaviour: the compiled feature types decode XML and JSON alike, and the requests check
//!   and encode their parameters;
//! - rejection: specs breaking the conventions fail with every problem and its JSON pointer.

use std::path::{Path, PathBuf};

use ncloud_vserver::runtime::error::{DecodeErrorKind, InvalidRequestReason};
use ncloud_vserver::runtime::query::QueryWriter;
use ncloud_vserver::runtime::xml::from_xml;
use ncloud_vserver::runtime::{BodyError, Envelope, Operation, UnknownField, decode_body, json};
use xtask::layout;

use ncloud_vserver_tests::features::{lists, requests, scalars};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

// ------------------------------------------------------------------------------------------
// Freshness
// ------------------------------------------------------------------------------------------

/// Fails naming every target whose file differs from what the generator makes now.
fn assert_fresh(targets: &[layout::Target]) {
    let root = root();
    let stale: Vec<&str> = targets
        .iter()
        .filter(|t| std::fs::read_to_string(root.join(&t.path)).ok().as_ref() != Some(&t.contents))
        .map(|t| t.path.as_str())
        .collect();
    assert!(
        stale.is_empty(),
        "generated files are out of date with their specs:\n  {}\nrun `cargo xtask regen` \
         and commit the result",
        stale.join("\n  ")
    );
}

#[test]
fn feature_outputs_are_fresh() {
    let root = root();
    let names = layout::feature_names(&root).unwrap();
    assert!(names.len() >= 3, "feature specs missing: {names:?}");
    let mut targets = Vec::new();
    for name in &names {
        targets.extend(layout::feature_targets(&root, name).unwrap_or_else(|e| panic!("{e}")));
    }
    targets.push(layout::features_index(&names));
    assert_fresh(&targets);

    // No output left behind by a removed spec.
    let modules: Vec<String> = names.iter().map(|n| layout::feature_module(n)).collect();
    for entry in std::fs::read_dir(root.join(layout::FEATURE_OUTPUT_DIR)).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            let dir = entry.file_name().to_string_lossy().into_owned();
            assert!(
                modules.contains(&dir),
                "tests/src/features/{dir} has no spec; delete it"
            );
        }
    }
}

#[test]
fn generated_crate_is_fresh() {
    assert_fresh(&layout::crate_targets(&root()).unwrap_or_else(|e| panic!("{e}")));
}

/// Everything `cargo xtask regen` writes, the second service's crate and the runtime's test
/// fixtures included, is what the specs produce now.
#[test]
fn every_generated_file_is_fresh() {
    let (targets, errors) = layout::all_targets(&root());
    assert!(errors.is_empty(), "{errors:?}");
    for dir in [layout::SECOND_SERVICE_DIR, layout::RUNTIME_FIXTURES_DIR] {
        assert!(
            targets.iter().any(|t| t.path.starts_with(dir)),
            "no output in {dir}"
        );
    }
    assert_fresh(&targets);
}

// ------------------------------------------------------------------------------------------
// Scalars, enums, nested references
// ------------------------------------------------------------------------------------------

const SCALARS_XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<scalars>
  <id>abc</id>
  <name></name>
  <count>7</count>
  <size>53687091200</size>
  <ratio>0.5</ratio>
  <enabled>true</enabled>
  <createDate>2020-08-24T10:34:27+0900</createDate>
  <lenientId>123</lenientId>
  <lenientNo>9</lenientNo>
  <lenientSize>42</lenientSize>
  <kind>BRAND_NEW</kind>
  <type>t</type>
  <self>s</self>
  <renamedElement>r</renamedElement>
  <outer>
    <label>l</label>
    <inner><value>5</value><kind>SELF</kind></inner>
  </outer>
  <somethingNew>x</somethingNew>
</scalars>"#;

const SCALARS_JSON: &str = r#"{
  "id": "abc", "name": "", "count": 7, "size": 53687091200, "ratio": 0.5, "enabled": true,
  "createDate": "2020-08-24T10:34:27+0900",
  "lenientId": 123, "lenientNo": "9", "lenientSize": "42",
  "kind": "BRAND_NEW", "type": "t", "self": "s", "renamed": "r",
  "outer": {"label": "l", "inner": {"value": 5, "kind": "SELF"}},
  "somethingNew": "x"
}"#;

#[test]
fn scalars_decode_from_xml_and_json_alike() {
    use scalars::types::{Kind, Scalars};

    let mut unknown_xml: Vec<UnknownField> = Vec::new();
    let xml: Scalars = from_xml(SCALARS_XML.as_bytes(), "scalars", Some(&mut unknown_xml)).unwrap();
    let mut unknown_json: Vec<UnknownField> = Vec::new();
    let from_json: Scalars =
        json::from_json(SCALARS_JSON.as_bytes(), Some(&mut unknown_json)).unwrap();
    assert_eq!(xml, from_json);
    assert_eq!(
        serde_json::to_value(&xml).unwrap(),
        serde_json::to_value(&from_json).unwrap()
    );

    assert_eq!(xml.id, "abc");
    assert_eq!(
        xml.name.as_deref(),
        Some(""),
        "an empty element is an empty string"
    );
    assert_eq!(xml.count, 7);
    assert_eq!(xml.size, Some(53_687_091_200));
    assert_eq!(xml.ratio, Some(0.5));
    assert_eq!(xml.enabled, Some(true));
    assert_eq!(
        xml.create_date.as_ref().unwrap().as_str(),
        "2020-08-24T10:34:27+0900"
    );
    assert_eq!(xml.lenient_id, "123", "a JSON number is kept as text");
    assert_eq!(xml.lenient_no.as_deref(), Some("9"));
    assert_eq!(
        xml.lenient_size,
        Some(42),
        "a decimal string is read as an integer"
    );
    assert_eq!(xml.kind, Some(Kind::from("BRAND_NEW")));
    assert_eq!(xml.r#type.as_deref(), Some("t"));
    assert_eq!(xml.self_.as_deref(), Some("s"));
    assert_eq!(
        xml.renamed.as_deref(),
        Some("r"),
        "read from <renamedElement>"
    );
    let outer = xml.outer.as_ref().unwrap();
    assert_eq!(outer.label.as_deref(), Some("l"));
    let inner = outer.inner.as_ref().unwrap();
    assert_eq!((inner.value, inner.kind.clone()), (5, Some(Kind::Self_)));

    assert_eq!(unknown_xml.len(), 1, "{unknown_xml:?}");
    assert!(
        unknown_xml[0].path.ends_with("somethingNew"),
        "{unknown_xml:?}"
    );
    assert_eq!(unknown_json.len(), 1, "{unknown_json:?}");
    assert!(
        unknown_json[0].path.ends_with("somethingNew"),
        "{unknown_json:?}"
    );
}

#[test]
fn optional_fields_may_be_missing_and_are_not_serialized() {
    use scalars::types::Scalars;

    let xml = "<scalars><id>a</id><count>1</count><lenientId>2</lenientId></scalars>";
    let value: Scalars = from_xml(xml.as_bytes(), "scalars", None).unwrap();
    assert_eq!(value.name, None);
    assert_eq!(value.outer, None);
    assert_eq!(
        serde_json::to_string(&value).unwrap(),
        r#"{"id":"a","count":1,"lenientId":"2"}"#
    );
    let json: Scalars = json::from_json(br#"{"id":"a","count":1,"lenientId":"2"}"#, None).unwrap();
    assert_eq!(json, value);
}

#[test]
fn missing_required_fields_are_decode_errors() {
    use scalars::types::Scalars;

    let xml = "<scalars><id>a</id><lenientId>2</lenientId></scalars>";
    let err = from_xml::<Scalars>(xml.as_bytes(), "scalars", None).unwrap_err();
    assert!(
        matches!(err.kind(), DecodeErrorKind::MissingField { field } if field == "count"),
        "{err}"
    );
    let err = json::from_json::<Scalars>(br#"{"id":"a","lenientId":"2"}"#, None).unwrap_err();
    assert!(err.to_string().contains("count"), "{err}");

    // Required inside a nested struct.
    let xml = "<scalars><id>a</id><count>1</count><lenientId>2</lenientId><outer><inner/></outer></scalars>";
    let err = from_xml::<Scalars>(xml.as_bytes(), "scalars", None).unwrap_err();
    assert!(err.path().contains("outer/inner"), "{err}");
}

#[test]
fn invalid_scalars_are_decode_errors() {
    use scalars::types::Scalars;

    let xml = "<scalars><id>a</id><count>seven</count><lenientId>2</lenientId></scalars>";
    let err = from_xml::<Scalars>(xml.as_bytes(), "scalars", None).unwrap_err();
    assert!(
        matches!(err.kind(), DecodeErrorKind::InvalidValue { .. }),
        "{err}"
    );
    assert!(err.path().ends_with("count"), "{err}");
}

#[test]
fn enums_keep_unknown_values() {
    use scalars::types::Kind;

    assert_eq!(Kind::from("IN_SERVICE"), Kind::InService);
    assert_eq!(Kind::from("SELF"), Kind::Self_);
    assert_eq!(Kind::from("X86_64"), Kind::X86_64);
    assert_eq!(Kind::from("xml"), Kind::Xml);
    assert_eq!(Kind::from("fadeOut".to_owned()), Kind::FadeOut);
    assert!(matches!(Kind::from("NEW"), Kind::Unknown(ref v) if v.as_str() == "NEW"));
    assert_eq!("X86_64".parse::<Kind>().unwrap(), Kind::X86_64);
    for value in ["IN_SERVICE", "SELF", "X86_64", "xml", "fadeOut", "NEW"] {
        let kind = Kind::from(value);
        assert_eq!(kind.as_str(), value);
        assert_eq!(kind.to_string(), value);
        let json = serde_json::to_string(&kind).unwrap();
        assert_eq!(json, format!("\"{value}\""));
        assert_eq!(serde_json::from_str::<Kind>(&json).unwrap(), kind);
    }
}

// ------------------------------------------------------------------------------------------
// Lists
// ------------------------------------------------------------------------------------------

#[test]
fn lists_decode_from_xml_and_json_alike() {
    use lists::types::{Color, Holder};

    let xml = r#"<holder>
        <itemList>
          <item><itemNo>1</itemNo><tagList><tag>a</tag><tag>b</tag></tagList></item>
          <item><itemNo>2</itemNo><tagList/></item>
        </itemList>
        <nameList><name>x</name><name></name></nameList>
        <colorList><color>RED</color><color>PURPLE</color></colorList>
        <numberList><number>1</number><number>9007199254740993</number></numberList>
        <mustHave/>
      </holder>"#;
    let json = r#"{
        "itemList": [{"itemNo": "1", "tagList": ["a", "b"]}, {"itemNo": "2", "tagList": []}],
        "nameList": ["x", ""],
        "colorList": ["RED", "PURPLE"],
        "numberList": [1, 9007199254740993],
        "mustHave": []
      }"#;
    let from_xml_value: Holder = from_xml(xml.as_bytes(), "holder", None).unwrap();
    let from_json_value: Holder = json::from_json(json.as_bytes(), None).unwrap();
    assert_eq!(from_xml_value, from_json_value);

    let h = from_xml_value;
    assert_eq!(h.item_list.len(), 2);
    assert_eq!(h.item_list[0].tag_list, ["a", "b"]);
    assert!(
        h.item_list[1].tag_list.is_empty(),
        "a self-closing list is empty"
    );
    assert_eq!(h.name_list, ["x", ""]);
    assert_eq!(h.color_list, [Color::Red, Color::from("PURPLE")]);
    assert_eq!(h.number_list, [1, 9_007_199_254_740_993]);
    assert!(h.must_have.is_empty());
}

#[test]
fn missing_and_null_lists_are_empty_and_serialize_as_empty_arrays() {
    use lists::types::Holder;

    let from_xml_value: Holder = from_xml(
        b"<holder><itemList></itemList><mustHave/></holder>",
        "holder",
        None,
    )
    .unwrap();
    let from_json_value: Holder =
        json::from_json(br#"{"itemList": null, "mustHave": []}"#, None).unwrap();
    assert_eq!(from_xml_value, from_json_value);
    assert!(from_xml_value.item_list.is_empty() && from_xml_value.name_list.is_empty());
    assert_eq!(
        serde_json::to_string(&from_xml_value).unwrap(),
        r#"{"itemList":[],"nameList":[],"colorList":[],"numberList":[],"mustHave":[]}"#
    );
}

#[test]
fn a_missing_required_list_is_a_decode_error() {
    use lists::types::Holder;

    let err = from_xml::<Holder>(b"<holder/>", "holder", None).unwrap_err();
    assert!(
        matches!(err.kind(), DecodeErrorKind::MissingField { field } if field == "mustHave"),
        "{err}"
    );
    assert!(json::from_json::<Holder>(b"{}", None).is_err());
}

#[test]
fn list_item_errors_name_the_item() {
    use lists::types::Holder;

    let xml =
        "<holder><numberList><number>1</number><number>x</number></numberList><mustHave/></holder>";
    let err = from_xml::<Holder>(xml.as_bytes(), "holder", None).unwrap_err();
    assert!(err.path().contains("numberList/number[1]"), "{err}");
}

// ------------------------------------------------------------------------------------------
// Requests and operations
// ------------------------------------------------------------------------------------------

fn query<O: Operation>(request: &O) -> String {
    let mut q = QueryWriter::new();
    request.encode_query(&mut q);
    q.into_string()
}

#[test]
fn requests_encode_parameters_in_spec_order() {
    use requests::operations::CreateThingRequest;
    use requests::types::{Address, Color, NetworkInterfaceParameter};

    let request = CreateThingRequest::builder()
        .thing_name("my thing/1")
        .region_code("KR")
        .page_size(10)
        .page_no(2)
        .size_in_bytes(5_000_000_000_i64)
        .is_public(true)
        .color(Color::Green)
        .tag_list("a")
        .tag_list("b c")
        .color_list("RED")
        .color_list(Color::from("PURPLE"))
        .port_list(80)
        .port_list(443)
        .network_interface_list({
            let mut parameter = NetworkInterfaceParameter::new("s1".to_owned());
            parameter.order = Some(0);
            parameter.access_control_group_no_list = vec!["g1".to_owned(), "g2".to_owned()];
            parameter.address = Some({
                let mut address = Address::default();
                address.ip = Some("10.0.0.1".to_owned());
                address.color = Some(Color::Red);
                address
            });
            parameter.secondary_ip_list = vec![
                {
                    let mut address = Address::default();
                    address.ip = Some("10.0.0.2".to_owned());
                    address.color = None;
                    address
                },
                {
                    let mut address = Address::default();
                    address.ip = Some("10.0.0.3".to_owned());
                    address.color = Some(Color::Green);
                    address
                },
            ];
            parameter
        })
        .network_interface_list({
            let mut parameter = NetworkInterfaceParameter::new("s2".to_owned());
            parameter.order = None;
            parameter.access_control_group_no_list = Vec::new();
            parameter.address = None;
            parameter.secondary_ip_list = Vec::new();
            parameter
        })
        .build()
        .unwrap();
    assert_eq!(request.thing_name, "my thing/1");
    assert_eq!(request.page_no, Some(2));
    assert_eq!(
        query(&request),
        [
            "regionCode=KR",
            "thingName=my%20thing%2F1",
            "pageNo=2",
            "pageSize=10",
            "sizeInBytes=5000000000",
            "isPublic=true",
            "color=GREEN",
            "tagList.1=a",
            "tagList.2=b%20c",
            "colorList.1=RED",
            "colorList.2=PURPLE",
            "portList.1=80",
            "portList.2=443",
            "networkInterfaceList.1.subnetNo=s1",
            "networkInterfaceList.1.order=0",
            "networkInterfaceList.1.accessControlGroupNoList.1=g1",
            "networkInterfaceList.1.accessControlGroupNoList.2=g2",
            "networkInterfaceList.1.address.ip=10.0.0.1",
            "networkInterfaceList.1.address.color=RED",
            "networkInterfaceList.1.secondaryIpList.1.ip=10.0.0.2",
            "networkInterfaceList.1.secondaryIpList.2.ip=10.0.0.3",
            "networkInterfaceList.1.secondaryIpList.2.color=GREEN",
            "networkInterfaceList.2.subnetNo=s2",
        ]
        .join("&")
    );
    assert_eq!(CreateThingRequest::NAME, "createThing");
    assert_eq!(CreateThingRequest::RESPONSE_ROOT, "createThingResponse");
}

#[test]
fn setters_replace_and_clear() {
    use requests::operations::CreateThingRequest;

    let request = CreateThingRequest::builder()
        .thing_name("t")
        .tag_list("dropped")
        .set_tag_list(Some(vec!["kept".to_owned()]))
        .region_code("KR")
        .set_region_code(None)
        .build()
        .unwrap();
    assert_eq!(request.tag_list, Some(vec!["kept".to_owned()]));
    assert_eq!(request.region_code, None);
    assert_eq!(query(&request), "thingName=t&tagList.1=kept");
}

#[test]
fn builders_reject_invalid_requests() {
    use requests::operations::{CreateThingRequest, ListThingsRequest};

    let reason = |r: Result<CreateThingRequest, ncloud_vserver::InvalidRequest>| {
        let e = r.unwrap_err();
        (e.parameter().to_owned(), e.reason().clone())
    };
    assert_eq!(
        reason(CreateThingRequest::builder().build()),
        ("thingName".to_owned(), InvalidRequestReason::Missing)
    );
    let ok = || CreateThingRequest::builder().thing_name("t");
    assert_eq!(
        reason(ok().page_size(0).build()),
        (
            "pageSize".to_owned(),
            InvalidRequestReason::OutOfRange {
                value: 0,
                min: Some(1),
                max: Some(1000)
            }
        )
    );
    assert_eq!(
        reason(ok().page_size(1001).build()).1,
        InvalidRequestReason::OutOfRange {
            value: 1001,
            min: Some(1),
            max: Some(1000)
        }
    );
    assert_eq!(
        reason(ok().page_no(-1).page_size(5).build()).1,
        InvalidRequestReason::OutOfRange {
            value: -1,
            min: Some(0),
            max: None
        }
    );
    assert_eq!(
        reason(ok().size_in_bytes(0_i64).build()).1,
        InvalidRequestReason::OutOfRange {
            value: 0,
            min: Some(1),
            max: None
        }
    );
    assert_eq!(
        reason(ok().port_list(80).port_list(70000).build()),
        (
            "portList.2".to_owned(),
            InvalidRequestReason::OutOfRange {
                value: 70000,
                min: Some(1),
                max: Some(65535)
            }
        )
    );
    assert_eq!(
        reason(ok().page_no(1).build()),
        (
            "pageNo".to_owned(),
            InvalidRequestReason::Requires {
                other: "pageSize".into()
            }
        )
    );
    // The bounds themselves are allowed; `pageSize` alone needs nothing.
    assert!(ok().page_no(0).page_size(1).build().is_ok());
    assert!(
        ok().page_size(1000)
            .port_list(1)
            .port_list(65535)
            .build()
            .is_ok()
    );

    // A required list must have an item.
    let e = ListThingsRequest::builder()
        .set_thing_no_list(Some(Vec::new()))
        .build()
        .unwrap_err();
    assert_eq!(
        (e.parameter(), e.reason()),
        ("thingNoList", &InvalidRequestReason::Missing)
    );
    let request = ListThingsRequest::builder()
        .thing_no_list("1")
        .thing_no_list("2")
        .build()
        .unwrap();
    assert_eq!(query(&request), "thingNoList.1=1&thingNoList.2=2");
}

const CREATE_THING_XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<createThingResponse>
  <requestId>e7e7e7e7-0000-4000-8000-000000000000</requestId>
  <returnCode>0</returnCode>
  <returnMessage>success</returnMessage>
  <totalRows>1</totalRows>
  <thingList>
    <thing>
      <thingNo>42</thingNo>
      <color><code>RED</code><codeName>Red</codeName></color>
    </thing>
  </thingList>
</createThingResponse>"#;

const CREATE_THING_JSON: &str = r#"{"createThingResponse": {
  "totalRows": 1, "returnCode": 0, "returnMessage": "success",
  "requestId": "e7e7e7e7-0000-4000-8000-000000000000",
  "thingList": [{"thingNo": "42", "color": {"code": "RED", "codeName": "Red"}}]
}}"#;

#[test]
fn operation_bodies_decode_with_the_envelope() {
    use requests::operations::CreateThingRequest;
    use requests::types::Color;

    let xml = decode_body::<CreateThingRequest>(CREATE_THING_XML.as_bytes(), None).unwrap();
    let json = decode_body::<CreateThingRequest>(CREATE_THING_JSON.as_bytes(), None).unwrap();
    assert_eq!(xml, json);
    assert_eq!(xml.return_code(), Some("0"));
    assert_eq!(xml.return_message(), Some("success"));
    assert_eq!(
        xml.request_id(),
        Some("e7e7e7e7-0000-4000-8000-000000000000")
    );
    assert_eq!(xml.total_rows, Some(1));
    let color = xml.thing_list[0].color.as_ref().unwrap();
    assert_eq!(
        color.code,
        Some(Color::Red),
        "allOf narrowed `code` to the enum"
    );
    assert_eq!(color.code_name.as_deref(), Some("Red"));

    let error = r#"<responseError><returnCode>400</returnCode><returnMessage>bad</returnMessage></responseError>"#;
    match decode_body::<CreateThingRequest>(error.as_bytes(), None) {
        Err(BodyError::Api(e)) => assert_eq!(e.return_code(), Some("400")),
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[test]
fn the_operation_table_decodes_to_json() {
    use requests::registry::{OPERATION_NAMES, decode_response_to_json};

    assert_eq!(OPERATION_NAMES, ["createThing", "listThings"]);
    let text = decode_response_to_json("createThing", CREATE_THING_XML.as_bytes(), None)
        .unwrap()
        .unwrap();
    // fields come out in spec order, not sorted
    let envelope = ["requestId", "returnCode", "returnMessage"].map(|k| text.find(k).unwrap());
    assert!(envelope.is_sorted(), "{text}");
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["returnCode"], "0");
    assert_eq!(value["thingList"][0]["color"]["code"], "RED");
    let from_json = decode_response_to_json("createThing", CREATE_THING_JSON.as_bytes(), None)
        .unwrap()
        .unwrap();
    assert_eq!(text, from_json);
    assert!(decode_response_to_json("noSuchOperation", b"{}", None).is_none());
    // Feature specs without operations still get the (empty) table.
    assert!(scalars::registry::OPERATION_NAMES.is_empty());
    assert!(scalars::registry::decode_response_to_json("x", b"", None).is_none());
}

#[test]
fn paginated_operations_map_their_page_parameters_and_items() {
    use ncloud_vserver::runtime::paging::Paginated;
    use requests::operations::ListThingsRequest;
    use requests::types::{ListThingsResponse, Thing};

    let mut request = ListThingsRequest::builder()
        .thing_no_list("1")
        .build()
        .unwrap();
    assert_eq!((request.page_no(), request.page_size()), (None, None));
    assert_eq!(ListThingsRequest::MAX_PAGE_SIZE, 50);
    request.set_page(3, 20);
    assert_eq!((request.page, request.size), (Some(3), Some(20)));
    assert_eq!(query(&request), "thingNoList.1=1&page=3&size=20");

    let mut page = {
        let mut response = ListThingsResponse::default();
        response.request_id = None;
        response.return_code = Some("0".into());
        response.return_message = None;
        response.total_rows = Some(41);
        response.thing_list = Vec::new();
        response
    };
    assert_eq!(ListThingsRequest::total_rows(&page), Some(41));
    ListThingsRequest::items_mut(&mut page).push({
        let mut thing = Thing::default();
        thing.thing_no = Some("7".into());
        thing.color = None;
        thing
    });
    assert_eq!(page.thing_list.len(), 1);
}

/// The typed mock's generated decoders invert `encode_query`: every parameter kind (scalars,
/// enums with unknown values, scalar lists, object lists with nested objects and nested lists)
/// comes back equal, and what `build()` would reject is rejected.
#[test]
fn mock_query_decoders_invert_the_request_encoding() {
    use ncloud_vserver::runtime::mock::{MockOperation, QueryParams};
    use requests::operations::{CreateThingRequest, ListThingsRequest};
    use requests::types::{Address, Color, NetworkInterfaceParameter};

    let request = CreateThingRequest::builder()
        .thing_name("my thing/1 +%&=")
        .region_code("KR")
        .page_size(10)
        .page_no(2)
        .size_in_bytes(5_000_000_000_i64)
        .is_public(false)
        .color(Color::from("TEAL"))
        .tag_list("a")
        .tag_list("b c")
        .color_list(Color::Red)
        .port_list(443)
        .network_interface_list({
            let mut parameter = NetworkInterfaceParameter::new("s1".to_owned());
            parameter.order = Some(0);
            parameter.access_control_group_no_list = vec!["g1".to_owned(), "g2".to_owned()];
            parameter.address = Some({
                let mut address = Address::default();
                address.ip = Some("10.0.0.1".to_owned());
                address.color = Some(Color::Red);
                address
            });
            parameter.secondary_ip_list = vec![
                {
                    let mut address = Address::default();
                    address.ip = Some("10.0.0.2".to_owned());
                    address.color = None;
                    address
                },
                {
                    let mut address = Address::default();
                    address.ip = None;
                    address.color = Some(Color::Green);
                    address
                },
            ];
            parameter
        })
        .network_interface_list({
            let mut parameter = NetworkInterfaceParameter::new("s2".to_owned());
            parameter.order = None;
            parameter.access_control_group_no_list = Vec::new();
            parameter.address = None;
            parameter.secondary_ip_list = Vec::new();
            parameter
        })
        .build()
        .unwrap();
    let decode = |q: &str| CreateThingRequest::from_query(&QueryParams::parse(q).unwrap());
    assert_eq!(decode(&query(&request)).unwrap(), request);

    let minimal = CreateThingRequest::builder()
        .thing_name("t")
        .build()
        .unwrap();
    assert_eq!(decode(&query(&minimal)).unwrap(), minimal);
    let list = ListThingsRequest::builder()
        .thing_no_list("1")
        .thing_no_list("2")
        .build()
        .unwrap();
    assert_eq!(
        ListThingsRequest::from_query(&QueryParams::parse(&query(&list)).unwrap()).unwrap(),
        list
    );

    for (q, parameter) in [
        ("", "thingName"),
        ("thingName=t&pageNo=1", "pageNo"),
        (
            "thingName=t&networkInterfaceList.1.order=1",
            "networkInterfaceList.1.subnetNo",
        ),
        (
            "thingName=t&networkInterfaceList.2.subnetNo=s",
            "networkInterfaceList.2",
        ),
        ("thingName=t&portList.1=http", "portList.1"),
        ("thingName=t&bogus=1", "bogus"),
    ] {
        let e = decode(q).unwrap_err();
        assert_eq!(e.parameter(), parameter, "{q}: {e}");
    }
}
