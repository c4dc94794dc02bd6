//! Where this repository keeps its specs and generated files, and which settings each spec is
//! generated with. The generator itself knows none of this: it returns file names relative to
//! an output directory, and this module places them.
//!
//! `tests/tests/layout/mod.rs` repeats the settings and paths for the freshness tests (the tests
//! crate does not depend on `xtask`); if the two ever disagree, those tests fail on the files
//! `regen` wrote.

use std::path::Path;

use codegen::{Error, Generator, OutputFile, Settings};

use crate::spec_files;

/// The crate's spec, relative to the workspace root.
pub const SPEC: &str = "spec/vserver.yaml";
/// Where the crate's generated Rust files go.
pub const GENERATED_DIR: &str = "generated/src";
/// The XML Schema of the XML bodies ([`codegen::xsd`]), inside the crate so it ships with it.
pub const XSD: &str = "generated/schema/vserver.xsd";
/// The feature specs (`*.yaml`).
pub const FEATURE_SPECS_DIR: &str = "tests/features";
/// Where the feature outputs go: one module directory per spec, plus `mod.rs` listing them.
pub const FEATURE_OUTPUT_DIR: &str = "tests/src/features";
/// The second service's spec: a small VPC-like API under its own base path, generated into a
/// crate of its own that depends only on the runtime (it proves the runtime names no service).
pub const SECOND_SERVICE_SPEC: &str = "tests/second-service/vpc.yaml";
/// Where the second service's crate sources go.
pub const SECOND_SERVICE_DIR: &str = "tests/second-service/src";
/// The runtime's test fixtures: a small spec with the shapes the runtime's own tests decode,
/// generated into a module of those tests (so they need no real service crate).
pub const RUNTIME_FIXTURES_SPEC: &str = "runtime/tests/fixtures.yaml";
/// Where the fixtures' module goes.
pub const RUNTIME_FIXTURES_DIR: &str = "runtime/tests/fixtures";
/// The command named in the headers.
pub const COMMAND: &str = "cargo xtask regen";

/// The specs that regen also writes as one bundled document each ([`bundle_path`]), for the
/// tools that cannot follow `x-ncp-parts` (openapi-spec-validator, progenitor). A spec without
/// parts is bundled too (its bundle is the spec after a header), so those tools read every spec
/// the same way whether or not it is split.
pub const BUNDLED_SPECS: [&str; 1] = [SPEC];
/// Where the bundles go; `.ci/run` validates every `*.yaml` below it.
pub const BUNDLE_DIR: &str = "spec/bundled";
/// Where the `ncloud` CLI's generated command tree goes ([`cli_targets`]).
pub const CLI_GENERATED_DIR: &str = "cli/src/generated";
/// The README, whose table of operations regen writes from [`SPEC`].
pub const README: &str = "README.md";

/// The bundle of `spec` (a path under `spec/`): the same path under [`BUNDLE_DIR`], so
/// `spec/vserver.yaml` is bundled as `spec/bundled/vserver.yaml` whichever spec is split.
pub fn bundle_path(spec: &str) -> String {
    let rel = spec.strip_prefix("spec/").unwrap_or(spec);
    format!("{BUNDLE_DIR}/{rel}")
}

/// The directories `regen` owns generated files in: a file under one of them that carries the
/// `@generated` header but that no spec produces any more is an orphan. Hand-written files
/// live beside generated ones there (`generated/src/runtime`, ...), which is why only the header
/// marks a file as the generator's.
pub const OUTPUT_DIRS: [&str; 7] = [
    GENERATED_DIR,
    CLI_GENERATED_DIR,
    "generated/schema",
    FEATURE_OUTPUT_DIR,
    SECOND_SERVICE_DIR,
    RUNTIME_FIXTURES_DIR,
    BUNDLE_DIR,
];

/// A file the generator owns: where it goes (relative to the workspace root) and its contents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// Path relative to the workspace root, with `/` separators.
    pub path: String,
    /// Expected contents (LF line ends).
    pub contents: String,
}

/// The settings for the crate's own spec.
pub fn crate_settings() -> Settings {
    Settings::service_crate(codegen::LibSettings {
        crate_name: "ncloud_vserver".to_owned(),
        xsd_include: Some("../schema/vserver.xsd".to_owned()),
        readme_doctest: Some("../../README.md".to_owned()),
    })
    .with_spec_label(SPEC)
    .with_command(COMMAND)
}

/// The settings for the second service's crate: a whole service crate like the real one, with
/// its mock, without the real crate's extras (schemars, XSD, README doctests, tools).
pub fn second_service_settings() -> Settings {
    Settings::new()
        .with_spec_label(SECOND_SERVICE_SPEC)
        .with_command(COMMAND)
        .with_fluent(true)
        .with_mock(true)
        .with_mock_feature(Some("mock"))
        .with_lib_rs(Some(codegen::LibSettings {
            crate_name: "ncloud_feature_vpc".to_owned(),
            xsd_include: None,
            readme_doctest: None,
        }))
}

/// The feature specs whose module has a client (`client.rs`, `fluent.rs`, the mock's
/// `MockServer`): those whose feature only a client has (waiters poll through it). The others
/// leave it out, which keeps their snapshots to the items they test.
pub const FEATURES_WITH_CLIENT: &[&str] = &["waiters"];

/// The settings for a feature spec at `label` (relative path): a `mod.rs`, and a `Client` only
/// for [`FEATURES_WITH_CLIENT`].
pub fn feature_settings(label: &str) -> Settings {
    let client = FEATURES_WITH_CLIENT
        .iter()
        .any(|name| label == format!("{FEATURE_SPECS_DIR}/{name}.yaml"));
    Settings::new()
        .with_spec_label(label)
        .with_command(COMMAND)
        .with_fluent(client)
        .with_mod_rs(true)
        .with_mock(true)
}

/// The feature spec names (file stems), sorted.
pub fn feature_names(root: &Path) -> Result<Vec<String>, Error> {
    let dir = root.join(FEATURE_SPECS_DIR);
    let io = |source| Error::Io {
        path: dir.clone(),
        source,
    };
    let mut names = Vec::new();
    for entry in std::fs::read_dir(&dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        if path.extension().is_some_and(|e| e == "yaml") {
            if let Some(stem) = path.file_stem().and_then(|s| s.to_str()) {
                names.push(stem.to_owned());
            }
        }
    }
    names.sort();
    Ok(names)
}

/// The module name of a feature spec (`nested-lists` -> `nested_lists`).
pub fn feature_module(name: &str) -> String {
    name.replace('-', "_")
}

fn targets_in(dir: &str, files: Vec<OutputFile>) -> Vec<Target> {
    files
        .into_iter()
        .map(|f| Target {
            path: format!("{dir}/{}", f.name),
            contents: f.contents,
        })
        .collect()
}

/// The crate's generated files, the XML Schema last.
pub fn crate_targets(root: &Path) -> Result<Vec<Target>, Error> {
    let (files, xsd) = Generator::new(crate_settings()).generate_file_with_xsd(&root.join(SPEC))?;
    let mut targets = targets_in(GENERATED_DIR, files);
    targets.push(Target {
        path: XSD.to_owned(),
        contents: xsd,
    });
    Ok(targets)
}

/// The CLI's command tree, generated from [`SPEC`] with the crate's header.
pub fn cli_targets(root: &Path) -> Result<Vec<Target>, Error> {
    let files = Generator::new(crate_settings()).generate_cli_file(&root.join(SPEC))?;
    Ok(targets_in(CLI_GENERATED_DIR, files))
}

/// The settings for the runtime's fixtures: a module (`mod.rs`) of types and requests, without
/// a client (the runtime has no service to call) or a typed mock.
pub fn runtime_fixtures_settings() -> Settings {
    Settings::new()
        .with_spec_label(RUNTIME_FIXTURES_SPEC)
        .with_command(COMMAND)
        .with_fluent(false)
        .with_mod_rs(true)
        .with_mock(false)
}

/// The runtime fixtures' generated files.
pub fn runtime_fixtures_targets(root: &Path) -> Result<Vec<Target>, Error> {
    let files = Generator::new(runtime_fixtures_settings())
        .generate_file(&root.join(RUNTIME_FIXTURES_SPEC))?;
    Ok(targets_in(RUNTIME_FIXTURES_DIR, files))
}

/// The second service crate's generated files.
pub fn second_service_targets(root: &Path) -> Result<Vec<Target>, Error> {
    let files =
        Generator::new(second_service_settings()).generate_file(&root.join(SECOND_SERVICE_SPEC))?;
    Ok(targets_in(SECOND_SERVICE_DIR, files))
}

/// The generated files of one feature spec.
pub fn feature_targets(root: &Path, name: &str) -> Result<Vec<Target>, Error> {
    let label = format!("{FEATURE_SPECS_DIR}/{name}.yaml");
    let files = Generator::new(feature_settings(&label)).generate_file(&root.join(&label))?;
    Ok(targets_in(
        &format!("{FEATURE_OUTPUT_DIR}/{}", feature_module(name)),
        files,
    ))
}

/// `tests/src/features/mod.rs`, declaring one module per feature spec.
pub fn features_index(names: &[String]) -> Target {
    let mut text = format!(
        "// @generated by `{COMMAND}` from {FEATURE_SPECS_DIR}/*.yaml. Do not edit.\n\n\
         //! The generator's output for the small feature specs in `{FEATURE_SPECS_DIR}`, one \
         module per spec.\n\n"
    );
    for name in names {
        text.push_str(&format!("pub mod {};\n", feature_module(name)));
    }
    Target {
        path: format!("{FEATURE_OUTPUT_DIR}/mod.rs"),
        contents: text,
    }
}

/// The bundles of [`BUNDLED_SPECS`] and the README with the table of [`SPEC`]'s operations:
/// the files regen derives from the spec files without the generator.
pub fn spec_targets(root: &Path) -> (Vec<Target>, Vec<Error>) {
    let mut targets = Vec::new();
    let mut errors = Vec::new();
    let bundles = BUNDLED_SPECS
        .iter()
        .map(|spec| spec_files::bundle_target(root, spec, &bundle_path(spec)));
    for target in bundles.chain([spec_files::readme_target(root, README, SPEC)]) {
        match target {
            Ok(t) => targets.push(t),
            Err(e) => errors.push(e),
        }
    }
    (targets, errors)
}

/// Every generated file of the repository: the crate's, the features', the features' index, the
/// spec bundles and the README's operations table. Each spec that fails is reported; the
/// others' files are still returned.
pub fn all_targets(root: &Path) -> (Vec<Target>, Vec<Error>) {
    let (mut targets, mut errors) = spec_targets(root);
    match crate_targets(root) {
        Ok(t) => targets.extend(t),
        Err(e) => errors.push(e),
    }
    for part in [
        cli_targets,
        second_service_targets,
        runtime_fixtures_targets,
    ] {
        match part(root) {
            Ok(t) => targets.extend(t),
            Err(e) => errors.push(e),
        }
    }
    match feature_names(root) {
        Ok(names) => {
            for name in &names {
                match feature_targets(root, name) {
                    Ok(t) => targets.extend(t),
                    Err(e) => errors.push(e),
                }
            }
            targets.push(features_index(&names));
        }
        Err(e) => errors.push(e),
    }
    (targets, errors)
}
