//! Reading what the benchmarks left behind: criterion's estimates, and the text tables of the
//! `decode_memory` example.

use std::path::{Path, PathBuf};

use serde_json::Value;

/// One criterion benchmark's result.
#[derive(Clone, Debug, PartialEq)]
pub struct Estimate {
    /// The median time of one iteration, in nanoseconds.
    pub median_ns: f64,
    /// The 95% confidence interval of the median, in nanoseconds.
    pub low_ns: f64,
    /// See `low_ns`.
    pub high_ns: f64,
    /// Bytes per iteration, when the bench declared a throughput.
    pub bytes: Option<u64>,
}

impl Estimate {
    /// Throughput in MB/s (10^6 bytes), when the bench declared one.
    pub fn mb_per_s(&self) -> Option<f64> {
        self.bytes.map(|b| b as f64 / self.median_ns * 1e3)
    }

    /// Half the width of the median's confidence interval, relative to the median.
    pub fn spread(&self) -> f64 {
        (self.high_ns - self.low_ns) / 2.0 / self.median_ns
    }
}

/// Where criterion writes its results: `$CRITERION_HOME`, else `<target dir>/criterion`.
pub fn criterion_dir(target_dir: &Path) -> PathBuf {
    match std::env::var_os("CRITERION_HOME") {
        Some(home) => PathBuf::from(home),
        None => target_dir.join("criterion"),
    }
}

/// The latest estimate of `group/function`, from `<dir>/<group>/<function>/new/`.
pub fn estimate(dir: &Path, group: &str, function: &str) -> Result<Estimate, String> {
    let base = dir.join(group).join(function).join("new");
    let estimates = read_json(&base.join("estimates.json"))?;
    let median = &estimates["median"];
    let number = |v: &Value, what: &str| {
        v.as_f64()
            .ok_or_else(|| format!("{}: no {what}", base.display()))
    };
    let bench = read_json(&base.join("benchmark.json"))?;
    Ok(Estimate {
        median_ns: number(&median["point_estimate"], "median")?,
        low_ns: number(&median["confidence_interval"]["lower_bound"], "lower bound")?,
        high_ns: number(&median["confidence_interval"]["upper_bound"], "upper bound")?,
        bytes: bench["throughput"]["Bytes"].as_u64(),
    })
}

fn read_json(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        format!(
            "cannot read {} ({e}); run without --no-run first",
            path.display()
        )
    })?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// One row of `decode_memory`'s table.
#[derive(Clone, Debug, PartialEq)]
pub struct MemoryRow {
    /// The decoder (`xml`, `json`, ...).
    pub decoder: String,
    /// Peak heap bytes in use while decoding.
    pub peak: u64,
    /// Allocations made.
    pub allocations: u64,
}

/// What `decode_memory` printed: the input sizes and one row per decoder.
#[derive(Clone, Debug, PartialEq)]
pub struct Memory {
    /// Bytes of the XML input.
    pub xml_bytes: u64,
    /// Bytes of the JSON input.
    pub json_bytes: u64,
    /// The rows, in the order printed.
    pub rows: Vec<MemoryRow>,
}

/// Parses `decode_memory`'s output:
///
/// ```text
/// 10000 images; XML input 24197087 bytes, JSON input 12006162 bytes
/// decoder          peak bytes  allocations
/// xml                21606884       249855
/// ```
pub fn parse_memory(text: &str) -> Result<Memory, String> {
    let mut lines = text.lines();
    let first = lines.next().ok_or("decode_memory printed nothing")?;
    let number_after = |label: &str| -> Result<u64, String> {
        first
            .split(label)
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .ok_or_else(|| format!("no `{label}` size in {first:?}"))
    };
    let xml_bytes = number_after("XML input ")?;
    let json_bytes = number_after("JSON input ")?;
    let rows = lines
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let parts: Vec<&str> = line.split_whitespace().collect();
            match parts.as_slice() {
                [decoder, peak, allocations] => Ok(MemoryRow {
                    decoder: (*decoder).to_owned(),
                    peak: peak.parse().map_err(|_| format!("bad row {line:?}"))?,
                    allocations: allocations
                        .parse()
                        .map_err(|_| format!("bad row {line:?}"))?,
                }),
                _ => Err(format!("bad row {line:?}")),
            }
        })
        .collect::<Result<_, _>>()?;
    Ok(Memory {
        xml_bytes,
        json_bytes,
        rows,
    })
}

/// The instruction count from valgrind's summary line `==123== I   refs:      825,310,405`.
pub fn parse_callgrind_refs(stderr: &str) -> Option<u64> {
    let line = stderr.lines().find(|l| l.contains("I   refs:"))?;
    let digits: String = line
        .split("refs:")
        .nth(1)?
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_decode_memory_output() {
        let text = "10000 images; XML input 24197087 bytes, JSON input 12006162 bytes\n\
                    decoder          peak bytes  allocations\n\
                    xml                21606884       249855\n\
                    json_plain         21792227       328754\n";
        let m = parse_memory(text).unwrap();
        assert_eq!((m.xml_bytes, m.json_bytes), (24_197_087, 12_006_162));
        assert_eq!(m.rows.len(), 2);
        assert_eq!(m.rows[1].decoder, "json_plain");
        assert_eq!(
            (m.rows[0].peak, m.rows[0].allocations),
            (21_606_884, 249_855)
        );
        assert!(parse_memory("").is_err());
        assert!(
            parse_memory("10000 images; XML input 1 bytes, JSON input 2 bytes\nh\nxml 1\n")
                .is_err()
        );
    }

    #[test]
    fn reads_callgrind_summary() {
        let err = "==1== Events    : Ir\n==22835== I   refs:      825,310,405\n";
        assert_eq!(parse_callgrind_refs(err), Some(825_310_405));
        assert_eq!(parse_callgrind_refs("nothing"), None);
    }

    #[test]
    fn reads_criterion_estimates() {
        let dir = std::env::temp_dir().join(format!("xtask-bench-{}", std::process::id()));
        let new = dir.join("g").join("f").join("new");
        std::fs::create_dir_all(&new).unwrap();
        std::fs::write(
            new.join("estimates.json"),
            r#"{"median":{"point_estimate":2000.0,"confidence_interval":{"lower_bound":1900.0,"upper_bound":2100.0,"confidence_level":0.95},"standard_error":1.0}}"#,
        )
        .unwrap();
        std::fs::write(
            new.join("benchmark.json"),
            r#"{"group_id":"g","function_id":"f","throughput":{"Bytes":1000}}"#,
        )
        .unwrap();
        let e = estimate(&dir, "g", "f").unwrap();
        assert_eq!(e.median_ns, 2000.0);
        assert_eq!(e.mb_per_s(), Some(500.0));
        assert!((e.spread() - 0.05).abs() < 1e-12);
        assert!(estimate(&dir, "g", "missing").is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
