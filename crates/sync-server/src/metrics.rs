//! What the server counts and logs about each request: route, status and latency,
//! and the workspace as its opaque id. Never a body, an email or a token. Counted in
//! memory and served as Prometheus text at `/metrics`.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;

use crate::state::AppState;

/// A request's route pattern, method and status.
type RequestKind = (String, String, u16);

#[derive(Default)]
pub struct Metrics {
    /// Per kind of request: how many, and their seconds in all.
    requests: Mutex<BTreeMap<RequestKind, (u64, f64)>>,
    pub pushes: AtomicU64,
    pub changes_stored: AtomicU64,
    pub changes_duplicate: AtomicU64,
}

impl Metrics {
    fn record(&self, route: &str, method: &str, status: u16, seconds: f64) {
        let mut requests = self
            .requests
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let entry = requests
            .entry((route.to_owned(), method.to_owned(), status))
            .or_insert((0, 0.0));
        entry.0 += 1;
        entry.1 += seconds;
    }

    pub fn add(counter: &AtomicU64, n: u64) {
        counter.fetch_add(n, Ordering::Relaxed);
    }

    /// The Prometheus text exposition format.
    pub fn render(&self) -> String {
        let mut out = String::new();
        out.push_str("# HELP onno_sync_requests_total Requests answered, by route and status.\n");
        out.push_str("# TYPE onno_sync_requests_total counter\n");
        let requests = self
            .requests
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone();
        for ((route, method, status), (count, _)) in &requests {
            let _ = writeln!(
                out,
                "onno_sync_requests_total{{route=\"{route}\",method=\"{method}\",status=\"{status}\"}} {count}"
            );
        }
        out.push_str(
            "# HELP onno_sync_request_seconds_total Time spent answering, by route and status.\n",
        );
        out.push_str("# TYPE onno_sync_request_seconds_total counter\n");
        for ((route, method, status), (_, seconds)) in &requests {
            let _ = writeln!(
                out,
                "onno_sync_request_seconds_total{{route=\"{route}\",method=\"{method}\",status=\"{status}\"}} {seconds:.6}"
            );
        }
        for (name, help, counter) in [
            ("onno_sync_pushes_total", "Pushes committed.", &self.pushes),
            (
                "onno_sync_changes_stored_total",
                "Changes stored in a workspace's log.",
                &self.changes_stored,
            ),
            (
                "onno_sync_changes_duplicate_total",
                "Pushed changes the log already held (same change id).",
                &self.changes_duplicate,
            ),
        ] {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} counter");
            let _ = writeln!(out, "{name} {}", counter.load(Ordering::Relaxed));
        }
        out
    }
}

/// Filled by the authentication of a request, read when it is logged.
#[derive(Clone, Default)]
pub struct RequestLog {
    workspace: Arc<OnceLock<String>>,
}

impl RequestLog {
    pub fn set_workspace(&self, workspace_id: &str) {
        let _ = self.workspace.set(workspace_id.to_owned());
    }
}

/// Logs and counts every request once it is answered.
pub async fn observe(
    State(state): State<Arc<AppState>>,
    mut request: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    // The route's pattern, not the path: a path holds ids and blob tags.
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let method = request.method().as_str().to_owned();
    let log = RequestLog::default();
    request.extensions_mut().insert(log.clone());

    let response = next.run(request).await;

    let elapsed = started.elapsed();
    let status = response.status().as_u16();
    state
        .metrics
        .record(&route, &method, status, elapsed.as_secs_f64());
    let workspace = log.workspace.get().map_or("-", String::as_str);
    tracing::info!(
        route,
        method,
        status,
        latency_us = u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX),
        workspace,
        "request"
    );
    response
}
