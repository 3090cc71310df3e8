//! Voice activity detection and the packing of speech into whisper windows.
//!
//! A [`VoiceDetector`] turns a 16 kHz mono stream into raw speech [`Span`]s; [`Utterances`]
//! pads them and caps their length; [`pack_windows`] groups consecutive utterances into
//! windows of at most 30 s, each with the map back to stream time.

mod energy;
mod pack;
mod segmenter;

pub use energy::EnergyVad;
pub use pack::{Piece, Utterances, Window, pack_windows};
pub use segmenter::{PackedWindow, Segmenter};

use crate::SAMPLE_RATE;

/// A half-open range of 16 kHz sample indices, `start..end`, from the start of a stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    /// First sample.
    pub start: u64,
    /// One past the last sample.
    pub end: u64,
}

impl Span {
    /// The span's length in samples.
    pub fn len(&self) -> u64 {
        self.end.saturating_sub(self.start)
    }

    /// Whether the span has no samples.
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    /// Start in milliseconds (rounded down).
    pub fn start_ms(&self) -> u64 {
        self.start * 1000 / SAMPLE_RATE as u64
    }

    /// End in milliseconds (rounded up).
    pub fn end_ms(&self) -> u64 {
        (self.end * 1000).div_ceil(SAMPLE_RATE as u64)
    }
}

/// Finds speech in one 16 kHz mono stream, fed in order. Implementations keep state
/// between calls; one instance serves one stream (one per audio source in a meeting).
///
/// [`EnergyVad`] is the built-in detector that needs no model; a model-based detector
/// (whisper.cpp's Silero VAD, `onno_asr::SileroVad`) implements the same trait.
pub trait VoiceDetector: Send {
    /// Feeds the next samples, contiguous with the previous call, and appends the speech
    /// spans that are now closed to `spans`, in order.
    fn push(&mut self, samples: &[f32], spans: &mut Vec<Span>);

    /// Ends the stream and appends the last spans.
    fn finish(&mut self, spans: &mut Vec<Span>);

    /// Samples seen so far.
    fn position(&self) -> u64;

    /// Start of speech that has begun but is not closed yet, if any: a span given out
    /// later starts here or later, never earlier. A streaming consumer keeps audio from
    /// here on.
    fn pending_start(&self) -> Option<u64>;

    /// Whether speech is going on now, as far as the detector has heard: someone is
    /// talking. A detector that has audio it has not judged yet keeps a
    /// [`VoiceDetector::pending_start`] for it without saying anyone speaks.
    fn speaking(&self) -> bool {
        self.pending_start().is_some()
    }
}

/// Settings of the built-in detector and of utterance padding and packing. Durations in
/// milliseconds.
#[derive(Debug, Clone, PartialEq)]
pub struct VadConfig {
    /// Analysis frame length. Default 20.
    pub frame_ms: u32,
    /// A frame is speech when its energy is this many dB over the noise floor. Default 10.
    pub threshold_db: f32,
    /// ... and over this absolute level (dBFS RMS). Default -50.
    pub min_level_dbfs: f32,
    /// How fast the noise floor may rise, in dB per second. It falls at once. Default 3.
    pub floor_rise_db_per_s: f32,
    /// A quieter frame with a zero-crossing rate (crossings per sample) above this counts
    /// as unvoiced speech (s, f, sh) when it is at least 6 dB over the floor. Default 0.3.
    pub unvoiced_zcr: f32,
    /// Speech ends after this much non-speech. Default 300.
    pub min_silence_ms: u32,
    /// Speech shorter than this is dropped as a click. Default 60.
    pub min_speech_ms: u32,
    /// Padding added to each side of an utterance. Default 250.
    pub pad_ms: u32,
    /// Longest utterance, padding included; longer speech is cut. Default 30 000.
    pub max_utterance_ms: u32,
}

impl Default for VadConfig {
    fn default() -> Self {
        Self {
            frame_ms: 20,
            threshold_db: 10.0,
            min_level_dbfs: -50.0,
            floor_rise_db_per_s: 3.0,
            unvoiced_zcr: 0.3,
            min_silence_ms: 300,
            min_speech_ms: 60,
            pad_ms: 250,
            max_utterance_ms: 30_000,
        }
    }
}

pub(crate) fn ms_to_samples(ms: u32) -> u64 {
    ms as u64 * SAMPLE_RATE as u64 / 1000
}
