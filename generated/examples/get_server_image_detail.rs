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

use std::process::ExitCode;

use ncloud_vserver::{Client, Format};

const USAGE: &str =
    "usage: get_server_image_detail <SERVER_IMAGE_NO> [--region-code CODE] [--format xml|json]";

struct Args {
    server_image_no: String,
    region_code: Option<String>,
    format: Format,
}

/// `Ok(None)` when help was asked for.
fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let mut server_image_no = None;
    let mut region_code = None;
    let mut format = Format::Xml;
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => {
                (flag.to_owned(), Some(value.to_owned()))
            }
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(None),
            "--region-code" => region_code = Some(value("--region-code")?),
            "--format" => {
                format = match value("--format")?.to_ascii_lowercase().as_str() {
                    "xml" => Format::Xml,
                    "json" => Format::Json,
                    other => return Err(format!("--format must be xml or json, not {other:?}")),
                }
            }
            _ if flag.starts_with('-') && flag.len() > 1 => {
                return Err(format!("unknown option {flag}"));
            }
            _ if server_image_no.is_none() => server_image_no = Some(arg),
            _ => return Err(format!("unexpected argument {arg:?}")),
        }
    }
    let server_image_no = server_image_no.ok_or("missing SERVER_IMAGE_NO")?;
    Ok(Some(Args {
        server_image_no,
        region_code,
        format,
    }))
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

async fn run(args: Args) -> Result<String, String> {
    let client = Client::builder()
        .response_format(args.format)
        .build()
        .map_err(|e| e.to_string())?;
    let response = client
        .get_server_image_detail()
        .server_image_no(args.server_image_no)
        .set_region_code(args.region_code)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    serde_json::to_string_pretty(&response).map_err(|e| e.to_string())
}
