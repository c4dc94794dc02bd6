//! `cargo run -p codegen --example generate -- SPEC OUT_DIR [--no-fluent] [--mod-rs]`: runs the
//! generator on any spec and writes its files to `OUT_DIR`, for trying out spec changes.

use std::path::PathBuf;
use std::process::ExitCode;

use codegen::{Generator, Settings};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let positional: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let [spec, out] = positional.as_slice() else {
        eprintln!("usage: generate SPEC OUT_DIR [--no-fluent] [--mod-rs]");
        return ExitCode::FAILURE;
    };
    let settings = Settings::new()
        .with_spec_label(spec.as_str())
        .with_fluent(!args.iter().any(|a| a == "--no-fluent"))
        .with_mod_rs(args.iter().any(|a| a == "--mod-rs"));
    let files = match Generator::new(settings).generate_file(&PathBuf::from(spec)) {
        Ok(files) => files,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let out = PathBuf::from(out);
    for file in files {
        let path = out.join(&file.name);
        let dir = path.parent().unwrap_or(&out);
        if let Err(e) =
            std::fs::create_dir_all(dir).and_then(|()| std::fs::write(&path, file.contents))
        {
            eprintln!("error: {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        println!("wrote {}", path.display());
    }
    ExitCode::SUCCESS
}
