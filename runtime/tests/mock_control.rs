//! What the mock core gives a simulator built on it: a chosen port, the legacy
//! `x-ncp-apigw-signature-v1` header (as NCP's official SDKs send it), and faults injected by a
//! library call or through the `/_mock/faults` control endpoint.

#![cfg(feature = "mock")]

#[allow(dead_code, unused_imports)]
mod fixtures;

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use fixtures::operations::GetServerImageDetailRequest;
use fixtures::types::GetServerImageDetailResponse;
use ncloud_runtime::client::signing;
use ncloud_runtime::mock::{
    Fault, MockOperation, MockServer, QueryDecodeError, QueryParams, SIGNATURE_V1_HEADER,
};
use ncloud_runtime::{Client, Error, RetryPolicy, ServiceInfo};

static SERVICE: ServiceInfo = ServiceInfo::new("fixtures", "/fixtures/v1", "ncloud-runtime-tests");

impl MockOperation for GetServerImageDetailRequest {
    fn from_query(q: &QueryParams) -> Result<Self, QueryDecodeError> {
        q.deny_unknown(&["regionCode", "serverImageNo"], &[])?;
        Ok(Self::builder()
            .set_region_code(q.single("regionCode")?)
            .set_server_image_no(q.single("serverImageNo")?)
            .build()?)
    }
}

async fn answering_mock(port: u16) -> MockServer {
    let mock = MockServer::builder(&SERVICE).port(port).start().await;
    mock.operation::<GetServerImageDetailRequest>()
        .respond_with(GetServerImageDetailResponse {
            return_code: Some("0".to_owned()),
            ..GetServerImageDetailResponse::default()
        });
    mock
}

fn now_ms() -> String {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis()
        .to_string()
}

/// Sends a GET signed with the v1 header over `signed_target` (which may differ from the target
/// sent, as the Python SDK's does).
async fn get_v1(mock: &MockServer, target: &str, signed_target: &str) -> u16 {
    get_v1_body(mock, target, signed_target).await.0
}

async fn get_v1_body(mock: &MockServer, target: &str, signed_target: &str) -> (u16, String) {
    let ts = now_ms();
    let signature = signing::sign(
        ncloud_runtime::mock::MOCK_SECRET_KEY,
        "GET",
        signed_target,
        &ts,
        ncloud_runtime::mock::MOCK_ACCESS_KEY,
    );
    let response = reqwest::Client::builder()
        .no_proxy()
        .build()
        .unwrap()
        .get(format!("{}{target}", mock.uri()))
        .header(signing::TIMESTAMP_HEADER, ts)
        .header(
            signing::ACCESS_KEY_HEADER,
            ncloud_runtime::mock::MOCK_ACCESS_KEY,
        )
        .header(SIGNATURE_V1_HEADER, signature)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

#[tokio::test]
async fn binds_the_port_it_is_given() {
    // A free port, found by binding 0 and letting go of it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mock = answering_mock(port).await;
    assert_eq!(mock.addr().port(), port);
    let taken = MockServer::builder(&SERVICE).port(port).try_start().await;
    assert!(taken.is_err(), "a second bind of {port} should fail");
}

#[tokio::test]
async fn accepts_v1_signatures_over_the_sent_or_the_unencoded_query() {
    let mock = answering_mock(0).await;
    let path = "/fixtures/v1/getServerImageDetail";
    let sent = format!("{path}?serverImageNo=1&regionCode=K%20R");
    assert_eq!(get_v1(&mock, &sent, &sent).await, 200);
    // How the Python SDK signs: the values before percent-encoding.
    let unencoded = format!("{path}?serverImageNo=1&regionCode=K R");
    assert_eq!(get_v1(&mock, &sent, &unencoded).await, 200);
    let other = format!("{path}?serverImageNo=2&regionCode=K R");
    assert_eq!(get_v1(&mock, &sent, &other).await, 401);
}

fn client(mock: &MockServer) -> Client {
    mock.client_builder::<Client>()
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap()
}

async fn call(client: &Client) -> Result<GetServerImageDetailResponse, Error> {
    client
        .send(
            GetServerImageDetailRequest::builder()
                .server_image_no("1")
                .build()
                .unwrap(),
        )
        .await
}

#[tokio::test]
async fn injected_faults_fail_the_given_number_of_requests_then_stop() {
    let mock = answering_mock(0).await;
    let client = client(&mock);
    mock.inject_fault("getServerImageDetail", Fault::Throttle, 1);
    mock.inject_fault("*", Fault::Internal, 1);
    match call(&client).await.unwrap_err() {
        Error::Gateway(e) => assert_eq!(e.http_status(), Some(429)),
        other => panic!("expected the throttling answer, got {other:?}"),
    }
    match call(&client).await.unwrap_err() {
        Error::Api(e) => assert_eq!(e.return_code(), Some("1000")),
        other => panic!("expected the API's 1000, got {other:?}"),
    }
    call(&client).await.unwrap();
    mock.inject_fault(
        "getServerImageDetail",
        Fault::Slow(Duration::from_millis(300)),
        1,
    );
    let start = Instant::now();
    call(&client).await.unwrap();
    assert!(start.elapsed() >= Duration::from_millis(300));
}

#[tokio::test]
async fn the_control_endpoint_queues_lists_and_clears_faults() {
    let mock = answering_mock(0).await;
    let client = client(&mock);
    let http = reqwest::Client::builder().no_proxy().build().unwrap();
    let faults = format!("{}/_mock/faults", mock.uri());
    let queued = http
        .post(&faults)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("operation=getServerImageDetail&fault=unavailable&count=2")
        .send()
        .await
        .unwrap();
    assert_eq!(queued.status().as_u16(), 200);
    let listed = http
        .get(&faults)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let listed: serde_json::Value = serde_json::from_slice(&listed).unwrap();
    assert_eq!(listed["faults"][0]["count"], 2);
    assert_eq!(listed["faults"][0]["fault"], "unavailable");
    for _ in 0..2 {
        match call(&client).await.unwrap_err() {
            Error::Gateway(e) => assert_eq!(e.http_status(), Some(503)),
            other => panic!("expected 503, got {other:?}"),
        }
    }
    call(&client).await.unwrap();
    let bad = http
        .post(&faults)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("operation=x&fault=melt")
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status().as_u16(), 400);
    http.post(&faults)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("operation=*&fault=throttle&count=5")
        .send()
        .await
        .unwrap();
    http.delete(&faults).send().await.unwrap();
    call(&client).await.unwrap();
}

#[tokio::test]
async fn a_chosen_code_answers_requests_that_do_not_decode() {
    let mock = MockServer::builder(&SERVICE)
        .invalid_parameter_code("1200")
        .start()
        .await;
    mock.operation::<GetServerImageDetailRequest>()
        .respond_with(GetServerImageDetailResponse::default());
    let target =
        "/fixtures/v1/getServerImageDetail?serverImageNo=1&unknown=2&responseFormatType=json";
    let (status, body) = get_v1_body(&mock, target, target).await;
    assert_eq!(status, 400);
    assert!(body.contains("\"returnCode\":\"1200\""), "{body}");
}
