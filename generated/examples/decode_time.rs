//! The `decode` bench's comparisons, timed for a shared machine: the decoders take turns, round
//! after round, and each one's best time is kept. Other work on the machine only ever adds time
//! to a run, so the minimum over many interleaved rounds is the figure least disturbed by it,
//! and every ratio compares minimums taken over the same stretch of time.
//!
//! ```text
//! cargo run --release -p ncloud-vserver --example decode_time [-- ROUNDS]
//! ```
//!
//! `ROUNDS` defaults to 30. Per size (1, 100 and 10,000 images): the best time of each decoder
//! per decode, and the ratios the targets are stated in (`xml_typed / xml_raw_reader`,
//! `json_typed / json_plain_derive`). Values are dropped outside the timing, as in the bench.
//! Unlike `decode_memory`, this runs on the system allocator as it is, without counters.
//!
//! Each decoder runs on a thread of its own, so that it allocates from an arena of its own
//! (glibc gives each thread one): in one heap, a decoder ran in the free lists the others left,
//! and a change to one decoder's allocations moved the others' times (the JSON mirror's by 20%
//! at one image when the typed decoder's lists became exactly sized).

#[path = "../benches/input/mod.rs"]
mod input;
#[path = "../benches/mirror/mod.rs"]
mod mirror;

use std::any::Any;
use std::hint::black_box;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use ncloud_vserver::operations::GetServerImageListRequest;
use ncloud_vserver::runtime::decode_body;

/// A decoder under measurement; what it returns is dropped after the clock stops.
type Decode = fn(&[u8]) -> Box<dyn Any>;

fn raw_xml_events(input: &[u8]) -> Box<dyn Any> {
    let mut reader = quick_xml::Reader::from_reader(input);
    let mut n = 0usize;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => return Box::new(n),
            Ok(_) => n += 1,
            Err(e) => panic!("bench input is well-formed: {e}"),
        }
    }
}

fn typed(input: &[u8]) -> Box<dyn Any> {
    Box::new(decode_body::<GetServerImageListRequest>(input, None).expect("bench input decodes"))
}

fn plain(input: &[u8]) -> Box<dyn Any> {
    let body: mirror::Wrapper = serde_json::from_slice(input).expect("bench input decodes");
    Box::new(body)
}

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .map_or(30, |n| n.parse().expect("ROUNDS is a number"));
    println!("best of {rounds} interleaved rounds, per decode");
    for n in input::SIZES {
        let xml = input::xml_body(n);
        let json = input::json_body(n);
        let decoders: [(&str, Decode, &[u8]); 4] = [
            ("xml_raw_reader", raw_xml_events, &xml),
            ("xml_typed", typed, &xml),
            ("json_plain_derive", plain, &json),
            ("json_typed", typed, &json),
        ];
        // Small inputs are decoded many times per sample, so that a sample lasts long enough
        // for the clock (about 2.5 MB of XML per sample).
        let repeat = (2_500_000 / xml.len()).max(1);
        let mut best = [Duration::MAX; 4];
        std::thread::scope(|scope| {
            // One worker per decoder; a round asks each in turn for one sample.
            let workers: Vec<(mpsc::Sender<()>, mpsc::Receiver<Duration>)> = decoders
                .iter()
                .map(|&(_, decode, input)| {
                    let (ask, asked) = mpsc::channel::<()>();
                    let (answer, answered) = mpsc::channel();
                    scope.spawn(move || {
                        for () in asked {
                            let mut values = Vec::with_capacity(repeat);
                            let start = Instant::now();
                            for _ in 0..repeat {
                                values.push(decode(black_box(input)));
                            }
                            let elapsed =
                                start.elapsed() / u32::try_from(repeat).expect("a small count");
                            drop(values);
                            answer.send(elapsed).expect("the main thread waits");
                        }
                    });
                    (ask, answered)
                })
                .collect();
            for _ in 0..rounds {
                for (slot, (ask, answered)) in workers.iter().enumerate() {
                    ask.send(()).expect("the worker runs");
                    let elapsed = answered.recv().expect("the worker answers");
                    best[slot] = best[slot].min(elapsed);
                }
            }
        });
        let ratio = |a: usize, b: usize| best[a].as_secs_f64() / best[b].as_secs_f64();
        let times: Vec<String> = decoders
            .iter()
            .zip(&best)
            .map(|((name, _, _), time)| format!("{name} {time:.2?}"))
            .collect();
        println!(
            "{n:>6} images: {}; xml_typed / xml_raw_reader {:.2}, json_typed / json_plain_derive {:.2}",
            times.join(", "),
            ratio(1, 0),
            ratio(3, 2)
        );
    }
}
