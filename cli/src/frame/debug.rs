//! `--debug`'s per-attempt lines, read from the runtime's `tracing` spans (`ncloud.call` per
//! call, `ncloud.attempt` per signed exchange, a `retrying` event before each retry). Those
//! carry the operation, attempt number, HTTP status, request id and error message, never a key,
//! a signature or the parameters, so nothing here can print a secret. The waiter's `polled`
//! events give the `--wait` progress line its last observed status. The subscriber is installed
//! only with `--debug` or for a progress line; without one the runtime's spans cost next to
//! nothing.

use std::fmt;
use std::sync::Mutex;

use tracing::field::{Field, Visit};
use tracing::{Event, Subscriber, span};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt as _};
use tracing_subscriber::registry::LookupSpan;

/// What one span recorded.
#[derive(Default)]
struct Fields {
    operation: Option<String>,
    attempt: Option<u64>,
    status: Option<u64>,
    request_id: Option<String>,
    error: Option<String>,
}

impl Visit for Fields {
    fn record_u64(&mut self, field: &Field, value: u64) {
        match field.name() {
            "attempt" => self.attempt = Some(value),
            "http.status" => self.status = Some(value),
            _ => {}
        }
    }

    fn record_i64(&mut self, field: &Field, value: i64) {
        if let Ok(v) = u64::try_from(value) {
            self.record_u64(field, v);
        }
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        match field.name() {
            "operation" => self.operation = Some(value.to_owned()),
            "request_id" => self.request_id = Some(value.to_owned()),
            "error" => self.error = Some(value.to_owned()),
            _ => {}
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        if matches!(field.name(), "error" | "operation" | "request_id") {
            // `display` values come through here; their Debug is their Display
            self.record_str(field, &format!("{value:?}"));
        }
    }
}

/// Prints each attempt when its span closes, and each retry.
struct Attempts;

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Attempts {
    fn on_new_span(&self, attrs: &span::Attributes<'_>, id: &span::Id, ctx: Context<'_, S>) {
        let name = attrs.metadata().name();
        if name != "ncloud.attempt" && name != "ncloud.call" {
            return;
        }
        let mut fields = Fields::default();
        attrs.record(&mut fields);
        if let Some(span) = ctx.span(id) {
            span.extensions_mut().insert(fields);
        }
    }

    fn on_record(&self, id: &span::Id, values: &span::Record<'_>, ctx: Context<'_, S>) {
        if let Some(span) = ctx.span(id) {
            if let Some(fields) = span.extensions_mut().get_mut::<Fields>() {
                values.record(fields);
            }
        }
    }

    fn on_event(&self, event: &Event<'_>, _ctx: Context<'_, S>) {
        let mut fields = Fields::default();
        event.record(&mut fields);
        let mut message = Message(None);
        event.record(&mut message);
        if message.0.as_deref() == Some("retrying") {
            eprintln!(
                "ncloud: debug: retrying: {}",
                fields.error.as_deref().unwrap_or("")
            );
        }
    }

    fn on_close(&self, id: span::Id, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(&id) else {
            return;
        };
        if span.name() != "ncloud.attempt" {
            return;
        }
        let operation = span
            .parent()
            .and_then(|p| {
                p.extensions()
                    .get::<Fields>()
                    .and_then(|f| f.operation.clone())
            })
            .unwrap_or_default();
        let extensions = span.extensions();
        let Some(f) = extensions.get::<Fields>() else {
            return;
        };
        let mut line = format!(
            "ncloud: debug: {operation} attempt {}: ",
            f.attempt.unwrap_or(0)
        );
        match f.status {
            Some(status) => line.push_str(&format!("HTTP {status}")),
            None => line.push_str("no response"),
        }
        if let Some(id) = &f.request_id {
            line.push_str(&format!(", request id {id}"));
        }
        if let Some(e) = &f.error {
            line.push_str(&format!(", {e}"));
        }
        eprintln!("{line}");
    }
}

/// An event's message.
struct Message(Option<String>);

impl Visit for Message {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        if field.name() == "message" {
            self.0 = Some(format!("{value:?}"));
        }
    }
}

/// The status the last poll of a wait observed (`CREAT`), from its `polled` event.
static OBSERVED: Mutex<Option<String>> = Mutex::new(None);

/// What the last poll of the running wait observed, if a poll has reported one.
pub fn last_observed() -> Option<String> {
    OBSERVED.lock().ok().and_then(|o| o.clone())
}

/// Keeps the `observed` field of each waiter `polled` event.
struct Progress;

impl<S: Subscriber> Layer<S> for Progress {
    fn on_event(&self, event: &Event<'_>, _ctx: Context<'_, S>) {
        let mut message = Message(None);
        event.record(&mut message);
        if message.0.as_deref() != Some("polled") {
            return;
        }
        let mut observed = Observed(None);
        event.record(&mut observed);
        if let (Some(seen), Ok(mut last)) = (observed.0, OBSERVED.lock()) {
            *last = Some(seen);
        }
    }
}

/// A `polled` event's `observed` field.
struct Observed(Option<String>);

impl Visit for Observed {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "observed" {
            self.0 = Some(value.to_owned());
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        if field.name() == "observed" {
            self.0 = Some(format!("{value:?}"));
        }
    }
}

/// Installs the subscriber for this process: the per-attempt printer with `debug`, and always
/// the wait progress recorder.
pub fn install(debug: bool) {
    let subscriber = tracing_subscriber::registry()
        .with(debug.then_some(Attempts))
        .with(Progress);
    // only fails when one is already set, which nothing else in `ncloud` does
    let _ = tracing::subscriber::set_global_default(subscriber);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_progress_layer_keeps_what_the_last_poll_observed() {
        let subscriber = tracing_subscriber::registry().with(Progress);
        tracing::subscriber::with_default(subscriber, || {
            tracing::debug!(target: "ncloud", poll = 1u32, state = "none", observed = "INIT", "polled");
            assert_eq!(last_observed().as_deref(), Some("INIT"));
            // other events leave it alone
            tracing::debug!(target: "ncloud", poll = 1u32, delay_ms = 3000u64, "sleeping");
            tracing::debug!(target: "ncloud", poll = 2u32, state = "retry", observed = "CREAT", "polled");
            assert_eq!(last_observed().as_deref(), Some("CREAT"));
        });
    }
}
