//! The typed mock (feature `mock` of the crate): per operation a `MockServer` method returning
//! the operation's typed handle, and a `MockOperation` impl that reads a received query back
//! into the request type (through its builder, so the mock checks parameters as the client
//! does), both in the operation's file; per object list item type a `QueryDecode` impl (the
//! inverse of its `QueryEncode`), in the type's file. These items carry the setting
//! `mock_feature`'s `cfg`.
//!
//! `mock.rs` re-exports the runtime's mock types and, with the `fluent` setting (a generated
//! `Client` exists), defines the service's `MockServer`: a wrapper over the runtime's mock
//! server started for this service, whose `client()` is this service's `Client`.

use proc_macro2::TokenStream;
use quote::quote;

use super::operations::op_names;
use super::{affixed, docs, ident, lit, rt};
use crate::model::{Api, FieldType, Operation, ParamKind, ParamType, StructDef};
use crate::settings::Settings;

/// The tokens of `mock.rs`.
pub fn emit(api: &Api, settings: &Settings) -> TokenStream {
    let module_doc = if settings.fluent() {
        docs::inner(&format!(
            "A typed in-process mock of the {} for your own tests (feature `mock`).\n\n\
             Start a [`MockServer`], register what each operation answers, point a client at it \
             ([`MockServer::client`], or [`MockServer::uri`] and [`MockServer::credentials`] \
             with your own builder) and read back the typed requests it received. The server \
             checks every signature like NCP's API gateway and answers in the format each \
             request asks for. One method per operation, generated from the spec: {}.",
            api.title,
            api.operations
                .iter()
                .map(|op| format!("`{}()`", op_names(op).method))
                .collect::<Vec<_>>()
                .join(", ")
        ))
    } else {
        docs::inner(&format!(
            "The typed mock's query decoders for the {}: each request type read back from a \
             received query ([`MockOperation`]), each object list item type from its \
             `name.N.field` parameters ([`QueryDecode`]).",
            api.title
        ))
    };
    let runtime = rt::mock_runtime();
    let server = settings.fluent().then(|| emit_server(api));
    quote! {
        #module_doc

        pub use #runtime::{
            MOCK_ACCESS_KEY, MOCK_SECRET_KEY, MockError, MockOperation, MockResponse,
            OperationMock, QueryDecode, QueryDecodeError, QueryParams, ReceivedRequest,
        };

        #server
    }
}

/// `impl QueryDecode`: each field read from `{prefix}.{apiName}` the way `QueryEncode` wrote it;
/// in the type's file.
pub(crate) fn emit_query_decode(def: &StructDef) -> TokenStream {
    let name = ident(&def.name);
    let runtime = rt::mock_runtime();
    let fields = def.fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        let key = lit(&format!("{{prefix}}.{}", super::escape_format(&f.api_name)));
        let value = match (&f.ty, f.required) {
            (FieldType::List { item, .. }, _) if matches!(**item, FieldType::Struct(_)) => {
                quote!(q.object_list(&format!(#key))?.unwrap_or_default())
            }
            (FieldType::List { .. }, _) => quote!(q.list(&format!(#key))?.unwrap_or_default()),
            (FieldType::Struct(s), true) => {
                let s = ident(s);
                quote!(<super::#s as #runtime::QueryDecode>::decode_query(q, &format!(#key))?)
            }
            (FieldType::Struct(s), false) => {
                let s = ident(s);
                quote! {{
                    let key = format!(#key);
                    if q.has_prefix(&key) {
                        Some(<super::#s as #runtime::QueryDecode>::decode_query(q, &key)?)
                    } else {
                        None
                    }
                }}
            }
            (_, true) => quote!(q.required(&format!(#key))?),
            (_, false) => quote!(q.single(&format!(#key))?),
        };
        quote!(#field: #value)
    });
    let (q, prefix) = if def.fields.is_empty() {
        (quote!(_q), quote!(_prefix))
    } else {
        (quote!(q), quote!(prefix))
    };
    quote! {
        impl #runtime::QueryDecode for #name {
            fn decode_query(
                #q: &#runtime::QueryParams,
                #prefix: &str,
            ) -> Result<Self, #runtime::QueryDecodeError> {
                Ok(Self { #(#fields,)* })
            }
        }
    }
}

/// One operation's `MockOperation` impl and (with a client) `MockServer` method, in the
/// operation's file.
pub(crate) fn emit_operation(op: &Operation, settings: &Settings) -> TokenStream {
    let handles = settings.fluent();
    let cfg = super::types::mock_cfg(settings);
    let names = op_names(op);
    let (request, method) = (&names.request, &names.method);
    let runtime = rt::mock_runtime();
    let method_doc = docs::outer(&docs::join(&[
        &format!("`{}`: {}", op.name, op.summary),
        &format!(
            "The mock's handle of this operation: register its answers \
             ([`OperationMock::respond_with`](ncloud_runtime::mock::OperationMock::respond_with) \
             takes a [`{body}`](super::super::types::{body})) and read the [`{request}`]s it \
             received.",
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
                quote!(let b = b.#set(q.object_list(#name)?);)
            }
            ParamKind::List(_) => quote!(let b = b.#set(q.list(#name)?);),
        }
    });
    let handle = handles.then(|| {
        quote! {
            #cfg
            impl super::super::mock::MockServer {
                #method_doc
                pub fn #method(&self) -> #runtime::OperationMock<'_, #request> {
                    self.runtime().operation()
                }
            }
        }
    });
    quote! {
        #handle

        #cfg
        impl #runtime::MockOperation for #request {
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

/// The service's `MockServer` and its builder: the runtime's mock started for this service.
fn emit_server(api: &Api) -> TokenStream {
    let runtime = rt::mock_runtime();
    let client = rt::client();
    let doc = docs::outer(&format!(
        "A typed in-process mock of the {}, for your own tests.\n\n\
         It serves HTTP/1.1 on `127.0.0.1` (a free port) under the service's base path, checks \
         every request's signature like NCP's API gateway and answers in the format the request \
         asks for. Register what each operation answers with the per-operation methods \
         (`mock.operation_name().respond_with(output)`), point a client at it \
         ([`MockServer::client`]) and read back the typed requests it received. The runtime's \
         server underneath ([`MockServer::runtime`], also reached through `Deref`) has the \
         rest: `uri()`, `credentials()`, `received()`, `reset()`. The server stops when this is \
         dropped.",
        api.title
    ));
    quote! {
        #doc
        #[derive(Debug)]
        pub struct MockServer {
            inner: #runtime::MockServer,
        }

        impl MockServer {
            /// Starts a mock that accepts [`MOCK_ACCESS_KEY`] / [`MOCK_SECRET_KEY`].
            ///
            /// # Panics
            ///
            /// When no port on 127.0.0.1 can be bound, or outside a Tokio runtime.
            pub async fn start() -> MockServer {
                Self::builder().start().await
            }

            /// A builder, to choose the credentials the mock accepts.
            pub fn builder() -> MockServerBuilder {
                MockServerBuilder {
                    inner: #runtime::MockServer::builder(&super::client::SERVICE),
                }
            }

            /// A client pointed at the mock: its gateway and credentials, and retries with
            /// short backoffs so that tests of retried failures stay fast.
            pub fn client(&self) -> #client {
                self.inner.client()
            }

            /// A builder with [`client`](Self::client)'s settings, to change some.
            pub fn client_builder(&self) -> super::client::ClientBuilder {
                self.inner.client_builder()
            }

            /// The runtime's mock server underneath.
            pub fn runtime(&self) -> &#runtime::MockServer {
                &self.inner
            }
        }

        impl ::std::ops::Deref for MockServer {
            type Target = #runtime::MockServer;

            fn deref(&self) -> &Self::Target {
                &self.inner
            }
        }

        /// Configures a [`MockServer`].
        #[derive(Debug)]
        #[must_use]
        pub struct MockServerBuilder {
            inner: #runtime::MockServerBuilder,
        }

        impl MockServerBuilder {
            /// Accept (only) these credentials.
            pub fn credentials(self, credentials: ::ncloud_runtime::Credentials) -> Self {
                MockServerBuilder {
                    inner: self.inner.credentials(credentials),
                }
            }

            /// Starts the server.
            ///
            /// # Panics
            ///
            /// When no port on 127.0.0.1 can be bound, or outside a Tokio runtime.
            pub async fn start(self) -> MockServer {
                MockServer {
                    inner: self.inner.start().await,
                }
            }
        }
    }
}
