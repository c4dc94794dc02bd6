//! `x-ncp-waiters` on a list operation: how to wait, by polling it, until the resources it
//! lists reach a state (`docs/design.md` §3, Waiters). Read after every operation and type is
//! built, because acceptor paths are checked against the polled operation's body and `after`
//! names other operations, whose requests or responses must say which resources they touched.

use super::Scalar;
use std::collections::BTreeMap;

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use serde_json::Value;

use super::ctx::Ctx;
use super::names;
use super::{FieldType, Operation, ParamKind, ParamType, StructDef, TypeDef};
use crate::pointer::Pointer;

/// The extension, on the polled operation.
pub(super) const WAITERS: &str = "x-ncp-waiters";

/// The keys of one waiter and of one acceptor.
const WAITER_KEYS: &[&str] = &[
    "name",
    "description",
    "input",
    "after",
    "minDelay",
    "maxDelay",
    "maxWait",
    "acceptors",
    "source",
    "x-ncp-note",
];
const ACCEPTOR_KEYS: &[&str] = &[
    "state",
    "path",
    "comparator",
    "expected",
    "ids",
    "rule",
    "errorCode",
    "x-ncp-note",
];

/// Parameters a mutation and its waiter's poll share and that `send_and_wait` carries over:
/// every NCP resource lives in one region and every lookup defaults to the account's default
/// region, so a resource made elsewhere would look gone. Other same-named parameters are not
/// carried: in a lookup they are filters whose meaning may differ from the mutation's.
const CARRIED: &[&str] = &["regionCode"];

/// One declared waiter, on the operation it polls.
#[derive(Clone, Debug, PartialEq)]
pub struct Waiter {
    /// The spec's name: `serverInstanceRunning`.
    pub name: String,
    /// Snake case: `server_instance_running` (the runtime's waiter name, the method's tail).
    pub snake: String,
    /// The `static` that holds it: `SERVER_INSTANCE_RUNNING`.
    pub static_name: String,
    /// The wait builder type: `WaitUntilServerInstanceRunning`.
    pub builder: String,
    /// Its description.
    pub description: String,
    /// Where its values come from.
    pub source: String,
    /// The polled request's parameter that names the resources waited on.
    pub input: WaitInput,
    /// Default delays and maximum wait, in milliseconds.
    pub min_delay_ms: u64,
    /// See `min_delay_ms`.
    pub max_delay_ms: u64,
    /// See `min_delay_ms`.
    pub max_wait_ms: u64,
    /// The acceptors in order (the retryable-error acceptor that ends every waiter is implied).
    pub acceptors: Vec<Acceptor>,
    /// The wire names of the operations whose end it waits for.
    pub after: Vec<String>,
}

impl Waiter {
    /// Whether the wait may succeed without an output (an error-code success acceptor): its
    /// result is then an `Option`.
    pub fn may_end_without_output(&self) -> bool {
        self.acceptors
            .iter()
            .any(|a| a.state == State::Success && matches!(a.matcher, Matcher::ErrorCode(_)))
    }
}

/// The parameter of the polled request that names the resources: a list of strings (one poll
/// covers them all) or a single string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WaitInput {
    /// Its wire name: `serverInstanceNoList`.
    pub api_name: String,
    /// Its Rust name: `server_instance_no_list`.
    pub rust_name: String,
    /// The setter that adds (list) or sets (single) one id: `server_instance_no`.
    pub item_setter: String,
    /// Whether it is a list.
    pub list: bool,
    /// Whether the request requires it.
    pub required: bool,
}

/// What an acceptor leads to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    /// The wait ends with the output.
    Success,
    /// The wait ends with an error.
    Failure,
    /// Poll again.
    Retry,
}

/// One acceptor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Acceptor {
    /// Where it leads.
    pub state: State,
    /// What it matches.
    pub matcher: Matcher,
}

/// What an acceptor matches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Matcher {
    /// A path into the output and a comparison.
    Output {
        /// The path, as written (checked against the body).
        path: String,
        /// The comparison.
        comparator: Comparator,
    },
    /// The ids at a path against the requested ones.
    Ids {
        /// The path, as written; it projects (`[]`).
        path: String,
        /// The rule.
        rule: IdRule,
    },
    /// An API error's `returnCode`.
    ErrorCode(String),
}

/// A comparison of the value(s) at a path; expected values are text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Comparator {
    /// `equals`.
    Equals(String),
    /// `anyOf`.
    AnyOf(Vec<String>),
    /// `allEqual`.
    AllEqual(String),
    /// `listEmpty`.
    ListEmpty,
    /// `present`.
    Present,
    /// `absent`.
    Absent,
}

/// `allPresent`, `anyMissing`, `allMissing`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdRule {
    /// Every requested id is listed.
    AllPresent,
    /// Some requested id is not listed.
    AnyMissing,
    /// No requested id is listed.
    AllMissing,
}

/// On a mutation: a wait its fluent builder offers after sending (`send_and_wait_until_...`).
#[derive(Clone, Debug, PartialEq)]
pub struct WaitAfter {
    /// The waiter.
    pub waiter: Waiter,
    /// The polled operation's module (a sibling of the mutation's).
    pub polled_module: String,
    /// The polled operation's body type.
    pub polled_body: String,
    /// Where the ids come from.
    pub ids: IdsSource,
    /// The parameters copied from the mutation's request to the poll (both have them as
    /// single strings; see [`CARRIED`]): the Rust name, and whether the mutation requires it
    /// (its request field is then not an `Option`).
    pub carried: Vec<(String, bool)>,
}

/// Where a mutation keeps the ids of the resources it touched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IdsSource {
    /// A request parameter: its Rust name and wire name, whether it is a list and whether it
    /// is required.
    Request {
        /// Rust name.
        rust_name: String,
        /// Wire name.
        api_name: String,
        /// A list of strings, else one string.
        list: bool,
        /// Not an `Option` in the request.
        required: bool,
    },
    /// A field of each item of a list in the response.
    Response {
        /// The body's list field (Rust name).
        list: String,
        /// Its wire name, for the error when it is empty.
        list_api: String,
        /// The item's id field (Rust name).
        field: String,
        /// Its wire name.
        field_api: String,
        /// Whether the id field is required (not an `Option`).
        required: bool,
    },
}

/// Reads every operation's `x-ncp-waiters`, checks it, and attaches the waiters to the
/// operations they poll and the waits to the mutations in their `after`.
pub(super) fn attach(ctx: &mut Ctx<'_>, operations: &mut [Operation]) {
    let mut seen: BTreeMap<String, Pointer> = BTreeMap::new();
    let mut waits: Vec<(String, WaitAfter)> = Vec::new();
    for index in 0..operations.len() {
        let op = &operations[index];
        let Some((p, value)) = raw_waiters(ctx, &op.name) else {
            continue;
        };
        let Some(list) = value.as_array() else {
            ctx.error(&p, "must be a list of waiters");
            continue;
        };
        let mut built = Vec::new();
        for (i, w) in list.iter().enumerate() {
            let wp = p.index(i);
            let Some(waiter) = waiter(ctx, &wp, w, op) else {
                continue;
            };
            let builder = &waiter.builder;
            if let Some(first) = seen.get(builder) {
                ctx.error(
                    &wp.join("name"),
                    format!(
                        "waiter `{}` is declared twice (first at {first})",
                        waiter.name
                    ),
                );
                continue;
            }
            seen.insert(builder.clone(), wp.clone());
            for (j, after) in waiter.after.iter().enumerate() {
                let ap = wp.join("after").index(j);
                if let Some(wait) = wait_after(ctx, &ap, after, &waiter, op, operations) {
                    waits.push((after.clone(), wait));
                }
            }
            built.push(waiter);
        }
        operations[index].waiters = built;
    }
    for (after, wait) in waits {
        if let Some(op) = operations.iter_mut().find(|o| o.name == after) {
            op.waits_after.push(wait);
        }
    }
}

/// The pointer and value of an operation's `x-ncp-waiters`, whichever method it is under.
fn raw_waiters<'a>(ctx: &Ctx<'a>, name: &str) -> Option<(Pointer, &'a Value)> {
    let path = Pointer::root().join("paths").join(format!("/{name}"));
    ["get", "post"].iter().find_map(|method| {
        let p = path.join(method);
        let value = ctx.raw.at(&p)?.get(WAITERS)?;
        Some((p.join(WAITERS), value))
    })
}

fn text<'v>(v: &'v Value, key: &str) -> Option<&'v str> {
    v.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

fn waiter(ctx: &mut Ctx<'_>, p: &Pointer, w: &Value, op: &Operation) -> Option<Waiter> {
    let Some(map) = w.as_object() else {
        ctx.error(p, "a waiter is a map (name, description, input, after, minDelay, maxDelay, maxWait, acceptors, source)");
        return None;
    };
    let mut ok = true;
    for key in map.keys().filter(|k| !WAITER_KEYS.contains(&k.as_str())) {
        ctx.error(&p.join(key), format!("unknown waiter key `{key}`"));
        ok = false;
    }
    let name = text(w, "name");
    let valid_name = name.filter(|n| {
        n.starts_with(|c: char| c.is_ascii_lowercase())
            && n.chars().all(|c| c.is_ascii_alphanumeric())
    });
    if valid_name.is_none() {
        ctx.error(
            &p.join("name"),
            "a waiter needs a `name` in lowerCamelCase (letters and digits, like `serverInstanceRunning`)",
        );
        ok = false;
    }
    let mut required_text = |ctx: &mut Ctx<'_>, key: &str| match text(w, key) {
        Some(t) => t.to_owned(),
        None => {
            ctx.error(&p.join(key), format!("a waiter needs a non-blank `{key}`"));
            ok = false;
            String::new()
        }
    };
    let description = required_text(ctx, "description");
    let source = required_text(ctx, "source");
    let input = input(ctx, &p.join("input"), w.get("input"), op);
    let delays = ["minDelay", "maxDelay", "maxWait"].map(|key| seconds(ctx, p, w, key));
    let (min_delay_ms, max_delay_ms, max_wait_ms) = match delays {
        [Some(min), Some(max), Some(wait)] => {
            if min == 0 {
                ctx.error(&p.join("minDelay"), "must be at least 0.001 (1 ms)");
                return None;
            }
            if min > max {
                ctx.error(&p.join("minDelay"), "must not be greater than `maxDelay`");
                return None;
            }
            (min, max, wait)
        }
        _ => return None,
    };
    let after = match w.get("after").and_then(Value::as_array) {
        Some(list) => {
            let mut names: Vec<String> = Vec::new();
            for (j, v) in list.iter().enumerate() {
                match v.as_str() {
                    Some(n) if names.iter().any(|m| m == n) => {
                        ctx.error(&p.join("after").index(j), format!("`{n}` is listed twice"));
                    }
                    Some(n) => names.push(n.to_owned()),
                    None => ctx.error(&p.join("after").index(j), "must be an operation name"),
                }
            }
            names
        }
        None => {
            ctx.error(
                &p.join("after"),
                "a waiter needs `after`: the mutations it waits on (`[]` for none)",
            );
            return None;
        }
    };
    let body = match ctx.types.get(&op.body) {
        Some(TypeDef::Struct(def)) => def.clone(),
        _ => return None,
    };
    let acceptors = match w.get("acceptors").and_then(Value::as_array) {
        Some(list) if !list.is_empty() => list
            .iter()
            .enumerate()
            .map(|(i, a)| acceptor(ctx, &p.join("acceptors").index(i), a, &body))
            .collect::<Vec<_>>(),
        _ => {
            ctx.error(
                &p.join("acceptors"),
                "a waiter needs a non-empty list of `acceptors`",
            );
            return None;
        }
    };
    let acceptors: Option<Vec<Acceptor>> = acceptors.into_iter().collect();
    let name = valid_name?.to_owned();
    if !ok {
        return None;
    }
    let snake = name.to_snake_case();
    Some(Waiter {
        static_name: name.to_shouty_snake_case(),
        builder: format!("WaitUntil{}", name.to_upper_camel_case()),
        snake,
        name,
        description,
        source,
        input: input?,
        min_delay_ms,
        max_delay_ms,
        max_wait_ms,
        acceptors: acceptors?,
        after,
    })
}

/// A delay in seconds (a positive number; fractions allowed), as milliseconds.
fn seconds(ctx: &mut Ctx<'_>, p: &Pointer, w: &Value, key: &str) -> Option<u64> {
    let ms = w
        .get(key)
        .and_then(Value::as_f64)
        .filter(|s| s.is_finite() && *s >= 0.0 && *s <= 1e9)
        .map(|s| (s * 1000.0).round() as u64);
    if ms.is_none() {
        ctx.error(
            &p.join(key),
            format!("a waiter needs `{key}`: a number of seconds, 0 or more"),
        );
    }
    ms
}

/// `input`: a list-of-strings or string parameter of the polled operation.
fn input(ctx: &mut Ctx<'_>, p: &Pointer, v: Option<&Value>, op: &Operation) -> Option<WaitInput> {
    let Some(name) = v.and_then(Value::as_str) else {
        ctx.error(
            p,
            "a waiter needs an `input`: the polled request's parameter naming the resources",
        );
        return None;
    };
    let Some(param) = op.params.iter().find(|q| q.api_name == name) else {
        ctx.error(p, format!("`{name}` is not a parameter of `{}`", op.name));
        return None;
    };
    let (list, singular) = match &param.kind {
        ParamKind::List(ParamType::String) => (true, name.strip_suffix("List").unwrap_or(name)),
        ParamKind::Single(ParamType::String) => (false, name),
        _ => {
            ctx.error(
                p,
                format!(
                    "`{name}` must be a list of strings (or a string): ids are compared as text"
                ),
            );
            return None;
        }
    };
    let item_setter = names::field_name(singular).unwrap_or_else(|| param.rust_name.clone());
    let clash = op
        .params
        .iter()
        .any(|q| q.api_name != name && q.rust_name == item_setter);
    if list && clash {
        ctx.error(
            p,
            format!(
                "the setter `{item_setter}` for one item of `{name}` would clash with a parameter's"
            ),
        );
        return None;
    }
    Some(WaitInput {
        api_name: name.to_owned(),
        rust_name: param.rust_name.clone(),
        item_setter: if list {
            item_setter
        } else {
            param.rust_name.clone()
        },
        list,
        required: param.required,
    })
}

fn acceptor(ctx: &mut Ctx<'_>, p: &Pointer, a: &Value, body: &StructDef) -> Option<Acceptor> {
    let Some(map) = a.as_object() else {
        ctx.error(
            p,
            "an acceptor is a map with `state` and a `path`, `ids` or `errorCode`",
        );
        return None;
    };
    let unknown: Vec<&String> = map
        .keys()
        .filter(|k| !ACCEPTOR_KEYS.contains(&k.as_str()))
        .collect();
    for key in &unknown {
        ctx.error(&p.join(key), format!("unknown acceptor key `{key}`"));
    }
    if !unknown.is_empty() {
        return None;
    }
    let state = match a.get("state").and_then(Value::as_str) {
        Some("success") => State::Success,
        Some("failure") => State::Failure,
        Some("retry") => State::Retry,
        _ => {
            ctx.error(&p.join("state"), "must be `success`, `failure` or `retry`");
            return None;
        }
    };
    let has = |k: &str| map.contains_key(k);
    let matcher = match (has("path"), has("ids"), has("errorCode")) {
        (true, false, false) => {
            if has("rule") {
                ctx.error(&p.join("rule"), "`rule` goes with `ids`, not with `path`");
                return None;
            }
            let path = path(ctx, &p.join("path"), a.get("path"), body, false)?;
            let comparator = comparator(ctx, p, a, &path)?;
            Matcher::Output {
                path: path.text,
                comparator,
            }
        }
        (false, true, false) => {
            for key in ["comparator", "expected"] {
                if has(key) {
                    ctx.error(
                        &p.join(key),
                        format!("`{key}` goes with `path`, not with `ids`"),
                    );
                    return None;
                }
            }
            let path = path(ctx, &p.join("ids"), a.get("ids"), body, true)?;
            let rule = match a.get("rule").and_then(Value::as_str) {
                Some("allPresent") => IdRule::AllPresent,
                Some("anyMissing") => IdRule::AnyMissing,
                Some("allMissing") => IdRule::AllMissing,
                _ => {
                    ctx.error(
                        &p.join("rule"),
                        "must be `allPresent`, `anyMissing` or `allMissing`",
                    );
                    return None;
                }
            };
            Matcher::Ids {
                path: path.text,
                rule,
            }
        }
        (false, false, true) => {
            for key in ["comparator", "expected", "rule"] {
                if has(key) {
                    ctx.error(
                        &p.join(key),
                        format!("`{key}` does not go with `errorCode`"),
                    );
                    return None;
                }
            }
            match a.get("errorCode").map(scalar_text) {
                Some(Some(code)) if !code.is_empty() => Matcher::ErrorCode(code),
                _ => {
                    ctx.error(
                        &p.join("errorCode"),
                        "must be an API return code (text or a number)",
                    );
                    return None;
                }
            }
        }
        _ => {
            ctx.error(p, "an acceptor has exactly one of `path` (with `comparator`), `ids` (with `rule`) and `errorCode`");
            return None;
        }
    };
    Some(Acceptor { state, matcher })
}

/// A checked path: its text, whether it projects, and the type at its end.
struct CheckedPath {
    text: String,
    projects: bool,
    end: FieldType,
}

/// Checks a path against the body: each name a field of the struct reached so far, `[]`
/// exactly after list fields whose items are structs, nothing after a scalar. An `ids` path
/// must project and end at a text field.
fn path(
    ctx: &mut Ctx<'_>,
    p: &Pointer,
    v: Option<&Value>,
    body: &StructDef,
    ids: bool,
) -> Option<CheckedPath> {
    let Some(text) = v.and_then(Value::as_str) else {
        ctx.error(
            p,
            "must be a path like `serverInstanceList[].serverInstanceStatus.code`",
        );
        return None;
    };
    let mut at: StructDef = body.clone();
    let mut projects = false;
    let segments: Vec<&str> = text.split('.').collect();
    let mut end = None;
    for (i, segment) in segments.iter().enumerate() {
        let (name, project) = match segment.strip_suffix("[]") {
            Some(name) => (name, true),
            None => (*segment, false),
        };
        let valid = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !valid {
            ctx.error(
                p,
                format!("`{text}`: `{segment}` is not a field name (optionally with `[]`)"),
            );
            return None;
        }
        let Some(field) = at.fields.iter().find(|f| f.api_name == name) else {
            ctx.error(p, format!("`{text}`: `{}` has no field `{name}`", at.name));
            return None;
        };
        let last = i + 1 == segments.len();
        let ty = match (&field.ty, project) {
            (FieldType::List { item, .. }, true) => {
                projects = true;
                item.as_ref().clone()
            }
            (_, true) => {
                ctx.error(
                    p,
                    format!("`{text}`: `{name}` is not a list, so it takes no `[]`"),
                );
                return None;
            }
            (FieldType::List { .. }, false) if !last => {
                ctx.error(
                    p,
                    format!(
                        "`{text}`: `{name}` is a list: write `{name}[]` to look into its items"
                    ),
                );
                return None;
            }
            (ty, false) => ty.clone(),
        };
        if last {
            end = Some(ty);
            break;
        }
        match &ty {
            FieldType::Struct(s) => match ctx.types.get(s) {
                Some(TypeDef::Struct(def)) => at = def.clone(),
                _ => return None,
            },
            _ => {
                ctx.error(p, format!("`{text}`: `{name}` has no fields"));
                return None;
            }
        }
    }
    let end = end?;
    if ids {
        if !projects {
            ctx.error(
                p,
                format!("`{text}`: an ids path selects one id per item, so it needs a `[]`"),
            );
            return None;
        }
        if !matches!(
            end,
            FieldType::Scalar(Scalar::String) | FieldType::Scalar(Scalar::LenientString)
        ) {
            ctx.error(
                p,
                format!("`{text}`: ids are compared as text, so it must end at a string field"),
            );
            return None;
        }
    }
    Some(CheckedPath {
        text: text.to_owned(),
        projects,
        end,
    })
}

/// A JSON scalar as the text the runtime compares: strings as they are, numbers and booleans
/// as JSON writes them.
fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn comparator(ctx: &mut Ctx<'_>, p: &Pointer, a: &Value, path: &CheckedPath) -> Option<Comparator> {
    let cp = p.join("comparator");
    let ep = p.join("expected");
    let expected = a.get("expected");
    let one = |ctx: &mut Ctx<'_>| match expected.map(scalar_text) {
        Some(Some(t)) => Some(t),
        _ => {
            ctx.error(
                &ep,
                "this comparator needs `expected`: one value (text, a number or a boolean)",
            );
            None
        }
    };
    let none = |ctx: &mut Ctx<'_>| {
        if expected.is_some() {
            ctx.error(&ep, "this comparator takes no `expected`");
            return false;
        }
        true
    };
    let comparator = match a.get("comparator").and_then(Value::as_str) {
        Some("equals") => {
            if path.projects {
                ctx.error(
                    &cp,
                    "`equals` compares one value; a path with `[]` needs `allEqual` or `anyOf`",
                );
                return None;
            }
            Comparator::Equals(one(ctx)?)
        }
        Some("allEqual") => Comparator::AllEqual(one(ctx)?),
        Some("anyOf") => match expected.and_then(Value::as_array) {
            Some(list) if !list.is_empty() => {
                let texts: Option<Vec<String>> = list.iter().map(scalar_text).collect();
                match texts {
                    Some(texts) => Comparator::AnyOf(texts),
                    None => {
                        ctx.error(
                            &ep,
                            "`anyOf` needs a list of values (text, numbers or booleans)",
                        );
                        return None;
                    }
                }
            }
            _ => {
                ctx.error(&ep, "`anyOf` needs `expected`: a non-empty list of values");
                return None;
            }
        },
        Some("listEmpty") => {
            let list_end = matches!(path.end, FieldType::List { .. });
            if !path.projects && !list_end {
                ctx.error(
                    &cp,
                    format!(
                        "`listEmpty` needs a path to a list or through `[]`; `{}` is neither",
                        path.text
                    ),
                );
                return None;
            }
            none(ctx).then_some(Comparator::ListEmpty)?
        }
        Some("present") => none(ctx).then_some(Comparator::Present)?,
        Some("absent") => none(ctx).then_some(Comparator::Absent)?,
        _ => {
            ctx.error(
                &cp,
                "must be one of `equals`, `anyOf`, `allEqual`, `listEmpty`, `present`, `absent`",
            );
            return None;
        }
    };
    if let Comparator::Equals(_) | Comparator::AllEqual(_) | Comparator::AnyOf(_) = &comparator {
        if matches!(path.end, FieldType::Struct(_) | FieldType::List { .. }) {
            ctx.error(
                &cp,
                format!(
                    "`{}` ends at a structure or a list, which never equals a value",
                    path.text
                ),
            );
            return None;
        }
    }
    Some(comparator)
}

/// A mutation in a waiter's `after`, and where its ids come from: its request's parameter
/// named like the input (`serverInstanceNoList`) or like one of its items
/// (`serverInstanceNo`), else the items of a list in its response that have that field.
fn wait_after(
    ctx: &mut Ctx<'_>,
    p: &Pointer,
    name: &str,
    waiter: &Waiter,
    polled: &Operation,
    operations: &[Operation],
) -> Option<WaitAfter> {
    let Some(op) = operations.iter().find(|o| o.name == name) else {
        ctx.error(p, format!("`{name}` is not an operation of this spec"));
        return None;
    };
    if !op.mutation {
        ctx.error(p, format!("`{name}` is not a mutation (`x-ncp-mutation: true`): there is nothing to wait for after it"));
        return None;
    }
    let input = &waiter.input;
    let singular = input
        .api_name
        .strip_suffix("List")
        .filter(|_| input.list)
        .unwrap_or(&input.api_name);
    let list_name = format!("{singular}List");
    let from_request = [(list_name.as_str(), true), (singular, false)]
        .into_iter()
        .find_map(|(api, list)| {
            let q = op.params.iter().find(|q| q.api_name == api)?;
            let shape = match &q.kind {
                ParamKind::List(ParamType::String) => true,
                ParamKind::Single(ParamType::String) => false,
                _ => return None,
            };
            (shape == list).then(|| IdsSource::Request {
                rust_name: q.rust_name.clone(),
                api_name: q.api_name.clone(),
                list,
                required: q.required,
            })
        });
    let ids = match from_request {
        Some(ids) => ids,
        None => match from_response(ctx, op, singular) {
            Some(ids) => ids,
            None => {
                ctx.error(
                    p,
                    format!(
                        "`{name}` has no parameter `{list_name}` or `{singular}` and its response no list of items with a `{singular}`: the generator cannot tell which resources to wait on"
                    ),
                );
                return None;
            }
        },
    };
    let several = match &ids {
        IdsSource::Request { list, .. } => *list,
        IdsSource::Response { .. } => true,
    };
    if several && !input.list {
        ctx.error(
            p,
            format!(
                "the waiter's input `{}` takes one id, but `{name}` names its resources in a list",
                input.api_name
            ),
        );
        return None;
    }
    let single = |o: &Operation, api: &str| {
        o.params
            .iter()
            .find(|q| q.api_name == api && q.kind == ParamKind::Single(ParamType::String))
            .map(|q| (q.rust_name.clone(), q.required))
    };
    let carried = CARRIED
        .iter()
        .filter(|api| single(polled, api).is_some())
        .filter_map(|api| single(op, api))
        .collect();
    Some(WaitAfter {
        waiter: waiter.clone(),
        polled_module: polled.module.clone(),
        polled_body: polled.body.clone(),
        ids,
        carried,
    })
}

/// The first list of structs in `op`'s body whose items have a text field `singular`.
fn from_response(ctx: &Ctx<'_>, op: &Operation, singular: &str) -> Option<IdsSource> {
    let Some(TypeDef::Struct(body)) = ctx.types.get(&op.body) else {
        return None;
    };
    body.fields.iter().find_map(|f| {
        let FieldType::List { item, .. } = &f.ty else {
            return None;
        };
        let FieldType::Struct(item) = item.as_ref() else {
            return None;
        };
        let Some(TypeDef::Struct(def)) = ctx.types.get(item) else {
            return None;
        };
        let id = def.fields.iter().find(|g| {
            g.api_name == singular
                && matches!(
                    g.ty,
                    FieldType::Scalar(Scalar::String) | FieldType::Scalar(Scalar::LenientString)
                )
        })?;
        Some(IdsSource::Response {
            list: f.rust_name.clone(),
            list_api: f.api_name.clone(),
            field: id.rust_name.clone(),
            field_api: id.api_name.clone(),
            required: id.required,
        })
    })
}
