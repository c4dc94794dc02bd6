//! End to end, the way a consumer uses the crate: only its public API (no test helpers of this
//! repository), the typed mock from the `mock` feature standing in for NCP.
//!
//! Every operation is called through the fluent builders and the paginator, in both response
//! formats; outputs must come back equal to what was registered (so the mock's encoders and the
//! client's decoders agree), and the mock's typed request log must hold exactly the requests
//! that were made. Errors come back as the typed `Error` variants.

use std::time::Duration;

use futures_util::TryStreamExt as _;
use ncloud_vserver::mock::{MockError, MockResponse, MockServer};
use ncloud_vserver::operations::{
    GetRegionListRequest, GetServerImageDetailRequest, GetServerImageListRequest,
};
use ncloud_vserver::types::{
    BlockStorageMapping, GetRegionListResponse, GetServerImageDetailResponse,
    GetServerImageListResponse, OsTypeCode, OsTypeCodeValue, Region, ServerImage,
};
use ncloud_vserver::{Credentials, Error, Format};

fn image(no: usize) -> ServerImage {
    let mut image = ServerImage::default();
    image.server_image_no = Some(no.to_string());
    image.server_image_name = Some(format!("rocky-{no} <&> \"quoted\""));
    image.os_type = Some({
        let mut code = OsTypeCode::default();
        code.code = Some(OsTypeCodeValue::Rocky);
        code.code_name = Some("Rocky Linux".to_owned());
        code
    });
    image.block_storage_mapping_list = vec![{
        let mut mapping = BlockStorageMapping::default();
        mapping.order = Some(0);
        mapping.block_storage_size = Some(53_687_091_200);
        mapping
    }];
    image
}

/// The 7 images the mock lists, served page by page as the request's `pageNo`/`pageSize` say.
const IMAGES: usize = 7;

fn regions() -> GetRegionListResponse {
    let mut response = GetRegionListResponse::default();
    response.request_id = Some("req-regions".to_owned());
    response.return_code = Some("0".to_owned());
    response.return_message = Some("success".to_owned());
    response.total_rows = Some(2);
    response.region_list = vec![
        {
            let mut region = Region::default();
            region.region_code = Some("KR".to_owned());
            region.region_name = Some("Korea".to_owned());
            region
        },
        {
            let mut region = Region::default();
            region.region_code = Some("JPN".to_owned());
            region.region_name = Some("Japan".to_owned());
            region
        },
    ];
    response
}

fn detail(no: usize) -> GetServerImageDetailResponse {
    let mut response = GetServerImageDetailResponse::default();
    response.request_id = Some("req-detail".to_owned());
    response.return_code = Some("0".to_owned());
    response.return_message = Some("success".to_owned());
    response.total_rows = Some(1);
    response.server_image_list = vec![image(no)];
    response
}

async fn mock_with_answers() -> MockServer {
    let mock = MockServer::start().await;
    mock.get_region_list().respond_with(regions());
    mock.get_server_image_detail().respond_with(detail(1003));
    mock.get_server_image_list().respond_with_pages(
        {
            let mut response = GetServerImageListResponse::default();
            response.return_code = Some("0".to_owned());
            response.total_rows = Some(IMAGES as i32);
            response
        },
        (1..=IMAGES).map(image).collect(),
    );
    mock
}

async fn every_operation_round_trips(format: Format) {
    let mock = mock_with_answers().await;
    let client = mock
        .client_builder()
        .response_format(format)
        .build()
        .unwrap();

    let got = client.get_region_list().send().await.unwrap();
    assert_eq!(got, regions(), "{format:?}");

    let got = client
        .get_server_image_detail()
        .server_image_no("1003")
        .region_code("KR")
        .send()
        .await
        .unwrap();
    assert_eq!(got, detail(1003), "{format:?}");

    let images: Vec<ServerImage> = client
        .get_server_image_list()
        .os_type_code_list(OsTypeCodeValue::Rocky)
        .page_size(3)
        .into_paginator()
        .unwrap()
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(images, (1..=IMAGES).map(image).collect::<Vec<_>>());

    // The typed request log: exactly what was sent, read back into the request types.
    assert_eq!(
        mock.get_region_list().requests(),
        [GetRegionListRequest::builder().build().unwrap()]
    );
    assert_eq!(
        mock.get_server_image_detail().requests(),
        [GetServerImageDetailRequest::builder()
            .server_image_no("1003")
            .region_code("KR")
            .build()
            .unwrap()]
    );
    let pages: Vec<_> = mock
        .get_server_image_list()
        .requests()
        .iter()
        .map(|r| {
            assert_eq!(r.os_type_code_list, Some(vec![OsTypeCodeValue::Rocky]));
            (r.page_no, r.page_size)
        })
        .collect();
    assert_eq!(
        pages,
        [(Some(1), Some(3)), (Some(2), Some(3)), (Some(3), Some(3))]
    );

    // The raw log: signed, in the requested format, nothing rejected.
    let received = mock.received();
    assert_eq!(received.len(), 5);
    for r in &received {
        assert!(r.authenticated && r.rejection.is_none(), "{r:?}");
        assert_eq!(r.status, 200);
        assert_eq!(
            r.params.get("responseFormatType"),
            Some(format.response_format_type())
        );
        assert_eq!(
            r.access_key.as_deref(),
            Some(mock.credentials().access_key())
        );
    }
}

#[tokio::test]
async fn every_operation_round_trips_in_xml() {
    every_operation_round_trips(Format::Xml).await;
}

#[tokio::test]
async fn every_operation_round_trips_in_json() {
    every_operation_round_trips(Format::Json).await;
}

#[tokio::test]
async fn a_registered_api_error_is_a_typed_error_with_status_and_request_id() {
    let mock = mock_with_answers().await;
    let formats = [Format::Xml, Format::Json, Format::Xml];
    for _ in formats {
        mock.get_server_image_detail()
            .respond_once(MockError::api("24300", "The server image does not exist.").into());
    }
    let client = mock.client();
    for format in formats {
        let client = mock
            .client_builder()
            .response_format(format)
            .build()
            .unwrap();
        let error = client
            .get_server_image_detail()
            .server_image_no("9")
            .send()
            .await
            .unwrap_err();
        let Error::Api(api) = &error else {
            panic!("expected an API error, got {error:?}");
        };
        assert_eq!(api.return_code(), Some("24300"));
        assert_eq!(
            api.return_message(),
            Some("The server image does not exist.")
        );
        assert_eq!(api.http_status(), Some(400));
        assert!(api.request_id().is_some_and(|id| id.starts_with("mock-")));
        assert!(!error.is_retryable());
    }
    // The queued errors are used up: the standing answer is back.
    let got = client
        .get_server_image_detail()
        .server_image_no("1003")
        .send()
        .await
        .unwrap();
    assert_eq!(got, detail(1003));
    assert_eq!(mock.get_server_image_detail().calls(), 4);
}

#[tokio::test]
async fn throttling_is_retried_and_a_standing_gateway_error_is_reported() {
    let mock = mock_with_answers().await;
    mock.get_region_list()
        .respond_once(MockError::throttled().into());
    let got = mock.client().get_region_list().send().await.unwrap();
    assert_eq!(got, regions());
    assert_eq!(mock.get_region_list().calls(), 2, "one retry after the 429");

    mock.get_region_list()
        .respond_with_error(MockError::gateway(403, "230", "Forbidden", "not allowed"));
    let error = mock.client().get_region_list().send().await.unwrap_err();
    let Error::Gateway(gateway) = &error else {
        panic!("expected a gateway error, got {error:?}");
    };
    assert_eq!(gateway.http_status(), Some(403));
    assert_eq!(gateway.error_code(), Some("230"));
    assert_eq!(gateway.message(), Some("Forbidden"));
}

#[tokio::test]
async fn wrong_credentials_get_the_gateways_401_and_are_not_typed_requests() {
    let mock = mock_with_answers().await;
    let client = mock
        .client_builder()
        .credentials(Credentials::new(
            mock.credentials().access_key(),
            "not-the-secret",
        ))
        .build()
        .unwrap();
    let error = client.get_region_list().send().await.unwrap_err();
    let Error::Gateway(gateway) = &error else {
        panic!("expected a gateway error, got {error:?}");
    };
    assert_eq!(gateway.http_status(), Some(401));
    assert_eq!(gateway.message(), Some("Authentication Failed"));
    assert!(!format!("{error:?}{error}").contains("not-the-secret"));
    assert!(mock.get_region_list().requests().is_empty());
    let received = mock.get_region_list().received();
    assert_eq!(received.len(), 1);
    assert!(!received[0].authenticated);
    assert!(
        received[0]
            .rejection
            .as_deref()
            .unwrap()
            .contains("signature")
    );
}

#[tokio::test]
async fn an_unregistered_operation_and_a_slow_answer_fail_clearly() {
    let mock = MockServer::start().await;
    let error = mock.client().get_region_list().send().await.unwrap_err();
    assert_eq!(error.status(), Some(404), "{error:?}");
    assert!(
        mock.received()[0]
            .rejection
            .as_deref()
            .unwrap()
            .contains("no answer registered for `getRegionList`")
    );

    mock.get_region_list()
        .respond_once(MockResponse::Output(regions()).delayed(Duration::from_secs(5)));
    let client = mock
        .client_builder()
        .timeout(Duration::from_millis(200))
        .retry_policy(ncloud_vserver::RetryPolicy::disabled())
        .build()
        .unwrap();
    let error = client.get_region_list().send().await.unwrap_err();
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
}

#[tokio::test]
async fn pages_follow_the_apis_defaults_and_respond_with_fn_sees_the_typed_request() {
    let mock = mock_with_answers().await;
    let client = mock.client();
    // No pageSize: the API's default page size (1), as the live API answers.
    let first = client.get_server_image_list().send().await.unwrap();
    assert_eq!(first.server_image_list, [image(1)]);
    assert_eq!(first.total_rows, Some(IMAGES as i32));
    let last = client
        .get_server_image_list()
        .page_no(3)
        .page_size(3)
        .send()
        .await
        .unwrap();
    assert_eq!(last.server_image_list, [image(7)]);

    // A walk without totalRows ends at the first short page.
    mock.get_server_image_list()
        .respond_with_fn(|req: &GetServerImageListRequest| {
            let page = req.page_no.unwrap_or(0).max(1);
            MockResponse::Output({
                let mut response = GetServerImageListResponse::default();
                response.request_id = Some(format!("req-page-{page}"));
                response.server_image_list = if page < 3 {
                    vec![image(1), image(2)]
                } else {
                    vec![image(3)]
                };
                response
            })
        });
    let pages: Vec<GetServerImageListResponse> = client
        .get_server_image_list()
        .page_size(2)
        .into_paginator()
        .unwrap()
        .pages()
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<_> = pages
        .iter()
        .map(|p| p.request_id.clone().unwrap())
        .collect();
    assert_eq!(ids, ["req-page-1", "req-page-2", "req-page-3"]);
}
