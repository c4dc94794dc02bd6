//! The second service end to end: its generated client calls its operations under its own base
//! path through the runtime's mock server, which verifies every signature.

use futures_util::TryStreamExt as _;
use ncloud_feature_vpc::mock::{MockError, MockServer};
use ncloud_feature_vpc::types::{GetSubnetDetailResponse, GetVpcListResponse, Subnet, Vpc};
use ncloud_feature_vpc::{Client, Error, Format, SERVICE};

fn vpc(no: &str) -> Vpc {
    let mut v = Vpc::default();
    v.vpc_no = Some(no.to_owned());
    v.vpc_name = Some(format!("vpc-{no}"));
    v
}

#[tokio::test]
async fn calls_go_to_the_services_own_path_and_are_verified() {
    assert_eq!(SERVICE.base_path, "/vpc/v2");
    let mock = MockServer::start().await;
    // The generated types are `#[non_exhaustive]`: built from `Default`, field by field.
    let mut page = GetVpcListResponse::default();
    page.vpc_list = vec![vpc("1"), vpc("2")];
    page.total_rows = Some(2);
    mock.get_vpc_list().respond_with(page);
    let mut subnet = Subnet::default();
    subnet.subnet_no = Some("7".to_owned());
    let mut detail = GetSubnetDetailResponse::default();
    detail.subnet_list = vec![subnet];
    mock.get_subnet_detail().respond_with(detail);

    for format in [Format::Xml, Format::Json] {
        let client: Client = mock
            .client_builder()
            .response_format(format)
            .build()
            .unwrap();
        assert!(
            client.base_url().ends_with("/vpc/v2"),
            "{}",
            client.base_url()
        );
        let vpcs = client
            .get_vpc_list()
            .vpc_name("vpc-1")
            .send()
            .await
            .unwrap();
        assert_eq!(vpcs.vpc_list.len(), 2, "{format:?}");
        let subnet = client
            .get_subnet_detail()
            .subnet_no("7")
            .send()
            .await
            .unwrap();
        assert_eq!(subnet.subnet_list[0].subnet_no.as_deref(), Some("7"));
    }
    let received = mock.received();
    assert_eq!(received.len(), 4);
    for r in &received {
        assert!(
            r.target.starts_with("/vpc/v2/getVpcList?")
                || r.target.starts_with("/vpc/v2/getSubnetDetail?"),
            "{}",
            r.target
        );
        assert!(r.authenticated, "{}", r.target);
        assert!(
            r.rejection.is_none(),
            "the mock rejected {}: {:?}",
            r.target,
            r.rejection
        );
    }
    let typed = mock.get_subnet_detail().requests();
    assert_eq!(typed[0].subnet_no, "7");
}

#[tokio::test]
async fn a_bad_signature_is_refused_like_the_gateway_does() {
    let mock = MockServer::start().await;
    mock.get_vpc_list()
        .respond_with(GetVpcListResponse::default());
    let client: Client = mock
        .client_builder()
        .credentials(ncloud_feature_vpc::Credentials::new(
            ncloud_feature_vpc::mock::MOCK_ACCESS_KEY,
            "not-the-secret",
        ))
        .build()
        .unwrap();
    let err = client.get_vpc_list().send().await.unwrap_err();
    assert!(
        matches!(&err, Error::Gateway(g) if g.http_status() == Some(401)),
        "{err:?}"
    );
}

#[tokio::test]
async fn paging_and_api_errors_work_for_any_service() {
    let mock = MockServer::start().await;
    mock.get_vpc_list().respond_with_pages(
        GetVpcListResponse::default(),
        (1..=5).map(|n| vpc(&n.to_string())).collect(),
    );
    let client = mock.client();
    let all: Vec<Vpc> = client
        .get_vpc_list()
        .page_size(2)
        .into_paginator()
        .unwrap()
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 5);
    assert_eq!(mock.get_vpc_list().calls(), 3);

    mock.get_subnet_detail()
        .respond_with_error(MockError::api("1011002", "no such subnet").with_status(400));
    let err = client
        .get_subnet_detail()
        .subnet_no("9")
        .send()
        .await
        .unwrap_err();
    match err {
        Error::Api(e) => assert_eq!(e.return_code(), Some("1011002")),
        other => panic!("{other:?}"),
    }
}

/// The crate is generated code over the runtime and nothing else: its manifest's normal
/// dependencies are `ncloud-runtime` alone (serde comes through the runtime).
#[test]
fn the_service_crate_depends_only_on_the_runtime() {
    let manifest =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml")).unwrap();
    let deps = manifest
        .split("[dependencies]\n")
        .nth(1)
        .and_then(|rest| rest.split("\n[").next())
        .expect("a [dependencies] section");
    let names: Vec<&str> = deps
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|l| l.split(['=', '.']).next().unwrap().trim())
        .collect();
    assert_eq!(names, ["ncloud-runtime"], "{deps}");
}
