//! Sign-up, sign-in, token refresh and account deletion.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use onno_sync::wire::{
    DeleteAccount, NewPassword, Recover, Refresh, Session, SignIn, SignUp, Tokens, WorkspaceKeys,
};
use sqlx::Row;

use crate::auth::{self, ClientAddress, Device};
use crate::db::{new_id, now_ms};
use crate::error::{ApiError, ApiResult};
use crate::extract::JsonBody;
use crate::state::AppState;
use crate::tokens;

fn device_name(name: &str) -> ApiResult<String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(ApiError::bad_request(
            "the device name must be 1 to 200 characters",
        ));
    }
    Ok(name.to_owned())
}

fn schema_version(version: u32) -> ApiResult<i32> {
    crate::routes::known_schema_version(version)
}

/// Counts a sign-in attempt against the email and the client address.
fn count_sign_in(state: &AppState, email: &str, address: &str) -> ApiResult<()> {
    let refuse = |retry| ApiError::too_many_requests("sign-in attempts", retry);
    state
        .limits
        .sign_in_by_address
        .hit(address)
        .map_err(refuse)?;
    state.limits.sign_in_by_email.hit(email).map_err(refuse)?;
    Ok(())
}

async fn new_device(
    conn: &mut sqlx::PgConnection,
    account_id: &str,
    name: &str,
) -> ApiResult<String> {
    let device_id = new_id()?;
    let now = now_ms();
    sqlx::query(
        "INSERT INTO devices (id, account_id, name, created_at_ms, last_seen_at_ms) \
         VALUES ($1, $2, $3, $4, $4)",
    )
    .bind(&device_id)
    .bind(account_id)
    .bind(name)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(device_id)
}

pub async fn sign_up(
    State(state): State<Arc<AppState>>,
    ClientAddress(address): ClientAddress,
    JsonBody(request): JsonBody<SignUp>,
) -> ApiResult<(StatusCode, Json<Session>)> {
    let email = auth::normalise_email(&request.email)?;
    state
        .limits
        .sign_up_by_address
        .hit(&address)
        .map_err(|retry| ApiError::too_many_requests("accounts created", retry))?;
    let auth_key = auth::parse_auth_key(&request.auth_key)?;
    let name = device_name(&request.device_name)?;
    let version = schema_version(request.schema_version)?;
    let keys = serde_json::to_string(&request.keys).map_err(|_| ApiError::internal())?;
    let auth_hash = auth::hash_auth_key(auth_key).await?;
    let recovery_key = auth::parse_auth_key(&request.recovery_auth_key)?;
    let recovery_hash = auth::hash_auth_key(recovery_key).await?;

    let account_id = new_id()?;
    let workspace_id = new_id()?;
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    // The unique email decides a race between two sign-ups with one email.
    let created = sqlx::query(
        "INSERT INTO accounts (id, email, auth_hash, recovery_hash, created_at_ms) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (email) DO NOTHING",
    )
    .bind(&account_id)
    .bind(&email)
    .bind(&auth_hash)
    .bind(&recovery_hash)
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if created == 0 {
        return Err(ApiError::email_taken());
    }
    sqlx::query(
        "INSERT INTO workspaces (id, account_id, wrapped_keys, schema_version, created_at_ms) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&workspace_id)
    .bind(&account_id)
    .bind(&keys)
    .bind(version)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let device_id = new_device(&mut tx, &account_id, &name).await?;
    let tokens = tokens::issue(&mut tx, &state.config, &device_id).await?;
    tx.commit().await?;
    tracing::info!(workspace = %workspace_id, "account created");
    Ok((
        StatusCode::CREATED,
        Json(Session {
            account_id,
            workspace_id,
            device_id,
            tokens,
            keys: request.keys,
        }),
    ))
}

pub async fn sign_in(
    State(state): State<Arc<AppState>>,
    ClientAddress(address): ClientAddress,
    JsonBody(request): JsonBody<SignIn>,
) -> ApiResult<Json<Session>> {
    let proof = Proof {
        column: "auth_hash",
        key: &request.auth_key,
        refusal: "wrong email or password",
    };
    let who = (
        request.email.as_str(),
        request.device_name.as_str(),
        request.schema_version,
    );
    new_session(&state, &address, who, proof).await.map(Json)
}

/// Signs a device in with the recovery key (a forgotten password); the device sets a
/// new password next.
pub async fn recover(
    State(state): State<Arc<AppState>>,
    ClientAddress(address): ClientAddress,
    JsonBody(request): JsonBody<Recover>,
) -> ApiResult<Json<Session>> {
    let proof = Proof {
        column: "recovery_hash",
        key: &request.recovery_auth_key,
        refusal: "wrong email or recovery key",
    };
    let who = (
        request.email.as_str(),
        request.device_name.as_str(),
        request.schema_version,
    );
    new_session(&state, &address, who, proof).await.map(Json)
}

/// What a device signs in with: the password's or the recovery key's derivation, and
/// the account's column holding its hash.
struct Proof<'a> {
    column: &'static str,
    key: &'a str,
    refusal: &'static str,
}

/// A new device and its tokens, once `proof` holds for the account of `email`.
async fn new_session(
    state: &AppState,
    address: &str,
    (email, device_name_given, version): (&str, &str, u32),
    proof: Proof<'_>,
) -> ApiResult<Session> {
    let email = auth::normalise_email(email)?;
    count_sign_in(state, &email, address)?;
    let key = auth::parse_auth_key(proof.key)?;
    let name = device_name(device_name_given)?;
    let version = schema_version(version)?;

    // The column is one of two constants, never input.
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT a.id, a.{} AS proof_hash, w.id AS workspace_id, w.wrapped_keys, w.schema_version \
         FROM accounts a JOIN workspaces w ON w.account_id = a.id WHERE a.email = $1",
        proof.column
    )))
    .bind(&email)
    .fetch_optional(&state.db)
    .await?;
    let stored = row
        .as_ref()
        .map(|r| r.try_get::<Option<String>, _>("proof_hash"))
        .transpose()?
        .flatten();
    let (true, Some(row)) = (auth::verify_auth_key(key, stored).await?, row) else {
        return Err(ApiError::unauthorized(proof.refusal));
    };
    let workspace_version: i32 = row.try_get("schema_version")?;
    if version < workspace_version {
        return Err(ApiError::upgrade_required());
    }
    let keys = stored_keys(&row.try_get::<String, _>("wrapped_keys")?)?;
    let account_id: String = row.try_get("id")?;
    let workspace_id: String = row.try_get("workspace_id")?;

    let mut tx = state.db.begin().await?;
    let device_id = new_device(&mut tx, &account_id, &name).await?;
    let tokens = tokens::issue(&mut tx, &state.config, &device_id).await?;
    tx.commit().await?;
    tracing::info!(workspace = %workspace_id, "device signed in");
    Ok(Session {
        account_id,
        workspace_id,
        device_id,
        tokens,
        keys,
    })
}

fn stored_keys(text: &str) -> ApiResult<WorkspaceKeys> {
    serde_json::from_str(text).map_err(|error| {
        tracing::error!(%error, "stored workspace keys do not parse");
        ApiError::internal()
    })
}

/// A new password: its sign-in hash, and the workspace key wrapped by it in place of
/// the old one. The account's devices stay signed in.
pub async fn set_password(
    State(state): State<Arc<AppState>>,
    device: Device,
    JsonBody(request): JsonBody<NewPassword>,
) -> ApiResult<StatusCode> {
    let auth_hash = auth::hash_auth_key(auth::parse_auth_key(&request.auth_key)?).await?;
    let mut tx = state.db.begin().await?;
    let text: String =
        sqlx::query_scalar("SELECT wrapped_keys FROM workspaces WHERE id = $1 FOR UPDATE")
            .bind(&device.workspace_id)
            .fetch_one(&mut *tx)
            .await?;
    let mut keys = stored_keys(&text)?;
    keys.by_password = request.by_password;
    let keys = serde_json::to_string(&keys).map_err(|_| ApiError::internal())?;
    sqlx::query("UPDATE workspaces SET wrapped_keys = $1 WHERE id = $2")
        .bind(&keys)
        .bind(&device.workspace_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE accounts SET auth_hash = $1 WHERE id = $2")
        .bind(&auth_hash)
        .bind(&device.account_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    tracing::info!(workspace = %device.workspace_id, "password changed");
    Ok(StatusCode::NO_CONTENT)
}

/// Replaces the refresh token with a new one (the old one stops working) and hands
/// out a new access token.
pub async fn refresh(
    State(state): State<Arc<AppState>>,
    JsonBody(request): JsonBody<Refresh>,
) -> ApiResult<Json<Tokens>> {
    let mut tx = state.db.begin().await?;
    let now = now_ms();
    // The used token lives on for the grace period only: a device killed between this
    // answer and keeping the new token in its keychain signs in again with the old one
    // rather than being locked out. Tokens past their time go.
    let grace_ends = now.saturating_add(state.config.refresh_grace_ms());
    let device_id: Option<String> = sqlx::query_scalar(
        "UPDATE refresh_tokens t SET expires_at_ms = LEAST(t.expires_at_ms, $3) \
         FROM devices d \
         WHERE t.token_hash = $1 AND t.expires_at_ms > $2 \
           AND d.id = t.device_id AND d.revoked_at_ms IS NULL \
         RETURNING t.device_id",
    )
    .bind(tokens::hash(request.refresh_token.trim()))
    .bind(now)
    .bind(grace_ends)
    .fetch_optional(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM refresh_tokens WHERE device_id = $1 AND expires_at_ms <= $2")
        .bind(&device_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    let device_id = device_id.ok_or_else(|| {
        ApiError::unauthorized("the refresh token is expired, unknown or revoked; sign in again")
    })?;
    state
        .limits
        .by_device
        .hit(&device_id)
        .map_err(|retry| ApiError::too_many_requests("requests from this device", retry))?;
    let tokens = tokens::issue(&mut tx, &state.config, &device_id).await?;
    tx.commit().await?;
    Ok(Json(tokens))
}

/// Deletes the account and everything it stored, once the password is given again.
pub async fn delete_account(
    State(state): State<Arc<AppState>>,
    device: Device,
    JsonBody(request): JsonBody<DeleteAccount>,
) -> ApiResult<StatusCode> {
    let auth_key = auth::parse_auth_key(&request.auth_key)?;
    let row = sqlx::query("SELECT email, auth_hash FROM accounts WHERE id = $1")
        .bind(&device.account_id)
        .fetch_one(&state.db)
        .await?;
    let email: String = row.try_get("email")?;
    // Guessing the password here counts like guessing it at sign-in.
    state
        .limits
        .sign_in_by_email
        .hit(&email)
        .map_err(|retry| ApiError::too_many_requests("password attempts", retry))?;
    if !auth::verify_auth_key(auth_key, Some(row.try_get("auth_hash")?)).await? {
        return Err(ApiError::unauthorized("wrong password"));
    }
    // Every other table reaches the account by ON DELETE CASCADE.
    sqlx::query("DELETE FROM accounts WHERE id = $1")
        .bind(&device.account_id)
        .execute(&state.db)
        .await?;
    state.waiters.release(&device.workspace_id);
    tracing::info!(workspace = %device.workspace_id, "account deleted");
    Ok(StatusCode::NO_CONTENT)
}
