//! The data the tests read lives in the checkout (`tests/data`, each file with its source), so
//! a fresh clone runs every test: the API's operation list is complete and covers the spec, and
//! no test source reaches for the maintainers' folder beside the repository.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;
use xtask::layout;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The names of the API's operations in `tests/data/vserver-operations.json`, in file order.
fn operation_names() -> Vec<String> {
    let doc: Value =
        serde_json::from_str(&read(&root().join("tests/data/vserver-operations.json"))).unwrap();
    assert!(
        doc["_source"].as_str().is_some_and(|s| !s.is_empty()),
        "the operation list names its source"
    );
    doc["operations"]
        .as_array()
        .expect("an `operations` array")
        .iter()
        .map(|op| {
            assert!(
                op["resource"].as_str().is_some_and(|r| !r.is_empty()),
                "{op} has no resource group"
            );
            op["name"].as_str().expect("a string `name`").to_owned()
        })
        .collect()
}

#[test]
fn the_operation_list_has_the_apis_102_unique_operations_sorted() {
    let names = operation_names();
    assert_eq!(names.len(), 102);
    let unique: BTreeSet<&String> = names.iter().collect();
    assert_eq!(unique.len(), 102, "duplicate names in the list");
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "the list is kept sorted by name");
}

#[test]
fn the_specs_operations_are_among_the_apis() {
    // As the generator reads it: with its parts, whatever the operations' method.
    let spec =
        codegen::load::load_file(&root().join(layout::SPEC)).unwrap_or_else(|e| panic!("{e}"));
    let in_spec: Vec<&str> = spec.raw["paths"]
        .as_object()
        .expect("spec paths")
        .values()
        .filter_map(|item| item.as_object())
        .flat_map(|item| item.values())
        .filter_map(|op| op.get("operationId").and_then(Value::as_str))
        .collect();
    for name in [
        "getServerImageDetail",
        "getServerImageList",
        "getRegionList",
    ] {
        assert!(
            in_spec.contains(&name),
            "{name} is not in the spec: {in_spec:?}"
        );
    }
    let known = operation_names();
    for name in in_spec {
        assert!(
            known.iter().any(|k| k == name),
            "{name} is not an API operation"
        );
    }
}

/// Every `.rs` file below `dir`, skipping build output and the fuzz corpus.
fn rust_sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            if !matches!(name.as_str(), "target" | ".git" | "corpus") {
                rust_sources(&path, out);
            }
        } else if name.ends_with(".rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_source_reads_the_shared_folder_outside_the_checkout() {
    // Split so that this file does not match itself.
    let outside = ["..", "/shared"].concat();
    let mut sources = Vec::new();
    rust_sources(&root(), &mut sources);
    assert!(
        sources
            .iter()
            .any(|p| p.ends_with("generated/tests/signature_vectors.rs")),
        "the walk missed the tests ({} files)",
        sources.len()
    );
    let offenders: Vec<String> = sources
        .iter()
        .filter(|p| read(p).contains(&outside))
        .map(|p| p.display().to_string())
        .collect();
    assert!(
        offenders.is_empty(),
        "these read outside the checkout; copy the data into tests/data: {offenders:?}"
    );
}
