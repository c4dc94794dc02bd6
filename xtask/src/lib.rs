//! Maintainer tasks, run as `cargo xtask <task>` (an alias in `.cargo/config.toml`); `main.rs`
//! dispatches to these modules. A library too, so that its tests can run `regen` on a small tree
//! of their own instead of the repository.
//!
//! `xtask` depends on the generator (`codegen`) and on nothing the generator produces, so it
//! builds and runs while the generated crate does not compile.

pub mod check_sample;
pub mod layout;
pub mod regen;
pub mod spec_files;

use std::process::Command;

/// A `cargo` command (the cargo that runs `xtask`, if any) without the variables cargo set for
/// `xtask`'s own process (`CARGO_PKG_NAME`, `CARGO_MANIFEST_DIR`, ...). Build scripts such as
/// ring's rerun when those change, so passing them on would make every nested build rebuild
/// those crates, and the next ordinary build rebuild them again.
pub fn cargo() -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    for (name, _) in std::env::vars_os() {
        let Some(name) = name.to_str() else { continue };
        let package_specific = [
            "CARGO_PKG_",
            "CARGO_MANIFEST_",
            "CARGO_CRATE_",
            "CARGO_BIN_",
        ]
        .iter()
        .any(|prefix| name.starts_with(prefix))
            || ["CARGO_PRIMARY_PACKAGE", "CARGO_TARGET_TMPDIR", "OUT_DIR"].contains(&name);
        if package_specific {
            command.env_remove(name);
        }
    }
    command
}
