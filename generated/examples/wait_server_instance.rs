//! Waits until a server runs, is stopped or is terminated, and prints the server as pretty JSON.
//!
//! ```text
//! cargo run -p ncloud-vserver --example wait_server_instance -- <SERVER_INSTANCE_NO> \
//!     --until running|stopped|terminated [--max-wait SECONDS] [--min-delay SECONDS] \
//!     [--max-delay SECONDS]
//! ```
//!
//! The delays and the maximum wait default to the spec's for that waiter (`x-ncp-waiters` on
//! `getServerInstanceList`); fractional seconds are accepted. Credentials come from the default
//! chain (`NCLOUD_ACCESS_KEY_ID`/`NCLOUD_SECRET_ACCESS_KEY` or
//! `NCLOUD_ACCESS_KEY`/`NCLOUD_SECRET_KEY`, else `~/.ncloud/configure`); the gateway from
//! `NCLOUD_API_GW` when set. The final server is printed on stdout with the API's field names
//! (`null` once it is terminated) and the exit status is 0; an error is printed on stderr with
//! exit status 1, or 3 when the maximum wait passes first.

mod common;

use std::process::ExitCode;
use std::time::Duration;

use common::Arg;
use ncloud_vserver::Format;
use ncloud_vserver::runtime::waiter::WaiterError;
use ncloud_vserver::types::GetServerInstanceListResponse;

const USAGE: &str = "usage: wait_server_instance <SERVER_INSTANCE_NO> --until running|stopped|terminated \
                     [--max-wait SECONDS] [--min-delay SECONDS] [--max-delay SECONDS]";

/// The exit status when the maximum wait passed before the server got there.
const EXIT_TIMEOUT: u8 = 3;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Until {
    Running,
    Stopped,
    Terminated,
}

struct Args {
    server_instance_no: String,
    until: Until,
    max_wait: Option<Duration>,
    min_delay: Option<Duration>,
    max_delay: Option<Duration>,
}

fn seconds(name: &str, value: &str) -> Result<Duration, String> {
    let secs: f64 = common::parse_number(name, value)?;
    Duration::try_from_secs_f64(secs)
        .map_err(|_| format!("{name}: expected a number of seconds, 0 or more, got {value:?}"))
}

/// `Ok(None)` when help was asked for.
fn parse_args(args: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let mut server_instance_no = None;
    let mut until = None;
    let (mut max_wait, mut min_delay, mut max_delay) = (None, None, None);
    let mut args = common::Args::new(args);
    while let Some(arg) = args.next() {
        match arg {
            Arg::Flag { name, inline } => match name.as_str() {
                "-h" | "--help" => return Ok(None),
                "--until" => {
                    until = Some(match args.value(&name, inline)?.as_str() {
                        "running" => Until::Running,
                        "stopped" => Until::Stopped,
                        "terminated" => Until::Terminated,
                        other => {
                            return Err(format!(
                                "--until: expected running, stopped or terminated, got {other:?}"
                            ));
                        }
                    })
                }
                "--max-wait" => max_wait = Some(seconds(&name, &args.value(&name, inline)?)?),
                "--min-delay" => min_delay = Some(seconds(&name, &args.value(&name, inline)?)?),
                "--max-delay" => max_delay = Some(seconds(&name, &args.value(&name, inline)?)?),
                _ => return Err(format!("unknown option {name}")),
            },
            Arg::Positional(arg) if server_instance_no.is_none() => server_instance_no = Some(arg),
            Arg::Positional(arg) => return Err(format!("unexpected argument {arg:?}")),
        }
    }
    Ok(Some(Args {
        server_instance_no: server_instance_no.ok_or("missing SERVER_INSTANCE_NO")?,
        until: until.ok_or("missing --until running|stopped|terminated")?,
        max_wait,
        min_delay,
        max_delay,
    }))
}

/// Applies the delays the caller gave (the waiter's own defaults otherwise) and waits.
macro_rules! wait {
    ($builder:expr, $args:expr) => {{
        let mut wait = $builder.server_instance_no($args.server_instance_no.clone());
        if let Some(d) = $args.min_delay {
            wait = wait.min_delay(d);
        }
        if let Some(d) = $args.max_delay {
            wait = wait.max_delay(d);
        }
        match $args.max_wait {
            Some(max_wait) => wait.wait(max_wait).await,
            None => wait.wait_default().await,
        }
    }};
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(Some(args)) => args,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("error: {message}\n{USAGE}");
            return ExitCode::FAILURE;
        }
    };
    let client = match common::client(Format::Xml) {
        Ok(client) => client,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    let result: Result<GetServerInstanceListResponse, WaiterError<_>> = match args.until {
        Until::Running => wait!(client.wait_until_server_instance_running(), args),
        Until::Stopped => wait!(client.wait_until_server_instance_stopped(), args),
        Until::Terminated => wait!(client.wait_until_server_instance_terminated(), args),
    };
    match result {
        // A terminated server is no longer listed: its list is empty, printed as `null`.
        Ok(body) => match common::to_json(&body.server_instance_list.first()) {
            Ok(json) => {
                println!("{json}");
                ExitCode::SUCCESS
            }
            Err(message) => {
                eprintln!("error: {message}");
                ExitCode::FAILURE
            }
        },
        Err(e @ WaiterError::Timeout { .. }) => {
            eprintln!("error: {e}");
            ExitCode::from(EXIT_TIMEOUT)
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
