//! Secrets (`x-ncp-sensitive`) in `Debug` output: a type with a secret field gets a `Debug`
//! impl of its own that prints `"***"` for it (through the runtime's `check::Redacted`) and
//! every other field as the derive would; other types derive `Debug`.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, lit, rt};
use crate::model::{FieldType, StructDef};

/// One field of a `Debug` impl: its Rust name, whether it is a secret, and whether it is an
/// `Option` (a secret `Option` still shows `None`).
pub(crate) struct DebugField<'a> {
    pub(crate) rust_name: &'a str,
    pub(crate) sensitive: bool,
    pub(crate) optional: bool,
}

/// `impl Debug for #ty` printing `fields` in order, secrets as `"***"`.
pub(crate) fn debug_impl(ty: &proc_macro2::Ident, fields: &[DebugField<'_>]) -> TokenStream {
    let redacted = rt::redacted();
    let fields = fields.iter().map(|f| {
        let field = ident(f.rust_name);
        let name = lit(f.rust_name.strip_prefix("r#").unwrap_or(f.rust_name));
        let value = match (f.sensitive, f.optional) {
            (false, _) => quote!(&self.#field),
            (true, false) => quote!(&#redacted),
            (true, true) => quote!(&self.#field.as_ref().map(|_| #redacted)),
        };
        quote!(.field(#name, #value))
    });
    let name = lit(&ty.to_string());
    quote! {
        impl ::std::fmt::Debug for #ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#name)
                    #(#fields)*
                    .finish()
            }
        }
    }
}

/// For a generated struct: `Debug` in its derive list when no field is a secret, else nothing
/// there and the impl to put after the struct.
pub(crate) fn struct_debug(def: &StructDef) -> (Option<TokenStream>, Option<TokenStream>) {
    if !def.fields.iter().any(|f| f.sensitive) {
        return (Some(quote!(Debug,)), None);
    }
    let fields: Vec<DebugField<'_>> = def
        .fields
        .iter()
        .map(|f| DebugField {
            rust_name: &f.rust_name,
            sensitive: f.sensitive,
            optional: !f.required && !matches!(f.ty, FieldType::List { .. }),
        })
        .collect();
    (None, Some(debug_impl(&ident(&def.name), &fields)))
}
