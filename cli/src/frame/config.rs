//! `ncloud configure`: asks for the keys and writes them to a section of `~/.ncloud/configure`
//! (the file the library and the NCP CLI read), keeping the other sections, mode 0600.

use std::io::{BufRead as _, Write as _};
use std::path::{Path, PathBuf};

use super::CliError;

const ACCESS_KEY: &str = "ncloud_access_key_id";
const SECRET_KEY: &str = "ncloud_secret_access_key";
const API_URL: &str = "ncloud_api_url";
const DEFAULT_API_URL: &str = "https://ncloud.apigw.ntruss.com";

fn config_path() -> Result<PathBuf, CliError> {
    std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(|home| Path::new(&home).join(".ncloud").join("configure"))
        .ok_or_else(|| CliError::failure("configure: HOME is not set"))
}

/// Prompts on stderr, reads answers from stdin, writes the `[profile]` section.
pub fn configure(profile: Option<&str>) -> Result<(), CliError> {
    let profile = profile.unwrap_or("DEFAULT");
    let path = config_path()?;
    let old = std::fs::read_to_string(&path).unwrap_or_default();
    let current = section(&old, profile);
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    let mut ask = |label: &str, key: &str, secret: bool| -> Result<String, CliError> {
        let now = current
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone());
        let shown = match (&now, secret) {
            (Some(v), true) => {
                let tail: String = v
                    .chars()
                    .rev()
                    .take(4)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                format!("****{tail}")
            }
            (Some(v), false) => v.clone(),
            (None, _) => String::new(),
        };
        eprint!("{label} [{shown}]: ");
        let _ = std::io::stderr().flush();
        let answer = match lines.next() {
            Some(Ok(line)) => line.trim().to_owned(),
            Some(Err(e)) => return Err(CliError::failure(format!("configure: {e}"))),
            None => String::new(),
        };
        match (answer.is_empty(), now) {
            (false, _) => Ok(answer),
            (true, Some(v)) => Ok(v),
            (true, None) if key == API_URL => Ok(DEFAULT_API_URL.to_owned()),
            (true, None) => Err(CliError::usage(format!("configure: {label} is required"))),
        }
    };
    let access = ask("Access key ID", ACCESS_KEY, false)?;
    let secret = ask("Secret access key", SECRET_KEY, true)?;
    let url = ask("API URL", API_URL, false)?;
    let text = replace_section(
        &old,
        profile,
        &[
            (ACCESS_KEY, &access),
            (SECRET_KEY, &secret),
            (API_URL, &url),
        ],
    );
    write_private(&path, &text)?;
    eprintln!("wrote [{profile}] to {}", path.display());
    Ok(())
}

/// The `key = value` lines of section `name` (keys before any header belong to `DEFAULT`).
fn section(text: &str, name: &str) -> Vec<(String, String)> {
    let mut inside = name.eq_ignore_ascii_case("DEFAULT");
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if let Some(s) = line.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
            inside = s.trim().eq_ignore_ascii_case(name);
        } else if inside {
            if let Some((k, v)) = line.split_once(['=', ':']) {
                out.push((k.trim().to_ascii_lowercase(), v.trim().to_owned()));
            }
        }
    }
    out
}

/// `text` with section `name` replaced by `pairs` (appended when it was not there). Keys
/// written before any header are moved into an explicit `[DEFAULT]` when that is the section
/// written, so no key is read twice.
fn replace_section(text: &str, name: &str, pairs: &[(&str, &str)]) -> String {
    let is_default = name.eq_ignore_ascii_case("DEFAULT");
    let mut out = String::new();
    let mut inside = is_default;
    let mut written = false;
    let body: String = pairs.iter().map(|(k, v)| format!("{k} = {v}\n")).collect();
    for raw in text.lines() {
        let line = raw.trim();
        if let Some(s) = line.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
            inside = s.trim().eq_ignore_ascii_case(name);
            if inside && !written {
                out.push_str(&format!("[{name}]\n{body}"));
                written = true;
            }
            if !inside {
                out.push_str(raw);
                out.push('\n');
            }
            continue;
        }
        if !inside {
            out.push_str(raw);
            out.push('\n');
        }
    }
    if !written {
        let sep = if out.is_empty() || out.ends_with("\n\n") {
            ""
        } else {
            "\n"
        };
        if is_default {
            out = format!("[{name}]\n{body}{sep}{out}");
        } else {
            out.push_str(&format!("{sep}[{name}]\n{body}"));
        }
    }
    out
}

#[cfg(unix)]
fn write_private(path: &Path, text: &str) -> Result<(), CliError> {
    use std::os::unix::fs::{OpenOptionsExt as _, PermissionsExt as _};
    let err = |e: std::io::Error| CliError::failure(format!("configure: {}: {e}", path.display()));
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(err)?;
        let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
        .map_err(err)?;
    // an existing file keeps its mode on open: narrow it too
    file.set_permissions(std::fs::Permissions::from_mode(0o600))
        .map_err(err)?;
    file.write_all(text.as_bytes()).map_err(err)
}

#[cfg(not(unix))]
fn write_private(path: &Path, text: &str) -> Result<(), CliError> {
    let err = |e: std::io::Error| CliError::failure(format!("configure: {}: {e}", path.display()));
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(err)?;
    }
    std::fs::write(path, text).map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_section_is_replaced_and_the_others_kept() {
        let old = "[DEFAULT]\nncloud_access_key_id = A\n\n[prod]\nncloud_access_key_id = P\n";
        let new = replace_section(old, "prod", &[("ncloud_access_key_id", "Q")]);
        assert_eq!(
            new,
            "[DEFAULT]\nncloud_access_key_id = A\n\n[prod]\nncloud_access_key_id = Q\n"
        );
        let added = replace_section(old, "dev", &[("ncloud_access_key_id", "D")]);
        assert!(added.starts_with(old), "{added}");
        assert!(
            added.ends_with("\n[dev]\nncloud_access_key_id = D\n"),
            "{added}"
        );
        let bare = replace_section(
            "ncloud_access_key_id = OLD\n[x]\nk = v\n",
            "DEFAULT",
            &[("ncloud_access_key_id", "N")],
        );
        assert_eq!(bare, "[DEFAULT]\nncloud_access_key_id = N\n\n[x]\nk = v\n");
        assert_eq!(
            section(&added, "dev"),
            [("ncloud_access_key_id".to_owned(), "D".to_owned())]
        );
    }
}
