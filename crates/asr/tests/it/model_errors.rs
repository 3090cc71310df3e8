//! Bad model files give a clear error, never an abort of the test process.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use onno_asr::{AsrError, ErrorKind, ModelConfig, WhisperModel, inspect_model};
use onno_test_support::whisper_model::{Hparams, model_file_len, tensor_specs};
use onno_test_support::{ModelShape, audio, test_model};

/// Writes the first `len` bytes of the tiny test model, patched by `patch`, to a temp file.
fn tiny_prefix(dir: &Path, len: u64, patch: impl FnOnce(&mut Vec<u8>)) -> PathBuf {
    let mut bytes = Vec::new();
    fs::File::open(test_model(ModelShape::Tiny))
        .unwrap()
        .take(len)
        .read_to_end(&mut bytes)
        .unwrap();
    patch(&mut bytes);
    let path = dir.join("model.bin");
    fs::File::create(&path).unwrap().write_all(&bytes).unwrap();
    path
}

/// Offset of the first tensor: everything before it is header, filters and vocabulary.
fn tensors_offset() -> u64 {
    let tensors: u64 = tensor_specs(&Hparams::TINY)
        .iter()
        .map(|t| 12 + 4 * t.dims.len() as u64 + t.name.len() as u64 + t.data_bytes())
        .sum();
    model_file_len(&Hparams::TINY) - tensors
}

/// Both `inspect_model` and `WhisperModel::load` reject the file with this kind and message.
#[track_caller]
fn check_rejected(path: &Path, kind: ErrorKind, needle: &str) -> AsrError {
    let err = inspect_model(path).unwrap_err();
    assert_eq!(err.kind(), kind, "{err}");
    let message = err.to_string();
    assert!(
        message.contains(needle),
        "expected '{needle}' in: {message}"
    );
    assert!(!message.contains('\n'), "one line: {message}");
    let load_err = WhisperModel::load(path, &ModelConfig::default()).unwrap_err();
    assert_eq!(load_err.kind(), kind);
    assert_eq!(load_err.to_string(), message);
    err
}

#[test]
fn the_generated_model_passes_inspection() {
    let info = inspect_model(&test_model(ModelShape::Tiny)).unwrap();
    assert!(info.is_multilingual());
    assert_eq!(info.size_name(), "tiny");
    assert_eq!(
        (info.n_audio_state, info.n_audio_layer, info.ftype),
        (384, 4, 1)
    );
    assert_eq!(info.n_tensors, tensor_specs(&Hparams::TINY).len());
}

#[test]
fn bad_magic() {
    let dir = tempfile::tempdir().unwrap();
    let path = tiny_prefix(dir.path(), 1 << 20, |b| b[..4].copy_from_slice(b"junk"));
    let err = check_rejected(&path, ErrorKind::InvalidModel, "bad magic");
    assert!(
        err.to_string().contains("model.bin"),
        "names the file: {err}"
    );
}

#[test]
fn a_wav_file_is_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ggml-tiny.bin");
    audio::write_wav(&path, &audio::speech_like(1.0, 1), 16_000).unwrap();
    check_rejected(&path, ErrorKind::InvalidModel, "WAV");
}

#[test]
fn a_gguf_file_is_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("model.gguf");
    fs::write(&path, b"GGUF\x03\x00\x00\x00rest of a llama.cpp model").unwrap();
    check_rejected(&path, ErrorKind::InvalidModel, "GGUF");
}

#[test]
fn empty_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = tiny_prefix(dir.path(), 0, |_| {});
    check_rejected(&path, ErrorKind::InvalidModel, "too short");
}

#[test]
fn truncated_header() {
    let dir = tempfile::tempdir().unwrap();
    let path = tiny_prefix(dir.path(), 20, |_| {});
    check_rejected(&path, ErrorKind::InvalidModel, "truncated");
}

#[test]
fn truncated_in_the_middle_of_a_tensor() {
    let dir = tempfile::tempdir().unwrap();
    let len = model_file_len(&Hparams::TINY) / 2;
    let path = tiny_prefix(dir.path(), len, |_| {});
    check_rejected(&path, ErrorKind::InvalidModel, "truncated");
}

#[test]
fn truncated_by_one_byte() {
    let dir = tempfile::tempdir().unwrap();
    let len = model_file_len(&Hparams::TINY) - 1;
    let path = tiny_prefix(dir.path(), len, |_| {});
    check_rejected(&path, ErrorKind::InvalidModel, "decoder.ln.bias");
}

#[test]
fn no_tensors_at_all() {
    // whisper.cpp itself would accept this as an "empty model for testing".
    let dir = tempfile::tempdir().unwrap();
    let path = tiny_prefix(dir.path(), tensors_offset(), |_| {});
    check_rejected(&path, ErrorKind::InvalidModel, "0 of 167 tensors");
}

#[test]
fn unknown_weight_type() {
    // ftype 4 (MOSTLY_Q4_1_SOME_F16) trips a GGML_ASSERT, which aborts the process.
    let dir = tempfile::tempdir().unwrap();
    let path = tiny_prefix(dir.path(), 1 << 20, |b| {
        b[44..48].copy_from_slice(&4i32.to_le_bytes())
    });
    check_rejected(&path, ErrorKind::InvalidModel, "unsupported weight type");
}

#[test]
fn implausible_vocabulary_size() {
    let dir = tempfile::tempdir().unwrap();
    let path = tiny_prefix(dir.path(), 1 << 20, |b| {
        b[4..8].copy_from_slice(&7i32.to_le_bytes())
    });
    check_rejected(&path, ErrorKind::InvalidModel, "vocabulary size 7");
}

#[test]
fn mismatched_shape() {
    // Claim 6 encoder layers (base) in a file that holds 4 (tiny).
    let dir = tempfile::tempdir().unwrap();
    let len = model_file_len(&Hparams::TINY);
    let path = tiny_prefix(dir.path(), len, |b| {
        b[20..24].copy_from_slice(&6i32.to_le_bytes())
    });
    check_rejected(&path, ErrorKind::InvalidModel, "tensors present");
}

#[test]
fn corrupt_tensor_name() {
    let dir = tempfile::tempdir().unwrap();
    let offset = tensors_offset() as usize;
    let path = tiny_prefix(dir.path(), 1 << 20, |b| {
        // The first tensor's name starts after n_dims, name_len, type and two dims.
        b[offset + 20..offset + 27].copy_from_slice(b"garbage");
    });
    check_rejected(
        &path,
        ErrorKind::InvalidModel,
        "unknown tensor 'garbage.positional_embedding'",
    );
}

#[test]
fn missing_file_and_directory_are_io_errors() {
    let dir = tempfile::tempdir().unwrap();
    check_rejected(&dir.path().join("nope.bin"), ErrorKind::Io, "nope.bin");
    check_rejected(dir.path(), ErrorKind::Io, "directory");
}
