//! Memory use of decoding the `decode` bench's input (10,000 server images): for each decoder,
//! the peak of heap bytes in use while decoding (above what was in use before, so the decoded
//! value included), the number of allocations, and the size of the input for comparison.
//! `xml_unknown` decodes the XML input with one unknown element added to each image, collecting
//! the 10,000 reports; `json_plain` is the `decode` bench's reference, a plain serde derive.
//!
//! ```text
//! cargo run --release -p ncloud-vserver --example decode_memory [-- raw|xml|xml_unknown|json|json_plain [N]]
//! ```
//!
//! With a decoder name, only that one runs, `N` times (default 1): a steady workload for a
//! profiler such as `valgrind --tool=callgrind`. `raw` is the bench's floor: quick-xml visiting
//! every event of the XML input.

#[path = "../benches/input/mod.rs"]
mod input;
#[path = "../benches/mirror/mod.rs"]
mod mirror;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use ncloud_vserver::operations::GetServerImageListRequest;
use ncloud_vserver::runtime::decode_body;

/// The system allocator, counting bytes in use, their peak and the number of allocations.
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

fn grew(bytes: usize) {
    let now = IN_USE.fetch_add(bytes, Relaxed) + bytes;
    PEAK.fetch_max(now, Relaxed);
}

// SAFETY: every call is forwarded to `System` unchanged; only counters are updated besides.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as ours.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            ALLOCATIONS.fetch_add(1, Relaxed);
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as ours.
        unsafe { System.dealloc(ptr, layout) };
        IN_USE.fetch_sub(layout.size(), Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: same contract as ours.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            ALLOCATIONS.fetch_add(1, Relaxed);
            IN_USE.fetch_sub(layout.size(), Relaxed);
            grew(new_size);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Runs `f` and returns (peak bytes in use above the starting point, allocations made, bytes
/// still in use when `f` returned: the decoded value's own size, the floor under the peak).
fn measure<R>(f: impl FnOnce() -> R) -> (usize, usize, usize) {
    let base = IN_USE.load(Relaxed);
    PEAK.store(base, Relaxed);
    let count = ALLOCATIONS.load(Relaxed);
    let result = f();
    let peak = PEAK.load(Relaxed) - base;
    let allocations = ALLOCATIONS.load(Relaxed) - count;
    let retained = IN_USE.load(Relaxed) - base;
    drop(result);
    (peak, allocations, retained)
}

/// What a decoder made: the number of items, and the decoded value, dropped by the caller (so
/// that a profile of the decoder's function counts decoding, not the value's drop).
struct Output {
    items: usize,
    _value: Box<dyn std::any::Any>,
}

fn decode_xml(xml: &[u8]) -> Output {
    let body = decode_body::<GetServerImageListRequest>(xml, None).expect("bench input decodes");
    Output {
        items: body.server_image_list.len(),
        _value: Box::new(body),
    }
}

fn decode_xml_unknown(xml: &[u8]) -> Output {
    let mut unknown = Vec::new();
    let body = decode_body::<GetServerImageListRequest>(xml, Some(&mut unknown))
        .expect("bench input decodes");
    Output {
        items: body.server_image_list.len() + unknown.len(),
        _value: Box::new((body, unknown)),
    }
}

fn decode_json(json: &[u8]) -> Output {
    let body = decode_body::<GetServerImageListRequest>(json, None).expect("bench input decodes");
    Output {
        items: body.server_image_list.len(),
        _value: Box::new(body),
    }
}

fn decode_json_plain(json: &[u8]) -> Output {
    let body: mirror::Wrapper = serde_json::from_slice(json).expect("bench input decodes");
    Output {
        items: body.get_server_image_list_response.server_image_list.len(),
        _value: Box::new(body),
    }
}

fn raw_xml_events(xml: &[u8]) -> Output {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut n = 0;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => n += 1,
            Err(e) => panic!("bench input is well-formed: {e}"),
        }
    }
    Output {
        items: n,
        _value: Box::new(()),
    }
}

/// A decoder under measurement.
type Decode = fn(&[u8]) -> Output;

fn main() {
    let mut args = std::env::args().skip(1);
    if let Some(which) = args.next() {
        // Only the input this decoder reads is made: under a profiler, making inputs is slow.
        let times: usize = args.next().map_or(1, |n| n.parse().expect("N is a number"));
        let (decode, body): (Decode, Vec<u8>) = match which.as_str() {
            "raw" => (raw_xml_events, input::xml_body(input::LARGE)),
            "xml" => (decode_xml, input::xml_body(input::LARGE)),
            "xml_unknown" => (
                decode_xml_unknown,
                input::xml_body_with_unknown(input::LARGE),
            ),
            "json" => (decode_json, input::json_body(input::LARGE)),
            "json_plain" => (decode_json_plain, input::json_body(input::LARGE)),
            _ => panic!("unknown decoder {which:?}: raw, xml, xml_unknown, json or json_plain"),
        };
        let mut total = 0;
        for _ in 0..times {
            total += decode(std::hint::black_box(&body)).items;
        }
        println!("{which}: {total} items decoded");
        return;
    }
    let xml = input::xml_body(input::LARGE);
    let xml_unknown = input::xml_body_with_unknown(input::LARGE);
    let json = input::json_body(input::LARGE);
    let decoders: [(&str, Decode, &[u8]); 4] = [
        ("xml", decode_xml, &xml),
        ("xml_unknown", decode_xml_unknown, &xml_unknown),
        ("json", decode_json, &json),
        ("json_plain", decode_json_plain, &json),
    ];
    println!(
        "{} images; XML input {} bytes, JSON input {} bytes",
        input::LARGE,
        xml.len(),
        json.len()
    );
    println!(
        "{:<12} {:>14} {:>12}",
        "decoder", "peak bytes", "allocations"
    );
    eprintln!(
        "a decoded image is {} bytes inline (a list of 10,000 grows by half to room for at most \
         15,000 and gives back the rest when it ends), a block storage {}",
        std::mem::size_of::<ncloud_vserver::types::ServerImage>(),
        std::mem::size_of::<ncloud_vserver::types::BlockStorageMapping>(),
    );
    for (name, decode, body) in decoders {
        let (peak, allocations, retained) = measure(|| decode(body));
        println!("{name:<12} {peak:>14} {allocations:>12}");
        // On stderr: `cargo xtask bench-report` reads the table above as it stands.
        eprintln!("{name}: the decoded value alone holds {retained} bytes");
    }
}
