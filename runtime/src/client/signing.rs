//! API Gateway request signing (signature v2).
//!
//! NCP's gateway authenticates each call by an HMAC-SHA256 over the method, the request-target
//! exactly as sent (path, `?`, raw query), a millisecond timestamp and the access key. Nothing is
//! canonicalised: parameter order, percent-encoding case and `%20` versus `+` all change the
//! signature. The client therefore encodes the query once and signs the very bytes it puts on the
//! wire (see [`Client::send`](super::Client::send)); this module only computes the MAC.
//!
//! The functions are public so that callers can check a signature when debugging a rejected
//! request; the client signs every attempt itself, with a fresh timestamp.

use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Header carrying the timestamp (milliseconds since the Unix epoch, decimal).
pub const TIMESTAMP_HEADER: &str = "x-ncp-apigw-timestamp";
/// Header carrying the access key.
pub const ACCESS_KEY_HEADER: &str = "x-ncp-iam-access-key";
/// Header carrying the Base64 signature.
pub const SIGNATURE_HEADER: &str = "x-ncp-apigw-signature-v2";

/// The text that is signed: `METHOD + " " + REQUEST_TARGET + "\n" + TIMESTAMP + "\n" + ACCESS_KEY`.
///
/// `request_target` is the path plus, when the query is non-empty, `?` and the raw query string,
/// exactly as sent on the wire (no scheme or host).
pub fn string_to_sign(
    method: &str,
    request_target: &str,
    timestamp: &str,
    access_key: &str,
) -> String {
    format!("{method} {request_target}\n{timestamp}\n{access_key}")
}

/// The `x-ncp-apigw-signature-v2` value: standard padded Base64 of HMAC-SHA256 keyed with the
/// UTF-8 bytes of `secret_key` over [`string_to_sign`].
pub fn sign(
    secret_key: &str,
    method: &str,
    request_target: &str,
    timestamp: &str,
    access_key: &str,
) -> String {
    // HMAC accepts keys of any length (longer ones are hashed first), so this cannot fail.
    let mut mac = <Hmac<Sha256>>::new_from_slice(secret_key.as_bytes())
        .expect("HMAC-SHA256 takes keys of any length");
    mac.update(method.as_bytes());
    mac.update(b" ");
    mac.update(request_target.as_bytes());
    mac.update(b"\n");
    mac.update(timestamp.as_bytes());
    mac.update(b"\n");
    mac.update(access_key.as_bytes());
    STANDARD.encode(mac.finalize().into_bytes())
}

/// The current time as the gateway wants it: milliseconds since the Unix epoch, in decimal.
pub fn timestamp_now() -> String {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_millis()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_to_sign_layout() {
        assert_eq!(
            string_to_sign("GET", "/vserver/v2/getRegionList", "1", "ak"),
            "GET /vserver/v2/getRegionList\n1\nak"
        );
    }

    #[test]
    fn timestamp_is_milliseconds() {
        let ts: u128 = timestamp_now().parse().unwrap();
        // After 2020-09-13 (1.6e12 ms) and before the year 2286 (1e13 ms): milliseconds, not seconds.
        assert!(ts > 1_600_000_000_000 && ts < 10_000_000_000_000, "{ts}");
    }

    #[test]
    fn first_known_vector() {
        // The full set lives in tests/signature_vectors.rs (read from tests/data/ at run time).
        assert_eq!(
            sign(
                "ncpSecretKeyExample0000000000000000000001",
                "GET",
                "/vserver/v2/getServerImageDetail?regionCode=KR&serverImageNo=5847&responseFormatType=json",
                "1700000000000",
                "ncpAccessKeyExample0001",
            ),
            "8h+4yVPWa87MnmeDcqeTFa0/Y8Jr0yGyPO7Ic8T0DK8="
        );
    }
}
