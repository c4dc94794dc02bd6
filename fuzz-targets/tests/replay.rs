//! Replays every committed fuzz input on stable Rust: the minimized corpus of each target
//! (`fuzz/corpus/<target>/`) and every input that once crashed (`fuzz/regressions/<target>/`,
//! kept forever). CI has no nightly toolchain, so this is how it runs the fuzz targets' checks.

use std::path::{Path, PathBuf};

use arbitrary::{Arbitrary, Unstructured};
use fuzz_targets::QueryInput;

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz")
}

/// The files of `fuzz/<kind>/<target>/`, sorted (missing directories hold nothing).
fn inputs(kind: &str, target: &str) -> Vec<PathBuf> {
    let dir = fuzz_dir().join(kind).join(target);
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file() && p.extension().is_none_or(|e| e != "md"))
            .collect(),
        Err(_) => Vec::new(),
    };
    files.sort();
    files
}

/// Runs `body` on every corpus and regression input of `target`, naming the file that fails.
fn replay(target: &str, min_corpus: usize, body: impl Fn(&[u8])) {
    let corpus = inputs("corpus", target);
    assert!(
        corpus.len() >= min_corpus,
        "fuzz/corpus/{target} holds {} inputs; expected at least {min_corpus}",
        corpus.len()
    );
    for path in corpus.iter().chain(&inputs("regressions", target)) {
        let data = std::fs::read(path).unwrap();
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| body(&data)));
        assert!(
            outcome.is_ok(),
            "{} fails (see the panic above)",
            path.display()
        );
    }
}

#[test]
fn xml_decode_corpus() {
    replay("xml_decode", 100, fuzz_targets::xml_decode);
}

#[test]
fn json_decode_corpus() {
    replay("json_decode", 100, fuzz_targets::json_decode);
}

#[test]
fn error_body_corpus() {
    replay("error_body", 100, fuzz_targets::error_body);
}

#[test]
fn query_sign_corpus() {
    replay("query_sign", 100, |data| {
        // As libFuzzer's `fuzz_target!(|input: QueryInput| ..)` builds it.
        if let Ok(input) = QueryInput::arbitrary_take_rest(Unstructured::new(data)) {
            fuzz_targets::query_sign(input);
        }
    });
}

#[test]
fn seeds_are_in_the_corpus() {
    // The samples the corpus was seeded from decode as before (a sanity check that the replay
    // reads real inputs, not an empty directory).
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/samples");
    let mut n = 0;
    for entry in std::fs::read_dir(samples).unwrap() {
        let path = entry.unwrap().path();
        if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("xml" | "json")
        ) {
            fuzz_targets::xml_decode(&std::fs::read(&path).unwrap());
            fuzz_targets::json_decode(&std::fs::read(&path).unwrap());
            fuzz_targets::error_body(&std::fs::read(&path).unwrap());
            n += 1;
        }
    }
    assert!(n >= 9, "{n} samples");
}
