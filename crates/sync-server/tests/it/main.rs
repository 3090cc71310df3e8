//! The sync server's tests: the real binary on loopback, a real PostgreSQL database of
//! its own per test (run under `scripts/with-postgres.sh`), over HTTP.

mod accounts;
mod authorisation;
mod blind;
mod blobs;
mod changes;
mod deletion;
mod devices;
mod files;
mod limits;
mod operations;
mod restart;
mod schema;
mod support;
