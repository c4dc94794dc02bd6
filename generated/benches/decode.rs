//! Decoding speed on a large response: 10,000 server images, XML and JSON.
//!
//! `raw_xml_events` is the floor: quick-xml's pull reader visiting every event and doing nothing.
//! The generated XML decoder is judged by its ratio to that floor. `generated_xml_decoder_unknown`
//! decodes the same input with one unknown element added to each image, with the collector of
//! unknown elements: 10,000 skipped subtrees and reports.
//! Memory use of the same decodes: `cargo run --release -p ncloud-vserver --example decode_memory`.

mod input;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use input::{json_body, xml_body, xml_body_with_unknown};
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
    let xml = xml_body();
    let xml_unknown = xml_body_with_unknown();
    let json = json_body();
    let mut group = c.benchmark_group("10k_images");
    group.sample_size(20);

    group.throughput(Throughput::Bytes(xml.len() as u64));
    group.bench_function("raw_xml_events", |b| {
        b.iter(|| raw_xml_events(black_box(&xml)))
    });
    group.bench_function("generated_xml_decoder", |b| {
        b.iter(|| decode_body::<GetServerImageListRequest>(black_box(&xml), None).unwrap())
    });
    group.bench_function("generated_xml_decoder_unknown", |b| {
        b.iter(|| {
            let mut unknown = Vec::new();
            let body = decode_body::<GetServerImageListRequest>(
                black_box(&xml_unknown),
                Some(&mut unknown),
            );
            (body.unwrap(), unknown)
        })
    });

    group.throughput(Throughput::Bytes(json.len() as u64));
    group.bench_function("serde_json", |b| {
        b.iter(|| decode_body::<GetServerImageListRequest>(black_box(&json), None).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
