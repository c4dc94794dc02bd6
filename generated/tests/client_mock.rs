//! The client against a local mock gateway (127.0.0.1 only): signing as received on the wire,
//! both response formats, every fault mode mapped to the right error (or to a success after
//! retries), never a panic or a hang.

mod common;

use std::time::{Duration, Instant};

use common::{
    MockGateway, RawServer, Reply, SECRET_KEY, client_builder, detail, gateway_error_json, within,
};
use ncloud_vserver::client::error::{TimeoutPhase, TransportErrorKind};
use ncloud_vserver::client::{Credentials, DEFAULT_USER_AGENT, Format, RetryPolicy};
use ncloud_vserver::error::DecodeErrorKind;
use ncloud_vserver::{Client, Error};

const XML: &str = "application/xml;charset=UTF-8";
const JSON: &str = "application/json;charset=UTF-8";

fn response_error_xml(code: &str, message: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<responseError>\n  <returnCode>{code}</returnCode>\n  <returnMessage>{message}</returnMessage>\n</responseError>"
    )
}

fn response_error_json(code: &str, message: &str) -> String {
    serde_json::json!({"responseError": {"returnCode": code, "returnMessage": message}}).to_string()
}

// ---------------------------------------------------------------------------------------------
// Success
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn success_xml_is_signed_over_the_exact_request_target() {
    within(async {
        let mock = MockGateway::start(vec![]).await;
        let client = mock.client();
        assert_eq!(client.response_format(), Format::Xml, "XML is the default");
        let out = client.send(detail("5847")).await.unwrap();
        assert_eq!(out.return_code.as_deref(), Some("0"));
        assert_eq!(out.request_id.as_deref(), Some("req-xml-0001"));
        assert_eq!(out.total_rows, Some(1));
        assert_eq!(out.server_image_list[0].server_image_no.as_deref(), Some("5847"));
        assert_eq!(
            out.server_image_list[0].block_storage_mapping_list[0].block_storage_size,
            Some(53_687_091_200)
        );

        let seen = mock.seen();
        assert_eq!(seen.len(), 1);
        assert!(seen[0].signature_ok, "{seen:?}");
        assert_eq!(
            seen[0].target,
            "/vserver/v2/getServerImageDetail?regionCode=KR&serverImageNo=5847&responseFormatType=xml"
        );
        assert_eq!(seen[0].user_agent.as_deref(), Some(DEFAULT_USER_AGENT));
    })
    .await
}

#[tokio::test]
async fn success_json() {
    within(async {
        let mock = MockGateway::start(vec![]).await;
        let client = mock
            .client_builder()
            .response_format(Format::Json)
            .build()
            .unwrap();
        let out = client.send(detail("5847")).await.unwrap();
        assert_eq!(out.request_id.as_deref(), Some("req-json-0001"));
        // returnCode arrives as the number 0 and is still accepted.
        assert_eq!(out.return_code.as_deref(), Some("0"));
        assert_eq!(
            out.server_image_list[0].block_storage_mapping_list[0].block_storage_size,
            Some(53_687_091_200)
        );
        let seen = mock.seen();
        assert!(seen[0].signature_ok);
        assert!(
            seen[0].target.ends_with("&responseFormatType=json"),
            "{}",
            seen[0].target
        );
    })
    .await
}

#[tokio::test]
async fn values_needing_escapes_are_sent_as_signed_not_re_encoded() {
    within(async {
        let mock = MockGateway::start(vec![]).await;
        let client = mock.client();
        let request = detail("테스트 이미지+a/b=c&d?e#f%g~h");
        client.send(request).await.unwrap();
        let seen = mock.seen();
        assert!(seen[0].signature_ok, "{seen:?}");
        assert_eq!(
            seen[0].target,
            "/vserver/v2/getServerImageDetail?regionCode=KR\
             &serverImageNo=%ED%85%8C%EC%8A%A4%ED%8A%B8%20%EC%9D%B4%EB%AF%B8%EC%A7%80%2Ba%2Fb%3Dc%26d%3Fe%23f%25g~h\
             &responseFormatType=xml"
        );
    })
    .await
}

#[tokio::test]
async fn unknown_fields_are_reported_in_both_formats() {
    within(async {
        let mock = MockGateway::start(vec![]).await;
        for format in [Format::Xml, Format::Json] {
            let client = mock.client_for(format);
            let (out, unknown) = client.send_with_unknown(detail("1")).await.unwrap();
            assert_eq!(out.server_image_list.len(), 1);
            assert!(
                unknown
                    .iter()
                    .any(|u| u.path.contains("fieldFromTheFuture") && u.format == format),
                "{format}: {unknown:?}"
            );
        }
    })
    .await
}

#[tokio::test]
async fn client_is_clone_and_shared_between_tasks() {
    within(async {
        let mock = MockGateway::start(vec![]).await;
        let client = mock.client();
        let tasks: Vec<_> = (0..4)
            .map(|i| {
                let client = client.clone();
                tokio::spawn(async move { client.send(detail(&i.to_string())).await })
            })
            .collect();
        for task in tasks {
            task.await.unwrap().unwrap();
        }
        assert_eq!(mock.seen().len(), 4);
    })
    .await
}

#[tokio::test]
async fn generated_fluent_builder_sends_and_validates() {
    within(async {
        let mock = MockGateway::start(vec![]).await;
        let client = mock.client();
        let out = client
            .get_server_image_detail()
            .server_image_no("5847")
            .region_code("KR")
            .send()
            .await
            .unwrap();
        assert_eq!(
            out.server_image_list[0].server_image_no.as_deref(),
            Some("5847")
        );
        assert!(mock.seen()[0].signature_ok);

        // A missing required parameter fails before anything is sent.
        let err = client
            .get_server_image_detail()
            .region_code("KR")
            .send()
            .await
            .unwrap_err();
        let Error::InvalidRequest(e) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(e.parameter(), "serverImageNo");
        assert!(!err.is_retryable());
        assert_eq!(mock.seen().len(), 1, "nothing sent for an invalid request");
    })
    .await
}

#[tokio::test]
async fn region_code_is_optional_and_left_out_of_the_query() {
    within(async {
        let mock = MockGateway::start(vec![]).await;
        mock.client()
            .get_server_image_detail()
            .server_image_no("1")
            .send()
            .await
            .unwrap();
        assert_eq!(
            mock.seen()[0].target,
            "/vserver/v2/getServerImageDetail?serverImageNo=1&responseFormatType=xml"
        );
    })
    .await
}

// ---------------------------------------------------------------------------------------------
// Retries that end in success
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn http_500_then_success_each_attempt_signed_afresh() {
    within(async {
        let mock = MockGateway::start(vec![
            Reply::raw(500, XML, response_error_xml("9999", "internal error")),
            Reply::raw(500, XML, response_error_xml("9999", "internal error")),
        ])
        .await;
        let out = mock.client().send(detail("5847")).await.unwrap();
        assert_eq!(
            out.server_image_list[0].server_image_no.as_deref(),
            Some("5847")
        );
        let seen = mock.seen();
        assert_eq!(seen.len(), 3);
        assert!(seen.iter().all(|s| s.signature_ok), "{seen:?}");
        // A new timestamp (and so a new signature) for every attempt.
        for pair in seen.windows(2) {
            let (a, b): (u128, u128) = (
                pair[0].timestamp.parse().unwrap(),
                pair[1].timestamp.parse().unwrap(),
            );
            assert!(b > a, "{seen:?}");
            assert_ne!(pair[0].signature, pair[1].signature);
        }
    })
    .await
}

#[tokio::test]
async fn http_503_with_gateway_body_is_retried_then_reported() {
    within(async {
        let body = gateway_error_json("503", "Service Unavailable", "try later");
        let mock = MockGateway::start(vec![Reply::raw(503, JSON, body.clone())]).await;
        mock.client().send(detail("1")).await.unwrap();
        assert_eq!(mock.seen().len(), 2);

        let mock = MockGateway::start(vec![Reply::raw(503, JSON, body.clone()); 3]).await;
        let err = mock.client().send(detail("1")).await.unwrap_err();
        assert_eq!(mock.seen().len(), 3, "default policy: 3 attempts");
        let Error::Gateway(e) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(e.http_status(), Some(503));
        assert_eq!(e.error_code(), Some("503"));
        assert_eq!(e.message(), Some("Service Unavailable"));
        assert_eq!(e.details(), Some("try later"));
        assert!(err.is_retryable());
        assert_eq!(err.status(), Some(503));
    })
    .await
}

#[tokio::test]
async fn http_429_honours_retry_after() {
    within(async {
        let quota = gateway_error_json("400", "Quota Exceeded", "rate limited");
        let mock = MockGateway::start(vec![
            Reply::raw(429, JSON, quota.clone()).with_header("retry-after", "1"),
        ])
        .await;
        let started = Instant::now();
        mock.client().send(detail("1")).await.unwrap();
        assert!(
            started.elapsed() >= Duration::from_millis(950),
            "{:?}",
            started.elapsed()
        );
        assert_eq!(mock.seen().len(), 2);

        // A huge Retry-After is capped.
        let mock = MockGateway::start(vec![
            Reply::raw(429, JSON, quota.clone()).with_header("retry-after", "3600"),
        ])
        .await;
        let client = mock
            .client_builder()
            .retry_policy(common::fast_retries().with_max_retry_after(Duration::from_millis(50)))
            .build()
            .unwrap();
        let started = Instant::now();
        client.send(detail("1")).await.unwrap();
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{:?}",
            started.elapsed()
        );

        // Without retries, the 429 is a retryable gateway error.
        let mock = MockGateway::start(vec![Reply::raw(429, JSON, quota)]).await;
        let client = mock
            .client_builder()
            .retry_policy(RetryPolicy::disabled())
            .build()
            .unwrap();
        let err = client.send(detail("1")).await.unwrap_err();
        let Error::Gateway(e) = &err else {
            panic!("{err:?}")
        };
        assert_eq!((e.http_status(), e.error_code()), (Some(429), Some("400")));
        assert!(err.is_retryable());
        assert_eq!(mock.seen().len(), 1);
    })
    .await
}

#[tokio::test]
async fn http_502_html_page_is_unexpected_content_and_retried() {
    within(async {
        let page = "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n<body><center><h1>502 Bad Gateway</h1></center></body></html>";
        let mock = MockGateway::start(vec![Reply::raw(502, "text/html", page)]).await;
        mock.client().send(detail("1")).await.unwrap();
        assert_eq!(mock.seen().len(), 2);

        let mock = MockGateway::start(vec![Reply::raw(502, "text/html", page)]).await;
        let client = mock.client_builder().retry_policy(RetryPolicy::disabled()).build().unwrap();
        let err = client.send(detail("1")).await.unwrap_err();
        let Error::UnexpectedContent(e) = &err else { panic!("{err:?}") };
        assert_eq!(e.status(), 502);
        assert_eq!(e.content_type(), Some("text/html"));
        assert!(e.snippet().contains("502 Bad Gateway"), "{e:?}");
        assert!(e.snippet().chars().count() <= 201);
        assert!(err.is_retryable());
    })
    .await
}

#[tokio::test]
async fn delay_past_the_timeout_then_success() {
    within(async {
        let mock = MockGateway::start(vec![Reply::Delay(
            Duration::from_secs(3),
            Box::new(Reply::Success),
        )])
        .await;
        let client = mock
            .client_builder()
            .timeout(Duration::from_millis(300))
            .build()
            .unwrap();
        let started = Instant::now();
        client.send(detail("1")).await.unwrap();
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{:?}",
            started.elapsed()
        );
        assert_eq!(mock.seen().len(), 2);
    })
    .await
}

// ---------------------------------------------------------------------------------------------
// Faults that end in an error
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn delay_past_the_timeout_is_a_timeout_error() {
    within(async {
        let slow = Reply::Delay(Duration::from_secs(5), Box::new(Reply::Success));
        let mock = MockGateway::start(vec![slow.clone(), slow.clone(), slow]).await;
        let client = mock
            .client_builder()
            .timeout(Duration::from_millis(200))
            .build()
            .unwrap();
        let started = Instant::now();
        let err = client.send(detail("1")).await.unwrap_err();
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "{:?}",
            started.elapsed()
        );
        let Error::Timeout(e) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(e.phase(), TimeoutPhase::Total);
        assert_eq!(e.after(), Some(Duration::from_millis(200)));
        assert!(err.is_retryable());
        assert_eq!(mock.seen().len(), 3, "every attempt timed out");
    })
    .await
}

#[tokio::test]
async fn http_200_with_html_body_is_unexpected_content_not_retried() {
    within(async {
        let page = "<html><body>Maintenance</body></html>";
        let mock = MockGateway::start(vec![Reply::raw(200, "text/html;charset=UTF-8", page)]).await;
        let err = mock.client().send(detail("1")).await.unwrap_err();
        let Error::UnexpectedContent(e) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(e.status(), 200);
        assert_eq!(e.snippet(), page);
        assert!(!err.is_retryable());
        assert_eq!(mock.seen().len(), 1);

        // The same page labelled as XML is still recognised.
        let mock = MockGateway::start(vec![Reply::raw(200, XML, page)]).await;
        let err = mock.client().send(detail("1")).await.unwrap_err();
        assert!(matches!(err, Error::UnexpectedContent(_)), "{err:?}");
    })
    .await
}

#[tokio::test]
async fn wrong_content_and_empty_bodies_are_unexpected_content() {
    within(async {
        for (status, body) in [(200, "OK"), (200, ""), (404, "Not Found")] {
            let mock = MockGateway::start(vec![Reply::raw(status, "text/plain", body)]).await;
            let client = mock
                .client_builder()
                .retry_policy(RetryPolicy::disabled())
                .build()
                .unwrap();
            let err = client.send(detail("1")).await.unwrap_err();
            let Error::UnexpectedContent(e) = &err else {
                panic!("{err:?}")
            };
            assert_eq!((e.status(), e.content_type()), (status, Some("text/plain")));
            assert_eq!(e.snippet(), body);
        }
    })
    .await
}

#[tokio::test]
async fn truncated_body_is_a_decode_error_with_path() {
    within(async {
        let xml = common::success_xml("1");
        let cut = &xml[..xml.find("<serverImageName>").unwrap() + 20];
        let mock = MockGateway::start(vec![Reply::raw(200, XML, cut)]).await;
        let err = mock.client().send(detail("1")).await.unwrap_err();
        let Error::Decode(e) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(e.format(), Format::Xml);
        assert!(
            matches!(
                e.kind(),
                DecodeErrorKind::UnexpectedEof | DecodeErrorKind::Syntax { .. }
            ),
            "{e:?}"
        );
        assert!(!err.is_retryable());
        assert_eq!(mock.seen().len(), 1);

        let json = common::success_json("1");
        let mock = MockGateway::start(vec![Reply::raw(200, JSON, &json[..json.len() / 2])]).await;
        let client = mock
            .client_builder()
            .response_format(Format::Json)
            .build()
            .unwrap();
        let err = client.send(detail("1")).await.unwrap_err();
        let Error::Decode(e) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(e.format(), Format::Json);
    })
    .await
}

#[tokio::test]
async fn wrong_value_is_a_decode_error_with_element_path_and_snippet() {
    within(async {
        let xml = common::success_xml("1").replace("53687091200", "fifty gigabytes");
        let mock = MockGateway::start(vec![Reply::raw(200, XML, xml)]).await;
        let err = mock
            .client()
            .send(detail("1"))
            .await
            .unwrap_err();
        let Error::Decode(e) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(
            e.path(),
            "getServerImageDetailResponse/serverImageList/serverImage[0]/blockStorageMappingList/blockStorageMapping[0]/blockStorageSize"
        );
        assert_eq!(e.snippet(), Some("fifty gigabytes"));
    })
    .await
}

#[tokio::test]
async fn body_cut_short_by_the_connection_is_a_retryable_transport_error() {
    within(async {
        let reply = b"HTTP/1.1 200 OK\r\ncontent-type: application/xml\r\ncontent-length: 500\r\nconnection: close\r\n\r\n<getServerImageDetailResponse><requestId>".to_vec();
        let server = RawServer::start(Some(reply)).await;
        let err = client_builder(&server.url()).build().unwrap().send(detail("1")).await.unwrap_err();
        let Error::Transport(e) = &err else { panic!("{err:?}") };
        assert_eq!(e.kind(), TransportErrorKind::Body);
        assert!(err.is_retryable());
        assert_eq!(server.connections(), 3);
    })
    .await
}

#[tokio::test]
async fn connection_closed_without_response_is_retried_then_a_transport_error() {
    within(async {
        let server = RawServer::start(None).await;
        let err = client_builder(&server.url())
            .build()
            .unwrap()
            .send(detail("1"))
            .await
            .unwrap_err();
        let Error::Transport(e) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(e.kind(), TransportErrorKind::Request, "{e}");
        assert!(err.is_retryable());
        assert_eq!(server.connections(), 3);

        // Retries turned off: one attempt.
        let server = RawServer::start(None).await;
        let client = client_builder(&server.url())
            .retry_policy(RetryPolicy::disabled())
            .build()
            .unwrap();
        assert!(matches!(
            client.send(detail("1")).await,
            Err(Error::Transport(_))
        ));
        assert_eq!(server.connections(), 1);
    })
    .await
}

#[tokio::test]
async fn connection_refused_is_a_connect_error() {
    within(async {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        drop(listener);
        let err = client_builder(&url)
            .build()
            .unwrap()
            .send(detail("1"))
            .await
            .unwrap_err();
        let Error::Transport(e) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(e.kind(), TransportErrorKind::Connect);
        assert!(err.is_retryable());
    })
    .await
}

#[tokio::test]
async fn wrong_secret_is_a_401_gateway_error_without_the_secret() {
    within(async {
        let mock = MockGateway::start(vec![]).await;
        let wrong = "wrong-secret-value-XYZ";
        let client = mock
            .client_builder()
            .credentials(Credentials::new(common::ACCESS_KEY, wrong))
            .build()
            .unwrap();
        let err = client.send(detail("1")).await.unwrap_err();
        let Error::Gateway(e) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(e.http_status(), Some(401));
        assert_eq!(e.error_code(), Some("200"));
        assert_eq!(e.message(), Some("Authentication Failed"));
        assert!(!err.is_retryable());
        assert_eq!(mock.seen().len(), 1, "not retried");
        for text in [err.to_string(), format!("{err:?}"), format!("{client:?}")] {
            assert!(
                !text.contains(wrong) && !text.contains(SECRET_KEY),
                "{text}"
            );
        }
    })
    .await
}

#[tokio::test]
async fn http_400_response_error_xml_and_json() {
    within(async {
        for format in [Format::Xml, Format::Json] {
            let (ct, body) = match format {
                Format::Xml => (XML, response_error_xml("1300", "serverImageNo is invalid")),
                Format::Json => (
                    JSON,
                    response_error_json("1300", "serverImageNo is invalid"),
                ),
            };
            let mock = MockGateway::start(vec![
                Reply::raw(400, ct, body).with_header("x-ncp-request-id", "req-abc-123"),
            ])
            .await;
            let client = mock.client_for(format);
            let err = client.send(detail("nope")).await.unwrap_err();
            let Error::Api(e) = &err else {
                panic!("{format}: {err:?}")
            };
            assert_eq!(e.http_status(), Some(400));
            assert_eq!(e.return_code(), Some("1300"));
            assert_eq!(e.return_message(), Some("serverImageNo is invalid"));
            assert_eq!(e.request_id(), Some("req-abc-123"));
            assert_eq!(err.request_id(), Some("req-abc-123"));
            assert!(!err.is_retryable());
            assert_eq!(mock.seen().len(), 1);
            let shown = err.to_string();
            assert!(
                shown.contains("1300") && shown.contains("HTTP 400"),
                "{shown}"
            );
        }
    })
    .await
}

#[tokio::test]
async fn http_200_with_non_zero_return_code_is_an_api_error() {
    within(async {
        let xml = common::success_xml("1")
            .replace(
                "<returnCode>0</returnCode>",
                "<returnCode>10500</returnCode>",
            )
            .replace(
                "<returnMessage>success</returnMessage>",
                "<returnMessage>fail</returnMessage>",
            );
        let mock = MockGateway::start(vec![Reply::raw(200, XML, xml)]).await;
        let err = mock.client().send(detail("1")).await.unwrap_err();
        let Error::Api(e) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(
            (e.http_status(), e.return_code()),
            (Some(200), Some("10500"))
        );
        assert_eq!(e.return_message(), Some("fail"));
        assert_eq!(e.request_id(), Some("req-xml-0001"));
        assert!(!err.is_retryable());
    })
    .await
}

#[tokio::test]
async fn error_bodies_that_are_not_api_errors_on_5xx_are_unexpected_and_retryable() {
    within(async {
        let mock = MockGateway::start(vec![Reply::raw(500, XML, "<oops>broken</oops>")]).await;
        let client = mock
            .client_builder()
            .retry_policy(RetryPolicy::disabled())
            .build()
            .unwrap();
        let err = client.send(detail("1")).await.unwrap_err();
        let Error::UnexpectedContent(e) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(e.status(), 500);
        assert!(err.is_retryable());
    })
    .await
}

#[tokio::test]
async fn user_agent_is_configurable() {
    within(async {
        let mock = MockGateway::start(vec![]).await;
        let client = mock
            .client_builder()
            .user_agent("my-tool/1.2")
            .build()
            .unwrap();
        client.send(detail("1")).await.unwrap();
        assert_eq!(mock.seen()[0].user_agent.as_deref(), Some("my-tool/1.2"));
    })
    .await
}

#[tokio::test]
async fn builder_made_http_client_works_without_injection() {
    within(async {
        // Exercises the reqwest client the builder creates (rustls, connect timeout). That client
        // honours the process's proxy variables, as it should in production; a test machine with
        // a proxy configured would send this request elsewhere, so skip there.
        let proxied = ["HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"]
            .iter()
            .any(|v| std::env::var_os(v).is_some());
        if proxied {
            eprintln!("skipped: a proxy is configured in the environment");
            return;
        }
        let mock = MockGateway::start(vec![]).await;
        let client = Client::builder()
            .gateway(mock.url())
            .credentials(Credentials::new(common::ACCESS_KEY, SECRET_KEY))
            .connect_timeout(Duration::from_secs(2))
            .build()
            .unwrap();
        client.send(detail("9")).await.unwrap();
        assert!(mock.seen()[0].signature_ok);
    })
    .await
}
