//! Paths to operations: parameters, responses, the JSON wrapper check.

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
    EnvelopeField, EnvelopeFields, FieldType, Operation, Pagination, Param, ParamKind, ParamType,
    TypeDef,
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
        let Some(get) = &item.get else {
            ctx.error(&pp, "each path needs a `get` operation");
            continue;
        };
        let Some(op) = build_operation(ctx, &pp.join("get"), path, get) else {
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

fn build_operation<'a>(
    ctx: &mut Ctx<'a>,
    p: &Pointer,
    path: &str,
    op: &'a openapiv3::Operation,
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

    let params = build_params(ctx, p, op);
    let (body, response_root) = responses(ctx, &p.join("responses"), op)?;
    let envelope = envelope(ctx, &body);
    let pagination = match op.extensions.get("x-ncp-pagination") {
        Some(value) => pagination(ctx, &p.join("x-ncp-pagination"), value, &params, &body),
        None => None,
    };
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
        mutation,
        retryable_codes,
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

fn build_params<'a>(ctx: &mut Ctx<'a>, p: &Pointer, op: &'a openapiv3::Operation) -> Vec<Param> {
    let mut params: Vec<(Pointer, Param)> = Vec::new();
    let mut seen_format_type = false;
    let mut api_names = BTreeSet::new();
    let mut rust_names = BTreeSet::new();
    for (i, param) in op.parameters.iter().enumerate() {
        let site = p.join("parameters").index(i);
        let Some((pp, param)) = resolve_param(ctx, &site, param) else {
            continue;
        };
        let Some(param) = build_param(ctx, &pp, param) else {
            continue;
        };
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
    for (pp, param) in &params {
        for (j, other) in param.requires.iter().enumerate() {
            let rp = pp.join("x-ncp-requires").index(j);
            if other == &param.api_name {
                ctx.error(&rp, "a parameter cannot require itself");
            } else if !params.iter().any(|(_, q)| &q.api_name == other) {
                ctx.error(
                    &rp,
                    format!("`{other}` is not a parameter of this operation"),
                );
            }
        }
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
    let Some(rust_name) = names::field_name(&data.name) else {
        ctx.error(
            p,
            format!(
                "no Rust name can be made from the parameter name `{}`",
                data.name
            ),
        );
        return None;
    };
    let mut requires = Vec::new();
    if let Some(value) = data.extensions.get("x-ncp-requires") {
        match value
            .as_array()
            .map(|a| a.iter().map(|v| v.as_str()).collect::<Option<Vec<_>>>())
        {
            Some(Some(list)) => requires = list.into_iter().map(str::to_owned).collect(),
            _ => ctx.error(
                &p.join("x-ncp-requires"),
                "must be a list of parameter names",
            ),
        }
    }
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
    let unit = ctx
        .raw
        .unit(p)
        .map_err(|message| ctx.error(&p.join("x-ncp-unit"), message))
        .ok()?;
    let sp = p.join("schema");
    let (kind, minimum, maximum) = param_kind(ctx, &sp, View::of(schema))?;
    let default = ctx
        .raw
        .at(&sp)
        .and_then(|s| s.get("default"))
        .map(|d| match d {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        });
    Some(Param {
        api_name: data.name.clone(),
        rust_name,
        description,
        kind,
        required: data.required,
        minimum,
        maximum,
        default,
        requires,
        unit,
    })
}

type Range = (Option<i64>, Option<i64>);

fn param_kind(
    ctx: &mut Ctx<'_>,
    p: &Pointer,
    view: View<'_>,
) -> Option<(ParamKind, Option<i64>, Option<i64>)> {
    if let View::Item(schema) = view {
        if let SchemaKind::Type(Type::Array(array)) = &schema.schema_kind {
            if !ctx.check_keys(p, raw::PARAMETER_SCHEMA) {
                return None;
            }
            let Some(items) = &array.items else {
                ctx.error(p, "an array parameter needs `items`");
                return None;
            };
            let ip = p.join("items");
            let (ty, (min, max)) = param_type(ctx, &ip, View::of_box(items), true)?;
            return Some((ParamKind::List(ty), min, max));
        }
    }
    let (ty, (min, max)) = param_type(ctx, p, view, false)?;
    Some((ParamKind::Single(ty), min, max))
}

fn param_type(
    ctx: &mut Ctx<'_>,
    p: &Pointer,
    view: View<'_>,
    item: bool,
) -> Option<(ParamType, Range)> {
    let schema = match view {
        View::Ref(reference) => {
            if !ctx.check_keys(p, raw::REFERENCE) {
                return None;
            }
            let name = ctx.schema_ref(p, reference)?;
            return match ctx.class(&name) {
                Class::Enum => Some((ParamType::Enum(name), (None, None))),
                Class::Struct if item => Some((ParamType::Object(name), (None, None))),
                Class::Struct => {
                    ctx.error(p, "object parameters are only supported as list items");
                    None
                }
                Class::Wrapper => {
                    ctx.error(p, format!("`{name}` is a JSON wrapper schema"));
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
    if !ctx.check_keys(
        p,
        if item {
            raw::PARAMETER_ITEMS
        } else {
            raw::PARAMETER_SCHEMA
        },
    ) {
        return None;
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(st)) => {
            if !st.format.is_empty() {
                ctx.error(p, "string parameters cannot have a `format`");
                return None;
            }
            Some((ParamType::String, (None, None)))
        }
        SchemaKind::Type(Type::Integer(it)) => {
            let (ty, lo, hi) = match &it.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => {
                    (ParamType::Int32, i64::from(i32::MIN), i64::from(i32::MAX))
                }
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64) => {
                    (ParamType::Int64, i64::MIN, i64::MAX)
                }
                _ => {
                    ctx.error(p, "an integer needs `format: int32` or `format: int64`");
                    return None;
                }
            };
            if it.exclusive_minimum || it.exclusive_maximum || it.multiple_of.is_some() {
                ctx.error(
                    p,
                    "`exclusiveMinimum`, `exclusiveMaximum` and `multipleOf` are not supported",
                );
                return None;
            }
            let raw_number = |key: &str| ctx.raw.at(p).and_then(|s| s.get(key)).cloned();
            for key in ["minimum", "maximum"] {
                if let Some(v) = raw_number(key) {
                    if v.as_i64().is_none_or(|v| v < lo || v > hi) {
                        ctx.error(
                            p,
                            format!("`{key}` must be an integer in the range of the format"),
                        );
                        return None;
                    }
                }
            }
            if let (Some(min), Some(max)) = (it.minimum, it.maximum) {
                if min > max {
                    ctx.error(p, "`minimum` is greater than `maximum`");
                    return None;
                }
            }
            Some((ty, (it.minimum, it.maximum)))
        }
        SchemaKind::Type(Type::Boolean(_)) => Some((ParamType::Bool, (None, None))),
        SchemaKind::Type(Type::Array(_)) => {
            ctx.error(p, "lists of lists are not supported as parameters");
            None
        }
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
        if matches!(f.ty, FieldType::String | FieldType::LenientString) {
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
    let max_page_size = match page_size_param.map(|q| q.maximum) {
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
        (Some(_), Some(f)) if matches!(f.ty, FieldType::Int32 | FieldType::Int64) => {
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
