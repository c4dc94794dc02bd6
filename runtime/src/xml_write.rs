//! XML encoding of the generated types: the inverse of [`super::xml`].
//!
//! A decoded value written back with [`to_xml`] decodes to an equal value. That makes the writer
//! the tool for test fixtures and mocks: describe a response as a typed value, serve its bytes.
//!
//! Generated types implement [`XmlEncode`] by writing their fields as child elements in spec
//! order; scalars implement [`XmlText`]. The writer follows the decoder's rules:
//! - an absent optional field writes no element; `Some("")` writes `<a></a>`, which decodes to
//!   `Some("")` again;
//! - a list always writes its wrapper element, empty or not;
//! - text is escaped (`&`, `<`, `>`); a `\r` is written as `&#13;`, because the decoder
//!   normalizes literal line ends to `\n` as XML requires;
//! - other control characters, which XML 1.0 cannot carry at all, are written as character
//!   references (`&#x1;`). Our decoder reads them back; strict XML 1.0 parsers reject them, as
//!   they would reject any document holding such a value. NUL (`&#0;`) is not even that: no
//!   XML parser, ours included, reads it back.

use std::fmt::Write as _;

use quick_xml::escape::partial_escape;

use super::DateTime;

/// A type written as an XML element's children (its fields, in spec order).
pub trait XmlEncode {
    /// Writes the children of the element that holds `self` (not the element itself).
    fn encode_xml(&self, w: &mut XmlWriter);
}

/// A type written as the text of an XML element.
pub trait XmlText {
    /// Appends the value's text, unescaped (the writer escapes it).
    fn write_text(&self, out: &mut String);
}

impl XmlText for String {
    fn write_text(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl XmlText for str {
    fn write_text(&self, out: &mut String) {
        out.push_str(self);
    }
}

macro_rules! display_text {
    ($($t:ty),*) => {$(
        impl XmlText for $t {
            fn write_text(&self, out: &mut String) {
                write!(out, "{self}").expect("writing to a String cannot fail");
            }
        }
    )*};
}

// `f64`'s Display is the shortest text that parses back to the same value.
display_text!(i32, i64, u64, f64, bool);

impl XmlText for DateTime {
    /// The text as received (a `DateTime` keeps it).
    fn write_text(&self, out: &mut String) {
        out.push_str(self.as_str());
    }
}

/// Builds an XML document element by element.
#[derive(Debug, Default)]
pub struct XmlWriter {
    out: String,
    /// Scratch for scalar text before escaping; kept to reuse its allocation.
    text: String,
}

impl XmlWriter {
    /// An empty writer.
    pub fn new() -> Self {
        Self::default()
    }

    /// Writes `<name>text</name>`.
    pub fn scalar<T: XmlText + ?Sized>(&mut self, name: &str, value: &T) {
        self.text.clear();
        value.write_text(&mut self.text);
        self.open(name);
        escape_into(&self.text, &mut self.out);
        self.close(name);
    }

    /// Writes `<name>text</name>` when `value` is present, nothing when it is absent.
    pub fn optional<T: XmlText>(&mut self, name: &str, value: Option<&T>) {
        if let Some(value) = value {
            self.scalar(name, value);
        }
    }

    /// Writes `<name>` with `value`'s children, then `</name>`.
    pub fn structure<T: XmlEncode + ?Sized>(&mut self, name: &str, value: &T) {
        self.open(name);
        value.encode_xml(self);
        self.close(name);
    }

    /// Writes `<name>` holding one `<item>` element per value (an empty `<name></name>` for no
    /// values).
    pub fn list<T: XmlEncode>(&mut self, name: &str, item: &str, values: &[T]) {
        self.open(name);
        for value in values {
            self.structure(item, value);
        }
        self.close(name);
    }

    /// Writes `<name>` holding one `<item>text</item>` element per value.
    pub fn scalar_list<T: XmlText>(&mut self, name: &str, item: &str, values: &[T]) {
        self.open(name);
        for value in values {
            self.scalar(item, value);
        }
        self.close(name);
    }

    /// The document written so far.
    pub fn as_str(&self) -> &str {
        &self.out
    }

    /// The document.
    pub fn into_string(self) -> String {
        self.out
    }

    fn open(&mut self, name: &str) {
        self.out.push('<');
        self.out.push_str(name);
        self.out.push('>');
    }

    fn close(&mut self, name: &str) {
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push('>');
    }
}

/// A whole document: the XML declaration, then `value` as the element `root`.
pub fn to_xml<T: XmlEncode + ?Sized>(root: &str, value: &T) -> String {
    let mut w = XmlWriter::new();
    w.out.push_str(r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    w.structure(root, value);
    w.into_string()
}

/// Writes `text` escaped: the markup characters by quick-xml, the control characters (which
/// quick-xml leaves as they are) as character references.
fn escape_into(text: &str, out: &mut String) {
    let mut plain_from = 0;
    for (at, c) in text.match_indices(needs_reference) {
        out.push_str(&partial_escape(&text[plain_from..at]));
        for c in c.chars() {
            write!(out, "&#{};", u32::from(c)).expect("writing to a String cannot fail");
        }
        plain_from = at + c.len();
    }
    out.push_str(&partial_escape(&text[plain_from..]));
}

fn needs_reference(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::DecodeError;
    use crate::xml::{XmlDecode, XmlReader, from_xml};

    /// A stand-in for a generated type: a string, an optional number and a list.
    #[derive(Debug, PartialEq)]
    struct Item {
        name: Option<String>,
        size: Option<i64>,
        tags: Vec<String>,
    }

    impl XmlEncode for Item {
        fn encode_xml(&self, w: &mut XmlWriter) {
            w.optional("name", self.name.as_ref());
            w.optional("size", self.size.as_ref());
            w.scalar_list("tagList", "tag", &self.tags);
        }
    }

    impl XmlDecode for Item {
        fn decode_xml(r: &mut XmlReader<'_>) -> Result<Self, DecodeError> {
            let (mut name, mut size, mut tags) = (None, None, Vec::new());
            while let Some(n) = r.next_child()? {
                match n.as_bytes() {
                    b"name" => name = r.read_scalar("name")?,
                    b"size" => size = r.read_scalar("size")?,
                    b"tagList" => tags = r.read_scalar_list("tagList", "tag")?,
                    _ => r.skip_unknown(n)?,
                }
            }
            Ok(Self { name, size, tags })
        }
    }

    fn round_trip(item: &Item) -> Item {
        let doc = to_xml("item", item);
        from_xml(doc.as_bytes(), "item", None).unwrap_or_else(|e| panic!("{doc}: {e}"))
    }

    #[test]
    fn writes_elements_in_order_and_skips_absent_ones() {
        let item = Item {
            name: Some("a<b>&c".into()),
            size: None,
            tags: vec!["x".into(), String::new()],
        };
        assert_eq!(
            to_xml("item", &item),
            r#"<?xml version="1.0" encoding="UTF-8"?><item><name>a&lt;b&gt;&amp;c</name><tagList><tag>x</tag><tag></tag></tagList></item>"#
        );
    }

    #[test]
    fn u64_text_is_written_in_full() {
        // Generated types have no u64 fields; custom encoders may write one.
        let mut out = String::new();
        u64::MAX.write_text(&mut out);
        assert_eq!(out, "18446744073709551615");
    }

    #[test]
    fn control_characters_become_references_and_quotes_stay() {
        let mut out = String::new();
        escape_into("a\r\n\t\u{1}b<\u{85}>\"'&", &mut out);
        assert_eq!(out, "a&#13;\n\t&#1;b&lt;&#133;&gt;\"'&amp;");
    }

    #[test]
    fn text_that_xml_normalizes_or_cannot_carry_survives_a_round_trip() {
        for text in [
            "",
            " padded ",
            "line1\r\nline2\rline3\n",
            "tab\there",
            "\u{1}\u{1f}\u{7f}\u{85}",
            "테스트 이미지+1/α &amp; ]]> <![CDATA[",
        ] {
            let item = Item {
                name: Some(text.to_owned()),
                size: Some(-42),
                tags: vec![text.to_owned()],
            };
            assert_eq!(round_trip(&item), item, "{text:?}");
        }
    }

    #[test]
    fn an_empty_list_keeps_its_wrapper() {
        let item = Item {
            name: None,
            size: Some(0),
            tags: Vec::new(),
        };
        assert!(to_xml("item", &item).ends_with("<item><size>0</size><tagList></tagList></item>"));
        assert_eq!(round_trip(&item), item);
    }
}
