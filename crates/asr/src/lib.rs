//! Speech recognition for Onno: whisper.cpp behind a small [`Transcriber`] trait.
//!
//! The live pipeline and the CLI hand this crate utterances, 16 kHz mono `f32` samples
//! that voice activity detection has already cut out of a stream, and get back timed
//! [`AsrSegment`]s. They depend on the trait only; [`WhisperEngine`] is the one
//! implementation, built on whisper-rs (whisper.cpp 1.8).
//!
//! # Design
//!
//! * **One model, reused states.** A [`WhisperModel`] holds the weights (one
//!   `WhisperContext`) and is shared through an `Arc`; each [`WhisperEngine`] owns one
//!   `WhisperState` (mel buffer, KV caches, decoders) allocated once and reused for every
//!   call. A live meeting makes one engine per audio source from the same model.
//! * **Validate before whisper.cpp.** whisper.cpp aborts the process on some malformed
//!   files and silently half-loads others. [`inspect_model`] walks the file's whole
//!   layout first (magic, header, vocabulary, every tensor's name, shape, type and extent)
//!   so a wrong, truncated or corrupt file is an [`AsrError`] of kind
//!   [`ErrorKind::InvalidModel`] naming the file and the problem.
//! * **Every call stands alone.** `no_context` is set explicitly: text from an earlier
//!   utterance is never fed back as a prompt, which is how whisper loops start. Timestamps
//!   are milliseconds from the start of the given audio plus the caller's `offset_ms`,
//!   clamped into the audio (whisper pads every window to 30 s and can place text in the
//!   padding) and monotone.
//! * **Guards against hallucination.** Greedy decoding with the temperature fallback
//!   limited to [`TranscribeOptions::temperature_fallbacks`] retries (none by default);
//!   a token cap per 30 s window derived from
//!   [`TranscribeOptions::max_tokens_per_second`]; segments denser than that rate are
//!   dropped; a token unit repeated more than [`TranscribeOptions::repetition_limit`]
//!   times is cut, and so is a run of identical segments.
//! * **No text from non-speech.** The window's no-speech probability (computed by Onno:
//!   whisper.cpp 1.8.3 reports a stale one when the language is fixed), sound captions
//!   such as `[BLANK_AUDIO]`, and known sign-offs; see the `nonspeech` module.
//! * **Silero VAD.** [`SileroVad`] runs whisper.cpp's Silero VAD model behind
//!   `onno_audio::VoiceDetector`, so it can stand where the built-in energy detector
//!   does; [`inspect_vad_model`] checks its file first, as [`inspect_model`] does for
//!   whisper models. whisper.cpp's VAD takes whole buffers, so it runs 4 s at a time
//!   with 0.5 s of overlap, and finds speech up to 4 s after it is said. A live meeting
//!   therefore cuts utterances with the energy detector and asks a [`SpeechGate`]
//!   (Silero on the whole piece) whether each holds speech before whisper sees it.
//! * **Language** is [`Language::Auto`] or a fixed whisper code (`ko`, `en`, ...). Auto
//!   chooses among [`TranscribeOptions::spoken_languages`] (the languages the user
//!   speaks) when they are given: a call is decoded in the language detected last, the
//!   first decoder step's language probabilities (read with the no-speech probability)
//!   pick the most probable allowed one (another than [`TranscribeOptions::heard_language`]
//!   only when it is clearly more probable), and the call is decoded again only when that
//!   is another. Without them whisper.cpp detects among all its languages inside `full()`;
//!   its `detect_language` flag is never used because it returns before transcribing.
//! * **Confidence** of a segment is the mean probability of its text tokens, in `0..=1`.
//! * **Threads** default to the number of physical cores. GPU backends (`metal`, `cuda`,
//!   `vulkan`) are cargo features of this crate, forwarded to whisper-rs, off by default.
//!   whisper.cpp is compiled with `-march=native` unless the build sets `GGML_NATIVE=OFF`,
//!   which release packages must do.
//!
//! # Example
//!
//! ```no_run
//! use std::path::Path;
//! use onno_asr::{
//!     EngineConfig, Language, ModelConfig, TranscribeOptions, Transcriber, WhisperEngine,
//!     WhisperModel,
//! };
//!
//! # fn main() -> Result<(), onno_asr::AsrError> {
//! let model = WhisperModel::load(Path::new("ggml-base.bin"), &ModelConfig::default())?;
//! let mut engine = WhisperEngine::new(model, &EngineConfig::default())?;
//! let opts = TranscribeOptions { language: Language::Code("ko".into()), ..Default::default() };
//! let utterance = vec![0.0f32; 16_000 * 3]; // 3 s of 16 kHz mono audio
//! for seg in engine.transcribe(&utterance, 12_000, &opts)? {
//!     println!("[{} ms - {} ms] {} ({:.2})", seg.start_ms, seg.end_ms, seg.text, seg.confidence);
//! }
//! # Ok(())
//! # }
//! ```

pub mod accuracy;
mod engine;
mod error;
mod guard;
mod model;
mod nonspeech;
mod speech_gate;
mod vad;

pub use engine::{
    Detection, EngineConfig, ModelConfig, RunStats, WhisperEngine, WhisperModel, default_threads,
};
pub use error::{AsrError, ErrorKind};
pub use model::{ModelInfo, inspect_model};
pub use speech_gate::{GATE_MIN_SPEECH_FRAMES, SpeechGate, speech_runs};
pub use vad::{
    CHUNK_SAMPLES, LIVE_CHUNK_SAMPLES, OVERLAP_SAMPLES, SILENCE_THRESHOLD, SILERO_MODEL_TYPE,
    SILERO_WINDOW, SPEECH_THRESHOLD, SileroVad, VadModelInfo, inspect_vad_model,
};

use std::fmt;
use std::str::FromStr;

/// The most characters of [`TranscribeOptions::vocabulary`] given to whisper: about 60
/// tokens, a quarter of the 224 whisper allows a prompt, so the audio still decides.
pub const MAX_VOCABULARY_CHARS: usize = 240;

/// The prompt whisper gets for `terms`: the distinct terms, trimmed, taken in order
/// while they fit [`MAX_VOCABULARY_CHARS`] (cut at a whole term), then written last
/// first, joined by commas and ended with a full stop: whisper leans on the words nearest
/// the audio, so the first (most specific) term is said last. Empty when there is
/// nothing to say.
pub fn vocabulary_prompt(terms: &[String]) -> String {
    let mut chosen: Vec<String> = Vec::new();
    let mut length = 0;
    let mut seen = std::collections::HashSet::new();
    for term in terms {
        // whisper-rs panics on a NUL byte; control characters say nothing to whisper.
        let term: String = term.chars().filter(|c| !c.is_control()).collect();
        let term = term.trim();
        if term.is_empty() || !seen.insert(term.to_lowercase()) {
            continue;
        }
        let extra = if chosen.is_empty() { 0 } else { 2 } + term.chars().count();
        // The full stop takes one more character.
        if length + extra + 1 > MAX_VOCABULARY_CHARS {
            break;
        }
        length += extra;
        chosen.push(term.to_owned());
    }
    if chosen.is_empty() {
        return String::new();
    }
    chosen.reverse();
    format!("{}.", chosen.join(", "))
}

/// The sample rate every [`Transcriber`] expects: 16 kHz mono.
pub const SAMPLE_RATE: u32 = 16_000;

/// Turns audio into timed text. Implementations keep their buffers between calls, hence
/// `&mut self`; one instance serves one audio stream at a time.
pub trait Transcriber: Send {
    /// Transcribes `audio` (16 kHz mono, samples in -1..1). Segment times are milliseconds
    /// from the start of `audio` plus `offset_ms`, monotone and inside the audio.
    fn transcribe(
        &mut self,
        audio: &[f32],
        offset_ms: i64,
        opts: &TranscribeOptions,
    ) -> Result<Vec<AsrSegment>, AsrError>;

    /// A handle that stops the call in progress from another thread, if this
    /// transcriber can be stopped. The call then fails with [`ErrorKind::Cancelled`].
    fn cancel_handle(&self) -> Option<CancelHandle> {
        None
    }
}

/// Stops a [`Transcriber`]'s call in progress (the live pipeline uses it to put a
/// finished utterance ahead of a tentative re-decoding). Cloning shares the handle.
#[derive(Debug, Clone, Default)]
pub struct CancelHandle(std::sync::Arc<std::sync::atomic::AtomicBool>);

impl CancelHandle {
    /// Asks the call in progress, if any, to stop at its next encoder or decoder pass.
    pub fn cancel(&self) {
        self.0.store(true, std::sync::atomic::Ordering::Relaxed);
    }

    /// Whether a cancel was asked for since the last [`reset`](Self::reset).
    pub fn is_cancelled(&self) -> bool {
        self.0.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Clears the request; a transcriber does this as each call starts.
    pub fn reset(&self) {
        self.0.store(false, std::sync::atomic::Ordering::Relaxed);
    }
}

/// One piece of recognised speech.
#[derive(Clone, Debug, PartialEq)]
pub struct AsrSegment {
    pub start_ms: i64,
    pub end_ms: i64,
    pub text: String,
    /// Mean probability of the segment's text tokens, `0.0..=1.0`.
    pub confidence: f32,
    /// The whisper language code used or detected (`"ko"`, `"en"`, ...).
    pub language: String,
    /// whisper's probability that the window holds no speech, `0.0..=1.0`.
    pub no_speech_prob: f32,
}

/// The spoken language: detected per call, or fixed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Language {
    #[default]
    Auto,
    /// A whisper language code such as `"ko"` or `"en"`.
    Code(String),
}

impl FromStr for Language {
    type Err = AsrError;

    /// `"auto"` (or empty) is [`Language::Auto`]; anything else must be a language whisper
    /// knows, by code (`ko`) or English name (`korean`), and becomes its code.
    fn from_str(s: &str) -> Result<Self, AsrError> {
        let s = s.trim().to_lowercase();
        if s.is_empty() || s == "auto" {
            return Ok(Language::Auto);
        }
        language_code(&s)
            .map(|code| Language::Code(code.to_string()))
            .ok_or_else(|| {
                AsrError::new(
                    ErrorKind::UnsupportedLanguage,
                    format!("unknown language '{s}'"),
                )
            })
    }
}

/// The whisper codes of `names` (codes or English names), in order and without repeats,
/// or an error of kind [`ErrorKind::UnsupportedLanguage`] naming the first whisper does
/// not know: what [`TranscribeOptions::spoken_languages`] will use.
pub fn spoken_language_codes(names: &[String]) -> Result<Vec<String>, AsrError> {
    Ok(engine::canonical_codes(names)?
        .into_iter()
        .map(str::to_owned)
        .collect())
}

/// The whisper code of a language given by code or English name, if whisper knows it.
pub(crate) fn language_code(name: &str) -> Option<&'static str> {
    // whisper-rs panics on a NUL byte; whisper's codes and names are letters and spaces.
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphabetic() || c == ' ') {
        return None;
    }
    whisper_rs::get_lang_id(&name.to_ascii_lowercase()).and_then(whisper_rs::get_lang_str)
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Language::Auto => f.write_str("auto"),
            Language::Code(code) => f.write_str(code),
        }
    }
}

/// Per-call settings of [`Transcriber::transcribe`].
#[derive(Clone, Debug, PartialEq)]
pub struct TranscribeOptions {
    pub language: Language,
    /// With [`Language::Auto`], the languages to choose among (codes such as `ko` or
    /// English names), the most likely first: whisper's detection alone takes unusual
    /// speech for a third language (espeak-ng's Korean for Thai). One language means
    /// always that one; empty means any language whisper knows. Default empty.
    pub spoken_languages: Vec<String>,
    /// With [`Language::Auto`] among [`spoken_languages`](Self::spoken_languages): the
    /// language heard last in the same conversation, which another takes over from only
    /// when clearly more probable (on speech whisper hardly places, the spoken languages
    /// swap at random from one sentence to the next). Default none.
    pub heard_language: Option<String>,
    /// A window whose no-speech probability is above this gives no segments. Default
    /// 0.6: real speech measures 0.03-0.16 with the base model, silence and noise
    /// 0.78-0.93.
    pub no_speech_threshold: f32,
    /// Keep whisper from writing its non-speech symbols (`[`, `(`, `♪`, ...). Default
    /// off: on noise it turns whisper's recognisable captions (`[BLANK_AUDIO]`,
    /// `(upbeat music)`) into plausible words ("Thank you.", "고마워요") that no later
    /// layer can tell from speech.
    pub suppress_non_speech_tokens: bool,
    /// Names and terms the audio may hold (the people, the company, its products, the
    /// glossary's jargon), given to whisper as its prompt so that it spells them as
    /// written. Bounded by [`MAX_VOCABULARY_CHARS`] so that the prompt never outweighs
    /// the audio; what does not fit is left out, whole terms only. Default empty.
    pub vocabulary: Vec<String>,
    /// Caps decoding at this many tokens per second of audio (per 30 s window, at least
    /// 32), and drops segments denser than this. Speech runs at 2-8 tokens per second;
    /// loops run far faster. Default 15.
    pub max_tokens_per_second: f32,
    /// How often whisper may retry a window at a higher temperature when decoding looks
    /// poor. Each retry costs a full decode; default 0 (none).
    pub temperature_fallbacks: u8,
    /// The most times a run of tokens, or a segment's text, may repeat back to back before
    /// the rest is cut. Default 3.
    pub repetition_limit: usize,
    /// Return at most one segment per 30 s window (lower latency for short utterances).
    pub single_segment: bool,
    /// Run whisper's encoder over only as much of its 30 s window as the audio fills,
    /// plus two seconds of silence (whisper.cpp's `audio_ctx`), instead of the audio
    /// padded with silence to 30 s. The encoder is most of a short window's time on a CPU
    /// (a 3 s utterance: about a fifth of the padded call), but a model trained on whole
    /// windows hears less well this way, and a fitted window's language and no-speech
    /// probabilities are less sure: in "auto" such a call detects on a padded window, unless
    /// [`heard_language`](Self::heard_language) is set; then it decodes in that language
    /// and asks the padded detection only when its own first decoder step prefers another.
    /// Live tentative text and short file windows use it. Default off.
    pub fit_encoder_to_audio: bool,
}

impl Default for TranscribeOptions {
    fn default() -> Self {
        TranscribeOptions {
            language: Language::Auto,
            spoken_languages: Vec::new(),
            heard_language: None,
            no_speech_threshold: 0.6,
            suppress_non_speech_tokens: false,
            vocabulary: Vec::new(),
            max_tokens_per_second: 15.0,
            temperature_fallbacks: 0,
            repetition_limit: 3,
            single_segment: false,
            fit_encoder_to_audio: false,
        }
    }
}

impl TranscribeOptions {
    /// Checks the numeric options; [`Transcriber::transcribe`] calls this first.
    pub fn validate(&self) -> Result<(), AsrError> {
        let bad = |what: String| Err(AsrError::new(ErrorKind::InvalidConfig, what));
        if !(0.0..=1.0).contains(&self.no_speech_threshold) {
            return bad(format!(
                "no_speech_threshold must be in 0..=1, got {}",
                self.no_speech_threshold
            ));
        }
        if !(self.max_tokens_per_second.is_finite() && self.max_tokens_per_second > 0.0) {
            return bad(format!(
                "max_tokens_per_second must be positive, got {}",
                self.max_tokens_per_second
            ));
        }
        if self.repetition_limit == 0 {
            return bad("repetition_limit must be at least 1".to_string());
        }
        engine::canonical_codes(&self.spoken_languages)?;
        if self.temperature_fallbacks > 10 {
            return bad(format!(
                "temperature_fallbacks must be 0..=10, got {}",
                self.temperature_fallbacks
            ));
        }
        Ok(())
    }
}

/// Whether `c` is a Hangul syllable: how Korean text is told from Korean written in other
/// letters (fitted decodings, sparse windows).
pub fn is_hangul(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabulary_prompt_lists_distinct_terms_within_the_bound() {
        let terms = |t: &[&str]| t.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(vocabulary_prompt(&[]), "");
        assert_eq!(vocabulary_prompt(&terms(&[" ", "\0"])), "");
        assert_eq!(
            vocabulary_prompt(&terms(&["ComfyUI", " 김민준 ", "comfyui", "MRR\0"])),
            "MRR, 김민준, ComfyUI.",
            "the first term is said last, nearest the audio"
        );
        let long: Vec<String> = (0..100).map(|i| format!("term{i:03}")).collect();
        let prompt = vocabulary_prompt(&long);
        assert!(prompt.chars().count() <= MAX_VOCABULARY_CHARS, "{prompt}");
        assert!(prompt.ends_with("term001, term000."), "{prompt}");
        assert!(!prompt.contains("term099"), "cut at a whole term: {prompt}");
    }
}
