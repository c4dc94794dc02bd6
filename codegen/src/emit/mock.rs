//! `mock.rs` (feature `mock` of the crate): per operation a `MockServer` method returning the
//! operation's typed handle, and a `MockOperation` impl that reads a received query back into
//! the request type (through its builder, so the mock checks parameters as the client does).

use proc_macro2::TokenStream;
use quote::quote;

use super::operations::op_names;
use super::{affixed, docs, lit, rt};
use crate::model::{Api, Operation, ParamKind, ParamType};
use crate::settings::Settings;

/// The tokens of `mock.rs`.
pub fn emit(api: &Api, _settings: &Settings) -> TokenStream {
    let module_doc = docs::inner(&format!(
        "A typed in-process mock of the {} for your own tests (feature `mock`).\n\n\
         Start a [`MockServer`], register what each operation answers, point a client at it \
         ([`MockServer::client`], or [`MockServer::uri`] and [`MockServer::credentials`] with \
         your own builder) and read back the typed requests it received. The server checks \
         every signature like NCP's API gateway and answers in the format each request asks \
         for. One method per operation, generated from the spec: {}.",
        api.title,
        api.operations
            .iter()
            .map(|op| format!("`{}()`", op_names(op).method))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    let runtime = rt::mock_runtime();
    let ops = api.operations.iter().map(emit_operation);
    quote! {
        #module_doc

        pub use #runtime::{
            MOCK_ACCESS_KEY, MOCK_SECRET_KEY, MockError, MockOperation, MockResponse, MockServer,
            MockServerBuilder, OperationMock, QueryDecodeError, QueryParams, ReceivedRequest,
        };

        #(#ops)*
    }
}

fn emit_operation(op: &Operation) -> TokenStream {
    let names = op_names(op);
    let (request, method) = (&names.request, &names.method);
    let runtime = rt::mock_runtime();
    let method_doc = docs::outer(&docs::join(&[
        &format!("`{}`: {}", op.name, op.summary),
        &format!(
            "The mock's handle of this operation: register its answers \
             ([`OperationMock::respond_with`] takes a [`{body}`](super::types::{body})) and \
             read the [`{request}`](super::operations::{request})s it received.",
            body = op.body
        ),
    ]));
    let singles: Vec<_> = op
        .params
        .iter()
        .filter(|p| matches!(p.kind, ParamKind::Single(_)))
        .map(|p| lit(&p.api_name))
        .collect();
    let lists: Vec<_> = op
        .params
        .iter()
        .filter(|p| matches!(p.kind, ParamKind::List(_)))
        .map(|p| lit(&p.api_name))
        .collect();
    let q = if op.params.is_empty() {
        quote!(_q)
    } else {
        quote!(q)
    };
    let reads = op.params.iter().map(|p| {
        let set = affixed("set_", &p.rust_name, "");
        let name = lit(&p.api_name);
        match &p.kind {
            ParamKind::Single(_) => quote!(let b = b.#set(q.single(#name)?);),
            ParamKind::List(ParamType::Object(_)) => {
                // Object list items (`name.N.field`) are not read back yet: say so rather than
                // record a request without them.
                quote! {
                    if q.pairs().iter().any(|(k, _)| k.starts_with(concat!(#name, "."))) {
                        return Err(#runtime::QueryDecodeError::new(
                            #name,
                            "the mock does not read object list parameters back yet",
                        ));
                    }
                }
            }
            ParamKind::List(_) => quote!(let b = b.#set(q.list(#name)?);),
        }
    });
    quote! {
        impl #runtime::MockServer {
            #method_doc
            pub fn #method(&self) -> #runtime::OperationMock<'_, super::operations::#request> {
                self.operation()
            }
        }

        impl #runtime::MockOperation for super::operations::#request {
            fn from_query(
                #q: &#runtime::QueryParams,
            ) -> Result<Self, #runtime::QueryDecodeError> {
                #q.deny_unknown(&[#(#singles),*], &[#(#lists),*])?;
                let b = Self::builder();
                #(#reads)*
                Ok(b.build()?)
            }
        }
    }
}
