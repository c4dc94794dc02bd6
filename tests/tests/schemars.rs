//! With the `schemars` feature, the generated response types derive `JsonSchema`; for each
//! response type (and every struct it reaches) the derived schema must agree with the spec's
//! schema: the same properties, each with the same type, and the same required ones.
//!
//! The spec side is read from the YAML here, with its own small `allOf` merge, not through the
//! generator's model, so a generator bug cannot make both sides wrong the same way. Types are
//! compared as kinds such as `integer(int64)`, `ref:ServerImageTypeCode`, `array<ref:Region>`
//! or `integer|string` (a number-or-string field: the spec's `oneOf` alternatives, schemars'
//! type list). A `$ref` to a string enum is a `string` on both sides (the generated enums take
//! unknown codes, so their schema is any string with the known values as `examples`); string
//! formats are left out (the API's dates are not the RFC 3339 that `format: date-time` means,
//! so the derived schema gives a pattern instead; the pattern is checked below).

use std::collections::BTreeSet;
use std::path::Path;

use ncloud_vserver::runtime::DateTime;
use ncloud_vserver::runtime::schema::DATE_TIME_PATTERN;
use ncloud_vserver::{registry, types};
use schemars::schema::RootSchema;
use serde_json::Value;
use xtask::layout;

/// The spec as one document (its bundle: the root and its parts).
fn spec() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(layout::bundle_path(layout::SPEC));
    serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn component<'a>(spec: &'a Value, name: &str) -> &'a Value {
    spec.pointer(&format!("/components/schemas/{name}"))
        .unwrap_or_else(|| panic!("no schema {name}"))
}

fn ref_name(reference: &str) -> &str {
    reference
        .rsplit('/')
        .next()
        .unwrap_or_else(|| panic!("bad $ref {reference}"))
}

/// Properties (in order; a later one replaces an earlier one of the same name) and required
/// names of an object schema, through `allOf`.
fn merged(spec: &Value, schema: &Value) -> (Vec<(String, Value)>, BTreeSet<String>) {
    let mut props: Vec<(String, Value)> = Vec::new();
    let mut required = BTreeSet::new();
    let mut add = |(p, r): (Vec<(String, Value)>, BTreeSet<String>)| {
        for (name, value) in p {
            match props.iter_mut().find(|(n, _)| *n == name) {
                Some(slot) => slot.1 = value,
                None => props.push((name, value)),
            }
        }
        required.extend(r);
    };
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        add(merged(spec, component(spec, ref_name(reference))));
    }
    for member in schema
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        add(merged(spec, member));
    }
    let own: Vec<(String, Value)> = schema
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let own_required = required_names(schema);
    add((own, own_required));
    (props, required)
}

fn is_string_enum(schema: &Value) -> bool {
    schema.get("type").and_then(Value::as_str) == Some("string") && schema.get("enum").is_some()
}

fn join(kinds: BTreeSet<String>) -> String {
    kinds.into_iter().collect::<Vec<_>>().join("|")
}

/// The kind of a spec property schema.
fn spec_kind(spec: &Value, schema: &Value) -> String {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let name = ref_name(reference);
        return if is_string_enum(component(spec, name)) {
            "string".to_owned()
        } else {
            format!("ref:{name}")
        };
    }
    if let Some(all_of) = schema.get("allOf").and_then(Value::as_array) {
        assert_eq!(
            all_of.len(),
            1,
            "a property allOf is a single $ref: {schema}"
        );
        return spec_kind(spec, &all_of[0]);
    }
    if let Some(one_of) = schema.get("oneOf").and_then(Value::as_array) {
        // Alternatives are compared by type only: the formats describe the JSON number form.
        return join(
            one_of
                .iter()
                .map(|a| a["type"].as_str().unwrap().to_owned())
                .collect(),
        );
    }
    match schema["type"].as_str() {
        Some("array") => format!("array<{}>", spec_kind(spec, &schema["items"])),
        Some("integer") => format!("integer({})", schema["format"].as_str().unwrap()),
        Some(t) => t.to_owned(),
        None => panic!("untyped property schema {schema}"),
    }
}

/// The kind of a schemars property schema; `null` is left out (it marks an `Option`).
fn derived_kind(definitions: &Value, schema: &Value) -> String {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let name = ref_name(reference);
        let target = &definitions[name];
        assert!(!target.is_null(), "dangling $ref {reference}");
        return if target.get("type").and_then(Value::as_str) == Some("string") {
            "string".to_owned()
        } else {
            format!("ref:{name}")
        };
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(members) = schema.get(key).and_then(Value::as_array) {
            let kinds: BTreeSet<String> = members
                .iter()
                .filter(|m| m.get("type").and_then(Value::as_str) != Some("null"))
                .map(|m| derived_kind(definitions, m))
                .collect();
            return join(kinds);
        }
    }
    let types: BTreeSet<String> = match &schema["type"] {
        Value::String(t) => BTreeSet::from([t.clone()]),
        Value::Array(ts) => ts.iter().map(|t| t.as_str().unwrap().to_owned()).collect(),
        other => panic!("untyped derived schema {schema} ({other})"),
    };
    let types: BTreeSet<String> = types.into_iter().filter(|t| t != "null").collect();
    if types.len() > 1 {
        return join(types);
    }
    match types.iter().next().map(String::as_str) {
        Some("array") => format!("array<{}>", derived_kind(definitions, &schema["items"])),
        Some("integer") => format!("integer({})", schema["format"].as_str().unwrap()),
        Some(t) => t.to_owned(),
        None => panic!("no type in {schema}"),
    }
}

/// Compares the spec schema `name` with the derived object schema `derived`, then every
/// struct its properties reference; `seen` collects the compared names.
fn compare(
    spec: &Value,
    definitions: &Value,
    name: &str,
    derived: &Value,
    seen: &mut BTreeSet<String>,
) {
    if !seen.insert(name.to_owned()) {
        return;
    }
    let (props, required) = merged(spec, component(spec, name));
    let derived_props = derived["properties"].as_object().unwrap_or_else(|| {
        panic!("{name}: the derived schema has no properties: {derived}");
    });
    let spec_names: BTreeSet<&str> = props.iter().map(|(n, _)| n.as_str()).collect();
    let derived_names: BTreeSet<&str> = derived_props.keys().map(String::as_str).collect();
    assert_eq!(spec_names, derived_names, "{name}: properties differ");

    let derived_required: BTreeSet<String> = required_names(derived);
    assert_eq!(
        required, derived_required,
        "{name}: required properties differ"
    );

    for (prop, schema) in &props {
        let expected = spec_kind(spec, schema);
        let actual = derived_kind(definitions, &derived_props[prop]);
        assert_eq!(expected, actual, "{name}.{prop}: types differ");
        let inner = expected
            .strip_prefix("array<")
            .and_then(|k| k.strip_suffix('>'))
            .unwrap_or(&expected);
        if let Some(target) = inner.strip_prefix("ref:") {
            compare(spec, definitions, target, &definitions[target], seen);
        }
    }
}

/// The names a schema lists in `required`.
fn required_names<C: FromIterator<String>>(schema: &Value) -> C {
    schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect()
}

/// The derived schema of `T` as JSON: (root schema, definitions).
fn derived<T: schemars::JsonSchema>() -> (Value, Value) {
    as_json(&schemars::schema_for!(T))
}

/// A root schema as JSON: (root schema, definitions).
fn as_json(root: &RootSchema) -> (Value, Value) {
    let value = serde_json::to_value(root).unwrap();
    let definitions = value.get("definitions").cloned().unwrap_or(Value::Null);
    (value, definitions)
}

#[test]
fn derived_schemas_agree_with_the_spec() {
    let spec = spec();
    let api = codegen::model::build(
        &codegen::load::load_file(
            &Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("..")
                .join(layout::SPEC),
        )
        .unwrap(),
    )
    .unwrap();
    // Every operation's success body, from the registry (so none is left out), and the error
    // bodies, which the runtime defines.
    let mut checks: Vec<(String, (Value, Value))> = registry::response_schemas()
        .into_iter()
        .map(|(operation, root)| {
            let op = api.operations.iter().find(|o| o.name == operation).unwrap();
            (op.body.clone(), as_json(&root))
        })
        .collect();
    assert_eq!(checks.len(), api.operations.len());
    checks.extend([
        (
            "ResponseError".to_owned(),
            derived::<types::ResponseError>(),
        ),
        (
            "GatewayErrorDetail".to_owned(),
            derived::<types::GatewayErrorDetail>(),
        ),
        // The JSON error wrappers: the only response types with required properties.
        (
            "ResponseErrorJsonResponse".to_owned(),
            derived::<types::ResponseErrorJsonResponse>(),
        ),
        (
            "GatewayErrorResponse".to_owned(),
            derived::<types::GatewayErrorResponse>(),
        ),
    ]);
    let mut seen = BTreeSet::new();
    for (name, (root, definitions)) in &checks {
        compare(&spec, definitions, name, root, &mut seen);
    }
    let (wrapper, _) = derived::<types::ResponseErrorJsonResponse>();
    assert_eq!(wrapper["required"], serde_json::json!(["responseError"]));
    for nested in [
        "ResponseError",
        "GatewayErrorDetail",
        "ServerImage",
        "BlockStorageMapping",
        "Region",
        "ServerImageTypeCode",
    ] {
        assert!(seen.contains(nested), "{nested} was not reached: {seen:?}");
    }
}

#[test]
fn enum_schemas_take_any_string_and_list_the_known_values() {
    let spec = spec();
    let (_, definitions) = derived::<types::ServerImage>();
    let mut checked = 0;
    for (name, schema) in definitions.as_object().unwrap() {
        let spec_schema = component(&spec, name);
        if !is_string_enum(spec_schema) {
            continue;
        }
        checked += 1;
        assert_eq!(schema["type"], "string", "{name}");
        assert!(
            schema.get("enum").is_none(),
            "{name}: unknown codes must validate"
        );
        assert_eq!(schema["examples"], spec_schema["enum"], "{name}");
    }
    assert!(checked >= 5, "only {checked} enums reached");
}

/// The comparison itself catches a difference: a schema with a property removed, one made
/// required and one retyped all fail.
#[test]
fn the_comparison_fails_on_a_difference() {
    let spec = spec();
    let (root, definitions) = derived::<types::GetRegionListResponse>();
    let mutate = |f: &dyn Fn(&mut Value, &mut Value)| {
        let (mut root, mut definitions) = (root.clone(), definitions.clone());
        f(&mut root, &mut definitions);
        std::panic::catch_unwind(|| {
            compare(
                &spec,
                &definitions,
                "GetRegionListResponse",
                &root,
                &mut BTreeSet::new(),
            )
        })
        .is_err()
    };
    assert!(!mutate(&|_, _| {}), "the unmodified schema must pass");
    assert!(mutate(&|_, d| {
        d["Region"]["properties"]
            .as_object_mut()
            .unwrap()
            .remove("regionName");
    }));
    assert!(mutate(
        &|r, _| r["required"] = serde_json::json!(["totalRows"])
    ));
    assert!(mutate(
        &|r, _| r["properties"]["totalRows"]["format"] = "int64".into()
    ));
    assert!(mutate(
        &|r, _| r["properties"]["returnCode"]["type"] = "string".into()
    ));
}

/// The derived date-time pattern (run by an ECMAScript regex engine, as JSON Schema
/// validators do) accepts exactly the forms `DateTime::parse` takes, on this table.
#[test]
fn the_date_time_pattern_agrees_with_the_parser() {
    let regex = regress::Regex::new(DATE_TIME_PATTERN).unwrap();
    for text in [
        "2020-08-24T10:34:27+0900",
        "2020-08-24T10:34:27+09:00",
        "2020-08-24T01:34:27Z",
        "2020-08-24t01:34:27.123456z",
        "2020-08-24 10:34:27-0330",
        "2016-12-31T23:59:60Z",
        "2020-08-24T10:34:27",
        "2020-08-24T10:34+0900",
        "2020-13-24T10:34:27+0900",
        "2020-08-24T24:00:00+0900",
        "20-08-24T10:34:27+0900",
        "2020-08-24T10:34:27+9",
        " 2020-08-24T10:34:27+0900",
    ] {
        assert_eq!(
            regex.find(text).is_some(),
            DateTime::parse(text).is_ok(),
            "{text:?}"
        );
    }
}
