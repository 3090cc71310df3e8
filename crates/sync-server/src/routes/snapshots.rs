//! The workspace's latest sealed snapshot, so a new device starts from it rather than
//! from the whole log.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use onno_sync::Sealed;
use onno_sync::wire::Snapshot;
use sqlx::Row;

use crate::auth::Device;
use crate::db::now_ms;
use crate::error::{ApiError, ApiResult};
use crate::extract::JsonBody;
use crate::state::AppState;

pub async fn put(
    State(state): State<Arc<AppState>>,
    device: Device,
    JsonBody(snapshot): JsonBody<Snapshot>,
) -> ApiResult<StatusCode> {
    let latest: i64 = sqlx::query_scalar("SELECT latest_seq FROM workspaces WHERE id = $1")
        .bind(&device.workspace_id)
        .fetch_one(&state.db)
        .await?;
    if !(0..=latest).contains(&snapshot.cursor) {
        return Err(ApiError::bad_request(format!(
            "the snapshot's cursor must be 0 to the log's latest sequence number, {latest}"
        )));
    }
    sqlx::query(
        "INSERT INTO snapshots (workspace_id, cursor, nonce, ciphertext, created_at_ms) \
         VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (workspace_id) DO UPDATE SET cursor = EXCLUDED.cursor, \
           nonce = EXCLUDED.nonce, ciphertext = EXCLUDED.ciphertext, \
           created_at_ms = EXCLUDED.created_at_ms",
    )
    .bind(&device.workspace_id)
    .bind(snapshot.cursor)
    .bind(&snapshot.sealed.nonce)
    .bind(&snapshot.sealed.ciphertext)
    .bind(now_ms())
    .execute(&state.db)
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn latest(
    State(state): State<Arc<AppState>>,
    device: Device,
) -> ApiResult<Json<Snapshot>> {
    let row =
        sqlx::query("SELECT cursor, nonce, ciphertext FROM snapshots WHERE workspace_id = $1")
            .bind(&device.workspace_id)
            .fetch_optional(&state.db)
            .await?
            .ok_or_else(|| ApiError::not_found("snapshot"))?;
    Ok(Json(Snapshot {
        cursor: row.try_get("cursor")?,
        sealed: Sealed {
            nonce: row.try_get("nonce")?,
            ciphertext: row.try_get("ciphertext")?,
        },
    }))
}
