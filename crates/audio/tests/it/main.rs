#![allow(clippy::unwrap_used)]
//! Integration tests for onno-audio, through its public API only.

mod bad_input;
mod capture;
mod decode;
mod fuzz_seeds;
mod long_file;
mod resample;
mod util;
mod vad;
