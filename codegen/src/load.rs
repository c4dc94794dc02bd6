//! Stage 1: reads the spec text.
//!
//! The text is parsed twice: into [`openapiv3::OpenAPI`] (the typed document the model stage
//! walks) and into a plain JSON tree, which keeps what `openapiv3` drops (the `xml` keyword,
//! siblings of `$ref`, unknown keywords) so the model stage can read and check it by pointer.

use crate::error::Error;

/// A parsed spec.
#[derive(Clone, Debug)]
pub struct Document {
    /// The typed document.
    pub api: openapiv3::OpenAPI,
    /// The same document as a JSON tree.
    pub raw: serde_json::Value,
    /// The spec's file name, for messages.
    pub file: String,
}

/// Parses spec text; `file` names it in error messages.
pub fn load_str(text: &str, file: &str) -> Result<Document, Error> {
    let parse_error = |e: serde_yaml::Error| {
        let location = e.location();
        let message = e.to_string();
        // serde_yaml appends " at line L column C"; the location is reported up front instead.
        let message = match message.rfind(" at line ") {
            Some(i) if location.is_some() => message[..i].to_owned(),
            _ => message,
        };
        Error::Parse {
            file: file.to_owned(),
            line: location.as_ref().map(|l| l.line()),
            column: location.as_ref().map(|l| l.column()),
            message,
        }
    };
    let raw: serde_json::Value = serde_yaml::from_str(text).map_err(parse_error)?;
    let api: openapiv3::OpenAPI = serde_yaml::from_str(text).map_err(parse_error)?;
    Ok(Document {
        api,
        raw,
        file: file.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_errors_carry_the_location() {
        let err = load_str("openapi: 3.0.3\ninfo: [\n", "spec.yaml").unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("spec.yaml:"), "{text}");
        assert!(
            matches!(
                err,
                Error::Parse {
                    line: Some(_),
                    column: Some(_),
                    ..
                }
            ),
            "{text}"
        );
    }

    #[test]
    fn openapi_errors_carry_the_location() {
        let text = "openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\npaths:\n  /a:\n    get:\n      responses: 7\n";
        let err = load_str(text, "spec.yaml").unwrap_err();
        assert!(matches!(err, Error::Parse { line: Some(_), .. }), "{err}");
    }
}
