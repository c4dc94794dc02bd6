//! Waiters against the typed mock: the fixtures' operation answered by scripted sequences
//! (`OperationMock::respond_with_sequence`), polled through a real client. One poll is one
//! request (the client's own retries are off), so the mock's request count is the number of
//! polls. The image type's `code` stands in for a status code.
//!
//! Real time with millisecond delays: tokio's paused clock jumps ahead whenever the runtime
//! waits on I/O, which would fire the client's timeouts during a localhost exchange; the exact
//! delays are asserted in virtual time in `tests/waiter.rs`.

#![cfg(feature = "mock")]

// Each test binary uses its own part of the generated fixtures.
#[allow(dead_code, unused_imports)]
mod fixtures;

use std::time::Duration;

use fixtures::operations::GetServerImageDetailRequest;
use fixtures::types::{CommonCode, GetServerImageDetailResponse, ServerImage};
use ncloud_runtime::mock::{
    MockError, MockOperation, MockResponse, MockServer, QueryDecodeError, QueryParams,
};
use ncloud_runtime::waiter::{
    Acceptor, Comparator, IdRule, Jitter, State, WaitOptions, Waiter, WaiterError,
};
use ncloud_runtime::{Client, Error, RetryPolicy, ServiceInfo};

static SERVICE: ServiceInfo = ServiceInfo::new("fixtures", "/fixtures/v1", "ncloud-runtime-tests");

// What the generator emits for every operation of a service with a mock.
impl MockOperation for GetServerImageDetailRequest {
    fn from_query(q: &QueryParams) -> Result<Self, QueryDecodeError> {
        q.deny_unknown(&["regionCode", "serverImageNo"], &[])?;
        Ok(Self::builder()
            .set_region_code(q.single("regionCode")?)
            .set_server_image_no(q.single("serverImageNo")?)
            .build()?)
    }
}

type Op = GetServerImageDetailRequest;
type Output = GetServerImageDetailResponse;

const CODES: &str = "serverImageList[].serverImageType.code";
const NOS: &str = "serverImageList[].serverImageNo";

static READY: Waiter = Waiter::new(
    "server_image_ready",
    &[
        Acceptor::ids(State::Failure, NOS, IdRule::AnyMissing),
        Acceptor::output(State::Success, CODES, Comparator::AllEqual("CREAT")),
        Acceptor::output(State::Failure, CODES, Comparator::AnyOf(&["TERMT"])),
        Acceptor::retryable_error(),
    ],
);

static GONE: Waiter = Waiter::new(
    "server_image_gone",
    &[
        Acceptor::output(State::Success, "serverImageList", Comparator::ListEmpty),
        Acceptor::retryable_error(),
    ],
);

fn images(items: &[(&str, &str)]) -> Output {
    Output {
        return_code: Some("0".to_owned()),
        server_image_list: items
            .iter()
            .map(|&(no, code)| ServerImage {
                server_image_no: no.to_owned(),
                server_image_name: None,
                server_image_description: None,
                server_image_type: Some(CommonCode {
                    code: Some(code.to_owned()),
                    code_name: None,
                }),
                platform_type: None,
                create_date: None,
                block_storage_mapping_list: Vec::new(),
                shared_login_id_list: Vec::new(),
            })
            .collect(),
        ..Output::default()
    }
}

fn output(items: &[(&str, &str)]) -> MockResponse<Output> {
    MockResponse::Output(images(items))
}

async fn mock() -> (MockServer, Client) {
    let mock = MockServer::start(&SERVICE).await;
    let client = mock
        .client_builder::<Client>()
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap();
    (mock, client)
}

fn fast() -> WaitOptions {
    WaitOptions::new()
        .min_delay(Duration::from_millis(2))
        .max_delay(Duration::from_millis(10))
        .max_wait(Duration::from_secs(20))
        .jitter(Jitter::None)
}

async fn wait(
    waiter: &Waiter,
    client: &Client,
    options: WaitOptions,
    requested: &[&str],
) -> Result<Option<Output>, WaiterError<Output>> {
    waiter
        .wait(&options, requested, || {
            client.send(Op::builder().server_image_no("1").build().unwrap())
        })
        .await
}

#[tokio::test]
async fn success_after_n_polls() {
    let (mock, client) = mock().await;
    mock.operation::<Op>().respond_with_sequence(vec![
        output(&[("1", "INIT")]),
        output(&[("1", "INIT")]),
        output(&[("1", "INIT")]),
        output(&[("1", "CREAT")]),
    ]);
    let done = wait(&READY, &client, fast(), &["1"]).await.unwrap();
    assert_eq!(done, Some(images(&[("1", "CREAT")])));
    assert_eq!(mock.operation::<Op>().calls(), 4);
}

#[tokio::test]
async fn a_failure_state() {
    let (mock, client) = mock().await;
    mock.operation::<Op>().respond_with_sequence(vec![
        output(&[("1", "INIT")]),
        output(&[("1", "TERMT")]),
        output(&[("1", "CREAT")]),
    ]);
    let e = wait(&READY, &client, fast(), &["1"]).await.unwrap_err();
    assert!(
        matches!(&e, WaiterError::FailureState { polls: 2, .. }),
        "{e:?}"
    );
    assert_eq!(e.last(), Some(&images(&[("1", "TERMT")])));
    assert_eq!(mock.operation::<Op>().calls(), 2);
}

#[tokio::test]
async fn exceeded_max_wait() {
    let (mock, client) = mock().await;
    mock.operation::<Op>()
        .respond_with_sequence(vec![output(&[("1", "INIT")])]);
    let options = fast().max_wait(Duration::from_millis(60));
    let started = std::time::Instant::now();
    let e = wait(&READY, &client, options, &["1"]).await.unwrap_err();
    let WaiterError::Timeout {
        elapsed,
        polls,
        last,
        ..
    } = &e
    else {
        panic!("expected a timeout, got {e:?}");
    };
    assert!(*elapsed >= Duration::from_millis(60), "{elapsed:?}");
    assert!(started.elapsed() >= Duration::from_millis(60));
    assert!(*polls >= 3, "{polls}");
    assert_eq!(*polls as usize, mock.operation::<Op>().calls());
    assert_eq!(last.as_ref(), Some(&images(&[("1", "INIT")])));
}

#[tokio::test]
async fn a_retryable_error_then_success() {
    let (mock, client) = mock().await;
    mock.operation::<Op>().respond_with_sequence(vec![
        output(&[("1", "INIT")]),
        MockError::api("1000", "Please try your call again later.")
            .with_status(503)
            .into(),
        output(&[("1", "CREAT")]),
    ]);
    let done = wait(&READY, &client, fast(), &["1"]).await.unwrap();
    assert_eq!(done, Some(images(&[("1", "CREAT")])));
    assert_eq!(mock.operation::<Op>().calls(), 3);
}

#[tokio::test]
async fn a_non_retryable_error_ends_the_wait() {
    let (mock, client) = mock().await;
    mock.operation::<Op>().respond_with_sequence(vec![
        output(&[("1", "INIT")]),
        MockError::api("1401", "Not found server product.").into(),
        output(&[("1", "CREAT")]),
    ]);
    let e = wait(&READY, &client, fast(), &["1"]).await.unwrap_err();
    match &e {
        WaiterError::PollFailed {
            polls: 2,
            error: Error::Api(api),
            ..
        } => assert_eq!(api.return_code(), Some("1401")),
        other => panic!("expected a failed poll, got {other:?}"),
    }
    assert_eq!(mock.operation::<Op>().calls(), 2);
}

#[tokio::test]
async fn an_empty_list_means_gone() {
    let (mock, client) = mock().await;
    mock.operation::<Op>()
        .respond_with_sequence(vec![output(&[("1", "CREAT")]), output(&[])]);
    let done = wait(&GONE, &client, fast(), &[]).await.unwrap();
    assert_eq!(done, Some(images(&[])));
    assert_eq!(mock.operation::<Op>().calls(), 2);

    mock.reset();
    mock.operation::<Op>()
        .respond_with_sequence(vec![output(&[("1", "INIT")]), output(&[])]);
    let e = wait(&READY, &client, fast(), &["1"]).await.unwrap_err();
    assert!(
        matches!(&e, WaiterError::FailureState { polls: 2, .. }),
        "{e:?}"
    );
}

#[tokio::test]
async fn all_of_many_with_one_request_per_poll() {
    let (mock, client) = mock().await;
    mock.operation::<Op>().respond_with_sequence(vec![
        output(&[("1", "INIT"), ("2", "INIT"), ("3", "INIT")]),
        output(&[("1", "CREAT"), ("2", "INIT"), ("3", "CREAT")]),
        output(&[("1", "CREAT"), ("2", "CREAT"), ("3", "CREAT")]),
    ]);
    let done = wait(&READY, &client, fast(), &["1", "2", "3"])
        .await
        .unwrap()
        .unwrap();
    assert_eq!(done.server_image_list.len(), 3);
    assert_eq!(mock.operation::<Op>().calls(), 3);
}

#[tokio::test]
async fn a_sequence_repeats_its_last_answer_after_one_off_answers() {
    let (mock, client) = mock().await;
    let op = mock.operation::<Op>();
    op.respond_with_sequence(vec![output(&[("1", "A")]), output(&[("1", "B")])]);
    op.respond_once(output(&[("1", "ONCE")]));
    let mut codes = Vec::new();
    for _ in 0..4 {
        let out = client
            .send(Op::builder().server_image_no("1").build().unwrap())
            .await
            .unwrap();
        codes.push(
            out.server_image_list[0]
                .server_image_type
                .clone()
                .unwrap()
                .code
                .unwrap(),
        );
    }
    assert_eq!(codes, ["ONCE", "A", "B", "B"]);
}

#[tokio::test]
#[should_panic(expected = "at least one response")]
async fn an_empty_sequence_is_refused() {
    let (mock, _) = mock().await;
    mock.operation::<Op>().respond_with_sequence(Vec::new());
}
