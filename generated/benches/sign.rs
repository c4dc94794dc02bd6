//! Cost of signing one request (HMAC-SHA256 + Base64), paid again on every attempt.

use criterion::{Criterion, criterion_group, criterion_main};
use ncloud_vserver::client::signing::sign;
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let target = "/vserver/v2/getServerImageList?serverImageName=%ED%85%8C%EC%8A%A4%ED%8A%B8\
                  &osTypeCodeList.1=ROCKY&osTypeCodeList.2=UBUNTU&pageNo=1&pageSize=1000\
                  &responseFormatType=xml";
    c.bench_function("sign_request", |b| {
        b.iter(|| {
            sign(
                black_box("ncpSecretKeyExample0000000000000000000001"),
                "GET",
                black_box(target),
                "1700000000000",
                "ncpAccessKeyExample0001",
            )
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
