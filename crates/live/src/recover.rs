//! Closing meetings that a crash left open.
//!
//! A live meeting holds an exclusive lock on `meetings/<id>/live.lock` while it runs.
//! At the next start, an active meeting whose lock is free was interrupted: its audio
//! files get their headers repaired (they are valid up to the last flush, and now
//! state everything that reached the disk) and the meeting is ended at the length of
//! its longest recording. Its committed segments are already in the store.

use std::fs::{File, OpenOptions};
use std::time::Duration;

use onno_audio::repair_wav;
use onno_store::{
    MeetingFilter, MeetingFolder, MeetingStatus, Page, Store, StoreError, timestamp_after,
};

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

/// What [`tidy_up`] did; each half may fail on its own.
#[derive(Debug)]
pub struct Tidied {
    /// Meetings a crash left open, now closed.
    pub recovered: Result<Vec<Recovered>, LiveError>,
    /// How many meetings' recordings were deleted by the audio retention setting.
    pub expired_audio: Result<usize, StoreError>,
}

/// What every front end does when it opens the data folder: close the meetings a crash
/// left open ([`recover_interrupted`]) and delete recordings past the retention setting.
pub fn tidy_up(store: &Store) -> Tidied {
    Tidied {
        recovered: recover_interrupted(store),
        expired_audio: store.apply_audio_retention(&onno_store::now_timestamp()),
    }
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
        let folder = store.layout().meeting(meeting.id);
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
            match repair_wav(&store.layout().absolute(relative)) {
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
pub(crate) fn open_lock(folder: &MeetingFolder) -> std::io::Result<File> {
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(folder.lock_file())
}
