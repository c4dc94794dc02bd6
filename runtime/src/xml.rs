//! Pull-based XML decoding for the generated types.
//!
//! Generated types implement [`XmlDecode`] with a loop over [`XmlReader::next_child`]:
//!
//! ```ignore
//! fn decode_xml(r: &mut XmlReader<'_>) -> Result<Self, DecodeError> {
//!     let mut server_image_no = None;
//!     let mut block_storage_mapping_list = Vec::new();
//!     while let Some(name) = r.next_child()? {
//!         match name.as_bytes() {
//!             b"serverImageNo" => server_image_no = r.read_scalar("serverImageNo")?,
//!             b"blockStorageMappingList" => {
//!                 block_storage_mapping_list =
//!                     r.read_list("blockStorageMappingList", "blockStorageMapping")?
//!             }
//!             _ => r.skip_unknown(name)?,
//!         }
//!     }
//!     Ok(Self {
//!         server_image_no: server_image_no.ok_or_else(|| r.missing("serverImageNo"))?,
//!         block_storage_mapping_list,
//!     })
//! }
//! ```
//!
//! The reader runs over quick-xml's borrowed slice reader: element names and text without
//! entities are borrowed from the input, and the element path used in error messages is a stack
//! of borrowed names, turned into a string only for an error or an unknown-element report.
//!
//! Rules:
//! - Element names are matched on their local name (a `prefix:` is ignored); attributes
//!   (including `xmlns` declarations) are ignored.
//! - Text is the concatenation of the element's text, entity references (`&amp;`, `&#x41;`,
//!   ...) and CDATA sections; comments and processing instructions inside are skipped; line ends
//!   are normalized to `\n`.
//! - An empty element (`<a></a>`, `<a/>`, or only whitespace for non-string types) is an absent
//!   value (`None`), except for strings, where it is `Some("")`. Strings are kept exactly as
//!   written (no trimming); other scalars ignore surrounding whitespace.
//! - A list element (`<sharedLoginIdList/>` included) decodes to all its child elements, whatever
//!   their names (an item named unlike the spec is decoded and reported to the collector); an
//!   empty list element is an empty `Vec`.
//! - Unknown elements are skipped with their whole subtree and reported to the collector.
//! - Text where child elements are expected, or a child element where text is expected, is an
//!   error; so are mismatched tags and a truncated document.

use std::borrow::Cow;
use std::fmt;

use quick_xml::Reader;
use quick_xml::events::{BytesRef, Event};

use super::{DateTime, Format, UnknownField};
use crate::error::{DecodeError, DecodeErrorKind, snippet_around};
use crate::lists;

/// The reader's next event, or a return with the error. (A macro rather than a method returning
/// `Result<Event, DecodeError>`: every event then went through one more copy of that result,
/// about 2% of a decode's instructions.)
macro_rules! next_event {
    ($r:expr) => {
        match $r.reader.read_event() {
            Ok(event) => event,
            Err(e) => return Err($r.xml_error(e)),
        }
    };
}

/// A type decoded from an XML element by a pull decoder.
pub trait XmlDecode: Sized {
    /// Decodes the element whose start tag the reader has just consumed, through its end tag.
    fn decode_xml(r: &mut XmlReader<'_>) -> Result<Self, DecodeError>;
}

/// A type decoded from the text of an XML element.
pub trait XmlScalar: Sized {
    /// What the text should look like, for error messages: `a 64-bit integer`.
    const EXPECTED: &'static str;
    /// Whether an empty element is a value: `true` for `String` (`<a></a>` is `Some("")`),
    /// `false` for the others (`None`).
    const EMPTY_IS_VALUE: bool = false;
    /// Parses the element's text (entities resolved); `None` if it is not a valid value.
    fn parse_text(text: &str) -> Option<Self>;
    /// [`parse_text`](Self::parse_text) for text the reader had to assemble into a `String`
    /// (entity references, CDATA, several pieces): a type that keeps its text takes the string
    /// instead of copying it. Gives the text back if it is not a valid value.
    fn parse_owned(text: String) -> Result<Self, String> {
        Self::parse_text(&text).ok_or(text)
    }
}

impl XmlScalar for String {
    const EXPECTED: &'static str = "a string";
    const EMPTY_IS_VALUE: bool = true;
    fn parse_text(text: &str) -> Option<Self> {
        Some(text.to_owned())
    }
    fn parse_owned(text: String) -> Result<Self, String> {
        Ok(text)
    }
}

macro_rules! int_scalar {
    ($($t:ty => $expected:literal),* $(,)?) => {$(
        impl XmlScalar for $t {
            const EXPECTED: &'static str = $expected;
            /// Decimal digits with an optional sign; surrounding whitespace is ignored.
            fn parse_text(text: &str) -> Option<Self> {
                text.trim().parse().ok()
            }
        }
    )*};
}

int_scalar! {
    i32 => "a 32-bit integer",
    i64 => "a 64-bit integer",
    u64 => "an unsigned 64-bit integer",
}

impl XmlScalar for f64 {
    const EXPECTED: &'static str = "a number";
    /// A decimal number (`1.5`, `-2`, `1e3`); surrounding whitespace is ignored.
    fn parse_text(text: &str) -> Option<Self> {
        text.trim().parse().ok()
    }
}

impl XmlScalar for bool {
    const EXPECTED: &'static str = "a boolean (`true` or `false`)";
    /// `true` or `false`; surrounding whitespace is ignored.
    fn parse_text(text: &str) -> Option<Self> {
        match text.trim() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        }
    }
}

impl XmlScalar for DateTime {
    const EXPECTED: &'static str = DateTime::EXPECTED;
    /// See [`DateTime::parse`]; surrounding whitespace is ignored.
    fn parse_text(text: &str) -> Option<Self> {
        DateTime::parse(text.trim()).ok()
    }
}

/// Name of an element, borrowed from the input: its local name (any `prefix:` stripped).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct XmlName<'a> {
    local: &'a [u8],
}

impl<'a> XmlName<'a> {
    /// The local name's bytes, for matching against field names.
    pub fn as_bytes(&self) -> &'a [u8] {
        self.local
    }

    /// The local name as text (lossy for invalid UTF-8).
    pub fn to_str_lossy(&self) -> Cow<'a, str> {
        String::from_utf8_lossy(self.local)
    }
}

impl fmt::Debug for XmlName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "XmlName({:?})", self.to_str_lossy())
    }
}

impl fmt::Display for XmlName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_str_lossy())
    }
}

/// One element on the path stack.
#[derive(Clone, Copy)]
struct Segment<'a> {
    name: &'a [u8],
    /// Position among the list's items, for list items.
    index: Option<u32>,
}

/// A pull reader over an XML document, used by [`XmlDecode`] implementations.
///
/// It keeps the path of open elements (for error messages) and an optional collector of unknown
/// elements. Create one with [`new`](Self::new), then [`root`](Self::root),
/// [`XmlDecode::decode_xml`] and [`finish`](Self::finish) — or just call [`from_xml`].
pub struct XmlReader<'a> {
    input: &'a [u8],
    /// The whole input as text, when it is valid UTF-8 and holds no `\r` (checked once, up
    /// front). A piece of text or CDATA is then its own slice of this as it stands: nothing to
    /// validate and no line end to normalize; doing that per piece cost over 6% of a decode.
    /// (Pieces start and end next to ASCII delimiters, so they are whole characters.) Any other
    /// input takes quick-xml's checks and normalization piece by piece, with the same results.
    text_input: Option<&'a str>,
    reader: Reader<&'a [u8]>,
    path: Vec<Segment<'a>>,
    unknown: Option<&'a mut Vec<UnknownField>>,
}

impl<'a> XmlReader<'a> {
    /// Creates a reader over `input` (UTF-8; a byte order mark is skipped). Unknown elements
    /// are reported to `unknown` when given.
    pub fn new(input: &'a [u8], unknown: Option<&'a mut Vec<UnknownField>>) -> Self {
        let mut reader = Reader::from_reader(input);
        let config = reader.config_mut();
        config.expand_empty_elements = true;
        config.check_end_names = true;
        config.trim_text(false);
        let text_input = whole_text(input);
        XmlReader {
            input,
            text_input,
            reader,
            path: Vec::with_capacity(16),
            unknown,
        }
    }

    /// Reads the prolog (XML declaration, comments, processing instructions, doctype) and the
    /// root element's start tag, and returns the root's name. The root is the first segment of
    /// every path.
    pub fn root(&mut self) -> Result<XmlName<'a>, DecodeError> {
        loop {
            match next_event!(self) {
                Event::Start(start) => {
                    let name = self.local_name(start.name().as_ref())?;
                    self.path.push(Segment {
                        name: name.local,
                        index: None,
                    });
                    return Ok(name);
                }
                Event::Text(text) if is_blank(&text) => {}
                Event::Text(text) => return Err(self.unexpected_text(&text)),
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
                Event::Eof => {
                    return Err(self.error(DecodeErrorKind::Syntax {
                        message: "no root element".to_owned(),
                    }));
                }
                other => return Err(self.unexpected_event(other)),
            }
        }
    }

    /// Checks that nothing but comments, processing instructions and whitespace follows the
    /// root element (call after the root's [`XmlDecode::decode_xml`]).
    pub fn finish(&mut self) -> Result<(), DecodeError> {
        self.path.clear();
        loop {
            match next_event!(self) {
                Event::Eof => return Ok(()),
                Event::Text(text) if is_blank(&text) => {}
                Event::PI(_) | Event::Comment(_) => {}
                _ => {
                    return Err(self
                        .error(DecodeErrorKind::Syntax {
                            message: "content after the root element".to_owned(),
                        })
                        .with_snippet_owned(self.snippet_here()));
                }
            }
        }
    }

    /// Moves to the next child element of the current element and returns its name, or `None`
    /// after consuming the current element's end tag. Whitespace, comments and processing
    /// instructions are skipped; other text is an error.
    pub fn next_child(&mut self) -> Result<Option<XmlName<'a>>, DecodeError> {
        loop {
            match next_event!(self) {
                Event::Start(start) => return self.local_name(start.name().as_ref()).map(Some),
                Event::End(_) => return Ok(None),
                Event::Text(text) if is_blank(&text) => {}
                Event::CData(data) if is_blank(&data) => {}
                Event::Text(text) => return Err(self.unexpected_text(&text)),
                Event::CData(data) => return Err(self.unexpected_text(&data)),
                Event::GeneralRef(r) => {
                    return Err(self.unexpected_text(&[&b"&"[..], &r[..], &b";"[..]].concat()));
                }
                Event::Comment(_) | Event::PI(_) | Event::Decl(_) | Event::DocType(_) => {}
                Event::Empty(_) => unreachable!("expand_empty_elements is set"),
                Event::Eof => return Err(self.eof()),
            }
        }
    }

    /// Reads the text of the element just entered (named `field`) through its end tag.
    ///
    /// Returns `None` for an empty element when `T` is not a string type (see
    /// [`XmlScalar::EMPTY_IS_VALUE`]); an error if the text is not a valid `T` or the element
    /// holds child elements.
    pub fn read_scalar<T: XmlScalar>(
        &mut self,
        field: &'static str,
    ) -> Result<Option<T>, DecodeError> {
        self.scoped(field.as_bytes(), None, Self::scalar_value)
    }

    /// Decodes the object element just entered (named `field`) through its end tag.
    pub fn read_struct<T: XmlDecode>(&mut self, field: &'static str) -> Result<T, DecodeError> {
        self.scoped(field.as_bytes(), None, T::decode_xml)
    }

    /// Decodes the list element just entered (named `field`): every child is decoded as a `T`,
    /// whatever its name. A child not named `item` is reported to the collector of unknown
    /// elements (see [`UnknownField::expected_name`]): a live API was seen to capitalize item
    /// names, and skipping such items would empty the list without a trace.
    pub fn read_list<T: XmlDecode>(
        &mut self,
        field: &'static str,
        item: &'static str,
    ) -> Result<Vec<T>, DecodeError> {
        self.collect_items(field, item, |r| T::decode_xml(r).map(Some))
    }

    /// Decodes the list element just entered (named `field`) whose children hold scalars, like
    /// [`read_list`](Self::read_list). Empty items of non-string types carry no value and are
    /// left out.
    pub fn read_scalar_list<T: XmlScalar>(
        &mut self,
        field: &'static str,
        item: &'static str,
    ) -> Result<Vec<T>, DecodeError> {
        self.collect_items(field, item, Self::scalar_value)
    }

    /// The walk both list readers make over the list element just entered (named `field`):
    /// `read` decodes every child (`None`: an item without a value, left out but still counted,
    /// so that the indices in paths match the document). A child named other than `item` is
    /// decoded all the same, under its own name in paths, and reported once decoded.
    fn collect_items<T>(
        &mut self,
        field: &'static str,
        item: &'static str,
        mut read: impl FnMut(&mut Self) -> Result<Option<T>, DecodeError>,
    ) -> Result<Vec<T>, DecodeError> {
        self.scoped(field.as_bytes(), None, |r| {
            let mut items = Vec::new();
            let mut count = 0;
            while let Some(name) = r.next_child()? {
                let index = Some(list_index(count));
                let content_start = r.position();
                if let Some(value) = r.scoped(name.as_bytes(), index, &mut read)? {
                    lists::push(&mut items, value);
                }
                if name.as_bytes() != item.as_bytes() {
                    r.report_misnamed_item(name, index, content_start, item);
                }
                count += 1;
            }
            lists::fit(&mut items);
            Ok(items)
        })
    }

    /// Reports the list item just decoded (named `name`, its content starting at
    /// `content_start`), whose name is not the spec's `expected`.
    #[cold]
    fn report_misnamed_item(
        &mut self,
        name: XmlName<'a>,
        index: Option<u32>,
        content_start: usize,
        expected: &'static str,
    ) {
        let Some(unknown) = self.unknown.as_deref_mut() else {
            return;
        };
        // The reader stands after the item's end tag: its content ends at the last `</`.
        let end = usize::try_from(self.reader.buffer_position()).unwrap_or(usize::MAX);
        let content = self.input.get(content_start..end).unwrap_or_default();
        let content = match content.windows(2).rposition(|w| w == b"</") {
            Some(close) => &content[..close],
            None => &[][..],
        };
        self.path.push(Segment {
            name: name.as_bytes(),
            index,
        });
        let path = path_string(&self.path, None);
        self.path.pop();
        unknown.push(UnknownField {
            format: Format::Xml,
            path,
            raw: Some(String::from_utf8_lossy(content).into_owned()),
            expected_name: Some(expected),
        });
    }

    /// Skips the element just entered (named `name`) with its whole subtree, and reports it to
    /// the collector of unknown elements, if any.
    pub fn skip_unknown(&mut self, name: XmlName<'_>) -> Result<(), DecodeError> {
        let content_start = self.position();
        let mut content_end = content_start;
        let mut depth = 1usize;
        while depth > 0 {
            content_end = self.position();
            let event = match self.reader.read_event() {
                Ok(event) => event,
                Err(e) => {
                    let mut err = self.xml_error(e);
                    err.set_path(path_string(&self.path, Some(name.as_bytes())));
                    return Err(err);
                }
            };
            match event {
                Event::Start(_) => {
                    depth += 1;
                    // Typed elements nest only as deep as the types; unknown ones are bounded here.
                    if self.path.len() + depth >= super::MAX_DEPTH {
                        let mut err = self.error(DecodeErrorKind::TooDeep {
                            limit: super::MAX_DEPTH,
                        });
                        err.set_path(path_string(&self.path, Some(name.as_bytes())));
                        return Err(err);
                    }
                }
                Event::End(_) => depth -= 1,
                Event::Eof => {
                    let mut err = self.eof();
                    err.set_path(path_string(&self.path, Some(name.as_bytes())));
                    return Err(err);
                }
                _ => {}
            }
        }
        // Reported after the skip, so an element that is not well-formed is an error rather
        // than a report; the raw content is copied only when someone collects it.
        if let Some(unknown) = self.unknown.as_deref_mut() {
            let raw = self
                .input
                .get(content_start..content_end)
                .unwrap_or_default();
            unknown.push(UnknownField {
                format: Format::Xml,
                path: path_string(&self.path, Some(name.as_bytes())),
                raw: Some(String::from_utf8_lossy(raw).into_owned()),
                expected_name: None,
            });
        }
        Ok(())
    }

    /// The reader's byte offset in the input.
    fn position(&self) -> usize {
        usize::try_from(self.reader.buffer_position()).unwrap_or(usize::MAX)
    }

    /// The error for a required element `field` that the current element lacked.
    pub fn missing(&self, field: &'static str) -> DecodeError {
        self.error(DecodeErrorKind::MissingField {
            field: field.to_owned(),
        })
    }

    /// The current element path, like `a/b[0]/c` (built on demand: use for errors only).
    pub fn path(&self) -> String {
        path_string(&self.path, None)
    }

    // --------------------------------------------------------------------------------------------

    /// Runs `f` with `name` pushed on the path stack.
    #[inline]
    fn scoped<R>(
        &mut self,
        name: &'a [u8],
        index: Option<u32>,
        f: impl FnOnce(&mut Self) -> Result<R, DecodeError>,
    ) -> Result<R, DecodeError> {
        self.path.push(Segment { name, index });
        let result = f(self);
        self.path.pop();
        result
    }

    /// Reads the current element's text and converts it (the element is on the path stack).
    fn scalar_value<T: XmlScalar>(&mut self) -> Result<Option<T>, DecodeError> {
        let text = self.read_text()?;
        let empty = if T::EMPTY_IS_VALUE {
            text.is_empty()
        } else {
            // `trim().is_empty()`, but stops at the first character of a value.
            text.chars().all(char::is_whitespace)
        };
        if empty && !T::EMPTY_IS_VALUE {
            return Ok(None);
        }
        let parsed = match text {
            Cow::Borrowed(text) => T::parse_text(text).ok_or(Cow::Borrowed(text)),
            Cow::Owned(text) => T::parse_owned(text).map_err(Cow::Owned),
        };
        match parsed {
            Ok(value) => Ok(Some(value)),
            Err(text) => Err(self
                .error(DecodeErrorKind::InvalidValue {
                    expected: T::EXPECTED,
                })
                .with_snippet(&text)),
        }
    }

    /// Reads the text content of the current element through its end tag.
    ///
    /// Most leaves are one piece of text that can be borrowed as it stands, then the end tag:
    /// that case is taken straight, without the state of the general walk
    /// ([`read_text_from`](Self::read_text_from)).
    #[inline]
    fn read_text(&mut self) -> Result<Cow<'a, str>, DecodeError> {
        let first = match next_event!(self) {
            Event::End(_) => return Ok(Cow::Borrowed("")),
            Event::Text(t) => match self.borrow_text(&t) {
                Some(text) => text,
                None => return self.read_text_from(None, Event::Text(t)),
            },
            other => return self.read_text_from(None, other),
        };
        match next_event!(self) {
            Event::End(_) => Ok(Cow::Borrowed(first)),
            other => self.read_text_from(Some(Cow::Borrowed(first)), other),
        }
    }

    /// The general walk of [`read_text`](Self::read_text), from `event` on, `text` being what
    /// came before it.
    fn read_text_from(
        &mut self,
        mut text: Option<Cow<'a, str>>,
        mut event: Event<'a>,
    ) -> Result<Cow<'a, str>, DecodeError> {
        loop {
            let piece = match event {
                Event::Text(t) => match self.borrow_text(&t) {
                    Some(text) => Cow::Borrowed(text),
                    None => t.xml10_content().map_err(|e| self.encoding_error(e))?,
                },
                Event::CData(c) => match self.borrow_text(&c) {
                    Some(text) => Cow::Borrowed(text),
                    None => c.xml10_content().map_err(|e| self.encoding_error(e))?,
                },
                Event::GeneralRef(r) => {
                    let resolved = self.resolve_reference(&r)?;
                    let text = text.get_or_insert(Cow::Borrowed("")).to_mut();
                    match resolved {
                        Resolved::Str(s) => text.push_str(s),
                        Resolved::Char(c) => text.push(c),
                    }
                    event = next_event!(self);
                    continue;
                }
                Event::End(_) => return Ok(text.unwrap_or(Cow::Borrowed(""))),
                Event::Start(start) => {
                    let found = self.local_name(start.name().as_ref())?;
                    return Err(self.error(DecodeErrorKind::ExpectedText {
                        found: found.to_str_lossy().into_owned(),
                    }));
                }
                Event::Comment(_) | Event::PI(_) | Event::Decl(_) | Event::DocType(_) => {
                    event = next_event!(self);
                    continue;
                }
                Event::Empty(_) => unreachable!("expand_empty_elements is set"),
                Event::Eof => return Err(self.eof()),
            };
            match &mut text {
                None => text = Some(piece),
                Some(text) => text.to_mut().push_str(&piece),
            }
            event = next_event!(self);
        }
    }

    /// Resolves `&name;` (the predefined entities) and `&#N;` / `&#xH;` (character
    /// references).
    fn resolve_reference(&self, r: &BytesRef<'_>) -> Result<Resolved, DecodeError> {
        let invalid = || {
            self.error(DecodeErrorKind::Syntax {
                message: format!(
                    "unknown or invalid entity reference &{};",
                    String::from_utf8_lossy(r)
                ),
            })
            .with_snippet_owned(self.snippet_here())
        };
        if r.is_char_ref() {
            return match r.resolve_char_ref() {
                Ok(Some(c)) => Ok(Resolved::Char(c)),
                _ => Err(invalid()),
            };
        }
        let name = std::str::from_utf8(r).map_err(|_| invalid())?;
        quick_xml::escape::resolve_predefined_entity(name)
            .map(Resolved::Str)
            .ok_or_else(invalid)
    }

    /// The local name of a start tag's name, borrowed from the input.
    #[inline]
    fn local_name(&self, qname: &[u8]) -> Result<XmlName<'a>, DecodeError> {
        let full = self.borrow_input(qname)?;
        let local = match find_colon(full) {
            Some(colon) => &full[colon + 1..],
            None => full,
        };
        Ok(XmlName { local })
    }

    /// `part`, a slice of the input, as text ready to use (see `text_input`), or `None` when it
    /// needs quick-xml's checks and line-end normalization.
    fn borrow_text(&self, part: &[u8]) -> Option<&'a str> {
        self.text_input?.get(self.input_range(part)?)
    }

    /// Re-borrows `part`, a slice quick-xml handed out from the input, with the input's
    /// lifetime. (The slice reader only hands out slices of its input; quick-xml's API just does
    /// not expose that lifetime on tag names.)
    fn borrow_input(&self, part: &[u8]) -> Result<&'a [u8], DecodeError> {
        match self.input_range(part) {
            Some(range) => Ok(&self.input[range]),
            _ => Err(self.error(DecodeErrorKind::Syntax {
                message: "internal error: element name not borrowed from the input".to_owned(),
            })),
        }
    }

    /// Where `part` lies in the input, if it is a slice of it.
    fn input_range(&self, part: &[u8]) -> Option<std::ops::Range<usize>> {
        let start = (part.as_ptr() as usize).wrapping_sub(self.input.as_ptr() as usize);
        let range = start..start.checked_add(part.len())?;
        let slice = self.input.get(range.clone())?;
        std::ptr::eq(slice.as_ptr(), part.as_ptr()).then_some(range)
    }

    /// An error of `kind` at the current path. (Cold: kept out of the decoding paths that can
    /// fail, which inlining it made larger and slower.)
    #[cold]
    fn error(&self, kind: DecodeErrorKind) -> DecodeError {
        DecodeError::new(Format::Xml, path_string(&self.path, None), kind)
    }

    fn eof(&self) -> DecodeError {
        let tail_start = self.input.len().saturating_sub(60);
        self.error(DecodeErrorKind::UnexpectedEof)
            .with_snippet_owned(snippet_around(self.input, tail_start))
    }

    fn snippet_here(&self) -> String {
        let pos = usize::try_from(self.reader.buffer_position()).unwrap_or(usize::MAX);
        snippet_around(self.input, pos)
    }

    fn unexpected_text(&self, text: &[u8]) -> DecodeError {
        self.error(DecodeErrorKind::UnexpectedText)
            .with_snippet(String::from_utf8_lossy(text).trim())
    }

    fn unexpected_event(&self, event: Event<'_>) -> DecodeError {
        self.error(DecodeErrorKind::Syntax {
            message: format!("unexpected {event:?}"),
        })
        .with_snippet_owned(self.snippet_here())
    }

    fn encoding_error(&self, e: quick_xml::encoding::EncodingError) -> DecodeError {
        self.error(DecodeErrorKind::Syntax {
            message: e.to_string(),
        })
        .with_snippet_owned(self.snippet_here())
    }

    #[cold]
    #[inline(never)]
    fn xml_error(&self, e: quick_xml::Error) -> DecodeError {
        use quick_xml::errors::SyntaxError;
        let kind = match &e {
            quick_xml::Error::Syntax(
                SyntaxError::UnclosedTag
                | SyntaxError::UnclosedComment
                | SyntaxError::UnclosedCData
                | SyntaxError::UnclosedDoctype
                | SyntaxError::UnclosedPIOrXmlDecl,
            ) => DecodeErrorKind::UnexpectedEof,
            quick_xml::Error::IllFormed(inner) => DecodeErrorKind::Syntax {
                message: inner.to_string(),
            },
            quick_xml::Error::Syntax(inner) => DecodeErrorKind::Syntax {
                message: inner.to_string(),
            },
            _ => DecodeErrorKind::Syntax {
                message: e.to_string(),
            },
        };
        let pos = usize::try_from(self.reader.error_position()).unwrap_or(usize::MAX);
        self.error(kind)
            .with_snippet_owned(snippet_around(self.input, pos))
    }
}

/// Decodes a whole XML document whose root element must be named `root` (local name), into
/// `T`. Unknown elements are skipped and reported to `unknown` when given.
pub fn from_xml<T: XmlDecode>(
    input: &[u8],
    root: &'static str,
    unknown: Option<&mut Vec<UnknownField>>,
) -> Result<T, DecodeError> {
    let mut r = XmlReader::new(input, unknown);
    let name = r.root()?;
    if name.as_bytes() != root.as_bytes() {
        return Err(DecodeError::new(
            Format::Xml,
            "",
            DecodeErrorKind::UnexpectedRoot {
                expected: root,
                found: name.to_str_lossy().into_owned(),
            },
        ));
    }
    let value = T::decode_xml(&mut r)?;
    r.finish()?;
    Ok(value)
}

/// Whether `text` is only XML whitespace.
///
/// Indentation between elements reaches here once per element: a line end, then spaces. Those
/// spaces are tested as words of four or eight bytes (the last overlapping the one before,
/// where `==` on the remainder called `memcmp`); anything else goes byte by byte.
#[inline]
fn is_blank(text: &[u8]) -> bool {
    const SPACES_4: u32 = u32::from_ne_bytes([b' '; 4]);
    const SPACES_8: u64 = u64::from_ne_bytes([b' '; 8]);
    let spaces = match text {
        [b'\n', rest @ ..] => rest,
        _ => text,
    };
    let len = spaces.len();
    let u32_at = |at: usize| u32::from_ne_bytes(spaces[at..at + 4].try_into().expect("4 bytes"));
    let u64_at = |at: usize| u64::from_ne_bytes(spaces[at..at + 8].try_into().expect("8 bytes"));
    let only_spaces = match len {
        0..4 => spaces.iter().all(|&b| b == b' '),
        4..8 => u32_at(0) == SPACES_4 && u32_at(len - 4) == SPACES_4,
        _ => {
            let mut at = 0;
            while at + 8 < len && u64_at(at) == SPACES_8 {
                at += 8;
            }
            at + 8 >= len && u64_at(len - 8) == SPACES_8
        }
    };
    only_spaces
        || text
            .iter()
            .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
}

/// The position of the first `:` in `name`.
///
/// Every start tag goes through here; a byte-by-byte search cost about 4% of a decode. Names of 8 bytes or more are first tested eight bytes at a time (the last word
/// overlapping the one before): `w ^ COLONS` has a zero byte exactly where `w` has a `:`, and
/// `(x - 0x0101..) & !x & 0x8080..` is non-zero iff `x` has a zero byte. Only a prefixed name is
/// then searched byte by byte.
fn find_colon(name: &[u8]) -> Option<usize> {
    const COLONS: u64 = u64::from_ne_bytes([b':'; 8]);
    const LOW: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    let has_colon = |word: &[u8]| {
        let x = u64::from_ne_bytes(word.try_into().expect("a word is 8 bytes")) ^ COLONS;
        x.wrapping_sub(LOW) & !x & HIGH != 0
    };
    if let Some(last) = name.len().checked_sub(8) {
        if !name.chunks_exact(8).any(has_colon) && !has_colon(&name[last..]) {
            return None;
        }
    }
    name.iter().position(|&b| b == b':')
}

/// `input` as text when it is valid UTF-8 without a `\r` (see `XmlReader::text_input`).
///
/// Both checks go block by block, each block checked for both while it is in the cache: over a
/// large body, two passes of their own read all of it from memory twice before decoding starts.
fn whole_text(input: &[u8]) -> Option<&str> {
    const BLOCK: usize = 16 * 1024;
    // The input is valid UTF-8 up to here, a character boundary.
    let mut valid = 0;
    let mut block_end = 0;
    for block in input.chunks(BLOCK) {
        block_end += block.len();
        if has_carriage_return(block) {
            return None;
        }
        match std::str::from_utf8(&input[valid..block_end]) {
            Ok(_) => valid = block_end,
            // A character cut by the block's end: checked with the next block.
            Err(e) if e.error_len().is_none() => valid += e.valid_up_to(),
            Err(_) => return None,
        }
    }
    if valid != input.len() {
        return None;
    }
    // SAFETY: `input` was checked to be UTF-8 in consecutive pieces, each starting where the
    // valid text before it ended (a character boundary) and the last ending at the input's end;
    // consecutive valid UTF-8 pieces make valid UTF-8.
    Some(unsafe { std::str::from_utf8_unchecked(input) })
}

/// Whether `input` holds a `\r`. Block by block without an early exit inside a block: that loop
/// the compiler vectorizes, where `contains` went a byte at a time.
fn has_carriage_return(input: &[u8]) -> bool {
    input
        .chunks(256)
        .any(|block| block.iter().fold(false, |found, &b| found | (b == b'\r')))
}

fn list_index(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The path `a/b[0]/c` of `segments`, then `last` when given. Sized up front, and names are
/// copied without the lossy conversion's character walk when they are UTF-8: a path is built
/// for each unknown-element report.
fn path_string(segments: &[Segment<'_>], last: Option<&[u8]>) -> String {
    // A name, a `/` and room for an index of up to six digits.
    let capacity = segments.iter().map(|s| s.name.len() + 9).sum::<usize>()
        + last.map_or(0, |name| name.len() + 1);
    let mut path = String::with_capacity(capacity);
    for segment in segments {
        push_path_segment(&mut path, segment.name, segment.index);
    }
    if let Some(name) = last {
        push_path_segment(&mut path, name, None);
    }
    path
}

fn push_path_segment(path: &mut String, name: &[u8], index: Option<u32>) {
    use fmt::Write as _;
    if !path.is_empty() {
        path.push('/');
    }
    match std::str::from_utf8(name) {
        Ok(name) => path.push_str(name),
        Err(_) => path.push_str(&String::from_utf8_lossy(name)),
    }
    if let Some(index) = index {
        let _ = write!(path, "[{index}]");
    }
}

/// What an entity reference stands for.
enum Resolved {
    Str(&'static str),
    Char(char),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_blank_matches_a_plain_test() {
        let plain = |t: &[u8]| t.iter().all(|b| b" \t\r\n".contains(b));
        for len in 0..30 {
            for lead in ["", "\n", "\r\n", "\t"] {
                let mut text = lead.as_bytes().to_vec();
                text.resize(lead.len() + len, b' ');
                assert!(is_blank(&text), "{text:?}");
                for at in 0..text.len() {
                    for b in [b'x', b'\t', b'\n', 0xC2, 0] {
                        let mut t = text.clone();
                        t[at] = b;
                        assert_eq!(is_blank(&t), plain(&t), "{t:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn whole_text_agrees_with_a_plain_check() {
        fn plain(input: &[u8]) -> Option<&str> {
            std::str::from_utf8(input)
                .ok()
                .filter(|text| !text.contains('\r'))
        }
        // Texts around the block size, with a multi-byte character cut at every block end, a
        // `\r` or an invalid byte in the last block, and a character cut by the input's end.
        let korean = "이미지".repeat(6000);
        let ascii = "a".repeat(16 * 1024 - 1);
        let mut inputs: Vec<Vec<u8>> = vec![
            Vec::new(),
            b"plain".to_vec(),
            korean.clone().into_bytes(),
            format!("{ascii}이{ascii}미").into_bytes(),
            format!("{korean}\r").into_bytes(),
            korean.as_bytes()[..korean.len() - 1].to_vec(),
        ];
        let mut invalid = korean.clone().into_bytes();
        invalid.push(0xFF);
        inputs.push(invalid);
        for input in &inputs {
            assert_eq!(whole_text(input), plain(input), "{} bytes", input.len());
        }
    }

    #[test]
    fn find_colon_matches_a_plain_search() {
        for len in 0..40 {
            let plain = vec![b'a'; len];
            assert_eq!(find_colon(&plain), None);
            for colon in 0..len {
                let mut name = plain.clone();
                name[colon] = b':';
                assert_eq!(find_colon(&name), Some(colon), "len {len}");
                name[len - 1] = b':';
                assert_eq!(find_colon(&name), Some(colon), "len {len}, two colons");
            }
        }
        // Bytes next to `:` (0x3A) in value, and non-ASCII ones, are not colons.
        assert_eq!(find_colon(b"9;9;9;9;\xC3\xA9\xFF\x80\x3B\x39\xBA;"), None);
    }

    #[test]
    fn reader_api_for_custom_decoders() {
        let mut r = XmlReader::new(b"<a><b>1</b><c><d>x</d></c></a>", None);
        let root = r.root().unwrap();
        assert_eq!(root.as_bytes(), b"a");
        assert_eq!(format!("{root} {root:?}"), "a XmlName(\"a\")");
        let b = r.next_child().unwrap().unwrap();
        assert_eq!(b.as_bytes(), b"b");
        assert_eq!(r.read_scalar::<i64>("b").unwrap(), Some(1));
        let c = r.next_child().unwrap().unwrap();
        assert_eq!(r.path(), "a");
        let e = r.read_scalar::<String>("c").unwrap_err();
        assert_eq!(e.path(), "a/c");
        let _ = c;
    }

    #[test]
    fn u64_scalars_take_the_full_range() {
        // Generated types have no u64 fields (the spec's integers are int32/int64), but
        // custom decoders may read one.
        let mut r = XmlReader::new(b"<a><b>18446744073709551615</b><c>-1</c></a>", None);
        r.root().unwrap();
        r.next_child().unwrap();
        assert_eq!(r.read_scalar::<u64>("b").unwrap(), Some(u64::MAX));
        r.next_child().unwrap();
        let e = r.read_scalar::<u64>("c").unwrap_err();
        assert_eq!(e.path(), "a/c");
    }
}
