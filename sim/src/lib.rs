//! A local, stateful simulator of the NAVER Cloud Platform VPC Server API (`/vserver/v2`).
//!
//! It speaks the gateway's wire protocol (GET with a query or POST with a form body, both
//! `x-ncp-apigw-signature-v2` and the legacy `-v1` header checked, the 5-minute timestamp window,
//! XML or JSON per `responseFormatType`, the gateway's 401 body, `responseError` bodies with
//! NCP's codes), so this crate's client, NCP's official SDKs and anything honouring
//! `NCLOUD_API_GW` can provision against it offline. It is built on the runtime's mock server:
//! every operation is a typed route over one shared [`State`]; requests arrive decoded and
//! checked as the request builders check them, and answers are the generated output types.
//!
//! ```no_run
//! # async fn demo() {
//! use std::time::Duration;
//! let sim = ncloud_vserver_sim::Simulator::start().await;
//! let client = sim.client();
//! let key = client.create_login_key().key_name("demo-key").send().await.unwrap();
//! // A virtual clock: nothing changes until the test moves it.
//! sim.advance(Duration::from_secs(5));
//! # }
//! ```
//!
//! Transitions need no background task: each resource keeps its status and the clock time of
//! its last change, and every request first applies the transitions that are due by the clock,
//! which is either virtual ([`Simulator::advance`]) or real time (one transition takes
//! [`SimulatorBuilder::transition`]). See the crate's README for what is modelled.

#![deny(missing_docs)]

mod catalog;
mod network;
mod ops;
mod servers;
mod storage;
pub mod world;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use ncloud_runtime::Credentials;
use ncloud_runtime::mock::{Fault, MockError, MockOperation, MockResponse, MockServer};

pub use crate::ops::MODELLED;
pub use crate::world::State;
use crate::world::World;

/// The access key the simulator accepts unless told otherwise.
pub const DEFAULT_ACCESS_KEY: &str = "sim-access-key";
/// The secret key the simulator checks signatures with unless told otherwise.
pub const DEFAULT_SECRET_KEY: &str = "sim-secret-key";
/// How long one state transition takes unless told otherwise.
pub const DEFAULT_TRANSITION: Duration = Duration::from_millis(1000);

/// The simulator's clock: virtual (moved by [`Simulator::advance`] only) or real time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClockMode {
    /// Time stands still until the test advances it: runs as fast as the test can go.
    Virtual,
    /// Real (monotonic) time; the transition length sets the pace.
    RealTime,
}

struct Clock {
    mode: ClockMode,
    started: Instant,
    offset: Mutex<Duration>,
}

impl Clock {
    fn now(&self) -> Duration {
        let offset = *lock(&self.offset);
        match self.mode {
            ClockMode::Virtual => offset,
            ClockMode::RealTime => offset + self.started.elapsed(),
        }
    }
}

struct Shared {
    world: Mutex<World>,
    clock: Clock,
    state_file: Option<PathBuf>,
}

impl Shared {
    /// Runs `handler` on the state brought up to the clock's time, saving the state when it
    /// changed.
    fn call<T>(&self, handler: impl FnOnce(&mut World) -> Result<T, MockError>) -> MockResponse<T> {
        let mut world = lock(&self.world);
        world.now_ms = u64::try_from(self.clock.now().as_millis()).unwrap_or(u64::MAX);
        world.tick();
        let result = handler(&mut world);
        if world.dirty {
            world.dirty = false;
            world.state.clock_ms = world.now_ms;
            if let Some(path) = &self.state_file {
                // A state file that cannot be written must not fail the request that changed
                // the state; the binary reports it on stderr.
                if let Err(e) = save(path, &world.state) {
                    eprintln!("ncloud-vserver-sim: cannot save {}: {e}", path.display());
                }
            }
        }
        match result {
            Ok(output) => MockResponse::Output(output),
            Err(e) => MockResponse::Error(e),
        }
    }
}

fn save(path: &Path, state: &State) -> std::io::Result<()> {
    let text = serde_json::to_string_pretty(state).map_err(std::io::Error::other)?;
    // Write then rename, so a crash never leaves half a state file.
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, path)
}

/// A running simulator. It stops when dropped.
pub struct Simulator {
    mock: MockServer,
    shared: Arc<Shared>,
    keys: (String, String),
}

impl std::fmt::Debug for Simulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Simulator")
            .field("uri", &self.mock.uri())
            .field("clock", &self.shared.clock.mode)
            .finish_non_exhaustive()
    }
}

/// Configures a [`Simulator`].
#[derive(Debug)]
#[must_use]
pub struct SimulatorBuilder {
    access_key: String,
    secret_key: String,
    port: u16,
    clock: ClockMode,
    transition: Duration,
    seed: u64,
    state_file: Option<PathBuf>,
    record: bool,
}

impl Default for SimulatorBuilder {
    fn default() -> Self {
        Self {
            access_key: DEFAULT_ACCESS_KEY.to_owned(),
            secret_key: DEFAULT_SECRET_KEY.to_owned(),
            port: 0,
            clock: ClockMode::Virtual,
            transition: DEFAULT_TRANSITION,
            seed: 0,
            state_file: None,
            record: true,
        }
    }
}

impl SimulatorBuilder {
    /// Accept (only) these keys (default `sim-access-key` / `sim-secret-key`).
    pub fn keys(mut self, access_key: impl Into<String>, secret_key: impl Into<String>) -> Self {
        self.access_key = access_key.into();
        self.secret_key = secret_key.into();
        self
    }

    /// Listen on this port of 127.0.0.1 (default 0: a free one).
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// The clock (default [`ClockMode::Virtual`]).
    pub fn clock(mut self, clock: ClockMode) -> Self {
        self.clock = clock;
        self
    }

    /// How long each state transition takes on the clock (default 1 s).
    pub fn transition(mut self, transition: Duration) -> Self {
        self.transition = transition;
        self
    }

    /// The seed of every number, address, key, password and date (default 0).
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Load the state from this JSON file if it exists, and save it there after every change.
    pub fn state_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.state_file = Some(path.into());
        self
    }

    /// Whether the underlying mock keeps every request (default `true`; the binary turns it
    /// off so that memory does not grow with traffic).
    pub fn record_requests(mut self, record: bool) -> Self {
        self.record = record;
        self
    }

    /// Starts the simulator.
    ///
    /// # Errors
    ///
    /// When the port cannot be bound or the state file cannot be read.
    ///
    /// # Panics
    ///
    /// Outside a Tokio runtime.
    pub async fn try_start(self) -> std::io::Result<Simulator> {
        let state = match &self.state_file {
            Some(path) if path.exists() => {
                let text = std::fs::read_to_string(path)?;
                serde_json::from_str(&text).map_err(|e| {
                    std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        format!("{}: not a simulator state: {e}", path.display()),
                    )
                })?
            }
            _ => State::new(self.seed),
        };
        let clock = Clock {
            mode: self.clock,
            started: Instant::now(),
            // A restored state resumes at the time it was saved, so its transitions go on.
            offset: Mutex::new(Duration::from_millis(state.clock_ms)),
        };
        let runtime_mock = ncloud_runtime::mock::MockServer::builder(&ncloud_vserver::SERVICE)
            .credentials(Credentials::new(
                self.access_key.clone(),
                self.secret_key.clone(),
            ))
            .port(self.port)
            .record_requests(self.record)
            .invalid_parameter_code(world::codes::INVALID_PARAMETER);
        let mock = runtime_mock.try_start().await?;
        let shared = Arc::new(Shared {
            world: Mutex::new(World {
                state,
                now_ms: 0,
                transition_ms: u64::try_from(self.transition.as_millis()).unwrap_or(u64::MAX),
                dirty: false,
            }),
            clock,
            state_file: self.state_file,
        });
        ops::register(&mock, &shared);
        Ok(Simulator {
            mock,
            shared,
            keys: (self.access_key, self.secret_key),
        })
    }

    /// Starts the simulator.
    ///
    /// # Panics
    ///
    /// When [`try_start`](Self::try_start) fails, or outside a Tokio runtime.
    pub async fn start(self) -> Simulator {
        self.try_start()
            .await
            .unwrap_or_else(|e| panic!("the simulator cannot start: {e}"))
    }
}

impl Simulator {
    /// Starts a simulator with the defaults: a free port, the default keys, a virtual clock,
    /// 1-second transitions, seed 0, no state file.
    ///
    /// # Panics
    ///
    /// When no port can be bound, or outside a Tokio runtime.
    pub async fn start() -> Simulator {
        Self::builder().start().await
    }

    /// A builder.
    pub fn builder() -> SimulatorBuilder {
        SimulatorBuilder::default()
    }

    /// The gateway origin, `http://127.0.0.1:PORT` (what `NCLOUD_API_GW` is set to).
    pub fn uri(&self) -> String {
        self.mock.uri()
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.mock.addr().port()
    }

    /// The credentials it accepts.
    pub fn credentials(&self) -> Credentials {
        self.mock.credentials()
    }

    /// The access key and secret key it accepts, as text.
    pub fn keys(&self) -> (&str, &str) {
        (&self.keys.0, &self.keys.1)
    }

    /// The environment that points NCP's tools at the simulator (its SDKs, CLI, Terraform
    /// provider and this project's): `NCLOUD_API_GW`, `NCLOUD_ACCESS_KEY`,
    /// `NCLOUD_SECRET_KEY`, and the `_ID`/`_ACCESS_KEY` spellings some of them read. For
    /// `Command::envs`.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("NCLOUD_API_GW", self.uri()),
            ("NCLOUD_ACCESS_KEY", self.keys.0.clone()),
            ("NCLOUD_ACCESS_KEY_ID", self.keys.0.clone()),
            ("NCLOUD_SECRET_KEY", self.keys.1.clone()),
            ("NCLOUD_SECRET_ACCESS_KEY", self.keys.1.clone()),
        ]
    }

    /// A client pointed at the simulator (short retry backoffs, no proxy).
    pub fn client(&self) -> ncloud_vserver::Client {
        self.mock.client::<ncloud_vserver::Client>()
    }

    /// A builder with [`client`](Self::client)'s settings, to change some.
    pub fn client_builder(&self) -> ncloud_vserver::ClientBuilder {
        self.mock.client_builder::<ncloud_vserver::Client>()
    }

    /// The runtime's mock server underneath (its request log, its raw routes).
    pub fn mock(&self) -> &MockServer {
        &self.mock
    }

    /// Moves the clock forward (either mode; in real time it adds to the time passed).
    pub fn advance(&self, by: Duration) {
        *lock(&self.shared.clock.offset) += by;
    }

    /// Moves the clock far enough for every transition under way to finish (long chains
    /// included).
    pub fn settle(&self) {
        self.advance(self.transition() * 10);
    }

    /// The clock's time since the simulation began.
    pub fn now(&self) -> Duration {
        self.shared.clock.now()
    }

    /// How long one transition takes.
    pub fn transition(&self) -> Duration {
        Duration::from_millis(lock(&self.shared.world).transition_ms)
    }

    /// Makes the next `count` requests of `operation` (`"*"`: any) fail with `fault`, or, for
    /// [`Fault::Slow`], answer late. Also reachable as `POST /_mock/faults`.
    pub fn inject_fault(&self, operation: &str, fault: Fault, count: usize) {
        self.mock.inject_fault(operation, fault, count);
    }

    /// A copy of the whole state (what `--state` saves).
    pub fn state(&self) -> State {
        lock(&self.shared.world).state.clone()
    }

    /// Writes the state to `path` as JSON.
    ///
    /// # Errors
    ///
    /// When the file cannot be written.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        save(path, &lock(&self.shared.world).state)
    }

    /// Writes the state to the state file, if one was given.
    ///
    /// # Errors
    ///
    /// When the file cannot be written.
    pub fn save_state_file(&self) -> std::io::Result<()> {
        match &self.shared.state_file {
            Some(path) => self.save(path),
            None => Ok(()),
        }
    }
}

/// Registers `handler` as the answer of operation `O`.
fn route<O: MockOperation>(
    mock: &MockServer,
    shared: &Arc<Shared>,
    handler: fn(&mut World, &O) -> Result<O::Output, MockError>,
) {
    let shared = shared.clone();
    mock.operation::<O>()
        .respond_with_fn(move |request| shared.call(|world| handler(world, request)));
}

/// A poisoned lock only means a handler panicked; the state is still usable.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
