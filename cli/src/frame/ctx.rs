//! What a generated runner calls: the client, `--debug`, sending, paging, waiting, printing.

use std::cell::OnceCell;
use std::future::Future;
use std::io::{IsTerminal as _, Write as _};
use std::time::{Duration, Instant};

use ncloud_runtime::client::{ConfigFileCredentials, Environment};
use ncloud_runtime::xml_write::XmlEncode;
use ncloud_runtime::{Format, Operation, Paginated, QueryWriter, WaiterError};
use ncloud_vserver::Client;

use super::{CliError, OpSpec, output};

/// `--output`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    /// The API's JSON document.
    Json,
    /// The API's XML document.
    Xml,
    /// One row per list item.
    Table,
}

/// The common flags, parsed.
#[derive(Debug)]
pub struct Common {
    pub(super) output: OutputFormat,
    pub(super) all: bool,
    /// `Some("")`: `--wait` without a name.
    pub(super) wait: Option<String>,
    pub(super) max_wait: Option<Duration>,
    pub(super) debug: bool,
    pub(super) profile: Option<String>,
}

/// One run of one operation.
pub struct Ctx {
    common: Common,
    client: OnceCell<Client>,
}

impl Ctx {
    pub(super) fn new(common: Common) -> Self {
        Self {
            common,
            client: OnceCell::new(),
        }
    }

    /// The client, made on first use: credentials from `--profile`'s section of
    /// `~/.ncloud/configure`, else as the library finds them (environment, then the file's
    /// `[DEFAULT]`); the gateway from `NCLOUD_API_GW` when set.
    pub fn client(&self) -> Result<&Client, CliError> {
        if let Some(client) = self.client.get() {
            return Ok(client);
        }
        let mut builder =
            Client::builder().user_agent(concat!("ncloud-cli/", env!("CARGO_PKG_VERSION")));
        if let Some(profile) = &self.common.profile {
            let file =
                ConfigFileCredentials::in_home(&Environment::process()).with_profile(profile);
            builder = builder.credentials_provider(file);
        }
        let client = builder.build()?;
        Ok(self.client.get_or_init(|| client))
    }

    /// Whether `--all` was given (the frame checked the operation pages).
    pub fn all(&self) -> bool {
        self.common.all
    }

    /// The waiter `--wait` names, or the operation's only one for a bare `--wait`.
    pub fn waiter(&self, op: &OpSpec) -> Result<Option<&'static str>, CliError> {
        let Some(name) = self.common.wait.as_deref() else {
            return Ok(None);
        };
        if name.is_empty() {
            return match op.waits {
                [only] => Ok(Some(only.name)),
                waits => {
                    let names: Vec<&str> = waits.iter().map(|w| w.name).collect();
                    Err(CliError::usage(format!(
                        "--wait: `{}` has several waiters, name one: {}",
                        op.name,
                        names.join(", ")
                    )))
                }
            };
        }
        op.waits
            .iter()
            .find(|w| w.name == name)
            .map(|w| Some(w.name))
            .ok_or_else(|| {
                CliError::usage(format!("--wait: no waiter `{name}` after `{}`", op.name))
            })
    }

    /// `--max-wait`, else the waiter's default.
    pub fn max_wait(&self, op: &OpSpec, waiter: &str) -> Duration {
        self.common.max_wait.unwrap_or_else(|| {
            let secs = op
                .waits
                .iter()
                .find(|w| w.name == waiter)
                .map_or(3600, |w| w.max_wait_secs);
            Duration::from_secs(secs)
        })
    }

    /// Runs a wait, with a progress line on stderr when it is a terminal.
    pub async fn progress<F: Future>(&self, waiter: &str, wait: F) -> F::Output {
        if !std::io::stderr().is_terminal() {
            return wait.await;
        }
        let start = Instant::now();
        let mut wait = std::pin::pin!(wait);
        let mut tick = tokio::time::interval(Duration::from_millis(500));
        let out = loop {
            tokio::select! {
                out = &mut wait => break out,
                _ = tick.tick() => {
                    let seen = super::debug::last_observed()
                        .map(|s| format!(", last status {s}"))
                        .unwrap_or_default();
                    eprint!(
                        "\r\x1b[2Kwaiting for {waiter}: {}s{seen}",
                        start.elapsed().as_secs()
                    );
                    let _ = std::io::stderr().flush();
                }
            }
        };
        eprint!("\r\x1b[2K");
        out
    }

    /// `--debug`: the request as it goes out, sensitive parameters as `***`.
    pub fn debug_request<O: Operation>(&self, request: &O, op: &OpSpec) {
        if !self.common.debug {
            return;
        }
        let Ok(client) = self.client() else {
            return; // the call reports the error
        };
        let mut body = QueryWriter::new();
        request.encode_query(&mut body);
        let runtime = client.runtime();
        eprintln!(
            "ncloud: debug: POST {}/{}?responseFormatType={}",
            runtime.base_url(),
            O::NAME,
            runtime.response_format().response_format_type()
        );
        eprintln!("ncloud: debug: body: {}", redact(body.as_str(), op));
    }

    /// Sends the request and prints the response.
    pub async fn print_sent<O: Operation>(&self, request: O) -> Result<(), CliError>
    where
        O::Output: XmlEncode,
    {
        let output = self.client()?.runtime().send(request).await?;
        self.print::<O>(&output)
    }

    /// `--all`: walks every page and prints one response holding every item.
    pub async fn print_all<O: Paginated>(&self, request: O) -> Result<(), CliError>
    where
        O::Output: XmlEncode,
    {
        let output = self
            .client()?
            .runtime()
            .paginate(request)
            .collect_all()
            .await?;
        self.print::<O>(&output)
    }

    /// Prints a wait's last response: the final state, or on a timeout (exit 3) and a failure
    /// state (exit 1) the last one seen.
    pub fn print_waited<P: Operation>(
        &self,
        waited: Result<P::Output, WaiterError<P::Output>>,
    ) -> Result<(), CliError>
    where
        P::Output: XmlEncode,
    {
        match waited {
            Ok(out) => self.print::<P>(&out),
            Err(e) => {
                let message = e.to_string();
                match e {
                    WaiterError::Timeout { last, .. } => {
                        if let Some(last) = last {
                            self.print::<P>(&last)?;
                        }
                        Err(CliError::wait_timeout(message))
                    }
                    WaiterError::FailureState { last, .. } => {
                        self.print::<P>(&last)?;
                        Err(CliError::failure(message))
                    }
                    WaiterError::NotStarted { error, .. }
                    | WaiterError::PollFailed { error, .. } => Err(error.into()),
                    _ => Err(CliError::failure(message)),
                }
            }
        }
    }

    fn print<O: Operation>(&self, out: &O::Output) -> Result<(), CliError>
    where
        O::Output: XmlEncode,
    {
        let text = match self.common.output {
            OutputFormat::Json => {
                let mut text = serde_json::to_string_pretty(&Rooted(O::RESPONSE_ROOT, out))
                    .map_err(|e| CliError::failure(format!("cannot write JSON: {e}")))?;
                text.push('\n');
                text
            }
            OutputFormat::Xml => {
                let mut text =
                    String::from_utf8(ncloud_runtime::encode_body::<O>(out, Format::Xml))
                        .map_err(|e| CliError::failure(format!("cannot write XML: {e}")))?;
                text.push('\n');
                text
            }
            OutputFormat::Table => {
                let value = serde_json::to_value(out)
                    .map_err(|e| CliError::failure(format!("cannot write the table: {e}")))?;
                output::table(&value, output::terminal_width())
            }
        };
        let mut stdout = std::io::stdout().lock();
        match stdout
            .write_all(text.as_bytes())
            .and_then(|()| stdout.flush())
        {
            // a closed pipe (`| head`) is the reader's choice, not a failure
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                Err(CliError::failure(format!("cannot write to stdout: {e}")))
            }
            _ => Ok(()),
        }
    }
}

/// `{"root": value}`, serialized straight from the value so its fields keep the API's order
/// (a `serde_json::Value` would sort them).
struct Rooted<'a, T>(&'a str, &'a T);

impl<T: serde::Serialize> serde::Serialize for Rooted<'_, T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        let mut map = s.serialize_map(Some(1))?;
        map.serialize_entry(self.0, self.1)?;
        map.end()
    }
}

/// The form body with the values of sensitive parameters (and of their list items) as `***`.
fn redact(body: &str, op: &OpSpec) -> String {
    body.split('&')
        .map(|pair| {
            let (name, _) = pair.split_once('=').unwrap_or((pair, ""));
            let base = name.split('.').next().unwrap_or(name);
            let secret = op.params.iter().any(|p| p.sensitive && p.name == base);
            if secret {
                format!("{name}=***")
            } else {
                pair.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("&")
}
