//! The live meeting in the app: which devices there are, start (with a channel that
//! carries every update to the window) and stop. The meeting itself runs in
//! `onno-live`; this module only loads the model, keeps the running meeting in the
//! state, and turns its events into the shapes the UI reads.

use std::path::Path;
use std::sync::Mutex;
use std::sync::mpsc;

use onno_asr::{EngineConfig, Language, ModelConfig, WhisperEngine, WhisperModel};
use onno_audio::{CaptureConfig, DeviceInfo, SourceKind};
use onno_copilot::ChecklistProgress;
use onno_copilot::llm::LlmClient;
use onno_live::AssistantConfig;
use onno_live::{LiveConfig, LiveEvent, LiveMeeting, StopReason};
use onno_models::{Manifest, ModelManager};
use onno_store::{ActionItem, AiQuestion, Meeting, MeetingType, Segment, SegmentSource, Store};
use serde::{Deserialize, Serialize};
use tauri::ipc::Channel;

use crate::error::{AppError, AppErrorKind};
use crate::heard::{Heard, heard};

/// What the meeting form sends.
#[derive(Debug, Clone, Deserialize, specta::Type)]
pub struct StartMeeting {
    pub title: String,
    #[serde(rename = "type")]
    pub kind: MeetingType,
    pub relationship_id: Option<i64>,
    /// Record the microphone ("me"); `mic` names it, `None` follows the system default.
    pub record_mic: bool,
    pub mic: Option<String>,
    /// Record the system audio ("them"); `system` names the output, `None` follows the
    /// default.
    pub record_system: bool,
    pub system: Option<String>,
    /// A model name from the manifest (installed in the data folder) or a file path.
    pub model: String,
    /// "auto", or a language code such as "ko" or "en".
    pub language: String,
    /// Let the language model suggest questions and list action items (when one is
    /// configured); off keeps this meeting away from it, after the meeting too.
    pub use_llm: bool,
}

/// One update from the running meeting.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LiveUpdate {
    Started {
        meeting_id: i64,
    },
    DeviceOpened {
        source: SegmentSource,
        device: String,
    },
    DeviceLost {
        source: SegmentSource,
        reason: String,
    },
    Gap {
        source: SegmentSource,
        start_ms: i64,
        end_ms: i64,
    },
    Silent {
        source: SegmentSource,
        seconds: u32,
    },
    Tentative {
        source: SegmentSource,
        text: String,
    },
    /// A committed segment.
    Segment {
        segment: Segment,
    },
    /// What the offline copilot heard in a segment, and the checklist as it stands.
    Signals {
        checklist: Vec<ChecklistProgress>,
        heard: Vec<Heard>,
    },
    /// Questions to ask now, stored.
    Questions {
        questions: Vec<AiQuestion>,
    },
    /// Action items heard agreed, stored as pending.
    ActionItems {
        items: Vec<ActionItem>,
    },
    EchoSuppressed {
        start_ms: i64,
        end_ms: i64,
    },
    Problem {
        message: String,
    },
    Stopped {
        reason: String,
    },
}

impl LiveUpdate {
    fn from_event(event: LiveEvent, store: &Store) -> LiveUpdate {
        match event {
            LiveEvent::Started { meeting_id } => LiveUpdate::Started { meeting_id },
            LiveEvent::DeviceOpened { source, device, .. } => {
                LiveUpdate::DeviceOpened { source, device }
            }
            LiveEvent::DeviceLost { source, reason } => LiveUpdate::DeviceLost { source, reason },
            LiveEvent::Gap {
                source,
                start_ms,
                end_ms,
            } => LiveUpdate::Gap {
                source,
                start_ms,
                end_ms,
            },
            LiveEvent::Silent { source, seconds } => LiveUpdate::Silent { source, seconds },
            LiveEvent::Tentative { source, text, .. } => LiveUpdate::Tentative { source, text },
            LiveEvent::Segment(segment) => LiveUpdate::Segment { segment },
            LiveEvent::Questions(questions) => LiveUpdate::Questions { questions },
            LiveEvent::ActionItems(items) => LiveUpdate::ActionItems { items },
            LiveEvent::EchoSuppressed { start_ms, end_ms } => {
                LiveUpdate::EchoSuppressed { start_ms, end_ms }
            }
            LiveEvent::Problem(problem) => LiveUpdate::Problem {
                message: problem.to_string(),
            },
            LiveEvent::Stopped { reason } => LiveUpdate::Stopped {
                reason: match reason {
                    StopReason::Requested => "requested",
                    StopReason::Silence => "silence",
                    StopReason::MaxDuration => "duration",
                }
                .to_owned(),
            },
            LiveEvent::Signals { found, checklist } => LiveUpdate::Signals {
                heard: heard(store, &found),
                checklist,
            },
        }
    }
}

/// The meeting being recorded, if any: one at a time.
#[derive(Default)]
pub struct LiveSlot(Mutex<Option<LiveMeeting>>);

impl LiveSlot {
    fn lock(&self) -> std::sync::MutexGuard<'_, Option<LiveMeeting>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Starts a meeting; its updates go to `channel` until it stops. `llm` is the
    /// language model client when one is configured and on, or why it could not be
    /// made (shown as a notice; the meeting records anyway).
    pub fn start(
        &self,
        store: std::sync::Arc<Store>,
        request: StartMeeting,
        llm: Result<Option<std::sync::Arc<LlmClient>>, String>,
        channel: Channel<LiveUpdate>,
    ) -> Result<i64, AppError> {
        let mut slot = self.lock();
        if slot.as_ref().is_some_and(|m| !m.is_finished()) {
            return Err(AppError::new(
                AppErrorKind::Invalid,
                "a meeting is already being recorded",
            ));
        }
        if let Some(done) = slot.take() {
            let _ = done.stop();
        }
        let engine = load_engine(store.data_dir(), &request.model)?;
        let mut config = LiveConfig::new(&request.title, request.kind);
        config.relationship_id = request.relationship_id;
        config.asr.language = request
            .language
            .parse::<Language>()
            .map_err(|e| AppError::new(AppErrorKind::Invalid, e.to_string()))?;
        config.mic = request.record_mic.then(|| CaptureConfig {
            device: request.mic.clone(),
            ..CaptureConfig::new(SourceKind::Mic)
        });
        config.system = request.record_system.then(|| CaptureConfig {
            device: request.system.clone(),
            ..CaptureConfig::new(SourceKind::System)
        });
        // The assistant runs whenever a model is configured: the meeting's own switch,
        // read before every call, decides whether it may ask, so it can be flipped
        // either way while the meeting runs. It runs on the app's async runtime, where
        // the shared client's connections live.
        let (client, llm_problem) = match llm {
            Ok(client) => (client, None),
            Err(problem) => (None, Some(problem)),
        };
        config.assistant = client.map(|client| AssistantConfig {
            runtime: Some(tauri::async_runtime::handle().inner().clone()),
            ..AssistantConfig::new(client)
        });
        config.llm_allowed = request.use_llm;
        let (tx, events) = mpsc::channel();
        let meeting = LiveMeeting::start(store.clone(), Box::new(engine), config, tx)
            .map_err(|e| AppError::new(AppErrorKind::Invalid, e.to_string()))?;
        let id = meeting.meeting_id();
        if let Some(problem) = llm_problem.filter(|_| request.use_llm) {
            let _ = channel.send(LiveUpdate::Problem {
                message: format!("suggestions unavailable: {problem}"),
            });
        }
        std::thread::spawn(move || {
            for event in events {
                // A closed window stops listening; the meeting goes on until stopped.
                let _ = channel.send(LiveUpdate::from_event(event, &store));
            }
        });
        *slot = Some(meeting);
        Ok(id)
    }

    /// Whether a meeting is being recorded now (not one that ended by itself).
    pub fn is_recording(&self) -> bool {
        self.lock().as_ref().is_some_and(|m| !m.is_finished())
    }

    /// Stops the meeting being recorded and returns it, finished.
    pub fn stop(&self) -> Result<Meeting, AppError> {
        let meeting = self
            .lock()
            .take()
            .ok_or_else(|| AppError::new(AppErrorKind::Invalid, "no meeting is being recorded"))?;
        meeting
            .stop()
            .map(|finished| finished.meeting)
            .map_err(|e| AppError::new(AppErrorKind::Internal, e.to_string()))
    }

    /// Finishes a meeting still being recorded when the app quits, as Stop would. The
    /// slot stays locked until the meeting is finished, so a second caller returns
    /// only once it is.
    pub fn stop_on_exit(&self) {
        let mut slot = self.lock();
        let Some(meeting) = slot.take() else {
            return;
        };
        let id = meeting.meeting_id();
        match meeting.stop() {
            Ok(_) => tracing::info!(meeting = id, "finished the meeting being recorded at exit"),
            Err(error) => {
                tracing::error!(meeting = id, %error, "cannot finish the meeting at exit")
            }
        }
    }
}

pub(crate) fn load_engine(data_dir: &Path, model: &str) -> Result<WhisperEngine, AppError> {
    let manager = ModelManager::new(data_dir.join("models"), Manifest::builtin());
    let path = manager
        .resolve(model)
        .map_err(|e| AppError::new(AppErrorKind::NotFound, e.to_string()))?;
    let model = WhisperModel::load(&path, &ModelConfig::default())
        .map_err(|e| AppError::new(AppErrorKind::Invalid, e.to_string()))?;
    WhisperEngine::new(model, &EngineConfig::default())
        .map_err(|e| AppError::new(AppErrorKind::Internal, e.to_string()))
}

/// The devices of the audio system.
pub fn devices() -> Result<Vec<DeviceInfo>, AppError> {
    onno_audio::list_devices().map_err(|e| AppError::new(AppErrorKind::Io, e.to_string()))
}
