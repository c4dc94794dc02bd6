//! `mod.rs` of a feature module: the spec's title and description as module docs, and the
//! declarations of the other files.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use crate::model::Api;
use crate::settings::Settings;

/// The tokens of `mod.rs`.
pub fn emit(api: &Api, settings: &Settings) -> TokenStream {
    let text = docs::join(&[&api.title, api.description.as_deref().unwrap_or_default()]);
    let doc = docs::inner(&text);
    // A module with a client (the waiters' feature spec) declares it beside the fluent builders.
    let fluent = settings.fluent.then(|| {
        quote!(
            pub mod client;
            pub mod fluent;
        )
    });
    let mock = settings.mock.then(|| {
        quote!(
            pub mod mock;
        )
    });
    quote! {
        #doc
        #fluent
        #mock
        pub mod operations;
        pub mod registry;
        pub mod types;
    }
}
