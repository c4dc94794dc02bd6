//! Waiters (`x-ncp-waiters`), in the polled operation's file: per waiter a `static` of the
//! runtime's `Waiter`, a `Client::wait_until_<name>()` method and its builder; in each mutation
//! of its `after`, a `send_and_wait_until_<name>(max_wait)` on the mutation's fluent builder.
//! Only with a client (the `fluent` setting): a wait is calls.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::fluent::emit_setters;
use super::operations::op_names;
use super::{affixed, docs, ident, lit, rt};
use crate::model::{
    Acceptor, Comparator, IdRule, IdsSource, Matcher, Operation, State, WaitAfter, Waiter,
};

fn waiter_mod() -> TokenStream {
    quote!(::ncloud_runtime::waiter)
}

fn duration() -> TokenStream {
    quote!(::std::time::Duration)
}

/// Everything waiters add to one operation's file.
pub(crate) fn emit_operation(op: &Operation) -> TokenStream {
    let polled = op.waiters.iter().map(|w| emit_waiter(op, w));
    let after = op.waits_after.iter().map(|w| emit_wait_after(op, w));
    quote! {
        #(#polled)*
        #(#after)*
    }
}

fn state(s: State) -> TokenStream {
    let w = waiter_mod();
    match s {
        State::Success => quote!(#w::State::Success),
        State::Failure => quote!(#w::State::Failure),
        State::Retry => quote!(#w::State::Retry),
    }
}

fn acceptor(a: &Acceptor) -> TokenStream {
    let w = waiter_mod();
    let st = state(a.state);
    match &a.matcher {
        Matcher::Output { path, comparator } => {
            let path = lit(path);
            let c = match comparator {
                Comparator::Equals(v) => {
                    let v = lit(v);
                    quote!(#w::Comparator::Equals(#v))
                }
                Comparator::AllEqual(v) => {
                    let v = lit(v);
                    quote!(#w::Comparator::AllEqual(#v))
                }
                Comparator::AnyOf(vs) => {
                    let vs = vs.iter().map(|v| lit(v));
                    quote!(#w::Comparator::AnyOf(&[#(#vs),*]))
                }
                Comparator::ListEmpty => quote!(#w::Comparator::ListEmpty),
                Comparator::Present => quote!(#w::Comparator::Present),
                Comparator::Absent => quote!(#w::Comparator::Absent),
            };
            quote!(#w::Acceptor::output(#st, #path, #c))
        }
        Matcher::Ids { path, rule } => {
            let path = lit(path);
            let rule = match rule {
                IdRule::AllPresent => quote!(#w::IdRule::AllPresent),
                IdRule::AnyMissing => quote!(#w::IdRule::AnyMissing),
                IdRule::AllMissing => quote!(#w::IdRule::AllMissing),
            };
            quote!(#w::Acceptor::ids(#st, #path, #rule))
        }
        Matcher::ErrorCode(code) => {
            let code = lit(code);
            quote!(#w::Acceptor::error_code(#st, #code))
        }
    }
}

/// Seconds as the docs write them: `3 s`, `0.5 s`, `1 h` stays `3600 s` (exact and greppable).
fn secs(ms: u64) -> String {
    if ms % 1000 == 0 {
        format!("{} s", ms / 1000)
    } else {
        format!("{} s", ms as f64 / 1000.0)
    }
}

/// The type `wait()` returns on success: the body, or an `Option` of it when the waiter can
/// succeed on an error code (there is no body then).
fn output_type(w: &Waiter, body: &TokenStream) -> TokenStream {
    if w.may_end_without_output() {
        quote!(Option<#body>)
    } else {
        quote!(#body)
    }
}

fn emit_waiter(op: &Operation, w: &Waiter) -> TokenStream {
    let wm = waiter_mod();
    let dur = duration();
    let client = rt::client_from_operation();
    let invalid = rt::invalid_request();
    let names = op_names(op);
    let (request, req_builder) = (&names.request, &names.builder);
    let body_name = ident(&op.body);
    let body = quote!(super::super::types::#body_name);
    let static_name = format_ident!("{}", w.static_name);
    let builder = ident(&w.builder);
    let method = format_ident!("wait_until_{}", w.snake);
    let snake = lit(&w.snake);
    let acceptors = w.acceptors.iter().map(acceptor);
    let retryable = quote!(#wm::Acceptor::retryable_error());
    let [min, max, max_wait] =
        [w.min_delay_ms, w.max_delay_ms, w.max_wait_ms].map(proc_macro2::Literal::u64_unsuffixed);
    let out = output_type(w, &body);
    let input = &w.input;
    let field = ident(&input.rust_name);
    let input_api = lit(&input.api_name);

    let defaults = format!(
        "Polls `{}` after {} at first, backing off (jittered, exponential) to {} between \
         polls, for at most {} with `wait_default()`.",
        op.name,
        secs(w.min_delay_ms),
        secs(w.max_delay_ms),
        secs(w.max_wait_ms)
    );
    let static_doc = docs::outer(&docs::join(&[
        &format!("The `{}` waiter: {}", w.name, w.description),
        &format!("Source: {}", w.source),
    ]));
    let method_doc = docs::outer(&docs::join(&[
        &format!("Waits `{}`: {}", w.name, w.description),
        &format!(
            "Name the resources on the returned builder (`{}(..)`), then call `.wait(max_wait).await` \
             or `.wait_default().await`. {defaults}",
            input.item_setter
        ),
    ]));
    let builder_doc = docs::outer(&format!(
        "A wait `{}`, made by `Client::{method}`: the polled `{}` request's setters, the delays, \
         then `wait`.",
        w.name, op.name
    ));

    let input_setters = if input.list {
        let item = ident(&input.item_setter);
        let list_setter = ident(&input.rust_name);
        let set = affixed("set_", &input.rust_name, "");
        let add_doc = docs::outer(&format!(
            "Adds one resource to wait on (`{}`); call it again for more: one poll covers them \
             all, and the wait ends when all of them match.",
            input.api_name
        ));
        let set_doc = docs::outer(&format!(
            "Replaces the resources to wait on (`{}`).",
            input.api_name
        ));
        quote! {
            #add_doc
            pub fn #item(mut self, v: impl Into<String>) -> Self {
                self.inner = self.inner.#list_setter(v);
                self
            }

            #set_doc
            pub fn #set(mut self, v: Option<Vec<String>>) -> Self {
                self.inner = self.inner.#set(v);
                self
            }
        }
    } else {
        TokenStream::new()
    };
    let other_setters = op
        .params
        .iter()
        .filter(|q| !(input.list && q.api_name == input.api_name))
        .map(|q| emit_setters(q, &op.groups));
    let ids = match (input.list, input.required) {
        (true, true) => quote!(request.#field.clone()),
        (true, false) => quote!(request.#field.clone().unwrap_or_default()),
        (false, true) => quote!(vec![request.#field.clone()]),
        (false, false) => quote!(request.#field.clone().into_iter().collect()),
    };
    let paging = op.pagination.as_ref().map(|pg| {
        let (no, size) = (ident(&pg.page_no), ident(&pg.page_size));
        let max = super::int_lit(pg.max_page_size);
        quote!(.#no(1).#size(#max))
    });
    let paging_doc = op.pagination.as_ref().map(|pg| {
        format!(
            " Each poll asks for the first page of {} items (`{}`, `{}`), so that every \
             resource waited on is listed; a setter can change that.",
            pg.max_page_size, pg.page_no, pg.page_size
        )
    });
    let finish = if w.may_end_without_output() {
        quote!(Ok(output))
    } else {
        quote!(Ok(output.expect(
            "only an error-code acceptor succeeds without an output, and this waiter has none"
        )))
    };
    let wait_doc = docs::outer(&format!(
        "Polls until the resources reach the state, for at most `max_wait` (the last poll is made \
         at that deadline), and returns the body of the poll that matched.{}\n\n\
         # Errors\n\n\
         `WaiterError::Timeout` when `max_wait` passes (with the elapsed time, the polls and the \
         last body), `FailureState` when a failure state is reached (with that body), \
         `PollFailed` when a poll fails with an error the waiter does not retry (a retryable \
         one, after the call's own retries, is polled again), `NotStarted` when no resource is \
         named or a parameter is invalid.",
        paging_doc.unwrap_or_default()
    ));
    let wait_default_doc = docs::outer(&format!(
        "`wait` with the spec's maximum wait for this waiter, {}.\n\n\
         # Errors\n\n\
         As `wait`.",
        secs(w.max_wait_ms)
    ));
    quote! {
        #static_doc
        static #static_name: #wm::Waiter = #wm::Waiter::new(
            #snake,
            &[#(#acceptors,)* #retryable],
        )
        .with_delays(#dur::from_millis(#min), #dur::from_millis(#max))
        .with_max_wait(#dur::from_millis(#max_wait));

        impl #client {
            #method_doc
            pub fn #method(&self) -> #builder {
                #builder {
                    client: self.clone(),
                    inner: #request::builder() #paging,
                    options: #wm::WaitOptions::new(),
                }
            }
        }

        #builder_doc
        #[derive(Clone, Debug)]
        #[must_use = "a wait polls nothing until `wait` or `wait_default` is awaited"]
        pub struct #builder {
            client: #client,
            inner: #req_builder,
            options: #wm::WaitOptions,
        }

        impl #builder {
            /// The waiter: its acceptors, in order, and its default delays and maximum wait.
            pub fn waiter() -> &'static #wm::Waiter {
                &#static_name
            }

            #input_setters
            #(#other_setters)*

            /// The delay after the first poll (later delays grow from it).
            pub fn min_delay(mut self, delay: #dur) -> Self {
                self.options = self.options.min_delay(delay);
                self
            }

            /// The longest delay between two polls.
            pub fn max_delay(mut self, delay: #dur) -> Self {
                self.options = self.options.max_delay(delay);
                self
            }

            /// How delays are drawn between the bounds (random by default; `Jitter::None`
            /// always takes the longest, for reproducible runs and tests).
            pub fn jitter(mut self, jitter: #wm::Jitter) -> Self {
                self.options = self.options.jitter(jitter);
                self
            }

            #wait_doc
            pub async fn wait(self, max_wait: #dur) -> Result<#out, #wm::WaiterError<#body>> {
                let options = self.options.max_wait(max_wait);
                self.run(options).await
            }

            #wait_default_doc
            pub async fn wait_default(self) -> Result<#out, #wm::WaiterError<#body>> {
                let options = self.options;
                self.run(options).await
            }

            async fn run(self, options: #wm::WaitOptions) -> Result<#out, #wm::WaiterError<#body>> {
                let request = self
                    .inner
                    .build()
                    .map_err(|e| #wm::WaiterError::not_started(&#static_name, e))?;
                let ids: Vec<String> = #ids;
                if ids.is_empty() {
                    // Without ids the poll would list every resource and no id rule could match.
                    return Err(#wm::WaiterError::not_started(&#static_name, #invalid::missing(#input_api)));
                }
                let client = &self.client;
                let output = #static_name
                    .wait(&options, &ids, || client.send(request.clone()))
                    .await?;
                #finish
            }
        }
    }
}

fn emit_wait_after(op: &Operation, wa: &WaitAfter) -> TokenStream {
    let wm = waiter_mod();
    let dur = duration();
    let invalid = rt::invalid_request();
    let w = &wa.waiter;
    let fluent = op_names(op).fluent;
    let polled_module = ident(&wa.polled_module);
    let wait_builder = ident(&w.builder);
    let wait_method = format_ident!("wait_until_{}", w.snake);
    let method = format_ident!("send_and_wait_until_{}", w.snake);
    let polled_body = ident(&wa.polled_body);
    let body = quote!(super::super::types::#polled_body);
    let out = output_type(w, &body);
    let input_set = affixed("set_", &w.input.rust_name, "");
    let set_input = if w.input.list {
        quote!(.#input_set(Some(ids)))
    } else {
        quote!(.#input_set(ids.into_iter().next()))
    };
    let (before, after, source) = match &wa.ids {
        IdsSource::Request {
            rust_name,
            api_name,
            list,
            required,
        } => {
            let f = ident(rust_name);
            let ids = match (list, required) {
                (true, true) => quote!(request.#f.clone()),
                (true, false) => quote!(request.#f.clone().unwrap_or_default()),
                (false, true) => quote!(vec![request.#f.clone()]),
                (false, false) => quote!(request.#f.clone().into_iter().collect()),
            };
            let api = lit(api_name);
            (
                quote! {
                    let ids: Vec<String> = #ids;
                    if ids.is_empty() {
                        return Err(#wm::WaiterError::not_started(waiter, #invalid::missing(#api)));
                    }
                },
                TokenStream::new(),
                format!("the resources named in the request (`{api_name}`)"),
            )
        }
        IdsSource::Response {
            list,
            list_api,
            field,
            field_api,
            required,
        } => {
            let (l, f) = (ident(list), ident(field));
            let collect = if *required {
                quote!(output.#l.iter().map(|item| item.#f.clone()).collect())
            } else {
                quote!(output.#l.iter().filter_map(|item| item.#f.clone()).collect())
            };
            let path = lit(&format!("{}Response/{list_api}", op.name));
            let field_lit = lit(field_api);
            (
                TokenStream::new(),
                quote! {
                    let ids: Vec<String> = #collect;
                    if ids.is_empty() {
                        // The call was made; the answer names nothing to wait on.
                        let missing = ::ncloud_runtime::DecodeError::new(
                            self.client.response_format(),
                            #path,
                            ::ncloud_runtime::error::DecodeErrorKind::MissingField { field: #field_lit.to_owned() },
                        );
                        return Err(#wm::WaiterError::not_started(waiter, ::ncloud_runtime::Error::Decode(missing)));
                    }
                },
                format!("the resources its response lists (`{list_api}[].{field_api}`)"),
            )
        }
    };
    // Sent as the fluent builder's `send` sends it: with its call options (`.idempotent`).
    let sent = quote! {
        self.client
            .runtime()
            .send_with(request, &self.options)
            .await
            .map_err(|e| #wm::WaiterError::not_started(waiter, e))?
    };
    let send = if after.is_empty() {
        quote!(#sent;)
    } else {
        quote!(let output = #sent;)
    };
    let carried = wa.carried.iter().map(|(name, required)| {
        let f = ident(name);
        let set = affixed("set_", name, "");
        if *required {
            quote!(.#set(Some(request.#f.clone())))
        } else {
            quote!(.#set(request.#f.clone()))
        }
    });
    let carried_names: Vec<String> = wa.carried.iter().map(|(n, _)| format!("`{n}`")).collect();
    let carried_doc = if carried_names.is_empty() {
        String::new()
    } else {
        format!(
            " The wait uses the request's {} too.",
            carried_names.join(", ")
        )
    };
    let doc = docs::outer(&format!(
        "Sends the request, then waits `{}` on {source}, for at most `max_wait`: \
         `client.{wait_method}()` with the waiter's default delays ({} at first, up to {}; its \
         default maximum wait is {}).{carried_doc}\n\n\
         # Errors\n\n\
         `WaiterError::NotStarted` when the request is invalid, the call fails (its `Error`; \
         `may_have_been_applied()` tells whether it may have taken effect) or names nothing to \
         wait on; otherwise as `{}::wait`.",
        w.name,
        secs(w.min_delay_ms),
        secs(w.max_delay_ms),
        secs(w.max_wait_ms),
        w.builder
    ));
    quote! {
        impl #fluent {
            #doc
            pub async fn #method(self, max_wait: #dur) -> Result<#out, #wm::WaiterError<#body>> {
                let waiter = super::#polled_module::#wait_builder::waiter();
                let request = self
                    .inner
                    .build()
                    .map_err(|e| #wm::WaiterError::not_started(waiter, e))?;
                #before
                let poll = self.client.#wait_method() #(#carried)*;
                #send
                #after
                poll #set_input .wait(max_wait).await
            }
        }
    }
}
