//! Reads the raw JSON tree of the spec by pointer: the `xml` keyword and `$ref` siblings, which
//! `openapiv3` drops, and the keyword allow-lists that keep unsupported constructs from being
//! skipped silently.

use serde_json::Value;

use crate::pointer::Pointer;

/// The `xml` object of a schema.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Xml {
    pub(super) name: Option<String>,
    pub(super) wrapped: bool,
}

/// The extension that records where published sources disagree and why the spec chose what it
/// did (`docs/design.md` §1). Allowed wherever a `description` is read; appended to it.
pub(super) const NOTE: &str = "x-ncp-note";

/// The extension that maps a component schema onto a type of the runtime (the error bodies
/// every NCP API shares): the generator uses that type instead of generating one.
pub(super) const RUNTIME_TYPE: &str = "x-ncp-runtime-type";

/// The extension that marks an operation as changing something: the client then retries it
/// only when it cannot have been carried out.
pub(super) const MUTATION: &str = "x-ncp-mutation";

/// The extension listing the API's "busy, try again" return codes, each `{code, description,
/// source}`: on an operation its own, at the spec root those of every operation.
pub(super) const RETRYABLE_CODES: &str = "x-ncp-retryable-codes";

/// The extension that marks a property or parameter as a secret (`docs/design.md` §1).
pub(super) const SENSITIVE: &str = "x-ncp-sensitive";

/// The extension naming the parameters (or sibling properties) that one needs.
pub(super) const REQUIRES: &str = "x-ncp-requires";

/// The extension that limits a text value's length in UTF-8 bytes.
pub(super) const MAX_BYTES: &str = "x-ncp-max-bytes";

/// The group-rule extensions of a request schema (or list-item schema), each a list of groups
/// of property names.
pub(super) const EXACTLY_ONE_OF: &str = "x-ncp-exactly-one-of";
pub(super) const AT_LEAST_ONE_OF: &str = "x-ncp-at-least-one-of";
pub(super) const AT_MOST_ONE_OF: &str = "x-ncp-at-most-one-of";

/// The extension that names the list of a detail lookup's body that holds its one result.
pub(super) const SINGLE_ITEM: &str = "x-ncp-single-item";

/// Keywords allowed in one kind of spec object, in groups.
pub(super) type Allowed = &'static [&'static [&'static str]];

/// Keywords that describe a scalar value.
const SCALAR_KEYS: &[&str] = &["type", "format", "description", "example"];
/// The documented rules of a text value (checked before a request is sent).
const TEXT_RULES: &[&str] = &["minLength", "maxLength", "pattern", MAX_BYTES];
/// The documented rules of a number.
const NUMBER_RULES: &[&str] = &["minimum", "maximum", "multipleOf"];
/// The documented rules of a list's length.
const LIST_RULES: &[&str] = &["minItems", "maxItems"];

pub(super) const COMPONENT_OBJECT: Allowed = &[&[
    "type",
    "description",
    "properties",
    "required",
    "xml",
    "example",
    "title",
    NOTE,
    RUNTIME_TYPE,
    EXACTLY_ONE_OF,
    AT_LEAST_ONE_OF,
    AT_MOST_ONE_OF,
]];
/// A request schema (the form body of a `post`): its properties are the parameters.
pub(super) const REQUEST_OBJECT: Allowed = &[&[
    "type",
    "description",
    "properties",
    "required",
    "example",
    "title",
    NOTE,
    EXACTLY_ONE_OF,
    AT_LEAST_ONE_OF,
    AT_MOST_ONE_OF,
]];
pub(super) const COMPONENT_ALL_OF: Allowed =
    &[&["allOf", "description", "xml", "title", "type", NOTE]];
pub(super) const COMPONENT_ENUM: Allowed = &[&[
    "type",
    "enum",
    "description",
    "default",
    "example",
    "title",
    "x-enum-descriptions",
    NOTE,
]];
pub(super) const ALL_OF_MEMBER: Allowed =
    &[&["type", "description", "properties", "required", "title"]];
pub(super) const REFERENCE: Allowed = &[&["$ref", "description", "xml", NOTE, REQUIRES]];
/// The rules are checked when the struct is sent as a list item (an error on other structs).
pub(super) const PROPERTY: Allowed = &[
    &[
        "default",
        "items",
        "xml",
        "oneOf",
        "allOf",
        NOTE,
        "x-ncp-unit",
        REQUIRES,
        SENSITIVE,
    ],
    SCALAR_KEYS,
    TEXT_RULES,
    NUMBER_RULES,
    LIST_RULES,
];
pub(super) const ITEMS: Allowed = &[&["xml"], SCALAR_KEYS, TEXT_RULES, NUMBER_RULES];
/// A property of a request schema: a parameter.
pub(super) const REQUEST_PROPERTY: Allowed = &[
    &["default", "items", NOTE, "x-ncp-unit", REQUIRES, SENSITIVE],
    SCALAR_KEYS,
    TEXT_RULES,
    NUMBER_RULES,
    LIST_RULES,
];
/// A `$ref` property of a request schema (an enum parameter).
pub(super) const REQUEST_REFERENCE: Allowed =
    &[&["$ref", "description", "default", NOTE, REQUIRES]];
/// The `items` of a list property of a request schema.
pub(super) const REQUEST_ITEMS: Allowed = &[SCALAR_KEYS, TEXT_RULES, NUMBER_RULES];
pub(super) const LENIENT_ALTERNATIVE: Allowed = &[&["pattern"], SCALAR_KEYS];
pub(super) const PARAMETER: Allowed = &[&[
    "name",
    "in",
    "description",
    "required",
    "schema",
    "example",
    REQUIRES,
    NOTE,
    "x-ncp-unit",
    SENSITIVE,
]];
pub(super) const PARAMETER_SCHEMA: Allowed = &[
    &["default", "items", "xml"],
    SCALAR_KEYS,
    TEXT_RULES,
    NUMBER_RULES,
    LIST_RULES,
];
pub(super) const PARAMETER_ITEMS: Allowed = &[&["xml"], SCALAR_KEYS, TEXT_RULES, NUMBER_RULES];
pub(super) const PATH_ITEM: Allowed = &[&["get", "post", "summary", "description"]];
/// `requestBody` of a `post`: the form body.
pub(super) const REQUEST_BODY: Allowed = &[&["description", "required", "content"]];
pub(super) const REQUEST_CONTENT: Allowed = &[&["application/x-www-form-urlencoded"]];
pub(super) const REQUEST_MEDIA_TYPE: Allowed = &[&["schema"]];
pub(super) const OPERATION: Allowed = &[&[
    "operationId",
    "summary",
    "description",
    "parameters",
    "requestBody",
    "responses",
    "tags",
    "externalDocs",
    "x-ncp-pagination",
    "x-ncp-waiters",
    SINGLE_ITEM,
    MUTATION,
    RETRYABLE_CODES,
    NOTE,
]];
pub(super) const RESPONSES: Allowed = &[&["200", "2XX", "default"]];
pub(super) const SUCCESS_CONTENT: Allowed = &[&["application/xml", "application/json"]];
pub(super) const MEDIA_TYPE: Allowed = &[&["schema", "example", "examples"]];
pub(super) const COMPONENTS: Allowed = &[&["schemas", "parameters"]];

/// The raw spec tree.
#[derive(Clone, Copy, Debug)]
pub(super) struct Raw<'a> {
    root: &'a Value,
}

impl<'a> Raw<'a> {
    pub(super) fn new(root: &'a Value) -> Self {
        Raw { root }
    }

    /// The value at `p`.
    pub(super) fn at(&self, p: &Pointer) -> Option<&'a Value> {
        self.root.pointer(p.json_pointer())
    }

    /// The string member `key` of the object at `p`.
    pub(super) fn str(&self, p: &Pointer, key: &str) -> Option<&'a str> {
        self.at(p)?.get(key)?.as_str()
    }

    /// The non-blank `x-ncp-unit` of the object at `p`, or an error message when it is there
    /// but not a non-blank string.
    pub(super) fn unit(&self, p: &Pointer) -> Result<Option<String>, &'static str> {
        match self.at(p).and_then(|v| v.get("x-ncp-unit")) {
            None => Ok(None),
            Some(Value::String(s)) if !s.trim().is_empty() => Ok(Some(s.trim().to_owned())),
            Some(_) => Err("`x-ncp-unit` must be a non-blank string (for example `bytes`)"),
        }
    }

    /// The non-blank `description` of the object at `p`.
    pub(super) fn description(&self, p: &Pointer) -> Option<String> {
        self.str(p, "description")
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(str::to_owned)
    }

    /// Keywords of the object at `p` that are not in `allowed`, with a message for each.
    pub(super) fn unsupported_keys(&self, p: &Pointer, allowed: Allowed) -> Vec<String> {
        let Some(Value::Object(map)) = self.at(p) else {
            return Vec::new();
        };
        map.keys()
            .filter(|k| !allowed.iter().any(|group| group.contains(&k.as_str())))
            .map(|k| match k.as_str() {
                "enum" => "inline enums are not supported: define the enum under \
                           components/schemas and `$ref` it"
                    .to_owned(),
                "anyOf" | "not" | "additionalProperties" | "discriminator" => {
                    format!("`{k}` is not supported")
                }
                "oneOf" => "`oneOf` is only supported as a lenient scalar (one `string` and one \
                            `integer` alternative) in a response property"
                    .to_owned(),
                "allOf" => "`allOf` is only supported in a component schema (or as a single \
                            `$ref` in a property)"
                    .to_owned(),
                k if k.starts_with("x-") => format!("unknown extension `{k}`"),
                k => format!("unsupported keyword `{k}` here"),
            })
            .collect()
    }

    /// The `xml` object of the schema at `p`.
    pub(super) fn xml(&self, p: &Pointer) -> Result<Xml, String> {
        let Some(value) = self.at(p).and_then(|v| v.get("xml")) else {
            return Ok(Xml::default());
        };
        let Value::Object(map) = value else {
            return Err("`xml` must be an object".to_owned());
        };
        let mut xml = Xml::default();
        for (k, v) in map {
            match (k.as_str(), v) {
                ("name", Value::String(s)) if !s.is_empty() => xml.name = Some(s.clone()),
                ("wrapped", Value::Bool(b)) => xml.wrapped = *b,
                ("name" | "wrapped", _) => return Err(format!("`xml.{k}` has the wrong type")),
                _ => return Err(format!("`xml.{k}` is not supported")),
            }
        }
        Ok(xml)
    }
}
