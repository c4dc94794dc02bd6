//! The typed mock (`mock` feature) as a gateway: it checks signatures, access keys and
//! timestamps like NCP's, reads queries back strictly, and answers in the requested format.
//! Requests here are made by hand (reqwest), bypassing the client's own checks.

use ncloud_vserver::mock::{MOCK_ACCESS_KEY, MOCK_SECRET_KEY, MockServer};
use ncloud_vserver::runtime::client::signing;
use ncloud_vserver::types::{GetRegionListResponse, Region};

/// GETs `target` from the mock, signed with `secret` at `timestamp`; returns status and body.
async fn get(mock: &MockServer, target: &str, secret: &str, timestamp: &str) -> (u16, String) {
    let signature = signing::sign(secret, "GET", target, timestamp, MOCK_ACCESS_KEY);
    let response = reqwest::Client::builder()
        .no_proxy()
        .build()
        .unwrap()
        .get(format!("{}{target}", mock.uri()))
        .header(signing::TIMESTAMP_HEADER, timestamp)
        .header(signing::ACCESS_KEY_HEADER, MOCK_ACCESS_KEY)
        .header(signing::SIGNATURE_HEADER, signature)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// POSTs the form `body` (with `content_type`) to `target`, signed like the client signs: over
/// method, path and query only.
async fn post(mock: &MockServer, target: &str, content_type: &str, body: &str) -> (u16, String) {
    post_signed_as(mock, target, target, content_type, body).await
}

/// [`post`], with the signature computed over `signed` instead of the `target` sent.
async fn post_signed_as(
    mock: &MockServer,
    target: &str,
    signed: &str,
    content_type: &str,
    body: &str,
) -> (u16, String) {
    let timestamp = signing::timestamp_now();
    let signature = signing::sign(MOCK_SECRET_KEY, "POST", signed, &timestamp, MOCK_ACCESS_KEY);
    let response = reqwest::Client::builder()
        .no_proxy()
        .build()
        .unwrap()
        .post(format!("{}{target}", mock.uri()))
        .header(signing::TIMESTAMP_HEADER, timestamp)
        .header(signing::ACCESS_KEY_HEADER, MOCK_ACCESS_KEY)
        .header(signing::SIGNATURE_HEADER, signature)
        .header("content-type", content_type)
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

#[tokio::test]
async fn reads_parameters_from_a_post_form_body_and_the_query() {
    const FORM: &str = "application/x-www-form-urlencoded";
    let mock = MockServer::start().await;
    mock.get_server_image_detail()
        .respond_with(Default::default());
    let target = "/vserver/v2/getServerImageDetail?responseFormatType=json";
    let (status, json) = post(&mock, target, FORM, "regionCode=KR&serverImageNo=a+b%2B1").await;
    assert_eq!(status, 200, "{json}");
    assert!(
        json.starts_with("{\"getServerImageDetailResponse\""),
        "{json}"
    );
    let requests = mock.get_server_image_detail().requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0].server_image_no, "a b+1",
        "a form's `+` is a space"
    );
    assert_eq!(requests[0].region_code.as_deref(), Some("KR"));
    let received = &mock.received()[0];
    assert_eq!(received.method, "POST");
    assert_eq!(received.body, "regionCode=KR&serverImageNo=a+b%2B1");
    assert!(
        received.authenticated && received.rejection.is_none(),
        "{received:?}"
    );

    // A parameter both in the query and in the body is refused.
    let (status, body) = post(
        &mock,
        target,
        FORM,
        "serverImageNo=1&responseFormatType=xml",
    )
    .await;
    assert_eq!(status, 400, "{body}");
    let rejection = mock.received()[1].rejection.clone().unwrap();
    assert!(
        rejection.contains("responseFormatType") && rejection.contains("both"),
        "{rejection}"
    );
    // So is a body that is not a form, rather than being ignored.
    let (status, body) = post(&mock, target, "application/json", "{}").await;
    assert_eq!(status, 400, "{body}");
    assert!(
        mock.received()[2]
            .rejection
            .as_deref()
            .unwrap()
            .contains("form")
    );
    // The body is not signed, but the query is: a changed format fails the signature.
    let signed_for_xml = "/vserver/v2/getServerImageDetail?responseFormatType=xml";
    let (status, _) = post_signed_as(&mock, target, signed_for_xml, FORM, "serverImageNo=1").await;
    assert_eq!(status, 401);
    assert_eq!(mock.get_server_image_detail().requests().len(), 1);
}

async fn mock() -> MockServer {
    let mock = MockServer::start().await;
    mock.get_region_list().respond_with({
        let mut response = GetRegionListResponse::default();
        response.return_code = Some("0".to_owned());
        response.region_list = vec![{
            let mut region = Region::default();
            region.region_code = Some("KR".to_owned());
            region.region_name = Some("Korea & co".to_owned());
            region
        }];
        response
    });
    mock
}

#[tokio::test]
async fn answers_in_the_requested_format() {
    let mock = mock().await;
    let now = signing::timestamp_now();
    let (status, xml) = get(&mock, "/vserver/v2/getRegionList", MOCK_SECRET_KEY, &now).await;
    assert_eq!(status, 200, "{xml}");
    assert!(xml.contains("<getRegionListResponse>"), "{xml}");
    assert!(
        xml.contains("<regionName>Korea &amp; co</regionName>"),
        "{xml}"
    );
    let target = "/vserver/v2/getRegionList?responseFormatType=json";
    let (status, json) = get(&mock, target, MOCK_SECRET_KEY, &now).await;
    assert_eq!(status, 200, "{json}");
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        value["getRegionListResponse"]["regionList"][0]["regionName"],
        "Korea & co"
    );
}

#[tokio::test]
async fn bad_signatures_stale_timestamps_and_unknown_keys_get_401() {
    let mock = mock().await;
    let target = "/vserver/v2/getRegionList";
    let now: i64 = signing::timestamp_now().parse().unwrap();
    let stale = (now - 5 * 60 * 1000 - 1000).to_string();
    let future = (now + 5 * 60 * 1000 + 1000).to_string();
    for (secret, timestamp, why) in [
        ("wrong-secret", now.to_string(), "signature"),
        (MOCK_SECRET_KEY, stale, "timestamp"),
        (MOCK_SECRET_KEY, future, "timestamp"),
        (MOCK_SECRET_KEY, "yesterday".to_owned(), "timestamp"),
    ] {
        let (status, body) = get(&mock, target, secret, &timestamp).await;
        assert_eq!(status, 401, "{why}: {body}");
        assert!(body.contains("Authentication Failed"), "{body}");
        let last = mock.received().pop().unwrap();
        assert!(!last.authenticated);
        assert!(last.rejection.unwrap().contains(why));
    }
    // A request signed for another query than the one sent.
    let signature = signing::sign(
        MOCK_SECRET_KEY,
        "GET",
        target,
        &now.to_string(),
        MOCK_ACCESS_KEY,
    );
    let response = reqwest::Client::builder()
        .no_proxy()
        .build()
        .unwrap()
        .get(format!("{}{target}?regionCode=KR", mock.uri()))
        .header(signing::TIMESTAMP_HEADER, now.to_string())
        .header(signing::ACCESS_KEY_HEADER, MOCK_ACCESS_KEY)
        .header(signing::SIGNATURE_HEADER, signature)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 401);
    // Another access key, signed correctly with its own secret, is still unknown here.
    let other = MockServer::builder()
        .credentials(ncloud_vserver::Credentials::new(
            "other-key",
            "other-secret",
        ))
        .start()
        .await;
    let (status, _) = get(&other, target, MOCK_SECRET_KEY, &now.to_string()).await;
    assert_eq!(status, 401);
    assert!(
        other.received()[0]
            .rejection
            .as_deref()
            .unwrap()
            .contains("access key")
    );
    assert!(mock.get_region_list().requests().is_empty());
}

#[tokio::test]
async fn queries_the_api_would_reject_get_400_naming_the_parameter() {
    let mock = mock().await;
    mock.get_server_image_list()
        .respond_with(Default::default());
    let now = signing::timestamp_now();
    for (query, parameter) in [
        ("pageNo=2", "pageSize"),
        ("pageSize=5000", "pageSize"),
        ("pageSize=abc", "pageSize"),
        ("osTypeCodeList.2=ROCKY", "osTypeCodeList.2"),
        ("noSuchParameter=1", "noSuchParameter"),
        ("regionCode=KR&regionCode=JPN", "regionCode"),
    ] {
        let target = format!("/vserver/v2/getServerImageList?{query}&responseFormatType=json");
        let (status, body) = get(&mock, &target, MOCK_SECRET_KEY, &now).await;
        assert_eq!(status, 400, "{query}: {body}");
        assert!(
            body.contains("responseError") && body.contains(parameter),
            "{query}: {body}"
        );
    }
    assert!(mock.get_server_image_list().requests().is_empty());
    // A valid one is recorded, typed; codes the enum does not know are kept.
    let target = "/vserver/v2/getServerImageList?osTypeCodeList.1=ROCKY&osTypeCodeList.2=PLAN9";
    let (status, body) = get(&mock, target, MOCK_SECRET_KEY, &now).await;
    assert_eq!(status, 200, "{body}");
    let requests = mock.get_server_image_list().requests();
    assert_eq!(
        requests[0].os_type_code_list.as_ref().unwrap()[1],
        ncloud_vserver::types::OsTypeCodeValue::from("PLAN9")
    );
}

#[tokio::test]
async fn reset_forgets_answers_and_requests() {
    let mock = mock().await;
    let now = signing::timestamp_now();
    assert_eq!(
        get(&mock, "/vserver/v2/getRegionList", MOCK_SECRET_KEY, &now)
            .await
            .0,
        200
    );
    mock.reset();
    assert!(mock.received().is_empty());
    let (status, body) = get(&mock, "/vserver/v2/getRegionList", MOCK_SECRET_KEY, &now).await;
    assert_eq!(status, 404, "{body}");
    assert!(body.contains("Not Found Exception"), "{body}");
}

#[tokio::test]
async fn a_dropped_mock_stops_answering_even_on_pooled_connections() {
    let mock = mock().await;
    let client = mock.client();
    client.get_region_list().send().await.unwrap();
    drop(mock);
    tokio::task::yield_now().await;
    let error = client.get_region_list().send().await.unwrap_err();
    assert!(
        matches!(error, ncloud_vserver::Error::Transport(_)),
        "{error:?}"
    );
}

#[tokio::test]
async fn the_mock_keeps_secrets_and_signatures_out_of_its_debug_output_and_log() {
    let mock = MockServer::builder()
        .credentials(ncloud_vserver::Credentials::new(
            "ak-visible",
            "sk-MUST-NOT-LEAK",
        ))
        .start()
        .await;
    mock.get_region_list().respond_with(Default::default());
    mock.client().get_region_list().send().await.unwrap();
    let text = format!(
        "{mock:?} {:?} {:?} {:?}",
        mock.received(),
        mock.credentials(),
        mock.client()
    );
    assert!(text.contains("ak-visible"), "{text}");
    assert!(!text.contains("sk-MUST-NOT-LEAK"), "{text}");
    assert!(
        !text.to_ascii_lowercase().contains("signature-v2"),
        "{text}"
    );
}

#[tokio::test]
async fn a_rejected_request_uses_up_no_one_off_answer() {
    let mock = mock().await;
    mock.get_server_image_list()
        .respond_once(ncloud_vserver::mock::MockResponse::Output(
            Default::default(),
        ));
    let now = signing::timestamp_now();
    let bad = "/vserver/v2/getServerImageList?pageNo=1";
    assert_eq!(get(&mock, bad, MOCK_SECRET_KEY, &now).await.0, 400);
    let good = "/vserver/v2/getServerImageList?pageNo=1&pageSize=1";
    assert_eq!(get(&mock, good, MOCK_SECRET_KEY, &now).await.0, 200);
    // Used up now: nothing else is registered for this operation.
    assert_eq!(get(&mock, good, MOCK_SECRET_KEY, &now).await.0, 404);
}
