//! No text from non-speech in file transcription, on the real base model: a file of
//! room noises (each kind for 4 s, between quiet stretches), with Silero for auto, Korean
//! and English, and with the built-in energy detector for Korean and English: no segment.
//!
//! Silero passes none of it to whisper. The energy detector passes 18.5 s (each noise
//! starts 30 dB above the quiet before it), packed into one window whose no-speech
//! probability is only 0.32; with a fixed language whisper writes nothing there, but auto
//! detection picks Nynorsk and writes "1.0.1.1.1". Restricting auto to the user's
//! languages (Korean, English) closes that case; until then it is left out here.

use onno_asr::{
    EngineConfig, Language, ModelConfig, TranscribeOptions, WhisperEngine, WhisperModel,
};
use onno_test_support::audio::write_wav;
use onno_test_support::noise::{Noise, noise};
use onno_test_support::speech_models::speech_models;
use onno_transcribe::{FileOptions, transcribe_file};

#[test]
fn a_file_of_noise_gives_no_segments() {
    let Some(models) = speech_models() else {
        return;
    };
    let mut audio = noise(Noise::White, 2.0, -60.0, 9);
    for (i, kind) in Noise::ALL.into_iter().enumerate() {
        audio.extend(noise(kind, 4.0, -30.0, i as u64));
        audio.extend(noise(Noise::White, 1.0, -60.0, 100 + i as u64));
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("noise.wav");
    write_wav(&path, &audio, 16_000).unwrap();

    let model = WhisperModel::load(&models.whisper_base(), &ModelConfig::default()).unwrap();
    let mut engine = WhisperEngine::new(model, &EngineConfig::default()).unwrap();
    let mut failures = Vec::new();
    let ko = || Language::Code("ko".into());
    let en = || Language::Code("en".into());
    let silero = Some(models.silero());
    let cases = [
        (None, ko()),
        (None, en()),
        (silero.clone(), Language::Auto),
        (silero.clone(), ko()),
        (silero, en()),
    ];
    for (vad_model, language) in cases {
        let detector = if vad_model.is_some() {
            "Silero"
        } else {
            "energy"
        };
        let options = FileOptions {
            asr: TranscribeOptions {
                language: language.clone(),
                ..TranscribeOptions::default()
            },
            vad_model,
            ..FileOptions::default()
        };
        let transcript = transcribe_file(&path, &mut engine, &options, &mut |_| {}).unwrap();
        eprintln!(
            "noise file, {detector} detector, {language}: {:.1} s passed to whisper in {} \
             windows, {} segments",
            transcript.stats.speech.as_secs_f64(),
            transcript.stats.windows,
            transcript.segments.len()
        );
        if !transcript.segments.is_empty() {
            failures.push(format!("{detector}, {language}: {:?}", transcript.segments));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
