//! NCP list parameters and awkward values on the wire, against the local mock gateway: the query
//! of `getServerImageList` is encoded once, in spec parameter order, signed as sent (the mock
//! recomputes the signature over the raw request-target it received) and decodes, on the
//! server's side, back to the values given.

mod common;

use common::{MockGateway, REGIONS, image_no, within};
use ncloud_vserver::Error;
use ncloud_vserver::operations::GetServerImageListRequest;
use ncloud_vserver::runtime::client::Format;
use ncloud_vserver::types::{OsTypeCodeValue, ServerImageTypeCodeValue};

const NAME: &str = "테스트 이미지+1/α";
const ENCODED_NAME: &str = "%ED%85%8C%EC%8A%A4%ED%8A%B8%20%EC%9D%B4%EB%AF%B8%EC%A7%80%2B1%2F%CE%B1";

#[tokio::test]
async fn name_and_os_type_list_are_signed_as_sent_and_decode_back() {
    within(async {
        let mock = MockGateway::start(vec![]).await;
        for format in [Format::Xml, Format::Json] {
            let client = mock.client_for(format);
            let out = client
                .get_server_image_list()
                .server_image_name(NAME)
                .os_type_code_list(OsTypeCodeValue::Rocky)
                .os_type_code_list(OsTypeCodeValue::Ubuntu)
                .send()
                .await
                .unwrap();
            // The mock serves the API's default page (pageSize 1) of its seven images.
            assert_eq!(out.return_code.as_deref(), Some("0"), "{format}");
            assert_eq!(out.request_id.as_deref(), Some("req-list-1"), "{format}");
            assert_eq!(out.total_rows, Some(7), "{format}");
            assert_eq!(out.server_image_list.len(), 1, "{format}");
            let image = &out.server_image_list[0];
            assert_eq!(image.server_image_no.as_deref(), Some("1001"));
            assert_eq!(image.server_image_name.as_deref(), Some("image-1"));
            let os = image.os_type.as_ref().unwrap();
            assert_eq!(os.code, Some(OsTypeCodeValue::Rocky), "{format}: {os:?}");
        }

        let seen = mock.seen();
        assert_eq!(seen.len(), 2);
        for (s, format) in seen.iter().zip(["xml", "json"]) {
            s.assert_post(
                "getServerImageList",
                &format!(
                    "serverImageName={ENCODED_NAME}&osTypeCodeList.1=ROCKY&osTypeCodeList.2=UBUNTU"
                ),
                format,
            );
            // What the server decodes is what was given: `+` stays a plus, `/` a slash.
            assert_eq!(
                s.params(),
                [
                    ("serverImageName", NAME),
                    ("osTypeCodeList.1", "ROCKY"),
                    ("osTypeCodeList.2", "UBUNTU"),
                    ("responseFormatType", format),
                ]
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
            );
        }
    })
    .await
}

#[tokio::test]
async fn every_parameter_kind_in_spec_order() {
    within(async {
        let mock = MockGateway::start(vec![]).await;
        let request = GetServerImageListRequest::builder()
            // Set out of spec order on purpose: the query follows the spec, not the calls.
            .sorting_order("DESC")
            .page_size(2)
            .page_no(3)
            .os_type_code_list("NEW_OS")
            .server_image_type_code_list(ServerImageTypeCodeValue::Ncp)
            .server_image_no_list("11")
            .server_image_no_list("22")
            .region_code("KR")
            .sorted_by("serverImageName")
            .build()
            .unwrap();
        let out = mock.client().send(request).await.unwrap();
        // Page 3 of size 2 of seven images: images 5 and 6.
        let numbers: Vec<_> = out
            .server_image_list
            .iter()
            .map(|i| i.server_image_no.clone().unwrap())
            .collect();
        assert_eq!(numbers, [image_no(5), image_no(6)]);
        mock.seen()[0].assert_post(
            "getServerImageList",
            "regionCode=KR&serverImageNoList.1=11&serverImageNoList.2=22\
             &serverImageTypeCodeList.1=NCP&osTypeCodeList.1=NEW_OS&pageNo=3&pageSize=2\
             &sortedBy=serverImageName&sortingOrder=DESC",
            "xml",
        );
    })
    .await
}

#[tokio::test]
async fn page_parameters_are_checked_before_anything_is_sent() {
    within(async {
        let mock = MockGateway::start(vec![]).await;
        let client = mock.client();
        for (size, min, max) in [(0, Some(1), Some(1000)), (1001, Some(1), Some(1000))] {
            let err = client
                .get_server_image_list()
                .page_size(size)
                .send()
                .await
                .unwrap_err();
            let Error::InvalidRequest(e) = &err else {
                panic!("{err:?}")
            };
            assert_eq!(e.parameter(), "pageSize");
            assert_eq!(
                e.reason(),
                &ncloud_vserver::runtime::error::InvalidRequestReason::OutOfRange {
                    value: i64::from(size),
                    min,
                    max
                }
            );
            assert!(!err.is_retryable());
        }
        let err = client
            .get_server_image_list()
            .page_no(2)
            .send()
            .await
            .unwrap_err();
        let Error::InvalidRequest(e) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(e.parameter(), "pageNo");
        assert!(
            matches!(
                e.reason(),
                ncloud_vserver::runtime::error::InvalidRequestReason::Requires { other } if other == "pageSize"
            ),
            "{e:?}"
        );
        let err = GetServerImageListRequest::builder()
            .page_no(-1)
            .page_size(10)
            .build()
            .unwrap_err();
        assert_eq!(err.parameter(), "pageNo");
        assert!(mock.seen().is_empty(), "nothing is sent for an invalid request");

        // The limits themselves are fine.
        for size in [1, 1000] {
            client
                .get_server_image_list()
                .page_no(0)
                .page_size(size)
                .send()
                .await
                .unwrap();
        }
        assert_eq!(mock.seen().len(), 2);
    })
    .await
}

#[tokio::test]
async fn region_list_in_both_formats() {
    within(async {
        let mock = MockGateway::start(vec![]).await;
        for format in [Format::Xml, Format::Json] {
            let client = mock.client_for(format);
            let out = client.get_region_list().send().await.unwrap();
            assert_eq!(out.return_code.as_deref(), Some("0"));
            assert_eq!(out.total_rows, Some(3));
            let regions: Vec<_> = out
                .region_list
                .iter()
                .map(|r| {
                    (
                        r.region_code.as_deref().unwrap(),
                        r.region_name.as_deref().unwrap(),
                    )
                })
                .collect();
            assert_eq!(regions, REGIONS, "{format}");
        }
        mock.assert_signed_requests(&[
            ("/vserver/v2/getRegionList?responseFormatType=xml", ""),
            ("/vserver/v2/getRegionList?responseFormatType=json", ""),
        ]);
    })
    .await
}
