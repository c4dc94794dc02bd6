//! What the examples share: splitting the command line into options and positionals, the
//! `--format` option, and the output contract (the response body as pretty JSON with the API's
//! field names on stdout and exit status 0; any error on stderr and exit status 1).
//!
//! Not an example itself: each example includes it with `mod common;`, and uses only some of it.
#![allow(dead_code)]

use std::future::Future;
use std::process::ExitCode;

use ncloud_vserver::{Client, Format};
use serde::Serialize;

/// One command-line argument.
pub enum Arg {
    /// An option (`-h`, `--name`), with the value written inline as `--name=value`, if any.
    Flag {
        name: String,
        inline: Option<String>,
    },
    /// Anything else.
    Positional(String),
}

/// The command-line arguments (without the program name), as [`Arg`]s.
pub struct Args<I> {
    rest: I,
}

impl<I: Iterator<Item = String>> Args<I> {
    pub fn new(rest: I) -> Self {
        Self { rest }
    }

    /// The value of option `name`: the inline one, else the next argument.
    pub fn value(&mut self, name: &str, inline: Option<String>) -> Result<String, String> {
        inline
            .or_else(|| self.rest.next())
            .ok_or_else(|| format!("{name} needs a value"))
    }
}

impl<I: Iterator<Item = String>> Iterator for Args<I> {
    type Item = Arg;

    fn next(&mut self) -> Option<Arg> {
        let arg = self.rest.next()?;
        Some(match arg.split_once('=') {
            Some((name, value)) if name.starts_with("--") => Arg::Flag {
                name: name.to_owned(),
                inline: Some(value.to_owned()),
            },
            _ if arg.starts_with('-') && arg.len() > 1 => Arg::Flag {
                name: arg,
                inline: None,
            },
            _ => Arg::Positional(arg),
        })
    }
}

/// Walks the command line of an example: `-h`/`--help` and `--format` are handled here; every
/// other argument goes to `each` (with the rest of the line, to read an option's value), which
/// returns `Ok(false)` for one it does not take. `Ok(None)` when help was asked for, else the
/// format (`xml` by default).
pub fn parse<I: Iterator<Item = String>>(
    args: I,
    mut each: impl FnMut(Arg, &mut Args<I>) -> Result<bool, String>,
) -> Result<Option<Format>, String> {
    let mut format = Format::Xml;
    let mut args = Args::new(args);
    while let Some(arg) = args.next() {
        let unknown = match &arg {
            Arg::Flag { name, .. } if name == "-h" || name == "--help" => return Ok(None),
            Arg::Flag { name, inline } if name == "--format" => {
                format = parse_format(&args.value(name, inline.clone())?)?;
                continue;
            }
            Arg::Flag { name, .. } => format!("unknown option {name}"),
            Arg::Positional(arg) => format!("unexpected argument {arg:?}"),
        };
        if !each(arg, &mut args)? {
            return Err(unknown);
        }
    }
    Ok(Some(format))
}

/// The value of `--format`.
pub fn parse_format(value: &str) -> Result<Format, String> {
    match value.to_ascii_lowercase().as_str() {
        "xml" => Ok(Format::Xml),
        "json" => Ok(Format::Json),
        other => Err(format!("--format must be xml or json, not {other:?}")),
    }
}

/// The number given to option `name`.
pub fn parse_number<T: std::str::FromStr>(name: &str, value: &str) -> Result<T, String> {
    value
        .parse()
        .map_err(|_| format!("{name} must be a number, not {value:?}"))
}

/// A repeated option that was not given is a list parameter left out.
pub fn non_empty<T>(list: Vec<T>) -> Option<Vec<T>> {
    (!list.is_empty()).then_some(list)
}

/// A client from the default configuration (credentials chain, `NCLOUD_API_GW`) asking for
/// `format`.
pub fn client(format: Format) -> Result<Client, String> {
    Client::builder()
        .response_format(format)
        .build()
        .map_err(|e| e.to_string())
}

/// The body as pretty JSON; serialization uses the API's field names.
pub fn to_json(body: &impl Serialize) -> Result<String, String> {
    serde_json::to_string_pretty(body).map_err(|e| e.to_string())
}

/// Runs an example: `parsed` is the result of its argument parsing (`Ok(None)` = help asked
/// for), `run` does the call and returns the JSON to print.
pub async fn run_main<A, Fut>(
    usage: &str,
    parsed: Result<Option<A>, String>,
    run: impl FnOnce(A) -> Fut,
) -> ExitCode
where
    Fut: Future<Output = Result<String, String>>,
{
    let args = match parsed {
        Ok(Some(args)) => args,
        Ok(None) => {
            println!("{usage}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("error: {message}\n{usage}");
            return ExitCode::FAILURE;
        }
    };
    match run(args).await {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
