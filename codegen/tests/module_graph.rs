//! The model stage is a DAG: its modules (`codegen/src/model/*.rs`) name each other through
//! `super::<module>` and no chain of such uses comes back to where it started (a cycle would
//! mean the passes' order is not what `build.rs` says it is).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn model_uses() -> BTreeMap<String, BTreeSet<String>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/model");
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if name != "mod" {
            files.insert(name, std::fs::read_to_string(&path).unwrap());
        }
    }
    let modules: BTreeSet<String> = files.keys().cloned().collect();
    files
        .iter()
        .map(|(name, text)| {
            let uses = text
                .split("super::")
                .skip(1)
                .filter_map(|rest| {
                    let word: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    modules.contains(&word).then_some(word)
                })
                .filter(|used| used != name)
                .collect();
            (name.clone(), uses)
        })
        .collect()
}

/// A cycle through `start`, as the list of modules on it, if there is one.
fn cycle(graph: &BTreeMap<String, BTreeSet<String>>, start: &str) -> Option<Vec<String>> {
    fn walk(
        graph: &BTreeMap<String, BTreeSet<String>>,
        start: &str,
        at: &str,
        path: &mut Vec<String>,
        seen: &mut BTreeSet<String>,
    ) -> bool {
        for next in &graph[at] {
            if next == start {
                return true;
            }
            if seen.insert(next.clone()) {
                path.push(next.clone());
                if walk(graph, start, next, path, seen) {
                    return true;
                }
                path.pop();
            }
        }
        false
    }
    let mut path = vec![start.to_owned()];
    walk(graph, start, start, &mut path, &mut BTreeSet::new()).then_some(path)
}

#[test]
fn model_modules_form_no_cycle() {
    let graph = model_uses();
    assert!(
        graph.contains_key("build") && graph["build"].contains("schemas"),
        "{graph:?}"
    );
    for module in graph.keys() {
        if let Some(path) = cycle(&graph, module) {
            panic!(
                "codegen/src/model has an import cycle: {}",
                path.join(" -> ")
            );
        }
    }
}

#[test]
fn the_cycle_check_finds_a_cycle() {
    let mut graph = BTreeMap::new();
    graph.insert("a".to_owned(), BTreeSet::from(["b".to_owned()]));
    graph.insert("b".to_owned(), BTreeSet::from(["a".to_owned()]));
    assert_eq!(
        cycle(&graph, "a"),
        Some(vec!["a".to_owned(), "b".to_owned()])
    );
}
