//! The client against a local mock gateway (127.0.0.1 only): signing as received on the wire,
//! both response formats, decode errors, the wrong secret, settings. The faults a call can meet
//! on the wire, with their errors and retries, are in `fault_matrix.rs`.

mod common;

use std::time::Duration;

use common::{MockGateway, Reply, SECRET_KEY, client_builder, detail, within};
use ncloud_vserver::runtime::client::error::TransportErrorKind;
use ncloud_vserver::{Client, Error};
use ncloud_vserver::{Credentials, Format, SERVICE};

const XML: &str = "application/xml;charset=UTF-8";

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
        assert_eq!(
            out.server_image_list[0].server_image_no.as_deref(),
            Some("5847")
        );
        assert_eq!(
            out.server_image_list[0].block_storage_mapping_list[0].block_storage_size,
            Some(53_687_091_200)
        );

        let seen = mock.seen();
        assert_eq!(seen.len(), 1);
        seen[0].assert_post(
            "getServerImageDetail",
            "regionCode=KR&serverImageNo=5847",
            "xml",
        );
        assert_eq!(seen[0].user_agent.as_deref(), Some(SERVICE.user_agent));
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
        seen[0].assert_post(
            "getServerImageDetail",
            "regionCode=KR&serverImageNo=5847",
            "json",
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
        seen[0].assert_post(
            "getServerImageDetail",
            "regionCode=KR\
             &serverImageNo=%ED%85%8C%EC%8A%A4%ED%8A%B8%20%EC%9D%B4%EB%AF%B8%EC%A7%80%2Ba%2Fb%3Dc%26d%3Fe%23f%25g~h",
            "xml",
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
        mock.seen()[0].assert_post("getServerImageDetail", "serverImageNo=1", "xml");
    })
    .await
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

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
