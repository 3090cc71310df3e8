//! File transcription: the batch form of the pipeline a live meeting runs.
//!
//! A file is decoded and resampled as a stream (`onno-audio`), a voice detector finds
//! the speech, and the speech is packed end to end into windows of at most 30 s before
//! it reaches whisper (`onno-asr`). Packing matters because whisper pads every call to
//! 30 s: five seconds of speech alone would cost a full window, and an hour of
//! conversation with its pauses would cost far more windows than its speech needs.
//! Whisper's timestamps are relative to the packed window; each window maps them back to
//! the file's time exactly, piece by piece, so a segment's time is where it was said.
//! Every window, the last short one too, is padded to 30 s as whisper was trained:
//! encoding a short one at its own length made files twice as fast and cost 7 points of
//! character errors on espeak-ng's Korean (the accuracy benchmark).
//!
//! Memory stays bounded whatever the file's length: the decoder holds a few seconds,
//! the segmenter about one utterance and one window.
//!
//! With `Language::Auto`, the language is detected in the first window that has speech
//! and kept for the rest of the file, as whisper.cpp does for a long file.
//!
//! Speech is found by whisper.cpp's Silero VAD when [`FileOptions::vad_model`] names a
//! model file (run by Onno itself, 4 s at a time: whisper.cpp 1.8.3 ignores the VAD
//! settings of `full()`), else by the built-in energy detector, so transcription never
//! depends on a download.
//!
//! ```no_run
//! use onno_asr::{EngineConfig, ModelConfig, TranscribeOptions, WhisperEngine, WhisperModel};
//! use onno_transcribe::{FileOptions, transcribe_file};
//!
//! let model = WhisperModel::load("ggml-base.bin".as_ref(), &ModelConfig::default())?;
//! let mut engine = WhisperEngine::new(model, &EngineConfig::default())?;
//! let transcript = transcribe_file(
//!     "call.m4a".as_ref(),
//!     &mut engine,
//!     &FileOptions::default(),
//!     &mut |_progress| {},
//! )?;
//! for line in &transcript.segments {
//!     println!("{} ms: {}", line.start_ms, line.text);
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

mod sparse;

use onno_asr::{AsrError, AsrSegment, Language, SileroVad, TranscribeOptions, Transcriber};
use onno_audio::{
    AudioError, AudioStream, DecodeOptions, Decoder, EnergyVad, PackedWindow, SAMPLE_RATE,
    Segmenter, VadConfig, VoiceDetector,
};

/// How to transcribe a file.
#[derive(Debug, Clone, Default)]
pub struct FileOptions {
    pub asr: TranscribeOptions,
    pub vad: VadConfig,
    /// A Silero VAD ggml model (`silero-16k`) to find speech with whisper.cpp's VAD
    /// ([`SileroVad`]); `None` uses the built-in [`EnergyVad`]. Either way only the speech
    /// reaches whisper.
    pub vad_model: Option<PathBuf>,
    /// Set from another thread to stop: the transcription ends with
    /// [`TranscribeError::Cancelled`] after the frame or window in hand (at most one
    /// whisper call).
    pub cancel: Option<Arc<AtomicBool>>,
}

impl FileOptions {
    fn cancelled(&self) -> bool {
        self.cancel
            .as_ref()
            .is_some_and(|flag| flag.load(Ordering::Relaxed))
    }
}

/// How far a transcription has come, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    /// Audio decoded so far.
    pub decoded: Duration,
    /// The file's length when its header says so.
    pub total: Option<Duration>,
    pub segments: usize,
}

/// A transcribed file: segments in file time, and what it cost.
#[derive(Debug, Clone, PartialEq)]
pub struct FileTranscript {
    pub segments: Vec<AsrSegment>,
    pub stats: FileStats,
}

#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct FileStats {
    pub audio: Duration,
    /// The speech whisper was given, padding included.
    pub speech: Duration,
    pub windows: usize,
    /// Windows decoded again part by part (at their utterances' joins and pauses),
    /// whisper having written far too little for their speech (`sparse::too_little`).
    pub windows_split: usize,
    pub elapsed: Duration,
    /// Decoded packets that were damaged and replaced by silence.
    pub damaged_packets: u64,
}

impl FileStats {
    /// Processing time over audio time: below 1 is faster than real time.
    pub fn real_time_factor(&self) -> f64 {
        self.elapsed.as_secs_f64() / self.audio.as_secs_f64().max(1e-9)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum TranscribeError {
    #[error(transparent)]
    Audio(#[from] AudioError),
    #[error(transparent)]
    Asr(#[from] AsrError),
    #[error("the transcription was cancelled")]
    Cancelled,
}

/// One second per frame: large enough that per-frame work is negligible, small enough
/// for smooth progress.
const FRAME_SAMPLES: usize = SAMPLE_RATE as usize;

/// Windows shorter than this are encoded at their own length plus two seconds of
/// silence rather than padded to 30 s (`TranscribeOptions::fit_encoder_to_audio`):
/// measured on the accuracy set, the same words in a fraction of the encoder's time.
const FIT_BELOW_SAMPLES: usize = 10 * SAMPLE_RATE as usize;

/// Transcribes the file at `path` with `transcriber`, reporting progress as it goes.
pub fn transcribe_file(
    path: &Path,
    transcriber: &mut dyn Transcriber,
    options: &FileOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<FileTranscript, TranscribeError> {
    let started = Instant::now();
    let decode = DecodeOptions {
        frame_samples: FRAME_SAMPLES,
        ..DecodeOptions::default()
    };
    let stream = Decoder::open_with(path, &decode)?;
    match &options.vad_model {
        Some(model) => {
            let vad = SileroVad::new(model, &options.vad)?;
            transcribe_stream(stream, vad, transcriber, options, progress, started)
        }
        None => {
            let vad = EnergyVad::new(&options.vad);
            transcribe_stream(stream, vad, transcriber, options, progress, started)
        }
    }
}

fn transcribe_stream<D: VoiceDetector>(
    mut stream: AudioStream,
    vad: D,
    transcriber: &mut dyn Transcriber,
    options: &FileOptions,
    progress: &mut dyn FnMut(Progress),
    started: Instant,
) -> Result<FileTranscript, TranscribeError> {
    let total = stream.duration_hint();
    let mut segmenter = Segmenter::new(vad, &options.vad);
    let mut run = Run {
        transcriber,
        requested: options.asr.language.clone(),
        options: options.asr.clone(),
        segments: Vec::new(),
        stats: FileStats::default(),
    };
    let mut ready = Vec::new();
    let mut decoded = 0u64;
    while let Some(frame) = stream.next_frame() {
        let frame = frame?;
        decoded = frame.end();
        segmenter.push(&frame.samples, &mut ready);
        for window in ready.drain(..) {
            if options.cancelled() {
                return Err(TranscribeError::Cancelled);
            }
            run.window(&window)?;
        }
        if options.cancelled() {
            return Err(TranscribeError::Cancelled);
        }
        progress(Progress {
            decoded: samples_to_duration(decoded),
            total,
            segments: run.segments.len(),
        });
    }
    segmenter.finish(&mut ready);
    for window in ready.drain(..) {
        if options.cancelled() {
            return Err(TranscribeError::Cancelled);
        }
        run.window(&window)?;
    }
    let mut stats = run.stats;
    stats.audio = samples_to_duration(decoded);
    stats.damaged_packets = stream.stats().bad_packets;
    stats.elapsed = started.elapsed();
    Ok(FileTranscript {
        segments: run.segments,
        stats,
    })
}

struct Run<'a> {
    transcriber: &'a mut dyn Transcriber,
    /// The language asked for; `options.language` becomes the one detected.
    requested: Language,
    options: TranscribeOptions,
    segments: Vec<AsrSegment>,
    stats: FileStats,
}

impl Run<'_> {
    fn window(&mut self, packed: &PackedWindow) -> Result<(), AsrError> {
        self.stats.windows += 1;
        let speech = samples_to_duration(packed.samples.len() as u64);
        self.stats.speech += speech;
        self.options.fit_encoder_to_audio = packed.samples.len() < FIT_BELOW_SAMPLES;
        let mut found = self
            .transcriber
            .transcribe(&packed.samples, 0, &self.options)?;
        let parts = match sparse::too_little(&found, packed.samples.len()) {
            true => sparse::parts(packed),
            false => Vec::new(),
        };
        if parts.len() > 1 {
            let alone = self.parts_alone(packed, parts)?;
            if sparse::text_chars(&alone) > sparse::text_chars(&found) {
                self.stats.windows_split += 1;
                found = alone;
            }
        }
        if self.requested == Language::Auto
            && let Some(detected) = found.iter().find_map(|s| {
                // Only a code whisper knows ("und" when it could not tell).
                s.language
                    .parse::<Language>()
                    .ok()
                    .filter(|l| *l != Language::Auto)
            })
        {
            if self.options.spoken_languages.len() >= 2 {
                // Among the user's languages, each window is decoded in the language
                // heard last and checked by its own first decoder step, which costs no
                // extra pass: a recording in which the language changes (a Korean
                // speaker, then an English one) keeps each in its own.
                self.options.heard_language = Some(detected.to_string());
            } else {
                // Like whisper's own long-file decoding, any language is detected once,
                // in the first window with speech, and kept: detection among all of
                // them costs an extra encoder pass per call.
                self.options.language = detected;
            }
        }
        let floor = self.segments.last().map_or(0, |s| s.end_ms);
        for mut segment in found {
            let to_file = |ms: i64| packed.window.to_stream_ms(ms.max(0) as u64) as i64;
            segment.start_ms = to_file(segment.start_ms).max(floor);
            segment.end_ms = to_file(segment.end_ms).max(segment.start_ms);
            self.segments.push(segment);
        }
        Ok(())
    }

    /// Each of `parts` of `packed` (`sparse::parts`) decoded on its own, timed in window
    /// milliseconds, in the language asked for ("auto": detected per part, leaning on
    /// the one found so far).
    fn parts_alone(
        &mut self,
        packed: &PackedWindow,
        parts: Vec<std::ops::Range<usize>>,
    ) -> Result<Vec<AsrSegment>, AsrError> {
        let heard = match &self.options.language {
            Language::Code(code) => Some(code.clone()),
            Language::Auto => self.options.heard_language.clone(),
        };
        let mut found = Vec::new();
        for part in parts {
            let Some(audio) = packed.samples.get(part.clone()) else {
                continue;
            };
            let options = TranscribeOptions {
                language: self.requested.clone(),
                heard_language: heard.clone(),
                fit_encoder_to_audio: audio.len() < FIT_BELOW_SAMPLES,
                ..self.options.clone()
            };
            let offset_ms = (part.start as u64 * 1000 / u64::from(SAMPLE_RATE)) as i64;
            found.extend(self.transcriber.transcribe(audio, offset_ms, &options)?);
        }
        Ok(found)
    }
}

fn samples_to_duration(samples: u64) -> Duration {
    Duration::from_secs_f64(samples as f64 / f64::from(SAMPLE_RATE))
}
