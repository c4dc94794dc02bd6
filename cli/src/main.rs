//! `ncloud`: the NAVER Cloud Platform VPC Server API from the command line, taking the NCP
//! CLI's command lines (`ncloud vserver getServerInstanceList --serverInstanceNoList 1 2`).
//!
//! The command tree is generated from the spec (`src/generated/commands.rs`, written by
//! `cargo xtask regen`); this crate's hand-written part is the frame in `src/frame/`: the
//! common flags, configuration, output and exit codes. See `docs/design.md` §6.

mod frame;

/// The generated command tree.
mod generated {
    pub mod commands;
}

fn main() -> std::process::ExitCode {
    frame::main()
}
