//! A whole call, end to end, against a gateway on loopback in the same process: the request
//! built, signed and sent over HTTP/1.1 (a kept-alive connection), the response read and decoded.
//! The server (axum) answers every request with a prepared `getServerImageList` body of 1 or
//! 100 images, XML or JSON, after checking that the signature headers are there.

mod input;

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ncloud_vserver::Client;
use ncloud_vserver::runtime::client::{Credentials, Format};

async fn serve(xml: &'static [u8], json: &'static [u8]) -> SocketAddr {
    let app = Router::new().fallback(move |uri: axum::http::Uri, headers: HeaderMap| async move {
        let signed = [
            "x-ncp-apigw-timestamp",
            "x-ncp-iam-access-key",
            "x-ncp-apigw-signature-v2",
        ]
        .iter()
        .all(|name| headers.contains_key(*name));
        if !signed {
            return (StatusCode::UNAUTHORIZED, "unsigned").into_response();
        }
        let query = uri.query().unwrap_or_default();
        if query.contains("responseFormatType=json") {
            ([(header::CONTENT_TYPE, "application/json")], json).into_response()
        } else {
            ([(header::CONTENT_TYPE, "application/xml")], xml).into_response()
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

fn bench(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let mut group = c.benchmark_group("call");
    for n in [1, 100] {
        // Leaked: the server task borrows them for the rest of the process.
        let xml: &'static [u8] = input::xml_body(n).leak();
        let json: &'static [u8] = input::json_body(n).leak();
        let addr = runtime.block_on(serve(xml, json));
        for (format, body) in [(Format::Xml, xml), (Format::Json, json)] {
            let client = Client::builder()
                .gateway(format!("http://{addr}"))
                .credentials(Credentials::new("ncpAccessKeyExample0001", "ncpSecret0001"))
                .http_client(reqwest::Client::builder().no_proxy().build().unwrap())
                .timeout(Duration::from_secs(5))
                .response_format(format)
                .build()
                .unwrap();
            let name = format!("{}_{n}", format.response_format_type());
            group.throughput(Throughput::Bytes(body.len() as u64));
            group.bench_function(name, |b| {
                b.iter(|| {
                    let body = runtime
                        .block_on(client.get_server_image_list().page_size(1000).send())
                        .expect("the local gateway answers");
                    assert_eq!(body.server_image_list.len(), n);
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
