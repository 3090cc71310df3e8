//! File transcription through the public API: real decoding, voice detection and
//! whisper.cpp inference on a generated tiny model (random weights, so the tests assert
//! on timing, structure and errors, never on words).
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod real_accuracy;
mod real_nonspeech;
mod speech_set;

use std::path::Path;
use std::sync::{Mutex, MutexGuard, OnceLock};

use onno_asr::{EngineConfig, ErrorKind, ModelConfig, WhisperEngine, WhisperModel};
use onno_test_support::audio::{silence, speech_like, write_wav};
use onno_test_support::{ModelShape, test_model, test_vad_model};
use onno_transcribe::{FileOptions, Progress, TranscribeError, transcribe_file};

/// One engine for the whole binary: loading is slow and the tests would only compete
/// for the two cores.
fn engine() -> MutexGuard<'static, WhisperEngine> {
    static ENGINE: OnceLock<Mutex<WhisperEngine>> = OnceLock::new();
    ENGINE
        .get_or_init(|| {
            let model =
                WhisperModel::load(&test_model(ModelShape::Tiny), &ModelConfig::default()).unwrap();
            Mutex::new(WhisperEngine::new(model, &EngineConfig::default()).unwrap())
        })
        .lock()
        .unwrap_or_else(|p| p.into_inner())
}

/// Speech from 1 s to 4 s and from 9 s to 11 s of a 14 s file.
fn two_utterances(dir: &Path) -> std::path::PathBuf {
    let mut audio = silence(1.0);
    audio.extend(speech_like(3.0, 1));
    audio.extend(silence(5.0));
    audio.extend(speech_like(2.0, 2));
    audio.extend(silence(3.0));
    let path = dir.join("call.wav");
    write_wav(&path, &audio, 16_000).unwrap();
    path
}

#[test]
fn segments_are_in_file_time_monotone_and_inside_the_audio() {
    let dir = tempfile::tempdir().unwrap();
    let path = two_utterances(dir.path());
    let mut updates: Vec<Progress> = Vec::new();
    let transcript = transcribe_file(&path, &mut *engine(), &FileOptions::default(), &mut |p| {
        updates.push(p)
    })
    .unwrap();

    let stats = transcript.stats;
    assert_eq!(stats.audio.as_millis(), 14_000);
    // Both utterances, padded, fit one 30 s window: one whisper call for the file.
    assert_eq!(stats.windows, 1);
    assert!(stats.speech.as_secs_f64() < 7.0, "{:?}", stats.speech);
    let mut previous_end = 0;
    for s in &transcript.segments {
        assert!(s.start_ms >= previous_end, "{:?}", transcript.segments);
        assert!(s.end_ms >= s.start_ms && s.end_ms <= 14_000, "{s:?}");
        // Everything whisper heard lies within the speech, padding allowed.
        let in_first = s.start_ms >= 700 && s.start_ms <= 4_300;
        let in_second = s.start_ms >= 8_700 && s.start_ms <= 11_300;
        assert!(in_first || in_second, "{s:?} starts in a silence");
        assert!((0.0..=1.0).contains(&s.confidence));
        previous_end = s.end_ms;
    }
    assert!(updates.windows(2).all(|w| w[0].decoded <= w[1].decoded));
    assert_eq!(updates.last().unwrap().decoded.as_millis(), 14_000);
    assert_eq!(updates[0].total.map(|t| t.as_millis()), Some(14_000));
}

#[test]
fn silence_costs_no_whisper_calls() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("quiet.wav");
    write_wav(&path, &silence(40.0), 16_000).unwrap();
    let transcript =
        transcribe_file(&path, &mut *engine(), &FileOptions::default(), &mut |_| {}).unwrap();
    assert_eq!(transcript.stats.windows, 0);
    assert!(transcript.segments.is_empty());
}

#[test]
fn long_speech_is_split_into_windows_of_at_most_thirty_seconds() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("monologue.wav");
    write_wav(&path, &speech_like(45.0, 3), 16_000).unwrap();
    let transcript =
        transcribe_file(&path, &mut *engine(), &FileOptions::default(), &mut |_| {}).unwrap();
    assert_eq!(transcript.stats.windows, 2);
    assert!(transcript.segments.iter().all(|s| s.end_ms <= 45_000));
    let later = transcript.segments.iter().any(|s| s.start_ms >= 30_000);
    assert!(
        later || transcript.segments.is_empty(),
        "the second window's segments are placed after the first's"
    );
}

#[test]
fn a_cancelled_transcription_stops_with_cancelled_partway() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let dir = tempfile::tempdir().unwrap();
    let path = two_utterances(dir.path());
    let cancel = Arc::new(AtomicBool::new(false));
    let options = FileOptions {
        cancel: Some(cancel.clone()),
        ..FileOptions::default()
    };
    let mut frames = 0;
    let err = transcribe_file(&path, &mut *engine(), &options, &mut |_| {
        frames += 1;
        // The user presses cancel two seconds in.
        if frames == 2 {
            cancel.store(true, Ordering::Relaxed);
        }
    })
    .unwrap_err();
    assert!(matches!(err, TranscribeError::Cancelled), "{err:?}");
    assert_eq!(frames, 2, "no frame is decoded after the cancel");
}

#[test]
fn a_broken_file_is_an_audio_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.wav");
    std::fs::write(&path, b"RIFF\x10\0\0\0WAVEfmt garbage").unwrap();
    let err =
        transcribe_file(&path, &mut *engine(), &FileOptions::default(), &mut |_| {}).unwrap_err();
    assert!(matches!(err, TranscribeError::Audio(_)), "{err:?}");
    assert!(err.to_string().contains("broken.wav"), "{err}");
}

fn with_silero() -> FileOptions {
    FileOptions {
        vad_model: Some(test_vad_model()),
        ..FileOptions::default()
    }
}

#[test]
fn silero_vad_passes_only_the_speech_to_whisper() {
    let dir = tempfile::tempdir().unwrap();
    let path = two_utterances(dir.path());
    let transcript = transcribe_file(&path, &mut *engine(), &with_silero(), &mut |_| {}).unwrap();

    let stats = transcript.stats;
    assert_eq!(stats.audio.as_millis(), 14_000);
    assert_eq!(stats.windows, 1);
    // 3 s + 2 s of speech and 250 ms of padding on each side of each utterance.
    let speech = stats.speech.as_secs_f64();
    assert!((4.8..=6.4).contains(&speech), "{speech} s given to whisper");
    let mut previous_end = 0;
    for s in &transcript.segments {
        assert!(s.start_ms >= previous_end, "{:?}", transcript.segments);
        assert!(s.end_ms >= s.start_ms && s.end_ms <= 14_000, "{s:?}");
        // Both ends lie in the speech, padding allowed (a segment may run from the first
        // utterance into the second: they share one packed window).
        let inside = |ms: i64| (700..=4_300).contains(&ms) || (8_700..=11_300).contains(&ms);
        assert!(
            inside(s.start_ms) && inside(s.end_ms),
            "{s:?} lies outside the speech"
        );
        previous_end = s.end_ms;
    }
}

#[test]
fn silero_vad_on_silence_costs_no_whisper_calls() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("quiet.wav");
    write_wav(&path, &silence(9.0), 16_000).unwrap();
    let transcript = transcribe_file(&path, &mut *engine(), &with_silero(), &mut |_| {}).unwrap();
    assert_eq!(transcript.stats.windows, 0);
    assert!(transcript.segments.is_empty());
}

#[test]
fn a_damaged_vad_model_is_a_model_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let audio = two_utterances(dir.path());
    let bytes = std::fs::read(test_vad_model()).unwrap();
    let model = dir.path().join("silero-cut.bin");
    std::fs::write(&model, &bytes[..bytes.len() / 3]).unwrap();
    let options = FileOptions {
        vad_model: Some(model),
        ..FileOptions::default()
    };
    let err = transcribe_file(&audio, &mut *engine(), &options, &mut |_| {}).unwrap_err();
    let TranscribeError::Asr(asr) = &err else {
        panic!("{err:?}");
    };
    assert_eq!(asr.kind(), ErrorKind::InvalidModel, "{err}");
    assert!(err.to_string().contains("silero-cut.bin"), "{err}");
}
