//! Lists server images and prints the decoded response as pretty JSON: one page, or with
//! `--all` every page, collected into one body whose list holds every image.
//!
//! ```text
//! cargo run -p ncloud-vserver --example get_server_image_list -- \
//!     [--server-image-name NAME] [--server-image-no NO]... [--os-type-code CODE]... \
//!     [--page-size N] [--all] [--format xml|json]
//! ```
//!
//! `--server-image-no` and `--os-type-code` may be repeated; each adds one element to the list
//! parameter (`serverImageNoList`, `osTypeCodeList`: `ROCKY`, `UBUNTU`, ... as the API spells
//! them). Without `--all` one request is made, for the first page, with `--page-size` as
//! `pageSize` when given (else the API's default page size). With `--all` the pages are walked
//! with `--page-size` items each (default: the largest size the API accepts, 1000) until the
//! API has no more, and printed as one body.
//!
//! Credentials come from the default chain (`NCLOUD_ACCESS_KEY_ID`/`NCLOUD_SECRET_ACCESS_KEY`
//! or `NCLOUD_ACCESS_KEY`/`NCLOUD_SECRET_KEY`, else `~/.ncloud/configure`); the gateway from
//! `NCLOUD_API_GW` when set. The response body is printed on stdout with the API's field names
//! (exit status 0); any error is printed on stderr (exit status 1).

mod common;

use std::process::ExitCode;

use common::Arg;
use ncloud_vserver::types::OsTypeCodeValue;
use ncloud_vserver::{Error, Format};

const USAGE: &str = "usage: get_server_image_list [--server-image-name NAME] \
    [--server-image-no NO]... [--os-type-code CODE]... [--page-size N] [--all] [--format xml|json]";

struct Args {
    server_image_name: Option<String>,
    server_image_nos: Vec<String>,
    os_type_codes: Vec<OsTypeCodeValue>,
    page_size: Option<i32>,
    all: bool,
    format: Format,
}

/// `Ok(None)` when help was asked for.
fn parse_args(args: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let mut parsed = Args {
        server_image_name: None,
        server_image_nos: Vec::new(),
        os_type_codes: Vec::new(),
        page_size: None,
        all: false,
        format: Format::Xml,
    };
    let format = common::parse(args, |arg, args| {
        let Arg::Flag { name, inline } = arg else {
            return Ok(false);
        };
        match name.as_str() {
            "--server-image-name" => parsed.server_image_name = Some(args.value(&name, inline)?),
            "--server-image-no" => parsed.server_image_nos.push(args.value(&name, inline)?),
            "--os-type-code" => parsed
                .os_type_codes
                .push(OsTypeCodeValue::from(args.value(&name, inline)?)),
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
    // The builder checks pageSize (1 to 1000) before anything is sent; the paginator starts
    // from the request's page size.
    let request = client
        .get_server_image_list()
        .set_server_image_name(args.server_image_name)
        .set_server_image_no_list(common::non_empty(args.server_image_nos))
        .set_os_type_code_list(common::non_empty(args.os_type_codes))
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
