//! Maintainer tasks, run as `cargo xtask <task>` (an alias in `.cargo/config.toml`).
//!
//! - `regen [--check]`: regenerate `generated/src/{types,operations,fluent,mock}.rs`,
//!   `generated/src/bin/ncloud-vserver-sample.rs` and `generated/schema/vserver.xsd` from
//!   `spec/vserver.yaml` and the feature outputs `tests/src/features/**` from
//!   `tests/features/*.yaml`, the one-document bundles of the specs in `spec/bundled/` and the
//!   README's table of operations, deleting generated files no spec produces any more; with
//!   `--check`, write nothing and fail naming every missing, stale and orphaned file.
//! - `check-sample [--strict] <operationName> <FILE>`: decode a captured response body and report
//!   what the spec does not describe (runs the crate's `ncloud-vserver-sample` binary).
//! - `bench-report [--quick] [--no-run]`: run the benchmarks and write `docs/benchmarks.md` with
//!   its chart `docs/benchmarks.png` (runs the `bench-report` tool crate).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use xtask::{check_sample, regen};

const USAGE: &str = "\
usage: cargo xtask <task>

tasks:
  regen [--check]   regenerate the generated sources from the specs;
                    --check writes nothing and fails if any file is stale
  check-sample [--strict] <operationName> <FILE>
                    decode a captured response body (XML or JSON) and print it as JSON;
                    warns about parts the spec does not describe (--strict: exit 2)
  bench-report [--quick] [--no-run]
                    run the benchmarks and write docs/benchmarks.md and docs/benchmarks.png;
                    --quick: shorter measurements; --no-run: report the last results
  help              show this message";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(task) = args.next() else {
        eprintln!("{USAGE}");
        return ExitCode::FAILURE;
    };
    let rest: Vec<String> = args.collect();
    let result = match task.as_str() {
        "regen" => regen::Args::parse(&rest).and_then(|a| regen::run(&workspace_root(), &a)),
        "check-sample" => return check_sample::run(&workspace_root(), &rest),
        "bench-report" => return bench_report(&workspace_root(), &rest),
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown task `{other}`\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root: the parent of this crate's directory.
fn workspace_root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .parent()
        .map(PathBuf::from)
        .unwrap_or(manifest_dir)
}

/// Runs the `bench-report` tool crate with `args` (it parses them) and returns its exit code.
fn bench_report(root: &Path, args: &[String]) -> ExitCode {
    let status = xtask::cargo()
        .args(["run", "--quiet", "-p", "bench-report", "--manifest-path"])
        .arg(root.join("Cargo.toml"))
        .arg("--")
        .args(args)
        .status();
    match status {
        Ok(status) if status.success() => ExitCode::SUCCESS,
        Ok(_) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: cannot run cargo: {e}");
            ExitCode::FAILURE
        }
    }
}
