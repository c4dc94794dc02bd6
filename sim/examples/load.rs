// A small load generator: how many requests per second a simulator answers on loopback.
//
// ```text
// cargo run -p ncloud-vserver-sim --example load -- [--gateway URL] [--concurrency N] [--seconds S] [--operation list|regions]
// ```
//
// Without `--gateway` it measures an in-process simulator. Each of N tasks sends signed
// requests through this crate's client (a fresh signature each time, JSON answers) back to
// back; `list` is `getServerInstanceList` over 10 servers, `regions` is `getRegionList`. The
// keys are `NCLOUD_ACCESS_KEY` / `NCLOUD_SECRET_KEY` (default: the simulator's).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use ncloud_vserver::types::NetworkInterfaceParameter;
use ncloud_vserver::{Client, Credentials, RetryPolicy};
use ncloud_vserver_sim::{DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY, Simulator};

struct Args {
    gateway: Option<String>,
    concurrency: usize,
    seconds: u64,
    operation: String,
}

fn args() -> Result<Args, String> {
    let mut a = Args {
        gateway: None,
        concurrency: 8,
        seconds: 5,
        operation: "list".to_owned(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--gateway" => a.gateway = Some(value()?),
            "--concurrency" => a.concurrency = value()?.parse().map_err(|_| "--concurrency N")?,
            "--seconds" => a.seconds = value()?.parse().map_err(|_| "--seconds S")?,
            "--operation" => a.operation = value()?,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(a)
}

#[tokio::main]
async fn main() -> Result<(), String> {
    let args = args()?;
    let mut local = None;
    let gateway = match &args.gateway {
        Some(g) => g.clone(),
        None => {
            let sim = Simulator::builder().record_requests(false).start().await;
            let uri = sim.uri();
            local = Some(sim);
            uri
        }
    };
    let env =
        |name: &str, default: &str| std::env::var(name).unwrap_or_else(|_| default.to_owned());
    let client = Client::builder()
        .gateway(&gateway)
        .credentials(Credentials::new(
            env("NCLOUD_ACCESS_KEY", DEFAULT_ACCESS_KEY),
            env("NCLOUD_SECRET_KEY", DEFAULT_SECRET_KEY),
        ))
        .retry_policy(RetryPolicy::disabled())
        .http_client(
            reqwest::Client::builder()
                .no_proxy()
                .build()
                .map_err(|e| e.to_string())?,
        )
        .build()
        .map_err(|e| e.to_string())?;
    if args.operation == "list" {
        let key = format!("load-{}", std::process::id());
        client
            .create_login_key()
            .key_name(&key)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let acgs = client
            .get_access_control_group_list()
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let acg = acgs.access_control_group_list[0]
            .access_control_group_no
            .clone()
            .unwrap_or_default();
        let mut nic = NetworkInterfaceParameter::new(0);
        nic.access_control_group_no_list.push(acg);
        client
            .create_server_instances()
            .server_image_no("23214590")
            .login_key_name(&key)
            .vpc_no("1")
            .subnet_no("1")
            .network_interface_list(nic)
            .server_create_count(10)
            .server_name(format!("load{}", std::process::id() % 100_000))
            .send()
            .await
            .map_err(|e| e.to_string())?;
    }
    let done = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    let mut tasks = Vec::new();
    for _ in 0..args.concurrency {
        let (client, done, failed, op) = (
            client.clone(),
            done.clone(),
            failed.clone(),
            args.operation.clone(),
        );
        tasks.push(tokio::spawn(async move {
            while Instant::now() < deadline {
                let ok = if op == "list" {
                    client.get_server_instance_list().send().await.is_ok()
                } else {
                    client.get_region_list().send().await.is_ok()
                };
                if ok { &done } else { &failed }.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    let start = Instant::now();
    for t in tasks {
        t.await.map_err(|e| e.to_string())?;
    }
    let elapsed = start.elapsed().as_secs_f64();
    let n = done.load(Ordering::Relaxed);
    println!(
        "{} {} requests in {elapsed:.1} s with {} tasks: {:.0} requests/s ({} failed)",
        n,
        args.operation,
        args.concurrency,
        n as f64 / elapsed,
        failed.load(Ordering::Relaxed)
    );
    drop(local);
    Ok(())
}
