//! The credential sources and the default chain, with injected environments and temporary home
//! directories (the process environment is never changed), and the rule that secrets never
//! show up in `Debug`, `Display` or errors.

mod common;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use common::{MockGateway, detail, within};
use ncloud_vserver::Error;
use ncloud_vserver::runtime::client::Environment;
use ncloud_vserver::runtime::client::credentials::{
    ConfigFileCredentials, CredentialsErrorKind, DefaultCredentialsChain, EnvironmentCredentials,
    ProvideCredentials,
};
use ncloud_vserver::{Client, Credentials};

/// A fresh directory under the system temp dir, removed on drop.
struct TempHome(PathBuf);

impl TempHome {
    fn new() -> Self {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "ncloud-vserver-test-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    fn with_config(text: &str) -> Self {
        let home = Self::new();
        std::fs::create_dir_all(home.0.join(".ncloud")).unwrap();
        std::fs::write(home.0.join(".ncloud/configure"), text).unwrap();
        home
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempHome {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const FILE_SECRET: &str = "file-SECRET-0000000000000000000001";
const ENV_SECRET: &str = "env-SECRET-0000000000000000000002";

fn cli_file() -> String {
    format!(
        "[DEFAULT]\nncloud_access_key_id = FILEKEY\nncloud_secret_access_key = {FILE_SECRET}\nncloud_api_url = https://ncloud.apigw.ntruss.com\n"
    )
}

fn env_with(home: &TempHome, vars: &[(&str, &str)]) -> Environment {
    Environment::from_vars(vars.iter().map(|(k, v)| (k.to_string(), v.to_string())))
        .with_home_dir(home.path())
}

fn assert_no_secret(text: &str) {
    for secret in [FILE_SECRET, ENV_SECRET, common::SECRET_KEY] {
        assert!(!text.contains(secret), "secret leaked: {text}");
    }
}

#[test]
fn environment_comes_before_the_file() {
    let home = TempHome::with_config(&cli_file());
    let env = env_with(
        &home,
        &[
            ("NCLOUD_ACCESS_KEY_ID", "ENVKEY"),
            ("NCLOUD_SECRET_ACCESS_KEY", ENV_SECRET),
        ],
    );
    let creds = DefaultCredentialsChain::new(env)
        .provide_credentials()
        .unwrap();
    assert_eq!(creds.access_key(), "ENVKEY");
    assert!(
        creds.source().starts_with("environment"),
        "{}",
        creds.source()
    );
    assert_no_secret(&format!("{creds:?}"));
}

#[test]
fn alternative_variable_names_are_honoured() {
    let home = TempHome::new();
    let env = env_with(
        &home,
        &[
            ("NCLOUD_ACCESS_KEY", "ALTKEY"),
            ("NCLOUD_SECRET_KEY", ENV_SECRET),
        ],
    );
    let creds = DefaultCredentialsChain::new(env)
        .provide_credentials()
        .unwrap();
    assert_eq!(creds.access_key(), "ALTKEY");
}

#[test]
fn the_file_is_used_when_the_environment_has_nothing() {
    let home = TempHome::with_config(&cli_file());
    let env = env_with(&home, &[("NCLOUD_ACCESS_KEY_ID", "  ")]);
    let creds = DefaultCredentialsChain::new(env)
        .provide_credentials()
        .unwrap();
    assert_eq!(creds.access_key(), "FILEKEY");
    let expected = home.path().join(".ncloud/configure");
    assert_eq!(creds.source(), format!("file {}", expected.display()));
}

#[test]
fn nothing_found_says_where_it_looked() {
    let home = TempHome::new();
    let err = DefaultCredentialsChain::new(env_with(&home, &[]))
        .provide_credentials()
        .unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::NotFound);
    assert_eq!(err.looked_in().len(), 2, "{err}");
    let text = err.to_string();
    for place in [
        "NCLOUD_ACCESS_KEY_ID",
        "NCLOUD_ACCESS_KEY",
        "NCLOUD_SECRET_ACCESS_KEY",
        "NCLOUD_SECRET_KEY",
        &home.path().join(".ncloud/configure").display().to_string(),
    ] {
        assert!(text.contains(place), "{place} missing from: {text}");
    }

    // Through the client builder it is an Error::Credentials with the same message.
    let err = Client::builder()
        .environment(env_with(&home, &[]))
        .build()
        .unwrap_err();
    let Error::Credentials(e) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(e.kind(), CredentialsErrorKind::NotFound);
    assert!(err.to_string().contains("looked in"), "{err}");
}

#[test]
fn no_home_directory_is_reported() {
    let env = Environment::from_vars(Vec::<(String, String)>::new()).without_home_dir();
    let err = DefaultCredentialsChain::new(env)
        .provide_credentials()
        .unwrap_err();
    assert!(err.to_string().contains("no home directory"), "{err}");
}

#[test]
fn half_configured_environment_stops_the_chain() {
    let home = TempHome::with_config(&cli_file());
    let env = env_with(&home, &[("NCLOUD_ACCESS_KEY_ID", "ENVKEY")]);
    let err = DefaultCredentialsChain::new(env)
        .provide_credentials()
        .unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::Incomplete);
    assert!(
        err.to_string().contains("NCLOUD_SECRET_ACCESS_KEY"),
        "{err}"
    );
}

#[test]
fn half_configured_file_is_an_error_without_the_secret() {
    let home = TempHome::with_config(&format!("ncloud_secret_access_key={FILE_SECRET}\n"));
    let err = ConfigFileCredentials::in_home(&env_with(&home, &[]))
        .provide_credentials()
        .unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::Incomplete);
    assert_no_secret(&err.to_string());
    assert_no_secret(&format!("{err:?}"));
}

#[test]
fn unreadable_file_is_reported() {
    let home = TempHome::new();
    // A directory where the file should be cannot be read as text.
    std::fs::create_dir_all(home.path().join(".ncloud/configure")).unwrap();
    let err = ConfigFileCredentials::in_home(&env_with(&home, &[]))
        .provide_credentials()
        .unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::Unreadable, "{err}");
    assert!(std::error::Error::source(&err).is_some());
}

#[test]
fn explicit_file_path_and_environment_provider() {
    let home = TempHome::with_config(&cli_file());
    let provider = ConfigFileCredentials::new(home.path().join(".ncloud/configure"));
    assert_eq!(
        provider.provide_credentials().unwrap().access_key(),
        "FILEKEY"
    );

    let env = env_with(
        &home,
        &[
            ("NCLOUD_ACCESS_KEY_ID", "E"),
            ("NCLOUD_SECRET_KEY", ENV_SECRET),
        ],
    );
    let creds = EnvironmentCredentials::new(env)
        .provide_credentials()
        .unwrap();
    assert_eq!(creds.access_key(), "E");
}

#[test]
fn secrets_never_appear_in_debug_output() {
    let home = TempHome::with_config(&cli_file());
    let env = env_with(
        &home,
        &[
            ("NCLOUD_SECRET_KEY", ENV_SECRET),
            ("NCLOUD_ACCESS_KEY", "K"),
        ],
    );
    let creds = Credentials::new("AK", ENV_SECRET);
    let builder = Client::builder()
        .environment(env.clone())
        .credentials(creds.clone());
    let client = Client::builder().environment(env.clone()).build().unwrap();
    for text in [
        format!("{creds:?}"),
        format!("{env:?}"),
        format!("{builder:?}"),
        format!("{client:?}"),
        format!("{:?}", DefaultCredentialsChain::new(env.clone())),
        format!(
            "{:?}",
            DefaultCredentialsChain::new(env)
                .provide_credentials()
                .unwrap()
        ),
    ] {
        assert_no_secret(&text);
    }
}

#[tokio::test]
async fn client_signs_with_credentials_from_the_file_and_gateway_from_env() {
    within(async {
        let mock = MockGateway::start(vec![]).await;
        let home = TempHome::with_config(&format!(
            "[DEFAULT]\nncloud_access_key_id={}\nncloud_secret_access_key={}\n",
            common::ACCESS_KEY,
            common::SECRET_KEY
        ));
        let gateway = format!("{}/", mock.url());
        let env = env_with(&home, &[("NCLOUD_API_GW", &gateway)]);
        let client = Client::builder()
            .environment(env)
            .http_client(common::http())
            .build()
            .unwrap();
        assert_eq!(client.base_url(), format!("{}/vserver/v2", mock.url()));
        client.send(detail("42")).await.unwrap();
        assert!(mock.seen()[0].signature_ok);
    })
    .await
}
