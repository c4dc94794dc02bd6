//! `types.rs`: one struct per object schema, one enum per enum schema, with their decoders.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{byte_lit, docs, escape_format, field_type, ident, lit, rt};
use crate::model::{Api, EnumDef, EnvelopeFields, Field, FieldType, StructDef, TypeDef};
use crate::settings::Settings;

/// The tokens of `types.rs`.
pub fn emit(api: &Api, settings: &Settings) -> TokenStream {
    let schemars = settings.schemars;
    let module_doc = docs::inner(&format!(
        "Data types of the {}: response bodies and the values inside them, with their JSON \
         (serde) and XML decoders, and the enums of coded values.\n\n\
         Generated from the spec's `components/schemas`; see the crate docs for how to use them.",
        api.title
    ));
    // Each body type gets one `Envelope` impl, however many operations return it.
    let envelopes: BTreeMap<&str, &EnvelopeFields> = api
        .operations
        .iter()
        .map(|op| (op.body.as_str(), &op.envelope))
        .collect();
    let items = api.types.iter().map(|t| match t {
        TypeDef::Struct(s) if s.runtime_type.is_some() => {
            let name = ident(&s.name);
            let wire = rt::wire();
            quote!(pub use #wire::#name;)
        }
        TypeDef::Struct(s) => {
            let envelope = envelopes.get(s.name.as_str()).map(|e| emit_envelope(s, e));
            let main = emit_struct(s, schemars);
            quote!(#main #envelope)
        }
        TypeDef::Enum(e) => {
            let main = emit_enum(e);
            let schema = schemars.then(|| emit_enum_schema(e));
            quote!(#main #schema)
        }
    });
    quote! {
        #module_doc
        #(#items)*
    }
}

fn emit_struct(def: &StructDef, schemars: bool) -> TokenStream {
    let doc = docs::outer(&def.description);
    let name = ident(&def.name);
    let no_prefix = TokenStream::new();
    let fields = def.fields.iter().map(|f| {
        let doc = docs::outer(&docs::join(&[
            &f.description,
            &docs::api_name_line(&f.api_name, f.unit.as_deref()),
        ]));
        let serde = serde_attr(f);
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
    let query = def.query_encode.then(|| emit_query_encode(def));
    // With every field optional, `..Default::default()` lets tests and mocks build values
    // naming only the fields they care about.
    let default = def
        .fields
        .iter()
        .all(|f| !f.required)
        .then(|| quote!(#[derive(Default)]));
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #derive_schema
        #default
        pub struct #name {
            #(#fields,)*
        }
        #xml
        #xml_encode
        #query
    }
}

/// `#[serde(...)]` of a field. Lists always serialize (an empty list as `[]`), so the JSON and
/// XML decodes of the same data serialize alike.
fn serde_attr(f: &Field) -> TokenStream {
    let rename = lit(&f.api_name);
    let mut parts = vec![quote!(rename = #rename)];
    let list = matches!(f.ty, FieldType::List { .. });
    if !f.required {
        parts.push(quote!(default));
    }
    let with = match (&f.ty, f.required) {
        (FieldType::List { .. }, _) => Some("list"),
        (FieldType::LenientString | FieldType::LenientInt64, true) => Some("lenient"),
        (FieldType::LenientString | FieldType::LenientInt64, false) => Some("lenient_opt"),
        _ => None,
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
    let name = match (&f.ty, f.required) {
        (FieldType::LenientString, true) => "lenient_string",
        (FieldType::LenientString, false) => "lenient_string_opt",
        (FieldType::LenientInt64, true) => "lenient_int64",
        (FieldType::LenientInt64, false) => "lenient_int64_opt",
        _ => return None,
    };
    let path = lit(&rt::schema_fn(name));
    Some(quote!(#[cfg_attr(feature = "schemars", schemars(schema_with = #path))]))
}

/// `schemars::JsonSchema` of an enum: any string (unknown values are kept), the known ones as
/// examples.
fn emit_enum_schema(def: &EnumDef) -> TokenStream {
    let name = ident(&def.name);
    let schema_name = lit(&def.name);
    let description = lit(&def.description);
    let values = def.values.iter().map(|v| lit(&v.value));
    let open_enum = rt::open_enum_schema();
    quote! {
        #[cfg(feature = "schemars")]
        impl ::schemars::JsonSchema for #name {
            fn schema_name() -> String {
                #schema_name.to_owned()
            }

            fn json_schema(_: &mut ::schemars::r#gen::SchemaGenerator) -> ::schemars::schema::Schema {
                #open_enum(#description, &[#(#values),*])
            }
        }
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
    let no_prefix = TokenStream::new();
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
        arms.push(quote!(#element_bytes => #var = #read,));
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
                    match name.as_bytes() {
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
            FieldType::String | FieldType::LenientString => quote!(q.push(&format!(#key), #v);),
            _ => quote!(q.push_display(&format!(#key), #v);),
        };
        if f.required || matches!(f.ty, FieldType::List { .. }) {
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

fn emit_enum(def: &EnumDef) -> TokenStream {
    let doc = docs::outer(&def.description);
    let name = ident(&def.name);
    let variants: Vec<_> = def.values.iter().map(|v| ident(&v.variant)).collect();
    let values: Vec<_> = def.values.iter().map(|v| lit(&v.value)).collect();
    let variant_docs = def.values.iter().map(|v| docs::outer(&v.description));
    let expected = lit(&format!("a {} value", def.name));
    let scalar = rt::xml_scalar();
    let text = rt::xml_text();
    let visitor = rt::code_visitor();
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#variant_docs #variants,)*
            /// A value this version does not know; kept as received.
            Unknown(String),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #values,)*
                    Self::Unknown(value) => value.as_str(),
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#values => Self::#variants,)*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl From<String> for #name {
            fn from(value: String) -> Self {
                match value.as_str() {
                    #(#values => Self::#variants,)*
                    _ => Self::Unknown(value),
                }
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_str(#visitor::<Self>::new(#expected))
            }
        }

        impl #scalar for #name {
            const EXPECTED: &'static str = #expected;

            fn parse_text(text: &str) -> Option<Self> {
                Some(Self::from(text))
            }
        }

        impl #text for #name {
            fn write_text(&self, out: &mut String) {
                out.push_str(self.as_str());
            }
        }
    }
}
