//! The examples' contract (`get_server_image_detail`, `get_server_image_list`,
//! `get_region_list`, `get_server_instance_list`, `stop_server_instances`, `create_login_key`,
//! `wait_server_instance`), each run as a child process against the mock gateway: pretty JSON
//! with the API's field names on stdout and exit status 0, or the error on stderr and exit
//! status 1 (`wait_server_instance`: 3 when its maximum wait passes). Configuration goes
//! through the child's environment only. The operations the mock gateway does not serve itself
//! are answered with scripted bodies.
//!
//! `cargo test` builds the examples before running tests; when the binary is absent (a run
//! limited to other targets), the test says so and passes without checking.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{ACCESS_KEY, Catalog, MockGateway, REGIONS, Reply, SECRET_KEY, image_no, within};

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
    run_in(None, example, gateway, secret, args).await
}

/// [`run`] with the child's current directory `dir` (the test's own when `None`).
async fn run_in(
    dir: Option<&Path>,
    example: &str,
    gateway: &str,
    secret: &str,
    args: &[&str],
) -> Option<Output> {
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
    if let Some(dir) = dir {
        cmd.current_dir(dir);
    }
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

// ----------------------------------------------------------------------------------------------
// Server instances, login keys, waiting (operations the mock answers only with scripted bodies)
// ----------------------------------------------------------------------------------------------

const INSTANCE_LIST: &str = "get_server_instance_list";
const STOP: &str = "stop_server_instances";
const LOGIN_KEY: &str = "create_login_key";
const WAIT: &str = "wait_server_instance";

const XML_TYPE: &str = "application/xml;charset=UTF-8";
const JSON_TYPE: &str = "application/json;charset=UTF-8";

/// One listed server: its number, status code and operation code.
type Server<'a> = (&'a str, &'a str, &'a str);

/// A 200 reply in `format` whose root `root` lists `servers` (`serverInstanceList`), with
/// `totalRows` `total`; an empty list is a self-closing element in XML, as the API sends it.
fn server_list(format: &str, root: &str, servers: &[Server], total: usize) -> Reply {
    if format == "json" {
        let list: Vec<_> = servers
            .iter()
            .map(|(no, status, operation)| {
                serde_json::json!({
                    "serverInstanceNo": no,
                    "serverName": format!("web-{no}"),
                    "memorySize": 8_589_934_592_i64,
                    "serverInstanceStatus": {"code": status, "codeName": "서버 상태"},
                    "serverInstanceOperation": {"code": operation, "codeName": "서버 OP"},
                    "createDate": "2024-03-05T14:22:31+0900"
                })
            })
            .collect();
        let body = serde_json::json!({ root: {
            "totalRows": total,
            "serverInstanceList": list,
            "requestId": format!("req-{root}"),
            "returnCode": 0,
            "returnMessage": "success"
        }});
        return Reply::raw(200, JSON_TYPE, body.to_string());
    }
    let mut list = String::new();
    for (no, status, operation) in servers {
        list += &format!(
            "    <serverInstance>\n      <serverInstanceNo>{no}</serverInstanceNo>\n      \
             <serverName>web-{no}</serverName>\n      <memorySize>8589934592</memorySize>\n      \
             <serverInstanceStatus><code>{status}</code><codeName>서버 상태</codeName>\
             </serverInstanceStatus>\n      <serverInstanceOperation><code>{operation}</code>\
             <codeName>서버 OP</codeName></serverInstanceOperation>\n      \
             <createDate>2024-03-05T14:22:31+0900</createDate>\n    </serverInstance>\n"
        );
    }
    let list = if servers.is_empty() {
        "  <serverInstanceList/>\n".to_owned()
    } else {
        format!("  <serverInstanceList>\n{list}  </serverInstanceList>\n")
    };
    Reply::raw(
        200,
        XML_TYPE,
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<{root}>\n  \
             <requestId>req-{root}</requestId>\n  <returnCode>0</returnCode>\n  \
             <returnMessage>success</returnMessage>\n  <totalRows>{total}</totalRows>\n\
             {list}</{root}>"
        ),
    )
}

/// A `getServerInstanceList` reply (XML) listing `servers`.
fn instances(servers: &[Server]) -> Reply {
    server_list(
        "xml",
        "getServerInstanceListResponse",
        servers,
        servers.len(),
    )
}

/// The servers' numbers in a printed body's `serverInstanceList`.
fn listed_numbers(json: &serde_json::Value) -> Vec<&str> {
    json["serverInstanceList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["serverInstanceNo"].as_str().unwrap())
        .collect()
}

/// A server API error (`responseError`) reply, HTTP 400, XML.
fn response_error(code: &str, message: &str) -> Reply {
    Reply::raw(
        400,
        XML_TYPE,
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<responseError>\n  \
             <returnCode>{code}</returnCode>\n  <returnMessage>{message}</returnMessage>\n\
             </responseError>"
        ),
    )
}

/// Runs `example` with each `args`, checking that it fails with exit status 1, prints nothing on
/// stdout and names `expected` on stderr.
async fn assert_usage_errors(mock: &MockGateway, example: &str, cases: &[(&[&str], &str)]) {
    for (args, expected) in cases {
        let out = run(example, &mock.url(), SECRET_KEY, args).await.unwrap();
        assert_eq!(out.status.code(), Some(1), "{example} {args:?}: {out:?}");
        assert!(out.stdout.is_empty(), "{example} {args:?}: {out:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.contains(expected), "{example} {args:?}: {stderr}");
    }
}

#[tokio::test]
async fn instance_list_example_one_page_with_filters() {
    within(async {
        let servers = [("11", "RUN", "NULL"), ("22", "RUN", "NULL")];
        let mock = MockGateway::start(vec![server_list(
            "json",
            "getServerInstanceListResponse",
            &servers,
            5,
        )])
        .await;
        let args = [
            "--server-instance-no",
            "11",
            "--server-instance-no=22",
            "--status-code",
            "RUN",
            "--page-size",
            "2",
            "--format",
            "json",
        ];
        let Some(out) = run(INSTANCE_LIST, &mock.url(), SECRET_KEY, &args).await else {
            eprintln!("{SKIPPED}");
            return;
        };
        let json = success_json(out, "one page");
        assert_eq!(listed_numbers(&json), ["11", "22"]);
        assert_eq!(json["totalRows"], 5);
        assert_eq!(json["returnCode"], "0");
        assert_eq!(
            json["serverInstanceList"][0]["serverInstanceStatus"]["code"],
            "RUN"
        );
        assert_eq!(
            json["serverInstanceList"][1]["memorySize"],
            8_589_934_592_i64
        );
        let seen = mock.seen();
        assert_eq!(seen.len(), 1, "one page only without --all");
        seen[0].assert_post(
            "getServerInstanceList",
            "serverInstanceNoList.1=11&serverInstanceNoList.2=22&pageSize=2\
             &serverInstanceStatusCode=RUN",
            "json",
        );
    })
    .await
}

#[tokio::test]
async fn instance_list_example_all_pages_print_one_body() {
    within(async {
        let page =
            |servers: &[Server]| server_list("xml", "getServerInstanceListResponse", servers, 3);
        let mock = MockGateway::start(vec![
            page(&[("101", "RUN", "NULL"), ("102", "NSTOP", "NULL")]),
            page(&[("103", "INIT", "NULL")]),
        ])
        .await;
        let args = ["--all", "--page-size", "2"];
        let Some(out) = run(INSTANCE_LIST, &mock.url(), SECRET_KEY, &args).await else {
            eprintln!("{SKIPPED}");
            return;
        };
        let json = success_json(out, "--all");
        assert_eq!(listed_numbers(&json), ["101", "102", "103"]);
        assert_eq!(json["totalRows"], 3);
        assert_eq!(
            json["serverInstanceList"][1]["serverInstanceStatus"]["code"],
            "NSTOP"
        );
        let target = "/vserver/v2/getServerInstanceList?responseFormatType=xml";
        mock.assert_signed_requests(&[
            (target, "pageNo=1&pageSize=2"),
            (target, "pageNo=2&pageSize=2"),
        ]);
    })
    .await
}

#[tokio::test]
async fn instance_list_example_errors_exit_1() {
    within(async {
        let mock = MockGateway::start(vec![]).await;
        let Some(out) = run(INSTANCE_LIST, &mock.url(), "wrong-secret", &["--all"]).await else {
            eprintln!("{SKIPPED}");
            return;
        };
        let stderr = failure_stderr(out);
        assert!(stderr.contains("Authentication Failed"), "{stderr}");
        assert!(!stderr.contains("wrong-secret"), "{stderr}");
        assert_eq!(mock.seen().len(), 1, "the walk ends at the first error");

        // Invalid values: nothing is sent.
        assert_usage_errors(
            &mock,
            INSTANCE_LIST,
            &[
                (&["--page-size", "0"], "pageSize"),
                (&["--all", "--page-size", "1001"], "pageSize"),
                (&["--page-size", "many"], "--page-size"),
                (&["--format", "yaml"], "--format"),
                (&["--status-code"], "--status-code needs a value"),
                (&["--server-name", "x"], "unknown option --server-name"),
                (&["18239402"], "unexpected argument"),
            ],
        )
        .await;
        assert_eq!(mock.seen().len(), 1, "no request for invalid arguments");
    })
    .await
}

#[tokio::test]
async fn stop_example_prints_the_stopping_servers() {
    within(async {
        let stopping = [("18239402", "RUN", "SHTDN"), ("18239403", "RUN", "SHTDN")];
        let mock = MockGateway::start(
            ["xml", "json"]
                .map(|f| server_list(f, "stopServerInstancesResponse", &stopping, 2))
                .into(),
        )
        .await;
        for format in ["xml", "json"] {
            let args = ["18239402", "18239403", "--format", format];
            let Some(out) = run(STOP, &mock.url(), SECRET_KEY, &args).await else {
                eprintln!("{SKIPPED}");
                return;
            };
            let json = success_json(out, format);
            assert_eq!(listed_numbers(&json), ["18239402", "18239403"], "{format}");
            let server = &json["serverInstanceList"][0];
            assert_eq!(server["serverInstanceStatus"]["code"], "RUN", "{format}");
            assert_eq!(
                server["serverInstanceOperation"]["code"], "SHTDN",
                "{format}"
            );
            assert_eq!(server["serverInstanceOperation"]["codeName"], "서버 OP");
            assert_eq!(json["totalRows"], 2);
        }
        let body = "serverInstanceNoList.1=18239402&serverInstanceNoList.2=18239403";
        let stop = "/vserver/v2/stopServerInstances";
        mock.assert_signed_requests(&[
            (&format!("{stop}?responseFormatType=xml"), body),
            (&format!("{stop}?responseFormatType=json"), body),
        ]);
    })
    .await
}

#[tokio::test]
async fn stop_example_errors_exit_1() {
    within(async {
        // An API error (a server still being set up) is reported, and not retried: a stop is a
        // mutation and the API answered.
        let mock = MockGateway::start(vec![response_error(
            "1100031",
            "The server is being created and cannot be stopped.",
        )])
        .await;
        let Some(out) = run(STOP, &mock.url(), SECRET_KEY, &["18239402"]).await else {
            eprintln!("{SKIPPED}");
            return;
        };
        let stderr = failure_stderr(out);
        assert!(stderr.contains("1100031"), "{stderr}");
        assert_eq!(mock.seen().len(), 1, "one attempt");

        let out = run(STOP, &mock.url(), "wrong-secret", &["18239402"])
            .await
            .unwrap();
        let stderr = failure_stderr(out);
        assert!(stderr.contains("Authentication Failed"), "{stderr}");
        assert!(!stderr.contains("wrong-secret"), "{stderr}");
        assert_eq!(mock.seen().len(), 2);

        assert_usage_errors(
            &mock,
            STOP,
            &[
                (&[], "at least one server instance number"),
                (&["--format", "yaml", "1"], "--format"),
                (&["--force", "1"], "unknown option --force"),
            ],
        )
        .await;
        assert_eq!(mock.seen().len(), 2, "no request for invalid arguments");
    })
    .await
}

/// A fresh, empty directory for one test's child process.
fn scratch_dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "ncloud-vserver-example-{test}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The private key the mock hands out: only this response carries it.
const PRIVATE_KEY: &str = "-----BEGIN RSA PRIVATE KEY-----\n\
                           MIIEpQIBAAKCAQEAloginKEY-MUST-NOT-BE-PRINTED-0123456789\n\
                           -----END RSA PRIVATE KEY-----";

/// A `createLoginKey` success body in `format` for `key_name`.
fn login_key_created(format: &str, key_name: &str) -> Reply {
    if format == "json" {
        let body = serde_json::json!({"createLoginKeyResponse": {
            "requestId": "req-login-key",
            "returnCode": "0",
            "returnMessage": "success",
            "totalRows": 1,
            "keyName": key_name,
            "privateKey": PRIVATE_KEY
        }});
        return Reply::raw(200, JSON_TYPE, body.to_string());
    }
    Reply::raw(
        200,
        XML_TYPE,
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<createLoginKeyResponse>\n  \
             <requestId>req-login-key</requestId>\n  <returnCode>0</returnCode>\n  \
             <returnMessage>success</returnMessage>\n  <totalRows>1</totalRows>\n  \
             <keyName>{key_name}</keyName>\n  <privateKey>{PRIVATE_KEY}</privateKey>\n\
             </createLoginKeyResponse>"
        ),
    )
}

/// Asserts that no part of the private key is in `output` (`what` names the stream).
fn assert_no_private_key(output: &[u8], what: &str) {
    let text = String::from_utf8_lossy(output);
    for line in PRIVATE_KEY.lines() {
        assert!(!text.contains(line), "{what} holds the private key: {text}");
    }
}

#[tokio::test]
async fn login_key_example_saves_the_private_key_and_never_prints_it() {
    within(async {
        let dir = scratch_dir("login-key");
        let mock = MockGateway::start(vec![
            login_key_created("xml", "dev-kr-key"),
            login_key_created("json", "dev-kr-key-2"),
        ])
        .await;
        for (format, key_name) in [("xml", "dev-kr-key"), ("json", "dev-kr-key-2")] {
            let args = [key_name, "--format", format];
            let Some(out) = run_in(Some(&dir), LOGIN_KEY, &mock.url(), SECRET_KEY, &args).await
            else {
                eprintln!("{SKIPPED}");
                return;
            };
            assert_no_private_key(&out.stdout, "stdout");
            assert_no_private_key(&out.stderr, "stderr");
            let json = success_json(out, format);
            assert_eq!(json["keyName"], key_name, "{format}");
            assert_eq!(json["returnCode"], "0", "{format}");
            assert_eq!(json["requestId"], "req-login-key", "{format}");
            assert!(json.get("privateKey").is_none(), "{format}: {json}");

            let pem = dir.join(format!("{key_name}.pem"));
            assert_eq!(
                std::fs::read_to_string(&pem).unwrap(),
                PRIVATE_KEY,
                "{format}"
            );
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt as _;
                let mode = std::fs::metadata(&pem).unwrap().permissions().mode();
                assert_eq!(mode & 0o777, 0o600, "{format}: mode {mode:o}");
            }
        }
        let target = "/vserver/v2/createLoginKey";
        mock.assert_signed_requests(&[
            (
                &format!("{target}?responseFormatType=xml"),
                "keyName=dev-kr-key",
            ),
            (
                &format!("{target}?responseFormatType=json"),
                "keyName=dev-kr-key-2",
            ),
        ]);
        std::fs::remove_dir_all(&dir).unwrap();
    })
    .await
}

#[tokio::test]
async fn login_key_example_errors_exit_1_and_leave_no_file() {
    within(async {
        let dir = scratch_dir("login-key-errors");
        let mock = MockGateway::start(vec![response_error(
            "1100101",
            "A login key with this name already exists.",
        )])
        .await;
        let url = mock.url();
        let Some(out) = run_in(Some(&dir), LOGIN_KEY, &url, SECRET_KEY, &["taken-key"]).await
        else {
            eprintln!("{SKIPPED}");
            return;
        };
        let stderr = failure_stderr(out);
        assert!(stderr.contains("1100101"), "{stderr}");
        assert!(
            !dir.join("taken-key.pem").exists(),
            "a failed call leaves no file"
        );

        let out = run_in(Some(&dir), LOGIN_KEY, &url, "wrong-secret", &["some-key"])
            .await
            .unwrap();
        let stderr = failure_stderr(out);
        assert!(stderr.contains("Authentication Failed"), "{stderr}");
        assert!(!dir.join("some-key.pem").exists());
        assert_eq!(mock.seen().len(), 2);

        // An existing file is never overwritten, and the key is then not created at all.
        let existing = dir.join("kept-key.pem");
        std::fs::write(&existing, "an older key").unwrap();
        // Invalid names and arguments: nothing is sent and no file is made.
        for (args, expected) in [
            (&["kept-key"][..], "kept-key.pem"),
            (&["Bad_Name"], "keyName"),
            (&["ab"], "keyName"),
            (&[], "key name is missing"),
            (&["one-key", "two-key"], "unexpected argument"),
            (&["--format", "yaml", "one-key"], "--format"),
        ] {
            let out = run_in(Some(&dir), LOGIN_KEY, &url, SECRET_KEY, args)
                .await
                .unwrap();
            let stderr = failure_stderr(out);
            assert!(stderr.contains(expected), "{args:?}: {stderr}");
        }
        assert_eq!(mock.seen().len(), 2, "no request for invalid arguments");
        assert_eq!(std::fs::read_to_string(&existing).unwrap(), "an older key");
        let files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(files, ["kept-key.pem"]);
        std::fs::remove_dir_all(&dir).unwrap();
    })
    .await
}

/// Delays that keep a wait fast (fractional seconds, as the contract allows).
const FAST: [&str; 4] = ["--min-delay", "0.01", "--max-delay", "0.02"];

/// The wait example's arguments: server `no`, `--until until`, [`FAST`] delays, then `extra`.
fn wait_args<'a>(no: &'a str, until: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![no, "--until", until];
    args.extend(FAST);
    args.extend(extra);
    args
}

/// Asserts that every request `mock` saw was the waiter's poll for server `no`.
fn assert_polls(mock: &MockGateway, no: &str, count: usize) {
    let seen = mock.seen();
    assert_eq!(seen.len(), count, "{seen:?}");
    for poll in &seen {
        poll.assert_post(
            "getServerInstanceList",
            &format!("serverInstanceNoList.1={no}&pageNo=1&pageSize=1000"),
            "xml",
        );
    }
}

#[tokio::test]
async fn wait_example_prints_the_server_once_running() {
    within(async {
        let no = "18239402";
        let mock = MockGateway::start(vec![
            instances(&[(no, "INIT", "NULL")]),
            instances(&[(no, "CREAT", "NULL")]),
            instances(&[(no, "RUN", "NULL")]),
        ])
        .await;
        let Some(out) = run(
            WAIT,
            &mock.url(),
            SECRET_KEY,
            &wait_args(no, "running", &[]),
        )
        .await
        else {
            eprintln!("{SKIPPED}");
            return;
        };
        let server = success_json(out, "running");
        assert!(
            server.is_object(),
            "the server itself, not the list: {server}"
        );
        assert_eq!(server["serverInstanceNo"], no);
        assert_eq!(server["serverInstanceStatus"]["code"], "RUN");
        assert_eq!(server["serverInstanceStatus"]["codeName"], "서버 상태");
        assert_eq!(server["memorySize"], 8_589_934_592_i64);
        assert_polls(&mock, no, 3);
    })
    .await
}

#[tokio::test]
async fn wait_example_stopped_and_terminated() {
    within(async {
        let no = "18239402";
        let mock = MockGateway::start(vec![
            instances(&[(no, "RUN", "SHTDN")]),
            instances(&[(no, "NSTOP", "NULL")]),
            instances(&[(no, "NSTOP", "TERMT")]),
            instances(&[(no, "NSTOP", "TERMT")]),
            instances(&[]),
        ])
        .await;
        let Some(out) = run(
            WAIT,
            &mock.url(),
            SECRET_KEY,
            &wait_args(no, "stopped", &[]),
        )
        .await
        else {
            eprintln!("{SKIPPED}");
            return;
        };
        let server = success_json(out, "stopped");
        assert_eq!(server["serverInstanceNo"], no);
        assert_eq!(server["serverInstanceStatus"]["code"], "NSTOP");
        assert_polls(&mock, no, 2);

        // A terminated server is no longer listed: there is no server to print.
        let args = wait_args(no, "terminated", &["--max-wait", "5"]);
        let out = run(WAIT, &mock.url(), SECRET_KEY, &args).await.unwrap();
        assert!(out.status.success(), "{out:?}");
        assert!(out.stderr.is_empty(), "{out:?}");
        assert_eq!(String::from_utf8(out.stdout).unwrap(), "null\n");
        assert_polls(&mock, no, 5);
    })
    .await
}

#[tokio::test]
async fn wait_example_exits_3_when_the_maximum_wait_passes() {
    within(async {
        let no = "18239402";
        // More replies than the wait can poll, so every poll sees a server still being set up.
        let mock = MockGateway::start(vec![instances(&[(no, "INIT", "NULL")]); 100]).await;
        let args = wait_args(no, "running", &["--max-wait", "0.3"]);
        let started = std::time::Instant::now();
        let Some(out) = run(WAIT, &mock.url(), SECRET_KEY, &args).await else {
            eprintln!("{SKIPPED}");
            return;
        };
        assert_eq!(out.status.code(), Some(3), "{out:?}");
        assert!(out.stdout.is_empty(), "{out:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.contains("server_instance_running"), "{stderr}");
        assert!(stderr.contains("gave up"), "{stderr}");
        let polls = mock.seen().len();
        // Polled again and again (about one poll per 20 ms maximum delay over 300 ms on a quiet
        // machine, fewer when polls are slow), then gave up; never one poll per reply.
        assert!((2..100).contains(&polls), "{polls} polls");
        assert_polls(&mock, no, polls);
        assert!(started.elapsed() >= std::time::Duration::from_millis(300));
    })
    .await
}

#[tokio::test]
async fn wait_example_errors_exit_1() {
    within(async {
        let no = "18239402";
        // The server disappears while waiting for it to run: a failure, not a timeout.
        let mock =
            MockGateway::start(vec![instances(&[(no, "INIT", "NULL")]), instances(&[])]).await;
        let Some(out) = run(
            WAIT,
            &mock.url(),
            SECRET_KEY,
            &wait_args(no, "running", &[]),
        )
        .await
        else {
            eprintln!("{SKIPPED}");
            return;
        };
        let stderr = failure_stderr(out);
        assert!(stderr.contains("failure state"), "{stderr}");
        assert_polls(&mock, no, 2);

        // A poll the API rejects ends the wait at once.
        let args = wait_args(no, "running", &[]);
        let out = run(WAIT, &mock.url(), "wrong-secret", &args).await.unwrap();
        let stderr = failure_stderr(out);
        assert!(stderr.contains("Authentication Failed"), "{stderr}");
        assert!(!stderr.contains("wrong-secret"), "{stderr}");
        assert_eq!(mock.seen().len(), 3);

        assert_usage_errors(
            &mock,
            WAIT,
            &[
                (&[no], "--until"),
                (&["--until", "running"], "SERVER_INSTANCE_NO"),
                (&[no, "--until", "started"], "--until"),
                (
                    &[no, "--until", "running", "--max-wait", "-1"],
                    "--max-wait",
                ),
                (
                    &[no, "--until", "running", "--min-delay", "soon"],
                    "--min-delay",
                ),
                (
                    &[no, "--until=stopped", "--max-delay"],
                    "--max-delay needs a value",
                ),
                (&[no, "1", "--until", "running"], "unexpected argument"),
            ],
        )
        .await;
        assert_eq!(mock.seen().len(), 3, "no request for invalid arguments");
    })
    .await
}
