//! The `provision` example's flow, against an in-process simulator on a real-time clock and
//! against the binary through `--gateway`'s code path (a client pointed at its port).

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

#[allow(dead_code)]
mod provision {
    include!("../examples/provision.rs");
}

#[tokio::test]
async fn the_example_flow_matches_every_step_in_process() {
    let sim = ncloud_vserver_sim::Simulator::builder()
        .clock(ncloud_vserver_sim::ClockMode::RealTime)
        .transition(Duration::from_millis(20))
        .start()
        .await;
    provision::run(&sim.client()).await.unwrap();
}

#[tokio::test]
async fn the_example_flow_matches_every_step_against_the_binary() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ncloud-vserver-sim"))
        .args(["--transition-ms", "20"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port = line.trim_end().strip_prefix("listening on ").unwrap();
    let client = ncloud_vserver::Client::builder()
        .gateway(format!("http://127.0.0.1:{port}"))
        .credentials(ncloud_vserver::Credentials::new(
            ncloud_vserver_sim::DEFAULT_ACCESS_KEY,
            ncloud_vserver_sim::DEFAULT_SECRET_KEY,
        ))
        .http_client(reqwest::Client::builder().no_proxy().build().unwrap())
        .build()
        .unwrap();
    let result = provision::run(&client).await;
    let _ = child.kill();
    let _ = child.wait();
    result.unwrap();
}
