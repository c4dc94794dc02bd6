//! The hand-written frame of `ncloud`: the common flags, configuration, output and exit codes.
//! Everything per operation is in the generated command tree
//! ([`OPERATIONS`](crate::generated::commands::OPERATIONS)); this module reads its tables.

mod args;
mod config;
mod ctx;
mod debug;
mod input;
mod output;
mod syntax;

pub use args::main;
pub use ctx::Ctx;
pub use input::Input;

use std::fmt;
use std::process::ExitCode;

/// One operation of the generated table.
#[derive(Debug)]
pub struct OpSpec {
    /// The API's operation name: `getServerInstanceList`.
    pub name: &'static str,
    /// One-line summary.
    pub summary: &'static str,
    /// The spec's description.
    pub description: &'static str,
    /// Whether `--all` can walk its pages.
    pub paged: bool,
    /// The parameters in spec order.
    pub params: &'static [ParamSpec],
    /// The waiters `--wait` can run after it.
    pub waits: &'static [WaitSpec],
}

impl OpSpec {
    /// The parameter with API name `name`.
    pub fn param(&self, name: &str) -> Option<&'static ParamSpec> {
        self.params.iter().find(|p| p.name == name)
    }
}

/// One request parameter.
#[derive(Debug)]
pub struct ParamSpec {
    /// The API name, also the flag: `--serverInstanceNoList`.
    pub name: &'static str,
    /// Help: the description, the checks, the unit, the default.
    pub help: &'static str,
    /// The value type (of each item, for a list).
    pub kind: ValueKind,
    /// An NCP list (`name.1`, `name.2`, ...).
    pub list: bool,
    /// A secret: `--debug` shows it as `***`.
    pub sensitive: bool,
    /// The known codes of an enum (any other code is accepted too).
    pub values: &'static [&'static str],
    /// For a list of structs: each field's API name and value type.
    pub fields: &'static [(&'static str, FieldKind)],
}

/// The value type of a parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueKind {
    /// Text.
    String,
    /// A 32-bit integer.
    Int32,
    /// A 64-bit integer.
    Int64,
    /// `true` / `false`.
    Bool,
    /// A code: the known ones are listed, any is accepted.
    Enum,
    /// A struct (list items), written in NCP CLI's `key='v', ...` form.
    Object,
}

/// The value type of a struct item's field.
// The generator emits every kind a request item's field can have; the vserver spec's items
// have no floats and no nested structs.
#[allow(dead_code)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    /// Text (codes too).
    String,
    /// An integer.
    Int,
    /// A floating point number.
    Float,
    /// `true` / `false`.
    Bool,
    /// A list of values of the inner kind.
    List(&'static FieldKind),
    /// Passed on as written.
    Other,
}

/// A waiter `--wait` can run.
#[derive(Debug)]
pub struct WaitSpec {
    /// Its name: `serverInstanceRunning`.
    pub name: &'static str,
    /// Its default maximum wait.
    pub max_wait_secs: u64,
    /// What it waits for.
    pub description: &'static str,
}

/// Why `ncloud` stops: the message for stderr and the exit code.
#[derive(Debug)]
pub struct CliError {
    code: u8,
    message: String,
}

/// Exit code of an API, gateway, transport or decode error.
pub const EXIT_API: u8 = 1;
/// Exit code of a usage error: nothing was sent.
pub const EXIT_USAGE: u8 = 2;
/// Exit code of a wait that passed its maximum.
pub const EXIT_WAIT_TIMEOUT: u8 = 3;

impl CliError {
    /// A usage error (exit 2).
    pub fn usage(message: impl Into<String>) -> Self {
        Self {
            code: EXIT_USAGE,
            message: message.into(),
        }
    }

    /// A parameter the builder's checks reject (exit 2).
    pub fn invalid(e: ncloud_runtime::InvalidRequest) -> Self {
        Self::usage(format!("invalid request: {e}"))
    }

    /// Any other failure (exit 1).
    pub fn failure(message: impl Into<String>) -> Self {
        Self {
            code: EXIT_API,
            message: message.into(),
        }
    }

    /// A wait that ran out of time (exit 3).
    pub fn wait_timeout(message: impl Into<String>) -> Self {
        Self {
            code: EXIT_WAIT_TIMEOUT,
            message: message.into(),
        }
    }

    /// The exit code.
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(self.code)
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<ncloud_runtime::Error> for CliError {
    /// The library's error in words with the fields scripts grep for: the API's return code
    /// and message, the gateway's error code, the HTTP status and the request id.
    fn from(e: ncloud_runtime::Error) -> Self {
        use ncloud_runtime::Error;
        if let Error::InvalidRequest(invalid) = e {
            return Self::invalid(invalid);
        }
        let mut message = match &e {
            Error::Api(api) => format!(
                "API error {}: {}",
                api.return_code().unwrap_or("(no code)"),
                api.return_message().unwrap_or("(no message)")
            ),
            Error::Gateway(gw) => format!(
                "gateway error {}: {}",
                gw.error_code().unwrap_or("(no code)"),
                gw.message().unwrap_or("(no message)")
            ),
            other => other.to_string(),
        };
        if let Some(status) = e.status() {
            message.push_str(&format!(" (HTTP {status})"));
        }
        if let Some(id) = e.request_id() {
            message.push_str(&format!(" (request id {id})"));
        }
        Self::failure(message)
    }
}
