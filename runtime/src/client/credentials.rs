//! Access keys, and where the client finds them.
//!
//! Sources, as NCP's own tools use them: explicit [`Credentials`]; the environment
//! (`NCLOUD_ACCESS_KEY_ID` or `NCLOUD_ACCESS_KEY`, with `NCLOUD_SECRET_ACCESS_KEY` or
//! `NCLOUD_SECRET_KEY`); the file `~/.ncloud/configure` that the NCP CLI writes; and the
//! [`DefaultCredentialsChain`], which tries the environment and then the file.
//!
//! Two rules hold throughout:
//! - the secret key never appears in `Debug` or `Display` output, nor in any error;
//! - a source that is half configured (an access key without a secret or the reverse) is an
//!   error, not a reason to fall through to the next source: mixing keys from two places would
//!   produce confusing authentication failures later.
//!
//! Providers read the environment through [`Environment`], so tests can inject variables and a
//! home directory instead of changing the process environment.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use super::environment::Environment;

/// Environment variables that may hold the access key, in order of preference.
pub const ACCESS_KEY_ENV: [&str; 2] = ["NCLOUD_ACCESS_KEY_ID", "NCLOUD_ACCESS_KEY"];
/// Environment variables that may hold the secret key, in order of preference.
pub const SECRET_KEY_ENV: [&str; 2] = ["NCLOUD_SECRET_ACCESS_KEY", "NCLOUD_SECRET_KEY"];
/// The credentials file, relative to the home directory.
pub const CONFIG_FILE: &str = ".ncloud/configure";
/// The key of the access key in the credentials file.
pub const FILE_ACCESS_KEY: &str = "ncloud_access_key_id";
/// The key of the secret key in the credentials file.
pub const FILE_SECRET_KEY: &str = "ncloud_secret_access_key";

/// An NCP API access key and its secret key.
///
/// `Debug` shows the access key (it is sent in a request header anyway) and where the pair came
/// from, never the secret key; there is no `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key: String,
    secret_key: String,
    source: String,
}

impl Credentials {
    /// Explicit credentials.
    pub fn new(access_key: impl Into<String>, secret_key: impl Into<String>) -> Self {
        Self::with_source(access_key, secret_key, "explicit credentials")
    }

    fn with_source(
        access_key: impl Into<String>,
        secret_key: impl Into<String>,
        source: impl Into<String>,
    ) -> Self {
        Self {
            access_key: access_key.into(),
            secret_key: secret_key.into(),
            source: source.into(),
        }
    }

    /// The access key (sent as `x-ncp-iam-access-key`).
    pub fn access_key(&self) -> &str {
        &self.access_key
    }

    /// Where these credentials came from, e.g. `environment variables NCLOUD_ACCESS_KEY_ID,
    /// NCLOUD_SECRET_ACCESS_KEY` or `file /home/me/.ncloud/configure`.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The secret key; only the signer needs it.
    pub(crate) fn secret_key(&self) -> &str {
        &self.secret_key
    }

    /// Checks that the pair can be used: both keys non-empty, the access key fit for an HTTP
    /// header. The message never repeats either key (a secret pasted into the wrong place would
    /// otherwise end up in logs).
    pub(crate) fn validate(&self) -> Result<(), CredentialsError> {
        let invalid = |what: &str| {
            CredentialsError::new(
                CredentialsErrorKind::Invalid,
                format!("the credentials from {} are unusable: {what}", self.source),
            )
        };
        if self.access_key.trim().is_empty() {
            return Err(invalid("the access key is empty"));
        }
        if self.secret_key.is_empty() {
            return Err(invalid("the secret key is empty"));
        }
        if !self.access_key.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(invalid(
                "the access key contains characters that cannot be sent in an HTTP header",
            ));
        }
        Ok(())
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key", &self.access_key)
            .field("secret_key", &"<redacted>")
            .field("source", &self.source)
            .finish()
    }
}

/// Something that can produce [`Credentials`]: explicit ones, the environment, the credentials
/// file, or a chain of these. The client asks once, when it is built.
pub trait ProvideCredentials: fmt::Debug + Send + Sync {
    /// Returns the credentials, or an error saying what was looked at.
    ///
    /// A provider that finds nothing returns an error of kind
    /// [`CredentialsErrorKind::NotFound`]; a chain then tries its next source.
    fn provide_credentials(&self) -> Result<Credentials, CredentialsError>;
}

impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
        Ok(self.clone())
    }
}

/// Reads `NCLOUD_ACCESS_KEY_ID` (or `NCLOUD_ACCESS_KEY`) and `NCLOUD_SECRET_ACCESS_KEY` (or
/// `NCLOUD_SECRET_KEY`); the first name of each pair wins when both are set.
#[derive(Clone, Debug, Default)]
pub struct EnvironmentCredentials {
    env: Environment,
}

impl EnvironmentCredentials {
    /// Reads the variables from `env`.
    pub fn new(env: Environment) -> Self {
        Self { env }
    }

    fn first_set(&self, names: &[&'static str]) -> Option<(&'static str, String)> {
        names
            .iter()
            .find_map(|name| self.env.var(name).map(|value| (*name, value)))
    }
}

impl ProvideCredentials for EnvironmentCredentials {
    fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
        let access = self.first_set(&ACCESS_KEY_ENV);
        let secret = self.first_set(&SECRET_KEY_ENV);
        let access_names = ACCESS_KEY_ENV.join(" or ");
        let secret_names = SECRET_KEY_ENV.join(" or ");
        match (access, secret) {
            (Some((access_name, access_key)), Some((secret_name, secret_key))) => {
                Ok(Credentials::with_source(
                    access_key,
                    secret_key,
                    format!("environment variables {access_name}, {secret_name}"),
                ))
            }
            (Some((access_name, _)), None) => Err(CredentialsError::new(
                CredentialsErrorKind::Incomplete,
                format!("{access_name} is set but neither {secret_names} is"),
            )),
            (None, Some((secret_name, _))) => Err(CredentialsError::new(
                CredentialsErrorKind::Incomplete,
                format!("{secret_name} is set but neither {access_names} is"),
            )),
            (None, None) => Err(CredentialsError::not_found(vec![format!(
                "environment variables {access_names} and {secret_names} (not set)"
            )])),
        }
    }
}

/// Reads the properties file `~/.ncloud/configure` written by the NCP CLI:
///
/// ```text
/// [DEFAULT]
/// ncloud_access_key_id = ...
/// ncloud_secret_access_key = ...
/// ```
///
/// Lines are `key = value` (or `key: value`; spaces around the separator are ignored), keys are
/// matched case-insensitively, lines starting with `#`, `!` or `;` are comments. Keys before any
/// `[section]` header and in `[DEFAULT]` are read; other sections are ignored. The value is the
/// rest of the line (trimmed), so a secret may contain `#` or `=`.
#[derive(Clone, Debug)]
pub struct ConfigFileCredentials {
    path: Option<PathBuf>,
    /// The `[section]` to read; `None` reads `[DEFAULT]` and the keys before any section.
    profile: Option<String>,
}

impl ConfigFileCredentials {
    /// Reads the file at `path`.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self {
            path: Some(path.into()),
            profile: None,
        }
    }

    /// Reads the `[name]` section instead of `[DEFAULT]` (a named profile, as the NCP CLI's
    /// `--profile` picks one); `DEFAULT` (any case) is the default section. Keys outside the
    /// section are not read, so a profile never borrows half its keys from another.
    pub fn with_profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    /// Reads `.ncloud/configure` in the home directory of `env` (nothing, if it has none).
    pub fn in_home(env: &Environment) -> Self {
        Self {
            path: env.home_dir().map(|home| home.join(CONFIG_FILE)),
            profile: None,
        }
    }

    /// The file this provider reads, if there is a home directory to find it in.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }
}

impl Default for ConfigFileCredentials {
    /// The file in the process's home directory.
    fn default() -> Self {
        Self::in_home(&Environment::process())
    }
}

impl ProvideCredentials for ConfigFileCredentials {
    fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
        let Some(path) = &self.path else {
            return Err(CredentialsError::not_found(vec![format!(
                "file ~/{CONFIG_FILE} (no home directory: HOME is not set)"
            )]));
        };
        let shown = path.display();
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(CredentialsError::not_found(vec![format!(
                    "file {shown} (not found)"
                )]));
            }
            Err(e) => {
                let mut err = CredentialsError::new(
                    CredentialsErrorKind::Unreadable,
                    format!("cannot read the credentials file {shown}: {e}"),
                );
                err.source = Some(e);
                return Err(err);
            }
        };
        let parsed = match &self.profile {
            Some(profile) => parse_config_section(&text, profile),
            None => parse_config(&text),
        };
        match (parsed.access_key, parsed.secret_key) {
            (Some(access_key), Some(secret_key)) => Ok(Credentials::with_source(
                access_key,
                secret_key,
                format!("file {shown}"),
            )),
            (Some(_), None) => Err(CredentialsError::new(
                CredentialsErrorKind::Incomplete,
                format!(
                    "the credentials file {shown} has {FILE_ACCESS_KEY} but no {FILE_SECRET_KEY}"
                ),
            )),
            (None, Some(_)) => Err(CredentialsError::new(
                CredentialsErrorKind::Incomplete,
                format!(
                    "the credentials file {shown} has {FILE_SECRET_KEY} but no {FILE_ACCESS_KEY}"
                ),
            )),
            (None, None) => Err(CredentialsError::not_found(vec![match &self.profile {
                Some(profile) => format!(
                    "file {shown} (no {FILE_ACCESS_KEY} / {FILE_SECRET_KEY} in [{profile}])"
                ),
                None => format!(
                    "file {shown} (no {FILE_ACCESS_KEY} / {FILE_SECRET_KEY} before any section or in [DEFAULT])"
                ),
            }])),
        }
    }
}

/// The keys found in a credentials file.
#[derive(Default, PartialEq, Eq)]
pub(crate) struct ConfigFile {
    pub(crate) access_key: Option<String>,
    pub(crate) secret_key: Option<String>,
}

impl fmt::Debug for ConfigFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConfigFile")
            .field("access_key", &self.access_key)
            .field(
                "secret_key",
                &self.secret_key.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

/// Parses the properties text of a credentials file (see [`ConfigFileCredentials`]). Later lines
/// win over earlier ones; blank values count as absent.
pub(crate) fn parse_config(text: &str) -> ConfigFile {
    parse_config_section(text, "DEFAULT")
}

/// Like [`parse_config`], reading the section `profile` (case-insensitive); the keys before any
/// section header belong to `DEFAULT`.
pub(crate) fn parse_config_section(text: &str, profile: &str) -> ConfigFile {
    let mut out = ConfigFile::default();
    let mut in_default = profile.eq_ignore_ascii_case("DEFAULT");
    for line in text.trim_start_matches('\u{feff}').lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with(['#', '!', ';']) {
            continue;
        }
        if let Some(section) = line.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
            in_default = section.trim().eq_ignore_ascii_case(profile);
            continue;
        }
        if !in_default {
            continue;
        }
        let Some(split) = line.find(['=', ':']) else {
            continue;
        };
        let key = line[..split].trim();
        let value = line[split + 1..].trim();
        let slot = if key.eq_ignore_ascii_case(FILE_ACCESS_KEY) {
            &mut out.access_key
        } else if key.eq_ignore_ascii_case(FILE_SECRET_KEY) {
            &mut out.secret_key
        } else {
            continue;
        };
        *slot = (!value.is_empty()).then(|| value.to_owned());
    }
    out
}

/// The default order: [`EnvironmentCredentials`], then [`ConfigFileCredentials`] in the home
/// directory. The first source that has credentials wins; a half-configured source stops the
/// search with an error; when no source has any, the error lists every place looked at.
#[derive(Clone, Debug, Default)]
pub struct DefaultCredentialsChain {
    env: EnvironmentCredentials,
    file: ConfigFileCredentials,
}

impl DefaultCredentialsChain {
    /// The chain reading variables and the home directory from `env`.
    pub fn new(env: Environment) -> Self {
        Self {
            file: ConfigFileCredentials::in_home(&env),
            env: EnvironmentCredentials::new(env),
        }
    }
}

impl ProvideCredentials for DefaultCredentialsChain {
    fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
        let sources: [&dyn ProvideCredentials; 2] = [&self.env, &self.file];
        let mut looked_in = Vec::new();
        for source in sources {
            match source.provide_credentials() {
                Err(e) if e.kind == CredentialsErrorKind::NotFound => {
                    looked_in.extend(e.looked_in);
                }
                other => return other,
            }
        }
        Err(CredentialsError::not_found(looked_in))
    }
}

/// What went wrong while looking for credentials.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CredentialsErrorKind {
    /// No source had any credentials.
    NotFound,
    /// A source had an access key without a secret key, or the reverse.
    Incomplete,
    /// The credentials file exists but could not be read.
    Unreadable,
    /// The credentials found cannot be used (empty, or not sendable in a header).
    Invalid,
}

/// No usable credentials. The message says where the client looked; it never contains a key.
#[derive(Debug)]
pub struct CredentialsError {
    kind: CredentialsErrorKind,
    message: String,
    looked_in: Vec<String>,
    source: Option<io::Error>,
}

impl CredentialsError {
    fn new(kind: CredentialsErrorKind, message: String) -> Self {
        Self {
            kind,
            message,
            looked_in: Vec::new(),
            source: None,
        }
    }

    fn not_found(looked_in: Vec<String>) -> Self {
        Self {
            looked_in,
            ..Self::new(
                CredentialsErrorKind::NotFound,
                "no NCP API credentials found".to_owned(),
            )
        }
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> CredentialsErrorKind {
        self.kind
    }

    /// The places looked at without finding anything, in order (for
    /// [`CredentialsErrorKind::NotFound`]).
    pub fn looked_in(&self) -> &[String] {
        &self.looked_in
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if !self.looked_in.is_empty() {
            write!(f, "; looked in: {}", self.looked_in.join("; "))?;
        }
        Ok(())
    }
}

impl std::error::Error for CredentialsError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_ref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> (Option<String>, Option<String>) {
        let c = parse_config(text);
        (c.access_key, c.secret_key)
    }

    fn both(a: &str, s: &str) -> (Option<String>, Option<String>) {
        (Some(a.to_owned()), Some(s.to_owned()))
    }

    /// `--profile`: only the named section counts; keys before any header are DEFAULT's.
    #[test]
    fn a_profile_reads_its_own_section_only() {
        let text = "ncloud_access_key_id = TOP\nncloud_secret_access_key = TOPS\n\
                    [prod]\nncloud_access_key_id = AKP\nncloud_secret_access_key = SKP\n\
                    [half]\nncloud_access_key_id = AKH\n[DEFAULT]\nncloud_access_key_id = AKD\n";
        let section = |name: &str| {
            let c = parse_config_section(text, name);
            (c.access_key, c.secret_key)
        };
        assert_eq!(section("prod"), both("AKP", "SKP"));
        assert_eq!(section("PROD"), both("AKP", "SKP"));
        assert_eq!(section("half"), (Some("AKH".to_owned()), None));
        assert_eq!(section("default"), both("AKD", "TOPS"));
        assert_eq!(section("none"), (None, None));
        let dir = std::env::temp_dir().join(format!("ncloud-profile-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("configure");
        std::fs::write(&path, text).unwrap();
        let creds = ConfigFileCredentials::new(&path).with_profile("prod");
        assert_eq!(creds.provide_credentials().unwrap().access_key(), "AKP");
        let missing = ConfigFileCredentials::new(&path).with_profile("nope");
        let err = missing.provide_credentials().unwrap_err();
        assert_eq!(err.kind(), CredentialsErrorKind::NotFound);
        assert!(
            err.looked_in()[0].contains("[nope]"),
            "{:?}",
            err.looked_in()
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn parses_cli_file_with_default_header() {
        let text = "[DEFAULT]\nncloud_access_key_id = AK1\nncloud_secret_access_key = SK1\nncloud_api_url = https://ncloud.apigw.ntruss.com\n";
        assert_eq!(parsed(text), both("AK1", "SK1"));
    }

    #[test]
    fn parses_without_header_and_with_odd_spacing() {
        let text = "ncloud_access_key_id=AK2\n  ncloud_secret_access_key   =\tSK2  \r\n";
        assert_eq!(parsed(text), both("AK2", "SK2"));
        let text = "NCLOUD_ACCESS_KEY_ID: AK3\nncloud_secret_access_key :SK3";
        assert_eq!(parsed(text), both("AK3", "SK3"));
    }

    #[test]
    fn skips_comments_blank_lines_and_bom() {
        let text = "\u{feff}# written by the CLI\n! also a comment\n; and this\n\n[DEFAULT]\n#ncloud_access_key_id = OLD\nncloud_access_key_id = AK4\nncloud_secret_access_key = SK4\n";
        assert_eq!(parsed(text), both("AK4", "SK4"));
    }

    #[test]
    fn value_is_the_rest_of_the_line() {
        let text = "ncloud_access_key_id = AK5\nncloud_secret_access_key = a=b#c:d\n";
        assert_eq!(parsed(text), both("AK5", "a=b#c:d"));
    }

    #[test]
    fn only_default_section_and_top_level_count() {
        let text = "[other]\nncloud_access_key_id = NO\nncloud_secret_access_key = NO\n[ default ]\nncloud_access_key_id = AK6\n[other]\nncloud_secret_access_key = NO\n[DEFAULT]\nncloud_secret_access_key = SK6\n";
        assert_eq!(parsed(text), both("AK6", "SK6"));
        assert_eq!(
            parsed("[profile]\nncloud_access_key_id = NO\n"),
            (None, None)
        );
    }

    #[test]
    fn later_lines_win_and_blank_values_are_absent() {
        let text =
            "ncloud_access_key_id = A\nncloud_access_key_id = B\nncloud_secret_access_key =\n";
        assert_eq!(parsed(text), (Some("B".to_owned()), None));
    }

    #[test]
    fn garbage_lines_are_ignored() {
        let text = "just words\n[unterminated\nncloud_access_key_id = AK7\nncloud_secret_access_key = SK7\n";
        // "[unterminated" is not a header, and has no separator: ignored.
        assert_eq!(parsed(text), both("AK7", "SK7"));
    }

    #[test]
    fn config_file_debug_redacts_secret() {
        let c = parse_config("ncloud_secret_access_key = TOPSECRET\n");
        assert!(!format!("{c:?}").contains("TOPSECRET"));
    }

    #[test]
    fn env_prefers_first_names_and_reports_half_configuration() {
        let env = Environment::from_vars([
            ("NCLOUD_ACCESS_KEY_ID", "A1"),
            ("NCLOUD_ACCESS_KEY", "A2"),
            ("NCLOUD_SECRET_ACCESS_KEY", "S1"),
            ("NCLOUD_SECRET_KEY", "S2"),
        ]);
        let c = EnvironmentCredentials::new(env)
            .provide_credentials()
            .unwrap();
        assert_eq!((c.access_key(), c.secret_key()), ("A1", "S1"));

        let env =
            Environment::from_vars([("NCLOUD_ACCESS_KEY", "A2"), ("NCLOUD_SECRET_KEY", "S2")]);
        let c = EnvironmentCredentials::new(env)
            .provide_credentials()
            .unwrap();
        assert_eq!((c.access_key(), c.secret_key()), ("A2", "S2"));
        assert_eq!(
            c.source(),
            "environment variables NCLOUD_ACCESS_KEY, NCLOUD_SECRET_KEY"
        );

        let env = Environment::from_vars([("NCLOUD_SECRET_KEY", "S2-secret")]);
        let e = EnvironmentCredentials::new(env)
            .provide_credentials()
            .unwrap_err();
        assert_eq!(e.kind(), CredentialsErrorKind::Incomplete);
        assert!(!e.to_string().contains("S2-secret"), "{e}");
    }

    #[test]
    fn validation() {
        assert!(Credentials::new("ak", "sk").validate().is_ok());
        for (a, s) in [("", "sk"), ("ak", ""), ("a k", "sk"), ("ak\n", "sk")] {
            let e = Credentials::new(a, s).validate().unwrap_err();
            assert_eq!(e.kind(), CredentialsErrorKind::Invalid);
        }
    }
}
