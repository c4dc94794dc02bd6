//! Which API Gateway the client talks to.
//!
//! NCP runs separate gateways for the public regions, the government site and the financial
//! site, and the official SDKs let `NCLOUD_API_GW` point at another gateway origin. An
//! [`Endpoint`] is validated once, when it is made, so a typo fails at start-up with a clear
//! message instead of as a connection error on the first call. Every service lives under its own
//! path on every gateway ([`ServiceInfo::base_path`]), which the client appends.

use std::fmt;

use reqwest::Url;

use super::environment::Environment;
use super::error::{ConfigError, Error};
use crate::ServiceInfo;

/// The environment variable that overrides the gateway origin (as the official SDKs do).
pub const API_GW_ENV: &str = "NCLOUD_API_GW";

/// One API Gateway: its origin, optionally followed by a path prefix (a proxy), without a
/// trailing slash. A service's calls go to [`Endpoint::base_url`].
///
/// ```
/// use ncloud_runtime::{Endpoint, ServiceInfo};
///
/// static SERVICE: ServiceInfo = ServiceInfo::new("svc", "/svc/v1", "example/1");
/// assert_eq!(Endpoint::public().base_url(&SERVICE), "https://ncloud.apigw.ntruss.com/svc/v1");
/// let local = Endpoint::from_gateway("http://127.0.0.1:8080/").unwrap();
/// assert_eq!(local.origin(), "http://127.0.0.1:8080");
/// assert_eq!(local.base_url(&SERVICE), "http://127.0.0.1:8080/svc/v1");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Endpoint {
    origin: String,
}

impl Endpoint {
    /// The gateway of NCP's public regions (KR, SGN, JPN, USWN, DEN). The default.
    pub const PUBLIC_GATEWAY: &'static str = "https://ncloud.apigw.ntruss.com";
    /// The gateway of NCP's government site.
    pub const GOVERNMENT_GATEWAY: &'static str = "https://ncloud.apigw.gov-ntruss.com";
    /// The gateway of NCP's financial site, as most of its users reach it. (One source names
    /// `https://ncloud.apigw.fin-ntruss.com` instead; use [`Endpoint::from_gateway`] for that.)
    pub const FINANCIAL_GATEWAY: &'static str = "https://fin-ncloud.apigw.fin-ntruss.com";

    /// The public regions' gateway, [`Endpoint::PUBLIC_GATEWAY`].
    pub fn public() -> Self {
        Self::preset(Self::PUBLIC_GATEWAY)
    }

    /// The government site's gateway, [`Endpoint::GOVERNMENT_GATEWAY`].
    pub fn government() -> Self {
        Self::preset(Self::GOVERNMENT_GATEWAY)
    }

    /// The financial site's gateway, [`Endpoint::FINANCIAL_GATEWAY`].
    pub fn financial() -> Self {
        Self::preset(Self::FINANCIAL_GATEWAY)
    }

    fn preset(origin: &str) -> Self {
        Self {
            origin: origin.to_owned(),
        }
    }

    /// The gateway at `origin` (`scheme://host[:port]`, optionally followed by a path prefix,
    /// e.g. for a proxy). Trailing slashes are ignored. A value that already ends with a
    /// service's base path still works: [`base_url`](Self::base_url) does not repeat it.
    ///
    /// Fails for anything but an absolute `http` or `https` URL with a host and without query,
    /// fragment or user information.
    pub fn from_gateway(origin: &str) -> Result<Self, Error> {
        let trimmed = origin.trim();
        // A URL with user information may carry a password: do not repeat it in the error.
        let shown = if trimmed.contains('@') {
            "(not shown: it contains '@')".to_owned()
        } else {
            format!("{trimmed:?}")
        };
        let bad = |why: &str| {
            Error::Config(ConfigError::new(format!(
                "invalid API gateway URL {shown}: {why}"
            )))
        };
        let url = Url::parse(trimmed).map_err(|e| bad(&e.to_string()))?;
        if url.scheme() != "http" && url.scheme() != "https" {
            return Err(bad("the scheme must be http or https"));
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(bad("it has no host"));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(bad("it must not have a query or fragment"));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(bad("it must not contain user information"));
        }
        Ok(Self {
            origin: url.as_str().trim_end_matches('/').to_owned(),
        })
    }

    /// The endpoint named by `NCLOUD_API_GW` in `env`: `Ok(None)` when it is unset or blank, an
    /// error when it is set but not a valid gateway URL.
    pub fn from_env(env: &Environment) -> Result<Option<Self>, Error> {
        match env.var(API_GW_ENV) {
            None => Ok(None),
            Some(value) => Self::from_gateway(&value).map(Some).map_err(|e| match e {
                Error::Config(c) => {
                    Error::Config(ConfigError::new(format!("{API_GW_ENV}: {}", c.message())))
                }
                other => other,
            }),
        }
    }

    /// The gateway origin (and path prefix, if any), without a trailing slash.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The base URL of `service` on this gateway: the origin followed by the service's base
    /// path (not repeated when the origin already ends with it, as `NCLOUD_API_GW` values
    /// copied from a full URL do).
    pub fn base_url(&self, service: &ServiceInfo) -> String {
        if self.origin.ends_with(service.base_path) {
            self.origin.clone()
        } else {
            format!("{}{}", self.origin, service.base_path)
        }
    }
}

impl Default for Endpoint {
    /// [`Endpoint::public`].
    fn default() -> Self {
        Self::public()
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.origin)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static SERVICE: ServiceInfo = ServiceInfo::new("svc", "/svc/v1", "test/1");

    #[test]
    fn presets() {
        assert_eq!(
            Endpoint::public().base_url(&SERVICE),
            "https://ncloud.apigw.ntruss.com/svc/v1"
        );
        assert_eq!(
            Endpoint::government().base_url(&SERVICE),
            "https://ncloud.apigw.gov-ntruss.com/svc/v1"
        );
        assert_eq!(
            Endpoint::financial().base_url(&SERVICE),
            "https://fin-ncloud.apigw.fin-ntruss.com/svc/v1"
        );
        assert_eq!(Endpoint::default(), Endpoint::public());
        for preset in [
            Endpoint::public(),
            Endpoint::government(),
            Endpoint::financial(),
        ] {
            // Every preset is also what from_gateway makes of its origin.
            assert_eq!(Endpoint::from_gateway(preset.origin()).unwrap(), preset);
        }
    }

    #[test]
    fn gateway_origin_gets_the_service_path_once() {
        for input in [
            "https://gw.example.com",
            "https://gw.example.com/",
            "https://gw.example.com//",
            "  https://gw.example.com/  ",
            "https://gw.example.com/svc/v1",
            "https://gw.example.com/svc/v1/",
        ] {
            assert_eq!(
                Endpoint::from_gateway(input).unwrap().base_url(&SERVICE),
                "https://gw.example.com/svc/v1",
                "{input:?}"
            );
        }
        assert_eq!(
            Endpoint::from_gateway("http://127.0.0.1:9000/proxy/")
                .unwrap()
                .base_url(&SERVICE),
            "http://127.0.0.1:9000/proxy/svc/v1"
        );
    }

    #[test]
    fn bad_gateways_are_config_errors() {
        for input in [
            "",
            "ncloud.apigw.ntruss.com",
            "ftp://gw.example.com",
            "https://gw.example.com/?a=b",
            "https://gw.example.com/#x",
            "https://user:pw@gw.example.com",
        ] {
            let err = Endpoint::from_gateway(input).unwrap_err();
            assert!(matches!(err, Error::Config(_)), "{input:?}: {err:?}");
            assert!(!err.to_string().contains("pw"), "{err}");
        }
    }

    #[test]
    fn ncloud_api_gw_from_env() {
        let env = Environment::from_vars([(API_GW_ENV, "https://gw.example.com/")]);
        assert_eq!(
            Endpoint::from_env(&env)
                .unwrap()
                .unwrap()
                .base_url(&SERVICE),
            "https://gw.example.com/svc/v1"
        );
        let env = Environment::from_vars([(API_GW_ENV, " ")]);
        assert_eq!(Endpoint::from_env(&env).unwrap(), None);
        let env = Environment::from_vars(Vec::<(String, String)>::new());
        assert_eq!(Endpoint::from_env(&env).unwrap(), None);
        let env = Environment::from_vars([(API_GW_ENV, "not a url")]);
        let err = Endpoint::from_env(&env).unwrap_err();
        assert!(err.to_string().contains(API_GW_ENV), "{err}");
    }
}
