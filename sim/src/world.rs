//! The simulated account: every resource, its lifecycle, and the helpers the operations share
//! (numbers, dates, names, paging, error codes, typed replies).
//!
//! Nothing runs in the background: each resource keeps its current [`Phase`] and the phases
//! still ahead of it, each one transition long; [`World::tick`] applies those that are due by the
//! clock before every request is answered.

use std::collections::{BTreeMap, VecDeque};

use ncloud_runtime::mock::MockError;
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{RngCore, SeedableRng};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// NCP's error codes as the facts give them, and the ones the simulator had to choose where no
/// code is documented (marked "chosen"; the docs list them too).
pub mod codes {
    /// Chosen: a parameter value the API refuses (a name breaking the naming rules, an unknown
    /// VPC, subnet, zone or code).
    pub const INVALID_PARAMETER: &str = "1200";
    /// Documented (1401, "Not found server product."): an unknown server spec or product code.
    pub const NO_SERVER_PRODUCT: &str = "1401";
    /// Documented (10712, "Not found product."): an unknown image or image product.
    pub const NO_PRODUCT: &str = "10712";
    /// Chosen: a mutation names a resource number that does not exist. (Reads answer an empty
    /// list instead, as the API does.)
    pub const NOT_FOUND: &str = "1500";
    /// Chosen: the resource is not in the state the operation needs (terminate a running
    /// server, attach an attached disk, start a running server).
    pub const INVALID_STATE: &str = "1510";
    /// Classic API code "object in operation", reused: another operation on the resource has
    /// not finished yet.
    pub const IN_OPERATION: &str = "25013";
    /// Chosen: the server is protected against termination.
    pub const TERMINATION_PROTECTED: &str = "1520";
    /// Chosen: the block storage is attached (or return-protected) and cannot be deleted.
    pub const STORAGE_IN_USE: &str = "1530";
    /// Chosen: a resource with that name already exists.
    pub const DUPLICATE_NAME: &str = "1540";
    /// Chosen: the private key given to `getRootPassword` is not the server's login key.
    pub const WRONG_PRIVATE_KEY: &str = "1550";
    /// Documented: the ACG is being changed (status `SET`); no other change until it is `RUN`.
    pub const ACG_IN_CHANGE: &str = "1007009";
    /// Documented (1007000): the ACG does not exist.
    pub const ACG_NOT_FOUND: &str = "1007000";
    /// Documented: a network interface must keep at least one ACG.
    pub const LAST_ACG: &str = "1002035";
    /// Chosen: the operation exists in the API but the simulator does not model it.
    pub const NOT_MODELLED: &str = "1900";
}

/// A server API error (`responseError`, HTTP 400).
pub fn api_error(code: &str, message: impl Into<String>) -> MockError {
    MockError::api(code, message)
}

/// The output type of operation `O`.
pub type Out<O> = <O as ncloud_runtime::Operation>::Output;

/// What one request's handler returns.
pub type Reply<T> = Result<T, MockError>;

/// One step of a lifecycle: status code, operation code and status name as the API reports them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phase {
    /// The status code (`RUN`).
    pub status: String,
    /// The operation code (`NULL` when idle).
    pub operation: String,
    /// The status name (`running`).
    pub name: String,
}

impl Phase {
    /// A phase.
    pub fn new(status: &str, operation: &str, name: &str) -> Self {
        Self {
            status: status.to_owned(),
            operation: operation.to_owned(),
            name: name.to_owned(),
        }
    }
}

/// What happens when a step of a lifecycle is reached.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    /// The resource enters this phase.
    Enter(Phase),
    /// The resource is gone (terminated, deleted): detail calls return an empty list.
    Vanish,
}

/// A resource's lifecycle: where it is, what is ahead (one transition each), and since when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Life {
    /// The current phase.
    pub now: Phase,
    /// The steps still ahead, one transition apart.
    pub ahead: VecDeque<Step>,
    /// Clock time (ms) the current phase was entered.
    pub since_ms: u64,
}

impl Life {
    /// A resource in `phase` since `now_ms`, with `ahead` to come.
    pub fn new(phase: Phase, ahead: Vec<Step>, now_ms: u64) -> Self {
        Self {
            now: phase,
            ahead: ahead.into(),
            since_ms: now_ms,
        }
    }

    /// Starts a change: enter `phase` now, then go through `ahead`.
    pub fn change(&mut self, phase: Phase, ahead: Vec<Step>, now_ms: u64) {
        *self = Self::new(phase, ahead, now_ms);
    }

    /// Whether a change is under way.
    pub fn busy(&self) -> bool {
        !self.ahead.is_empty()
    }

    /// The status code.
    pub fn status(&self) -> &str {
        &self.now.status
    }

    /// Applies the steps due at `now_ms`; `Some(true)` when the resource vanished,
    /// `Some(false)` when it changed, `None` when nothing was due.
    pub fn tick(&mut self, now_ms: u64, transition_ms: u64) -> Option<bool> {
        let mut changed = None;
        while !self.ahead.is_empty() && now_ms >= self.since_ms.saturating_add(transition_ms) {
            self.since_ms = self.since_ms.saturating_add(transition_ms);
            match self.ahead.pop_front() {
                Some(Step::Enter(phase)) => {
                    self.now = phase;
                    changed = Some(false);
                }
                Some(Step::Vanish) | None => return Some(true),
            }
        }
        changed
    }
}

/// A login key; the private key is never kept (the API shows it once).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct LoginKey {
    /// `keyName`.
    pub name: String,
    /// The public key in OpenSSH form (`ssh-rsa AAAA...`).
    pub public_key: String,
    /// `fingerprint` (`SHA256:...`, or `-` for an imported key as the API shows it).
    pub fingerprint: String,
    /// Clock time (ms) of creation.
    pub created_ms: u64,
}

/// An init script.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct InitScript {
    /// `initScriptNo`.
    pub no: String,
    /// `initScriptName`.
    pub name: String,
    /// `initScriptDescription`.
    pub description: String,
    /// `initScriptContent`.
    pub content: String,
    /// `osType` code (`LNX`, `WND`).
    pub os_type: String,
    /// Clock time (ms) of creation.
    pub created_ms: u64,
}

/// A server instance.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Server {
    /// `serverInstanceNo`.
    pub no: String,
    /// `serverName`.
    pub name: String,
    /// `serverDescription`.
    pub description: String,
    /// The catalog spec (`serverSpecCode`).
    pub spec_code: String,
    /// `serverImageNo`.
    pub image_no: String,
    /// `loginKeyName`.
    pub login_key_name: String,
    /// `isProtectServerTermination`.
    pub protected: bool,
    /// `initScriptNo` (empty: none).
    pub init_script_no: String,
    /// `placementGroupNo` (empty: none).
    pub placement_group_no: String,
    /// `feeSystemTypeCode` as requested (`MTRAT` by default).
    pub fee_system: String,
    /// The network interfaces attached, primary first.
    pub nic_nos: Vec<String>,
    /// The root password, RSA-encrypted (PKCS#1 v1.5) for the login key, Base64.
    pub root_password_encrypted: String,
    /// The lifecycle.
    pub life: Life,
    /// Clock time (ms) of creation.
    pub created_ms: u64,
    /// Clock time (ms) the server last entered `RUN` (for `uptime`).
    pub up_since_ms: u64,
}

/// An access control group and its rules.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Acg {
    /// `accessControlGroupNo`.
    pub no: String,
    /// `accessControlGroupName`.
    pub name: String,
    /// `accessControlGroupDescription`.
    pub description: String,
    /// `isDefault`.
    pub is_default: bool,
    /// `vpcNo`.
    pub vpc_no: String,
    /// Inbound and outbound rules.
    pub rules: Vec<AcgRule>,
    /// The lifecycle (`RUN`, `SET` while rules change).
    pub life: Life,
}

/// One ACG rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcgRule {
    /// `INBND` or `OTBND`.
    pub kind: String,
    /// Protocol code (`TCP`, `UDP`, `ICMP`, or a number).
    pub protocol: String,
    /// `ipBlock` (empty when the rule names a peer ACG).
    pub ip_block: String,
    /// `accessControlGroupSequence` (empty when the rule names an IP block).
    pub peer_acg_no: String,
    /// `portRange` (empty for ICMP).
    pub port_range: String,
    /// `accessControlGroupRuleDescription`.
    pub description: String,
}

/// A block storage volume.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct BlockStorage {
    /// `blockStorageInstanceNo`.
    pub no: String,
    /// `blockStorageName`.
    pub name: String,
    /// `blockStorageDescription`.
    pub description: String,
    /// Size in GB (responses show bytes).
    pub size_gb: i64,
    /// `BASIC` (a server's root volume) or `SVRBS` (additional).
    pub kind: String,
    /// Volume type code (`SSD`, `HDD`, `CB1`, `FB1`).
    pub volume_type: String,
    /// The server it is attached to (empty: none).
    pub server_no: String,
    /// `deviceName` while attached.
    pub device_name: String,
    /// `zoneCode`.
    pub zone: String,
    /// `isReturnProtection`.
    pub return_protection: bool,
    /// The snapshot it was made from (empty: none).
    pub snapshot_no: String,
    /// The lifecycle.
    pub life: Life,
    /// Clock time (ms) of creation.
    pub created_ms: u64,
}

/// A block storage snapshot.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Snapshot {
    /// `blockStorageSnapshotInstanceNo`.
    pub no: String,
    /// `blockStorageSnapshotName`.
    pub name: String,
    /// `blockStorageSnapshotDescription`.
    pub description: String,
    /// The volume it was taken from.
    pub original_no: String,
    /// Size in GB.
    pub size_gb: i64,
    /// `FULL` or `INCREMENTAL`.
    pub kind: String,
    /// Volume type of the original.
    pub volume_type: String,
    /// The lifecycle.
    pub life: Life,
    /// Clock time (ms) of creation.
    pub created_ms: u64,
}

/// A public IP.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PublicIp {
    /// `publicIpInstanceNo`.
    pub no: String,
    /// `publicIp`.
    pub ip: String,
    /// `publicIpDescription`.
    pub description: String,
    /// The server it is associated with (empty: none).
    pub server_no: String,
    /// The lifecycle.
    pub life: Life,
    /// Clock time (ms) of creation.
    pub created_ms: u64,
    /// Clock time (ms) of the last association change.
    pub modified_ms: u64,
}

/// A network interface.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Nic {
    /// `networkInterfaceNo`.
    pub no: String,
    /// `networkInterfaceName`.
    pub name: String,
    /// `networkInterfaceDescription`.
    pub description: String,
    /// `subnetNo`.
    pub subnet_no: String,
    /// `ip`.
    pub ip: String,
    /// `macAddress`.
    pub mac: String,
    /// The ACGs, 1 to 3.
    pub acg_nos: Vec<String>,
    /// The server it is attached to (empty: none).
    pub server_no: String,
    /// `deviceName` (`eth0`...) while attached.
    pub device_name: String,
    /// `isDefault`: the primary interface a server was created with.
    pub is_default: bool,
    /// `deleteOnTermination`.
    pub delete_on_termination: bool,
    /// The lifecycle (`NOTUSED`, `SET`, `USED`, `UNSET`).
    pub life: Life,
}

/// A placement group.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PlacementGroup {
    /// `placementGroupNo`.
    pub no: String,
    /// `placementGroupName`.
    pub name: String,
    /// `placementGroupType` code (`AA`).
    pub kind: String,
}

/// The whole simulated account: what `--state FILE` saves and restores.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct State {
    /// The seed every number, address, key and password comes from.
    pub seed: u64,
    /// How many random draws were made (the next draw's position).
    pub draws: u64,
    /// The next resource number.
    pub next_no: u64,
    /// The next private host address in subnet 1 (10.0.1.x).
    pub next_private_host: u32,
    /// The clock time (ms) when the state was last saved (a restart resumes from it).
    pub clock_ms: u64,
    /// The default ACG of VPC 1.
    pub default_acg_no: String,
    /// Servers by number.
    pub servers: BTreeMap<u64, Server>,
    /// Login keys by name.
    pub login_keys: BTreeMap<String, LoginKey>,
    /// Init scripts by number.
    pub init_scripts: BTreeMap<u64, InitScript>,
    /// ACGs by number.
    pub acgs: BTreeMap<u64, Acg>,
    /// Block storage by number.
    pub block_storages: BTreeMap<u64, BlockStorage>,
    /// Snapshots by number.
    pub snapshots: BTreeMap<u64, Snapshot>,
    /// Public IPs by number.
    pub public_ips: BTreeMap<u64, PublicIp>,
    /// Network interfaces by number.
    pub nics: BTreeMap<u64, Nic>,
    /// Placement groups by number.
    pub placement_groups: BTreeMap<u64, PlacementGroup>,
}

/// The only VPC, and the only subnet in it (the VPC API is not simulated).
pub const VPC_NO: &str = "1";
/// See [`VPC_NO`].
pub const SUBNET_NO: &str = "1";
/// The VPC's name.
pub const VPC_NAME: &str = "sim-vpc";
/// The subnet's zone.
pub const SUBNET_ZONE: &str = "KR-1";
/// The region everything is in.
pub const REGION: &str = "KR";

impl State {
    /// The initial state for `seed`: VPC 1, subnet 1 and the VPC's default ACG.
    pub fn new(seed: u64) -> Self {
        let mut state = Self {
            seed,
            draws: 0,
            // Numbers look like the API's (7 to 8 digits) and differ between seeds.
            next_no: 1_000_000 + (seed % 1000) * 10_000,
            next_private_host: 6,
            clock_ms: 0,
            default_acg_no: String::new(),
            servers: BTreeMap::new(),
            login_keys: BTreeMap::new(),
            init_scripts: BTreeMap::new(),
            acgs: BTreeMap::new(),
            block_storages: BTreeMap::new(),
            snapshots: BTreeMap::new(),
            public_ips: BTreeMap::new(),
            nics: BTreeMap::new(),
            placement_groups: BTreeMap::new(),
        };
        let no = state.take_no();
        let acg_no = no.to_string();
        state.default_acg_no = acg_no.clone();
        state.acgs.insert(
            no,
            Acg {
                no: acg_no.clone(),
                name: format!("{VPC_NAME}-default-acg"),
                description: "Default AccessControlGroup".to_owned(),
                is_default: true,
                vpc_no: VPC_NO.to_owned(),
                rules: vec![
                    AcgRule {
                        kind: "INBND".to_owned(),
                        protocol: "TCP".to_owned(),
                        ip_block: String::new(),
                        peer_acg_no: acg_no.clone(),
                        port_range: "1-65535".to_owned(),
                        description: String::new(),
                    },
                    AcgRule {
                        kind: "OTBND".to_owned(),
                        protocol: "TCP".to_owned(),
                        ip_block: "0.0.0.0/0".to_owned(),
                        peer_acg_no: String::new(),
                        port_range: "1-65535".to_owned(),
                        description: String::new(),
                    },
                ],
                life: Life::new(Phase::new("RUN", "NULL", "run"), Vec::new(), 0),
            },
        );
        state
    }

    /// A fresh resource number.
    pub fn take_no(&mut self) -> u64 {
        let no = self.next_no;
        self.next_no += 1;
        no
    }

    /// A random generator for one draw, reproducible from the seed and the draw's position.
    pub fn rng(&mut self) -> ChaCha8Rng {
        self.draws += 1;
        let mut seed = [0u8; 32];
        seed[..8].copy_from_slice(&self.seed.to_le_bytes());
        seed[8..16].copy_from_slice(&self.draws.to_le_bytes());
        ChaCha8Rng::from_seed(seed)
    }

    /// A random number.
    pub fn random_u64(&mut self) -> u64 {
        self.rng().next_u64()
    }

    /// The next free private address of subnet 1 (the first 6 and the last are reserved, as at
    /// NCP).
    pub fn take_private_ip(&mut self) -> String {
        let host = self.next_private_host;
        self.next_private_host = if host >= 254 { 6 } else { host + 1 };
        format!("10.0.1.{host}")
    }

    /// Parses a resource number; `None` when it is not one.
    pub fn key(no: &str) -> Option<u64> {
        no.parse().ok()
    }
}

/// The state with the settings needed to act on it: what every handler gets.
pub struct World {
    /// The account.
    pub state: State,
    /// The clock time (ms) of the request being answered.
    pub now_ms: u64,
    /// How long one transition takes (ms).
    pub transition_ms: u64,
    /// Whether the request changed the state (then it is saved).
    pub dirty: bool,
}

impl World {
    /// Applies every transition due at `now_ms`, with their side effects (a server that
    /// vanishes takes its root volume, its default interface and its public IP's association
    /// with it; a disk that finishes detaching forgets its server).
    pub fn tick(&mut self) {
        let (now, t) = (self.now_ms, self.transition_ms);
        let mut vanished_servers = Vec::new();
        for (key, server) in &mut self.state.servers {
            let was_running = server.life.status() == "RUN";
            match server.life.tick(now, t) {
                Some(true) => vanished_servers.push(*key),
                Some(false) => {
                    self.dirty = true;
                    if server.life.status() == "RUN" && !was_running {
                        server.up_since_ms = server.life.since_ms;
                    }
                }
                None => {}
            }
        }
        for key in vanished_servers {
            self.dirty = true;
            if let Some(server) = self.state.servers.remove(&key) {
                self.server_gone(&server);
            }
        }
        let mut gone = Vec::new();
        for (key, disk) in &mut self.state.block_storages {
            match disk.life.tick(now, t) {
                Some(true) => gone.push(*key),
                Some(false) => {
                    self.dirty = true;
                    if disk.life.status() == "CREAT" {
                        disk.server_no.clear();
                        disk.device_name.clear();
                    }
                }
                None => {}
            }
        }
        for key in gone {
            self.state.block_storages.remove(&key);
            self.dirty = true;
        }
        macro_rules! tick_all {
            ($map:expr) => {{
                let mut gone = Vec::new();
                for (key, item) in &mut $map {
                    match item.life.tick(now, t) {
                        Some(true) => gone.push(*key),
                        Some(false) => self.dirty = true,
                        None => {}
                    }
                }
                for key in gone {
                    $map.remove(&key);
                    self.dirty = true;
                }
            }};
        }
        tick_all!(self.state.snapshots);
        tick_all!(self.state.acgs);
        tick_all!(self.state.public_ips);
        tick_all!(self.state.nics);
        for nic in self.state.nics.values_mut() {
            if nic.life.status() == "NOTUSED" && !nic.server_no.is_empty() && !nic.life.busy() {
                nic.server_no.clear();
                nic.device_name.clear();
            }
        }
    }

    fn server_gone(&mut self, server: &Server) {
        let no = &server.no;
        self.state
            .block_storages
            .retain(|_, d| !(d.server_no == *no && d.kind == "BASIC"));
        for disk in self.state.block_storages.values_mut() {
            if disk.server_no == *no {
                disk.server_no.clear();
                disk.device_name.clear();
                disk.life = Life::new(
                    Phase::new("CREAT", "NULL", "detached"),
                    Vec::new(),
                    self.now_ms,
                );
            }
        }
        self.state
            .nics
            .retain(|_, n| !(n.server_no == *no && n.delete_on_termination));
        for nic in self.state.nics.values_mut() {
            if nic.server_no == *no {
                nic.server_no.clear();
                nic.device_name.clear();
                nic.life = Life::new(Phase::new("NOTUSED", "NULL", "notused"), Vec::new(), 0);
            }
        }
        for ip in self.state.public_ips.values_mut() {
            if ip.server_no == *no {
                ip.server_no.clear();
                ip.modified_ms = self.now_ms;
            }
        }
    }

    /// The time `ms` of the clock as the API writes dates.
    pub fn date(&self, ms: u64) -> String {
        date(self.state.seed, ms)
    }

    /// A request id: a UUID made from the seed and a draw.
    pub fn request_id(&mut self) -> String {
        let a = self.state.random_u64();
        let b = self.state.random_u64();
        format!(
            "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xfff,
            b >> 52,
            b & 0xffff_ffff_ffff
        )
    }

    /// A reply of type `T` (an operation's output): the success envelope and `list` under
    /// `field`, with `totalRows` the list's length unless `total` says otherwise. Read through
    /// the output type's own deserializer, so the answer is the typed output the generated
    /// encoders then write in the requested format.
    pub fn reply<T: DeserializeOwned>(
        &mut self,
        field: Option<&str>,
        list: Vec<Value>,
        total: Option<usize>,
    ) -> Reply<T> {
        let mut body = json!({
            "requestId": self.request_id(),
            "returnCode": "0",
            "returnMessage": "success",
            "totalRows": total.unwrap_or(list.len()),
        });
        if let Some(field) = field {
            body[field] = Value::Array(list);
        }
        typed(body)
    }

    /// Like [`reply`](Self::reply) with extra top-level fields.
    pub fn reply_with<T: DeserializeOwned>(&mut self, extra: Value) -> Reply<T> {
        let mut body = json!({
            "requestId": self.request_id(),
            "returnCode": "0",
            "returnMessage": "success",
        });
        if let (Some(body), Value::Object(extra)) = (body.as_object_mut(), extra) {
            body.extend(extra);
        }
        typed(body)
    }
}

/// Reads `value` as `T`; a failure is the simulator's bug, reported as an API error.
pub fn typed<T: DeserializeOwned>(value: Value) -> Reply<T> {
    serde_json::from_value(value).map_err(|e| {
        MockError::api(
            "1300",
            format!("simulator bug: cannot build the reply: {e}"),
        )
        .with_status(500)
    })
}

/// A code object (`{"code", "codeName"}`).
pub fn code(code: &str, name: &str) -> Value {
    json!({ "code": code, "codeName": name })
}

/// The page of `items` that `pageNo` (0 and 1 are the first) and `pageSize` select, and the
/// total; every item when `pageSize` is left out.
pub fn page<T>(items: Vec<T>, page_no: Option<i32>, page_size: Option<i32>) -> (Vec<T>, usize) {
    let total = items.len();
    let Some(size) = page_size.filter(|s| *s > 0) else {
        return (items, total);
    };
    let size = size as usize;
    let page = page_no.unwrap_or(0).max(1) as usize;
    let start = (page - 1).saturating_mul(size).min(total);
    (items.into_iter().skip(start).take(size).collect(), total)
}

/// Checks a name against the API's rules: 3 to 30 characters, lowercase letters, digits and
/// `-`, starting with a letter and ending with a letter or digit.
pub fn check_name(parameter: &str, name: &str) -> Reply<()> {
    let ok = (3..=30).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.ends_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if ok {
        Ok(())
    } else {
        Err(api_error(
            codes::INVALID_PARAMETER,
            format!(
                "{parameter} {name:?} is invalid: 3 to 30 characters, lowercase letters, digits and '-', starting with a letter and ending with a letter or digit"
            ),
        ))
    }
}

/// Refuses every VPC but 1.
pub fn check_vpc(vpc_no: &str) -> Reply<()> {
    if vpc_no == VPC_NO {
        Ok(())
    } else {
        Err(api_error(
            codes::INVALID_PARAMETER,
            format!("vpcNo {vpc_no} not found (the simulator has VPC 1 only)"),
        ))
    }
}

/// Refuses every subnet but 1.
pub fn check_subnet(subnet_no: &str) -> Reply<()> {
    if subnet_no == SUBNET_NO {
        Ok(())
    } else {
        Err(api_error(
            codes::INVALID_PARAMETER,
            format!("subnetNo {subnet_no} not found (the simulator has subnet 1 only)"),
        ))
    }
}

/// Refuses every region but `KR` (left out means `KR`, the first of `getRegionList`).
pub fn check_region(region: Option<&str>) -> Reply<()> {
    match region {
        None | Some("KR") => Ok(()),
        Some(other) => Err(api_error(
            codes::INVALID_PARAMETER,
            format!("regionCode {other} is not available (the simulator has KR only)"),
        )),
    }
}

/// The error for an unknown resource number in a mutation.
pub fn not_found(what: &str, no: &str) -> MockError {
    api_error(codes::NOT_FOUND, format!("{what} {no} not found"))
}

/// Simulation time zero as seconds since the Unix epoch: 2026-01-01T00:00:00+0900 plus up to a
/// day from the seed, so dates differ between seeds but stay plausible.
fn epoch_seconds(seed: u64) -> i64 {
    1_767_193_200 + (seed % 86_400) as i64
}

/// Clock time `ms` as the API writes dates (`2026-01-01T09:00:00+0900`, Korean time).
pub fn date(seed: u64, ms: u64) -> String {
    let secs = epoch_seconds(seed) + (ms / 1000) as i64 + 9 * 3600;
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}+0900",
        rem / 3600,
        (rem / 60) % 60,
        rem % 60
    )
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_korean_time_without_a_colon_in_the_offset() {
        assert_eq!(date(0, 0), "2026-01-01T00:00:00+0900");
        assert_eq!(date(0, 61_000), "2026-01-01T00:01:01+0900");
        assert_eq!(date(0, 86_400_000 * 59), "2026-03-01T00:00:00+0900");
    }

    #[test]
    fn lifecycles_take_one_transition_per_step_and_catch_up() {
        let mut life = Life::new(
            Phase::new("INIT", "NULL", "init"),
            vec![
                Step::Enter(Phase::new("CREAT", "NULL", "creating")),
                Step::Enter(Phase::new("RUN", "NULL", "running")),
            ],
            0,
        );
        assert_eq!(life.tick(999, 1000), None);
        assert_eq!(life.tick(2500, 1000), Some(false));
        assert_eq!(life.status(), "RUN");
        assert_eq!(life.since_ms, 2000);
        assert!(!life.busy());
        life.change(
            Phase::new("NSTOP", "TERMT", "terminating"),
            vec![Step::Vanish],
            3000,
        );
        assert_eq!(life.tick(4000, 1000), Some(true));
    }

    #[test]
    fn names_follow_the_api_rules() {
        assert!(check_name("n", "web-1").is_ok());
        for bad in ["ab", "Web", "1web", "web-", "web_1", &"a".repeat(31)] {
            assert!(check_name("n", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn pages_are_one_based_and_zero_means_the_first() {
        let items: Vec<i32> = (1..=5).collect();
        assert_eq!(page(items.clone(), Some(0), Some(2)), (vec![1, 2], 5));
        assert_eq!(page(items.clone(), Some(3), Some(2)), (vec![5], 5));
        assert_eq!(page(items.clone(), None, None), (items, 5));
    }
}
