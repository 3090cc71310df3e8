//! The app crate's integration tests: start-up against real database files, the
//! generated bindings and capability file kept in step with the commands, and a keyless
//! endpoint with no keychain.

mod bindings;
mod keyless;
mod startup;
