//! Doing something with every operation of a service without naming them: a generated crate
//! lists its request types once, in a generated `registry::for_each_operation`, and tools and
//! tests (sample checks, fuzz targets, property tests, `check-sample`) visit them generically.
//! So a new operation in the spec reaches every one of them with no hand-written list to update.

use crate::{BodyError, Operation, UnknownField, decode_body};

/// Something done once per operation type; see a generated crate's
/// `registry::for_each_operation`.
pub trait OperationVisitor {
    /// Called once for each operation's request type, in spec order.
    fn visit<O: Operation + 'static>(&mut self);
}

/// [`OperationVisitor`] for work that needs an operation's mock side too (feature `mock`): the
/// XML encoder of its output (round-trip oracles, property tests, fuzz targets) and its
/// query decoder (a request rebuilt from form pairs). A generated crate lists these in
/// `registry::for_each_mock_operation`, which comes with its typed mock.
#[cfg(feature = "mock")]
pub trait MockVisitor {
    /// Called once for each operation's request type, in spec order.
    fn visit<O: crate::mock::MockOperation>(&mut self);
}

/// Decodes a response body of `O` (see [`decode_body`]) and writes the output as pretty JSON
/// with the API's field names, in spec order: what `cargo xtask check-sample` prints. The
/// values of the fields named in [`Operation::SENSITIVE_FIELDS`] are written as `"***"`.
pub fn decode_to_json<O: Operation>(
    body: &[u8],
    unknown: Option<&mut Vec<UnknownField>>,
) -> Result<String, BodyError> {
    let output = decode_body::<O>(body, unknown)?;
    Ok(to_redacted_json(&output, O::SENSITIVE_FIELDS))
}

/// Pretty JSON of `value` with the scalar value of every field named in `sensitive` (at any
/// depth) written as `"***"`.
///
/// Redacted while serializing, through a formatter, so the fields keep their order and no
/// secret is ever written out (a `serde_json::Value` in between would sort the keys).
pub fn to_redacted_json<T: serde::Serialize + ?Sized>(value: &T, sensitive: &[&str]) -> String {
    let mut out = Vec::new();
    let formatter = RedactingFormatter {
        pretty: serde_json::ser::PrettyFormatter::new(),
        sensitive,
        key: None,
        redact: false,
    };
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
    value
        .serialize(&mut serializer)
        .expect("generated types serialize to JSON");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// A pretty formatter that remembers each object key and replaces the value of a sensitive one.
struct RedactingFormatter<'s> {
    pretty: serde_json::ser::PrettyFormatter<'static>,
    sensitive: &'s [&'s str],
    /// The key being written (`Some` between `begin_object_key` and `end_object_key`).
    key: Option<String>,
    /// Whether the value being written is a secret.
    redact: bool,
}

impl RedactingFormatter<'_> {
    fn write_stars<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.redact = false;
        w.write_all(b"\"***\"")
    }
}

/// The scalar writers: `"***"` in place of a sensitive value, the value otherwise.
macro_rules! scalar {
    ($($method:ident($ty:ty)),* $(,)?) => {$(
        fn $method<W: ?Sized + std::io::Write>(&mut self, w: &mut W, v: $ty) -> std::io::Result<()> {
            if self.redact {
                self.write_stars(w)
            } else {
                serde_json::ser::CompactFormatter.$method(w, v)
            }
        }
    )*};
}

impl serde_json::ser::Formatter for RedactingFormatter<'_> {
    scalar!(
        write_bool(bool),
        write_i8(i8),
        write_i16(i16),
        write_i32(i32),
        write_i64(i64),
        write_i128(i128),
        write_u8(u8),
        write_u16(u16),
        write_u32(u32),
        write_u64(u64),
        write_u128(u128),
        write_f32(f32),
        write_f64(f64),
    );

    fn begin_string<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        if self.redact {
            // The stars stand for the whole string; its pieces and end are swallowed below.
            return w.write_all(b"\"***");
        }
        w.write_all(b"\"")
    }

    fn end_string<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.redact = false;
        w.write_all(b"\"")
    }

    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        if let Some(key) = &mut self.key {
            key.push_str(fragment);
        }
        if self.redact {
            return Ok(());
        }
        w.write_all(fragment.as_bytes())
    }

    fn write_char_escape<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        escape: serde_json::ser::CharEscape,
    ) -> std::io::Result<()> {
        if self.redact {
            return Ok(());
        }
        serde_json::ser::CompactFormatter.write_char_escape(w, escape)
    }

    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        // Only scalars are redacted (the generator accepts `x-ncp-sensitive` on scalars only).
        self.redact = false;
        self.pretty.begin_array(w)
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.pretty.end_array(w)
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.pretty.begin_array_value(w, first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.pretty.end_array_value(w)
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.redact = false;
        self.pretty.begin_object(w)
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.pretty.end_object(w)
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.key = Some(String::new());
        self.pretty.begin_object_key(w, first)
    }

    fn end_object_key<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        let key = self.key.take().unwrap_or_default();
        self.redact = self.sensitive.contains(&key.as_str());
        self.pretty.end_object_key(w)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.pretty.begin_object_value(w)
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.redact = false;
        self.pretty.end_object_value(w)
    }
}

/// A visitor that decodes a body as the operation named `name` ([`decode_to_json`]).
#[derive(Debug)]
pub struct DecodeNamed<'a> {
    name: &'a str,
    body: &'a [u8],
    unknown: Option<&'a mut Vec<UnknownField>>,
    result: Option<Result<String, BodyError>>,
}

impl<'a> DecodeNamed<'a> {
    /// Looks for the operation `name`; unknown fields go to `unknown` when given.
    pub fn new(name: &'a str, body: &'a [u8], unknown: Option<&'a mut Vec<UnknownField>>) -> Self {
        DecodeNamed {
            name,
            body,
            unknown,
            result: None,
        }
    }

    /// The decoded JSON, or `None` when no visited operation had that name.
    pub fn finish(self) -> Option<Result<String, BodyError>> {
        self.result
    }
}

impl OperationVisitor for DecodeNamed<'_> {
    fn visit<O: Operation + 'static>(&mut self) {
        if self.result.is_none() && O::NAME == self.name {
            self.result = Some(decode_to_json::<O>(self.body, self.unknown.take()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::to_redacted_json;

    #[test]
    fn sensitive_fields_are_stars_at_any_depth_and_order_is_kept() {
        let value = serde_json::json!({
            "zone": "KR-1",
            "rootPassword": "p@ss\"word\n",
            "list": [{"privateKey": "-----BEGIN", "no": 1}, {"privateKey": 42}],
            "privateKeyName": "not a secret",
        });
        let text = to_redacted_json(&value, &["rootPassword", "privateKey"]);
        assert!(
            !text.contains("p@ss") && !text.contains("BEGIN") && !text.contains("42"),
            "{text}"
        );
        assert!(
            text.contains("\"privateKeyName\": \"not a secret\""),
            "{text}"
        );
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["rootPassword"], "***");
        assert_eq!(back["list"][0]["privateKey"], "***");
        assert_eq!(back["list"][0]["no"], 1);
        assert_eq!(back["list"][1]["privateKey"], "***");
        // Without secrets it is serde_json's own pretty output.
        assert_eq!(
            to_redacted_json(&value, &[]),
            serde_json::to_string_pretty(&value).unwrap()
        );
    }
}
