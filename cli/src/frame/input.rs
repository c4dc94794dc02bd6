//! The request's parameters as JSON, keyed by API name: `--cli-input-json` first, each flag on
//! the command line over it. The generated runners read them typed through the accessors, which
//! turn a wrong type into a usage error naming the parameter.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::{CliError, FieldKind, OpSpec, ParamSpec, ValueKind, syntax};

/// The parameters of one call.
#[derive(Debug)]
pub struct Input {
    op: &'static OpSpec,
    values: BTreeMap<&'static str, Value>,
}

impl Input {
    /// No parameters yet.
    pub fn new(op: &'static OpSpec) -> Self {
        Self {
            op,
            values: BTreeMap::new(),
        }
    }

    /// Takes the parameters of a `--cli-input-json` document (an object with API names).
    pub fn merge_json(&mut self, text: &str, source: &str) -> Result<(), CliError> {
        let doc: Value = serde_json::from_str(text)
            .map_err(|e| CliError::usage(format!("--cli-input-json {source}: {e}")))?;
        let Value::Object(map) = doc else {
            return Err(CliError::usage(format!(
                "--cli-input-json {source}: expected a JSON object of parameters"
            )));
        };
        for (key, value) in map {
            let Some(param) = self.op.param(&key) else {
                return Err(CliError::usage(format!(
                    "--cli-input-json {source}: `{}` has no parameter `{key}`",
                    self.op.name
                )));
            };
            if !value.is_null() {
                self.values.insert(param.name, value);
            }
        }
        Ok(())
    }

    /// Sets a parameter from its command-line values (replacing what the JSON gave).
    pub fn set_flag(
        &mut self,
        param: &'static ParamSpec,
        values: Vec<String>,
    ) -> Result<(), CliError> {
        let value = if param.kind == ValueKind::Object {
            let mut items = Vec::with_capacity(values.len());
            for (i, text) in values.iter().enumerate() {
                let item = syntax::parse_item(text).map_err(|e| {
                    CliError::usage(format!(
                        "--{} item {}: {} at character {}: {text}",
                        param.name,
                        i + 1,
                        e.message,
                        e.at
                    ))
                })?;
                items.push(Value::Object(item));
            }
            Value::Array(items)
        } else if param.list {
            Value::Array(values.into_iter().map(Value::String).collect())
        } else {
            Value::String(values.into_iter().next_back().unwrap_or_default())
        };
        self.values.insert(param.name, value);
        Ok(())
    }

    fn get(&self, name: &str) -> Option<&Value> {
        self.values.get(name)
    }

    fn items(&self, name: &str) -> Option<Vec<&Value>> {
        self.get(name).map(|v| match v {
            Value::Array(items) => items.iter().collect(),
            one => vec![one],
        })
    }

    /// A text parameter.
    pub fn string(&self, name: &str) -> Result<Option<String>, CliError> {
        self.get(name).map(|v| text(name, v)).transpose()
    }

    /// A 32-bit integer parameter.
    pub fn int32(&self, name: &str) -> Result<Option<i32>, CliError> {
        self.get(name).map(|v| int(name, v)).transpose()
    }

    /// A 64-bit integer parameter.
    pub fn int64(&self, name: &str) -> Result<Option<i64>, CliError> {
        self.get(name).map(|v| int(name, v)).transpose()
    }

    /// A `true`/`false` parameter.
    pub fn boolean(&self, name: &str) -> Result<Option<bool>, CliError> {
        self.get(name).map(|v| boolean(name, v)).transpose()
    }

    /// A code: any text is accepted, known or not.
    pub fn open_enum<E: From<String>>(&self, name: &str) -> Result<Option<E>, CliError> {
        Ok(self.string(name)?.map(E::from))
    }

    /// A list of text values.
    pub fn string_list(&self, name: &str) -> Result<Option<Vec<String>>, CliError> {
        self.list(name, text)
    }

    /// A list of 32-bit integers.
    // the generator's accessor for such lists; the vserver spec has none
    #[allow(dead_code)]
    pub fn int32_list(&self, name: &str) -> Result<Option<Vec<i32>>, CliError> {
        self.list(name, int)
    }

    /// A list of 64-bit integers.
    // the generator's accessor for such lists; the vserver spec has none
    #[allow(dead_code)]
    pub fn int64_list(&self, name: &str) -> Result<Option<Vec<i64>>, CliError> {
        self.list(name, int)
    }

    /// A list of booleans.
    // the generator's accessor for such lists; the vserver spec has none
    #[allow(dead_code)]
    pub fn boolean_list(&self, name: &str) -> Result<Option<Vec<bool>>, CliError> {
        self.list(name, boolean)
    }

    /// A list of codes.
    pub fn open_enum_list<E: From<String>>(&self, name: &str) -> Result<Option<Vec<E>>, CliError> {
        Ok(self
            .string_list(name)?
            .map(|v| v.into_iter().map(E::from).collect()))
    }

    /// A list of structs: each item's fields typed as the struct declares them, then decoded.
    pub fn objects<T: DeserializeOwned>(&self, name: &str) -> Result<Option<Vec<T>>, CliError> {
        let Some(items) = self.items(name) else {
            return Ok(None);
        };
        let fields = self.op.param(name).map_or(&[][..], |p| p.fields);
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.into_iter().enumerate() {
            let at =
                |message: String| CliError::usage(format!("--{name} item {}: {message}", i + 1));
            let Value::Object(map) = item else {
                return Err(at("expected `key='value', ...` (a JSON object)".to_owned()));
            };
            let mut typed = Map::new();
            for (key, value) in map {
                let Some((_, kind)) = fields.iter().find(|(f, _)| f == key) else {
                    let known: Vec<&str> = fields.iter().map(|(f, _)| *f).collect();
                    return Err(at(format!(
                        "unknown field `{key}` (fields: {})",
                        known.join(", ")
                    )));
                };
                typed.insert(
                    key.clone(),
                    coerce(*kind, value).map_err(|m| at(format!("`{key}`: {m}")))?,
                );
            }
            let value =
                serde_json::from_value(Value::Object(typed)).map_err(|e| at(e.to_string()))?;
            out.push(value);
        }
        Ok(Some(out))
    }

    fn list<T>(
        &self,
        name: &str,
        one: impl Fn(&str, &Value) -> Result<T, CliError>,
    ) -> Result<Option<Vec<T>>, CliError> {
        self.items(name)
            .map(|items| items.into_iter().map(|v| one(name, v)).collect())
            .transpose()
    }
}

fn text(name: &str, v: &Value) -> Result<String, CliError> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        other => Err(CliError::usage(format!(
            "--{name}: expected text, found {other}"
        ))),
    }
}

fn int<T: TryFrom<i64> + std::str::FromStr>(name: &str, v: &Value) -> Result<T, CliError> {
    let parsed = match v {
        Value::Number(n) => n.as_i64().and_then(|n| T::try_from(n).ok()),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    };
    parsed.ok_or_else(|| {
        CliError::usage(format!(
            "--{name}: `{}` is not an integer of the parameter's range",
            shown(v)
        ))
    })
}

fn boolean(name: &str, v: &Value) -> Result<bool, CliError> {
    match v {
        Value::Bool(b) => Ok(*b),
        Value::String(s) if s == "true" => Ok(true),
        Value::String(s) if s == "false" => Ok(false),
        other => Err(CliError::usage(format!(
            "--{name}: expected `true` or `false`, found `{}`",
            shown(other)
        ))),
    }
}

fn shown(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A struct field's value as the item type's `Deserialize` wants it.
fn coerce(kind: FieldKind, v: &Value) -> Result<Value, String> {
    let scalar = |kind: FieldKind, v: &Value| -> Result<Value, String> {
        match (kind, v) {
            (FieldKind::Int, Value::String(s)) => s
                .trim()
                .parse::<i64>()
                .map(Value::from)
                .map_err(|_| format!("`{s}` is not an integer")),
            (FieldKind::Float, Value::String(s)) => s
                .trim()
                .parse::<f64>()
                .map(Value::from)
                .map_err(|_| format!("`{s}` is not a number")),
            (FieldKind::Bool, Value::String(s)) => match s.as_str() {
                "true" => Ok(Value::Bool(true)),
                "false" => Ok(Value::Bool(false)),
                _ => Err(format!("expected `true` or `false`, found `{s}`")),
            },
            (FieldKind::String, Value::Number(n)) => Ok(Value::String(n.to_string())),
            (_, v) => Ok(v.clone()),
        }
    };
    match (kind, v) {
        (FieldKind::List(inner), Value::Array(items)) => items
            .iter()
            .map(|i| scalar(*inner, i))
            .collect::<Result<_, _>>()
            .map(Value::Array),
        // `accessControlGroupNoList='365174'`: one item without brackets
        (FieldKind::List(inner), one) => Ok(Value::Array(vec![scalar(*inner, one)?])),
        (kind, v) => scalar(kind, v),
    }
}
