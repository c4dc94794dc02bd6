//! Server instances (the whole lifecycle), login keys (real RSA keys), root passwords (encrypted
//! for the login key, as NCP keeps them) and init scripts.

use std::sync::Arc;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use ncloud_runtime::mock::{MockError, MockServer};
use ncloud_vserver::operations::*;
use rand_chacha::rand_core::RngCore;
use rsa::pkcs1::{DecodeRsaPrivateKey, EncodeRsaPrivateKey, LineEnding};
use rsa::pkcs8::DecodePrivateKey;
use rsa::traits::PublicKeyParts;
use rsa::{BigUint, Pkcs1v15Encrypt, RsaPrivateKey, RsaPublicKey};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::catalog::{self, SPECS};
use crate::world::{
    BlockStorage, InitScript, Life, LoginKey, Nic, Out, Phase, PublicIp, REGION, Reply, SUBNET_NO,
    SUBNET_ZONE, Server, State, Step, VPC_NO, World, api_error, check_name, check_region,
    check_subnet, check_vpc, code, codes, not_found, page,
};
use crate::{Shared, route};

pub(crate) fn register(mock: &MockServer, shared: &Arc<Shared>) {
    route(mock, shared, create_servers);
    route(mock, shared, server_list);
    route(mock, shared, server_detail);
    route(mock, shared, start_servers);
    route(mock, shared, stop_servers);
    route(mock, shared, reboot_servers);
    route(mock, shared, terminate_servers);
    route(mock, shared, change_spec);
    route(mock, shared, change_name);
    route(mock, shared, set_protection);
    route(mock, shared, get_root_password);
    route(mock, shared, root_password_list);
    route(mock, shared, create_login_key);
    route(mock, shared, import_login_key);
    route(mock, shared, delete_login_keys);
    route(mock, shared, login_key_list);
    route(mock, shared, create_init_script);
    route(mock, shared, delete_init_scripts);
    route(mock, shared, init_script_detail);
    route(mock, shared, init_script_list);
}

const GIB: i64 = 1 << 30;

fn status_name(status: &str) -> &'static str {
    match status {
        "INIT" => "Server init state",
        "CREAT" => "Server create state",
        "RUN" => "Server run state",
        "NSTOP" => "Server normal stopped state",
        _ => "",
    }
}

fn operation_name(operation: &str) -> &'static str {
    match operation {
        "NULL" => "Server NULL OP",
        "START" => "Server START OP",
        "SHTDN" => "Server SHUTDOWN OP",
        "RESTA" => "Server RESTART OP",
        "TERMT" => "Server TERMINATE OP",
        "CHNG" => "Server SPEC CHANGE OP",
        _ => "",
    }
}

fn phase(status: &str, operation: &str, name: &str) -> Phase {
    Phase::new(status, operation, name)
}

fn enter(status: &str, operation: &str, name: &str) -> Step {
    Step::Enter(phase(status, operation, name))
}

/// A `ServerInstance` item.
pub(crate) fn server_json(w: &World, s: &Server) -> Value {
    let spec = catalog::spec(&s.spec_code).unwrap_or(&SPECS[0]);
    let image = catalog::image(&s.image_no);
    let public_ip = w.state.public_ips.values().find(|p| p.server_no == s.no);
    let group = State::key(&s.placement_group_no).and_then(|k| w.state.placement_groups.get(&k));
    let life = &s.life;
    json!({
        "serverInstanceNo": s.no,
        "serverName": s.name,
        "serverDescription": s.description,
        "cpuCount": spec.cpus,
        "memorySize": spec.memory_gib * GIB,
        "platformType": code("LNX64", "Linux 64 Bit"),
        "loginKeyName": s.login_key_name,
        "publicIpInstanceNo": public_ip.map_or("", |p| p.no.as_str()),
        "publicIp": public_ip.map_or("", |p| p.ip.as_str()),
        "serverInstanceStatus": code(life.status(), status_name(life.status())),
        "serverInstanceOperation": code(&life.now.operation, operation_name(&life.now.operation)),
        "serverInstanceStatusName": life.now.name,
        "createDate": w.date(s.created_ms),
        "uptime": if life.status() == "RUN" { w.date(s.up_since_ms) } else { String::new() },
        "serverImageProductCode": image.map_or("", |i| i.product_code),
        "serverProductCode": spec.product_code,
        "isProtectServerTermination": s.protected,
        "zoneCode": SUBNET_ZONE,
        "regionCode": REGION,
        "vpcNo": VPC_NO,
        "subnetNo": SUBNET_NO,
        "networkInterfaceNoList": s.nic_nos,
        "initScriptNo": s.init_script_no,
        "serverInstanceType": code("STAND", "Standard"),
        "baseBlockStorageDiskType": code("NET", "Network Storage"),
        "baseBlockStorageDiskDetailType": code("SSD", "SSD"),
        "placementGroupNo": s.placement_group_no,
        "placementGroupName": group.map_or("", |g| g.name.as_str()),
        "hypervisorType": code("KVM", "KVM"),
        "serverImageNo": s.image_no,
        "serverSpecCode": spec.code,
    })
}

/// The server numbered `no`, for a mutation.
fn server_key(w: &World, no: &str) -> Result<u64, MockError> {
    State::key(no)
        .filter(|k| w.state.servers.contains_key(k))
        .ok_or_else(|| not_found("serverInstanceNo", no))
}

fn servers_reply<T: serde::de::DeserializeOwned>(w: &mut World, keys: &[u64]) -> Reply<T> {
    let items: Vec<Value> = keys
        .iter()
        .filter_map(|k| w.state.servers.get(k))
        .map(|s| server_json(w, s))
        .collect();
    w.reply(Some("serverInstanceList"), items, None)
}

/// An ACG number that must exist in VPC 1.
pub(crate) fn check_acg(w: &World, no: &str) -> Result<u64, MockError> {
    State::key(no)
        .filter(|k| w.state.acgs.contains_key(k))
        .ok_or_else(|| {
            api_error(
                codes::ACG_NOT_FOUND,
                format!("accessControlGroupNo {no} not found"),
            )
        })
}

fn create_servers(
    w: &mut World,
    r: &CreateServerInstancesRequest,
) -> Reply<Out<CreateServerInstancesRequest>> {
    check_region(r.region_code.as_deref())?;
    check_vpc(&r.vpc_no)?;
    check_subnet(&r.subnet_no)?;
    if r.member_server_image_instance_no.is_some() {
        return Err(api_error(
            codes::NOT_MODELLED,
            "memberServerImageInstanceNo: member server images are not modelled by the simulator; use serverImageNo",
        ));
    }
    let image = match (&r.server_image_no, &r.server_image_product_code) {
        (Some(no), _) => catalog::image(no)
            .ok_or_else(|| api_error(codes::NO_PRODUCT, format!("serverImageNo {no} not found")))?,
        (None, Some(code)) => catalog::IMAGE_PRODUCTS
            .iter()
            .find(|(c, _, _)| c == code)
            .and_then(|(_, _, no)| catalog::image(no))
            .ok_or_else(|| {
                api_error(
                    codes::NO_PRODUCT,
                    "Not found product. Please check your input product.",
                )
            })?,
        (None, None) => {
            return Err(api_error(
                codes::INVALID_PARAMETER,
                "one of serverImageNo, serverImageProductCode or memberServerImageInstanceNo is required",
            ));
        }
    };
    let spec = match r
        .server_spec_code
        .as_ref()
        .or(r.server_product_code.as_ref())
    {
        Some(c) => catalog::spec(c)
            .ok_or_else(|| api_error(codes::NO_SERVER_PRODUCT, "Not found server product."))?,
        None => &SPECS[0],
    };
    let key_name = match &r.login_key_name {
        Some(name) => w
            .state
            .login_keys
            .get(name)
            .map(|k| k.name.clone())
            .ok_or_else(|| not_found("loginKeyName", name))?,
        // The API's default: the login key created last.
        None => w
            .state
            .login_keys
            .values()
            .max_by_key(|k| k.created_ms)
            .map(|k| k.name.clone())
            .ok_or_else(|| {
                api_error(
                    codes::INVALID_PARAMETER,
                    "loginKeyName: no login key exists; create one first",
                )
            })?,
    };
    if let Some(no) = &r.init_script_no
        && !State::key(no).is_some_and(|k| w.state.init_scripts.contains_key(&k))
    {
        return Err(not_found("initScriptNo", no));
    }
    if let Some(no) = &r.placement_group_no
        && !State::key(no).is_some_and(|k| w.state.placement_groups.contains_key(&k))
    {
        return Err(not_found("placementGroupNo", no));
    }
    if r.server_description
        .as_ref()
        .is_some_and(|d| d.len() > 1000)
    {
        return Err(api_error(
            codes::INVALID_PARAMETER,
            "serverDescription is longer than 1000 bytes",
        ));
    }
    let count = r.server_create_count.unwrap_or(1);
    if !(1..=20).contains(&count) {
        return Err(api_error(
            codes::INVALID_PARAMETER,
            "serverCreateCount must be 1 to 20",
        ));
    }
    let start_no = r.server_create_start_no.unwrap_or(1);
    let mut names = Vec::new();
    for i in 0..count {
        let name = match &r.server_name {
            Some(base) if count > 1 => format!("{base}-{:03}", start_no + i),
            Some(base) => base.clone(),
            None => format!("s{:011x}", w.state.random_u64() & 0xfff_ffff_ffff),
        };
        check_name("serverName", &name)?;
        if w.state.servers.values().any(|s| s.name == name) || names.contains(&name) {
            return Err(api_error(
                codes::DUPLICATE_NAME,
                format!("serverName {name} is already in use"),
            ));
        }
        names.push(name);
    }
    let mut orders: Vec<i32> = r
        .network_interface_list
        .iter()
        .map(|n| n.network_interface_order)
        .collect();
    orders.sort_unstable();
    if !orders.contains(&0) || orders.len() > 3 || orders.windows(2).any(|p| p[0] == p[1]) {
        return Err(api_error(
            codes::INVALID_PARAMETER,
            "networkInterfaceList needs 1 to 3 interfaces with distinct orders, order 0 (the primary) included",
        ));
    }
    for nic in &r.network_interface_list {
        if let Some(no) = &nic.network_interface_no {
            let ok = State::key(no)
                .and_then(|k| w.state.nics.get(&k))
                .is_some_and(|n| n.server_no.is_empty() && n.life.status() == "NOTUSED");
            if !ok || count > 1 {
                return Err(api_error(
                    codes::INVALID_STATE,
                    format!(
                        "networkInterfaceNo {no} is not an unattached interface (or serverCreateCount > 1)"
                    ),
                ));
            }
        } else {
            if let Some(subnet) = &nic.subnet_no {
                check_subnet(subnet)?;
            }
            if nic.access_control_group_no_list.is_empty()
                || nic.access_control_group_no_list.len() > 3
            {
                return Err(api_error(
                    codes::INVALID_PARAMETER,
                    "a new network interface needs 1 to 3 ACGs",
                ));
            }
            for acg in &nic.access_control_group_no_list {
                check_acg(w, acg)?;
            }
            if nic.ip.is_some() && count > 1 {
                return Err(api_error(
                    codes::INVALID_PARAMETER,
                    "ip cannot be given with serverCreateCount > 1",
                ));
            }
        }
    }
    let public_key =
        rsa_public_key(&w.state.login_keys[&key_name].public_key).ok_or_else(|| {
            api_error(
                codes::INVALID_PARAMETER,
                "the login key's public key is not RSA",
            )
        })?;
    let now = w.now_ms;
    let mut keys = Vec::new();
    for name in names {
        let key = w.state.take_no();
        let no = key.to_string();
        let mut nic_nos = Vec::new();
        let mut params: Vec<_> = r.network_interface_list.iter().collect();
        params.sort_by_key(|p| p.network_interface_order);
        for p in params {
            let device = format!("eth{}", p.network_interface_order);
            if let Some(existing) = &p.network_interface_no {
                if let Some(nic) = State::key(existing).and_then(|k| w.state.nics.get_mut(&k)) {
                    nic.server_no = no.clone();
                    nic.device_name = device;
                    nic.life = Life::new(phase("USED", "NULL", "used"), Vec::new(), now);
                }
                nic_nos.push(existing.clone());
                continue;
            }
            let nic_key = w.state.take_no();
            let ip = match &p.ip {
                Some(ip) => ip.clone(),
                None => w.state.take_private_ip(),
            };
            let mac = mac_address(w.state.random_u64());
            w.state.nics.insert(
                nic_key,
                Nic {
                    no: nic_key.to_string(),
                    name: format!("nic-{nic_key}"),
                    description: String::new(),
                    subnet_no: SUBNET_NO.to_owned(),
                    ip,
                    mac,
                    acg_nos: p.access_control_group_no_list.clone(),
                    server_no: no.clone(),
                    device_name: device,
                    is_default: p.network_interface_order == 0,
                    delete_on_termination: true,
                    life: Life::new(phase("USED", "NULL", "used"), Vec::new(), now),
                },
            );
            nic_nos.push(nic_key.to_string());
        }
        let disk_key = w.state.take_no();
        w.state.block_storages.insert(
            disk_key,
            BlockStorage {
                no: disk_key.to_string(),
                name: name.clone(),
                description: format!("{name}'s basic storage"),
                size_gb: 10,
                kind: "BASIC".to_owned(),
                volume_type: "CB1".to_owned(),
                server_no: no.clone(),
                device_name: "/dev/xvda".to_owned(),
                zone: SUBNET_ZONE.to_owned(),
                return_protection: false,
                snapshot_no: String::new(),
                life: Life::new(phase("ATTAC", "NULL", "attached"), Vec::new(), now),
                created_ms: now,
            },
        );
        if r.associate_with_public_ip == Some(true) {
            let ip_key = w.state.take_no();
            let ip = public_address(w.state.random_u64());
            w.state.public_ips.insert(
                ip_key,
                PublicIp {
                    no: ip_key.to_string(),
                    ip,
                    description: String::new(),
                    server_no: no.clone(),
                    life: Life::new(phase("RUN", "NULL", "running"), Vec::new(), now),
                    created_ms: now,
                    modified_ms: now,
                },
            );
        }
        let password = new_root_password(&mut w.state);
        let encrypted = public_key
            .encrypt(&mut w.state.rng(), Pkcs1v15Encrypt, password.as_bytes())
            .map_err(|e| api_error("1300", format!("simulator bug: cannot encrypt: {e}")))?;
        w.state.servers.insert(
            key,
            Server {
                no,
                name,
                description: r.server_description.clone().unwrap_or_default(),
                spec_code: spec.code.to_owned(),
                image_no: image.no.to_owned(),
                login_key_name: key_name.clone(),
                protected: r.is_protect_server_termination.unwrap_or(false),
                init_script_no: r.init_script_no.clone().unwrap_or_default(),
                placement_group_no: r.placement_group_no.clone().unwrap_or_default(),
                fee_system: r
                    .fee_system_type_code
                    .as_ref()
                    .map_or("MTRAT".to_owned(), |c| c.as_str().to_owned()),
                nic_nos,
                root_password_encrypted: STANDARD.encode(encrypted),
                life: Life::new(
                    phase("INIT", "NULL", "init"),
                    vec![
                        enter("CREAT", "NULL", "creating"),
                        enter("RUN", "NULL", "running"),
                    ],
                    now,
                ),
                created_ms: now,
                up_since_ms: now,
            },
        );
        keys.push(key);
    }
    w.dirty = true;
    servers_reply(w, &keys)
}

fn server_list(
    w: &mut World,
    r: &GetServerInstanceListRequest,
) -> Reply<Out<GetServerInstanceListRequest>> {
    check_region(r.region_code.as_deref())?;
    let items: Vec<Value> = w
        .state
        .servers
        .values()
        .filter(|s| {
            r.server_instance_no_list
                .as_ref()
                .is_none_or(|l| l.contains(&s.no))
        })
        .filter(|_| r.vpc_no.as_ref().is_none_or(|v| v == VPC_NO))
        .filter(|s| {
            r.server_instance_status_code
                .as_ref()
                .is_none_or(|c| c.as_str() == s.life.status())
        })
        .filter(|s| r.server_name.as_ref().is_none_or(|n| *n == s.name))
        .filter(|s| {
            r.ip.as_ref().is_none_or(|ip| {
                w.state
                    .nics
                    .values()
                    .any(|n| n.server_no == s.no && n.ip == *ip)
            })
        })
        .filter(|s| {
            r.placement_group_no_list
                .as_ref()
                .is_none_or(|l| l.contains(&s.placement_group_no))
        })
        .map(|s| server_json(w, s))
        .collect();
    let (items, total) = page(items, r.page_no, r.page_size);
    w.reply(Some("serverInstanceList"), items, Some(total))
}

fn server_detail(
    w: &mut World,
    r: &GetServerInstanceDetailRequest,
) -> Reply<Out<GetServerInstanceDetailRequest>> {
    check_region(r.region_code.as_deref())?;
    // An unknown number is an empty list, as the API answers.
    let keys: Vec<u64> = State::key(&r.server_instance_no).into_iter().collect();
    servers_reply(w, &keys)
}

/// Checks every server of `nos` with `check`, then applies `change` to all of them (a request
/// either changes all its servers or none).
fn change_servers(
    w: &mut World,
    nos: &[String],
    check: impl Fn(&World, &Server) -> Result<(), MockError>,
    change: impl Fn(&mut Server, u64),
) -> Result<Vec<u64>, MockError> {
    let mut keys = Vec::new();
    for no in nos {
        let key = server_key(w, no)?;
        let server = &w.state.servers[&key];
        if server.life.busy() {
            return Err(api_error(
                codes::IN_OPERATION,
                format!(
                    "server {no} is {}: wait until its operation is over",
                    server.life.now.name
                ),
            ));
        }
        check(w, server)?;
        keys.push(key);
    }
    let now = w.now_ms;
    for key in &keys {
        if let Some(server) = w.state.servers.get_mut(key) {
            change(server, now);
        }
    }
    w.dirty = true;
    Ok(keys)
}

fn need_status(server: &Server, status: &str, action: &str) -> Result<(), MockError> {
    if server.life.status() == status {
        Ok(())
    } else {
        Err(api_error(
            codes::INVALID_STATE,
            format!(
                "server {} is {} ({}): it must be {status} to {action}",
                server.no,
                server.life.status(),
                server.life.now.name
            ),
        ))
    }
}

fn start_servers(
    w: &mut World,
    r: &StartServerInstancesRequest,
) -> Reply<Out<StartServerInstancesRequest>> {
    check_region(r.region_code.as_deref())?;
    let keys = change_servers(
        w,
        &r.server_instance_no_list,
        |_, s| need_status(s, "NSTOP", "start"),
        |s, now| {
            s.life.change(
                phase("NSTOP", "START", "booting"),
                vec![enter("RUN", "NULL", "running")],
                now,
            )
        },
    )?;
    servers_reply(w, &keys)
}

fn stop_servers(
    w: &mut World,
    r: &StopServerInstancesRequest,
) -> Reply<Out<StopServerInstancesRequest>> {
    check_region(r.region_code.as_deref())?;
    let keys = change_servers(
        w,
        &r.server_instance_no_list,
        |_, s| need_status(s, "RUN", "stop"),
        |s, now| {
            s.life.change(
                phase("RUN", "SHTDN", "shutting down"),
                vec![enter("NSTOP", "NULL", "stopped")],
                now,
            )
        },
    )?;
    servers_reply(w, &keys)
}

fn reboot_servers(
    w: &mut World,
    r: &RebootServerInstancesRequest,
) -> Reply<Out<RebootServerInstancesRequest>> {
    check_region(r.region_code.as_deref())?;
    let keys = change_servers(
        w,
        &r.server_instance_no_list,
        |_, s| need_status(s, "RUN", "reboot"),
        |s, now| {
            s.life.change(
                phase("RUN", "RESTA", "rebooting"),
                vec![enter("RUN", "NULL", "running")],
                now,
            )
        },
    )?;
    servers_reply(w, &keys)
}

fn terminate_servers(
    w: &mut World,
    r: &TerminateServerInstancesRequest,
) -> Reply<Out<TerminateServerInstancesRequest>> {
    check_region(r.region_code.as_deref())?;
    let keys = change_servers(
        w,
        &r.server_instance_no_list,
        |w, s| {
            if s.protected {
                return Err(api_error(
                    codes::TERMINATION_PROTECTED,
                    format!(
                        "server {} is protected against termination (setProtectServerTermination)",
                        s.no
                    ),
                ));
            }
            need_status(s, "NSTOP", "be terminated")?;
            if let Some(disk) = w
                .state
                .block_storages
                .values()
                .find(|d| d.server_no == s.no && d.life.busy())
            {
                return Err(api_error(
                    codes::IN_OPERATION,
                    format!(
                        "block storage {} of server {} is {}",
                        disk.no, s.no, disk.life.now.name
                    ),
                ));
            }
            Ok(())
        },
        |s, now| {
            s.life.change(
                phase("NSTOP", "TERMT", "terminating"),
                vec![Step::Vanish],
                now,
            )
        },
    )?;
    servers_reply(w, &keys)
}

fn change_spec(
    w: &mut World,
    r: &ChangeServerInstanceSpecRequest,
) -> Reply<Out<ChangeServerInstanceSpecRequest>> {
    check_region(r.region_code.as_deref())?;
    let wanted = r
        .server_spec_code
        .as_ref()
        .or(r.server_product_code.as_ref())
        .ok_or_else(|| {
            api_error(
                codes::INVALID_PARAMETER,
                "one of serverSpecCode or serverProductCode is required",
            )
        })?;
    let spec = catalog::spec(wanted)
        .ok_or_else(|| api_error(codes::NO_SERVER_PRODUCT, "Not found server product."))?;
    let keys = change_servers(
        w,
        std::slice::from_ref(&r.server_instance_no),
        |_, s| need_status(s, "NSTOP", "change its spec"),
        |s, now| {
            s.spec_code = spec.code.to_owned();
            s.life.change(
                phase("NSTOP", "CHNG", "changingSpec"),
                vec![enter("NSTOP", "NULL", "stopped")],
                now,
            );
        },
    )?;
    servers_reply(w, &keys)
}

fn change_name(
    w: &mut World,
    r: &ChangeServerInstanceNameRequest,
) -> Reply<Out<ChangeServerInstanceNameRequest>> {
    check_region(r.region_code.as_deref())?;
    let key = server_key(w, &r.server_instance_no)?;
    check_name("serverName", &r.server_name)?;
    if w.state
        .servers
        .iter()
        .any(|(k, s)| *k != key && s.name == r.server_name)
    {
        return Err(api_error(
            codes::DUPLICATE_NAME,
            format!("serverName {} is already in use", r.server_name),
        ));
    }
    if let Some(s) = w.state.servers.get_mut(&key) {
        s.name = r.server_name.clone();
    }
    w.dirty = true;
    servers_reply(w, &[key])
}

fn set_protection(
    w: &mut World,
    r: &SetProtectServerTerminationRequest,
) -> Reply<Out<SetProtectServerTerminationRequest>> {
    check_region(r.region_code.as_deref())?;
    let key = server_key(w, &r.server_instance_no)?;
    if let Some(s) = w.state.servers.get_mut(&key) {
        s.protected = r.is_protect_server_termination;
    }
    w.dirty = true;
    servers_reply(w, &[key])
}

/// The root password of server `no`: decrypted with `private_key` when given (which must be
/// the login key's), else as NCP keeps it, encrypted for the login key (Base64).
fn password_of(w: &World, no: &str, private_key: Option<&str>) -> Result<String, MockError> {
    let key = server_key(w, no)?;
    let server = &w.state.servers[&key];
    let Some(pem) = private_key else {
        return Ok(server.root_password_encrypted.clone());
    };
    let wrong = || {
        api_error(
            codes::WRONG_PRIVATE_KEY,
            format!(
                "the private key is not that of login key {}",
                server.login_key_name
            ),
        )
    };
    let private = RsaPrivateKey::from_pkcs1_pem(pem.trim())
        .or_else(|_| RsaPrivateKey::from_pkcs8_pem(pem.trim()))
        .map_err(|_| {
            api_error(
                codes::INVALID_PARAMETER,
                "privateKey is not a PEM RSA private key",
            )
        })?;
    let cipher = STANDARD
        .decode(&server.root_password_encrypted)
        .map_err(|_| wrong())?;
    let plain = private
        .decrypt(Pkcs1v15Encrypt, &cipher)
        .map_err(|_| wrong())?;
    String::from_utf8(plain).map_err(|_| wrong())
}

fn new_root_password(state: &mut State) -> String {
    const CHARS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!@#$%^*";
    let mut rng = state.rng();
    (0..12)
        .map(|_| CHARS[(rng.next_u32() as usize) % CHARS.len()] as char)
        .collect()
}

fn get_root_password(
    w: &mut World,
    r: &GetRootPasswordRequest,
) -> Reply<Out<GetRootPasswordRequest>> {
    check_region(r.region_code.as_deref())?;
    let password = password_of(w, &r.server_instance_no, r.private_key.as_deref())?;
    w.reply_with(json!({ "totalRows": 1, "rootPassword": password }))
}

fn root_password_list(
    w: &mut World,
    r: &GetRootPasswordServerInstanceListRequest,
) -> Reply<Out<GetRootPasswordServerInstanceListRequest>> {
    check_region(r.region_code.as_deref())?;
    let mut items = Vec::new();
    for p in &r.root_password_server_instance_list {
        let password = password_of(w, &p.server_instance_no, p.private_key.as_deref())?;
        items.push(json!({ "serverInstanceNo": p.server_instance_no, "rootPassword": password }));
    }
    w.reply(Some("rootPasswordServerInstanceList"), items, None)
}

/// The OpenSSH form of an RSA public key (`ssh-rsa AAAA... comment`).
fn openssh_public_key(key: &RsaPublicKey, comment: &str) -> String {
    format!("ssh-rsa {} {comment}", STANDARD.encode(ssh_blob(key)))
}

fn ssh_blob(key: &RsaPublicKey) -> Vec<u8> {
    fn put(out: &mut Vec<u8>, bytes: &[u8]) {
        out.extend_from_slice(&(bytes.len() as u32).to_be_bytes());
        out.extend_from_slice(bytes);
    }
    fn mpint(n: &BigUint) -> Vec<u8> {
        let mut bytes = n.to_bytes_be();
        if bytes.first().is_some_and(|b| b & 0x80 != 0) {
            bytes.insert(0, 0);
        }
        bytes
    }
    let mut out = Vec::new();
    put(&mut out, b"ssh-rsa");
    put(&mut out, &mpint(key.e()));
    put(&mut out, &mpint(key.n()));
    out
}

/// Reads an OpenSSH `ssh-rsa` public key.
fn rsa_public_key(text: &str) -> Option<RsaPublicKey> {
    let mut parts = text.split_whitespace();
    if parts.next()? != "ssh-rsa" {
        return None;
    }
    let blob = STANDARD.decode(parts.next()?).ok()?;
    let mut rest = blob.as_slice();
    let mut take = || -> Option<Vec<u8>> {
        let len = u32::from_be_bytes(rest.get(..4)?.try_into().ok()?) as usize;
        let value = rest.get(4..4 + len)?.to_vec();
        rest = &rest[4 + len..];
        Some(value)
    };
    if take()? != b"ssh-rsa" {
        return None;
    }
    let e = BigUint::from_bytes_be(&take()?);
    let n = BigUint::from_bytes_be(&take()?);
    RsaPublicKey::new(n, e).ok()
}

/// A colon-hex fingerprint, shaped like NCP's (16 bytes); the bytes are the start of the
/// SHA-256 of the key blob.
fn fingerprint(key: &RsaPublicKey) -> String {
    Sha256::digest(ssh_blob(key))[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(":")
}

fn login_key_json(w: &World, k: &LoginKey) -> Value {
    json!({
        "keyName": k.name,
        "fingerprint": k.fingerprint,
        "publicKey": k.public_key,
        "createDate": w.date(k.created_ms),
    })
}

fn new_key_name(w: &mut World, name: Option<&String>) -> Result<String, MockError> {
    let name = match name {
        Some(n) => n.clone(),
        None => format!("key-{:08x}", w.state.random_u64() as u32),
    };
    check_name("keyName", &name)?;
    if w.state.login_keys.contains_key(&name) {
        return Err(api_error(
            codes::DUPLICATE_NAME,
            format!("login key {name} already exists"),
        ));
    }
    Ok(name)
}

fn create_login_key(w: &mut World, r: &CreateLoginKeyRequest) -> Reply<Out<CreateLoginKeyRequest>> {
    check_region(r.region_code.as_deref())?;
    let name = new_key_name(w, r.key_name.as_ref())?;
    let private = RsaPrivateKey::new(&mut w.state.rng(), 2048)
        .map_err(|e| api_error("1300", format!("simulator bug: cannot make a key: {e}")))?;
    let pem = private
        .to_pkcs1_pem(LineEnding::LF)
        .map_err(|e| api_error("1300", format!("simulator bug: cannot write the key: {e}")))?;
    let public = RsaPublicKey::from(&private);
    w.state.login_keys.insert(
        name.clone(),
        LoginKey {
            name: name.clone(),
            public_key: openssh_public_key(&public, &name),
            fingerprint: fingerprint(&public),
            created_ms: w.now_ms,
        },
    );
    w.dirty = true;
    w.reply_with(json!({ "keyName": name, "privateKey": pem.as_str() }))
}

fn import_login_key(w: &mut World, r: &ImportLoginKeyRequest) -> Reply<Out<ImportLoginKeyRequest>> {
    check_region(r.region_code.as_deref())?;
    let name = new_key_name(w, r.key_name.as_ref())?;
    let public = rsa_public_key(&r.public_key).ok_or_else(|| {
        api_error(
            codes::INVALID_PARAMETER,
            "publicKey must be an OpenSSH RSA public key (ssh-rsa AAAA...)",
        )
    })?;
    let key = LoginKey {
        name: name.clone(),
        public_key: openssh_public_key(&public, &name),
        // Imported keys show `-`, as the API shows them.
        fingerprint: "-".to_owned(),
        created_ms: w.now_ms,
    };
    let item = login_key_json(w, &key);
    w.state.login_keys.insert(name, key);
    w.dirty = true;
    w.reply(Some("loginKeyList"), vec![item], None)
}

fn delete_login_keys(
    w: &mut World,
    r: &DeleteLoginKeysRequest,
) -> Reply<Out<DeleteLoginKeysRequest>> {
    check_region(r.region_code.as_deref())?;
    for name in &r.key_name_list {
        if !w.state.login_keys.contains_key(name) {
            return Err(not_found("login key", name));
        }
    }
    for name in &r.key_name_list {
        w.state.login_keys.remove(name);
    }
    w.dirty = true;
    w.reply(None, Vec::new(), Some(r.key_name_list.len()))
}

fn login_key_list(w: &mut World, r: &GetLoginKeyListRequest) -> Reply<Out<GetLoginKeyListRequest>> {
    check_region(r.region_code.as_deref())?;
    let items: Vec<Value> = w
        .state
        .login_keys
        .values()
        .filter(|k| r.key_name.as_ref().is_none_or(|n| *n == k.name))
        .map(|k| login_key_json(w, k))
        .collect();
    let (items, total) = page(items, r.page_no, r.page_size);
    w.reply(Some("loginKeyList"), items, Some(total))
}

fn init_script_json(w: &World, s: &InitScript) -> Value {
    json!({
        "initScriptNo": s.no,
        "initScriptName": s.name,
        "createDate": w.date(s.created_ms),
        "initScriptDescription": s.description,
        "initScriptContent": s.content,
        "osType": code(&s.os_type, if s.os_type == "WND" { "WINDOWS" } else { "LINUX" }),
    })
}

fn create_init_script(
    w: &mut World,
    r: &CreateInitScriptRequest,
) -> Reply<Out<CreateInitScriptRequest>> {
    check_region(r.region_code.as_deref())?;
    let os = r
        .os_type_code
        .as_ref()
        .map_or("LNX", |c| c.as_str())
        .to_owned();
    if os == "LNX" && !r.init_script_content.starts_with("#!") {
        return Err(api_error(
            codes::INVALID_PARAMETER,
            "a Linux init script must start with a shebang (#!)",
        ));
    }
    if r.init_script_content.len() > 1024 * 1024 {
        return Err(api_error(
            codes::INVALID_PARAMETER,
            "initScriptContent is larger than 1024 KB",
        ));
    }
    let key = w.state.take_no();
    let name = r
        .init_script_name
        .clone()
        .unwrap_or_else(|| format!("init-script-{key}"));
    check_name("initScriptName", &name)?;
    if w.state.init_scripts.values().any(|s| s.name == name) {
        return Err(api_error(
            codes::DUPLICATE_NAME,
            format!("init script {name} already exists"),
        ));
    }
    let script = InitScript {
        no: key.to_string(),
        name,
        description: r.init_script_description.clone().unwrap_or_default(),
        content: r.init_script_content.clone(),
        os_type: os,
        created_ms: w.now_ms,
    };
    let item = init_script_json(w, &script);
    w.state.init_scripts.insert(key, script);
    w.dirty = true;
    w.reply(Some("initScriptList"), vec![item], None)
}

fn delete_init_scripts(
    w: &mut World,
    r: &DeleteInitScriptsRequest,
) -> Reply<Out<DeleteInitScriptsRequest>> {
    check_region(r.region_code.as_deref())?;
    let mut keys = Vec::new();
    for no in &r.init_script_no_list {
        let key = State::key(no)
            .filter(|k| w.state.init_scripts.contains_key(k))
            .ok_or_else(|| not_found("initScriptNo", no))?;
        keys.push(key);
    }
    let items: Vec<Value> = keys
        .iter()
        .map(|k| init_script_json(w, &w.state.init_scripts[k]))
        .collect();
    for key in keys {
        w.state.init_scripts.remove(&key);
    }
    w.dirty = true;
    w.reply(Some("initScriptList"), items, None)
}

fn init_script_detail(
    w: &mut World,
    r: &GetInitScriptDetailRequest,
) -> Reply<Out<GetInitScriptDetailRequest>> {
    check_region(r.region_code.as_deref())?;
    let items = State::key(&r.init_script_no)
        .and_then(|k| w.state.init_scripts.get(&k))
        .map(|s| init_script_json(w, s))
        .into_iter()
        .collect();
    w.reply(Some("initScriptList"), items, None)
}

fn init_script_list(
    w: &mut World,
    r: &GetInitScriptListRequest,
) -> Reply<Out<GetInitScriptListRequest>> {
    check_region(r.region_code.as_deref())?;
    let items: Vec<Value> = w
        .state
        .init_scripts
        .values()
        .filter(|s| {
            r.init_script_no_list
                .as_ref()
                .is_none_or(|l| l.contains(&s.no))
        })
        .filter(|s| r.init_script_name.as_ref().is_none_or(|n| *n == s.name))
        .filter(|s| {
            r.os_type_code
                .as_ref()
                .is_none_or(|c| c.as_str() == s.os_type)
        })
        .map(|s| init_script_json(w, s))
        .collect();
    let (items, total) = page(items, r.page_no, r.page_size);
    w.reply(Some("initScriptList"), items, Some(total))
}

/// A MAC address from a random draw (locally administered, unicast).
pub(crate) fn mac_address(r: u64) -> String {
    let b = r.to_le_bytes();
    format!(
        "f2:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}",
        b[0], b[1], b[2], b[3], b[4]
    )
}

/// A public address from a random draw, in a documentation-free public-looking range.
pub(crate) fn public_address(r: u64) -> String {
    let b = r.to_le_bytes();
    format!("223.130.{}.{}", b[0], 1 + b[1] % 254)
}
