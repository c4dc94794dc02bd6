//! The span of one wait (feature `tracing`); without the feature every function here compiles
//! to nothing, so the waiter reads the same either way.
//!
//! Span `ncloud.wait` (target `ncloud`) with `waiter` (its name) and, when it ends, `polls` and
//! `outcome` (`success`, `failure`, `timeout` or `poll_failed`). The polled calls' own
//! `ncloud.call` spans are its children. A `DEBUG` event `polled` (`poll`, `state`: the
//! matching acceptor's state or `none`; `observed`: what the first output acceptor's path
//! selected in the answer, e.g. `CREAT` or `INIT, RUN`, for progress displays) follows each poll and a `DEBUG` event `sleeping`
//! (`poll`, `delay_ms`) precedes each delay.

use std::time::Duration;

use super::{State, WaiterError};

pub(crate) struct WaitTrace {
    #[cfg(feature = "tracing")]
    span: tracing::Span,
}

impl crate::client::telemetry::InSpan for WaitTrace {
    #[cfg(feature = "tracing")]
    fn span(&self) -> &tracing::Span {
        &self.span
    }
}

impl WaitTrace {
    #[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
    pub(crate) fn start(waiter: &'static str) -> Self {
        WaitTrace {
            #[cfg(feature = "tracing")]
            span: tracing::info_span!(
                target: "ncloud",
                "ncloud.wait",
                waiter,
                polls = tracing::field::Empty,
                outcome = tracing::field::Empty,
            ),
        }
    }

    #[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
    pub(crate) fn polled(&self, poll: u32, state: Option<State>, observed: Option<&str>) {
        #[cfg(feature = "tracing")]
        tracing::debug!(
            target: "ncloud",
            parent: &self.span,
            poll,
            state = state.map_or("none", State::as_str),
            observed,
            "polled"
        );
    }

    #[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
    pub(crate) fn sleeping(&self, poll: u32, delay: Duration) {
        #[cfg(feature = "tracing")]
        tracing::debug!(
            target: "ncloud",
            parent: &self.span,
            poll,
            delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
            "sleeping"
        );
    }

    /// Records how the wait ended.
    #[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
    pub(crate) fn finish<T>(&self, result: &Result<Option<T>, WaiterError<T>>, polls: u32) {
        #[cfg(feature = "tracing")]
        {
            self.span.record("polls", polls);
            let outcome = match result {
                Ok(_) => "success",
                Err(e) => e.kind(),
            };
            self.span.record("outcome", outcome);
        }
    }
}
