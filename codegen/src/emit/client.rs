//! `client.rs`: the service's own `Client`, a thin wrapper over the runtime's, and the
//! `ServiceInfo` the runtime needs (the base path from the spec's `servers`).
//!
//! The per-operation methods are inherent impls on this type, emitted with each operation
//! (`fluent.rs`); this file holds what does not depend on the operations.

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, lit, rt};
use crate::model::{Api, Service};

/// The tokens of `client.rs`.
pub fn emit(api: &Api, service: &Service) -> TokenStream {
    let module_doc = docs::inner(&format!(
        "The client of the {}: [`Client`] wraps the runtime's client for this service (its base \
         path `{}` on every API gateway); one method per operation returns a fluent builder.",
        api.title, service.base_path
    ));
    let runtime_client = rt::runtime_client();
    let builder = rt::client_builder();
    let service_client = rt::service_client();
    let service_info = rt::service_info();
    let error = rt::client_error();
    let operation = rt::operation();
    let paginated = rt::paginated();
    let paginator = rt::paginator();
    let unknown = rt::unknown_field();
    let endpoint = quote!(::ncloud_runtime::Endpoint);
    let format = quote!(::ncloud_runtime::Format);
    let retry = quote!(::ncloud_runtime::RetryPolicy);
    let (name, base_path) = (lit(&service.name), lit(&service.base_path));
    let service_codes = (!service.retryable_codes.is_empty()).then(|| {
        let codes = service.retryable_codes.iter().map(|c| lit(c));
        quote!(.with_retryable_codes(&[#(#codes),*]))
    });
    let agent = lit(&format!("ncloud-{}-rust/", service.name));
    let service_doc = docs::outer(&format!(
        "The {} as the runtime knows it: short name `{}`, base path `{}`.",
        api.title, service.name, service.base_path
    ));
    let client_doc = docs::outer(&format!(
        "A client of the {}.\n\n\
         Cheap to clone and safe to share between tasks. Build one with [`Client::from_env`] or \
         [`Client::builder`]; call operations through the per-operation methods, which return \
         fluent builders ending in `.send().await`, or send a request value with \
         [`Client::send`].",
        api.title
    ));
    quote! {
        #module_doc

        #service_doc
        pub static SERVICE: #service_info = #service_info::new(
            #name,
            #base_path,
            concat!(#agent, env!("CARGO_PKG_VERSION")),
        )#service_codes;

        /// Configures and builds a [`Client`]; see the runtime's builder for the settings and
        /// their defaults.
        pub type ClientBuilder = #builder<Client>;

        #client_doc
        #[derive(Clone, Debug)]
        pub struct Client {
            inner: #runtime_client,
        }

        impl #service_client for Client {
            const SERVICE: &'static #service_info = &SERVICE;
        }

        impl From<#runtime_client> for Client {
            /// Wraps a runtime client; it must have been built for [`SERVICE`] (as
            /// [`ClientBuilder`] builds it), else calls go to another service's paths.
            fn from(inner: #runtime_client) -> Self {
                debug_assert_eq!(inner.service(), &SERVICE, "a runtime client of another service");
                Client { inner }
            }
        }

        impl Client {
            /// A builder with the runtime's defaults for this service.
            pub fn builder() -> ClientBuilder {
                ClientBuilder::default()
            }

            /// The one-line setup: credentials from the default chain (environment, then
            /// `~/.ncloud/configure`), the gateway from `NCLOUD_API_GW` when set (else the
            /// public one), every other setting at its default. Same as
            /// `Client::builder().build()`.
            ///
            /// # Errors
            ///
            /// When no credentials are found or `NCLOUD_API_GW` is not a valid URL.
            pub fn from_env() -> Result<Self, #error> {
                Self::builder().build()
            }

            /// The runtime client underneath: its settings (endpoint, base URL, format, retry
            /// policy, access key) and anything this type does not forward.
            pub fn runtime(&self) -> &#runtime_client {
                &self.inner
            }

            /// Sends a request value and returns its decoded response (see the runtime's
            /// `Client::send`).
            ///
            /// # Errors
            ///
            /// When the request fails or the API answers with an error.
            pub async fn send<O: #operation>(&self, op: O) -> Result<O::Output, #error> {
                self.inner.send(op).await
            }

            /// Like [`Client::send`], and also returns the response fields the types do not
            /// know (element paths), e.g. to notice that the API grew a field the spec lacks.
            ///
            /// # Errors
            ///
            /// As [`Client::send`].
            pub async fn send_with_unknown<O: #operation>(
                &self,
                op: O,
            ) -> Result<(O::Output, Vec<#unknown>), #error> {
                self.inner.send_with_unknown(op).await
            }

            /// A paginator over every page of a list operation's results.
            pub fn paginate<O: #paginated>(&self, op: O) -> #paginator<O> {
                self.inner.paginate(op)
            }

            /// The gateway calls go to.
            pub fn endpoint(&self) -> &#endpoint {
                self.inner.endpoint()
            }

            /// The base URL of the service on that gateway.
            pub fn base_url(&self) -> &str {
                self.inner.base_url()
            }

            /// The response format requested from the API.
            pub fn response_format(&self) -> #format {
                self.inner.response_format()
            }

            /// The retry policy.
            pub fn retry_policy(&self) -> &#retry {
                self.inner.retry_policy()
            }

            /// The access key calls are signed with (the secret key is not accessible).
            pub fn access_key(&self) -> &str {
                self.inner.access_key()
            }

            /// The signed HTTP request the first attempt of `op` would send, without sending
            /// it (for inspection and benchmarks).
            ///
            /// # Errors
            ///
            /// As the runtime's `Client::signed_request`.
            pub fn signed_request<O: #operation>(&self, op: &O) -> Result<::ncloud_runtime::client::HttpRequest, #error> {
                self.inner.signed_request(op)
            }
        }
    }
}
