//! What a consumer's default build of the service crate leaves out: code that only mocks,
//! tests and tools need. The XML encoders of the response types exist for the typed mock (and
//! the tests that round-trip through it) and for the `ncloud` CLI's `--output xml`, so each sits
//! behind the crate's `encode` feature (which `mock` implies); the operation registry behind
//! `tools`. The compiler checks that the crate builds either way
//! (`.ci/run` builds its feature combinations); this checks that nothing slipped out of the
//! gates.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn generated_src() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../generated/src")
}

#[test]
fn xml_encoders_are_only_in_the_encode_build() {
    let mut files = Vec::new();
    rust_files(&generated_src(), &mut files);
    let mut encoders = 0;
    let mut ungated = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            if line.starts_with("impl ") && line.contains("xml_write::XmlEncode for") {
                encoders += 1;
                if i == 0 || lines[i - 1].trim() != r#"#[cfg(feature = "encode")]"# {
                    ungated.push(format!("{}:{}", file.display(), i + 1));
                }
            }
        }
    }
    assert!(
        encoders > 0,
        "no XML encoder found: has the layout changed?"
    );
    assert!(
        ungated.is_empty(),
        "XML encoders outside the `encode` feature: {ungated:#?}"
    );
}

#[test]
fn the_registry_is_only_in_the_tools_build() {
    let lib = std::fs::read_to_string(generated_src().join("lib.rs")).unwrap();
    let lines: Vec<&str> = lib.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.trim() == "pub mod registry;")
        .expect("lib.rs declares the registry");
    assert_eq!(lines[at - 1].trim(), r#"#[cfg(feature = "tools")]"#);
}
