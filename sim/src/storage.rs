//! Block storage (create, attach → `ATTAC`, detach, resize, delete, return protection) and
//! snapshots.

use std::sync::Arc;

use ncloud_runtime::mock::{MockError, MockServer};
use ncloud_vserver::operations::*;
use serde_json::{Value, json};

use crate::catalog::VOLUME_TYPES;
use crate::world::{
    BlockStorage, Life, Out, Phase, REGION, Reply, SUBNET_ZONE, Snapshot, State, Step, World,
    api_error, check_name, check_region, code, codes, not_found, page,
};
use crate::{Shared, route};

pub(crate) fn register(mock: &MockServer, shared: &Arc<Shared>) {
    route(mock, shared, create_storage);
    route(mock, shared, attach_storage);
    route(mock, shared, detach_storages);
    route(mock, shared, delete_storages);
    route(mock, shared, resize_storage);
    route(mock, shared, change_storage);
    route(mock, shared, set_return_protection);
    route(mock, shared, storage_detail);
    route(mock, shared, storage_list);
    route(mock, shared, create_snapshot);
    route(mock, shared, delete_snapshots);
    route(mock, shared, snapshot_detail);
    route(mock, shared, snapshot_list);
}

const GIB: i64 = 1 << 30;

fn enter(status: &str, operation: &str, name: &str) -> Step {
    Step::Enter(Phase::new(status, operation, name))
}

fn status_name(status: &str) -> &'static str {
    match status {
        "INIT" => "Block storage INIT state",
        "CREAT" => "Block storage CREATED state",
        "ATTAC" => "Block storage ATTACHED state",
        _ => "",
    }
}

fn operation_name(operation: &str) -> &'static str {
    match operation {
        "NULL" => "Block Storage NULLOP",
        "ATTAC" => "Block Storage ATTACH OP",
        "DETAC" => "Block Storage DETACH OP",
        "CHNG" => "Block Storage Resize OP",
        _ => "",
    }
}

fn volume_type_name(code_value: &str) -> &'static str {
    VOLUME_TYPES
        .iter()
        .find(|(c, ..)| *c == code_value)
        .map_or("", |(_, n, ..)| n)
}

/// A `BlockStorageInstance` item.
fn storage_json(w: &World, d: &BlockStorage) -> Value {
    let mut item = json!({
        "blockStorageInstanceNo": d.no,
        "serverInstanceNo": d.server_no,
        "blockStorageName": d.name,
        "blockStorageType": code(&d.kind, if d.kind == "BASIC" { "Basic BS" } else { "Server BS" }),
        "blockStorageSize": d.size_gb * GIB,
        "deviceName": d.device_name,
        "blockStorageProductCode": "SPBSTBSTAD000006",
        "blockStorageInstanceStatus": code(d.life.status(), status_name(d.life.status())),
        "blockStorageInstanceOperation": code(&d.life.now.operation, operation_name(&d.life.now.operation)),
        "blockStorageInstanceStatusName": d.life.now.name,
        "createDate": w.date(d.created_ms),
        "blockStorageDescription": d.description,
        "blockStorageDiskType": code("NET", "Network Storage"),
        "blockStorageDiskDetailType": code("SSD", "SSD"),
        "maxIopsThroughput": 4000,
        "isEncryptedVolume": false,
        "zoneCode": d.zone,
        "regionCode": REGION,
        "isReturnProtection": d.return_protection,
        "blockStorageVolumeType": code(&d.volume_type, volume_type_name(&d.volume_type)),
        "hypervisorType": code("KVM", "KVM"),
        "throughput": 104_857_600,
        "iops": 4000,
    });
    // The API types this one number as an integer.
    if let Ok(no) = d.snapshot_no.parse::<i64>() {
        item["blockStorageSnapshotInstanceNo"] = json!(no);
    }
    item
}

fn storages_reply<T: serde::de::DeserializeOwned>(w: &mut World, keys: &[u64]) -> Reply<T> {
    let items: Vec<Value> = keys
        .iter()
        .filter_map(|k| w.state.block_storages.get(k))
        .map(|d| storage_json(w, d))
        .collect();
    w.reply(Some("blockStorageInstanceList"), items, None)
}

fn storage_key(w: &World, no: &str) -> Result<u64, MockError> {
    State::key(no)
        .filter(|k| w.state.block_storages.contains_key(k))
        .ok_or_else(|| not_found("blockStorageInstanceNo", no))
}

fn not_busy(d: &BlockStorage) -> Result<(), MockError> {
    if d.life.busy() {
        Err(api_error(
            codes::IN_OPERATION,
            format!(
                "block storage {} is {}: wait until its operation is over",
                d.no, d.life.now.name
            ),
        ))
    } else {
        Ok(())
    }
}

/// Checks that server `no` can take a disk now, and returns its next free device name.
fn attachable_server(w: &World, no: &str) -> Result<String, MockError> {
    let server = State::key(no)
        .and_then(|k| w.state.servers.get(&k))
        .ok_or_else(|| not_found("serverInstanceNo", no))?;
    if server.life.busy() || !matches!(server.life.status(), "RUN" | "NSTOP") {
        return Err(api_error(
            codes::INVALID_STATE,
            format!(
                "server {no} is {}: a disk can be attached to a running or stopped server only",
                server.life.now.name
            ),
        ));
    }
    let attached = w
        .state
        .block_storages
        .values()
        .filter(|d| d.server_no == no)
        .count();
    Ok(format!(
        "/dev/xvd{}",
        (b'a' + attached.min(25) as u8) as char
    ))
}

fn check_size(size: i32, volume_type: &str) -> Result<(), MockError> {
    let (min, max) = VOLUME_TYPES
        .iter()
        .find(|(c, ..)| *c == volume_type)
        .map_or((10, 16380), |(_, _, min, max)| (*min, *max));
    if size < min || size > max || size % 10 != 0 {
        return Err(api_error(
            codes::INVALID_PARAMETER,
            format!("blockStorageSize {size} GB: must be {min} to {max} GB in steps of 10 GB"),
        ));
    }
    Ok(())
}

fn create_storage(
    w: &mut World,
    r: &CreateBlockStorageInstanceRequest,
) -> Reply<Out<CreateBlockStorageInstanceRequest>> {
    check_region(r.region_code.as_deref())?;
    let zone = r
        .zone_code
        .clone()
        .unwrap_or_else(|| SUBNET_ZONE.to_owned());
    if !matches!(zone.as_str(), "KR-1" | "KR-2") {
        return Err(api_error(
            codes::INVALID_PARAMETER,
            format!("zoneCode {zone} is not a zone of KR"),
        ));
    }
    let volume_type = r
        .block_storage_volume_type_code
        .as_ref()
        .map_or("CB1".to_owned(), |c| c.as_str().to_owned());
    if !VOLUME_TYPES.iter().any(|(c, ..)| *c == volume_type) {
        return Err(api_error(
            codes::INVALID_PARAMETER,
            format!("blockStorageVolumeTypeCode {volume_type} is unknown"),
        ));
    }
    let snapshot = match &r.block_storage_snapshot_instance_no {
        Some(no) => Some(
            State::key(no)
                .and_then(|k| w.state.snapshots.get(&k))
                .filter(|s| s.life.status() == "CREAT" && !s.life.busy())
                .ok_or_else(|| not_found("blockStorageSnapshotInstanceNo", no))?
                .clone(),
        ),
        None => None,
    };
    let size = match (r.block_storage_size, &snapshot) {
        (Some(size), _) => size,
        (None, Some(s)) => s.size_gb as i32,
        (None, None) => {
            return Err(api_error(
                codes::INVALID_PARAMETER,
                "blockStorageSize is required (unless a snapshot is given)",
            ));
        }
    };
    check_size(size, &volume_type)?;
    let device = match &r.server_instance_no {
        Some(no) => {
            if zone != SUBNET_ZONE {
                return Err(api_error(
                    codes::INVALID_PARAMETER,
                    format!("the server is in {SUBNET_ZONE}, not {zone}"),
                ));
            }
            Some(attachable_server(w, no)?)
        }
        None => None,
    };
    let key = w.state.take_no();
    let name = r
        .block_storage_name
        .clone()
        .unwrap_or_else(|| format!("bs-{key}"));
    check_name("blockStorageName", &name)?;
    if w.state.block_storages.values().any(|d| d.name == name) {
        return Err(api_error(
            codes::DUPLICATE_NAME,
            format!("block storage {name} already exists"),
        ));
    }
    let now = w.now_ms;
    let (server_no, life) = match (&r.server_instance_no, &device) {
        (Some(no), Some(_)) => (
            no.clone(),
            Life::new(
                Phase::new("INIT", "NULL", "initialized"),
                vec![
                    enter("INIT", "ATTAC", "attaching"),
                    enter("ATTAC", "NULL", "attached"),
                ],
                now,
            ),
        ),
        _ => (
            String::new(),
            Life::new(
                Phase::new("INIT", "NULL", "initialized"),
                vec![enter("CREAT", "NULL", "detached")],
                now,
            ),
        ),
    };
    w.state.block_storages.insert(
        key,
        BlockStorage {
            no: key.to_string(),
            name,
            description: r.block_storage_description.clone().unwrap_or_default(),
            size_gb: i64::from(size),
            kind: "SVRBS".to_owned(),
            volume_type,
            server_no,
            device_name: device.unwrap_or_default(),
            zone,
            return_protection: r.is_return_protection.unwrap_or(false),
            snapshot_no: snapshot.map(|s| s.no).unwrap_or_default(),
            life,
            created_ms: now,
        },
    );
    w.dirty = true;
    storages_reply(w, &[key])
}

fn attach_storage(
    w: &mut World,
    r: &AttachBlockStorageInstanceRequest,
) -> Reply<Out<AttachBlockStorageInstanceRequest>> {
    check_region(r.region_code.as_deref())?;
    let key = storage_key(w, &r.block_storage_instance_no)?;
    let disk = &w.state.block_storages[&key];
    not_busy(disk)?;
    if disk.life.status() != "CREAT" || !disk.server_no.is_empty() {
        return Err(api_error(
            codes::INVALID_STATE,
            format!(
                "block storage {} is {}: only a detached one can be attached",
                disk.no, disk.life.now.name
            ),
        ));
    }
    if disk.zone != SUBNET_ZONE {
        return Err(api_error(
            codes::INVALID_PARAMETER,
            format!(
                "block storage {} is in {}, the server in {SUBNET_ZONE}",
                disk.no, disk.zone
            ),
        ));
    }
    let device = attachable_server(w, &r.server_instance_no)?;
    let now = w.now_ms;
    if let Some(disk) = w.state.block_storages.get_mut(&key) {
        disk.server_no = r.server_instance_no.clone();
        disk.device_name = device;
        disk.life.change(
            Phase::new("INIT", "ATTAC", "attaching"),
            vec![enter("ATTAC", "NULL", "attached")],
            now,
        );
    }
    w.dirty = true;
    storages_reply(w, &[key])
}

fn detach_storages(
    w: &mut World,
    r: &DetachBlockStorageInstancesRequest,
) -> Reply<Out<DetachBlockStorageInstancesRequest>> {
    check_region(r.region_code.as_deref())?;
    let mut keys = Vec::new();
    for no in &r.block_storage_instance_no_list {
        let key = storage_key(w, no)?;
        let disk = &w.state.block_storages[&key];
        not_busy(disk)?;
        if disk.kind == "BASIC" {
            return Err(api_error(
                codes::INVALID_STATE,
                format!("block storage {no} is a server's basic storage: it cannot be detached"),
            ));
        }
        if disk.life.status() != "ATTAC" {
            return Err(api_error(
                codes::INVALID_STATE,
                format!("block storage {no} is not attached"),
            ));
        }
        keys.push(key);
    }
    let now = w.now_ms;
    for key in &keys {
        if let Some(disk) = w.state.block_storages.get_mut(key) {
            disk.life.change(
                Phase::new("ATTAC", "DETAC", "detaching"),
                vec![enter("CREAT", "NULL", "detached")],
                now,
            );
        }
    }
    w.dirty = true;
    storages_reply(w, &keys)
}

fn delete_storages(
    w: &mut World,
    r: &DeleteBlockStorageInstancesRequest,
) -> Reply<Out<DeleteBlockStorageInstancesRequest>> {
    check_region(r.region_code.as_deref())?;
    let mut keys = Vec::new();
    for no in &r.block_storage_instance_no_list {
        let key = storage_key(w, no)?;
        let disk = &w.state.block_storages[&key];
        not_busy(disk)?;
        if disk.kind == "BASIC" {
            return Err(api_error(
                codes::INVALID_STATE,
                format!("block storage {no} is a server's basic storage: it goes with its server"),
            ));
        }
        if disk.life.status() == "ATTAC" || !disk.server_no.is_empty() {
            return Err(api_error(
                codes::STORAGE_IN_USE,
                format!(
                    "block storage {no} is attached to server {}: detach it first",
                    disk.server_no
                ),
            ));
        }
        if disk.return_protection {
            return Err(api_error(
                codes::STORAGE_IN_USE,
                format!("block storage {no} is return-protected (setBlockStorageReturnProtection)"),
            ));
        }
        keys.push(key);
    }
    let now = w.now_ms;
    for key in &keys {
        if let Some(disk) = w.state.block_storages.get_mut(key) {
            disk.life.change(
                Phase::new("CREAT", "DETAC", "terminating"),
                vec![Step::Vanish],
                now,
            );
        }
    }
    w.dirty = true;
    storages_reply(w, &keys)
}

/// Starts a resize of disk `key` to `size` GB (sizes only grow).
fn resize(w: &mut World, key: u64, size: i32) -> Result<(), MockError> {
    let disk = &w.state.block_storages[&key];
    not_busy(disk)?;
    check_size(size, &disk.volume_type)?;
    if i64::from(size) <= disk.size_gb {
        return Err(api_error(
            codes::INVALID_PARAMETER,
            format!(
                "blockStorageSize {size} GB: a volume can only grow (it has {} GB)",
                disk.size_gb
            ),
        ));
    }
    let running = State::key(&disk.server_no)
        .and_then(|k| w.state.servers.get(&k))
        .is_some_and(|s| s.life.status() != "NSTOP");
    if running {
        return Err(api_error(
            codes::INVALID_STATE,
            format!(
                "block storage {} is attached to a server that is not stopped",
                disk.no
            ),
        ));
    }
    let now = w.now_ms;
    if let Some(disk) = w.state.block_storages.get_mut(&key) {
        disk.size_gb = i64::from(size);
        let back = disk.life.now.clone();
        disk.life.change(
            Phase::new(&back.status, "CHNG", "changingSpec"),
            vec![Step::Enter(back)],
            now,
        );
    }
    w.dirty = true;
    Ok(())
}

fn resize_storage(
    w: &mut World,
    r: &ChangeBlockStorageVolumeSizeRequest,
) -> Reply<Out<ChangeBlockStorageVolumeSizeRequest>> {
    check_region(r.region_code.as_deref())?;
    let key = storage_key(w, &r.block_storage_instance_no)?;
    resize(w, key, r.block_storage_size)?;
    storages_reply(w, &[key])
}

fn change_storage(
    w: &mut World,
    r: &ChangeBlockStorageInstanceRequest,
) -> Reply<Out<ChangeBlockStorageInstanceRequest>> {
    check_region(r.region_code.as_deref())?;
    let no = r.block_storage_instance_no.as_ref().ok_or_else(|| {
        api_error(
            codes::INVALID_PARAMETER,
            "blockStorageInstanceNo is required",
        )
    })?;
    let key = storage_key(w, no)?;
    let size = r.block_storage_size.ok_or_else(|| {
        api_error(codes::NOT_MODELLED, "the simulator models size changes only (blockStorageSize); iops and throughput are not modelled")
    })?;
    resize(w, key, size)?;
    storages_reply(w, &[key])
}

fn set_return_protection(
    w: &mut World,
    r: &SetBlockStorageReturnProtectionRequest,
) -> Reply<Out<SetBlockStorageReturnProtectionRequest>> {
    check_region(r.region_code.as_deref())?;
    let key = storage_key(w, &r.block_storage_instance_no)?;
    if let Some(disk) = w.state.block_storages.get_mut(&key) {
        disk.return_protection = r.is_return_protection;
    }
    w.dirty = true;
    storages_reply(w, &[key])
}

fn storage_detail(
    w: &mut World,
    r: &GetBlockStorageInstanceDetailRequest,
) -> Reply<Out<GetBlockStorageInstanceDetailRequest>> {
    check_region(r.region_code.as_deref())?;
    let keys: Vec<u64> = State::key(&r.block_storage_instance_no)
        .into_iter()
        .collect();
    storages_reply(w, &keys)
}

fn storage_list(
    w: &mut World,
    r: &GetBlockStorageInstanceListRequest,
) -> Reply<Out<GetBlockStorageInstanceListRequest>> {
    check_region(r.region_code.as_deref())?;
    let server_name = |d: &BlockStorage| {
        State::key(&d.server_no)
            .and_then(|k| w.state.servers.get(&k))
            .map(|s| s.name.clone())
    };
    let items: Vec<Value> = w
        .state
        .block_storages
        .values()
        .filter(|d| {
            r.block_storage_instance_no_list
                .as_ref()
                .is_none_or(|l| l.contains(&d.no))
        })
        .filter(|d| {
            r.server_instance_no
                .as_ref()
                .is_none_or(|s| *s == d.server_no)
        })
        .filter(|d| r.zone_code.as_ref().is_none_or(|z| *z == d.zone))
        .filter(|d| r.block_storage_name.as_ref().is_none_or(|n| *n == d.name))
        .filter(|d| {
            r.block_storage_size
                .is_none_or(|s| i64::from(s) == d.size_gb)
        })
        .filter(|d| {
            r.server_name
                .as_ref()
                .is_none_or(|n| server_name(d).as_ref() == Some(n))
        })
        .filter(|d| {
            r.block_storage_instance_status_code
                .as_ref()
                .is_none_or(|c| c.as_str() == d.life.status())
        })
        .filter(|d| {
            r.block_storage_type_code_list
                .as_ref()
                .is_none_or(|l| l.iter().any(|c| c.as_str() == d.kind))
        })
        .filter(|d| {
            r.block_storage_volume_type_code_list
                .as_ref()
                .is_none_or(|l| l.iter().any(|c| c.as_str() == d.volume_type))
        })
        .map(|d| storage_json(w, d))
        .collect();
    let (items, total) = page(items, r.page_no, r.page_size);
    w.reply(Some("blockStorageInstanceList"), items, Some(total))
}

fn snapshot_json(w: &World, s: &Snapshot) -> Value {
    json!({
        "blockStorageSnapshotInstanceNo": s.no,
        "blockStorageSnapshotName": s.name,
        "blockStorageSnapshotVolumeSize": s.size_gb * GIB,
        "originalBlockStorageInstanceNo": s.original_no,
        "blockStorageSnapshotInstanceStatus": code(s.life.status(), status_name(s.life.status())),
        "blockStorageSnapshotInstanceOperation": code(
            &s.life.now.operation,
            if s.life.now.operation == "TERMT" { "Block Storage TERMINATE OP" } else { "Block Storage NULLOP" },
        ),
        "blockStorageSnapshotInstanceStatusName": s.life.now.name,
        "createDate": w.date(s.created_ms),
        "isEncryptedOriginalBlockStorageVolume": false,
        "blockStorageSnapshotDescription": s.description,
        "snapshotType": code(&s.kind, if s.kind == "FULL" { "Full Storage Snapshot" } else { "Incremental Storage Snapshot" }),
        "hypervisorType": code("KVM", "KVM"),
        "isBootable": false,
        "blockStorageVolumeType": code(&s.volume_type, volume_type_name(&s.volume_type)),
    })
}

fn snapshots_reply<T: serde::de::DeserializeOwned>(w: &mut World, keys: &[u64]) -> Reply<T> {
    let items: Vec<Value> = keys
        .iter()
        .filter_map(|k| w.state.snapshots.get(k))
        .map(|s| snapshot_json(w, s))
        .collect();
    w.reply(Some("blockStorageSnapshotInstanceList"), items, None)
}

fn create_snapshot(
    w: &mut World,
    r: &CreateBlockStorageSnapshotInstanceRequest,
) -> Reply<Out<CreateBlockStorageSnapshotInstanceRequest>> {
    check_region(r.region_code.as_deref())?;
    let disk_key = storage_key(w, &r.original_block_storage_instance_no)?;
    let disk = w.state.block_storages[&disk_key].clone();
    not_busy(&disk)?;
    let kind = r
        .snapshot_type_code
        .as_ref()
        .map_or("FULL".to_owned(), |c| c.as_str().to_owned());
    let of_disk = |kind: &str| {
        w.state
            .snapshots
            .values()
            .filter(|s| s.original_no == disk.no && s.kind == kind)
            .count()
    };
    if kind == "INCREMENTAL" && of_disk("FULL") == 0 {
        return Err(api_error(
            codes::INVALID_STATE,
            "an INCREMENTAL snapshot needs a FULL snapshot of the volume first",
        ));
    }
    if kind == "INCREMENTAL" && of_disk("INCREMENTAL") >= 7 {
        return Err(api_error(
            codes::INVALID_STATE,
            "a volume has at most 7 incremental snapshots",
        ));
    }
    let key = w.state.take_no();
    let name = r
        .block_storage_snapshot_name
        .clone()
        .unwrap_or_else(|| format!("snapshot-{key}"));
    check_name("blockStorageSnapshotName", &name)?;
    let now = w.now_ms;
    w.state.snapshots.insert(
        key,
        Snapshot {
            no: key.to_string(),
            name,
            description: r
                .block_storage_snapshot_description
                .clone()
                .unwrap_or_default(),
            original_no: disk.no.clone(),
            size_gb: disk.size_gb,
            kind,
            volume_type: disk.volume_type.clone(),
            life: Life::new(
                Phase::new("INIT", "NULL", "initialized"),
                vec![enter("CREAT", "NULL", "created")],
                now,
            ),
            created_ms: now,
        },
    );
    w.dirty = true;
    snapshots_reply(w, &[key])
}

fn delete_snapshots(
    w: &mut World,
    r: &DeleteBlockStorageSnapshotInstancesRequest,
) -> Reply<Out<DeleteBlockStorageSnapshotInstancesRequest>> {
    check_region(r.region_code.as_deref())?;
    let mut keys = Vec::new();
    for no in &r.block_storage_snapshot_instance_no_list {
        let key = State::key(no)
            .filter(|k| w.state.snapshots.contains_key(k))
            .ok_or_else(|| not_found("blockStorageSnapshotInstanceNo", no))?;
        if w.state.snapshots[&key].life.busy() {
            return Err(api_error(
                codes::IN_OPERATION,
                format!("snapshot {no} is still being created"),
            ));
        }
        keys.push(key);
    }
    let now = w.now_ms;
    for key in &keys {
        if let Some(s) = w.state.snapshots.get_mut(key) {
            s.life.change(
                Phase::new("CREAT", "TERMT", "terminating"),
                vec![Step::Vanish],
                now,
            );
        }
    }
    w.dirty = true;
    snapshots_reply(w, &keys)
}

fn snapshot_detail(
    w: &mut World,
    r: &GetBlockStorageSnapshotInstanceDetailRequest,
) -> Reply<Out<GetBlockStorageSnapshotInstanceDetailRequest>> {
    check_region(r.region_code.as_deref())?;
    let keys: Vec<u64> = State::key(&r.block_storage_snapshot_instance_no)
        .into_iter()
        .collect();
    snapshots_reply(w, &keys)
}

fn snapshot_list(
    w: &mut World,
    r: &GetBlockStorageSnapshotInstanceListRequest,
) -> Reply<Out<GetBlockStorageSnapshotInstanceListRequest>> {
    check_region(r.region_code.as_deref())?;
    let items: Vec<Value> = w
        .state
        .snapshots
        .values()
        .filter(|s| {
            r.block_storage_snapshot_instance_no_list
                .as_ref()
                .is_none_or(|l| l.contains(&s.no))
        })
        .filter(|s| {
            r.original_block_storage_instance_no_list
                .as_ref()
                .is_none_or(|l| l.contains(&s.original_no))
        })
        .filter(|s| {
            r.block_storage_snapshot_name
                .as_ref()
                .is_none_or(|n| *n == s.name)
        })
        .filter(|s| {
            r.block_storage_snapshot_instance_status_code
                .as_ref()
                .is_none_or(|c| c.as_str() == s.life.status())
        })
        .map(|s| snapshot_json(w, s))
        .collect();
    let (items, total) = page(items, r.page_no, r.page_size);
    w.reply(Some("blockStorageSnapshotInstanceList"), items, Some(total))
}
