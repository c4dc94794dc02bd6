//! The generator against its feature specs (`tests/features/*.yaml`):
//! - freshness: the checked-in output (`tests/src/features`, compiled into this crate's
//!   library) is what the generator makes now, and so is `generated/src`;
//! - behaviour: the compiled feature types decode XML and JSON alike, and the requests check
//!   and encode their parameters;
//! - rejection: specs breaking the conventions fail with every problem and its JSON pointer.

use std::path::{Path, PathBuf};

use codegen::layout;
use ncloud_vserver::runtime::error::{DecodeErrorKind, InvalidRequestReason};
use ncloud_vserver::runtime::query::QueryWriter;
use ncloud_vserver::runtime::xml::from_xml;
use ncloud_vserver::runtime::{BodyError, Envelope, Operation, UnknownField, decode_body, json};

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
         (or `cargo run -p codegen --example regen`) and commit the result",
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
    use requests::operations::{OPERATION_NAMES, decode_response_to_json};

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
    assert!(scalars::operations::OPERATION_NAMES.is_empty());
    assert!(scalars::operations::decode_response_to_json("x", b"", None).is_none());
}

// ------------------------------------------------------------------------------------------
// Rejected specs
// ------------------------------------------------------------------------------------------

/// A valid spec with one operation, `getThing`; `extra_params` and `extra_schemas` are spliced
/// into its parameter list and schemas (YAML, already indented).
fn spec(extra_params: &str, extra_schemas: &str) -> String {
    format!(
        r#"openapi: 3.0.3
info: {{title: Bad, version: '1'}}
servers: [{{url: 'https://gw.example.com/bad/v1'}}]
paths:
  /getThing:
    get:
      operationId: getThing
      summary: Get a thing.
      description: Gets a thing.
      parameters:
{extra_params}        - name: responseFormatType
          in: query
          description: Response format.
          schema: {{$ref: '#/components/schemas/ResponseFormatType'}}
      responses:
        '200':
          description: The thing.
          content:
            application/xml:
              schema: {{$ref: '#/components/schemas/GetThingResponse'}}
            application/json:
              schema: {{$ref: '#/components/schemas/GetThingJsonResponse'}}
        default:
          description: An error.
          content:
            application/xml:
              schema: {{$ref: '#/components/schemas/ResponseError'}}
components:
  schemas:
    ResponseFormatType:
      type: string
      description: Response format.
      enum: [xml, json]
    GetThingResponse:
      type: object
      description: The result.
      xml: {{name: getThingResponse}}
      properties:
        returnCode: {{type: string, description: Result code.}}
    GetThingJsonResponse:
      type: object
      description: JSON form.
      required: [getThingResponse]
      properties:
        getThingResponse: {{$ref: '#/components/schemas/GetThingResponse', description: The result.}}
    ResponseError:
      x-ncp-runtime-type: ResponseError
      type: object
      description: An error.
      properties:
        returnCode: {{type: string, description: Code.}}
        returnMessage: {{type: string, description: Message.}}
    ResponseErrorJsonResponse:
      x-ncp-runtime-type: ResponseErrorJsonResponse
      type: object
      description: JSON form of an error.
      properties:
        responseError: {{$ref: '#/components/schemas/ResponseError', description: The error.}}
    GatewayErrorResponse:
      x-ncp-runtime-type: GatewayErrorResponse
      type: object
      description: A gateway error.
      properties:
        error: {{$ref: '#/components/schemas/GatewayErrorDetail', description: The error.}}
    GatewayErrorDetail:
      x-ncp-runtime-type: GatewayErrorDetail
      type: object
      description: Gateway error details.
      properties:
        errorCode: {{type: string, description: Code.}}
        message: {{type: string, description: Message.}}
        details: {{type: string, description: Details.}}
        requestId: {{type: string, description: Request id.}}
{extra_schemas}"#
    )
}

fn generate(text: &str) -> Result<Vec<codegen::OutputFile>, codegen::Error> {
    codegen::Generator::new(layout::feature_settings("bad.yaml")).generate_str(text, "bad.yaml")
}

fn errors(text: &str) -> String {
    match generate(text) {
        Ok(_) => panic!("the spec was accepted"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn the_base_of_the_rejection_tests_is_valid() {
    generate(&spec("", "")).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn unsupported_schemas_are_rejected_with_their_pointers() {
    let text = errors(&spec(
        "",
        r#"    Bad:
      type: object
      description: A bad object.
      properties:
        state:
          type: string
          description: An inline enum.
          enum: [A, B]
        noDoc:
          type: string
        either:
          description: anyOf.
          anyOf:
            - type: string
            - type: integer
        things:
          type: array
          description: Items without an XML name.
          xml: {wrapped: true}
          items: {type: string}
        when:
          type: string
          format: date
          description: An unknown format.
        map:
          type: object
          description: A map.
          additionalProperties: {type: string}
        choice:
          description: A oneOf that is not a lenient scalar.
          oneOf:
            - type: string
            - type: boolean
"#,
    ));
    for expected in [
        "#/components/schemas/Bad/properties/state: inline enums are not supported",
        "#/components/schemas/Bad/properties/noDoc: a property needs a `description`",
        "#/components/schemas/Bad/properties/either: `anyOf` is not supported",
        "#/components/schemas/Bad/properties/things/items: array items need `xml.name`",
        "#/components/schemas/Bad/properties/when: string format `date` is not supported",
        "#/components/schemas/Bad/properties/map: `additionalProperties` is not supported",
        "#/components/schemas/Bad/properties/choice: `oneOf` is only supported as a lenient scalar",
    ] {
        assert!(text.contains(expected), "missing `{expected}` in:\n{text}");
    }
    assert!(
        text.starts_with("bad.yaml: 7 problems in the spec:"),
        "{text}"
    );
}

#[test]
fn bad_operations_are_rejected_with_their_pointers() {
    let text = errors(&spec(
        r#"        - name: pageNo
          in: query
          x-ncp-requires: [pageSize]
          schema: {type: integer, format: int32}
        - name: region
          in: header
          description: Not a query parameter.
          schema: {type: string}
        - name: filter
          in: query
          description: An object parameter.
          schema: {$ref: '#/components/schemas/GetThingResponse'}
        - name: list
          in: query
          description: A list of lists.
          schema:
            type: array
            items: {type: array, items: {type: string}}
"#,
        "",
    ));
    for expected in [
        "#/paths/~1getThing/get/parameters/0: a parameter needs a `description`",
        "#/paths/~1getThing/get/parameters/0/x-ncp-requires/0: `pageSize` is not a parameter of this operation",
        "#/paths/~1getThing/get/parameters/1: only `in: query` parameters are supported",
        "#/paths/~1getThing/get/parameters/2/schema: object parameters are only supported as list items",
        "#/paths/~1getThing/get/parameters/3/schema/items: lists of lists are not supported",
    ] {
        assert!(text.contains(expected), "missing `{expected}` in:\n{text}");
    }
}

#[test]
fn the_success_response_is_200_or_2xx() {
    let base = spec("", "");
    let ok = "        '200':\n          description: The thing.\n";
    assert!(base.contains(ok));
    let range = base.replace(ok, &ok.replace("'200'", "'2XX'"));
    generate(&range).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        generate(&range).unwrap(),
        generate(&base).unwrap(),
        "`200` and `2XX` generate alike"
    );

    let both = base.replace(
        ok,
        &format!("        '2XX':\n          description: Also the thing.\n{ok}"),
    );
    let text = errors(&both);
    assert!(
        text.contains("#/paths/~1getThing/get/responses: use one of `200` and `2XX`, not both"),
        "{text}"
    );
    let neither = base.replace(ok, &ok.replace("'200'", "'201'"));
    let text = errors(&neither);
    for expected in [
        "#/paths/~1getThing/get/responses: unsupported keyword `201` here",
        "#/paths/~1getThing/get/responses: an operation needs a `200` (or `2XX`) response",
    ] {
        assert!(text.contains(expected), "missing `{expected}` in:\n{text}");
    }
}

#[test]
fn bad_pagination_is_rejected_with_its_pointers() {
    let base = spec(
        r#"        - name: pageNo
          in: query
          description: Page number.
          schema: {type: integer, format: int32}
        - name: pageSize
          in: query
          description: Page size without a maximum.
          schema: {type: integer, format: int32}
"#,
        "",
    );
    let with = |pagination: &str| {
        base.replace(
            "      description: Gets a thing.\n",
            &format!("      description: Gets a thing.\n      x-ncp-pagination: {pagination}\n"),
        )
    };
    let text = errors(&with(
        "{pageNo: page, pageSize: pageSize, items: returnCode, totalRows: nothing, extra: 1}",
    ));
    for expected in [
        "#/paths/~1getThing/get/x-ncp-pagination/extra: unknown key",
        "#/paths/~1getThing/get/x-ncp-pagination/pageNo: `page` must be an optional int32 parameter",
        "#/paths/~1getThing/get/x-ncp-pagination/pageSize: the page-size parameter needs a `maximum`",
        "#/paths/~1getThing/get/x-ncp-pagination/items: must name a list of structs in `GetThingResponse`",
        "#/paths/~1getThing/get/x-ncp-pagination/totalRows: `nothing` must be an integer field",
    ] {
        assert!(text.contains(expected), "missing `{expected}` in:\n{text}");
    }
    let text = errors(&with("[pageNo]"));
    assert!(
        text.contains("#/paths/~1getThing/get/x-ncp-pagination: must be a map"),
        "{text}"
    );
}

#[test]
fn broken_wrappers_and_bodies_are_rejected() {
    let base = spec("", "");
    let no_root = base.replace("      xml: {name: getThingResponse}\n", "");
    let text = errors(&no_root);
    assert!(
        text.contains(
            "#/components/schemas/GetThingResponse: a response body schema needs `xml.name`"
        ),
        "{text}"
    );
    let wrong_key = base.replace("required: [getThingResponse]", "required: [other]");
    let text = errors(&wrong_key);
    assert!(
        text.contains("#/components/schemas/GetThingJsonResponse: a JSON wrapper must be"),
        "{text}"
    );
    let no_summary = base.replace("      summary: Get a thing.\n", "");
    let text = errors(&no_summary);
    assert!(
        text.contains("#/paths/~1getThing/get: an operation needs a `summary`"),
        "{text}"
    );
}

#[test]
fn yaml_errors_name_the_line() {
    let text = match generate("openapi: 3.0.3\ninfo:\n  title: [unclosed\n") {
        Ok(_) => panic!("accepted"),
        Err(e) => e.to_string(),
    };
    assert!(text.starts_with("bad.yaml:"), "{text}");
    assert!(
        text.split(':')
            .nth(1)
            .is_some_and(|l| l.parse::<usize>().is_ok()),
        "{text}"
    );
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

#[test]
fn units_from_x_ncp_unit_end_the_docs_and_must_be_text() {
    let param = r#"        - name: timeoutSeconds
          in: query
          description: How long to wait.
          x-ncp-unit: seconds
          schema: {type: integer, format: int32}
"#;
    let files = generate(&spec(param, "")).unwrap_or_else(|e| panic!("{e}"));
    let ops = &files
        .iter()
        .find(|f| f.name == "operations/get_thing.rs")
        .unwrap()
        .contents;
    assert!(
        ops.contains("API name: `timeoutSeconds`. Unit: seconds."),
        "{ops}"
    );
    let text = errors(&spec(&param.replace("seconds\n", "5\n"), ""));
    assert!(
        text.contains(
            "#/paths/~1getThing/get/parameters/0/x-ncp-unit: `x-ncp-unit` must be a non-blank string"
        ),
        "{text}"
    );
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

#[test]
fn a_spec_with_operations_needs_its_base_path() {
    let base = spec("", "");
    let without = base.replace("servers: [{url: 'https://gw.example.com/bad/v1'}]\n", "");
    assert!(
        errors(&without).contains("#/servers: a spec with operations needs a server URL"),
        "{}",
        errors(&without)
    );
    for (url, why) in [
        ("https://gw.example.com", "expected an absolute http(s) URL"),
        ("gw.example.com/bad/v1", "expected an absolute http(s) URL"),
        (
            "https://gw.example.com/bad v1",
            "the base path may hold only",
        ),
    ] {
        let text = base.replace("https://gw.example.com/bad/v1", url);
        let e = errors(&text);
        assert!(
            e.contains("#/servers/0/url: ") && e.contains(why),
            "{url}: {e}"
        );
    }
}

#[test]
fn error_bodies_map_onto_the_runtime_types() {
    let base = spec("", "");
    let unmarked = base.replacen("      x-ncp-runtime-type: GatewayErrorDetail\n", "", 1);
    let e = errors(&unmarked);
    assert!(
        e.contains(
            "#/components/schemas/GatewayErrorDetail: the runtime decodes error bodies into its \
             own `GatewayErrorDetail`: mark the schema `x-ncp-runtime-type: GatewayErrorDetail`"
        ),
        "{e}"
    );
    let unknown = base.replacen(
        "x-ncp-runtime-type: GatewayErrorDetail",
        "x-ncp-runtime-type: NoSuchType",
        1,
    );
    let e = errors(&unknown);
    assert!(
        e.contains("#/components/schemas/GatewayErrorDetail/x-ncp-runtime-type: must name one of the runtime's types"),
        "{e}"
    );
    // A mapped schema is re-exported from the runtime, not generated.
    let files = generate(&base).unwrap();
    let types = &files
        .iter()
        .find(|f| f.name == "types/mod.rs")
        .unwrap()
        .contents;
    assert!(
        types.contains("pub use ::ncloud_runtime::wire::GatewayErrorDetail;"),
        "{types}"
    );
    assert!(
        files
            .iter()
            .all(|f| !f.contents.contains("pub struct GatewayErrorDetail")),
        "{:?}",
        files.iter().map(|f| &f.name).collect::<Vec<_>>()
    );
    assert!(!types.contains("mod gateway_error_detail"));
}
