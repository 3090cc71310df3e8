//! Closing meetings that a crash left open.
//!
//! A live meeting holds an exclusive lock on `meetings/<id>/live.lock` while it runs.
//! At the next start, an active meeting whose lock is free was interrupted: its audio
//! files get their headers repaired (they are valid up to the last flush, and now
//! state everything that reached the disk) and the meeting is ended at the length of
//! its longest recording. Its committed segments are already in the store.

use std::fs::{File, OpenOptions};
use std::path::Path;
use std::time::Duration;

use onno_audio::repair_wav;
use onno_store::{MeetingFilter, MeetingStatus, Page, Store, timestamp_after};

use crate::LiveError;

/// A meeting closed by [`recover_interrupted`].
#[derive(Debug, Clone, PartialEq)]
pub struct Recovered {
    pub meeting_id: i64,
    /// Seconds of audio in its longest file.
    pub audio_seconds: f64,
    /// Files that could not be repaired, with why.
    pub damaged: Vec<(String, String)>,
}

/// Ends every active meeting no running process holds, repairing its audio files.
pub fn recover_interrupted(store: &Store) -> Result<Vec<Recovered>, LiveError> {
    let filter = MeetingFilter {
        status: Some(MeetingStatus::Active),
        ..MeetingFilter::default()
    };
    let active = store.list_meetings(&filter, Page::new(Page::MAX_LIMIT, 0))?;
    let mut recovered = Vec::new();
    for meeting in active.items {
        if meeting.ended_at.is_some() || meeting.audio_paths.is_empty() {
            continue;
        }
        let folder = store
            .data_dir()
            .join("meetings")
            .join(meeting.id.to_string());
        let Ok(lock) = open_lock(&folder) else {
            continue;
        };
        if lock.try_lock().is_err() {
            // Still being recorded by another process.
            continue;
        }
        let mut seconds: f64 = 0.0;
        let mut damaged = Vec::new();
        for relative in &meeting.audio_paths {
            match repair_wav(&store.data_dir().join(relative)) {
                Ok(r) => seconds = seconds.max(r.seconds),
                Err(e) => damaged.push((relative.clone(), e.to_string())),
            }
        }
        let ended = timestamp_after(&meeting.started_at, Duration::from_secs_f64(seconds))
            .unwrap_or_else(|| meeting.started_at.clone());
        store.end_meeting(meeting.id, &ended)?;
        recovered.push(Recovered {
            meeting_id: meeting.id,
            audio_seconds: seconds,
            damaged,
        });
    }
    Ok(recovered)
}

/// The lock file a running meeting holds.
pub(crate) fn open_lock(folder: &Path) -> std::io::Result<File> {
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(folder.join("live.lock"))
}
