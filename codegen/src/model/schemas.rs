//! Component schemas to types: classification, `allOf` merging, property types.

use super::Scalar;
use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;
use openapiv3::{
    IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};

use super::ctx::{Class, Ctx};
use super::names;
use super::raw;
use super::{
    EnumDef, EnumValue, Field, FieldType, Operation, ParamKind, ParamType, SingleItem, StructDef,
    TypeDef,
};
use crate::pointer::Pointer;

/// A schema position: a `$ref` or an inline schema.
#[derive(Clone, Copy, Debug)]
pub(super) enum View<'a> {
    Ref(&'a str),
    Item(&'a Schema),
}

impl<'a> View<'a> {
    pub(super) fn of(r: &'a ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => View::Ref(reference),
            ReferenceOr::Item(s) => View::Item(s),
        }
    }

    pub(super) fn of_box(r: &'a ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => View::Ref(reference),
            ReferenceOr::Item(s) => View::Item(s),
        }
    }
}

/// Classifies every component schema; `wrappers` are the operations' JSON wrapper schemas,
/// `requests` their request schemas (form bodies).
pub(super) fn classify(
    ctx: &mut Ctx<'_>,
    wrappers: &BTreeSet<String>,
    requests: &BTreeSet<String>,
) {
    let schemas: Vec<(String, &ReferenceOr<Schema>)> =
        ctx.schemas.iter().map(|(k, v)| (k.clone(), *v)).collect();
    for (name, schema) in schemas {
        let p = Ctx::schema_pointer(&name);
        let class = if wrappers.contains(&name) {
            Class::Wrapper
        } else if requests.contains(&name) {
            Class::Request
        } else {
            match View::of(schema) {
                View::Ref(_) => {
                    ctx.error(
                        &p,
                        "a component schema that is only a `$ref` (an alias) is not supported",
                    );
                    Class::Invalid
                }
                View::Item(s) => match &s.schema_kind {
                    SchemaKind::Type(Type::String(st)) if !st.enumeration.is_empty() => Class::Enum,
                    SchemaKind::Type(Type::Object(_)) | SchemaKind::AllOf { .. } => Class::Struct,
                    SchemaKind::Any(any) if !any.all_of.is_empty() => Class::Struct,
                    _ => {
                        let keys = ctx.raw.unsupported_keys(&p, raw::COMPONENT_OBJECT);
                        let message = keys.into_iter().next().unwrap_or_else(|| {
                            "a component schema must be an object, an `allOf` of objects or a \
                             string enum"
                                .to_owned()
                        });
                        ctx.error(&p, message);
                        Class::Invalid
                    }
                },
            }
        };
        if !names::is_identifier(&name) || !name.starts_with(|c: char| c.is_ascii_uppercase()) {
            ctx.error(
                &p,
                format!("schema name `{name}` is not an UpperCamelCase Rust type name"),
            );
        } else if names::RESERVED_TYPE_NAMES.contains(&name.as_str()) {
            ctx.error(
                &p,
                format!("schema name `{name}` would shadow a name the generated code uses"),
            );
        }
        ctx.classes.insert(name, class);
    }
}

/// Builds the struct and enum of every (non-wrapper) component schema.
pub(super) fn build_types(ctx: &mut Ctx<'_>) {
    let schemas: Vec<(String, &ReferenceOr<Schema>)> =
        ctx.schemas.iter().map(|(k, v)| (k.clone(), *v)).collect();
    for (name, schema) in schemas {
        let ReferenceOr::Item(schema) = schema else {
            continue;
        };
        let p = Ctx::schema_pointer(&name);
        let def = match ctx.class(&name) {
            Class::Enum => build_enum(ctx, &p, &name, schema).map(TypeDef::Enum),
            Class::Struct => build_struct(ctx, &p, &name, schema).map(TypeDef::Struct),
            Class::Wrapper | Class::Request | Class::Invalid => None,
        };
        if let Some(def) = def {
            ctx.types.insert(name, def);
        }
    }
}

fn build_enum(ctx: &mut Ctx<'_>, p: &Pointer, name: &str, schema: &Schema) -> Option<EnumDef> {
    ctx.check_keys(p, raw::COMPONENT_ENUM);
    let description = ctx.description(p, "an enum schema");
    let SchemaKind::Type(Type::String(st)) = &schema.schema_kind else {
        return None;
    };
    if !matches!(st.format, VariantOrUnknownOrEmpty::Empty) {
        ctx.error(p, "an enum schema cannot have a `format`");
    }
    let mut descriptions: BTreeMap<String, String> = BTreeMap::new();
    if let Some(value) = schema.schema_data.extensions.get("x-enum-descriptions") {
        let dp = p.join("x-enum-descriptions");
        match value {
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    match v.as_str().map(str::trim).filter(|s| !s.is_empty()) {
                        Some(text) => {
                            descriptions.insert(k.clone(), text.to_owned());
                        }
                        None => ctx.error(&dp.join(k), "must be a non-empty string"),
                    }
                }
            }
            _ => ctx.error(&dp, "must map enum values to descriptions"),
        }
    }
    let mut values = Vec::new();
    let mut variants: BTreeMap<String, String> = BTreeMap::new();
    for (i, value) in st.enumeration.iter().enumerate() {
        let vp = p.join("enum").index(i);
        let Some(value) = value else {
            ctx.error(&vp, "`null` is not supported as an enum value");
            continue;
        };
        let Some(variant) = names::variant_name(value) else {
            ctx.error(
                &vp,
                format!("no Rust variant name can be made from `{value}`"),
            );
            continue;
        };
        if variant == "Unknown" {
            ctx.error(
                &vp,
                format!("`{value}` would clash with the `Unknown` variant"),
            );
            continue;
        }
        if let Some(other) = variants.insert(variant.clone(), value.clone()) {
            ctx.error(
                &vp,
                format!("`{value}` and `{other}` both become the variant `{variant}`"),
            );
            continue;
        }
        let description = descriptions
            .remove(value)
            .unwrap_or_else(|| format!("The value `{value}`."));
        values.push(EnumValue {
            value: value.clone(),
            variant,
            description,
        });
    }
    for k in descriptions.keys() {
        ctx.error(
            &p.join("x-enum-descriptions").join(k),
            format!("`{k}` is not a value of the enum"),
        );
    }
    Some(EnumDef {
        name: name.to_owned(),
        module: names::module_name(name),
        description,
        values,
    })
}

/// The properties of an object schema after `allOf` merging.
#[derive(Default)]
struct Props<'a> {
    /// Name -> (pointer, schema); a later same-named property replaces the earlier in place.
    properties: IndexMap<String, (Pointer, &'a ReferenceOr<Box<Schema>>)>,
    /// Required names with the pointer of their `required` entry.
    required: Vec<(String, Pointer)>,
}

fn build_struct<'a>(
    ctx: &mut Ctx<'a>,
    p: &Pointer,
    name: &str,
    schema: &'a Schema,
) -> Option<StructDef> {
    let description = ctx.description(p, "an object schema");
    let xml = match ctx.raw.xml(p) {
        Ok(xml) => xml,
        Err(message) => {
            ctx.error(p, message);
            Default::default()
        }
    };
    if xml.wrapped {
        ctx.error(p, "`xml.wrapped` only applies to arrays");
    }
    let mut props = Props::default();
    let mut stack = vec![name.to_owned()];
    collect_struct(ctx, p, schema, &mut props, &mut stack);

    let required: BTreeSet<&str> = props.required.iter().map(|(n, _)| n.as_str()).collect();
    for (n, rp) in &props.required {
        if !props.properties.contains_key(n) {
            ctx.error(rp, format!("required property `{n}` is not defined"));
        }
    }
    let mut fields = Vec::new();
    let mut rust_names: BTreeMap<String, String> = BTreeMap::new();
    let mut xml_names: BTreeMap<String, String> = BTreeMap::new();
    for (api_name, (fp, fs)) in &props.properties {
        let Some(field) = build_field(ctx, fp, api_name, fs, required.contains(api_name.as_str()))
        else {
            continue;
        };
        if let Some(other) = rust_names.insert(field.rust_name.clone(), api_name.clone()) {
            ctx.error(
                fp,
                format!(
                    "`{api_name}` and `{other}` both become the field `{}`",
                    field.rust_name
                ),
            );
        }
        if let Some(other) = xml_names.insert(field.xml_name.clone(), api_name.clone()) {
            ctx.error(
                fp,
                format!(
                    "`{api_name}` and `{other}` both use the XML element `{}`",
                    field.xml_name
                ),
            );
        }
        fields.push(field);
    }
    let runtime_type = runtime_type(ctx, p);
    let names: BTreeSet<&str> = props.properties.keys().map(String::as_str).collect();
    let groups = super::rules::groups(ctx, p, &names);
    Some(StructDef {
        name: name.to_owned(),
        module: names::module_name(name),
        description,
        fields,
        xml_root: xml.name,
        query_encode: false,
        runtime_type,
        groups,
    })
}

/// The types of the runtime's `wire` module a schema may stand for (`x-ncp-runtime-type`): the
/// error bodies every NCP API shares.
pub const RUNTIME_TYPES: &[&str] = &[
    "ResponseError",
    "ResponseErrorJsonResponse",
    "GatewayErrorResponse",
    "GatewayErrorDetail",
];

/// `x-ncp-runtime-type` of the object schema at `p`: the runtime type the schema describes.
fn runtime_type(ctx: &mut Ctx<'_>, p: &Pointer) -> Option<String> {
    let value = ctx.raw.at(p)?.get(super::raw::RUNTIME_TYPE)?;
    match value.as_str() {
        Some(name) if RUNTIME_TYPES.contains(&name) => Some(name.to_owned()),
        _ => {
            ctx.error(
                &p.join(super::raw::RUNTIME_TYPE),
                format!(
                    "must name one of the runtime's types: {}",
                    RUNTIME_TYPES.join(", ")
                ),
            );
            None
        }
    }
}

/// Adds the properties of the struct schema at `p` (and, through `allOf`, of its bases).
fn collect_struct<'a>(
    ctx: &mut Ctx<'a>,
    p: &Pointer,
    schema: &'a Schema,
    props: &mut Props<'a>,
    stack: &mut Vec<String>,
) {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => {
            ctx.check_keys(p, raw::COMPONENT_OBJECT);
            add_object(props, p, &o.properties, &o.required);
        }
        SchemaKind::AllOf { all_of } => {
            ctx.check_keys(p, raw::COMPONENT_ALL_OF);
            collect_all_of(ctx, p, all_of, props, stack);
        }
        SchemaKind::Any(any) => {
            ctx.check_keys(p, raw::COMPONENT_ALL_OF);
            if any.typ.as_deref().is_some_and(|t| t != "object") {
                ctx.error(p, "an `allOf` schema can only be of `type: object`");
            }
            collect_all_of(ctx, p, &any.all_of, props, stack);
        }
        _ => ctx.error(p, "expected an object schema"),
    }
}

fn collect_all_of<'a>(
    ctx: &mut Ctx<'a>,
    p: &Pointer,
    all_of: &'a [ReferenceOr<Schema>],
    props: &mut Props<'a>,
    stack: &mut Vec<String>,
) {
    for (i, member) in all_of.iter().enumerate() {
        let mp = p.join("allOf").index(i);
        match View::of(member) {
            View::Ref(reference) => {
                ctx.check_keys(&mp, &[&["$ref"]]);
                let Some(target) = ctx.schema_ref(&mp, reference) else {
                    continue;
                };
                if stack.contains(&target) {
                    ctx.error(&mp, format!("`allOf` cycle through `{target}`"));
                    continue;
                }
                if ctx.class(&target) != Class::Struct {
                    ctx.error(
                        &mp,
                        format!("`allOf` member `{target}` is not an object schema"),
                    );
                    continue;
                }
                let ReferenceOr::Item(base) = ctx.schemas[&target] else {
                    continue;
                };
                stack.push(target.clone());
                collect_struct(ctx, &Ctx::schema_pointer(&target), base, props, stack);
                stack.pop();
            }
            View::Item(member) => match &member.schema_kind {
                SchemaKind::Type(Type::Object(o)) => {
                    ctx.check_keys(&mp, raw::ALL_OF_MEMBER);
                    add_object(props, &mp, &o.properties, &o.required);
                }
                _ => {
                    ctx.check_keys(&mp, raw::ALL_OF_MEMBER);
                    ctx.error(
                        &mp,
                        "an inline `allOf` member must be an object with `properties`",
                    );
                }
            },
        }
    }
}

fn add_object<'a>(
    props: &mut Props<'a>,
    p: &Pointer,
    properties: &'a IndexMap<String, ReferenceOr<Box<Schema>>>,
    required: &[String],
) {
    for (name, schema) in properties {
        // IndexMap::insert keeps the position of an existing key: the narrowed property stays
        // where the base put it.
        props
            .properties
            .insert(name.clone(), (p.join("properties").join(name), schema));
    }
    for (i, name) in required.iter().enumerate() {
        props
            .required
            .push((name.clone(), p.join("required").index(i)));
    }
}

fn build_field(
    ctx: &mut Ctx<'_>,
    p: &Pointer,
    api_name: &str,
    schema: &ReferenceOr<Box<Schema>>,
    required: bool,
) -> Option<Field> {
    let description = ctx.description(p, "a property");
    let rust_name = ctx.field_name(p, api_name)?;
    let xml_name = match ctx.raw.xml(p) {
        Ok(xml) => xml.name.unwrap_or_else(|| api_name.to_owned()),
        Err(message) => {
            ctx.error(p, message);
            return None;
        }
    };
    let unit = ctx.unit(p)?;
    let ty = property_type(ctx, p, View::of_box(schema), false)?;
    let (rules, requires, sensitive) = super::rules::field_rules(ctx, p, &ty);
    Some(Field {
        api_name: api_name.to_owned(),
        rust_name,
        xml_name,
        description,
        ty,
        required,
        unit,
        rules,
        requires,
        sensitive,
    })
}

/// The type of a response property (`item` = of an array's `items`).
fn property_type(ctx: &mut Ctx<'_>, p: &Pointer, view: View<'_>, item: bool) -> Option<FieldType> {
    match view {
        View::Ref(reference) => {
            if !ctx.check_keys(p, raw::REFERENCE) {
                return None;
            }
            ref_type(ctx, p, reference)
        }
        View::Item(schema) => {
            if !ctx.check_keys(p, if item { raw::ITEMS } else { raw::PROPERTY }) {
                return None;
            }
            match &schema.schema_kind {
                SchemaKind::Type(Type::Array(array)) => {
                    if item {
                        ctx.error(p, "lists of lists are not supported");
                        return None;
                    }
                    array_type(ctx, p, array.items.as_ref())
                }
                SchemaKind::OneOf { one_of } if !item => lenient_type(ctx, p, one_of),
                SchemaKind::AllOf { all_of } if !item => match all_of.as_slice() {
                    [ReferenceOr::Reference { reference }] => {
                        ctx.check_keys(&p.join("allOf").index(0), &[&["$ref"]]);
                        ref_type(ctx, p, reference)
                    }
                    _ => {
                        ctx.error(
                            p,
                            "`allOf` in a property is only supported around a single `$ref`",
                        );
                        None
                    }
                },
                kind => scalar_type(ctx, p, kind),
            }
        }
    }
}

fn ref_type(ctx: &mut Ctx<'_>, p: &Pointer, reference: &str) -> Option<FieldType> {
    let name = ctx.schema_ref(p, reference)?;
    match ctx.class(&name) {
        Class::Enum => Some(FieldType::Enum(name)),
        Class::Struct => Some(FieldType::Struct(name)),
        Class::Wrapper => {
            ctx.error(
                p,
                format!("`{name}` is a JSON wrapper schema and cannot be used as a type"),
            );
            None
        }
        Class::Request => {
            ctx.error(
                p,
                format!("`{name}` is a request schema (a form body) and cannot be used as a type"),
            );
            None
        }
        Class::Invalid => None,
    }
}

fn array_type(
    ctx: &mut Ctx<'_>,
    p: &Pointer,
    items: Option<&ReferenceOr<Box<Schema>>>,
) -> Option<FieldType> {
    match ctx.raw.xml(p) {
        Ok(xml) if xml.wrapped => {}
        Ok(_) => ctx.error(
            p,
            "an array needs `xml: {wrapped: true}` (NCP wraps list items)",
        ),
        Err(message) => ctx.error(p, message),
    }
    let Some(items) = items else {
        ctx.error(p, "an array needs `items`");
        return None;
    };
    let ip = p.join("items");
    let item_xml_name = match ctx.raw.xml(&ip) {
        Ok(xml) if xml.wrapped => {
            ctx.error(&ip, "`xml.wrapped` only applies to arrays");
            None
        }
        Ok(xml) => xml.name,
        Err(message) => {
            ctx.error(&ip, message);
            return None;
        }
    };
    let item = property_type(ctx, &ip, View::of_box(items), true)?;
    let Some(item_xml_name) = item_xml_name else {
        ctx.error(&ip, "array items need `xml.name` (the element of one item)");
        return None;
    };
    Some(FieldType::List {
        item: Box::new(item),
        item_xml_name,
    })
}

fn scalar_type(ctx: &mut Ctx<'_>, p: &Pointer, kind: &SchemaKind) -> Option<FieldType> {
    match kind {
        SchemaKind::Type(Type::String(st)) => match &st.format {
            VariantOrUnknownOrEmpty::Empty => Some(FieldType::Scalar(Scalar::String)),
            VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => {
                Some(FieldType::Scalar(Scalar::DateTime))
            }
            _ => {
                ctx.error(
                    p,
                    format!(
                        "string format `{}` is not supported",
                        format_text(&st.format)
                    ),
                );
                None
            }
        },
        SchemaKind::Type(Type::Integer(it)) => match &it.format {
            VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => {
                Some(FieldType::Scalar(Scalar::Int32))
            }
            VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64) => {
                Some(FieldType::Scalar(Scalar::Int64))
            }
            VariantOrUnknownOrEmpty::Empty => {
                ctx.error(p, "an integer needs `format: int32` or `format: int64`");
                None
            }
            VariantOrUnknownOrEmpty::Unknown(f) => {
                ctx.error(p, format!("integer format `{f}` is not supported"));
                None
            }
        },
        SchemaKind::Type(Type::Number(nt)) => match &nt.format {
            VariantOrUnknownOrEmpty::Empty
            | VariantOrUnknownOrEmpty::Item(NumberFormat::Double | NumberFormat::Float) => {
                Some(FieldType::Scalar(Scalar::F64))
            }
            VariantOrUnknownOrEmpty::Unknown(f) => {
                ctx.error(p, format!("number format `{f}` is not supported"));
                None
            }
        },
        SchemaKind::Type(Type::Boolean(_)) => Some(FieldType::Scalar(Scalar::Bool)),
        SchemaKind::Type(Type::Object(_)) => {
            ctx.error(p, "inline object schemas are not supported: define the object under components/schemas and `$ref` it");
            None
        }
        SchemaKind::OneOf { .. } | SchemaKind::AllOf { .. } => {
            ctx.error(p, "`oneOf`/`allOf` are not supported in list items");
            None
        }
        SchemaKind::AnyOf { .. } => {
            ctx.error(p, "`anyOf` is not supported");
            None
        }
        SchemaKind::Not { .. } => {
            ctx.error(p, "`not` is not supported");
            None
        }
        SchemaKind::Type(Type::Array(_)) | SchemaKind::Any(_) => {
            ctx.error(
                p,
                "unsupported schema: it needs a `type` (or `$ref`) and only that type's keywords",
            );
            None
        }
    }
}

fn format_text<T: std::fmt::Debug>(format: &VariantOrUnknownOrEmpty<T>) -> String {
    match format {
        VariantOrUnknownOrEmpty::Item(f) => format!("{f:?}").to_lowercase(),
        VariantOrUnknownOrEmpty::Unknown(f) => f.clone(),
        VariantOrUnknownOrEmpty::Empty => String::new(),
    }
}

/// `oneOf` of one `string` and one `integer`: a lenient scalar typed by the first alternative.
fn lenient_type(
    ctx: &mut Ctx<'_>,
    p: &Pointer,
    one_of: &[ReferenceOr<Schema>],
) -> Option<FieldType> {
    const USAGE: &str = "`oneOf` is only supported as a lenient scalar: exactly one `type: string` \
                         and one `type: integer` alternative, the first one giving the Rust type";
    let mut alternatives = Vec::new();
    for (i, alternative) in one_of.iter().enumerate() {
        let ap = p.join("oneOf").index(i);
        let ReferenceOr::Item(schema) = alternative else {
            ctx.error(&ap, USAGE);
            return None;
        };
        if !ctx.check_keys(&ap, raw::LENIENT_ALTERNATIVE) {
            return None;
        }
        alternatives.push((ap, schema));
    }
    let kinds: Vec<_> = alternatives.iter().map(|(_, s)| &s.schema_kind).collect();
    match kinds.as_slice() {
        [
            SchemaKind::Type(Type::String(s)),
            SchemaKind::Type(Type::Integer(_)),
        ] if s.format.is_empty() && s.enumeration.is_empty() => {
            Some(FieldType::Scalar(Scalar::LenientString))
        }
        [
            SchemaKind::Type(Type::Integer(i)),
            SchemaKind::Type(Type::String(s)),
        ] if s.format.is_empty() && s.enumeration.is_empty() => {
            if matches!(
                i.format,
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64)
            ) {
                Some(FieldType::Scalar(Scalar::LenientInt64))
            } else {
                ctx.error(
                    &alternatives[0].0,
                    "the integer of a lenient integer must be `format: int64`",
                );
                None
            }
        }
        _ => {
            ctx.error(p, USAGE);
            None
        }
    }
}

/// Marks the structs sent as list-item parameters (and the structs inside them) for
/// `QueryEncode`, and checks that their fields can be sent.
pub(super) fn mark_query_encode(ctx: &mut Ctx<'_>, operations: &[Operation]) {
    let mut todo: Vec<String> = operations
        .iter()
        .flat_map(|op| &op.params)
        .filter_map(|param| match &param.kind {
            ParamKind::List(ParamType::Object(name)) => Some(name.clone()),
            _ => None,
        })
        .collect();
    let mut done = BTreeSet::new();
    while let Some(name) = todo.pop() {
        if !done.insert(name.clone()) {
            continue;
        }
        let Some(TypeDef::Struct(def)) = ctx.types.get_mut(&name) else {
            continue;
        };
        def.query_encode = true;
        let fields = def.fields.clone();
        let p = Ctx::schema_pointer(&name);
        for field in fields {
            let ty = match &field.ty {
                FieldType::List { item, .. } => item.as_ref(),
                ty => ty,
            };
            match ty {
                FieldType::Struct(inner) => todo.push(inner.clone()),
                FieldType::Scalar(Scalar::DateTime) => ctx.error(
                    &p.join("properties").join(&field.api_name),
                    "date-time fields cannot be sent as request parameters",
                ),
                _ => {}
            }
        }
    }
}

/// `x-ncp-single-item: <list>` on a detail operation: `<list>` (an API name) must be a list of
/// structs in the body `body`. The accessors are named after the list without its `List`
/// suffix (`serverInstanceList`: `server_instance`), else after its items' XML name.
pub(super) fn single_item(
    ctx: &mut Ctx<'_>,
    p: &Pointer,
    value: &serde_json::Value,
    body: &str,
) -> Option<SingleItem> {
    let Some(list) = value.as_str() else {
        ctx.error(
            p,
            "must name the body's list of structs that holds the one item (for example \
             `serverInstanceList`)",
        );
        return None;
    };
    let field = match ctx.types.get(body) {
        Some(TypeDef::Struct(def)) => def.fields.iter().find(|f| f.api_name == list).cloned(),
        // The body itself is reported where it is read.
        _ => return None,
    };
    let found = field.as_ref().and_then(|f| match &f.ty {
        FieldType::List {
            item,
            item_xml_name,
        } => match item.as_ref() {
            FieldType::Struct(item_type) => Some((f, item_type, item_xml_name)),
            _ => None,
        },
        _ => None,
    });
    let Some((field, item_type, item_xml_name)) = found else {
        ctx.error(p, format!("`{list}` must be a list of structs in `{body}`"));
        return None;
    };
    let singular = list
        .strip_suffix("List")
        .filter(|s| !s.is_empty())
        .unwrap_or(item_xml_name);
    let accessor = names::field_name(singular).filter(|a| a != "new" && !a.starts_with("r#"));
    let Some(accessor) = accessor else {
        ctx.error(
            p,
            format!(
                "no accessor name can be made from `{singular}` (the list's name without `List`)"
            ),
        );
        return None;
    };
    Some(SingleItem {
        list: field.rust_name.clone(),
        item_type: item_type.clone(),
        accessor,
    })
}

/// The runtime decodes error bodies into `ResponseError` and `GatewayErrorDetail`: check they
/// exist with the text fields it reads.
pub(super) fn check_error_schemas(ctx: &mut Ctx<'_>) {
    const NEEDED: &[(&str, &[&str])] = &[
        ("ResponseError", &["returnCode", "returnMessage"]),
        (
            "GatewayErrorDetail",
            &["errorCode", "message", "details", "requestId"],
        ),
        ("ResponseErrorJsonResponse", &[]),
        ("GatewayErrorResponse", &[]),
    ];
    // Feature specs without operations have no error bodies.
    if ctx.doc.api.paths.paths.is_empty() {
        return;
    }
    let schemas = Pointer::root().join("components").join("schemas");
    for (name, fields) in NEEDED {
        if !ctx.schemas.contains_key(*name) {
            ctx.error(
                &schemas,
                format!("the runtime needs the error schema `{name}`"),
            );
            continue;
        }
        let Some(TypeDef::Struct(def)) = ctx.types.get(*name) else {
            if !fields.is_empty() && ctx.class(name) != Class::Invalid {
                ctx.error(&Ctx::schema_pointer(name), "must be an object schema");
            }
            continue;
        };
        let marked = def.runtime_type.as_deref() == Some(*name);
        let mut missing = Vec::new();
        if !marked {
            missing.push(format!(
                "the runtime decodes error bodies into its own `{name}`: mark the schema \
                 `x-ncp-runtime-type: {name}`"
            ));
        }
        let text = |f: &Field| {
            !f.required
                && matches!(
                    f.ty,
                    FieldType::Scalar(Scalar::String) | FieldType::Scalar(Scalar::LenientString)
                )
        };
        for field in *fields {
            match def.fields.iter().find(|f| f.api_name == *field) {
                Some(f) if text(f) => {}
                Some(_) => missing.push(format!("`{field}` must be an optional string")),
                None => missing.push(format!("the runtime reads the property `{field}`")),
            }
        }
        // Read by the runtime too, but a spec need not declare them.
        let also: &[&str] = if *name == "ResponseError" {
            &["responseCode", "responseMessage"]
        } else {
            &[]
        };
        for field in also {
            if def.fields.iter().any(|f| f.api_name == *field && !text(f)) {
                missing.push(format!("`{field}` must be an optional string"));
            }
        }
        for message in missing {
            ctx.error(&Ctx::schema_pointer(name), message);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::load::load_str;
    use crate::model::{FieldType, TypeDef, build};

    const HEAD: &str =
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n";

    fn model(schemas: &str) -> Result<crate::model::Api, Vec<String>> {
        let doc =
            load_str(&format!("{HEAD}{schemas}"), "t.yaml").map_err(|e| vec![e.to_string()])?;
        build(&doc).map_err(|errors| errors.into_iter().map(|e| e.to_string()).collect())
    }

    #[test]
    fn all_of_merges_in_order_and_later_properties_replace_earlier_ones() {
        let api = model(
            r#"
    Code:
      type: object
      description: A code.
      required: [code]
      properties:
        code: {type: string, description: The code.}
        codeName: {type: string, description: Its name.}
    Kind:
      type: string
      description: Kinds.
      enum: [A, B]
    KindCode:
      description: A kind code.
      allOf:
        - $ref: '#/components/schemas/Code'
        - type: object
          properties:
            code: {$ref: '#/components/schemas/Kind', description: The kind.}
            extra: {type: integer, format: int64, description: More.}
"#,
        )
        .unwrap();
        let TypeDef::Struct(s) = api.type_def("KindCode").unwrap() else {
            panic!()
        };
        let names: Vec<_> = s.fields.iter().map(|f| f.api_name.as_str()).collect();
        assert_eq!(names, ["code", "codeName", "extra"]);
        assert_eq!(s.fields[0].ty, FieldType::Enum("Kind".into()));
        assert_eq!(s.fields[0].description, "The kind.");
        assert!(s.fields[0].required, "required is inherited from the base");
        assert!(!s.fields[2].required);
        assert_eq!(s.fields[2].ty, FieldType::Scalar(super::Scalar::Int64));
    }

    #[test]
    fn errors_are_collected_with_pointers() {
        let errors = model(
            r#"
    A:
      type: object
      description: A.
      properties:
        noDescription: {type: string}
        inlineEnum: {type: string, enum: [x], description: d}
        unwrapped:
          type: array
          description: d
          items: {type: string}
        odd~name/x: {type: string, format: uuid, description: d}
"#,
        )
        .unwrap_err();
        let all = errors.join("\n");
        assert!(
            all.contains(
                "#/components/schemas/A/properties/noDescription: a property needs a `description`"
            ),
            "{all}"
        );
        assert!(
            all.contains(
                "#/components/schemas/A/properties/inlineEnum: inline enums are not supported"
            ),
            "{all}"
        );
        assert!(
            all.contains(
                "#/components/schemas/A/properties/unwrapped: an array needs `xml: {wrapped: true}`"
            ),
            "{all}"
        );
        assert!(
            all.contains(
                "#/components/schemas/A/properties/unwrapped/items: array items need `xml.name`"
            ),
            "{all}"
        );
        assert!(
            all.contains("#/components/schemas/A/properties/odd~0name~1x: string format `uuid`"),
            "{all}"
        );
        assert_eq!(errors.len(), 5, "{all}");
    }

    #[test]
    fn all_of_cycles_are_reported() {
        let errors = model(
            r#"
    A:
      description: A.
      allOf: [{$ref: '#/components/schemas/B'}]
    B:
      description: B.
      allOf: [{$ref: '#/components/schemas/A'}]
"#,
        )
        .unwrap_err();
        assert!(errors.iter().any(|e| e.contains("cycle")), "{errors:?}");
    }
}
