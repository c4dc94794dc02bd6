//! `check-sample [--strict] <operationName> <FILE>`: decode a response body captured from the live
//! API with the generated decoders, to catch drift between the spec and what NCP really sends.
//!
//! Exit codes: 0 decoded (warnings allowed unless `--strict`), 1 the body did not decode or is an
//! NCP error body (or the arguments are wrong), 2 `--strict` and the body has parts the spec does
//! not describe.

use ncloud_vserver::operations::{OPERATION_NAMES, decode_response_to_json};
use ncloud_vserver::runtime::{BodyError, UnknownField};
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask check-sample [--strict] <operationName> <FILE>";

struct Args {
    strict: bool,
    operation: String,
    file: PathBuf,
}

impl Args {
    fn parse(args: &[String]) -> Result<Self, String> {
        let mut strict = false;
        let mut positional = Vec::new();
        for arg in args {
            match arg.as_str() {
                "--strict" => strict = true,
                flag if flag.starts_with("--") => {
                    return Err(format!("unknown option `{flag}`\n{USAGE}"));
                }
                _ => positional.push(arg.clone()),
            }
        }
        let [operation, file] = <[String; 2]>::try_from(positional)
            .map_err(|_| format!("expected an operation name and a file\n{USAGE}"))?;
        Ok(Self {
            strict,
            operation,
            file: PathBuf::from(file),
        })
    }
}

/// Runs the task and returns the process exit code (it has three outcomes, not two).
pub fn run(raw_args: &[String]) -> ExitCode {
    let args = match Args::parse(raw_args) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(1);
        }
    };
    let body = match std::fs::read(&args.file) {
        Ok(body) => body,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", args.file.display());
            return ExitCode::from(1);
        }
    };

    let mut unknown: Vec<UnknownField> = Vec::new();
    let Some(decoded) = decode_response_to_json(&args.operation, &body, Some(&mut unknown)) else {
        eprintln!(
            "error: unknown operation `{}`; the spec describes: {}",
            args.operation,
            OPERATION_NAMES.join(", ")
        );
        return ExitCode::from(1);
    };

    // Warnings first: they explain a decode failure as often as they flag drift.
    for field in &unknown {
        match field.raw.as_deref().map(bounded) {
            Some(raw) => eprintln!(
                "warning: {} {} is not described by the spec: {raw}",
                field.format, field.path
            ),
            None => eprintln!(
                "warning: {} {} is not described by the spec",
                field.format, field.path
            ),
        }
    }

    match decoded {
        Ok(text) => {
            println!("{text}");
            if args.strict && !unknown.is_empty() {
                eprintln!(
                    "error: --strict: {} part(s) of the body are not described by the spec",
                    unknown.len()
                );
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(BodyError::Api(e)) => {
            eprintln!("error: the body is an NCP API error: {e}");
            ExitCode::from(1)
        }
        Err(BodyError::Gateway(e)) => {
            eprintln!("error: the body is an NCP API gateway error: {e}");
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

/// An unknown element's content on one line, at most 80 characters, for a warning.
fn bounded(raw: &str) -> String {
    const MAX: usize = 80;
    let one_line: String = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    match one_line.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{:?}…", &one_line[..cut]),
        None => format!("{one_line:?}"),
    }
}
