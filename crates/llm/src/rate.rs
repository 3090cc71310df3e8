//! Onno's own limit on calls per minute (the product allows at most 10), kept apart
//! from any limit the endpoint applies. Pure logic over explicit instants.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

/// A sliding one-minute window of the calls made.
#[derive(Debug)]
pub struct RateLimiter {
    per_minute: usize,
    calls: VecDeque<Instant>,
}

const WINDOW: Duration = Duration::from_secs(60);

impl RateLimiter {
    /// `per_minute` of 0 is taken as 1: a limit that forbids every call is a setting error
    /// better caught at configuration.
    pub fn new(per_minute: u32) -> RateLimiter {
        RateLimiter {
            per_minute: (per_minute as usize).max(1),
            calls: VecDeque::new(),
        }
    }

    /// Takes a slot at `now` and returns `None`, or, when the minute is full, returns
    /// how long to wait until a slot frees (and takes nothing).
    pub fn try_acquire(&mut self, now: Instant) -> Option<Duration> {
        while let Some(&first) = self.calls.front() {
            if now.saturating_duration_since(first) >= WINDOW {
                self.calls.pop_front();
            } else {
                break;
            }
        }
        if self.calls.len() < self.per_minute {
            self.calls.push_back(now);
            return None;
        }
        let oldest = self.calls.front().copied().unwrap_or(now);
        Some(WINDOW.saturating_sub(now.saturating_duration_since(oldest)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_eleventh_call_in_a_minute_waits_for_the_first_to_age_out() {
        let t0 = Instant::now();
        let mut limiter = RateLimiter::new(10);
        for i in 0..10 {
            assert_eq!(limiter.try_acquire(t0 + Duration::from_secs(i)), None);
        }
        let wait = limiter.try_acquire(t0 + Duration::from_secs(15));
        assert_eq!(wait, Some(Duration::from_secs(45)));
        // Refused calls take no slot; after the first ages out, one call fits.
        assert_eq!(limiter.try_acquire(t0 + Duration::from_secs(60)), None);
        assert_eq!(
            limiter.try_acquire(t0 + Duration::from_secs(60)),
            Some(Duration::from_secs(1))
        );
    }
}
