//! `registry.rs`: every operation of the spec in one list, for tools and tests (behind the
//! crate's `tools` feature when the settings say so). The runtime's `registry::OperationVisitor`
//! is called once per request type, so a test, a fuzz target or `check-sample` covers every
//! operation the spec has without a hand-kept list.

use proc_macro2::TokenStream;
use quote::quote;

use super::operations::op_names;
use super::types::mock_cfg;
use super::{docs, lit};
use crate::Settings;
use crate::model::Api;

/// The tokens of `registry.rs`.
pub fn emit(api: &Api, settings: &Settings) -> TokenStream {
    let doc = docs::inner(&format!(
        "Every operation of the {}, for tools and tests: [`for_each_operation`] visits each \
         request type in spec order, [`OPERATION_NAMES`] lists the names.",
        api.title
    ));
    let requests: Vec<TokenStream> = api
        .operations
        .iter()
        .map(|op| {
            let request = op_names(op).request;
            quote!(v.visit::<super::operations::#request>();)
        })
        .collect();
    let schemas = settings.schemars.then(|| {
        let entries = api.operations.iter().map(|op| {
            let name = lit(&op.name);
            let body = super::ident(&op.body);
            quote!((#name, ::schemars::schema_for!(super::types::#body)))
        });
        quote! {
            /// The JSON Schema (schemars) of every operation's success body, by operation name,
            /// in spec order: what tests compare with the spec.
            #[cfg(feature = "schemars")]
            pub fn response_schemas() -> Vec<(&'static str, ::schemars::schema::RootSchema)> {
                vec![#(#entries),*]
            }
        }
    });
    let names = api.operations.iter().map(|op| lit(&op.name));
    let count = proc_macro2::Literal::usize_unsuffixed(api.operations.len());
    let v = if api.operations.is_empty() {
        quote!(_v)
    } else {
        quote!(v)
    };
    let mock_cfg = mock_cfg(settings);
    let mock_visit = settings.mock.then(|| {
        quote! {
            /// [`for_each_operation`] for visitors that need the typed mock's side of each operation
            /// too: the XML encoder of its output (round trips, fuzz targets) and its query decoder.
            #mock_cfg
            pub fn for_each_mock_operation<V: ::ncloud_runtime::registry::MockVisitor>(#v: &mut V) {
                #(#requests)*
            }
        }
    });
    quote! {
        #doc

        /// The operations' names (`getServerImageDetail`, ...), in spec order.
        pub const OPERATION_NAMES: [&str; #count] = [#(#names),*];

        /// Decodes a response body (XML or JSON, error bodies included) of the operation named
        /// `operation` and returns the decoded output as pretty JSON with the API's field names
        /// in spec order, for maintainer tools (`cargo xtask check-sample`). `None` if there is
        /// no such operation.
        #[doc(hidden)]
        pub fn decode_response_to_json(
            operation: &str,
            body: &[u8],
            unknown: Option<&mut Vec<::ncloud_runtime::UnknownField>>,
        ) -> Option<Result<String, ::ncloud_runtime::BodyError>> {
            let mut decode = ::ncloud_runtime::registry::DecodeNamed::new(operation, body, unknown);
            for_each_operation(&mut decode);
            decode.finish()
        }

        /// Calls `v.visit::<Request>()` for every operation's request type, in spec order.
        pub fn for_each_operation<V: ::ncloud_runtime::registry::OperationVisitor>(#v: &mut V) {
            #(#requests)*
        }

        #mock_visit

        #schemas
    }
}
