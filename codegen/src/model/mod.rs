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
mod rules;
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
    /// The list that holds a detail lookup's one result (`x-ncp-single-item`), if any.
    pub single_item: Option<SingleItem>,
    /// Whether the operation changes something (`x-ncp-mutation`).
    pub mutation: bool,
    /// The operation's own "busy, try again" return codes (`x-ncp-retryable-codes`).
    pub retryable_codes: Vec<String>,
    /// Rules over groups of parameters (`x-ncp-exactly-one-of` and the like on the request
    /// schema), in spec order.
    pub groups: Vec<Group>,
    /// JSON names of the secrets the success body may carry (`x-ncp-sensitive` fields of the
    /// body and of the types it holds), sorted.
    pub sensitive_fields: Vec<String>,
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

/// `x-ncp-single-item`: a detail lookup answers with a list that holds the one item found, or
/// none for "not found" (with a success status); the body gets accessors for that item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SingleItem {
    /// Rust name of the body's item list.
    pub list: String,
    /// The item type (a generated struct).
    pub item_type: String,
    /// The accessor's name (the list's name without `List`, snake case): `server_instance`;
    /// the owned one is `into_` and this.
    pub accessor: String,
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

/// One request parameter: a query parameter of a `get`, or a property of a `post`'s request
/// schema (sent in the form body).
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
    /// What `build()` checks of the value (each element for a list) and of a list's length.
    pub rules: Rules,
    /// The spec's `default`, as written (documentation only: the server applies it).
    pub default: Option<String>,
    /// `x-ncp-requires`: wire names of parameters that must be set whenever this one is.
    pub requires: Vec<String>,
    /// `x-ncp-unit`: the unit of the value (`bytes`), for the docs.
    pub unit: Option<String>,
    /// `x-ncp-sensitive`: the value is a secret (redacted in `Debug`).
    pub sensitive: bool,
}

/// The checks of one request value, from the schema's keywords. Text rules apply to strings,
/// numeric ones to integers, item counts to lists; for a list the value rules apply to each
/// item.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rules {
    /// `minLength`, in characters.
    pub min_chars: Option<u64>,
    /// `maxLength`, in characters.
    pub max_chars: Option<u64>,
    /// `x-ncp-max-bytes`: the most bytes of UTF-8.
    pub max_bytes: Option<u64>,
    /// `pattern` (checked to compile with the runtime's engine).
    pub pattern: Option<String>,
    /// `minimum`.
    pub minimum: Option<i64>,
    /// `maximum`.
    pub maximum: Option<i64>,
    /// `multipleOf` (positive).
    pub multiple_of: Option<i64>,
    /// `minItems`.
    pub min_items: Option<u64>,
    /// `maxItems`.
    pub max_items: Option<u64>,
}

impl Rules {
    /// Whether any text rule is set.
    pub fn has_text(&self) -> bool {
        self.min_chars.is_some()
            || self.max_chars.is_some()
            || self.max_bytes.is_some()
            || self.pattern.is_some()
    }

    /// Whether any integer rule is set.
    pub fn has_int(&self) -> bool {
        self.minimum.is_some() || self.maximum.is_some() || self.multiple_of.is_some()
    }

    /// Whether an item count is set.
    pub fn has_items(&self) -> bool {
        self.min_items.is_some() || self.max_items.is_some()
    }

    /// Whether nothing is checked.
    pub fn is_empty(&self) -> bool {
        !self.has_text() && !self.has_int() && !self.has_items()
    }
}

/// A rule over a group of parameters (or of a list item's properties).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    /// How many may be set.
    pub kind: GroupKind,
    /// The members' API names, as the spec lists them.
    pub members: Vec<String>,
}

/// See [`Group`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupKind {
    /// `x-ncp-exactly-one-of`.
    ExactlyOne,
    /// `x-ncp-at-least-one-of`.
    AtLeastOne,
    /// `x-ncp-at-most-one-of`.
    AtMostOne,
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
    /// Rules over groups of its fields (`x-ncp-exactly-one-of` and the like), checked when it
    /// is sent as a list item.
    pub groups: Vec<Group>,
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
    /// What a request checks of the value when the struct is sent as a list item.
    pub rules: Rules,
    /// `x-ncp-requires`: API names of sibling fields that must be set whenever this one is.
    pub requires: Vec<String>,
    /// `x-ncp-sensitive`: the value is a secret (redacted in `Debug` and by `check-sample`).
    pub sensitive: bool,
}

/// The value type of a field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldType {
    /// A scalar (text, a number, a date, ...): its row in the one table of scalar kinds
    /// ([`crate::scalar`]).
    Scalar(Scalar),
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

/// A scalar value kind of a field or a parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scalar {
    /// Text.
    String,
    /// `i32`.
    Int32,
    /// `i64`.
    Int64,
    /// `f64`.
    F64,
    /// `true` / `false`.
    Bool,
    /// `runtime::DateTime` (keeps the text, parses `+0900` and RFC 3339 offsets).
    DateTime,
    /// Text that a JSON number also decodes into (`oneOf: [string, integer]`).
    LenientString,
    /// `i64` that a decimal JSON string also decodes into (`oneOf: [integer, string]`).
    LenientInt64,
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
