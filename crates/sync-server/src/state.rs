//! What every request handler shares.

use std::collections::HashMap;
use std::sync::Mutex;

use sqlx::PgPool;
use tokio::sync::watch;

use crate::config::Config;
use crate::limits::{Limiter, Limits};
use crate::metrics::Metrics;

pub struct AppState {
    pub db: PgPool,
    pub config: Config,
    pub limits: Limits,
    pub metrics: Metrics,
    pub waiters: Waiters,
    /// Turns true when the server is asked to stop, so long polls answer at once
    /// rather than hold the shutdown up.
    pub shutdown: watch::Receiver<bool>,
}

impl AppState {
    pub fn new(db: PgPool, config: Config, shutdown: watch::Receiver<bool>) -> AppState {
        let window = config.limit_window();
        let limits = Limits {
            sign_in_by_email: Limiter::new(config.sign_ins_per_window, window),
            sign_in_by_address: Limiter::new(config.sign_ins_per_window, window),
            sign_up_by_address: Limiter::new(config.sign_ins_per_window, window),
            by_device: Limiter::new(config.device_requests_per_window, window),
            blobs_by_device: Limiter::new(config.device_blob_requests_per_window, window),
        };
        AppState {
            db,
            config,
            limits,
            metrics: Metrics::default(),
            waiters: Waiters::default(),
            shutdown,
        }
    }
}

/// The latest sequence number of each workspace someone is long-polling, so a push
/// wakes them. Per process: a push to another instance is seen at the poll's timeout
/// (or by PostgreSQL LISTEN/NOTIFY, once there is more than one instance).
#[derive(Default)]
pub struct Waiters {
    by_workspace: Mutex<HashMap<String, watch::Sender<i64>>>,
}

impl Waiters {
    /// A receiver that sees every later [`Waiters::notify`] of `workspace_id`.
    pub fn subscribe(&self, workspace_id: &str) -> watch::Receiver<i64> {
        let mut map = self
            .by_workspace
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        map.entry(workspace_id.to_owned())
            .or_insert_with(|| watch::channel(0).0)
            .subscribe()
    }

    /// Wakes the workspace's waiters with its new latest sequence number.
    pub fn notify(&self, workspace_id: &str, latest: i64) {
        let map = self
            .by_workspace
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(sender) = map.get(workspace_id) {
            sender.send_if_modified(|seen| {
                let newer = latest > *seen;
                if newer {
                    *seen = latest;
                }
                newer
            });
        }
    }

    /// Drops the workspace's entry once nobody waits on it.
    pub fn release(&self, workspace_id: &str) {
        let mut map = self
            .by_workspace
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if map
            .get(workspace_id)
            .is_some_and(|sender| sender.receiver_count() == 0)
        {
            map.remove(workspace_id);
        }
    }
}
