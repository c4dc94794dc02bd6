//! Stage 2: the validated intermediate model.
//!
//! [`build`] turns a loaded [`Document`](crate::load::Document) into an [`Api`]: `$ref`s are
//! resolved, `allOf`s merged (a later property with the same name replaces the earlier one, in
//! the earlier one's place), and everything the project's conventions (`docs/design.md` §1) do
//! not allow is reported. All problems are collected, each naming its JSON pointer.
//!
//! Order is the spec's: operations in path order, types in `components/schemas` order, fields
//! in property order.

mod build;
mod ctx;
pub mod names;
mod operations;
mod raw;
mod schemas;
mod waiters;

pub use build::build;
pub use waiters::{
    Acceptor, Comparator, IdRule, IdsSource, Matcher, State, WaitAfter, WaitInput, Waiter,
};

/// The whole API.
#[derive(Clone, Debug, PartialEq)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.description`, if any.
    pub description: Option<String>,
    /// The operations, in spec order.
    pub operations: Vec<Operation>,
    /// The generated types, in spec order (JSON wrapper schemas are left out).
    pub types: Vec<TypeDef>,
    /// Where the service lives on the gateway (from `servers`); required when there are
    /// operations.
    pub service: Option<Service>,
}

/// The service's place on every API gateway, from the first `servers` URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Service {
    /// The first path segment, the service's short name: `vserver`.
    pub name: String,
    /// The URL's path without a trailing slash: `/vserver/v2`.
    pub base_path: String,
    /// The "busy, try again" return codes of every operation (the root's
    /// `x-ncp-retryable-codes`).
    pub retryable_codes: Vec<String>,
}

impl Api {
    /// The type named `name`.
    pub fn type_def(&self, name: &str) -> Option<&TypeDef> {
        self.types.iter().find(|t| t.name() == name)
    }

    /// The struct named `name`.
    pub fn struct_def(&self, name: &str) -> Option<&StructDef> {
        match self.type_def(name) {
            Some(TypeDef::Struct(s)) => Some(s),
            _ => None,
        }
    }
}

/// One API operation (one path).
#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    /// The `operationId`, which is also the NCP action name: `getServerImageDetail`.
    pub name: String,
    /// The module (and file) that holds the operation's generated items:
    /// `get_server_image_detail` ([`names::module_name`]).
    pub module: String,
    /// The prefix of the operation's Rust types (`GetServerImageDetail`: `...Request`,
    /// `...RequestBuilder`, `...FluentBuilder`), resolved once here.
    pub type_prefix: String,
    /// The `Client` method (and mock handle) name: `get_server_image_detail`.
    pub method: String,
    /// One-line summary.
    pub summary: String,
    /// Longer description.
    pub description: String,
    /// The request parameters in spec order, `responseFormatType` left out.
    pub params: Vec<Param>,
    /// Name of the success body type (the `application/xml` schema of the `200` or `2XX`
    /// response).
    pub body: String,
    /// The XML root element of the success body, also the key of the JSON wrapper.
    pub response_root: String,
    /// Where the body keeps the envelope fields.
    pub envelope: EnvelopeFields,
    /// How the results are paged (`x-ncp-pagination`), if they are.
    pub pagination: Option<Pagination>,
    /// Whether the operation changes something (`x-ncp-mutation`).
    pub mutation: bool,
    /// The operation's own "busy, try again" return codes (`x-ncp-retryable-codes`).
    pub retryable_codes: Vec<String>,
    /// The waiters that poll this operation (`x-ncp-waiters`).
    pub waiters: Vec<Waiter>,
    /// The waits this mutation's fluent builder offers after sending (it is in their `after`).
    pub waits_after: Vec<WaitAfter>,
}

/// `x-ncp-pagination`: which parameters choose the page and where a page keeps its items.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pagination {
    /// Rust name of the page-number parameter (optional `i32`).
    pub page_no: String,
    /// Rust name of the page-size parameter (optional `i32`).
    pub page_size: String,
    /// The page-size parameter's `maximum`: the largest page the API serves.
    pub max_page_size: i64,
    /// Rust name of the body's item list.
    pub items: String,
    /// The item type (a generated struct).
    pub item_type: String,
    /// Rust name of the body's total match count, and whether it is required.
    pub total_rows: Option<EnvelopeField>,
}

/// The body fields behind `runtime::Envelope`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EnvelopeFields {
    /// `returnCode`.
    pub return_code: Option<EnvelopeField>,
    /// `returnMessage`.
    pub return_message: Option<EnvelopeField>,
    /// `requestId`.
    pub request_id: Option<EnvelopeField>,
}

/// A text field of the body that an envelope accessor returns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvelopeField {
    /// The Rust field name.
    pub rust_name: String,
    /// Whether the field is required (not an `Option`).
    pub required: bool,
}

/// One query parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// The name on the wire: `serverImageNoList`.
    pub api_name: String,
    /// The Rust name (snake case, raw identifier if needed): `server_image_no_list`.
    pub rust_name: String,
    /// The parameter's description.
    pub description: String,
    /// What values it takes.
    pub kind: ParamKind,
    /// Whether the request must set it.
    pub required: bool,
    /// Smallest allowed value (integers; each element for a list).
    pub minimum: Option<i64>,
    /// Largest allowed value (integers; each element for a list).
    pub maximum: Option<i64>,
    /// The spec's `default`, as written (documentation only: the server applies it).
    pub default: Option<String>,
    /// `x-ncp-requires`: wire names of parameters that must be set whenever this one is.
    pub requires: Vec<String>,
    /// `x-ncp-unit`: the unit of the value (`bytes`), for the docs.
    pub unit: Option<String>,
}

/// The shape of a parameter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParamKind {
    /// One value.
    Single(ParamType),
    /// An NCP list, sent as `name.1`, `name.2`, ...
    List(ParamType),
}

/// The value type of a parameter (or of its list items).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParamType {
    /// Text.
    String,
    /// `i32`.
    Int32,
    /// `i64`.
    Int64,
    /// `bool`, sent as `true`/`false`.
    Bool,
    /// A generated enum.
    Enum(String),
    /// A generated struct, sent as `name.N.field=...` (list items only).
    Object(String),
}

/// A generated type.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeDef {
    /// An object schema.
    Struct(StructDef),
    /// A string enum schema.
    Enum(EnumDef),
}

impl TypeDef {
    /// The type (and schema) name.
    pub fn name(&self) -> &str {
        match self {
            TypeDef::Struct(s) => &s.name,
            TypeDef::Enum(e) => &e.name,
        }
    }

    /// The module (and file) that holds the type.
    pub fn module(&self) -> &str {
        match self {
            TypeDef::Struct(s) => &s.module,
            TypeDef::Enum(e) => &e.module,
        }
    }
}

/// A struct generated from an object schema.
#[derive(Clone, Debug, PartialEq)]
pub struct StructDef {
    /// The schema name, used as the type name.
    pub name: String,
    /// The module (and file) that holds the type: `server_image` ([`names::module_name`]).
    pub module: String,
    /// The schema's description.
    pub description: String,
    /// The fields in property order (after `allOf` merging).
    pub fields: Vec<Field>,
    /// `xml.name` of the schema: the root element when it is a response body.
    pub xml_root: Option<String>,
    /// Whether the type is (part of) a list item of a request parameter, so it needs
    /// `runtime::query::QueryEncode`.
    pub query_encode: bool,
    /// `x-ncp-runtime-type`: the runtime type (in its `wire` module) this schema stands for;
    /// such a type is re-exported, not generated.
    pub runtime_type: Option<String>,
}

/// A struct field.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// The property name: the JSON key.
    pub api_name: String,
    /// The Rust field name.
    pub rust_name: String,
    /// The XML element name (`xml.name` of the property, else the property name).
    pub xml_name: String,
    /// The property's description.
    pub description: String,
    /// The value type.
    pub ty: FieldType,
    /// Listed in `required`: not an `Option`; missing is a decode error.
    pub required: bool,
    /// `x-ncp-unit`: the unit of the value (`bytes`), for the docs.
    pub unit: Option<String>,
}

/// The value type of a field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldType {
    /// `String`.
    String,
    /// `i32`.
    Int32,
    /// `i64`.
    Int64,
    /// `f64`.
    F64,
    /// `bool`.
    Bool,
    /// `runtime::DateTime`.
    DateTime,
    /// `String` that also accepts a JSON number (`oneOf: [string, integer]`).
    LenientString,
    /// `i64` that also accepts a decimal JSON string (`oneOf: [integer, string]`).
    LenientInt64,
    /// A generated enum.
    Enum(String),
    /// A generated struct.
    Struct(String),
    /// A wrapped list: `<list><item/>...</list>` in XML, an array in JSON.
    List {
        /// The item type (never a list).
        item: Box<FieldType>,
        /// The item element name.
        item_xml_name: String,
    },
}

/// An enum generated from a string enum schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnumDef {
    /// The schema name, used as the type name.
    pub name: String,
    /// The module (and file) that holds the type: `os_type_code_value`.
    pub module: String,
    /// The schema's description.
    pub description: String,
    /// The known values in spec order.
    pub values: Vec<EnumValue>,
}

/// One known enum value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnumValue {
    /// The value on the wire: `IN_SERVICE`.
    pub value: String,
    /// The variant name: `InService`.
    pub variant: String,
    /// From `x-enum-descriptions`, or a generated sentence.
    pub description: String,
}
