//! Test-only helpers for Onno.
//!
//! Whisper weights cannot be downloaded where Onno is built and tested, yet the speech
//! recognition path deserves real inference in its tests. This crate writes its own
//! models: [`whisper_model::write_model`] emits a ggml whisper file with the real `tiny`
//! or `base` shapes, a multilingual vocabulary and seeded random weights. whisper.cpp
//! loads it and runs the full encoder and decoder on it, so loading, threading,
//! segmentation, timestamps and error handling are exercised for real. The words it
//! produces are noise: assert on timing and structure, never on text. Random weights
//! never choose end-of-text either, so cap the tokens per window in every test.
//!
//! A tiny model is about 75 MB, so it is never committed: [`test_model`] writes it once
//! into the cargo target folder and hands back the cached path afterwards.
//!
//! ```no_run
//! use onno_test_support::{audio, test_model, ModelShape};
//!
//! let model = test_model(ModelShape::Tiny); // target/test-models/ggml-tiny-random-…bin
//! let pcm = audio::speech_like(10.0, 1); // 10 s of 16 kHz speech-like sound
//! # let _ = (model, pcm);
//! ```
//!
//! [`http_server::FileServer`] is a real HTTP server on loopback for download tests:
//! ranges on or off, dropped connections, wrong bytes, error statuses.
//!
//! [`llm_server::LlmServer`] is a real HTTP server on loopback speaking the chat-completions
//! protocol (JSON and server-sent events), scripted per test and recording each request.
//! [`llama_server::LlamaServer`] is the opposite: a server nobody here wrote
//! (llama-cpp-python) with a real instruct model, for what only a real model shows.
//!
//! [`store`] opens a real store in a temporary folder with a meeting to test against.
//!
//! [`silero_model`] writes a Silero VAD file (`silero-16k`, v5.1.2 shapes) whose weights
//! are set by hand to act as an energy gate, so whisper.cpp's VAD runs for real too;
//! [`test_vad_model`] caches it like [`test_model`].
//!
//! [`noise`] makes non-speech sound (white, pink, brown, hum, typing, breathing) at a
//! chosen level; [`speech_models`] finds the real converted weights and the original
//! models' outputs that `scripts/speech-models.sh` caches.
//!
//! The same writers are behind the `make-whisper-model` binary:
//! `cargo run -p onno-test-support --bin make-whisper-model -- --shape tiny|base|silero-16k --out PATH`.

pub mod audio;
pub mod http_server;
pub mod llama_server;
pub mod llm_server;
mod loopback;
pub mod noise;
pub mod process;
pub mod pulse;
pub mod silero_model;
pub mod speech_models;
pub mod store;
pub mod sync_edits;
pub mod whisper_model;

use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub use whisper_model::{Flavor, Hparams, ModelShape};

/// Seed of the cached test models.
pub const DEFAULT_SEED: u64 = 0;

/// Bumped whenever the writer's output changes, so stale cached models are not reused.
const FORMAT_VERSION: u32 = 2;

/// The path of a generated model of `shape`, writing it first if it is missing or stale.
///
/// Models are cached in `test-models/` under the cargo target folder (`CARGO_TARGET_DIR`
/// when set). Concurrent callers, in this process or others, are safe: the file appears
/// by atomic rename. Panics if the model cannot be written, which fails the test.
pub fn test_model(shape: ModelShape) -> PathBuf {
    test_model_with(shape, Flavor::Plain)
}

/// [`test_model`] for any [`Flavor`].
pub fn test_model_with(shape: ModelShape, flavor: Flavor) -> PathBuf {
    static LOCK: Mutex<()> = Mutex::new(());
    let _guard = LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner());

    let hp = shape.hparams();
    let path = target_dir().join("test-models").join(format!(
        "ggml-{}-random-{}-v{FORMAT_VERSION}-seed{DEFAULT_SEED}.bin",
        shape.name(),
        flavor.name()
    ));
    let expected = whisper_model::model_file_len(&hp);
    let fresh = std::fs::metadata(&path)
        .map(|m| m.len() == expected)
        .unwrap_or(false);
    if !fresh && let Err(e) = whisper_model::write_model_file(&path, &hp, DEFAULT_SEED, flavor) {
        panic!("cannot write test model {}: {e}", path.display());
    }
    path
}

/// The path of the generated energy-gate Silero VAD model ([`silero_model`]), writing
/// it first if it is missing or stale. Cached and safe for concurrent callers like
/// [`test_model`].
pub fn test_vad_model() -> PathBuf {
    static LOCK: Mutex<()> = Mutex::new(());
    let _guard = LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner());

    let path = target_dir()
        .join("test-models")
        .join(format!("ggml-silero-energy-gate-v{VAD_FORMAT_VERSION}.bin"));
    let fresh = std::fs::metadata(&path)
        .map(|m| m.len() == silero_model::silero_file_len())
        .unwrap_or(false);
    if !fresh && let Err(e) = silero_model::write_silero_vad_file(&path) {
        panic!("cannot write test VAD model {}: {e}", path.display());
    }
    path
}

/// Bumped whenever the VAD writer's weights change.
const VAD_FORMAT_VERSION: u32 = 1;

/// The cargo target folder: `CARGO_TARGET_DIR`, else the folder holding cargo's
/// `CACHEDIR.TAG` above the running executable, else `target/` in the workspace.
pub fn target_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(dir);
    }
    if let Ok(exe) = std::env::current_exe()
        && let Some(dir) = exe
            .ancestors()
            .skip(1)
            .find(|d| d.join("CACHEDIR.TAG").is_file())
    {
        return dir.to_path_buf();
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target")
}
