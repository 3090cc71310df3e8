#![allow(clippy::unwrap_used)]
//! The live pipeline through its public API, on a real PulseAudio server
//! (scripts/with-pulseaudio.sh) with speech played into its virtual devices, real
//! whisper.cpp inference on the generated tiny model, and a real SQLite file.

mod assistant;
mod health;
mod import;
mod meeting;
mod real_accuracy;
mod real_language;
mod real_model;
mod real_nonspeech;
mod start;
mod vocabulary;
