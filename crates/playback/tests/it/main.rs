#![allow(clippy::unwrap_used)]
//! Integration tests for onno-playback: real recordings, a real server, real sockets.

mod damaged;
mod long;
mod mix_over_http;
mod refusals;
mod support;
