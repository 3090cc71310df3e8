use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use onno_asr::{
    EngineConfig, ErrorKind, Language, ModelConfig, TranscribeOptions, Transcriber, WhisperEngine,
    WhisperModel, default_threads,
};
use onno_test_support::whisper_model::{Hparams, write_model_file};
use onno_test_support::{Flavor, audio};

use crate::common::{check_segments, engines, tiny_model};

#[test]
fn speech_segments_are_monotone_and_inside_the_audio() {
    let pcm = audio::speech_like(10.0, 1);
    let mut engines = engines();
    let engine = engines.plain();
    let segments = engine
        .transcribe(&pcm, 5_000, &TranscribeOptions::default())
        .unwrap();
    assert!(
        !segments.is_empty(),
        "the random model always says something"
    );
    check_segments(&segments, 5_000, 10_000);
    let stats = engine.last_run();
    assert_eq!(stats.audio_ms, 10_000);
    assert_eq!(stats.token_cap, 150, "15 tokens/s over 10 s");
    assert!(stats.text_tokens <= stats.token_cap as usize);
    assert!(!stats.stopped_stuck);
    assert!(
        Language::from_str(&segments[0].language).is_ok_and(|l| l != Language::Auto),
        "auto detection names a whisper language: {segments:?}"
    );
}

#[test]
fn silence_gives_well_formed_segments() {
    let pcm = audio::silence(10.0);
    let mut engines = engines();
    let segments = engines
        .plain()
        .transcribe(&pcm, 0, &TranscribeOptions::default())
        .unwrap();
    check_segments(&segments, 0, 10_000);
}

#[test]
fn fixed_korean_language_on_a_multilingual_model() {
    let pcm = audio::speech_like(10.0, 2);
    let opts = TranscribeOptions {
        language: Language::from_str("ko").unwrap(),
        ..Default::default()
    };
    let mut engines = engines();
    let engine = engines.plain();
    assert!(engine.model().info().is_multilingual());
    let segments = engine.transcribe(&pcm, 60_000, &opts).unwrap();
    assert!(!segments.is_empty());
    check_segments(&segments, 60_000, 10_000);
    assert!(segments.iter().all(|s| s.language == "ko"), "{segments:?}");
}

#[test]
fn a_reused_state_gives_the_same_result_twice() {
    let pcm = audio::speech_like(3.0, 3);
    let opts = TranscribeOptions::default();
    let mut engines = engines();
    let engine = engines.plain();
    let first = engine.transcribe(&pcm, 0, &opts).unwrap();
    let second = engine.transcribe(&pcm, 0, &opts).unwrap();
    assert_eq!(
        first, second,
        "greedy decoding with no_context is deterministic"
    );
    let shifted = engine.transcribe(&pcm, 1_000, &opts).unwrap();
    assert_eq!(shifted.len(), first.len());
    for (a, b) in first.iter().zip(&shifted) {
        assert_eq!(
            (a.start_ms + 1_000, a.end_ms + 1_000),
            (b.start_ms, b.end_ms)
        );
    }
    check_segments(&first, 0, 3_000);
}

#[test]
fn two_engines_share_one_model() {
    let pcm = audio::speech_like(2.0, 4);
    let _cpu = engines(); // hold the CPU lock
    let model = tiny_model(Flavor::Plain);
    let config = EngineConfig {
        threads: default_threads(),
    };
    let mut me = WhisperEngine::new(Arc::clone(&model), &config).unwrap();
    let mut them = WhisperEngine::new(Arc::clone(&model), &config).unwrap();
    let a = me
        .transcribe(&pcm, 0, &TranscribeOptions::default())
        .unwrap();
    let b = them
        .transcribe(&pcm, 0, &TranscribeOptions::default())
        .unwrap();
    assert_eq!(a, b);
    check_segments(&a, 0, 2_000);
}

#[test]
fn audio_too_short_for_whisper_gives_no_segments() {
    let mut engines = engines();
    let engine = engines.plain();
    let opts = TranscribeOptions::default();
    assert!(engine.transcribe(&[], 0, &opts).unwrap().is_empty());
    assert!(
        engine
            .transcribe(&audio::speech_like(0.05, 1), 0, &opts)
            .unwrap()
            .is_empty()
    );
}

/// The chatty model opens with a timestamp only after a fixed-language prompt.
fn chatty_options() -> TranscribeOptions {
    TranscribeOptions {
        language: Language::Code("ko".into()),
        ..Default::default()
    }
}

#[test]
fn chatty_model_stops_at_the_token_cap() {
    let pcm = audio::speech_like(10.0, 5);
    let opts = TranscribeOptions {
        single_segment: true,
        ..chatty_options()
    };
    let mut engines = engines();
    let engine = engines.chatty();
    let segments = engine.transcribe(&pcm, 0, &opts).unwrap();
    let stats = engine.last_run().clone();
    assert!(stats.segments_in <= 1, "one segment per window: {stats:?}");
    assert!(stats.text_tokens <= stats.token_cap as usize, "{stats:?}");
    assert!(
        stats.text_tokens >= stats.token_cap as usize / 2,
        "it decodes up to the cap: {stats:?}"
    );
    assert!(!stats.stopped_stuck);
    check_segments(&segments, 0, 10_000);
}

#[test]
fn a_decoder_that_never_advances_is_stopped() {
    // Text until the cap and no closing timestamp: whisper.cpp's window never advances
    // past the opening timestamp, and without the guard it would decode forever.
    let pcm = audio::speech_like(4.0, 6);
    let mut engines = engines();
    let engine = engines.chatty();
    let segments = engine.transcribe(&pcm, 0, &chatty_options()).unwrap();
    let stats = engine.last_run().clone();
    assert!(stats.stopped_stuck, "{stats:?}");
    check_segments(&segments, 0, 4_000);
}

#[test]
fn non_finite_audio_is_rejected() {
    let mut pcm = audio::speech_like(1.0, 1);
    pcm[100] = f32::NAN;
    let mut engines = engines();
    let err = engines
        .plain()
        .transcribe(&pcm, 0, &TranscribeOptions::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidAudio);
    assert!(err.to_string().contains("sample 100"), "{err}");
}

#[test]
fn out_of_range_options_are_rejected() {
    let pcm = audio::speech_like(1.0, 1);
    let mut engines = engines();
    let engine = engines.plain();
    for opts in [
        TranscribeOptions {
            no_speech_threshold: 1.5,
            ..Default::default()
        },
        TranscribeOptions {
            max_tokens_per_second: 0.0,
            ..Default::default()
        },
        TranscribeOptions {
            max_tokens_per_second: f32::NAN,
            ..Default::default()
        },
        TranscribeOptions {
            repetition_limit: 0,
            ..Default::default()
        },
        TranscribeOptions {
            temperature_fallbacks: 50,
            ..Default::default()
        },
    ] {
        let err = engine.transcribe(&pcm, 0, &opts).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidConfig, "{opts:?}");
    }
}

#[test]
fn an_unknown_fixed_language_is_rejected_by_the_engine() {
    let pcm = audio::speech_like(1.0, 1);
    let opts = TranscribeOptions {
        language: Language::Code("x\0y".into()),
        ..Default::default()
    };
    let mut engines = engines();
    let err = engines.plain().transcribe(&pcm, 0, &opts).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnsupportedLanguage);
}

#[test]
fn zero_threads_is_a_config_error() {
    let err =
        WhisperEngine::new(tiny_model(Flavor::Plain), &EngineConfig { threads: 0 }).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidConfig);
}

#[test]
fn languages_parse_by_code_or_name() {
    assert_eq!(Language::from_str("auto").unwrap(), Language::Auto);
    assert_eq!(
        Language::from_str("KO").unwrap(),
        Language::Code("ko".into())
    );
    assert_eq!(
        Language::from_str("korean").unwrap(),
        Language::Code("ko".into())
    );
    let err = Language::from_str("klingon").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnsupportedLanguage);
    assert!(err.to_string().contains("klingon"));
    for odd in ["k\0o", "ko-KR", "../ko"] {
        assert!(Language::from_str(odd).is_err(), "{odd:?}");
    }
}

#[test]
fn default_threads_are_physical_cores() {
    let threads = EngineConfig::default().threads;
    assert!(threads >= 1);
    assert!(threads <= std::thread::available_parallelism().unwrap().get());
}

#[test]
fn an_english_only_model_refuses_korean() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ggml-tiny.en.bin");
    let hp = Hparams {
        n_vocab: 51_864,
        ..Hparams::TINY
    };
    write_model_file(&path, &hp, 1, Flavor::Plain).unwrap();
    let model = WhisperModel::load(&path, &ModelConfig::default()).unwrap();
    assert!(!model.info().is_multilingual());
    let mut engine = WhisperEngine::new(model, &EngineConfig::default()).unwrap();
    let opts = TranscribeOptions {
        language: Language::Code("ko".into()),
        ..Default::default()
    };
    let err = engine
        .transcribe(&audio::speech_like(1.0, 1), 0, &opts)
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnsupportedLanguage);
    assert!(err.to_string().contains("English-only"), "{err}");
}

#[test]
fn a_call_cancelled_from_another_thread_stops_early_and_the_next_call_works() {
    let mut engines = engines();
    let engine = engines.chatty();
    let audio = audio::speech_like(30.0, 11);
    let options = TranscribeOptions::default();
    let handle = engine.cancel_handle().unwrap();
    // A cancel asked for before a call starts was meant for an earlier one.
    handle.cancel();
    let short = engine
        .transcribe(&audio[..16_000 * 3], 0, &options)
        .unwrap();
    check_segments(&short, 0, 3_000);

    engine.transcribe(&audio, 0, &options).unwrap();
    let full = engine.last_run().passes;
    // The canceller keeps asking until the call returns: however the machine schedules the
    // two threads, one request lands while the call runs, and none outlives this test.
    let done = AtomicBool::new(false);
    let result = std::thread::scope(|scope| {
        scope.spawn(|| {
            while !done.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(20));
                handle.cancel();
            }
        });
        let result = engine.transcribe(&audio, 0, &options);
        done.store(true, Ordering::Relaxed);
        result
    });
    let err = result.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Cancelled, "{err}");
    // Stopped early: counted in whisper.cpp's passes rather than seconds, which a busy
    // machine stretches (one encoder pass can take most of a call's time there).
    let cancelled = engine.last_run().passes;
    assert!(cancelled * 4 < full, "{cancelled} of {full} passes");

    let again = engine
        .transcribe(&audio[..16_000 * 3], 0, &options)
        .unwrap();
    check_segments(&again, 0, 3_000);
}
