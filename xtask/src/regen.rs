//! `cargo xtask regen [--check]`: the work is done by `codegen::layout::regen`, which the
//! freshness tests and `cargo run -p codegen --example regen` share.

use std::path::Path;

/// Parsed arguments of `regen`.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Args {
    /// Write nothing; fail if any file is stale.
    pub check: bool,
}

impl Args {
    /// Parses the arguments after `regen`.
    pub fn parse(args: &[String]) -> Result<Args, String> {
        let mut parsed = Args::default();
        for arg in args {
            match arg.as_str() {
                "--check" => parsed.check = true,
                other => {
                    return Err(format!(
                        "regen: unexpected argument `{other}` (usage: regen [--check])"
                    ));
                }
            }
        }
        Ok(parsed)
    }
}

/// Regenerates (or checks) every generated file under `root`.
pub fn run(root: &Path, args: &Args) -> Result<(), String> {
    codegen::layout::regen(root, args.check, &mut std::io::stdout())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_check() {
        assert_eq!(Args::parse(&[]).unwrap(), Args { check: false });
        assert_eq!(
            Args::parse(&["--check".to_owned()]).unwrap(),
            Args { check: true }
        );
        assert!(Args::parse(&["--bogus".to_owned()]).is_err());
    }
}
