//! Property tests over every operation, driven by the spec and the generated registry: for each
//! operation, arbitrary response bodies are built from the spec's model of its body type (every
//! field, nested structs and lists, known and unknown codes, dates, lenient scalars, any text),
//! decoded as JSON through the client's path (`decode_body`), and the decoded value then has to
//! survive the crate's own XML and JSON encoders and decoders unchanged
//! (`ncloud_test_support::oracles`).
//!
//! Nothing here names an operation or a type: an operation added to the spec is covered as soon
//! as it is generated, and a test fails naming any registered operation the spec does not
//! describe.

use std::collections::BTreeMap;
use std::path::PathBuf;

use codegen::model::{Api, FieldType, Scalar, StructDef, TypeDef};
use ncloud_test_support::oracles::{RoundTrip, round_trip};
use ncloud_vserver::Format;
use ncloud_vserver::registry::{OPERATION_NAMES, for_each_mock_operation};
use ncloud_vserver::runtime::mock::MockOperation;
use ncloud_vserver::runtime::registry::MockVisitor;
use ncloud_vserver::runtime::{UnknownField, decode_body};
use proptest::prelude::*;
use proptest::strategy::BoxedStrategy;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::{Map, Value};

/// How deep nested structs go before optional fields are left out.
const MAX_DEPTH: usize = 6;

fn api() -> Api {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let doc = codegen::load::load_file(&root.join(xtask::layout::SPEC)).expect("spec loads");
    codegen::model::build(&doc).expect("spec builds")
}

/// Any text but NUL (no XML document can carry one): markup, control characters, `\r`,
/// Korean and non-BMP characters included.
fn text() -> BoxedStrategy<String> {
    prop_oneof![
        any::<String>(),
        "[<>&\"' \r\n\t\u{1}-\u{1f}a-z가-힣\u{10000}-\u{10010}]{0,12}".prop_map(String::from),
    ]
    .prop_map(|s| s.replace('\0', ""))
    .boxed()
}

/// A date as NCP writes it (`2020-08-24T10:34:27+0900`), and the other offsets it accepts.
fn date_time() -> BoxedStrategy<Value> {
    (
        1970i32..2100,
        1u32..=12,
        1u32..=28,
        0u32..24,
        0u32..60,
        0u32..60,
        prop_oneof![Just("+0900"), Just("Z"), Just("+09:00"), Just("-0330")],
    )
        .prop_map(|(y, mo, d, h, mi, s, offset)| {
            Value::String(format!(
                "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{offset}"
            ))
        })
        .boxed()
}

/// A JSON value of the field type `ty`, as the API could send it.
fn value_of(api: &Api, ty: &FieldType, depth: usize) -> BoxedStrategy<Value> {
    match ty {
        FieldType::Scalar(Scalar::String) => text().prop_map(Value::String).boxed(),
        FieldType::Scalar(Scalar::Int32) => any::<i32>().prop_map(Value::from).boxed(),
        FieldType::Scalar(Scalar::Int64) => any::<i64>().prop_map(Value::from).boxed(),
        FieldType::Scalar(Scalar::F64) => (-1.0e12f64..1.0e12).prop_map(Value::from).boxed(),
        FieldType::Scalar(Scalar::Bool) => any::<bool>().prop_map(Value::Bool).boxed(),
        FieldType::Scalar(Scalar::DateTime) => date_time(),
        FieldType::Scalar(Scalar::LenientString) => prop_oneof![
            text().prop_map(Value::String),
            any::<i64>().prop_map(Value::from),
        ]
        .boxed(),
        FieldType::Scalar(Scalar::LenientInt64) => prop_oneof![
            any::<i64>().prop_map(Value::from),
            any::<i64>().prop_map(|n| Value::String(n.to_string())),
        ]
        .boxed(),
        FieldType::Enum(name) => code(api, name),
        FieldType::Struct(name) => object(api, name, depth + 1),
        FieldType::List { item, .. } => {
            proptest::collection::vec(value_of(api, item, depth + 1), 0..3)
                .prop_map(Value::Array)
                .boxed()
        }
    }
}

/// A code of the enum `name`: mostly a known one, sometimes one from a newer API (kept as an
/// unknown value). Codes are trimmed scalars, so an unknown one is neither blank nor padded.
fn code(api: &Api, name: &str) -> BoxedStrategy<Value> {
    let known: Vec<String> = match api.type_def(name) {
        Some(TypeDef::Enum(e)) => e.values.iter().map(|v| v.value.clone()).collect(),
        other => panic!("`{name}` is not an enum: {other:?}"),
    };
    let unknown = "[A-Z0-9_가-힣][A-Z0-9_ 가-힣]{0,8}[A-Z0-9_]".prop_map(String::from);
    if known.is_empty() {
        return unknown.prop_map(Value::String).boxed();
    }
    prop_oneof![3 => proptest::sample::select(known), 1 => unknown]
        .prop_map(Value::String)
        .boxed()
}

/// An object of the struct `name`: required fields always, optional ones or not; the
/// envelope's `returnCode` is `0` (anything else is an error body, not a response).
fn object(api: &Api, name: &str, depth: usize) -> BoxedStrategy<Value> {
    let def: &StructDef = api
        .struct_def(name)
        .unwrap_or_else(|| panic!("`{name}` is not a struct"));
    let fields: Vec<BoxedStrategy<Option<(String, Value)>>> = def
        .fields
        .iter()
        .filter(|f| f.required || depth < MAX_DEPTH)
        .map(|f| {
            let key = f.api_name.clone();
            let value = if f.api_name == "returnCode" {
                Just(Value::String("0".to_owned())).boxed()
            } else {
                value_of(api, &f.ty, depth)
            };
            let pair = value.prop_map(move |v| Some((key.clone(), v)));
            if f.required {
                pair.boxed()
            } else {
                prop_oneof![1 => Just(None), 3 => pair].boxed()
            }
        })
        .collect();
    fields
        .prop_map(|pairs| Value::Object(pairs.into_iter().flatten().collect::<Map<_, _>>()))
        .boxed()
}

/// Decodes a JSON body as the operation named `name` and round-trips the value.
struct Check<'a> {
    name: &'a str,
    body: &'a [u8],
    result: Option<Result<(), String>>,
}

impl MockVisitor for Check<'_> {
    fn visit<O: MockOperation>(&mut self) {
        if self.result.is_some() || O::NAME != self.name {
            return;
        }
        let mut unknown: Vec<UnknownField> = Vec::new();
        let shown = || String::from_utf8_lossy(self.body).into_owned();
        let result = match decode_body::<O>(self.body, Some(&mut unknown)) {
            Err(e) => Err(format!(
                "{}: a body built from the spec does not decode: {e}\n{}",
                O::NAME,
                shown()
            )),
            Ok(_) if !unknown.is_empty() => Err(format!(
                "{}: a body built from the spec has fields the decoder does not know: {unknown:?}\n{}",
                O::NAME,
                shown()
            )),
            Ok(value) => [Format::Xml, Format::Json]
                .into_iter()
                .try_for_each(|format| match round_trip::<O>(&value, format)? {
                    RoundTrip::Equal | RoundTrip::NotInXml => Ok(()),
                    RoundTrip::ApiError => Err(format!("{}: decoded as an API error", O::NAME)),
                }),
        };
        self.result = Some(result);
    }
}

fn check(name: &str, body: &[u8]) -> Result<(), String> {
    let mut check = Check {
        name,
        body,
        result: None,
    };
    for_each_mock_operation(&mut check);
    check
        .result
        .unwrap_or_else(|| Err(format!("`{name}` is not in the registry")))
}

#[test]
fn every_operation_round_trips_arbitrary_bodies_built_from_the_spec() {
    let api = api();
    let ops: BTreeMap<&str, _> = api
        .operations
        .iter()
        .map(|op| (op.name.as_str(), op))
        .collect();
    let missing: Vec<&str> = OPERATION_NAMES
        .iter()
        .copied()
        .filter(|name| !ops.contains_key(name))
        .collect();
    assert!(
        missing.is_empty(),
        "registered but not in the spec: {missing:?}"
    );
    assert_eq!(OPERATION_NAMES.len(), api.operations.len());
    for name in OPERATION_NAMES {
        let op = ops[name];
        let root = op.response_root.clone();
        let body = object(&api, &op.body, 0).prop_map(move |v| {
            serde_json::to_vec(&Value::Object(Map::from_iter([(root.clone(), v)]))).unwrap()
        });
        let mut runner = TestRunner::new(Config {
            cases: 64,
            failure_persistence: None,
            ..Config::default()
        });
        runner
            .run(&body, |body| {
                check(name, &body).map_err(TestCaseError::fail)
            })
            .unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}
