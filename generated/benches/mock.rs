//! What one call costs end to end over loopback against the typed mock (`mock` feature): build,
//! sign, send, the mock's signature check and query decode, encode, decode. Tells a consumer
//! what their mock-based tests pay per call; not a model of the real gateway's latency.

use criterion::{Criterion, criterion_group, criterion_main};
use ncloud_vserver::Format;
use ncloud_vserver::mock::MockServer;
use ncloud_vserver::types::{GetServerImageListResponse, OsTypeCode, OsTypeCodeValue, ServerImage};

fn page(items: usize) -> GetServerImageListResponse {
    let mut response = GetServerImageListResponse::default();
    response.return_code = Some("0".to_owned());
    response.total_rows = Some(items as i32);
    response.server_image_list = (0..items)
        .map(|i| {
            let mut server_image = ServerImage::default();
            server_image.server_image_no = Some(i.to_string());
            server_image.server_image_name = Some(format!("image-{i}"));
            server_image.os_type = Some({
                let mut code = OsTypeCode::default();
                code.code = Some(OsTypeCodeValue::Rocky);
                code.code_name = Some("Rocky Linux".to_owned());
                code
            });
            server_image
        })
        .collect();
    response
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mock = rt.block_on(MockServer::start());
    let mut group = c.benchmark_group("mock_call");
    for items in [1, 100] {
        mock.get_server_image_list().respond_with(page(items));
        for format in [Format::Xml, Format::Json] {
            let client = mock
                .client_builder()
                .response_format(format)
                .build()
                .unwrap();
            group.bench_function(format!("{items}_images_{format:?}"), |b| {
                b.iter(|| {
                    rt.block_on(client.get_server_image_list().page_size(100).send())
                        .unwrap()
                })
            });
        }
        mock.reset();
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
