//! The examples' contract (`get_server_image_detail`, `get_server_image_list`,
//! `get_region_list`), each run as a child process against the mock gateway: pretty JSON with
//! the API's field names on stdout and exit status 0, or the error on stderr and exit status 1.
//! Configuration goes through the child's environment only.
//!
//! `cargo test` builds the examples before running tests; when the binary is absent (a run
//! limited to other targets), the test says so and passes without checking.

mod common;

use std::path::PathBuf;
use std::process::{Command, Output};

use common::{ACCESS_KEY, Catalog, MockGateway, REGIONS, SECRET_KEY, image_no, within};

const DETAIL: &str = "get_server_image_detail";
const LIST: &str = "get_server_image_list";
const REGION_LIST: &str = "get_region_list";

fn example_binary(example: &str) -> Option<PathBuf> {
    // target/<profile>/deps/example-<hash> -> target/<profile>/examples/<example>
    let exe = std::env::current_exe().ok()?;
    let profile_dir = exe.parent()?.parent()?;
    let name = format!("{example}{}", std::env::consts::EXE_SUFFIX);
    let path = profile_dir.join("examples").join(name);
    if path.is_file() {
        return Some(path);
    }
    // `cargo test --test example` alone does not build examples; the workspace test run (and so
    // CI) does, so there a missing binary is a failure, not a skip.
    assert!(
        std::env::var_os("CI").is_none(),
        "example binary {} is missing: run `cargo test --workspace`",
        path.display()
    );
    None
}

async fn run(example: &str, gateway: &str, secret: &str, args: &[&str]) -> Option<Output> {
    let binary = example_binary(example)?;
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
                DETAIL,
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
        seen[0].assert_post(
            "getServerImageDetail",
            "regionCode=KR&serverImageNo=5847",
            "xml",
        );
        seen[1].assert_post(
            "getServerImageDetail",
            "regionCode=KR&serverImageNo=5847",
            "json",
        );
    })
    .await
}

#[tokio::test]
async fn example_reports_errors_on_stderr_with_exit_status_1() {
    within(async {
        let mock = MockGateway::start(vec![]).await;
        let Some(out) = run(DETAIL, &mock.url(), "wrong-secret", &["5847"]).await else {
            eprintln!("skipped: the example binary is not built (run the whole `cargo test`)");
            return;
        };
        let stderr = failure_stderr(out);
        assert!(stderr.contains("Authentication Failed"), "{stderr}");
        assert!(!stderr.contains("wrong-secret"), "{stderr}");

        // Usage errors too.
        let out = run(DETAIL, &mock.url(), SECRET_KEY, &["--format", "yaml", "1"])
            .await
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&out.stderr).contains("--format"));
        let out = run(DETAIL, &mock.url(), SECRET_KEY, &[]).await.unwrap();
        assert_eq!(out.status.code(), Some(1));
    })
    .await
}

/// The child's stderr, after checking it failed with exit status 1 and printed nothing on
/// stdout.
fn failure_stderr(out: Output) -> String {
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(out.stdout.is_empty(), "{out:?}");
    String::from_utf8(out.stderr).unwrap()
}

/// The child's stdout as JSON, after checking it succeeded and pretty-printed.
fn success_json(out: Output, what: &str) -> serde_json::Value {
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.status.success(),
        "{what}: {:?}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{what}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("\n  \""),
        "{what}: pretty-printed: {stdout}"
    );
    serde_json::from_str(&stdout).unwrap()
}

const SKIPPED: &str = "skipped: the example binary is not built (run the whole `cargo test`)";

#[tokio::test]
async fn region_list_example_in_both_formats() {
    within(async {
        let mock = MockGateway::start(vec![]).await;
        for format in ["xml", "json"] {
            let Some(out) = run(REGION_LIST, &mock.url(), SECRET_KEY, &["--format", format]).await
            else {
                eprintln!("{SKIPPED}");
                return;
            };
            let json = success_json(out, format);
            assert_eq!(json["returnCode"], "0", "{format}");
            assert_eq!(json["totalRows"], 3);
            let regions: Vec<_> = json["regionList"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| {
                    (
                        r["regionCode"].as_str().unwrap(),
                        r["regionName"].as_str().unwrap(),
                    )
                })
                .collect();
            assert_eq!(regions, REGIONS, "{format}");
        }
        mock.assert_signed_requests(&[
            ("/vserver/v2/getRegionList?responseFormatType=xml", ""),
            ("/vserver/v2/getRegionList?responseFormatType=json", ""),
        ]);

        // Errors: a rejected signature, an unknown option, a positional argument.
        let out = run(REGION_LIST, &mock.url(), "wrong-secret", &[])
            .await
            .unwrap();
        let stderr = failure_stderr(out);
        assert!(stderr.contains("Authentication Failed"), "{stderr}");
        assert!(!stderr.contains("wrong-secret"), "{stderr}");
        for args in [&["--region-code", "KR"][..], &["KR"]] {
            let out = run(REGION_LIST, &mock.url(), SECRET_KEY, args)
                .await
                .unwrap();
            assert_eq!(out.status.code(), Some(1), "{args:?}");
            assert!(out.stdout.is_empty());
        }
    })
    .await
}

#[tokio::test]
async fn image_list_example_all_pages_print_one_body() {
    within(async {
        let mock = MockGateway::start_with(
            vec![],
            Catalog {
                images: 7,
                total_rows: true,
            },
        )
        .await;
        for format in ["xml", "json"] {
            let args = ["--all", "--page-size", "3", "--format", format];
            let Some(out) = run(LIST, &mock.url(), SECRET_KEY, &args).await else {
                eprintln!("{SKIPPED}");
                return;
            };
            let json = success_json(out, format);
            let numbers: Vec<_> = json["serverImageList"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["serverImageNo"].as_str().unwrap().to_owned())
                .collect();
            assert_eq!(
                numbers,
                (1..=7).map(image_no).collect::<Vec<_>>(),
                "{format}"
            );
            assert_eq!(json["totalRows"], 7);
            assert_eq!(json["returnCode"], "0");
            assert_eq!(json["requestId"], "req-list-3", "the last page's envelope");
            assert_eq!(json["serverImageList"][0]["osType"]["code"], "ROCKY");
        }
        let list = "/vserver/v2/getServerImageList";
        let (xml, json) = (
            format!("{list}?responseFormatType=xml"),
            format!("{list}?responseFormatType=json"),
        );
        mock.assert_signed_requests(&[
            (&xml, "pageNo=1&pageSize=3"),
            (&xml, "pageNo=2&pageSize=3"),
            (&xml, "pageNo=3&pageSize=3"),
            (&json, "pageNo=1&pageSize=3"),
            (&json, "pageNo=2&pageSize=3"),
            (&json, "pageNo=3&pageSize=3"),
        ]);
    })
    .await
}

#[tokio::test]
async fn image_list_example_one_page_with_list_parameters() {
    within(async {
        let mock = MockGateway::start(vec![]).await;
        let args = [
            "--server-image-name",
            "테스트 이미지+1/α",
            "--server-image-no",
            "11",
            "--server-image-no=22",
            "--os-type-code",
            "ROCKY",
            "--os-type-code",
            "UBUNTU",
            "--page-size",
            "2",
        ];
        let Some(out) = run(LIST, &mock.url(), SECRET_KEY, &args).await else {
            eprintln!("{SKIPPED}");
            return;
        };
        let json = success_json(out, "one page");
        assert_eq!(json["serverImageList"].as_array().unwrap().len(), 2);
        assert_eq!(json["totalRows"], 7);
        let seen = mock.seen();
        assert_eq!(seen.len(), 1, "one page only without --all");
        seen[0].assert_post(
            "getServerImageList",
            "serverImageName=%ED%85%8C%EC%8A%A4%ED%8A%B8%20%EC%9D%B4%EB%AF%B8%EC%A7%80%2B1%2F%CE%B1\
             &serverImageNoList.1=11&serverImageNoList.2=22\
             &osTypeCodeList.1=ROCKY&osTypeCodeList.2=UBUNTU&pageSize=2",
            "xml",
        );

        // Without --page-size the API's default page size applies (pageSize is left out).
        let out = run(LIST, &mock.url(), SECRET_KEY, &[]).await.unwrap();
        let json = success_json(out, "defaults");
        assert_eq!(json["serverImageList"].as_array().unwrap().len(), 1);
        mock.seen()[1].assert_post("getServerImageList", "", "xml");
    })
    .await
}

#[tokio::test]
async fn image_list_example_errors_exit_1() {
    within(async {
        let mock = MockGateway::start(vec![]).await;
        let Some(out) = run(LIST, &mock.url(), "wrong-secret", &["--all"]).await else {
            eprintln!("{SKIPPED}");
            return;
        };
        let stderr = failure_stderr(out);
        assert!(stderr.contains("Authentication Failed"), "{stderr}");
        assert!(!stderr.contains("wrong-secret"), "{stderr}");
        assert_eq!(mock.seen().len(), 1, "the walk ends at the first error");

        // Invalid values: nothing is sent.
        for (args, expected) in [
            (&["--page-size", "0"][..], "pageSize"),
            (&["--all", "--page-size", "1001"], "pageSize"),
            (&["--page-size", "many"], "--page-size"),
            (&["--format", "yaml"], "--format"),
            (&["--server-image-no"], "--server-image-no needs a value"),
            (&["--region"], "unknown option --region"),
            (&["5847"], "unexpected argument"),
        ] {
            let out = run(LIST, &mock.url(), SECRET_KEY, args).await.unwrap();
            assert_eq!(out.status.code(), Some(1), "{args:?}");
            assert!(out.stdout.is_empty(), "{args:?}");
            let stderr = String::from_utf8(out.stderr).unwrap();
            assert!(stderr.contains(expected), "{args:?}: {stderr}");
        }
        assert_eq!(mock.seen().len(), 1, "no request for invalid arguments");
    })
    .await
}
