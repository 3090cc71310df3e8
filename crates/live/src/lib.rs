//! One live meeting, end to end: both sides of the call captured, recorded to disk,
//! transcribed as they speak, committed to SQLite, and run through the offline signals.
//!
//! ```text
//!  mic ─┐ capture threads          router thread                 ASR worker thread
//!       ├─ (onno-audio) ─ frames ─▶ record (WAV, flushed ≤0.5 s) ─▶ whisper (one engine)
//!  sys ─┘                           VAD → utterances → echo check   commit to SQLite
//!                                   growing utterance every ~1 s    then emit Segment
//!                                                                   signals (onno-signals)
//! ```
//!
//! * **Nothing is lost.** Audio goes to disk before anything else happens to it, and a
//!   segment is committed before it is shown ([`LiveEvent::Segment`] carries the stored
//!   row). A crash loses at most the utterance being decoded and the last half second
//!   of audio; [`recover_interrupted`] repairs the files and closes the meeting.
//! * **Tentative, then confirmed.** While someone speaks, the utterance so far is
//!   decoded again about every second ([`LiveConfig::growing_every`]) and shown as
//!   [`LiveEvent::Tentative`]; what two consecutive decodings agree on is committed at
//!   once (LocalAgreement-2) and never changes. A closed utterance is committed whole.
//! * **Falling behind degrades gracefully.** Finished utterances always go first;
//!   tentative re-decodings only run when the worker is idle, so under load they come
//!   less often and then not at all, while every utterance is still transcribed.
//! * **Echo bleed.** Microphone speech whose loudness follows the call's audio at a
//!   small delay, and is quieter, is the call heard through the speakers: it is not
//!   transcribed as "me" ([`LiveEvent::EchoSuppressed`]).
//! * **Health.** Each source's loudness ([`LiveEvent::Levels`], at most
//!   [`LEVELS_PER_SECOND`] a second) and how far the text lags behind the speech
//!   (`lag_ms` on every segment and tentative text) are reported for the live view.
//!   Lost devices, their return, gaps and silent sources are events; the
//!   meeting stops on request, after [`LiveConfig::silence_stop`] without speech on
//!   either side, or at [`LiveConfig::max_duration`], and the meeting row is finished
//!   (ended_at, status) either way.

mod agreement;
mod assistant;
mod echo;
mod final_pass;
mod heard;
mod history;
mod import;
mod languages;
mod recover;
mod request;
mod router;
mod start;
mod vocabulary;
mod worker;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use onno_asr::{SpeechGate, TranscribeOptions, Transcriber};
use onno_audio::{
    CaptureConfig, CaptureError, CaptureStats, Level, LossReason, SourceKind, VadConfig,
};
use onno_signals::ChecklistProgress;
use onno_store::{ActionItem, AiQuestion, Meeting, MeetingType, SegmentSource, Store, StoreError};
use serde::Serialize;

pub use agreement::LocalAgreement;
pub use assistant::AssistantConfig;
pub use echo::{Bleed, EchoConfig};
pub use final_pass::{FinalPass, FinalPassSummary, final_pass, final_pass_options};
pub use heard::{Findings, Heard, findings, heard};
pub use import::{import_audio, language_of, transcript_lines};
pub use languages::{SETTLE_AFTER_MS, set_spoken_languages, with_spoken_languages};
pub use recover::{Recovered, Tidied, recover_interrupted, tidy_up};
pub use request::StartMeeting;
pub use vocabulary::{meeting_vocabulary, vocabulary_for};
pub use worker::Latencies;

/// How to run a live meeting.
#[derive(Debug, Clone)]
pub struct LiveConfig {
    pub title: String,
    pub kind: MeetingType,
    pub relationship_id: Option<i64>,
    /// Who is in the meeting; stored with its row. Default none.
    pub participants: Vec<onno_store::NewParticipant>,
    /// The microphone ("me"); `None` records no microphone.
    pub mic: Option<CaptureConfig>,
    /// The system audio ("them"); `None` records no system audio.
    pub system: Option<CaptureConfig>,
    pub asr: TranscribeOptions,
    pub vad: VadConfig,
    /// A Silero model (whisper.cpp's ggml) that hears whether each utterance the energy
    /// detector cut holds speech before whisper decodes it. Default none: the energy
    /// detector and whisper's own no-speech layers alone.
    pub vad_model: Option<PathBuf>,
    pub echo: EchoConfig,
    /// How often open speech is decoded again for tentative text. Default 1 s.
    pub growing_every: Duration,
    /// Stop after this long without speech on either side. Default 15 minutes.
    pub silence_stop: Option<Duration>,
    /// Stop after this long in all. Default none.
    pub max_duration: Option<Duration>,
    /// Keep the audio files (the retention setting may delete them later). Default on.
    pub record_audio: bool,
    /// The language model for question suggestions and action items. Default none:
    /// only the offline signals run.
    pub assistant: Option<AssistantConfig>,
    /// The meeting's own language model switch, stored in the meeting's row (off keeps
    /// it from the model now and in later analyses). Default on; the global switch
    /// still applies.
    pub llm_allowed: bool,
}

impl LiveConfig {
    /// Both sources on their system defaults, and the defaults above.
    pub fn new(title: &str, kind: MeetingType) -> Self {
        Self {
            title: title.to_owned(),
            kind,
            relationship_id: None,
            participants: Vec::new(),
            mic: Some(CaptureConfig::new(SourceKind::Mic)),
            system: Some(CaptureConfig::new(SourceKind::System)),
            // An utterance's line is decoded from a padded 30 s window, as whisper was
            // trained; tentative text from the encoder fitted to the audio plus 2 s of
            // silence (the worker's `tentative_options`), five times faster on a CPU.
            asr: TranscribeOptions::default(),
            vad: VadConfig::default(),
            vad_model: None,
            echo: EchoConfig::default(),
            growing_every: Duration::from_secs(1),
            silence_stop: Some(Duration::from_secs(15 * 60)),
            max_duration: None,
            record_audio: true,
            assistant: None,
            llm_allowed: true,
        }
    }
}

/// What a live meeting reports, in order per source. The app sends these to its
/// window as they are (`kind` names the variant).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LiveEvent {
    /// The meeting row exists and capture runs.
    Started { meeting_id: i64 },
    /// A device was opened (at start and after each reopen).
    DeviceOpened {
        source: SegmentSource,
        device: String,
        sample_rate: u32,
        channels: u16,
    },
    /// A device went away; capture retries and marks the gap.
    DeviceLost {
        source: SegmentSource,
        device: String,
        reason: LossReason,
    },
    /// Audio that never arrived, filled with silence in the recording.
    Gap {
        source: SegmentSource,
        start_ms: i64,
        end_ms: i64,
        /// The capture did not keep up (an overrun), rather than a device gone.
        overrun: bool,
    },
    /// A source has given only exact zeros for a while (on macOS: is the permission
    /// to record the screen's audio given?).
    Silent { source: SegmentSource, seconds: u32 },
    /// Text being spoken now, not final; replaces the last tentative text of `source`.
    Tentative {
        source: SegmentSource,
        start_ms: i64,
        text: String,
        /// From the end of the audio decoded to this text, ms.
        lag_ms: u32,
    },
    /// A segment, already committed to the store.
    Segment {
        segment: onno_store::Segment,
        /// From the end of its speech to its commit, ms: how far the transcript lags.
        /// `None` for a row committed late after a storage failure.
        lag_ms: Option<u32>,
    },
    /// How loud each source was over the last interval, at most
    /// [`LEVELS_PER_SECOND`] times a second; a source with no new audio is left out.
    Levels { levels: Vec<SourceLevel> },
    /// What the offline copilot heard in the last segment (as [`heard`] words it), and
    /// the checklist as it stands after it. Also sent once at the start (nothing heard
    /// yet) when the meeting type has a checklist.
    Signals {
        heard: Vec<Heard>,
        checklist: Vec<ChecklistProgress>,
    },
    /// Questions the language model suggests asking now, already stored.
    Questions { questions: Vec<AiQuestion> },
    /// Action items the language model heard agreed, stored as pending.
    ActionItems { items: Vec<ActionItem> },
    /// Microphone speech that was the call's echo, not transcribed.
    EchoSuppressed { start_ms: i64, end_ms: i64 },
    /// Something failed; the meeting goes on.
    Problem { problem: Problem },
    /// The meeting ended; no events follow.
    Stopped { reason: StopReason },
}

/// The most [`LiveEvent::Levels`] a meeting sends per second: enough for a meter to
/// move smoothly, few enough to cost the window nothing.
pub const LEVELS_PER_SECOND: u32 = 10;

/// One source's loudness for a level meter.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SourceLevel {
    pub source: SegmentSource,
    pub level: Level,
}

/// A failure during a meeting that does not end it; `detail` is the error's own words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
pub enum Problem {
    /// Writing the audio file failed (a full disk); transcription goes on.
    Recording(String),
    /// Committing segments failed; they are kept and retried.
    Storage(String),
    /// Whisper failed on an utterance.
    Transcription(String),
    /// The language model failed; suggestions pause until it answers again.
    Assistant(String),
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::Recording(e) => write!(f, "recording stopped: {e}"),
            Problem::Storage(e) => write!(f, "saving the transcript failed (will retry): {e}"),
            Problem::Transcription(e) => write!(f, "transcription failed: {e}"),
            Problem::Assistant(e) => write!(f, "suggestions unavailable: {e}"),
        }
    }
}

/// Why a meeting ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum StopReason {
    Requested,
    Silence,
    MaxDuration,
}

#[derive(Debug, thiserror::Error)]
pub enum LiveError {
    #[error("{0}")]
    Capture(#[from] CaptureError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot create the meeting's audio folder: {0}")]
    Folder(std::io::Error),
    #[error("nothing to record: both the microphone and the system audio are off")]
    NoSource,
    #[error("the meeting ended abnormally; its transcript so far is saved")]
    Aborted,
    #[error(transparent)]
    Transcribe(#[from] onno_transcribe::TranscribeError),
    #[error(transparent)]
    Request(#[from] onno_asr::AsrError),
    #[error("no speech was found in the file")]
    NoSpeech,
}

/// How a meeting ended.
#[derive(Debug, Clone)]
pub struct Finished {
    pub meeting: Meeting,
    pub reason: StopReason,
    pub audio_files: Vec<PathBuf>,
    /// Per source: samples captured, gaps filled, overruns.
    pub capture_stats: Vec<(SegmentSource, CaptureStats)>,
}

/// A running live meeting. [`stop`](Self::stop) ends it; dropping it also does.
pub struct LiveMeeting {
    meeting_id: i64,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<Result<Finished, LiveError>>>,
    latencies: Arc<Latencies>,
    zero: Instant,
}

impl LiveMeeting {
    /// Opens the devices (both at once), creates the meeting and starts capturing and
    /// transcribing. A failure at any step is an error here, and leaves no meeting
    /// behind: no row, no folder, no files (see `start.rs` for the steps).
    pub fn start(
        store: Arc<Store>,
        transcriber: Box<dyn Transcriber>,
        config: LiveConfig,
        events: Sender<LiveEvent>,
    ) -> Result<Self, LiveError> {
        // A detector model that does not load stops the start before anything exists.
        let gate = config
            .vad_model
            .as_deref()
            .map(SpeechGate::new)
            .transpose()?;
        let opened = start::open_captures(&config)?;
        let zero = opened.zero;
        let mut meeting = start::HalfStarted::create(&store, &config)?;
        meeting.lock_folder()?;
        let (lanes, audio_files) = start::open_lanes(&store, &meeting, &opened, &config)?;
        meeting.record_audio_paths(&audio_files)?;
        let meeting_id = meeting.id;
        let parts = start::Parts {
            store: store.clone(),
            transcriber,
            gate,
            config,
            events,
            opened,
            lanes,
            audio_files,
        };
        let spawned = start::spawn(&mut meeting, parts)?;
        meeting.started();
        Ok(Self {
            meeting_id,
            stop: spawned.stop,
            thread: Some(spawned.thread),
            latencies: spawned.latencies,
            zero,
        })
    }

    pub fn meeting_id(&self) -> i64 {
        self.meeting_id
    }

    /// The moment meeting time 0 stands for: segment times are milliseconds from here.
    pub fn started_at(&self) -> Instant {
        self.zero
    }

    /// Latencies measured so far.
    pub fn latencies(&self) -> &Latencies {
        &self.latencies
    }

    /// Whether the meeting ended by itself (silence, duration).
    pub fn is_finished(&self) -> bool {
        self.thread.as_ref().is_none_or(JoinHandle::is_finished)
    }

    /// Stops capture, transcribes what is still queued, finalises the files and the
    /// meeting row.
    pub fn stop(mut self) -> Result<Finished, LiveError> {
        self.finish()
    }

    fn finish(&mut self) -> Result<Finished, LiveError> {
        self.stop.store(true, Ordering::Relaxed);
        match self.thread.take().map(JoinHandle::join) {
            Some(Ok(result)) => result,
            Some(Err(_)) | None => Err(LiveError::Aborted),
        }
    }
}

impl Drop for LiveMeeting {
    fn drop(&mut self) {
        if self.thread.is_some() {
            let _ = self.finish();
        }
    }
}

/// "me" for the microphone, "them" for the system audio.
pub fn source_label(kind: SourceKind) -> SegmentSource {
    match kind {
        SourceKind::Mic => SegmentSource::Me,
        SourceKind::System => SegmentSource::Them,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// The window reads these shapes (ui/src/bindings.gen.ts); serde must produce them.
    #[test]
    fn events_go_to_the_window_tagged_by_kind() {
        let json = |e: &LiveEvent| serde_json::to_value(e).unwrap();
        assert_eq!(
            json(&LiveEvent::Problem {
                problem: Problem::Storage("disk full".into())
            }),
            serde_json::json!({
                "kind": "problem",
                "problem": { "kind": "storage", "detail": "disk full" }
            })
        );
        assert_eq!(
            json(&LiveEvent::Stopped {
                reason: StopReason::MaxDuration
            }),
            serde_json::json!({ "kind": "stopped", "reason": "max_duration" })
        );
        assert_eq!(
            json(&LiveEvent::Questions {
                questions: Vec::new()
            }),
            serde_json::json!({ "kind": "questions", "questions": [] })
        );
    }
}
