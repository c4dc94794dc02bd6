//! The `ncloud` binary run as a process against the typed mock on loopback: credentials and
//! gateway through the environment, `HOME` in a temporary directory of its own.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use ncloud_vserver::mock::{MOCK_ACCESS_KEY, MOCK_SECRET_KEY, MockError, MockResponse, MockServer};
use ncloud_vserver::operations::GetServerInstanceListRequest;
use ncloud_vserver::types::{
    CreateServerInstancesResponse, GetRootPasswordResponse, GetServerImageListResponse,
    GetServerInstanceListResponse, StartServerInstancesResponse,
};
use serde_json::{Value, json};

/// A mock, the runtime serving it, and a home directory.
struct Env {
    mock: MockServer,
    home: PathBuf,
    // kept alive: its workers serve the mock while the test waits on the child
    _rt: tokio::runtime::Runtime,
}

impl Drop for Env {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.home);
    }
}

fn env(name: &str) -> Env {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let mock = rt.block_on(MockServer::start());
    let home = std::env::temp_dir().join(format!("ncloud-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(&home).unwrap();
    Env {
        mock,
        home,
        _rt: rt,
    }
}

impl Env {
    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_ncloud"));
        cmd.args(args)
            .env_clear()
            .env("HOME", &self.home)
            .env("NCLOUD_API_GW", self.mock.uri())
            .env("NCLOUD_ACCESS_KEY_ID", MOCK_ACCESS_KEY)
            .env("NCLOUD_SECRET_ACCESS_KEY", MOCK_SECRET_KEY)
            .stdin(Stdio::null());
        cmd
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    fn run_stdin(&self, args: &[&str], stdin: &str) -> Output {
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    }

    /// The parameters of the last request, `responseFormatType` left out, in order.
    fn last_pairs(&self) -> Vec<(String, String)> {
        let received = self.mock.received();
        let last = received.last().expect("the mock got a request");
        assert!(last.authenticated, "{last:?}");
        last.params
            .pairs()
            .iter()
            .filter(|(k, _)| k != "responseFormatType")
            .cloned()
            .collect()
    }
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "status {:?}\nstdout: {}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn code(out: &Output) -> i32 {
    out.status.code().expect("exited")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn body<T: serde::de::DeserializeOwned>(v: Value) -> T {
    serde_json::from_value(v).unwrap()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn answer_everything(mock: &MockServer) {
    let success = json!({"returnCode": "0", "returnMessage": "success"});
    mock.get_server_instance_list()
        .respond_with(body(success.clone()));
    mock.create_server_instances()
        .respond_with(body::<CreateServerInstancesResponse>(success.clone()));
    mock.start_server_instances()
        .respond_with(body::<StartServerInstancesResponse>(success.clone()));
    mock.get_server_image_list()
        .respond_with(body::<GetServerImageListResponse>(success.clone()));
    mock.get_root_password()
        .respond_with(body::<GetRootPasswordResponse>(success));
}

/// A command line and the form parameters it sends.
type Case = (
    &'static [&'static str],
    &'static [(&'static str, &'static str)],
);

/// NCP CLI command lines and the exact form parameters each one sends.
#[test]
fn ncp_cli_command_lines_send_these_parameters() {
    let env = env("syntax");
    answer_everything(&env.mock);
    let cases: &[Case] = &[
        (
            &["vserver", "getServerInstanceList", "--regionCode", "KR"],
            &[("regionCode", "KR")],
        ),
        (
            // a scalar list: values after the flag; a code; integers
            &[
                "vserver",
                "getServerInstanceList",
                "--serverInstanceNoList",
                "123",
                "456",
                "--serverInstanceStatusCode",
                "RUN",
                "--pageNo",
                "2",
                "--pageSize",
                "10",
            ],
            &[
                ("serverInstanceNoList.1", "123"),
                ("serverInstanceNoList.2", "456"),
                ("serverInstanceStatusCode", "RUN"),
                ("pageNo", "2"),
                ("pageSize", "10"),
            ],
        ),
        (
            // an unknown code is sent as given; a repeated list flag appends
            &[
                "vserver",
                "getServerInstanceList",
                "--serverInstanceStatusCode",
                "FUTURE",
                "--serverInstanceNoList",
                "1",
                "--serverInstanceNoList",
                "2",
            ],
            &[
                ("serverInstanceNoList.1", "1"),
                ("serverInstanceNoList.2", "2"),
                ("serverInstanceStatusCode", "FUTURE"),
            ],
        ),
        (
            // struct list items, a nested list in brackets and as a single quoted value, a
            // boolean; the common flag after the operation
            &[
                "vserver",
                "createServerInstances",
                "--vpcNo",
                "***04",
                "--subnetNo",
                "***43",
                "--serverImageProductCode",
                "SW.VSVR.OS.LNX64.ROCKY.0810.B050",
                "--networkInterfaceList",
                "networkInterfaceOrder='0', accessControlGroupNoList=['***63', '***64']",
                "networkInterfaceOrder='1', subnetNo='***43', accessControlGroupNoList='365174'",
                "--isProtectServerTermination",
                "true",
                "--output",
                "json",
            ],
            &[
                ("serverImageProductCode", "SW.VSVR.OS.LNX64.ROCKY.0810.B050"),
                ("isProtectServerTermination", "true"),
                ("vpcNo", "***04"),
                ("subnetNo", "***43"),
                ("networkInterfaceList.1.networkInterfaceOrder", "0"),
                ("networkInterfaceList.1.accessControlGroupNoList.1", "***63"),
                ("networkInterfaceList.1.accessControlGroupNoList.2", "***64"),
                ("networkInterfaceList.2.networkInterfaceOrder", "1"),
                ("networkInterfaceList.2.subnetNo", "***43"),
                (
                    "networkInterfaceList.2.accessControlGroupNoList.1",
                    "365174",
                ),
            ],
        ),
        (
            // a common flag before the service
            &[
                "--output",
                "json",
                "vserver",
                "startServerInstances",
                "--serverInstanceNoList",
                "9",
            ],
            &[("serverInstanceNoList.1", "9")],
        ),
    ];
    for (args, expected) in cases {
        let out = env.run(args);
        ok(&out);
        let mut got = env.last_pairs();
        let mut want = pairs(expected);
        got.sort();
        want.sort();
        assert_eq!(got, want, "{args:?}");
    }
}

/// `--cli-input-json` from a file and from stdin, under the explicit flags.
#[test]
fn cli_input_json_is_merged_under_flags() {
    let env = env("input-json");
    answer_everything(&env.mock);
    let doc = json!({
        "regionCode": "JPN",
        "serverInstanceNoList": ["1", "2"],
        "pageNo": 1,
        "pageSize": "5",
    });
    let file = env.home.join("req.json");
    std::fs::write(&file, doc.to_string()).unwrap();
    let file = file.to_str().unwrap();
    let out = env.run(&[
        "vserver",
        "getServerInstanceList",
        "--cli-input-json",
        file,
        "--regionCode",
        "KR",
    ]);
    ok(&out);
    let mut got = env.last_pairs();
    got.sort();
    let mut want = pairs(&[
        ("regionCode", "KR"),
        ("serverInstanceNoList.1", "1"),
        ("serverInstanceNoList.2", "2"),
        ("pageNo", "1"),
        ("pageSize", "5"),
    ]);
    want.sort();
    assert_eq!(got, want);

    let items = json!({
        "vpcNo": "4", "subnetNo": "43", "serverImageProductCode": "P",
        "networkInterfaceList": [
            {"networkInterfaceOrder": 0, "accessControlGroupNoList": ["63"]}
        ],
    });
    let out = env.run_stdin(
        &[
            "vserver",
            "createServerInstances",
            "--cli-input-json",
            "-",
            "--vpcNo",
            "5",
        ],
        &items.to_string(),
    );
    ok(&out);
    let got = env.last_pairs();
    assert!(got.contains(&("vpcNo".into(), "5".into())), "{got:?}");
    assert!(
        got.contains(&(
            "networkInterfaceList.1.accessControlGroupNoList.1".into(),
            "63".into()
        )),
        "{got:?}"
    );

    // a key the operation does not have is a usage error, and nothing is sent
    let before = env.mock.received().len();
    let out = env.run_stdin(
        &["vserver", "getServerInstanceList", "--cli-input-json", "-"],
        r#"{"serverNo": "1"}"#,
    );
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("no parameter `serverNo`"),
        "{}",
        stderr(&out)
    );
    assert_eq!(env.mock.received().len(), before);
}

const PEM: &str =
    "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAsecretsecret\n-----END RSA PRIVATE KEY-----";

/// A value starting with dashes, `file://`, and `--debug` without the secret.
#[test]
fn hyphen_values_files_and_debug_keep_secrets() {
    let env = env("secrets");
    answer_everything(&env.mock);
    let out = env.run(&[
        "vserver",
        "getRootPassword",
        "--serverInstanceNo",
        "7",
        "--privateKey",
        PEM,
        "--debug",
    ]);
    ok(&out);
    assert_eq!(
        env.last_pairs(),
        pairs(&[("serverInstanceNo", "7"), ("privateKey", PEM)])
    );
    let err = stderr(&out);
    assert!(err.contains("POST http://127.0.0.1:"), "{err}");
    assert!(
        err.contains("/vserver/v2/getRootPassword?responseFormatType="),
        "{err}"
    );
    assert!(err.contains("privateKey=***"), "{err}");
    assert!(err.contains("serverInstanceNo=7"), "{err}");
    assert!(
        err.contains("getRootPassword attempt 1: HTTP 200, request id "),
        "{err}"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    for text in [&err, &*stdout] {
        assert!(!text.contains("secretsecret"), "{text}");
        assert!(!text.contains(MOCK_SECRET_KEY), "{text}");
        assert!(!text.to_ascii_lowercase().contains("signature"), "{text}");
    }

    // a throttled first attempt: both attempts and the retry are shown
    env.mock
        .get_root_password()
        .respond_once(MockResponse::Error(MockError::throttled()));
    let out = env.run(&[
        "vserver",
        "getRootPassword",
        "--serverInstanceNo",
        "7",
        "--debug",
    ]);
    ok(&out);
    let err = stderr(&out);
    assert!(err.contains("getRootPassword attempt 1: HTTP 429"), "{err}");
    assert!(err.contains("ncloud: debug: retrying: "), "{err}");
    assert!(err.contains("getRootPassword attempt 2: HTTP 200"), "{err}");

    let key = env.home.join("key.pem");
    std::fs::write(&key, PEM).unwrap();
    let arg = format!("file://{}", key.display());
    ok(&env.run(&[
        "vserver",
        "getRootPassword",
        "--serverInstanceNo",
        "7",
        "--privateKey",
        &arg,
    ]));
    assert_eq!(
        env.last_pairs(),
        pairs(&[("serverInstanceNo", "7"), ("privateKey", PEM)])
    );
}

fn sample_list() -> GetServerInstanceListResponse {
    let text = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/samples/getServerInstanceList.json"
    ))
    .unwrap();
    ncloud_runtime_decode(&text)
}

fn ncloud_runtime_decode(text: &[u8]) -> GetServerInstanceListResponse {
    ncloud_vserver::runtime::decode_body::<GetServerInstanceListRequest>(text, None).unwrap()
}

/// JSON as the API shapes it (wrapper included), XML, a table.
#[test]
fn output_formats() {
    let env = env("output");
    let sample = sample_list();
    env.mock
        .get_server_instance_list()
        .respond_with(sample.clone());
    let json_out = ok(&env.run(&["vserver", "getServerInstanceList"]));
    let printed: Value = serde_json::from_str(&json_out).unwrap();
    let api: Value = serde_json::from_slice(
        &std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/samples/getServerInstanceList.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let first = |v: &Value, key: &str| {
        v["getServerInstanceListResponse"]["serverInstanceList"][0][key].clone()
    };
    for key in [
        "serverInstanceNo",
        "serverName",
        "cpuCount",
        "memorySize",
        "serverInstanceStatus",
        "createDate",
    ] {
        assert_eq!(first(&printed, key), first(&api, key), "{key}");
    }
    assert_eq!(
        printed["getServerInstanceListResponse"]["totalRows"],
        api["getServerInstanceListResponse"]["totalRows"]
    );
    assert_eq!(ncloud_runtime_decode(json_out.as_bytes()), sample);

    let xml_out = ok(&env.run(&["vserver", "getServerInstanceList", "--output", "xml"]));
    assert!(
        xml_out.starts_with("<getServerInstanceListResponse>") || xml_out.starts_with("<?xml"),
        "{xml_out}"
    );
    assert_eq!(ncloud_runtime_decode(xml_out.as_bytes()), sample);

    let mut cmd = env.command(&["--output", "table", "vserver", "getServerInstanceList"]);
    let table = ok(&cmd.env("COLUMNS", "60").output().unwrap());
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(
        lines.len(),
        1 + sample.server_instance_list.len(),
        "{table}"
    );
    assert!(lines[0].starts_with("serverInstanceNo"), "{table}");
    assert!(lines.iter().all(|l| l.chars().count() <= 60), "{table}");
    assert!(lines[1].starts_with("18239402"), "{table}");
}

/// `--all` walks the pages and prints one response with every item.
#[test]
fn all_walks_every_page() {
    let env = env("all");
    let sample = sample_list();
    let items: Vec<_> = (0..7)
        .map(|i| {
            let mut item = sample.server_instance_list[0].clone();
            item.server_instance_no = Some(format!("{}", 100 + i));
            item
        })
        .collect();
    let mut template = GetServerInstanceListResponse::default();
    template.return_code = Some("0".into());
    env.mock
        .get_server_instance_list()
        .respond_with_pages(template, items);
    let out = ok(&env.run(&[
        "vserver",
        "getServerInstanceList",
        "--all",
        "--pageSize",
        "3",
    ]));
    let v: Value = serde_json::from_str(&out).unwrap();
    let list = v["getServerInstanceListResponse"]["serverInstanceList"]
        .as_array()
        .unwrap();
    let numbers: Vec<&str> = list
        .iter()
        .map(|i| i["serverInstanceNo"].as_str().unwrap())
        .collect();
    assert_eq!(numbers, ["100", "101", "102", "103", "104", "105", "106"]);
    assert_eq!(env.mock.get_server_instance_list().calls(), 3);

    // not a paged operation: usage error
    let out = env.run(&[
        "vserver",
        "startServerInstances",
        "--serverInstanceNoList",
        "1",
        "--all",
    ]);
    assert_eq!(code(&out), 2);
}

fn server_list(no: &str, status: &str) -> GetServerInstanceListResponse {
    body(json!({
        "returnCode": "0",
        "totalRows": 1,
        "serverInstanceList": [{
            "serverInstanceNo": no,
            "serverInstanceStatus": {"code": status, "codeName": status},
            "serverInstanceOperation": {"code": "NULL", "codeName": "NULL"}
        }]
    }))
}

/// `--wait` prints the polled operation's final state; past `--max-wait` it exits 3.
#[test]
fn wait_runs_the_waiter_after_the_mutation() {
    let env = env("wait");
    answer_everything(&env.mock);
    env.mock
        .get_server_instance_list()
        .respond_with_sequence(vec![
            MockResponse::Output(server_list("9", "NSTOP")),
            MockResponse::Output(server_list("9", "RUN")),
        ]);
    let out = ok(&env.run(&[
        "vserver",
        "startServerInstances",
        "--serverInstanceNoList",
        "9",
        "--wait",
    ]));
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v["getServerInstanceListResponse"]["serverInstanceList"][0]["serverInstanceStatus"]["code"],
        "RUN",
        "{out}"
    );
    assert_eq!(env.mock.start_server_instances().calls(), 1);
    assert_eq!(env.mock.get_server_instance_list().calls(), 2);

    env.mock
        .get_server_instance_list()
        .respond_with(server_list("9", "NSTOP"));
    let out = env.run(&[
        "vserver",
        "startServerInstances",
        "--serverInstanceNoList",
        "9",
        "--wait",
        "serverInstanceRunning",
        "--max-wait",
        "1",
    ]);
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["getServerInstanceListResponse"]["serverInstanceList"][0]["serverInstanceStatus"]["code"],
        "NSTOP"
    );

    // an unknown waiter name: clap's usage error
    let out = env.run(&[
        "vserver",
        "startServerInstances",
        "--serverInstanceNoList",
        "9",
        "--wait",
        "nope",
    ]);
    assert_eq!(code(&out), 2);
}

/// Usage errors exit 2 and send nothing.
#[test]
fn usage_errors_send_nothing() {
    let env = env("usage");
    answer_everything(&env.mock);
    let cases: &[(&[&str], &str)] = &[
        (
            &["vserver", "getServerInstanceLis"],
            "no operation `getServerInstanceLis`",
        ),
        (
            &["vserver", "getServerInstanceList", "--pageNo", "x"],
            "not a 32-bit integer",
        ),
        (
            &["vserver", "getServerInstanceList", "--bogus", "1"],
            "--bogus",
        ),
        // the builder's checks: a missing required parameter, an out-of-range value
        (&["vserver", "startServerInstances"], "serverInstanceNoList"),
        (
            &[
                "vserver",
                "createServerInstances",
                "--vpcNo",
                "1",
                "--subnetNo",
                "2",
                "--serverImageProductCode",
                "P",
                "--serverCreateCount",
                "99",
                "--networkInterfaceList",
                "networkInterfaceOrder='0'",
            ],
            "serverCreateCount",
        ),
        // a malformed struct item names the parameter and the position
        (
            &[
                "vserver",
                "createServerInstances",
                "--vpcNo",
                "1",
                "--subnetNo",
                "2",
                "--serverImageProductCode",
                "P",
                "--networkInterfaceList",
                "networkInterfaceOrder='0'",
                "networkInterfaceOrder='1' subnetNo='2'",
            ],
            "--networkInterfaceList item 2: expected `,` or the end, found `s` at character 27",
        ),
        (
            &[
                "vserver",
                "createServerInstances",
                "--vpcNo",
                "1",
                "--subnetNo",
                "2",
                "--serverImageProductCode",
                "P",
                "--networkInterfaceList",
                "order='0'",
            ],
            "--networkInterfaceList item 1: unknown field `order`",
        ),
        (
            &[
                "vserver",
                "createServerInstances",
                "--vpcNo",
                "1",
                "--subnetNo",
                "2",
                "--serverImageProductCode",
                "P",
                "--networkInterfaceList",
                "networkInterfaceOrder='zero'",
            ],
            "`networkInterfaceOrder`: `zero` is not an integer",
        ),
        (
            &["vserver", "getServerInstanceList", "--isProtect", "x"],
            "--isProtect",
        ),
        (
            &["vserver", "getServerInstanceList", "--wait"],
            "no waiter runs after",
        ),
        (&["bogus"], "unknown command `bogus`"),
    ];
    for (args, message) in cases {
        let out = env.run(args);
        assert_eq!(code(&out), 2, "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(message), "{args:?}: {}", stderr(&out));
    }
    assert!(env.mock.received().is_empty(), "{:?}", env.mock.received());
}

/// An API error exits 1 with its code, message and request id on stderr.
#[test]
fn api_errors_exit_1_with_code_message_and_request_id() {
    let env = env("api-error");
    env.mock
        .get_server_instance_list()
        .respond_with_error(MockError::api("1300", "Not found server instance"));
    let out = env.run(&["vserver", "getServerInstanceList"]);
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    assert!(err.contains("1300"), "{err}");
    assert!(err.contains("Not found server instance"), "{err}");
    assert!(err.contains("request id"), "{err}");
    assert!(out.stdout.is_empty());

    // no credentials anywhere: exit 1 naming where it looked
    let out = env
        .command(&["vserver", "getServerInstanceList"])
        .env_remove("NCLOUD_ACCESS_KEY_ID")
        .env_remove("NCLOUD_SECRET_ACCESS_KEY")
        .output()
        .unwrap();
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(
        stderr(&out).contains(".ncloud/configure"),
        "{}",
        stderr(&out)
    );
}

/// `--profile` reads its section of the configure file; `configure` writes one (mode 0600).
#[test]
fn profiles_and_configure() {
    let env = env("profile");
    answer_everything(&env.mock);
    let out = env
        .command(&["configure", "--profile", "prod"])
        .env_remove("NCLOUD_ACCESS_KEY_ID")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            child
                .stdin
                .take()
                .unwrap()
                .write_all(format!("{MOCK_ACCESS_KEY}\n{MOCK_SECRET_KEY}\n\n").as_bytes())?;
            child.wait_with_output()
        })
        .unwrap();
    ok(&out);
    let path = env.home.join(".ncloud/configure");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("[prod]\n"), "{text}");
    assert!(
        text.contains(&format!("ncloud_access_key_id = {MOCK_ACCESS_KEY}")),
        "{text}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    assert!(!stderr(&out).contains(MOCK_SECRET_KEY), "{}", stderr(&out));

    let no_env = |args: &[&str]| {
        env.command(args)
            .env_remove("NCLOUD_ACCESS_KEY_ID")
            .env_remove("NCLOUD_SECRET_ACCESS_KEY")
            .output()
            .unwrap()
    };
    ok(&no_env(&[
        "vserver",
        "getServerInstanceList",
        "--profile",
        "prod",
    ]));
    ok(&no_env(&[
        "--profile",
        "prod",
        "vserver",
        "getServerInstanceList",
    ]));
    // [DEFAULT] has no keys
    assert_eq!(code(&no_env(&["vserver", "getServerInstanceList"])), 1);
    assert_eq!(
        code(&no_env(&[
            "vserver",
            "getServerInstanceList",
            "--profile",
            "other"
        ])),
        1
    );
}

/// Help from the spec, the operation list and completions.
#[test]
fn help_and_completions() {
    let env = env("help");
    let help = ok(&env.run(&["vserver", "createServerInstances", "--help"]));
    assert!(help.contains("--networkInterfaceList <ITEM>..."), "{help}");
    assert!(help.contains("1 to 3 items."), "{help}");
    assert!(help.contains("3 to 30 characters."), "{help}");
    assert!(help.contains("--wait [<WAITER>]"), "{help}");
    let list_help = ok(&env.run(&["vserver", "getServerInstanceList", "--help"]));
    assert!(
        list_help.contains("RUN"),
        "known codes are listed: {list_help}"
    );
    let ops = ok(&env.run(&["vserver", "--help"]));
    assert_eq!(
        ops.lines()
            .filter(|l| l.starts_with("  ") && !l.starts_with("  --"))
            .count(),
        102
    );
    for shell in ["bash", "zsh", "fish"] {
        let script = ok(&env.run(&["completion", shell]));
        assert!(script.contains("getServerInstanceList"), "{shell}");
        assert!(script.contains("serverInstanceNoList"), "{shell}");
    }
    assert_eq!(code(&env.run(&["completion", "tcsh"])), 2);
    assert!(env.mock.received().is_empty());
}
