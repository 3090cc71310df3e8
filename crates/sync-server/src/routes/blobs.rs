//! Sealed blobs (a recording, an attached file), uploaded in chunks and kept in the
//! workspace they were uploaded to. A tag from another workspace answers 404.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use onno_sync::wire::{BlobDone, BlobInfo};
use sqlx::Row;

use crate::auth::Device;
use crate::db::now_ms;
use crate::error::{ApiError, ApiResult};
use crate::extract::{JsonBody, PathParams, RawBody};
use crate::state::AppState;

/// At 4 MiB a chunk, a million chunks is 4 TiB: more than any one file.
const MAX_CHUNKS: u32 = 1_000_000;

fn check_tag(tag: &str) -> ApiResult<()> {
    let valid = (1..=128).contains(&tag.len())
        && tag
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !valid {
        return Err(ApiError::bad_request(
            "a blob tag is 1 to 128 letters, digits, '-' or '_'",
        ));
    }
    Ok(())
}

fn check_index(index: u32) -> ApiResult<i32> {
    if index >= MAX_CHUNKS {
        return Err(ApiError::bad_request(format!(
            "a blob has at most {MAX_CHUNKS} chunks"
        )));
    }
    i32::try_from(index).map_err(|_| ApiError::bad_request("the chunk index is too large"))
}

pub async fn put_chunk(
    State(state): State<Arc<AppState>>,
    device: Device,
    PathParams((tag, index)): PathParams<(String, u32)>,
    RawBody(data): RawBody,
) -> ApiResult<StatusCode> {
    check_tag(&tag)?;
    let index = check_index(index)?;
    let mut tx = state.db.begin().await?;
    sqlx::query(
        "INSERT INTO blobs (workspace_id, tag, created_at_ms) VALUES ($1, $2, $3) \
         ON CONFLICT (workspace_id, tag) DO NOTHING",
    )
    .bind(&device.workspace_id)
    .bind(&tag)
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    let complete: bool = sqlx::query_scalar(
        "SELECT complete FROM blobs WHERE workspace_id = $1 AND tag = $2 FOR UPDATE",
    )
    .bind(&device.workspace_id)
    .bind(&tag)
    .fetch_one(&mut *tx)
    .await?;
    if complete {
        return Err(ApiError::bad_request(
            "this blob is complete and cannot change; upload under a new tag",
        ));
    }
    sqlx::query(
        "INSERT INTO blob_chunks (workspace_id, tag, idx, data) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (workspace_id, tag, idx) DO UPDATE SET data = EXCLUDED.data",
    )
    .bind(&device.workspace_id)
    .bind(&tag)
    .bind(index)
    .bind(data.as_ref())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn get_chunk(
    State(state): State<Arc<AppState>>,
    device: Device,
    PathParams((tag, index)): PathParams<(String, u32)>,
) -> ApiResult<Response> {
    check_tag(&tag)?;
    let index = check_index(index)?;
    let data: Vec<u8> = sqlx::query_scalar(
        "SELECT data FROM blob_chunks WHERE workspace_id = $1 AND tag = $2 AND idx = $3",
    )
    .bind(&device.workspace_id)
    .bind(&tag)
    .bind(index)
    .fetch_optional(&state.db)
    .await?
    .ok_or_else(|| ApiError::not_found("blob chunk"))?;
    Ok(([(header::CONTENT_TYPE, "application/octet-stream")], data).into_response())
}

/// What the blob's stored chunks add up to: count, bytes, highest index.
async fn stored(
    conn: &mut sqlx::PgConnection,
    workspace_id: &str,
    tag: &str,
) -> ApiResult<(i64, i64, i32)> {
    let row = sqlx::query(
        "SELECT count(*) AS n, COALESCE(sum(length(data)), 0)::bigint AS bytes, \
                COALESCE(max(idx), -1) AS top \
         FROM blob_chunks WHERE workspace_id = $1 AND tag = $2",
    )
    .bind(workspace_id)
    .bind(tag)
    .fetch_one(conn)
    .await?;
    Ok((
        row.try_get("n")?,
        row.try_get("bytes")?,
        row.try_get("top")?,
    ))
}

/// Marks the upload complete once the chunks 0..chunks are all there and add up to
/// `total_bytes`. Completing again with the same figures is a no-op.
pub async fn complete(
    State(state): State<Arc<AppState>>,
    device: Device,
    PathParams(tag): PathParams<String>,
    JsonBody(done): JsonBody<BlobDone>,
) -> ApiResult<StatusCode> {
    check_tag(&tag)?;
    let mut tx = state.db.begin().await?;
    let complete: bool = sqlx::query_scalar(
        "SELECT complete FROM blobs WHERE workspace_id = $1 AND tag = $2 FOR UPDATE",
    )
    .bind(&device.workspace_id)
    .bind(&tag)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| ApiError::not_found("blob"))?;
    let (count, bytes, top) = stored(&mut tx, &device.workspace_id, &tag).await?;
    let whole = count == i64::from(done.chunks)
        && i64::from(top) + 1 == i64::from(done.chunks)
        && u64::try_from(bytes).ok() == Some(done.total_bytes);
    if !whole {
        return Err(ApiError::bad_request(format!(
            "the blob holds {count} chunks of {bytes} bytes in all, not chunks 0 to {} of {} bytes",
            i64::from(done.chunks) - 1,
            done.total_bytes
        )));
    }
    if !complete {
        sqlx::query(
            "UPDATE blobs SET complete = TRUE, chunks = $3, total_bytes = $4 \
             WHERE workspace_id = $1 AND tag = $2",
        )
        .bind(&device.workspace_id)
        .bind(&tag)
        .bind(count as i32)
        .bind(bytes)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn info(
    State(state): State<Arc<AppState>>,
    device: Device,
    PathParams(tag): PathParams<String>,
) -> ApiResult<Json<BlobInfo>> {
    check_tag(&tag)?;
    let mut conn = state.db.acquire().await?;
    let complete: bool =
        sqlx::query_scalar("SELECT complete FROM blobs WHERE workspace_id = $1 AND tag = $2")
            .bind(&device.workspace_id)
            .bind(&tag)
            .fetch_optional(&mut *conn)
            .await?
            .ok_or_else(|| ApiError::not_found("blob"))?;
    let (count, bytes, _) = stored(&mut conn, &device.workspace_id, &tag).await?;
    Ok(Json(BlobInfo {
        chunks: u32::try_from(count).unwrap_or(u32::MAX),
        total_bytes: u64::try_from(bytes).unwrap_or(0),
        complete,
    }))
}
