//! Query string building.
//!
//! The query string is built once, in the order parameters are pushed, and that exact text is
//! both signed and sent. Names and values are percent-encoded: the RFC 3986 unreserved
//! characters (`A-Z a-z 0-9 - _ . ~`) are kept, every other byte of their UTF-8 form becomes
//! `%XX` with upper-case hex digits (a space is `%20`, never `+`).

use std::fmt::{self, Display, Write as _};

use percent_encoding::percent_decode_str;

/// Builds a query string (`name=value&name=value`, without the leading `?`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QueryWriter {
    buf: String,
}

/// An object that is an item of an NCP list parameter: writes its properties under `prefix`
/// (`networkInterfaceList.1`), as `prefix.property=value`; a list property inside as
/// `prefix.property.N=value` (see [`QueryWriter::push_list`]).
pub trait QueryEncode {
    /// Writes this item's properties with names starting `prefix.`.
    fn encode_query(&self, prefix: &str, q: &mut QueryWriter);
}

impl QueryWriter {
    /// An empty query.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty query with room for `bytes` of text, so that a typical request's parameters
    /// are written without growing the buffer.
    pub fn with_capacity(bytes: usize) -> Self {
        Self {
            buf: String::with_capacity(bytes),
        }
    }

    /// Appends `name=value`, both percent-encoded.
    pub fn push(&mut self, name: &str, value: &str) {
        self.start_pair(name);
        encode_into(&mut self.buf, value);
    }

    /// Appends `name=value` with the value's `Display` text (numbers, enums), percent-encoded
    /// as it is written (no intermediate string).
    pub fn push_display(&mut self, name: &str, value: impl Display) {
        self.start_pair(name);
        let _ = write!(Encoder(&mut self.buf), "{value}");
    }

    /// Appends an NCP list parameter: `name.1=a&name.2=b...` (1-based), one pair per item, each
    /// item written with its `Display` text. An empty list writes nothing.
    pub fn push_list<I>(&mut self, name: &str, items: I)
    where
        I: IntoIterator,
        I::Item: Display,
    {
        for (i, item) in items.into_iter().enumerate() {
            self.start_pair_indexed(name, i + 1);
            let _ = write!(Encoder(&mut self.buf), "{item}");
        }
    }

    /// Appends an NCP list parameter whose items are objects: item N writes its properties
    /// under the prefix `name.N` (1-based) through [`QueryEncode`].
    pub fn push_object_list<'i, T, I>(&mut self, name: &str, items: I)
    where
        T: QueryEncode + 'i,
        I: IntoIterator<Item = &'i T>,
    {
        let mut prefix = String::with_capacity(name.len() + 4);
        for (i, item) in items.into_iter().enumerate() {
            prefix.clear();
            let _ = write!(prefix, "{name}.{}", i + 1);
            item.encode_query(&prefix, self);
        }
    }

    /// The query string built so far.
    pub fn as_str(&self) -> &str {
        &self.buf
    }

    /// The query string built.
    pub fn into_string(self) -> String {
        self.buf
    }

    /// Whether nothing was pushed.
    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    fn start_pair(&mut self, name: &str) {
        if !self.buf.is_empty() {
            self.buf.push('&');
        }
        encode_into(&mut self.buf, name);
        self.buf.push('=');
    }

    fn start_pair_indexed(&mut self, name: &str, index: usize) {
        if !self.buf.is_empty() {
            self.buf.push('&');
        }
        encode_into(&mut self.buf, name);
        self.buf.push('.');
        push_decimal(&mut self.buf, index);
        self.buf.push('=');
    }
}

impl Display for QueryWriter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.buf)
    }
}

/// Whether a byte is kept as it is: the RFC 3986 unreserved characters; every other byte
/// (all of UTF-8's multi-byte sequences included) is escaped.
const UNRESERVED: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b'~');
        b += 1;
    }
    table
};

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Percent-encodes `text` (see the module docs) into `out`.
pub fn encode_into(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    // Runs of unreserved bytes are copied at once; only the rest is escaped byte by byte. A run
    // is ASCII and follows an escaped byte or the start, so its ends are character boundaries.
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if !UNRESERVED[usize::from(b)] {
            if start < i {
                out.push_str(&text[start..i]);
            }
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
            start = i + 1;
        }
    }
    if start < bytes.len() {
        out.push_str(&text[start..]);
    }
}

/// Appends `n` in decimal (the index of a list item) without the formatting machinery.
fn push_decimal(out: &mut String, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[at..] {
        out.push(char::from(d));
    }
}

/// Percent-encodes `text` (see the module docs).
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    encode_into(&mut out, text);
    out
}

/// Percent-decodes `text` (`%XX`, hex digits in either case) as UTF-8; `+` stays a plus, as in
/// the query the client writes and NCP signs.
///
/// Stricter than [`percent_encoding::percent_decode_str`], which keeps a malformed `%` as it
/// is: whoever wrote one has a bug to hear about (the mock answers it with HTTP 400).
pub fn decode(text: &str) -> Result<String, DecodeQueryError> {
    let bytes = text.as_bytes();
    if let Some((at, _)) = text.match_indices('%').find(|(at, _)| {
        !bytes
            .get(at + 1..at + 3)
            .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    }) {
        return Err(DecodeQueryError::MalformedEscape { at });
    }
    percent_decode_str(text)
        .decode_utf8()
        .map(|decoded| decoded.into_owned())
        .map_err(|_| DecodeQueryError::NotUtf8)
}

/// Why [`decode`] failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeQueryError {
    /// A `%` not followed by two hex digits, at this byte offset.
    MalformedEscape {
        /// Byte offset of the `%`.
        at: usize,
    },
    /// The decoded bytes are not UTF-8.
    NotUtf8,
}

impl Display for DecodeQueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeQueryError::MalformedEscape { .. } => f.write_str("malformed percent escape"),
            DecodeQueryError::NotUtf8 => f.write_str("not UTF-8 once decoded"),
        }
    }
}

impl std::error::Error for DecodeQueryError {}

/// A `fmt::Write` that percent-encodes what is written into a string.
struct Encoder<'a>(&'a mut String);

impl fmt::Write for Encoder<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        encode_into(self.0, s);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_unreserved_and_utf8() {
        assert_eq!(
            encode("테스트 이미지+1/α"),
            "%ED%85%8C%EC%8A%A4%ED%8A%B8%20%EC%9D%B4%EB%AF%B8%EC%A7%80%2B1%2F%CE%B1"
        );
        assert_eq!(encode("AZaz09-_.~"), "AZaz09-_.~");
        assert_eq!(
            encode("a b&c=d?e#f%g*h'i"),
            "a%20b%26c%3Dd%3Fe%23f%25g%2Ah%27i"
        );
        assert_eq!(encode(""), "");
        assert_eq!(encode("\n\u{7f}"), "%0A%7F");
    }

    #[test]
    fn decodes_strictly() {
        for text in [
            "테스트 이미지+1/α",
            "AZaz09-_.~",
            "a b&c=d?e#f%g*h'i",
            "",
            "\n\u{7f}",
        ] {
            assert_eq!(decode(&encode(text)).as_deref(), Ok(text));
        }
        assert_eq!(decode("%ed%85%8C+").as_deref(), Ok("테+"));
        for (text, at) in [("%", 0), ("a%4", 1), ("%zz", 0), ("%+1", 0), ("%41%g1", 3)] {
            assert_eq!(
                decode(text),
                Err(DecodeQueryError::MalformedEscape { at }),
                "{text}"
            );
        }
        assert_eq!(decode("%FF"), Err(DecodeQueryError::NotUtf8));
    }

    #[test]
    fn pushes_pairs() {
        let mut q = QueryWriter::new();
        assert!(q.is_empty());
        q.push("regionCode", "KR");
        q.push("serverImageName", "my image");
        q.push_display("pageSize", 100);
        q.push_display("sortedBy", format_args!("{}/{}", "a", "b"));
        assert_eq!(
            q.as_str(),
            "regionCode=KR&serverImageName=my%20image&pageSize=100&sortedBy=a%2Fb"
        );
        assert_eq!(q.to_string(), q.as_str());
    }

    #[test]
    fn pushes_lists() {
        let mut q = QueryWriter::new();
        q.push_list("serverImageNoList", ["1234", "2345"]);
        q.push_list("osTypeCodeList", Vec::<String>::new());
        q.push_list("pageNos", [1, 2]);
        assert_eq!(
            q.into_string(),
            "serverImageNoList.1=1234&serverImageNoList.2=2345&pageNos.1=1&pageNos.2=2"
        );
    }

    struct NetworkInterface {
        subnet_no: String,
        order: Option<i32>,
        acg: Vec<String>,
    }

    impl QueryEncode for NetworkInterface {
        fn encode_query(&self, prefix: &str, q: &mut QueryWriter) {
            q.push(&format!("{prefix}.subnetNo"), &self.subnet_no);
            if let Some(order) = self.order {
                q.push_display(&format!("{prefix}.networkInterfaceOrder"), order);
            }
            q.push_list(&format!("{prefix}.accessControlGroupNoList"), &self.acg);
        }
    }

    #[test]
    fn pushes_object_lists_with_nested_lists() {
        let items = vec![
            NetworkInterface {
                subnet_no: "11".into(),
                order: Some(0),
                acg: vec!["a 1".into(), "b".into()],
            },
            NetworkInterface {
                subnet_no: "12".into(),
                order: None,
                acg: vec![],
            },
        ];
        let mut q = QueryWriter::new();
        q.push("regionCode", "KR");
        q.push_object_list("networkInterfaceList", &items);
        assert_eq!(
            q.as_str(),
            "regionCode=KR\
             &networkInterfaceList.1.subnetNo=11\
             &networkInterfaceList.1.networkInterfaceOrder=0\
             &networkInterfaceList.1.accessControlGroupNoList.1=a%201\
             &networkInterfaceList.1.accessControlGroupNoList.2=b\
             &networkInterfaceList.2.subnetNo=12"
        );
    }

    #[test]
    fn encodes_every_byte_as_the_reference_encoder_does() {
        // Every character class at every position: the table-driven encoder must agree with
        // percent-encoding's own (same reserved set) on all of them.
        const ESCAPED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
            .remove(b'-')
            .remove(b'_')
            .remove(b'.')
            .remove(b'~');
        let mut all: String = (0u8..128).map(char::from).collect();
        all.push_str("é테스트😀~");
        for text in [all.as_str(), "a", "테", "a테b", "테a", "%", "😀😀"] {
            let reference: String = percent_encoding::utf8_percent_encode(text, ESCAPED).collect();
            assert_eq!(encode(text), reference, "{text:?}");
        }
        let mut q = QueryWriter::new();
        for index in [1, 9, 10, 99, 100, 12345] {
            q.buf.clear();
            q.start_pair_indexed("n", index);
            assert_eq!(q.as_str(), format!("n.{index}="));
        }
    }
}
