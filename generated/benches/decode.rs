//! Decoding speed of a `getServerImageList` response with 1, 100 and 10,000 images, XML and
//! JSON, each next to its reference in the same group (so ratios come from the same run):
//!
//! - `xml_raw_reader`: quick-xml's `Reader` visiting every event of the XML body and doing
//!   nothing with it — the floor any XML decoder on quick-xml has to stand on;
//! - `xml_typed`: the crate's decode path (`decode_body`: format sniffing, the generated pull
//!   decoders, the `returnCode` check);
//! - `xml_typed_unknown`: the same with one unknown element in each image, collected;
//! - `json_plain_derive`: `serde_json::from_slice` into a plain `#[derive(Deserialize)]` mirror
//!   of the same shape (strings where the crate has enums, dates and lenient scalars);
//! - `json_typed`: the crate's decode path for the JSON body.
//!
//! Every decoder's value is dropped outside the timed loop (`iter_with_large_drop`): the time is
//! that of making the value, which is what the references measure too.
//!
//! Throughput is bytes of each approach's own input. `cargo xtask bench-report` runs this and
//! writes `docs/benchmarks.md`. Memory of the same decodes:
//! `cargo run --release -p ncloud-vserver --example decode_memory`.

mod input;
mod mirror;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ncloud_vserver::operations::GetServerImageListRequest;
use ncloud_vserver::runtime::decode_body;
use std::hint::black_box;

fn raw_xml_events(input: &[u8]) -> usize {
    let mut reader = quick_xml::Reader::from_reader(input);
    let mut n = 0;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => return n,
            Ok(_) => n += 1,
            Err(e) => panic!("bench input is well-formed: {e}"),
        }
    }
}

fn bench(c: &mut Criterion) {
    for n in input::SIZES {
        let xml = input::xml_body(n);
        let xml_unknown = input::xml_body_with_unknown(n);
        let json = input::json_body(n);
        // The mirror and the typed decoders must agree on what they decoded.
        let typed = decode_body::<GetServerImageListRequest>(&json, None).unwrap();
        let plain: mirror::Wrapper = serde_json::from_slice(&json).unwrap();
        assert_eq!(typed.server_image_list.len(), n);
        assert_eq!(
            plain.get_server_image_list_response.server_image_list.len(),
            n
        );

        let mut group = c.benchmark_group(format!("decode_{n}"));
        if n >= 10_000 {
            group.sample_size(20);
        }
        group.throughput(Throughput::Bytes(xml.len() as u64));
        group.bench_function("xml_raw_reader", |b| {
            b.iter(|| raw_xml_events(black_box(&xml)))
        });
        group.bench_function("xml_typed", |b| {
            b.iter_with_large_drop(|| {
                decode_body::<GetServerImageListRequest>(black_box(&xml), None).unwrap()
            })
        });
        group.throughput(Throughput::Bytes(xml_unknown.len() as u64));
        group.bench_function("xml_typed_unknown", |b| {
            b.iter_with_large_drop(|| {
                let mut unknown = Vec::new();
                let body = decode_body::<GetServerImageListRequest>(
                    black_box(&xml_unknown),
                    Some(&mut unknown),
                );
                (body.unwrap(), unknown)
            })
        });
        group.throughput(Throughput::Bytes(json.len() as u64));
        group.bench_function("json_plain_derive", |b| {
            b.iter_with_large_drop(|| {
                serde_json::from_slice::<mirror::Wrapper>(black_box(&json)).unwrap()
            })
        });
        group.bench_function("json_typed", |b| {
            b.iter_with_large_drop(|| {
                decode_body::<GetServerImageListRequest>(black_box(&json), None).unwrap()
            })
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
