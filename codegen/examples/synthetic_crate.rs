//! `cargo run -p codegen --example synthetic_crate -- N OUT_DIR`: writes a scratch service crate
//! generated from the synthetic spec of `N` operations (`codegen::synthetic`, copies of the real
//! spec's operations), with the crate's own settings, to measure how the generated crate's build
//! time grows with the API (`docs/benchmarks.md`).
//!
//! The crate depends on `ncloud-runtime` by path and is a workspace of its own (so that it can
//! sit under `target/`); it copies the workspace's lock file and dependency profile, so that
//! built with the workspace's `CARGO_TARGET_DIR` it reuses the dependencies already compiled
//! there and only the generated crate itself is built.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::{Generator, LibSettings, Settings};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (n, out) = match args.as_slice() {
        [n, out] => match n.parse::<usize>() {
            Ok(n) => (n, PathBuf::from(out)),
            Err(_) => return usage(),
        },
        _ => return usage(),
    };
    match write_crate(n, &out) {
        Ok(()) => {
            println!("wrote {} ({n} operations)", out.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn usage() -> ExitCode {
    eprintln!("usage: synthetic_crate N OUT_DIR");
    ExitCode::FAILURE
}

fn write_crate(n: usize, out: &Path) -> Result<(), String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let root = root.canonicalize().map_err(|e| e.to_string())?;
    let base = read(&root.join("spec/bundled/vserver.yaml"))?;
    let spec = codegen::synthetic::spec(&base, n)?;
    let label = format!("synthetic spec ({n} operations)");
    // The real crate's settings, minus what needs the repository (the XML Schema, which the
    // measured crate does not include). The sample binary is left out below: Cargo
    // would find it under src/bin without its feature gate.
    let settings = Settings::service_crate(LibSettings {
        crate_name: "ncloud_vserver".to_owned(),
        xsd_include: None,
        readme_doctest: None,
    })
    .with_spec_label(&label)
    .with_command("cargo run -p codegen --example synthetic_crate");
    let doc = codegen::load::load_str(&spec, &label).map_err(|e| e.to_string())?;
    let api = codegen::model::build(&doc).map_err(|errors| {
        errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    })?;
    let files = Generator::new(settings.clone())
        .generate_model(&api)
        .map_err(|e| e.to_string())?;

    // A fresh `src/`: files of an earlier layout must not linger.
    let src = out.join("src");
    if src.exists() {
        std::fs::remove_dir_all(&src).map_err(|e| format!("{}: {e}", src.display()))?;
    }
    for file in files.iter().filter(|f| !f.name.starts_with("bin/")) {
        write(&src.join(&file.name), &file.contents)?;
    }
    write(
        &out.join("Cargo.toml"),
        &manifest(&root, &read(&root.join("generated/Cargo.toml"))?)?,
    )?;
    write(&out.join("Cargo.lock"), &read(&root.join("Cargo.lock"))?)
}

/// The generated crate's manifest with its dependencies, features and the workspace's dev
/// profile spelled out (the crate is outside the workspace), and no dev-dependencies (only the
/// library is measured).
fn manifest(root: &Path, crate_manifest: &str) -> Result<String, String> {
    let features = crate_manifest
        .split_once("[features]\n")
        .and_then(|(_, rest)| rest.split_once("\n[").map(|(f, _)| f).or(Some(rest)))
        .ok_or("generated/Cargo.toml has no [features]")?;
    let workspace = read(&root.join("Cargo.toml"))?;
    let profile = workspace
        .split_once("[profile.dev.package.\"*\"]")
        .map(|(_, rest)| format!("[profile.dev.package.\"*\"]{rest}"))
        .ok_or("the workspace has no dev profile for dependencies")?;
    let dep = |name: &str| -> Result<String, String> {
        workspace
            .lines()
            .find(|l| l.starts_with(&format!("{name} = ")))
            .map(|l| l.to_owned())
            .ok_or(format!("no workspace dependency `{name}`"))
    };
    Ok(format!(
        "[package]\nname = \"ncloud-vserver\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
         [lib]\nname = \"ncloud_vserver\"\n\n\
         [workspace]\n\n\
         [dependencies]\n\
         ncloud-runtime = {{ path = \"{runtime}\", default-features = false }}\n\
         {serde}\n{serde_json}\n\
         schemars = {{ version = \"0.8\", optional = true }}\n\n\
         [features]\n{features}\n{profile}",
        runtime = root.join("runtime").display(),
        serde = dep("serde")?,
        serde_json = dep("serde_json")?,
    ))
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn write(path: &Path, contents: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(path, contents).map_err(|e| format!("{}: {e}", path.display()))
}
