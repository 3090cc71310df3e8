use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use onno_asr::{AsrSegment, EngineConfig, ModelConfig, WhisperEngine, WhisperModel};
use onno_test_support::{Flavor, ModelShape, test_model_with};

/// A generated tiny model, loaded once per flavor for the whole test binary.
pub fn tiny_model(flavor: Flavor) -> Arc<WhisperModel> {
    static PLAIN: OnceLock<Arc<WhisperModel>> = OnceLock::new();
    static CHATTY: OnceLock<Arc<WhisperModel>> = OnceLock::new();
    let cell = match flavor {
        Flavor::Plain => &PLAIN,
        Flavor::Chatty => &CHATTY,
    };
    cell.get_or_init(|| {
        let path = test_model_with(ModelShape::Tiny, flavor);
        WhisperModel::load(&path, &ModelConfig::default()).unwrap()
    })
    .clone()
}

/// The engines the inference tests share. One lock for all of them keeps the tests from
/// competing for the CPU cores.
#[derive(Default)]
pub struct Engines {
    plain: Option<WhisperEngine>,
    chatty: Option<WhisperEngine>,
}

impl Engines {
    /// An engine on the plain tiny model: short segments.
    pub fn plain(&mut self) -> &mut WhisperEngine {
        self.plain.get_or_insert_with(|| new_engine(Flavor::Plain))
    }

    /// An engine on the chatty tiny model: decodes text until the token cap.
    pub fn chatty(&mut self) -> &mut WhisperEngine {
        self.chatty
            .get_or_insert_with(|| new_engine(Flavor::Chatty))
    }
}

fn new_engine(flavor: Flavor) -> WhisperEngine {
    WhisperEngine::new(tiny_model(flavor), &EngineConfig::default()).unwrap()
}

pub fn engines() -> MutexGuard<'static, Engines> {
    static ENGINES: Mutex<Engines> = Mutex::new(Engines {
        plain: None,
        chatty: None,
    });
    ENGINES
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Segments are ordered, non-overlapping, inside `[offset, offset + audio]`, and their
/// scores are probabilities.
#[track_caller]
pub fn check_segments(segments: &[AsrSegment], offset_ms: i64, audio_ms: i64) {
    let mut last_end = offset_ms;
    for s in segments {
        assert!(
            s.start_ms >= last_end,
            "segment starts before the previous one ends: {segments:#?}"
        );
        assert!(
            s.end_ms >= s.start_ms,
            "segment ends before it starts: {s:?}"
        );
        assert!(
            s.end_ms <= offset_ms + audio_ms,
            "segment ends after the audio: {s:?}"
        );
        assert!(
            (0.0..=1.0).contains(&s.confidence),
            "confidence out of range: {s:?}"
        );
        assert!(
            (0.0..=1.0).contains(&s.no_speech_prob),
            "no_speech_prob out of range: {s:?}"
        );
        assert!(!s.text.trim().is_empty(), "empty segment: {s:?}");
        assert!(!s.language.is_empty());
        last_end = s.end_ms;
    }
}
