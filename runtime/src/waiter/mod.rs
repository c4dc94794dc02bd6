//! Waiters: poll an operation until the resource reaches a state, for every service.
//!
//! NCP's mutations return at once, with the resource mid-transition (a new server is `INIT`, a
//! stopping one `RUN` with operation `SHTDN`). A [`Waiter`] declares how to tell the outcome
//! from a poll's result: ordered [`Acceptor`]s that each match the output (a [`Path`] and a
//! [`Comparator`]), the requested ids ([`IdRule`]), an API error code, or a retryable error,
//! and say [`State::Success`], [`State::Failure`] or [`State::Retry`]. A generated crate
//! declares its waiters as `static`s (from the spec's `x-ncp-waiters`) and calls
//! [`Waiter::wait`] with one closure that makes the polled call.
//!
//! Between polls the waiter sleeps with jittered exponential backoff from the minimum to the
//! maximum delay, never past the deadline (`max_wait` after the start): when the next delay
//! would cross it, the last poll is made at the deadline itself. Time is `tokio::time`, so a
//! test under `tokio::time::pause()` runs an hour-long wait in milliseconds.
//!
//! ```
//! use std::time::Duration;
//! use ncloud_runtime::waiter::{Acceptor, Comparator, Jitter, State, WaitOptions, Waiter};
//!
//! #[derive(Debug, serde::Serialize)]
//! struct Output {
//!     #[serde(rename = "serverInstanceStatus")]
//!     status: &'static str,
//! }
//!
//! static RUNNING: Waiter = Waiter::new(
//!     "server_instance_running",
//!     &[
//!         Acceptor::output(State::Success, "serverInstanceStatus", Comparator::Equals("RUN")),
//!         Acceptor::retryable_error(),
//!     ],
//! )
//! .with_delays(Duration::from_secs(2), Duration::from_secs(30))
//! .with_max_wait(Duration::from_secs(300));
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let mut states = ["INIT", "CREAT", "RUN"].into_iter();
//! let options = WaitOptions::new().min_delay(Duration::from_millis(1)).jitter(Jitter::None);
//! let done = RUNNING
//!     .wait(&options, &[] as &[&str], || {
//!         let status = states.next().unwrap_or("RUN");
//!         async move { Ok(Output { status }) }
//!     })
//!     .await
//!     .unwrap();
//! assert_eq!(done.map(|o| o.status), Some("RUN"));
//! # }
//! ```

mod acceptor;
mod backoff;
mod trace;

use std::fmt;
use std::future::Future;
use std::time::Duration;

use tokio::time::Instant;

pub use self::acceptor::{Acceptor, Comparator, IdRule, Matcher, Path, PathError, Selected, State};
pub use self::backoff::Jitter;

use self::backoff::Backoff;
use self::trace::WaitTrace;
use crate::Error;
use crate::client::telemetry::InSpan as _;

/// One waiter: its name, its acceptors, and its default delays and maximum wait, which the
/// caller may change per wait through [`WaitOptions`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Waiter {
    name: &'static str,
    acceptors: &'static [Acceptor],
    min_delay: Duration,
    max_delay: Duration,
    max_wait: Duration,
}

impl Waiter {
    /// The default minimum delay: 2 s, the delay NCP's own Terraform provider polls with.
    pub const DEFAULT_MIN_DELAY: Duration = Duration::from_secs(2);
    /// The default maximum delay: 2 min.
    pub const DEFAULT_MAX_DELAY: Duration = Duration::from_secs(120);
    /// The default maximum wait: 5 min, the Terraform provider's default timeout.
    pub const DEFAULT_MAX_WAIT: Duration = Duration::from_secs(300);

    /// A waiter named `name` (`server_instance_running`, for spans and errors) with these
    /// acceptors, tried in order, and the default delays and maximum wait.
    pub const fn new(name: &'static str, acceptors: &'static [Acceptor]) -> Self {
        Waiter {
            name,
            acceptors,
            min_delay: Self::DEFAULT_MIN_DELAY,
            max_delay: Self::DEFAULT_MAX_DELAY,
            max_wait: Self::DEFAULT_MAX_WAIT,
        }
    }

    /// Sets the default minimum and maximum delays between polls.
    ///
    /// # Panics
    ///
    /// (At build time in a `static`.) When `min` is zero or longer than `max`.
    pub const fn with_delays(mut self, min: Duration, max: Duration) -> Self {
        if min.is_zero() {
            panic!("waiter: the minimum delay must not be zero");
        }
        if min.as_nanos() > max.as_nanos() {
            panic!("waiter: the minimum delay is longer than the maximum delay");
        }
        self.min_delay = min;
        self.max_delay = max;
        self
    }

    /// Sets the default maximum wait.
    pub const fn with_max_wait(mut self, max_wait: Duration) -> Self {
        self.max_wait = max_wait;
        self
    }

    /// The waiter's name.
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// Its acceptors, in the order they are tried.
    pub const fn acceptors(&self) -> &'static [Acceptor] {
        self.acceptors
    }

    /// The default minimum delay between polls.
    pub const fn min_delay(&self) -> Duration {
        self.min_delay
    }

    /// The default maximum delay between polls.
    pub const fn max_delay(&self) -> Duration {
        self.max_delay
    }

    /// The default maximum wait.
    pub const fn max_wait(&self) -> Duration {
        self.max_wait
    }

    /// Polls with `poll` (one call, with the client's own retries) until an acceptor says
    /// success or failure, a poll fails in a way no acceptor accepts, or the maximum wait is
    /// over.
    ///
    /// `requested` are the ids the caller asked about, for the [`Matcher::Ids`] acceptors (pass
    /// an empty slice when the waiter has none).
    ///
    /// Returns the output of the poll that matched success, or `None` when success was an
    /// error code (the resource is gone, and there is no output to give).
    pub async fn wait<T, F, Fut, S>(
        &self,
        options: &WaitOptions,
        requested: &[S],
        mut poll: F,
    ) -> Result<Option<T>, WaiterError<T>>
    where
        T: serde::Serialize,
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, Error>>,
        S: AsRef<str>,
    {
        let trace = WaitTrace::start(self.name);
        let mut polls = 0;
        let result = trace
            .instrument(self.run(options, requested, &mut poll, &trace, &mut polls))
            .await;
        trace.finish(&result, polls);
        result
    }

    async fn run<T, F, Fut, S>(
        &self,
        options: &WaitOptions,
        requested: &[S],
        poll: &mut F,
        trace: &WaitTrace,
        polls: &mut u32,
    ) -> Result<Option<T>, WaiterError<T>>
    where
        T: serde::Serialize,
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, Error>>,
        S: AsRef<str>,
    {
        let waiter = self.name;
        let mut backoff = Backoff::new(
            options.min_delay.unwrap_or(self.min_delay),
            options.max_delay.unwrap_or(self.max_delay),
            options.jitter,
        );
        let max_wait = options.max_wait.unwrap_or(self.max_wait);
        let start = Instant::now();
        // A wait too long to represent has no deadline in practice.
        let deadline = start.checked_add(max_wait);
        let mut last = None;
        loop {
            *polls = polls.saturating_add(1);
            let polls = *polls;
            let result = poll().await;
            let state = acceptor::classify(self.acceptors, &result, requested);
            #[cfg(feature = "tracing")]
            let observed = acceptor::observed(self.acceptors, &result);
            #[cfg(not(feature = "tracing"))]
            let observed: Option<String> = None;
            trace.polled(polls, state, observed.as_deref());
            let last_error = match (state, result) {
                (Some(State::Success), result) => return Ok(result.ok()),
                (Some(State::Failure), Ok(output)) => {
                    return Err(WaiterError::FailureState {
                        waiter,
                        polls,
                        last: output,
                    });
                }
                (Some(State::Failure) | None, Err(error)) => {
                    return Err(WaiterError::PollFailed {
                        waiter,
                        polls,
                        error,
                    });
                }
                (Some(State::Retry) | None, Ok(output)) => {
                    last = Some(output);
                    None
                }
                (Some(State::Retry), Err(error)) => Some(error),
            };
            let now = Instant::now();
            let remaining = deadline.map_or(Duration::MAX, |d| d.saturating_duration_since(now));
            if remaining.is_zero() {
                return Err(WaiterError::Timeout {
                    waiter,
                    elapsed: now - start,
                    polls,
                    last,
                    last_error,
                });
            }
            let delay = backoff.delay(polls).min(remaining);
            trace.sleeping(polls, delay);
            tokio::time::sleep(delay).await;
        }
    }
}

/// A wait's settings that the caller may set; what is left unset comes from the [`Waiter`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[must_use]
pub struct WaitOptions {
    min_delay: Option<Duration>,
    max_delay: Option<Duration>,
    max_wait: Option<Duration>,
    jitter: Jitter,
}

impl WaitOptions {
    /// The waiter's defaults, with random jitter.
    pub const fn new() -> Self {
        WaitOptions {
            min_delay: None,
            max_delay: None,
            max_wait: None,
            jitter: Jitter::Random,
        }
    }

    /// The delay after the first poll; later delays grow from it. Zero counts as 1 ms.
    pub const fn min_delay(mut self, delay: Duration) -> Self {
        self.min_delay = Some(delay);
        self
    }

    /// The longest delay between two polls (raised to the minimum delay when shorter).
    pub const fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = Some(delay);
        self
    }

    /// How long the whole wait may take, polls included; the last poll is made at this
    /// deadline at the latest.
    pub const fn max_wait(mut self, max_wait: Duration) -> Self {
        self.max_wait = Some(max_wait);
        self
    }

    /// How delays are drawn ([`Jitter::Random`] unless set).
    pub const fn jitter(mut self, jitter: Jitter) -> Self {
        self.jitter = jitter;
        self
    }

    /// The minimum delay set, if any.
    pub const fn get_min_delay(&self) -> Option<Duration> {
        self.min_delay
    }

    /// The maximum delay set, if any.
    pub const fn get_max_delay(&self) -> Option<Duration> {
        self.max_delay
    }

    /// The maximum wait set, if any.
    pub const fn get_max_wait(&self) -> Option<Duration> {
        self.max_wait
    }

    /// The jitter.
    pub const fn get_jitter(&self) -> Jitter {
        self.jitter
    }
}

/// Why a wait ended without success. `T` is the polled operation's output.
///
/// Its own type rather than a variant of [`Error`]: it carries the last output, typed, so the
/// caller can see the state the resource is in, and [`Error`] is one non-generic type for every
/// call of every operation. A failed poll keeps the call's [`Error`] inside, unchanged.
#[derive(Debug)]
#[non_exhaustive]
pub enum WaiterError<T> {
    /// The maximum wait passed without success or failure.
    Timeout {
        /// The waiter's name.
        waiter: &'static str,
        /// How long the wait took (the maximum wait, or a little more when the last poll took
        /// time).
        elapsed: Duration,
        /// How many polls were made, the last one at the deadline.
        polls: u32,
        /// The output of the last poll that returned one, if any did.
        last: Option<T>,
        /// The error of the last poll, when it failed with an error the waiter retries.
        last_error: Option<Error>,
    },
    /// An acceptor matched a failure state (a server terminated while waiting for it to run).
    FailureState {
        /// The waiter's name.
        waiter: &'static str,
        /// How many polls were made.
        polls: u32,
        /// The output that matched.
        last: T,
    },
    /// A poll failed with an error that no acceptor retries or accepts (or that an error-code
    /// acceptor names a failure); it is the call's error after the call's own retries.
    PollFailed {
        /// The waiter's name.
        waiter: &'static str,
        /// How many polls were made, this one included.
        polls: u32,
        /// The poll's error.
        error: Error,
    },
    /// The wait never polled: the polled request was invalid ([`Error::InvalidRequest`]), or,
    /// when a mutation was sent first to wait on what it changed, that call failed or its
    /// answer named nothing to wait on. For a failed mutation,
    /// [`Error::may_have_been_applied`] tells whether it may have taken effect anyway.
    NotStarted {
        /// The waiter's name.
        waiter: &'static str,
        /// Why it did not start.
        error: Error,
    },
}

impl<T> WaiterError<T> {
    /// A wait that did not start (see [`WaiterError::NotStarted`]): for generated code, which
    /// builds the polled request or sends a mutation before waiting.
    pub fn not_started(waiter: &Waiter, error: impl Into<Error>) -> Self {
        WaiterError::NotStarted {
            waiter: waiter.name,
            error: error.into(),
        }
    }

    /// The waiter's name.
    pub fn waiter(&self) -> &'static str {
        match self {
            WaiterError::Timeout { waiter, .. }
            | WaiterError::FailureState { waiter, .. }
            | WaiterError::PollFailed { waiter, .. }
            | WaiterError::NotStarted { waiter, .. } => waiter,
        }
    }

    /// How many polls were made.
    pub fn polls(&self) -> u32 {
        match self {
            WaiterError::Timeout { polls, .. }
            | WaiterError::FailureState { polls, .. }
            | WaiterError::PollFailed { polls, .. } => *polls,
            WaiterError::NotStarted { .. } => 0,
        }
    }

    /// The last output observed, if any.
    pub fn last(&self) -> Option<&T> {
        match self {
            WaiterError::Timeout { last, .. } => last.as_ref(),
            WaiterError::FailureState { last, .. } => Some(last),
            WaiterError::PollFailed { .. } | WaiterError::NotStarted { .. } => None,
        }
    }

    /// The error of the last poll, if it failed, or why the wait did not start.
    pub fn poll_error(&self) -> Option<&Error> {
        match self {
            WaiterError::Timeout { last_error, .. } => last_error.as_ref(),
            WaiterError::FailureState { .. } => None,
            WaiterError::PollFailed { error, .. } | WaiterError::NotStarted { error, .. } => {
                Some(error)
            }
        }
    }

    /// The short name of how the wait ended: `timeout`, `failure`, `poll_failed` or
    /// `not_started`.
    pub fn kind(&self) -> &'static str {
        match self {
            WaiterError::Timeout { .. } => "timeout",
            WaiterError::FailureState { .. } => "failure",
            WaiterError::PollFailed { .. } => "poll_failed",
            WaiterError::NotStarted { .. } => "not_started",
        }
    }
}

impl<T> fmt::Display for WaiterError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let polls = |n: &u32| if *n == 1 { "poll" } else { "polls" };
        match self {
            WaiterError::Timeout {
                waiter,
                elapsed,
                polls: n,
                last_error,
                ..
            } => {
                write!(
                    f,
                    "waiter `{waiter}` gave up after {elapsed:?} and {n} {}",
                    polls(n)
                )?;
                if let Some(e) = last_error {
                    write!(f, "; the last poll failed: {e}")?;
                }
                Ok(())
            }
            WaiterError::FailureState {
                waiter, polls: n, ..
            } => write!(
                f,
                "waiter `{waiter}` reached a failure state after {n} {}",
                polls(n)
            ),
            WaiterError::PollFailed {
                waiter,
                polls: n,
                error,
            } => write!(f, "waiter `{waiter}`: poll {n} failed: {error}"),
            WaiterError::NotStarted { waiter, error } => {
                write!(f, "waiter `{waiter}` did not start: {error}")
            }
        }
    }
}

impl<T: fmt::Debug> std::error::Error for WaiterError<T> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.poll_error().map(|e| e as _)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: Duration = Duration::from_secs(1);

    #[test]
    fn defaults_and_overrides() {
        let w = Waiter::new("w", &[]);
        assert_eq!(
            (w.min_delay(), w.max_delay(), w.max_wait()),
            (2 * S, 120 * S, 300 * S)
        );
        let w = w.with_delays(S, 10 * S).with_max_wait(60 * S);
        assert_eq!(
            (w.min_delay(), w.max_delay(), w.max_wait()),
            (S, 10 * S, 60 * S)
        );
        let o = WaitOptions::new().max_wait(S);
        assert_eq!(o.get_max_wait(), Some(S));
        assert_eq!(o.get_min_delay(), None);
        assert_eq!(o.get_jitter(), Jitter::Random);
    }

    #[test]
    #[should_panic(expected = "longer than the maximum delay")]
    fn min_delay_above_max_is_refused() {
        let _ = Waiter::new("w", &[]).with_delays(10 * S, S);
    }

    #[test]
    #[should_panic(expected = "must not be zero")]
    fn a_zero_min_delay_is_refused() {
        let _ = Waiter::new("w", &[]).with_delays(Duration::ZERO, S);
    }

    #[test]
    fn failure_display_names_the_waiter_and_polls() {
        let e = WaiterError::FailureState {
            waiter: "disk_attached",
            polls: 1,
            last: (),
        };
        assert_eq!(
            e.to_string(),
            "waiter `disk_attached` reached a failure state after 1 poll"
        );
        assert_eq!((e.kind(), e.polls(), e.last()), ("failure", 1, Some(&())));
        assert!(std::error::Error::source(&e).is_none());
    }

    #[test]
    fn a_wait_that_did_not_start_polled_nothing_and_keeps_its_error() {
        let waiter = Waiter::new("disk_attached", &[]);
        let e: WaiterError<()> =
            WaiterError::not_started(&waiter, crate::InvalidRequest::missing("diskNoList"));
        assert_eq!((e.kind(), e.polls(), e.last()), ("not_started", 0, None));
        assert!(matches!(e.poll_error(), Some(Error::InvalidRequest(_))));
        assert!(
            e.to_string()
                .starts_with("waiter `disk_attached` did not start: "),
            "{e}"
        );
        assert!(std::error::Error::source(&e).is_some());
    }
}
