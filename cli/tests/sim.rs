//! The provisioning flow as NCP CLI command lines: the `ncloud` binary as a process against the
//! stateful simulator (real-time clock, short transitions), each step checked on what it prints
//! and on the state the simulator then holds.

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use ncloud_vserver_sim::world::codes;
use ncloud_vserver_sim::{ClockMode, Simulator};
use serde_json::Value;

const IMAGE: &str = "23214590";
const SPEC: &str = "c2-g3";

struct Flow {
    sim: Simulator,
    home: PathBuf,
    // serves the simulator while the test waits on each child process
    _rt: tokio::runtime::Runtime,
}

impl Drop for Flow {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.home);
    }
}

impl Flow {
    fn start() -> Self {
        let rt = tokio::runtime::Runtime::new().unwrap();
        let sim = rt.block_on(
            Simulator::builder()
                .clock(ClockMode::RealTime)
                .transition(Duration::from_millis(40))
                .start(),
        );
        let home = std::env::temp_dir().join(format!("ncloud-cli-sim-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&home);
        std::fs::create_dir_all(&home).unwrap();
        Flow { sim, home, _rt: rt }
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_ncloud"))
            .args(args)
            .env_clear()
            .env("HOME", &self.home)
            .envs(self.sim.env())
            .stdin(Stdio::null())
            .output()
            .unwrap()
    }

    /// Runs `ncloud vserver <args>`, expects exit 0 and returns the printed JSON.
    fn ok(&self, args: &[&str]) -> Value {
        let mut all = vec!["vserver"];
        all.extend_from_slice(args);
        let out = self.run(&all);
        assert!(
            out.status.success(),
            "ncloud {}: {:?}\nstdout: {}\nstderr: {}",
            all.join(" "),
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!("{e}: {}", String::from_utf8_lossy(&out.stdout));
        })
    }

    /// The server's status code as `getServerInstanceDetail` prints it.
    fn server_status(&self, no: &str) -> String {
        let v = self.ok(&["getServerInstanceDetail", "--serverInstanceNo", no]);
        text(
            &v["getServerInstanceDetailResponse"]["serverInstanceList"][0]["serverInstanceStatus"]
                ["code"],
        )
    }
}

fn text(v: &Value) -> String {
    v.as_str()
        .unwrap_or_else(|| panic!("not a string: {v}"))
        .to_owned()
}

#[test]
fn provisioning_flow_as_ncp_cli_command_lines() {
    let flow = Flow::start();

    // a login key: its private key is the answer the user asked for
    let key = flow.ok(&["createLoginKey", "--keyName", "cli-key"]);
    let pem = text(&key["createLoginKeyResponse"]["privateKey"]);
    assert!(pem.starts_with("-----BEGIN RSA PRIVATE KEY-----"), "{pem}");
    let pem_file = flow.home.join("cli-key.pem");
    std::fs::write(&pem_file, &pem).unwrap();

    // an ACG with an inbound rule for SSH, waited on until the rules are applied
    let acg = flow.ok(&[
        "createAccessControlGroup",
        "--vpcNo",
        "1",
        "--accessControlGroupName",
        "cli-acg",
    ]);
    let acg_no = text(
        &acg["createAccessControlGroupResponse"]["accessControlGroupList"][0]["accessControlGroupNo"],
    );
    let rules = flow.ok(&[
        "addAccessControlGroupInboundRule",
        "--vpcNo",
        "1",
        "--accessControlGroupNo",
        &acg_no,
        "--accessControlGroupRuleList",
        "protocolTypeCode='TCP', ipBlock='0.0.0.0/0', portRange='22'",
        "--wait",
    ]);
    let listed = &rules["getAccessControlGroupListResponse"]["accessControlGroupList"][0];
    assert_eq!(
        text(&listed["accessControlGroupStatus"]["code"]),
        "RUN",
        "{rules}"
    );
    let inbound = flow.ok(&[
        "getAccessControlGroupRuleList",
        "--accessControlGroupNo",
        &acg_no,
        "--output",
        "json",
    ]);
    let list = &inbound["getAccessControlGroupRuleListResponse"]["accessControlGroupRuleList"];
    assert_eq!(text(&list[0]["portRange"]), "22", "{inbound}");

    // a server in that ACG: `--wait` prints the polled list in its final state
    let created = flow.ok(&[
        "createServerInstances",
        "--serverImageNo",
        IMAGE,
        "--serverSpecCode",
        SPEC,
        "--serverName",
        "cli-web",
        "--loginKeyName",
        "cli-key",
        "--vpcNo",
        "1",
        "--subnetNo",
        "1",
        "--networkInterfaceList",
        &format!("networkInterfaceOrder='0', accessControlGroupNoList=['{acg_no}']"),
        "--wait",
    ]);
    let server = &created["getServerInstanceListResponse"]["serverInstanceList"][0];
    assert_eq!(
        text(&server["serverInstanceStatus"]["code"]),
        "RUN",
        "{created}"
    );
    let server_no = text(&server["serverInstanceNo"]);

    // the root password, decrypted with the key read from its file
    let password = flow.ok(&[
        "getRootPassword",
        "--serverInstanceNo",
        &server_no,
        "--privateKey",
        &format!("file://{}", pem_file.display()),
    ]);
    let password = text(&password["getRootPasswordResponse"]["rootPassword"]);
    assert_eq!(password.len(), 12, "{password}");

    // a new disk attached to it
    let disk = flow.ok(&[
        "createBlockStorageInstance",
        "--serverInstanceNo",
        &server_no,
        "--blockStorageName",
        "cli-data",
        "--blockStorageSize",
        "20",
        "--wait",
    ]);
    let disk_row = &disk["getBlockStorageInstanceListResponse"]["blockStorageInstanceList"][0];
    assert_eq!(
        text(&disk_row["blockStorageInstanceStatus"]["code"]),
        "ATTAC",
        "{disk}"
    );
    let disk_no = text(&disk_row["blockStorageInstanceNo"]);

    // a running server cannot be terminated: exit 1, the API's code on stderr
    let out = flow.run(&[
        "vserver",
        "terminateServerInstances",
        "--serverInstanceNoList",
        &server_no,
    ]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("API error {}", codes::INVALID_STATE)),
        "{err}"
    );
    assert_eq!(flow.server_status(&server_no), "RUN");

    // an attached disk cannot be deleted
    let out = flow.run(&[
        "vserver",
        "deleteBlockStorageInstances",
        "--blockStorageInstanceNoList",
        &disk_no,
    ]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("API error {}", codes::STORAGE_IN_USE)),
        "{err}"
    );

    // stop, detach, terminate, each waited on
    let stopped = flow.ok(&[
        "stopServerInstances",
        "--serverInstanceNoList",
        &server_no,
        "--wait",
    ]);
    let server = &stopped["getServerInstanceListResponse"]["serverInstanceList"][0];
    assert_eq!(
        text(&server["serverInstanceStatus"]["code"]),
        "NSTOP",
        "{stopped}"
    );
    let detached = flow.ok(&[
        "detachBlockStorageInstances",
        "--blockStorageInstanceNoList",
        &disk_no,
        "--wait",
    ]);
    let disk_row = &detached["getBlockStorageInstanceListResponse"]["blockStorageInstanceList"][0];
    assert_eq!(
        text(&disk_row["blockStorageInstanceStatus"]["code"]),
        "CREAT",
        "{detached}"
    );

    let table = flow.run(&["vserver", "getServerInstanceList", "--output", "table"]);
    let table = String::from_utf8_lossy(&table.stdout).into_owned();
    assert!(
        table.contains(&server_no) && table.contains("NSTOP"),
        "{table}"
    );

    flow.ok(&[
        "terminateServerInstances",
        "--serverInstanceNoList",
        &server_no,
        "--wait",
    ]);
    let gone = flow.ok(&[
        "getServerInstanceList",
        "--serverInstanceNoList",
        &server_no,
    ]);
    let list = &gone["getServerInstanceListResponse"]["serverInstanceList"];
    assert_eq!(list.as_array().map(Vec::len), Some(0), "{gone}");
    assert_eq!(flow.sim.state().servers.len(), 0);
}
