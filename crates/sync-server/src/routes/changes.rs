//! Each workspace's append-only log of sealed changes: push, pull a page, and wait
//! for changes past a cursor.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use axum::Json;
use axum::extract::State;
use onno_sync::Sealed;
use onno_sync::wire::{Envelope, Latest, PullPage, Pulled, Push, PushAck};
use serde::Deserialize;
use sqlx::Row;

use crate::auth::Device;
use crate::error::{ApiError, ApiResult};
use crate::extract::{JsonBody, QueryParams};
use crate::metrics::Metrics;
use crate::state::{AppState, PUSH_CHANNEL};

/// Changes one push may carry; larger batches are split by the client.
const MAX_CHANGES_PER_PUSH: usize = 10_000;
const DEFAULT_PAGE: i64 = 500;
const MAX_PAGE: i64 = 1000;
const DEFAULT_WAIT_S: u64 = 30;
const MAX_WAIT_S: u64 = 60;

/// Sizes past which an envelope's plain fields are not what a client writes.
fn check_envelope(envelope: &Envelope) -> ApiResult<()> {
    let fits = |text: &str, max: usize| !text.is_empty() && text.len() <= max;
    if !fits(&envelope.change_id, 128) || !fits(&envelope.row_tag, 256) || !fits(&envelope.hlc, 128)
    {
        return Err(ApiError::bad_request(
            "a change's change_id, row_tag or hlc is empty or too long",
        ));
    }
    if envelope.sealed.nonce.len() > 64 {
        return Err(ApiError::bad_request("a change's nonce is too long"));
    }
    Ok(())
}

pub async fn push(
    State(state): State<Arc<AppState>>,
    device: Device,
    JsonBody(push): JsonBody<Push>,
) -> ApiResult<Json<PushAck>> {
    if push.changes.len() > MAX_CHANGES_PER_PUSH {
        return Err(ApiError::bad_request(format!(
            "a push carries at most {MAX_CHANGES_PER_PUSH} changes"
        )));
    }
    push.changes.iter().try_for_each(check_envelope)?;
    let version = super::known_schema_version(push.schema_version)?;

    let mut tx = state.db.begin().await?;
    // The workspace's row lock orders pushes: sequence numbers are handed out and
    // committed one push after another, so they are gap-free and a reader that sees
    // seq n has seen every seq below it.
    let row =
        sqlx::query("SELECT latest_seq, schema_version FROM workspaces WHERE id = $1 FOR UPDATE")
            .bind(&device.workspace_id)
            .fetch_one(&mut *tx)
            .await?;
    let mut latest: i64 = row.try_get("latest_seq")?;
    let seen_version: i32 = row.try_get("schema_version")?;
    if version < seen_version {
        return Err(ApiError::upgrade_required());
    }

    let ids: Vec<String> = push.changes.iter().map(|c| c.change_id.clone()).collect();
    let stored: Vec<String> = sqlx::query_scalar(
        "SELECT change_id FROM changes WHERE workspace_id = $1 AND change_id = ANY($2)",
    )
    .bind(&device.workspace_id)
    .bind(&ids)
    .fetch_all(&mut *tx)
    .await?;
    let mut seen: HashSet<&str> = stored.iter().map(String::as_str).collect();
    let (mut seqs, mut change_ids, mut row_tags, mut hlcs, mut nonces, mut ciphertexts) =
        (vec![], vec![], vec![], vec![], vec![], vec![]);
    for change in &push.changes {
        // A change id repeated within one push is a duplicate too.
        if !seen.insert(change.change_id.as_str()) {
            continue;
        }
        latest += 1;
        seqs.push(latest);
        change_ids.push(change.change_id.as_str());
        row_tags.push(change.row_tag.as_str());
        hlcs.push(change.hlc.as_str());
        nonces.push(change.sealed.nonce.as_slice());
        ciphertexts.push(change.sealed.ciphertext.as_slice());
    }
    let accepted = seqs.len();
    let duplicates = push.changes.len() - accepted;
    if accepted > 0 {
        sqlx::query(
            "INSERT INTO changes (workspace_id, seq, change_id, device_id, row_tag, hlc, \
                                  nonce, ciphertext, schema_version) \
             SELECT $1, s, c, $2, r, h, n, x, $3 \
             FROM UNNEST($4::bigint[], $5::text[], $6::text[], $7::text[], $8::bytea[], \
                         $9::bytea[]) AS t (s, c, r, h, n, x)",
        )
        .bind(&device.workspace_id)
        .bind(&device.device_id)
        .bind(version)
        .bind(&seqs)
        .bind(&change_ids)
        .bind(&row_tags)
        .bind(&hlcs)
        .bind(&nonces)
        .bind(&ciphertexts)
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query("UPDATE workspaces SET latest_seq = $2, schema_version = $3 WHERE id = $1")
        .bind(&device.workspace_id)
        .bind(latest)
        .bind(version.max(seen_version))
        .execute(&mut *tx)
        .await?;
    if accepted > 0 {
        // Delivered at commit to every instance listening (see `listen_for_pushes`), so
        // a device long-polling another instance wakes as this one's would.
        sqlx::query("SELECT pg_notify($1, $2 || ':' || $3)")
            .bind(PUSH_CHANNEL)
            .bind(&device.workspace_id)
            .bind(latest.to_string())
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;

    Metrics::add(&state.metrics.pushes, 1);
    Metrics::add(&state.metrics.changes_stored, accepted as u64);
    Metrics::add(&state.metrics.changes_duplicate, duplicates as u64);
    if accepted > 0 {
        state.waiters.notify(&device.workspace_id, latest);
    }
    Ok(Json(PushAck {
        accepted: u32::try_from(accepted).unwrap_or(u32::MAX),
        duplicates: u32::try_from(duplicates).unwrap_or(u32::MAX),
        latest,
    }))
}

#[derive(Deserialize)]
pub struct PullQuery {
    after: Option<i64>,
    limit: Option<i64>,
    /// Leave out the asking device's own changes (it has them); the cursor still moves
    /// past them.
    #[serde(default)]
    skip_own: bool,
}

pub async fn pull(
    State(state): State<Arc<AppState>>,
    device: Device,
    QueryParams(query): QueryParams<PullQuery>,
) -> ApiResult<Json<PullPage>> {
    let after = query.after.unwrap_or(0);
    if after < 0 {
        return Err(ApiError::bad_request(
            "after is a sequence number, 0 or more",
        ));
    }
    let limit = query.limit.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE);
    // Numbers become visible in order, so everything up to the latest one read now is
    // there to page through: a page that skips the device's own changes can still end
    // the cursor at it.
    let latest = latest_seq(&state, &device.workspace_id).await?;
    let skip = if query.skip_own {
        device.device_id.as_str()
    } else {
        ""
    };
    // One more than the page, to tell whether more follow.
    let rows = sqlx::query(
        "SELECT seq, device_id, change_id, row_tag, hlc, nonce, ciphertext FROM changes \
         WHERE workspace_id = $1 AND seq > $2 AND seq <= $3 AND device_id <> $4 \
         ORDER BY seq LIMIT $5",
    )
    .bind(&device.workspace_id)
    .bind(after)
    .bind(latest)
    .bind(skip)
    .bind(limit + 1)
    .fetch_all(&state.db)
    .await?;
    let more = rows.len() as i64 > limit;
    let changes = rows
        .iter()
        .take(limit as usize)
        .map(|row| {
            Ok(Pulled {
                seq: row.try_get("seq")?,
                device_id: row.try_get("device_id")?,
                envelope: Envelope {
                    change_id: row.try_get("change_id")?,
                    row_tag: row.try_get("row_tag")?,
                    hlc: row.try_get("hlc")?,
                    sealed: Sealed {
                        nonce: row.try_get("nonce")?,
                        ciphertext: row.try_get("ciphertext")?,
                    },
                },
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let next = match (more, changes.last()) {
        (true, Some(last)) => last.seq,
        // The whole log up to `latest` was read (what was skipped included).
        _ => latest.max(after),
    };
    Ok(Json(PullPage {
        changes,
        next,
        more,
    }))
}

#[derive(Deserialize)]
pub struct WaitQuery {
    after: i64,
    timeout_s: Option<u64>,
}

async fn latest_seq(state: &AppState, workspace_id: &str) -> ApiResult<i64> {
    Ok(
        sqlx::query_scalar("SELECT latest_seq FROM workspaces WHERE id = $1")
            .bind(workspace_id)
            .fetch_one(&state.db)
            .await?,
    )
}

/// Answers as soon as the log holds a change past `after`, or at the timeout, with
/// the latest sequence number.
pub async fn wait(
    State(state): State<Arc<AppState>>,
    device: Device,
    QueryParams(query): QueryParams<WaitQuery>,
) -> ApiResult<Json<Latest>> {
    let timeout = Duration::from_secs(query.timeout_s.unwrap_or(DEFAULT_WAIT_S).min(MAX_WAIT_S));
    // Subscribed before reading the log, so a push between the two is not missed.
    let mut pushed = state.waiters.subscribe(&device.workspace_id);
    let result = async {
        let mut latest = latest_seq(&state, &device.workspace_id).await?;
        if latest > query.after {
            return Ok(latest);
        }
        let mut shutdown = state.shutdown.clone();
        let waited = tokio::time::timeout(timeout, async {
            loop {
                tokio::select! {
                    changed = pushed.changed() => {
                        if changed.is_err() { return; }
                        let seq = *pushed.borrow_and_update();
                        if seq > query.after { latest = latest.max(seq); return; }
                    }
                    _ = shutdown.wait_for(|stop| *stop) => return,
                }
            }
        })
        .await;
        if waited.is_err() {
            // At the timeout the log is read again: a push to another instance of the
            // server is seen here.
            latest = latest.max(latest_seq(&state, &device.workspace_id).await?);
        }
        Ok(latest)
    }
    .await;
    drop(pushed);
    state.waiters.release(&device.workspace_id);
    result.map(|latest| Json(Latest { latest }))
}
