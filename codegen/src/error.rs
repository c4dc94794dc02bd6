//! Errors of the generator.

use std::fmt;
use std::path::PathBuf;

/// A problem with the spec at one location.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SpecError {
    /// JSON pointer into the spec, e.g. `#/components/schemas/ServerImage/properties/createDate`.
    pub pointer: String,
    /// What is wrong there.
    pub message: String,
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.pointer, self.message)
    }
}

/// Why generation failed.
#[derive(Debug)]
pub enum Error {
    /// A file could not be read.
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The spec is not valid YAML or not an OpenAPI 3 document.
    Parse {
        /// The spec file.
        file: String,
        /// 1-based line, when known.
        line: Option<usize>,
        /// 1-based column, when known.
        column: Option<usize>,
        /// The parser's message.
        message: String,
    },
    /// The spec parsed but breaks the project's conventions; every problem found is listed.
    Invalid {
        /// The spec file.
        file: String,
        /// All problems, in the order they were found.
        errors: Vec<SpecError>,
    },
    /// The emitted tokens did not parse as a Rust file (a generator bug).
    Format {
        /// The output file.
        file: String,
        /// The parser's message.
        message: String,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Error::Parse {
                file,
                line,
                column,
                message,
            } => match (line, column) {
                (Some(line), Some(column)) => write!(f, "{file}:{line}:{column}: {message}"),
                (Some(line), None) => write!(f, "{file}:{line}: {message}"),
                _ => write!(f, "{file}: {message}"),
            },
            Error::Invalid { file, errors } => {
                let n = errors.len();
                write!(
                    f,
                    "{file}: {n} problem{} in the spec:",
                    if n == 1 { "" } else { "s" }
                )?;
                for e in errors {
                    write!(f, "\n  {e}")?;
                }
                Ok(())
            }
            Error::Format { file, message } => {
                write!(
                    f,
                    "generated {file} is not valid Rust (generator bug): {message}"
                )
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}
