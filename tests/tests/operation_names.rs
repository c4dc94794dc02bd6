//! The spec ([`layout::SPEC`]) describes exactly the API's operations, as listed in `tests/data/vserver-operations.json`, and keeps
//! each resource group of that list in one part file of its own.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;
use xtask::layout;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `(name, resource)` of every operation in the project's list.
fn listed() -> Vec<(String, String)> {
    let path = root().join("tests/data/vserver-operations.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let doc: Value = serde_json::from_str(&text).unwrap();
    doc["operations"]
        .as_array()
        .expect("an `operations` array")
        .iter()
        .map(|op| {
            let field = |key: &str| {
                op[key]
                    .as_str()
                    .unwrap_or_else(|| panic!("{op}: no string `{key}`"))
                    .to_owned()
            };
            (field("name"), field("resource"))
        })
        .collect()
}

/// The `operationId`s of the spec at `rel` as the generator reads it (its parts merged in).
fn spec_operations(rel: &str) -> Vec<String> {
    let doc = codegen::load::load_file(&root().join(rel)).unwrap_or_else(|e| panic!("{e}"));
    let paths = doc.raw["paths"].as_object().expect("`paths`");
    let mut names = Vec::new();
    for (path, item) in paths {
        let item = item
            .as_object()
            .unwrap_or_else(|| panic!("{path}: not a map"));
        for (method, op) in item {
            // Only operations carry an `operationId`; `summary`, `parameters` and the like do not.
            if let Some(id) = op.get("operationId").and_then(Value::as_str) {
                names.push(id.to_owned());
            } else if op.get("responses").is_some() {
                panic!("{path} {method}: an operation without an `operationId`");
            }
        }
    }
    names
}

#[test]
fn the_full_spec_has_exactly_the_apis_operations() {
    let spec = spec_operations(layout::SPEC);
    let in_spec: BTreeSet<&str> = spec.iter().map(String::as_str).collect();
    assert_eq!(in_spec.len(), spec.len(), "an operationId appears twice");
    let listed = listed();
    let known: BTreeSet<&str> = listed.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(known.len(), 102, "the list in tests/data changed");

    let missing: Vec<&str> = known.difference(&in_spec).copied().collect();
    let extra: Vec<&str> = in_spec.difference(&known).copied().collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{}: {} operations; missing (in tests/data/vserver-operations.json, not in the spec): \
         {missing:?}; extra (in the spec, not in the list): {extra:?}",
        layout::SPEC,
        in_spec.len()
    );
}

#[test]
fn each_resource_group_is_one_part_of_the_full_spec() {
    let resource: BTreeMap<String, String> = listed().into_iter().collect();
    let rows = xtask::spec_files::operations(&root(), layout::SPEC).unwrap();
    assert!(!rows.is_empty(), "no operations in {}", layout::SPEC);
    // part file -> the list's resource groups of its operations, and back.
    let mut by_part: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut by_resource: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for row in &rows {
        let Some(group) = resource.get(&row.name) else {
            continue; // named by the test above
        };
        by_part.entry(&row.group).or_default().insert(group);
        by_resource.entry(group).or_default().insert(&row.group);
    }
    let mixed: Vec<_> = by_part.iter().filter(|(_, r)| r.len() > 1).collect();
    assert!(mixed.is_empty(), "parts mixing resource groups: {mixed:?}");
    let split: Vec<_> = by_resource.iter().filter(|(_, p)| p.len() > 1).collect();
    assert!(
        split.is_empty(),
        "resource groups split over parts: {split:?}"
    );
    let groups: BTreeSet<&String> = resource.values().collect();
    assert_eq!(by_resource.len(), groups.len(), "{by_resource:?}");
}
