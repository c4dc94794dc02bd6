//! `registry.rs`: every operation of the spec in one list, for tools and tests (behind the
//! crate's `tools` feature when the settings say so). The runtime's `registry::OperationVisitor`
//! is called once per request type, so a test, a fuzz target or `check-sample` covers every
//! operation the spec has without a hand-kept list.

use proc_macro2::TokenStream;
use quote::quote;

use super::operations::op_names;
use super::{docs, lit};
use crate::model::Api;

/// The tokens of `registry.rs`.
pub fn emit(api: &Api) -> TokenStream {
    let doc = docs::inner(&format!(
        "Every operation of the {}, for tools and tests: [`for_each_operation`] visits each \
         request type in spec order, [`OPERATION_NAMES`] lists the names.",
        api.title
    ));
    let requests = api.operations.iter().map(|op| {
        let request = op_names(op).request;
        quote!(v.visit::<super::operations::#request>();)
    });
    let names = api.operations.iter().map(|op| lit(&op.name));
    let count = proc_macro2::Literal::usize_unsuffixed(api.operations.len());
    let v = if api.operations.is_empty() {
        quote!(_v)
    } else {
        quote!(v)
    };
    quote! {
        #doc

        /// The operations' names (`getServerImageDetail`, ...), in spec order.
        pub const OPERATION_NAMES: [&str; #count] = [#(#names),*];

        /// Calls `v.visit::<Request>()` for every operation's request type, in spec order.
        pub fn for_each_operation<V: ::ncloud_runtime::registry::OperationVisitor>(#v: &mut V) {
            #(#requests)*
        }
    }
}
