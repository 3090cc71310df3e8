//! The final pass from the app: a recorded meeting's audio transcribed again as a whole
//! (with the same or a larger model) in place of its live transcript. The pass itself
//! is `onno_live::final_pass`; this module loads the model, refuses to compete with a
//! meeting being recorded, and reports progress per recording.

use std::time::{Duration, Instant};

use onno_live::{FinalPassSummary, final_pass, final_pass_options};
use onno_store::SegmentSource;
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager};

use crate::busy::{Job, MeetingJobs};
use crate::error::{AppError, AppErrorKind, asr_error};
use crate::live::{LiveSlot, load_engine};
use crate::state::AppState;

/// How far the pass has come through one recording.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct RetranscribeProgress {
    pub source: SegmentSource,
    pub decoded_ms: i64,
    /// The recording's length, when its header says so.
    pub total_ms: Option<i64>,
}

/// Progress more often than this would only redraw the same bar.
const PROGRESS_EVERY: Duration = Duration::from_millis(250);

/// Transcribes the meeting's recordings again with `model` ("base", or a file path) and
/// puts the result in place of its live transcript, in one step: until it is done,
/// the live transcript stands.
#[tauri::command]
#[specta::specta]
pub async fn retranscribe_meeting(
    app: AppHandle,
    meeting_id: i64,
    model: String,
    language: String,
    on_progress: Channel<RetranscribeProgress>,
) -> Result<FinalPassSummary, AppError> {
    let store = app.state::<AppState>().store()?;
    tauri::async_runtime::spawn_blocking(move || {
        // Both want every core; the meeting being recorded must not fall behind.
        if app.state::<LiveSlot>().is_recording() {
            return Err(AppError::new(
                AppErrorKind::Busy,
                "a meeting is being recorded; transcribe again after it ends",
            ));
        }
        let jobs = app.state::<MeetingJobs>();
        let _running = jobs.begin(Job::FinalPass, meeting_id)?;
        let meeting = store.meeting(meeting_id)?;
        if meeting.audio_paths.is_empty() {
            return Err(AppError::about(
                AppErrorKind::NotFound,
                "recording",
                "this meeting has no recordings to transcribe again",
            ));
        }
        let options = final_pass_options(&language, crate::models::voice_detector(&store))
            .map_err(|e| asr_error(None, e))?;
        let mut engine = load_engine(&store, &model)?;
        let mut last: Option<(SegmentSource, Instant)> = None;
        let pass = final_pass(
            &store,
            meeting_id,
            &mut engine,
            &options,
            &mut |source, p| {
                let due = last.is_none_or(|(s, at)| s != source || at.elapsed() >= PROGRESS_EVERY);
                if due {
                    last = Some((source, Instant::now()));
                    let _ = on_progress.send(RetranscribeProgress {
                        source,
                        decoded_ms: millis(p.decoded),
                        total_ms: p.total.map(millis),
                    });
                }
            },
        )
        .map_err(AppError::from)?;
        Ok(pass.summary(meeting_id))
    })
    .await
    .map_err(|e| AppError::new(AppErrorKind::Internal, e.to_string()))?
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}
