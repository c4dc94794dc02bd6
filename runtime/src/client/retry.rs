//! When and how long to wait before trying a call again.
//!
//! Reads (`get*`) are safe to repeat: the client retries what is likely to be transient for
//! them: connection failures, timeouts, HTTP 5xx and 429. NCP has no idempotency token, so a
//! mutation ([`Operation::MUTATION`](crate::Operation::MUTATION)) is retried only when it cannot
//! have been carried out: the connection was never opened, the gateway throttled it (429), or
//! the API answered with one of its documented "busy, try again" return codes
//! ([`Operation::RETRYABLE_CODES`](crate::Operation::RETRYABLE_CODES) and the service's list).
//! A caller that knows a particular call is safe to repeat says so with
//! [`CallOptions::idempotent`]. Waits grow exponentially from a small base, with random jitter so
//! that many clients do not retry in lock-step, and a server's `Retry-After` (in seconds) is
//! honoured up to a cap so a misbehaving server cannot stall the caller for long.

use std::time::Duration;

use super::error::Error;

/// Bounded exponential backoff with jitter.
///
/// Before retry number `n` (1 for the second attempt) the client waits a random time between
/// half and all of `min(max_backoff, initial_backoff * 2^(n-1))`; when the response carried
/// `Retry-After: S`, it waits at least `min(S seconds, max_retry_after)`.
///
/// The default makes up to 3 attempts, with a 100 ms initial backoff, a 5 s maximum backoff and
/// `Retry-After` capped at 20 s. [`RetryPolicy::disabled`] makes exactly one attempt.
///
/// ```
/// use std::time::Duration;
/// use ncloud_runtime::RetryPolicy;
///
/// let policy = RetryPolicy::default()
///     .with_max_attempts(5)
///     .with_initial_backoff(Duration::from_millis(50));
/// assert_eq!(policy.max_attempts(), 5);
/// assert_eq!(RetryPolicy::disabled().max_attempts(), 1);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(20),
        }
    }
}

impl RetryPolicy {
    /// The default policy (see the type's documentation).
    pub fn new() -> Self {
        Self::default()
    }

    /// One attempt, no retries.
    pub fn disabled() -> Self {
        Self::default().with_max_attempts(1)
    }

    /// Sets the total number of attempts, the first one included (`0` counts as `1`).
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Sets the backoff ceiling before the first retry; it doubles for each further retry.
    pub fn with_initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// Sets the largest backoff ceiling.
    pub fn with_max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// Sets the longest wait a `Retry-After` header can ask for; longer requests are cut to this.
    pub fn with_max_retry_after(mut self, cap: Duration) -> Self {
        self.max_retry_after = cap;
        self
    }

    /// The total number of attempts, the first one included.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The backoff ceiling before the first retry.
    pub fn initial_backoff(&self) -> Duration {
        self.initial_backoff
    }

    /// The largest backoff ceiling.
    pub fn max_backoff(&self) -> Duration {
        self.max_backoff
    }

    /// The longest wait honoured from a `Retry-After` header.
    pub fn max_retry_after(&self) -> Duration {
        self.max_retry_after
    }

    /// The backoff ceiling before retry number `retry` (1-based):
    /// `min(max_backoff, initial_backoff * 2^(retry-1))`.
    pub fn backoff_ceiling(&self, retry: u32) -> Duration {
        let factor = 1u32
            .checked_shl(retry.saturating_sub(1))
            .unwrap_or(u32::MAX);
        self.initial_backoff
            .checked_mul(factor)
            .unwrap_or(Duration::MAX)
            .min(self.max_backoff)
    }

    /// The wait before retry number `retry` (1-based), given the server's `Retry-After`, if any.
    pub fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        let ceiling = self.backoff_ceiling(retry);
        let half = ceiling / 2;
        let jitter_nanos = (ceiling - half).as_nanos().min(u128::from(u64::MAX)) as u64;
        let backoff = half + Duration::from_nanos(fastrand::u64(..=jitter_nanos));
        match retry_after {
            Some(asked) => backoff.max(asked.min(self.max_retry_after)),
            None => backoff,
        }
    }
}

/// Per-call settings for [`Client::send_with`](super::Client::send_with): what the client's own
/// settings do not say about one particular call.
///
/// ```
/// use ncloud_runtime::RetryPolicy;
/// use ncloud_runtime::client::CallOptions;
///
/// // This stop request is safe to repeat (stopping a stopped server is harmless): retry its
/// // timeouts and 5xx like a read's, up to 5 attempts.
/// let options = CallOptions::new()
///     .idempotent(true)
///     .retry_policy(RetryPolicy::default().with_max_attempts(5));
/// assert!(options.is_idempotent());
/// assert_eq!(options.retry().map(RetryPolicy::max_attempts), Some(5));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[must_use]
pub struct CallOptions {
    idempotent: bool,
    retry: Option<RetryPolicy>,
}

impl CallOptions {
    /// No per-call settings: the client's retry policy, and mutations retried only when they
    /// cannot have been carried out.
    pub fn new() -> Self {
        Self::default()
    }

    /// Marks the call as safe to repeat (`true`): a mutation is then retried on every
    /// retryable error, as a read is, even when it may already have been carried out. Only for
    /// calls whose repetition is known to be harmless; reads are retried so anyway.
    pub fn idempotent(mut self, idempotent: bool) -> Self {
        self.idempotent = idempotent;
        self
    }

    /// Uses `policy` for this call instead of the client's.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Whether the call is marked safe to repeat.
    pub fn is_idempotent(&self) -> bool {
        self.idempotent
    }

    /// The call's own retry policy, if it has one.
    pub fn retry(&self) -> Option<&RetryPolicy> {
        self.retry.as_ref()
    }
}

/// Whether `error`, an attempt's failure, is worth another attempt (attempts left aside).
///
/// A listed return code is a refusal as a whole ("busy, try again"), so it is retried for any
/// operation. Otherwise a read, or a call marked idempotent, is retried on every
/// [`Error::is_retryable`] error; a mutation only on those that cannot have been carried out.
pub(crate) fn should_retry(
    error: &Error,
    mutation: bool,
    idempotent: bool,
    is_listed_code: impl Fn(&str) -> bool,
) -> bool {
    if error.return_code().is_some_and(is_listed_code) {
        return true;
    }
    error.is_retryable() && (!mutation || idempotent || !error.may_have_been_applied())
}

/// Parses a `Retry-After` header given in seconds (the HTTP-date form is not used by NCP and is
/// ignored).
pub(crate) fn parse_retry_after(value: &str) -> Option<Duration> {
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: Duration = Duration::from_millis(1);

    #[test]
    fn ceiling_doubles_up_to_the_max() {
        let p = RetryPolicy::default()
            .with_initial_backoff(100 * MS)
            .with_max_backoff(1000 * MS);
        assert_eq!(p.backoff_ceiling(1), 100 * MS);
        assert_eq!(p.backoff_ceiling(2), 200 * MS);
        assert_eq!(p.backoff_ceiling(3), 400 * MS);
        assert_eq!(p.backoff_ceiling(5), 1000 * MS);
        assert_eq!(p.backoff_ceiling(100), 1000 * MS);
    }

    #[test]
    fn delay_is_jittered_between_half_and_full_ceiling() {
        let p = RetryPolicy::default().with_initial_backoff(100 * MS);
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..200 {
            let d = p.delay(2, None);
            assert!(d >= 100 * MS && d <= 200 * MS, "{d:?}");
            seen.insert(d);
        }
        assert!(seen.len() > 1, "no jitter");
    }

    #[test]
    fn retry_after_is_honoured_and_capped() {
        let p = RetryPolicy::default()
            .with_initial_backoff(10 * MS)
            .with_max_retry_after(3000 * MS);
        let d = p.delay(1, Some(Duration::from_secs(2)));
        assert_eq!(d, Duration::from_secs(2));
        let d = p.delay(1, Some(Duration::from_secs(3600)));
        assert_eq!(d, Duration::from_secs(3));
        // A zero Retry-After does not remove the backoff.
        let d = p.delay(1, Some(Duration::ZERO));
        assert!(d >= 5 * MS, "{d:?}");
    }

    #[test]
    fn attempts() {
        assert_eq!(RetryPolicy::default().max_attempts(), 3);
        assert_eq!(RetryPolicy::disabled().max_attempts(), 1);
        assert_eq!(
            RetryPolicy::default().with_max_attempts(0).max_attempts(),
            1
        );
    }

    #[test]
    fn retry_after_parsing() {
        assert_eq!(parse_retry_after(" 7 "), Some(Duration::from_secs(7)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
        assert_eq!(parse_retry_after("-1"), None);
    }
}
