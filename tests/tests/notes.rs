//! The spec against the project's notes on the real API (their field lists, copied into
//! `tests/data/ncp-api-notes-fields.md`; `tests/data/README.md` names the source): every field
//! the ServerImage and BlockStorageMapping lists name is in the spec, with the simple type the
//! notes give and the codes they list; and every place where the spec departs from a published
//! source carries an `x-ncp-note` saying which sources disagree.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;
use xtask::layout;

fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The spec as one document (its bundle: the root and its parts).
fn spec() -> Value {
    let path = crate_dir()
        .join("..")
        .join(layout::bundle_path(layout::SPEC));
    serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn notes() -> String {
    let path = crate_dir().join("data/ncp-api-notes-fields.md");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// One field of a notes list: its name and the text in parentheses after it, if any.
#[derive(Clone, Debug, PartialEq, Eq)]
struct NotedField {
    name: String,
    remark: String,
}

/// The fields of the list that starts right after `label` in `text`: the backticked names
/// outside parentheses, up to the first `.` outside parentheses and backticks. Backticked text
/// inside parentheses (codes, other names) belongs to the field before it.
fn list_after(text: &str, label: &str) -> Vec<NotedField> {
    let start = text
        .find(label)
        .unwrap_or_else(|| panic!("the notes have no `{label}`"))
        + label.len();
    let mut fields: Vec<NotedField> = Vec::new();
    let (mut depth, mut in_tick, mut token) = (0usize, false, String::new());
    for c in text[start..].chars() {
        match c {
            '`' if in_tick => {
                in_tick = false;
                if depth == 0 {
                    fields.push(NotedField {
                        name: std::mem::take(&mut token),
                        remark: String::new(),
                    });
                } else if let Some(f) = fields.last_mut() {
                    f.remark.push('`');
                    f.remark.push_str(&std::mem::take(&mut token));
                    f.remark.push('`');
                }
            }
            '`' => in_tick = true,
            _ if in_tick => token.push(c),
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            '.' if depth == 0 => break,
            _ if depth > 0 => {
                if let Some(f) = fields.last_mut() {
                    f.remark.push(c);
                }
            }
            _ => {}
        }
    }
    fields
}

/// The noted ServerImage and BlockStorageMapping fields, by spec schema name.
fn noted_fields(notes: &str) -> Vec<(&'static str, Vec<NotedField>)> {
    vec![
        (
            "ServerImage",
            list_after(notes, "### ServerImage fields (union of the sources)"),
        ),
        (
            "BlockStorageMapping",
            list_after(notes, "BlockStorageMapping:"),
        ),
    ]
}

fn schema<'a>(spec: &'a Value, name: &str) -> &'a Value {
    spec.pointer(&format!("/components/schemas/{name}"))
        .unwrap_or_else(|| panic!("no schema {name}"))
}

fn ref_target<'a>(spec: &'a Value, v: &Value) -> Option<&'a Value> {
    let r = v.get("$ref")?.as_str()?;
    Some(schema(spec, r.rsplit('/').next().unwrap()))
}

/// The known values of a property that is a string enum, or a code object narrowing `code` to
/// one (through `allOf`).
fn enum_values(spec: &Value, prop: &Value) -> Option<BTreeSet<String>> {
    let target = ref_target(spec, prop)?;
    if let Some(values) = target.get("enum").and_then(Value::as_array) {
        return Some(
            values
                .iter()
                .map(|v| v.as_str().unwrap().to_owned())
                .collect(),
        );
    }
    for member in target.get("allOf")?.as_array()? {
        if let Some(code) = member.pointer("/properties/code") {
            return enum_values(spec, code);
        }
    }
    None
}

/// Problems with the spec, for every noted field: missing, of another type than noted, or
/// lacking a noted code.
fn check(spec: &Value, noted: &[(&str, Vec<NotedField>)]) -> Vec<String> {
    let mut problems = Vec::new();
    for (schema_name, fields) in noted {
        let props = schema(spec, schema_name)["properties"].as_object().unwrap();
        for field in fields {
            let Some(prop) = props.get(&field.name) else {
                problems.push(format!("{schema_name}.{} is not in the spec", field.name));
                continue;
            };
            let ty = prop.get("type").and_then(Value::as_str);
            let enum_like = ref_target(spec, prop).is_some_and(|t| t.get("enum").is_some());
            // The remark's first item is the type where the notes give one
            // (`integer, bytes/s`).
            let noted_type = field.remark.split([',', ';']).next().unwrap_or("").trim();
            let type_ok = match noted_type {
                "integer" => ty == Some("integer"),
                "boolean" => ty == Some("boolean"),
                "string" => ty == Some("string") || enum_like,
                "strings" => ty == Some("array") && prop["items"]["type"] == "string",
                _ => true,
            };
            if !type_ok {
                problems.push(format!(
                    "{schema_name}.{}: the notes say {}, the spec says {prop}",
                    field.name, field.remark
                ));
            }
            // Display values listed as `a, b, c` (serverImageStatusName) are documented.
            let description = prop["description"].as_str().unwrap_or("");
            for token in field.remark.split('`').skip(1).step_by(2) {
                if token.contains(", ")
                    && token
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || ", ".contains(c))
                {
                    for value in token.split(", ") {
                        if !description.contains(&format!("`{value}`")) {
                            problems.push(format!(
                                "{schema_name}.{}: the description does not list `{value}`",
                                field.name
                            ));
                        }
                    }
                }
            }
            // Codes: the upper-case backticked values in the remark (`NCP | SELF`, `X86_64`).
            let codes: BTreeSet<String> = field
                .remark
                .split('`')
                .skip(1)
                .step_by(2)
                .flat_map(|t| t.split('|'))
                .map(str::trim)
                .filter(|t| {
                    !t.is_empty()
                        && t.chars()
                            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
                })
                .map(str::to_owned)
                .collect();
            if codes.is_empty() {
                continue;
            }
            match enum_values(spec, prop) {
                Some(known) => {
                    let missing: Vec<_> = codes.difference(&known).collect();
                    if !missing.is_empty() {
                        problems.push(format!(
                            "{schema_name}.{}: codes {missing:?} are not known to the spec",
                            field.name
                        ));
                    }
                }
                None => problems.push(format!(
                    "{schema_name}.{}: the notes list codes, the spec has no enum",
                    field.name
                )),
            }
        }
    }
    problems
}

#[test]
fn the_spec_has_every_field_the_notes_list() {
    let notes = notes();
    let noted = noted_fields(&notes);
    let names = |i: usize| -> Vec<&str> { noted[i].1.iter().map(|f| f.name.as_str()).collect() };
    // The parser found the lists (not an empty or truncated section).
    assert!(names(0).len() >= 18, "ServerImage: {:?}", names(0));
    assert!(names(1).len() >= 9, "BlockStorageMapping: {:?}", names(1));
    for (list, name) in [
        (0, "serverImageNo"),
        (0, "blockStorageMappingList"),
        (1, "order"),
        (1, "isEncryptedVolume"),
    ] {
        assert!(
            names(list).contains(&name),
            "{name} not parsed: {:?}",
            names(list)
        );
    }
    let problems = check(&spec(), &noted);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The check fails when the spec loses a field, retypes one, drops a code or stops
/// documenting a display value.
#[test]
fn the_check_catches_removed_fields_types_codes_and_values() {
    let notes = notes();
    let noted = noted_fields(&notes);
    let mut spec = spec();
    let image = "/components/schemas/ServerImage/properties";
    let mapping = "/components/schemas/BlockStorageMapping/properties";
    spec.pointer_mut(image)
        .unwrap()
        .as_object_mut()
        .unwrap()
        .remove("createDate");
    *spec.pointer_mut(&format!("{mapping}/iops/type")).unwrap() = "string".into();
    let values = spec
        .pointer_mut("/components/schemas/ServerImageTypeCodeValue/enum")
        .unwrap()
        .as_array_mut()
        .unwrap();
    values.retain(|v| v != "SELF");
    *spec
        .pointer_mut(&format!("{image}/serverImageStatusName/description"))
        .unwrap() = "A status name.".into();
    let mut problems = check(&spec, &noted);
    assert_eq!(problems.len(), 10, "{problems:#?}");
    assert_eq!(
        problems
            .iter()
            .filter(|p| p.contains("does not list"))
            .count(),
        7,
        "{problems:#?}"
    );
    problems.retain(|p| !p.contains("does not list"));
    assert!(problems[0].contains("ServerImage.serverImageType: codes [\"SELF\"]"));
    assert!(problems[1].contains("ServerImage.createDate is not in the spec"));
    assert!(problems[2].contains("BlockStorageMapping.iops: the notes say integer"));
}

#[test]
fn the_list_parser_keeps_remarks_with_their_field() {
    let text = "List: `a` (`X | Y`; not `b`), `c` (integer, e.g. 1.5), `d`. After: `e`.";
    let fields = list_after(text, "List:");
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|f| (f.name.as_str(), f.remark.trim()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("a", "`X | Y`; not `b`"),
            ("c", "integer, e.g. 1.5"),
            ("d", "")
        ]
    );
}

/// Where the spec departs from a published source (the Go SDK's types, the documented code
/// sets, the `productCode` name, the documented string codes) it says so in an `x-ncp-note`.
#[test]
fn departures_from_the_sources_carry_notes() {
    let spec = spec();
    let schemas = "/components/schemas";
    for (pointer, mentions) in [
        (
            "ServerImage/properties/serverImageProductCode",
            "productCode",
        ),
        (
            "ServerImage/properties/productCode",
            "serverImageProductCode",
        ),
        ("ServerImage/properties/platformCategoryCode", "string"),
        ("BlockStorageMapping/properties/blockStorageSize", "Go SDK"),
        (
            "BlockStorageMapping/properties/blockStorageSnapshotInstanceNo",
            "string",
        ),
        ("ResponseEnvelope/properties/returnCode", "string"),
        ("ResponseError/properties/returnCode", "string"),
        ("GatewayErrorDetail/properties/errorCode", "string"),
        ("GatewayErrorDetail/properties/requestId", "details"),
        ("HypervisorTypeCodeValue", "RHV"),
        ("OsTypeCodeValue", "ROCKY"),
        ("ServerImageStatusCodeValue", "CREFL"),
    ] {
        let note = spec
            .pointer(&format!("{schemas}/{pointer}/x-ncp-note"))
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("{pointer} has no x-ncp-note"));
        assert!(
            note.contains(mentions),
            "{pointer}: the note does not mention {mentions}"
        );
    }
}

/// Notes reach the generated docs (and so rustdoc and the XSD annotations); a note that is not
/// text is an error naming its pointer.
#[test]
fn notes_reach_the_generated_docs() {
    let root = crate_dir().join("..");
    let types =
        std::fs::read_to_string(root.join("generated/src/types/block_storage_mapping.rs")).unwrap();
    let size = types
        .find("pub block_storage_size")
        .expect("blockStorageSize field");
    let docs = &types[..size];
    let docs = &docs[docs.rfind("pub block_storage_snapshot_name").unwrap()..];
    assert!(
        docs.contains("/// Where sources disagree: Go SDK 1.6.28-1.6.29 types it as a 32-bit float, which loses"),
        "{docs}"
    );

    let base = std::fs::read_to_string(root.join(layout::bundle_path(layout::SPEC))).unwrap();
    let line = "          x-ncp-note: |\n            Go SDK 1.6.28-1.6.29 types it as a 32-bit float, which loses";
    assert!(base.contains(line));
    let bad = base.replace(
        line,
        "          x-ncp-note: 5\n          x-other: |\n            Go SDK 1.6.28-1.6.29 types it as a 32-bit float, which loses",
    );
    let generator = codegen::Generator::new(layout::crate_settings());
    let error = generator
        .generate_str(&bad, "bad.yaml")
        .unwrap_err()
        .to_string();
    for expected in [
        "#/components/schemas/BlockStorageMapping/properties/blockStorageSize/x-ncp-note: must be a non-empty string",
        "#/components/schemas/BlockStorageMapping/properties/blockStorageSize: unknown extension `x-other`",
    ] {
        assert!(error.contains(expected), "missing `{expected}` in {error}");
    }
}
