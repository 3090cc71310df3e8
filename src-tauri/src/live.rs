//! The live meeting in the app: which devices there are, start (with a channel that
//! carries every `onno_live::LiveEvent` to the window as it is) and stop. The meeting
//! itself runs in `onno-live`; this module only loads the model and keeps the running
//! meeting in the state. Other windows (the overlay) watch the meeting through channels
//! of their own ([`LiveSlot::watch`]).

use std::sync::mpsc;
use std::sync::{Arc, Mutex};

use onno_asr::{EngineConfig, WhisperEngine};
use onno_audio::DeviceInfo;
use onno_live::AssistantConfig;
use onno_live::{LiveEvent, LiveMeeting, Problem, StartMeeting};
use onno_llm::LlmClient;
use onno_models::LoadError;
use onno_store::{Meeting, Store};
use tauri::ipc::Channel;

use crate::error::{AppError, AppErrorKind, asr_error, model_error};

/// The meeting being recorded, if any: one at a time.
#[derive(Default)]
pub struct LiveSlot {
    meeting: Mutex<Option<LiveMeeting>>,
    watchers: Arc<Watchers>,
}

/// Channels of windows other than the one that started the meeting (the overlay).
#[derive(Default)]
struct Watchers(Mutex<Vec<Channel<LiveEvent>>>);

impl Watchers {
    /// Sends `event` to every watcher still listening. Levels are for the meters of
    /// the main window only: a watcher is spared ten messages a second.
    fn send(&self, event: &LiveEvent) {
        if matches!(event, LiveEvent::Levels { .. }) {
            return;
        }
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .retain(|watcher| watcher.send(event.clone()).is_ok());
    }
}

impl LiveSlot {
    fn lock(&self) -> std::sync::MutexGuard<'_, Option<LiveMeeting>> {
        self.meeting.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Adds a window's channel to the meeting's watchers, for this meeting and the next;
    /// returns the meeting being recorded now, whose earlier lines the window reads.
    pub fn watch(&self, channel: Channel<LiveEvent>) -> Option<i64> {
        self.watchers
            .0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(channel);
        self.lock()
            .as_ref()
            .filter(|m| !m.is_finished())
            .map(LiveMeeting::meeting_id)
    }

    /// Starts a meeting; its updates go to `channel` until it stops. `llm` is the
    /// language model client when one is configured and on, or why it could not be
    /// made (shown as a notice; the meeting records anyway).
    pub fn start(
        &self,
        store: std::sync::Arc<Store>,
        request: StartMeeting,
        llm: Result<Option<std::sync::Arc<LlmClient>>, String>,
        channel: Channel<LiveEvent>,
    ) -> Result<i64, AppError> {
        let mut slot = self.lock();
        if slot.as_ref().is_some_and(|m| !m.is_finished()) {
            return Err(AppError::new(
                AppErrorKind::Busy,
                "a meeting is already being recorded",
            ));
        }
        if let Some(done) = slot.take() {
            let _ = done.stop();
        }
        let engine = load_engine(&store, &request.model)?;
        // The assistant runs whenever a model is configured: the meeting's own switch,
        // read before every call, decides whether it may ask, so it can be flipped
        // either way while the meeting runs. It runs on the app's async runtime, where
        // the shared client's connections live.
        let (client, llm_problem) = match llm {
            Ok(client) => (client, None),
            Err(problem) => (None, Some(problem)),
        };
        let assistant = client.map(|client| AssistantConfig {
            runtime: Some(tauri::async_runtime::handle().inner().clone()),
            ..AssistantConfig::new(client)
        });
        let mut config = request.live_config(assistant)?;
        config.vad_model = crate::models::voice_detector(&store);
        let (tx, events) = mpsc::channel();
        let meeting = LiveMeeting::start(store, Box::new(engine), config, tx)?;
        let id = meeting.meeting_id();
        if let Some(problem) = llm_problem.filter(|_| request.use_llm) {
            let _ = channel.send(LiveEvent::Problem {
                problem: Problem::Assistant(problem),
            });
        }
        let watchers = self.watchers.clone();
        std::thread::spawn(move || {
            for event in events {
                watchers.send(&event);
                // A closed window stops listening; the meeting goes on until stopped.
                let _ = channel.send(event);
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
        let meeting = self.lock().take().ok_or_else(|| {
            AppError::about(
                AppErrorKind::NotFound,
                "recording",
                "no meeting is being recorded",
            )
        })?;
        Ok(meeting.stop()?.meeting)
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

/// The whisper engine for `model` (a name or a file's path); blank means the default
/// model chosen on the Models page, and an error when none is.
pub(crate) fn load_engine(store: &Store, model: &str) -> Result<WhisperEngine, AppError> {
    let model = store.model_to_use(model, None)?.ok_or_else(|| {
        AppError::new(
            AppErrorKind::ModelMissing,
            "no default speech model is chosen",
        )
    })?;
    crate::models::manager(store.layout())?
        .load_engine(&model, &EngineConfig::default())
        .map_err(|e| match e {
            LoadError::Model(e) => model_error(&model, e),
            LoadError::Asr(e) => asr_error(Some(&model), e),
        })
}

/// The devices of the audio system.
pub fn devices() -> Result<Vec<DeviceInfo>, AppError> {
    Ok(onno_audio::list_devices()?)
}
