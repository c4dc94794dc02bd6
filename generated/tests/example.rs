//! The `get_server_image_detail` example's contract, run as a child process against the mock
//! gateway: pretty JSON with the API's field names on stdout and exit status 0, or the error on
//! stderr and exit status 1. Configuration goes through the child's environment only.
//!
//! `cargo test` builds the examples before running tests; when the binary is absent (a run
//! limited to other targets), the test says so and passes without checking.

mod common;

use std::path::PathBuf;
use std::process::{Command, Output};

use common::{ACCESS_KEY, MockGateway, SECRET_KEY, within};

fn example_binary() -> Option<PathBuf> {
    // target/<profile>/deps/example-<hash> -> target/<profile>/examples/get_server_image_detail
    let exe = std::env::current_exe().ok()?;
    let profile_dir = exe.parent()?.parent()?;
    let name = format!("get_server_image_detail{}", std::env::consts::EXE_SUFFIX);
    let path = profile_dir.join("examples").join(name);
    path.is_file().then_some(path)
}

async fn run(gateway: &str, secret: &str, args: &[&str]) -> Option<Output> {
    let binary = example_binary()?;
    let home = std::env::temp_dir().join(format!("ncloud-vserver-example-{}", std::process::id()));
    let mut cmd = Command::new(binary);
    cmd.args(args)
        .env_clear()
        .env("NCLOUD_API_GW", gateway)
        .env("NCLOUD_ACCESS_KEY_ID", ACCESS_KEY)
        .env("NCLOUD_SECRET_ACCESS_KEY", secret)
        .env("HOME", &home)
        .env("NO_PROXY", "127.0.0.1");
    Some(
        tokio::task::spawn_blocking(move || cmd.output().unwrap())
            .await
            .unwrap(),
    )
}

#[tokio::test]
async fn example_prints_pretty_json_with_api_field_names() {
    within(async {
        let mock = MockGateway::start(vec![]).await;
        for format in ["xml", "json"] {
            let Some(out) = run(
                &mock.url(),
                SECRET_KEY,
                &["5847", "--region-code", "KR", "--format", format],
            )
            .await
            else {
                eprintln!("skipped: the example binary is not built (run the whole `cargo test`)");
                return;
            };
            let stdout = String::from_utf8(out.stdout).unwrap();
            assert!(
                out.status.success(),
                "{format}: {:?}\nstderr: {}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            );
            let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
            assert_eq!(
                json["serverImageList"][0]["serverImageNo"], "5847",
                "{stdout}"
            );
            assert_eq!(json["returnCode"], "0");
            assert_eq!(
                json["serverImageList"][0]["blockStorageMappingList"][0]["blockStorageSize"],
                53_687_091_200_i64
            );
            assert!(stdout.contains("\n  \""), "pretty-printed: {stdout}");
        }
        let seen = mock.seen();
        assert!(seen.iter().all(|s| s.signature_ok));
        assert!(
            seen[0]
                .target
                .ends_with("regionCode=KR&serverImageNo=5847&responseFormatType=xml")
        );
        assert!(seen[1].target.ends_with("&responseFormatType=json"));
    })
    .await
}

#[tokio::test]
async fn example_reports_errors_on_stderr_with_exit_status_1() {
    within(async {
        let mock = MockGateway::start(vec![]).await;
        let Some(out) = run(&mock.url(), "wrong-secret", &["5847"]).await else {
            eprintln!("skipped: the example binary is not built (run the whole `cargo test`)");
            return;
        };
        assert_eq!(out.status.code(), Some(1));
        assert!(out.stdout.is_empty());
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.contains("Authentication Failed"), "{stderr}");
        assert!(!stderr.contains("wrong-secret"), "{stderr}");

        // Usage errors too.
        let out = run(&mock.url(), SECRET_KEY, &["--format", "yaml", "1"])
            .await
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&out.stderr).contains("--format"));
        let out = run(&mock.url(), SECRET_KEY, &[]).await.unwrap();
        assert_eq!(out.status.code(), Some(1));
    })
    .await
}
