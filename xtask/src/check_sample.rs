//! `check-sample [--strict] <operationName> <FILE>`: decode a response body captured from the live
//! API with the generated decoders, to catch drift between the spec and what NCP really sends.
//!
//! The decoding is done by the generated crate's own helper binary, `ncloud-vserver-sample`
//! (feature `tools`), so that `xtask` never links the crate it regenerates. This runs it with
//! `cargo run` and relays its stdout, stderr and exit code.
//!
//! Exit codes: 0 decoded (warnings allowed unless `--strict`), 1 the body did not decode or is an
//! NCP error body (or the arguments are wrong, or the helper could not be built), 2 `--strict` and
//! the body has parts the spec does not describe.

use std::path::Path;
use std::process::ExitCode;

/// The `cargo` arguments that build and run the helper binary, before its own arguments.
pub const CARGO_RUN: [&str; 8] = [
    "run",
    "--quiet",
    "-p",
    "ncloud-vserver",
    "--features",
    "tools",
    "--bin",
    "ncloud-vserver-sample",
];

/// Runs the helper of the workspace at `root` with `args` and returns its exit code (three
/// outcomes, not two). The working directory stays the caller's, so relative file names mean
/// what the caller meant; cargo finds the workspace through `--manifest-path` and honours
/// `CARGO_TARGET_DIR` itself.
pub fn run(root: &Path, args: &[String]) -> ExitCode {
    let status = crate::cargo()
        .args(CARGO_RUN)
        .arg("--manifest-path")
        .arg(root.join("Cargo.toml"))
        .arg("--")
        .args(args)
        .status();
    match status.map(|s| s.code()) {
        // The helper's own outcomes.
        Ok(Some(code @ 0..=2)) => ExitCode::from(code as u8),
        // Cargo's (101: the build failed, cargo has said why) or a signal.
        Ok(other) => {
            let how = other.map_or("was killed by a signal".to_owned(), |c| {
                format!("exited with {c}")
            });
            eprintln!(
                "error: `cargo {}` {how}: the decoder could not be built or run",
                CARGO_RUN.join(" ")
            );
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("error: cannot run cargo: {e}");
            ExitCode::from(1)
        }
    }
}
