//! The app crate's integration tests: start-up against real database files, and the
//! generated bindings and capability file kept in step with the commands.

mod bindings;
mod startup;
