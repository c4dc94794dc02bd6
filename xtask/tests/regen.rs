//! `regen` and `regen --check` on a small tree of their own (a copy of two feature specs laid out
//! like the repository), never on the repository itself.

use std::path::{Path, PathBuf};

use xtask::regen::regen;

/// A fresh tree: `requests.yaml` as the crate's spec, `lists.yaml` as the one feature spec, the
/// second service's spec as it is.
fn tree(name: &str) -> PathBuf {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/features");
    let root = std::env::temp_dir().join(format!("xtask-regen-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    for dir in [
        "spec",
        "tests/features",
        "tests/second-service",
        "runtime/tests",
    ] {
        std::fs::create_dir_all(root.join(dir)).unwrap();
    }
    std::fs::copy(specs.join("requests.yaml"), root.join("spec/vserver.yaml")).unwrap();
    std::fs::copy(
        specs.join("lists.yaml"),
        root.join("tests/features/lists.yaml"),
    )
    .unwrap();
    std::fs::copy(
        specs.join("../second-service/vpc.yaml"),
        root.join("tests/second-service/vpc.yaml"),
    )
    .unwrap();
    std::fs::copy(
        specs.join("../../runtime/tests/fixtures.yaml"),
        root.join("runtime/tests/fixtures.yaml"),
    )
    .unwrap();
    // A split spec beside the crate's (which the generator reads), for the bundler.
    write(&root, "spec/draft/vserver.yaml", DRAFT_ROOT);
    write(&root, "spec/draft/groups/things.yaml", DRAFT_PART);
    write(&root, "README.md", README);
    root
}

/// A split spec: a root listing one part, which holds the only operation.
const DRAFT_ROOT: &str = "openapi: 3.0.3\ninfo: {title: draft, version: '1'}\n\
    x-ncp-parts: [groups/things.yaml]\npaths: {}\n\
    components:\n  schemas:\n    Shared: {type: object, description: shared}\n";
const DRAFT_PART: &str = "paths:\n  /getThing:\n    post:\n      operationId: getThing\n\
    \x20     summary: Get a thing.\n      responses: {}\n\
    components:\n  schemas:\n    Thing: {type: object, description: a thing}\n";
/// A README with the markers of the operations table and text around them.
const README: &str = "# tree\n\n<!-- @generated operations table -->\n\
    <!-- end of the operations table -->\n\nThe end.\n";

/// The generated files of [`tree`], in the order regen handles them: what the layout says
/// (the per-operation and per-type files follow the specs), so the test checks regen's
/// handling of them, not a copy of the list.
fn outputs(root: &Path) -> Vec<String> {
    let (targets, errors) = xtask::layout::all_targets(root);
    assert!(errors.is_empty(), "{errors:?}");
    targets.into_iter().map(|t| t.path).collect()
}

/// One generated Rust file of a type (a struct with `pub struct`), the XML Schema and the
/// sample binary, by name.
const TYPES: &str = "generated/src/types/thing.rs";
const XSD: &str = "generated/schema/vserver.xsd";
const SAMPLE_BIN: &str = "generated/src/bin/ncloud-vserver-sample.rs";
const FEATURE_TYPES: &str = "tests/src/features/lists/types/holder.rs";

/// Runs regen and returns its outcome and its printed lines.
fn run(root: &Path, check: bool) -> (Result<(), String>, Vec<String>) {
    let mut out = Vec::new();
    let result = regen(root, check, &mut out);
    let text = String::from_utf8(out).unwrap();
    (result, text.lines().map(str::to_owned).collect())
}

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn writes_every_file_once_then_reports_up_to_date() {
    let root = tree("fresh");
    let (result, lines) = run(&root, true);
    assert!(result.is_err(), "check passed on an empty tree");
    let outputs = outputs(&root);
    assert!(outputs.len() > 40, "{outputs:?}");
    for name in [TYPES, XSD, SAMPLE_BIN, FEATURE_TYPES] {
        assert!(
            outputs.iter().any(|o| o == name),
            "{name} not among {outputs:?}"
        );
    }
    // Everything is missing but the README, which is there without its table.
    let missing: Vec<String> = outputs
        .iter()
        .map(|p| match p.as_str() {
            "README.md" => format!("stale: {p}"),
            _ => format!("missing: {p}"),
        })
        .collect();
    assert_eq!(lines, missing);
    assert!(!root.join("generated").exists(), "check wrote something");

    let (result, lines) = run(&root, false);
    assert_eq!(result, Ok(()));
    let updated: Vec<String> = outputs.iter().map(|p| format!("updated {p}")).collect();
    assert_eq!(lines, updated);
    assert!(read(&root, SAMPLE_BIN).contains("fn main() -> ExitCode"));

    for check in [false, true] {
        let (result, lines) = run(&root, check);
        assert_eq!(result, Ok(()), "check: {check}");
        assert_eq!(lines, ["all files up to date"], "check: {check}");
    }
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn check_names_missing_stale_and_orphaned_files_and_writes_nothing() {
    let root = tree("check");
    run(&root, false).0.unwrap();
    let header = "// @generated by `cargo xtask regen` from spec/vserver.yaml. Do not edit.\n";
    std::fs::remove_file(root.join("generated/src/fluent.rs")).unwrap();
    write(&root, TYPES, &format!("{header}\npub struct Old;\n"));
    // Left behind by a spec that no longer produces them.
    write(
        &root,
        "generated/src/old.rs",
        &format!("{header}\npub struct Gone;\n"),
    );
    write(&root, "tests/src/features/gone/mod.rs", header);
    write(&root, "tests/src/features/gone/types.rs", header);
    write(
        &root,
        "generated/schema/old.xsd",
        "<?xml version=\"1.0\"?>\n<!-- @generated by `cargo xtask regen` from x. Do not edit. -->\n",
    );
    // Hand-written beside them: never the generator's to delete.
    let hand_written = [
        (
            "generated/src/notes.rs",
            "//! By hand. Mentions // @generated.\n",
        ),
        ("generated/src/runtime/mod.rs", "pub mod xml;\n"),
        ("tests/src/features/notes.txt", "@generated by hand\n"),
    ];
    for (rel, text) in hand_written {
        write(&root, rel, text);
    }

    let (result, lines) = run(&root, true);
    let message = result.unwrap_err();
    assert!(
        message.contains("6 generated files are out of date"),
        "{message}"
    );
    assert_eq!(
        lines,
        [
            "stale: generated/src/types/thing.rs",
            "missing: generated/src/fluent.rs",
            "orphaned: generated/schema/old.xsd",
            "orphaned: generated/src/old.rs",
            "orphaned: tests/src/features/gone/mod.rs",
            "orphaned: tests/src/features/gone/types.rs",
        ]
    );
    assert!(read(&root, TYPES).contains("pub struct Old;"));
    assert!(!root.join("generated/src/fluent.rs").exists());
    assert!(root.join("generated/src/old.rs").exists());

    let (result, lines) = run(&root, false);
    assert_eq!(result, Ok(()));
    assert_eq!(
        lines,
        [
            "updated generated/src/types/thing.rs",
            "updated generated/src/fluent.rs",
            "deleted generated/schema/old.xsd",
            "deleted generated/src/old.rs",
            "deleted tests/src/features/gone/mod.rs",
            "deleted tests/src/features/gone/types.rs",
        ]
    );
    assert!(
        !root.join("tests/src/features/gone").exists(),
        "empty module dir left"
    );
    assert!(root.join("tests/src/features").is_dir());
    for (rel, text) in hand_written {
        assert_eq!(read(&root, rel), text, "{rel}");
    }
    assert_eq!(
        run(&root, true),
        (Ok(()), vec!["all files up to date".to_owned()])
    );
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn crlf_line_ends_compare_equal() {
    let root = tree("crlf");
    run(&root, false).0.unwrap();
    for rel in [TYPES, XSD] {
        let crlf = read(&root, rel).replace('\n', "\r\n");
        write(&root, rel, &crlf);
    }
    assert_eq!(
        run(&root, true),
        (Ok(()), vec!["all files up to date".to_owned()])
    );
    // A real change is still one, whatever the line ends.
    let edited = read(&root, TYPES).replace("pub struct", "pub  struct");
    write(&root, TYPES, &edited);
    let (result, lines) = run(&root, true);
    assert!(result.is_err());
    assert_eq!(lines, [format!("stale: {}", TYPES)]);
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn an_invalid_spec_fails_without_deleting_its_outputs() {
    let root = tree("invalid");
    run(&root, false).0.unwrap();
    write(
        &root,
        "tests/features/lists.yaml",
        "openapi: 3.0.3\ninfo: [not, a, map]\n",
    );
    let before = read(&root, FEATURE_TYPES);

    for check in [true, false] {
        let (result, lines) = run(&root, check);
        let message = result.unwrap_err();
        assert!(message.contains("lists.yaml"), "{message}");
        // The index still lists the spec; nothing of its output is called an orphan.
        assert!(
            lines
                .iter()
                .all(|l| !l.contains("orphaned") && !l.contains("deleted")),
            "{lines:?}"
        );
    }
    assert_eq!(read(&root, FEATURE_TYPES), before);
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn bundles_and_the_readme_table_follow_the_specs() {
    let root = tree("bundles");
    run(&root, false).0.unwrap();
    // A split spec is bundled with its parts merged in.
    let bundle = xtask::spec_files::bundle_target(
        &root,
        "spec/draft/vserver.yaml",
        "spec/bundled/draft/vserver.yaml",
    )
    .unwrap()
    .contents;
    assert!(
        bundle.starts_with(
            "# @generated by `cargo xtask regen` from spec/draft/vserver.yaml and the parts it \
             lists in\n"
        ),
        "{bundle}"
    );
    let doc: serde_json::Value = serde_yaml::from_str(&bundle).unwrap();
    assert!(doc.get("x-ncp-parts").is_none(), "{bundle}");
    assert_eq!(doc["paths"]["/getThing"]["post"]["operationId"], "getThing");
    assert!(
        doc["components"]["schemas"]["Thing"].is_object(),
        "{bundle}"
    );
    assert!(
        doc["components"]["schemas"]["Shared"].is_object(),
        "{bundle}"
    );
    // A spec without parts is bundled as it is, after the header.
    let plain = read(&root, "spec/bundled/vserver.yaml");
    let (_, body) = plain.split_once("parts.\n").unwrap();
    assert_eq!(body, read(&root, "spec/vserver.yaml"));

    // A spec whose line ends a checkout turned into CRLF bundles to the same file.
    let crlf = read(&root, "spec/vserver.yaml").replace('\n', "\r\n");
    write(&root, "spec/vserver.yaml", &crlf);
    assert_eq!(
        run(&root, true),
        (Ok(()), vec!["all files up to date".to_owned()])
    );

    // The README's table is the crate spec's, between the markers; the rest is kept.
    let readme = read(&root, "README.md");
    assert!(readme.starts_with("# tree\n\n<!-- @generated operations table: written by"));
    assert!(readme.ends_with("<!-- end of the operations table -->\n\nThe end.\n"));
    assert!(readme.contains("from spec/vserver.yaml;"), "{readme}");

    // An edited spec makes its bundle stale; a bundle no spec produces is an orphan.
    let spec = read(&root, "spec/vserver.yaml");
    write(&root, "spec/vserver.yaml", &format!("{spec}# edited\n"));
    write(
        &root,
        "spec/bundled/old.yaml",
        "# @generated by `x` from y. Do not edit.\n",
    );
    write(&root, "spec/bundled/notes.yaml", "# hand-written\n");
    let (result, lines) = run(&root, true);
    assert!(result.is_err());
    assert_eq!(
        lines,
        [
            "stale: spec/bundled/vserver.yaml",
            "orphaned: spec/bundled/old.yaml"
        ]
    );
    // The README loses its markers: regen fails naming them.
    write(&root, "README.md", "# tree\n");
    let message = run(&root, true).0.unwrap_err();
    assert!(
        message.contains("<!-- @generated operations table"),
        "{message}"
    );
    let _ = std::fs::remove_dir_all(&root);
}
