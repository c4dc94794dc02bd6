//! NCP's official Python SDK (`ncloud-vserver` 1.0.1 from PyPI) against the binary: create a
//! server, poll until `RUN`, stop, terminate (`tests/python/sdk_flow.py`).
//!
//! The SDK's interpreter is named by `NCP_PYTHON_SDK` (the venv's `python`, which `.ci/run`
//! installs the SDK into). Without it the test prints a note and passes, except under CI
//! (`CI` set), where a missing SDK is a failure.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

#[test]
fn the_official_python_sdk_provisions_against_the_binary() {
    let Some(python) = std::env::var_os("NCP_PYTHON_SDK") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but NCP_PYTHON_SDK is not: .ci/run installs the SDK and sets it"
        );
        eprintln!(
            "note: NCP_PYTHON_SDK is not set: skipping the Python SDK test (.ci/run sets it)"
        );
        return;
    };
    let mut sim = Command::new(env!("CARGO_BIN_EXE_ncloud-vserver-sim"))
        .args(["--transition-ms", "50"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(sim.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port = line
        .trim_end()
        .strip_prefix("listening on ")
        .unwrap()
        .to_owned();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python/sdk_flow.py");
    let out = Command::new(&python)
        .arg(&script)
        .env("NCLOUD_API_GW", format!("http://127.0.0.1:{port}"))
        .env("SIM_ACCESS_KEY", ncloud_vserver_sim::DEFAULT_ACCESS_KEY)
        .env("SIM_SECRET_KEY", ncloud_vserver_sim::DEFAULT_SECRET_KEY)
        .env_remove("HTTP_PROXY")
        .env_remove("http_proxy")
        .output()
        .unwrap();
    let _ = sim.kill();
    let _ = sim.wait();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("server") && stdout.contains(": RUN"),
        "{stdout}"
    );
    assert!(
        stdout.contains("terminate while running refused"),
        "{stdout}"
    );
    assert_eq!(stdout.lines().last(), Some("ok"), "{stdout}");
}
