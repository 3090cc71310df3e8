//! Starting a meeting, one named step after another:
//!
//! 1. [`open_captures`]: both sources at once, so a wrong device is an error before
//!    anything exists;
//! 2. [`HalfStarted::create`]: the meeting row, with its language model switch;
//! 3. [`HalfStarted::lock_folder`]: `meetings/<id>/` and its `live.lock`;
//! 4. [`open_lanes`]: a recording per source, and its voice detection;
//! 5. [`HalfStarted::record_audio_paths`]: where the recordings are, in the row;
//! 6. [`spawn`]: the assistant, then the meeting's thread (router and ASR worker).
//!
//! From step 2 on, a [`HalfStarted`] guard undoes everything made so far (the row, the
//! folder with its files and lock) unless the last step succeeds, so a failed start
//! leaves no meeting behind.

use std::fs::File;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::JoinHandle;
use std::time::Instant;

use onno_asr::{SileroVad, SpeechGate, Transcriber};

use crate::vocabulary::meeting_vocabulary;
use onno_audio::{
    Capture, CaptureConfig, CaptureError, CaptureEvent, EnergyVad, VoiceDetector, WavRecorder,
};
use onno_signals::{ChecklistProgress, MeetingSignals, SignalsConfig};
use onno_store::{
    MeetingFolder, NewMeeting, SegmentSource, Store, StoreError, now_timestamp, timestamp_after,
};

use crate::assistant::{Assistant, HeardVoice};
use crate::recover::open_lock;
use crate::router::{Lane, Router};
use crate::worker::{LaneClock, Queue, Worker};
use crate::{Finished, Latencies, LiveConfig, LiveError, LiveEvent, LocalAgreement, source_label};

/// The sources of a meeting, opened and capturing into one channel.
pub(crate) struct Opened {
    pub captures: Vec<(CaptureConfig, Capture)>,
    pub captured: Receiver<CaptureEvent>,
    /// Meeting time 0: when the first source opened.
    pub zero: Instant,
}

/// Step 1: opens every source of `config` at once (opening one can take seconds).
pub(crate) fn open_captures(config: &LiveConfig) -> Result<Opened, LiveError> {
    let sources: Vec<CaptureConfig> = config.mic.iter().chain(&config.system).cloned().collect();
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
                h.join()
                    .unwrap_or_else(|_| Err(CaptureError::Host("the capture thread failed".into())))
            })
            .collect()
    });
    let captures = opened.into_iter().collect::<Result<Vec<_>, _>>()?;
    let zero = captures
        .iter()
        .map(Capture::started_at)
        .min()
        .unwrap_or_else(Instant::now);
    Ok(Opened {
        captures: sources.into_iter().zip(captures).collect(),
        captured,
        zero,
    })
}

/// A meeting whose row exists but whose threads do not run yet. Dropped before
/// [`started`](Self::started), it deletes the row, and with it the meeting's folder
/// and everything in it.
pub(crate) struct HalfStarted<'a> {
    store: &'a Store,
    pub id: i64,
    pub started_at: String,
    lock: Option<File>,
    armed: bool,
}

impl<'a> HalfStarted<'a> {
    /// Step 2: the meeting row, with the meeting's own language model switch.
    pub fn create(store: &'a Store, config: &LiveConfig) -> Result<Self, LiveError> {
        let started_at = now_timestamp();
        let mut new = NewMeeting::new(&config.title, config.kind, &started_at);
        new.relationship_id = config.relationship_id;
        new.participants = config.participants.clone();
        new.language = match &config.asr.language {
            onno_asr::Language::Auto => None,
            onno_asr::Language::Code(code) => Some(code.clone()),
        };
        new.llm_enabled = config.llm_allowed;
        let meeting = store.create_meeting(&new)?;
        Ok(Self {
            store,
            id: meeting.id,
            started_at,
            lock: None,
            armed: true,
        })
    }

    /// The meeting's folder, `meetings/<id>/`.
    pub fn folder(&self) -> MeetingFolder {
        self.store.layout().meeting(self.id)
    }

    /// Step 3: creates the meeting's folder and takes its lock, which tells
    /// [`recover_interrupted`](crate::recover_interrupted) that the meeting is running.
    pub fn lock_folder(&mut self) -> Result<(), LiveError> {
        let folder = self.folder();
        let lock = std::fs::create_dir_all(folder.path())
            .and_then(|()| open_lock(&folder))
            .and_then(|lock| {
                lock.try_lock()
                    .map(|()| lock)
                    .map_err(std::io::Error::other)
            })
            .map_err(LiveError::Folder)?;
        self.lock = Some(lock);
        Ok(())
    }

    /// Step 5: stores where the recordings are.
    pub fn record_audio_paths(&self, files: &[String]) -> Result<(), StoreError> {
        self.store.set_meeting_audio_paths(self.id, files)
    }

    /// The folder's lock, for the thread that holds it while the meeting runs. The
    /// guard stays armed: a thread that does not start drops the lock with it.
    pub fn take_lock(&mut self) -> Option<File> {
        self.lock.take()
    }

    /// The meeting runs: nothing is undone any more.
    pub fn started(mut self) {
        self.armed = false;
    }
}

impl Drop for HalfStarted<'_> {
    fn drop(&mut self) {
        if self.armed {
            // The lock goes first: a locked file cannot be removed everywhere.
            drop(self.lock.take());
            if let Err(error) = self.store.delete_meeting(self.id) {
                tracing::error!(meeting = self.id, %error, "cannot undo a meeting that failed to start");
            }
        }
    }
}

/// Step 4: a lane per source, each recording into `meetings/<id>/<source>.wav` when
/// the audio is kept. Returns the lanes and the recordings' relative paths.
pub(crate) fn open_lanes(
    store: &Store,
    meeting: &HalfStarted<'_>,
    opened: &Opened,
    config: &LiveConfig,
) -> Result<(Vec<Lane>, Vec<String>), LiveError> {
    let folder = meeting.folder();
    let mut lanes = Vec::new();
    let mut audio_files = Vec::new();
    for (source, capture) in &opened.captures {
        let clock = LaneClock {
            source: source_label(source.kind),
            started: capture.started_at(),
            offset_ms: capture.started_at().duration_since(opened.zero).as_millis() as i64,
        };
        let recording = folder.recording(clock.source);
        let recorder = if let (true, Some(relative)) = (config.record_audio, recording) {
            // Every recording starts at meeting time 0: a source that opened later
            // begins with silence, so file time is meeting time for the final pass
            // and for playback.
            let lead = vec![0.0; (clock.offset_ms * 16) as usize];
            let recorder = WavRecorder::create(&store.layout().absolute(&relative))
                .and_then(|mut r| r.write(&lead).map(|()| r))
                .map_err(LiveError::Folder)?;
            audio_files.push(relative);
            Some(recorder)
        } else {
            None
        };
        let detector: Box<dyn VoiceDetector> = match &config.vad_model {
            Some(model) => Box::new(SileroVad::live(model, &config.vad)?),
            None => Box::new(EnergyVad::new(&config.vad)),
        };
        lanes.push(Lane::new(
            source.kind,
            clock,
            detector,
            &config.vad,
            recorder,
        ));
    }
    Ok((lanes, audio_files))
}

/// What step 6 needs besides the guard.
pub(crate) struct Parts {
    pub store: Arc<Store>,
    pub transcriber: Box<dyn Transcriber>,
    pub gate: Option<SpeechGate>,
    pub config: LiveConfig,
    pub events: Sender<LiveEvent>,
    pub opened: Opened,
    pub lanes: Vec<Lane>,
    pub audio_files: Vec<String>,
}

/// The meeting's thread and what the caller keeps of it.
pub(crate) struct Spawned {
    pub thread: JoinHandle<Result<Finished, LiveError>>,
    pub stop: Arc<AtomicBool>,
    pub latencies: Arc<Latencies>,
}

/// Step 6: starts the assistant (when configured) and the meeting's thread.
pub(crate) fn spawn(meeting: &mut HalfStarted<'_>, parts: Parts) -> Result<Spawned, LiveError> {
    let (store, config, events) = (parts.store, parts.config, parts.events);
    let (opened, lanes, transcriber) = (parts.opened, parts.lanes, parts.transcriber);
    let meeting_id = meeting.id;
    let latencies = Arc::new(Latencies::default());
    let queue = Arc::new(Queue::new(transcriber.cancel_handle()));
    let signals = MeetingSignals::load(&store, meeting_id, SignalsConfig::default()).ok();
    let checklist = signals.as_ref().map(MeetingSignals::checklist);
    let voice = Arc::new(HeardVoice::new());
    // Without its own thread the assistant is left out; the meeting still runs.
    let assistant = config.assistant.clone().and_then(|assistant| {
        let (store, events) = (store.clone(), events.clone());
        Assistant::start(
            assistant,
            store,
            meeting_id,
            opened.zero,
            voice.clone(),
            events,
        )
        .ok()
    });
    // The names and terms of this meeting help whisper spell them; without them (a store
    // that cannot be read here) the meeting still runs.
    let mut options = config.asr.clone();
    options
        .vocabulary
        .extend(meeting_vocabulary(&store, meeting_id).unwrap_or_default());
    // "Auto" chooses among the languages the user speaks (Korean and English when the
    // setting cannot be read).
    if crate::languages::with_spoken_languages(&store, &mut options).is_err() {
        options.spoken_languages = onno_store::DEFAULT_SPOKEN_LANGUAGES
            .map(str::to_owned)
            .to_vec();
    }
    let settling = (options.language == onno_asr::Language::Auto).then(Default::default);
    let worker = Worker {
        transcriber,
        options,
        gate: parts.gate,
        gate_heard: vec![None; lanes.len()],
        store: store.clone(),
        meeting_id,
        clocks: lanes.iter().map(|l| l.clock).collect(),
        signals,
        assistant: assistant.as_ref().map(Assistant::feeder),
        events: events.clone(),
        latencies: latencies.clone(),
        committed: vec![0; lanes.len()],
        agreement: lanes.iter().map(|_| LocalAgreement::default()).collect(),
        utterance_language: vec![None; lanes.len()],
        lane_language: vec![None; lanes.len()],
        lane_tail: vec![None; lanes.len()],
        settling,
        heard: None,
        unsaved: Vec::new(),
    };
    let router = Router {
        lanes,
        queue: queue.clone(),
        events: events.clone(),
        echo: config.echo.clone(),
        pad: u64::from(config.vad.pad_ms) * 16,
        growing_every: config.growing_every,
        silence_stop: config.silence_stop,
        max_duration: config.max_duration,
        started: opened.zero,
        voice,
        waiting: Vec::new(),
        levels_sent: None,
    };
    let stop = Arc::new(AtomicBool::new(false));
    let running = Running {
        store,
        meeting_id,
        started_at: meeting.started_at.clone(),
        opened,
        router,
        worker,
        queue,
        assistant,
        checklist: checklist.filter(|c| !c.is_empty()),
        lock: meeting.take_lock(),
        audio_files: parts.audio_files,
        events,
        stop: stop.clone(),
    };
    let thread = std::thread::Builder::new()
        .name(format!("meeting-{meeting_id}"))
        .spawn(move || running.run())
        .map_err(|_| LiveError::Aborted)?;
    Ok(Spawned {
        thread,
        stop,
        latencies,
    })
}

/// Everything the meeting's thread owns while it runs.
struct Running {
    store: Arc<Store>,
    meeting_id: i64,
    started_at: String,
    opened: Opened,
    router: Router,
    worker: Worker,
    queue: Arc<Queue>,
    assistant: Option<Assistant>,
    /// The meeting type's checklist, shown once at the start when there is one.
    checklist: Option<Vec<ChecklistProgress>>,
    /// Held until the meeting row is finished.
    lock: Option<File>,
    audio_files: Vec<String>,
    events: Sender<LiveEvent>,
    stop: Arc<AtomicBool>,
}

impl Running {
    /// Records and transcribes until stopped, then finishes the files and the row.
    fn run(self) -> Result<Finished, LiveError> {
        let Running {
            store,
            meeting_id,
            started_at,
            opened,
            mut router,
            worker,
            queue,
            assistant,
            checklist,
            lock,
            audio_files,
            events,
            stop,
        } = self;
        let _ = events.send(LiveEvent::Started { meeting_id });
        if let Some(checklist) = checklist {
            let heard = Vec::new();
            let _ = events.send(LiveEvent::Signals { heard, checklist });
        }
        let worker_queue = queue.clone();
        let asr = std::thread::Builder::new()
            .name("asr".into())
            .spawn(move || worker.run(&worker_queue));
        let reason = router.run(&opened.captured, &stop);
        let recorded = opened.zero.elapsed();
        let capture_stats: Vec<(SegmentSource, _)> = opened
            .captures
            .into_iter()
            .map(|(source, capture)| (source_label(source.kind), capture.stop()))
            .collect();
        router.finish(&opened.captured);
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
                .map(|p| store.layout().absolute(p))
                .collect(),
            capture_stats,
        })
    }
}
