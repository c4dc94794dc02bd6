//! The request side of the generator against its feature spec `tests/features/forms.yaml`: a
//! `post` whose form-body schema's properties are the parameters, every request rule checked by
//! `build()` (at its bound and one past it, naming the parameter), rules on list-item fields,
//! the group rules, the nested list encoding, and secrets kept out of `Debug` and of the JSON
//! that `check-sample` prints.

use std::borrow::Cow;

use ncloud_vserver::runtime::error::{GroupRule, InvalidRequestReason};
use ncloud_vserver::runtime::query::QueryWriter;
use ncloud_vserver::runtime::{InvalidRequest, Operation};

use forms::operations::{CreateWidgetRequest, CreateWidgetRequestBuilder};
use forms::types::{Address, CreateWidgetResponse, NicParameter, Widget};
use ncloud_vserver_tests::features::forms;

/// A valid request: the one image source, a zone, the required name.
fn valid() -> CreateWidgetRequestBuilder {
    CreateWidgetRequest::builder()
        .widget_name("web-1")
        .image_no("100")
        .zone_code("KR-1")
}

fn nic(order: i32) -> NicParameter {
    let mut nic = NicParameter::new(order);
    nic.subnet_no = Some("42".to_owned());
    nic
}

#[track_caller]
fn rejected(builder: CreateWidgetRequestBuilder) -> InvalidRequest {
    builder
        .build()
        .expect_err("build() should refuse the request")
}

#[track_caller]
fn accepted(builder: CreateWidgetRequestBuilder) -> CreateWidgetRequest {
    builder.build().unwrap_or_else(|e| panic!("{e}"))
}

fn query<O: Operation>(request: &O) -> String {
    let mut q = QueryWriter::new();
    request.encode_query(&mut q);
    q.into_string()
}

#[test]
fn text_rules_pass_at_their_bounds_and_fail_one_past_them() {
    accepted(valid().widget_name("abc"));
    accepted(valid().widget_name("a".repeat(30)));
    let short = rejected(valid().widget_name("ab"));
    assert_eq!(short.parameter(), "widgetName");
    assert_eq!(
        short.reason(),
        &InvalidRequestReason::Length {
            length: 2,
            min: Some(3),
            max: Some(30)
        }
    );
    assert_eq!(
        rejected(valid().widget_name("a".repeat(31))).parameter(),
        "widgetName"
    );
    let pattern = rejected(valid().widget_name("web-"));
    assert_eq!(pattern.parameter(), "widgetName");
    assert_eq!(
        pattern.reason(),
        &InvalidRequestReason::Pattern {
            pattern: "^[a-z][a-z0-9-]*[a-z0-9]$"
        }
    );
    assert!(
        !pattern.to_string().contains("web-"),
        "the value is not repeated: {pattern}"
    );
    // Bytes, not characters: three Hangul syllables are 9 bytes, a fourth is 12.
    accepted(valid().widget_description("가나다a"));
    let bytes = rejected(valid().widget_description("가나다라"));
    assert_eq!(bytes.parameter(), "widgetDescription");
    assert_eq!(
        bytes.reason(),
        &InvalidRequestReason::TooManyBytes { bytes: 12, max: 10 }
    );
}

#[test]
fn integer_rules_check_range_and_step() {
    accepted(valid().size(10));
    accepted(valid().size(100));
    for (size, reason) in [
        (
            0,
            InvalidRequestReason::OutOfRange {
                value: 0,
                min: Some(10),
                max: Some(100),
            },
        ),
        (
            110,
            InvalidRequestReason::OutOfRange {
                value: 110,
                min: Some(10),
                max: Some(100),
            },
        ),
        (
            15,
            InvalidRequestReason::NotMultipleOf {
                value: 15,
                multiple_of: 10,
            },
        ),
    ] {
        let e = rejected(valid().size(size));
        assert_eq!((e.parameter(), e.reason()), ("size", &reason), "{size}");
    }
    accepted(valid().count(1_i64));
    accepted(valid().count(20_i64));
    assert_eq!(rejected(valid().count(21_i64)).parameter(), "count");
    assert_eq!(rejected(valid().count(0_i64)).parameter(), "count");
}

#[test]
fn list_rules_count_items_and_check_each_item() {
    accepted(valid().tag_list("a"));
    accepted(valid().tag_list("a").tag_list("b").tag_list("abcde"));
    let many = rejected(
        valid()
            .tag_list("a")
            .tag_list("b")
            .tag_list("c")
            .tag_list("d"),
    );
    assert_eq!(many.parameter(), "tagList");
    assert_eq!(
        many.reason(),
        &InvalidRequestReason::ItemCount {
            count: 4,
            min: Some(1),
            max: Some(3)
        }
    );
    // Set but empty: below the minimum (an unset list is not checked).
    assert_eq!(
        rejected(valid().set_tag_list(Some(Vec::new()))).reason(),
        &InvalidRequestReason::ItemCount {
            count: 0,
            min: Some(1),
            max: Some(3)
        }
    );
    let long_item = rejected(valid().tag_list("ok").tag_list("abcdef"));
    assert_eq!(long_item.parameter(), "tagList.2");
}

#[test]
fn list_item_fields_are_checked_with_their_path() {
    accepted(valid().nic_list(nic(0)).nic_list(nic(2)));
    assert_eq!(
        rejected(valid().nic_list(nic(0)).nic_list(nic(3))).parameter(),
        "nicList.2.order"
    );
    let mut bad_subnet = nic(0);
    bad_subnet.subnet_no = Some("s-1".to_owned());
    assert_eq!(
        rejected(valid().nic_list(bad_subnet)).parameter(),
        "nicList.1.subnetNo"
    );
    // The nested list's count and the nested object's field.
    let mut four = nic(0);
    four.acg_no_list = vec!["1".into(), "2".into(), "3".into(), "4".into()];
    assert_eq!(
        rejected(valid().nic_list(nic(1)).nic_list(four)).parameter(),
        "nicList.2.acgNoList"
    );
    let mut far = nic(0);
    far.address = Some({
        let mut address = Address::default();
        address.ip = Some("1234567890123456".to_owned());
        address
    });
    assert_eq!(
        rejected(valid().nic_list(far)).parameter(),
        "nicList.1.address.ip"
    );
    // The item's own group rule and x-ncp-requires.
    let mut both = nic(0);
    both.nic_no = Some("7".to_owned());
    let e = rejected(valid().nic_list(both));
    assert_eq!(e.parameter(), "nicList.1.nicNo");
    assert_eq!(
        e.reason(),
        &InvalidRequestReason::Group {
            rule: GroupRule::ExactlyOne,
            members: vec![
                Cow::from("nicList.1.subnetNo"),
                Cow::from("nicList.1.nicNo")
            ],
            set: 2,
        }
    );
    let mut ip_only = NicParameter::new(0);
    ip_only.nic_no = Some("7".to_owned());
    ip_only.ip = Some("10.0.0.1".to_owned());
    let e = rejected(valid().nic_list(ip_only));
    assert_eq!(
        (e.parameter(), e.reason()),
        (
            "nicList.1.ip",
            &InvalidRequestReason::Requires {
                other: "nicList.1.subnetNo".into()
            }
        )
    );
    assert_eq!(
        rejected(valid().nic_list(nic(0)).nic_list(nic(1)).nic_list(nic(2))).parameter(),
        "nicList"
    );
}

#[test]
fn group_rules_and_requires_of_the_request() {
    // Exactly one image source.
    let none = rejected(
        CreateWidgetRequest::builder()
            .widget_name("web")
            .zone_code("z"),
    );
    assert_eq!(none.parameter(), "imageNo");
    assert_eq!(
        none.to_string(),
        "invalid request: exactly one of `imageNo`, `imageCode` must be set, none is"
    );
    let two = rejected(valid().image_code("c"));
    assert_eq!(two.parameter(), "imageCode");
    // At least one place: either, or both.
    let nowhere = rejected(
        CreateWidgetRequest::builder()
            .widget_name("web")
            .image_no("1"),
    );
    assert!(matches!(
        nowhere.reason(),
        InvalidRequestReason::Group {
            rule: GroupRule::AtLeastOne,
            set: 0,
            ..
        }
    ));
    accepted(valid().region_code("KR"));
    // At most one of alpha and beta (alpha needs size).
    accepted(valid().beta(true));
    accepted(valid().alpha(true).size(20));
    let e = rejected(valid().alpha(true));
    assert_eq!(
        (e.parameter(), e.reason()),
        (
            "alpha",
            &InvalidRequestReason::Requires {
                other: "size".into()
            }
        )
    );
    let e = rejected(valid().alpha(true).size(20).beta(false));
    assert_eq!(e.parameter(), "beta");
    assert!(matches!(
        e.reason(),
        InvalidRequestReason::Group {
            rule: GroupRule::AtMostOne,
            set: 2,
            ..
        }
    ));
    // A required parameter is still reported first.
    assert_eq!(
        rejected(CreateWidgetRequest::builder()).reason(),
        &InvalidRequestReason::Missing
    );
}

#[test]
fn the_form_body_encodes_every_list_shape_in_property_order() {
    let mut first = nic(0);
    first.acg_no_list = vec!["g1".into(), "g2".into()];
    first.address = Some({
        let mut address = Address::default();
        address.ip = Some("10.0.0.1".to_owned());
        address
    });
    let request = accepted(
        valid()
            .size(20)
            .tag_list("a")
            .tag_list("b c")
            .private_key("-----BEGIN KEY-----")
            .nic_list(first)
            .nic_list({
                let mut second = NicParameter::new(1);
                second.nic_no = Some("77".into());
                second
            }),
    );
    assert_eq!(
        query(&request),
        "widgetName=web-1&size=20&imageNo=100&zoneCode=KR-1&tagList.1=a&tagList.2=b%20c\
         &privateKey=-----BEGIN%20KEY-----\
         &nicList.1.order=0&nicList.1.subnetNo=42&nicList.1.acgNoList.1=g1\
         &nicList.1.acgNoList.2=g2&nicList.1.address.ip=10.0.0.1\
         &nicList.2.order=1&nicList.2.nicNo=77"
    );
    const { assert!(CreateWidgetRequest::MUTATION) };
}

/// The request schema is not generated as a type: its properties are the request's fields.
#[test]
fn the_request_schema_is_not_a_type() {
    let types = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src/features/forms/types/mod.rs"
    ))
    .unwrap();
    assert!(
        types.contains("pub use nic_parameter::NicParameter;"),
        "{types}"
    );
    assert!(!types.contains("CreateWidgetRequest"), "{types}");
}

const SECRET: &str = "s3cr3t-MUST-NOT-LEAK";

#[test]
fn secrets_are_redacted_in_debug() {
    let mut item = nic(0);
    item.secret = Some(SECRET.to_owned());
    let builder = valid().private_key(SECRET).nic_list(item);
    let request = builder.clone().build().unwrap();
    for text in [format!("{builder:?}"), format!("{request:?}")] {
        assert!(!text.contains(SECRET), "{text}");
        assert!(text.contains("private_key: Some(\"***\")"), "{text}");
        assert!(text.contains("secret: Some(\"***\")"), "{text}");
        // Everything else still shows.
        assert!(
            text.contains("widget_name: Some(\"web-1\")")
                || text.contains("widget_name: \"web-1\""),
            "{text}"
        );
    }
    // An absent secret shows as absent.
    assert!(format!("{:?}", valid().build().unwrap()).contains("private_key: None"));

    let mut response = CreateWidgetResponse::default();
    response.root_password = Some(SECRET.to_owned());
    response.widget_list = vec![{
        let mut widget = Widget::default();
        widget.widget_no = Some("1".into());
        widget.admin_password = Some(SECRET.to_owned());
        widget
    }];
    let text = format!("{response:?}");
    assert!(!text.contains(SECRET), "{text}");
    assert!(text.contains("root_password: Some(\"***\")"), "{text}");
    assert!(text.contains("widget_no: Some(\"1\")"), "{text}");
}

/// A secret that breaks its rule is not repeated by the error, in any of its forms.
#[test]
fn errors_about_a_secret_do_not_carry_it() {
    let long = format!("{SECRET}{}", "x".repeat(64));
    let e = rejected(valid().private_key(long.as_str()));
    assert_eq!(e.parameter(), "privateKey");
    let error = ncloud_vserver::Error::from(e.clone());
    for text in [
        e.to_string(),
        format!("{e:?}"),
        error.to_string(),
        format!("{error:?}"),
    ] {
        assert!(!text.contains(SECRET), "{text}");
    }
}

#[test]
fn check_sample_json_redacts_the_response_secrets() {
    use forms::registry::decode_response_to_json;

    assert_eq!(
        CreateWidgetRequest::SENSITIVE_FIELDS,
        ["adminPassword", "rootPassword"]
    );
    let xml = format!(
        "<createWidgetResponse><requestId>r</requestId><returnCode>0</returnCode>\
         <rootPassword>{SECRET}</rootPassword><widgetList><widget><widgetNo>1</widgetNo>\
         <adminPassword>{SECRET}</adminPassword></widget></widgetList></createWidgetResponse>"
    );
    let text = decode_response_to_json("createWidget", xml.as_bytes(), None)
        .unwrap()
        .unwrap();
    assert!(!text.contains(SECRET), "{text}");
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["rootPassword"], "***");
    assert_eq!(json["widgetList"][0]["adminPassword"], "***");
    assert_eq!(json["widgetList"][0]["widgetNo"], "1");
    // The fields keep the spec's order.
    let at = |key: &str| text.find(key).unwrap();
    assert!(at("requestId") < at("rootPassword") && at("rootPassword") < at("widgetList"));
}

/// The typed mock reads a form body back through the builder, rules included.
#[test]
fn the_mock_decodes_the_form_body_and_applies_the_rules() {
    use ncloud_vserver::runtime::mock::{MockOperation, QueryParams};

    let mut first = nic(0);
    first.acg_no_list = vec!["g1".into(), "g2".into()];
    let request = accepted(valid().size(30).tag_list("t").nic_list(first));
    let params = QueryParams::parse(&query(&request)).unwrap();
    assert_eq!(CreateWidgetRequest::from_query(&params).unwrap(), request);
    let bad = QueryParams::parse("widgetName=ab&imageNo=1&zoneCode=z").unwrap();
    assert!(CreateWidgetRequest::from_query(&bad).is_err());
}

/// A list item's field docs say what a request checks of it (the rules that `build()` applies
/// to `networkInterfaceList.N.*`), next to its description.
#[test]
fn list_item_field_docs_name_their_rules() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src/features/forms/types/nic_parameter.rs");
    let text = std::fs::read_to_string(path).unwrap();
    for line in [
        "/// Checked before a request is sent. Allowed values: 0 to 2.",
        "/// Checked before a request is sent. Requires `subnetNo` to be set too.",
    ] {
        assert!(text.contains(line), "missing `{line}` in:\n{text}");
    }
}
