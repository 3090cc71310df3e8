//! The endpoints of `onno_sync::wire`, each with its body limit.

mod accounts;
mod blobs;
mod changes;
mod devices;
mod snapshots;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::handler::Handler;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::{delete, get, post, put};

use crate::error::ApiError;
use crate::metrics;
use crate::state::AppState;

/// Sign-up, sign-in and the other small JSON bodies: wrapped keys are well under this.
const SMALL_BODY: usize = 64 * 1024;

pub fn router(state: Arc<AppState>) -> Router {
    let config = &state.config;
    Router::new()
        .route("/v1/accounts", post(accounts::sign_up))
        .route("/v1/account", delete(accounts::delete_account))
        .route("/v1/account/password", put(accounts::set_password))
        .route("/v1/sessions", post(accounts::sign_in))
        .route("/v1/sessions/recover", post(accounts::recover))
        .route("/v1/sessions/refresh", post(accounts::refresh))
        .route("/v1/sessions/current", delete(devices::sign_out))
        .route("/v1/devices", get(devices::list))
        .route("/v1/devices/{id}", delete(devices::revoke))
        .route(
            "/v1/changes",
            get(changes::pull)
                .post(changes::push.layer(DefaultBodyLimit::max(config.max_push_bytes))),
        )
        .route("/v1/changes/wait", get(changes::wait))
        .route(
            "/v1/blobs/{tag}/chunks/{index}",
            put(blobs::put_chunk.layer(DefaultBodyLimit::max(config.max_chunk_bytes)))
                .get(blobs::get_chunk),
        )
        .route("/v1/blobs/{tag}/complete", post(blobs::complete))
        .route("/v1/blobs/{tag}", get(blobs::info))
        .route(
            "/v1/snapshots",
            put(snapshots::put.layer(DefaultBodyLimit::max(config.max_snapshot_bytes))),
        )
        .route("/v1/snapshots/latest", get(snapshots::latest))
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics_text))
        .fallback(|| async { ApiError::not_found("endpoint") })
        .layer(DefaultBodyLimit::max(SMALL_BODY))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::observe,
        ))
        .with_state(state)
}

/// A client's schema version as stored; a client older than the server reads is told to
/// update, a version that cannot be one is refused.
pub(crate) fn known_schema_version(version: u32) -> Result<i32, ApiError> {
    if version < onno_sync::wire::OLDEST_SCHEMA_VERSION {
        return Err(ApiError::upgrade_required());
    }
    i32::try_from(version)
        .map_err(|_| ApiError::bad_request("schema_version is not a version this server knows"))
}

/// `ok` when the database answers within five seconds.
async fn healthz(State(state): State<Arc<AppState>>) -> impl IntoResponse {
    let check = sqlx::query_scalar::<_, i32>("SELECT 1").fetch_one(&state.db);
    match tokio::time::timeout(Duration::from_secs(5), check).await {
        Ok(Ok(_)) => (StatusCode::OK, "ok\n"),
        Ok(Err(error)) => {
            tracing::warn!(%error, "health check: the database refused");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "the database is unreachable\n",
            )
        }
        Err(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            "the database is not answering\n",
        ),
    }
}

async fn metrics_text(State(state): State<Arc<AppState>>) -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        state.metrics.render(),
    )
}
