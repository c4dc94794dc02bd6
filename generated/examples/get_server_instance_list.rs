//! Lists server instances and prints the decoded response as pretty JSON: one page, or with
//! `--all` every page, collected into one body whose list holds every server.
//!
//! ```text
//! cargo run -p ncloud-vserver --example get_server_instance_list -- \
//!     [--server-instance-no NO]... [--status-code CODE] [--page-size N] [--all] \
//!     [--format xml|json]
//! ```
//!
//! `--server-instance-no` may be repeated; each adds one element to `serverInstanceNoList`.
//! `--status-code` filters by status (`INIT`, `CREAT`, `RUN`, `NSTOP`, as the API spells them;
//! an unknown code is sent as given). Without `--all` one request is made, for the first page,
//! with `--page-size` as `pageSize` when given. With `--all` the pages are walked with
//! `--page-size` items each (default: the largest size the API accepts) and printed as one body.
//!
//! Credentials come from the default chain (`NCLOUD_ACCESS_KEY_ID`/`NCLOUD_SECRET_ACCESS_KEY`
//! or `NCLOUD_ACCESS_KEY`/`NCLOUD_SECRET_KEY`, else `~/.ncloud/configure`); the gateway from
//! `NCLOUD_API_GW` when set. The response body is printed on stdout with the API's field names
//! (exit status 0); any error is printed on stderr (exit status 1).

mod common;

use std::process::ExitCode;

use common::Arg;
use ncloud_vserver::types::ServerInstanceStatusCodeValue;
use ncloud_vserver::{Error, Format};

const USAGE: &str = "usage: get_server_instance_list [--server-instance-no NO]... \
    [--status-code CODE] [--page-size N] [--all] [--format xml|json]";

struct Args {
    server_instance_nos: Vec<String>,
    status_code: Option<ServerInstanceStatusCodeValue>,
    page_size: Option<i32>,
    all: bool,
    format: Format,
}

/// `Ok(None)` when help was asked for.
fn parse_args(args: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let mut parsed = Args {
        server_instance_nos: Vec::new(),
        status_code: None,
        page_size: None,
        all: false,
        format: Format::Xml,
    };
    let format = common::parse(args, |arg, args| {
        let Arg::Flag { name, inline } = arg else {
            return Ok(false);
        };
        match name.as_str() {
            "--server-instance-no" => parsed.server_instance_nos.push(args.value(&name, inline)?),
            "--status-code" => {
                let code = args.value(&name, inline)?;
                parsed.status_code = Some(ServerInstanceStatusCodeValue::from(code));
            }
            "--page-size" => {
                parsed.page_size = Some(common::parse_number(&name, &args.value(&name, inline)?)?);
            }
            "--all" if inline.is_none() => parsed.all = true,
            _ => return Ok(false),
        }
        Ok(true)
    })?;
    Ok(format.map(|format| Args { format, ..parsed }))
}

#[tokio::main]
async fn main() -> ExitCode {
    common::run_main(USAGE, parse_args(std::env::args().skip(1)), run).await
}

async fn run(args: Args) -> Result<String, String> {
    let client = common::client(args.format)?;
    let request = client
        .get_server_instance_list()
        .set_server_instance_no_list(common::non_empty(args.server_instance_nos))
        .set_server_instance_status_code(args.status_code)
        .set_page_size(args.page_size);
    let response = if args.all {
        let paginator = request
            .into_paginator()
            .map_err(|e| Error::from(e).to_string())?;
        paginator.collect_all().await
    } else {
        request.send().await
    };
    common::to_json(&response.map_err(|e| e.to_string())?)
}
