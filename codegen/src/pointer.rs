//! JSON pointers (RFC 6901) into the spec, written `#/a/b~1c` as in `$ref`s.

use std::fmt;

/// A location in the spec document.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Pointer(String);

impl Pointer {
    /// The document root, `#`.
    pub(crate) fn root() -> Self {
        Pointer("#".to_owned())
    }

    /// This pointer extended by one (unescaped) token.
    pub(crate) fn join(&self, token: impl AsRef<str>) -> Self {
        let token = token.as_ref().replace('~', "~0").replace('/', "~1");
        Pointer(format!("{}/{token}", self.0))
    }

    /// This pointer extended by an array index.
    pub(crate) fn index(&self, i: usize) -> Self {
        Pointer(format!("{}/{i}", self.0))
    }

    /// The pointer text, `#/...`.
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    /// The pointer without the leading `#`, as `serde_json::Value::pointer` takes it.
    pub(crate) fn json_pointer(&self) -> &str {
        &self.0[1..]
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_tokens() {
        let p = Pointer::root()
            .join("paths")
            .join("/getX")
            .join("get")
            .join("a~b");
        assert_eq!(p.as_str(), "#/paths/~1getX/get/a~0b");
        assert_eq!(p.json_pointer(), "/paths/~1getX/get/a~0b");
    }
}
