//! One live meeting, end to end: both sides of the call captured, recorded to disk,
//! transcribed as they speak, committed to SQLite, and run through the offline signals.
//!
//! ```text
//!  mic ─┐ capture threads          router thread                 ASR worker thread
//!       ├─ (onno-audio) ─ frames ─▶ record (WAV, flushed ≤0.5 s) ─▶ whisper (one engine)
//!  sys ─┘                           VAD → utterances → echo check   commit to SQLite
//!                                   growing utterance every ~1 s    then emit Segment
//!                                                                   signals (onno-copilot)
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
//! * **Health.** Lost devices, their return, gaps and silent sources are events; the
//!   meeting stops on request, after [`LiveConfig::silence_stop`] without speech on
//!   either side, or at [`LiveConfig::max_duration`], and the meeting row is finished
//!   (ended_at, status) either way.

mod agreement;
mod assistant;
mod echo;
mod final_pass;
mod history;
mod recover;
mod router;
mod worker;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use onno_asr::{TranscribeOptions, Transcriber};
use onno_audio::{
    Capture, CaptureConfig, CaptureError, CaptureStats, SourceKind, VadConfig, WavRecorder,
};
use onno_copilot::llm::set_llm_enabled_for_meeting;
use onno_copilot::{ChecklistProgress, MeetingSignals, Signal, SignalsConfig};
use onno_store::{
    ActionItem, AiQuestion, Meeting, MeetingType, NewMeeting, SegmentSource, Store, StoreError,
    now_timestamp, timestamp_after,
};

pub use agreement::LocalAgreement;
pub use assistant::AssistantConfig;
pub use echo::{Bleed, EchoConfig};
pub use final_pass::{FinalPass, FinalPassSummary, final_pass};
pub use recover::{Recovered, recover_interrupted};
pub use worker::Latencies;

use assistant::{Assistant, HeardVoice};
use router::{Lane, Router};
use worker::{LaneClock, Queue, Worker};

/// How to run a live meeting.
#[derive(Debug, Clone)]
pub struct LiveConfig {
    pub title: String,
    pub kind: MeetingType,
    pub relationship_id: Option<i64>,
    /// The microphone ("me"); `None` records no microphone.
    pub mic: Option<CaptureConfig>,
    /// The system audio ("them"); `None` records no system audio.
    pub system: Option<CaptureConfig>,
    pub asr: TranscribeOptions,
    pub vad: VadConfig,
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
    /// The meeting's own language model switch, stored with the meeting before any
    /// thread starts (off keeps it from the model now and in later analyses). Default
    /// on; the global switch still applies.
    pub llm_allowed: bool,
}

impl LiveConfig {
    /// Both sources on their system defaults, and the defaults above.
    pub fn new(title: &str, kind: MeetingType) -> Self {
        Self {
            title: title.to_owned(),
            kind,
            relationship_id: None,
            mic: Some(CaptureConfig::new(SourceKind::Mic)),
            system: Some(CaptureConfig::new(SourceKind::System)),
            // Utterances are short and decoded again as they grow: encode only the
            // audio, not 30 s of it.
            asr: TranscribeOptions {
                fit_encoder_to_audio: true,
                ..TranscribeOptions::default()
            },
            vad: VadConfig::default(),
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

/// What a live meeting reports, in order per source.
#[derive(Debug, Clone)]
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
        reason: String,
    },
    /// Audio that never arrived, filled with silence in the recording.
    Gap {
        source: SegmentSource,
        start_ms: i64,
        end_ms: i64,
    },
    /// A source has given only exact zeros for a while (on macOS: is the permission
    /// to record the screen's audio given?).
    Silent { source: SegmentSource, seconds: u32 },
    /// Text being spoken now, not final; replaces the last tentative text of `source`.
    Tentative {
        source: SegmentSource,
        start_ms: i64,
        text: String,
    },
    /// A segment, already committed to the store.
    Segment(onno_store::Segment),
    /// What the offline copilot found in the last segment, and the checklist as it
    /// stands after it. Also sent once at the start (nothing found yet) when the
    /// meeting type has a checklist.
    Signals {
        found: Vec<Signal>,
        checklist: Vec<ChecklistProgress>,
    },
    /// Questions the language model suggests asking now, already stored.
    Questions(Vec<AiQuestion>),
    /// Action items the language model heard agreed, stored as pending.
    ActionItems(Vec<ActionItem>),
    /// Microphone speech that was the call's echo, not transcribed.
    EchoSuppressed { start_ms: i64, end_ms: i64 },
    /// Something failed; the meeting goes on.
    Problem(Problem),
    /// The meeting ended; no events follow.
    Stopped { reason: StopReason },
}

/// A failure during a meeting that does not end it.
#[derive(Debug, Clone, PartialEq, Eq)]
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    #[error("cannot store the meeting's language model switch: {0}")]
    Settings(String),
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
    /// Creates the meeting, opens the devices (both at once) and starts capturing and
    /// transcribing. A device that cannot be opened is an error here, and no meeting
    /// is left behind.
    pub fn start(
        store: Arc<Store>,
        transcriber: Box<dyn Transcriber>,
        config: LiveConfig,
        events: Sender<LiveEvent>,
    ) -> Result<Self, LiveError> {
        let sources: Vec<CaptureConfig> =
            config.mic.iter().chain(&config.system).cloned().collect();
        if sources.is_empty() {
            return Err(LiveError::NoSource);
        }
        let (captured_tx, captured) = mpsc::channel();
        let opened: Vec<Result<Capture, CaptureError>> = std::thread::scope(|scope| {
            let handles: Vec<_> = sources
                .iter()
                .map(|c| {
                    let tx = captured_tx.clone();
                    scope.spawn(move || Capture::start(c.clone(), tx))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join().unwrap_or_else(|_| {
                        Err(CaptureError::Host("the capture thread failed".into()))
                    })
                })
                .collect()
        });
        drop(captured_tx);
        let captures = opened.into_iter().collect::<Result<Vec<_>, _>>()?;
        let zero = captures
            .iter()
            .map(Capture::started_at)
            .min()
            .unwrap_or_else(Instant::now);

        let started_at = now_timestamp();
        let mut new = NewMeeting::new(&config.title, config.kind, &started_at);
        new.relationship_id = config.relationship_id;
        new.language = match &config.asr.language {
            onno_asr::Language::Auto => None,
            onno_asr::Language::Code(code) => Some(code.clone()),
        };
        let meeting = store.create_meeting(&new)?;
        // Written either way: a reused meeting id must not inherit an old switch.
        if let Err(e) = set_llm_enabled_for_meeting(&store, meeting.id, config.llm_allowed) {
            let _ = store.delete_meeting(meeting.id);
            return Err(LiveError::Settings(e.to_string()));
        }
        let folder = PathBuf::from("meetings").join(meeting.id.to_string());
        let mut lanes = Vec::new();
        let mut audio_files = Vec::new();
        let lock = std::fs::create_dir_all(store.data_dir().join(&folder))
            .and_then(|()| recover::open_lock(&store.data_dir().join(&folder)))
            .and_then(|lock| {
                lock.try_lock()
                    .map(|()| lock)
                    .map_err(std::io::Error::other)
            });
        let lock = match lock {
            Ok(lock) => lock,
            Err(e) => {
                let _ = store.delete_meeting(meeting.id);
                return Err(LiveError::Folder(e));
            }
        };
        for (capture, source) in captures.iter().zip(&sources) {
            let clock = LaneClock {
                source: source_label(source.kind),
                started: capture.started_at(),
                offset_ms: capture.started_at().duration_since(zero).as_millis() as i64,
            };
            let recorder = if config.record_audio {
                let relative = folder.join(format!("{}.wav", source.kind.as_str()));
                // Every recording starts at meeting time 0: a source that opened later
                // begins with silence, so file time is meeting time for the final pass
                // and for playback.
                let lead = vec![0.0; (clock.offset_ms * 16) as usize];
                let recorder = WavRecorder::create(&store.data_dir().join(&relative))
                    .and_then(|mut r| r.write(&lead).map(|()| r))
                    .map_err(LiveError::Folder);
                match recorder {
                    Ok(r) => {
                        audio_files.push(relative);
                        Some(r)
                    }
                    Err(e) => {
                        let _ = store.delete_meeting(meeting.id);
                        return Err(e);
                    }
                }
            } else {
                None
            };
            lanes.push(Lane::new(source.kind, clock, &config.vad, recorder));
        }
        let relative: Vec<String> = audio_files
            .iter()
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .collect();
        store.set_meeting_audio_paths(meeting.id, &relative)?;
        let _ = events.send(LiveEvent::Started {
            meeting_id: meeting.id,
        });

        let latencies = Arc::new(Latencies::default());
        let queue = Arc::new(Queue::new(transcriber.cancel_handle()));
        let signals = MeetingSignals::load(&store, meeting.id, SignalsConfig::default()).ok();
        if let Some(checklist) = signals
            .as_ref()
            .map(MeetingSignals::checklist)
            .filter(|c| !c.is_empty())
        {
            let _ = events.send(LiveEvent::Signals {
                found: Vec::new(),
                checklist,
            });
        }
        let voice = Arc::new(HeardVoice::new());
        // Without its own thread the assistant is left out; the meeting still runs.
        let assistant = config.assistant.clone().and_then(|assistant| {
            Assistant::start(
                assistant,
                store.clone(),
                meeting.id,
                zero,
                voice.clone(),
                events.clone(),
            )
            .ok()
        });
        let worker = Worker {
            transcriber,
            options: config.asr.clone(),
            store: store.clone(),
            meeting_id: meeting.id,
            clocks: lanes.iter().map(|l| l.clock).collect(),
            signals,
            assistant: assistant.as_ref().map(Assistant::feeder),
            events: events.clone(),
            latencies: latencies.clone(),
            committed: vec![0; lanes.len()],
            agreement: lanes.iter().map(|_| LocalAgreement::default()).collect(),
            unsaved: Vec::new(),
        };
        let mut router = Router {
            lanes,
            queue: queue.clone(),
            events: events.clone(),
            echo: config.echo.clone(),
            pad: u64::from(config.vad.pad_ms) * 16,
            growing_every: config.growing_every,
            silence_stop: config.silence_stop,
            max_duration: config.max_duration,
            started: zero,
            voice,
            waiting: Vec::new(),
        };
        let stop = Arc::new(AtomicBool::new(false));
        let thread_stop = stop.clone();
        let meeting_id = meeting.id;
        let thread = std::thread::Builder::new()
            .name(format!("meeting-{meeting_id}"))
            .spawn(move || {
                let worker_queue = queue.clone();
                let asr = std::thread::Builder::new()
                    .name("asr".into())
                    .spawn(move || worker.run(&worker_queue));
                let reason = router.run(&captured, &thread_stop);
                let recorded = zero.elapsed();
                let capture_stats = captures
                    .into_iter()
                    .zip(&sources)
                    .map(|(capture, source)| (source_label(source.kind), capture.stop()))
                    .collect();
                router.finish(&captured);
                queue.close();
                if let Ok(asr) = asr {
                    let _ = asr.join();
                }
                if let Some(assistant) = assistant {
                    assistant.stop();
                }
                let ended = timestamp_after(&started_at, recorded).unwrap_or_else(now_timestamp);
                let meeting = store.end_meeting(meeting_id, &ended)?;
                drop(lock);
                let _ = events.send(LiveEvent::Stopped { reason });
                Ok(Finished {
                    meeting,
                    reason,
                    audio_files: audio_files
                        .iter()
                        .map(|p| store.data_dir().join(p))
                        .collect(),
                    capture_stats,
                })
            })
            .map_err(|_| LiveError::Aborted)?;
        Ok(Self {
            meeting_id,
            stop,
            thread: Some(thread),
            latencies,
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
