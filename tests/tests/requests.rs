//! Every operation, sent through the client to the verifying mock gateway: for each operation
//! of the registry, a request with every parameter set (list parameters with two items, object
//! items with every field, nested lists included, values chosen inside every documented rule
//! from the spec's model) is rebuilt from its form pairs by the request's own checks, sent, and
//! then checked where it arrived: a `POST` to `/vserver/v2/{operation}?responseFormatType=..`,
//! the signature verified by the gateway, and the form body holding exactly those pairs, in
//! spec order.
//!
//! Nothing here names an operation: an operation added to the spec is sent as soon as it is
//! generated (its sample is the mock's answer).

use std::path::PathBuf;

use codegen::model::{
    Api, FieldType, GroupKind, Operation as ModelOp, Param, ParamKind, ParamType, Rules, Scalar,
    TypeDef,
};
use ncloud_vserver::registry::{OPERATION_NAMES, for_each_mock_operation};
use ncloud_vserver::runtime::mock::{MockOperation, MockServer, QueryParams};
use ncloud_vserver::runtime::registry::MockVisitor;
use ncloud_vserver::runtime::{Client, decode_body};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn api() -> Api {
    let doc = codegen::load::load_file(&root().join(xtask::layout::SPEC)).expect("spec loads");
    codegen::model::build(&doc).expect("spec builds")
}

/// Texts tried, in order, for a string with a `pattern`: the first that matches it (and the
/// length rules) is sent. Resource names, numbers, CIDR blocks, ports, codes.
const PATTERN_CANDIDATES: &[&str] = &[
    "abc-1",
    "abc1",
    "a1b2c3",
    "12345",
    "1-65535",
    "/data",
    "10.0.0.0/24",
    "0.0.0.0/0",
    "192.168.0.1",
    "80",
    "KR",
    "ABC",
    "abc",
];

/// A text that satisfies `rules`: Korean and a space without a pattern (they must survive the
/// form encoding), else the first candidate the pattern accepts.
fn text(rules: &Rules, what: &str) -> String {
    let fits = |s: &str| {
        let chars = s.chars().count() as u64;
        rules.min_chars.is_none_or(|m| chars >= m)
            && rules.max_chars.is_none_or(|m| chars <= m)
            && rules.max_bytes.is_none_or(|m| s.len() as u64 <= m)
    };
    match &rules.pattern {
        Some(pattern) => {
            let re = regex_lite::Regex::new(pattern).unwrap();
            PATTERN_CANDIDATES
                .iter()
                .find(|c| re.is_match(c) && fits(c))
                .unwrap_or_else(|| {
                    panic!("{what}: no candidate text matches `{pattern}` and {rules:?}")
                })
                .to_string()
        }
        None => {
            let mut s = "값 a&b=1".to_owned();
            while !fits(&s)
                && rules
                    .min_chars
                    .is_some_and(|m| (s.chars().count() as u64) < m)
            {
                s.push('x');
            }
            while !fits(&s) {
                s.pop();
            }
            s
        }
    }
}

/// An integer inside the range, on the step: the smallest allowed positive value.
fn integer(rules: &Rules, what: &str) -> i64 {
    let mut v = rules.minimum.unwrap_or(1).max(1);
    if let Some(step) = rules.multiple_of {
        v = (v + step - 1) / step * step;
    }
    assert!(
        rules.maximum.is_none_or(|max| v <= max),
        "{what}: no value fits {rules:?}"
    );
    v
}

fn scalar(api: &Api, ty: &ParamType, rules: &Rules, what: &str) -> String {
    match ty {
        ParamType::String => text(rules, what),
        ParamType::Int32 | ParamType::Int64 => integer(rules, what).to_string(),
        ParamType::Bool => "true".to_owned(),
        ParamType::Enum(name) => match api.type_def(name) {
            Some(TypeDef::Enum(e)) => e.values[0].value.clone(),
            other => panic!("{what}: `{name}` is not an enum: {other:?}"),
        },
        ParamType::Object(_) => unreachable!("objects are expanded by the caller"),
    }
}

/// The API names of `members` to leave out so the group rules hold: all but the first of an
/// exactly-one or at-most-one group.
fn left_out<'a>(groups: impl Iterator<Item = (GroupKind, &'a [String])>) -> Vec<&'a str> {
    groups
        .filter(|(kind, _)| matches!(kind, GroupKind::ExactlyOne | GroupKind::AtMostOne))
        .flat_map(|(_, members)| members.iter().skip(1).map(String::as_str))
        .collect()
}

/// How many items a list gets: two, within the item-count rules.
fn item_count(rules: &Rules) -> u64 {
    let mut n = 2u64.max(rules.min_items.unwrap_or(0));
    if let Some(max) = rules.max_items {
        n = n.min(max);
    }
    n
}

/// The pairs of one struct sent as the list item under `prefix` (`name.N`).
fn object_pairs(api: &Api, name: &str, prefix: &str, out: &mut Vec<(String, String)>) {
    let def = api
        .struct_def(name)
        .unwrap_or_else(|| panic!("{prefix}: `{name}` is no struct"));
    let skip = left_out(def.groups.iter().map(|g| (g.kind, g.members.as_slice())));
    for f in def
        .fields
        .iter()
        .filter(|f| !skip.contains(&f.api_name.as_str()))
    {
        let key = format!("{prefix}.{}", f.api_name);
        field_pairs(api, &f.ty, &f.rules, &key, out);
    }
}

fn field_pairs(
    api: &Api,
    ty: &FieldType,
    rules: &Rules,
    key: &str,
    out: &mut Vec<(String, String)>,
) {
    match ty {
        FieldType::List { item, .. } => {
            for i in 1..=item_count(rules) {
                field_pairs(api, item, rules, &format!("{key}.{i}"), out);
            }
        }
        FieldType::Struct(name) => object_pairs(api, name, key, out),
        other => {
            let param_type = match other {
                FieldType::Scalar(Scalar::String) | FieldType::Scalar(Scalar::LenientString) => {
                    ParamType::String
                }
                FieldType::Scalar(Scalar::Int32) => ParamType::Int32,
                FieldType::Scalar(Scalar::Int64) | FieldType::Scalar(Scalar::LenientInt64) => {
                    ParamType::Int64
                }
                FieldType::Scalar(Scalar::Bool) => ParamType::Bool,
                FieldType::Enum(name) => ParamType::Enum(name.clone()),
                unsupported => panic!("{key}: {unsupported:?} cannot be sent"),
            };
            out.push((key.to_owned(), scalar(api, &param_type, rules, key)));
        }
    }
}

fn param_pairs(api: &Api, op: &ModelOp, p: &Param, out: &mut Vec<(String, String)>) {
    let what = format!("{}.{}", op.name, p.api_name);
    let one = |ty: &ParamType, key: &str, out: &mut Vec<(String, String)>| match ty {
        ParamType::Object(name) => object_pairs(api, name, key, out),
        ty => out.push((key.to_owned(), scalar(api, ty, &p.rules, &what))),
    };
    match &p.kind {
        ParamKind::Single(ty) => one(ty, &p.api_name, out),
        ParamKind::List(ty) => {
            for i in 1..=item_count(&p.rules) {
                one(ty, &format!("{}.{i}", p.api_name), out);
            }
        }
    }
}

/// Every parameter of `op` set, but for the group rules: the form pairs, in spec order.
fn full_request(api: &Api, op: &ModelOp) -> Vec<(String, String)> {
    let skip = left_out(op.groups.iter().map(|g| (g.kind, g.members.as_slice())));
    let mut pairs = Vec::new();
    for p in op
        .params
        .iter()
        .filter(|p| !skip.contains(&p.api_name.as_str()))
    {
        param_pairs(api, op, p, &mut pairs);
    }
    pairs
}

fn form(pairs: &[(String, String)]) -> String {
    let mut q = ncloud_vserver::runtime::QueryWriter::new();
    for (k, v) in pairs {
        q.push(k, v);
    }
    q.as_str().to_owned()
}

/// Sends one full request of each visited operation and checks what the mock received.
struct SendEach<'a> {
    api: &'a Api,
    rt: &'a tokio::runtime::Runtime,
    failures: Vec<String>,
    sent: usize,
}

impl MockVisitor for SendEach<'_> {
    fn visit<O: MockOperation>(&mut self) {
        let op = self
            .api
            .operations
            .iter()
            .find(|op| op.name == O::NAME)
            .unwrap_or_else(|| panic!("{} is not in the spec", O::NAME));
        let pairs = full_request(self.api, op);
        let request = match O::from_query(&QueryParams::parse(&form(&pairs)).unwrap()) {
            Ok(request) => request,
            Err(e) => {
                self.failures
                    .push(format!("{}: the full request is refused: {e}", O::NAME));
                return;
            }
        };
        let sample = std::fs::read(
            root()
                .join("tests/samples")
                .join(format!("{}.xml", O::NAME)),
        )
        .unwrap_or_else(|e| panic!("{}: sample: {e}", O::NAME));
        let answer = decode_body::<O>(&sample, None).unwrap_or_else(|e| panic!("{}: {e}", O::NAME));
        let result = self.rt.block_on(async {
            let mock = MockServer::start(&ncloud_vserver::SERVICE).await;
            mock.operation::<O>().respond_with(answer);
            let client: Client = mock.client();
            let sent = client.send(request).await.map(drop);
            (sent, mock.received())
        });
        let (sent, received) = result;
        if let Err(e) = sent {
            self.failures
                .push(format!("{}: the call failed: {e}", O::NAME));
            return;
        }
        let [seen] = received.as_slice() else {
            self.failures
                .push(format!("{}: {} requests arrived", O::NAME, received.len()));
            return;
        };
        let problems: Vec<String> = [
            (seen.method != "POST").then(|| format!("method {}", seen.method)),
            (seen.target != format!("/vserver/v2/{}?responseFormatType=xml", O::NAME))
                .then(|| format!("target {}", seen.target)),
            (!seen.authenticated).then(|| "the signature did not verify".to_owned()),
            (seen
                .params
                .pairs()
                .iter()
                .filter(|(k, _)| k != "responseFormatType")
                .cloned()
                .collect::<Vec<_>>()
                != pairs)
                .then(|| format!("form pairs {:?}, expected {pairs:?}", seen.params.pairs())),
        ]
        .into_iter()
        .flatten()
        .collect();
        if !problems.is_empty() {
            self.failures
                .push(format!("{}: {}", O::NAME, problems.join("; ")));
        }
        self.sent += 1;
    }
}

#[test]
fn every_operation_sends_every_parameter_signed_in_a_form_body() {
    let api = api();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut each = SendEach {
        api: &api,
        rt: &rt,
        failures: Vec::new(),
        sent: 0,
    };
    for_each_mock_operation(&mut each);
    assert!(each.failures.is_empty(), "{}", each.failures.join("\n"));
    assert_eq!(each.sent, OPERATION_NAMES.len());
    // Every list shape of the API is among them: `name.N`, `name.N.field`, `name.N.field.M`.
    let keys: Vec<String> = api
        .operations
        .iter()
        .flat_map(|op| full_request(&api, op))
        .map(|(k, _)| k)
        .collect();
    let shape = |k: &str| {
        k.split('.')
            .map(|part| {
                if part.parse::<u32>().is_ok() {
                    "N"
                } else {
                    "name"
                }
            })
            .collect::<Vec<_>>()
            .join(".")
    };
    for expected in ["name.N", "name.N.name", "name.N.name.N"] {
        assert!(
            keys.iter().any(|k| shape(k) == expected),
            "no parameter of the shape {expected}"
        );
    }
    assert!(
        keys.iter()
            .any(|k| k.starts_with("networkInterfaceList.1.accessControlGroupNoList.2"))
    );
}
