//! `--output table`: one row per item of the response's list, the most useful columns first
//! (numbers, names, statuses, codes), as many as fit the terminal.

use serde_json::Value;

/// The widest a column gets before its cells are cut.
const MAX_COLUMN: usize = 40;
/// Between columns.
const GAP: &str = "  ";

/// The terminal's width: `COLUMNS`, else the terminal's, else 120.
pub fn terminal_width() -> usize {
    if let Some(n) = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()) {
        return n;
    }
    terminal_columns().unwrap_or(120)
}

#[cfg(unix)]
fn terminal_columns() -> Option<usize> {
    #[repr(C)]
    struct WinSize {
        rows: u16,
        cols: u16,
        x: u16,
        y: u16,
    }
    unsafe extern "C" {
        fn ioctl(fd: i32, request: std::ffi::c_ulong, ...) -> i32;
    }
    #[cfg(target_os = "linux")]
    const TIOCGWINSZ: std::ffi::c_ulong = 0x5413;
    #[cfg(not(target_os = "linux"))]
    const TIOCGWINSZ: std::ffi::c_ulong = 0x4008_7468;
    let mut size = WinSize {
        rows: 0,
        cols: 0,
        x: 0,
        y: 0,
    };
    // SAFETY: TIOCGWINSZ writes one `winsize` (four u16s, the layout above) into the pointer
    // and nothing else; on a descriptor that is no terminal it fails and writes nothing.
    let ok = unsafe { ioctl(1, TIOCGWINSZ, &mut size as *mut WinSize) } == 0;
    (ok && size.cols > 0).then_some(usize::from(size.cols))
}

#[cfg(not(unix))]
fn terminal_columns() -> Option<usize> {
    None
}

/// A cell's text: scalars as written, a `{code, codeName}` by its code.
fn cell(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Object(o) => o.get("code").and_then(|c| c.as_str()).map(str::to_owned),
        _ => None,
    }
}

/// How useful a column is, lower first: the item's own number (`serverInstanceNo` in a
/// `serverInstanceList`) and name, its statuses (a `{code, codeName}` shows its code), other
/// numbers, names, addresses and codes, the rest, dates and descriptions last.
fn rank(key: &str, item: &str) -> u8 {
    if key == format!("{item}No") {
        0
    } else if key == format!("{item}Name")
        || (key.ends_with("Name")
            && !key.contains("Status")
            && item.starts_with(&key[..key.len() - 4]))
    {
        1
    } else if key.contains("Status") {
        // the code before its readable name
        if key.ends_with("StatusName") { 3 } else { 2 }
    } else if key.ends_with("No") {
        4
    } else if key.ends_with("Name") && !key.ends_with("CodeName") {
        5
    } else if key.ends_with("Ip") || key.ends_with("Code") {
        6
    } else if key.ends_with("Date") || key.ends_with("Description") {
        8
    } else {
        7
    }
}

fn cut(text: &str, width: usize) -> String {
    let text = text.replace(['\n', '\t'], " ");
    if text.chars().count() <= width {
        return text;
    }
    let mut out: String = text.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// The table of a response (without its wrapper), at most `width` characters wide.
pub fn table(response: &Value, width: usize) -> String {
    let Some(map) = response.as_object() else {
        return String::new();
    };
    let list = map.iter().find_map(|(k, v)| match v {
        Value::Array(items) if items.iter().all(Value::is_object) => Some((k, items)),
        _ => None,
    });
    let Some((list_name, items)) = list else {
        // no list: the scalar fields, one per line
        let mut out = String::new();
        for (k, v) in map {
            if let Some(c) = cell(v) {
                out.push_str(&format!("{k}{GAP}{c}\n"));
            }
        }
        return out;
    };
    let mut keys: Vec<&str> = Vec::new();
    for item in items {
        for (k, v) in item.as_object().into_iter().flatten() {
            let filled = cell(v).is_some_and(|c| !c.is_empty());
            if filled && !keys.contains(&k.as_str()) {
                keys.push(k);
            }
        }
    }
    if keys.is_empty() {
        return String::new();
    }
    let item = list_name.strip_suffix("List").unwrap_or(list_name);
    keys.sort_by_key(|k| (rank(k, item), *k));
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|item| {
            keys.iter()
                .map(|k| item.get(*k).and_then(cell).unwrap_or_default())
                .collect()
        })
        .collect();
    let mut widths: Vec<usize> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| {
            rows.iter()
                .map(|r| r[i].chars().count())
                .chain([k.chars().count()])
                .max()
                .unwrap_or(0)
                .min(MAX_COLUMN)
        })
        .collect();
    let mut shown = keys.len();
    while shown > 1 && widths[..shown].iter().sum::<usize>() + GAP.len() * (shown - 1) > width {
        shown -= 1;
    }
    if shown == 1 {
        widths[0] = widths[0].min(width.max(1));
    }
    let line = |cells: Vec<&str>| {
        let mut text = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{:w$}", cut(c, *w), w = *w))
            .collect::<Vec<_>>()
            .join(GAP);
        text.truncate(text.trim_end().len());
        text.push('\n');
        text
    };
    let mut out = line(keys[..shown].to_vec());
    for row in &rows {
        out.push_str(&line(row[..shown].iter().map(String::as_str).collect()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rows_per_item_useful_columns_first_within_the_width() {
        let response = json!({
            "requestId": "r", "totalRows": 2,
            "serverInstanceList": [
                {"serverName": "web-1", "serverInstanceNo": "101", "createDate": "2024-01-01T00:00:00+0900",
                 "serverInstanceStatus": {"code": "RUN", "codeName": "Server run state"}, "cpuCount": 2},
                {"serverName": "db-1", "serverInstanceNo": "102", "createDate": "2024-01-02T00:00:00+0900",
                 "serverInstanceStatus": {"code": "NSTOP", "codeName": "Server stop state"}, "cpuCount": 4}
            ]
        });
        let wide = table(&response, 200);
        let lines: Vec<&str> = wide.lines().collect();
        assert_eq!(lines.len(), 3, "{wide}");
        let header: Vec<&str> = lines[0].split_whitespace().collect();
        assert_eq!(
            header,
            [
                "serverInstanceNo",
                "serverName",
                "serverInstanceStatus",
                "cpuCount",
                "createDate"
            ]
        );
        assert_eq!(table(&json!({"serverInstanceList": []}), 80), "");
        assert!(lines[2].starts_with("102"), "{wide}");
        assert!(lines[2].contains("NSTOP"), "{wide}");
        let narrow = table(&response, 50);
        assert!(narrow.lines().all(|l| l.chars().count() <= 50), "{narrow}");
        assert!(
            narrow
                .lines()
                .next()
                .unwrap()
                .starts_with("serverInstanceNo  serverName")
        );
        assert!(!narrow.contains("createDate"), "{narrow}");
    }

    #[test]
    fn a_response_without_a_list_prints_its_fields() {
        let text = table(&json!({"returnCode": "0", "totalRows": 0}), 80);
        assert_eq!(text, "returnCode  0\ntotalRows  0\n");
    }
}
