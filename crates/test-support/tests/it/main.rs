//! Integration tests of the test model writer, through its public API and its binary.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod model_file;
