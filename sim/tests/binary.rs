//! The binary as a process: its first line, signed requests with its keys, the gateway's 401 on
//! a bad signature, a raw request the client would not send, and the state saved on SIGTERM.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use ncloud_runtime::client::signing;
use ncloud_vserver::{Client, Credentials};

struct Sim {
    child: Child,
    port: u16,
}

impl Drop for Sim {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(args: &[&str]) -> Sim {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ncloud-vserver-sim"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port = line
        .trim_end()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("first line: {line:?}"))
        .parse()
        .unwrap();
    Sim { child, port }
}

fn client(sim: &Sim, access: &str, secret: &str) -> Client {
    Client::builder()
        .gateway(format!("http://127.0.0.1:{}", sim.port))
        .credentials(Credentials::new(access, secret))
        .http_client(reqwest::Client::builder().no_proxy().build().unwrap())
        .build()
        .unwrap()
}

/// A GET of `operation` with `query`, signed (v2) with `secret`.
async fn raw_get(
    sim: &Sim,
    access: &str,
    secret: &str,
    operation: &str,
    query: &str,
) -> (u16, String) {
    let target = format!("/vserver/v2/{operation}?{query}");
    let ts = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis()
        .to_string();
    let response = reqwest::Client::builder()
        .no_proxy()
        .build()
        .unwrap()
        .get(format!("http://127.0.0.1:{}{target}", sim.port))
        .header(signing::TIMESTAMP_HEADER, &ts)
        .header(signing::ACCESS_KEY_HEADER, access)
        .header(
            signing::SIGNATURE_HEADER,
            signing::sign(secret, "GET", &target, &ts, access),
        )
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

#[tokio::test]
async fn serves_signed_requests_with_the_keys_it_was_given() {
    let sim = start(&[
        "--access-key",
        "ak-test",
        "--secret-key",
        "sk-test",
        "--transition-ms",
        "20",
    ]);
    let regions = client(&sim, "ak-test", "sk-test")
        .get_region_list()
        .send()
        .await
        .unwrap();
    assert_eq!(regions.region_list[0].region_code.as_deref(), Some("KR"));

    // A wrong secret: the gateway's 401 "Authentication Failed".
    let (status, body) = raw_get(
        &sim,
        "ak-test",
        "wrong",
        "getRegionList",
        "responseFormatType=json",
    )
    .await;
    assert_eq!(status, 401);
    assert!(body.contains("\"errorCode\":\"200\""), "{body}");

    // XML by default, JSON when asked, as the API answers.
    let (status, body) = raw_get(&sim, "ak-test", "sk-test", "getZoneList", "regionCode=KR").await;
    assert_eq!(status, 200);
    assert!(
        body.starts_with("<getZoneListResponse>") || body.contains("<getZoneListResponse"),
        "{body}"
    );

    // A name the client would refuse before sending is refused by the simulator too.
    let (status, body) = raw_get(
        &sim,
        "ak-test",
        "sk-test",
        "createAccessControlGroup",
        "vpcNo=1&accessControlGroupName=Bad_Name&responseFormatType=json",
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("\"returnCode\":\"1200\""), "{body}");

    // The real-time clock: a server goes INIT, CREAT, RUN in about two transitions.
    let c = client(&sim, "ak-test", "sk-test");
    c.create_login_key()
        .key_name("bin-key")
        .send()
        .await
        .unwrap();
    let mut nic = ncloud_vserver::types::NetworkInterfaceParameter::new(0);
    nic.access_control_group_no_list.push(
        c.get_access_control_group_list()
            .send()
            .await
            .unwrap()
            .access_control_group_list[0]
            .access_control_group_no
            .clone()
            .unwrap(),
    );
    let created = c
        .create_server_instances()
        .server_image_no("23214590")
        .vpc_no("1")
        .subnet_no("1")
        .network_interface_list(nic)
        .send()
        .await
        .unwrap();
    let no = created.server_instance_list[0]
        .server_instance_no
        .clone()
        .unwrap();
    c.wait_until_server_instance_running()
        .server_instance_no(&no)
        .min_delay(Duration::from_millis(10))
        .max_delay(Duration::from_millis(20))
        .wait(Duration::from_secs(10))
        .await
        .unwrap();
}

#[tokio::test]
async fn saves_the_state_on_sigterm_and_restores_it() {
    let dir = std::env::temp_dir().join(format!("ncloud-sim-bin-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("state.json");
    let _ = std::fs::remove_file(&path);
    let path_arg = path.to_str().unwrap();
    let mut sim = start(&["--state", path_arg]);
    let c = client(&sim, "sim-access-key", "sim-secret-key");
    c.create_placement_group()
        .placement_group_name("kept-group")
        .send()
        .await
        .unwrap();
    let status = Command::new("kill")
        .args(["-TERM", &sim.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = sim.child.wait().unwrap();
    assert!(exit.success(), "{exit:?}");
    let sim = start(&["--state", path_arg]);
    let groups = client(&sim, "sim-access-key", "sim-secret-key")
        .get_placement_group_list()
        .send()
        .await
        .unwrap();
    assert_eq!(
        groups.placement_group_list[0]
            .placement_group_name
            .as_deref(),
        Some("kept-group")
    );
    drop(sim);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn refuses_bad_flags_with_exit_code_2() {
    let out = Command::new(env!("CARGO_BIN_EXE_ncloud-vserver-sim"))
        .args(["--access-key", "only-one"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("go together"));
}

#[tokio::test]
async fn modelled_operations_have_routes_and_the_others_say_they_are_not_modelled() {
    let sim = start(&[]);
    let (a, s) = ("sim-access-key", "sim-secret-key");
    for operation in ncloud_vserver_sim::MODELLED {
        let (status, body) = raw_get(&sim, a, s, operation, "responseFormatType=json").await;
        // Without a handler the mock would answer 404 "no answer registered".
        assert!(
            status != 404 && !body.contains("\"1900\""),
            "{operation} is listed as modelled but answered {status} {body}"
        );
    }
    for operation in [
        "getFabricClusterList",
        "getFabricClusterPoolList",
        "getMemberServerImageInstanceList",
    ] {
        let (status, body) = raw_get(&sim, a, s, operation, "responseFormatType=json").await;
        assert_eq!(status, 400, "{operation}: {body}");
        assert!(
            body.contains("\"1900\"") && body.contains("not modelled"),
            "{operation}: {body}"
        );
    }
}
