//! Stage 3: the model to token streams, one function per output file.
//!
//! Generated code names the runtime by absolute paths (`::ncloud_runtime::...`, see [`rt`]),
//! and its own items by relative ones: a type's file names the other types `super::X`, an
//! operation's file names them `super::super::types::X` (and the client
//! `super::super::client::Client`), so the same output compiles as the crate's modules and as
//! a feature module of the snapshot crate.

pub mod cli;
pub mod client;
pub mod crate_root;
pub mod docs;
pub mod fluent;
pub mod mock;
pub mod module;
pub mod operations;
mod redact;
pub mod registry;
pub mod rt;
pub mod sample;
pub mod types;
pub mod waiters;

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote};

use crate::model::{FieldType, ParamType};

/// The making of one output file's tokens, deferred: the generator runs these on several
/// threads. A `TokenStream` cannot leave the thread that made it (`proc_macro2`'s types are
/// not `Send`), so each job makes its own, and its thread formats them.
pub type Job<'a> = Box<dyn FnOnce() -> TokenStream + Send + 'a>;

/// An identifier from a model name; `r#type` becomes a raw identifier.
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// `prefix_name` / `name_suffix` from a possibly raw name: `set_` + `r#type` -> `set_type`.
pub(crate) fn affixed(prefix: &str, name: &str, suffix: &str) -> Ident {
    let bare = name.strip_prefix("r#").unwrap_or(name);
    format_ident!("{prefix}{bare}{suffix}")
}

/// An integer literal without suffix (negative values as `-N`).
pub(crate) fn int_lit(v: i64) -> TokenStream {
    let abs = Literal::u64_unsuffixed(v.unsigned_abs());
    if v < 0 { quote!(-#abs) } else { quote!(#abs) }
}

/// The Rust type of a field value (without `Option`); `types` is the path prefix of the
/// generated types (empty inside `types.rs`, `super::types::` elsewhere).
pub(crate) fn field_type(ty: &FieldType, types: &TokenStream) -> TokenStream {
    if let Some(scalar) = ty.scalar() {
        return (scalar.info().rust)();
    }
    match ty {
        FieldType::Enum(name) | FieldType::Struct(name) => {
            let name = ident(name);
            quote!(#types #name)
        }
        FieldType::List { item, .. } => {
            let item = field_type(item, types);
            quote!(Vec<#item>)
        }
        _ => unreachable!("scalars come from the table"),
    }
}

/// The Rust type of a parameter value (without `Option`/`Vec`), as named in an operation's file.
pub(crate) fn param_type(ty: &ParamType) -> TokenStream {
    if let Some(scalar) = ty.scalar() {
        return (scalar.info().rust)();
    }
    match ty {
        ParamType::Enum(name) | ParamType::Object(name) => {
            let name = ident(name);
            quote!(super::super::types::#name)
        }
        _ => unreachable!("scalars come from the table"),
    }
}

/// A `format!` argument for `prefix.name` that is safe for any wire name.
pub(crate) fn escape_format(s: &str) -> String {
    s.replace('{', "{{").replace('}', "}}")
}

/// A string literal.
pub(crate) fn lit(s: &str) -> Literal {
    Literal::string(s)
}

/// A byte string literal.
pub(crate) fn byte_lit(s: &str) -> Literal {
    Literal::byte_string(s.as_bytes())
}
