//! whisper.cpp's Silero VAD on the generated energy-gate model: real loading and
//! inference, boundaries against the known speech, and damaged files.

use std::path::{Path, PathBuf};

use onno_asr::{
    CHUNK_SAMPLES, ErrorKind, SileroVad, VadModelInfo, inspect_model, inspect_vad_model,
};
use onno_audio::{Span, VadConfig, VoiceDetector};
use onno_test_support::audio::{silence, speech_like};
use onno_test_support::{ModelShape, test_model, test_vad_model};

const MS: u64 = 16; // samples per millisecond

/// Runs `vad` over `audio` in `step`-sample pushes.
fn detect(vad: &mut SileroVad, audio: &[f32], step: usize) -> Vec<Span> {
    let mut spans = Vec::new();
    // Nothing given out later may start before what the detector said was pending.
    let mut floor = 0;
    for chunk in audio.chunks(step) {
        let before = spans.len();
        vad.push(chunk, &mut spans);
        assert!(
            spans[before..].iter().all(|s| s.start >= floor),
            "{spans:?}"
        );
        floor = vad.pending_start().unwrap_or(vad.position());
    }
    let before = spans.len();
    vad.finish(&mut spans);
    assert!(
        spans[before..].iter().all(|s| s.start >= floor),
        "{spans:?}"
    );
    assert_eq!(vad.position(), audio.len() as u64);
    spans
}

/// The stretches of `audio` that are not silent, merged across gaps shorter than
/// `min_gap_ms` (the detector's `min_silence_ms`).
fn truth(audio: &[f32], min_gap_ms: u64) -> Vec<Span> {
    let mut spans: Vec<Span> = Vec::new();
    let mut i = 0;
    while i < audio.len() {
        if audio[i] == 0.0 {
            i += 1;
            continue;
        }
        let start = i as u64;
        while i < audio.len() && audio[i] != 0.0 {
            i += 1;
        }
        let end = i as u64;
        match spans.last_mut() {
            Some(last) if start - last.end < min_gap_ms * MS => last.end = end,
            _ => spans.push(Span { start, end }),
        }
    }
    spans
}

/// Pauses inside `speech_like` words are at most 400 ms: with this much silence needed to
/// end speech, each burst of it is one span.
fn config() -> VadConfig {
    VadConfig {
        min_silence_ms: 500,
        ..VadConfig::default()
    }
}

/// Two bursts of speech-like sound between silences, 2.2 s apart.
fn fixture() -> (Vec<f32>, Vec<Span>) {
    let mut audio = silence(1.3);
    audio.extend(speech_like(3.0, 1));
    audio.extend(silence(2.2));
    audio.extend(speech_like(2.5, 2));
    audio.extend(silence(1.7));
    let spans = truth(&audio, config().min_silence_ms.into());
    (audio, spans)
}

fn assert_within(found: &[Span], expected: &[Span], tolerance_ms: u64) {
    assert_eq!(
        found.len(),
        expected.len(),
        "found {found:?}, expected {expected:?}"
    );
    for (f, e) in found.iter().zip(expected) {
        let d_start = f.start.abs_diff(e.start) / MS;
        let d_end = f.end.abs_diff(e.end) / MS;
        assert!(
            d_start <= tolerance_ms && d_end <= tolerance_ms,
            "{f:?} vs {e:?}: start off by {d_start} ms, end by {d_end} ms"
        );
    }
}

#[test]
fn the_generated_model_passes_inspection() {
    let info: VadModelInfo = inspect_vad_model(&test_vad_model()).unwrap();
    assert_eq!(info.version, "5.1.2");
    assert_eq!(
        info.file_len,
        std::fs::metadata(test_vad_model()).unwrap().len()
    );
}

#[test]
fn speech_bursts_are_found_within_150_ms() {
    let (audio, expected) = fixture();
    assert!(
        audio.len() as u64 > 2 * CHUNK_SAMPLES,
        "spans chunk borders"
    );
    // Pushes of every size: 10 ms, odd sizes, 1 s, more than a chunk, all at once.
    for step in [160, 1_000, 16_000, 70_001, audio.len()] {
        let mut vad = SileroVad::new(&test_vad_model(), &config()).unwrap();
        let found = detect(&mut vad, &audio, step);
        assert_within(&found, &expected, 150);
        assert_eq!(vad.failures(), 0);
    }
}

#[test]
fn a_live_detector_ends_speech_as_soon_as_its_silence_is_long_enough() {
    let (audio, expected) = fixture();
    let cfg = config();
    let silence_needed = u64::from(cfg.min_silence_ms) * MS;
    let mut vad = SileroVad::live(&test_vad_model(), &cfg).unwrap();
    // 10 ms at a time, as capture delivers it; note where the stream was when each
    // span came out.
    let mut spans = Vec::new();
    let mut given_at = Vec::new();
    for chunk in audio.chunks(160) {
        vad.push(chunk, &mut spans);
        given_at.resize(spans.len(), vad.position());
    }
    assert_within(&spans, &expected, 150);
    for (span, at) in spans.iter().zip(&given_at) {
        // The silence it needs, then at most one Silero window (32 ms) and one push.
        let late_ms = at.saturating_sub(span.end + silence_needed) / MS;
        assert!(
            late_ms <= 32 + 10,
            "{span:?} given at {at}: {late_ms} ms after its silence was long enough"
        );
    }
    assert_eq!(vad.failures(), 0);
}

#[test]
fn silence_has_no_speech() {
    let mut vad = SileroVad::new(&test_vad_model(), &VadConfig::default()).unwrap();
    assert_eq!(detect(&mut vad, &silence(9.0), 16_000), vec![]);
    // The detector holds nothing back once a silence has been analysed.
    let mut vad = SileroVad::new(&test_vad_model(), &VadConfig::default()).unwrap();
    let mut spans = Vec::new();
    vad.push(&silence(4.0), &mut spans);
    assert_eq!(vad.pending_start(), None);
}

#[test]
fn long_speech_is_cut_to_fit_a_window() {
    let cfg = VadConfig {
        max_utterance_ms: 5_000,
        ..VadConfig::default()
    };
    let mut audio = speech_like(12.0, 3);
    // Continuous sound: no pauses for the detector to close on.
    audio
        .iter_mut()
        .for_each(|v| *v = if *v == 0.0 { 0.3 } else { *v });
    let mut vad = SileroVad::new(&test_vad_model(), &cfg).unwrap();
    let spans = detect(&mut vad, &audio, 16_000);
    assert!(spans.len() >= 3, "{spans:?}");
    let cap = (5_000 - 2 * cfg.pad_ms as u64) * MS;
    assert!(spans.iter().all(|s| s.len() <= cap), "{spans:?}");
}

fn vad_bytes() -> Vec<u8> {
    std::fs::read(test_vad_model()).unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn rejected(path: &Path, needle: &str) {
    let err = inspect_vad_model(path).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidModel, "{err}");
    assert!(err.to_string().contains(needle), "{err}");
    assert!(
        err.to_string().contains(&path.display().to_string()),
        "{err}"
    );
    // Loading goes through the same check: an error, never an abort.
    let err = SileroVad::new(path, &VadConfig::default()).err().unwrap();
    assert_eq!(err.kind(), ErrorKind::InvalidModel, "{err}");
}

#[test]
fn damaged_vad_files_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let good = vad_bytes();
    let len = good.len();

    rejected(&write(dir.path(), "empty.bin", &[]), "too short");
    rejected(&write(dir.path(), "short.bin", &good[..30]), "truncated");
    rejected(
        &write(dir.path(), "half.bin", &good[..len / 2]),
        "truncated",
    );
    rejected(
        &write(dir.path(), "minus1.bin", &good[..len - 1]),
        "truncated",
    );

    let mut magic = good.clone();
    magic[..4].copy_from_slice(b"RIFF");
    rejected(&write(dir.path(), "magic.bin", &magic), "WAV");

    let mut negative = good.clone();
    negative[4..8].copy_from_slice(&(-5i32).to_le_bytes());
    rejected(&write(dir.path(), "negative.bin", &negative), "model type");

    let mut kind = good.clone();
    kind[8..18].copy_from_slice(b"silero-8kk");
    rejected(&write(dir.path(), "kind.bin", &kind), "silero-16k");

    // Encoder layer 0's out channels (after magic, type, version, window, context, count, in).
    let mut shape = good.clone();
    let at = 4 + 4 + 10 + 12 + 8 + 4 + 4;
    shape[at..at + 4].copy_from_slice(&64i32.to_le_bytes());
    rejected(&write(dir.path(), "shape.bin", &shape), "encoder layer 0");

    // The first tensor's name.
    let header = 4 + 4 + 10 + 12 + 8 + 4 + 48 + 16;
    let mut name = good.clone();
    name[header + 12 + 12] = b'X';
    rejected(&write(dir.path(), "name.bin", &name), "unknown tensor");

    // Only the header, no tensors: whisper.cpp would load it as an empty model.
    rejected(
        &write(dir.path(), "bare.bin", &good[..header]),
        "0 of 15 tensors",
    );

    // A whisper model is not a VAD model, and the other way round.
    let err = inspect_vad_model(&test_model(ModelShape::Tiny)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidModel, "{err}");
    let err = inspect_model(&test_vad_model()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidModel, "{err}");

    let err = SileroVad::new(&dir.path().join("missing.bin"), &VadConfig::default())
        .err()
        .unwrap();
    assert_eq!(err.kind(), ErrorKind::Io, "{err}");
    let err = SileroVad::new(dir.path(), &VadConfig::default())
        .err()
        .unwrap();
    assert_eq!(err.kind(), ErrorKind::Io, "{err}");
}
