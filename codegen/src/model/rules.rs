//! What a request checks and hides: the rules `build()` checks (schema keywords and `x-ncp-*`
//! extensions: lengths, bytes, patterns, ranges, steps, item counts, `x-ncp-requires`, group
//! rules) and secrets (`x-ncp-sensitive`). Read for parameters (`operations`) and for the
//! fields of list-item structs (`schemas`); it depends on neither.

use super::Scalar;
use std::collections::BTreeSet;

use serde_json::Value;

use super::ctx::Ctx;
use super::raw;
use super::{FieldType, Group, GroupKind, Operation, ParamKind, ParamType, Rules, TypeDef};
use crate::pointer::Pointer;

/// What kind of value a set of rules applies to (for lists: the items).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Target {
    /// A string.
    Text,
    /// An integer within `lo..=hi` (its format's range).
    Integer { lo: i64, hi: i64 },
    /// Anything else (enums, booleans, objects, floats, dates): no value rules.
    Other,
}

impl Target {
    pub(super) fn of_param(ty: &ParamType) -> Self {
        match ty {
            ParamType::String => Target::Text,
            ParamType::Int32 => Target::Integer {
                lo: i64::from(i32::MIN),
                hi: i64::from(i32::MAX),
            },
            ParamType::Int64 => Target::Integer {
                lo: i64::MIN,
                hi: i64::MAX,
            },
            _ => Target::Other,
        }
    }

    fn of_field(ty: &FieldType) -> Self {
        match ty {
            FieldType::Scalar(Scalar::String) => Target::Text,
            FieldType::Scalar(Scalar::Int32) => Target::of_param(&ParamType::Int32),
            FieldType::Scalar(Scalar::Int64) => Target::of_param(&ParamType::Int64),
            _ => Target::Other,
        }
    }
}

const TEXT_KEYS: [&str; 4] = ["minLength", "maxLength", "pattern", raw::MAX_BYTES];
const INT_KEYS: [&str; 3] = ["minimum", "maximum", "multipleOf"];
const LIST_KEYS: [&str; 2] = ["minItems", "maxItems"];

/// The rules of the value whose schema is at `p`; for a list, `items` is the items' schema (the
/// value rules are read there, the item counts at `p`).
pub(super) fn rules(
    ctx: &mut Ctx<'_>,
    p: &Pointer,
    items: Option<&Pointer>,
    target: Target,
) -> Rules {
    let mut rules = Rules::default();
    let vp = items.unwrap_or(p);
    let value = ctx.raw.at(vp).cloned().unwrap_or(Value::Null);
    for key in TEXT_KEYS {
        if value.get(key).is_some() && target != Target::Text {
            ctx.error(vp, format!("`{key}` applies to string values only"));
        }
    }
    for key in INT_KEYS {
        if value.get(key).is_some() && !matches!(target, Target::Integer { .. }) {
            ctx.error(vp, format!("`{key}` applies to integer values only"));
        }
    }
    let count = |ctx: &mut Ctx<'_>, key: &str, at: &Pointer, of: &Value, min: u64| match of.get(key)
    {
        None => None,
        Some(v) => match v.as_u64().filter(|&n| n >= min) {
            Some(n) => Some(n),
            None => {
                ctx.error(at, format!("`{key}` must be an integer of at least {min}"));
                None
            }
        },
    };
    if target == Target::Text {
        rules.min_chars = count(ctx, "minLength", vp, &value, 0);
        rules.max_chars = count(ctx, "maxLength", vp, &value, 1);
        rules.max_bytes = count(ctx, raw::MAX_BYTES, vp, &value, 1);
        if let (Some(min), Some(max)) = (rules.min_chars, rules.max_chars) {
            if min > max {
                ctx.error(vp, "`minLength` is greater than `maxLength`");
            }
        }
        match value.get("pattern") {
            None => {}
            Some(Value::String(pattern)) => match regex_lite::Regex::new(pattern) {
                Ok(_) => rules.pattern = Some(pattern.clone()),
                Err(e) => ctx.error(
                    vp,
                    format!("`pattern` does not compile (regex-lite syntax): {e}"),
                ),
            },
            Some(_) => ctx.error(vp, "`pattern` must be a string"),
        }
    }
    if let Target::Integer { lo, hi } = target {
        let bound = |ctx: &mut Ctx<'_>, key: &str| match value.get(key) {
            None => None,
            Some(v) => match v.as_i64().filter(|v| (lo..=hi).contains(v)) {
                Some(v) => Some(v),
                None => {
                    ctx.error(
                        vp,
                        format!("`{key}` must be an integer in the range of the format"),
                    );
                    None
                }
            },
        };
        rules.minimum = bound(ctx, "minimum");
        rules.maximum = bound(ctx, "maximum");
        if let (Some(min), Some(max)) = (rules.minimum, rules.maximum) {
            if min > max {
                ctx.error(vp, "`minimum` is greater than `maximum`");
            }
        }
        rules.multiple_of = match value.get("multipleOf") {
            None => None,
            Some(v) => match v.as_i64().filter(|&v| v > 0) {
                Some(v) => Some(v),
                None => {
                    ctx.error(vp, "`multipleOf` must be a positive integer");
                    None
                }
            },
        };
    }
    let outer = ctx.raw.at(p).cloned().unwrap_or(Value::Null);
    match items {
        Some(_) => {
            rules.min_items = count(ctx, "minItems", p, &outer, 0);
            rules.max_items = count(ctx, "maxItems", p, &outer, 1);
            if let (Some(min), Some(max)) = (rules.min_items, rules.max_items) {
                if min > max {
                    ctx.error(p, "`minItems` is greater than `maxItems`");
                }
            }
        }
        None => {
            for key in LIST_KEYS {
                if outer.get(key).is_some() {
                    ctx.error(p, format!("`{key}` applies to arrays only"));
                }
            }
        }
    }
    rules
}

/// Reports rule keywords that do not fit the `type` of the schema at `p` (openapiv3 reads such
/// a schema as untyped, so the caller would otherwise only see "unsupported schema"); true if
/// there were any.
pub(super) fn misplaced(ctx: &mut Ctx<'_>, p: &Pointer) -> bool {
    let Some(value) = ctx.raw.at(p).cloned() else {
        return false;
    };
    let ty = value
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let mut found = false;
    for (keys, fits, what) in [
        (&TEXT_KEYS[..], "string", "string values"),
        (&INT_KEYS[..], "integer", "integer values"),
        (&LIST_KEYS[..], "array", "arrays"),
    ] {
        for key in keys.iter().filter(|k| value.get(**k).is_some()) {
            if ty != fits {
                ctx.error(p, format!("`{key}` applies to {what} only"));
                found = true;
            }
        }
    }
    found
}

/// `x-ncp-sensitive` of the object at `p`.
pub(super) fn sensitive(ctx: &mut Ctx<'_>, p: &Pointer) -> bool {
    match ctx.raw.at(p).and_then(|v| v.get(raw::SENSITIVE)) {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            ctx.error(&p.join(raw::SENSITIVE), "must be `true` or `false`");
            false
        }
    }
}

/// `x-ncp-requires` of the object at `p`: the names it lists (checked by the caller, which
/// knows the siblings).
pub(super) fn requires(ctx: &mut Ctx<'_>, p: &Pointer) -> Vec<String> {
    let Some(value) = ctx.raw.at(p).and_then(|v| v.get(raw::REQUIRES)) else {
        return Vec::new();
    };
    match value
        .as_array()
        .map(|a| a.iter().map(Value::as_str).collect::<Option<Vec<_>>>())
    {
        Some(Some(list)) => list.into_iter().map(str::to_owned).collect(),
        _ => {
            ctx.error(&p.join(raw::REQUIRES), "must be a list of parameter names");
            Vec::new()
        }
    }
}

/// Checks that each `x-ncp-requires` entry (at `p/x-ncp-requires/j`) names one of `names` and
/// not the parameter itself; `among` says what the names are (`a parameter of this
/// operation`).
pub(super) fn check_requires(
    ctx: &mut Ctx<'_>,
    p: &Pointer,
    name: &str,
    requires: &[String],
    names: &BTreeSet<&str>,
    among: &str,
) {
    for (j, other) in requires.iter().enumerate() {
        let rp = p.join(raw::REQUIRES).index(j);
        if other == name {
            ctx.error(&rp, "a parameter cannot require itself");
        } else if !names.contains(other.as_str()) {
            ctx.error(&rp, format!("`{other}` is not {among}"));
        }
    }
}

/// The group rules of the object schema at `p`, whose properties are `names`: each extension
/// is a list of groups, each group a list of two or more distinct property names.
pub(super) fn groups(ctx: &mut Ctx<'_>, p: &Pointer, names: &BTreeSet<&str>) -> Vec<Group> {
    let mut groups = Vec::new();
    for (key, kind) in [
        (raw::EXACTLY_ONE_OF, GroupKind::ExactlyOne),
        (raw::AT_LEAST_ONE_OF, GroupKind::AtLeastOne),
        (raw::AT_MOST_ONE_OF, GroupKind::AtMostOne),
    ] {
        let Some(value) = ctx.raw.at(p).and_then(|v| v.get(key)).cloned() else {
            continue;
        };
        let gp = p.join(key);
        let Some(list) = value.as_array() else {
            ctx.error(
                &gp,
                "must be a list of groups, each a list of property names",
            );
            continue;
        };
        for (i, group) in list.iter().enumerate() {
            let ip = gp.index(i);
            let members: Option<Vec<String>> = group
                .as_array()
                .and_then(|g| g.iter().map(|m| m.as_str().map(str::to_owned)).collect());
            let Some(members) = members.filter(|m| m.len() >= 2) else {
                ctx.error(&ip, "a group is a list of two or more property names");
                continue;
            };
            let mut ok = true;
            let mut seen = BTreeSet::new();
            for (j, member) in members.iter().enumerate() {
                if !names.contains(member.as_str()) {
                    ctx.error(&ip.index(j), format!("`{member}` is not a property here"));
                    ok = false;
                } else if !seen.insert(member.as_str()) {
                    ctx.error(&ip.index(j), format!("`{member}` is listed twice"));
                    ok = false;
                }
            }
            if ok {
                groups.push(Group { kind, members });
            }
        }
    }
    groups
}

/// The rules, `x-ncp-requires` and `x-ncp-sensitive` of a struct field at `p` of type `ty`.
pub(super) fn field_rules(
    ctx: &mut Ctx<'_>,
    p: &Pointer,
    ty: &FieldType,
) -> (Rules, Vec<String>, bool) {
    let rules = match ty {
        FieldType::List { item, .. } => {
            rules(ctx, p, Some(&p.join("items")), Target::of_field(item))
        }
        ty => rules(ctx, p, None, Target::of_field(ty)),
    };
    let sensitive = sensitive(ctx, p);
    if sensitive && (matches!(ty, FieldType::Struct(_) | FieldType::List { .. })) {
        ctx.error(
            &p.join(raw::SENSITIVE),
            "only scalar values can be marked sensitive",
        );
    }
    (rules, requires(ctx, p), sensitive)
}

/// The rules of a parameter whose schema is at `p`.
pub(super) fn param_rules(ctx: &mut Ctx<'_>, p: &Pointer, kind: &ParamKind) -> Rules {
    match kind {
        ParamKind::Single(ty) => rules(ctx, p, None, Target::of_param(ty)),
        ParamKind::List(ty) => rules(ctx, p, Some(&p.join("items")), Target::of_param(ty)),
    }
}

/// After the operations are built: request rules on a struct that is never sent (not a list
/// item of any request) would never be checked, so they are errors; `x-ncp-requires` of a
/// struct field must name a sibling. Also collects each operation's sensitive body fields.
pub(super) fn check_structs(ctx: &mut Ctx<'_>, operations: &mut [Operation]) {
    let defs: Vec<_> = ctx
        .types
        .values()
        .filter_map(|t| match t {
            TypeDef::Struct(s) => Some(s.clone()),
            TypeDef::Enum(_) => None,
        })
        .collect();
    for def in &defs {
        let sp = Ctx::schema_pointer(&def.name);
        let names: BTreeSet<&str> = def.fields.iter().map(|f| f.api_name.as_str()).collect();
        if !def.query_encode && !def.groups.is_empty() {
            ctx.error(
                &sp,
                "group rules are only checked on request schemas and list items of requests",
            );
        }
        for field in &def.fields {
            let fp = sp.join("properties").join(&field.api_name);
            if !def.query_encode && (!field.rules.is_empty() || !field.requires.is_empty()) {
                ctx.error(
                    &fp,
                    "request rules (lengths, patterns, ranges, item counts, `x-ncp-requires`) \
                     are only checked on request parameters and list items of requests",
                );
            }
            check_requires(
                ctx,
                &fp,
                &field.api_name,
                &field.requires,
                &names,
                "a property of this schema",
            );
        }
    }
    for op in operations {
        let mut fields = BTreeSet::new();
        let mut todo = vec![op.body.clone()];
        let mut seen = BTreeSet::new();
        while let Some(name) = todo.pop() {
            if !seen.insert(name.clone()) {
                continue;
            }
            let Some(def) = defs.iter().find(|d| d.name == name) else {
                continue;
            };
            for field in &def.fields {
                if field.sensitive {
                    fields.insert(field.api_name.clone());
                }
                let ty = match &field.ty {
                    FieldType::List { item, .. } => item.as_ref(),
                    ty => ty,
                };
                if let FieldType::Struct(inner) = ty {
                    todo.push(inner.clone());
                }
            }
        }
        op.sensitive_fields = fields.into_iter().collect();
    }
}
