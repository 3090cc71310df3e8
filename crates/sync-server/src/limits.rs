//! Rate limits, counted in this process's memory: each instance of the server counts
//! on its own, so N instances behind a balancer let through up to N times the limit.
//! A fixed window per key (an email, a client address, a device): the first request
//! opens it, and it closes `window` later.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct Limiter {
    max: u32,
    window: Duration,
    windows: Mutex<HashMap<String, Window>>,
}

struct Window {
    opened: Instant,
    count: u32,
}

/// Past this many keys, closed windows are dropped, so the map stays bounded by the
/// keys active within one window.
const PRUNE_ABOVE: usize = 10_000;

impl Limiter {
    pub fn new(max: u32, window: Duration) -> Limiter {
        Limiter {
            max,
            window,
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one request for `key`. `Err` holds the seconds until its window closes
    /// when the limit is reached.
    pub fn hit(&self, key: &str) -> Result<(), u64> {
        let now = Instant::now();
        // A poisoned lock only means another request panicked mid-count; the counts
        // are still usable.
        let mut windows = self
            .windows
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if windows.len() > PRUNE_ABOVE {
            let window = self.window;
            windows.retain(|_, w| now.duration_since(w.opened) < window);
        }
        let entry = windows.entry(key.to_owned()).or_insert(Window {
            opened: now,
            count: 0,
        });
        if now.duration_since(entry.opened) >= self.window {
            *entry = Window {
                opened: now,
                count: 0,
            };
        }
        if entry.count >= self.max {
            let left = self.window.saturating_sub(now.duration_since(entry.opened));
            return Err(left.as_secs().max(1));
        }
        entry.count += 1;
        Ok(())
    }
}

/// The server's limits.
pub struct Limits {
    pub sign_in_by_email: Limiter,
    pub sign_in_by_address: Limiter,
    /// Accounts created per client address, counted apart from sign-ins so that
    /// creating an account does not use up the sign-ins that follow it.
    pub sign_up_by_address: Limiter,
    pub by_device: Limiter,
    /// Blob requests (a recording's or a file's chunks), counted apart from the rest.
    pub blobs_by_device: Limiter,
}
