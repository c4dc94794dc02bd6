//! Nesting limits of both decoders: a body nested `runtime::MAX_DEPTH` levels deep is a typed
//! `TooDeep` error (never a stack overflow or unbounded growth), and anything shallower still
//! decodes.

use ncloud_vserver::operations::GetServerImageDetailRequest;
use ncloud_vserver::runtime::error::DecodeErrorKind;
use ncloud_vserver::runtime::{BodyError, Format, MAX_DEPTH, decode_body};

type Op = GetServerImageDetailRequest;

/// A success body whose image holds an unknown element nested `levels` deep in total
/// (counting the root).
fn nested_xml(levels: usize) -> String {
    // root / serverImageList / serverImage / x ... : the unknown chain starts at level 4.
    let chain = levels - 3;
    format!(
        "<getServerImageDetailResponse><serverImageList><serverImage>{}{}</serverImage>\
         </serverImageList></getServerImageDetailResponse>",
        "<x>".repeat(chain),
        "</x>".repeat(chain)
    )
}

/// A JSON success body whose image has an unknown field holding `arrays` nested arrays.
fn nested_json(arrays: usize) -> String {
    format!(
        r#"{{"getServerImageDetailResponse": {{"serverImageList": [{{"future": {}1{}}}]}}}}"#,
        "[".repeat(arrays),
        "]".repeat(arrays)
    )
}

fn too_deep(
    result: Result<impl std::fmt::Debug, BodyError>,
) -> ncloud_vserver::runtime::error::DecodeError {
    match result {
        Err(BodyError::Decode(e)) => {
            assert_eq!(
                e.kind(),
                &DecodeErrorKind::TooDeep { limit: MAX_DEPTH },
                "{e}"
            );
            e
        }
        other => panic!("expected TooDeep, got {other:?}"),
    }
}

#[test]
fn xml_nesting_below_the_limit_decodes_and_at_it_is_too_deep() {
    let mut unknown = Vec::new();
    let ok = decode_body::<Op>(nested_xml(MAX_DEPTH - 1).as_bytes(), Some(&mut unknown)).unwrap();
    assert_eq!(ok.server_image_list.len(), 1);
    assert_eq!(
        unknown.len(),
        1,
        "the deep element is kept as unknown: {unknown:?}"
    );

    let e = too_deep(decode_body::<Op>(nested_xml(MAX_DEPTH).as_bytes(), None));
    assert_eq!(e.format(), Format::Xml);
    assert_eq!(
        e.path(),
        "getServerImageDetailResponse/serverImageList/serverImage[0]/x"
    );
    assert_eq!(
        e.to_string(),
        format!(
            "XML decode error at getServerImageDetailResponse/serverImageList/serverImage[0]/x: \
             nested {MAX_DEPTH} or more levels deep"
        )
    );
}

#[test]
fn xml_far_too_deep_is_cheap_and_typed() {
    // A megabyte of open tags: rejected at the limit, not after reading it all.
    let body = "<getServerImageDetailResponse>".to_owned() + &"<x>".repeat(350_000);
    too_deep(decode_body::<Op>(body.as_bytes(), None));
}

#[test]
fn json_values_deeper_than_serde_json_limit_are_too_deep() {
    use ncloud_vserver::runtime::json::from_json;
    let deep = |n: usize| format!("{}1{}", "[".repeat(n), "]".repeat(n));
    from_json::<serde_json::Value>(deep(MAX_DEPTH - 1).as_bytes(), None).unwrap();
    let e = from_json::<serde_json::Value>(deep(MAX_DEPTH).as_bytes(), None).unwrap_err();
    assert_eq!(
        e.kind(),
        &DecodeErrorKind::TooDeep { limit: MAX_DEPTH },
        "{e}"
    );
    assert!(
        e.to_string().contains("nested 128 or more levels deep"),
        "{e}"
    );
}

#[test]
fn json_unknown_values_are_skipped_at_any_depth_without_recursion() {
    // serde_json skips an ignored value iteratively: 100,000 levels neither overflow the stack
    // nor fail; the field is reported as unknown.
    let mut unknown = Vec::new();
    let out = decode_body::<Op>(nested_json(100_000).as_bytes(), Some(&mut unknown)).unwrap();
    assert_eq!(out.server_image_list.len(), 1);
    assert_eq!(unknown.len(), 1, "{unknown:?}");
    assert!(
        unknown[0].path.ends_with("serverImageList[0]/future"),
        "{unknown:?}"
    );
    // Depth where a typed value is expected is a type error at once.
    let body = format!(
        r#"{{"getServerImageDetailResponse": {{"serverImageList": {}]}}}}"#,
        "[".repeat(100_000)
    );
    match decode_body::<Op>(body.as_bytes(), None) {
        Err(BodyError::Decode(e)) => assert_eq!(e.format(), Format::Json),
        other => panic!("{other:?}"),
    }
}
