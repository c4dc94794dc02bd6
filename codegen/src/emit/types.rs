//! `types.rs`: one struct per object schema, one enum per enum schema, with their decoders.

use crate::model::Scalar;
use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{byte_lit, docs, escape_format, field_type, ident, lit, rt};
use crate::model::{
    Api, EnumDef, EnvelopeFields, Field, FieldType, SingleItem, StructDef, TypeDef,
};
use crate::scalar::QueryWrite;
use crate::settings::Settings;

/// The files of the `types` module: `mod.rs`, which declares one module per generated type and
/// re-exports its type (the runtime's shared error bodies are re-exported from the runtime), and
/// per type `<module>.rs` (names relative to the `types` directory), in spec order.
pub fn emit(api: &Api, settings: &Settings) -> Vec<(String, TokenStream)> {
    files(api, settings)
        .into_iter()
        .map(|(name, job)| (name, job()))
        .collect()
}

/// The files of [`emit`], each with the job that makes its tokens: the generator runs the jobs
/// on several threads (token streams cannot cross threads; each job makes and formats its own).
pub fn files<'a>(api: &'a Api, settings: &'a Settings) -> Vec<(String, super::Job<'a>)> {
    let module_doc = format!(
        "Data types of the {}: response bodies and the values inside them, with their JSON \
         (serde) and XML decoders, and the enums of coded values.\n\n\
         Generated from the spec's `components/schemas`, one file per schema (named after it); \
         see the crate docs for how to use them.",
        api.title
    );
    // Each body type gets one `Envelope` impl, however many operations return it.
    let envelopes: BTreeMap<&str, &EnvelopeFields> = api
        .operations
        .iter()
        .map(|op| (op.body.as_str(), &op.envelope))
        .collect();
    // Likewise the single-item accessors (`x-ncp-single-item`), once per body and list.
    let mut single_items: BTreeMap<&str, Vec<&SingleItem>> = BTreeMap::new();
    for op in &api.operations {
        if let Some(single) = &op.single_item {
            let items = single_items.entry(op.body.as_str()).or_default();
            if !items.contains(&single) {
                items.push(single);
            }
        }
    }
    let code_structs: BTreeSet<&'a str> = api
        .types
        .iter()
        .filter_map(|t| match t {
            TypeDef::Struct(s) if code_object(s).is_some() => Some(s.name.as_str()),
            _ => None,
        })
        .collect();
    let code_structs = std::sync::Arc::new(code_structs);
    let mut files: Vec<(String, super::Job<'a>)> = Vec::new();
    let decls = move || {
        api.types.iter().map(|t| {
            let name = ident(t.name());
            match t {
                TypeDef::Struct(s) if s.runtime_type.is_some() => {
                    let wire = rt::wire();
                    quote!(pub use #wire::#name;)
                }
                _ => {
                    let module = ident(t.module());
                    quote! {
                        mod #module;
                        pub use #module::#name;
                    }
                }
            }
        })
    };
    files.push((
        "mod.rs".to_owned(),
        Box::new(move || {
            let module_doc = docs::inner(&module_doc);
            let decls = decls();
            quote! {
                #module_doc
                #(#decls)*
            }
        }),
    ));
    for t in &api.types {
        let job: super::Job<'a> = match t {
            TypeDef::Struct(s) if s.runtime_type.is_some() => continue,
            TypeDef::Struct(s) => {
                let envelope = envelopes.get(s.name.as_str()).copied();
                let single = single_items.get(s.name.as_str()).cloned();
                let code_structs = code_structs.clone();
                Box::new(move || {
                    let envelope = envelope.map(|e| emit_envelope(s, e));
                    let single = single.map(|items| emit_single_items(s, &items));
                    let main =
                        emit_struct(s, &code_structs, settings.schemars, encode_cfg(settings));
                    let mock = (settings.mock && s.query_encode).then(|| {
                        let cfg = mock_cfg(settings);
                        let decode = super::mock::emit_query_decode(s);
                        quote!(#cfg #decode)
                    });
                    quote!(#main #single #envelope #mock)
                })
            }
            TypeDef::Enum(e) => Box::new(move || {
                let main = emit_enum(e);
                let schema = settings.schemars.then(|| emit_enum_schema(e));
                quote!(#main #schema)
            }),
        };
        files.push((format!("{}.rs", t.module()), job));
    }
    files
}

/// `#[cfg(feature = "...")]` on the items of the typed mock, when the settings put it behind a
/// feature of the output crate.
pub(crate) fn mock_cfg(settings: &Settings) -> Option<TokenStream> {
    settings.mock_feature.as_deref().map(|feature| {
        let feature = lit(feature);
        quote!(#[cfg(feature = #feature)])
    })
}

/// `#[cfg(feature = "...")]` on the XML encoders: the encode feature, else the mock's.
fn encode_cfg(settings: &Settings) -> Option<TokenStream> {
    let feature = settings.encode_feature.as_deref();
    feature.or(settings.mock_feature.as_deref()).map(|feature| {
        let feature = lit(feature);
        quote!(#[cfg(feature = #feature)])
    })
}

/// The path prefix of the other generated types inside a type's own file.
fn sibling() -> TokenStream {
    quote!(super::)
}

/// What a request checks of a field when its struct is sent as a list item (the rules exist only
/// on such structs), in words; empty when nothing is checked.
fn sent_rules_doc(f: &Field) -> String {
    let list = matches!(f.ty, FieldType::List { .. });
    let mut notes = super::operations::rules_doc(&f.rules, list);
    if !f.requires.is_empty() {
        let names: Vec<String> = f.requires.iter().map(|r| format!("`{r}`")).collect();
        notes.push(format!("Requires {} to be set too.", names.join(", ")));
    }
    if notes.is_empty() {
        return String::new();
    }
    format!("Checked before a request is sent. {}", notes.join(" "))
}

/// `encode_cfg` gates the XML encoder: only the typed mock (and tests through it) writes
/// response bodies, so a consumer's default build leaves the encoders out.
fn emit_struct(
    def: &StructDef,
    code_structs: &BTreeSet<&str>,
    schemars: bool,
    encode_cfg: Option<TokenStream>,
) -> TokenStream {
    let doc = docs::outer(&def.description);
    let name = ident(&def.name);
    let no_prefix = sibling();
    let fields = def.fields.iter().map(|f| {
        let doc = docs::outer(&docs::join(&[
            &f.description,
            &sent_rules_doc(f),
            &docs::api_name_line(&f.api_name, f.unit.as_deref()),
        ]));
        let serde = serde_attr(f, code_structs);
        let schema = schemars.then(|| schema_attr(f)).flatten();
        let field = ident(&f.rust_name);
        let ty = field_type(&f.ty, &no_prefix);
        let ty = if f.required || matches!(f.ty, FieldType::List { .. }) {
            ty
        } else {
            quote!(Option<#ty>)
        };
        quote!(#doc #serde #schema pub #field: #ty)
    });
    let derive_schema =
        schemars.then(|| quote!(#[cfg_attr(feature = "schemars", derive(::schemars::JsonSchema))]));
    let xml = emit_xml_decode(def);
    let xml_encode = emit_xml_encode(def);
    let xml_encode = quote!(#encode_cfg #xml_encode);
    let query = def.query_encode.then(|| emit_query_encode(def));
    // The struct is `#[non_exhaustive]` (the API adds fields), so other crates cannot write
    // it as a literal: with every field optional, `Default` is the starting point
    // (`let mut x = T::default(); x.field = ...;`), else `new` with the required fields.
    let all_optional = def.fields.iter().all(|f| !f.required);
    let default = all_optional.then(|| quote!(#[derive(Default)]));
    let new = (!all_optional).then(|| emit_new(def));
    let (derive_debug, debug) = super::redact::struct_debug(def);
    // A code object's `Deserialize` is the runtime's shared one (see `emit_code_object`).
    let code = code_object(def).map(|(code, code_name)| emit_code_object(def, code, code_name));
    let derive_deserialize = code
        .is_none()
        .then(|| quote!(::ncloud_runtime::serde::Deserialize,));
    quote! {
        #doc
        #[derive(
            Clone,
            #derive_debug
            PartialEq,
            ::ncloud_runtime::serde::Serialize,
            #derive_deserialize
        )]
        // The runtime's serde: a service crate needs no serde dependency of its own.
        #[serde(crate = "::ncloud_runtime::serde")]
        #derive_schema
        #default
        #[non_exhaustive]
        pub struct #name {
            #(#fields,)*
        }
        #debug
        #new
        #code
        #xml
        #xml_encode
        #query
    }
}

/// The `code` and `codeName` fields of a code object: a struct of exactly these two optional
/// fields, a coded value and its name, which the API has dozens of.
fn code_object(def: &StructDef) -> Option<(&Field, &Field)> {
    let [code, code_name] = def.fields.as_slice() else {
        return None;
    };
    let shape = def.runtime_type.is_none()
        && code.api_name == "code"
        && !code.required
        && matches!(code.ty, FieldType::Enum(_))
        && code_name.api_name == "codeName"
        && !code_name.required
        && code_name.ty == FieldType::Scalar(Scalar::String);
    shape.then_some((code, code_name))
}

/// `Deserialize` of a code object through the runtime's one decoder of them, instead of a
/// derive per type: with a copy of the decoding code per code object, a body with many of them
/// spent much of its decoding time on instruction-cache misses.
fn emit_code_object(def: &StructDef, code: &Field, code_name: &Field) -> TokenStream {
    let name = ident(&def.name);
    let name_lit = lit(&def.name);
    let json = rt::json();
    let value = field_type(&code.ty, &sibling());
    let code = ident(&code.rust_name);
    let code_name = ident(&code_name.rust_name);
    quote! {
        impl<'de> ::ncloud_runtime::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::ncloud_runtime::serde::Deserializer<'de>>(
                d: D,
            ) -> Result<Self, D::Error> {
                #json::code_object(d, <Self as #json::CodeObject>::NAMES)
                    .map(#json::RawCode::into_code)
            }
        }

        impl #json::CodeObject for #name {
            type Value = #value;
            const NAMES: #json::CodeNames = #json::CodeNames {
                name: #name_lit,
                value: <#value as #json::EnumName>::EXPECTED,
            };
            fn from_parts(#code: Option<#value>, #code_name: Option<String>) -> Self {
                Self { #code, #code_name }
            }
        }
    }
}

/// `new(required fields...)` of a struct with required fields: the others empty (`None`, an
/// empty list).
fn emit_new(def: &StructDef) -> TokenStream {
    let name = ident(&def.name);
    let required: Vec<&Field> = def.fields.iter().filter(|f| f.required).collect();
    let params = required.iter().map(|f| {
        let field = ident(&f.rust_name);
        let ty = field_type(&f.ty, &sibling());
        quote!(#field: #ty)
    });
    let values = def.fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        match (f.required, &f.ty) {
            (true, _) => quote!(#field),
            (false, FieldType::List { .. }) => quote!(#field: Vec::new()),
            (false, _) => quote!(#field: None),
        }
    });
    let names: Vec<String> = required
        .iter()
        .map(|f| format!("`{}`", f.rust_name.trim_start_matches("r#")))
        .collect();
    let doc = docs::outer(&format!(
        "A value with the required fields {} and no optional ones.",
        names.join(", ")
    ));
    // One argument per required field, however many the schema has.
    let allow = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        impl #name {
            #doc
            #allow
            pub fn new(#(#params),*) -> Self {
                Self { #(#values,)* }
            }
        }
    }
}

/// `#[serde(...)]` of a field. Lists always serialize (an empty list as `[]`), so the JSON and
/// XML decodes of the same data serialize alike.
fn serde_attr(f: &Field, code_structs: &BTreeSet<&str>) -> TokenStream {
    let rename = lit(&f.api_name);
    let mut parts = vec![quote!(rename = #rename)];
    let list = matches!(f.ty, FieldType::List { .. });
    if !f.required {
        parts.push(quote!(default));
    }
    let with = match &f.ty {
        FieldType::List { .. } => Some("list"),
        ty => match ty.scalar().and_then(|s| s.info().json_with) {
            Some((required, optional)) => Some(if f.required { required } else { optional }),
            // Live bodies send `""` for absent values: an optional field that is not text
            // reads it as `None`, as the XML decoder reads an empty element. Coded values and
            // code objects have helpers of their own, which share one copy of their decoding.
            None if !f.required && *ty != FieldType::Scalar(Scalar::String) => Some(match ty {
                FieldType::Enum(_) => "optional_enum",
                FieldType::Struct(name) if code_structs.contains(name.as_str()) => "optional_code",
                _ => "optional",
            }),
            None => None,
        },
    };
    if let Some(with) = with {
        let path = lit(&rt::json_fn(with));
        parts.push(quote!(deserialize_with = #path));
    }
    if !f.required && !list {
        parts.push(quote!(skip_serializing_if = "Option::is_none"));
    }
    quote!(#[serde(#(#parts),*)])
}

/// `#[schemars(schema_with)]` of a lenient scalar: the derive would see only the Rust type,
/// while the JSON decoder also takes the spec's other alternative.
fn schema_attr(f: &Field) -> Option<TokenStream> {
    let (required, optional) = f.ty.scalar()?.info().schema_with?;
    let name = if f.required { required } else { optional };
    let path = lit(&rt::schema_fn(name));
    Some(quote!(#[cfg_attr(feature = "schemars", schemars(schema_with = #path))]))
}

/// `schemars::JsonSchema` of an enum: any string (unknown values are kept), the known ones as
/// examples (`ncloud_runtime::open_enum_schema!`).
fn emit_enum_schema(def: &EnumDef) -> TokenStream {
    let name = ident(&def.name);
    let description = lit(&def.description);
    let schema = rt::open_enum_schema();
    quote! {
        #[cfg(feature = "schemars")]
        #schema!(#name, #description);
    }
}

/// The local variable that collects a field while decoding XML.
fn local(f: &Field) -> proc_macro2::Ident {
    super::affixed("f_", &f.rust_name, "")
}

fn emit_xml_decode(def: &StructDef) -> TokenStream {
    let name = ident(&def.name);
    let decode = rt::xml_decode();
    let reader = rt::xml_reader();
    let error = rt::decode_error();
    let no_prefix = sibling();
    if def.fields.is_empty() {
        return quote! {
            impl #decode for #name {
                fn decode_xml(r: &mut #reader<'_>) -> Result<Self, #error> {
                    while let Some(name) = r.next_child()? {
                        r.skip_unknown(name)?;
                    }
                    Ok(Self {})
                }
            }
        };
    }
    let mut locals = Vec::new();
    let mut arms = Vec::new();
    let mut values = Vec::new();
    for f in &def.fields {
        let var = local(f);
        let field = ident(&f.rust_name);
        let element = lit(&f.xml_name);
        let element_bytes = byte_lit(&f.xml_name);
        let ty = field_type(&f.ty, &no_prefix);
        let optional_list = !f.required && matches!(f.ty, FieldType::List { .. });
        locals.push(if optional_list {
            quote!(let mut #var: #ty = Vec::new();)
        } else {
            quote!(let mut #var: Option<#ty> = None;)
        });
        let read = match &f.ty {
            FieldType::Struct(_) => quote!(Some(r.read_struct(#element)?)),
            FieldType::List {
                item,
                item_xml_name,
            } => {
                let item_name = lit(item_xml_name);
                let call = if matches!(**item, FieldType::Struct(_)) {
                    quote!(r.read_list(#element, #item_name)?)
                } else {
                    quote!(r.read_scalar_list(#element, #item_name)?)
                };
                if optional_list {
                    call
                } else {
                    quote!(Some(#call))
                }
            }
            _ => quote!(r.read_scalar(#element)?),
        };
        // Length first: the match becomes a jump on the length, and each comparison one of
        // a known size, which the compiler does inline instead of calling `memcmp` for every
        // arm in turn (per element of every response, the decoder's most frequent work).
        let len = proc_macro2::Literal::usize_unsuffixed(f.xml_name.len());
        arms.push(quote!(#len if bytes == #element_bytes => #var = #read,));
        values.push(if f.required {
            quote!(#field: #var.ok_or_else(|| r.missing(#element))?)
        } else {
            quote!(#field: #var)
        });
    }
    quote! {
        impl #decode for #name {
            fn decode_xml(r: &mut #reader<'_>) -> Result<Self, #error> {
                #(#locals)*
                while let Some(name) = r.next_child()? {
                    let bytes = name.as_bytes();
                    match bytes.len() {
                        #(#arms)*
                        _ => r.skip_unknown(name)?,
                    }
                }
                Ok(Self {
                    #(#values,)*
                })
            }
        }
    }
}

/// The inverse of [`emit_xml_decode`]: fields in spec order, absent ones omitted, list
/// wrappers always written.
fn emit_xml_encode(def: &StructDef) -> TokenStream {
    let name = ident(&def.name);
    let encode = rt::xml_encode();
    let writer = rt::xml_writer();
    let w = if def.fields.is_empty() {
        format_ident!("_w")
    } else {
        format_ident!("w")
    };
    let writes = def.fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        let element = lit(&f.xml_name);
        match (&f.ty, f.required) {
            (
                FieldType::List {
                    item,
                    item_xml_name,
                },
                _,
            ) => {
                let item_name = lit(item_xml_name);
                if matches!(**item, FieldType::Struct(_)) {
                    quote!(w.list(#element, #item_name, &self.#field);)
                } else {
                    quote!(w.scalar_list(#element, #item_name, &self.#field);)
                }
            }
            (FieldType::Struct(_), true) => quote!(w.structure(#element, &self.#field);),
            (FieldType::Struct(_), false) => quote! {
                if let Some(v) = &self.#field { w.structure(#element, v); }
            },
            (_, true) => quote!(w.scalar(#element, &self.#field);),
            (_, false) => quote!(w.optional(#element, self.#field.as_ref());),
        }
    });
    quote! {
        impl #encode for #name {
            fn encode_xml(&self, #w: &mut #writer) {
                #(#writes)*
            }
        }
    }
}

fn emit_query_encode(def: &StructDef) -> TokenStream {
    let name = ident(&def.name);
    let trait_ = rt::query_encode();
    let writer = rt::query_writer();
    let fields = def.fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        let key = lit(&format!("{{prefix}}.{}", escape_format(&f.api_name)));
        let put = |v: TokenStream| match &f.ty {
            FieldType::List { item, .. } if matches!(**item, FieldType::Struct(_)) => {
                quote!(q.push_object_list(&format!(#key), #v);)
            }
            FieldType::List { .. } => quote!(q.push_list(&format!(#key), #v);),
            FieldType::Struct(_) => quote!(#trait_::encode_query(#v, &format!(#key), q);),
            ty if ty
                .scalar()
                .is_some_and(|s| s.info().query == QueryWrite::Text) =>
            {
                quote!(q.push(&format!(#key), #v);)
            }
            _ => quote!(q.push_display(&format!(#key), #v);),
        };
        let copy = matches!(
            f.ty,
            FieldType::Scalar(Scalar::Int32)
                | FieldType::Scalar(Scalar::Int64)
                | FieldType::Scalar(Scalar::Bool)
                | FieldType::Scalar(Scalar::F64)
        );
        if f.required && copy {
            put(quote!(self.#field))
        } else if f.required || matches!(f.ty, FieldType::List { .. }) {
            put(quote!(&self.#field))
        } else {
            let put = put(quote!(v));
            quote! { if let Some(v) = &self.#field { #put } }
        }
    });
    let prefix = if def.fields.is_empty() {
        format_ident!("_prefix")
    } else {
        format_ident!("prefix")
    };
    let q = if def.fields.is_empty() {
        format_ident!("_q")
    } else {
        format_ident!("q")
    };
    quote! {
        impl #trait_ for #name {
            fn encode_query(&self, #prefix: &str, #q: &mut #writer) {
                #(#fields)*
            }
        }
    }
}

/// The accessors of a detail lookup's one result (`x-ncp-single-item`): the API answers "not
/// found" with an empty list and a success status, so callers get an `Option` instead of
/// indexing the list.
fn emit_single_items(def: &StructDef, items: &[&SingleItem]) -> TokenStream {
    let name = ident(&def.name);
    let methods = items.iter().map(|single| {
        let list = ident(&single.list);
        let item = ident(&single.item_type);
        let no_prefix = sibling();
        let by_ref = ident(&single.accessor);
        let owned = super::affixed("into_", &single.accessor, "");
        let list_name = single.list.trim_start_matches("r#");
        let doc = docs::outer(&format!(
            "The one item the lookup found: the first of `{list_name}`. `None` when the list is \
             empty, which is how the API says \"not found\" (with a success status, not an \
             error)."
        ));
        let owned_doc = docs::outer(&format!(
            "Like [`{}`](Self::{}), taking the item out of the response.",
            single.accessor, single.accessor
        ));
        quote! {
            #doc
            pub fn #by_ref(&self) -> Option<&#no_prefix #item> {
                self.#list.first()
            }
            #owned_doc
            pub fn #owned(self) -> Option<#no_prefix #item> {
                self.#list.into_iter().next()
            }
        }
    });
    quote! {
        impl #name {
            #(#methods)*
        }
    }
}

fn emit_envelope(def: &StructDef, e: &EnvelopeFields) -> TokenStream {
    let name = ident(&def.name);
    let trait_ = rt::envelope();
    let accessor = |f: &Option<crate::model::EnvelopeField>| match f {
        Some(f) if f.required => {
            let field = ident(&f.rust_name);
            quote!(Some(self.#field.as_str()))
        }
        Some(f) => {
            let field = ident(&f.rust_name);
            quote!(self.#field.as_deref())
        }
        None => quote!(None),
    };
    let (code, message, id) = (
        accessor(&e.return_code),
        accessor(&e.return_message),
        accessor(&e.request_id),
    );
    quote! {
        impl #trait_ for #name {
            fn return_code(&self) -> Option<&str> { #code }
            fn return_message(&self) -> Option<&str> { #message }
            fn request_id(&self) -> Option<&str> { #id }
        }
    }
}

/// An enum is one table, expanded by the runtime's `open_enum!` (see `ncloud_runtime::enums`).
/// The invocation is written like an enum with string discriminants, which the formatter lays
/// out as one (`format::format_file`).
fn emit_enum(def: &EnumDef) -> TokenStream {
    let doc = docs::outer(&def.description);
    let name = ident(&def.name);
    let variants = def.values.iter().map(|v| {
        let doc = docs::outer(&v.description);
        let variant = ident(&v.variant);
        let value = lit(&v.value);
        quote!(#doc #variant = #value)
    });
    let open_enum = rt::open_enum();
    quote! {
        #open_enum! {
            #doc
            pub enum #name {
                #(#variants,)*
            }
        }
    }
}
