//! The PostgreSQL pool, the schema's migrations, and the small values every table uses:
//! ids and times.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;

use crate::error::ApiError;

/// The schema, embedded at build time and applied at start (each once, in a
/// transaction; a database from a newer server is refused).
static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

pub async fn connect(url: &str, max_connections: u32) -> Result<PgPool, sqlx::Error> {
    let pool = PgPoolOptions::new()
        .max_connections(max_connections.max(1))
        .acquire_timeout(Duration::from_secs(10))
        .connect(url)
        .await?;
    MIGRATOR.run(&pool).await?;
    Ok(pool)
}

/// Unix milliseconds by the server's clock.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// `N` bytes from the operating system's generator.
pub fn random<const N: usize>() -> Result<[u8; N], ApiError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|error| {
        tracing::error!(%error, "the system gave no random bytes");
        ApiError::internal()
    })?;
    Ok(bytes)
}

/// A new account, workspace or device id: 128 random bits in hex, so ids say nothing
/// about order, count or owner.
pub fn new_id() -> Result<String, ApiError> {
    Ok(hex::encode(random::<16>()?))
}
