//! Who is asking: the password check (Argon2id over the client's auth key), the
//! signed-in device behind an access token, and the client's address for the sign-in
//! limit.

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use sqlx::Row;

use crate::db::{now_ms, random};
use crate::error::{ApiError, ApiResult};
use crate::metrics::RequestLog;
use crate::state::AppState;

/// OWASP's Argon2id minimum (19 MiB, 2 passes). The auth key is already a slow
/// derivation of the password on the client; this hash only keeps a stolen copy of
/// the database from being replayed as the key itself.
fn hasher() -> ApiResult<Argon2<'static>> {
    let params = Params::new(19 * 1024, 2, 1, None).map_err(|error| {
        tracing::error!(%error, "Argon2 settings");
        ApiError::internal()
    })?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// The auth key as bytes: hex of 16 to 64 bytes (the client sends 32).
pub fn parse_auth_key(auth_key: &str) -> ApiResult<Vec<u8>> {
    let bytes =
        hex::decode(auth_key.trim()).map_err(|_| ApiError::bad_request("auth_key is not hex"))?;
    if !(16..=64).contains(&bytes.len()) {
        return Err(ApiError::bad_request("auth_key is not 16 to 64 bytes long"));
    }
    Ok(bytes)
}

/// The PHC string (algorithm, settings, salt and hash) to store. Runs on the blocking
/// pool: Argon2 is deliberately slow.
pub async fn hash_auth_key(auth_key: Vec<u8>) -> ApiResult<String> {
    let salt = SaltString::encode_b64(&random::<16>()?).map_err(|_| ApiError::internal())?;
    tokio::task::spawn_blocking(move || {
        hasher()?
            .hash_password(&auth_key, &salt)
            .map(|hash| hash.to_string())
            .map_err(|error| {
                tracing::error!(%error, "Argon2 hash");
                ApiError::internal()
            })
    })
    .await
    .map_err(|_| ApiError::internal())?
}

/// A hash of nothing anybody knows, checked when the email has no account, so that
/// an unknown email takes as long to refuse as a wrong password.
async fn decoy_hash() -> ApiResult<&'static str> {
    static DECOY: OnceLock<String> = OnceLock::new();
    if let Some(hash) = DECOY.get() {
        return Ok(hash);
    }
    let hash = hash_auth_key(random::<32>()?.to_vec()).await?;
    Ok(DECOY.get_or_init(|| hash))
}

/// Whether `auth_key` is the one `stored` was made from (`None`: no such account; the
/// same work is done against a decoy). The comparison is constant-time.
pub async fn verify_auth_key(auth_key: Vec<u8>, stored: Option<String>) -> ApiResult<bool> {
    let known = stored.is_some();
    let phc = match stored {
        Some(phc) => phc,
        None => decoy_hash().await?.to_owned(),
    };
    let matches = tokio::task::spawn_blocking(move || {
        let parsed = PasswordHash::new(&phc).map_err(|error| {
            tracing::error!(%error, "a stored hash does not parse");
            ApiError::internal()
        })?;
        // The settings come from the stored string, so raising them later still
        // verifies old hashes.
        Ok::<bool, ApiError>(
            Argon2::default()
                .verify_password(&auth_key, &parsed)
                .is_ok(),
        )
    })
    .await
    .map_err(|_| ApiError::internal())??;
    Ok(known && matches)
}

/// Trimmed and lower-cased, as the client derives the auth key from it.
pub fn normalise_email(email: &str) -> ApiResult<String> {
    let email = email.trim().to_lowercase();
    let plausible = email.len() <= 254
        && email
            .split_once('@')
            .is_some_and(|(local, domain)| !local.is_empty() && !domain.is_empty());
    if !plausible {
        return Err(ApiError::bad_request("the email address is not valid"));
    }
    Ok(email)
}

/// The client's address: the connection's peer, or the last entry of the header a
/// trusted proxy in front writes (earlier entries are the client's own word).
pub fn client_address(parts: &Parts, state: &AppState) -> String {
    if let Some(name) = &state.config.client_address_header
        && let Some(value) = parts
            .headers
            .get(name.as_str())
            .and_then(|v| v.to_str().ok())
        && let Some(last) = value.rsplit(',').next().map(str::trim)
        && !last.is_empty()
    {
        return last.to_owned();
    }
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map_or_else(|| "unknown".to_owned(), |info| info.0.ip().to_string())
}

/// The client's address, as an extractor.
pub struct ClientAddress(pub String);

impl FromRequestParts<Arc<AppState>> for ClientAddress {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &Arc<AppState>) -> ApiResult<Self> {
        Ok(ClientAddress(client_address(parts, state)))
    }
}

/// Where the blob endpoints live: their requests count against their own limit.
pub const BLOB_PATHS: &str = "/v1/blobs/";

/// A signed-in, unrevoked device, from the request's access token. Every request it
/// makes counts against one of the device's rate limits.
pub struct Device {
    pub account_id: String,
    pub workspace_id: String,
    pub device_id: String,
}

impl FromRequestParts<Arc<AppState>> for Device {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &Arc<AppState>) -> ApiResult<Self> {
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split_once(' '))
            // The scheme's name is case-insensitive (RFC 9110).
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token.trim())
            .ok_or_else(|| ApiError::unauthorized("sign in first: no access token was sent"))?;
        let now = now_ms();
        let row = sqlx::query(
            "SELECT d.id, d.account_id, w.id AS workspace_id, d.last_seen_at_ms \
             FROM access_tokens t \
             JOIN devices d ON d.id = t.device_id \
             JOIN workspaces w ON w.account_id = d.account_id \
             WHERE t.token_hash = $1 AND t.expires_at_ms > $2 AND d.revoked_at_ms IS NULL",
        )
        .bind(crate::tokens::hash(token))
        .bind(now)
        .fetch_optional(&state.db)
        .await?
        .ok_or_else(|| {
            ApiError::unauthorized(
                "the access token is expired, unknown or revoked; refresh it or sign in again",
            )
        })?;
        let device = Device {
            device_id: row.try_get("id")?,
            account_id: row.try_get("account_id")?,
            workspace_id: row.try_get("workspace_id")?,
        };
        if let Some(log) = parts.extensions.get::<RequestLog>() {
            log.set_workspace(&device.workspace_id);
        }
        let (limiter, what) = if parts.uri.path().starts_with(BLOB_PATHS) {
            (
                &state.limits.blobs_by_device,
                "file transfers from this device",
            )
        } else {
            (&state.limits.by_device, "requests from this device")
        };
        limiter
            .hit(&device.device_id)
            .map_err(|retry| ApiError::too_many_requests(what, retry))?;
        // Written at most once a minute: a write per request would cost more than the
        // device list's precision is worth.
        let last_seen: i64 = row.try_get("last_seen_at_ms")?;
        if now - last_seen > 60_000 {
            sqlx::query("UPDATE devices SET last_seen_at_ms = $2 WHERE id = $1")
                .bind(&device.device_id)
                .bind(now)
                .execute(&state.db)
                .await?;
        }
        Ok(device)
    }
}
