//! Helpers for the workspace's tests and fuzz targets, kept in one place so that every test
//! checks the client against the same independent references:
//!
//! - [`reference_signature`]: NCP's API Gateway signature v2 computed from its definition, with
//!   none of the client's signing code;
//! - [`percent_decode`] and [`decode_query`]: a query string read back the way a server reads
//!   it;
//! - [`oracles`] (feature `oracles`): a response value written as XML or JSON and decoded again
//!   comes back equal.
//!
//! Dev-only: no shipped crate depends on it outside `[dev-dependencies]`.

#![deny(missing_docs)]

#[cfg(feature = "oracles")]
pub mod oracles;

use std::fmt;

use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The `x-ncp-apigw-signature-v2` of a request: standard, padded Base64 of HMAC-SHA256 keyed
/// with `secret_key` over `METHOD + " " + target + "\n" + timestamp + "\n" + access_key`.
///
/// `target` is the raw request-target as sent: the path, then `?` and the query when the query
/// is not empty.
pub fn reference_signature(
    secret_key: &str,
    method: &str,
    target: &str,
    timestamp: &str,
    access_key: &str,
) -> String {
    // HMAC accepts keys of any length, the empty one included.
    let mut mac = <Hmac<Sha256>>::new_from_slice(secret_key.as_bytes())
        .expect("HMAC-SHA256 takes a key of any length");
    mac.update(format!("{method} {target}\n{timestamp}\n{access_key}").as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// Why a query string does not read back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QueryError {
    /// A `%` not followed by two hexadecimal digits, at this byte offset of the text.
    BadEscape(usize),
    /// The decoded bytes are not UTF-8.
    NotUtf8,
    /// A `&`-separated pair with no `=`.
    NoEquals(String),
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QueryError::BadEscape(at) => {
                write!(f, "`%` at byte {at} is not followed by two hex digits")
            }
            QueryError::NotUtf8 => f.write_str("the percent-decoded bytes are not UTF-8"),
            QueryError::NoEquals(pair) => write!(f, "the pair {pair:?} has no `=`"),
        }
    }
}

impl std::error::Error for QueryError {}

/// `text` percent-decoded (`%XX` in either case) as UTF-8; `+` stays a plus, as in the
/// request-target NCP's gateway signs.
///
/// Stricter than [`percent_encoding::percent_decode_str`], which keeps a malformed `%` as it is:
/// an encoder that writes one has a bug the caller wants to hear about.
pub fn percent_decode(text: &str) -> Result<String, QueryError> {
    let bytes = text.as_bytes();
    for (at, _) in text.match_indices('%') {
        let escape_ok = bytes
            .get(at + 1..at + 3)
            .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit));
        if !escape_ok {
            return Err(QueryError::BadEscape(at));
        }
    }
    percent_encoding::percent_decode_str(text)
        .decode_utf8()
        .map(|decoded| decoded.into_owned())
        .map_err(|_| QueryError::NotUtf8)
}

/// The parameters of a raw query string (without the `?`), in order, each name and value
/// [`percent_decode`]d. The empty query has none; every other pair must have an `=`.
pub fn decode_query(query: &str) -> Result<Vec<(String, String)>, QueryError> {
    if query.is_empty() {
        return Ok(Vec::new());
    }
    query
        .split('&')
        .map(|pair| {
            let (name, value) = pair
                .split_once('=')
                .ok_or_else(|| QueryError::NoEquals(pair.to_owned()))?;
            Ok((percent_decode(name)?, percent_decode(value)?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_signature_matches_a_known_answer() {
        // The vector `get_json_only` of tests/data/signature_vectors.json (computed with NCP's
        // Python SDK); generated/tests/signature_vectors.rs checks the whole file.
        let signature = reference_signature(
            "ncpSecretKeyExample0000000000000000000001",
            "GET",
            "/vserver/v2/getRegionList?responseFormatType=json",
            "1712345678901",
            "ncpAccessKeyExample0001",
        );
        assert_eq!(signature, "qa6QPvpNUvV04uks+TVHUKGYpPFAVeSQ5vKNV7cvF0w=");
    }

    #[test]
    fn percent_decode_reads_escapes_in_either_case_and_keeps_plus() {
        assert_eq!(percent_decode("a%20b+c%2fd%2F").unwrap(), "a b+c/d/");
        assert_eq!(percent_decode("%ED%95%9C").unwrap(), "한");
        assert_eq!(percent_decode("").unwrap(), "");
    }

    #[test]
    fn percent_decode_rejects_malformed_escapes_and_non_utf8() {
        assert_eq!(percent_decode("ab%2"), Err(QueryError::BadEscape(2)));
        assert_eq!(percent_decode("%G0"), Err(QueryError::BadEscape(0)));
        assert_eq!(percent_decode("x%"), Err(QueryError::BadEscape(1)));
        assert_eq!(percent_decode("%FF"), Err(QueryError::NotUtf8));
    }

    #[test]
    fn decode_query_splits_pairs_in_order() {
        assert_eq!(decode_query(""), Ok(Vec::new()));
        assert_eq!(
            decode_query("b=2&a=&c%3D=%26").unwrap(),
            [("b", "2"), ("a", ""), ("c=", "&")].map(|(k, v)| (k.to_owned(), v.to_owned()))
        );
        assert_eq!(
            decode_query("a=1&flag"),
            Err(QueryError::NoEquals("flag".to_owned()))
        );
    }
}
