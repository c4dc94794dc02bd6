//! JSON Schemas ([`schemars`] 0.8) for what the generated types use beyond plain Rust types:
//! lenient scalars, coded values and [`DateTime`]. Only with the `schemars` feature.
//!
//! The schemas describe the JSON the decoders accept, which is what the spec declares: a
//! lenient scalar takes both of its spec alternatives, a coded value is any string (code sets
//! grow, so the known values are only `examples`), and a date-time is a string in one of the
//! forms [`DateTime`] parses.

use schemars::r#gen::SchemaGenerator;
use schemars::schema::{InstanceType, Metadata, Schema, SchemaObject, StringValidation};

use super::DateTime;

/// The shape of the date-times [`DateTime`] parses (its ranges are checked there too). Not
/// `format: date-time`: that means RFC 3339, and the API writes offsets without a colon.
pub const DATE_TIME_PATTERN: &str = r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt ]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?([Zz]|[+-]\d{2}:?\d{2})$";

fn typed(types: &[InstanceType]) -> SchemaObject {
    SchemaObject {
        instance_type: Some(match types {
            [one] => (*one).into(),
            many => many.to_vec().into(),
        }),
        ..Default::default()
    }
}

/// A text value that JSON may also send as a number (`oneOf: [string, integer]` in the spec).
pub fn lenient_string(_: &mut SchemaGenerator) -> Schema {
    typed(&[InstanceType::String, InstanceType::Integer]).into()
}

/// [`lenient_string`] for an optional field: `null` too.
pub fn lenient_string_opt(_: &mut SchemaGenerator) -> Schema {
    typed(&[
        InstanceType::String,
        InstanceType::Integer,
        InstanceType::Null,
    ])
    .into()
}

/// A 64-bit integer that JSON may also send as decimal text (`oneOf: [integer, string]`).
pub fn lenient_int64(_: &mut SchemaGenerator) -> Schema {
    lenient_int64_with(false)
}

/// [`lenient_int64`] for an optional field: `null` (and, like the decoder, `""`) too.
pub fn lenient_int64_opt(_: &mut SchemaGenerator) -> Schema {
    lenient_int64_with(true)
}

fn lenient_int64_with(optional: bool) -> Schema {
    let mut schema = typed(&[InstanceType::Integer, InstanceType::String]);
    schema.format = Some("int64".to_owned());
    // Applies to the string alternative only (`pattern` ignores non-strings). An optional field
    // also takes an empty string, which decodes as absent.
    schema.string = Some(Box::new(StringValidation {
        pattern: Some(if optional { "^[0-9]*$" } else { "^[0-9]+$" }.to_owned()),
        ..Default::default()
    }));
    if optional {
        schema.instance_type = Some(
            vec![
                InstanceType::Integer,
                InstanceType::String,
                InstanceType::Null,
            ]
            .into(),
        );
    }
    schema.into()
}

/// A coded value: any string, `known` listed as examples (with `description`, the type's docs).
pub fn open_enum(description: &str, known: &[&str]) -> Schema {
    let mut schema = typed(&[InstanceType::String]);
    schema.metadata = Some(Box::new(Metadata {
        description: Some(description.to_owned()),
        examples: known.iter().map(|v| (*v).into()).collect(),
        ..Default::default()
    }));
    schema.into()
}

impl schemars::JsonSchema for DateTime {
    fn is_referenceable() -> bool {
        false
    }

    fn schema_name() -> String {
        "DateTime".to_owned()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let mut schema = typed(&[InstanceType::String]);
        schema.string = Some(Box::new(StringValidation {
            pattern: Some(DATE_TIME_PATTERN.to_owned()),
            ..Default::default()
        }));
        schema.metadata = Some(Box::new(Metadata {
            description: Some(DateTime::EXPECTED.to_owned()),
            ..Default::default()
        }));
        schema.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // That the pattern accepts what `DateTime::parse` accepts is checked with an ECMAScript
    // regex engine in the tests crate (`tests/tests/schemars.rs`).
    #[test]
    fn date_times_are_patterned_strings() {
        let schema = serde_json::to_value(<DateTime as schemars::JsonSchema>::json_schema(
            &mut SchemaGenerator::default(),
        ))
        .unwrap();
        assert_eq!(schema["type"], "string");
        assert_eq!(schema["pattern"], DATE_TIME_PATTERN);
        assert!(schema.get("format").is_none());
    }

    #[test]
    fn lenient_schemas_take_both_alternatives() {
        let mut g = SchemaGenerator::default();
        let v = |s: Schema| serde_json::to_value(s).unwrap();
        assert_eq!(
            v(lenient_string(&mut g))["type"],
            serde_json::json!(["string", "integer"])
        );
        assert_eq!(
            v(lenient_int64_opt(&mut g))["type"],
            serde_json::json!(["integer", "string", "null"])
        );
        let e = v(open_enum("Codes.", &["A", "B"]));
        assert_eq!(e["examples"], serde_json::json!(["A", "B"]));
        assert!(e.get("enum").is_none(), "unknown codes must stay valid");
    }
}
