//! Audio retention: recordings can be kept, or deleted some days after their meeting,
//! while the transcript, notes and everything else stay.

use rusqlite::params;
use serde::{Deserialize, Serialize};

use crate::clock::now_timestamp;
use crate::validate::from_json;
use crate::{Result, Store, StoreError};

/// The setting that holds the [`AudioRetention`].
pub const AUDIO_RETENTION_SETTING: &str = "audio_retention";

/// How long a meeting's recordings are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum AudioRetention {
    #[default]
    Keep,
    Days30,
    Days60,
    Days90,
}

impl AudioRetention {
    pub const ALL: &'static [AudioRetention] = &[
        AudioRetention::Keep,
        AudioRetention::Days30,
        AudioRetention::Days60,
        AudioRetention::Days90,
    ];

    /// Days after the meeting's start, or `None` to keep.
    pub fn days(self) -> Option<u32> {
        match self {
            AudioRetention::Keep => None,
            AudioRetention::Days30 => Some(30),
            AudioRetention::Days60 => Some(60),
            AudioRetention::Days90 => Some(90),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            AudioRetention::Keep => "keep",
            AudioRetention::Days30 => "30",
            AudioRetention::Days60 => "60",
            AudioRetention::Days90 => "90",
        }
    }
}

impl std::str::FromStr for AudioRetention {
    type Err = StoreError;

    fn from_str(s: &str) -> Result<Self> {
        AudioRetention::ALL
            .iter()
            .copied()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| {
                StoreError::invalid("audio retention", "keep, 30, 60 or 90 (days)".to_owned())
            })
    }
}

impl Store {
    /// The audio retention setting (keep, unless set).
    pub fn audio_retention(&self) -> Result<AudioRetention> {
        Ok(self.setting(AUDIO_RETENTION_SETTING)?.unwrap_or_default())
    }

    pub fn set_audio_retention(&self, retention: AudioRetention) -> Result<()> {
        self.set_setting(AUDIO_RETENTION_SETTING, &retention)
    }

    /// Deletes the recordings of finished meetings that started more than the retention
    /// setting's days before `now` (RFC 3339), keeping their transcripts. Returns how
    /// many meetings lost their audio. Meetings still recording are never touched.
    pub fn apply_audio_retention(&self, now: &str) -> Result<usize> {
        let Some(days) = self.audio_retention()?.days() else {
            return Ok(0);
        };
        let expired: Vec<(i64, Vec<String>)> = self.write(|tx| {
            let mut stmt = tx.prepare(
                "SELECT id, audio_paths FROM meetings
                 WHERE status <> 'active' AND audio_paths <> '[]'
                   AND unixepoch(started_at) < unixepoch(?1) - ?2 * 86400",
            )?;
            let rows = stmt
                .query_map(params![now, days], |r| {
                    Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let rows: Vec<(i64, Vec<String>)> = rows
                .into_iter()
                .map(|(id, p)| (id, from_json(&p)))
                .collect();
            for (id, paths) in &rows {
                tx.execute(
                    "UPDATE meetings SET audio_paths = '[]', updated_at = ?2 WHERE id = ?1",
                    params![id, now_timestamp()],
                )?;
                // Removed on purpose: sync does not fetch it back from another device.
                tx.execute(
                    "UPDATE meeting_recordings SET removed_here = 1 WHERE meeting_id = ?1",
                    [id],
                )?;
                crate::audit::record(
                    tx,
                    "delete",
                    &format!("meeting/{id}/audio"),
                    &serde_json::json!({ "audio_files": paths.len(), "reason": "retention" }),
                )?;
            }
            Ok(rows)
        })?;
        for (_, paths) in &expired {
            for path in paths {
                self.remove_data_file(path);
            }
        }
        Ok(expired.len())
    }
}
