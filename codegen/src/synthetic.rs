//! A large spec in our spec's style, made from a real one, to measure the generator at scale
//! (`benches/codegen.rs`, `cargo xtask bench-report`).
//!
//! [`spec`] keeps the base spec's operations (the bundled real spec, `spec/bundled/vserver.yaml`,
//! is the usual base) and adds copies of them until there are `n`: the copy `k` of
//! `getServerImageList` is `getServerImageList7`, with its own request and body schemas
//! (`GetServerImageList7Request`, `GetServerImageList7Response`, `...JsonResponse`, its XML root
//! `getServerImageList7Response`) and its own copies of the object schemas below them
//! (`ServerImage7`, `BlockStorageMapping7`, `OsTypeCode7`, ...), so the output grows the way a
//! bigger API's would: more operations, more structs with lists, nested objects, lenient scalars
//! and XML names. Enums and the schemas every body shares (`ResponseEnvelope`, `CommonCode`) stay
//! shared. A copy has no waiters (they are declared once, on the original).

use std::collections::{BTreeMap, BTreeSet};

use serde_yaml::{Mapping, Value};

/// The base spec (`base`, YAML text) with copies of its operations added up to `n` operations
/// in all. Fails on text that is not a spec shaped like ours.
pub fn spec(base: &str, n: usize) -> Result<String, String> {
    let mut doc: Value = serde_yaml::from_str(base).map_err(|e| e.to_string())?;
    let paths = doc
        .get("paths")
        .and_then(Value::as_mapping)
        .cloned()
        .ok_or("the spec has no paths")?;
    let schemas = doc
        .get("components")
        .and_then(|c| c.get("schemas"))
        .and_then(Value::as_mapping)
        .cloned()
        .ok_or("the spec has no components/schemas")?;
    let templates: Vec<(String, Value)> = paths
        .iter()
        .filter_map(|(path, item)| {
            Some((
                path.as_str()?.trim_start_matches('/').to_owned(),
                item.clone(),
            ))
        })
        .collect();
    if templates.is_empty() {
        return Err("the spec has no operations".to_owned());
    }
    // Types that requests send (list items) stay shared: their request rules are checked only
    // where a request sends them, which a copy of a body type would not be.
    let request_roots: Vec<String> = templates
        .iter()
        .map(|(op, _)| format!("{}Request", upper_first(op)))
        .collect();
    let sent = reachable(&request_roots, &schemas);
    let owned: Vec<BTreeSet<String>> = templates
        .iter()
        .map(|(op, _)| {
            let mut owned = owned_schemas(op, &schemas);
            owned.retain(|name| !sent.contains(name));
            owned
        })
        .collect();

    let mut new_paths = paths.clone();
    let mut new_schemas = schemas.clone();
    for k in 0..n.saturating_sub(templates.len()) {
        let which = k % templates.len();
        let (op, item) = &templates[which];
        let copy = format!("{op}{k}");
        let mut renames = BTreeMap::new();
        renames.insert(op.clone(), copy.clone());
        renames.insert(format!("{op}Response"), format!("{copy}Response"));
        let request = format!("{}Request", upper_first(op));
        if schemas.contains_key(request.as_str()) {
            renames.insert(request.clone(), format!("{}Request", upper_first(&copy)));
        }
        for schema in &owned[which] {
            renames.insert(schema.clone(), suffixed(schema, op, k));
        }
        let mut item = item.clone();
        for operation in item
            .as_mapping_mut()
            .into_iter()
            .flat_map(|m| m.values_mut())
        {
            if let Some(operation) = operation.as_mapping_mut() {
                operation.remove("x-ncp-waiters");
            }
        }
        rename(&mut item, &renames);
        new_paths.insert(Value::from(format!("/{copy}")), item);
        let request_schema = renames
            .get(&request)
            .map(|copied| (request.clone(), copied.clone()));
        if let Some((original, copied)) = request_schema {
            let mut body = schemas[original.as_str()].clone();
            rename(&mut body, &renames);
            new_schemas.insert(Value::from(copied), body);
        }
        for schema in &owned[which] {
            let mut body = schemas
                .get(schema.as_str())
                .cloned()
                .ok_or_else(|| format!("no schema {schema}"))?;
            rename(&mut body, &renames);
            new_schemas.insert(Value::from(renames[schema].clone()), body);
        }
    }
    doc["paths"] = Value::Mapping(new_paths);
    doc["components"]["schemas"] = Value::Mapping(new_schemas);
    serde_yaml::to_string(&doc).map_err(|e| e.to_string())
}

/// `GetServerImageListResponse` -> `GetServerImageList7Response`; `ServerImage` -> `ServerImage7`.
fn suffixed(schema: &str, op: &str, k: usize) -> String {
    let upper = upper_first(op);
    match schema.strip_prefix(&upper) {
        Some(rest) => format!("{upper}{k}{rest}"),
        None => format!("{schema}{k}"),
    }
}

fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The object schemas `op`'s bodies reach (the bodies included), except the envelope and
/// `CommonCode`, which every body of an API like this one shares.
fn owned_schemas(op: &str, schemas: &Mapping) -> BTreeSet<String> {
    const SHARED: [&str; 2] = ["ResponseEnvelope", "CommonCode"];
    let upper = upper_first(op);
    let bodies = [format!("{upper}Response"), format!("{upper}JsonResponse")];
    reachable(&bodies, schemas)
        .into_iter()
        .filter(|name| {
            let object = schemas
                .get(name.as_str())
                .is_some_and(|s| s.get("enum").is_none());
            object && !SHARED.contains(&name.as_str())
        })
        .collect()
}

/// Schema names reachable through `$ref`s from `roots` (roots included).
fn reachable(roots: &[String], schemas: &Mapping) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut todo: Vec<String> = roots.to_vec();
    while let Some(name) = todo.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        if let Some(schema) = schemas.get(name.as_str()) {
            refs(schema, &mut todo);
        }
    }
    seen
}

fn refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Mapping(map) => {
            for (key, value) in map {
                if key.as_str() == Some("$ref") {
                    if let Some(name) = value
                        .as_str()
                        .and_then(|r| r.strip_prefix("#/components/schemas/"))
                    {
                        out.push(name.to_owned());
                    }
                } else {
                    refs(value, out);
                }
            }
        }
        Value::Sequence(items) => items.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

/// Renames, everywhere in `value`: strings equal to a key of `renames` (operation ids, XML
/// root names), `$ref`s to renamed schemas, and mapping keys equal to a key (the JSON
/// wrapper's property, named like the XML root). Descriptions keep their text.
fn rename(value: &mut Value, renames: &BTreeMap<String, String>) {
    match value {
        Value::String(s) => {
            if let Some(new) = renames.get(s.as_str()) {
                *s = new.clone();
            } else if let Some(new) = s
                .strip_prefix("#/components/schemas/")
                .and_then(|name| renames.get(name))
            {
                *s = format!("#/components/schemas/{new}");
            }
        }
        Value::Mapping(map) => {
            let entries: Vec<(Value, Value)> = std::mem::take(map).into_iter().collect();
            for (mut key, mut value) in entries {
                let is_description = key.as_str() == Some("description");
                if let Some(new) = key.as_str().and_then(|k| renames.get(k)) {
                    key = Value::from(new.clone());
                }
                if !is_description {
                    rename(&mut value, renames);
                }
                map.insert(key, value);
            }
        }
        Value::Sequence(items) => items.iter_mut().for_each(|v| rename(v, renames)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = include_str!("../../spec/bundled/vserver.yaml");

    #[test]
    fn synthetic_spec_generates_with_the_requested_operations() {
        let base = crate::load::load_str(BASE, "base.yaml").unwrap();
        let base = crate::model::build(&base).unwrap_or_else(|e| panic!("{e:?}"));
        let n = base.operations.len() + 12;
        let text = spec(BASE, n).unwrap();
        let doc = crate::load::load_str(&text, "synthetic.yaml").unwrap();
        let api = crate::model::build(&doc).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(api.operations.len(), n);
        // Copy `k` is of the `k`th operation (fewer copies than operations).
        let first = &base.operations[4];
        let copy = format!("{}4", first.name);
        let op = api
            .operations
            .iter()
            .find(|o| o.name == copy)
            .unwrap_or_else(|| panic!("no {copy}"));
        assert_eq!(op.params.len(), first.params.len());
        assert!(op.waiters.is_empty());
        // Each copy has its own body and item structs; shared enums are not copied.
        let types: BTreeSet<&str> = api.types.iter().map(|t| t.name()).collect();
        assert!(types.contains(op.body.as_str()), "{} missing", op.body);
        assert_ne!(op.body, first.body);
        let enums = |api: &crate::model::Api| {
            api.types
                .iter()
                .filter(|t| matches!(t, crate::model::TypeDef::Enum(_)))
                .count()
        };
        assert_eq!(enums(&api), enums(&base));
        let files = crate::Generator::default().generate_model(&api).unwrap();
        let operation = files
            .iter()
            .find(|f| f.name == format!("operations/{}.rs", op.module))
            .unwrap();
        assert!(operation.contents.contains(&op.response_root));
    }
}
