//! The client surface: per operation a `Client` method returning a fluent builder with the same
//! setters and `send()`, written into the operation's file; `fluent.rs` re-exports the
//! builders.

use proc_macro2::TokenStream;
use quote::quote;

use super::operations::{op_names, setter_docs, setter_types};
use super::{affixed, docs, ident, rt};
use crate::model::{Api, Group, Operation, Param};
use crate::settings::Settings;

/// The tokens of `fluent.rs`: the fluent builders, re-exported from the operations' modules.
pub fn emit(api: &Api, _settings: &Settings) -> TokenStream {
    let module_doc = docs::inner(&format!(
        "The client surface of the {}: one `Client` method per operation, returning a builder \
         that collects the parameters and sends the request. Each is generated in its \
         operation's file and re-exported here.",
        api.title
    ));
    let uses = api.operations.iter().map(|op| {
        let module = ident(&op.module);
        let fluent = op_names(op).fluent;
        if op.waiters.is_empty() {
            return quote!(pub use super::operations::#module::#fluent;);
        }
        let waits = op.waiters.iter().map(|w| ident(&w.builder));
        quote!(pub use super::operations::#module::{#fluent #(, #waits)*};)
    });
    quote! {
        #module_doc
        #(#uses)*
    }
}

/// One operation's `Client` method and fluent builder, in the operation's file.
pub(crate) fn emit_operation(op: &Operation) -> TokenStream {
    let names = op_names(op);
    let (request, builder, fluent, method) =
        (&names.request, &names.builder, &names.fluent, &names.method);
    let client = rt::client_from_operation();
    let error = rt::client_error();
    let body = ident(&op.body);
    let method_doc = docs::outer(&docs::join(&[
        &format!("`{}`: {}", op.name, op.summary),
        &op.description,
        "Set the parameters on the returned builder, then call `send().await`.",
    ]));
    let fluent_doc = docs::outer(&format!(
        "Fluent builder of a `{}` request, made by `Client::{}`.",
        op.name, names.method
    ));
    let send_doc = docs::outer(&format!(
        "Checks the parameters, sends the request and decodes the response.\n\n\
         # Errors\n\n\
         When a parameter is invalid (see [`{builder}::build`]), the request fails, or the API answers with an error."
    ));
    let setters = op.params.iter().map(|p| emit_setters(p, &op.groups));
    let waiters = super::waiters::emit_operation(op);

    let paginator = op.pagination.as_ref().map(|pg| {
        let paginator = rt::paginator();
        let invalid = rt::invalid_request();
        let doc = docs::outer(&format!(
            "Checks the parameters and returns a paginator that walks every page (`{}`/`{}`), \
             as a stream of pages or of items.\n\n\
             # Errors\n\n\
             When a parameter is invalid (see [`{builder}::build`]).",
            pg.page_no, pg.page_size
        ));
        quote! {
            #doc
            pub fn into_paginator(self) -> Result<#paginator<#request>, #invalid> {
                Ok(self.client.paginate(self.inner.build()?))
            }
        }
    });
    let call_options = rt::call_options();
    // Mutations only: a read is retried on every transient failure anyway.
    let idempotent = op.mutation.then(|| {
        let doc = docs::outer(
            "Marks this call as safe to repeat (`true`): it is then retried on every retryable \
             failure, like a read, even after the request may have reached the API (a timeout, \
             a reset, a 5xx). By default a mutation is retried only when it cannot have been \
             carried out. Only for calls whose repetition is known to be harmless.",
        );
        quote! {
            #doc
            pub fn idempotent(mut self, idempotent: bool) -> Self {
                self.options = self.options.idempotent(idempotent);
                self
            }
        }
    });
    quote! {
        impl #client {
            #method_doc
            pub fn #method(&self) -> #fluent {
                #fluent {
                    client: self.clone(),
                    inner: #request::builder(),
                    options: #call_options::new(),
                }
            }
        }

        #fluent_doc
        #[derive(Clone, Debug)]
        pub struct #fluent {
            client: #client,
            inner: #builder,
            options: #call_options,
        }

        impl #fluent {
            #(#setters)*

            #idempotent

            #send_doc
            pub async fn send(self) -> Result<super::super::types::#body, #error> {
                let req = self.inner.build()?;
                self.client.runtime().send_with(req, &self.options).await
            }

            #paginator
        }

        #waiters
    }
}

pub(crate) fn emit_setters(param: &Param, groups: &[Group]) -> TokenStream {
    let field = ident(&param.rust_name);
    let set = affixed("set_", &param.rust_name, "");
    let (add_doc, set_doc) = setter_docs(param, groups);
    let (add_doc, set_doc) = (docs::outer(&add_doc), docs::outer(&set_doc));
    let (value, option) = setter_types(param);
    quote! {
        #add_doc
        pub fn #field(mut self, v: impl Into<#value>) -> Self {
            self.inner = self.inner.#field(v);
            self
        }

        #set_doc
        pub fn #set(mut self, v: #option) -> Self {
            self.inner = self.inner.#set(v);
            self
        }
    }
}
