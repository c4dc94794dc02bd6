//! Creates a login key, writes its private key to `<KEY_NAME>.pem` in the current directory
//! (mode 0600 where the platform has modes) and prints the rest of the decoded response as
//! pretty JSON. The private key is never printed: NCP shows it only in this response, so the
//! file is the one copy.
//!
//! ```text
//! cargo run -p ncloud-vserver --example create_login_key -- <KEY_NAME> [--format xml|json]
//! ```
//!
//! The key name is checked before anything is sent (3 to 30 characters: lowercase letters,
//! digits and `-`, starting with a letter and not ending with `-`). An existing
//! `<KEY_NAME>.pem` is an error, checked before the key is created, so no key is made whose
//! private key could not be saved.
//!
//! Credentials come from the default chain (`NCLOUD_ACCESS_KEY_ID`/`NCLOUD_SECRET_ACCESS_KEY`
//! or `NCLOUD_ACCESS_KEY`/`NCLOUD_SECRET_KEY`, else `~/.ncloud/configure`); the gateway from
//! `NCLOUD_API_GW` when set. The response body is printed on stdout with the API's field names
//! (exit status 0); any error is printed on stderr (exit status 1).

mod common;

use std::fs::{File, OpenOptions};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use common::Arg;
use ncloud_vserver::Format;
use ncloud_vserver::operations::CreateLoginKeyRequest;

const USAGE: &str = "usage: create_login_key <KEY_NAME> [--format xml|json]";

struct Args {
    key_name: String,
    format: Format,
}

/// `Ok(None)` when help was asked for.
fn parse_args(args: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let mut key_name = None;
    let format = common::parse(args, |arg, _| match arg {
        Arg::Positional(name) if key_name.is_none() => {
            key_name = Some(name);
            Ok(true)
        }
        _ => Ok(false),
    })?;
    let Some(format) = format else {
        return Ok(None);
    };
    let key_name = key_name.ok_or("the key name is missing")?;
    Ok(Some(Args { key_name, format }))
}

#[tokio::main]
async fn main() -> ExitCode {
    common::run_main(USAGE, parse_args(std::env::args().skip(1)), run).await
}

/// Creates `path` for writing, failing if it exists; readable by its owner only.
fn create_private(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    options.open(path)
}

async fn run(args: Args) -> Result<String, String> {
    let client = common::client(args.format)?;
    // Checked (and the file claimed) before the key exists, so that a key is never created
    // whose private key has nowhere to go.
    let request = CreateLoginKeyRequest::builder()
        .key_name(args.key_name.clone())
        .build()
        .map_err(|e| ncloud_vserver::Error::from(e).to_string())?;
    let path = PathBuf::from(format!("{}.pem", args.key_name));
    let mut file =
        create_private(&path).map_err(|e| format!("cannot create {}: {e}", path.display()))?;
    let mut response = match client.send(request).await {
        Ok(response) => response,
        Err(e) => {
            drop(file);
            let _ = std::fs::remove_file(&path);
            return Err(e.to_string());
        }
    };
    let private_key = response.private_key.take().ok_or_else(|| {
        let _ = std::fs::remove_file(&path);
        "the response holds no private key".to_owned()
    })?;
    file.write_all(private_key.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    common::to_json(&response)
}
