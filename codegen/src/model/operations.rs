//! Paths to operations: parameters, responses, the JSON wrapper check.

use super::Scalar;
use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{
    IntegerFormat, Parameter, ParameterSchemaOrContent, ReferenceOr, Response, Schema, SchemaKind,
    StatusCode, Type, VariantOrUnknownOrEmpty,
};

use super::ctx::{Class, Ctx};
use super::names;
use super::raw;
use super::schemas::View;
use super::{
    EnvelopeField, EnvelopeFields, FieldType, Group, Operation, Pagination, Param, ParamKind,
    ParamType, TypeDef,
};
use crate::pointer::Pointer;

/// The parameter the client sets itself; left out of request types.
pub(crate) const RESPONSE_FORMAT_TYPE: &str = "responseFormatType";

/// Method names of the request builders (and fluent builders) that a parameter cannot take.
const BUILDER_METHODS: &[&str] = &["build", "send"];

/// Names of the schemas used as `200` `application/json` bodies.
pub(super) fn json_wrappers(ctx: &Ctx<'_>) -> BTreeSet<String> {
    let mut wrappers = BTreeSet::new();
    for item in ctx.doc.api.paths.paths.values() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for (_, op) in item.iter() {
            let Some((_, ReferenceOr::Item(ok))) = success_response(op) else {
                continue;
            };
            let schema = ok
                .content
                .get("application/json")
                .and_then(|m| m.schema.as_ref());
            if let Some(ReferenceOr::Reference { reference }) = schema {
                if let Some(name) = reference.strip_prefix("#/components/schemas/") {
                    wrappers.insert(name.to_owned());
                }
            }
        }
    }
    wrappers
}

/// A parameter with the pointer of its declaration.
type PlacedParam = (Pointer, Param);

/// The request schema of a `post` (the `$ref` of its form body), if `op` has one.
pub(super) fn request_schema_ref(op: &openapiv3::Operation) -> Option<&str> {
    let body = match op.request_body.as_ref()? {
        ReferenceOr::Item(body) => body,
        ReferenceOr::Reference { .. } => return None,
    };
    match body
        .content
        .get("application/x-www-form-urlencoded")?
        .schema
        .as_ref()?
    {
        ReferenceOr::Reference { reference } => reference.strip_prefix("#/components/schemas/"),
        ReferenceOr::Item(_) => None,
    }
}

/// Names of the schemas used as request schemas: they become parameters, not types.
pub(super) fn request_schemas(ctx: &Ctx<'_>) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for item in ctx.doc.api.paths.paths.values() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        if let Some(name) = item.post.as_ref().and_then(request_schema_ref) {
            names.insert(name.to_owned());
        }
    }
    names
}

/// The parameters of a `post`'s form body (at `p`, the operation): the properties of its
/// request schema, in order, each with its pointer; and the schema's group rules.
pub(super) fn body_params<'a>(
    ctx: &mut Ctx<'a>,
    p: &Pointer,
    op: &'a openapiv3::Operation,
) -> Option<(Vec<PlacedParam>, Vec<Group>)> {
    let bp = p.join("requestBody");
    let Some(body) = &op.request_body else {
        ctx.error(
            p,
            "a `post` needs a `requestBody` (`application/x-www-form-urlencoded`, a `$ref` to \
             its request schema)",
        );
        return None;
    };
    let ReferenceOr::Item(body) = body else {
        ctx.error(&bp, "`$ref` request bodies are not supported");
        return None;
    };
    ctx.check_keys(&bp, raw::REQUEST_BODY);
    let cp = bp.join("content");
    ctx.check_keys(&cp, raw::REQUEST_CONTENT);
    let mp = cp.join("application/x-www-form-urlencoded");
    if body
        .content
        .get("application/x-www-form-urlencoded")
        .is_none()
    {
        ctx.error(
            &cp,
            "the form body needs `application/x-www-form-urlencoded` content",
        );
        return None;
    }
    ctx.check_keys(&mp, raw::REQUEST_MEDIA_TYPE);
    let Some(name) = request_schema_ref(op) else {
        ctx.error(
            &mp.join("schema"),
            "the form body's schema must be a `$ref` to a component schema",
        );
        return None;
    };
    let sp = Ctx::schema_pointer(name);
    let Some(ReferenceOr::Item(schema)) = ctx.schemas.get(name).copied() else {
        ctx.error(
            &mp.join("schema"),
            format!("`{name}` is not a component schema"),
        );
        return None;
    };
    let schema: &'a Schema = schema;
    ctx.check_keys(&sp, raw::REQUEST_OBJECT);
    ctx.description(&sp, "a request schema");
    let SchemaKind::Type(Type::Object(object)) = &schema.schema_kind else {
        ctx.error(
            &sp,
            "a request schema must be `type: object` with `properties`",
        );
        return None;
    };
    let names: BTreeSet<&str> = object.properties.keys().map(String::as_str).collect();
    for (i, required) in object.required.iter().enumerate() {
        if !names.contains(required.as_str()) {
            ctx.error(
                &sp.join("required").index(i),
                format!("required property `{required}` is not defined"),
            );
        }
    }
    let mut params = Vec::new();
    for (api_name, property) in &object.properties {
        let pp = sp.join("properties").join(api_name);
        let required = object.required.contains(api_name);
        if let Some(param) = body_param(ctx, &pp, api_name, property, required) {
            params.push((pp, param));
        }
    }
    let groups = super::rules::groups(ctx, &sp, &names);
    Some((params, groups))
}

fn body_param(
    ctx: &mut Ctx<'_>,
    p: &Pointer,
    api_name: &str,
    property: &ReferenceOr<Box<Schema>>,
    required: bool,
) -> Option<Param> {
    let description = ctx.description(p, "a request property");
    let rust_name = ctx.field_name(p, api_name)?;
    let unit = ctx.unit(p)?;
    let kind = param_kind(ctx, p, View::of_box(property), Keys::REQUEST)?;
    let rules = super::rules::param_rules(ctx, p, &kind);
    let default = default_text(ctx, p);
    let requires = super::rules::requires(ctx, p);
    let sensitive = super::rules::sensitive(ctx, p);
    Some(Param {
        api_name: api_name.to_owned(),
        rust_name,
        description,
        kind,
        required,
        rules,
        default,
        requires,
        unit,
        sensitive,
    })
}

/// Builds every operation, in path order.
pub(super) fn build_operations(ctx: &mut Ctx<'_>) -> Vec<Operation> {
    let doc = ctx.doc;
    let paths = Pointer::root().join("paths");
    let mut operations = Vec::new();
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for (path, item) in &doc.api.paths.paths {
        let pp = paths.join(path);
        let ReferenceOr::Item(item) = item else {
            ctx.error(&pp, "`$ref` path items are not supported");
            continue;
        };
        if !ctx.check_keys(&pp, raw::PATH_ITEM) {
            continue;
        }
        // NCP serves every operation both ways; the spec says which one the client uses.
        let (method, op) = match (&item.get, &item.post) {
            (Some(get), None) => (Method::Get, get),
            (None, Some(post)) => (Method::Post, post),
            (Some(_), Some(_)) => {
                ctx.error(
                    &pp,
                    "a path has one operation: a `get` (query parameters) or a `post` (a form \
                     body), not both",
                );
                continue;
            }
            (None, None) => {
                ctx.error(&pp, "each path needs a `get` or a `post` operation");
                continue;
            }
        };
        let Some(op) = build_operation(ctx, &pp.join(method.key()), path, op, method) else {
            continue;
        };
        let prefix = names::operation_type_prefix(&op.name).unwrap_or_default();
        if let Some(other) = names.insert(prefix.clone(), op.name.clone()) {
            ctx.error(
                &pp,
                format!(
                    "operations `{}` and `{other}` both become `{prefix}`",
                    op.name
                ),
            );
            continue;
        }
        operations.push(op);
    }
    operations
}

/// How an operation is described in the spec. The client sends both the same way (a `POST`
/// with a form body); only where the spec declares the parameters differs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Method {
    /// Query parameters.
    Get,
    /// A form body (`requestBody`) whose schema's properties are the parameters; only
    /// `responseFormatType` stays in the query.
    Post,
}

impl Method {
    fn key(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Post => "post",
        }
    }
}

fn build_operation<'a>(
    ctx: &mut Ctx<'a>,
    p: &Pointer,
    path: &str,
    op: &'a openapiv3::Operation,
    method: Method,
) -> Option<Operation> {
    ctx.check_keys(p, raw::OPERATION);
    let summary = ctx
        .raw
        .str(p, "summary")
        .map(str::trim)
        .filter(|s| !s.is_empty());
    if summary.is_none() {
        ctx.error(p, "an operation needs a `summary`");
    }
    let summary = summary.unwrap_or_default().to_owned();
    let description = ctx.description(p, "an operation");
    let name = match &op.operation_id {
        Some(id) if path.strip_prefix('/') == Some(id.as_str()) => id.clone(),
        Some(id) => {
            ctx.error(p, format!("the path must be `/{id}`, the `operationId`"));
            return None;
        }
        None => {
            ctx.error(
                p,
                "an operation needs an `operationId` (the NCP action name)",
            );
            return None;
        }
    };
    if names::operation_type_prefix(&name).is_none() || names::field_name(&name).is_none() {
        ctx.error(
            p,
            format!("no Rust names can be made from the operationId `{name}`"),
        );
        return None;
    }

    if method == Method::Get && op.request_body.is_some() {
        ctx.error(
            &p.join("requestBody"),
            "a `get` has no body: declare the operation as a `post`",
        );
    }
    let body = match method {
        Method::Post => body_params(ctx, p, op),
        Method::Get => None,
    };
    let (body_params, groups) = body.unwrap_or_default();
    let params = build_params(ctx, p, op, body_params);
    let (body, response_root) = responses(ctx, &p.join("responses"), op)?;
    let envelope = envelope(ctx, &body);
    let pagination = match op.extensions.get("x-ncp-pagination") {
        Some(value) => pagination(ctx, &p.join("x-ncp-pagination"), value, &params, &body),
        None => None,
    };
    let single_item = op.extensions.get(raw::SINGLE_ITEM).and_then(|value| {
        super::schemas::single_item(ctx, &p.join(raw::SINGLE_ITEM), value, &body)
    });
    let mutation = match op.extensions.get(raw::MUTATION) {
        None => false,
        Some(serde_json::Value::Bool(b)) => *b,
        Some(_) => {
            ctx.error(&p.join(raw::MUTATION), "must be `true` or `false`");
            false
        }
    };
    let retryable_codes = retryable_codes(
        ctx,
        &p.join(raw::RETRYABLE_CODES),
        op.extensions.get(raw::RETRYABLE_CODES),
    );
    // Validated where the operation id is read; the fallbacks are never used.
    let type_prefix = names::operation_type_prefix(&name).unwrap_or_default();
    let method = names::field_name(&name).unwrap_or_default();
    Some(Operation {
        module: names::module_name(&name),
        type_prefix,
        method,
        name,
        summary,
        description,
        params,
        body,
        response_root,
        envelope,
        pagination,
        single_item,
        mutation,
        retryable_codes,
        groups,
        sensitive_fields: Vec::new(),
        waiters: Vec::new(),
        waits_after: Vec::new(),
    })
}

/// `x-ncp-retryable-codes: [{code, description, source}]`: the codes, in order. Each entry must
/// say what the code means and where that is documented, so that a code is never retried on
/// a guess; a code listed twice is an error.
pub(super) fn retryable_codes(
    ctx: &mut Ctx<'_>,
    p: &Pointer,
    value: Option<&serde_json::Value>,
) -> Vec<String> {
    let Some(value) = value else {
        return Vec::new();
    };
    let Some(entries) = value.as_array() else {
        ctx.error(p, "must be a list of `{code, description, source}`");
        return Vec::new();
    };
    let mut codes = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let ep = p.index(i);
        let text = |key: &str| {
            entry
                .get(key)
                .and_then(serde_json::Value::as_str)
                .map(str::trim)
                .filter(|t| !t.is_empty())
        };
        let known = entry.as_object().is_some_and(|o| {
            o.keys()
                .all(|k| ["code", "description", "source"].contains(&k.as_str()))
        });
        match (text("code"), text("description"), text("source")) {
            (Some(code), Some(_), Some(_)) if known => {
                if codes.iter().any(|c| c == code) {
                    ctx.error(&ep, format!("return code `{code}` is listed twice"));
                } else {
                    codes.push(code.to_owned());
                }
            }
            _ => ctx.error(
                &ep,
                "each retryable code is `{code, description, source}`, all non-blank strings",
            ),
        }
    }
    codes
}

/// The query parameters of `op` followed by `body` (a `post`'s form body properties), checked
/// together: one name once, `responseFormatType` present (and left out), `x-ncp-requires`
/// naming another parameter.
fn build_params<'a>(
    ctx: &mut Ctx<'a>,
    p: &Pointer,
    op: &'a openapiv3::Operation,
    body: Vec<(Pointer, Param)>,
) -> Vec<Param> {
    let mut params: Vec<(Pointer, Param)> = Vec::new();
    let mut seen_format_type = false;
    let mut api_names = BTreeSet::new();
    let mut rust_names = BTreeSet::new();
    let query = op.parameters.iter().enumerate().filter_map(|(i, param)| {
        let site = p.join("parameters").index(i);
        let (pp, param) = resolve_param(ctx, &site, param)?;
        let param = build_param(ctx, &pp, param)?;
        Some((site, pp, param))
    });
    let query: Vec<_> = query.collect();
    let body = body.into_iter().map(|(pp, param)| (pp.clone(), pp, param));
    for (site, pp, param) in query.into_iter().chain(body) {
        if param.api_name == RESPONSE_FORMAT_TYPE && pp.as_str().starts_with("#/components/") {
            ctx.error(
                &pp,
                format!("`{RESPONSE_FORMAT_TYPE}` is a query parameter, not a body property"),
            );
            continue;
        }
        if !api_names.insert(param.api_name.clone()) {
            ctx.error(
                &site,
                format!("parameter `{}` is declared twice", param.api_name),
            );
            continue;
        }
        if param.api_name == RESPONSE_FORMAT_TYPE {
            seen_format_type = true;
            continue;
        }
        if BUILDER_METHODS.contains(&param.rust_name.as_str()) {
            ctx.error(
                &pp,
                format!(
                    "a parameter cannot be named `{}` (a builder method)",
                    param.rust_name
                ),
            );
            continue;
        }
        if !rust_names.insert(param.rust_name.clone()) {
            ctx.error(&pp, format!("two parameters become `{}`", param.rust_name));
            continue;
        }
        params.push((pp, param));
    }
    if !seen_format_type {
        ctx.error(
            p,
            format!("every operation takes the `{RESPONSE_FORMAT_TYPE}` parameter"),
        );
    }
    let names: BTreeSet<&str> = params.iter().map(|(_, q)| q.api_name.as_str()).collect();
    for (pp, param) in &params {
        super::rules::check_requires(
            ctx,
            pp,
            &param.api_name,
            &param.requires,
            &names,
            "a parameter of this operation",
        );
    }
    params.into_iter().map(|(_, param)| param).collect()
}

/// Resolves a parameter `$ref` (to `#/components/parameters/...`); returns its pointer.
fn resolve_param<'a>(
    ctx: &mut Ctx<'a>,
    site: &Pointer,
    param: &'a ReferenceOr<Parameter>,
) -> Option<(Pointer, &'a Parameter)> {
    match param {
        ReferenceOr::Item(param) => Some((site.clone(), param)),
        ReferenceOr::Reference { reference } => {
            let components = ctx.doc.api.components.as_ref();
            let name = reference.strip_prefix("#/components/parameters/");
            let target = name.and_then(|n| components?.parameters.get(n).map(|t| (n, t)));
            match target {
                Some((name, ReferenceOr::Item(param))) => Some((
                    Pointer::root()
                        .join("components")
                        .join("parameters")
                        .join(name),
                    param,
                )),
                _ => {
                    ctx.error(site, format!("`$ref: {reference}` points to no parameter"));
                    None
                }
            }
        }
    }
}

fn build_param(ctx: &mut Ctx<'_>, p: &Pointer, param: &Parameter) -> Option<Param> {
    let data = param.parameter_data_ref();
    let keys_ok = ctx.check_keys(p, raw::PARAMETER);
    if !matches!(param, Parameter::Query { .. }) {
        ctx.error(p, "only `in: query` parameters are supported");
        return None;
    }
    let description = ctx.description(p, "a parameter");
    let rust_name = ctx.field_name(p, &data.name)?;
    let requires = super::rules::requires(ctx, p);
    let sensitive = super::rules::sensitive(ctx, p);
    let ParameterSchemaOrContent::Schema(schema) = &data.format else {
        ctx.error(
            p,
            "a parameter needs a `schema` (`content` is not supported)",
        );
        return None;
    };
    if !keys_ok {
        return None;
    }
    let unit = ctx.unit(p)?;
    let sp = p.join("schema");
    let kind = param_kind(ctx, &sp, View::of(schema), Keys::QUERY)?;
    let rules = super::rules::param_rules(ctx, &sp, &kind);
    let default = default_text(ctx, &sp);
    Some(Param {
        api_name: data.name.clone(),
        rust_name,
        description,
        kind,
        required: data.required,
        rules,
        default,
        requires,
        unit,
        sensitive,
    })
}

/// The `default` of the schema at `p`, as text (documentation only).
pub(super) fn default_text(ctx: &Ctx<'_>, p: &Pointer) -> Option<String> {
    ctx.raw
        .at(p)
        .and_then(|s| s.get("default"))
        .map(|d| match d {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        })
}

/// The keywords allowed where a parameter's schema is read: a query parameter's `schema`, or a
/// request schema's property.
#[derive(Clone, Copy)]
pub(super) struct Keys {
    value: raw::Allowed,
    items: raw::Allowed,
    reference: raw::Allowed,
}

impl Keys {
    pub(super) const QUERY: Keys = Keys {
        value: raw::PARAMETER_SCHEMA,
        items: raw::PARAMETER_ITEMS,
        reference: raw::REFERENCE,
    };
    pub(super) const REQUEST: Keys = Keys {
        value: raw::REQUEST_PROPERTY,
        items: raw::REQUEST_ITEMS,
        reference: raw::REQUEST_REFERENCE,
    };
}

/// The shape and value type of the parameter schema at `p` (its rules are read separately).
pub(super) fn param_kind(
    ctx: &mut Ctx<'_>,
    p: &Pointer,
    view: View<'_>,
    keys: Keys,
) -> Option<ParamKind> {
    if let View::Item(schema) = view {
        if let SchemaKind::Type(Type::Array(array)) = &schema.schema_kind {
            if !ctx.check_keys(p, keys.value) {
                return None;
            }
            let Some(items) = &array.items else {
                ctx.error(p, "an array parameter needs `items`");
                return None;
            };
            let ip = p.join("items");
            let ty = param_type(ctx, &ip, View::of_box(items), true, keys)?;
            return Some(ParamKind::List(ty));
        }
    }
    let ty = param_type(ctx, p, view, false, keys)?;
    Some(ParamKind::Single(ty))
}

fn param_type(
    ctx: &mut Ctx<'_>,
    p: &Pointer,
    view: View<'_>,
    item: bool,
    keys: Keys,
) -> Option<ParamType> {
    let schema = match view {
        View::Ref(reference) => {
            // An item `$ref` carries only a description (and, in a query schema, `xml`).
            let allowed = if item { raw::REFERENCE } else { keys.reference };
            if !ctx.check_keys(p, allowed) {
                return None;
            }
            let name = ctx.schema_ref(p, reference)?;
            return match ctx.class(&name) {
                Class::Enum => Some(ParamType::Enum(name)),
                Class::Struct if item => Some(ParamType::Object(name)),
                Class::Struct => {
                    ctx.error(p, "object parameters are only supported as list items");
                    None
                }
                Class::Wrapper => {
                    ctx.error(p, format!("`{name}` is a JSON wrapper schema"));
                    None
                }
                Class::Request => {
                    ctx.error(p, format!("`{name}` is a request schema (a form body)"));
                    None
                }
                Class::Invalid => None,
            };
        }
        View::Item(schema) => schema,
    };
    if item && matches!(schema.schema_kind, SchemaKind::Type(Type::Array(_))) {
        ctx.error(p, "lists of lists are not supported as parameters");
        return None;
    }
    if !ctx.check_keys(p, if item { keys.items } else { keys.value }) {
        return None;
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(st)) => {
            if !st.format.is_empty() {
                ctx.error(p, "string parameters cannot have a `format`");
                return None;
            }
            Some(ParamType::String)
        }
        SchemaKind::Type(Type::Integer(it)) => {
            let ty = match &it.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => ParamType::Int32,
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64) => ParamType::Int64,
                _ => {
                    ctx.error(p, "an integer needs `format: int32` or `format: int64`");
                    return None;
                }
            };
            if it.exclusive_minimum || it.exclusive_maximum {
                ctx.error(
                    p,
                    "`exclusiveMinimum` and `exclusiveMaximum` are not supported",
                );
                return None;
            }
            // `minimum`, `maximum` and `multipleOf` are rules (`request::rules`).
            Some(ty)
        }
        SchemaKind::Type(Type::Boolean(_)) => Some(ParamType::Bool),
        SchemaKind::Type(Type::Array(_)) => {
            ctx.error(p, "lists of lists are not supported as parameters");
            None
        }
        _ if super::rules::misplaced(ctx, p) => None,
        _ => {
            ctx.error(p, "parameters can be strings, integers, booleans, enum `$ref`s or arrays of those (or of object `$ref`s)");
            None
        }
    }
}

/// The keys the success response may have, with their status codes. `2XX` says what the
/// client does (any 2xx status is a success); progenitor needs it, as it cannot type a `200`
/// and a `default` response that differ.
const SUCCESS_KEYS: [(&str, StatusCode); 2] = [
    ("200", StatusCode::Code(200)),
    ("2XX", StatusCode::Range(2)),
];

/// The success response and its key: `200`, else `2XX`.
fn success_response(op: &openapiv3::Operation) -> Option<(&'static str, &ReferenceOr<Response>)> {
    SUCCESS_KEYS
        .iter()
        .find_map(|(key, code)| Some((*key, op.responses.responses.get(code)?)))
}

/// Checks the responses; returns the body type and its XML root.
fn responses(
    ctx: &mut Ctx<'_>,
    p: &Pointer,
    op: &openapiv3::Operation,
) -> Option<(String, String)> {
    ctx.check_keys(p, raw::RESPONSES);
    match &op.responses.default {
        Some(ReferenceOr::Item(default)) => check_error_response(ctx, &p.join("default"), default),
        Some(ReferenceOr::Reference { .. }) => {
            ctx.error(&p.join("default"), "`$ref` responses are not supported");
        }
        None => ctx.error(
            p,
            "an operation needs a `default` response (the error bodies)",
        ),
    }
    if SUCCESS_KEYS
        .iter()
        .all(|(_, code)| op.responses.responses.contains_key(code))
    {
        ctx.error(p, "use one of `200` and `2XX`, not both");
    }
    let (key, ok) = match success_response(op) {
        Some((key, ReferenceOr::Item(ok))) => (key, ok),
        Some((key, ReferenceOr::Reference { .. })) => {
            ctx.error(&p.join(key), "`$ref` responses are not supported");
            return None;
        }
        None => {
            ctx.error(p, "an operation needs a `200` (or `2XX`) response");
            return None;
        }
    };
    let cp = p.join(key).join("content");
    ctx.check_keys(&cp, raw::SUCCESS_CONTENT);
    let xml_p = cp.join("application/xml");
    let json_p = cp.join("application/json");
    let body = media_ref(ctx, &xml_p, key, ok, "application/xml");
    let wrapper = media_ref(ctx, &json_p, key, ok, "application/json");
    let body = body?;
    let bp = Ctx::schema_pointer(&body);
    let root = match (ctx.class(&body), ctx.types.get(&body)) {
        (_, Some(TypeDef::Struct(def))) => match &def.xml_root {
            Some(root) => root.clone(),
            None => {
                ctx.error(
                    &bp,
                    "a response body schema needs `xml.name` (its root element)",
                );
                return None;
            }
        },
        (Class::Invalid, _) => return None,
        _ => {
            ctx.error(
                &xml_p.join("schema"),
                format!("the body `{body}` must be an object schema"),
            );
            return None;
        }
    };
    if let Some(wrapper) = wrapper {
        check_wrapper(ctx, &wrapper, &body, &root);
    }
    Some((body, root))
}

/// The schema `$ref` of one media type of the success response (under `key`).
fn media_ref(
    ctx: &mut Ctx<'_>,
    p: &Pointer,
    key: &str,
    response: &Response,
    media: &str,
) -> Option<String> {
    let Some(content) = response.content.get(media) else {
        ctx.error(p, format!("the `{key}` response needs `{media}` content"));
        return None;
    };
    ctx.check_keys(p, raw::MEDIA_TYPE);
    match &content.schema {
        Some(ReferenceOr::Reference { reference }) => ctx.schema_ref(&p.join("schema"), reference),
        _ => {
            ctx.error(p, "the schema must be a `$ref` to a component schema");
            None
        }
    }
}

/// The JSON wrapper: an object with exactly one required property, named like the XML root,
/// that `$ref`s the body.
fn check_wrapper(ctx: &mut Ctx<'_>, wrapper: &str, body: &str, root: &str) {
    let wp = Ctx::schema_pointer(wrapper);
    let usage = format!(
        "a JSON wrapper must be `type: object` with exactly one required property `{root}` \
         (the XML root) that `$ref`s `{body}`"
    );
    ctx.check_keys(&wp, raw::COMPONENT_OBJECT);
    let Some(ReferenceOr::Item(schema)) = ctx.schemas.get(wrapper).copied() else {
        ctx.error(&wp, usage);
        return;
    };
    ctx.description(&wp, "a JSON wrapper schema");
    let SchemaKind::Type(Type::Object(object)) = &schema.schema_kind else {
        ctx.error(&wp, usage);
        return;
    };
    let ok = object.properties.len() == 1
        && object.required == [root]
        && match object.properties.get(root) {
            Some(ReferenceOr::Reference { reference }) => {
                reference.strip_prefix("#/components/schemas/") == Some(body)
            }
            _ => false,
        };
    if !ok {
        ctx.error(&wp, usage);
    }
}

/// The `default` response: the error bodies. The runtime decodes them for every operation, so
/// only check that the schemas it names exist.
fn check_error_response(ctx: &mut Ctx<'_>, p: &Pointer, response: &Response) {
    let cp = p.join("content");
    for (media, content) in &response.content {
        let mp = cp.join(media).join("schema");
        match &content.schema {
            Some(ReferenceOr::Reference { reference }) => {
                ctx.schema_ref(&mp, reference);
            }
            Some(ReferenceOr::Item(Schema {
                schema_kind: SchemaKind::OneOf { one_of },
                ..
            })) => {
                for (i, alternative) in one_of.iter().enumerate() {
                    match alternative {
                        ReferenceOr::Reference { reference } => {
                            ctx.schema_ref(&mp.join("oneOf").index(i), reference);
                        }
                        ReferenceOr::Item(_) => {
                            ctx.error(&mp.join("oneOf").index(i), "must be a `$ref`");
                        }
                    }
                }
            }
            _ => ctx.error(&mp, "must be a `$ref` or a `oneOf` of `$ref`s"),
        }
    }
}

/// Where the body keeps `returnCode`, `returnMessage` and `requestId`.
fn envelope(ctx: &mut Ctx<'_>, body: &str) -> EnvelopeFields {
    let Some(TypeDef::Struct(def)) = ctx.types.get(body) else {
        return EnvelopeFields::default();
    };
    let def = def.clone();
    let mut field = |api_name: &str| {
        let f = def.fields.iter().find(|f| f.api_name == api_name)?;
        if matches!(
            f.ty,
            FieldType::Scalar(Scalar::String) | FieldType::Scalar(Scalar::LenientString)
        ) {
            Some(EnvelopeField {
                rust_name: f.rust_name.clone(),
                required: f.required,
            })
        } else {
            ctx.error(
                &Ctx::schema_pointer(body),
                format!("the envelope field `{api_name}` must be a string"),
            );
            None
        }
    };
    EnvelopeFields {
        return_code: field("returnCode"),
        return_message: field("returnMessage"),
        request_id: field("requestId"),
    }
}

/// `x-ncp-pagination: {pageNo, pageSize, items, totalRows}`: names of the two page parameters
/// and of the body's item list and total count. The paginator in the runtime relies on their
/// types, so they are checked here rather than trusted.
fn pagination(
    ctx: &mut Ctx<'_>,
    p: &Pointer,
    value: &serde_json::Value,
    params: &[Param],
    body: &str,
) -> Option<Pagination> {
    const KEYS: &[&str] = &["pageNo", "pageSize", "items", "totalRows"];
    let Some(map) = value.as_object() else {
        ctx.error(
            p,
            "must be a map with `pageNo`, `pageSize`, `items` and `totalRows`",
        );
        return None;
    };
    let mut ok = true;
    for key in map.keys().filter(|k| !KEYS.contains(&k.as_str())) {
        ctx.error(
            &p.join(key),
            "unknown key (expected pageNo, pageSize, items, totalRows)",
        );
        ok = false;
    }
    let mut name = |ctx: &mut Ctx<'_>, key: &str, required: bool| -> Option<String> {
        match map.get(key) {
            Some(serde_json::Value::String(s)) => Some(s.clone()),
            None if !required => None,
            _ => {
                ctx.error(&p.join(key), "must name a parameter or a body field");
                ok = false;
                None
            }
        }
    };
    let page_no = name(ctx, "pageNo", true);
    let page_size = name(ctx, "pageSize", true);
    let items = name(ctx, "items", true);
    let total_rows = name(ctx, "totalRows", false);

    let page_param = |ctx: &mut Ctx<'_>, key: &str, api: &Option<String>| {
        let api = api.as_ref()?;
        let found = params.iter().find(|q| &q.api_name == api);
        match found {
            Some(q) if q.kind == ParamKind::Single(ParamType::Int32) && !q.required => Some(q),
            _ => {
                ctx.error(
                    &p.join(key),
                    format!("`{api}` must be an optional int32 parameter of this operation"),
                );
                None
            }
        }
    };
    let page_no = page_param(ctx, "pageNo", &page_no).map(|q| q.rust_name.clone());
    let page_size_param = page_param(ctx, "pageSize", &page_size);
    let max_page_size = match page_size_param.map(|q| q.rules.maximum) {
        Some(Some(max)) => Some(max),
        Some(None) => {
            ctx.error(
                &p.join("pageSize"),
                "the page-size parameter needs a `maximum`",
            );
            None
        }
        None => None,
    };
    let page_size = page_size_param.map(|q| q.rust_name.clone());

    let def = match ctx.types.get(body) {
        Some(TypeDef::Struct(def)) => Some(def.clone()),
        _ => None,
    };
    let field = |api: &Option<String>| {
        let api = api.as_ref()?;
        def.as_ref()?
            .fields
            .iter()
            .find(|f| &f.api_name == api)
            .cloned()
    };
    let item_list = match field(&items) {
        Some(f) => match &f.ty {
            FieldType::List { item, .. } => match item.as_ref() {
                FieldType::Struct(item_type) => Some((f.rust_name.clone(), item_type.clone())),
                _ => None,
            },
            _ => None,
        },
        None => None,
    };
    if items.is_some() && item_list.is_none() {
        ctx.error(
            &p.join("items"),
            format!("must name a list of structs in `{body}`"),
        );
    }
    let total = match (&total_rows, field(&total_rows)) {
        (None, _) => None,
        (Some(_), Some(f))
            if matches!(
                f.ty,
                FieldType::Scalar(Scalar::Int32) | FieldType::Scalar(Scalar::Int64)
            ) =>
        {
            Some(EnvelopeField {
                rust_name: f.rust_name.clone(),
                required: f.required,
            })
        }
        (Some(api), _) => {
            ctx.error(
                &p.join("totalRows"),
                format!("`{api}` must be an integer field of `{body}`"),
            );
            None
        }
    };
    let (items, item_type) = item_list?;
    if !ok || (total_rows.is_some() && total.is_none()) {
        return None;
    }
    Some(Pagination {
        page_no: page_no?,
        page_size: page_size?,
        max_page_size: max_page_size?,
        items,
        item_type,
        total_rows: total,
    })
}

#[cfg(test)]
mod tests {
    use crate::load::load_str;
    use crate::model::build;

    /// The runtime's fixtures spec: it has a read and a mutation with a retryable code.
    const FIXTURES: &str = include_str!("../../../runtime/tests/fixtures.yaml");

    fn build_with_root(root: &str) -> Result<crate::model::Api, Vec<String>> {
        let text = FIXTURES.replacen("paths:\n", &format!("{root}paths:\n"), 1);
        let doc = load_str(&text, "fixtures.yaml").map_err(|e| vec![e.to_string()])?;
        build(&doc).map_err(|errors| errors.into_iter().map(|e| e.to_string()).collect())
    }

    #[test]
    fn mutation_and_retryable_codes_are_read_per_operation_and_at_the_root() {
        let api = build_with_root(
            "x-ncp-retryable-codes:\n  - {code: '1003016', description: Not ready., source: a doc}\n",
        )
        .unwrap();
        let op = |name: &str| api.operations.iter().find(|o| o.name == name).unwrap();
        let read = op("getServerImageDetail");
        assert!(!read.mutation && read.retryable_codes.is_empty());
        let write = op("createServerImage");
        assert!(write.mutation);
        assert_eq!(write.retryable_codes, ["1007009"]);
        assert_eq!(api.service.unwrap().retryable_codes, ["1003016"]);
    }

    #[test]
    fn retryable_codes_need_a_description_and_a_source_and_no_repeats() {
        let errors = build_with_root("x-ncp-retryable-codes:\n  - {code: '1'}\n").unwrap_err();
        assert!(
            errors.iter().any(|e| e.contains("/x-ncp-retryable-codes/0")
                && e.contains("{code, description, source}")),
            "{errors:?}"
        );
        let twice = "x-ncp-retryable-codes:\n  - {code: '1', description: d, source: s}\n  \
                     - {code: '1', description: d, source: s}\n";
        let errors = build_with_root(twice).unwrap_err();
        assert!(
            errors.iter().any(|e| e.contains("listed twice")),
            "{errors:?}"
        );
    }
}
