//! Integration tests: suggestions, action items, summaries and whole-meeting analysis
//! against a real local chat-completions server and a real store.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod assist;
mod fixtures;
mod hygiene;
mod real_model;
mod retrieval;
mod user_edits;

// The client set-up is the language model crate's own test helper.
#[path = "../../../llm/tests/it/setup.rs"]
mod setup;

pub use onno_test_support::store::{meeting, say, test_store};
pub use setup::{config, runtime};
mod key;
