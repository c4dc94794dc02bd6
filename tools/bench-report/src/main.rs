//! `cargo xtask bench-report [--quick] [--no-run]` (which runs this binary): runs the
//! benchmarks and writes `docs/benchmarks.md` and `docs/benchmarks.png`.
//!
//! A tool crate of its own so that its chart's dependencies (plotters, the embedded font) are
//! built only by whoever makes the report, not by every `cargo xtask regen`.
//!
//! What it runs (each printed before it runs, so a reader can repeat any step):
//! - the criterion benches `decode`, `sign` and `call` of `ncloud-vserver` and `codegen` of
//!   `codegen`, then reads the medians from criterion's `estimates.json` files;
//! - the `decode_memory` example (peak heap and allocations of each decoder on 10,000 images);
//! - when `valgrind` is installed, the same example under callgrind, counting the instructions
//!   of each decoder alone (repeatable, unlike times on a shared machine);
//! - the debug build of the `ncloud-vserver` crate after touching its sources, dependencies
//!   already built (and a cold one, the first time), in a target directory of its own;
//! - the calls-per-second bench `calls` of `ncloud-vserver` (sequential calls against a loopback
//!   server by a bare hyper loop, a bare reqwest loop, our client and NCP's official Python SDK,
//!   interleaved), once pinned to one CPU with `taskset` when it is installed and once unpinned;
//!   the SDK is installed into `<target>/bench-python` (skipped, with a note, when it cannot be).
//!
//! `--quick` shortens criterion's warm-up and measurement (1 s and 2 s instead of 3 s and 5 s)
//! and times the build once instead of three times; `--no-run` skips the criterion runs and
//! reports the results already in the target directory.

mod calls;
mod chart;
mod machine;
mod report;
mod results;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use self::results::{Estimate, Memory};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match Args::parse(&args).and_then(|a| run(&workspace_root(), &a)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root: two levels above this crate's directory (`tools/bench-report`).
fn workspace_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .ancestors()
        .nth(2)
        .unwrap_or(manifest_dir)
        .to_path_buf()
}

/// Parsed arguments of `bench-report`.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Args {
    /// Shorter criterion runs.
    pub quick: bool,
    /// Report the criterion results already on disk.
    pub no_run: bool,
}

impl Args {
    /// Parses the arguments after `bench-report`.
    pub fn parse(args: &[String]) -> Result<Args, String> {
        let mut parsed = Args::default();
        for arg in args {
            match arg.as_str() {
                "--quick" => parsed.quick = true,
                "--no-run" => parsed.no_run = true,
                other => {
                    return Err(format!(
                        "bench-report: unexpected argument `{other}` \
                         (usage: bench-report [--quick] [--no-run])"
                    ));
                }
            }
        }
        Ok(parsed)
    }
}

/// The decode approaches, in chart and table order, with the reference each is compared to.
pub const DECODERS: [(&str, Option<&str>); 5] = [
    ("xml_raw_reader", None),
    ("xml_typed", Some("xml_raw_reader")),
    ("xml_typed_unknown", Some("xml_raw_reader")),
    ("json_plain_derive", None),
    ("json_typed", Some("json_plain_derive")),
];
/// Response sizes of the `decode` bench (images).
pub const SIZES: [usize; 3] = [1, 100, 10_000];
const REQUEST: [&str; 2] = ["sign", "sign_and_build"];
const CALLS: [&str; 4] = ["xml_1", "json_1", "xml_100", "json_100"];
const CODEGEN_GROUPS: [&str; 2] = ["codegen_102_ops", "codegen_200_ops"];
const CODEGEN_STAGES: [&str; 4] = ["load", "model", "emit_format", "total"];
/// `decode_memory` modes profiled with callgrind: (mode, function to count).
const PROFILED: [(&str, &str); 5] = [
    ("raw", "raw_xml_events"),
    ("xml", "decode_xml"),
    ("xml_unknown", "decode_xml_unknown"),
    ("json_plain", "decode_json_plain"),
    ("json", "decode_json"),
];

/// Everything the report shows.
pub struct Results {
    machine: machine::Machine,
    quick: bool,
    decode: Vec<(usize, Vec<(&'static str, Estimate)>)>,
    request: Vec<(&'static str, Estimate)>,
    call: Vec<(&'static str, Estimate)>,
    codegen: Vec<(&'static str, Vec<(&'static str, Estimate)>)>,
    memory: Memory,
    instructions: Option<Vec<(&'static str, u64)>>,
    build: BuildTimes,
    /// The calls-per-second runs: pinned (when `taskset` is there), then unpinned.
    calls: Vec<calls::Run>,
    /// 1-minute load average before each criterion run, in order.
    loads: Vec<(&'static str, Option<f64>)>,
}

/// Runs the benchmarks (unless `--no-run`) and writes the report under `root/docs`.
pub fn run(root: &Path, args: &Args) -> Result<(), String> {
    let target = target_dir(root);
    let load_before = machine::load_average();
    let mut loads = Vec::new();
    if !args.no_run {
        let mut criterion_args = vec!["--noplot".to_owned()];
        if args.quick {
            criterion_args
                .extend(["--warm-up-time", "1", "--measurement-time", "2"].map(String::from));
        }
        let mut bench = vec!["bench", "-p", "ncloud-vserver"];
        bench.extend([
            "--bench", "decode", "--bench", "sign", "--bench", "call", "--",
        ]);
        bench.extend(criterion_args.iter().map(String::as_str));
        loads.push(("decode, sign, call", machine::load_average()));
        cargo(root, &bench)?;
        let mut bench = vec!["bench", "-p", "codegen", "--bench", "codegen", "--"];
        bench.extend(criterion_args.iter().map(String::as_str));
        loads.push(("codegen", machine::load_average()));
        cargo(root, &bench)?;
    }
    let dir = results::criterion_dir(&target);
    let get = |group: &str, function: &str| results::estimate(&dir, group, function);
    let decode = SIZES
        .iter()
        .map(|&n| {
            let group = format!("decode_{n}");
            let rows = DECODERS
                .iter()
                .map(|(name, _)| Ok((*name, get(&group, name)?)))
                .collect::<Result<Vec<_>, String>>()?;
            Ok((n, rows))
        })
        .collect::<Result<Vec<_>, String>>()?;
    let request = REQUEST
        .iter()
        .map(|name| Ok((*name, get("request", name)?)))
        .collect::<Result<Vec<_>, String>>()?;
    let call = CALLS
        .iter()
        .map(|name| Ok((*name, get("call", name)?)))
        .collect::<Result<Vec<_>, String>>()?;
    let codegen = CODEGEN_GROUPS
        .iter()
        .map(|group| {
            let rows = CODEGEN_STAGES
                .iter()
                .map(|stage| Ok((*stage, get(group, stage)?)))
                .collect::<Result<Vec<_>, String>>()?;
            Ok((*group, rows))
        })
        .collect::<Result<Vec<_>, String>>()?;

    cargo(
        root,
        &[
            "build",
            "--release",
            "-p",
            "ncloud-vserver",
            "--example",
            "decode_memory",
        ],
    )?;
    let example = target
        .join("release")
        .join("examples")
        .join("decode_memory");
    let memory = results::parse_memory(&output(&mut Command::new(&example))?)?;
    let instructions = if machine::has_valgrind() {
        Some(count_instructions(&example)?)
    } else {
        eprintln!("valgrind not found: no instruction counts in the report");
        None
    };
    let build = time_debug_build(root, &target, if args.quick { 1 } else { 3 })?;
    let calls = calls_runs(root, &target, args)?;
    let results = Results {
        machine: machine::Machine::describe(load_before),
        quick: args.quick,
        decode,
        request,
        call,
        codegen,
        memory,
        instructions,
        build,
        calls,
        loads,
    };

    let docs = root.join("docs");
    let png = docs.join("benchmarks.png");
    let groups: Vec<String> = SIZES.iter().map(|n| format!("{n}")).collect();
    let series: Vec<chart::Series> = DECODERS
        .iter()
        .enumerate()
        .map(|(k, (name, _))| chart::Series {
            name: (*name).to_owned(),
            values: results
                .decode
                .iter()
                .map(|(_, rows)| rows[k].1.mb_per_s())
                .collect(),
        })
        .collect();
    let decode_panel = chart::Panel {
        title: "Decoding getServerImageList: throughput by approach and size".to_owned(),
        groups,
        x_desc: "images in the response".to_owned(),
        y_desc: "MB/s of input (higher is better)".to_owned(),
        series,
    };
    let mut panels = vec![decode_panel];
    if !results.calls.is_empty() {
        panels.push(calls_panel(&results.calls));
    }
    chart::draw(&png, &panels)?;
    let md = docs.join("benchmarks.md");
    let mut text = report::markdown(&results);
    // Sections measured by hand (from `HAND_MEASURED` on) are kept across reruns.
    if let Some(kept) = std::fs::read_to_string(&md)
        .ok()
        .and_then(|old| old.find(HAND_MEASURED).map(|i| old[i..].to_owned()))
    {
        text.push('\n');
        text.push_str(&kept);
    }
    std::fs::write(&md, text).map_err(|e| format!("cannot write {}: {e}", md.display()))?;
    println!("wrote {} and {}", md.display(), png.display());
    Ok(())
}

/// Runs the calls-per-second bench (pinned when `taskset` is there, then unpinned), or with
/// `--no-run` reads the results of the last runs.
fn calls_runs(root: &Path, target: &Path, args: &Args) -> Result<Vec<calls::Run>, String> {
    let pinned = calls::has_taskset();
    if !pinned {
        eprintln!("taskset not found: the calls-per-second bench runs unpinned only");
    }
    if args.no_run {
        return Ok([true, false]
            .into_iter()
            .filter_map(|p| calls::read(target, p).ok())
            .collect());
    }
    let python = calls::python_sdk(target);
    if let Err(note) = &python {
        eprintln!("the Python SDK is skipped: {note}");
    }
    // Built first, on every CPU, so that the pinned run does not compile on one.
    cargo(
        root,
        &[
            "bench",
            "-p",
            "ncloud-vserver",
            "--bench",
            "calls",
            "--no-run",
        ],
    )?;
    let python = python.as_deref().map_err(String::as_str);
    let mut runs = Vec::new();
    if pinned {
        runs.push(calls::run(root, target, args.quick, true, python)?);
    }
    runs.push(calls::run(root, target, args.quick, false, python)?);
    Ok(runs)
}

/// The chart's panel of calls per second: one bar per contender, grouped by run.
fn calls_panel(runs: &[calls::Run]) -> chart::Panel {
    const CONTENDERS: [&str; 5] = ["hyper", "reqwest", "ours_xml", "ours_json", "python_sdk"];
    chart::Panel {
        title: "Sequential getRegionList calls on loopback: calls per second".to_owned(),
        groups: runs
            .iter()
            .map(|r| {
                if r.pinned {
                    format!("pinned to CPU {}", r.cpus)
                } else {
                    "unpinned".to_owned()
                }
            })
            .collect(),
        x_desc: "client and server".to_owned(),
        y_desc: "calls per second (higher is better)".to_owned(),
        series: CONTENDERS
            .iter()
            .map(|name| chart::Series {
                name: (*name).to_owned(),
                values: runs
                    .iter()
                    .map(|r| {
                        r.get(name)
                            .and_then(|c| calls::median(c.calls_per_s.clone()))
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// The heading from which `docs/benchmarks.md` is written by hand, not by this report.
const HAND_MEASURED: &str = "## Measured by hand";

/// The cargo target directory: `$CARGO_TARGET_DIR` (relative to `root` if relative), else
/// `root/target`.
fn target_dir(root: &Path) -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => root.join(dir),
        None => root.join("target"),
    }
}

fn cargo(root: &Path, args: &[&str]) -> Result<(), String> {
    println!("+ cargo {}", args.join(" "));
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args(args)
        .current_dir(root)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`cargo {}` failed ({status})", args.join(" ")))
    }
}

fn output(command: &mut Command) -> Result<String, String> {
    println!("+ {command:?}");
    let out = command
        .output()
        .map_err(|e| format!("cannot run {command:?}: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "{command:?} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Instructions each decoder executes on the 10,000-image inputs (its function alone: input
/// generation and the value's drop are outside it).
fn count_instructions(example: &Path) -> Result<Vec<(&'static str, u64)>, String> {
    PROFILED
        .iter()
        .map(|(mode, function)| {
            let mut command = Command::new("valgrind");
            command
                .arg("--tool=callgrind")
                .arg("--collect-atstart=no")
                .arg(format!("--toggle-collect=decode_memory::{function}"))
                .arg("--callgrind-out-file=/dev/null")
                .arg(example)
                .arg(mode);
            println!("+ {command:?}");
            let out = command
                .output()
                .map_err(|e| format!("cannot run valgrind: {e}"))?;
            let stderr = String::from_utf8_lossy(&out.stderr);
            let refs = results::parse_callgrind_refs(&stderr)
                .filter(|_| out.status.success())
                .ok_or_else(|| format!("callgrind of `{mode}` failed: {stderr}"))?;
            Ok((*mode, refs))
        })
        .collect()
}

/// Debug build times of the `ncloud-vserver` crate, in seconds.
pub struct BuildTimes {
    /// The first build in the report's own target directory, when it had to build every
    /// dependency (the directory was new).
    pub cold: Option<f64>,
    /// Builds after touching `generated/src/lib.rs`, dependencies already built.
    pub touched: Vec<f64>,
}

/// Times `cargo build -p ncloud-vserver` (debug) in a target directory of its own
/// (`<target>/bench-report-build`), so that builds of other crates or features in the shared
/// one neither invalidate its dependencies nor hold its lock during a timing: first a plain build
/// (a cold build when that directory is new), then `runs` builds after touching
/// `generated/src/lib.rs`.
fn time_debug_build(root: &Path, target: &Path, runs: usize) -> Result<BuildTimes, String> {
    let dir = target.join("bench-report-build");
    let fresh = !dir.join("debug").exists();
    let build = |what: &str| -> Result<f64, String> {
        println!(
            "+ CARGO_TARGET_DIR={} cargo build -p ncloud-vserver  # {what}",
            dir.display()
        );
        let start = Instant::now();
        let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
            .args(["build", "-p", "ncloud-vserver"])
            .env("CARGO_TARGET_DIR", &dir)
            .current_dir(root)
            .status()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        let secs = start.elapsed().as_secs_f64();
        if status.success() {
            Ok(secs)
        } else {
            Err(format!("`cargo build -p ncloud-vserver` failed ({status})"))
        }
    };
    let first = build(if fresh { "cold" } else { "bring up to date" })?;
    let lib = root.join("generated").join("src").join("lib.rs");
    let touched = (0..runs)
        .map(|_| {
            std::fs::OpenOptions::new()
                .append(true)
                .open(&lib)
                .and_then(|f| f.set_modified(std::time::SystemTime::now()))
                .map_err(|e| format!("cannot touch {}: {e}", lib.display()))?;
            build("after touching generated/src/lib.rs")
        })
        .collect::<Result<_, String>>()?;
    Ok(BuildTimes {
        cold: fresh.then_some(first),
        touched,
    })
}
