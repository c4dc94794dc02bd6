//! What the runtime needs to know about a service: the little that differs between NCP APIs.

use std::fmt;

/// Describes one NCP API to the runtime. A generated service crate defines one `static` of this
/// type from its spec and hands it to [`ClientBuilder::for_service`](crate::ClientBuilder::for_service) (through
/// its own client type) and to the mock server.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct ServiceInfo {
    /// Short name of the service, as it appears in traces and in the `User-Agent`: `vserver`.
    pub name: &'static str,
    /// The service's path on every API gateway, from the spec's `servers` URL, without a trailing
    /// slash: `/vserver/v2`. Operations live at `{gateway}{base_path}/{operationName}`.
    pub base_path: &'static str,
    /// The `User-Agent` the client sends unless told otherwise, e.g. `ncloud-vserver-rust/0.1.0`.
    pub user_agent: &'static str,
    /// The API's "busy, try again" return codes that hold for every operation (the spec root's
    /// `x-ncp-retryable-codes`), added to each operation's own
    /// [`Operation::RETRYABLE_CODES`](crate::Operation::RETRYABLE_CODES).
    pub retryable_codes: &'static [&'static str],
}

impl ServiceInfo {
    /// A service description; `base_path` must start with `/` and not end with one.
    ///
    /// # Panics
    /// In const evaluation (or at run time) when `base_path` is malformed: a generated crate
    /// then fails to compile instead of sending requests to a wrong path.
    pub const fn new(
        name: &'static str,
        base_path: &'static str,
        user_agent: &'static str,
    ) -> Self {
        let bytes = base_path.as_bytes();
        assert!(
            bytes.len() > 1 && bytes[0] == b'/' && bytes[bytes.len() - 1] != b'/',
            "a service base path starts with '/' and does not end with one"
        );
        ServiceInfo {
            name,
            base_path,
            user_agent,
            retryable_codes: &[],
        }
    }

    /// The same service with these service-wide retryable return codes (see
    /// [`ServiceInfo::retryable_codes`]).
    pub const fn with_retryable_codes(mut self, codes: &'static [&'static str]) -> Self {
        self.retryable_codes = codes;
        self
    }

    /// Whether `code` is one of the "busy, try again" return codes of operation `O` of this
    /// service (its own or the service-wide ones).
    pub fn is_retryable_code<O: crate::Operation>(&self, code: &str) -> bool {
        O::RETRYABLE_CODES.contains(&code) || self.retryable_codes.contains(&code)
    }
}

impl fmt::Debug for ServiceInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceInfo")
            .field("name", &self.name)
            .field("base_path", &self.base_path)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_a_base_path() {
        const S: ServiceInfo = ServiceInfo::new("svc", "/svc/v1", "ua/1");
        assert_eq!(S.base_path, "/svc/v1");
        assert_eq!(
            format!("{S:?}"),
            r#"ServiceInfo { name: "svc", base_path: "/svc/v1", .. }"#
        );
    }

    #[test]
    #[should_panic(expected = "base path")]
    fn rejects_a_trailing_slash() {
        let _ = ServiceInfo::new("svc", "/svc/v1/", "ua/1");
    }

    #[test]
    #[should_panic(expected = "base path")]
    fn rejects_a_relative_path() {
        let _ = ServiceInfo::new("svc", "svc", "ua/1");
    }
}
