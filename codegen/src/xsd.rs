//! Stage 3 (beside [`emit`](crate::emit)): an XML Schema (XSD 1.0) for the XML bodies, built
//! from the validated model so it describes exactly what the generated decoders read.
//!
//! The API's XML has no namespace and a newer API may add elements anywhere. XSD 1.0 (what
//! libxml2 and most tools implement) cannot mix local element declarations with a wildcard for
//! unknown siblings (the content model would not be deterministic, the "unique particle
//! attribution" rule), so the schema is built the one way XSD 1.0 allows both:
//! - every element name the model knows is declared once, globally, with its type;
//! - the content of every structure and list is `xs:any processContents="lax"`: a child with a
//!   global declaration is validated against it (strictly: a non-numeric `blockStorageSize`
//!   fails wherever it appears), and any other child is accepted with its content checked the
//!   same way.
//!
//! So the schema is strict about the types of known elements and lax about unknown ones, but
//! it does not say where an element may appear or which are required (the decoders check
//! those). A name the spec uses with several types (`iops` an int32 in one struct and an int64
//! in another) is declared with the least strict type that takes every use ([`join`]): the
//! wider number, any structure, text, or mixed content; its declaration lists the uses. See
//! `docs/design.md` §2 for the value types.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::model::{Api, FieldType, StructDef};
use crate::settings::Settings;

/// What the XSD declares an element as.
#[derive(Clone, Debug, PartialEq, Eq)]
enum ElementType {
    /// A generated struct: its named complex type.
    Struct(String),
    /// A list wrapper holding `item` elements.
    List { item: String },
    /// A scalar: the name of one of the [`SCALARS`] types.
    Scalar(&'static str),
    /// Children, as in every structure, but no particular struct: a name used for two structs
    /// (or a struct and a list). Its type is [`STRUCTURE`].
    AnyStructure,
    /// Text or children: a name used for a scalar and a structure. Its type is [`MIXED`].
    Mixed,
}

/// The complex type of an element used for several structures.
const STRUCTURE: &str = "structure";
/// The complex type of an element used both for text and for a structure.
const MIXED: &str = "mixed";

impl ElementType {
    fn type_name(&self) -> &str {
        match self {
            ElementType::Struct(name) => name,
            ElementType::List { .. } => "list",
            ElementType::Scalar(name) => name,
            ElementType::AnyStructure => STRUCTURE,
            ElementType::Mixed => MIXED,
        }
    }

    fn describe(&self) -> String {
        match self {
            ElementType::Struct(name) => format!("a `{name}`"),
            ElementType::List { item } => format!("a list of `{item}` elements"),
            ElementType::Scalar(name) => format!("a `{name}` value"),
            ElementType::AnyStructure => "a structure".to_owned(),
            ElementType::Mixed => "text or a structure".to_owned(),
        }
    }

    fn is_complex(&self) -> bool {
        !matches!(self, ElementType::Scalar(_))
    }
}

/// The least strict of `uses` (at least one): the type an element name used with each of them
/// is declared with, so that every use validates. Numbers widen (`int32` < `int64` <
/// `double`), other scalars meet in `text`; structures and lists (whose content models are the
/// same open one) meet in [`STRUCTURE`]; a scalar and a structure in [`MIXED`].
fn join(uses: &[ElementType]) -> ElementType {
    let first = uses[0].clone();
    if uses.iter().all(|t| *t == first) {
        return first;
    }
    let complex = uses.iter().filter(|t| t.is_complex()).count();
    if complex == uses.len() {
        return ElementType::AnyStructure;
    }
    if complex > 0 {
        return ElementType::Mixed;
    }
    const NUMBERS: [&str; 3] = ["int32", "int64", "double"];
    let rank = |t: &ElementType| match t {
        ElementType::Scalar(name) => NUMBERS.iter().position(|n| n == name),
        _ => None,
    };
    let ranks: Option<Vec<usize>> = uses.iter().map(rank).collect();
    match ranks.and_then(|r| r.into_iter().max()) {
        Some(widest) => ElementType::Scalar(NUMBERS[widest]),
        None => ElementType::Scalar("text"),
    }
}

/// The scalar types: name, the simple type its text must match, and what it stands for. Every
/// one but `text` also takes an empty (or whitespace-only) element, which the decoders read as
/// an absent value.
const SCALARS: &[(&str, &str, &str)] = &[
    (
        "text",
        "xs:string",
        "Text, kept as written. Also used for coded values (`code`): code sets grow, so unknown \
         codes are valid.",
    ),
    ("int32", "xs:int", "A 32-bit integer (`format: int32`)."),
    (
        "int64",
        "xs:long",
        "A 64-bit integer (`format: int64`, or a lenient integer that JSON may send as text).",
    ),
    ("double", "xs:double", "A number."),
    (
        "boolean",
        "booleanText",
        "`true` or `false` (the decoders do not take XSD's `1` and `0`).",
    ),
    (
        "dateTime",
        "dateTimeText",
        "A date-time as the API writes it (`2020-08-24T10:34:27+0900`) or in RFC 3339 form.",
    ),
];

/// The shape the decoders accept for `runtime::DateTime` (the ranges are checked there too).
const DATE_TIME_PATTERN: &str = r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt ]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?([Zz]|[+\-]\d{2}:?\d{2})";

fn scalar_type(ty: &FieldType) -> Option<&'static str> {
    match ty {
        FieldType::Enum(_) => Some("text"),
        ty => ty.scalar().map(|s| s.info().xsd),
    }
}

fn element_type(ty: &FieldType) -> ElementType {
    match ty {
        FieldType::Struct(name) => ElementType::Struct(name.clone()),
        FieldType::List { item_xml_name, .. } => ElementType::List {
            item: item_xml_name.clone(),
        },
        other => ElementType::Scalar(scalar_type(other).unwrap_or("text")),
    }
}

/// One global element declaration: every distinct type the model uses the name with, each
/// with the pointer of its first use.
struct Declaration {
    name: String,
    uses: Vec<(ElementType, String)>,
}

impl Declaration {
    fn element_type(&self) -> ElementType {
        let types: Vec<ElementType> = self.uses.iter().map(|(t, _)| t.clone()).collect();
        join(&types)
    }
}

/// The global element declarations, in first-seen order, and the structs they use.
#[derive(Default)]
struct Collector<'a> {
    elements: Vec<Declaration>,
    /// Element name -> index in `elements`.
    seen: BTreeMap<String, usize>,
    structs: Vec<&'a StructDef>,
}

impl<'a> Collector<'a> {
    fn declare(&mut self, name: &str, ty: ElementType, pointer: String) {
        match self.seen.get(name) {
            Some(&i) => {
                let uses = &mut self.elements[i].uses;
                if !uses.iter().any(|(t, _)| *t == ty) {
                    uses.push((ty, pointer));
                }
            }
            None => {
                self.seen.insert(name.to_owned(), self.elements.len());
                self.elements.push(Declaration {
                    name: name.to_owned(),
                    uses: vec![(ty, pointer)],
                });
            }
        }
    }

    fn visit(&mut self, api: &'a Api, def: &'a StructDef) {
        if self.structs.iter().any(|s| s.name == def.name) {
            return;
        }
        self.structs.push(def);
        for f in &def.fields {
            let pointer = format!(
                "#/components/schemas/{}/properties/{}",
                def.name, f.api_name
            );
            self.declare(&f.xml_name, element_type(&f.ty), pointer.clone());
            let inner = match &f.ty {
                FieldType::List {
                    item,
                    item_xml_name,
                } => {
                    self.declare(
                        item_xml_name,
                        element_type(item),
                        format!("{pointer}/items"),
                    );
                    item.as_ref()
                }
                other => other,
            };
            if let FieldType::Struct(name) = inner {
                if let Some(nested) = api.struct_def(name) {
                    self.visit(api, nested);
                }
            }
        }
    }
}

/// The schema text. Every validated model has one: an element name used with several types is
/// declared with their [`join`].
///
/// Its root elements are the operations' response roots and every other schema with an XML
/// name (the error body `responseError`); only the types they reach are described.
pub fn emit(api: &Api, settings: &Settings) -> String {
    let mut c = Collector::default();
    let mut roots: Vec<&StructDef> = Vec::new();
    for op in &api.operations {
        if let Some(def) = api.struct_def(&op.body) {
            roots.push(def);
        }
    }
    for t in &api.types {
        if let crate::model::TypeDef::Struct(s) = t {
            if s.xml_root.is_some() && !roots.iter().any(|r| r.name == s.name) {
                roots.push(s);
            }
        }
    }
    for def in &roots {
        if let Some(root) = &def.xml_root {
            let pointer = format!("#/components/schemas/{}/xml/name", def.name);
            c.declare(root, ElementType::Struct(def.name.clone()), pointer);
        }
    }
    for def in &roots {
        c.visit(api, def);
    }
    // Spec order for the types.
    let mut structs: Vec<&StructDef> = Vec::new();
    for t in &api.types {
        if let crate::model::TypeDef::Struct(s) = t {
            if c.structs.iter().any(|v| v.name == s.name) {
                structs.push(s);
            }
        }
    }
    render(api, settings, &c.elements, &structs)
}

fn render(
    api: &Api,
    settings: &Settings,
    elements: &[Declaration],
    structs: &[&StructDef],
) -> String {
    let mut out = String::new();
    let w = &mut out;
    w.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        w,
        "<!-- @generated by `{}` from {}. Do not edit. -->",
        settings.command, settings.spec_label
    );
    w.push_str("<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">\n");
    documentation(
        w,
        1,
        &format!(
            "XML bodies of the {}.\n\nEvery known element is declared globally and every \
             structure's content is a lax wildcard: known elements are checked against their \
             types wherever they appear, unknown elements (from a newer API) are accepted. Where \
             an element may appear and which are required is left to the decoders.",
            api.title
        ),
    );

    w.push_str("\n  <!-- root elements, then every other element name, in spec order -->\n");
    let mut joined: Vec<ElementType> = Vec::new();
    for declaration in elements {
        let ty = declaration.element_type();
        let open = format!(
            "  <xs:element name=\"{}\" type=\"{}\"",
            escape(&declaration.name),
            escape(ty.type_name())
        );
        if declaration.uses.len() == 1 {
            let _ = writeln!(w, "{open}/>");
            continue;
        }
        let uses: Vec<String> = declaration
            .uses
            .iter()
            .map(|(t, pointer)| format!("{} at {pointer}", t.describe()))
            .collect();
        let _ = writeln!(w, "{open}>");
        documentation(
            w,
            2,
            &format!(
                "Used with several types, so declared with the least strict of them ({}): {}.",
                ty.describe(),
                uses.join("; ")
            ),
        );
        w.push_str("  </xs:element>\n");
        if !joined.contains(&ty) {
            joined.push(ty);
        }
    }

    w.push_str("\n  <!-- structures: known children are typed by their global declarations -->\n");
    for def in structs {
        let _ = writeln!(w, "  <xs:complexType name=\"{}\">", escape(&def.name));
        let children: Vec<String> = def
            .fields
            .iter()
            .map(|f| match &f.ty {
                // The element's type is any text (code sets grow); the known codes are
                // documented here, where the context names them.
                FieldType::Enum(name) => match api.type_def(name) {
                    Some(crate::model::TypeDef::Enum(e)) => {
                        let known: Vec<&str> = e.values.iter().map(|v| v.value.as_str()).collect();
                        format!("`{}` (known: {})", f.xml_name, known.join(", "))
                    }
                    _ => format!("`{}`", f.xml_name),
                },
                _ => format!("`{}`", f.xml_name),
            })
            .collect();
        let doc = if children.is_empty() {
            def.description.clone()
        } else {
            format!(
                "{}\n\nKnown children: {}.",
                def.description,
                children.join(", ")
            )
        };
        documentation(w, 2, &doc);
        open_content(w, 2);
        w.push_str("  </xs:complexType>\n");
    }
    w.push_str("  <xs:complexType name=\"list\">\n");
    documentation(
        w,
        2,
        "A wrapped list: one element per item, named in the singular \
         (`<serverImageList><serverImage>..</serverImage></serverImageList>`). An empty list may \
         be a self-closing element. Items named otherwise (`<ServerImage>`) are accepted, as the \
         decoders take them.",
    );
    open_content(w, 2);
    w.push_str("  </xs:complexType>\n");
    if joined.contains(&ElementType::AnyStructure) {
        let _ = writeln!(w, "  <xs:complexType name=\"{STRUCTURE}\">");
        documentation(
            w,
            2,
            "An element the spec uses for several structures (see its declaration): any known \
             children, each checked against its own declaration.",
        );
        open_content(w, 2);
        w.push_str("  </xs:complexType>\n");
    }
    if joined.contains(&ElementType::Mixed) {
        let _ = writeln!(w, "  <xs:complexType name=\"{MIXED}\" mixed=\"true\">");
        documentation(
            w,
            2,
            "An element the spec uses both for text and for a structure (see its declaration): \
             text, children, or both.",
        );
        open_content(w, 2);
        w.push_str("  </xs:complexType>\n");
    }

    w.push_str(
        "\n  <!-- scalars: text content of the declared type (attributes are ignored, as by the \
         decoders) -->\n",
    );
    for (name, base, doc) in SCALARS {
        let _ = writeln!(w, "  <xs:complexType name=\"{name}\">");
        documentation(w, 2, doc);
        let value = if *name == "text" {
            (*base).to_owned()
        } else {
            format!("{name}Value")
        };
        let _ = writeln!(
            w,
            "    <xs:simpleContent>\n      <xs:extension base=\"{value}\">\n        \
             <xs:anyAttribute processContents=\"lax\"/>\n      </xs:extension>\n    \
             </xs:simpleContent>\n  </xs:complexType>"
        );
        if *name != "text" {
            let _ = writeln!(
                w,
                "  <xs:simpleType name=\"{name}Value\">\n    \
                 <xs:union memberTypes=\"{base} empty\"/>\n  </xs:simpleType>"
            );
        }
    }
    let _ = writeln!(
        w,
        "  <xs:simpleType name=\"empty\">\n    <!-- xs:token collapses whitespace: a \
         whitespace-only element is empty too -->\n    <xs:restriction base=\"xs:token\">\n      \
         <xs:length value=\"0\"/>\n    </xs:restriction>\n  </xs:simpleType>\n  \
         <xs:simpleType name=\"booleanText\">\n    <xs:restriction base=\"xs:token\">\n      \
         <xs:enumeration value=\"true\"/>\n      <xs:enumeration value=\"false\"/>\n    \
         </xs:restriction>\n  </xs:simpleType>\n  <xs:simpleType name=\"dateTimeText\">\n    \
         <xs:restriction base=\"xs:token\">\n      <xs:pattern value=\"{}\"/>\n    \
         </xs:restriction>\n  </xs:simpleType>",
        escape(DATE_TIME_PATTERN)
    );
    w.push_str("</xs:schema>\n");
    out
}

/// Any children, each checked against its global declaration if it has one; any attributes.
fn open_content(w: &mut String, depth: usize) {
    let pad = "  ".repeat(depth);
    let _ = writeln!(
        w,
        "{pad}<xs:sequence>\n{pad}  <xs:any processContents=\"lax\" minOccurs=\"0\" \
         maxOccurs=\"unbounded\"/>\n{pad}</xs:sequence>\n{pad}<xs:anyAttribute \
         processContents=\"lax\"/>"
    );
}

fn documentation(w: &mut String, depth: usize, text: &str) {
    let pad = "  ".repeat(depth);
    let _ = writeln!(w, "{pad}<xs:annotation>\n{pad}  <xs:documentation>");
    for line in text.trim().lines() {
        if line.trim().is_empty() {
            w.push('\n');
        } else {
            let _ = writeln!(w, "{pad}    {}", escape(line.trim_end()));
        }
    }
    let _ = writeln!(w, "{pad}  </xs:documentation>\n{pad}</xs:annotation>");
}

/// Escapes text for an attribute value or character data.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(schemas: &str) -> Api {
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths: {{}}\ncomponents:\n  \
             schemas:\n{schemas}"
        );
        let doc = crate::load::load_str(&text, "t.yaml").unwrap();
        crate::model::build(&doc).unwrap_or_else(|e| panic!("{e:?}"))
    }

    const TWO_ROOTS: &str = r#"    A:
      type: object
      description: A.
      xml: {name: a}
      properties:
        size: {type: integer, format: int64, description: Size.}
        b: {$ref: '#/components/schemas/B', description: A B.}
    B:
      type: object
      description: B.
      properties:
        when: {type: string, format: date-time, description: When.}
    Unused:
      type: object
      description: Not reachable from a root.
      properties:
        other: {type: boolean, description: Other.}
"#;

    #[test]
    fn declares_each_reachable_element_once_with_its_type() {
        let text = emit(&api(TWO_ROOTS), &Settings::new());
        for line in [
            r#"<xs:element name="a" type="A"/>"#,
            r#"<xs:element name="size" type="int64"/>"#,
            r#"<xs:element name="b" type="B"/>"#,
            r#"<xs:element name="when" type="dateTime"/>"#,
            r#"<xs:complexType name="B">"#,
        ] {
            assert!(text.contains(line), "missing {line} in\n{text}");
        }
        assert!(
            !text.contains("Unused") && !text.contains("\"other\""),
            "{text}"
        );
        assert_eq!(text, emit(&api(TWO_ROOTS), &Settings::new()));
    }

    #[test]
    fn the_join_of_several_uses_takes_every_one() {
        use ElementType::{AnyStructure, List, Mixed, Scalar, Struct};
        let s = |n: &str| Struct(n.to_owned());
        let list = || List {
            item: "x".to_owned(),
        };
        for (uses, joined) in [
            (vec![Scalar("int32")], Scalar("int32")),
            (vec![s("A"), s("A")], s("A")),
            (vec![Scalar("int32"), Scalar("int64")], Scalar("int64")),
            (vec![Scalar("int64"), Scalar("int32")], Scalar("int64")),
            (vec![Scalar("int32"), Scalar("double")], Scalar("double")),
            (vec![Scalar("int32"), Scalar("boolean")], Scalar("text")),
            (vec![Scalar("dateTime"), Scalar("text")], Scalar("text")),
            (vec![s("A"), s("B")], AnyStructure),
            (vec![s("A"), list()], AnyStructure),
            (vec![s("A"), Scalar("text")], Mixed),
            (vec![list(), Scalar("int32"), s("B")], Mixed),
        ] {
            assert_eq!(join(&uses), joined, "{uses:?}");
        }
    }

    /// `size` is an int64 in `A`, an int32 in `B` and `C`; `b` is a `B` in `A` and a `C` in
    /// `C`; `kind` is text in `B` and a `B` in `C`.
    const REUSED: &str = r#"    A:
      type: object
      description: A.
      xml: {name: a}
      properties:
        size: {type: integer, format: int64, description: Size.}
        b: {$ref: '#/components/schemas/B', description: A B.}
        c: {$ref: '#/components/schemas/C', description: A C.}
    B:
      type: object
      description: B.
      properties:
        size: {type: integer, format: int32, description: Size.}
        kind: {type: string, description: Kind.}
    C:
      type: object
      description: C.
      properties:
        size: {type: integer, format: int32, description: Size again (the same type).}
        b: {$ref: '#/components/schemas/C', description: Another C.}
        kind: {$ref: '#/components/schemas/B', description: A B.}
"#;

    #[test]
    fn a_name_with_several_types_is_declared_with_their_join_naming_each_use() {
        let text = emit(&api(REUSED), &Settings::new());
        for expected in [
            r#"<xs:element name="size" type="int64">"#,
            "declared with the least strict of them (a `int64` value): a `int64` value at \
             #/components/schemas/A/properties/size; a `int32` value at \
             #/components/schemas/B/properties/size.",
            r#"<xs:element name="b" type="structure">"#,
            r#"<xs:element name="kind" type="mixed">"#,
            r#"<xs:complexType name="structure">"#,
            r#"<xs:complexType name="mixed" mixed="true">"#,
            // A name reused with the same type is one plain declaration.
            r#"<xs:element name="c" type="C"/>"#,
        ] {
            assert!(text.contains(expected), "missing {expected} in\n{text}");
        }
        // `C`'s own `size` (an int32 again) is not listed a second time.
        assert!(!text.contains("C/properties/size"), "{text}");
        // Without any such name, neither extra type is written.
        let plain = emit(&api(TWO_ROOTS), &Settings::new());
        assert!(
            !plain.contains(r#"name="structure""#) && !plain.contains(r#"name="mixed""#),
            "{plain}"
        );
    }

    #[test]
    fn documentation_is_escaped() {
        let mut w = String::new();
        documentation(&mut w, 0, "a < b & \"c\"\n\nnext");
        assert!(w.contains("a &lt; b &amp; &quot;c&quot;"), "{w}");
        assert!(w.contains("\n\n    next"), "{w}");
    }
}
