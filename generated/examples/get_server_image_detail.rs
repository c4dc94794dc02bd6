//! Looks up one server image and prints the decoded response as pretty JSON.
//!
//! ```text
//! cargo run -p ncloud-vserver --example get_server_image_detail -- <SERVER_IMAGE_NO> \
//!     [--region-code CODE] [--format xml|json]
//! ```
//!
//! Credentials come from the default chain (`NCLOUD_ACCESS_KEY_ID`/`NCLOUD_SECRET_ACCESS_KEY`
//! or `NCLOUD_ACCESS_KEY`/`NCLOUD_SECRET_KEY`, else `~/.ncloud/configure`); the gateway from
//! `NCLOUD_API_GW` when set. The response body is printed on stdout with the API's field names
//! (exit status 0); any error is printed on stderr (exit status 1).

mod common;

use std::process::ExitCode;

use common::Arg;
use ncloud_vserver::Format;

const USAGE: &str =
    "usage: get_server_image_detail <SERVER_IMAGE_NO> [--region-code CODE] [--format xml|json]";

struct Args {
    server_image_no: String,
    region_code: Option<String>,
    format: Format,
}

/// `Ok(None)` when help was asked for.
fn parse_args(args: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let mut server_image_no = None;
    let mut region_code = None;
    let format = common::parse(args, |arg, args| {
        match arg {
            Arg::Flag { name, inline } if name == "--region-code" => {
                region_code = Some(args.value(&name, inline)?);
            }
            Arg::Positional(arg) if server_image_no.is_none() => server_image_no = Some(arg),
            _ => return Ok(false),
        }
        Ok(true)
    })?;
    let Some(format) = format else {
        return Ok(None);
    };
    let server_image_no = server_image_no.ok_or("missing SERVER_IMAGE_NO")?;
    Ok(Some(Args {
        server_image_no,
        region_code,
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
        .get_server_image_detail()
        .server_image_no(args.server_image_no)
        .set_region_code(args.region_code)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    common::to_json(&response)
}
