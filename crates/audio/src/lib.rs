//! Onno's audio front end: files in, 16 kHz mono frames out, speech found and packed.
//!
//! Everything downstream (the whisper engine in `onno-asr`, the live pipeline) takes
//! 16 kHz mono `f32`. This crate is where audio becomes that, and where the silence in it
//! is found so that it costs nothing to transcribe.
//!
//! # Design
//!
//! * **Streaming, bounded memory.** [`Decoder::open`] probes a file (WAV 8-32 bit int and
//!   float, FLAC, MP3, Ogg Vorbis, M4A/AAC through symphonia) and returns an
//!   [`AudioStream`], a pull iterator of [`Frame`]s. Each frame carries the 16 kHz index
//!   of its first sample, so a gap or an overlap is visible to whoever consumes it. The
//!   stream holds one packet, one resampler block and one frame at a time, whatever the
//!   file's length. Opus is not decoded (symphonia has no Opus codec); an Opus file is a
//!   clear [`ErrorKind::UnsupportedCodec`] error.
//! * **Exact resampling.** [`Resampler16k`] averages the channels, then runs one
//!   `rubato::Fft` with a fixed input block. The block is chosen so the filter's delay is
//!   a whole number of samples at both rates, and that delay is dropped from the front:
//!   output sample `k` is the input at `k / 16000` s, and the output has exactly
//!   `round(n * 16000 / rate)` samples. The same type serves live capture.
//! * **One error type.** Bad input of every kind (missing, a directory, empty, garbage,
//!   truncated, an unsupported codec) is an [`AudioError`] with an [`ErrorKind`] that
//!   names the file; nothing here panics on input. A packet that fails to decode mid-file
//!   is replaced by silence of its length and counted in [`DecodeStats`].
//! * **Speech, packed.** A [`VoiceDetector`] turns a 16 kHz stream into speech spans.
//!   [`EnergyVad`] (energy against an adaptive noise floor, plus zero crossings for
//!   unvoiced sounds) needs no model file; whisper.cpp's Silero VAD
//!   (`onno_asr::SileroVad`) implements the same trait. [`Utterances`] pads the spans and
//!   caps them at 30 s; [`pack_windows`] packs consecutive utterances into windows of at
//!   most 30 s, because whisper pads every call to 30 s, and each [`Window`] maps its own
//!   time back to the stream's exactly.
//!   [`Segmenter`] does all three as samples arrive and hands out each window with its
//!   audio, keeping only what a coming window may still need (about a minute at most),
//!   however long the stream or its silences.
//!
//! # Example
//!
//! ```no_run
//! use std::path::Path;
//! use onno_audio::{Decoder, EnergyVad, VadConfig, VoiceDetector};
//!
//! # fn main() -> Result<(), onno_audio::AudioError> {
//! let mut stream = Decoder::open(Path::new("meeting.m4a"))?;
//! let mut vad = EnergyVad::new(&VadConfig::default());
//! let mut spans = Vec::new();
//! while let Some(frame) = stream.next_frame() {
//!     let frame = frame?;
//!     vad.push(&frame.samples, &mut spans);
//! }
//! vad.finish(&mut spans);
//! println!("{} speech spans", spans.len());
//! # Ok(())
//! # }
//! ```

mod capture;
mod check;
mod decode;
mod error;
mod level;
mod record;
mod resample;
mod vad;

pub use capture::{
    Capture, CaptureConfig, CaptureDevices, CaptureError, CaptureEvent, CaptureStats, DeviceInfo,
    GapReason, LossReason, SourceKind, capture_devices, list_devices,
};
pub use check::{CheckEvent, DeviceCheck, OpenFailure};
pub use decode::{AudioStream, DecodeOptions, DecodeStats, Decoder, Frame, SourceInfo};
pub use error::{AudioError, ErrorKind};
pub use level::{Level, LevelMeter};
pub use record::{Repair, WavRecorder, recording_header, repair_wav};
pub use resample::{MAX_CHANNELS, Resampler16k};
pub use vad::{
    EnergyVad, PackedWindow, Piece, Segmenter, Span, Utterances, VadConfig, VoiceDetector, Window,
    pack_windows,
};

/// The sample rate of everything this crate gives out.
pub const SAMPLE_RATE: u32 = 16_000;

/// The lowest input sample rate accepted.
pub const MIN_INPUT_RATE: u32 = 8_000;

/// The highest input sample rate accepted.
pub const MAX_INPUT_RATE: u32 = 192_000;
