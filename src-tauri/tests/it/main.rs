//! The app crate's integration tests: start-up against real database files, the
//! generated bindings and capability file kept in step with the commands, a keyless
//! endpoint with no keychain, and the errors of a file that cannot be attached.

mod bindings;
mod files;
mod keyless;
mod startup;
