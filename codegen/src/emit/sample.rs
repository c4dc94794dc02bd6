//! The tokens of `bin/ncloud-vserver-sample.rs`: the decoder behind `cargo xtask check-sample`.
//!
//! It is a binary of the generated crate (behind its `tools` feature) rather than code in
//! `xtask`, so that the tool that regenerates the crate never has to compile it: `xtask` runs
//! this binary through `cargo run` and relays what it prints and its exit code.

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, rt};

/// The binary's source. It only names items of the crate (`registry::OPERATION_NAMES`,
/// `registry::decode_response_to_json`) and of the runtime, so it does not depend on the spec.
pub fn emit() -> TokenStream {
    let module_doc = docs::inner(
        "`cargo xtask check-sample [--strict] <operationName> <FILE>` (which runs this binary): \
         decodes a response body captured from the live API with the generated decoders, to \
         catch drift between the spec and what NCP really sends.\n\n\
         Exit codes: 0 decoded (warnings allowed unless `--strict`), 1 the body did not decode or \
         is an NCP error body (or the arguments are wrong), 2 `--strict` and the body has parts \
         the spec does not describe.",
    );
    let body_error = rt::body_error();
    let unknown_field = rt::unknown_field();
    quote! {
        #module_doc

        use ::ncloud_vserver::registry::{decode_response_to_json, OPERATION_NAMES};
        use ::std::path::PathBuf;
        use ::std::process::ExitCode;

        /// Named after the command maintainers type, not after this binary.
        const USAGE: &str = "usage: cargo xtask check-sample [--strict] <operationName> <FILE>";

        /// The parsed arguments.
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
                Ok(Self { strict, operation, file: PathBuf::from(file) })
            }
        }

        /// Three outcomes, not two: hence an exit code rather than a `Result`.
        fn main() -> ExitCode {
            let raw_args: Vec<String> = ::std::env::args().skip(1).collect();
            let args = match Args::parse(&raw_args) {
                Ok(args) => args,
                Err(message) => {
                    eprintln!("error: {message}");
                    return ExitCode::from(1);
                }
            };
            let body = match ::std::fs::read(&args.file) {
                Ok(body) => body,
                Err(e) => {
                    eprintln!("error: cannot read {}: {e}", args.file.display());
                    return ExitCode::from(1);
                }
            };
            let mut unknown: Vec<#unknown_field> = Vec::new();
            let Some(decoded) = decode_response_to_json(&args.operation, &body, Some(&mut unknown)) else {
                eprintln!(
                    "error: unknown operation `{}`; the spec describes: {}",
                    args.operation,
                    OPERATION_NAMES.join(", ")
                );
                return ExitCode::from(1);
            };
            warn_unknown(&unknown);
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
                Err(#body_error::Api(e)) => {
                    eprintln!("error: the body is an NCP API error: {e}");
                    ExitCode::from(1)
                }
                Err(#body_error::Gateway(e)) => {
                    eprintln!("error: the body is an NCP API gateway error: {e}");
                    ExitCode::from(1)
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(1)
                }
            }
        }

        /// One warning line per part the spec does not describe, printed before the outcome:
        /// they explain a decode failure as often as they flag drift.
        fn warn_unknown(unknown: &[#unknown_field]) {
            for field in unknown {
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
    }
}
