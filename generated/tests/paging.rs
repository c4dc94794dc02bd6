//! The paginator against the local mock gateway, which serves its catalog of images page by page
//! as `pageNo`/`pageSize` ask (XML and JSON): where a walk starts, the three ways it stops (empty
//! page, short page, `totalRows` reached), the page limit, errors, and the requests it sends.

mod common;

use std::pin::pin;

use common::{Catalog, MockGateway, Reply, image_no, within};
use futures_util::StreamExt as _;
use ncloud_vserver::operations::GetServerImageListRequest;
use ncloud_vserver::runtime::client::Format;
use ncloud_vserver::runtime::error::InvalidRequestReason;
use ncloud_vserver::types::{GetServerImageListResponse, ServerImage};
use ncloud_vserver::{Error, Paginator};

const FORMATS: [Format; 2] = [Format::Xml, Format::Json];

fn catalog(images: usize, total_rows: bool) -> Catalog {
    Catalog { images, total_rows }
}

fn all_images() -> GetServerImageListRequest {
    GetServerImageListRequest::builder().build().unwrap()
}

/// The requests of a walk of three pages of three.
const THREE_PAGES: [&str; 3] = [
    "pageNo=1&pageSize=3",
    "pageNo=2&pageSize=3",
    "pageNo=3&pageSize=3",
];

/// Every image of `catalog` in `format`, fetched three to a page by `collect_all` from a new
/// mock (returned for its requests).
async fn walk_by_threes(
    catalog: Catalog,
    format: Format,
) -> (MockGateway, GetServerImageListResponse) {
    let mock = MockGateway::start_with(vec![], catalog).await;
    let all = mock
        .client_for(format)
        .paginate(all_images())
        .page_size(3)
        .collect_all()
        .await
        .unwrap();
    (mock, all)
}

/// How many images each page holds.
fn page_sizes(pages: &[Result<GetServerImageListResponse, Error>]) -> Vec<usize> {
    pages
        .iter()
        .map(|p| p.as_ref().unwrap().server_image_list.len())
        .collect()
}

fn numbers(images: &[ServerImage]) -> Vec<String> {
    images
        .iter()
        .map(|i| i.server_image_no.clone().unwrap())
        .collect()
}

fn expected(range: std::ops::RangeInclusive<usize>) -> Vec<String> {
    range.map(image_no).collect()
}

/// The paging part of each request the mock received (its form body, `pageNo=..&pageSize=..`),
/// checking that every request was a correctly signed POST of `getServerImageList` in `format`.
fn page_queries(mock: &MockGateway, format: Format) -> Vec<String> {
    mock.seen()
        .iter()
        .map(|s| {
            s.assert_post("getServerImageList", &s.body, format.response_format_type());
            s.body.clone()
        })
        .collect()
}

/// A mock of seven images whose second request gets a gateway error (`status`, `code`,
/// `message`); every other request gets its page.
async fn fails_on_page_2(status: u16, code: &str, message: &str) -> MockGateway {
    let reply = Reply::raw(
        status,
        "application/json",
        common::gateway_error_json(code, message, "x"),
    );
    MockGateway::start_with(vec![Reply::Success, reply], catalog(7, true)).await
}

async fn collect_pages(
    paginator: Paginator<GetServerImageListRequest>,
) -> Vec<Result<GetServerImageListResponse, Error>> {
    paginator.pages().collect().await
}

#[tokio::test]
async fn several_full_pages_then_a_short_one() {
    within(async {
        for format in FORMATS {
            // 7 images by 3: pages of 3, 3 and 1, and no fourth request.
            let mock = MockGateway::start_with(vec![], catalog(7, true)).await;
            let pages =
                collect_pages(mock.client_for(format).paginate(all_images()).page_size(3)).await;
            assert_eq!(page_sizes(&pages), [3, 3, 1], "{format}");
            let ids: Vec<_> = pages
                .iter()
                .map(|p| p.as_ref().unwrap().request_id.clone().unwrap())
                .collect();
            assert_eq!(ids, ["req-list-1", "req-list-2", "req-list-3"]);
            assert_eq!(page_queries(&mock, format), THREE_PAGES);
        }
    })
    .await
}

#[tokio::test]
async fn short_page_ends_the_walk_even_without_total_rows() {
    within(async {
        for format in FORMATS {
            let (mock, all) = walk_by_threes(catalog(7, false), format).await;
            assert_eq!(numbers(&all.server_image_list), expected(1..=7), "{format}");
            assert_eq!(all.total_rows, None);
            assert_eq!(mock.seen().len(), 3, "{format}");
        }
    })
    .await
}

#[tokio::test]
async fn exact_multiple_stops_at_total_rows() {
    within(async {
        for format in FORMATS {
            // 6 images by 3: totalRows says the second page is the last one.
            let (mock, all) = walk_by_threes(catalog(6, true), format).await;
            assert_eq!(numbers(&all.server_image_list), expected(1..=6), "{format}");
            assert_eq!(all.total_rows, Some(6));
            assert_eq!(
                page_queries(&mock, format),
                ["pageNo=1&pageSize=3", "pageNo=2&pageSize=3"]
            );
        }
    })
    .await
}

#[tokio::test]
async fn exact_multiple_without_total_rows_stops_at_the_empty_page() {
    within(async {
        for format in FORMATS {
            let mock = MockGateway::start_with(vec![], catalog(6, false)).await;
            let pages =
                collect_pages(mock.client_for(format).paginate(all_images()).page_size(3)).await;
            // The empty third page is how the API says there is nothing more; it is yielded.
            assert_eq!(page_sizes(&pages), [3, 3, 0], "{format}");
            assert_eq!(page_queries(&mock, format), THREE_PAGES);

            // collect_all: every image, the envelope of the last (empty) page.
            let (_, all) = walk_by_threes(catalog(6, false), format).await;
            assert_eq!(numbers(&all.server_image_list), expected(1..=6));
            assert_eq!(all.request_id.as_deref(), Some("req-list-3"));
        }
    })
    .await
}

#[tokio::test]
async fn empty_result_is_one_request_and_one_empty_page() {
    within(async {
        for format in FORMATS {
            for total_rows in [true, false] {
                let mock = MockGateway::start_with(vec![], catalog(0, total_rows)).await;
                let client = mock.client_for(format);
                let pages = collect_pages(client.paginate(all_images()).page_size(3)).await;
                assert_eq!(pages.len(), 1, "{format}");
                let page = pages[0].as_ref().unwrap();
                assert!(page.server_image_list.is_empty());
                assert_eq!(page.total_rows, total_rows.then_some(0));
                assert_eq!(mock.seen().len(), 1);

                let items: Vec<_> = client.paginate(all_images()).items().collect().await;
                assert!(items.is_empty(), "{format}");
                let all = client.paginate(all_images()).collect_all().await.unwrap();
                assert!(all.server_image_list.is_empty());
                assert_eq!(all.return_code.as_deref(), Some("0"));
                assert_eq!(mock.seen().len(), 3, "one request per walk");
            }
        }
    })
    .await
}

#[tokio::test]
async fn collect_all_holds_every_image_and_the_last_envelope() {
    within(async {
        for format in FORMATS {
            let (_, all) = walk_by_threes(catalog(7, true), format).await;
            assert_eq!(numbers(&all.server_image_list), expected(1..=7), "{format}");
            assert_eq!(
                all.server_image_list[6].server_image_name.as_deref(),
                Some("image-7")
            );
            assert_eq!(all.request_id.as_deref(), Some("req-list-3"));
            assert_eq!(all.return_code.as_deref(), Some("0"));
            assert_eq!(all.return_message.as_deref(), Some("success"));
            assert_eq!(all.total_rows, Some(7));
        }
    })
    .await
}

#[tokio::test]
async fn pages_one_at_a_time_request_lazily() {
    within(async {
        let mock = MockGateway::start_with(vec![], catalog(7, true)).await;
        let client = mock.client();
        let mut pages = pin!(client.paginate(all_images()).page_size(3).pages());
        assert!(
            mock.seen().is_empty(),
            "nothing is sent before the first poll"
        );

        let first = pages.next().await.unwrap().unwrap();
        assert_eq!(numbers(&first.server_image_list), expected(1..=3));
        assert_eq!(mock.seen().len(), 1, "the next page is not fetched ahead");
        let second = pages.next().await.unwrap().unwrap();
        assert_eq!(numbers(&second.server_image_list), expected(4..=6));
        let third = pages.next().await.unwrap().unwrap();
        assert_eq!(numbers(&third.server_image_list), expected(7..=7));
        assert!(pages.next().await.is_none());
        assert!(pages.next().await.is_none(), "stays ended");
        assert_eq!(mock.seen().len(), 3);
    })
    .await
}

#[tokio::test]
async fn items_stream_across_pages() {
    within(async {
        let mock = MockGateway::start_with(vec![], catalog(8, true)).await;
        let items: Vec<_> = mock
            .client()
            .paginate(all_images())
            .page_size(3)
            .items()
            .collect()
            .await;
        let images: Vec<_> = items.into_iter().map(Result::unwrap).collect();
        assert_eq!(numbers(&images), expected(1..=8));
        assert_eq!(mock.seen().len(), 3);
    })
    .await
}

#[tokio::test]
async fn default_page_size_is_the_largest_the_api_accepts() {
    within(async {
        let mock = MockGateway::start_with(vec![], catalog(7, true)).await;
        let all = mock
            .client()
            .paginate(all_images())
            .collect_all()
            .await
            .unwrap();
        assert_eq!(all.server_image_list.len(), 7);
        assert_eq!(page_queries(&mock, Format::Xml), ["pageNo=1&pageSize=1000"]);
    })
    .await
}

#[tokio::test]
async fn starts_at_the_requests_page_and_size() {
    within(async {
        let mock = MockGateway::start_with(vec![], catalog(7, true)).await;
        let client = mock.client();
        // pageNo 0 is the first page, as in NCP; the request's pageSize is kept.
        let request = GetServerImageListRequest::builder()
            .region_code("KR")
            .page_no(0)
            .page_size(4)
            .build()
            .unwrap();
        let all = client.paginate(request).collect_all().await.unwrap();
        assert_eq!(numbers(&all.server_image_list), expected(1..=7));
        // Starting further in: page 2 of size 3 is images 4..=6, then the short page 3; other
        // parameters are sent unchanged on every page.
        let request = GetServerImageListRequest::builder()
            .region_code("KR")
            .page_no(2)
            .page_size(3)
            .build()
            .unwrap();
        let all = client.paginate(request).collect_all().await.unwrap();
        assert_eq!(numbers(&all.server_image_list), expected(4..=7));
        // Starting in the middle, totalRows counts from the start of the listing: 6 images by 3
        // from page 2 ends after page 2.
        let mock6 = MockGateway::start_with(vec![], catalog(6, true)).await;
        let request = GetServerImageListRequest::builder()
            .page_no(2)
            .page_size(3)
            .build()
            .unwrap();
        let all = mock6
            .client()
            .paginate(request)
            .collect_all()
            .await
            .unwrap();
        assert_eq!(numbers(&all.server_image_list), expected(4..=6));
        assert_eq!(mock6.seen().len(), 1);

        assert_eq!(
            page_queries(&mock, Format::Xml),
            [
                "regionCode=KR&pageNo=1&pageSize=4",
                "regionCode=KR&pageNo=2&pageSize=4",
                "regionCode=KR&pageNo=2&pageSize=3",
                "regionCode=KR&pageNo=3&pageSize=3",
            ]
        );
        // The paginator's page size wins over the request's.
        let request = GetServerImageListRequest::builder()
            .page_size(2)
            .build()
            .unwrap();
        let mock = MockGateway::start_with(vec![], catalog(7, true)).await;
        let all = mock
            .client()
            .paginate(request)
            .page_size(5)
            .collect_all()
            .await
            .unwrap();
        assert_eq!(all.server_image_list.len(), 7);
        assert_eq!(
            page_queries(&mock, Format::Xml),
            ["pageNo=1&pageSize=5", "pageNo=2&pageSize=5"]
        );
    })
    .await
}

#[tokio::test]
async fn page_limit_is_an_error_after_the_pages_not_a_silent_end() {
    within(async {
        for format in FORMATS {
            // 100 images by 3, without totalRows: only short or empty pages could end the walk.
            let mock = MockGateway::start_with(vec![], catalog(100, false)).await;
            let client = mock.client_for(format);
            let pages =
                collect_pages(client.paginate(all_images()).page_size(3).max_pages(2)).await;
            assert_eq!(pages.len(), 3, "two pages, then the error");
            assert_eq!(pages[0].as_ref().unwrap().server_image_list.len(), 3);
            assert_eq!(pages[1].as_ref().unwrap().server_image_list.len(), 3);
            let err = pages[2].as_ref().unwrap_err();
            let Error::PageLimit(limit) = err else {
                panic!("{err:?}")
            };
            assert_eq!(limit.max_pages(), 2);
            assert_eq!(limit.items(), 6);
            assert_eq!(limit.total_rows(), None);
            assert_eq!(limit.operation(), "getServerImageList");
            assert!(!err.is_retryable());
            assert!(err.to_string().contains("stopped after 2 pages"), "{err}");
            assert_eq!(mock.seen().len(), 2, "no request past the limit");

            // collect_all reports it rather than returning six images as if they were all.
            let err = client
                .paginate(all_images())
                .page_size(3)
                .max_pages(2)
                .collect_all()
                .await
                .unwrap_err();
            assert!(matches!(err, Error::PageLimit(_)), "{err:?}");

            // With totalRows, the error says how far the walk got.
            let mock = MockGateway::start_with(vec![], catalog(100, true)).await;
            let items: Vec<_> = mock
                .client()
                .paginate(all_images())
                .page_size(10)
                .max_pages(1)
                .items()
                .collect()
                .await;
            assert_eq!(items.len(), 11);
            assert!(items[..10].iter().all(Result::is_ok));
            let Err(Error::PageLimit(limit)) = &items[10] else {
                panic!("{:?}", items[10])
            };
            assert_eq!((limit.items(), limit.total_rows()), (10, Some(100)));
        }
    })
    .await
}

#[tokio::test]
async fn reaching_the_end_exactly_at_the_limit_is_no_error() {
    within(async {
        let mock = MockGateway::start_with(vec![], catalog(7, false)).await;
        let all = mock
            .client()
            .paginate(all_images())
            .page_size(3)
            .max_pages(3)
            .collect_all()
            .await
            .unwrap();
        assert_eq!(all.server_image_list.len(), 7);
        // max_pages(0) counts as 1.
        let mock = MockGateway::start_with(vec![], catalog(2, true)).await;
        let all = mock
            .client()
            .paginate(all_images())
            .max_pages(0)
            .collect_all()
            .await
            .unwrap();
        assert_eq!(all.server_image_list.len(), 2);
    })
    .await
}

#[tokio::test]
async fn an_error_on_page_2_ends_the_stream_after_page_1() {
    within(async {
        let error_body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<responseError>\n  \
                          <returnCode>800</returnCode>\n  <returnMessage>Invalid pageNo</returnMessage>\n</responseError>";
        let mock = MockGateway::start_with(
            vec![
                Reply::Success,
                Reply::raw(400, "application/xml;charset=UTF-8", error_body),
            ],
            catalog(7, true),
        )
        .await;
        let client = mock.client();
        let pages = collect_pages(client.paginate(all_images()).page_size(3)).await;
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[0].as_ref().unwrap().server_image_list.len(), 3);
        let err = pages[1].as_ref().unwrap_err();
        let Error::Api(api) = err else {
            panic!("{err:?}")
        };
        assert_eq!(api.return_code(), Some("800"));
        assert_eq!(api.http_status(), Some(400));
        assert_eq!(mock.seen().len(), 2, "a 400 is not retried, and the walk ends");
    })
    .await
}

#[tokio::test]
async fn items_yield_the_first_pages_items_then_the_error() {
    within(async {
        let mock = fails_on_page_2(401, "200", "Authentication Failed").await;
        let client = mock.client();
        let items: Vec<_> = client
            .paginate(all_images())
            .page_size(3)
            .items()
            .collect()
            .await;
        assert_eq!(items.len(), 4);
        assert!(items[..3].iter().all(Result::is_ok));
        assert!(matches!(items[3], Err(Error::Gateway(_))), "{:?}", items[3]);

        let mock = fails_on_page_2(401, "200", "Authentication Failed").await;
        let err = mock
            .client()
            .paginate(all_images())
            .page_size(3)
            .collect_all()
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Gateway(_)), "{err:?}");
    })
    .await
}

#[tokio::test]
async fn each_page_is_retried_like_any_call() {
    within(async {
        // Page 2 fails once with a 503, then succeeds on the retry: the walk goes on.
        let mock = fails_on_page_2(503, "500", "Service Unavailable").await;
        let all = mock
            .client()
            .paginate(all_images())
            .page_size(3)
            .collect_all()
            .await
            .unwrap();
        assert_eq!(numbers(&all.server_image_list), expected(1..=7));
        assert_eq!(
            page_queries(&mock, Format::Xml),
            [
                "pageNo=1&pageSize=3",
                "pageNo=2&pageSize=3",
                "pageNo=2&pageSize=3",
                "pageNo=3&pageSize=3"
            ]
        );
    })
    .await
}

#[tokio::test]
async fn invalid_page_settings_fail_before_any_request() {
    within(async {
        let mock = MockGateway::start(vec![]).await;
        let client = mock.client();
        for size in [0, -3, 1001] {
            let pages = collect_pages(client.paginate(all_images()).page_size(size)).await;
            assert_eq!(pages.len(), 1);
            let Err(Error::InvalidRequest(e)) = &pages[0] else {
                panic!("{:?}", pages[0])
            };
            assert_eq!(e.parameter(), "pageSize");
            assert_eq!(
                e.reason(),
                &InvalidRequestReason::OutOfRange {
                    value: i64::from(size),
                    min: Some(1),
                    max: Some(1000)
                }
            );
        }
        // The request's public fields bypass its builder; the paginator checks them too.
        let mut request = all_images();
        request.page_size = Some(5000);
        let err = client.paginate(request).collect_all().await.unwrap_err();
        assert!(
            matches!(&err, Error::InvalidRequest(e) if e.parameter() == "pageSize"),
            "{err:?}"
        );
        let mut request = all_images();
        request.page_no = Some(-1);
        request.page_size = Some(3);
        let err = client.paginate(request).collect_all().await.unwrap_err();
        assert!(
            matches!(&err, Error::InvalidRequest(e) if e.parameter() == "pageNo"),
            "{err:?}"
        );
        assert!(mock.seen().is_empty(), "nothing is sent");
    })
    .await
}

#[tokio::test]
async fn paginator_is_send_and_clone() {
    within(async {
        let mock = MockGateway::start_with(vec![], catalog(5, true)).await;
        let paginator = mock.client().paginate(all_images()).page_size(2);
        assert!(format!("{paginator:?}").contains("getServerImageList"));
        let again = paginator.clone();
        let task = tokio::spawn(async move { paginator.collect_all().await });
        let all = task.await.unwrap().unwrap();
        assert_eq!(all.server_image_list.len(), 5);
        let task = tokio::spawn(async move {
            let mut items = Box::pin(again.items());
            let mut n = 0;
            while let Some(item) = items.next().await {
                item.unwrap();
                n += 1;
            }
            n
        });
        assert_eq!(task.await.unwrap(), 5);
    })
    .await
}

#[tokio::test]
async fn fluent_builder_into_paginator() {
    within(async {
        let mock = MockGateway::start_with(vec![], catalog(7, true)).await;
        let client = mock.client();
        let all = client
            .get_server_image_list()
            .region_code("KR")
            .page_size(3)
            .into_paginator()
            .unwrap()
            .collect_all()
            .await
            .unwrap();
        assert_eq!(numbers(&all.server_image_list), expected(1..=7));
        assert_eq!(
            page_queries(&mock, Format::Xml),
            [
                "regionCode=KR&pageNo=1&pageSize=3",
                "regionCode=KR&pageNo=2&pageSize=3",
                "regionCode=KR&pageNo=3&pageSize=3"
            ]
        );
        // Invalid parameters are rejected when the paginator is made.
        let err = client
            .get_server_image_list()
            .page_size(1001)
            .into_paginator()
            .unwrap_err();
        assert_eq!(err.parameter(), "pageSize");
        let err = client
            .get_server_image_list()
            .page_no(1)
            .into_paginator()
            .unwrap_err();
        assert_eq!(err.parameter(), "pageNo");
        assert_eq!(mock.seen().len(), 3);
    })
    .await
}
