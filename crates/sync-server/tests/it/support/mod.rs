//! What the server's tests stand on: a fresh database per test in the PostgreSQL
//! cluster `DATABASE_URL` names (see `scripts/with-postgres.sh`), the real
//! `onno-sync-server` binary started on loopback, and an HTTP client that speaks
//! `onno_sync::wire`.

// Each test binary (the tests and the load benchmark) uses only part of it.
#![allow(dead_code)]

mod api;
mod db;
mod server;
mod workspace;

pub use api::{Api, Reply};
pub use db::TestDb;
pub use server::{Fixture, Server};
pub use workspace::{Account, Secrets, random_hex};
