//! The generated waiters (`tests/features/waiters.yaml`, snapshot `tests/src/features/waiters`):
//! the spec's waiters as the runtime's `Waiter`s, the `wait_until_...` builders and the
//! mutations' `send_and_wait_until_...`, against the typed mock with scripted sequences.
//!
//! Two clocks. The delays are asserted exactly in tokio's paused clock, by driving the generated
//! waiters (`WaitUntil...::waiter()`, the spec's delays and acceptors) with scripted polls of the
//! generated body types. The calls through the mock run in real time with millisecond delays:
//! a paused clock jumps ahead whenever the runtime waits on a socket, which would fire the
//! client's own timeouts in the middle of a localhost exchange (the runtime's
//! `tests/waiter_mock.rs` says the same). There one poll is one request (the client's retries
//! are off unless a test turns them on), so the mock's request count is the number of polls.

use std::time::Duration;

use ncloud_runtime::waiter::{Jitter, WaitOptions, WaiterError};
use ncloud_runtime::{Error, RetryPolicy};
use ncloud_vserver_tests::features::waiters::client::Client;
use ncloud_vserver_tests::features::waiters::fluent::{
    WaitUntilThingAddressed, WaitUntilThingDeleted, WaitUntilThingRunning, WaitUntilThingStopped,
    WaitUntilThingTerminated,
};
use ncloud_vserver_tests::features::waiters::mock::{MockError, MockResponse, MockServer};
use ncloud_vserver_tests::features::waiters::types::{
    CommonCode, CreateThingsResponse, GetThingDetailResponse, GetThingListResponse,
    StopThingsResponse, TerminateThingResponse, Thing,
};
use tokio::time::Instant;

const MS: Duration = Duration::from_millis(1);
const S: Duration = Duration::from_secs(1);

fn code(c: &str) -> Option<CommonCode> {
    let mut code = CommonCode::default();
    code.code = Some(c.to_owned());
    Some(code)
}

/// A thing `(no, status, operation)`.
fn thing(no: &str, status: &str, operation: &str) -> Thing {
    let mut t = Thing::new(no.to_owned());
    t.thing_status = code(status);
    t.thing_operation = code(operation);
    t
}

fn list(items: &[(&str, &str, &str)]) -> GetThingListResponse {
    let mut body = GetThingListResponse::default();
    body.return_code = Some("0".to_owned());
    body.thing_list = items
        .iter()
        .map(|&(no, status, operation)| thing(no, status, operation))
        .collect();
    body
}

fn listed(items: &[(&str, &str, &str)]) -> MockResponse<GetThingListResponse> {
    MockResponse::Output(list(items))
}

async fn mock() -> (MockServer, Client) {
    let mock = MockServer::start().await;
    let client = mock
        .client_builder()
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap();
    (mock, client)
}

/// Millisecond delays without jitter: each gap is the ceiling, so a test takes milliseconds.
fn fast(wait: WaitUntilThingRunning) -> WaitUntilThingRunning {
    wait.min_delay(2 * MS)
        .max_delay(8 * MS)
        .jitter(Jitter::None)
}

#[test]
fn the_spec_defaults_become_the_waiters_defaults() {
    let running = WaitUntilThingRunning::waiter();
    assert_eq!(running.name(), "thing_running");
    assert_eq!(
        (running.min_delay(), running.max_delay(), running.max_wait()),
        (3 * S, 30 * S, 3600 * S)
    );
    // The three declared acceptors, then the retryable-error one every waiter ends with.
    assert_eq!(running.acceptors().len(), 4);
    let stopped = WaitUntilThingStopped::waiter();
    assert_eq!(
        (stopped.min_delay(), stopped.max_delay(), stopped.max_wait()),
        (500 * MS, 4 * S, 60 * S)
    );
    assert_eq!(WaitUntilThingTerminated::waiter().acceptors().len(), 2);
    assert_eq!(WaitUntilThingAddressed::waiter().max_delay(), S);
    assert_eq!(WaitUntilThingDeleted::waiter().name(), "thing_deleted");
}

/// The generated "running" waiter over scripted polls, in virtual time: the exact polls and the
/// delays between them (3 s doubling up to the spec's 30 s ceiling).
#[tokio::test(start_paused = true)]
async fn success_after_n_polls_with_the_spec_delays() {
    let script = ["INIT", "INIT", "INIT", "INIT", "INIT", "INIT", "RUN"];
    let mut polls = Vec::new();
    let start = Instant::now();
    let options = WaitOptions::new().jitter(Jitter::None);
    let done = WaitUntilThingRunning::waiter()
        .wait(&options, &["7"], || {
            polls.push(start.elapsed());
            let status = script[polls.len() - 1];
            async move { Ok::<_, Error>(list(&[("7", status, "NULL")])) }
        })
        .await
        .unwrap()
        .unwrap();
    assert_eq!(done, list(&[("7", "RUN", "NULL")]));
    let gaps: Vec<Duration> = polls.windows(2).map(|w| w[1] - w[0]).collect();
    assert_eq!(gaps, [3 * S, 6 * S, 12 * S, 24 * S, 30 * S, 30 * S]);
}

/// A one-hour wait that never succeeds ends in virtual time with the last poll at the deadline.
#[tokio::test(start_paused = true)]
async fn the_spec_max_wait_ends_an_hour_long_wait_at_its_deadline() {
    let mut polls = 0u32;
    let start = Instant::now();
    let e = WaitUntilThingRunning::waiter()
        .wait(&WaitOptions::new().jitter(Jitter::None), &["7"], || {
            polls += 1;
            async { Ok::<_, Error>(list(&[("7", "INIT", "NULL")])) }
        })
        .await
        .unwrap_err();
    let WaiterError::Timeout {
        elapsed,
        polls: n,
        last,
        ..
    } = &e
    else {
        panic!("expected a timeout, got {e:?}");
    };
    assert_eq!(*elapsed, 3600 * S);
    assert_eq!(start.elapsed(), 3600 * S);
    // 3 + 6 + 12 + 24 = 45 s, then 30 s gaps: 1 + 4 + ceil((3600 - 45) / 30) polls.
    assert_eq!(*n, 1 + 4 + 119);
    assert_eq!(*n, polls);
    assert_eq!(last.as_ref(), Some(&list(&[("7", "INIT", "NULL")])));
}

#[tokio::test]
async fn success_after_n_polls_through_the_mock() {
    let (mock, client) = mock().await;
    mock.get_thing_list().respond_with_sequence(vec![
        listed(&[("7", "INIT", "NULL")]),
        listed(&[("7", "INIT", "NULL")]),
        listed(&[("7", "RUN", "NULL")]),
    ]);
    let done = fast(
        client
            .wait_until_thing_running()
            .thing_no("7")
            .region_code("KR"),
    )
    .wait(20 * S)
    .await
    .unwrap();
    assert_eq!(done, list(&[("7", "RUN", "NULL")]));
    let sent = mock.get_thing_list().requests();
    assert_eq!(sent.len(), 3);
    // Every poll names the thing, keeps the region and asks for one page as large as the API
    // serves, so that every thing waited on is listed.
    for request in &sent {
        assert_eq!(
            request.thing_no_list.as_deref(),
            Some(&["7".to_owned()][..])
        );
        assert_eq!(request.region_code.as_deref(), Some("KR"));
        assert_eq!((request.page_no, request.page_size), (Some(1), Some(100)));
    }
}

#[tokio::test]
async fn a_failure_state_ends_the_wait_with_that_body() {
    let (mock, client) = mock().await;
    mock.get_thing_list().respond_with_sequence(vec![
        listed(&[("7", "INIT", "NULL")]),
        listed(&[("7", "INIT", "TERMT")]),
        listed(&[("7", "RUN", "NULL")]),
    ]);
    let e = fast(client.wait_until_thing_running().thing_no("7"))
        .wait(20 * S)
        .await
        .unwrap_err();
    assert!(
        matches!(&e, WaiterError::FailureState { polls: 2, .. }),
        "{e:?}"
    );
    assert_eq!(e.last(), Some(&list(&[("7", "INIT", "TERMT")])));
    assert_eq!(mock.get_thing_list().calls(), 2);
}

#[tokio::test]
async fn exceeding_max_wait_reports_the_polls_and_the_last_body() {
    let (mock, client) = mock().await;
    mock.get_thing_list()
        .respond_with_sequence(vec![listed(&[("7", "INIT", "NULL")])]);
    let e = fast(client.wait_until_thing_running().thing_no("7"))
        .wait(40 * MS)
        .await
        .unwrap_err();
    let WaiterError::Timeout {
        elapsed,
        polls,
        last,
        last_error,
        ..
    } = &e
    else {
        panic!("expected a timeout, got {e:?}");
    };
    assert!(*elapsed >= 40 * MS, "{elapsed:?}");
    // Several polls (a loaded machine makes each one slower, so fewer fit in 40 ms).
    assert!(*polls >= 2, "{polls}");
    assert_eq!(*polls as usize, mock.get_thing_list().calls());
    assert_eq!(last.as_ref(), Some(&list(&[("7", "INIT", "NULL")])));
    assert!(last_error.is_none());
    assert_eq!(e.kind(), "timeout");
}

#[tokio::test]
async fn a_retryable_error_is_polled_again_then_success() {
    let (mock, client) = mock().await;
    mock.get_thing_list().respond_with_sequence(vec![
        listed(&[("7", "INIT", "NULL")]),
        MockError::api("1000", "Please try your call again later.")
            .with_status(503)
            .into(),
        listed(&[("7", "RUN", "NULL")]),
    ]);
    let done = fast(client.wait_until_thing_running().thing_no("7"))
        .wait(20 * S)
        .await
        .unwrap();
    assert_eq!(done.thing_list.len(), 1);
    assert_eq!(mock.get_thing_list().calls(), 3);

    // An error the waiter does not retry ends the wait with it.
    mock.reset();
    mock.get_thing_list().respond_with_sequence(vec![
        MockError::api("1401", "Not allowed.").into(),
        listed(&[("7", "RUN", "NULL")]),
    ]);
    let e = fast(client.wait_until_thing_running().thing_no("7"))
        .wait(20 * S)
        .await
        .unwrap_err();
    match &e {
        WaiterError::PollFailed {
            polls: 1,
            error: Error::Api(api),
            ..
        } => {
            assert_eq!(api.return_code(), Some("1401"))
        }
        other => panic!("expected a failed poll, got {other:?}"),
    }
}

#[tokio::test]
async fn an_empty_list_means_gone() {
    let (mock, client) = mock().await;
    // Waiting for "running", a thing that disappears is a failure...
    mock.get_thing_list()
        .respond_with_sequence(vec![listed(&[("7", "INIT", "NULL")]), listed(&[])]);
    let e = fast(client.wait_until_thing_running().thing_no("7"))
        .wait(20 * S)
        .await
        .unwrap_err();
    assert!(
        matches!(&e, WaiterError::FailureState { polls: 2, .. }),
        "{e:?}"
    );

    // ...and the success of "terminated", whose body then lists nothing.
    mock.reset();
    mock.get_thing_list().respond_with_sequence(vec![
        listed(&[("7", "RUN", "TERMT"), ("8", "RUN", "TERMT")]),
        listed(&[("8", "RUN", "TERMT")]),
        listed(&[]),
    ]);
    let done = client
        .wait_until_thing_terminated()
        .thing_no("7")
        .thing_no("8")
        .min_delay(2 * MS)
        .max_delay(4 * MS)
        .wait(20 * S)
        .await
        .unwrap();
    assert!(done.thing_list.is_empty());
    assert_eq!(mock.get_thing_list().calls(), 3);
}

#[tokio::test]
async fn all_of_many_with_one_request_per_poll() {
    let (mock, client) = mock().await;
    mock.get_thing_list().respond_with_sequence(vec![
        listed(&[
            ("1", "INIT", "NULL"),
            ("2", "INIT", "NULL"),
            ("3", "INIT", "NULL"),
        ]),
        listed(&[
            ("1", "RUN", "NULL"),
            ("2", "INIT", "NULL"),
            ("3", "RUN", "NULL"),
        ]),
        listed(&[
            ("1", "RUN", "NULL"),
            ("2", "RUN", "NULL"),
            ("3", "RUN", "NULL"),
        ]),
    ]);
    let done = fast(
        client
            .wait_until_thing_running()
            .set_thing_no_list(Some(vec!["1".into(), "2".into()]))
            .thing_no("3"),
    )
    .wait(20 * S)
    .await
    .unwrap();
    assert_eq!(done.thing_list.len(), 3);
    let sent = mock.get_thing_list().requests();
    assert_eq!(sent.len(), 3);
    assert_eq!(
        sent[0].thing_no_list,
        Some(vec!["1".to_owned(), "2".to_owned(), "3".to_owned()])
    );
}

#[tokio::test]
async fn retry_and_present_acceptors() {
    let (mock, client) = mock().await;
    // `thingStopped` polls again while the operation is `SHTDN`, even once the status says
    // `NSTOP`: the retry acceptor comes first.
    mock.get_thing_list().respond_with_sequence(vec![
        listed(&[("7", "NSTOP", "SHTDN")]),
        listed(&[("7", "NSTOP", "NULL")]),
    ]);
    let done = client
        .wait_until_thing_stopped()
        .thing_no("7")
        .min_delay(2 * MS)
        .wait(20 * S)
        .await
        .unwrap();
    assert_eq!(done, list(&[("7", "NSTOP", "NULL")]));
    assert_eq!(mock.get_thing_list().calls(), 2);

    mock.reset();
    let mut addressed = list(&[("7", "RUN", "NULL")]);
    addressed.thing_list[0].public_ip = Some("203.0.113.7".to_owned());
    mock.get_thing_list().respond_with_sequence(vec![
        listed(&[("7", "RUN", "NULL")]),
        MockResponse::Output(addressed.clone()),
    ]);
    let done = client
        .wait_until_thing_addressed()
        .thing_no("7")
        .min_delay(2 * MS)
        .wait(20 * S)
        .await
        .unwrap();
    assert_eq!(done, addressed);
}

#[tokio::test]
async fn a_wait_without_ids_or_with_an_invalid_request_does_not_start() {
    let (mock, client) = mock().await;
    let e = client.wait_until_thing_running().wait(S).await.unwrap_err();
    match &e {
        WaiterError::NotStarted {
            error: Error::InvalidRequest(r),
            ..
        } => {
            assert_eq!(r.parameter(), "thingNoList")
        }
        other => panic!("expected a wait that did not start, got {other:?}"),
    }
    assert_eq!(e.polls(), 0);
    // The page size is checked like any request's.
    let e = client
        .wait_until_thing_running()
        .thing_no("7")
        .page_size(1000)
        .wait(S)
        .await
        .unwrap_err();
    assert!(
        matches!(&e, WaiterError::NotStarted { error: Error::InvalidRequest(r), .. } if r.parameter() == "pageSize"),
        "{e:?}"
    );
    assert_eq!(mock.get_thing_list().calls(), 0);
}

#[tokio::test]
async fn a_single_id_waiter_may_succeed_on_an_error_code_without_a_body() {
    let (mock, client) = mock().await;
    let mut present = GetThingDetailResponse::default();
    present.thing_list = vec![thing("7", "NSTOP", "TERMT")];
    mock.get_thing_detail().respond_with_sequence(vec![
        MockResponse::Output(present.clone()),
        MockError::api("24001", "No such thing.").into(),
    ]);
    let done = client
        .wait_until_thing_deleted()
        .thing_no("7")
        .min_delay(2 * MS)
        .wait(20 * S)
        .await
        .unwrap();
    assert_eq!(done, None);
    assert_eq!(mock.get_thing_detail().calls(), 2);
    assert_eq!(mock.get_thing_detail().requests()[0].thing_no, "7");

    mock.reset();
    mock.get_thing_detail().respond_with_sequence(vec![
        MockResponse::Output(present),
        MockResponse::Output(GetThingDetailResponse::default()),
    ]);
    let done = client
        .wait_until_thing_deleted()
        .thing_no("7")
        .min_delay(2 * MS)
        .wait(20 * S)
        .await
        .unwrap();
    assert_eq!(done.map(|b| b.thing_list.len()), Some(0));
}

#[tokio::test]
async fn send_and_wait_takes_the_ids_from_the_response() {
    let (mock, client) = mock().await;
    let mut created = CreateThingsResponse::default();
    created.thing_list = vec![thing("11", "INIT", "NULL"), thing("12", "INIT", "NULL")];
    mock.create_things().respond_with(created);
    // Running at the first poll: send_and_wait uses the spec's delays (3 s after a first poll
    // that does not match), which a real-time test would have to sit through.
    mock.get_thing_list()
        .respond_with(list(&[("11", "RUN", "NULL"), ("12", "RUN", "NULL")]));
    let done = client
        .create_things()
        .thing_name("t")
        .region_code("JPN")
        .send_and_wait_until_thing_running(20 * S)
        .await
        .unwrap();
    assert_eq!(done.thing_list.len(), 2);
    let polls = mock.get_thing_list().requests();
    assert_eq!(
        polls[0].thing_no_list,
        Some(vec!["11".to_owned(), "12".to_owned()])
    );
    assert_eq!(polls[0].region_code.as_deref(), Some("JPN"));
    assert_eq!(mock.create_things().calls(), 1);
}

#[tokio::test]
async fn send_and_wait_takes_the_ids_from_the_request() {
    let (mock, client) = mock().await;
    mock.stop_things()
        .respond_with(StopThingsResponse::default());
    mock.get_thing_list()
        .respond_with(list(&[("1", "NSTOP", "NULL"), ("2", "NSTOP", "NULL")]));
    let done = client
        .stop_things()
        .thing_no_list("1")
        .thing_no_list("2")
        .send_and_wait_until_thing_stopped(20 * S)
        .await
        .unwrap();
    assert_eq!(done.thing_list.len(), 2);
    let polls = mock.get_thing_list().requests();
    assert_eq!(polls.len(), 1);
    assert_eq!(
        polls[0].thing_no_list,
        Some(vec!["1".to_owned(), "2".to_owned()])
    );
    assert_eq!(polls[0].region_code, None);

    // One number in the request is a list of one in the poll.
    mock.terminate_thing()
        .respond_with(TerminateThingResponse::default());
    mock.get_thing_list().respond_with(list(&[]));
    client
        .terminate_thing()
        .thing_no("9")
        .send_and_wait_until_thing_terminated(20 * S)
        .await
        .unwrap();
    let polls = mock.get_thing_list().requests();
    assert_eq!(
        polls.last().unwrap().thing_no_list,
        Some(vec!["9".to_owned()])
    );
}

#[tokio::test]
async fn send_and_wait_does_not_start_when_the_mutation_fails_or_names_nothing() {
    let (mock, client) = mock().await;
    mock.create_things()
        .respond_once(MockError::api("1300", "Quota exceeded.").into());
    let e = client
        .create_things()
        .thing_name("t")
        .send_and_wait_until_thing_running(S)
        .await
        .unwrap_err();
    match &e {
        WaiterError::NotStarted {
            error: Error::Api(api),
            waiter,
        } => {
            assert_eq!(api.return_code(), Some("1300"));
            assert_eq!(*waiter, "thing_running");
        }
        other => panic!("expected a wait that did not start, got {other:?}"),
    }
    // An answer without the new things' numbers: nothing to wait on (polling then would list
    // every thing).
    mock.create_things()
        .respond_with(CreateThingsResponse::default());
    let e = client
        .create_things()
        .thing_name("t")
        .send_and_wait_until_thing_running(S)
        .await
        .unwrap_err();
    assert!(
        matches!(&e, WaiterError::NotStarted { error: Error::Decode(d), .. } if d.path() == "createThingsResponse/thingList"),
        "{e:?}"
    );
    // An invalid mutation is not sent.
    let e = client
        .create_things()
        .send_and_wait_until_thing_running(S)
        .await
        .unwrap_err();
    assert!(
        matches!(
            &e,
            WaiterError::NotStarted {
                error: Error::InvalidRequest(_),
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(mock.create_things().calls(), 2);
    assert_eq!(mock.get_thing_list().calls(), 0);
}
