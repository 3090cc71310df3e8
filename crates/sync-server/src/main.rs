//! `onno-sync-server`: the hosted relay of Onno's end-to-end encrypted sync. It keeps
//! accounts, devices and each workspace's append-only log of sealed changes, blobs and
//! snapshots in PostgreSQL, and answers the endpoints of `onno_sync::wire`. It never
//! holds a key that opens what it stores.

mod auth;
mod config;
mod db;
mod error;
mod extract;
mod limits;
mod metrics;
mod routes;
mod state;
mod tokens;

use std::io::{IsTerminal, Write};
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use clap::Parser;
use tokio::sync::watch;
use tracing_subscriber::EnvFilter;

use crate::config::Config;
use crate::state::AppState;

/// How often expired tokens are deleted.
const TOKEN_SWEEP: Duration = Duration::from_secs(10 * 60);

fn main() -> ExitCode {
    let config = Config::parse();
    // Logs go to standard error; RUST_LOG picks the level (info by default).
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("onno-sync-server: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(serve(config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("onno-sync-server: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(config: Config) -> Result<(), String> {
    let db = db::connect(&config.database_url, config.db_connections)
        .await
        .map_err(|e| format!("cannot open the database or apply its migrations: {e}"))?;
    let listener = tokio::net::TcpListener::bind(config.bind)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.bind))?;
    let address = listener
        .local_addr()
        .map_err(|e| format!("cannot read the address listened on: {e}"))?;
    // The first line of standard output names the address, so a caller that asked
    // for port 0 learns the port.
    println!("listening on {address}");
    let _ = std::io::stdout().flush();
    tracing::info!(%address, "listening");

    let (stop, stopping) = watch::channel(false);
    let state = Arc::new(AppState::new(db.clone(), config, stopping));
    tokio::spawn(sweep_tokens(db.clone()));
    tokio::spawn(state::listen_for_pushes(db.clone(), state.clone()));
    let app = routes::router(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            shutdown_signal().await;
            tracing::info!("stopping: finishing the requests under way");
            let _ = stop.send(true);
        })
        .await
        .map_err(|e| format!("serving: {e}"))?;
    db.close().await;
    tracing::info!("stopped");
    Ok(())
}

async fn sweep_tokens(db: sqlx::PgPool) {
    let mut every = tokio::time::interval(TOKEN_SWEEP);
    loop {
        every.tick().await;
        match tokens::delete_expired(&db).await {
            Ok(n) => tracing::debug!(deleted = n, "expired tokens"),
            Err(error) => tracing::warn!(%error, "deleting expired tokens"),
        }
    }
}

/// Ctrl-C, or SIGTERM from systemd or a container runtime.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
}
