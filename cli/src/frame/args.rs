//! The command line: the top level (`vserver`, `configure`, `completion`), the common flags
//! (before or after the operation name) and the one `clap::Command` of the chosen operation.
//!
//! Only that operation's `Command` is built: building all of them (102 subcommands, ~1500
//! arguments) would cost more than the rest of a call. `ncloud vserver --help` lists the
//! operations straight from the table; `ncloud completion` builds the whole tree, once.

use std::ffi::OsString;
use std::process::ExitCode;
use std::time::Duration;

use clap::builder::{PossibleValue, TypedValueParser};
use clap::{Arg, ArgAction, ArgMatches, Command};

use super::ctx::{Common, Ctx, OutputFormat};
use super::{CliError, Input, OpSpec, ParamSpec, ValueKind, config};
use crate::generated::commands::{self, OPERATIONS};

/// The flags every operation takes, with whether they take a value (`--wait`'s is optional).
const COMMON: [(&str, Takes); 7] = [
    ("output", Takes::Value),
    ("all", Takes::Nothing),
    ("wait", Takes::Optional),
    ("max-wait", Takes::Value),
    ("debug", Takes::Nothing),
    ("profile", Takes::Value),
    ("cli-input-json", Takes::Value),
];

/// The first words `ncloud` knows: never the value of a `--wait` before them.
const COMMANDS: [&str; 4] = ["vserver", "configure", "completion", "help"];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Takes {
    Nothing,
    Value,
    Optional,
}

/// Runs `ncloud` with the process's arguments.
pub fn main() -> ExitCode {
    let mut args = Vec::new();
    for arg in std::env::args_os().skip(1) {
        match arg.into_string() {
            Ok(arg) => args.push(arg),
            Err(bad) => {
                eprintln!(
                    "ncloud: an argument is not UTF-8: {}",
                    bad.to_string_lossy()
                );
                return ExitCode::from(super::EXIT_USAGE);
            }
        }
    }
    match run(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("ncloud: {e}");
            e.exit_code()
        }
    }
}

fn run(args: Vec<String>) -> Result<ExitCode, CliError> {
    let (leading, rest) = split_leading(&args);
    match rest.first().map(String::as_str) {
        None | Some("help" | "--help" | "-h") => {
            print!("{}", top_help());
            Ok(ExitCode::SUCCESS)
        }
        Some("--version" | "-V") => {
            println!("ncloud {}", env!("CARGO_PKG_VERSION"));
            Ok(ExitCode::SUCCESS)
        }
        Some("vserver") => vserver(leading, &rest[1..]),
        Some("configure") => {
            let mut all = leading.to_vec();
            all.extend_from_slice(&rest[1..]);
            config::configure(profile_flag(&all)?.as_deref())?;
            Ok(ExitCode::SUCCESS)
        }
        Some("completion") => completion(&rest[1..]),
        Some(other) => Err(CliError::usage(format!(
            "unknown command `{other}` (commands: vserver, configure, completion; see `ncloud --help`)"
        ))),
    }
}

/// `--profile NAME` / `--profile=NAME` among `args`, for `configure`.
fn profile_flag(args: &[String]) -> Result<Option<String>, CliError> {
    let mut profile = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        if arg == "--profile" {
            profile = Some(
                it.next()
                    .cloned()
                    .ok_or_else(|| CliError::usage("--profile needs a name"))?,
            );
        } else if let Some(name) = arg.strip_prefix("--profile=") {
            profile = Some(name.to_owned());
        } else {
            return Err(CliError::usage(format!(
                "configure: unexpected argument `{arg}` (usage: ncloud configure [--profile NAME])"
            )));
        }
    }
    Ok(profile)
}

/// Splits the common flags written before the command from the rest.
fn split_leading(args: &[String]) -> (&[String], &[String]) {
    let mut i = 0;
    while let Some(arg) = args.get(i) {
        let Some(flag) = arg.strip_prefix("--") else {
            break;
        };
        let (name, inline) = match flag.split_once('=') {
            Some((name, _)) => (name, true),
            None => (flag, false),
        };
        let Some((_, takes)) = COMMON.iter().find(|(n, _)| *n == name) else {
            break;
        };
        i += 1;
        if inline {
            continue;
        }
        match takes {
            Takes::Nothing => {}
            Takes::Value => i += 1,
            Takes::Optional => {
                if args
                    .get(i)
                    .is_some_and(|v| !v.starts_with('-') && !COMMANDS.contains(&v.as_str()))
                {
                    i += 1;
                }
            }
        }
    }
    let i = i.min(args.len());
    (&args[..i], &args[i..])
}

fn top_help() -> String {
    format!(
        "ncloud {}: the NAVER Cloud Platform VPC Server API from the command line\n\n\
         Usage: ncloud vserver <operationName> [--<parameterName> VALUE]... [OPTIONS]\n\
         \x20      ncloud configure [--profile NAME]\n\
         \x20      ncloud completion bash|zsh|fish\n\n\
         Commands:\n\
         \x20 vserver     call an operation of the VPC Server API (`ncloud vserver --help` lists them)\n\
         \x20 configure   write credentials to ~/.ncloud/configure\n\
         \x20 completion  print shell completions\n\n\
         Options (before or after the operation name):\n{}\n\
         Exit codes: 0 success, 1 API/gateway/transport/decode error, 2 usage error (nothing sent),\n\
         3 a wait that passed its maximum.\n",
        env!("CARGO_PKG_VERSION"),
        COMMON_HELP
    )
}

const COMMON_HELP: &str =
    "  --output json|xml|table  output format (default json: the API's document, wrapper included)
  --all                    walk every page of a paged list and print one response
  --wait [WAITER]          after a mutation, wait for the resources (its only waiter if none named)
  --max-wait SECONDS       the most a wait may take (default: the waiter's)
  --debug                  method, URL, form body and status of each call on stderr (secrets as ***)
  --profile NAME           credentials from the [NAME] section of ~/.ncloud/configure
  --cli-input-json FILE|-  the request as JSON with the API's parameter names (flags win)
";

fn operation_list() -> String {
    let width = OPERATIONS.iter().map(|o| o.name.len()).max().unwrap_or(0);
    let mut text = String::from(
        "Usage: ncloud vserver <operationName> [--<parameterName> VALUE]... [OPTIONS]\n\n\
         Operations (`ncloud vserver <operationName> --help` for its parameters):\n",
    );
    for op in &OPERATIONS {
        text.push_str(&format!("  {:width$}  {}\n", op.name, op.summary));
    }
    text.push_str("\nOptions:\n");
    text.push_str(COMMON_HELP);
    text
}

fn find_operation(name: &str) -> Result<&'static OpSpec, CliError> {
    if let Some(op) = OPERATIONS.iter().find(|o| o.name == name) {
        return Ok(op);
    }
    let lower = name.to_ascii_lowercase();
    let similar: Vec<&str> = OPERATIONS
        .iter()
        .filter(|o| {
            let n = o.name.to_ascii_lowercase();
            n == lower || (lower.len() >= 4 && n.contains(&lower))
        })
        .map(|o| o.name)
        .take(5)
        .collect();
    let hint = if similar.is_empty() {
        "see `ncloud vserver --help`".to_owned()
    } else {
        format!("did you mean {}?", similar.join(", "))
    };
    Err(CliError::usage(format!(
        "vserver has no operation `{name}` ({hint})"
    )))
}

fn vserver(leading: &[String], rest: &[String]) -> Result<ExitCode, CliError> {
    let Some(name) = rest.first() else {
        print!("{}", operation_list());
        return Ok(ExitCode::SUCCESS);
    };
    if matches!(name.as_str(), "help" | "--help" | "-h") {
        print!("{}", operation_list());
        return Ok(ExitCode::SUCCESS);
    }
    let op = find_operation(name)?;
    // The common flags given before the operation are parsed as if they came last: clap sees
    // one argument list, and a flag given in both places is a usage error as usual.
    let argv = std::iter::once(OsString::from(op.name))
        .chain(rest[1..].iter().map(OsString::from))
        .chain(leading.iter().map(OsString::from));
    let matches = match operation_command(op).try_get_matches_from(argv) {
        Ok(m) => m,
        Err(e) => {
            let code = e.exit_code();
            let _ = e.print();
            return Ok(ExitCode::from(
                u8::try_from(code).unwrap_or(super::EXIT_USAGE),
            ));
        }
    };
    let common = common_from(&matches, op)?;
    // the progress line of `--wait` on a terminal reads the waiter's events too
    let progress = common.wait.is_some() && std::io::IsTerminal::is_terminal(&std::io::stderr());
    if common.debug || progress {
        super::debug::install(common.debug);
    }
    let input = input_from(&matches, op)?;
    let ctx = Ctx::new(common);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::failure(format!("cannot start the async runtime: {e}")))?;
    runtime.block_on(commands::run(op.name, &ctx, &input))?;
    Ok(ExitCode::SUCCESS)
}

fn common_from(m: &ArgMatches, op: &'static OpSpec) -> Result<Common, CliError> {
    let output = match m.get_one::<String>("output").map(String::as_str) {
        None | Some("json") => OutputFormat::Json,
        Some("xml") => OutputFormat::Xml,
        Some("table") => OutputFormat::Table,
        Some(other) => {
            return Err(CliError::usage(format!(
                "--output: unknown format `{other}`"
            )));
        }
    };
    let all = m.get_flag("all");
    if all && !op.paged {
        return Err(CliError::usage(format!(
            "--all: `{}` is not a paged list operation",
            op.name
        )));
    }
    let wait = m.get_one::<String>("wait").cloned();
    if wait.is_some() && op.waits.is_empty() {
        return Err(CliError::usage(format!(
            "--wait: no waiter runs after `{}`",
            op.name
        )));
    }
    let max_wait = m
        .get_one::<String>("max-wait")
        .map(|s| {
            s.parse::<u64>().map(Duration::from_secs).map_err(|_| {
                CliError::usage(format!("--max-wait: `{s}` is not a number of seconds"))
            })
        })
        .transpose()?;
    if max_wait.is_some() && wait.is_none() {
        return Err(CliError::usage("--max-wait needs --wait"));
    }
    Ok(Common {
        output,
        all,
        wait,
        max_wait,
        debug: m.get_flag("debug"),
        profile: m.get_one::<String>("profile").cloned(),
    })
}

fn input_from(m: &ArgMatches, op: &'static OpSpec) -> Result<Input, CliError> {
    let mut input = Input::new(op);
    if let Some(source) = m.get_one::<String>("cli-input-json") {
        let text = if source == "-" {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut text).map_err(|e| {
                CliError::usage(format!("--cli-input-json -: cannot read stdin: {e}"))
            })?;
            text
        } else {
            let path = source.strip_prefix("file://").unwrap_or(source);
            std::fs::read_to_string(path)
                .map_err(|e| CliError::usage(format!("--cli-input-json {source}: {e}")))?
        };
        input.merge_json(&text, source)?;
    }
    for param in op.params {
        let Some(values) = m.get_many::<String>(param.name) else {
            continue;
        };
        let mut list = Vec::new();
        for v in values {
            list.push(if param.kind == ValueKind::String {
                read_file_value(param, v)?
            } else {
                v.clone()
            });
        }
        input.set_flag(param, list)?;
    }
    Ok(input)
}

/// `file://PATH` stands for the file's contents, as in the AWS CLI.
fn read_file_value(param: &ParamSpec, v: &str) -> Result<String, CliError> {
    match v.strip_prefix("file://") {
        Some(path) => std::fs::read_to_string(path)
            .map_err(|e| CliError::usage(format!("--{}: cannot read {path}: {e}", param.name))),
        None => Ok(v.to_owned()),
    }
}

/// A code parameter: the known codes are offered in help and completions, any is accepted.
#[derive(Clone)]
struct OpenEnum(&'static [&'static str]);

impl TypedValueParser for OpenEnum {
    type Value = String;

    fn parse_ref(
        &self,
        _cmd: &Command,
        _arg: Option<&Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        value
            .to_str()
            .map(str::to_owned)
            .ok_or_else(|| clap::Error::new(clap::error::ErrorKind::InvalidUtf8))
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(self.0.iter().map(|v| PossibleValue::new(*v))))
    }
}

fn checked<T: std::str::FromStr>(
    what: &'static str,
) -> impl Fn(&str) -> Result<String, String> + Clone {
    move |s: &str| {
        s.trim()
            .parse::<T>()
            .map(|_| s.to_owned())
            .map_err(|_| format!("`{s}` is not {what}"))
    }
}

fn param_arg(p: &'static ParamSpec) -> Arg {
    // A single value may start with `-` (a PEM key); a list's values may not, because clap
    // lets a hyphen-accepting list swallow the flags after it.
    let mut arg = Arg::new(p.name)
        .long(p.name)
        .help(p.help)
        .allow_hyphen_values(!p.list);
    arg = match p.kind {
        ValueKind::String => arg.value_name("TEXT"),
        ValueKind::Int32 => arg
            .value_name("INT")
            .value_parser(clap::builder::ValueParser::new(checked::<i32>(
                "a 32-bit integer",
            ))),
        ValueKind::Int64 => arg
            .value_name("INT")
            .value_parser(clap::builder::ValueParser::new(checked::<i64>(
                "an integer",
            ))),
        ValueKind::Bool => arg
            .value_name("BOOL")
            .value_parser(clap::builder::PossibleValuesParser::new(["true", "false"])),
        ValueKind::Enum => arg.value_name("CODE").value_parser(OpenEnum(p.values)),
        ValueKind::Object => arg.value_name("ITEM"),
    };
    if p.list {
        arg.num_args(1..).action(ArgAction::Append)
    } else {
        arg.num_args(1).action(ArgAction::Set)
    }
}

/// The `Command` of one operation: its parameters and the common flags.
pub fn operation_command(op: &'static OpSpec) -> Command {
    let mut cmd = Command::new(op.name)
        .bin_name(format!("ncloud vserver {}", op.name))
        .about(op.summary)
        .long_about(format!("{}\n\n{}", op.summary, op.description))
        .disable_version_flag(true)
        .args(op.params.iter().map(param_arg));
    let waits: Vec<PossibleValue> = op
        .waits
        .iter()
        .map(|w| PossibleValue::new(w.name).help(w.description))
        .collect();
    cmd = cmd
        .next_help_heading("Options")
        .arg(
            Arg::new("output")
                .long("output")
                .value_name("FORMAT")
                .value_parser(["json", "xml", "table"])
                .help("Output format: json (the API's document, wrapper included), xml, table"),
        )
        .arg(
            Arg::new("all")
                .long("all")
                .action(ArgAction::SetTrue)
                .help("Walk every page (paged list operations; --pageSize sets the page size)"),
        )
        .arg(
            Arg::new("wait")
                .long("wait")
                .value_name("WAITER")
                .num_args(0..=1)
                .default_missing_value("")
                .value_parser(clap::builder::PossibleValuesParser::new(
                    waits.into_iter().chain([PossibleValue::new("").hide(true)]),
                ))
                .help("After the call, wait until the resources reach the waiter's state"),
        )
        .arg(
            Arg::new("max-wait")
                .long("max-wait")
                .value_name("SECONDS")
                .help("The most a --wait may take (default: the waiter's)"),
        )
        .arg(
            Arg::new("debug")
                .long("debug")
                .action(ArgAction::SetTrue)
                .help("Method, URL, form body and status on stderr; secrets as ***"),
        )
        .arg(
            Arg::new("profile")
                .long("profile")
                .value_name("NAME")
                .help("Credentials from the [NAME] section of ~/.ncloud/configure"),
        )
        .arg(
            Arg::new("cli-input-json")
                .long("cli-input-json")
                .value_name("FILE|-")
                .help("The request as a JSON object with the API's parameter names; flags win"),
        );
    cmd
}

/// The whole tree, for completions.
fn full_command() -> Command {
    Command::new("ncloud")
        .about("The NAVER Cloud Platform VPC Server API from the command line")
        .subcommand(
            Command::new("vserver")
                .about("Call an operation of the VPC Server API")
                .subcommands(OPERATIONS.iter().map(operation_command)),
        )
        .subcommand(
            Command::new("configure")
                .about("Write credentials to ~/.ncloud/configure")
                .arg(Arg::new("profile").long("profile").value_name("NAME")),
        )
        .subcommand(
            Command::new("completion")
                .about("Print shell completions")
                .arg(Arg::new("shell").value_parser(["bash", "zsh", "fish"])),
        )
}

fn completion(rest: &[String]) -> Result<ExitCode, CliError> {
    use clap_complete::Shell;
    let shell = match rest {
        [s] if s == "bash" => Shell::Bash,
        [s] if s == "zsh" => Shell::Zsh,
        [s] if s == "fish" => Shell::Fish,
        _ => return Err(CliError::usage("usage: ncloud completion bash|zsh|fish")),
    };
    let mut cmd = full_command();
    clap_complete::generate(shell, &mut cmd, "ncloud", &mut std::io::stdout());
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(args: &[&str]) -> Vec<String> {
        args.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn leading_common_flags_are_split_off() {
        let args = strings(&["--output", "table", "--wait", "vserver", "x", "--all"]);
        let (lead, rest) = split_leading(&args);
        assert_eq!(lead, &args[..3]);
        assert_eq!(rest[0], "vserver");
        let args = strings(&["--wait", "serverInstanceRunning", "--debug", "vserver"]);
        assert_eq!(split_leading(&args).0.len(), 3);
        let args = strings(&["--profile=prod", "--max-wait", "5", "vserver"]);
        assert_eq!(split_leading(&args).0.len(), 3);
        let args = strings(&["--regionCode", "KR", "vserver"]);
        assert!(split_leading(&args).0.is_empty());
    }

    /// Every generated operation's `Command` passes clap's own consistency checks.
    #[test]
    fn every_operation_command_is_valid() {
        for op in &OPERATIONS {
            operation_command(op).debug_assert();
        }
        full_command().debug_assert();
    }
}
