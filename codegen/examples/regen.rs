//! `cargo run -p codegen --example regen [-- --check]`: the same as `cargo xtask regen`, for
//! when the `ncloud-vserver` crate (which `xtask` depends on) does not compile, e.g. while its
//! runtime changes under the generated files.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let check = match std::env::args().nth(1).as_deref() {
        None => false,
        Some("--check") => true,
        Some(other) => {
            eprintln!("usage: regen [--check] (unexpected `{other}`)");
            return ExitCode::FAILURE;
        }
    };
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    match codegen::layout::regen(&root, check, &mut std::io::stdout()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
