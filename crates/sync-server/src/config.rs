//! The server's settings: flags, each with an environment variable behind it, so a
//! systemd unit or a container sets them the same way.

use std::net::SocketAddr;
use std::time::Duration;

use clap::Parser;

const MIB: usize = 1024 * 1024;

#[derive(Debug, Clone, Parser)]
#[command(
    name = "onno-sync-server",
    version,
    about = "Onno's sync relay: stores and relays end-to-end encrypted changes between a person's devices"
)]
pub struct Config {
    /// PostgreSQL to keep everything in, e.g. postgres://onno@127.0.0.1/onno.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    pub database_url: String,

    /// Address to listen on (HTTP; put a TLS-terminating proxy in front). Port 0 takes
    /// a free one; the address is printed on the first line of standard output.
    #[arg(long, env = "ONNO_SYNC_BIND", default_value = "127.0.0.1:8787")]
    pub bind: SocketAddr,

    /// Connections to PostgreSQL the server keeps at most.
    #[arg(long, env = "ONNO_SYNC_DB_CONNECTIONS", default_value_t = 16)]
    pub db_connections: u32,

    /// How long an access token works, in seconds.
    #[arg(long, env = "ONNO_SYNC_ACCESS_TOKEN_S", default_value_t = 15 * 60)]
    pub access_token_s: u64,

    /// How long a refresh token works, in seconds (each refresh replaces it).
    #[arg(long, env = "ONNO_SYNC_REFRESH_TOKEN_S", default_value_t = 30 * 24 * 3600)]
    pub refresh_token_s: u64,

    /// How long a refresh token still works after it was used, in seconds: a device
    /// killed before it kept the new one is not locked out.
    #[arg(long, env = "ONNO_SYNC_REFRESH_GRACE_S", default_value_t = 120)]
    pub refresh_grace_s: u64,

    /// The window the rate limits count over, in seconds.
    #[arg(long, env = "ONNO_SYNC_LIMIT_WINDOW_S", default_value_t = 15 * 60)]
    pub limit_window_s: u64,

    /// Sign-ins per window, per email and per client address; also account creations
    /// per client address.
    #[arg(long, env = "ONNO_SYNC_SIGN_INS_PER_WINDOW", default_value_t = 5)]
    pub sign_ins_per_window: u32,

    /// Requests per window per signed-in device.
    #[arg(
        long,
        env = "ONNO_SYNC_DEVICE_REQUESTS_PER_WINDOW",
        default_value_t = 100
    )]
    pub device_requests_per_window: u32,

    /// Requests per window per signed-in device for recordings and files (blob chunks,
    /// counted apart from the rest so that a long recording's upload leaves the
    /// device's changes room to sync). At 4 MiB a chunk, the default is 8 GiB.
    #[arg(
        long,
        env = "ONNO_SYNC_DEVICE_BLOB_REQUESTS_PER_WINDOW",
        default_value_t = 2000
    )]
    pub device_blob_requests_per_window: u32,

    /// The header a trusted proxy in front names the client's address in (e.g.
    /// X-Forwarded-For; its last entry is taken, the one the proxy added). Without it
    /// the connection's address is the client's.
    #[arg(long, env = "ONNO_SYNC_CLIENT_ADDRESS_HEADER")]
    pub client_address_header: Option<String>,

    /// The largest push body, in bytes.
    #[arg(long, env = "ONNO_SYNC_MAX_PUSH_BYTES", default_value_t = 8 * MIB)]
    pub max_push_bytes: usize,

    /// The largest blob chunk, in bytes.
    #[arg(long, env = "ONNO_SYNC_MAX_CHUNK_BYTES", default_value_t = 4 * MIB)]
    pub max_chunk_bytes: usize,

    /// The largest snapshot body, in bytes.
    #[arg(long, env = "ONNO_SYNC_MAX_SNAPSHOT_BYTES", default_value_t = 64 * MIB)]
    pub max_snapshot_bytes: usize,
}

impl Config {
    pub fn access_token_lifetime(&self) -> Duration {
        Duration::from_secs(self.access_token_s)
    }

    pub fn refresh_grace_ms(&self) -> i64 {
        i64::try_from(self.refresh_grace_s.saturating_mul(1000)).unwrap_or(i64::MAX)
    }

    pub fn refresh_token_lifetime(&self) -> Duration {
        Duration::from_secs(self.refresh_token_s)
    }

    pub fn limit_window(&self) -> Duration {
        Duration::from_secs(self.limit_window_s.max(1))
    }
}
