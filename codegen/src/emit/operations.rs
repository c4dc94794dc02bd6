//! `operations/`: per operation a request struct, its builder and `impl Operation` (the list of
//! every operation, for tools, is `registry.rs`).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{affixed, docs, escape_format, ident, int_lit, lit, param_type, rt};
use crate::model::{Api, Operation, Param, ParamKind, ParamType};
use crate::settings::Settings;

/// Type names of one operation.
pub(crate) struct OpNames {
    pub(crate) request: proc_macro2::Ident,
    pub(crate) builder: proc_macro2::Ident,
    pub(crate) fluent: proc_macro2::Ident,
    pub(crate) method: proc_macro2::Ident,
}

pub(crate) fn op_names(op: &Operation) -> OpNames {
    let prefix = &op.type_prefix;
    OpNames {
        request: format_ident!("{prefix}Request"),
        builder: format_ident!("{prefix}RequestBuilder"),
        fluent: format_ident!("{prefix}FluentBuilder"),
        method: ident(&op.method),
    }
}

/// The files of the `operations` module: `mod.rs` (one module per operation, re-exports of its
/// request and builder) and per operation `<module>.rs` (names relative to
/// the `operations` directory) with everything generated for it: the request, its builder and
/// `impl Operation`; with the `fluent` setting its `Client` method and fluent builder; with the
/// `mock` setting its `MockOperation` impl and (with a client) its `MockServer` method.
pub fn emit(api: &Api, settings: &Settings) -> Vec<(String, TokenStream)> {
    let module_doc = docs::inner(&format!(
        "Requests of the {}: per operation a request type, its builder (which checks the \
         parameters) and its `Operation` impl, which names the action, the response type and \
         how the parameters go into the query string.\n\n\
         Generated from the spec's `paths`, one file per operation (named after it).",
        api.title
    ));
    let decls = api.operations.iter().map(|op| {
        let module = ident(&op.module);
        let OpNames {
            request, builder, ..
        } = op_names(op);
        // `pub(super)`: the fluent module re-exports the fluent builders from here.
        let vis = if settings.fluent {
            quote!(pub(super))
        } else {
            TokenStream::new()
        };
        quote! {
            #vis mod #module;
            pub use #module::{#request, #builder};
        }
    });
    let mut files = vec![(
        "mod.rs".to_owned(),
        quote! {
            #module_doc
            #(#decls)*
        },
    )];
    for op in &api.operations {
        let main = emit_operation(op);
        let fluent = settings.fluent.then(|| super::fluent::emit_operation(op));
        let mock = settings
            .mock
            .then(|| super::mock::emit_operation(op, settings));
        files.push((format!("{}.rs", op.module), quote!(#main #fluent #mock)));
    }
    files
}

/// The type of a request field: `T`, `Option<T>`, `Vec<T>` or `Option<Vec<T>>`.
fn request_field_type(param: &Param) -> TokenStream {
    let ty = match &param.kind {
        ParamKind::Single(ty) => param_type(ty),
        ParamKind::List(ty) => {
            let ty = param_type(ty);
            quote!(Vec<#ty>)
        }
    };
    if param.required {
        ty
    } else {
        quote!(Option<#ty>)
    }
}

/// The builder's field type: always an `Option`.
fn builder_field_type(param: &Param) -> TokenStream {
    let ty = match &param.kind {
        ParamKind::Single(ty) => param_type(ty),
        ParamKind::List(ty) => {
            let ty = param_type(ty);
            quote!(Vec<#ty>)
        }
    };
    quote!(Option<#ty>)
}

/// The docs of a parameter: its description and the rules the builder checks.
pub(crate) fn param_doc(param: &Param) -> String {
    let mut notes = Vec::new();
    if param.required {
        notes.push("Required.".to_owned());
    }
    match (param.minimum, param.maximum) {
        (Some(min), Some(max)) => notes.push(format!("Allowed values: {min} to {max}.")),
        (Some(min), None) => notes.push(format!("Allowed values: {min} or more.")),
        (None, Some(max)) => notes.push(format!("Allowed values: {max} or less.")),
        (None, None) => {}
    }
    if !param.requires.is_empty() {
        let others: Vec<_> = param.requires.iter().map(|r| format!("`{r}`")).collect();
        notes.push(format!("Requires {} to be set too.", others.join(", ")));
    }
    if let Some(default) = &param.default {
        notes.push(format!("The server's default: `{default}`."));
    }
    let name = &param.api_name;
    if matches!(param.kind, ParamKind::List(_))
        && !param.description.contains(&format!("`{name}.1"))
    {
        notes.push(format!("Sent as `{name}.1`, `{name}.2`, ..."));
    }
    notes.push(docs::api_name_line(name, param.unit.as_deref()));
    docs::join(&[&param.description, &notes.join(" ")])
}

/// Setter docs: `x()` gets the parameter docs and what it does; `set_x()` a pointer to `x()`.
pub(crate) fn setter_docs(param: &Param) -> (String, String) {
    let doc = param_doc(param);
    let name = &param.api_name;
    let field = &param.rust_name;
    match param.kind {
        ParamKind::List(_) => (
            docs::join(&[&doc, "Appends one item; call it again for more."]),
            format!("Replaces the whole `{name}` list (`None` clears it); see [`Self::{field}`]."),
        ),
        ParamKind::Single(_) => (
            doc,
            format!("Sets or clears `{name}`; see [`Self::{field}`]."),
        ),
    }
}

/// The value type a setter takes (`impl Into<T>`) and the `Option` a `set_*` takes.
pub(crate) fn setter_types(param: &Param) -> (TokenStream, TokenStream) {
    match &param.kind {
        ParamKind::Single(ty) => {
            let ty = param_type(ty);
            (quote!(#ty), quote!(Option<#ty>))
        }
        ParamKind::List(ty) => {
            let ty = param_type(ty);
            (quote!(#ty), quote!(Option<Vec<#ty>>))
        }
    }
}

fn emit_operation(op: &Operation) -> TokenStream {
    let names = op_names(op);
    let OpNames {
        request, builder, ..
    } = &names;
    let request_doc = docs::outer(&docs::join(&[
        &format!("Request of `{}`: {}", op.name, op.summary),
        &op.description,
        &format!("Build one with [`{request}::builder`]."),
    ]));
    let fields = op.params.iter().map(|p| {
        let doc = docs::outer(&param_doc(p));
        let field = ident(&p.rust_name);
        let ty = request_field_type(p);
        quote!(#doc pub #field: #ty)
    });
    let builder_fields = op.params.iter().map(|p| {
        let field = ident(&p.rust_name);
        let ty = builder_field_type(p);
        quote!(#field: #ty)
    });
    let builder_doc = docs::outer(&format!(
        "Builder of [`{request}`]: set the parameters, then call [`build`]({builder}::build)."
    ));
    let builder_fn_doc = docs::outer(&format!(
        "Starts a `{}` request with no parameters set.",
        op.name
    ));
    let setters = op.params.iter().map(emit_setters);
    let build = emit_build(op, &names);
    let encode = emit_encode(op);
    let paginated = emit_paginated(op, request);
    let name = lit(&op.name);
    let root = lit(&op.response_root);
    let body = ident(&op.body);
    let operation = rt::operation();
    // Only what differs from the trait's defaults, so reads stay as they were.
    let mutation = op.mutation.then(|| {
        quote!(
            const MUTATION: bool = true;
        )
    });
    let retryable_codes = (!op.retryable_codes.is_empty()).then(|| {
        let codes = op.retryable_codes.iter().map(|c| lit(c));
        quote!(const RETRYABLE_CODES: &'static [&'static str] = &[#(#codes),*];)
    });
    quote! {
        #request_doc
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub struct #request {
            #(#fields,)*
        }

        impl #request {
            #builder_fn_doc
            pub fn builder() -> #builder {
                #builder::default()
            }
        }

        #builder_doc
        #[derive(Clone, Debug, Default)]
        pub struct #builder {
            #(#builder_fields,)*
        }

        impl #builder {
            #(#setters)*
            #build
        }

        impl #operation for #request {
            const NAME: &'static str = #name;
            const RESPONSE_ROOT: &'static str = #root;
            #mutation
            #retryable_codes
            type Output = super::super::types::#body;

            #encode
        }

        #paginated
    }
}

/// `impl Paginated` for an operation with `x-ncp-pagination`.
fn emit_paginated(op: &Operation, request: &proc_macro2::Ident) -> Option<TokenStream> {
    let pg = op.pagination.as_ref()?;
    let paginated = rt::paginated();
    let (page_no, page_size, items) = (ident(&pg.page_no), ident(&pg.page_size), ident(&pg.items));
    let item = ident(&pg.item_type);
    let max = i32::try_from(pg.max_page_size).expect("validated in the model");
    let max = proc_macro2::Literal::i32_unsuffixed(max);
    let total_rows = match &pg.total_rows {
        None => quote!(None),
        Some(f) if f.required => {
            let f = ident(&f.rust_name);
            quote!(Some(i64::from(output.#f)))
        }
        Some(f) => {
            let f = ident(&f.rust_name);
            quote!(output.#f.map(i64::from))
        }
    };
    let output = if pg.total_rows.is_some() {
        format_ident!("output")
    } else {
        format_ident!("_output")
    };
    // The server's page size when the request sets none: the spec's `default` of the parameter.
    let default_page_size = op
        .params
        .iter()
        .find(|p| p.rust_name == pg.page_size)
        .and_then(|p| p.default.as_deref()?.parse::<i32>().ok())
        .map(|d| {
            let d = proc_macro2::Literal::i32_unsuffixed(d);
            quote!(const DEFAULT_PAGE_SIZE: Option<i32> = Some(#d);)
        });
    Some(quote! {
        impl #paginated for #request {
            type Item = super::super::types::#item;
            const MAX_PAGE_SIZE: i32 = #max;
            #default_page_size

            fn page_no(&self) -> Option<i32> {
                self.#page_no
            }

            fn page_size(&self) -> Option<i32> {
                self.#page_size
            }

            fn set_page(&mut self, page_no: i32, page_size: i32) {
                self.#page_no = Some(page_no);
                self.#page_size = Some(page_size);
            }

            fn total_rows(#output: &Self::Output) -> Option<i64> {
                #total_rows
            }

            fn items_mut(output: &mut Self::Output) -> &mut Vec<Self::Item> {
                &mut output.#items
            }
        }
    })
}

fn emit_setters(param: &Param) -> TokenStream {
    let field = ident(&param.rust_name);
    let set = affixed("set_", &param.rust_name, "");
    let (add_doc, set_doc) = setter_docs(param);
    let (add_doc, set_doc) = (docs::outer(&add_doc), docs::outer(&set_doc));
    let (value, option) = setter_types(param);
    let assign = match param.kind {
        ParamKind::List(_) => quote!(self.#field.get_or_insert_with(Vec::new).push(v.into());),
        ParamKind::Single(_) => quote!(self.#field = Some(v.into());),
    };
    quote! {
        #add_doc
        pub fn #field(mut self, v: impl Into<#value>) -> Self {
            #assign
            self
        }

        #set_doc
        pub fn #set(mut self, v: #option) -> Self {
            self.#field = v;
            self
        }
    }
}

fn is_integer(param: &Param) -> Option<&ParamType> {
    match &param.kind {
        ParamKind::Single(ty @ (ParamType::Int32 | ParamType::Int64))
        | ParamKind::List(ty @ (ParamType::Int32 | ParamType::Int64)) => Some(ty),
        _ => None,
    }
}

/// The range check of one integer `v`, or nothing: the condition under which `v` is out of range
/// and the error to return then. List elements are reported as `name.N`, with `i` their 0-based
/// index.
fn range_check(param: &Param, ty: &ParamType) -> Option<(TokenStream, TokenStream)> {
    let cond = match (param.minimum, param.maximum) {
        (Some(min), Some(max)) => {
            let (min, max) = (int_lit(min), int_lit(max));
            quote!(!(#min..=#max).contains(&v))
        }
        (Some(min), None) => {
            let min = int_lit(min);
            quote!(v < #min)
        }
        (None, Some(max)) => {
            let max = int_lit(max);
            quote!(v > #max)
        }
        (None, None) => return None,
    };
    let opt = |b: Option<i64>| match b {
        Some(b) => {
            let b = int_lit(b);
            quote!(Some(#b))
        }
        None => quote!(None),
    };
    let (min, max) = (opt(param.minimum), opt(param.maximum));
    let value = match ty {
        ParamType::Int32 => quote!(i64::from(v)),
        _ => quote!(v),
    };
    let name = match param.kind {
        ParamKind::Single(_) => {
            let name = lit(&param.api_name);
            quote!(#name)
        }
        ParamKind::List(_) => {
            let pattern = lit(&format!("{}.{{}}", escape_format(&param.api_name)));
            quote!(format!(#pattern, i + 1))
        }
    };
    let invalid = rt::invalid_request();
    Some((
        cond,
        quote!(#invalid::out_of_range(#name, #value, #min, #max)),
    ))
}

fn emit_build(op: &Operation, names: &OpNames) -> TokenStream {
    let request = &names.request;
    let invalid = rt::invalid_request();
    let mut steps = Vec::new();
    // 1. Required parameters, in spec order.
    for p in op.params.iter().filter(|p| p.required) {
        let field = ident(&p.rust_name);
        let name = lit(&p.api_name);
        steps.push(match p.kind {
            ParamKind::List(_) => quote! {
                let #field = self.#field.filter(|v| !v.is_empty()).ok_or_else(|| #invalid::missing(#name))?;
            },
            ParamKind::Single(_) => quote! {
                let #field = self.#field.ok_or_else(|| #invalid::missing(#name))?;
            },
        });
    }
    // 2. Ranges.
    for p in &op.params {
        let Some(ty) = is_integer(p) else { continue };
        let Some((cond, error)) = range_check(p, ty) else {
            continue;
        };
        let check = quote!(if #cond { return Err(#error); });
        let field = ident(&p.rust_name);
        steps.push(match (&p.kind, p.required) {
            (ParamKind::Single(_), true) => quote! { { let v = #field; #check } },
            // One `if let` with the condition in `filter`: a nested `if` would be
            // `clippy::collapsible_if` wherever let chains are available (Rust 1.88+).
            (ParamKind::Single(_), false) => quote! {
                if let Some(v) = self.#field.filter(|&v| #cond) { return Err(#error); }
            },
            (ParamKind::List(_), true) => quote! {
                for (i, &v) in #field.iter().enumerate() { #check }
            },
            (ParamKind::List(_), false) => quote! {
                for (i, &v) in self.#field.iter().flatten().enumerate() { #check }
            },
        });
    }
    // 3. x-ncp-requires.
    for p in &op.params {
        for other in &p.requires {
            let Some(q) = op.params.iter().find(|q| &q.api_name == other) else {
                continue;
            };
            if q.required {
                continue;
            }
            let other_field = ident(&q.rust_name);
            let (name, other_name) = (lit(&p.api_name), lit(&q.api_name));
            let missing_other = quote!(self.#other_field.is_none());
            let cond = if p.required {
                missing_other
            } else {
                let field = ident(&p.rust_name);
                quote!(self.#field.is_some() && #missing_other)
            };
            steps.push(quote! {
                if #cond {
                    return Err(#invalid::requires(#name, #other_name));
                }
            });
        }
    }
    let values = op.params.iter().map(|p| {
        let field = ident(&p.rust_name);
        if p.required {
            quote!(#field)
        } else {
            quote!(#field: self.#field)
        }
    });
    let doc = docs::outer(&format!(
        "Checks the parameters and builds the request.\n\n\
         # Errors\n\n\
         [`InvalidRequest`]({invalid_path}) when a required parameter is missing, an integer is \
         out of its range, or a parameter is set without one it requires.",
        invalid_path = "ncloud_runtime::InvalidRequest"
    ));
    quote! {
        #doc
        pub fn build(self) -> Result<#request, #invalid> {
            #(#steps)*
            Ok(#request {
                #(#values,)*
            })
        }
    }
}

fn emit_encode(op: &Operation) -> TokenStream {
    let writer = rt::query_writer();
    let q = if op.params.is_empty() {
        format_ident!("_q")
    } else {
        format_ident!("q")
    };
    let params = op.params.iter().map(|p| {
        let field = ident(&p.rust_name);
        let name = lit(&p.api_name);
        let method = match &p.kind {
            ParamKind::Single(ty)
                if ty
                    .scalar()
                    .is_some_and(|s| s.info().query == crate::scalar::QueryWrite::Text) =>
            {
                quote!(push)
            }
            ParamKind::Single(_) => quote!(push_display),
            ParamKind::List(ParamType::Object(_)) => quote!(push_object_list),
            ParamKind::List(_) => quote!(push_list),
        };
        if p.required {
            quote! { q.#method(#name, &self.#field); }
        } else {
            quote! { if let Some(v) = &self.#field { q.#method(#name, v); } }
        }
    });
    quote! {
        fn encode_query(&self, #q: &mut #writer) {
            #(#params)*
        }
    }
}
