//! Custom vocabulary on the real base model: a product name the model does not know
//! comes out as written once it is in the vocabulary, and a vocabulary never makes
//! text appear from silence or noise.

use onno_asr::{Language, TranscribeOptions, Transcriber};
use onno_test_support::noise::{Noise, noise};
use onno_test_support::speech_models::speech_models;

use super::real_weights::{engine, languages, one_at_a_time, samples};

fn vocabulary() -> Vec<String> {
    ["ComfyUI", "Onno", "김민준", "MRR"]
        .iter()
        .map(|s| s.to_string())
        .collect()
}

#[test]
fn a_name_in_the_vocabulary_is_spelled_as_written() {
    let Some(models) = speech_models() else {
        return;
    };
    let _serial = one_at_a_time();
    let mut engine = engine(&models.whisper_base());
    let audio = samples("hotwords.mp3");
    let mut text = |vocabulary: Vec<String>| {
        let opts = TranscribeOptions {
            language: Language::Code("en".into()),
            vocabulary,
            ..TranscribeOptions::default()
        };
        let segments = engine.transcribe(&audio, 0, &opts).unwrap();
        segments
            .iter()
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let without = text(Vec::new());
    let with = text(vocabulary());
    eprintln!("hotwords.mp3: without vocabulary {without:?}; with {with:?}");
    assert!(
        !without.contains("ComfyUI"),
        "the base model knew it already: {without:?}"
    );
    assert_eq!(with.matches("ComfyUI").count(), 2, "{with:?}");
}

#[test]
fn a_vocabulary_brings_no_text_from_silence_or_noise() {
    let Some(models) = speech_models() else {
        return;
    };
    let _serial = one_at_a_time();
    let mut engine = engine(&models.whisper_base());
    let clips = [
        ("digital silence", vec![0.0; 6 * 16_000]),
        ("pink noise", noise(Noise::Pink, 6.0, -30.0, 5)),
    ];
    for (name, audio) in clips {
        for language in languages() {
            let opts = TranscribeOptions {
                language: language.clone(),
                vocabulary: vocabulary(),
                ..TranscribeOptions::default()
            };
            let segments = engine.transcribe(&audio, 0, &opts).unwrap();
            assert!(segments.is_empty(), "{name}, {language}: {segments:?}");
        }
    }
}
