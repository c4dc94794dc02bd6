//! The `ncloud` CLI's command tree (`cli/src/generated/commands.rs`): everything per operation
//! that the hand-written frame (`cli/src/frame/`) needs, from the same model as the crate.
//!
//! Per operation the file has one entry of the `OPERATIONS` table (its name, help text, whether
//! it is a mutation, whether it pages, the waits it offers, and per parameter its API name, value
//! type, list shape, help with units and constraints, known enum codes and sensitivity) and one
//! `async fn` that turns the parsed arguments into the typed request through the generated
//! builder (so `build()`'s checks run before anything is sent) and sends it, walks its pages or
//! sends it and waits. The frame builds a `clap::Command` from a table entry only for the
//! operation the command line names, which keeps startup independent of the number of
//! operations; the table is plain `static` data, so nothing of it is built at startup.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::lit;
use super::operations::{group_doc, op_names, rules_doc};
use crate::model::{Api, FieldType, Operation, Param, ParamKind, ParamType, Scalar, TypeDef};

/// The file's tokens.
pub fn emit(api: &Api) -> TokenStream {
    let specs = api.operations.iter().map(|op| emit_spec(api, op));
    let arms = api.operations.iter().map(|op| {
        let name = lit(&op.name);
        let run = format_ident!("run_{}", op.module);
        quote!(#name => #run(ctx, input).await,)
    });
    let runs = api.operations.iter().map(|op| emit_run(api, op));
    let count = proc_macro2::Literal::usize_unsuffixed(api.operations.len());
    quote! {
        //! The command tree of `ncloud vserver`: one table entry and one runner per operation.

        #![allow(clippy::too_many_lines)]

        use crate::frame::{Ctx, CliError, FieldKind, Input, OpSpec, ParamSpec, ValueKind, WaitSpec};

        /// Every operation, in spec order.
        pub static OPERATIONS: [OpSpec; #count] = [#(#specs),*];

        /// Runs the operation `name` (one of [`OPERATIONS`]) with the parsed arguments.
        pub async fn run(name: &str, ctx: &Ctx, input: &Input) -> Result<(), CliError> {
            match name {
                #(#arms)*
                other => Err(CliError::usage(format!("unknown operation `{other}`"))),
            }
        }

        #(#runs)*
    }
}

/// The help text of a parameter: its description, then what the builder checks, the unit, the
/// server's default.
fn param_help(param: &Param, op: &Operation) -> String {
    let mut notes = Vec::new();
    if param.required {
        notes.push("Required.".to_owned());
    }
    notes.extend(rules_doc(
        &param.rules,
        matches!(param.kind, ParamKind::List(_)),
    ));
    for group in op
        .groups
        .iter()
        .filter(|g| g.members.contains(&param.api_name))
    {
        notes.push(group_doc(group));
    }
    if !param.requires.is_empty() {
        let others: Vec<_> = param.requires.iter().map(|r| format!("`{r}`")).collect();
        notes.push(format!("Requires {} too.", others.join(", ")));
    }
    if let Some(unit) = &param.unit {
        notes.push(format!("Unit: {unit}."));
    }
    if let Some(default) = &param.default {
        notes.push(format!("Default: `{default}`."));
    }
    let description = param
        .description
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if notes.is_empty() {
        description
    } else {
        format!("{description} {}", notes.join(" "))
    }
}

fn value_kind(ty: &ParamType) -> TokenStream {
    match ty {
        ParamType::String => quote!(ValueKind::String),
        ParamType::Int32 => quote!(ValueKind::Int32),
        ParamType::Int64 => quote!(ValueKind::Int64),
        ParamType::Bool => quote!(ValueKind::Bool),
        ParamType::Enum(_) => quote!(ValueKind::Enum),
        ParamType::Object(_) => quote!(ValueKind::Object),
    }
}

fn enum_values(api: &Api, ty: &ParamType) -> Vec<String> {
    match ty {
        ParamType::Enum(name) => match api.type_def(name) {
            Some(TypeDef::Enum(e)) => e.values.iter().map(|v| v.value.clone()).collect(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// How the frame coerces a struct item's field written as NCP CLI text (`key='v'`) into the
/// JSON the item type deserializes from.
fn field_kind(ty: &FieldType) -> TokenStream {
    let scalar = |s: Scalar| match s {
        Scalar::Int32 | Scalar::Int64 | Scalar::LenientInt64 => quote!(Int),
        Scalar::F64 => quote!(Float),
        Scalar::Bool => quote!(Bool),
        Scalar::String | Scalar::DateTime | Scalar::LenientString => quote!(String),
    };
    match ty {
        FieldType::Scalar(s) => {
            let k = scalar(*s);
            quote!(FieldKind::#k)
        }
        FieldType::Enum(_) => quote!(FieldKind::String),
        FieldType::Struct(_) => quote!(FieldKind::Other),
        FieldType::List { item, .. } => match item.as_ref() {
            FieldType::Scalar(s) => {
                let k = scalar(*s);
                quote!(FieldKind::List(&FieldKind::#k))
            }
            FieldType::Enum(_) => quote!(FieldKind::List(&FieldKind::String)),
            _ => quote!(FieldKind::Other),
        },
    }
}

fn emit_spec(api: &Api, op: &Operation) -> TokenStream {
    let name = lit(&op.name);
    let summary = lit(&op.summary);
    let description = lit(op.description.trim());
    let paged = op.pagination.is_some();
    let params = op.params.iter().map(|p| {
        let (ty, list) = match &p.kind {
            ParamKind::Single(ty) => (ty, false),
            ParamKind::List(ty) => (ty, true),
        };
        let api_name = lit(&p.api_name);
        let help = lit(&param_help(p, op));
        let kind = value_kind(ty);
        let values = enum_values(api, ty).into_iter().map(|v| lit(&v));
        let sensitive = p.sensitive;
        let fields = match ty {
            ParamType::Object(name) => api
                .struct_def(name)
                .map(|s| {
                    s.fields
                        .iter()
                        .map(|f| {
                            let n = lit(&f.api_name);
                            let k = field_kind(&f.ty);
                            quote!((#n, #k))
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        quote! {
            ParamSpec {
                name: #api_name,
                help: #help,
                kind: #kind,
                list: #list,
                sensitive: #sensitive,
                values: &[#(#values),*],
                fields: &[#(#fields),*],
            }
        }
    });
    let waits = op.waits_after.iter().map(|w| {
        let name = lit(&w.waiter.name);
        let secs = proc_macro2::Literal::u64_unsuffixed(w.waiter.max_wait_ms.div_ceil(1000));
        let description = lit(&w.waiter.description);
        quote!(WaitSpec { name: #name, max_wait_secs: #secs, description: #description })
    });
    quote! {
        OpSpec {
            name: #name,
            summary: #summary,
            description: #description,
            paged: #paged,
            params: &[#(#params),*],
            waits: &[#(#waits),*],
        }
    }
}

/// The builder setter calls that copy every parameter from the input: `b.set_x(input.kind("x")?)`.
fn setter_chain(api: &Api, op: &Operation, base: TokenStream) -> TokenStream {
    let calls = op.params.iter().map(|p| {
        let set = super::affixed("set_", &p.rust_name, "");
        let name = lit(&p.api_name);
        let get = match &p.kind {
            ParamKind::Single(ty) => single_getter(ty),
            ParamKind::List(ty) => list_getter(api, ty),
        };
        quote!(.#set(input.#get(#name)?))
    });
    quote!(#base #(#calls)*)
}

fn single_getter(ty: &ParamType) -> TokenStream {
    match ty {
        ParamType::String => quote!(string),
        ParamType::Int32 => quote!(int32),
        ParamType::Int64 => quote!(int64),
        ParamType::Bool => quote!(boolean),
        ParamType::Enum(_) => quote!(open_enum),
        // the model allows objects only as list items
        ParamType::Object(_) => unreachable!("a struct parameter is always a list"),
    }
}

fn list_getter(_api: &Api, ty: &ParamType) -> TokenStream {
    match ty {
        ParamType::String => quote!(string_list),
        ParamType::Int32 => quote!(int32_list),
        ParamType::Int64 => quote!(int64_list),
        ParamType::Bool => quote!(boolean_list),
        ParamType::Enum(_) => quote!(open_enum_list),
        ParamType::Object(_) => quote!(objects),
    }
}

fn request_path(op: &Operation) -> TokenStream {
    let request = op_names(op).request;
    quote!(::ncloud_vserver::operations::#request)
}

fn emit_run(api: &Api, op: &Operation) -> TokenStream {
    let run = format_ident!("run_{}", op.module);
    let request = request_path(op);
    let index = proc_macro2::Literal::usize_unsuffixed(
        api.operations
            .iter()
            .position(|o| o.name == op.name)
            .expect("the operation is in the API"),
    );
    let doc = lit(&format!(" `{}`: {}", op.name, op.summary));
    let build = setter_chain(api, op, quote!(#request::builder()));
    let method = op_names(op).method;
    let waits = op.waits_after.iter().map(|w| {
        let name = lit(&w.waiter.name);
        let send_and_wait = format_ident!("send_and_wait_until_{}", w.waiter.snake);
        let polled = api
            .operations
            .iter()
            .find(|o| o.module == w.polled_module)
            .map(request_path)
            .expect("a waiter polls an operation of the API");
        let fluent = setter_chain(api, op, quote!(ctx.client()?.#method()));
        quote! {
            #name => {
                let max_wait = ctx.max_wait(&OPERATIONS[#index], #name);
                let waited = ctx.progress(#name, #fluent.#send_and_wait(max_wait)).await;
                ctx.print_waited::<#polled>(waited)
            }
        }
    });
    let wait = (!op.waits_after.is_empty()).then(|| {
        quote! {
            if let Some(waiter) = ctx.waiter(&OPERATIONS[#index])? {
                return match waiter {
                    #(#waits)*
                    other => Err(CliError::usage(format!("no waiter `{other}` after this operation"))),
                };
            }
        }
    });
    let all = op.pagination.is_some().then(|| {
        quote! {
            if ctx.all() {
                return ctx.print_all(request).await;
            }
        }
    });
    // an operation without parameters reads nothing of the input
    let input = if op.params.is_empty() {
        quote!(_input)
    } else {
        quote!(input)
    };
    quote! {
        #[doc = #doc]
        async fn #run(ctx: &Ctx, #input: &Input) -> Result<(), CliError> {
            let request = #build.build().map_err(CliError::invalid)?;
            ctx.debug_request(&request, &OPERATIONS[#index]);
            #wait
            #all
            ctx.print_sent(request).await
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Generator, Settings};

    fn flat(text: &str) -> String {
        text.split_whitespace().collect()
    }

    /// The CLI has one command (table entry, dispatch arm, runner) per operation of the spec.
    #[test]
    fn one_command_per_spec_operation() {
        let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/vserver.yaml");
        let doc = crate::load::load_file(&spec).unwrap();
        let api = crate::model::build(&doc).unwrap();
        let files = Generator::new(Settings::new())
            .generate_cli_model(&api)
            .unwrap();
        assert_eq!(files.len(), 1);
        // prettyplease breaks long lines: compare without whitespace
        let text = &flat(&files[0].contents);
        let count = api.operations.len();
        assert_eq!(count, 102, "the spec's operation count changed");
        assert!(
            text.contains(&flat(&format!(
                "pub static OPERATIONS: [OpSpec; {count}] = ["
            ))),
            "table size"
        );
        for op in &api.operations {
            let entry = flat(&format!("OpSpec {{ name: \"{}\",", op.name));
            assert_eq!(text.matches(&entry).count(), 1, "{} table entries", op.name);
            let arm = flat(&format!("\"{}\" =>", op.name));
            assert_eq!(text.matches(&arm).count(), 1, "{} dispatch", op.name);
            let call = flat(&format!("run_{}(ctx, input).await", op.module));
            assert_eq!(text.matches(&call).count(), 1, "{} dispatch", op.name);
            assert_eq!(
                text.matches(&flat(&format!("async fn run_{}(", op.module)))
                    .count(),
                1,
                "{} runner",
                op.name
            );
            // every parameter is a flag and is read from the input
            for p in &op.params {
                let flag = flat(&format!("ParamSpec {{ name: \"{}\",", p.api_name));
                assert!(text.contains(&flag), "{}", p.api_name);
            }
        }
        assert_eq!(text.matches("OpSpec{").count(), count);
    }

    /// Waits: each mutation's runner offers exactly the waits the model lists after it.
    #[test]
    fn waits_follow_the_model() {
        let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/vserver.yaml");
        let doc = crate::load::load_file(&spec).unwrap();
        let api = crate::model::build(&doc).unwrap();
        let text = &flat(
            &Generator::new(Settings::new())
                .generate_cli_model(&api)
                .unwrap()[0]
                .contents,
        );
        let mut total = 0;
        for op in &api.operations {
            for w in &op.waits_after {
                total += 1;
                let call = format!(".send_and_wait_until_{}(max_wait", w.waiter.snake);
                assert!(text.contains(&call), "{} after {}", w.waiter.name, op.name);
            }
        }
        assert!(total > 0);
        assert_eq!(text.matches("WaitSpec{").count(), total);
    }
}
