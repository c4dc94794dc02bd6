// The provisioning flow against the simulator, step by step:
//
// ```text
// cargo run -p ncloud-vserver-sim --example provision -- [--gateway URL]
// ```
//
// Without `--gateway` it starts a simulator in-process (real-time clock, 100 ms transitions);
// with it, it talks to that gateway (a running `ncloud-vserver-sim`) with the keys in
// `NCLOUD_ACCESS_KEY` / `NCLOUD_SECRET_KEY` (default: the simulator's). Prints each step and
// exits 0 when every step matched what it expected, 1 at the first that did not.

use std::process::ExitCode;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use ncloud_vserver::types::{AddAccessControlGroupRuleParameter, NetworkInterfaceParameter};
use ncloud_vserver::{Client, Credentials, Error, RetryPolicy};
use ncloud_vserver_sim::{ClockMode, DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY, Simulator};

const WAIT: Duration = Duration::from_secs(60);
const POLL: Duration = Duration::from_millis(50);
const MAX_POLL: Duration = Duration::from_millis(500);

/// One step's outcome: what it found, or why it did not match.
type Step = Result<String, String>;

fn failed<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

/// Expects an API error (the API refusing a precondition), with its code.
fn refused<T: std::fmt::Debug>(result: Result<T, Error>) -> Step {
    match result {
        Err(Error::Api(e)) => Ok(format!(
            "refused as expected ({} {})",
            e.return_code().unwrap_or("?"),
            e.return_message().unwrap_or("")
        )),
        other => Err(format!("expected the API to refuse, got {other:?}")),
    }
}

/// Runs the flow; `Err` names the first step that did not match.
pub async fn run(client: &Client) -> Result<(), String> {
    let suffix = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() % 1_000_000);
    let name = |what: &str| format!("prov-{what}-{suffix}");
    let mut n = 0;
    let mut step = |title: &str, outcome: Step| -> Result<String, String> {
        n += 1;
        match outcome {
            Ok(found) => {
                println!("step {n:2}: {title}: ok: {found}");
                Ok(found)
            }
            Err(why) => {
                println!("step {n:2}: {title}: FAILED: {why}");
                Err(format!("step {n} ({title}) failed"))
            }
        }
    };

    let key = client
        .create_login_key()
        .key_name(name("key"))
        .send()
        .await
        .map_err(failed);
    let private_key = key
        .as_ref()
        .ok()
        .and_then(|k| k.private_key.clone())
        .unwrap_or_default();
    step(
        "create a login key",
        key.and_then(|k| match &k.private_key {
            Some(pem) if pem.starts_with("-----BEGIN RSA PRIVATE KEY-----") => {
                Ok(k.key_name.unwrap_or_default())
            }
            _ => Err("no PEM private key in the answer".to_owned()),
        }),
    )?;

    let acg = client
        .create_access_control_group()
        .vpc_no("1")
        .access_control_group_name(name("acg"))
        .send()
        .await
        .map_err(failed)
        .and_then(|a| {
            a.access_control_group_list
                .first()
                .and_then(|g| g.access_control_group_no.clone())
                .ok_or_else(|| "no ACG in the answer".to_owned())
        });
    let acg_no = step("create an ACG", acg)?;

    let mut ssh = AddAccessControlGroupRuleParameter::new("TCP".into());
    ssh.ip_block = Some("0.0.0.0/0".to_owned());
    ssh.port_range = Some("22".to_owned());
    let rule = client
        .add_access_control_group_inbound_rule()
        .vpc_no("1")
        .access_control_group_no(&acg_no)
        .access_control_group_rule_list(ssh)
        .send()
        .await
        .map_err(failed)
        .map(|r| format!("{} rule(s)", r.access_control_group_rule_list.len()));
    step("add an inbound rule for TCP 22", rule)?;
    let applied = client
        .wait_until_access_control_group_rules_applied()
        .access_control_group_no(&acg_no)
        .min_delay(POLL)
        .max_delay(MAX_POLL)
        .wait(WAIT)
        .await
        .map_err(failed)
        .map(|_| "RUN".to_owned());
    step("wait until the ACG's rules are applied", applied)?;

    let mut nic = NetworkInterfaceParameter::new(0);
    nic.access_control_group_no_list.push(acg_no.clone());
    let server = client
        .create_server_instances()
        .server_image_no("23214590")
        .server_spec_code("c2-g3")
        .server_name(name("web"))
        .login_key_name(name("key"))
        .vpc_no("1")
        .subnet_no("1")
        .network_interface_list(nic)
        .send()
        .await
        .map_err(failed)
        .and_then(|s| {
            s.server_instance_list
                .first()
                .and_then(|s| s.server_instance_no.clone())
                .ok_or_else(|| "no server in the answer".to_owned())
        });
    let server_no = step("create a server", server)?;
    let running = client
        .wait_until_server_instance_running()
        .server_instance_no(&server_no)
        .min_delay(POLL)
        .max_delay(MAX_POLL)
        .wait(WAIT)
        .await
        .map_err(failed)
        .map(|_| "RUN".to_owned());
    step("wait until it runs", running)?;

    let password = client
        .get_root_password()
        .server_instance_no(&server_no)
        .private_key(&private_key)
        .send()
        .await
        .map_err(failed)
        .and_then(|p| match p.root_password {
            Some(p) if !p.is_empty() => Ok(format!("{} characters", p.len())),
            _ => Err("no root password".to_owned()),
        });
    step("read the root password with the private key", password)?;

    let early = client
        .terminate_server_instances()
        .server_instance_no_list(&server_no)
        .send()
        .await;
    step("terminate while running (must be refused)", refused(early))?;

    let disk = client
        .create_block_storage_instance()
        .server_instance_no(&server_no)
        .block_storage_name(name("data"))
        .block_storage_size(20)
        .send()
        .await
        .map_err(failed)
        .and_then(|d| {
            d.block_storage_instance_list
                .first()
                .and_then(|d| d.block_storage_instance_no.clone())
                .ok_or_else(|| "no block storage in the answer".to_owned())
        });
    let disk_no = step("create and attach a 20 GB disk", disk)?;
    let attached = client
        .wait_until_block_storage_attached()
        .block_storage_instance_no(&disk_no)
        .min_delay(POLL)
        .max_delay(MAX_POLL)
        .wait(WAIT)
        .await
        .map_err(failed)
        .map(|_| "ATTAC".to_owned());
    step("wait until it is attached", attached)?;
    let delete_attached = client
        .delete_block_storage_instances()
        .block_storage_instance_no_list(&disk_no)
        .send()
        .await;
    step(
        "delete the attached disk (must be refused)",
        refused(delete_attached),
    )?;

    let stop = client
        .stop_server_instances()
        .server_instance_no_list(&server_no)
        .send()
        .await
        .map_err(failed)
        .map(|_| "stopping".to_owned());
    step("stop the server", stop)?;
    let stopped = client
        .wait_until_server_instance_stopped()
        .server_instance_no(&server_no)
        .min_delay(POLL)
        .max_delay(MAX_POLL)
        .wait(WAIT)
        .await
        .map_err(failed)
        .map(|_| "NSTOP".to_owned());
    step("wait until it is stopped", stopped)?;

    let detach = client
        .detach_block_storage_instances()
        .block_storage_instance_no_list(&disk_no)
        .send()
        .await
        .map_err(failed)
        .map(|_| "detaching".to_owned());
    step("detach the disk", detach)?;
    let detached = client
        .wait_until_block_storage_detached()
        .block_storage_instance_no(&disk_no)
        .min_delay(POLL)
        .max_delay(MAX_POLL)
        .wait(WAIT)
        .await
        .map_err(failed)
        .map(|_| "CREAT".to_owned());
    step("wait until it is detached", detached)?;

    let terminate = client
        .terminate_server_instances()
        .server_instance_no_list(&server_no)
        .send()
        .await
        .map_err(failed)
        .map(|_| "terminating".to_owned());
    step("terminate the server", terminate)?;
    let gone = client
        .wait_until_server_instance_terminated()
        .server_instance_no(&server_no)
        .min_delay(POLL)
        .max_delay(MAX_POLL)
        .wait(WAIT)
        .await
        .map_err(failed)
        .map(|_| "gone".to_owned());
    step("wait until it is gone", gone)?;

    let delete = client
        .delete_block_storage_instances()
        .block_storage_instance_no_list(&disk_no)
        .send()
        .await
        .map_err(failed)
        .map(|_| "deleting".to_owned());
    step("delete the detached disk", delete)?;
    let deleted = client
        .wait_until_block_storage_deleted()
        .block_storage_instance_no(&disk_no)
        .min_delay(POLL)
        .max_delay(MAX_POLL)
        .wait(WAIT)
        .await
        .map_err(failed)
        .map(|_| "gone".to_owned());
    step("wait until it is gone", deleted)?;
    Ok(())
}

fn gateway_arg() -> Result<Option<String>, String> {
    let mut args = std::env::args().skip(1);
    let mut gateway = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--gateway" => gateway = Some(args.next().ok_or("--gateway needs a URL")?),
            other => {
                return Err(format!(
                    "unknown argument {other}; usage: provision [--gateway URL]"
                ));
            }
        }
    }
    Ok(gateway)
}

#[tokio::main]
async fn main() -> ExitCode {
    let gateway = match gateway_arg() {
        Ok(g) => g,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    // Kept alive for the whole flow when it runs in-process.
    let mut local = None;
    let client = match gateway {
        Some(url) => {
            println!("gateway: {url}");
            let env = |name: &str, default: &str| {
                std::env::var(name).unwrap_or_else(|_| default.to_owned())
            };
            Client::builder()
                .gateway(url)
                .credentials(Credentials::new(
                    env("NCLOUD_ACCESS_KEY", DEFAULT_ACCESS_KEY),
                    env("NCLOUD_SECRET_KEY", DEFAULT_SECRET_KEY),
                ))
                .retry_policy(
                    RetryPolicy::default().with_initial_backoff(Duration::from_millis(100)),
                )
                .http_client(
                    reqwest::Client::builder()
                        .no_proxy()
                        .build()
                        .unwrap_or_default(),
                )
                .build()
        }
        None => {
            let sim = Simulator::builder()
                .clock(ClockMode::RealTime)
                .transition(Duration::from_millis(100))
                .start()
                .await;
            println!("gateway: {} (in-process simulator)", sim.uri());
            let client = sim.client_builder().build();
            local = Some(sim);
            client
        }
    };
    let client = match client {
        Ok(c) => c,
        Err(e) => {
            eprintln!("cannot make a client: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = run(&client).await;
    drop(local);
    match result {
        Ok(()) => {
            println!("every step matched");
            ExitCode::SUCCESS
        }
        Err(e) => {
            println!("{e}");
            ExitCode::FAILURE
        }
    }
}
