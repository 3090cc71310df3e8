//! The whisper.cpp implementation of [`Transcriber`].

mod language;
mod run;

pub use language::Detection;
pub(crate) use language::{canonical_codes, language_probabilities};

use std::borrow::Cow;
use std::ffi::c_int;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Once};

use whisper_rs::{
    FullParams, SamplingStrategy, WhisperContext, WhisperContextParameters, WhisperState,
};

use crate::error::{AsrError, ErrorKind};
use crate::model::{ModelInfo, inspect_model};
use crate::nonspeech;
use crate::{AsrSegment, CancelHandle, SAMPLE_RATE, TranscribeOptions, Transcriber};
use language::Plan;
use run::{audio_ctx, finish_segments, raw_segments, stuck_guard, token_cap};

/// whisper.cpp skips audio shorter than 100 ms; so do we, without calling it.
const MIN_SAMPLES: usize = SAMPLE_RATE as usize / 10;

/// One decoding window of whisper: 30 s.
const WINDOW_MS: i64 = 30_000;

/// A window of whisper.cpp's main loop normally advances by 10-30 s. Decoding that ends
/// on a timestamp at 0 s advances by nothing and whisper.cpp repeats the window forever;
/// so a call may start at most `audio_ms / STUCK_MS_PER_PASS + 2` windows.
const STUCK_MS_PER_PASS: i64 = 5_000;

/// The token cap of a window never drops below this, so a one-second utterance still
/// has room for its timestamps and a few words.
const MIN_TOKEN_CAP: i32 = 32;

/// How a model is loaded. GPU use defaults to on when a GPU backend feature is compiled in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModelConfig {
    pub use_gpu: bool,
    pub gpu_device: i32,
    pub flash_attn: bool,
}

// Not derivable once a GPU feature is on: `use_gpu` then defaults to true.
#[allow(clippy::derivable_impls)]
impl Default for ModelConfig {
    fn default() -> Self {
        ModelConfig {
            use_gpu: cfg!(any(feature = "metal", feature = "cuda", feature = "vulkan")),
            gpu_device: 0,
            flash_attn: false,
        }
    }
}

/// How an engine runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EngineConfig {
    /// CPU threads whisper.cpp uses; defaults to the number of physical cores (hyper-threads
    /// share the floating-point units whisper.cpp saturates, so they do not help).
    pub threads: usize,
}

impl Default for EngineConfig {
    fn default() -> Self {
        EngineConfig {
            threads: default_threads(),
        }
    }
}

/// The number of physical CPU cores, at least 1.
pub fn default_threads() -> usize {
    num_cpus::get_physical().max(1)
}

/// A loaded whisper model: one `WhisperContext`, shared by every [`WhisperEngine`] made
/// from it (for instance one per audio source).
#[derive(Debug)]
pub struct WhisperModel {
    ctx: WhisperContext,
    info: ModelInfo,
    path: PathBuf,
}

impl WhisperModel {
    /// Checks the file with [`inspect_model`], then loads it into whisper.cpp.
    pub fn load(path: &Path, config: &ModelConfig) -> Result<Arc<WhisperModel>, AsrError> {
        route_native_logs();
        let info = inspect_model(path)?;
        let mut params = WhisperContextParameters::default();
        params
            .use_gpu(config.use_gpu)
            .gpu_device(config.gpu_device)
            .flash_attn(config.flash_attn);
        let ctx = WhisperContext::new_with_params(path, params).map_err(|e| {
            AsrError::with_source(
                ErrorKind::ModelLoad,
                format!("whisper.cpp could not load model '{}': {e}", path.display()),
                e,
            )
        })?;
        tracing::debug!(
            path = %path.display(),
            size = info.size_name(),
            multilingual = info.is_multilingual(),
            ftype = info.ftype,
            "whisper model loaded"
        );
        Ok(Arc::new(WhisperModel {
            ctx,
            info,
            path: path.to_path_buf(),
        }))
    }

    pub fn info(&self) -> &ModelInfo {
        &self.info
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// What the last [`WhisperEngine::transcribe`] call did, for logs and tests.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunStats {
    /// Length of the audio in milliseconds.
    pub audio_ms: i64,
    /// Tokens allowed per 30 s window (timestamps included).
    pub token_cap: i32,
    /// Text tokens in the segments whisper.cpp returned, before the guards.
    pub text_tokens: usize,
    /// Segments whisper.cpp returned.
    pub segments_in: usize,
    /// Segments returned to the caller.
    pub segments_out: usize,
    /// Segments of a window whose no-speech probability is over the threshold.
    pub dropped_no_speech: usize,
    /// Segments that were only a sound caption (`[BLANK_AUDIO]`, `(music)`, `-`).
    pub dropped_caption: usize,
    /// Segments that were a known hallucinated sign-off.
    pub dropped_known_phrase: usize,
    /// Segments that only repeated the vocabulary prompt's terms back (whisper does so
    /// over silence and noise when it has a prompt).
    pub dropped_prompt_echo: usize,
    /// Segments whose tail read the prompt's terms back, one of them twice, cut there.
    pub cut_prompt_echo: usize,
    /// The call asked for a fitted encoder, whose text looked unsure (a loop cut, a
    /// repeated line dropped, or Korean written without Hangul), and was decoded again
    /// on a padded window.
    pub fitted_redone: bool,
    /// The window's no-speech probability as Onno computes it (calls of at most 30 s).
    pub no_speech_prob: Option<f32>,
    /// OpenAI's average log-probability of the decoded tokens.
    pub avg_logprob: f32,
    pub dropped_token_rate: usize,
    pub dropped_repeated: usize,
    /// Segments dropped because they start after the end of the audio (in the padding).
    pub dropped_outside: usize,
    /// Segments whose repetition loop was cut short.
    pub cut_repetitions: usize,
    /// whisper.cpp kept re-decoding a window without advancing and was stopped; the
    /// segments of the windows finished before are still returned.
    pub stopped_stuck: bool,
    /// Encoder and decoder passes whisper.cpp ran (it asks whether to stop after each):
    /// the work a call did, also when it was cancelled.
    pub passes: usize,
    /// Every token whisper.cpp decoded, in order, timestamp tokens included and before
    /// the guards: what comparing two decoders token by token needs.
    pub decoded: Vec<i32>,
    /// The language detection among [`TranscribeOptions::spoken_languages`], when the
    /// call made one.
    pub detection: Option<Detection>,
}

impl RunStats {
    /// Whether a fitted call's text shows what a fitted encoder does to whisper on some
    /// audio: a sentence said again (a loop cut or a repeated line dropped), or Korean
    /// written without Hangul (espeak-ng's Korean, fitted: "Kokakatun, Pabubung, Mulyo").
    fn fitted_text_unsure(&self, segments: &[AsrSegment]) -> bool {
        let looped = self.cut_repetitions > 0 || self.dropped_repeated > 0;
        let korean_in_latin = segments.iter().any(|s| {
            s.language == "ko"
                && !s.text.chars().any(crate::is_hangul)
                && s.text.chars().filter(|c| c.is_alphabetic()).count() >= 4
        });
        looped || korean_in_latin
    }
}

/// A [`Transcriber`] backed by whisper.cpp: a shared [`WhisperModel`] and one reused
/// `WhisperState` (mel, KV caches, decoders: allocated once, not per call).
///
/// Calls that fit the encoder to their audio run on a second state, made on first use.
/// whisper.cpp detects the language with the encoder length of the state's previous
/// call (it sets the new one only after detecting), so full-length calls must never
/// follow a shortened one on the same state: their detection would see a few seconds
/// instead of the window.
pub struct WhisperEngine {
    model: Arc<WhisperModel>,
    state: WhisperState,
    fitted: Option<WhisperState>,
    threads: usize,
    last: RunStats,
    cancel: CancelHandle,
    /// The language the last detection among the spoken languages chose for speech: a
    /// call is first decoded in it, and only decoded again when its own detection
    /// differs.
    guess: Option<&'static str>,
}

impl std::fmt::Debug for WhisperEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WhisperEngine")
            .field("model", &self.model.path)
            .field("threads", &self.threads)
            .finish_non_exhaustive()
    }
}

impl WhisperEngine {
    pub fn new(model: Arc<WhisperModel>, config: &EngineConfig) -> Result<WhisperEngine, AsrError> {
        if config.threads == 0 || config.threads > 512 {
            return Err(AsrError::new(
                ErrorKind::InvalidConfig,
                format!("threads must be 1..=512, got {}", config.threads),
            ));
        }
        let state = new_state(&model)?;
        Ok(WhisperEngine {
            model,
            state,
            fitted: None,
            threads: config.threads,
            last: RunStats::default(),
            cancel: CancelHandle::default(),
            guess: None,
        })
    }

    pub fn model(&self) -> &Arc<WhisperModel> {
        &self.model
    }

    pub fn threads(&self) -> usize {
        self.threads
    }

    /// Statistics of the last `transcribe` call.
    pub fn last_run(&self) -> &RunStats {
        &self.last
    }

    /// The whisper.cpp parameters `transcribe` uses for `audio_len` samples: greedy
    /// decoding, `no_context`, a token cap per window, limited temperature fallback.
    /// Public so that benchmarks can run bare whisper-rs with identical settings.
    pub fn full_params<'a>(
        &self,
        language: &'a str,
        audio_len: usize,
        opts: &TranscribeOptions,
    ) -> FullParams<'a, 'a> {
        let mut params = FullParams::new(SamplingStrategy::Greedy { best_of: 1 });
        params.set_n_threads(self.threads as c_int);
        params.set_no_context(true);
        // whisper-rs leaks the language string it hands to C (a few bytes per call); a
        // null language means "auto" to whisper.cpp and costs nothing.
        params.set_language((language != "auto").then_some(language));
        params.set_translate(false);
        params.set_print_special(false);
        params.set_print_progress(false);
        params.set_print_realtime(false);
        params.set_print_timestamps(false);
        params.set_suppress_blank(true);
        params.set_suppress_nst(opts.suppress_non_speech_tokens);
        params.set_single_segment(opts.single_segment);
        // whisper.cpp's own no-speech check reads a stale probability when the language
        // is fixed (see `nonspeech`) and could drop a window of speech: never let it
        // fire. Onno applies `opts.no_speech_threshold` with its own probability.
        params.set_no_speech_thold(1.0);
        params.set_temperature(0.0);
        params.set_temperature_inc(match opts.temperature_fallbacks {
            0 => 0.0,
            n => 1.0 / f32::from(n),
        });
        params.set_max_tokens(token_cap(audio_len, opts.max_tokens_per_second));
        let prompt = crate::vocabulary_prompt(&opts.vocabulary);
        if !prompt.is_empty() {
            // Copied by whisper-rs (and leaked, as it does the language: a few hundred
            // bytes a call with a vocabulary).
            params.set_initial_prompt(&prompt);
        }
        if opts.fit_encoder_to_audio {
            params.set_audio_ctx(audio_ctx(audio_len));
        }
        params
    }
}

fn new_state(model: &WhisperModel) -> Result<WhisperState, AsrError> {
    model.ctx.create_state().map_err(|e| {
        AsrError::with_source(
            ErrorKind::ModelLoad,
            format!(
                "cannot allocate a whisper state for '{}': {e}",
                model.path.display()
            ),
            e,
        )
    })
}

impl WhisperEngine {
    /// The state a call with `opts` runs on, made on first use for fitted calls.
    fn state_for(&mut self, opts: &TranscribeOptions) -> Result<&mut WhisperState, AsrError> {
        if !opts.fit_encoder_to_audio {
            return Ok(&mut self.state);
        }
        if self.fitted.is_none() {
            self.fitted = Some(new_state(&self.model)?);
        }
        Ok(self.fitted.as_mut().unwrap_or(&mut self.state))
    }

    /// One whisper.cpp `full()` run of `audio` in `language` ("auto": whisper detects),
    /// counting its passes; a run stuck on one window keeps what it found before.
    fn run(
        &mut self,
        audio: &[f32],
        language: &str,
        opts: &TranscribeOptions,
    ) -> Result<(), AsrError> {
        let audio_ms = audio.len() as i64 * 1000 / i64::from(SAMPLE_RATE);
        let mut params = self.full_params(language, audio.len(), opts);
        // whisper-rs 0.16 never frees the two callback closures (about 100 bytes a call).
        let guard = stuck_guard(&mut params, audio_ms, &self.cancel);
        let result = self.state_for(opts)?.full(params, audio);
        self.last.passes += guard.passes.load(Ordering::Relaxed);
        if self.cancel.is_cancelled() {
            self.cancel.reset();
            return Err(AsrError::new(
                ErrorKind::Cancelled,
                "transcription cancelled".to_owned(),
            ));
        }
        if let Err(e) = result {
            if !guard.stuck.load(Ordering::Relaxed) {
                return Err(AsrError::with_source(
                    ErrorKind::Inference,
                    format!("whisper.cpp failed: {e}"),
                    e,
                ));
            }
            tracing::warn!(
                audio_ms,
                "whisper kept re-decoding the same window; stopped it"
            );
            self.last.stopped_stuck = true;
        }
        Ok(())
    }

    /// The language to decode `audio` in first, and the detection when it was made
    /// before decoding, on the main state (whose every call encodes a whole, padded
    /// window, as whisper's detection was trained on): for audio longer than one window,
    /// whose encoding no state holds whole after `full()`, and for a call that fits the
    /// encoder to its audio (measured: on a few seconds encoded alone, espeak-ng's
    /// Korean is more English than Korean, padded to 30 s the other way round).
    fn first_language(
        &mut self,
        plan: &Plan,
        audio: &[f32],
        opts: &TranscribeOptions,
    ) -> Result<(&'static str, Option<Detection>), AsrError> {
        let among = match plan {
            Plan::Fixed(code) => return Ok((code, None)),
            Plan::Any => return Ok(("auto", None)),
            Plan::Among(among) => among,
        };
        let one_window = audio.len() as i64 * 1000 / i64::from(SAMPLE_RATE) <= WINDOW_MS;
        let heard = opts
            .heard_language
            .as_deref()
            .and_then(crate::language_code);
        if one_window && !opts.fit_encoder_to_audio {
            let guess = self.guess.filter(|g| among.contains(g));
            return Ok((guess.unwrap_or(among[0]), None));
        }
        // A fitted window of a conversation whose language is known is decoded in it
        // first; its own first decoder step says whether that still holds, and only
        // when it does not is the padded detection asked (`check_language`).
        if one_window && let Some(heard) = heard.filter(|h| among.contains(h)) {
            return Ok((heard, None));
        }
        let probabilities =
            language::detect_on_window(&mut self.state, &self.model.ctx, audio, self.threads)?;
        let chosen = language::choose(&probabilities, among, heard);
        Ok((
            chosen,
            Some(Detection {
                language: chosen.to_owned(),
                probabilities: language::owned(&probabilities),
                redecoded: false,
            }),
        ))
    }

    /// After a run in `first` among `among`: the language whisper's first decoder step
    /// finds most probable among them, and a second run in it when it is not `first`
    /// (unless the window holds no speech and gives nothing anyway).
    fn check_language(
        &mut self,
        audio: &[f32],
        first: &'static str,
        among: &[&'static str],
        start: &nonspeech::WindowStart,
        opts: &TranscribeOptions,
    ) -> Result<&'static str, AsrError> {
        let heard = opts
            .heard_language
            .as_deref()
            .and_then(crate::language_code);
        let mut probabilities = Cow::Borrowed(&start.languages);
        let mut chosen = language::choose(&probabilities, among, heard);
        if chosen != first && opts.fit_encoder_to_audio {
            // A fitted window's languages are less sure than a padded one's (espeak-ng's
            // Korean encoded alone is more English than Korean): whether the language
            // changed is for the padded detection to say.
            probabilities = Cow::Owned(language::detect_on_window(
                &mut self.state,
                &self.model.ctx,
                audio,
                self.threads,
            )?);
            chosen = language::choose(&probabilities, among, heard);
        }
        let redecoded = chosen != first && start.no_speech_prob <= opts.no_speech_threshold;
        if redecoded {
            self.run(audio, chosen, opts)?;
        }
        self.last.detection = Some(Detection {
            language: chosen.to_owned(),
            probabilities: language::owned(&probabilities),
            redecoded,
        });
        Ok(if redecoded { chosen } else { first })
    }

    /// One decoding of `audio` by `plan`: the language chosen (and checked), the run,
    /// and the guards over whisper's segments; `self.last` counts what it did.
    fn decode(
        &mut self,
        audio: &[f32],
        offset_ms: i64,
        opts: &TranscribeOptions,
        plan: &Plan,
    ) -> Result<Vec<AsrSegment>, AsrError> {
        let audio_ms = self.last.audio_ms;
        let (first, detection) = self.first_language(plan, audio, opts)?;
        self.last.detection = detection;
        self.run(audio, first, opts)?;
        let threads = self.threads;
        let model = Arc::clone(&self.model);
        // Only a call of one window leaves its whole audio's encoding in the state.
        let start = match audio_ms <= WINDOW_MS {
            true => nonspeech::window_start(self.state_for(opts)?, &model.ctx, threads),
            false => None,
        };
        let mut language = first;
        if let (Plan::Among(among), Some(start)) = (plan, &start)
            && self.last.detection.is_none()
        {
            language = self.check_language(audio, first, among, start, opts)?;
        }
        let window_nsp = start.map(|s| s.no_speech_prob);
        self.last.no_speech_prob = window_nsp;
        let state = match (opts.fit_encoder_to_audio, self.fitted.as_ref()) {
            (true, Some(fitted)) => fitted,
            _ => &self.state,
        };
        let detected = match language {
            "auto" => whisper_rs::get_lang_str(state.full_lang_id_from_state()).unwrap_or("und"),
            code => code,
        };
        let raw = raw_segments(state, &self.model.ctx, window_nsp, &mut self.last);
        let segments = finish_segments(raw, audio_ms, offset_ms, detected, opts, &mut self.last);
        // Only speech teaches the engine its speaker's language: silence and noise (the
        // live worker's warm-up, a pause) detect anything.
        if !segments.is_empty()
            && let Some(detection) = &self.last.detection
        {
            self.guess = crate::language_code(&detection.language);
        }
        tracing::debug!(
            audio_ms,
            language = detected,
            segments_in = self.last.segments_in,
            segments_out = self.last.segments_out,
            dropped_no_speech = self.last.dropped_no_speech,
            dropped_token_rate = self.last.dropped_token_rate,
            dropped_repeated = self.last.dropped_repeated,
            "transcribed"
        );
        Ok(segments)
    }
}

impl Transcriber for WhisperEngine {
    fn cancel_handle(&self) -> Option<CancelHandle> {
        Some(self.cancel.clone())
    }

    fn transcribe(
        &mut self,
        audio: &[f32],
        offset_ms: i64,
        opts: &TranscribeOptions,
    ) -> Result<Vec<AsrSegment>, AsrError> {
        // A cancel asked for before this call started was meant for an earlier one.
        self.cancel.reset();
        opts.validate()?;
        if let Some(i) = audio.iter().position(|s| !s.is_finite()) {
            return Err(AsrError::new(
                ErrorKind::InvalidAudio,
                format!("audio sample {i} is not a finite number"),
            ));
        }
        if audio.len() > c_int::MAX as usize {
            return Err(AsrError::new(
                ErrorKind::InvalidAudio,
                format!(
                    "{} samples is too long for one call; split the audio",
                    audio.len()
                ),
            ));
        }
        let model_name = self.model.path.display().to_string();
        let plan = language::plan(opts, self.model.info.is_multilingual(), &model_name)?;
        let audio_ms = audio.len() as i64 * 1000 / i64::from(SAMPLE_RATE);
        self.last = RunStats {
            audio_ms,
            token_cap: token_cap(audio.len(), opts.max_tokens_per_second),
            ..RunStats::default()
        };
        if audio.len() < MIN_SAMPLES {
            return Ok(Vec::new());
        }

        let segments = self.decode(audio, offset_ms, opts, &plan)?;
        if opts.fit_encoder_to_audio && self.last.fitted_text_unsure(&segments) {
            // What fitting does to whisper on some audio; a padded window, as whisper
            // was trained, costs one more decoding of this call only.
            let padded = TranscribeOptions {
                fit_encoder_to_audio: false,
                ..opts.clone()
            };
            let passes = self.last.passes;
            self.last = RunStats {
                audio_ms,
                token_cap: self.last.token_cap,
                fitted_redone: true,
                ..RunStats::default()
            };
            let segments = self.decode(audio, offset_ms, &padded, &plan)?;
            self.last.passes += passes;
            return Ok(segments);
        }
        Ok(segments)
    }
}

/// whisper.cpp and ggml print to stderr by default; send their logs to `tracing` instead.
pub(crate) fn route_native_logs() {
    static ONCE: Once = Once::new();
    ONCE.call_once(whisper_rs::install_logging_hooks);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(language: &str, text: &str) -> AsrSegment {
        AsrSegment {
            start_ms: 0,
            end_ms: 2_000,
            text: text.to_owned(),
            confidence: 0.8,
            language: language.to_owned(),
            no_speech_prob: 0.1,
        }
    }

    #[test]
    fn a_fitted_call_that_looped_or_wrote_korean_in_latin_letters_is_unsure() {
        let clean = RunStats::default();
        assert!(!clean.fitted_text_unsure(&[line("en", "You can call me Abby.")]));
        assert!(!clean.fitted_text_unsure(&[line("ko", "MRR이 50K 정도예요.")]));
        assert!(!clean.fitted_text_unsure(&[line("ko", "OK.")]));
        assert!(clean.fitted_text_unsure(&[line("ko", "Kokakatun, Pabubung, Mulyo.")]));
        let looped = RunStats {
            cut_repetitions: 1,
            ..RunStats::default()
        };
        assert!(looped.fitted_text_unsure(&[line("en", "Then you go into your folder.")]));
        let repeated = RunStats {
            dropped_repeated: 1,
            ..RunStats::default()
        };
        assert!(repeated.fitted_text_unsure(&[]));
    }
}
