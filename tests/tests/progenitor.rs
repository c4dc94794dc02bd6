//! progenitor, the standard OpenAPI -> Rust client generator, is the peer we compare our
//! generator against, so our specs must stay documents it accepts: each spec (the crate's and the
//! full draft, as regen bundles them into one document under `spec/bundled`, since progenitor
//! cannot follow `x-ncp-parts`, and `tests/features/*.yaml`) goes through
//! `progenitor_impl::Generator::generate_tokens`, and its output must be Rust with a client method
//! per operation, a type per component schema and a typed success and error body per method.
//!
//! Constructs progenitor cannot take (and what our specs do instead):
//! - a `200` and a `default` response with different JSON bodies: it asserts that all the
//!   success-or-default responses of an operation share one type, and `default` counts as a
//!   success unless the success response is a range. So the success response is `2XX`.
//! - an inline response schema without a `title`: progenitor names it `{OperationId}Response`,
//!   which is our name for the XML body, and the two are then silently taken for one type. So the
//!   `default` JSON `oneOf` has a `title`.

use std::collections::{BTreeMap, BTreeSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use heck::ToSnakeCase;
use openapiv3::{OpenAPI, ReferenceOr, StatusCode};
use progenitor_impl::{GenerationSettings, Generator};
use quote::ToTokens;
use syn::ext::IdentExt;
use xtask::layout;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// What progenitor made of one spec.
struct Output {
    spec: OpenAPI,
    /// The generated file.
    file: syn::File,
    /// Names of the items in `mod types`.
    types: BTreeSet<String>,
    /// Fields of the structs in `mod types`, by struct name.
    fields: BTreeMap<String, Vec<String>>,
    /// The client's `async fn`s: name -> return type without spaces and trailing commas.
    methods: BTreeMap<String, String>,
}

/// Loads the spec at `rel` (relative to the workspace root) and runs progenitor on it.
fn progenitor(rel: &str) -> Output {
    let text = std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let spec: OpenAPI = serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let mut generator = Generator::new(&GenerationSettings::default());
    // progenitor reports some unsupported constructs by panicking (`assert!`), not with an error.
    let tokens = match catch_unwind(AssertUnwindSafe(|| generator.generate_tokens(&spec))) {
        Ok(Ok(tokens)) => tokens,
        Ok(Err(e)) => panic!("progenitor rejected {rel}: {e}"),
        Err(panic) => {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            panic!(
                "progenitor panicked on {rel}: {message} (see this file's docs for known causes)"
            )
        }
    };
    let file: syn::File =
        syn::parse2(tokens).unwrap_or_else(|e| panic!("progenitor's output for {rel}: {e}"));

    let mut out = Output {
        spec,
        file: file.clone(),
        types: BTreeSet::new(),
        fields: BTreeMap::new(),
        methods: BTreeMap::new(),
    };
    for item in &file.items {
        match item {
            syn::Item::Mod(m) if m.ident == "types" => {
                for item in &m.content.as_ref().expect("inline `mod types`").1 {
                    let name = match item {
                        syn::Item::Struct(s) => {
                            let fields = s.fields.iter().filter_map(|f| f.ident.as_ref());
                            out.fields.insert(
                                s.ident.to_string(),
                                fields.map(|f| f.unraw().to_string()).collect(),
                            );
                            &s.ident
                        }
                        syn::Item::Enum(e) => &e.ident,
                        syn::Item::Type(t) => &t.ident,
                        _ => continue,
                    };
                    out.types.insert(name.to_string());
                }
            }
            syn::Item::Impl(i) if i.self_ty.to_token_stream().to_string() == "Client" => {
                for item in &i.items {
                    if let syn::ImplItem::Fn(f) = item
                        && f.sig.asyncness.is_some()
                    {
                        let ret = f.sig.output.to_token_stream().to_string();
                        let ret = ret.replace(' ', "").replace(",>", ">");
                        out.methods.insert(f.sig.ident.to_string(), ret);
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// The status code of the success response: `200` or `2XX`.
fn success(op: &openapiv3::Operation) -> StatusCode {
    [StatusCode::Code(200), StatusCode::Range(2)]
        .into_iter()
        .find(|s| op.responses.responses.contains_key(s))
        .unwrap_or_else(|| panic!("{:?}: no success response", op.operation_id))
}

/// The component schema that a media type of the success response `$ref`s.
fn media_ref(op: &openapiv3::Operation, media: &str) -> String {
    let Some(ReferenceOr::Item(response)) = op.responses.responses.get(&success(op)) else {
        panic!("{:?}: the success response is a $ref", op.operation_id)
    };
    match response.content.get(media).and_then(|m| m.schema.as_ref()) {
        Some(ReferenceOr::Reference { reference }) => reference
            .strip_prefix("#/components/schemas/")
            .unwrap()
            .to_owned(),
        other => panic!("{:?}: {media} is not a $ref: {other:?}", op.operation_id),
    }
}

/// Checks what every spec's output must have; returns the error body type of each operation.
fn check_output(rel: &str, out: &Output) -> BTreeMap<String, String> {
    let schemas = out.spec.components.as_ref().map(|c| &c.schemas);
    for name in schemas.into_iter().flat_map(|s| s.keys()) {
        assert!(
            out.types.contains(name),
            "{rel}: no type for the schema `{name}` in progenitor's output: {:?}",
            out.types
        );
    }

    let mut errors = BTreeMap::new();
    for (path, item) in &out.spec.paths.paths {
        let ReferenceOr::Item(item) = item else {
            panic!("{rel}: {path} is a $ref")
        };
        for (_, op) in item.iter() {
            let id = op.operation_id.as_deref().unwrap();
            let method = id.to_snake_case();
            let ret = out
                .methods
                .get(&method)
                .unwrap_or_else(|| panic!("{rel}: no method `{method}` for `{id}`"));
            let body = media_ref(op, "application/xml");
            let wrapper = media_ref(op, "application/json");
            let Some(error) = ret
                .strip_prefix(&format!(
                    "->Result<ResponseValue<types::{wrapper}>,Error<types::"
                ))
                .and_then(|rest| rest.strip_suffix(">>"))
            else {
                panic!("{rel}: `{method}` does not return the JSON body `{wrapper}`: {ret}")
            };
            assert!(
                out.types.contains(error),
                "{rel}: `{method}` error type `{error}` is not in `types`"
            );
            assert!(
                error != body && error != wrapper,
                "{rel}: progenitor typed the errors of `{method}` as its success body `{error}`"
            );
            errors.insert(method, error.to_owned());
        }
    }
    errors
}

/// The snake-case names of the operations of the (bundled) spec `out` was made from.
fn operation_methods(out: &Output) -> BTreeSet<String> {
    out.spec
        .operations()
        .map(|(_, _, op)| op.operation_id.as_deref().unwrap().to_snake_case())
        .collect()
}

#[test]
fn progenitor_accepts_the_vserver_spec() {
    let rel = layout::bundle_path(layout::SPEC);
    let out = progenitor(&rel);
    let errors = check_output(&rel, &out);

    let methods: BTreeSet<String> = errors.keys().cloned().collect();
    assert_eq!(methods, operation_methods(&out));
    assert_eq!(methods.len(), 102, "{methods:?}");
    for name in [
        "get_region_list",
        "get_server_image_detail",
        "get_server_image_list",
    ] {
        assert!(methods.contains(name), "no method `{name}`: {methods:?}");
    }
    // One error type for all: the `default` JSON `oneOf` of the two error wrappers.
    let error: BTreeSet<&str> = errors.values().map(String::as_str).collect();
    assert_eq!(error, BTreeSet::from(["ErrorJsonResponse"]));

    for name in [
        "ServerImage",
        "GetServerImageDetailResponse",
        "GetServerImageListResponse",
        "BlockStorageMapping",
        "Region",
    ] {
        assert!(out.types.contains(name), "no type `{name}`");
    }
    let fields = &out.fields["ServerImage"];
    for field in ["server_image_no", "server_image_name", "create_date"] {
        assert!(
            fields.iter().any(|f| f == field),
            "ServerImage lacks `{field}`: {fields:?}"
        );
    }
}

#[test]
fn progenitor_accepts_the_feature_specs() {
    let root = root();
    let names = layout::feature_names(&root).unwrap();
    assert!(names.len() >= 3, "feature specs missing: {names:?}");
    let mut operations = 0;
    for name in &names {
        let rel = format!("{}/{name}.yaml", layout::FEATURE_SPECS_DIR);
        let out = progenitor(&rel);
        operations += check_output(&rel, &out).len();
    }
    assert!(operations >= 2, "the feature specs lost their operations");
}

// ------------------------------------------------------------------------------------------
// What progenitor would give a user of this API (the README's "progenitor" section)
// ------------------------------------------------------------------------------------------

/// Tokens as text without spaces, for matching.
fn compact(tokens: impl ToTokens) -> String {
    tokens.to_token_stream().to_string().replace(' ', "")
}

/// The client's `async fn name`.
fn method<'a>(out: &'a Output, name: &str) -> &'a syn::ImplItemFn {
    out.file
        .items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Impl(i) => Some(i),
            _ => None,
        })
        .flat_map(|i| &i.items)
        .find_map(|item| match item {
            syn::ImplItem::Fn(f) if f.sig.ident == name && f.sig.asyncness.is_some() => Some(f),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no method {name}"))
}

/// The item `name` of `mod types`.
fn type_item<'a>(out: &'a Output, name: &str) -> &'a syn::Item {
    out.file
        .items
        .iter()
        .find_map(|item| match item {
            syn::Item::Mod(m) if m.ident == "types" => Some(&m.content.as_ref()?.1),
            _ => None,
        })
        .into_iter()
        .flatten()
        .find(|item| match item {
            syn::Item::Struct(s) => s.ident == name,
            syn::Item::Enum(e) => e.ident == name,
            _ => false,
        })
        .unwrap_or_else(|| panic!("no type {name}"))
}

fn field_type(out: &Output, ty: &str, field: &str) -> String {
    let syn::Item::Struct(s) = type_item(out, ty) else {
        panic!("{ty} is not a struct")
    };
    let f = s
        .fields
        .iter()
        .find(|f| f.ident.as_ref().is_some_and(|i| i == field))
        .unwrap_or_else(|| panic!("{ty} has no {field}"));
    compact(&f.ty)
}

fn variants(out: &Output, ty: &str) -> Vec<(String, String)> {
    let syn::Item::Enum(e) = type_item(out, ty) else {
        panic!("{ty} is not an enum")
    };
    e.variants
        .iter()
        .map(|v| (v.ident.to_string(), compact(&v.fields)))
        .collect()
}

#[test]
fn what_progenitor_gives_a_user_of_this_api() {
    let out = progenitor(&layout::bundle_path(layout::SPEC));

    for name in [
        "get_server_image_detail",
        "get_server_image_list",
        "get_region_list",
    ] {
        let f = method(&out, name);
        let body = compact(&f.block);
        // JSON only: it asks for JSON and decodes every body with serde_json; nothing reads XML.
        assert!(
            body.contains(
                "ACCEPT,::reqwest::header::HeaderValue::from_static(\"application/json\""
            ),
            "{name}: {body}"
        );
        assert!(
            !body.to_lowercase().contains("xml"),
            "{name} handles XML: {body}"
        );
        // ...but the API answers XML unless asked otherwise, and asking is left to the caller.
        let params = compact(&f.sig.inputs);
        assert!(
            params.contains("response_format_type:Option<types::ResponseFormatType>"),
            "{name}: {params}"
        );
        // Any 2xx is a success, whatever its `returnCode`; any other status is decoded as the one
        // JSON error type (API error or gateway error).
        assert!(
            body.contains("200..=299=>{ResponseValue::from_response(response).await}"),
            "{name}: {body}"
        );
        assert!(
            body.contains(
                "Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))"
            ),
            "{name}: {body}"
        );
        // No NCP signature: a user would have to add it in a `ClientHooks::pre` hook.
        assert!(!body.contains("x-ncp"), "{name}: {body}");
    }

    let list = method(&out, "get_server_image_list");
    let params = compact(&list.sig.inputs);
    let body = compact(&list.block);
    if params.contains("body:&'atypes::GetServerImageListRequest") {
        // A spec with form bodies (the full one): progenitor hands the whole request struct to
        // its form encoder (serde_urlencoded), the list a plain `Vec` field under its bare name;
        // nothing writes the 1-based `serverImageNoList.1=..` form NCP expects.
        assert!(body.contains(".form_urlencoded(&body)?"), "{body}");
        assert_eq!(
            field_type(&out, "GetServerImageListRequest", "server_image_no_list"),
            "::std::vec::Vec<::std::string::String>"
        );
        // `minimum: 1` becomes a type, and with `default: 1` the field is no `Option`: the
        // struct always carries a page size, so every call sends one.
        assert_eq!(
            field_type(&out, "GetServerImageListRequest", "page_size"),
            "::std::num::NonZeroU32"
        );
    } else {
        // Query parameters: progenitor hands the whole list to its query serializer under the
        // bare name; nothing writes the 1-based `serverImageNoList.1=..` form NCP expects.
        assert!(
            params
                .contains("server_image_no_list:Option<&'a::std::vec::Vec<::std::string::String>>"),
            "{params}"
        );
        assert!(
            body.contains("QueryParam::new(\"serverImageNoList\",&server_image_no_list)"),
            "{body}"
        );
        // `minimum: 1` becomes a type; the `maximum` is not checked.
        assert!(
            params.contains("page_size:Option<::std::num::NonZeroU32>"),
            "{params}"
        );
    }
    // Neither form checks the `maximum` or `x-ncp-requires` (pageNo needs pageSize), and there
    // is no paginator.
    assert!(!body.contains("serverImageNoList."), "{body}");
    assert!(!body.contains("1000"), "{body}");

    // Errors: one untagged enum over the two JSON error bodies.
    assert_eq!(
        variants(&out, "ErrorJsonResponse"),
        [
            (
                "ResponseErrorJsonResponse".to_owned(),
                "(ResponseErrorJsonResponse)".to_owned()
            ),
            (
                "GatewayErrorResponse".to_owned(),
                "(GatewayErrorResponse)".to_owned()
            )
        ]
    );

    // Coded values are closed enums: an unknown code fails the whole decode.
    let os = variants(&out, "OsTypeCodeValue");
    assert_eq!(os.len(), 5, "{os:?}");
    assert!(os.iter().all(|(_, fields)| fields.is_empty()), "{os:?}");

    // Number-or-string fields become an enum the caller has to match on; dates are chrono's
    // UTC date-times.
    assert_eq!(
        field_type(&out, "ServerImage", "server_image_no"),
        "::std::option::Option<ServerImageServerImageNo>"
    );
    assert_eq!(
        variants(&out, "ServerImageServerImageNo"),
        [
            ("String".to_owned(), "(::std::string::String)".to_owned()),
            ("Int64".to_owned(), "(i64)".to_owned())
        ]
    );
    assert_eq!(
        field_type(&out, "ServerImage", "create_date"),
        "::std::option::Option<::chrono::DateTime<::chrono::offset::Utc>>"
    );
}
