//! Stops running servers and prints the decoded response as pretty JSON (each server as the
//! API shows it at that moment: usually still `RUN`, with operation `SHTDN`).
//!
//! ```text
//! cargo run -p ncloud-vserver --example stop_server_instances -- <SERVER_INSTANCE_NO>... \
//!     [--format xml|json]
//! ```
//!
//! A stop is a mutation: the client retries it only when it cannot have reached NCP (no
//! connection, a 429 throttle, or a documented "busy" return code), never after a timeout.
//!
//! Credentials come from the default chain (`NCLOUD_ACCESS_KEY_ID`/`NCLOUD_SECRET_ACCESS_KEY`
//! or `NCLOUD_ACCESS_KEY`/`NCLOUD_SECRET_KEY`, else `~/.ncloud/configure`); the gateway from
//! `NCLOUD_API_GW` when set. The response body is printed on stdout with the API's field names
//! (exit status 0); any error is printed on stderr (exit status 1).

mod common;

use std::process::ExitCode;

use common::Arg;
use ncloud_vserver::Format;

const USAGE: &str = "usage: stop_server_instances <SERVER_INSTANCE_NO>... [--format xml|json]";

struct Args {
    server_instance_nos: Vec<String>,
    format: Format,
}

/// `Ok(None)` when help was asked for.
fn parse_args(args: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let mut server_instance_nos = Vec::new();
    let format = common::parse(args, |arg, _| match arg {
        Arg::Positional(no) => {
            server_instance_nos.push(no);
            Ok(true)
        }
        Arg::Flag { .. } => Ok(false),
    })?;
    let Some(format) = format else {
        return Ok(None);
    };
    if server_instance_nos.is_empty() {
        return Err("at least one server instance number is needed".to_owned());
    }
    Ok(Some(Args {
        server_instance_nos,
        format,
    }))
}

#[tokio::main]
async fn main() -> ExitCode {
    common::run_main(USAGE, parse_args(std::env::args().skip(1)), run).await
}

async fn run(args: Args) -> Result<String, String> {
    let client = common::client(args.format)?;
    let response = client
        .stop_server_instances()
        .set_server_instance_no_list(Some(args.server_instance_nos))
        .send()
        .await
        .map_err(|e| e.to_string())?;
    common::to_json(&response)
}
