//! Access control groups and their rules, public IPs, network interfaces and placement groups.

use std::sync::Arc;

use ncloud_runtime::mock::{MockError, MockServer};
use ncloud_vserver::operations::*;
use ncloud_vserver::types::{
    AddAccessControlGroupRuleParameter, RemoveAccessControlGroupRuleParameter,
};
use serde_json::{Value, json};

use crate::servers::{check_acg, public_address, server_json};
use crate::world::{
    Acg, AcgRule, Life, Nic, Out, Phase, PlacementGroup, PublicIp, Reply, SUBNET_NO, State, Step,
    VPC_NO, World, api_error, check_name, check_region, check_subnet, check_vpc, code, codes,
    not_found, page,
};
use crate::{Shared, route};

pub(crate) fn register(mock: &MockServer, shared: &Arc<Shared>) {
    route(mock, shared, create_acg);
    route(mock, shared, delete_acg);
    route(mock, shared, acg_detail);
    route(mock, shared, acg_list);
    route(mock, shared, acg_rule_list);
    route(mock, shared, add_inbound);
    route(mock, shared, add_outbound);
    route(mock, shared, remove_inbound);
    route(mock, shared, remove_outbound);
    route(mock, shared, create_public_ip);
    route(mock, shared, associate_public_ip);
    route(mock, shared, disassociate_public_ip);
    route(mock, shared, delete_public_ip);
    route(mock, shared, public_ip_detail);
    route(mock, shared, public_ip_list);
    route(mock, shared, public_ip_targets);
    route(mock, shared, create_nic);
    route(mock, shared, attach_nic);
    route(mock, shared, detach_nic);
    route(mock, shared, delete_nic);
    route(mock, shared, nic_detail);
    route(mock, shared, nic_list);
    route(mock, shared, add_nic_acg);
    route(mock, shared, remove_nic_acg);
    route(mock, shared, create_placement_group);
    route(mock, shared, delete_placement_group);
    route(mock, shared, placement_group_detail);
    route(mock, shared, placement_group_list);
    route(mock, shared, add_placement_group_server);
    route(mock, shared, remove_placement_group_server);
}

fn enter(status: &str, operation: &str, name: &str) -> Step {
    Step::Enter(Phase::new(status, operation, name))
}

// ---- ACGs -------------------------------------------------------------------------------

fn acg_json(a: &Acg) -> Value {
    let name = match a.life.status() {
        "RUN" => "run",
        "SET" => "set",
        "TERMT" => "terminate",
        _ => "",
    };
    json!({
        "accessControlGroupNo": a.no,
        "accessControlGroupName": a.name,
        "isDefault": a.is_default,
        "vpcNo": a.vpc_no,
        "accessControlGroupStatus": code(a.life.status(), name),
        "accessControlGroupDescription": a.description,
    })
}

fn protocol_number(protocol: &str) -> i64 {
    match protocol {
        "TCP" => 6,
        "UDP" => 17,
        "ICMP" => 1,
        other => other.parse().unwrap_or(0),
    }
}

fn rule_json(acg_no: &str, r: &AcgRule) -> Value {
    json!({
        "accessControlGroupNo": acg_no,
        "protocolType": { "code": r.protocol, "codeName": r.protocol.to_lowercase(), "number": protocol_number(&r.protocol) },
        "ipBlock": r.ip_block,
        "portRange": r.port_range,
        "accessControlGroupSequence": r.peer_acg_no,
        "accessControlGroupRuleType": code(&r.kind, if r.kind == "INBND" { "Inbound" } else { "Outbound" }),
        "accessControlGroupRuleDescription": r.description,
    })
}

fn acg_key(w: &World, no: &str) -> Result<u64, MockError> {
    check_acg(w, no)
}

fn create_acg(
    w: &mut World,
    r: &CreateAccessControlGroupRequest,
) -> Reply<Out<CreateAccessControlGroupRequest>> {
    check_region(r.region_code.as_deref())?;
    check_vpc(&r.vpc_no)?;
    let key = w.state.take_no();
    let name = r
        .access_control_group_name
        .clone()
        .unwrap_or_else(|| format!("acg-{key}"));
    check_name("accessControlGroupName", &name)?;
    if w.state.acgs.values().any(|a| a.name == name) {
        return Err(api_error(
            codes::DUPLICATE_NAME,
            format!("ACG {name} already exists in VPC {VPC_NO}"),
        ));
    }
    if r.access_control_group_description
        .as_ref()
        .is_some_and(|d| d.len() > 1000)
    {
        return Err(api_error(
            codes::INVALID_PARAMETER,
            "accessControlGroupDescription is longer than 1000 bytes",
        ));
    }
    let acg = Acg {
        no: key.to_string(),
        name,
        description: r
            .access_control_group_description
            .clone()
            .unwrap_or_default(),
        is_default: false,
        vpc_no: VPC_NO.to_owned(),
        rules: Vec::new(),
        // Created at once, as the API answers (`RUN`).
        life: Life::new(Phase::new("RUN", "NULL", "run"), Vec::new(), w.now_ms),
    };
    let item = acg_json(&acg);
    w.state.acgs.insert(key, acg);
    w.dirty = true;
    w.reply(Some("accessControlGroupList"), vec![item], None)
}

fn in_change(a: &Acg) -> MockError {
    api_error(
        codes::ACG_IN_CHANGE,
        format!(
            "If the Acg settings are being changed, you cannot change other settings at the same time. (ACG {} is {})",
            a.no,
            a.life.status()
        ),
    )
}

fn delete_acg(
    w: &mut World,
    r: &DeleteAccessControlGroupRequest,
) -> Reply<Out<DeleteAccessControlGroupRequest>> {
    check_region(r.region_code.as_deref())?;
    check_vpc(&r.vpc_no)?;
    let key = acg_key(w, &r.access_control_group_no)?;
    let acg = &w.state.acgs[&key];
    if acg.life.busy() {
        return Err(in_change(acg));
    }
    if acg.is_default {
        return Err(api_error(
            codes::INVALID_STATE,
            "the VPC's default ACG cannot be deleted",
        ));
    }
    if let Some(nic) = w.state.nics.values().find(|n| n.acg_nos.contains(&acg.no)) {
        return Err(api_error(
            codes::INVALID_STATE,
            format!("ACG {} is in use by network interface {}", acg.no, nic.no),
        ));
    }
    let now = w.now_ms;
    let item = {
        let acg = w.state.acgs.get_mut(&key).expect("checked above");
        acg.life.change(
            Phase::new("TERMT", "NULL", "terminate"),
            vec![Step::Vanish],
            now,
        );
        acg_json(acg)
    };
    w.dirty = true;
    w.reply(Some("accessControlGroupList"), vec![item], None)
}

fn acg_detail(
    w: &mut World,
    r: &GetAccessControlGroupDetailRequest,
) -> Reply<Out<GetAccessControlGroupDetailRequest>> {
    check_region(r.region_code.as_deref())?;
    let items = State::key(&r.access_control_group_no)
        .and_then(|k| w.state.acgs.get(&k))
        .map(acg_json)
        .into_iter()
        .collect();
    w.reply(Some("accessControlGroupList"), items, None)
}

fn acg_list(
    w: &mut World,
    r: &GetAccessControlGroupListRequest,
) -> Reply<Out<GetAccessControlGroupListRequest>> {
    check_region(r.region_code.as_deref())?;
    let items: Vec<Value> = w
        .state
        .acgs
        .values()
        .filter(|a| {
            r.access_control_group_no_list
                .as_ref()
                .is_none_or(|l| l.contains(&a.no))
        })
        .filter(|a| {
            r.access_control_group_name
                .as_ref()
                .is_none_or(|n| *n == a.name)
        })
        .filter(|a| {
            r.access_control_group_status_code
                .as_ref()
                .is_none_or(|c| c.as_str() == a.life.status())
        })
        .filter(|a| r.vpc_no.as_ref().is_none_or(|v| *v == a.vpc_no))
        .map(acg_json)
        .collect();
    let (items, total) = page(items, r.page_no, r.page_size);
    w.reply(Some("accessControlGroupList"), items, Some(total))
}

fn acg_rule_list(
    w: &mut World,
    r: &GetAccessControlGroupRuleListRequest,
) -> Reply<Out<GetAccessControlGroupRuleListRequest>> {
    check_region(r.region_code.as_deref())?;
    let key = acg_key(w, &r.access_control_group_no)?;
    let acg = &w.state.acgs[&key];
    let items: Vec<Value> = acg
        .rules
        .iter()
        .filter(|rule| {
            r.access_control_group_rule_type_code
                .as_ref()
                .is_none_or(|c| c.as_str() == rule.kind)
        })
        .map(|rule| rule_json(&acg.no, rule))
        .collect();
    w.reply(Some("accessControlGroupRuleList"), items, None)
}

fn is_cidr(text: &str) -> bool {
    let Some((ip, bits)) = text.split_once('/') else {
        return false;
    };
    let octets: Vec<&str> = ip.split('.').collect();
    octets.len() == 4
        && octets.iter().all(|o| o.parse::<u8>().is_ok())
        && bits.parse::<u8>().is_ok_and(|b| b <= 32)
}

fn is_port_range(text: &str) -> bool {
    let port = |p: &str| p.parse::<u16>().is_ok_and(|p| p >= 1);
    match text.split_once('-') {
        Some((a, b)) => port(a) && port(b) && a.parse::<u16>().ok() <= b.parse::<u16>().ok(),
        None => port(text),
    }
}

/// Checks one rule as the API does and makes it.
fn new_rule(
    w: &World,
    kind: &str,
    protocol: &str,
    ip_block: Option<&String>,
    peer: Option<&String>,
    port_range: Option<&String>,
    description: Option<&String>,
) -> Result<AcgRule, MockError> {
    let bad = |m: String| api_error(codes::INVALID_PARAMETER, m);
    let known = matches!(protocol, "TCP" | "UDP" | "ICMP");
    if !known && !protocol.parse::<u8>().is_ok_and(|n| (1..=254).contains(&n)) {
        return Err(bad(format!(
            "protocolTypeCode {protocol}: TCP, UDP, ICMP or a protocol number 1 to 254"
        )));
    }
    match (ip_block, peer) {
        (Some(ip), None) if is_cidr(ip) => {}
        (Some(ip), None) => return Err(bad(format!("ipBlock {ip} is not an IPv4 CIDR block"))),
        (None, Some(peer)) => {
            check_acg(w, peer)?;
        }
        _ => {
            return Err(bad(
                "give exactly one of ipBlock and accessControlGroupSequence".to_owned(),
            ));
        }
    }
    let ports = matches!(protocol, "TCP" | "UDP");
    let port_range = match (ports, port_range) {
        (true, Some(p)) if is_port_range(p) => p.clone(),
        (true, Some(p)) => {
            return Err(bad(format!(
                "portRange {p}: a port (22) or a range (1-65535)"
            )));
        }
        (true, None) => return Err(bad("portRange is required for TCP and UDP".to_owned())),
        (false, _) => String::new(),
    };
    Ok(AcgRule {
        kind: kind.to_owned(),
        protocol: protocol.to_owned(),
        ip_block: ip_block.cloned().unwrap_or_default(),
        peer_acg_no: peer.cloned().unwrap_or_default(),
        port_range,
        description: description.cloned().unwrap_or_default(),
    })
}

/// Adds or removes rules of ACG `no`: refused while a change is under way (1007009), else
/// applied at once with the ACG in `SET` for one transition, then `RUN`.
fn change_rules(
    w: &mut World,
    vpc_no: &str,
    no: &str,
    change: impl FnOnce(&World, &Acg) -> Result<Vec<AcgRule>, MockError>,
) -> Result<Vec<Value>, MockError> {
    check_vpc(vpc_no)?;
    let key = acg_key(w, no)?;
    let acg = &w.state.acgs[&key];
    if acg.life.busy() || acg.life.status() != "RUN" {
        return Err(in_change(acg));
    }
    let rules = change(w, acg)?;
    let now = w.now_ms;
    let acg = w.state.acgs.get_mut(&key).expect("checked above");
    acg.rules = rules;
    acg.life.change(
        Phase::new("SET", "NULL", "set"),
        vec![enter("RUN", "NULL", "run")],
        now,
    );
    let items = acg.rules.iter().map(|r| rule_json(&acg.no, r)).collect();
    w.dirty = true;
    Ok(items)
}

fn add_rules(
    w: &World,
    acg: &Acg,
    kind: &str,
    list: &[AddAccessControlGroupRuleParameter],
) -> Result<Vec<AcgRule>, MockError> {
    let mut rules = acg.rules.clone();
    for p in list {
        let rule = new_rule(
            w,
            kind,
            p.protocol_type_code.as_str(),
            p.ip_block.as_ref(),
            p.access_control_group_sequence.as_ref(),
            p.port_range.as_ref(),
            p.access_control_group_rule_description.as_ref(),
        )?;
        if rules.iter().any(|r| same_rule(r, &rule)) {
            return Err(api_error(
                codes::DUPLICATE_NAME,
                "the ACG already has this rule",
            ));
        }
        rules.push(rule);
    }
    Ok(rules)
}

fn same_rule(a: &AcgRule, b: &AcgRule) -> bool {
    a.kind == b.kind
        && a.protocol == b.protocol
        && a.ip_block == b.ip_block
        && a.peer_acg_no == b.peer_acg_no
        && a.port_range == b.port_range
}

fn remove_rules(
    acg: &Acg,
    kind: &str,
    list: &[RemoveAccessControlGroupRuleParameter],
) -> Result<Vec<AcgRule>, MockError> {
    let mut rules = acg.rules.clone();
    for p in list {
        let protocol = p.protocol_type_code.as_str();
        let wanted = AcgRule {
            kind: kind.to_owned(),
            protocol: protocol.to_owned(),
            ip_block: p.ip_block.clone().unwrap_or_default(),
            peer_acg_no: p.access_control_group_sequence.clone().unwrap_or_default(),
            port_range: if matches!(protocol, "TCP" | "UDP") {
                p.port_range.clone().unwrap_or_default()
            } else {
                String::new()
            },
            description: String::new(),
        };
        let Some(i) = rules.iter().position(|r| same_rule(r, &wanted)) else {
            return Err(not_found(
                "ACG rule",
                &format!(
                    "{protocol} {}{} {}",
                    wanted.ip_block, wanted.peer_acg_no, wanted.port_range
                ),
            ));
        };
        rules.remove(i);
    }
    Ok(rules)
}

fn add_inbound(
    w: &mut World,
    r: &AddAccessControlGroupInboundRuleRequest,
) -> Reply<Out<AddAccessControlGroupInboundRuleRequest>> {
    check_region(r.region_code.as_deref())?;
    let items = change_rules(w, &r.vpc_no, &r.access_control_group_no, |w, a| {
        add_rules(w, a, "INBND", &r.access_control_group_rule_list)
    })?;
    w.reply(Some("accessControlGroupRuleList"), items, None)
}

fn add_outbound(
    w: &mut World,
    r: &AddAccessControlGroupOutboundRuleRequest,
) -> Reply<Out<AddAccessControlGroupOutboundRuleRequest>> {
    check_region(r.region_code.as_deref())?;
    let items = change_rules(w, &r.vpc_no, &r.access_control_group_no, |w, a| {
        add_rules(w, a, "OTBND", &r.access_control_group_rule_list)
    })?;
    w.reply(Some("accessControlGroupRuleList"), items, None)
}

fn remove_inbound(
    w: &mut World,
    r: &RemoveAccessControlGroupInboundRuleRequest,
) -> Reply<Out<RemoveAccessControlGroupInboundRuleRequest>> {
    check_region(r.region_code.as_deref())?;
    let items = change_rules(w, &r.vpc_no, &r.access_control_group_no, |_, a| {
        remove_rules(a, "INBND", &r.access_control_group_rule_list)
    })?;
    w.reply(Some("accessControlGroupRuleList"), items, None)
}

fn remove_outbound(
    w: &mut World,
    r: &RemoveAccessControlGroupOutboundRuleRequest,
) -> Reply<Out<RemoveAccessControlGroupOutboundRuleRequest>> {
    check_region(r.region_code.as_deref())?;
    let items = change_rules(w, &r.vpc_no, &r.access_control_group_no, |_, a| {
        remove_rules(a, "OTBND", &r.access_control_group_rule_list)
    })?;
    w.reply(Some("accessControlGroupRuleList"), items, None)
}

// ---- public IPs -------------------------------------------------------------------------

fn public_ip_json(w: &World, p: &PublicIp) -> Value {
    let server = State::key(&p.server_no).and_then(|k| w.state.servers.get(&k));
    let private_ip = server
        .and_then(|s| s.nic_nos.first())
        .and_then(|n| State::key(n))
        .and_then(|k| w.state.nics.get(&k))
        .map_or(String::new(), |n| n.ip.clone());
    let operation_name = match p.life.now.operation.as_str() {
        "CREAT" => "CREATE OP",
        "SET" => "SETTING OP",
        "TERMT" => "TERMINATE OP",
        _ => "NULL OP",
    };
    json!({
        "publicIpInstanceNo": p.no,
        "publicIp": p.ip,
        "publicIpDescription": p.description,
        "createDate": w.date(p.created_ms),
        "publicIpInstanceStatusName": p.life.now.name,
        "publicIpInstanceStatus": code(p.life.status(), p.life.status().to_lowercase().as_str()),
        "serverInstanceNo": p.server_no,
        "serverName": server.map_or("", |s| s.name.as_str()),
        "privateIp": private_ip,
        "lastModifyDate": w.date(p.modified_ms),
        "publicIpInstanceOperation": code(&p.life.now.operation, operation_name),
    })
}

fn ip_key(w: &World, no: &str) -> Result<u64, MockError> {
    State::key(no)
        .filter(|k| w.state.public_ips.contains_key(k))
        .ok_or_else(|| not_found("publicIpInstanceNo", no))
}

fn ip_reply<T: serde::de::DeserializeOwned>(w: &mut World, key: u64) -> Reply<T> {
    let items: Vec<Value> = w
        .state
        .public_ips
        .get(&key)
        .map(|p| public_ip_json(w, p))
        .into_iter()
        .collect();
    w.reply(Some("publicIpInstanceList"), items, None)
}

/// Checks that server `no` exists and has no public IP yet.
fn ip_target(w: &World, no: &str) -> Result<(), MockError> {
    let server = State::key(no)
        .and_then(|k| w.state.servers.get(&k))
        .ok_or_else(|| not_found("serverInstanceNo", no))?;
    if server.life.busy() || !matches!(server.life.status(), "RUN" | "NSTOP") {
        return Err(api_error(
            codes::INVALID_STATE,
            format!("server {no} is {}", server.life.now.name),
        ));
    }
    if w.state.public_ips.values().any(|p| p.server_no == no) {
        return Err(api_error(
            codes::INVALID_STATE,
            format!("server {no} already has a public IP"),
        ));
    }
    Ok(())
}

fn busy_ip(p: &PublicIp) -> Result<(), MockError> {
    if p.life.busy() {
        Err(api_error(
            codes::IN_OPERATION,
            format!("public IP {} is {}", p.no, p.life.now.name),
        ))
    } else {
        Ok(())
    }
}

fn create_public_ip(
    w: &mut World,
    r: &CreatePublicIpInstanceRequest,
) -> Reply<Out<CreatePublicIpInstanceRequest>> {
    check_region(r.region_code.as_deref())?;
    if let Some(no) = &r.server_instance_no {
        ip_target(w, no)?;
    }
    let key = w.state.take_no();
    let ip = public_address(w.state.random_u64());
    let now = w.now_ms;
    w.state.public_ips.insert(
        key,
        PublicIp {
            no: key.to_string(),
            ip,
            description: r.public_ip_description.clone().unwrap_or_default(),
            server_no: r.server_instance_no.clone().unwrap_or_default(),
            life: Life::new(
                Phase::new("INIT", "CREAT", "creating"),
                vec![enter("RUN", "NULL", "running")],
                now,
            ),
            created_ms: now,
            modified_ms: now,
        },
    );
    w.dirty = true;
    ip_reply(w, key)
}

fn associate_public_ip(
    w: &mut World,
    r: &AssociatePublicIpWithServerInstanceRequest,
) -> Reply<Out<AssociatePublicIpWithServerInstanceRequest>> {
    check_region(r.region_code.as_deref())?;
    let key = ip_key(w, &r.public_ip_instance_no)?;
    let ip = &w.state.public_ips[&key];
    busy_ip(ip)?;
    if !ip.server_no.is_empty() {
        return Err(api_error(
            codes::INVALID_STATE,
            format!(
                "public IP {} is associated with server {}",
                ip.no, ip.server_no
            ),
        ));
    }
    ip_target(w, &r.server_instance_no)?;
    let now = w.now_ms;
    let ip = w.state.public_ips.get_mut(&key).expect("checked above");
    ip.server_no = r.server_instance_no.clone();
    ip.modified_ms = now;
    ip.life.change(
        Phase::new("RUN", "SET", "setting"),
        vec![enter("RUN", "NULL", "running")],
        now,
    );
    w.dirty = true;
    ip_reply(w, key)
}

fn disassociate_public_ip(
    w: &mut World,
    r: &DisassociatePublicIpFromServerInstanceRequest,
) -> Reply<Out<DisassociatePublicIpFromServerInstanceRequest>> {
    check_region(r.region_code.as_deref())?;
    let key = match (&r.public_ip_instance_no, &r.server_instance_no) {
        (Some(no), _) => ip_key(w, no)?,
        (None, Some(server)) => {
            *w.state
                .public_ips
                .iter()
                .find(|(_, p)| p.server_no == *server)
                .ok_or_else(|| not_found("public IP of server", server))?
                .0
        }
        (None, None) => {
            return Err(api_error(
                codes::INVALID_PARAMETER,
                "give publicIpInstanceNo or serverInstanceNo",
            ));
        }
    };
    let ip = &w.state.public_ips[&key];
    busy_ip(ip)?;
    if ip.server_no.is_empty() {
        return Err(api_error(
            codes::INVALID_STATE,
            format!("public IP {} is not associated", ip.no),
        ));
    }
    let now = w.now_ms;
    let ip = w.state.public_ips.get_mut(&key).expect("checked above");
    ip.server_no.clear();
    ip.modified_ms = now;
    ip.life.change(
        Phase::new("RUN", "SET", "setting"),
        vec![enter("RUN", "NULL", "running")],
        now,
    );
    w.dirty = true;
    ip_reply(w, key)
}

fn delete_public_ip(
    w: &mut World,
    r: &DeletePublicIpInstanceRequest,
) -> Reply<Out<DeletePublicIpInstanceRequest>> {
    check_region(r.region_code.as_deref())?;
    let key = ip_key(w, &r.public_ip_instance_no)?;
    let ip = &w.state.public_ips[&key];
    busy_ip(ip)?;
    if !ip.server_no.is_empty() {
        return Err(api_error(
            codes::INVALID_STATE,
            format!(
                "public IP {} is associated with server {}: disassociate it first",
                ip.no, ip.server_no
            ),
        ));
    }
    let now = w.now_ms;
    let ip = w.state.public_ips.get_mut(&key).expect("checked above");
    ip.life.change(
        Phase::new("RUN", "TERMT", "terminating"),
        vec![Step::Vanish],
        now,
    );
    w.dirty = true;
    ip_reply(w, key)
}

fn public_ip_detail(
    w: &mut World,
    r: &GetPublicIpInstanceDetailRequest,
) -> Reply<Out<GetPublicIpInstanceDetailRequest>> {
    check_region(r.region_code.as_deref())?;
    match State::key(&r.public_ip_instance_no) {
        Some(key) => ip_reply(w, key),
        None => w.reply(Some("publicIpInstanceList"), Vec::new(), None),
    }
}

fn public_ip_list(
    w: &mut World,
    r: &GetPublicIpInstanceListRequest,
) -> Reply<Out<GetPublicIpInstanceListRequest>> {
    check_region(r.region_code.as_deref())?;
    let items: Vec<Value> = w
        .state
        .public_ips
        .values()
        .map(|p| public_ip_json(w, p))
        .filter(|v| {
            r.public_ip_instance_no_list
                .as_ref()
                .is_none_or(|l| l.iter().any(|n| v["publicIpInstanceNo"] == **n))
        })
        .filter(|v| r.public_ip.as_ref().is_none_or(|ip| v["publicIp"] == **ip))
        .filter(|v| {
            r.private_ip
                .as_ref()
                .is_none_or(|ip| v["privateIp"] == **ip)
        })
        .filter(|v| {
            r.server_name
                .as_ref()
                .is_none_or(|n| v["serverName"] == **n)
        })
        .filter(|v| {
            r.is_associated
                .is_none_or(|a| a == (v["serverInstanceNo"] != ""))
        })
        .filter(|v| {
            r.public_ip_instance_status_code
                .as_ref()
                .is_none_or(|c| v["publicIpInstanceStatus"]["code"] == c.as_str())
        })
        .collect();
    let (items, total) = page(items, r.page_no, r.page_size);
    w.reply(Some("publicIpInstanceList"), items, Some(total))
}

fn public_ip_targets(
    w: &mut World,
    r: &GetPublicIpTargetServerInstanceListRequest,
) -> Reply<Out<GetPublicIpTargetServerInstanceListRequest>> {
    check_region(r.region_code.as_deref())?;
    let items: Vec<Value> = w
        .state
        .servers
        .values()
        .filter(|s| !w.state.public_ips.values().any(|p| p.server_no == s.no))
        .map(|s| server_json(w, s))
        .collect();
    w.reply(Some("serverInstanceList"), items, None)
}

// ---- network interfaces -----------------------------------------------------------------

fn nic_json(n: &Nic) -> Value {
    json!({
        "networkInterfaceNo": n.no,
        "networkInterfaceName": n.name,
        "subnetNo": n.subnet_no,
        "deleteOnTermination": n.delete_on_termination,
        "isDefault": n.is_default,
        "deviceName": n.device_name,
        "networkInterfaceStatus": code(n.life.status(), n.life.status().to_lowercase().as_str()),
        "instanceType": code("VSVR", "Server (VPC)"),
        "instanceNo": n.server_no,
        "ip": n.ip,
        "macAddress": n.mac,
        "accessControlGroupNoList": n.acg_nos,
        "networkInterfaceDescription": n.description,
        "secondaryIpList": [],
    })
}

fn nic_key(w: &World, no: &str) -> Result<u64, MockError> {
    State::key(no)
        .filter(|k| w.state.nics.contains_key(k))
        .ok_or_else(|| not_found("networkInterfaceNo", no))
}

fn nic_reply<T: serde::de::DeserializeOwned>(w: &mut World, key: u64) -> Reply<T> {
    let items: Vec<Value> = w.state.nics.get(&key).map(nic_json).into_iter().collect();
    w.reply(Some("networkInterfaceList"), items, None)
}

fn busy_nic(n: &Nic) -> Result<(), MockError> {
    if n.life.busy() {
        Err(api_error(
            codes::IN_OPERATION,
            format!("network interface {} is {}", n.no, n.life.status()),
        ))
    } else {
        Ok(())
    }
}

/// Checks that server `no` can take one more interface now (stopped, fewer than 3), and
/// returns its device name.
fn nic_target(w: &World, no: &str) -> Result<String, MockError> {
    let server = State::key(no)
        .and_then(|k| w.state.servers.get(&k))
        .ok_or_else(|| not_found("serverInstanceNo", no))?;
    if server.life.busy() || server.life.status() != "NSTOP" {
        return Err(api_error(
            codes::INVALID_STATE,
            format!(
                "server {no} is {}: interfaces are attached to stopped servers only",
                server.life.now.name
            ),
        ));
    }
    if server.nic_nos.len() >= 3 {
        return Err(api_error(
            codes::INVALID_STATE,
            format!("server {no} has 3 network interfaces already"),
        ));
    }
    Ok(format!("eth{}", server.nic_nos.len()))
}

fn check_ip(w: &World, ip: &str) -> Result<(), MockError> {
    let host = ip
        .strip_prefix("10.0.1.")
        .and_then(|h| h.parse::<u8>().ok());
    if !host.is_some_and(|h| (6..=254).contains(&h)) {
        return Err(api_error(
            codes::INVALID_PARAMETER,
            format!("ip {ip} is not a usable address of subnet 1 (10.0.1.6 to 10.0.1.254)"),
        ));
    }
    if w.state.nics.values().any(|n| n.ip == ip) {
        return Err(api_error(
            codes::INVALID_PARAMETER,
            format!("ip {ip} is in use"),
        ));
    }
    Ok(())
}

fn check_acg_list(w: &World, list: &[String]) -> Result<(), MockError> {
    if list.is_empty() || list.len() > 3 {
        return Err(api_error(
            codes::INVALID_PARAMETER,
            "a network interface has 1 to 3 ACGs",
        ));
    }
    for no in list {
        check_acg(w, no)?;
    }
    Ok(())
}

fn create_nic(
    w: &mut World,
    r: &CreateNetworkInterfaceRequest,
) -> Reply<Out<CreateNetworkInterfaceRequest>> {
    check_region(r.region_code.as_deref())?;
    check_vpc(&r.vpc_no)?;
    check_subnet(&r.subnet_no)?;
    check_acg_list(w, &r.access_control_group_no_list)?;
    if let Some(ip) = &r.ip {
        check_ip(w, ip)?;
    }
    let device = match &r.server_instance_no {
        Some(no) => Some(nic_target(w, no)?),
        None => None,
    };
    let key = w.state.take_no();
    let name = r
        .network_interface_name
        .clone()
        .unwrap_or_else(|| format!("nic-{key}"));
    check_name("networkInterfaceName", &name)?;
    let ip = match &r.ip {
        Some(ip) => ip.clone(),
        None => w.state.take_private_ip(),
    };
    let mac = crate::servers::mac_address(w.state.random_u64());
    let now = w.now_ms;
    let life = match &device {
        Some(_) => Life::new(
            Phase::new("SET", "NULL", "set"),
            vec![enter("USED", "NULL", "used")],
            now,
        ),
        None => Life::new(Phase::new("NOTUSED", "NULL", "notused"), Vec::new(), now),
    };
    if let Some(server) = r
        .server_instance_no
        .as_ref()
        .and_then(|n| State::key(n))
        .and_then(|k| w.state.servers.get_mut(&k))
    {
        server.nic_nos.push(key.to_string());
    }
    w.state.nics.insert(
        key,
        Nic {
            no: key.to_string(),
            name,
            description: r.network_interface_description.clone().unwrap_or_default(),
            subnet_no: SUBNET_NO.to_owned(),
            ip,
            mac,
            acg_nos: r.access_control_group_no_list.clone(),
            server_no: r.server_instance_no.clone().unwrap_or_default(),
            device_name: device.unwrap_or_default(),
            is_default: false,
            delete_on_termination: false,
            life,
        },
    );
    w.dirty = true;
    nic_reply(w, key)
}

fn attach_nic(
    w: &mut World,
    r: &AttachNetworkInterfaceRequest,
) -> Reply<Out<AttachNetworkInterfaceRequest>> {
    check_region(r.region_code.as_deref())?;
    check_subnet(&r.subnet_no)?;
    let key = nic_key(w, &r.network_interface_no)?;
    let nic = &w.state.nics[&key];
    busy_nic(nic)?;
    if !nic.server_no.is_empty() || nic.life.status() != "NOTUSED" {
        return Err(api_error(
            codes::INVALID_STATE,
            format!(
                "network interface {} is attached to server {}",
                nic.no, nic.server_no
            ),
        ));
    }
    let device = nic_target(w, &r.server_instance_no)?;
    let now = w.now_ms;
    if let Some(server) =
        State::key(&r.server_instance_no).and_then(|k| w.state.servers.get_mut(&k))
    {
        server.nic_nos.push(r.network_interface_no.clone());
    }
    let nic = w.state.nics.get_mut(&key).expect("checked above");
    nic.server_no = r.server_instance_no.clone();
    nic.device_name = device;
    nic.life.change(
        Phase::new("SET", "NULL", "set"),
        vec![enter("USED", "NULL", "used")],
        now,
    );
    w.dirty = true;
    nic_reply(w, key)
}

fn detach_nic(
    w: &mut World,
    r: &DetachNetworkInterfaceRequest,
) -> Reply<Out<DetachNetworkInterfaceRequest>> {
    check_region(r.region_code.as_deref())?;
    check_subnet(&r.subnet_no)?;
    let key = nic_key(w, &r.network_interface_no)?;
    let nic = &w.state.nics[&key];
    busy_nic(nic)?;
    if nic.server_no != r.server_instance_no {
        return Err(api_error(
            codes::INVALID_STATE,
            format!(
                "network interface {} is not attached to server {}",
                nic.no, r.server_instance_no
            ),
        ));
    }
    if nic.is_default {
        return Err(api_error(
            codes::INVALID_STATE,
            "a server's primary (default) network interface cannot be detached",
        ));
    }
    let server = State::key(&r.server_instance_no).and_then(|k| w.state.servers.get(&k));
    if server.is_some_and(|s| s.life.status() != "NSTOP" || s.life.busy()) {
        return Err(api_error(
            codes::INVALID_STATE,
            "interfaces are detached from stopped servers only",
        ));
    }
    let now = w.now_ms;
    if let Some(server) =
        State::key(&r.server_instance_no).and_then(|k| w.state.servers.get_mut(&k))
    {
        server.nic_nos.retain(|n| *n != r.network_interface_no);
    }
    let nic = w.state.nics.get_mut(&key).expect("checked above");
    nic.life.change(
        Phase::new("UNSET", "NULL", "unset"),
        vec![enter("NOTUSED", "NULL", "notused")],
        now,
    );
    w.dirty = true;
    nic_reply(w, key)
}

fn delete_nic(
    w: &mut World,
    r: &DeleteNetworkInterfaceRequest,
) -> Reply<Out<DeleteNetworkInterfaceRequest>> {
    check_region(r.region_code.as_deref())?;
    let key = nic_key(w, &r.network_interface_no)?;
    let nic = &w.state.nics[&key];
    busy_nic(nic)?;
    if !nic.server_no.is_empty() || nic.life.status() != "NOTUSED" {
        return Err(api_error(
            codes::INVALID_STATE,
            format!("network interface {} is attached: detach it first", nic.no),
        ));
    }
    let item = nic_json(nic);
    w.state.nics.remove(&key);
    w.dirty = true;
    w.reply(Some("networkInterfaceList"), vec![item], None)
}

fn nic_detail(
    w: &mut World,
    r: &GetNetworkInterfaceDetailRequest,
) -> Reply<Out<GetNetworkInterfaceDetailRequest>> {
    check_region(r.region_code.as_deref())?;
    match State::key(&r.network_interface_no) {
        Some(key) => nic_reply(w, key),
        None => w.reply(Some("networkInterfaceList"), Vec::new(), None),
    }
}

fn nic_list(
    w: &mut World,
    r: &GetNetworkInterfaceListRequest,
) -> Reply<Out<GetNetworkInterfaceListRequest>> {
    check_region(r.region_code.as_deref())?;
    let server_name = |n: &Nic| {
        State::key(&n.server_no)
            .and_then(|k| w.state.servers.get(&k))
            .map(|s| s.name.clone())
    };
    let items: Vec<Value> = w
        .state
        .nics
        .values()
        .filter(|n| {
            r.network_interface_no_list
                .as_ref()
                .is_none_or(|l| l.contains(&n.no))
        })
        .filter(|n| r.ip.as_ref().is_none_or(|ip| *ip == n.ip))
        .filter(|n| {
            r.network_interface_name
                .as_ref()
                .is_none_or(|x| *x == n.name)
        })
        .filter(|n| {
            r.server_name
                .as_ref()
                .is_none_or(|x| server_name(n).as_ref() == Some(x))
        })
        .filter(|n| r.instance_no.as_ref().is_none_or(|x| *x == n.server_no))
        .filter(|n| r.is_default.is_none_or(|x| x == n.is_default))
        .filter(|n| r.device_name.as_ref().is_none_or(|x| *x == n.device_name))
        .filter(|n| {
            r.network_interface_status_code
                .as_ref()
                .is_none_or(|c| c.as_str() == n.life.status())
        })
        .map(nic_json)
        .collect();
    let (items, total) = page(items, r.page_no, r.page_size);
    w.reply(Some("networkInterfaceList"), items, Some(total))
}

/// Changes the ACGs of interface `no` to what `change` makes of them: `SET` for one transition.
fn change_nic_acgs(
    w: &mut World,
    no: &str,
    change: impl FnOnce(&World, &Nic) -> Result<Vec<String>, MockError>,
) -> Result<u64, MockError> {
    let key = nic_key(w, no)?;
    let nic = &w.state.nics[&key];
    busy_nic(nic)?;
    let acgs = change(w, nic)?;
    let now = w.now_ms;
    let nic = w.state.nics.get_mut(&key).expect("checked above");
    let back = nic.life.now.clone();
    nic.acg_nos = acgs;
    nic.life.change(
        Phase::new("SET", "NULL", "set"),
        vec![Step::Enter(back)],
        now,
    );
    w.dirty = true;
    Ok(key)
}

fn add_nic_acg(
    w: &mut World,
    r: &AddNetworkInterfaceAccessControlGroupRequest,
) -> Reply<Out<AddNetworkInterfaceAccessControlGroupRequest>> {
    check_region(r.region_code.as_deref())?;
    let key = change_nic_acgs(w, &r.network_interface_no, |w, nic| {
        let mut acgs = nic.acg_nos.clone();
        for no in &r.access_control_group_no_list {
            check_acg(w, no)?;
            if acgs.contains(no) {
                return Err(api_error(
                    codes::INVALID_PARAMETER,
                    format!("ACG {no} is already on the interface"),
                ));
            }
            acgs.push(no.clone());
        }
        check_acg_list(w, &acgs)?;
        Ok(acgs)
    })?;
    nic_reply(w, key)
}

fn remove_nic_acg(
    w: &mut World,
    r: &RemoveNetworkInterfaceAccessControlGroupRequest,
) -> Reply<Out<RemoveNetworkInterfaceAccessControlGroupRequest>> {
    check_region(r.region_code.as_deref())?;
    let key = change_nic_acgs(w, &r.network_interface_no, |_, nic| {
        let mut acgs = nic.acg_nos.clone();
        for no in &r.access_control_group_no_list {
            let Some(i) = acgs.iter().position(|a| a == no) else {
                return Err(not_found("ACG on the interface", no));
            };
            acgs.remove(i);
        }
        if acgs.is_empty() {
            return Err(api_error(
                codes::LAST_ACG,
                "At least one Acg must remain on the network interface.",
            ));
        }
        Ok(acgs)
    })?;
    nic_reply(w, key)
}

// ---- placement groups -------------------------------------------------------------------

fn group_json(g: &PlacementGroup) -> Value {
    json!({
        "placementGroupNo": g.no,
        "placementGroupName": g.name,
        "placementGroupType": code(&g.kind, "Anti-Affinity"),
    })
}

fn group_key(w: &World, no: &str) -> Result<u64, MockError> {
    State::key(no)
        .filter(|k| w.state.placement_groups.contains_key(k))
        .ok_or_else(|| not_found("placementGroupNo", no))
}

fn create_placement_group(
    w: &mut World,
    r: &CreatePlacementGroupRequest,
) -> Reply<Out<CreatePlacementGroupRequest>> {
    check_region(r.region_code.as_deref())?;
    let key = w.state.take_no();
    let name = r
        .placement_group_name
        .clone()
        .unwrap_or_else(|| format!("pg-{key}"));
    check_name("placementGroupName", &name)?;
    if w.state.placement_groups.values().any(|g| g.name == name) {
        return Err(api_error(
            codes::DUPLICATE_NAME,
            format!("placement group {name} already exists"),
        ));
    }
    let group = PlacementGroup {
        no: key.to_string(),
        name,
        kind: r
            .placement_group_type_code
            .as_ref()
            .map_or("AA".to_owned(), |c| c.as_str().to_owned()),
    };
    let item = group_json(&group);
    w.state.placement_groups.insert(key, group);
    w.dirty = true;
    w.reply(Some("placementGroupList"), vec![item], None)
}

fn delete_placement_group(
    w: &mut World,
    r: &DeletePlacementGroupRequest,
) -> Reply<Out<DeletePlacementGroupRequest>> {
    check_region(r.region_code.as_deref())?;
    let key = group_key(w, &r.placement_group_no)?;
    if let Some(s) = w
        .state
        .servers
        .values()
        .find(|s| s.placement_group_no == r.placement_group_no)
    {
        return Err(api_error(
            codes::INVALID_STATE,
            format!(
                "placement group {} still holds server {}",
                r.placement_group_no, s.no
            ),
        ));
    }
    let item = group_json(&w.state.placement_groups[&key]);
    w.state.placement_groups.remove(&key);
    w.dirty = true;
    w.reply(Some("placementGroupList"), vec![item], None)
}

fn placement_group_detail(
    w: &mut World,
    r: &GetPlacementGroupDetailRequest,
) -> Reply<Out<GetPlacementGroupDetailRequest>> {
    check_region(r.region_code.as_deref())?;
    let items = State::key(&r.placement_group_no)
        .and_then(|k| w.state.placement_groups.get(&k))
        .map(group_json)
        .into_iter()
        .collect();
    w.reply(Some("placementGroupList"), items, None)
}

fn placement_group_list(
    w: &mut World,
    r: &GetPlacementGroupListRequest,
) -> Reply<Out<GetPlacementGroupListRequest>> {
    check_region(r.region_code.as_deref())?;
    let items = w
        .state
        .placement_groups
        .values()
        .filter(|g| {
            r.placement_group_no_list
                .as_ref()
                .is_none_or(|l| l.contains(&g.no))
        })
        .filter(|g| r.placement_group_name.as_ref().is_none_or(|n| *n == g.name))
        .map(group_json)
        .collect();
    w.reply(Some("placementGroupList"), items, None)
}

fn placement_server(w: &World, no: &str) -> Result<u64, MockError> {
    let key = State::key(no)
        .filter(|k| w.state.servers.contains_key(k))
        .ok_or_else(|| not_found("serverInstanceNo", no))?;
    let server = &w.state.servers[&key];
    if server.life.busy() || server.life.status() != "NSTOP" {
        return Err(api_error(
            codes::INVALID_STATE,
            format!(
                "server {no} is {}: placement groups change on stopped servers only",
                server.life.now.name
            ),
        ));
    }
    Ok(key)
}

fn add_placement_group_server(
    w: &mut World,
    r: &AddPlacementGroupServerInstanceRequest,
) -> Reply<Out<AddPlacementGroupServerInstanceRequest>> {
    check_region(r.region_code.as_deref())?;
    group_key(w, &r.placement_group_no)?;
    let key = placement_server(w, &r.server_instance_no)?;
    let server = w.state.servers.get_mut(&key).expect("checked above");
    if !server.placement_group_no.is_empty() {
        return Err(api_error(
            codes::INVALID_STATE,
            format!(
                "server {} is in placement group {} already",
                server.no, server.placement_group_no
            ),
        ));
    }
    server.placement_group_no = r.placement_group_no.clone();
    w.dirty = true;
    let item = server_json(w, &w.state.servers[&key]);
    w.reply(Some("serverInstanceList"), vec![item], None)
}

fn remove_placement_group_server(
    w: &mut World,
    r: &RemovePlacementGroupServerInstanceRequest,
) -> Reply<Out<RemovePlacementGroupServerInstanceRequest>> {
    check_region(r.region_code.as_deref())?;
    group_key(w, &r.placement_group_no)?;
    let key = placement_server(w, &r.server_instance_no)?;
    let server = w.state.servers.get_mut(&key).expect("checked above");
    if server.placement_group_no != r.placement_group_no {
        return Err(api_error(
            codes::INVALID_STATE,
            format!(
                "server {} is not in placement group {}",
                server.no, r.placement_group_no
            ),
        ));
    }
    server.placement_group_no.clear();
    w.dirty = true;
    let item = server_json(w, &w.state.servers[&key]);
    w.reply(Some("serverInstanceList"), vec![item], None)
}
