//! The calls-per-second runs: `generated/benches/calls.rs` pinned to one CPU with `taskset`
//! (when it is installed) and unpinned, with NCP's official Python SDK in a virtual environment
//! of the report's own when it can be installed.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// The version of NCP's official SDK (PyPI `ncloud-vserver`) the report compares with.
pub const PYTHON_SDK: &str = "ncloud-vserver==1.0.1";

/// One contender of a run: its calls per second and client CPU µs per call, per round.
#[derive(Clone, Debug, PartialEq)]
pub struct Contender {
    /// `hyper`, `reqwest`, `ours_xml`, `ours_json`, `python_sdk`.
    pub name: String,
    /// Calls per second of wall time, one per round.
    pub calls_per_s: Vec<f64>,
    /// CPU time of the client per call in µs, one per round.
    pub cpu_us_per_call: Vec<f64>,
}

/// One run of the bench.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    /// The CPUs the bench could run on (`Cpus_allowed_list`), e.g. `1` when pinned.
    pub cpus: String,
    /// Whether the run was pinned to one CPU with `taskset`.
    pub pinned: bool,
    /// 1-minute load average when the run started.
    pub load_before: Option<f64>,
    /// Rounds and seconds per contender per round.
    pub rounds: u64,
    /// See `rounds`.
    pub seconds: f64,
    /// Why the Python SDK is missing, when it is.
    pub python_note: Option<String>,
    /// The contenders, in the bench's order.
    pub contenders: Vec<Contender>,
}

impl Run {
    /// The contender called `name`.
    pub fn get(&self, name: &str) -> Option<&Contender> {
        self.contenders.iter().find(|c| c.name == name)
    }

    /// The median over rounds of `a`'s calls/s divided by `b`'s in the same round: the ratio
    /// that a change of load during the run moves least.
    pub fn ratio(&self, a: &str, b: &str) -> Option<f64> {
        let (a, b) = (self.get(a)?, self.get(b)?);
        median(
            a.calls_per_s
                .iter()
                .zip(&b.calls_per_s)
                .map(|(x, y)| x / y)
                .collect(),
        )
    }
}

/// The median of `values` (`None` when empty).
pub fn median(mut values: Vec<f64>) -> Option<f64> {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied()
}

/// Parses what the bench wrote with `--out`.
pub fn parse(text: &str, pinned: bool) -> Result<Run, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| format!("calls results: {e}"))?;
    let numbers = |v: &Value| -> Vec<f64> {
        v.as_array()
            .map(|a| a.iter().filter_map(Value::as_f64).collect())
            .unwrap_or_default()
    };
    let contenders = v["contenders"]
        .as_array()
        .ok_or("calls results: no contenders")?
        .iter()
        .map(|c| Contender {
            name: c["name"].as_str().unwrap_or_default().to_owned(),
            calls_per_s: numbers(&c["calls_per_s"]),
            cpu_us_per_call: numbers(&c["cpu_us_per_call"]),
        })
        .collect();
    Ok(Run {
        cpus: v["cpus"].as_str().unwrap_or_default().to_owned(),
        pinned,
        load_before: v["load_before"].as_f64(),
        rounds: v["rounds"].as_u64().unwrap_or(0),
        seconds: v["seconds"].as_f64().unwrap_or(0.0),
        python_note: v["python_note"].as_str().map(str::to_owned),
        contenders,
    })
}

/// Whether `taskset` can be run.
pub fn has_taskset() -> bool {
    Command::new("taskset")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The CPU to pin to: the last one this process may use (CPU 0 takes most interrupts).
fn pin_cpu() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get()) - 1
}

/// A Python with the official SDK, in `<target>/bench-python` (made and filled on first use):
/// its interpreter, or why there is none.
pub fn python_sdk(target: &Path) -> Result<PathBuf, String> {
    let venv = target.join("bench-python");
    let python = venv.join("bin").join("python");
    let has_sdk = |python: &Path| {
        Command::new(python)
            .args(["-c", "import ncloud_vserver"])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if has_sdk(&python) {
        return Ok(python);
    }
    let run = |command: &mut Command| -> Result<(), String> {
        println!("+ {command:?}");
        let out = command
            .output()
            .map_err(|e| format!("cannot run {command:?}: {e}"))?;
        if out.status.success() {
            Ok(())
        } else {
            let stderr = String::from_utf8_lossy(&out.stderr);
            Err(format!(
                "{command:?} failed: {}",
                stderr.lines().last().unwrap_or("")
            ))
        }
    };
    run(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
    run(Command::new(&python).args(["-m", "pip", "install", "--quiet", PYTHON_SDK]))?;
    if has_sdk(&python) {
        Ok(python)
    } else {
        Err(format!("{PYTHON_SDK} installed but does not import"))
    }
}

/// Runs the bench once, pinned to one CPU or not, and reads its results.
pub fn run(
    root: &Path,
    target: &Path,
    quick: bool,
    pinned: bool,
    python: Result<&Path, &str>,
) -> Result<Run, String> {
    let out = results_file(target, pinned);
    std::fs::create_dir_all(out.parent().unwrap_or(target))
        .map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut command = if pinned {
        let mut c = Command::new("taskset");
        c.args(["-c", &pin_cpu().to_string()]).arg(&cargo);
        c
    } else {
        Command::new(&cargo)
    };
    command
        .args(["bench", "-p", "ncloud-vserver", "--bench", "calls", "--"])
        .args(["--rounds", if quick { "5" } else { "9" }])
        .args(["--seconds", if quick { "0.25" } else { "0.5" }])
        .arg("--out")
        .arg(&out)
        .current_dir(root);
    if let Ok(python) = python {
        command.arg("--python").arg(python);
    }
    println!("+ {command:?}");
    let status = command
        .status()
        .map_err(|e| format!("cannot run {command:?}: {e}"))?;
    if !status.success() {
        return Err(format!("{command:?} failed ({status})"));
    }
    let mut run = read(target, pinned)?;
    if let (Err(note), None) = (python, &run.python_note) {
        run.python_note = Some(note.to_owned());
    }
    Ok(run)
}

/// The results of the last run (pinned or not) in the target directory.
pub fn read(target: &Path, pinned: bool) -> Result<Run, String> {
    let path = results_file(target, pinned);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        format!(
            "cannot read {} ({e}); run without --no-run first",
            path.display()
        )
    })?;
    parse(&text, pinned)
}

fn results_file(target: &Path, pinned: bool) -> PathBuf {
    target.join("calls").join(if pinned {
        "pinned.json"
    } else {
        "unpinned.json"
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_run_and_takes_per_round_ratios() {
        let text = r#"{"cpus":"1","load_before":0.5,"rounds":3,"seconds":0.25,
            "python_note":null,"contenders":[
            {"name":"reqwest","calls_per_s":[100.0,200.0,100.0],"cpu_us_per_call":[5.0,5.0,6.0]},
            {"name":"ours_xml","calls_per_s":[90.0,190.0,99.0],"cpu_us_per_call":[6.0,6.0,6.0]}]}"#;
        let run = parse(text, true).unwrap();
        assert_eq!(run.cpus, "1");
        assert_eq!(run.python_note, None);
        assert_eq!(run.get("ours_xml").unwrap().calls_per_s.len(), 3);
        // Per round: 0.90, 0.95, 0.99; the median is the middle one, not 379/400.
        assert_eq!(run.ratio("ours_xml", "reqwest"), Some(0.95));
        assert_eq!(run.ratio("ours_xml", "python_sdk"), None);
        assert_eq!(median(vec![]), None);
        assert!(parse("{}", false).is_err());
    }
}
