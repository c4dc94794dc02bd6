//! When and how long to wait before trying a call again.
//!
//! Every operation of this API that the crate exposes is a read (`get*`), so repeating one is
//! safe. The client retries what is likely to be transient: connection failures, timeouts,
//! HTTP 5xx and 429. Waits grow exponentially from a small base, with random jitter so that many
//! clients do not retry in lock-step, and a server's `Retry-After` (in seconds) is honoured up to
//! a cap so a misbehaving server cannot stall the caller for long.

use std::time::Duration;

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
