//! `operations/`: per operation a request struct, its builder and `impl Operation` (the list of
//! every operation, for tools, is `registry.rs`).

use crate::model::Scalar;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{affixed, docs, escape_format, ident, int_lit, lit, param_type, rt};
use crate::model::{
    Api, FieldType, Group, GroupKind, Operation, Param, ParamKind, ParamType, Rules, StructDef,
};
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
    files(api, settings)
        .into_iter()
        .map(|(name, job)| (name, job()))
        .collect()
}

/// The files of [`emit`], each with the job that makes its tokens (see
/// [`types::files`](super::types::files)).
pub fn files<'a>(api: &'a Api, settings: &'a Settings) -> Vec<(String, super::Job<'a>)> {
    let module_doc = format!(
        "Requests of the {}: per operation a request type, its builder (which checks the \
         parameters) and its `Operation` impl, which names the action, the response type and \
         how the parameters go into the query string.\n\n\
         Generated from the spec's `paths`, one file per operation (named after it).",
        api.title
    );
    let decls = move || {
        api.operations.iter().map(|op| {
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
        })
    };
    let mut files: Vec<(String, super::Job<'a>)> = vec![(
        "mod.rs".to_owned(),
        Box::new(move || {
            let module_doc = docs::inner(&module_doc);
            let decls = decls();
            quote! {
                #module_doc
                #(#decls)*
            }
        }),
    )];
    for op in &api.operations {
        files.push((
            format!("{}.rs", op.module),
            Box::new(move || {
                let main = emit_operation(api, op);
                let fluent = settings.fluent.then(|| super::fluent::emit_operation(op));
                let mock = settings
                    .mock
                    .then(|| super::mock::emit_operation(op, settings));
                quote!(#main #fluent #mock)
            }),
        ));
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

/// The rules of a value in words, for the docs: `Allowed values: 1 to 20.`,
/// `3 to 30 characters.`, ...
pub(crate) fn rules_doc(rules: &Rules, list: bool) -> Vec<String> {
    let mut notes = Vec::new();
    let each = if list { "Each item: " } else { "" };
    let range = |min: Option<String>, max: Option<String>| match (min, max) {
        (Some(min), Some(max)) => Some(format!("{min} to {max}")),
        (Some(min), None) => Some(format!("{min} or more")),
        (None, Some(max)) => Some(format!("{max} or less")),
        (None, None) => None,
    };
    let text = |n: Option<u64>| n.map(|n| n.to_string());
    if let Some(items) = range(text(rules.min_items), text(rules.max_items)) {
        notes.push(format!("{items} items."));
    }
    if let Some(values) = range(
        rules.minimum.map(|n| n.to_string()),
        rules.maximum.map(|n| n.to_string()),
    ) {
        notes.push(format!("{each}Allowed values: {values}."));
    }
    if let Some(step) = rules.multiple_of {
        notes.push(format!("{each}A multiple of {step}."));
    }
    if let Some(chars) = range(text(rules.min_chars), text(rules.max_chars)) {
        notes.push(format!("{each}{chars} characters."));
    }
    if let Some(bytes) = rules.max_bytes {
        notes.push(format!("{each}At most {bytes} bytes of UTF-8."));
    }
    if let Some(pattern) = &rules.pattern {
        notes.push(format!("{each}Must match `{pattern}`."));
    }
    notes
}

/// A group rule in words: "Exactly one of `a`, `b` must be set."
pub(crate) fn group_doc(group: &Group) -> String {
    let members: Vec<String> = group.members.iter().map(|m| format!("`{m}`")).collect();
    let members = members.join(", ");
    match group.kind {
        GroupKind::ExactlyOne => format!("Exactly one of {members} must be set."),
        GroupKind::AtLeastOne => format!("At least one of {members} must be set."),
        GroupKind::AtMostOne => format!("At most one of {members} may be set."),
    }
}

/// The docs of a parameter: its description and the rules the builder checks (`groups`: the
/// operation's group rules; those naming the parameter are repeated).
pub(crate) fn param_doc(param: &Param, groups: &[Group]) -> String {
    let mut notes = Vec::new();
    if param.required {
        notes.push("Required.".to_owned());
    }
    notes.extend(rules_doc(
        &param.rules,
        matches!(param.kind, ParamKind::List(_)),
    ));
    for group in groups
        .iter()
        .filter(|g| g.members.contains(&param.api_name))
    {
        notes.push(group_doc(group));
    }
    if param.sensitive {
        notes.push("A secret: shown as `\"***\"` in `Debug` output.".to_owned());
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
pub(crate) fn setter_docs(param: &Param, groups: &[Group]) -> (String, String) {
    let doc = param_doc(param, groups);
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

fn emit_operation(api: &Api, op: &Operation) -> TokenStream {
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
        let doc = docs::outer(&param_doc(p, &op.groups));
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
    let setters = op.params.iter().map(|p| emit_setters(p, &op.groups));
    let build = emit_build(api, op, &names);
    // A secret is redacted in `Debug`; otherwise both derive it.
    let secret = op.params.iter().any(|p| p.sensitive);
    let (request_debug, builder_debug) = if secret {
        (
            Some(emit_debug(request, op, false)),
            Some(emit_debug(builder, op, true)),
        )
    } else {
        (None, None)
    };
    let derive_debug = (!secret).then(|| quote!(Debug,));
    let sensitive_fields = (!op.sensitive_fields.is_empty()).then(|| {
        let fields = op.sensitive_fields.iter().map(|f| lit(f));
        quote!(const SENSITIVE_FIELDS: &'static [&'static str] = &[#(#fields),*];)
    });
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
        #[derive(Clone, #derive_debug PartialEq)]
        #[non_exhaustive]
        pub struct #request {
            #(#fields,)*
        }

        #request_debug

        impl #request {
            #builder_fn_doc
            pub fn builder() -> #builder {
                #builder::default()
            }
        }

        #builder_doc
        #[derive(Clone, #derive_debug Default)]
        pub struct #builder {
            #(#builder_fields,)*
        }

        #builder_debug

        impl #builder {
            #(#setters)*
            #build
        }

        impl #operation for #request {
            const NAME: &'static str = #name;
            const RESPONSE_ROOT: &'static str = #root;
            #mutation
            #retryable_codes
            #sensitive_fields
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

/// A `Debug` impl that prints `"***"` for the secret parameters (`builder`: every field is an
/// `Option`).
fn emit_debug(ty: &proc_macro2::Ident, op: &Operation, builder: bool) -> TokenStream {
    let fields: Vec<_> = op
        .params
        .iter()
        .map(|p| super::redact::DebugField {
            rust_name: &p.rust_name,
            sensitive: p.sensitive,
            optional: builder || !p.required,
        })
        .collect();
    super::redact::debug_impl(ty, &fields)
}

fn emit_setters(param: &Param, groups: &[Group]) -> TokenStream {
    let field = ident(&param.rust_name);
    let set = affixed("set_", &param.rust_name, "");
    let (add_doc, set_doc) = setter_docs(param, groups);
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

/// A parameter name for an error: a literal, or a `format!` of a path through list items
/// (`networkInterfaceList.{}.subnetNo` with the 0-based index variables, shown 1-based).
#[derive(Clone)]
struct Name {
    /// The `format!` text (escaped).
    pattern: String,
    /// The index variables, in order.
    indices: Vec<proc_macro2::Ident>,
}

impl Name {
    fn new(api_name: &str) -> Self {
        Name {
            pattern: escape_format(api_name),
            indices: Vec::new(),
        }
    }

    /// `self.N` for the item index `index`.
    fn item(&self, index: &proc_macro2::Ident) -> Self {
        let mut name = self.clone();
        name.pattern.push_str(".{}");
        name.indices.push(index.clone());
        name
    }

    /// `self.field`.
    fn field(&self, api_name: &str) -> Self {
        let mut name = self.clone();
        name.pattern.push('.');
        name.pattern.push_str(&escape_format(api_name));
        name
    }

    /// The expression of the name: a `&'static str` or a `String`.
    fn expr(&self) -> TokenStream {
        if self.indices.is_empty() {
            let text = lit(&self.pattern.replace("{{", "{").replace("}}", "}"));
            return quote!(#text);
        }
        let pattern = lit(&self.pattern);
        let indices = &self.indices;
        quote!(format!(#pattern, #(#indices + 1),*))
    }

    /// A closure making the name, for the rules' `check`.
    fn closure(&self) -> TokenStream {
        let expr = self.expr();
        quote!(|| #expr)
    }
}

/// A `static` rule and its check of `v` (a reference to the value), or nothing.
fn value_check(rules: &Rules, text: bool, int: bool, name: &Name) -> Option<TokenStream> {
    let check = rt::check();
    let closure = name.closure();
    if text && rules.has_text() {
        let mut rule = match &rules.pattern {
            Some(pattern) => {
                let pattern = lit(pattern);
                quote!(#check::TextRule::matching(#pattern))
            }
            None => quote!(#check::TextRule::new()),
        };
        for (method, n) in [
            ("min_chars", rules.min_chars),
            ("max_chars", rules.max_chars),
            ("max_bytes", rules.max_bytes),
        ] {
            if let Some(n) = n {
                let method = format_ident!("{method}");
                let n = proc_macro2::Literal::u64_unsuffixed(n);
                rule = quote!(#rule.#method(#n));
            }
        }
        return Some(quote! {
            static RULE: #check::TextRule = #rule;
            RULE.check(v, #closure)?;
        });
    }
    if int && rules.has_int() {
        let mut rule = quote!(#check::IntRule::new());
        for (method, n) in [
            ("min", rules.minimum),
            ("max", rules.maximum),
            ("multiple_of", rules.multiple_of),
        ] {
            if let Some(n) = n {
                let method = format_ident!("{method}");
                let n = int_lit(n);
                rule = quote!(#rule.#method(#n));
            }
        }
        return Some(quote! {
            static RULE: #check::IntRule = #rule;
            RULE.check(*v, #closure)?;
        });
    }
    None
}

/// The item-count check of the list `v` (a reference to a `Vec`), or nothing.
fn count_check(rules: &Rules, name: &Name) -> Option<TokenStream> {
    if !rules.has_items() {
        return None;
    }
    let check = rt::check();
    let mut rule = quote!(#check::ListRule::new());
    for (method, n) in [
        ("min_items", rules.min_items),
        ("max_items", rules.max_items),
    ] {
        if let Some(n) = n {
            let method = format_ident!("{method}");
            let n = proc_macro2::Literal::u64_unsuffixed(n);
            rule = quote!(#rule.#method(#n));
        }
    }
    let closure = name.closure();
    Some(quote! {
        static RULE: #check::ListRule = #rule;
        RULE.check(v.len(), #closure)?;
    })
}

/// What is checked of one value: `text`/`int` say which value rules apply, `item` names the
/// struct of an object (list item) whose fields are checked in turn.
struct Shape<'a> {
    rules: &'a Rules,
    list: bool,
    text: bool,
    int: bool,
    item: Option<&'a StructDef>,
}

/// The checks of the value `v` (a reference: to the value, or to the `Vec` of a list) with
/// the shape `shape`, named `name`; `depth` numbers the index variables of nested lists.
fn checks_of(api: &Api, shape: &Shape<'_>, name: &Name, depth: usize) -> Option<TokenStream> {
    let mut steps = Vec::new();
    let per_value = |v_name: &Name| -> Option<TokenStream> {
        let mut parts = Vec::new();
        parts.extend(value_check(shape.rules, shape.text, shape.int, v_name));
        if let Some(def) = shape.item {
            parts.extend(struct_checks(api, def, v_name, depth + 1));
        }
        (!parts.is_empty()).then(|| quote!(#(#parts)*))
    };
    if shape.list {
        if let Some(count) = count_check(shape.rules, name) {
            steps.push(quote!({ #count }));
        }
        let index = format_ident!("i{depth}");
        if let Some(body) = per_value(&name.item(&index)) {
            steps.push(quote! {
                for (#index, v) in v.iter().enumerate() { #body }
            });
        }
    } else if let Some(body) = per_value(name) {
        steps.push(body);
    }
    (!steps.is_empty()).then(|| quote!(#(#steps)*))
}

/// The checks of the fields of `v`, a reference to a list item of type `def` named `name`
/// (`networkInterfaceList.{i0}`): each field's rules, `x-ncp-requires` between its fields and
/// its group rules. Nothing when the type has no rules at any depth.
fn struct_checks(api: &Api, def: &StructDef, name: &Name, depth: usize) -> Option<TokenStream> {
    if depth > 16 {
        return None;
    }
    let invalid = rt::invalid_request();
    let mut steps = Vec::new();
    for field in &def.fields {
        let (list, ty) = match &field.ty {
            FieldType::List { item, .. } => (true, item.as_ref()),
            ty => (false, ty),
        };
        let item = match ty {
            FieldType::Struct(inner) => api.struct_def(inner),
            _ => None,
        };
        let shape = Shape {
            rules: &field.rules,
            list,
            text: *ty == FieldType::Scalar(Scalar::String),
            int: matches!(
                ty,
                FieldType::Scalar(Scalar::Int32) | FieldType::Scalar(Scalar::Int64)
            ),
            item,
        };
        let Some(body) = checks_of(api, &shape, &name.field(&field.api_name), depth) else {
            continue;
        };
        let f = ident(&field.rust_name);
        // Struct fields: required ones are values, optional ones `Option`s, lists `Vec`s.
        steps.push(if field.required || list {
            quote!({ let v = &item.#f; #body })
        } else {
            quote!(if let Some(v) = &item.#f { #body })
        });
    }
    let is_set = |api_name: &str| -> TokenStream {
        let Some(f) = def.fields.iter().find(|f| f.api_name == api_name) else {
            return quote!(false);
        };
        let field = ident(&f.rust_name);
        if matches!(f.ty, FieldType::List { .. }) {
            quote!(!item.#field.is_empty())
        } else if f.required {
            quote!(true)
        } else {
            quote!(item.#field.is_some())
        }
    };
    let always = |api_name: &str| {
        def.fields.iter().any(|f| {
            f.api_name == api_name && f.required && !matches!(f.ty, FieldType::List { .. })
        })
    };
    for field in &def.fields {
        for other in field.requires.iter().filter(|o| !always(o)) {
            let other_unset = match def.fields.iter().find(|f| &f.api_name == other) {
                Some(f) => {
                    let o = ident(&f.rust_name);
                    if matches!(f.ty, FieldType::List { .. }) {
                        quote!(item.#o.is_empty())
                    } else {
                        quote!(item.#o.is_none())
                    }
                }
                None => continue,
            };
            let cond = if always(&field.api_name) {
                other_unset
            } else {
                let this_set = is_set(&field.api_name);
                quote!(#this_set && #other_unset)
            };
            let (this, that) = (name.field(&field.api_name).expr(), name.field(other).expr());
            steps.push(quote! {
                if #cond {
                    return Err(#invalid::requires(#this, #that));
                }
            });
        }
    }
    for group in &def.groups {
        let rule = group_rule(group.kind);
        let members = group.members.iter().map(|m| {
            let m_lit = lit(m);
            let set = is_set(m);
            quote!((#m_lit, #set))
        });
        let prefix = name.expr();
        steps.push(quote! {
            #invalid::check_group(&#prefix, #rule, &[#(#members),*])?;
        });
    }
    if steps.is_empty() {
        return None;
    }
    // The item being checked, for the field accesses above.
    Some(quote! { let item = v; #(#steps)* })
}

/// The runtime's `GroupRule` of a group kind.
fn group_rule(kind: GroupKind) -> TokenStream {
    let rule = rt::group_rule();
    match kind {
        GroupKind::ExactlyOne => quote!(#rule::ExactlyOne),
        GroupKind::AtLeastOne => quote!(#rule::AtLeastOne),
        GroupKind::AtMostOne => quote!(#rule::AtMostOne),
    }
}

fn emit_build(api: &Api, op: &Operation, names: &OpNames) -> TokenStream {
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
    // 2. Each parameter's rules (and its list items' fields), in spec order.
    for p in &op.params {
        let (list, ty) = match &p.kind {
            ParamKind::List(ty) => (true, ty),
            ParamKind::Single(ty) => (false, ty),
        };
        let item = match ty {
            ParamType::Object(name) => api.struct_def(name),
            _ => None,
        };
        let shape = Shape {
            rules: &p.rules,
            list,
            text: *ty == ParamType::String,
            int: matches!(ty, ParamType::Int32 | ParamType::Int64),
            item,
        };
        let Some(body) = checks_of(api, &shape, &Name::new(&p.api_name), 0) else {
            continue;
        };
        let field = ident(&p.rust_name);
        steps.push(if p.required {
            quote!({ let v = &#field; #body })
        } else {
            quote!(if let Some(v) = &self.#field { #body })
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
    // 4. Group rules (`x-ncp-exactly-one-of` and the like).
    for group in &op.groups {
        let rule = group_rule(group.kind);
        let members = group.members.iter().map(|m| {
            let m_lit = lit(m);
            let set = match op.params.iter().find(|q| &q.api_name == m) {
                Some(q) if q.required => quote!(true),
                Some(q) => {
                    let field = ident(&q.rust_name);
                    match q.kind {
                        ParamKind::List(_) => {
                            quote!(self.#field.as_ref().is_some_and(|v| !v.is_empty()))
                        }
                        ParamKind::Single(_) => quote!(self.#field.is_some()),
                    }
                }
                None => quote!(false),
            };
            quote!((#m_lit, #set))
        });
        steps.push(quote! {
            #invalid::check_group("", #rule, &[#(#members),*])?;
        });
    }
    let values = op.params.iter().map(|p| {
        let field = ident(&p.rust_name);
        if p.required {
            quote!(#field)
        } else {
            quote!(#field: self.#field)
        }
    });
    let mut rules: Vec<String> = op.groups.iter().map(group_doc).collect();
    if !rules.is_empty() {
        rules.insert(0, String::new());
    }
    let doc = docs::outer(&format!(
        "Checks the parameters and builds the request.\n\n\
         # Errors\n\n\
         [`InvalidRequest`]({invalid_path}) naming the parameter when a required one is \
         missing, a value breaks its rules (range, step, length, bytes, pattern, item count; \
         list item fields too), a parameter is set without one it requires, or a group rule is \
         broken.{groups}",
        invalid_path = "ncloud_runtime::InvalidRequest",
        groups = rules.join(" "),
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
        let copy = matches!(
            p.kind,
            ParamKind::Single(ParamType::Int32 | ParamType::Int64 | ParamType::Bool)
        );
        if p.required && copy {
            quote! { q.#method(#name, self.#field); }
        } else if p.required {
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
