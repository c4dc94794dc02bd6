//! The benchmark input: a `getServerImageList` response with any number of server images, as XML
//! (indented like the API's own bodies) and as JSON, holding the same data. Shared by the
//! `decode` and `call` benches and the `decode_memory` example.
//!
//! The images vary the way a real listing does: several OS families and image types, names and
//! descriptions in Korean and English with characters that must be escaped (`&`, `<`, `>`, quotes),
//! one or two block storages, some shared login ids, a few optional fields left out.

#![allow(dead_code)] // each user takes the parts it needs

use std::fmt::Write as _;

use serde_json::{Value, json};

/// The sizes the benches decode.
pub const SIZES: [usize; 3] = [1, 100, 10_000];

/// The size `decode_memory` measures.
pub const LARGE: usize = 10_000;

const OS: [(&str, &str, &str, &str); 4] = [
    // (osType code, its name, image name stem, product code)
    (
        "ROCKY",
        "Rocky Linux",
        "rocky-8.10-base",
        "SW.VSVR.OS.LNX64.ROCKY.0810.B050",
    ),
    (
        "UBUNTU",
        "Ubuntu",
        "ubuntu-22.04-base",
        "SW.VSVR.OS.LNX64.UBNTU.SVR2204.B050",
    ),
    (
        "CENTOS",
        "CentOS",
        "centos-7.8-64",
        "SW.VSVR.OS.LNX64.CNTOS.0708.B050",
    ),
    (
        "WINDOWS",
        "Windows",
        "win-2019-64-en",
        "SW.VSVR.OS.WND64.WND.SVR2019EN.B100",
    ),
];

/// One image's data, from which both bodies are written.
fn image(i: usize) -> Value {
    let (os, os_name, stem, product) = OS[i % OS.len()];
    let own = i % 3 == 1; // a user's image (SELF) rather than NCP's
    let (type_code, type_name) = if own {
        ("SELF", "사용자 서버 이미지")
    } else {
        ("NCP", "NCP 서버 이미지")
    };
    let name = if own {
        format!("웹서버-백업 #{i} & \"운영\"")
    } else {
        format!("{stem}-{i}")
    };
    let description = match i % 4 {
        0 => format!("{os_name} 기본 이미지 <v{}> & 보안 패치 적용", i % 17),
        1 => "Rocky Linux 8.10 (mirror: kr.ncloud.com) 'official'".to_owned(),
        2 => String::new(),
        _ => format!("배포용 이미지 – 애플리케이션 서버 {i}호기"),
    };
    let mut storages = vec![json!({
        "order": 0,
        "blockStorageSnapshotInstanceNo": (23_214_597 + i).to_string(),
        "blockStorageSnapshotName": format!("snap-{i}-root"),
        "blockStorageSize": 53_687_091_200_i64,
        "blockStorageName": "root",
        "blockStorageVolumeType": {"code": "SSD", "codeName": "SSD"},
        "iops": 3000,
        "throughput": 131_072_000,
        "isEncryptedVolume": i % 2 == 0,
    })];
    if i % 5 == 0 {
        storages.push(json!({
            "order": 1,
            "blockStorageSize": 107_374_182_400_i64,
            "blockStorageName": "데이터 볼륨",
            "blockStorageVolumeType": {"code": "HDD", "codeName": "HDD"},
            "isEncryptedVolume": false,
        }));
    }
    let shared: Vec<String> = (0..i % 3).map(|k| format!("user{k}@corp")).collect();
    let mut image = json!({
        "serverImageNo": (23_214_590 + i * 7).to_string(),
        "serverImageName": name,
        "serverImageDescription": description,
        "serverImageType": {"code": type_code, "codeName": type_name},
        "serverImageLifeCyclePhase": {"code": "IN_SERVICE", "codeName": "In Service"},
        "hypervisorType": {"code": "KVM", "codeName": "KVM"},
        "cpuArchitectureType": {"code": "X86_64", "codeName": "x86 64bit"},
        "osCategoryType": {
            "code": if os == "WINDOWS" { "WINDOWS" } else { "LINUX" },
            "codeName": if os == "WINDOWS" { "WINDOWS" } else { "LINUX" },
        },
        "osType": {"code": os, "codeName": os_name},
        "serverImageProductCode": product,
        "serverImageStatus": {"code": "CREAT", "codeName": "생성됨"},
        "serverImageOperation": {"code": "NULL", "codeName": "NULL OP"},
        "serverImageStatusName": "created",
        "createDate": format!("2024-03-{:02}T{:02}:20:05+0900", 1 + i % 28, i % 24),
        "shareStatus": {"code": "NULL", "codeName": "NULL"},
        "sharedLoginIdList": shared,
        "blockStorageMappingList": storages,
    });
    if i % 7 != 3 {
        image["platformCategoryCode"] = json!("OS");
    }
    image
}

fn envelope(n: usize) -> Value {
    json!({
        "requestId": "0f1e2d3c-4b5a-6978-8a9b-acbdcedfe0f1",
        "returnCode": "0",
        "returnMessage": "success",
        "totalRows": n,
    })
}

/// The XML response with `n` images.
pub fn xml_body(n: usize) -> Vec<u8> {
    xml_body_with(n, "")
}

/// The XML response with `n` images and an element the types do not know in each image
/// (`<newField>`, with a child): `n` unknown-element reports.
pub fn xml_body_with_unknown(n: usize) -> Vec<u8> {
    xml_body_with(n, "<newField><code>NEW</code></newField>")
}

fn xml_body_with(n: usize, extra: &str) -> Vec<u8> {
    let mut out =
        String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<getServerImageListResponse>\n");
    if let Value::Object(fields) = envelope(n) {
        for (name, value) in &fields {
            write_xml(&mut out, name, value, 1);
        }
    }
    out.push_str("  <serverImageList>\n");
    for i in 0..n {
        out.push_str("    <serverImage>\n");
        if let Value::Object(fields) = image(i) {
            for (name, value) in &fields {
                write_xml(&mut out, name, value, 3);
            }
        }
        if !extra.is_empty() {
            let _ = writeln!(out, "      {extra}");
        }
        out.push_str("    </serverImage>\n");
    }
    out.push_str("  </serverImageList>\n</getServerImageListResponse>\n");
    out.into_bytes()
}

/// The item element of each list field.
fn item_name(list: &str) -> &'static str {
    match list {
        "sharedLoginIdList" => "sharedLoginId",
        "blockStorageMappingList" => "blockStorageMapping",
        other => panic!("no item name for {other}"),
    }
}

fn write_xml(out: &mut String, name: &str, value: &Value, depth: usize) {
    let indent = "  ".repeat(depth);
    match value {
        Value::Object(fields) => {
            let _ = writeln!(out, "{indent}<{name}>");
            for (child, value) in fields {
                write_xml(out, child, value, depth + 1);
            }
            let _ = writeln!(out, "{indent}</{name}>");
        }
        Value::Array(items) if items.is_empty() => {
            let _ = writeln!(out, "{indent}<{name}/>");
        }
        Value::Array(items) => {
            let _ = writeln!(out, "{indent}<{name}>");
            for item in items {
                write_xml(out, item_name(name), item, depth + 1);
            }
            let _ = writeln!(out, "{indent}</{name}>");
        }
        Value::String(text) => {
            let _ = writeln!(
                out,
                "{indent}<{name}>{}</{name}>",
                quick_xml::escape::escape(text.as_str())
            );
        }
        other => {
            let _ = writeln!(out, "{indent}<{name}>{other}</{name}>");
        }
    }
}

/// The same response as JSON (compact, as the API sends it).
pub fn json_body(n: usize) -> Vec<u8> {
    let mut body = envelope(n);
    body["serverImageList"] = Value::Array((0..n).map(image).collect());
    serde_json::to_vec(&json!({ "getServerImageListResponse": body }))
        .expect("a JSON value serializes")
}
