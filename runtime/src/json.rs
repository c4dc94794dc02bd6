//! JSON decoding: serde_json, with error paths (serde_path_to_error) and unknown-field reports
//! (serde_ignored) in the same slash form as the XML decoder (`a/b[0]/c`), plus the
//! `deserialize_with` helpers the generated types use.
//!
//! Error paths cost an allocation per object key while tracking, so the first attempt runs
//! without tracking; only when it fails is the input decoded again with tracking, to find the
//! path of the error.

use std::borrow::Cow;
use std::fmt::{self, Write as _};
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{self, DeserializeOwned, DeserializeSeed, Deserializer, Unexpected, Visitor};

use super::format::skip_bom;
use super::{Format, UnknownField};
use crate::error::{DecodeError, DecodeErrorKind, snippet_around};
use crate::lists;

/// Decodes a JSON document (a UTF-8 byte order mark is skipped) into `T`. Fields `T` does not
/// know are skipped and reported to `unknown` when given.
pub fn from_json<T: DeserializeOwned>(
    input: &[u8],
    unknown: Option<&mut Vec<UnknownField>>,
) -> Result<T, DecodeError> {
    from_json_seed(input, || PhantomData::<T>, unknown)
}

/// Like [`from_json`], with a [`DeserializeSeed`] made by `seed` (called once, or twice when
/// the document does not decode: the second run finds the error's path).
///
/// The whole input is checked as UTF-8 once, up front, and then read as text: read from bytes,
/// serde_json checks every string and key on its own, which cost the checks' set-up once per
/// string (about a fifth of a decode's instructions, 82M of 449M for 10,000 images). Input that
/// is not UTF-8 is read from bytes as before, so that the error is serde_json's, at the string
/// where it is.
pub fn from_json_seed<'de, S: DeserializeSeed<'de>>(
    input: &'de [u8],
    seed: impl Fn() -> S,
    unknown: Option<&mut Vec<UnknownField>>,
) -> Result<S::Value, DecodeError> {
    let input = skip_bom(input);
    match std::str::from_utf8(input) {
        Ok(text) => runs(
            input,
            || serde_json::Deserializer::from_str(text),
            seed,
            unknown,
        ),
        Err(_) => runs(
            input,
            || serde_json::Deserializer::from_slice(input),
            seed,
            unknown,
        ),
    }
}

/// Decodes `input` through the deserializers `reader` makes: once, and when that fails, once
/// more, tracking the path, to tell where the error is.
fn runs<'de, R: serde_json::de::Read<'de>, S: DeserializeSeed<'de>>(
    input: &[u8],
    reader: impl Fn() -> serde_json::Deserializer<R>,
    seed: impl Fn() -> S,
    unknown: Option<&mut Vec<UnknownField>>,
) -> Result<S::Value, DecodeError> {
    let first_error = match decode(reader(), &seed, unknown) {
        Ok(value) => return Ok(value),
        Err(e) => e,
    };
    Err(match tracked(reader(), &seed) {
        Err((path, e)) => json_error(input, path, e),
        Ok(()) => json_error(input, String::new(), first_error),
    })
}

/// One decoding run over `de` to its end, reporting unknown fields to `unknown` when given.
fn decode<'de, R: serde_json::de::Read<'de>, S: DeserializeSeed<'de>>(
    mut de: serde_json::Deserializer<R>,
    seed: impl Fn() -> S,
    unknown: Option<&mut Vec<UnknownField>>,
) -> Result<S::Value, serde_json::Error> {
    let result = match unknown {
        Some(unknown) => {
            let mut report = |path: serde_ignored::Path<'_>| {
                let mut text = String::new();
                ignored_path(&mut text, &path);
                unknown.push(UnknownField {
                    format: Format::Json,
                    path: text,
                    raw: None,
                    expected_name: None,
                });
            };
            seed().deserialize(serde_ignored::Deserializer::new(&mut de, &mut report))
        }
        None => seed().deserialize(&mut de),
    };
    result.and_then(|value| de.end().map(|()| value))
}

/// The run that finds a failing document's error path: the path and the error, or `Ok` if this
/// run, unlike the first, went through.
fn tracked<'de, R: serde_json::de::Read<'de>, S: DeserializeSeed<'de>>(
    mut de: serde_json::Deserializer<R>,
    seed: impl Fn() -> S,
) -> Result<(), (String, serde_json::Error)> {
    let mut track = serde_path_to_error::Track::new();
    seed()
        .deserialize(serde_path_to_error::Deserializer::new(&mut de, &mut track))
        .and_then(|_| de.end())
        .map_err(|e| (error_path(&track.path()), e))
}

/// Converts a serde_json error to a [`DecodeError`] at `path`, with the input around the
/// error's position as snippet.
fn json_error(input: &[u8], path: String, e: serde_json::Error) -> DecodeError {
    use serde_json::error::Category;
    let mut message = e.to_string();
    let location = format!(" at line {} column {}", e.line(), e.column());
    if message.ends_with(&location) {
        message.truncate(message.len() - location.len());
    }
    let kind = match e.classify() {
        Category::Eof => DecodeErrorKind::UnexpectedEof,
        // serde_json's fixed recursion limit; its message is the only way to tell.
        Category::Syntax if message == "recursion limit exceeded" => DecodeErrorKind::TooDeep {
            limit: super::MAX_DEPTH,
        },
        Category::Syntax | Category::Io => DecodeErrorKind::Syntax { message },
        Category::Data => match missing_field_name(&message) {
            Some(field) => DecodeErrorKind::MissingField {
                field: field.to_owned(),
            },
            None => DecodeErrorKind::Data { message },
        },
    };
    let error = DecodeError::new(Format::Json, path, kind);
    if e.line() == 0 {
        return error;
    }
    let position = byte_offset(input, e.line(), e.column());
    error.with_snippet_owned(snippet_around(input, position))
}

/// The field of serde's "missing field `name`" message.
fn missing_field_name(message: &str) -> Option<&str> {
    message.strip_prefix("missing field `")?.strip_suffix('`')
}

/// Byte offset of serde_json's 1-based line and column.
fn byte_offset(input: &[u8], line: usize, column: usize) -> usize {
    let line_start = if line <= 1 {
        0
    } else {
        input
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .nth(line - 2)
            .map_or(input.len(), |(i, _)| i + 1)
    };
    (line_start + column.saturating_sub(1)).min(input.len())
}

fn push_key(out: &mut String, key: &str) {
    if !out.is_empty() {
        out.push('/');
    }
    out.push_str(key);
}

/// `a/b[0]/c` from serde_path_to_error's path.
fn error_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path {
        match segment {
            Segment::Seq { index } => {
                let _ = write!(out, "[{index}]");
            }
            Segment::Map { key } => push_key(&mut out, key),
            Segment::Enum { variant } => push_key(&mut out, variant),
            Segment::Unknown => push_key(&mut out, "?"),
        }
    }
    out
}

/// `a/b[0]/c` from serde_ignored's path.
fn ignored_path(out: &mut String, path: &serde_ignored::Path<'_>) {
    use serde_ignored::Path;
    match path {
        Path::Root => {}
        Path::Seq { parent, index } => {
            ignored_path(out, parent);
            let _ = write!(out, "[{index}]");
        }
        Path::Map { parent, key } => {
            ignored_path(out, parent);
            push_key(out, key);
        }
        Path::Some { parent }
        | Path::NewtypeStruct { parent }
        | Path::NewtypeVariant { parent } => ignored_path(out, parent),
    }
}

// ------------------------------------------------------------------------------------------------
// Lenient scalars
// ------------------------------------------------------------------------------------------------

/// A scalar that also accepts its other JSON representation: a string that also accepts a
/// number, a number that also accepts a string (the spec's lenient scalars, see design.md).
/// Used through [`lenient`] and [`lenient_opt`].
pub trait Lenient: Sized {
    /// What the value should look like, for error messages.
    const EXPECTED: &'static str;
    /// Whether an empty JSON string is a value (`String`) or, with [`lenient_opt`], an absent
    /// value (numbers).
    const EMPTY_IS_VALUE: bool = false;
    /// From a JSON string.
    fn from_json_str(v: &str) -> Option<Self>;
    /// From a JSON integer that fits in `i64`.
    fn from_json_i64(v: i64) -> Option<Self>;
    /// From a JSON integer above `i64::MAX`.
    fn from_json_u64(v: u64) -> Option<Self>;
    /// From a JSON number with a fraction or exponent.
    fn from_json_f64(v: f64) -> Option<Self>;
}

/// A JSON string, or a JSON number kept as its decimal text (`12` -> `"12"`; a number with a
/// fraction or exponent is written as Rust writes an `f64`: `1e3` -> `"1000"`).
impl Lenient for String {
    const EXPECTED: &'static str = "a string or a number";
    const EMPTY_IS_VALUE: bool = true;
    fn from_json_str(v: &str) -> Option<Self> {
        Some(v.to_owned())
    }
    fn from_json_i64(v: i64) -> Option<Self> {
        Some(v.to_string())
    }
    fn from_json_u64(v: u64) -> Option<Self> {
        Some(v.to_string())
    }
    fn from_json_f64(v: f64) -> Option<Self> {
        Some(v.to_string())
    }
}

macro_rules! lenient_int {
    ($($t:ty => $expected:literal),* $(,)?) => {$(
        /// A JSON integer, or a string of decimal digits (optional sign, surrounding whitespace
        /// ignored). Numbers with a fraction or exponent are rejected.
        impl Lenient for $t {
            const EXPECTED: &'static str = $expected;
            fn from_json_str(v: &str) -> Option<Self> {
                v.trim().parse().ok()
            }
            fn from_json_i64(v: i64) -> Option<Self> {
                v.try_into().ok()
            }
            fn from_json_u64(v: u64) -> Option<Self> {
                v.try_into().ok()
            }
            fn from_json_f64(_: f64) -> Option<Self> {
                None
            }
        }
    )*};
}

lenient_int! {
    i32 => "a 32-bit integer (number or string)",
    i64 => "a 64-bit integer (number or string)",
}

struct LenientVisitor<T>(PhantomData<T>);

impl<T: Lenient> Visitor<'_> for LenientVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTED)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        T::from_json_str(v).ok_or_else(|| E::invalid_value(Unexpected::Str(v), &self))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        T::from_json_i64(v).ok_or_else(|| E::invalid_value(Unexpected::Signed(v), &self))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        T::from_json_u64(v).ok_or_else(|| E::invalid_value(Unexpected::Unsigned(v), &self))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
        T::from_json_f64(v).ok_or_else(|| E::invalid_value(Unexpected::Float(v), &self))
    }
}

/// The value inside a non-null optional lenient scalar: an empty string is `None` for types
/// that do not take it as a value.
struct LenientSomeVisitor<T>(PhantomData<T>);

impl<T: Lenient> Visitor<'_> for LenientSomeVisitor<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTED)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<T>, E> {
        // Blank like an XML element of only whitespace, which is absent too.
        if !T::EMPTY_IS_VALUE && is_blank(v) {
            return Ok(None);
        }
        LenientVisitor(PhantomData).visit_str(v).map(Some)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Option<T>, E> {
        LenientVisitor(PhantomData).visit_i64(v).map(Some)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Option<T>, E> {
        LenientVisitor(PhantomData).visit_u64(v).map(Some)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Option<T>, E> {
        LenientVisitor(PhantomData).visit_f64(v).map(Some)
    }
}

struct LenientOptVisitor<T>(PhantomData<T>);

impl<'de, T: Lenient> Visitor<'de> for LenientOptVisitor<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "null or {}", T::EXPECTED)
    }

    fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
        d.deserialize_any(LenientSomeVisitor(PhantomData))
    }
}

/// `deserialize_with` for a required lenient scalar (see [`Lenient`]).
pub fn lenient<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Lenient,
{
    d.deserialize_any(LenientVisitor(PhantomData))
}

/// `deserialize_with` for an optional lenient scalar (see [`Lenient`]): `null` is `None`, and
/// so is an empty (or blank) string for numbers. Use with `#[serde(default)]` so that a missing field is
/// `None` too.
pub fn lenient_opt<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Lenient,
{
    d.deserialize_option(LenientOptVisitor(PhantomData))
}

// ------------------------------------------------------------------------------------------------
// Optional values that the API leaves empty
// ------------------------------------------------------------------------------------------------

/// `deserialize_with` for an optional field that is not text (a number, boolean, date-time,
/// coded value or object): `null`, an empty string and a blank one are `None`, as an empty XML
/// element is; anything else decodes as `T`. Live bodies send `""` for values they do not have.
/// Use with `#[serde(default)]` so that a missing field is `None` too.
///
/// The value is handed on to `T` as it came (a borrowed string stays borrowed, an object is
/// read in place), so error paths and unknown-field reports inside it are unchanged.
pub fn optional<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    d.deserialize_option(OptionalVisitor(PhantomData))
}

struct OptionalVisitor<T>(PhantomData<T>);

/// `v.trim().is_empty()`, answered from the first byte when that is a printable ASCII
/// character (every code, number and date the API sends): the full test walked every value of
/// every optional field.
#[inline]
fn is_blank(v: &str) -> bool {
    match v.as_bytes().first() {
        None => true,
        Some(b) if b.is_ascii_graphic() => false,
        Some(_) => v.trim().is_empty(),
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for OptionalVisitor<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("null, an empty string or a value")
    }

    fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
        d.deserialize_any(PresentVisitor(PhantomData))
    }
}

/// The value of a non-null optional field: every JSON kind is handed on to `T`, but for a
/// blank string.
struct PresentVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for PresentVisitor<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an empty string or a value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Option<T>, E> {
        T::deserialize(de::value::BoolDeserializer::new(v)).map(Some)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Option<T>, E> {
        T::deserialize(de::value::I64Deserializer::new(v)).map(Some)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Option<T>, E> {
        T::deserialize(de::value::U64Deserializer::new(v)).map(Some)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Option<T>, E> {
        T::deserialize(de::value::F64Deserializer::new(v)).map(Some)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<T>, E> {
        if is_blank(v) {
            return Ok(None);
        }
        T::deserialize(de::value::StrDeserializer::new(v)).map(Some)
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Option<T>, E> {
        if is_blank(v) {
            return Ok(None);
        }
        T::deserialize(de::value::BorrowedStrDeserializer::new(v)).map(Some)
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Option<T>, E> {
        if is_blank(&v) {
            return Ok(None);
        }
        T::deserialize(de::value::StringDeserializer::new(v)).map(Some)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Option<T>, A::Error> {
        T::deserialize(de::value::SeqAccessDeserializer::new(seq)).map(Some)
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Option<T>, A::Error> {
        T::deserialize(de::value::MapAccessDeserializer::new(map)).map(Some)
    }
}

// ------------------------------------------------------------------------------------------------
// Coded values
// ------------------------------------------------------------------------------------------------

/// The serde visitor of the generated enums of coded values: a JSON string, matched against the
/// known values where it lies in the input (a known value costs no allocation; an unknown one is
/// kept as received).
pub struct CodeVisitor<T> {
    expected: &'static str,
    value: PhantomData<fn() -> T>,
}

impl<T> CodeVisitor<T> {
    /// A visitor whose error messages say `expected` (`a OsTypeCodeValue value`).
    pub const fn new(expected: &'static str) -> Self {
        CodeVisitor {
            expected,
            value: PhantomData,
        }
    }
}

impl<T: for<'a> From<&'a str> + From<String>> Visitor<'_> for CodeVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expected)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        Ok(T::from(v))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<T, E> {
        Ok(T::from(v))
    }
}

// ------------------------------------------------------------------------------------------------
// Code objects ({code, codeName}) and optional coded values, with one copy of their decoding
// ------------------------------------------------------------------------------------------------
//
// A response carries dozens of `{code, codeName}` objects, each its own generated type. With a
// derived `Deserialize` and `optional` per type, every one of them instantiated its own copy of
// the whole decoding chain, and decoding a list of images ran through nine such copies per image:
// the code no longer fitted in the instruction cache (1.39M first-level misses against 446 for a
// mirror with one code type). Here the decoding is generic over the deserializer only; a
// generated type adds no more than moving the parts into its fields.

/// The names a code object's errors use.
#[derive(Clone, Copy, Debug)]
pub struct CodeNames {
    /// The type's name, as a derived `Deserialize` passes it (`OsTypeCode`).
    pub name: &'static str,
    /// What its `code` value should be (`a OsTypeCodeValue value`), as its enum says.
    pub value: &'static str,
}

/// A generated `{code, codeName}` type: the JSON decoding is shared ([`code_object`],
/// [`optional_code`]); the type only says its names and takes the decoded parts.
pub trait CodeObject: Sized {
    /// The enum of the `code` value.
    type Value: for<'a> From<&'a str> + From<String>;
    /// The names in error messages.
    const NAMES: CodeNames;
    /// The value from its `code` and `codeName`.
    fn from_parts(code: Option<Self::Value>, code_name: Option<String>) -> Self;
}

/// A code object as decoded, before it becomes its generated type: the code's text is still
/// borrowed from the input when it can be.
#[derive(Debug, Default)]
pub struct RawCode<'de> {
    /// `code`, absent when missing, `null` or blank.
    pub code: Option<Cow<'de, str>>,
    /// `codeName`.
    pub code_name: Option<String>,
}

impl RawCode<'_> {
    /// The generated type holding these parts.
    pub fn into_code<T: CodeObject>(self) -> T {
        T::from_parts(self.code.map(cow_into), self.code_name)
    }
}

fn cow_into<V: for<'a> From<&'a str> + From<String>>(text: Cow<'_, str>) -> V {
    match text {
        Cow::Borrowed(text) => V::from(text),
        Cow::Owned(text) => V::from(text),
    }
}

/// `Deserialize` of a generated code object, as serde's derive would decode the struct (a map,
/// or a sequence of its fields in order; unknown keys skipped through `IgnoredAny`, so that the
/// unknown-field collector sees them; duplicates an error), its `code` read like an optional
/// coded value ([`optional_enum`]).
pub fn code_object<'de, D: Deserializer<'de>>(
    d: D,
    names: CodeNames,
) -> Result<RawCode<'de>, D::Error> {
    d.deserialize_struct(
        names.name,
        CODE_FIELDS,
        CodeObjectVisitor {
            names,
            optional: false,
        },
    )
    .map(Option::unwrap_or_default)
}

/// `deserialize_with` for an optional code object: what [`optional`] does for it (`null`, an
/// empty or blank string are `None`), through the shared decoding.
pub fn optional_code<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: CodeObject,
{
    optional_code_raw(d, T::NAMES).map(|raw| raw.map(RawCode::into_code))
}

fn optional_code_raw<'de, D: Deserializer<'de>>(
    d: D,
    names: CodeNames,
) -> Result<Option<RawCode<'de>>, D::Error> {
    d.deserialize_option(SomeThen(CodeObjectVisitor {
        names,
        optional: true,
    }))
}

/// `deserialize_with` for an optional coded value: what [`optional`] does for an enum of
/// [`open_enum!`](crate::open_enum) (`null`, an empty or blank string are `None`), with the text
/// read once for every enum. `expected` comes from the enum's own `Deserialize` errors.
pub fn optional_enum<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> From<&'a str> + From<String> + EnumName,
{
    optional_text(d, T::EXPECTED).map(|text| text.map(cow_into))
}

/// What an enum of coded values says it expects (`a OsTypeCodeValue value`); implemented by
/// [`open_enum!`](crate::open_enum).
pub trait EnumName {
    /// The text in error messages.
    const EXPECTED: &'static str;
}

fn optional_text<'de, D: Deserializer<'de>>(
    d: D,
    expected: &'static str,
) -> Result<Option<Cow<'de, str>>, D::Error> {
    d.deserialize_option(SomeThen(TextVisitor(expected)))
}

const CODE_FIELDS: &[&str] = &["code", "codeName"];

/// `null` (and unit) is `None`; anything else goes on to the present-value visitor.
struct SomeThen<V>(V);

impl<'de, V: Visitor<'de, Value = Option<T>> + Copy, T> Visitor<'de> for SomeThen<V> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
        d.deserialize_any(self.0)
    }
}

/// A present coded value: its text (a blank one is `None`); any other kind is an error saying
/// the enum's expectation, as the enum's own visitor says it.
#[derive(Clone, Copy)]
struct TextVisitor(&'static str);

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Option<Cow<'de, str>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok((!is_blank(v)).then(|| Cow::Owned(v.to_owned())))
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok((!is_blank(v)).then_some(Cow::Borrowed(v)))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok((!is_blank(&v)).then_some(Cow::Owned(v)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

/// The value of a code object's `code`, as a field of it.
struct CodeSeed(&'static str);

impl<'de> DeserializeSeed<'de> for CodeSeed {
    type Value = Option<Cow<'de, str>>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        optional_text(d, self.0)
    }
}

/// A code object's keys, as a derived field visitor reads them (by name, or by index).
enum CodeField {
    Code,
    CodeName,
    Other,
}

impl<'de> Deserialize<'de> for CodeField {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_identifier(CodeFieldVisitor)
    }
}

struct CodeFieldVisitor;

impl Visitor<'_> for CodeFieldVisitor {
    type Value = CodeField;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("field identifier")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<CodeField, E> {
        Ok(match v {
            0 => CodeField::Code,
            1 => CodeField::CodeName,
            _ => CodeField::Other,
        })
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<CodeField, E> {
        self.visit_bytes(v.as_bytes())
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<CodeField, E> {
        Ok(match v {
            b"code" => CodeField::Code,
            b"codeName" => CodeField::CodeName,
            _ => CodeField::Other,
        })
    }
}

/// A code object. `optional`: read as a present value of an optional field, where a blank
/// string (or unit) is `None` and any other non-object an error saying the struct.
#[derive(Clone, Copy)]
struct CodeObjectVisitor {
    names: CodeNames,
    optional: bool,
}

impl<'de> Visitor<'de> for CodeObjectVisitor {
    type Value = Option<RawCode<'de>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", self.names.name)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if self.optional && is_blank(v) {
            return Ok(None);
        }
        Err(E::invalid_type(Unexpected::Str(v), &self))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        if self.optional {
            return Ok(None);
        }
        Err(E::invalid_type(Unexpected::Unit, &self))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        // As the derive: missing trailing fields take their default.
        let code = seq.next_element_seed(CodeSeed(self.names.value))?.flatten();
        let code_name = seq.next_element::<Option<String>>()?.flatten();
        Ok(Some(RawCode { code, code_name }))
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut code = None;
        let mut code_name = None;
        while let Some(key) = map.next_key::<CodeField>()? {
            match key {
                CodeField::Code => {
                    if code.is_some() {
                        return Err(de::Error::duplicate_field("code"));
                    }
                    code = Some(map.next_value_seed(CodeSeed(self.names.value))?);
                }
                CodeField::CodeName => {
                    if code_name.is_some() {
                        return Err(de::Error::duplicate_field("codeName"));
                    }
                    code_name = Some(map.next_value::<Option<String>>()?);
                }
                CodeField::Other => {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
        }
        Ok(Some(RawCode {
            code: code.flatten(),
            code_name: code_name.flatten(),
        }))
    }
}

/// `deserialize_with` for lists: `null` is an empty list. Use with `#[serde(default)]` so
/// that a missing list is empty too. The list grows and ends sized as the runtime's list
/// readers make it (room for what it holds, less than a page spare).
pub fn list<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    d.deserialize_option(ListVisitor(PhantomData))
}

/// [`list`]'s visitor: as `Option<Vec<T>>`'s, with the list grown and fitted by [`lists`].
struct ListVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ListVisitor<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            lists::push(&mut items, item);
        }
        lists::fit(&mut items);
        Ok(items)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    struct Required {
        #[serde(deserialize_with = "lenient")]
        small: i32,
        #[serde(deserialize_with = "lenient")]
        text: String,
        #[serde(default, deserialize_with = "list")]
        items: Vec<i64>,
    }

    #[test]
    fn required_lenient_scalars_and_lists() {
        let r: Required =
            from_json(br#"{"small": "-12", "text": 5, "items": [1, 2]}"#, None).unwrap();
        assert_eq!(
            (r.small, r.text.as_str(), r.items.as_slice()),
            (-12, "5", &[1, 2][..])
        );
        let r: Required = from_json(br#"{"small": 1, "text": "t", "items": null}"#, None).unwrap();
        assert!(r.items.is_empty());
        let r: Required = from_json(br#"{"small": 1, "text": "t"}"#, None).unwrap();
        assert!(r.items.is_empty());
        let e = from_json::<Required>(br#"{"small": 2147483648, "text": "t"}"#, None).unwrap_err();
        assert_eq!(e.path(), "small");
        assert!(
            e.to_string()
                .contains("expected a 32-bit integer (number or string)"),
            "{e}"
        );
        let e = from_json::<Required>(br#"{"small": "", "text": "t"}"#, None).unwrap_err();
        assert_eq!(e.path(), "small");
        let e = from_json::<Required>(br#"{"small": 1.5, "text": "t"}"#, None).unwrap_err();
        assert_eq!(e.path(), "small");
        let e = from_json::<Required>(br#"{"small": 1, "text": true}"#, None).unwrap_err();
        assert_eq!(e.path(), "text");
        assert!(
            e.to_string().contains("expected a string or a number"),
            "{e}"
        );
    }

    crate::open_enum! {
        /// Test codes.
        pub enum Code {
            /// A.
            Alpha = "ALPHA",
        }
    }

    #[derive(Debug, Default, PartialEq, serde::Deserialize)]
    struct Inner {
        #[serde(default)]
        code: Option<String>,
    }

    /// One optional field of each non-text kind, all through [`optional`].
    #[derive(Debug, Default, PartialEq, serde::Deserialize)]
    struct Optionals {
        #[serde(default, deserialize_with = "optional")]
        small: Option<i32>,
        #[serde(default, deserialize_with = "optional")]
        big: Option<i64>,
        #[serde(default, deserialize_with = "optional")]
        ratio: Option<f64>,
        #[serde(default, deserialize_with = "optional")]
        flag: Option<bool>,
        #[serde(default, deserialize_with = "optional")]
        date: Option<crate::DateTime>,
        #[serde(default, deserialize_with = "optional")]
        code: Option<Code>,
        #[serde(default, deserialize_with = "optional")]
        inner: Option<Inner>,
        #[serde(default, deserialize_with = "lenient_opt")]
        lenient: Option<i64>,
    }

    #[test]
    fn empty_strings_are_absent_values_of_every_non_text_kind() {
        let keys = [
            "small", "big", "ratio", "flag", "date", "code", "inner", "lenient",
        ];
        for empty in [r#""""#, r#"" ""#, r#""\t\n""#, "null"] {
            let body: Vec<String> = keys.iter().map(|k| format!(r#""{k}": {empty}"#)).collect();
            let body = format!("{{{}}}", body.join(", "));
            let mut unknown = Vec::new();
            let value: Optionals = from_json(body.as_bytes(), Some(&mut unknown))
                .unwrap_or_else(|e| panic!("{body}: {e}"));
            assert_eq!(value, Optionals::default(), "{body}");
            assert!(unknown.is_empty(), "{unknown:?}");
        }
        let value: Optionals = from_json(b"{}", None).unwrap();
        assert_eq!(value, Optionals::default());
    }

    #[test]
    fn present_values_decode_as_before_through_optional() {
        let body = br#"{"small": -3, "big": 9007199254740993, "ratio": 2, "flag": true,
            "date": "2020-08-24T10:34:27+0900", "code": "ALPHA", "inner": {"code": "x", "new": 1},
            "lenient": "12"}"#;
        let mut unknown = Vec::new();
        let value: Optionals = from_json(body, Some(&mut unknown)).unwrap();
        assert_eq!(value.small, Some(-3));
        assert_eq!(value.big, Some(9_007_199_254_740_993));
        assert_eq!(value.ratio, Some(2.0));
        assert_eq!(value.flag, Some(true));
        assert_eq!(
            value.date.as_ref().map(crate::DateTime::as_str),
            Some("2020-08-24T10:34:27+0900")
        );
        assert_eq!(value.code, Some(Code::Alpha));
        assert_eq!(value.inner.unwrap().code.as_deref(), Some("x"));
        assert_eq!(value.lenient, Some(12));
        // An unknown field inside a value read through `optional` is still reported, at its path.
        let paths: Vec<&str> = unknown.iter().map(|u| u.path.as_str()).collect();
        assert_eq!(paths, ["inner/new"]);
        let value: Optionals = from_json(br#"{"code": "NEW"}"#, None).unwrap();
        assert_eq!(value.code.unwrap().as_str(), "NEW");
        assert_eq!(Code::values(), ["ALPHA"]);
    }

    #[test]
    fn wrong_values_are_still_errors_with_their_paths() {
        for (body, path) in [
            (&br#"{"small": 2147483648}"#[..], "small"),
            (br#"{"small": "7"}"#, "small"),
            (br#"{"flag": "yes"}"#, "flag"),
            (br#"{"date": "2020-08-24"}"#, "date"),
            (br#"{"code": 5}"#, "code"),
            (br#"{"inner": {"code": 5}}"#, "inner/code"),
            (br#"{"inner": "x"}"#, "inner"),
        ] {
            let e = from_json::<Optionals>(body, None).unwrap_err();
            assert_eq!(e.path(), path, "{}: {e}", String::from_utf8_lossy(body));
        }
    }

    /// The derive the generated code objects had before the shared decoding: its reference.
    #[derive(Debug, serde::Deserialize)]
    struct CodeObjectType {
        #[serde(default, deserialize_with = "optional")]
        code: Option<Code>,
        #[serde(rename = "codeName", default)]
        code_name: Option<String>,
    }

    /// The same object through [`code_object`] and [`optional_code`], as generated now.
    #[derive(Debug)]
    struct SharedCode {
        code: Option<Code>,
        code_name: Option<String>,
    }

    impl CodeObject for SharedCode {
        type Value = Code;
        // The derive's name, so that the error messages can be compared.
        const NAMES: CodeNames = CodeNames {
            name: "CodeObjectType",
            value: <Code as EnumName>::EXPECTED,
        };
        fn from_parts(code: Option<Code>, code_name: Option<String>) -> Self {
            Self { code, code_name }
        }
    }

    impl<'de> Deserialize<'de> for SharedCode {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            code_object(d, Self::NAMES).map(RawCode::into_code)
        }
    }

    #[derive(Debug, serde::Deserialize)]
    struct DerivedOuter {
        #[serde(default, deserialize_with = "optional")]
        c: Option<CodeObjectType>,
        #[serde(default, deserialize_with = "list")]
        list: Vec<CodeObjectType>,
        #[serde(default, deserialize_with = "optional")]
        k: Option<Code>,
    }

    #[derive(Debug, serde::Deserialize)]
    struct SharedOuter {
        #[serde(default, deserialize_with = "optional_code")]
        c: Option<SharedCode>,
        #[serde(default, deserialize_with = "list")]
        list: Vec<SharedCode>,
        #[serde(default, deserialize_with = "optional_enum")]
        k: Option<Code>,
    }

    type Parts = (Option<Code>, Option<String>);
    type Outcome = Result<(Option<Parts>, Vec<Parts>, Option<Code>, Vec<String>), String>;

    fn decoded<T: DeserializeOwned>(body: &str, parts: impl Fn(T) -> Outcome) -> Outcome {
        let mut unknown = Vec::new();
        match from_json::<T>(body.as_bytes(), Some(&mut unknown)) {
            Ok(value) => parts(value)
                .map(|(c, l, k, _)| (c, l, k, unknown.into_iter().map(|u| u.path).collect())),
            Err(e) => Err(format!("{} | {e}", e.path())),
        }
    }

    /// What [`list`] replaced: serde's own `Option<Vec<T>>`.
    fn serde_list<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
        d: D,
    ) -> Result<Vec<T>, D::Error> {
        Option::<Vec<T>>::deserialize(d).map(Option::unwrap_or_default)
    }

    #[derive(Debug, serde::Deserialize)]
    struct Lists<const OURS: bool> {
        #[serde(default, deserialize_with = "pick_list::<OURS, _, _>")]
        items: Vec<i64>,
        #[serde(default, deserialize_with = "pick_list::<OURS, _, _>")]
        nested: Vec<Listed<OURS>>,
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Listed<const OURS: bool> {
        #[serde(default, deserialize_with = "pick_list::<OURS, _, _>")]
        names: Vec<String>,
    }

    fn pick_list<'de, const OURS: bool, D: Deserializer<'de>, T: Deserialize<'de>>(
        d: D,
    ) -> Result<Vec<T>, D::Error> {
        if OURS { list(d) } else { serde_list(d) }
    }

    /// `from_json`'s runs as they were before the input was read as text: from bytes.
    fn from_json_bytes<T: DeserializeOwned>(
        input: &[u8],
        unknown: Option<&mut Vec<UnknownField>>,
    ) -> Result<T, DecodeError> {
        let reader = || serde_json::Deserializer::from_slice(input);
        runs(input, reader, || PhantomData::<T>, unknown)
    }

    #[test]
    fn text_and_bytes_read_alike() {
        let bodies = [
            r#"{"items": [1, 2], "nested": [{"names": ["가", "b\u00e9", "\ud83d\ude00"]}]}"#,
            r#"{"items": [1], "extra": {"deep": ["\"quoted\"", "탭\t"]}, "more": null}"#,
            r#"{"items": [1, "a"]}"#,
            r#"{"nested": [{"names": ["a", 1]}]}"#,
            r#"{"nested": [{"names": ["\ud800"]}]}"#,
            r#"{"nested": [{"names": ["\q"]}]}"#,
            "{\"nested\": [{\"names\": [\"control\u{1}char\"]}]}",
            r#"{"items": [1, 2"#,
            r#"{"items": [1]} trailing"#,
            "{\n  \"items\": [\n    1,\n    \"한국어 텍스트 뒤의 오류\"\n  ]\n}",
        ];
        let mut errors = 0;
        for body in bodies {
            let (mut text_unknown, mut bytes_unknown) = (Vec::new(), Vec::new());
            let text = from_json::<Lists<true>>(body.as_bytes(), Some(&mut text_unknown))
                .map(|v| format!("{v:?}"))
                .map_err(|e| format!("{} | {e} | {:?}", e.path(), e.snippet()));
            let bytes = from_json_bytes::<Lists<true>>(body.as_bytes(), Some(&mut bytes_unknown))
                .map(|v| format!("{v:?}"))
                .map_err(|e| format!("{} | {e} | {:?}", e.path(), e.snippet()));
            errors += usize::from(text.is_err());
            assert_eq!(text, bytes, "{body}");
            let paths = |u: Vec<UnknownField>| u.into_iter().map(|u| u.path).collect::<Vec<_>>();
            assert_eq!(paths(text_unknown), paths(bytes_unknown), "{body}");
        }
        assert!(errors >= 6, "the bodies exercise errors: {errors}");
    }

    #[test]
    fn input_that_is_not_utf8_is_an_error_at_its_string() {
        let mut body = br#"{"items": [1], "nested": [{"names": ["ok", "bad "#.to_vec();
        body.push(0xFF);
        body.extend_from_slice(br#""]}]}"#);
        let e = from_json::<Lists<true>>(&body, None).unwrap_err();
        let before = from_json_bytes::<Lists<true>>(&body, None).unwrap_err();
        assert_eq!(e.to_string(), before.to_string());
        assert_eq!(e.path(), "nested[0]/names[1]");
        assert!(e.to_string().contains("unicode"), "{e}");
    }

    #[test]
    fn lists_decode_as_serde_did() {
        let many = format!("[{}]", vec!["7"; 3000].join(","));
        let bodies = [
            r#"{}"#.to_owned(),
            r#"{"items": null}"#.to_owned(),
            r#"{"items": []}"#.to_owned(),
            r#"{"items": [1, 2, 3]}"#.to_owned(),
            format!(r#"{{"items": {many}}}"#),
            r#"{"items": "x"}"#.to_owned(),
            r#"{"items": ""}"#.to_owned(),
            r#"{"items": 5}"#.to_owned(),
            r#"{"items": {}}"#.to_owned(),
            r#"{"items": {"a": 1}}"#.to_owned(),
            r#"{"items": [1, "a"]}"#.to_owned(),
            r#"{"items": [1, null]}"#.to_owned(),
            r#"{"items": [[1]]}"#.to_owned(),
            r#"{"items": [1, 2"#.to_owned(),
            r#"{"items": [1,]}"#.to_owned(),
            r#"{"items": [1], "items": [2]}"#.to_owned(),
            r#"{"nested": [{"names": ["a", "b"]}, {"names": null}, {}]}"#.to_owned(),
            r#"{"nested": [{"names": ["a", 1]}]}"#.to_owned(),
            r#"{"nested": [{"names": ["a"], "x": [1]}], "y": 2}"#.to_owned(),
            r#"{"nested": [null]}"#.to_owned(),
        ];
        type ListOutcome = Result<(Vec<i64>, Vec<Vec<String>>, Vec<String>), String>;
        fn outcome<const OURS: bool>(body: &str) -> ListOutcome {
            let mut unknown = Vec::new();
            match from_json::<Lists<OURS>>(body.as_bytes(), Some(&mut unknown)) {
                Ok(v) => Ok((
                    v.items,
                    v.nested.into_iter().map(|n| n.names).collect(),
                    unknown.into_iter().map(|u| u.path).collect(),
                )),
                Err(e) => Err(format!("{} | {e}", e.path())),
            }
        }
        let mut errors = 0;
        for body in &bodies {
            let theirs = outcome::<false>(body);
            errors += usize::from(theirs.is_err());
            assert_eq!(outcome::<true>(body), theirs, "{body}");
        }
        assert!(errors >= 8, "the bodies exercise errors: {errors}");
    }

    #[test]
    fn shared_code_objects_decode_as_the_derive_did() {
        let bodies = [
            r#"{}"#,
            r#"{"c": null}"#,
            r#"{"c": ""}"#,
            r#"{"c": " \t"}"#,
            r#"{"c": "x"}"#,
            r#"{"c": 5}"#,
            r#"{"c": -5}"#,
            r#"{"c": 1.5}"#,
            r#"{"c": true}"#,
            r#"{"c": []}"#,
            r#"{"c": ["ALPHA"]}"#,
            r#"{"c": ["ALPHA", "name"]}"#,
            r#"{"c": ["ALPHA", "name", 3]}"#,
            r#"{"c": [5]}"#,
            r#"{"c": {}}"#,
            r#"{"c": {"code": "ALPHA", "codeName": "A"}}"#,
            r#"{"c": {"code": "NEW", "codeName": "코드"}}"#,
            r#"{"c": {"code": "AL\u0050HA"}}"#,
            r#"{"c": {"code": "N\u0045W"}}"#,
            r#"{"c": {"code": "", "codeName": null}}"#,
            r#"{"c": {"code": " "}}"#,
            r#"{"c": {"code": null}}"#,
            r#"{"c": {"code": 5}}"#,
            r#"{"c": {"code": -5}}"#,
            r#"{"c": {"code": 2.5}}"#,
            r#"{"c": {"code": false}}"#,
            r#"{"c": {"code": {}}}"#,
            r#"{"c": {"code": ["ALPHA"]}}"#,
            r#"{"c": {"codeName": 5}}"#,
            r#"{"c": {"code": "ALPHA", "code": "ALPHA"}}"#,
            r#"{"c": {"codeName": "a", "codeName": "b"}}"#,
            r#"{"c": {"extra": {"deep": [1]}, "code": "ALPHA", "more": null}}"#,
            r#"{"c": {"code": "ALPHA"}, "c": null}"#,
            r#"{"c": {"code": "ALPHA""#,
            r#"{"list": [{"code": "ALPHA"}, {"codeName": "n", "x": 1}]}"#,
            r#"{"list": [null]}"#,
            r#"{"list": [""]}"#,
            r#"{"list": ["x"]}"#,
            r#"{"list": [["NEW", "n"]]}"#,
            r#"{"list": [{"code": 1}]}"#,
            r#"{"k": ""}"#,
            r#"{"k": " "}"#,
            r#"{"k": null}"#,
            r#"{"k": "ALPHA"}"#,
            r#"{"k": "NEW"}"#,
            r#"{"k": "N\u0045W"}"#,
            r#"{"k": 3}"#,
            r#"{"k": true}"#,
            r#"{"k": {}}"#,
            r#"{"k": []}"#,
        ];
        let obj = |c: CodeObjectType| (c.code, c.code_name);
        let shared = |c: SharedCode| (c.code, c.code_name);
        // Each body also after a long first field, so that the error snippets (40 bytes before
        // the error's position) would show a position moved by a byte.
        let padded: Vec<String> = bodies
            .iter()
            .map(|b| format!(r#"{{"pad": "{}", {}"#, "p".repeat(60), &b[1..]))
            .collect();
        for body in bodies
            .iter()
            .copied()
            .chain(padded.iter().map(String::as_str))
        {
            let derived = decoded(body, |v: DerivedOuter| {
                Ok((
                    v.c.map(obj),
                    v.list.into_iter().map(obj).collect(),
                    v.k,
                    vec![],
                ))
            });
            let now = decoded(body, |v: SharedOuter| {
                Ok((
                    v.c.map(shared),
                    v.list.into_iter().map(shared).collect(),
                    v.k,
                    vec![],
                ))
            });
            assert_eq!(now, derived, "{body}");
        }
        // A code object on its own, not inside an optional field: no blank-string leniency.
        for body in [
            r#"{"code": "ALPHA"}"#,
            r#""""#,
            "null",
            r#"["NEW"]"#,
            "5",
            r#"{"a": 1}"#,
        ] {
            let derived = decoded(body, |v: CodeObjectType| {
                Ok((Some(obj(v)), vec![], None, vec![]))
            });
            let now = decoded(body, |v: SharedCode| {
                Ok((Some(shared(v)), vec![], None, vec![]))
            });
            assert_eq!(now, derived, "{body}");
        }
        // The comparison sees values, errors and reports: at least one of each kind above.
        let outcomes: Vec<Outcome> = bodies
            .iter()
            .map(|b| {
                decoded(b, |v: SharedOuter| {
                    Ok((v.c.map(shared), vec![], v.k, vec![]))
                })
            })
            .collect();
        assert!(
            outcomes
                .iter()
                .any(|o| matches!(o, Ok((Some((Some(Code::Alpha), _)), ..))))
        );
        assert!(
            outcomes
                .iter()
                .any(|o| matches!(o, Ok((.., u)) if u == &["c/extra", "c/more"]))
        );
        assert!(
            outcomes
                .iter()
                .any(|o| matches!(o, Err(e) if e.contains("duplicate field `code`")))
        );
        assert!(
            outcomes
                .iter()
                .any(|o| matches!(o, Err(e) if e.contains("a Code value")))
        );
        assert!(
            outcomes
                .iter()
                .any(|o| matches!(o, Err(e) if e.contains("struct CodeObjectType")))
        );
    }

    #[test]
    fn is_blank_is_trim_is_empty() {
        for v in [
            "",
            " ",
            "\t\n\r\x0B\x0C",
            "\u{3000}",
            "\u{A0}x",
            "x",
            " x",
            "\x0Bx",
            "~",
            "\x7F",
            "\x00",
            "코드",
            "-1",
            "\u{85}",
        ] {
            assert_eq!(is_blank(v), v.trim().is_empty(), "{v:?}");
        }
    }

    #[test]
    fn byte_offsets() {
        assert_eq!(byte_offset(b"ab\ncd\nef", 1, 2), 1);
        assert_eq!(byte_offset(b"ab\ncd\nef", 2, 1), 3);
        assert_eq!(byte_offset(b"ab\ncd\nef", 3, 2), 7);
        assert_eq!(byte_offset(b"ab", 5, 2), 2);
    }
}
