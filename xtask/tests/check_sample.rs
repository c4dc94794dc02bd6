//! `cargo xtask check-sample`: exit codes, stdout and stderr, run as the real binary.

use std::path::{Path, PathBuf};
use std::process::Command;

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/samples")
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn check_sample(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("check-sample")
        .args(args)
        .output()
        .expect("run xtask");
    Run {
        code: out.status.code().expect("exit code"),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn temp_file(name: &str, contents: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-check-sample-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

#[test]
fn prints_the_unwrapped_body_as_json_in_both_formats() {
    let mut printed = Vec::new();
    for file in ["getServerImageDetail.xml", "getServerImageDetail.json"] {
        let path = samples().join(file);
        let run = check_sample(&["--strict", "getServerImageDetail", path.to_str().unwrap()]);
        assert_eq!(run.code, 0, "{file}: {}", run.stderr);
        assert_eq!(run.stderr, "", "{file}");
        let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        // the object inside the wrapper, with the API's field names
        assert_eq!(value["returnCode"], "0");
        assert_eq!(
            value["serverImageList"][0]["blockStorageMappingList"][0]["blockStorageSize"],
            53_687_091_200_i64
        );
        printed.push(value);
    }
    assert_eq!(printed[0], printed[1]);
}

/// The operations with a sample pair in `tests/samples` (every operation of the spec; the
/// samples test checks that), in name order.
fn sampled_operations() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(samples())
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            let stem = name.strip_suffix(".xml")?.to_owned();
            samples()
                .join(format!("{stem}.json"))
                .exists()
                .then_some(stem)
        })
        .filter(|stem| stem != "responseError")
        .collect();
    names.sort();
    names
}

#[test]
fn every_sample_decodes_and_both_formats_print_the_same() {
    let operations = sampled_operations();
    assert!(operations.len() >= 102, "{operations:?}");
    for operation in &operations {
        let outputs: Vec<String> = ["xml", "json"]
            .iter()
            .map(|ext| {
                let path = samples().join(format!("{operation}.{ext}"));
                // Not `--strict`: many samples carry fields from a newer API on purpose.
                let run = check_sample(&[operation, path.to_str().unwrap()]);
                assert_eq!(run.code, 0, "{operation}.{ext}: {}", run.stderr);
                run.stdout
            })
            .collect();
        assert_eq!(
            outputs[0], outputs[1],
            "{operation}: XML and JSON print differently"
        );
    }
}

#[test]
fn samples_without_unknown_parts_pass_strict_with_fields_in_spec_order() {
    for operation in [
        "getServerImageDetail",
        "getServerImageList",
        "getRegionList",
    ] {
        let path = samples().join(format!("{operation}.xml"));
        let run = check_sample(&["--strict", operation, path.to_str().unwrap()]);
        assert_eq!(run.code, 0, "{operation}: {}", run.stderr);
        assert_eq!(run.stderr, "", "{operation}");
        // fields in spec order (envelope first), not sorted by name
        let text = &run.stdout;
        let order = ["requestId", "returnCode", "returnMessage", "totalRows"].map(|k| {
            text.find(&format!("\"{k}\""))
                .unwrap_or_else(|| panic!("{operation}: no {k}"))
        });
        assert!(order.is_sorted(), "{operation}: {text}");
    }
}

#[test]
fn unknown_parts_warn_and_strict_exits_2() {
    let path = temp_file(
        "drift.xml",
        "<getRegionListResponse><returnCode>0</returnCode><newThing>1</newThing>\
         <regionList><region><regionCode>KR</regionCode><zoneHint>a</zoneHint></region></regionList>\
         </getRegionListResponse>",
    );
    let path = path.to_str().unwrap();

    let run = check_sample(&["getRegionList", path]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let warnings: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(warnings.len(), 2, "{}", run.stderr);
    assert!(
        warnings[0].contains("getRegionListResponse/newThing"),
        "{}",
        run.stderr
    );
    // the content of an unknown element is shown, as received
    assert!(warnings[0].ends_with(": \"1\""), "{}", run.stderr);
    assert!(
        warnings[1].contains("getRegionListResponse/regionList/region[0]/zoneHint"),
        "{}",
        run.stderr
    );
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(value["regionList"][0]["regionCode"], "KR");

    let run = check_sample(&["--strict", "getRegionList", path]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}

#[test]
fn undecodable_body_exits_1_with_path_and_text() {
    let path = temp_file(
        "bad.xml",
        "<getServerImageDetailResponse><serverImageList><serverImage>\
         <blockStorageMappingList><blockStorageMapping><blockStorageSize>fifty</blockStorageSize>\
         </blockStorageMapping></blockStorageMappingList></serverImage></serverImageList>\
         </getServerImageDetailResponse>",
    );
    let run = check_sample(&["getServerImageDetail", path.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.contains(
            "getServerImageDetailResponse/serverImageList/serverImage[0]/blockStorageMappingList/blockStorageMapping[0]/blockStorageSize"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("fifty"), "{}", run.stderr);
}

#[test]
fn error_bodies_exit_1_with_code_and_message() {
    for (file, code, message) in [
        ("responseError.xml", "800050", "could not be found"),
        ("responseError.json", "800050", "could not be found"),
        ("gatewayError.json", "200", "Authentication Failed"),
    ] {
        let path = samples().join(file);
        let run = check_sample(&["getServerImageDetail", path.to_str().unwrap()]);
        assert_eq!(run.code, 1, "{file}");
        assert!(run.stderr.contains(code), "{file}: {}", run.stderr);
        assert!(run.stderr.contains(message), "{file}: {}", run.stderr);
    }
}

#[test]
fn unknown_operation_and_bad_arguments_exit_1() {
    let path = samples().join("getRegionList.xml");
    let run = check_sample(&["getNothing", path.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("getServerImageDetail"),
        "{}",
        run.stderr
    );
    assert_eq!(check_sample(&["getRegionList"]).code, 1);
}
