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
    let signature = Signer::new(secret_key).sign(method, request_target, timestamp, access_key);
    String::from_utf8(signature.to_vec()).expect("Base64 is ASCII")
}

/// Length of a Base64 HMAC-SHA256: 32 bytes, padded to 44 characters.
pub(crate) const SIGNATURE_LEN: usize = 44;

/// An HMAC-SHA256 keyed once with a secret key, for signing many requests.
///
/// Keying HMAC hashes the padded key twice (inner and outer pad); a client keeps one keyed
/// state and copies it per request, so a request pays only for its own text. The state is
/// secret-derived: it is never printed (the type has no `Debug`).
#[derive(Clone)]
pub(crate) struct Signer {
    keyed: Hmac<Sha256>,
}

impl Signer {
    pub(crate) fn new(secret_key: &str) -> Self {
        // HMAC accepts keys of any length (longer ones are hashed first), so this cannot fail.
        let keyed = <Hmac<Sha256>>::new_from_slice(secret_key.as_bytes())
            .expect("HMAC-SHA256 takes keys of any length");
        Signer { keyed }
    }

    /// The Base64 signature of [`string_to_sign`] of these parts, without building that text.
    pub(crate) fn sign(
        &self,
        method: &str,
        request_target: &str,
        timestamp: &str,
        access_key: &str,
    ) -> [u8; SIGNATURE_LEN] {
        let mut mac = self.keyed.clone();
        mac.update(method.as_bytes());
        mac.update(b" ");
        mac.update(request_target.as_bytes());
        mac.update(b"\n");
        mac.update(timestamp.as_bytes());
        mac.update(b"\n");
        mac.update(access_key.as_bytes());
        let mut out = [0; SIGNATURE_LEN];
        let written = STANDARD
            .encode_slice(mac.finalize().into_bytes(), &mut out)
            .expect("32 bytes are 44 Base64 characters");
        debug_assert_eq!(written, SIGNATURE_LEN);
        out
    }
}

/// Milliseconds since the Unix epoch now (the gateway's timestamp, before it is written out).
pub(crate) fn millis_now() -> u64 {
    let millis = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_millis();
    u64::try_from(millis).unwrap_or(u64::MAX)
}

/// The current time as the gateway wants it: milliseconds since the Unix epoch, in decimal.
pub fn timestamp_now() -> String {
    millis_now().to_string()
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

    #[test]
    fn a_keyed_signer_signs_each_request_on_its_own() {
        // The keyed state is copied per request: signing one request must not leak into the
        // next, and must equal signing with a freshly keyed MAC.
        let signer = Signer::new("secret");
        let first = signer.sign("POST", "/a?x=1", "1700000000000", "ak");
        let second = signer.sign("POST", "/b?x=2", "1700000000001", "ak");
        assert_ne!(first, second);
        assert_eq!(
            &first[..],
            sign("secret", "POST", "/a?x=1", "1700000000000", "ak").as_bytes()
        );
        assert_eq!(signer.sign("POST", "/a?x=1", "1700000000000", "ak"), first);
    }
}
