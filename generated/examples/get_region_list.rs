//! Lists the regions the API serves and prints the decoded response as pretty JSON.
//!
//! ```text
//! cargo run -p ncloud-vserver --example get_region_list -- [--format xml|json]
//! ```
//!
//! Credentials come from the default chain (`NCLOUD_ACCESS_KEY_ID`/`NCLOUD_SECRET_ACCESS_KEY`
//! or `NCLOUD_ACCESS_KEY`/`NCLOUD_SECRET_KEY`, else `~/.ncloud/configure`); the gateway from
//! `NCLOUD_API_GW` when set. The response body is printed on stdout with the API's field names
//! (exit status 0); any error is printed on stderr (exit status 1).

mod common;

use std::process::ExitCode;

use ncloud_vserver::Format;

const USAGE: &str = "usage: get_region_list [--format xml|json]";

struct Args {
    format: Format,
}

/// `Ok(None)` when help was asked for.
fn parse_args(args: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let format = common::parse(args, |_, _| Ok(false))?;
    Ok(format.map(|format| Args { format }))
}

#[tokio::main]
async fn main() -> ExitCode {
    common::run_main(USAGE, parse_args(std::env::args().skip(1)), run).await
}

async fn run(args: Args) -> Result<String, String> {
    let client = common::client(args.format)?;
    let response = client
        .get_region_list()
        .send()
        .await
        .map_err(|e| e.to_string())?;
    common::to_json(&response)
}
