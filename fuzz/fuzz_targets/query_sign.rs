#![no_main]

libfuzzer_sys::fuzz_target!(|input: fuzz_targets::QueryInput| fuzz_targets::query_sign(input));
