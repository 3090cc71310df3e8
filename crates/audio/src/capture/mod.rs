//! Live capture of one audio source (the microphone, or the system's output) into
//! 16 kHz mono frames stamped with their sample index.
//!
//! # Realtime discipline
//!
//! The device callback runs on the audio system's thread and must never wait: it only
//! copies the samples, converted to `f32`, into a preallocated lock-free ring
//! ([`rtrb`]), and when the ring is full it drops the excess and adds the count to an
//! atomic. It never allocates, locks, logs or blocks.
//!
//! A capture thread of ours drains the ring every few milliseconds, resamples with
//! [`Resampler16k`] (the same exact resampler files use) and sends [`CaptureEvent`]s.
//! Every 16 kHz sample has an index from the start of the capture, and the indices
//! follow the wall clock: audio that never arrived (a full ring, a lost device, an
//! audio server restarting) is replaced by silence of its length and reported as a
//! [`CaptureEvent::Gap`], so the two sources of a meeting stay aligned and nothing is
//! lost silently.
//!
//! # Health
//!
//! A device that reports an error, stops delivering for [`CaptureConfig::stall_ms`], or
//! (when following the system default) stops being the default is closed and reopened,
//! retrying every [`CaptureConfig::retry_ms`]; the audio server itself is reconnected.
//! A device that gives only exact zeros from the moment it opened, for
//! [`CaptureConfig::zeros_alert_s`], is reported once: on macOS that is what a denied
//! recording permission looks like (a quiet call has noise; a refused tap has none).

mod choices;
mod devices;
mod handle;
mod run;
mod stream;

pub use choices::{CaptureDevices, capture_devices};
pub use devices::{DeviceInfo, list_devices};
pub use handle::Capture;
use stream::connect;

use crate::Frame;

/// Which side of the call a source carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// The microphone: "me".
    Mic,
    /// What the computer plays, the other side of the call: "them".
    System,
}

impl SourceKind {
    /// "mic" or "system", for file names and messages.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Mic => "mic",
            SourceKind::System => "system",
        }
    }
}

/// How to capture one source.
#[derive(Debug, Clone, PartialEq)]
pub struct CaptureConfig {
    pub kind: SourceKind,
    /// A device name (see [`list_devices`]); `None` follows the system default, also
    /// when it changes.
    pub device: Option<String>,
    /// The device buffer asked for. Default 100 ms: the audio system's default can be
    /// seconds long and arrive in bursts.
    pub buffer_ms: u32,
    /// The ring between the callback and the capture thread. Default 2000 ms.
    pub ring_ms: u32,
    /// No audio for this long from an open device counts as a lost device. Default 1000.
    pub stall_ms: u32,
    /// How often a lost device is retried. Default 250 ms.
    pub retry_ms: u32,
    /// Only exact zeros for this long is reported once. Default 10 s.
    pub zeros_alert_s: u32,
}

impl CaptureConfig {
    /// Defaults for `kind`, following the system default device.
    pub fn new(kind: SourceKind) -> Self {
        Self {
            kind,
            device: None,
            buffer_ms: 100,
            ring_ms: 2_000,
            stall_ms: 1_000,
            retry_ms: 250,
            zeros_alert_s: 10,
        }
    }
}

/// Why a stretch of a source was filled with silence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GapReason {
    /// The ring was full: the capture thread did not keep up.
    Overrun,
    /// The device was gone, or the audio server was, until it was reopened.
    DeviceLost,
}

/// Why an open device was given up. The window words each kind in the user's language;
/// the command line and the logs use its `Display`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LossReason {
    /// The device, or the audio server, reported an error on the stream.
    StreamError,
    /// The device gave no audio for `ms` milliseconds.
    Stalled { ms: u32 },
    /// The capture follows the system's default device, and the default moved.
    DefaultChanged,
    /// The device is no longer in the system's list: unplugged or turned off.
    Unplugged,
}

impl std::fmt::Display for LossReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LossReason::StreamError => f.write_str("it reported an error"),
            LossReason::Stalled { ms } => write!(f, "it gave no audio for {ms} ms"),
            LossReason::DefaultChanged => f.write_str("the system's default device changed"),
            LossReason::Unplugged => f.write_str("it is no longer connected"),
        }
    }
}

/// What a running capture reports, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum CaptureEvent {
    /// The next 16 kHz mono samples; `frame.start` is the previous frame's end.
    Audio { kind: SourceKind, frame: Frame },
    /// A device was opened (at start, and after each reopen).
    Opened {
        kind: SourceKind,
        device: String,
        sample_rate: u32,
        channels: u16,
    },
    /// The device was lost; capture keeps retrying.
    Lost {
        kind: SourceKind,
        device: String,
        reason: LossReason,
    },
    /// `samples` of silence were put in at index `at` for audio that never arrived.
    Gap {
        kind: SourceKind,
        at: u64,
        samples: u64,
        reason: GapReason,
    },
    /// The device has given only exact zeros for `seconds` since it opened.
    AllZeros { kind: SourceKind, seconds: u32 },
}

/// Totals of one capture, in 16 kHz samples unless named otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CaptureStats {
    /// Samples given out, silence for gaps included.
    pub samples: u64,
    /// Of those, silence put in for gaps.
    pub gap_samples: u64,
    /// Device frames the callback could not fit into the ring.
    pub overrun_frames: u64,
    /// Times a lost device was opened again.
    pub reopens: u32,
}

#[derive(Debug, thiserror::Error)]
pub enum CaptureError {
    /// The audio system itself (PulseAudio, WASAPI, Core Audio) cannot be reached.
    #[error("audio system unavailable: {0}")]
    Host(String),
    /// No such device, or no default one.
    #[error("{0}")]
    NoDevice(String),
    /// The device exists but would not open.
    #[error("cannot open '{device}': {reason}")]
    Open { device: String, reason: String },
}
