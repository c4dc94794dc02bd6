//! The response side of the generator on its feature spec `tests/features/responses.yaml`,
//! with bodies shaped like the live ones (the facts' list of live-body quirks): a detail lookup's
//! one item as an `Option`, list items named unlike the spec, and empty values of every
//! non-text kind.

use ncloud_vserver::runtime::{BodyError, Format, Operation, UnknownField, decode_body};
use ncloud_vserver_tests::features::responses::operations::GetFlowLogConfigurationDetailRequest;
use ncloud_vserver_tests::features::responses::types::{
    FlowLogConfiguration, GetFlowLogConfigurationDetailResponse, Status, StatusCode,
};

type Op = GetFlowLogConfigurationDetailRequest;

fn decode(body: &str) -> (GetFlowLogConfigurationDetailResponse, Vec<UnknownField>) {
    let mut unknown = Vec::new();
    let value = decode_body::<Op>(body.as_bytes(), Some(&mut unknown))
        .unwrap_or_else(|e| panic!("{e}\n{body}"));
    (value, unknown)
}

fn xml(list: &str) -> String {
    format!(
        "<{root}><returnCode>0</returnCode><flowLogConfigurationList>{list}\
         </flowLogConfigurationList></{root}>",
        root = Op::RESPONSE_ROOT
    )
}

fn json(list: &str) -> String {
    format!(
        r#"{{"{root}": {{"returnCode": "0", "flowLogConfigurationList": [{list}]}}}}"#,
        root = Op::RESPONSE_ROOT
    )
}

#[test]
fn a_capitalized_list_item_is_decoded_and_reported() {
    let (value, unknown) = decode(&xml(
        "<FlowLogConfiguration><networkInterfaceNo>123</networkInterfaceNo>\
         <collectIntervalMinute>5</collectIntervalMinute></FlowLogConfiguration>",
    ));
    assert_eq!(value.flow_log_configuration_list.len(), 1);
    let item = &value.flow_log_configuration_list[0];
    assert_eq!(item.network_interface_no.as_deref(), Some("123"));
    assert_eq!(item.collect_interval_minute, Some(5));
    assert_eq!(unknown.len(), 1, "{unknown:?}");
    let report = &unknown[0];
    assert_eq!(
        report.path,
        "getFlowLogConfigurationDetailResponse/flowLogConfigurationList/FlowLogConfiguration[0]"
    );
    assert_eq!(report.expected_name, Some("flowLogConfiguration"));
    assert_eq!(report.format, Format::Xml);
    assert!(
        report.to_string().contains("`flowLogConfiguration`"),
        "{report}"
    );

    // The same in JSON (which has no item names) decodes alike, with nothing to report.
    let (from_json, unknown) = decode(&json(
        r#"{"networkInterfaceNo": "123", "collectIntervalMinute": 5}"#,
    ));
    assert_eq!(from_json, value);
    assert!(unknown.is_empty(), "{unknown:?}");

    // Items under their own name are not reported, whatever comes beside them.
    let (value, unknown) = decode(&xml(
        "<flowLogConfiguration><targetList><target>a</target><Target>b</Target></targetList>\
         </flowLogConfiguration>",
    ));
    assert_eq!(value.flow_log_configuration_list[0].target_list, ["a", "b"]);
    let paths: Vec<&str> = unknown.iter().map(|u| u.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "getFlowLogConfigurationDetailResponse/flowLogConfigurationList/\
          flowLogConfiguration[0]/targetList/Target[1]"
        ]
    );
}

#[test]
fn the_single_item_is_an_option_and_an_empty_list_means_not_found() {
    let found = xml(
        "<flowLogConfiguration><networkInterfaceNo>7</networkInterfaceNo>\
                     </flowLogConfiguration>",
    );
    let (value, _) = decode(&found);
    assert_eq!(
        value
            .flow_log_configuration()
            .and_then(|c| c.network_interface_no.as_deref()),
        Some("7")
    );
    let owned: Option<FlowLogConfiguration> = value.clone().into_flow_log_configuration();
    assert_eq!(owned.as_ref(), value.flow_log_configuration_list.first());

    for not_found in [
        xml(""),
        format!(
            "<{root}><flowLogConfigurationList/></{root}>",
            root = Op::RESPONSE_ROOT
        ),
        format!("<{root}/>", root = Op::RESPONSE_ROOT),
        json(""),
    ] {
        let (value, _) = decode(&not_found);
        assert!(value.flow_log_configuration().is_none(), "{not_found}");
        assert!(value.into_flow_log_configuration().is_none(), "{not_found}");
    }
}

/// Every optional non-text field of the item, empty: an empty XML element, a JSON `""` (or
/// blank string) and JSON `null` are all an absent value. Text keeps the empty string.
#[test]
fn empty_values_of_every_non_text_kind_are_absent() {
    const FIELDS: [&str; 8] = [
        "collectIntervalMinute",
        "storageBytes",
        "sampleRatio",
        "isEnabled",
        "createDate",
        "status",
        "statusCode",
        "bucketNo",
    ];
    let expected = {
        let mut item = FlowLogConfiguration::default();
        item.network_interface_no = Some(String::new());
        item
    };
    let check = |body: String| {
        let (value, unknown) = decode(&body);
        assert!(unknown.is_empty(), "{unknown:?}\n{body}");
        assert_eq!(
            value.flow_log_configuration_list,
            std::slice::from_ref(&expected),
            "{body}"
        );
    };

    for empty in ["<{f}/>", "<{f}></{f}>", "<{f}> \n </{f}>"] {
        let mut item = String::from("<networkInterfaceNo></networkInterfaceNo>");
        // An empty object element is an object without fields (see below), not absent.
        for f in FIELDS.iter().filter(|f| **f != "statusCode") {
            item.push_str(&empty.replace("{f}", f));
        }
        check(xml(&format!(
            "<flowLogConfiguration>{item}</flowLogConfiguration>"
        )));
    }
    for empty in [r#""""#, r#"" ""#, "null"] {
        let fields: Vec<String> = FIELDS
            .iter()
            .map(|f| format!(r#""{f}": {empty}"#))
            .collect();
        check(json(&format!(
            r#"{{"networkInterfaceNo": "", {}}}"#,
            fields.join(", ")
        )));
    }

    // An empty object element is an object whose fields are all absent: the XML writer writes
    // such a value that way and JSON's `{}` reads the same, so the two formats agree.
    let (from_xml, _) = decode(&xml(
        "<flowLogConfiguration><statusCode/></flowLogConfiguration>",
    ));
    let (from_json, _) = decode(&json(r#"{"statusCode": {}}"#));
    assert_eq!(from_xml, from_json);
    assert_eq!(
        from_xml.flow_log_configuration_list[0].status_code,
        Some(StatusCode::default())
    );
}

#[test]
fn present_values_still_decode_and_wrong_ones_still_fail() {
    let item = "<flowLogConfiguration><collectIntervalMinute>10</collectIntervalMinute>\
                <storageBytes>2199023255552</storageBytes><sampleRatio>0.5</sampleRatio>\
                <isEnabled>true</isEnabled><createDate>2024-01-02T03:04:05+0900</createDate>\
                <status>SET</status><statusCode><code>RUN</code><codeName>운영 중</codeName>\
                </statusCode><bucketNo>42</bucketNo></flowLogConfiguration>";
    let (from_xml, _) = decode(&xml(item));
    let (from_json, _) = decode(&json(
        r#"{"collectIntervalMinute": 10, "storageBytes": 2199023255552, "sampleRatio": 0.5,
            "isEnabled": true, "createDate": "2024-01-02T03:04:05+0900", "status": "SET",
            "statusCode": {"code": "RUN", "codeName": "운영 중"}, "bucketNo": "42"}"#,
    ));
    assert_eq!(from_xml, from_json);
    let c = &from_json.flow_log_configuration_list[0];
    assert_eq!(c.collect_interval_minute, Some(10));
    assert_eq!(c.storage_bytes, Some(2_199_023_255_552));
    assert_eq!(c.sample_ratio, Some(0.5));
    assert_eq!(c.is_enabled, Some(true));
    assert_eq!(c.status, Some(Status::Set));
    assert_eq!(
        c.status_code.as_ref().and_then(|s| s.code.clone()),
        Some(Status::Run)
    );
    assert_eq!(c.bucket_no, Some(42));

    let prefix = "getFlowLogConfigurationDetailResponse/flowLogConfigurationList[0]";
    for (field, value) in [
        ("collectIntervalMinute", r#""ten""#),
        ("storageBytes", "1.5"),
        ("isEnabled", r#""yes""#),
        ("createDate", r#""yesterday""#),
        ("status", "1"),
        ("statusCode", r#""RUN""#),
    ] {
        let body = json(&format!(r#"{{"{field}": {value}}}"#));
        match decode_body::<Op>(body.as_bytes(), None) {
            Err(BodyError::Decode(e)) => {
                assert_eq!(e.path(), format!("{prefix}/{field}"), "{body}: {e}");
            }
            other => panic!("{body}: {other:?}"),
        }
    }
}
