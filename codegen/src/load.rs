//! Stage 1: reads the spec text.
//!
//! A spec may be split into parts: a root document whose `x-ncp-parts` lists further files
//! (relative to the root), each holding `paths` and `components` to add. [`load_file`] merges
//! them into one document in the listed order (a path or component defined twice is an error
//! naming both files); [`bundle_file`] gives that document as YAML, for tools that read one file
//! (openapi-spec-validator, progenitor).
//!
//! The text is parsed twice: into [`openapiv3::OpenAPI`] (the typed document the model stage
//! walks) and into a plain JSON tree, which keeps what `openapiv3` drops (the `xml` keyword,
//! siblings of `$ref`, unknown keywords) so the model stage can read and check it by pointer.

use crate::error::Error;

/// A parsed spec.
#[derive(Clone, Debug)]
pub struct Document {
    /// The typed document.
    pub api: openapiv3::OpenAPI,
    /// The same document as a JSON tree.
    pub raw: serde_json::Value,
    /// The spec's file name, for messages.
    pub file: String,
}

/// Parses spec text; `file` names it in error messages.
pub fn load_str(text: &str, file: &str) -> Result<Document, Error> {
    let parse_error = |e: serde_yaml::Error| {
        let location = e.location();
        let message = e.to_string();
        // serde_yaml appends " at line L column C"; the location is reported up front instead.
        let message = match message.rfind(" at line ") {
            Some(i) if location.is_some() => message[..i].to_owned(),
            _ => message,
        };
        Error::Parse {
            file: file.to_owned(),
            line: location.as_ref().map(|l| l.line()),
            column: location.as_ref().map(|l| l.column()),
            message,
        }
    };
    // The two parses are independent and were over half of the generator's time before
    // formatting: the typed one runs on a thread of its own. (Reading the typed document from
    // the tree instead would lose the order of object keys, which `serde_json::Value` sorts.)
    let (raw, api) = std::thread::scope(|scope| {
        let api = scope.spawn(|| serde_yaml::from_str::<openapiv3::OpenAPI>(text));
        let raw = serde_yaml::from_str::<serde_json::Value>(text);
        let api = api
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (raw, api)
    });
    let raw = raw.map_err(parse_error)?;
    let api = api.map_err(parse_error)?;
    Ok(Document {
        api,
        raw,
        file: file.to_owned(),
    })
}

/// The root key that lists a spec's parts.
pub const PARTS: &str = "x-ncp-parts";

/// Reads and parses the spec at `path`, merged with its parts when it lists any.
pub fn load_file(path: &std::path::Path) -> Result<Document, Error> {
    let (text, file) = bundle_file(path)?;
    load_str(&text, &file)
}

/// The spec at `path` as one YAML document (its parts merged in, `x-ncp-parts` removed), and a
/// label naming it for messages. A spec without parts is returned as it is, byte for byte.
pub fn bundle_file(path: &std::path::Path) -> Result<(String, String), Error> {
    let read = |path: &std::path::Path| {
        std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_owned(),
            source,
        })
    };
    let text = read(path)?;
    let file = path.display().to_string();
    let mut root: serde_yaml::Value = yaml(&text, &file)?;
    let Some(parts) = root.as_mapping_mut().and_then(|m| m.remove(PARTS)) else {
        return Ok((text, file));
    };
    let invalid = |message: String| Error::Parse {
        file: file.clone(),
        line: None,
        column: None,
        message,
    };
    let parts = parts
        .as_sequence()
        .filter(|s| s.iter().all(|p| p.as_str().is_some()))
        .ok_or_else(|| invalid(format!("`{PARTS}` must be a list of file names")))?
        .clone();
    // Where each path and component came from, for the duplicate message.
    let mut origin: std::collections::BTreeMap<String, String> = Default::default();
    let dir = path.parent().unwrap_or(std::path::Path::new("."));
    for part in parts {
        let name = part.as_str().unwrap_or_default();
        let part_path = dir.join(name);
        let part_file = part_path.display().to_string();
        let part: serde_yaml::Value = yaml(&read(&part_path)?, &part_file)?;
        let Some(part) = part.as_mapping() else {
            return Err(invalid(format!("{part_file}: a part must be a mapping")));
        };
        for (key, value) in part {
            let key = key.as_str().unwrap_or_default();
            let sections: Vec<(String, &serde_yaml::Value)> = match key {
                "paths" => vec![("paths".to_owned(), value)],
                "components" => value
                    .as_mapping()
                    .into_iter()
                    .flatten()
                    .map(|(k, v)| (format!("components/{}", k.as_str().unwrap_or_default()), v))
                    .collect(),
                other => {
                    return Err(invalid(format!(
                        "{part_file}: a part holds only `paths` and `components`, not `{other}`"
                    )));
                }
            };
            for (section, entries) in sections {
                let Some(entries) = entries.as_mapping() else {
                    return Err(invalid(format!(
                        "{part_file}: `{section}` must be a mapping"
                    )));
                };
                let target = section_mut(&mut root, &section);
                for (name, entry) in entries {
                    let pointer = format!("{section}/{}", name.as_str().unwrap_or_default());
                    let here = part_file.clone();
                    if let Some(first) = origin.insert(pointer.clone(), here.clone()) {
                        return Err(invalid(format!(
                            "`{pointer}` is defined in both {first} and {here}"
                        )));
                    }
                    if target.contains_key(name) {
                        return Err(invalid(format!(
                            "`{pointer}` is defined in both {file} and {here}"
                        )));
                    }
                    target.insert(name.clone(), entry.clone());
                }
            }
        }
    }
    let text = serde_yaml::to_string(&root).map_err(|e| invalid(e.to_string()))?;
    Ok((text, format!("{file} (with its parts)")))
}

fn yaml(text: &str, file: &str) -> Result<serde_yaml::Value, Error> {
    serde_yaml::from_str(text).map_err(|e| Error::Parse {
        file: file.to_owned(),
        line: e.location().map(|l| l.line()),
        column: e.location().map(|l| l.column()),
        message: e.to_string(),
    })
}

/// The mapping at `section` (`paths`, `components/schemas`) of `root`, made when missing.
fn section_mut<'a>(root: &'a mut serde_yaml::Value, section: &str) -> &'a mut serde_yaml::Mapping {
    let mut at = root;
    for key in section.split('/') {
        let map = at
            .as_mapping_mut()
            .expect("the root and its sections are mappings");
        if !map.get(key).is_some_and(serde_yaml::Value::is_mapping) {
            map.insert(key.into(), serde_yaml::Value::Mapping(Default::default()));
        }
        at = map.get_mut(key).expect("just inserted");
    }
    at.as_mapping_mut().expect("just made a mapping")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_errors_carry_the_location() {
        let err = load_str("openapi: 3.0.3\ninfo: [\n", "spec.yaml").unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("spec.yaml:"), "{text}");
        assert!(
            matches!(
                err,
                Error::Parse {
                    line: Some(_),
                    column: Some(_),
                    ..
                }
            ),
            "{text}"
        );
    }

    #[test]
    fn openapi_errors_carry_the_location() {
        let text = "openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\npaths:\n  /a:\n    get:\n      responses: 7\n";
        let err = load_str(text, "spec.yaml").unwrap_err();
        assert!(matches!(err, Error::Parse { line: Some(_), .. }), "{err}");
    }
}

#[cfg(test)]
mod parts_tests {
    use super::*;

    fn dir(name: &str, files: &[(&str, &str)]) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("codegen-parts-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for (file, text) in files {
            let path = dir.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    const ROOT: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n\
        components:\n  schemas:\n    Shared: {type: object, description: shared}\n\
        x-ncp-parts: [groups/a.yaml, groups/b.yaml]\n";

    #[test]
    fn parts_merge_in_order() {
        let d = dir(
            "merge",
            &[
                ("root.yaml", ROOT),
                (
                    "groups/a.yaml",
                    "paths:\n  /a: {}\ncomponents:\n  schemas:\n    A: {type: object, description: a}\n",
                ),
                (
                    "groups/b.yaml",
                    "paths:\n  /b: {}\ncomponents:\n  schemas:\n    B: {type: object, description: b}\n",
                ),
            ],
        );
        let (text, label) = bundle_file(&d.join("root.yaml")).unwrap();
        assert!(label.ends_with("root.yaml (with its parts)"), "{label}");
        assert!(!text.contains(PARTS), "{text}");
        let v: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
        let paths: Vec<&str> = v["paths"]
            .as_mapping()
            .unwrap()
            .keys()
            .map(|k| k.as_str().unwrap())
            .collect();
        assert_eq!(paths, ["/a", "/b"]);
        let schemas: Vec<&str> = v["components"]["schemas"]
            .as_mapping()
            .unwrap()
            .keys()
            .map(|k| k.as_str().unwrap())
            .collect();
        assert_eq!(schemas, ["Shared", "A", "B"]);
        let _ = std::fs::remove_dir_all(d);
    }

    #[test]
    fn a_name_defined_twice_names_both_files() {
        let d = dir(
            "twice",
            &[
                ("root.yaml", ROOT),
                (
                    "groups/a.yaml",
                    "components:\n  schemas:\n    A: {type: object, description: a}\n",
                ),
                (
                    "groups/b.yaml",
                    "components:\n  schemas:\n    A: {type: object, description: again}\n",
                ),
            ],
        );
        let e = bundle_file(&d.join("root.yaml")).unwrap_err().to_string();
        assert!(
            e.contains("`components/schemas/A` is defined in both")
                && e.contains("a.yaml")
                && e.contains("b.yaml"),
            "{e}"
        );
        let d2 = dir(
            "root-twice",
            &[
                ("root.yaml", ROOT),
                (
                    "groups/a.yaml",
                    "components:\n  schemas:\n    Shared: {type: object, description: again}\n",
                ),
                ("groups/b.yaml", "paths: {}\n"),
            ],
        );
        let e = bundle_file(&d2.join("root.yaml")).unwrap_err().to_string();
        assert!(
            e.contains("`components/schemas/Shared` is defined in both"),
            "{e}"
        );
        let _ = std::fs::remove_dir_all(d);
        let _ = std::fs::remove_dir_all(d2);
    }

    #[test]
    fn a_part_with_other_keys_or_a_missing_part_fails() {
        let d = dir(
            "bad",
            &[
                ("root.yaml", ROOT),
                ("groups/a.yaml", "info: {title: x}\n"),
                ("groups/b.yaml", "paths: {}\n"),
            ],
        );
        let e = bundle_file(&d.join("root.yaml")).unwrap_err().to_string();
        assert!(
            e.contains("a part holds only `paths` and `components`, not `info`"),
            "{e}"
        );
        std::fs::remove_file(d.join("groups/a.yaml")).unwrap();
        let e = bundle_file(&d.join("root.yaml")).unwrap_err().to_string();
        assert!(e.contains("a.yaml"), "{e}");
        let _ = std::fs::remove_dir_all(d);
    }

    #[test]
    fn a_spec_without_parts_is_returned_unchanged() {
        let d = dir(
            "plain",
            &[(
                "spec.yaml",
                "openapi: 3.0.3 # a comment\ninfo: {title: t, version: '1'}\npaths: {}\n",
            )],
        );
        let (text, _) = bundle_file(&d.join("spec.yaml")).unwrap();
        assert!(text.contains("# a comment"));
        let _ = std::fs::remove_dir_all(d);
    }
}
