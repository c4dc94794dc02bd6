//! `tests/fixtures/` is the generator's output for `tests/fixtures.yaml`, checked in so that the
//! runtime's tests compile without running the generator; this test fails when the two differ.
//! To regenerate: `NCLOUD_REGEN=1 cargo test -p ncloud-runtime --test fixtures_fresh`.

use std::path::Path;

use codegen::{Generator, Settings};

/// How the files' `@generated` header names the spec and the command that rewrites them.
const SPEC_LABEL: &str = "runtime/tests/fixtures.yaml";
const COMMAND: &str = "NCLOUD_REGEN=1 cargo test -p ncloud-runtime --test fixtures_fresh";

#[test]
fn fixtures_are_what_the_generator_makes_from_their_spec() {
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    // A feature spec's settings: no fluent client (the runtime has no service to call), and no
    // typed mock (the runtime's own mock tests do not need one).
    let settings = Settings::new()
        .with_spec_label(SPEC_LABEL)
        .with_command(COMMAND)
        .with_fluent(false)
        .with_mod_rs(true)
        .with_mock(false);
    let files = Generator::new(settings)
        .generate_file(&tests.join("fixtures.yaml"))
        .unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<&str> = files.iter().map(|f| f.name).collect();
    assert_eq!(names, ["types.rs", "operations.rs", "mod.rs"]);

    let regen = std::env::var_os("NCLOUD_REGEN").is_some();
    let mut stale = Vec::new();
    for file in &files {
        let path = tests.join("fixtures").join(file.name);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(file.contents.as_str()) {
            if regen {
                std::fs::write(&path, &file.contents)
                    .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            }
            stale.push(file.name);
        }
    }
    assert!(
        regen || stale.is_empty(),
        "runtime/tests/fixtures is out of date with fixtures.yaml: {stale:?}; run `{COMMAND}` \
         and commit the result"
    );
    // Nothing left behind that the generator no longer writes.
    for entry in std::fs::read_dir(tests.join("fixtures")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            names.contains(&name.as_str()),
            "tests/fixtures/{name} is not generated; delete it"
        );
    }
}
