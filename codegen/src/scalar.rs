//! The one table of scalar kinds: for each, its Rust type, its XSD type, how the query/form
//! writer sends it, and the runtime's serde and schemars helpers it needs. A new scalar (a new
//! `format`) is a variant of the model's [`Scalar`] (fields hold it as `FieldType::Scalar`), a
//! row in [`Scalar::info`], and where the model recognises it
//! (`model/schemas.rs` for fields, `model/operations.rs` for parameters); every stage after the
//! model reads this table instead of matching on the kind itself.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::rt;

pub use crate::model::Scalar;

/// How the query/form writer sends a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueryWrite {
    /// As the text it is (`QueryWriter::push`).
    Text,
    /// Through `Display` (`QueryWriter::push_display`): numbers, booleans.
    Display,
}

/// What every stage needs to know of one scalar kind.
#[derive(Clone, Copy, Debug)]
pub struct ScalarInfo {
    /// The Rust type.
    pub rust: fn() -> TokenStream,
    /// The XSD simple type's key in `xsd.rs` (`text`, `int64`, ...).
    pub xsd: &'static str,
    /// How requests send it.
    pub query: QueryWrite,
    /// The runtime's `json` functions for `deserialize_with` (required, optional), for kinds
    /// that serde's own impls do not decode as the API sends them.
    pub json_with: Option<(&'static str, &'static str)>,
    /// The runtime's `schema` functions for `schemars(schema_with)` (required, optional), for
    /// kinds whose JSON Schema is not the Rust type's.
    pub schema_with: Option<(&'static str, &'static str)>,
}

impl Scalar {
    /// The row of the table.
    pub fn info(self) -> ScalarInfo {
        let plain = |rust: fn() -> TokenStream, xsd, query| ScalarInfo {
            rust,
            xsd,
            query,
            json_with: None,
            schema_with: None,
        };
        match self {
            Scalar::String => plain(|| quote!(String), "text", QueryWrite::Text),
            Scalar::Int32 => plain(|| quote!(i32), "int32", QueryWrite::Display),
            Scalar::Int64 => plain(|| quote!(i64), "int64", QueryWrite::Display),
            Scalar::F64 => plain(|| quote!(f64), "double", QueryWrite::Display),
            Scalar::Bool => plain(|| quote!(bool), "boolean", QueryWrite::Display),
            Scalar::DateTime => plain(rt::date_time, "dateTime", QueryWrite::Display),
            Scalar::LenientString => ScalarInfo {
                json_with: Some(("lenient", "lenient_opt")),
                schema_with: Some(("lenient_string", "lenient_string_opt")),
                ..plain(|| quote!(String), "text", QueryWrite::Text)
            },
            Scalar::LenientInt64 => ScalarInfo {
                json_with: Some(("lenient", "lenient_opt")),
                schema_with: Some(("lenient_int64", "lenient_int64_opt")),
                ..plain(|| quote!(i64), "int64", QueryWrite::Display)
            },
        }
    }
}

impl crate::model::FieldType {
    /// The scalar kind of a scalar field type.
    pub fn scalar(&self) -> Option<Scalar> {
        match self {
            crate::model::FieldType::Scalar(scalar) => Some(*scalar),
            _ => None,
        }
    }
}

impl crate::model::ParamType {
    /// The scalar kind of a scalar parameter type.
    pub fn scalar(&self) -> Option<Scalar> {
        use crate::model::ParamType as P;
        Some(match self {
            P::String => Scalar::String,
            P::Int32 => Scalar::Int32,
            P::Int64 => Scalar::Int64,
            P::Bool => Scalar::Bool,
            P::Enum(_) | P::Object(_) => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Scalar; 8] = [
        Scalar::String,
        Scalar::Int32,
        Scalar::Int64,
        Scalar::F64,
        Scalar::Bool,
        Scalar::DateTime,
        Scalar::LenientString,
        Scalar::LenientInt64,
    ];

    /// The helpers the table names exist in the runtime (read from its source: the generated
    /// code would otherwise only fail to compile in the crate).
    #[test]
    fn the_runtime_has_every_helper_the_table_names() {
        let json = include_str!("../../runtime/src/json.rs");
        let schema = include_str!("../../runtime/src/schema.rs");
        for scalar in ALL {
            let info = scalar.info();
            for f in info.json_with.into_iter().flat_map(|(a, b)| [a, b]) {
                assert!(
                    json.contains(&format!("pub fn {f}<")),
                    "{scalar:?}: json::{f}"
                );
            }
            for f in info.schema_with.into_iter().flat_map(|(a, b)| [a, b]) {
                assert!(
                    schema.contains(&format!("pub fn {f}(")),
                    "{scalar:?}: schema::{f}"
                );
            }
            assert!(!(info.rust)().is_empty());
        }
    }

    #[test]
    fn lenient_kinds_share_their_rust_type_with_the_plain_ones() {
        let ty = |s: Scalar| (s.info().rust)().to_string();
        assert_eq!(ty(Scalar::LenientString), ty(Scalar::String));
        assert_eq!(ty(Scalar::LenientInt64), ty(Scalar::Int64));
        assert_eq!(Scalar::LenientString.info().query, QueryWrite::Text);
        assert_eq!(Scalar::Int64.info().query, QueryWrite::Display);
        assert_eq!(Scalar::DateTime.info().xsd, "dateTime");
    }
}
