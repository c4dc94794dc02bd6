//! The waiter engine (`ncloud_runtime::waiter`) in virtual time: scripted polls, the exact
//! number of polls and the delays between them (read off tokio's paused clock), every way a
//! wait ends, waits on several resources, and the `ncloud.wait` span.

use std::time::Duration;

use ncloud_runtime::waiter::{
    Acceptor, Comparator, IdRule, Jitter, State, WaitOptions, Waiter, WaiterError,
};
use ncloud_runtime::{ApiError, Error};
use serde::Serialize;
use tokio::time::Instant;

const S: Duration = Duration::from_secs(1);

#[derive(Clone, Debug, PartialEq, Serialize)]
struct Servers {
    #[serde(rename = "serverInstanceList")]
    list: Vec<Server>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
struct Server {
    #[serde(rename = "serverInstanceNo")]
    no: &'static str,
    #[serde(rename = "serverInstanceStatus")]
    status: Code,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
struct Code {
    code: &'static str,
}

/// One poll's answer: servers `(no, status)`.
fn servers(items: &[(&'static str, &'static str)]) -> Result<Servers, Error> {
    Ok(Servers {
        list: items
            .iter()
            .map(|&(no, code)| Server {
                no,
                status: Code { code },
            })
            .collect(),
    })
}

fn api_error(code: &str, status: u16) -> Error {
    Error::Api(
        ApiError::new(Some(code.to_owned()), Some("scripted".to_owned())).with_http_status(status),
    )
}

const CODES: &str = "serverInstanceList[].serverInstanceStatus.code";
const NOS: &str = "serverInstanceList[].serverInstanceNo";

/// Like a generated "running" waiter over a list poll.
static RUNNING: Waiter = Waiter::new(
    "server_instance_running",
    &[
        Acceptor::ids(State::Failure, NOS, IdRule::AnyMissing),
        Acceptor::output(State::Success, CODES, Comparator::AllEqual("RUN")),
        Acceptor::output(State::Failure, CODES, Comparator::AnyOf(&["TERMT"])),
        Acceptor::retryable_error(),
    ],
)
.with_delays(Duration::from_secs(2), Duration::from_secs(16))
.with_max_wait(Duration::from_secs(60));

/// Like a generated "terminated" waiter: gone from the list (or not found) is success.
static TERMINATED: Waiter = Waiter::new(
    "server_instance_terminated",
    &[
        Acceptor::ids(State::Success, NOS, IdRule::AllMissing),
        Acceptor::output(State::Success, "serverInstanceList", Comparator::ListEmpty),
        Acceptor::error_code(State::Success, "NOT_FOUND"),
        Acceptor::retryable_error(),
    ],
)
.with_delays(Duration::from_secs(2), Duration::from_secs(16));

/// Runs `waiter` on a script of answers (the last repeats), recording when each poll happened
/// relative to the start of the wait.
async fn run(
    waiter: &Waiter,
    options: WaitOptions,
    requested: &[&str],
    script: Vec<Result<Servers, Error>>,
) -> (Result<Option<Servers>, WaiterError<Servers>>, Vec<Duration>) {
    let start = Instant::now();
    let mut times = Vec::new();
    let mut script = script.into_iter().peekable();
    let mut last: Option<Servers> = None;
    let result = waiter
        .wait(&options, requested, || {
            times.push(start.elapsed());
            let answer = match script.next() {
                Some(Ok(s)) => {
                    if script.peek().is_none() {
                        last = Some(s.clone());
                    }
                    Ok(s)
                }
                Some(Err(e)) => Err(e),
                None => Ok(last.clone().expect("the script's last answer is an output")),
            };
            async move { answer }
        })
        .await;
    (result, times)
}

/// Whole seconds as durations.
fn secs(s: &[u64]) -> Vec<Duration> {
    s.iter().copied().map(Duration::from_secs).collect()
}

fn no_jitter() -> WaitOptions {
    WaitOptions::new().jitter(Jitter::None)
}

#[tokio::test(start_paused = true)]
async fn success_after_n_polls_with_the_delays_doubling() {
    let script = vec![
        servers(&[("1", "INIT")]),
        servers(&[("1", "INIT")]),
        servers(&[("1", "CREAT")]),
        servers(&[("1", "CREAT")]),
        servers(&[("1", "RUN")]),
    ];
    let (result, times) = run(&RUNNING, no_jitter(), &["1"], script).await;
    assert_eq!(result.unwrap(), Some(servers(&[("1", "RUN")]).unwrap()));
    // Delays 2, 4, 8, 16 s.
    assert_eq!(times, secs(&[0, 2, 6, 14, 30]));
}

#[tokio::test(start_paused = true)]
async fn the_caller_sets_the_delays() {
    let options = no_jitter()
        .min_delay(Duration::from_millis(500))
        .max_delay(S);
    let script = vec![
        servers(&[("1", "INIT")]),
        servers(&[("1", "INIT")]),
        servers(&[("1", "INIT")]),
        servers(&[("1", "RUN")]),
    ];
    let (result, times) = run(&RUNNING, options, &["1"], script).await;
    assert!(result.unwrap().is_some());
    let ms = Duration::from_millis;
    assert_eq!(times, [ms(0), ms(500), ms(1500), ms(2500)]);
}

#[tokio::test(start_paused = true)]
async fn jittered_delays_stay_in_range_and_repeat_with_a_seed() {
    let script = || {
        let mut s: Vec<_> = (0..6).map(|_| servers(&[("1", "INIT")])).collect();
        s.push(servers(&[("1", "RUN")]));
        s
    };
    let options = WaitOptions::new()
        .jitter(Jitter::Seeded(42))
        .max_wait(3600 * S);
    let (result, times) = run(&RUNNING, options, &["1"], script()).await;
    assert!(result.unwrap().is_some());
    assert_eq!(times.len(), 7);
    let delays: Vec<_> = times.windows(2).map(|w| w[1] - w[0]).collect();
    // The first delay is the minimum; each later one lies between the minimum and its ceiling.
    assert_eq!(delays[0], 2 * S);
    for (i, d) in delays.iter().enumerate() {
        let ceiling = (2 * S * (1 << i)).min(16 * S);
        assert!(*d >= 2 * S && *d <= ceiling, "delay {i}: {d:?}");
    }
    assert!(
        delays.iter().any(|d| d.subsec_nanos() != 0),
        "no jitter: {delays:?}"
    );
    let (_, again) = run(&RUNNING, options, &["1"], script()).await;
    assert_eq!(again, times);
}

#[tokio::test(start_paused = true)]
async fn a_failure_state_ends_the_wait_at_once() {
    let script = vec![
        servers(&[("1", "INIT")]),
        servers(&[("1", "TERMT")]),
        servers(&[("1", "RUN")]),
    ];
    let (result, times) = run(&RUNNING, no_jitter(), &["1"], script).await;
    match result {
        Err(WaiterError::FailureState {
            waiter,
            polls,
            last,
        }) => {
            assert_eq!(waiter, "server_instance_running");
            assert_eq!(polls, 2);
            assert_eq!(last, servers(&[("1", "TERMT")]).unwrap());
        }
        other => panic!("expected a failure state, got {other:?}"),
    }
    assert_eq!(times, secs(&[0, 2]));
}

#[tokio::test(start_paused = true)]
async fn timeout_makes_a_last_poll_at_the_deadline() {
    let (result, times) = run(
        &RUNNING,
        no_jitter(),
        &["1"],
        vec![servers(&[("1", "INIT")])],
    )
    .await;
    // 0, 2, 6, 14, 30, 46, then 46 + 16 would pass 60: the last poll is at 60.
    assert_eq!(times, secs(&[0, 2, 6, 14, 30, 46, 60]));
    let e = result.unwrap_err();
    match &e {
        WaiterError::Timeout {
            elapsed,
            polls,
            last,
            last_error,
            ..
        } => {
            assert_eq!(*elapsed, 60 * S);
            assert_eq!(*polls, 7);
            assert_eq!(last.as_ref(), Some(&servers(&[("1", "INIT")]).unwrap()));
            assert!(last_error.is_none());
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert_eq!(
        e.to_string(),
        "waiter `server_instance_running` gave up after 60s and 7 polls"
    );
    assert_eq!(e.kind(), "timeout");
}

#[tokio::test(start_paused = true)]
async fn a_zero_max_wait_polls_once() {
    let options = no_jitter().max_wait(Duration::ZERO);
    let (result, times) = run(&RUNNING, options, &["1"], vec![servers(&[("1", "INIT")])]).await;
    assert_eq!(times, [Duration::ZERO]);
    assert_eq!(result.unwrap_err().polls(), 1);
}

#[tokio::test(start_paused = true)]
async fn a_retryable_poll_error_is_polled_again() {
    let script = vec![
        servers(&[("1", "INIT")]),
        Err(api_error("1000", 503)),
        servers(&[("1", "RUN")]),
    ];
    let (result, times) = run(&RUNNING, no_jitter(), &["1"], script).await;
    assert_eq!(result.unwrap(), Some(servers(&[("1", "RUN")]).unwrap()));
    assert_eq!(times, secs(&[0, 2, 6]));
}

#[tokio::test(start_paused = true)]
async fn a_timeout_after_failing_polls_keeps_the_last_error() {
    let options = no_jitter().max_wait(10 * S);
    let script = vec![
        servers(&[("1", "INIT")]),
        Err(api_error("1000", 503)),
        Err(api_error("1000", 503)),
        Err(api_error("1000", 503)),
    ];
    let (result, times) = run(&RUNNING, options, &["1"], script).await;
    assert_eq!(times, secs(&[0, 2, 6, 10]));
    let e = result.unwrap_err();
    assert!(
        matches!(&e, WaiterError::Timeout { last: Some(_), .. }),
        "{e:?}"
    );
    assert!(
        matches!(e.poll_error(), Some(Error::Api(a)) if a.return_code() == Some("1000")),
        "{e:?}"
    );
    assert!(e.to_string().contains("; the last poll failed: "), "{e}");
    assert!(std::error::Error::source(&e).is_some());
}

#[tokio::test(start_paused = true)]
async fn a_non_retryable_poll_error_ends_the_wait() {
    let script = vec![servers(&[("1", "INIT")]), Err(api_error("1401", 400))];
    let (result, times) = run(&RUNNING, no_jitter(), &["1"], script).await;
    assert_eq!(times, secs(&[0, 2]));
    let e = result.unwrap_err();
    match &e {
        WaiterError::PollFailed { polls, error, .. } => {
            assert_eq!(*polls, 2);
            assert!(!error.is_retryable());
        }
        other => panic!("expected a failed poll, got {other:?}"),
    }
    assert!(e.last().is_none());
    assert!(
        e.to_string()
            .starts_with("waiter `server_instance_running`: poll 2 failed: "),
        "{e}"
    );
}

#[tokio::test(start_paused = true)]
async fn gone_from_the_list_fails_running_and_satisfies_terminated() {
    // A server missing from the list it was asked for is gone: a failure for "running"...
    let (result, _) = run(&RUNNING, no_jitter(), &["1"], vec![servers(&[])]).await;
    assert!(
        matches!(result, Err(WaiterError::FailureState { polls: 1, .. })),
        "{result:?}"
    );
    // ... and the end of a "terminated" wait, whether by the ids rule or by the empty list.
    let script = vec![
        servers(&[("1", "NSTOP")]),
        servers(&[("1", "TERMT")]),
        servers(&[]),
    ];
    let (result, times) = run(&TERMINATED, no_jitter(), &["1"], script).await;
    assert_eq!(result.unwrap(), Some(servers(&[]).unwrap()));
    assert_eq!(times, secs(&[0, 2, 6]));
    let (result, _) = run(&TERMINATED, no_jitter(), &[], vec![servers(&[])]).await;
    assert_eq!(result.unwrap(), Some(servers(&[]).unwrap()));
}

#[tokio::test(start_paused = true)]
async fn an_error_code_can_be_the_success() {
    let script = vec![servers(&[("1", "NSTOP")]), Err(api_error("NOT_FOUND", 400))];
    let (result, times) = run(&TERMINATED, no_jitter(), &["1"], script).await;
    assert_eq!(result.unwrap(), None);
    assert_eq!(times, secs(&[0, 2]));
}

#[tokio::test(start_paused = true)]
async fn all_of_many_waits_for_every_resource_with_one_poll_per_round() {
    let requested = ["1", "2", "3"];
    let script = vec![
        servers(&[("1", "INIT"), ("2", "INIT"), ("3", "INIT")]),
        servers(&[("1", "RUN"), ("2", "INIT"), ("3", "RUN")]),
        servers(&[("1", "RUN"), ("2", "RUN"), ("3", "RUN")]),
    ];
    let (result, times) = run(&RUNNING, no_jitter(), &requested, script).await;
    assert_eq!(times.len(), 3, "one poll per round");
    assert_eq!(result.unwrap().unwrap().list.len(), 3);
    // One of them disappearing is a failure, though the others run.
    let script = vec![
        servers(&[("1", "INIT"), ("2", "INIT"), ("3", "INIT")]),
        servers(&[("1", "RUN"), ("3", "RUN")]),
    ];
    let (result, _) = run(&RUNNING, no_jitter(), &requested, script).await;
    assert!(
        matches!(result, Err(WaiterError::FailureState { polls: 2, .. })),
        "{result:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn a_one_hour_wait_finishes_in_milliseconds() {
    let real = std::time::Instant::now();
    let options = WaitOptions::new()
        .max_wait(3600 * S)
        .min_delay(S)
        .max_delay(10 * S)
        .jitter(Jitter::None);
    let (result, times) = run(&RUNNING, options, &["1"], vec![servers(&[("1", "INIT")])]).await;
    let e = result.unwrap_err();
    assert!(matches!(e, WaiterError::Timeout { .. }), "{e:?}");
    assert_eq!(times.last(), Some(&(3600 * S)));
    // 1, 2, 4, 8 s, then every 10 s: polls at 0, 1, 3, 7, 15, 25, ..., 3595, and 3600.
    assert_eq!(e.polls(), 5 + 358 + 1);
    assert!(real.elapsed() < 5 * S, "took {:?}", real.elapsed());
}

#[cfg(feature = "tracing")]
mod tracing_span {
    use std::collections::BTreeMap;
    use std::sync::{Arc, Mutex};

    use tracing::field::{Field, Visit};
    use tracing::span::{Attributes, Id, Record};
    use tracing_subscriber::layer::{Context, Layer, SubscriberExt as _};

    use super::*;

    /// The fields of every `ncloud.wait` span seen, in order, and where the span of each live
    /// id is (the registry reuses ids of closed spans).
    #[derive(Clone, Default)]
    struct Waits(Arc<Mutex<Seen>>);

    type Fieldset = BTreeMap<String, String>;
    type Seen = (Vec<Fieldset>, BTreeMap<u64, usize>);

    struct Fields<'a>(&'a mut BTreeMap<String, String>);

    impl Visit for Fields<'_> {
        fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
            self.0.insert(field.name().to_owned(), format!("{value:?}"));
        }
        fn record_str(&mut self, field: &Field, value: &str) {
            self.0.insert(field.name().to_owned(), value.to_owned());
        }
    }

    impl<S: tracing::Subscriber> Layer<S> for Waits {
        fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, _: Context<'_, S>) {
            if attrs.metadata().name() == "ncloud.wait" && attrs.metadata().target() == "ncloud" {
                let mut fields = BTreeMap::new();
                attrs.record(&mut Fields(&mut fields));
                let mut waits = self.0.lock().unwrap();
                let index = waits.0.len();
                waits.0.push(fields);
                waits.1.insert(id.into_u64(), index);
            }
        }
        fn on_record(&self, id: &Id, values: &Record<'_>, _: Context<'_, S>) {
            let mut waits = self.0.lock().unwrap();
            if let Some(&index) = waits.1.get(&id.into_u64()) {
                values.record(&mut Fields(&mut waits.0[index]));
            }
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_span_per_wait_with_the_waiter_polls_and_outcome() {
        let waits = Waits::default();
        let subscriber = tracing_subscriber::registry().with(waits.clone());
        let _guard = tracing::subscriber::set_default(subscriber);
        let script = vec![servers(&[("1", "INIT")]), servers(&[("1", "RUN")])];
        let (result, _) = run(&RUNNING, no_jitter(), &["1"], script).await;
        assert!(result.is_ok());
        let (result, _) = run(
            &RUNNING,
            no_jitter(),
            &["1"],
            vec![servers(&[("1", "TERMT")])],
        )
        .await;
        assert!(result.is_err());
        let seen = waits.0.lock().unwrap().0.clone();
        let field = |i: usize, name: &str| seen[i].get(name).cloned().unwrap_or_default();
        assert_eq!(seen.len(), 2);
        assert_eq!(field(0, "waiter"), "server_instance_running");
        assert_eq!(field(0, "polls"), "2");
        assert_eq!(field(0, "outcome"), "success");
        assert_eq!(field(1, "polls"), "1");
        assert_eq!(field(1, "outcome"), "failure");
    }
}
