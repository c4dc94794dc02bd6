//! Startup plus one call: the `ncloud` binary run as a process against the typed mock on
//! loopback (`ncloud vserver getServerInstanceList --serverInstanceNoList 1`), what a script
//! pays per command: `cargo bench -p ncloud-cli`. The binary is cargo's build of it for the
//! bench (whose features include the dev-dependencies' `mock`), or the one `NCLOUD_BIN` names
//! (the shipped release build: `NCLOUD_BIN=target/release/ncloud cargo bench -p ncloud-cli`).

use std::process::{Command, Stdio};

use criterion::{Criterion, criterion_group, criterion_main};
use ncloud_vserver::mock::{MOCK_ACCESS_KEY, MOCK_SECRET_KEY, MockServer};
use ncloud_vserver::types::{GetServerInstanceListResponse, ServerInstance};

fn binary() -> String {
    std::env::var("NCLOUD_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_ncloud").to_owned())
}

fn bench(c: &mut Criterion) {
    let bin = binary();
    // A multi-threaded runtime serves the mock on its workers while the benchmark waits on
    // the child process.
    let rt = tokio::runtime::Runtime::new().expect("a Tokio runtime");
    let mock = rt.block_on(MockServer::start());
    let mut response = GetServerInstanceListResponse::default();
    response.return_code = Some("0".to_owned());
    response.total_rows = Some(1);
    let mut server = ServerInstance::default();
    server.server_instance_no = Some("1".to_owned());
    server.server_name = Some("web-1".to_owned());
    response.server_instance_list = vec![server];
    mock.get_server_instance_list().respond_with(response);
    let home = std::env::temp_dir().join(format!("ncloud-bench-{}", std::process::id()));
    std::fs::create_dir_all(&home).expect("a temporary home");
    let run = || {
        let status = Command::new(&bin)
            .args([
                "vserver",
                "getServerInstanceList",
                "--serverInstanceNoList",
                "1",
            ])
            .env_clear()
            .env("HOME", &home)
            .env("NCLOUD_ACCESS_KEY_ID", MOCK_ACCESS_KEY)
            .env("NCLOUD_SECRET_ACCESS_KEY", MOCK_SECRET_KEY)
            .env("NCLOUD_API_GW", mock.uri())
            .stdout(Stdio::null())
            .status()
            .expect("ncloud runs");
        assert!(status.success(), "ncloud failed: {status}");
    };
    run();
    c.bench_function("startup_and_one_call", |b| b.iter(run));
    // The same process start without a call, for the share of the call itself.
    c.bench_function("startup_help", |b| {
        b.iter(|| {
            let status = Command::new(&bin)
                .args(["vserver", "getServerInstanceList", "--help"])
                .env_clear()
                .stdout(Stdio::null())
                .status()
                .expect("ncloud runs");
            assert!(status.success());
        });
    });
    // every run above was a real call
    assert!(mock.get_server_instance_list().calls() > 1);
    let _ = std::fs::remove_dir_all(&home);
}

criterion_group!(benches, bench);
criterion_main!(benches);
