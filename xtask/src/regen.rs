//! `cargo xtask regen [--check]`: make the generated files what the specs produce now.
//!
//! Writes only the files whose contents change, deletes orphans (files under
//! [`layout::OUTPUT_DIRS`] that carry the `@generated` header but that no spec produces any
//! more) and compares line ends normalized, so a checkout that turned LF into CRLF is not stale.
//! With `--check` nothing is written: every missing, stale and orphaned file is named, and the
//! run fails.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use codegen::Error;

use crate::layout::{self, COMMAND, Target};

/// Parsed arguments of `regen`.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Args {
    /// Write nothing; fail if any file is missing, stale or orphaned.
    pub check: bool,
}

impl Args {
    /// Parses the arguments after `regen`.
    pub fn parse(args: &[String]) -> Result<Args, String> {
        let mut parsed = Args::default();
        for arg in args {
            match arg.as_str() {
                "--check" => parsed.check = true,
                other => {
                    return Err(format!(
                        "regen: unexpected argument `{other}` (usage: regen [--check])"
                    ));
                }
            }
        }
        Ok(parsed)
    }
}

/// Regenerates (or checks) every generated file of the repository at `root`, printing to
/// stdout.
pub fn run(root: &Path, args: &Args) -> Result<(), String> {
    regen(root, args.check, &mut std::io::stdout())
}

/// What [`ensure_file`] found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileState {
    /// Already as expected (line ends aside).
    UpToDate,
    /// Differed or was missing, and was written.
    Updated,
    /// Check mode: the file does not exist.
    Missing,
    /// Check mode: the file differs.
    Stale,
}

/// Makes the file at `root/target.path` hold `target.contents`, writing only if it differs
/// (or, with `check`, only reporting). CRLF line ends on disk compare equal to LF.
pub fn ensure_file(root: &Path, target: &Target, check: bool) -> Result<FileState, Error> {
    let path: PathBuf = root.join(&target.path);
    let state = match std::fs::read(&path) {
        Ok(old) if normalized(&old).as_deref() == Some(target.contents.as_str()) => {
            return Ok(FileState::UpToDate);
        }
        Ok(_) => FileState::Stale,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => FileState::Missing,
        Err(source) => return Err(Error::Io { path, source }),
    };
    if check {
        return Ok(state);
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|source| Error::Io {
            path: dir.to_owned(),
            source,
        })?;
    }
    std::fs::write(&path, &target.contents).map_err(|source| Error::Io { path, source })?;
    Ok(FileState::Updated)
}

/// The text with CRLF turned into LF; `None` if it is not UTF-8 (then it is stale anyway).
fn normalized(bytes: &[u8]) -> Option<String> {
    std::str::from_utf8(bytes)
        .ok()
        .map(|text| text.replace("\r\n", "\n"))
}

/// Whether a file starts with the generator's header: `// @generated` (Rust) or
/// `# @generated` (a YAML spec bundle) on its first line, or `<!-- @generated` on one of its
/// first two (XML, after the declaration). Anything else is hand-written and never deleted.
pub fn is_generated(text: &str) -> bool {
    text.lines().take(2).enumerate().any(|(i, line)| {
        (i == 0
            && (line.starts_with("// @generated ")
                || line.starts_with(crate::spec_files::BUNDLE_HEADER_START)))
            || line.starts_with("<!-- @generated ")
    })
}

/// Regenerates every generated file under `root` (or, with `check`, only compares): see the
/// module docs. Prints `updated <path>` / `deleted <path>` per change, or in check mode
/// `missing: <path>`, `stale: <path>` and `orphaned: <path>`; `all files up to date` when there
/// is nothing to do. Fails if a spec is invalid (the other specs' files are still written, and no
/// file is deleted) or, in check mode, if anything is out of date.
pub fn regen(root: &Path, check: bool, out: &mut dyn Write) -> Result<(), String> {
    let (targets, errors) = layout::all_targets(root);
    let mut failures: Vec<String> = errors.iter().map(ToString::to_string).collect();
    let mut changed = 0_usize;
    for target in &targets {
        let line = match ensure_file(root, target, check) {
            Ok(FileState::UpToDate) => continue,
            Ok(FileState::Updated) => format!("updated {}", target.path),
            Ok(FileState::Missing) => format!("missing: {}", target.path),
            Ok(FileState::Stale) => format!("stale: {}", target.path),
            Err(e) => {
                failures.push(e.to_string());
                continue;
            }
        };
        let _ = writeln!(out, "{line}");
        changed += 1;
    }
    // A spec that failed produced no files: its outputs would all look orphaned.
    if errors.is_empty() {
        let wanted: BTreeSet<&str> = targets.iter().map(|t| t.path.as_str()).collect();
        match orphans(root, &layout::OUTPUT_DIRS, &wanted) {
            Ok(found) => {
                for orphan in found {
                    if check {
                        let _ = writeln!(out, "orphaned: {orphan}");
                        changed += 1;
                        continue;
                    }
                    match delete(root, &orphan) {
                        Ok(()) => {
                            let _ = writeln!(out, "deleted {orphan}");
                            changed += 1;
                        }
                        Err(e) => failures.push(e.to_string()),
                    }
                }
            }
            Err(e) => failures.push(e.to_string()),
        }
    }
    if changed == 0 && failures.is_empty() {
        let _ = writeln!(out, "all files up to date");
    }
    if check && changed > 0 {
        failures.push(format!(
            "{changed} generated file{} out of date; run `{COMMAND}`",
            if changed == 1 { " is" } else { "s are" }
        ));
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("\n"))
    }
}

/// The generated files under `dirs` (relative to `root`; missing ones are skipped) that are not
/// in `wanted`, as sorted `/`-separated paths relative to `root`.
pub fn orphans(root: &Path, dirs: &[&str], wanted: &BTreeSet<&str>) -> Result<Vec<String>, Error> {
    let mut found = Vec::new();
    let mut pending: Vec<String> = dirs
        .iter()
        .filter(|dir| root.join(dir).is_dir())
        .map(|dir| (*dir).to_owned())
        .collect();
    while let Some(dir) = pending.pop() {
        let path = root.join(&dir);
        let io = |source| Error::Io {
            path: path.clone(),
            source,
        };
        for entry in std::fs::read_dir(&path).map_err(io)? {
            let entry = entry.map_err(io)?;
            let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
                continue; // the generator never writes such names
            };
            let rel = format!("{dir}/{name}");
            // Not following symlinks: whatever they point to is not this tree's to delete.
            let kind = entry.file_type().map_err(io)?;
            if kind.is_dir() {
                pending.push(rel);
            } else if kind.is_file() && !wanted.contains(rel.as_str()) {
                let file = entry.path();
                let bytes =
                    std::fs::read(&file).map_err(|source| Error::Io { path: file, source })?;
                if is_generated(&String::from_utf8_lossy(&bytes)) {
                    found.push(rel);
                }
            }
        }
    }
    found.sort();
    Ok(found)
}

/// Deletes the orphan at `rel`, then its directories as long as they are left empty (a removed
/// feature spec leaves no empty module directory), never above the output directory.
fn delete(root: &Path, rel: &str) -> Result<(), Error> {
    let path = root.join(rel);
    std::fs::remove_file(&path).map_err(|source| Error::Io {
        path: path.clone(),
        source,
    })?;
    let mut dir = Path::new(rel).parent();
    while let Some(d) = dir {
        if layout::OUTPUT_DIRS.iter().any(|o| Path::new(o) == d) || d.as_os_str().is_empty() {
            break;
        }
        // Fails (and stops) when the directory still holds anything.
        if std::fs::remove_dir(root.join(d)).is_err() {
            break;
        }
        dir = d.parent();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_check() {
        assert_eq!(Args::parse(&[]).unwrap(), Args { check: false });
        assert_eq!(
            Args::parse(&["--check".to_owned()]).unwrap(),
            Args { check: true }
        );
        assert!(Args::parse(&["--bogus".to_owned()]).is_err());
    }

    #[test]
    fn only_the_header_marks_a_file_as_generated() {
        assert!(is_generated(
            "// @generated by `x` from y. Do not edit.\n\nfn f() {}\n"
        ));
        assert!(is_generated(
            "<?xml version=\"1.0\"?>\r\n<!-- @generated by `x` from y. Do not edit. -->\n"
        ));
        assert!(is_generated(
            "# @generated by `x` from spec/y.yaml. Do not edit.\nopenapi: 3.0.3\n"
        ));
        assert!(!is_generated("openapi: 3.0.3\n# @generated by `x`\n"));
        assert!(!is_generated("//! Hand-written. Not @generated.\n"));
        assert!(!is_generated("fn f() {}\n// @generated by `x`\n"));
        assert!(!is_generated(""));
    }
}
