//! The delays between polls: exponential from the minimum to the maximum delay, with jitter.

use std::time::Duration;

/// How the delay before each poll is drawn from its range.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Jitter {
    /// Uniformly at random between the minimum delay and the delay's ceiling, so that many
    /// callers waiting on the same change do not poll in lock-step (the default).
    #[default]
    Random,
    /// Like [`Random`](Self::Random), from a generator seeded with this value: the same seed
    /// gives the same delays (for tests and reproducing a run).
    Seeded(u64),
    /// No jitter: always the ceiling (`min_delay`, twice that, four times, ... up to
    /// `max_delay`).
    None,
}

/// The delays of one wait.
#[derive(Debug)]
pub(crate) struct Backoff {
    min: Duration,
    max: Duration,
    rng: Option<fastrand::Rng>,
}

impl Backoff {
    /// `min` is raised to 1 ms, so that a wait never spins, and `max` to `min`.
    pub(crate) fn new(min: Duration, max: Duration, jitter: Jitter) -> Self {
        let min = min.max(Duration::from_millis(1));
        let rng = match jitter {
            Jitter::Random => Some(fastrand::Rng::new()),
            Jitter::Seeded(seed) => Some(fastrand::Rng::with_seed(seed)),
            Jitter::None => None,
        };
        Backoff {
            min,
            max: max.max(min),
            rng,
        }
    }

    /// The largest delay after poll number `poll` (1-based): `min(max, min * 2^(poll-1))`.
    pub(crate) fn ceiling(&self, poll: u32) -> Duration {
        let factor = 1u32.checked_shl(poll.saturating_sub(1)).unwrap_or(u32::MAX);
        self.min
            .checked_mul(factor)
            .unwrap_or(Duration::MAX)
            .min(self.max)
    }

    /// The delay after poll number `poll`: between `min` and the ceiling, so the first delay is
    /// exactly `min` and later ones grow on average.
    pub(crate) fn delay(&mut self, poll: u32) -> Duration {
        let ceiling = self.ceiling(poll);
        match &mut self.rng {
            None => ceiling,
            Some(rng) => {
                let low = nanos(self.min);
                self.min + Duration::from_nanos(rng.u64(..=nanos(ceiling) - low))
            }
        }
    }
}

fn nanos(d: Duration) -> u64 {
    u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: Duration = Duration::from_secs(1);

    #[test]
    fn without_jitter_the_delay_doubles_up_to_the_max() {
        let mut b = Backoff::new(2 * S, 20 * S, Jitter::None);
        let delays: Vec<_> = (1..=6).map(|poll| b.delay(poll)).collect();
        assert_eq!(delays, [2 * S, 4 * S, 8 * S, 16 * S, 20 * S, 20 * S]);
        assert_eq!(b.delay(1000), 20 * S);
    }

    #[test]
    fn jitter_stays_between_min_and_ceiling_and_the_first_delay_is_min() {
        let mut b = Backoff::new(2 * S, 60 * S, Jitter::Random);
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..100 {
            assert_eq!(b.delay(1), 2 * S);
            let d = b.delay(4);
            assert!(d >= 2 * S && d <= 16 * S, "{d:?}");
            seen.insert(d);
        }
        assert!(seen.len() > 1, "no jitter");
    }

    #[test]
    fn a_seed_repeats_its_delays() {
        let draw = |seed| {
            let mut b = Backoff::new(S, 100 * S, Jitter::Seeded(seed));
            (1..=8).map(|poll| b.delay(poll)).collect::<Vec<_>>()
        };
        assert_eq!(draw(7), draw(7));
        assert_ne!(draw(7), draw(8));
    }

    #[test]
    fn degenerate_ranges_are_repaired() {
        let mut b = Backoff::new(Duration::ZERO, Duration::ZERO, Jitter::Random);
        assert_eq!(b.delay(1), Duration::from_millis(1));
        assert_eq!(b.delay(5), Duration::from_millis(1));
        let mut b = Backoff::new(10 * S, 5 * S, Jitter::None);
        assert_eq!(b.delay(3), 10 * S);
    }
}
