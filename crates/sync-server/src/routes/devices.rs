//! The account's devices: list, revoke one, sign this one out.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use onno_sync::wire::{Device as DeviceEntry, DeviceList};
use sqlx::Row;

use crate::auth::Device;
use crate::error::{ApiError, ApiResult};
use crate::extract::PathParams;
use crate::state::AppState;
use crate::tokens;

pub async fn list(
    State(state): State<Arc<AppState>>,
    device: Device,
) -> ApiResult<Json<DeviceList>> {
    let rows = sqlx::query(
        "SELECT id, name, created_at_ms, last_seen_at_ms FROM devices \
         WHERE account_id = $1 AND revoked_at_ms IS NULL ORDER BY created_at_ms, id",
    )
    .bind(&device.account_id)
    .fetch_all(&state.db)
    .await?;
    let devices = rows
        .iter()
        .map(|row| {
            let id: String = row.try_get("id")?;
            Ok(DeviceEntry {
                current: id == device.device_id,
                id,
                name: row.try_get("name")?,
                created_at_ms: row.try_get("created_at_ms")?,
                last_seen_at_ms: row.try_get("last_seen_at_ms")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(Json(DeviceList { devices }))
}

/// Another account's device, or one revoked already, answers 404.
pub async fn revoke(
    State(state): State<Arc<AppState>>,
    device: Device,
    PathParams(id): PathParams<String>,
) -> ApiResult<StatusCode> {
    let mut tx = state.db.begin().await?;
    if !tokens::revoke_device(&mut tx, &device.account_id, &id).await? {
        return Err(ApiError::not_found("device"));
    }
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn sign_out(State(state): State<Arc<AppState>>, device: Device) -> ApiResult<StatusCode> {
    let mut tx = state.db.begin().await?;
    tokens::revoke_device(&mut tx, &device.account_id, &device.device_id).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
