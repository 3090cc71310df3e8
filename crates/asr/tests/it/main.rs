//! Integration tests of onno-asr through its public API, with real whisper.cpp inference
//! on a generated model (random weights: assert on timing and structure, never on words).
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;
mod model_errors;
mod real_language;
mod real_nonspeech;
mod real_vocabulary;
mod real_weights;
mod transcribe;
mod vad;
