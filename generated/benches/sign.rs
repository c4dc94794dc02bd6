//! Cost of building and signing one request, paid on every call (signing again on every
//! attempt):
//!
//! - `sign`: the HMAC-SHA256 signature alone (string to sign, MAC, Base64);
//! - `sign_and_build`: what a call does before the network: the request builder with its checks,
//!   the form body encoded once (Korean text percent-encoded, NCP list parameters), the
//!   operation's URL and signed request-target (made on the client's first call of the
//!   operation, copied after), the signature with the current time, the headers and the
//!   `reqwest::Request` itself.

use criterion::{Criterion, criterion_group, criterion_main};
use ncloud_vserver::Client;
use ncloud_vserver::operations::GetServerImageListRequest;
use ncloud_vserver::runtime::client::Credentials;
use ncloud_vserver::runtime::client::signing::sign;
use ncloud_vserver::types::OsTypeCodeValue;
use std::hint::black_box;

const ACCESS_KEY: &str = "ncpAccessKeyExample0001";
const SECRET_KEY: &str = "ncpSecretKeyExample0000000000000000000001";

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("request");
    let target = "/vserver/v2/getServerImageList?serverImageName=%ED%85%8C%EC%8A%A4%ED%8A%B8\
                  &osTypeCodeList.1=ROCKY&osTypeCodeList.2=UBUNTU&pageNo=1&pageSize=1000\
                  &responseFormatType=xml";
    group.bench_function("sign", |b| {
        b.iter(|| {
            sign(
                black_box(SECRET_KEY),
                "GET",
                black_box(target),
                "1700000000000",
                ACCESS_KEY,
            )
        })
    });

    let client = Client::builder()
        .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY))
        .build()
        .expect("a client with explicit credentials builds");
    group.bench_function("sign_and_build", |b| {
        b.iter(|| {
            let request = GetServerImageListRequest::builder()
                .server_image_name(black_box("테스트 이미지"))
                .os_type_code_list(OsTypeCodeValue::Rocky)
                .os_type_code_list(OsTypeCodeValue::Ubuntu)
                .page_no(1)
                .page_size(1000)
                .build()
                .expect("a valid request");
            client.signed_request(&request).expect("the request builds")
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
