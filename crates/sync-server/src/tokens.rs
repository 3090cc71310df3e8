//! Access and refresh tokens: 256 random bits handed to the device once, kept only as
//! SHA-256, so the database alone signs nobody in. SHA-256 rather than a slow hash
//! because the token is random, not guessable, and is checked on every request.

use sha2::{Digest, Sha256};
use sqlx::PgConnection;

use onno_sync::wire::Tokens;

use crate::config::Config;
use crate::db::{now_ms, random};
use crate::error::ApiResult;

pub fn hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

fn new_token() -> ApiResult<String> {
    Ok(hex::encode(random::<32>()?))
}

fn ms(duration: std::time::Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

/// A fresh access token and refresh token for `device_id`, written in the caller's
/// transaction.
pub async fn issue(conn: &mut PgConnection, config: &Config, device_id: &str) -> ApiResult<Tokens> {
    let now = now_ms();
    let access = new_token()?;
    let refresh = new_token()?;
    for (insert, token, lifetime) in [
        (
            "INSERT INTO access_tokens (token_hash, device_id, expires_at_ms) VALUES ($1, $2, $3)",
            &access,
            config.access_token_lifetime(),
        ),
        (
            "INSERT INTO refresh_tokens (token_hash, device_id, expires_at_ms) VALUES ($1, $2, $3)",
            &refresh,
            config.refresh_token_lifetime(),
        ),
    ] {
        sqlx::query(insert)
            .bind(hash(token))
            .bind(device_id)
            .bind(now.saturating_add(ms(lifetime)))
            .execute(&mut *conn)
            .await?;
    }
    Ok(Tokens {
        access_token: access,
        access_expires_in_s: config.access_token_lifetime().as_secs(),
        refresh_token: refresh,
    })
}

/// Signs a device out: marks it revoked and deletes its tokens, so they stop working
/// at once. False when the device is not the account's or is revoked already.
pub async fn revoke_device(
    conn: &mut PgConnection,
    account_id: &str,
    device_id: &str,
) -> ApiResult<bool> {
    let revoked = sqlx::query(
        "UPDATE devices SET revoked_at_ms = $3 \
         WHERE id = $1 AND account_id = $2 AND revoked_at_ms IS NULL",
    )
    .bind(device_id)
    .bind(account_id)
    .bind(now_ms())
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if revoked == 0 {
        return Ok(false);
    }
    sqlx::query("DELETE FROM access_tokens WHERE device_id = $1")
        .bind(device_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM refresh_tokens WHERE device_id = $1")
        .bind(device_id)
        .execute(&mut *conn)
        .await?;
    Ok(true)
}

/// Deletes expired tokens now and then, so the tables hold only live ones.
pub async fn delete_expired(pool: &sqlx::PgPool) -> Result<u64, sqlx::Error> {
    let now = now_ms();
    let access = sqlx::query("DELETE FROM access_tokens WHERE expires_at_ms <= $1")
        .bind(now)
        .execute(pool)
        .await?
        .rows_affected();
    let refresh = sqlx::query("DELETE FROM refresh_tokens WHERE expires_at_ms <= $1")
        .bind(now)
        .execute(pool)
        .await?
        .rows_affected();
    Ok(access + refresh)
}
