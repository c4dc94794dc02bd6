//! `lib.rs` of a generated service crate: crate docs from the spec's `info` and operation list,
//! the module declarations, and re-exports of the runtime types every caller needs.

use proc_macro2::TokenStream;
use quote::quote;

use super::operations::op_names;
use super::{docs, lit};
use crate::model::Api;
use crate::settings::{LibSettings, Settings};

/// The tokens of `lib.rs`.
pub fn emit(api: &Api, settings: &Settings, lib: &LibSettings) -> TokenStream {
    let doc = docs::inner(&crate_docs(api, settings, lib));
    let mock = settings.mock().then(|| {
        quote! {
            #[cfg(feature = "mock")]
            pub mod mock;
        }
    });
    // Only tools and tests need the list of every operation: behind `tools` when the crate has
    // that feature.
    let registry = if settings.tools() {
        quote! {
            #[cfg(feature = "tools")]
            pub mod registry;
        }
    } else {
        quote!(
            pub mod registry;
        )
    };
    let schema = lib.xsd_include.as_deref().map(|path| {
        let path = lit(path);
        quote! {
            /// An XML Schema (XSD 1.0) of the XML response bodies, generated from the spec by
            /// `cargo xtask regen`: strict about the types of the elements it knows, lax about
            /// others. Validate a captured body with any XSD tool, e.g.
            /// `xmllint --noout --schema schema.xsd body.xml`.
            pub const XML_SCHEMA: &str = include_str!(#path);
        }
    });
    let readme = lib.readme_doctest.as_deref().map(|path| {
        let path = lit(path);
        quote! {
            /// The README's code, compiled as doctests so that the front page cannot rot.
            #[doc = include_str!(#path)]
            #[cfg(doctest)]
            pub struct ReadmeDoctests;
        }
    });
    quote! {
        #doc
        #![deny(missing_docs)]

        pub mod client;
        pub mod fluent;
        #mock
        pub mod operations;
        #registry
        pub mod types;

        pub use client::{Client, ClientBuilder, SERVICE};
        /// The runtime this crate builds on: signing, credentials, transport, retries, errors,
        /// decoding, paging.
        pub use ::ncloud_runtime as runtime;
        pub use ::ncloud_runtime::{
            ApiError, Credentials, DecodeError, Endpoint, Error, Format, GatewayError,
            InvalidRequest, Paginator, RetryPolicy,
        };

        #schema
        #readme
    }
}

fn crate_docs(api: &Api, settings: &Settings, lib: &LibSettings) -> String {
    let krate = &lib.crate_name;
    let mut text = format!("Typed bindings for the {}.\n\n", api.title);
    if let Some(op) = api
        .operations
        .iter()
        .find(|op| op.params.iter().all(|p| !p.required))
    {
        let method = &op_names(op).method;
        text.push_str(&format!(
            "```no_run\n\
             # async fn demo() -> Result<(), {krate}::Error> {{\n\
             // Credentials from NCLOUD_ACCESS_KEY_ID / NCLOUD_SECRET_ACCESS_KEY or\n\
             // ~/.ncloud/configure; the gateway from NCLOUD_API_GW when set.\n\
             let client = {krate}::Client::from_env()?;\n\
             let response = client.{method}().send().await?;\n\
             println!(\"{{:?}}\", response);\n\
             # Ok(())\n\
             # }}\n\
             ```\n\n"
        ));
    }
    text.push_str(
        "# What is where\n\
         - [`Client`]: one method per operation, returning a fluent builder that ends in \
         `.send().await`; list operations also offer `.into_paginator()` ([`Paginator`]). \
         [`Client::send`] takes a request value built with [`operations`]' builders instead.\n\
         - [`operations`]: the request types; their builders check what the spec documents \
         (required parameters, ranges, dependencies) before anything is sent.\n\
         - [`types`]: the response types, decoded from XML (generated pull decoders) or JSON \
         (serde) into the same values; codes the API adds later are kept, fields it adds later \
         are skipped and reported by [`Client::send_with_unknown`].\n\
         - [`Error`]: the one error type of every call (from the runtime, [`runtime`]).\n",
    );
    // The first waiter of the spec names the pattern in the docs (with a working link).
    let first_waiter = api
        .operations
        .iter()
        .find_map(|op| op.waiters.first().map(|w| (op, w)));
    if let Some((op, waiter)) = first_waiter {
        let count: usize = api.operations.iter().map(|o| o.waiters.len()).sum();
        text.push_str(&format!(
            "- Waiters ({count}, from the spec's `x-ncp-waiters`): `Client::wait_until_*` polls a \
             list operation until the resources reach a state (for example \
             [`Client::wait_until_{}`], polling `{}`), and the fluent builders of the mutations \
             they follow offer `send_and_wait_until_*`.\n",
            waiter.snake, op.name
        ));
    }
    if settings.mock() {
        text.push_str(
            "- `mock` (feature `mock`): a typed in-process mock of the API for your own tests.\n",
        );
    }
    text.push_str("\n# Operations\n\n| operation | what it does |\n| --- | --- |\n");
    for op in &api.operations {
        let method = &op_names(op).method;
        text.push_str(&format!(
            "| [`{}`](Client::{method}) | {} |\n",
            op.name,
            op.summary.replace('|', "\\|")
        ));
    }
    if let Some(description) = api.description.as_deref() {
        text.push_str("\n# About the API\n\n");
        text.push_str(&demote_headings(description));
    }
    text
}

/// The spec's description uses `##` headings; under the crate's `# About the API` they become
/// `###`.
fn demote_headings(text: &str) -> String {
    text.lines()
        .map(|line| {
            if line.starts_with('#') {
                format!("#{line}")
            } else {
                line.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}
