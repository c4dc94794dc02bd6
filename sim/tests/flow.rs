//! The provisioning flow end to end through this crate's client against the simulator, on a
//! virtual clock (each transition happens when the test advances the clock, so the flow takes
//! no real waiting), and the failure paths the API enforces.

use std::time::Duration;

use ncloud_runtime::mock::Fault;
use ncloud_vserver::types::{AddAccessControlGroupRuleParameter, NetworkInterfaceParameter};
use ncloud_vserver::{Client, Error, RetryPolicy};
use ncloud_vserver_sim::Simulator;
use ncloud_vserver_sim::world::codes;

const IMAGE: &str = "23214590";
const SPEC: &str = "c2-g3";
const WAIT: Duration = Duration::from_secs(5);
const POLL: Duration = Duration::from_millis(5);

fn api_code<T: std::fmt::Debug>(result: Result<T, Error>) -> String {
    match result {
        Err(Error::Api(e)) => e.return_code().unwrap_or_default().to_owned(),
        other => panic!("expected an API error, got {other:?}"),
    }
}

/// A client that does not retry, so that the first error is the one seen.
fn no_retry(sim: &Simulator) -> Client {
    sim.client_builder()
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap()
}

async fn acg_with_ssh(sim: &Simulator, client: &Client, name: &str) -> String {
    let acg = client
        .create_access_control_group()
        .vpc_no("1")
        .access_control_group_name(name)
        .send()
        .await
        .unwrap();
    let acg_no = acg.access_control_group_list[0]
        .access_control_group_no
        .clone()
        .unwrap();
    let mut ssh = AddAccessControlGroupRuleParameter::new("TCP".into());
    ssh.ip_block = Some("0.0.0.0/0".to_owned());
    ssh.port_range = Some("22".to_owned());
    client
        .add_access_control_group_inbound_rule()
        .vpc_no("1")
        .access_control_group_no(&acg_no)
        .access_control_group_rule_list(ssh.clone())
        .send()
        .await
        .unwrap();
    // While the rules are being applied (SET), another change is refused with 1007009.
    let again = no_retry(sim)
        .add_access_control_group_inbound_rule()
        .vpc_no("1")
        .access_control_group_no(&acg_no)
        .access_control_group_rule_list(ssh)
        .send()
        .await;
    assert_eq!(api_code(again), codes::ACG_IN_CHANGE);
    sim.advance(sim.transition());
    client
        .wait_until_access_control_group_rules_applied()
        .access_control_group_no(&acg_no)
        .min_delay(POLL)
        .wait(WAIT)
        .await
        .unwrap();
    acg_no
}

async fn create_server(client: &Client, name: &str, key: &str, acg_no: &str) -> String {
    let mut nic = NetworkInterfaceParameter::new(0);
    nic.access_control_group_no_list.push(acg_no.to_owned());
    let created = client
        .create_server_instances()
        .server_image_no(IMAGE)
        .server_spec_code(SPEC)
        .server_name(name)
        .login_key_name(key)
        .vpc_no("1")
        .subnet_no("1")
        .network_interface_list(nic)
        .send()
        .await
        .unwrap();
    let server = &created.server_instance_list[0];
    assert_eq!(
        server
            .server_instance_status
            .as_ref()
            .and_then(|s| s.code.as_ref())
            .map(|c| c.as_str()),
        Some("INIT")
    );
    server.server_instance_no.clone().unwrap()
}

fn status(server: &ncloud_vserver::types::ServerInstance) -> (String, String) {
    (
        server
            .server_instance_status
            .as_ref()
            .and_then(|s| s.code.as_ref())
            .map(|c| c.as_str().to_owned())
            .unwrap_or_default(),
        server
            .server_instance_operation
            .as_ref()
            .and_then(|s| s.code.as_ref())
            .map(|c| c.as_str().to_owned())
            .unwrap_or_default(),
    )
}

async fn server_status(client: &Client, no: &str) -> (String, String) {
    let detail = client
        .get_server_instance_detail()
        .server_instance_no(no)
        .send()
        .await
        .unwrap();
    status(&detail.server_instance_list[0])
}

#[tokio::test]
async fn provisioning_flow_from_login_key_to_termination() {
    let sim = Simulator::start().await;
    let client = sim.client();
    let t = sim.transition();

    let key = client
        .create_login_key()
        .key_name("flow-key")
        .send()
        .await
        .unwrap();
    let private_key = key.private_key.clone().unwrap();
    assert!(private_key.starts_with("-----BEGIN RSA PRIVATE KEY-----"));

    let acg_no = acg_with_ssh(&sim, &client, "flow-acg").await;
    let rules = client
        .get_access_control_group_rule_list()
        .access_control_group_no(&acg_no)
        .send()
        .await
        .unwrap();
    assert_eq!(rules.access_control_group_rule_list.len(), 1);
    assert_eq!(
        rules.access_control_group_rule_list[0]
            .port_range
            .as_deref(),
        Some("22")
    );

    let server_no = create_server(&client, "flow-web", "flow-key", &acg_no).await;
    sim.advance(t);
    assert_eq!(server_status(&client, &server_no).await.0, "CREAT");
    sim.advance(t);
    client
        .wait_until_server_instance_running()
        .server_instance_no(&server_no)
        .min_delay(POLL)
        .wait(WAIT)
        .await
        .unwrap();

    let password = client
        .get_root_password()
        .server_instance_no(&server_no)
        .private_key(&private_key)
        .send()
        .await
        .unwrap()
        .root_password
        .unwrap();
    assert_eq!(password.len(), 12, "{password}");
    let encrypted = client
        .get_root_password()
        .server_instance_no(&server_no)
        .send()
        .await
        .unwrap()
        .root_password
        .unwrap();
    assert_ne!(encrypted, password, "without the key it stays encrypted");

    let disk = client
        .create_block_storage_instance()
        .server_instance_no(&server_no)
        .block_storage_name("flow-data")
        .block_storage_size(20)
        .send()
        .await
        .unwrap();
    let disk_no = disk.block_storage_instance_list[0]
        .block_storage_instance_no
        .clone()
        .unwrap();
    sim.advance(t * 2);
    client
        .wait_until_block_storage_attached()
        .block_storage_instance_no(&disk_no)
        .min_delay(POLL)
        .wait(WAIT)
        .await
        .unwrap();

    client
        .stop_server_instances()
        .server_instance_no_list(&server_no)
        .send()
        .await
        .unwrap();
    assert_eq!(
        server_status(&client, &server_no).await,
        ("RUN".to_owned(), "SHTDN".to_owned())
    );
    sim.advance(t);
    client
        .wait_until_server_instance_stopped()
        .server_instance_no(&server_no)
        .min_delay(POLL)
        .wait(WAIT)
        .await
        .unwrap();

    client
        .detach_block_storage_instances()
        .block_storage_instance_no_list(&disk_no)
        .send()
        .await
        .unwrap();
    sim.advance(t);
    client
        .wait_until_block_storage_detached()
        .block_storage_instance_no(&disk_no)
        .min_delay(POLL)
        .wait(WAIT)
        .await
        .unwrap();

    client
        .terminate_server_instances()
        .server_instance_no_list(&server_no)
        .send()
        .await
        .unwrap();
    sim.advance(t);
    client
        .wait_until_server_instance_terminated()
        .server_instance_no(&server_no)
        .min_delay(POLL)
        .wait(WAIT)
        .await
        .unwrap();
    let left = client
        .get_server_instance_detail()
        .server_instance_no(&server_no)
        .send()
        .await
        .unwrap();
    assert!(left.server_instance_list.is_empty(), "{left:?}");

    // The basic storage went with the server; the data disk stays, detached, until deleted.
    let disks = client
        .get_block_storage_instance_list()
        .send()
        .await
        .unwrap();
    assert_eq!(disks.block_storage_instance_list.len(), 1, "{disks:?}");
    client
        .delete_block_storage_instances()
        .block_storage_instance_no_list(&disk_no)
        .send()
        .await
        .unwrap();
    sim.advance(t);
    let disks = client
        .get_block_storage_instance_list()
        .send()
        .await
        .unwrap();
    assert!(disks.block_storage_instance_list.is_empty(), "{disks:?}");
}

#[tokio::test]
async fn the_api_preconditions_hold() {
    let sim = Simulator::start().await;
    let client = no_retry(&sim);
    let t = sim.transition();
    client
        .create_login_key()
        .key_name("pre-key")
        .send()
        .await
        .unwrap();
    let acg_no = sim.state().default_acg_no;
    let server_no = create_server(&client, "pre-web", "pre-key", &acg_no).await;

    // Busy while it is being created; then running, which cannot be terminated.
    let early = client
        .stop_server_instances()
        .server_instance_no_list(&server_no)
        .send()
        .await;
    assert_eq!(api_code(early), codes::IN_OPERATION);
    sim.advance(t * 2);
    let running = client
        .terminate_server_instances()
        .server_instance_no_list(&server_no)
        .send()
        .await;
    assert_eq!(api_code(running), codes::INVALID_STATE);

    // An attached disk cannot be deleted.
    let disk = client
        .create_block_storage_instance()
        .server_instance_no(&server_no)
        .block_storage_size(10)
        .send()
        .await
        .unwrap();
    let disk_no = disk.block_storage_instance_list[0]
        .block_storage_instance_no
        .clone()
        .unwrap();
    sim.advance(t * 2);
    let attached = client
        .delete_block_storage_instances()
        .block_storage_instance_no_list(&disk_no)
        .send()
        .await;
    assert_eq!(api_code(attached), codes::STORAGE_IN_USE);

    // A protected server cannot be terminated even when stopped.
    client
        .set_protect_server_termination()
        .server_instance_no(&server_no)
        .is_protect_server_termination(true)
        .send()
        .await
        .unwrap();
    client
        .stop_server_instances()
        .server_instance_no_list(&server_no)
        .send()
        .await
        .unwrap();
    sim.advance(t);
    let protected = client
        .terminate_server_instances()
        .server_instance_no_list(&server_no)
        .send()
        .await;
    assert_eq!(api_code(protected), codes::TERMINATION_PROTECTED);

    // Names are unique (the client checks the naming rules itself; the binary's test sends a
    // bad one raw); other VPCs do not exist; unknown numbers are empty lists.
    client
        .create_access_control_group()
        .vpc_no("1")
        .access_control_group_name("taken")
        .send()
        .await
        .unwrap();
    let taken = client
        .create_access_control_group()
        .vpc_no("1")
        .access_control_group_name("taken")
        .send()
        .await;
    assert_eq!(api_code(taken), codes::DUPLICATE_NAME);
    let other_vpc = client
        .create_access_control_group()
        .vpc_no("2")
        .send()
        .await;
    assert_eq!(api_code(other_vpc), codes::INVALID_PARAMETER);
    let unknown = client
        .get_server_instance_detail()
        .server_instance_no("999")
        .send()
        .await
        .unwrap();
    assert!(unknown.server_instance_list.is_empty());

    // A wrong private key does not open the root password.
    client
        .create_login_key()
        .key_name("other-key")
        .send()
        .await
        .unwrap();
    let other = client
        .create_login_key()
        .key_name("third-key")
        .send()
        .await
        .unwrap();
    let wrong = client
        .get_root_password()
        .server_instance_no(&server_no)
        .private_key(other.private_key.unwrap())
        .send()
        .await;
    assert_eq!(api_code(wrong), codes::WRONG_PRIVATE_KEY);

    // An operation the simulator does not model says so.
    let fabric = client.get_fabric_cluster_pool_list().send().await;
    assert_eq!(api_code(fabric), codes::NOT_MODELLED);
}

#[tokio::test]
async fn lists_page_like_the_api() {
    let sim = Simulator::start().await;
    let client = sim.client();
    for i in 0..5 {
        client
            .create_init_script()
            .init_script_name(format!("script-{i}"))
            .init_script_content("#!/bin/sh\necho hi\n")
            .send()
            .await
            .unwrap();
    }
    let page = client
        .get_init_script_list()
        .page_no(2)
        .page_size(2)
        .send()
        .await
        .unwrap();
    assert_eq!(page.total_rows, Some(5));
    let names: Vec<_> = page
        .init_script_list
        .iter()
        .map(|s| s.init_script_name.clone().unwrap())
        .collect();
    assert_eq!(names, ["script-2", "script-3"]);
    let images = client
        .get_server_image_list()
        .page_no(1)
        .page_size(1)
        .send()
        .await
        .unwrap();
    assert_eq!(images.server_image_list.len(), 1);
    assert_eq!(images.total_rows, Some(3));
}

#[tokio::test]
async fn the_same_seed_gives_the_same_numbers_keys_and_dates() {
    async fn run(seed: u64) -> (String, String, String) {
        let sim = Simulator::builder().seed(seed).start().await;
        let client = sim.client();
        let key = client
            .create_login_key()
            .key_name("seeded")
            .send()
            .await
            .unwrap();
        let list = client.get_login_key_list().send().await.unwrap();
        let acg = client
            .create_access_control_group()
            .vpc_no("1")
            .send()
            .await
            .unwrap();
        (
            key.private_key.unwrap(),
            list.login_key_list[0]
                .create_date
                .clone()
                .unwrap()
                .to_string(),
            acg.access_control_group_list[0]
                .access_control_group_no
                .clone()
                .unwrap(),
        )
    }
    let a = run(7).await;
    assert_eq!(a, run(7).await);
    let b = run(8).await;
    assert_ne!(a.0, b.0);
    assert_ne!(a.2, b.2);
}

#[tokio::test]
async fn the_state_file_restores_the_account() {
    let dir = std::env::temp_dir().join(format!("ncloud-sim-state-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("state.json");
    let _ = std::fs::remove_file(&path);
    {
        let sim = Simulator::builder().state_file(&path).start().await;
        let client = sim.client();
        client
            .create_init_script()
            .init_script_name("kept")
            .init_script_content("#!/bin/sh\n")
            .send()
            .await
            .unwrap();
    }
    // Saved on the change, without a shutdown.
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(saved["init_scripts"].as_object().unwrap().len(), 1);
    let sim = Simulator::builder().state_file(&path).start().await;
    let list = sim.client().get_init_script_list().send().await.unwrap();
    assert_eq!(
        list.init_script_list[0].init_script_name.as_deref(),
        Some("kept")
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn faults_are_injected_per_operation_and_count() {
    let sim = Simulator::start().await;
    let client = no_retry(&sim);
    sim.inject_fault("getRegionList", Fault::Throttle, 2);
    for _ in 0..2 {
        match client.get_region_list().send().await {
            Err(Error::Gateway(e)) => assert_eq!(e.http_status(), Some(429)),
            other => panic!("expected throttling, got {other:?}"),
        }
    }
    let regions = client.get_region_list().send().await.unwrap();
    assert_eq!(regions.region_list[0].region_code.as_deref(), Some("KR"));
    // The default client retries a throttled call and gets through.
    sim.inject_fault("getZoneList", Fault::Throttle, 1);
    let zones = sim.client().get_zone_list().send().await.unwrap();
    assert_eq!(zones.zone_list.len(), 2);
}

#[tokio::test]
async fn public_ips_interfaces_placement_groups_and_snapshots() {
    let sim = Simulator::start().await;
    let client = no_retry(&sim);
    let t = sim.transition();
    client
        .create_login_key()
        .key_name("net-key")
        .send()
        .await
        .unwrap();
    let default_acg = sim.state().default_acg_no;
    let server_no = create_server(&client, "net-web", "net-key", &default_acg).await;
    sim.advance(t * 2);

    // Public IP: created for the server, refused deletion while associated.
    let ip = client
        .create_public_ip_instance()
        .server_instance_no(&server_no)
        .send()
        .await
        .unwrap();
    let ip = &ip.public_ip_instance_list[0];
    let ip_no = ip.public_ip_instance_no.clone().unwrap();
    let address = ip.public_ip.clone().unwrap();
    sim.advance(t);
    let server = client
        .get_server_instance_detail()
        .server_instance_no(&server_no)
        .send()
        .await
        .unwrap();
    assert_eq!(
        server.server_instance_list[0].public_ip.as_deref(),
        Some(address.as_str())
    );
    let busy = client
        .delete_public_ip_instance()
        .public_ip_instance_no(&ip_no)
        .send()
        .await;
    assert_eq!(api_code(busy), codes::INVALID_STATE);
    client
        .disassociate_public_ip_from_server_instance()
        .public_ip_instance_no(&ip_no)
        .send()
        .await
        .unwrap();
    sim.advance(t);
    client
        .delete_public_ip_instance()
        .public_ip_instance_no(&ip_no)
        .send()
        .await
        .unwrap();
    sim.advance(t);
    let ips = client.get_public_ip_instance_list().send().await.unwrap();
    assert!(ips.public_ip_instance_list.is_empty());

    // Placement groups take stopped servers only, and are not deleted while they hold one.
    let group = client
        .create_placement_group()
        .placement_group_name("net-group")
        .send()
        .await
        .unwrap();
    let group_no = group.placement_group_list[0]
        .placement_group_no
        .clone()
        .unwrap();
    let running = client
        .add_placement_group_server_instance()
        .placement_group_no(&group_no)
        .server_instance_no(&server_no)
        .send()
        .await;
    assert_eq!(api_code(running), codes::INVALID_STATE);
    client
        .stop_server_instances()
        .server_instance_no_list(&server_no)
        .send()
        .await
        .unwrap();
    sim.advance(t);
    client
        .add_placement_group_server_instance()
        .placement_group_no(&group_no)
        .server_instance_no(&server_no)
        .send()
        .await
        .unwrap();
    let holding = client
        .delete_placement_group()
        .placement_group_no(&group_no)
        .send()
        .await;
    assert_eq!(api_code(holding), codes::INVALID_STATE);

    // A second interface: attached to the stopped server, SET then USED; it keeps one ACG.
    let nic = client
        .create_network_interface()
        .vpc_no("1")
        .subnet_no("1")
        .access_control_group_no_list(&default_acg)
        .send()
        .await
        .unwrap();
    let nic_no = nic.network_interface_list[0]
        .network_interface_no
        .clone()
        .unwrap();
    client
        .attach_network_interface()
        .server_instance_no(&server_no)
        .network_interface_no(&nic_no)
        .subnet_no("1")
        .send()
        .await
        .unwrap();
    sim.advance(t);
    let nic = client
        .get_network_interface_detail()
        .network_interface_no(&nic_no)
        .send()
        .await
        .unwrap();
    let nic = &nic.network_interface_list[0];
    assert_eq!(nic.device_name.as_deref(), Some("eth1"));
    assert_eq!(nic.instance_no.as_deref(), Some(server_no.as_str()));
    let last = client
        .remove_network_interface_access_control_group()
        .network_interface_no(&nic_no)
        .access_control_group_no_list(&default_acg)
        .send()
        .await;
    assert_eq!(api_code(last), codes::LAST_ACG);
    let attached = client
        .delete_network_interface()
        .network_interface_no(&nic_no)
        .send()
        .await;
    assert_eq!(api_code(attached), codes::INVALID_STATE);
    client
        .detach_network_interface()
        .server_instance_no(&server_no)
        .network_interface_no(&nic_no)
        .subnet_no("1")
        .send()
        .await
        .unwrap();
    sim.advance(t);
    client
        .delete_network_interface()
        .network_interface_no(&nic_no)
        .send()
        .await
        .unwrap();

    // Snapshots: INCREMENTAL needs a FULL first; a disk made from one has its size.
    let disk = client
        .create_block_storage_instance()
        .block_storage_size(30)
        .zone_code("KR-1")
        .send()
        .await
        .unwrap();
    let disk_no = disk.block_storage_instance_list[0]
        .block_storage_instance_no
        .clone()
        .unwrap();
    sim.advance(t);
    let incremental = client
        .create_block_storage_snapshot_instance()
        .original_block_storage_instance_no(&disk_no)
        .snapshot_type_code("INCREMENTAL")
        .send()
        .await;
    assert_eq!(api_code(incremental), codes::INVALID_STATE);
    let snapshot = client
        .create_block_storage_snapshot_instance()
        .original_block_storage_instance_no(&disk_no)
        .send()
        .await
        .unwrap();
    let snapshot_no = snapshot.block_storage_snapshot_instance_list[0]
        .block_storage_snapshot_instance_no
        .clone()
        .unwrap();
    sim.advance(t);
    let copy = client
        .create_block_storage_instance()
        .block_storage_snapshot_instance_no(&snapshot_no)
        .send()
        .await
        .unwrap();
    assert_eq!(
        copy.block_storage_instance_list[0].block_storage_size,
        Some(30 << 30)
    );
    client
        .delete_block_storage_snapshot_instances()
        .block_storage_snapshot_instance_no_list(&snapshot_no)
        .send()
        .await
        .unwrap();
    sim.advance(t);
    let snapshots = client
        .get_block_storage_snapshot_instance_list()
        .send()
        .await
        .unwrap();
    assert!(snapshots.block_storage_snapshot_instance_list.is_empty());

    // Resizing grows only.
    let shrink = client
        .change_block_storage_volume_size()
        .block_storage_instance_no(&disk_no)
        .block_storage_size(20)
        .send()
        .await;
    assert_eq!(api_code(shrink), codes::INVALID_PARAMETER);
    client
        .change_block_storage_volume_size()
        .block_storage_instance_no(&disk_no)
        .block_storage_size(40)
        .send()
        .await
        .unwrap();
    sim.advance(t);
    let grown = client
        .get_block_storage_instance_detail()
        .block_storage_instance_no(&disk_no)
        .send()
        .await
        .unwrap();
    let grown = &grown.block_storage_instance_list[0];
    assert_eq!(grown.block_storage_size, Some(40 << 30));
    assert_eq!(
        grown
            .block_storage_instance_operation
            .as_ref()
            .and_then(|o| o.code.as_ref())
            .map(|c| c.as_str()),
        Some("NULL")
    );
}

#[tokio::test]
async fn env_points_other_tools_at_the_simulator() {
    let sim = Simulator::builder().keys("ak-env", "sk-env").start().await;
    let env: std::collections::HashMap<_, _> = sim.env().into_iter().collect();
    assert_eq!(env["NCLOUD_API_GW"], sim.uri());
    assert_eq!(env["NCLOUD_ACCESS_KEY"], "ak-env");
    assert_eq!(env["NCLOUD_SECRET_KEY"], "sk-env");
    assert_eq!(sim.keys(), ("ak-env", "sk-env"));
    // A client made from those values alone gets in.
    let client = Client::builder()
        .gateway(&env["NCLOUD_API_GW"])
        .credentials(ncloud_vserver::Credentials::new(
            env["NCLOUD_ACCESS_KEY"].clone(),
            env["NCLOUD_SECRET_KEY"].clone(),
        ))
        .http_client(reqwest::Client::builder().no_proxy().build().unwrap())
        .build()
        .unwrap();
    client.get_region_list().send().await.unwrap();
}
