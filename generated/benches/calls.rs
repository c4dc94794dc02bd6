//! Calls per second: sequential `getRegionList` calls against a loopback server, in one
//! interleaved run, by a bare hyper loop (the transport's limit), a bare reqwest loop, our client
//! (XML and JSON) and, when a Python with NCP's official SDK is given, that SDK.
//!
//! Not a criterion bench: the contenders take turns (each round runs every one of them for the
//! same time, starting with a different one each round), so a change of load on a shared
//! machine moves all of them alike and the per-round ratios stay comparable. The client runs on a
//! `current_thread` tokio runtime on the main thread (its connection task included) and the
//! server on a thread of its own; pin the process with `taskset -c N` to put both on one CPU, as
//! `cargo xtask bench-report` does.
//!
//! ```text
//! cargo bench -p ncloud-vserver --bench calls -- [--seconds S] [--rounds R] [--out FILE]
//!     [--python PYTHON] [--only NAME]
//! ```
//!
//! `--only NAME` runs one contender (`hyper`, `reqwest`, `ours_xml`, `ours_json`), e.g. under
//! `perf record` or callgrind to see where its time goes.
//!
//! For each round and contender it records calls per second (wall time) and the CPU time of the
//! client's thread per call (`/proc/thread-self/schedstat`; for Python, its process's CPU time).
//! `--out` writes them as JSON for the report; a summary goes to standard output.
//!
//! The server answers every request with the same `getRegionList` body (5 regions), XML or JSON
//! as `responseFormatType` asks, without reading or checking anything else. Every contender
//! sends the same request: `POST /vserver/v2/getRegionList?responseFormatType=xml` (JSON for
//! our JSON client and the Python SDK, which only asks for JSON) with an empty form body and the
//! signature headers; the bare loops send a signature computed once, our client and the SDK
//! sign every call.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt as _, Full};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use ncloud_vserver::runtime::client::signing;
use ncloud_vserver::{Client, Credentials, Format};
use std::io::{BufRead as _, BufReader, Write as _};

const XML: &[u8] = include_bytes!("../../tests/samples/getRegionList.xml");
const JSON: &[u8] = include_bytes!("../../tests/samples/getRegionList.json");
const ACCESS_KEY: &str = "ncpAccessKeyExample0001";
const SECRET_KEY: &str = "ncpSecretKeyExample0000000000000000000001";
const PATH: &str = "/vserver/v2/getRegionList";

/// The official SDK's loop, driven over standard input: one line with a duration in seconds
/// runs calls for that long and answers `calls wall_seconds cpu_seconds`.
const PYTHON: &str = r#"
import sys, time
import ncloud_vserver
from ncloud_vserver.model.get_region_list_request import GetRegionListRequest
conf = ncloud_vserver.Configuration()
conf.host = sys.argv[1]
conf.access_key = sys.argv[2]
conf.secret_key = sys.argv[3]
api = ncloud_vserver.V2Api(ncloud_vserver.ApiClient(conf))
req = GetRegionListRequest()
for _ in range(50):
    r = api.get_region_list(req)
assert len(r.region_list) == 5, r
print("ready", flush=True)
for line in sys.stdin:
    seconds = float(line)
    n = 0
    c0 = time.process_time()
    t0 = time.perf_counter()
    while True:
        api.get_region_list(req)
        n += 1
        t = time.perf_counter()
        if t - t0 >= seconds:
            break
    print(n, t - t0, time.process_time() - c0, flush=True)
"#;

struct Args {
    seconds: f64,
    rounds: usize,
    out: Option<String>,
    python: Option<String>,
    only: Option<String>,
}

impl Args {
    fn parse() -> Args {
        let mut args = Args {
            seconds: 0.3,
            rounds: 7,
            out: None,
            python: None,
            only: None,
        };
        let mut it = std::env::args().skip(1);
        while let Some(arg) = it.next() {
            let mut value = |what: &str| {
                it.next()
                    .unwrap_or_else(|| panic!("{arg} needs a value ({what})"))
            };
            match arg.as_str() {
                "--seconds" => args.seconds = value("seconds").parse().expect("--seconds S"),
                "--rounds" => args.rounds = value("rounds").parse().expect("--rounds R"),
                "--out" => args.out = Some(value("a file")),
                "--python" => args.python = Some(value("a python executable")),
                "--only" => args.only = Some(value("a contender")),
                // What cargo passes to every bench binary.
                "--bench" => {}
                other => panic!("unexpected argument {other:?}"),
            }
        }
        args
    }
}

/// The loopback server: its own thread and `current_thread` runtime, one task per connection.
fn start_server() -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let addr = listener.local_addr().unwrap();
    listener.set_nonblocking(true).unwrap();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            loop {
                let (stream, _) = listener.accept().await.unwrap();
                stream.set_nodelay(true).unwrap();
                tokio::spawn(async move {
                    let service = service_fn(|request: Request<Incoming>| async move {
                        let json = request
                            .uri()
                            .query()
                            .is_some_and(|q| q.contains("responseFormatType=json"));
                        let (body, content_type) = if json {
                            (JSON, "application/json;charset=UTF-8")
                        } else {
                            (XML, "application/xml;charset=UTF-8")
                        };
                        Ok::<_, Infallible>(
                            Response::builder()
                                .header("content-type", content_type)
                                .body(Full::new(Bytes::from_static(body)))
                                .unwrap(),
                        )
                    });
                    // A client that goes away ends its connection; nothing to report.
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
    });
    addr
}

/// The headers every contender sends, signed once (the bare loops reuse them).
fn fixed_headers(format: Format) -> Vec<(&'static str, String)> {
    let target = format!(
        "{PATH}?responseFormatType={}",
        format.response_format_type()
    );
    let timestamp = signing::timestamp_now();
    let signature = signing::sign(SECRET_KEY, "POST", &target, &timestamp, ACCESS_KEY);
    vec![
        (
            "content-type",
            "application/x-www-form-urlencoded".to_owned(),
        ),
        ("user-agent", "bench/1".to_owned()),
        ("accept", "*/*".to_owned()),
        (signing::TIMESTAMP_HEADER, timestamp),
        (signing::ACCESS_KEY_HEADER, ACCESS_KEY.to_owned()),
        (signing::SIGNATURE_HEADER, signature),
    ]
}

/// The official SDK in a child process.
struct Python {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Python {
    fn start(python: &str, addr: SocketAddr) -> Result<Python, String> {
        let mut child = Command::new(python)
            .args(["-c", PYTHON, &format!("http://{addr}/vserver/v2")])
            .args([ACCESS_KEY, SECRET_KEY])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot run {python}: {e}"))?;
        let stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        stdout.read_line(&mut line).map_err(|e| e.to_string())?;
        if line.trim() != "ready" {
            let _ = child.kill();
            return Err(format!("the SDK did not start (it said {line:?})"));
        }
        Ok(Python {
            child,
            stdin,
            stdout,
        })
    }

    /// Runs calls for `seconds`: (calls, wall seconds, CPU seconds).
    fn run(&mut self, seconds: f64) -> (u64, f64, f64) {
        writeln!(self.stdin, "{seconds}").expect("the SDK's loop reads its input");
        let mut line = String::new();
        self.stdout.read_line(&mut line).expect("the SDK answers");
        let parts: Vec<&str> = line.split_whitespace().collect();
        match parts.as_slice() {
            [n, wall, cpu] => (
                n.parse().unwrap(),
                wall.parse().unwrap(),
                cpu.parse().unwrap(),
            ),
            _ => panic!("unexpected answer from the SDK: {line:?}"),
        }
    }
}

impl Drop for Python {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// CPU time of the calling thread, in nanoseconds (Linux's scheduler statistics).
fn thread_cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// The CPUs the process may run on (`Cpus_allowed_list` of `/proc/self/status`).
fn allowed_cpus() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("Cpus_allowed_list:"))
                .map(|v| v.trim().to_owned())
        })
        .unwrap_or_default()
}

fn load_average() -> f64 {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(f64::NAN)
}

/// One contender's means of making a call.
enum Contender {
    Hyper(
        hyper::client::conn::http1::SendRequest<Full<Bytes>>,
        Vec<(&'static str, String)>,
    ),
    Reqwest(reqwest::Client, reqwest::Url, reqwest::header::HeaderMap),
    Ours(Client),
    Python(Python),
}

impl Contender {
    async fn call(&mut self) {
        match self {
            Contender::Hyper(sender, headers) => {
                let mut request = Request::post(format!("{PATH}?responseFormatType=xml"));
                for (name, value) in headers.iter() {
                    request = request.header(*name, value);
                }
                let request = request.body(Full::new(Bytes::new())).unwrap();
                sender.ready().await.expect("the connection stays open");
                let response = sender.send_request(request).await.expect("an answer");
                let body = response.into_body().collect().await.unwrap().to_bytes();
                assert_eq!(body.len(), XML.len());
            }
            Contender::Reqwest(http, url, headers) => {
                let body = http
                    .post(url.clone())
                    .headers(headers.clone())
                    .body("")
                    .send()
                    .await
                    .expect("an answer")
                    .bytes()
                    .await
                    .expect("a body");
                assert_eq!(body.len(), XML.len());
            }
            Contender::Ours(client) => {
                let regions = client.get_region_list().send().await.expect("an answer");
                assert_eq!(regions.region_list.len(), 5);
            }
            Contender::Python(_) => unreachable!("the SDK runs its own loop"),
        }
    }

    /// Runs calls for `seconds`: (calls, wall seconds, CPU seconds of the client).
    async fn run(&mut self, seconds: f64) -> (u64, f64, f64) {
        if let Contender::Python(python) = self {
            return python.run(seconds);
        }
        let limit = Duration::from_secs_f64(seconds);
        let cpu = thread_cpu_ns();
        let start = Instant::now();
        let mut calls = 0;
        while start.elapsed() < limit {
            self.call().await;
            calls += 1;
        }
        let wall = start.elapsed().as_secs_f64();
        (calls, wall, (thread_cpu_ns() - cpu) as f64 / 1e9)
    }
}

fn main() {
    let args = Args::parse();
    let load_before = load_average();
    let addr = start_server();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut contenders: Vec<(&str, Contender)> = runtime.block_on(async {
        let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        stream.set_nodelay(true).unwrap();
        let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .unwrap();
        tokio::spawn(connection);
        let mut headers = fixed_headers(Format::Xml);
        headers.push(("host", addr.to_string()));
        let hyper = Contender::Hyper(sender, headers);

        let http = || reqwest::Client::builder().no_proxy().build().unwrap();
        let url = format!("http://{addr}{PATH}?responseFormatType=xml");
        let mut map = reqwest::header::HeaderMap::new();
        for (name, value) in fixed_headers(Format::Xml) {
            if name != "accept" {
                map.insert(name, value.parse().unwrap());
            }
        }
        let reqwest = Contender::Reqwest(http(), url.parse().unwrap(), map);
        let ours = |format| {
            Contender::Ours(
                Client::builder()
                    .gateway(format!("http://{addr}"))
                    .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY))
                    .user_agent("bench/1")
                    .http_client(http())
                    .response_format(format)
                    .build()
                    .unwrap(),
            )
        };
        vec![
            ("hyper", hyper),
            ("reqwest", reqwest),
            ("ours_xml", ours(Format::Xml)),
            ("ours_json", ours(Format::Json)),
        ]
    });
    if let Some(only) = &args.only {
        contenders.retain(|(name, _)| name == only);
        assert!(!contenders.is_empty(), "no contender is called {only:?}");
    }
    let mut python_note = None;
    match &args.python {
        _ if args.only.is_some() => python_note = Some("--only".to_owned()),
        Some(python) => match Python::start(python, addr) {
            Ok(p) => contenders.push(("python_sdk", Contender::Python(p))),
            Err(e) => python_note = Some(e),
        },
        None => python_note = Some("no --python given".to_owned()),
    }
    // Warm-up: connections open, caches and the allocator settled.
    runtime.block_on(async {
        for (_, c) in contenders.iter_mut() {
            if !matches!(c, Contender::Python(_)) {
                for _ in 0..300 {
                    c.call().await;
                }
            }
        }
    });
    let mut results: Vec<Vec<(u64, f64, f64)>> = vec![Vec::new(); contenders.len()];
    for round in 0..args.rounds {
        for k in 0..contenders.len() {
            let i = (k + round) % contenders.len();
            let result = runtime.block_on(contenders[i].1.run(args.seconds));
            results[i].push(result);
        }
    }
    let cpus = allowed_cpus();
    println!(
        "calls per second, {} rounds of {} s, CPUs {cpus}, load before {load_before:.2}",
        args.rounds, args.seconds
    );
    let mut rows_json = Vec::new();
    for ((name, _), rows) in contenders.iter().zip(&results) {
        let per_s: Vec<f64> = rows.iter().map(|(n, w, _)| *n as f64 / w).collect();
        let cpu_us: Vec<f64> = rows.iter().map(|(n, _, c)| c / *n as f64 * 1e6).collect();
        let median = |v: &[f64]| {
            let mut v = v.to_vec();
            v.sort_by(f64::total_cmp);
            v[v.len() / 2]
        };
        println!(
            "{name:>12}: {:>9.0} calls/s, {:>7.1} µs CPU per call (medians)",
            median(&per_s),
            median(&cpu_us)
        );
        rows_json.push(serde_json::json!({
            "name": name,
            "calls": rows.iter().map(|(n, _, _)| n).collect::<Vec<_>>(),
            "calls_per_s": per_s,
            "cpu_us_per_call": cpu_us,
        }));
    }
    let json = serde_json::json!({
        "cpus": cpus,
        "load_before": load_before,
        "rounds": args.rounds,
        "seconds": args.seconds,
        "python_note": python_note,
        "contenders": rows_json,
    });
    if let Some(note) = &python_note {
        println!("python_sdk: skipped ({note})");
    }
    if let Some(out) = &args.out {
        std::fs::write(out, format!("{json:#}\n"))
            .unwrap_or_else(|e| panic!("cannot write {out}: {e}"));
    }
}
