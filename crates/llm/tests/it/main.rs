//! Integration tests: the language model client against a real local server and a real
//! store (for the usage it records).
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod llm_client;
mod negotiate;
mod probe;
mod setup;

pub use onno_test_support::store::{meeting, test_store};
