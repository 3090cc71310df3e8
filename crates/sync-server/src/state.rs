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

/// The PostgreSQL channel a push announces `<workspace id>:<latest sequence number>` on.
pub const PUSH_CHANNEL: &str = "onno_pushes";

/// Hears every instance's pushes on [`PUSH_CHANNEL`] and wakes this instance's waiters,
/// so devices long-polling several instances behind a balancer wake alike. Reconnects
/// after a lost connection (a push missed meanwhile is seen at the poll's timeout).
pub async fn listen_for_pushes(db: PgPool, state: std::sync::Arc<AppState>) {
    loop {
        let mut listener = match sqlx::postgres::PgListener::connect_with(&db).await {
            Ok(listener) => listener,
            Err(error) => {
                tracing::warn!(%error, "cannot listen for other instances' pushes; trying again");
                tokio::time::sleep(std::time::Duration::from_secs(5)).await;
                continue;
            }
        };
        if let Err(error) = listener.listen(PUSH_CHANNEL).await {
            tracing::warn!(%error, "cannot listen for other instances' pushes; trying again");
            tokio::time::sleep(std::time::Duration::from_secs(5)).await;
            continue;
        }
        loop {
            match listener.recv().await {
                Ok(notification) => {
                    let Some((workspace, latest)) = notification.payload().rsplit_once(':') else {
                        continue;
                    };
                    if let Ok(latest) = latest.parse() {
                        state.waiters.notify(workspace, latest);
                    }
                }
                Err(error) => {
                    tracing::warn!(%error, "lost the connection that hears other instances' pushes");
                    break;
                }
            }
        }
    }
}

/// The latest sequence number of each workspace someone is long-polling, so a push
/// wakes them: this instance's own pushes at once, other instances' through
/// PostgreSQL ([`listen_for_pushes`]).
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
