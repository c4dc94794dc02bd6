//! Maintainer tasks, run as `cargo xtask <task>` (an alias in `.cargo/config.toml`).
//!
//! - `regen [--check]`: regenerate `generated/src/{types,operations,fluent}.rs` from
//!   `spec/vserver.yaml` and the feature outputs `tests/src/features/**` from
//!   `tests/features/*.yaml`; with `--check`, write nothing and fail naming every stale file.
//! - `check-sample [--strict] <operationName> <FILE>`: decode a captured response body and report
//!   what the spec does not describe.
//! - `bench-report [--quick] [--no-run]`: run the benchmarks and write `docs/benchmarks.md` with
//!   its chart `docs/benchmarks.png`.

mod bench_report;
mod check_sample;
mod regen;

use std::path::PathBuf;
use std::process::ExitCode;

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
        "check-sample" => return check_sample::run(&rest),
        "bench-report" => {
            bench_report::Args::parse(&rest).and_then(|a| bench_report::run(&workspace_root(), &a))
        }
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
