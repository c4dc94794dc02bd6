//! Generator speed on the real spec (102 operations, bundled) and on a synthetic one of 200 operations
//! (`codegen::synthetic`), stage by stage: `load` (YAML + OpenAPI parse), `model` (validation),
//! `emit_format` (tokens and prettyplease, on one thread per core), `emit_format_1_thread` (the
//! same on one thread), and `total` (spec text to output files).

use std::hint::black_box;

use codegen::{Generator, load, model, synthetic};
use criterion::{Criterion, criterion_group, criterion_main};

const SPEC: &str = include_str!("../../spec/bundled/vserver.yaml");

fn bench(c: &mut Criterion) {
    let synthetic = synthetic::spec(SPEC, 200).expect("the synthetic spec builds");
    for (name, text) in [
        ("codegen_102_ops", SPEC.to_owned()),
        ("codegen_200_ops", synthetic),
    ] {
        let doc = load::load_str(&text, "spec.yaml").expect("the spec loads");
        let api = model::build(&doc).expect("the spec is valid");
        let generator = Generator::default();
        let mut group = c.benchmark_group(name);
        group.sample_size(10);
        group.bench_function("load", |b| {
            b.iter(|| load::load_str(black_box(&text), "spec.yaml").unwrap())
        });
        group.bench_function("model", |b| {
            b.iter(|| model::build(black_box(&doc)).unwrap())
        });
        group.bench_function("emit_format", |b| {
            b.iter(|| generator.generate_model(black_box(&api)).unwrap())
        });
        // The same on one thread: what the files cost in all, and the reference for what the
        // threads bring (in the same run).
        let one_thread = Generator::default().with_threads(1);
        group.bench_function("emit_format_1_thread", |b| {
            b.iter(|| one_thread.generate_model(black_box(&api)).unwrap())
        });
        group.bench_function("total", |b| {
            b.iter(|| {
                generator
                    .generate_str(black_box(&text), "spec.yaml")
                    .unwrap()
            })
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
