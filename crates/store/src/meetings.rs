use rusqlite::{OptionalExtension, Row, Transaction, params};
use serde::{Deserialize, Serialize};

use crate::clock::{normalize_timestamp, now_timestamp};
use crate::validate::{data_relative_path, from_json, optional_text, required_text, to_json};
use crate::{MeetingStatus, MeetingType, Page, Paged, ParticipantRole, Result, Store, StoreError};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewParticipant {
    pub name: String,
    pub email: Option<String>,
    pub role: ParticipantRole,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Participant {
    pub id: i64,
    pub meeting_id: i64,
    pub name: String,
    pub email: Option<String>,
    pub role: ParticipantRole,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewMeeting {
    pub relationship_id: Option<i64>,
    pub title: String,
    #[serde(rename = "type")]
    pub kind: MeetingType,
    /// RFC 3339.
    pub started_at: String,
    /// A whisper language code ("ko", "en") or `None` for automatic detection.
    pub language: Option<String>,
    /// The checklist to track; `None` picks the built-in one for the meeting type.
    pub checklist_id: Option<i64>,
    pub participants: Vec<NewParticipant>,
    /// The meeting's own language model switch: off keeps the meeting from the model,
    /// whatever the global setting says.
    pub llm_enabled: bool,
}

impl NewMeeting {
    pub fn new(title: &str, kind: MeetingType, started_at: &str) -> Self {
        NewMeeting {
            relationship_id: None,
            title: title.to_owned(),
            kind,
            started_at: started_at.to_owned(),
            language: None,
            checklist_id: None,
            participants: Vec::new(),
            llm_enabled: true,
        }
    }
}

/// The editable fields of a meeting; an update replaces them all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MeetingPatch {
    pub relationship_id: Option<i64>,
    pub title: String,
    #[serde(rename = "type")]
    pub kind: MeetingType,
    pub status: MeetingStatus,
    pub ended_at: Option<String>,
    pub language: Option<String>,
    pub checklist_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Meeting {
    pub id: i64,
    pub relationship_id: Option<i64>,
    pub relationship_name: Option<String>,
    pub title: String,
    #[serde(rename = "type")]
    pub kind: MeetingType,
    pub status: MeetingStatus,
    pub started_at: String,
    pub ended_at: Option<String>,
    pub duration_ms: Option<i64>,
    pub language: Option<String>,
    /// Relative to the data folder.
    pub audio_paths: Vec<String>,
    pub checklist_id: Option<i64>,
    pub segment_count: u32,
    pub created_at: String,
    pub updated_at: String,
    /// The meeting's own language model switch (see [`NewMeeting::llm_enabled`]).
    pub llm_enabled: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MeetingFilter {
    pub relationship_id: Option<i64>,
    #[serde(rename = "type")]
    pub kind: Option<MeetingType>,
    pub status: Option<MeetingStatus>,
    /// Meetings that started at or after this RFC 3339 time.
    pub started_after: Option<String>,
    /// Meetings that started before this RFC 3339 time.
    pub started_before: Option<String>,
}

const SELECT: &str = "SELECT m.id, m.relationship_id, r.name, m.title, m.type, m.status,
        m.started_at, m.ended_at, (unixepoch(m.ended_at) - unixepoch(m.started_at)) * 1000,
        m.language, m.audio_paths, m.checklist_id,
        (SELECT count(*) FROM transcript_segments s WHERE s.meeting_id = m.id),
        m.created_at, m.updated_at, m.llm_enabled
    FROM meetings m LEFT JOIN relationships r ON r.id = m.relationship_id";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Meeting> {
    Ok(Meeting {
        id: row.get(0)?,
        relationship_id: row.get(1)?,
        relationship_name: row.get(2)?,
        title: row.get(3)?,
        kind: row.get(4)?,
        status: row.get(5)?,
        started_at: row.get(6)?,
        ended_at: row.get(7)?,
        duration_ms: row.get(8)?,
        language: row.get(9)?,
        audio_paths: from_json(&row.get::<_, String>(10)?),
        checklist_id: row.get(11)?,
        segment_count: row.get(12)?,
        created_at: row.get(13)?,
        updated_at: row.get(14)?,
        llm_enabled: row.get(15)?,
    })
}

fn language(code: Option<&str>) -> Result<Option<String>> {
    let code = optional_text("language", code, 8)?;
    match code {
        Some(c) if !c.chars().all(|ch| ch.is_ascii_lowercase() || ch == '-') => Err(
            StoreError::invalid("language", format!("{c:?} is not a language code like ko")),
        ),
        other => Ok(other),
    }
}

pub(crate) fn ensure_exists(
    tx: &Transaction<'_>,
    table: &'static str,
    id: Option<i64>,
) -> Result<()> {
    let Some(id) = id else { return Ok(()) };
    let found: Option<i64> = tx
        .query_row(
            &format!("SELECT id FROM {table} WHERE id = ?1"),
            [id],
            |r| r.get(0),
        )
        .optional()?;
    let entity = table.trim_end_matches('s');
    found.map(|_| ()).ok_or(StoreError::NotFound { entity, id })
}

/// A [`NewMeeting`]'s text, checked before a transaction starts.
pub(crate) struct ValidMeeting {
    title: String,
    started_at: String,
    language: Option<String>,
    participants: Vec<(String, Option<String>, ParticipantRole)>,
}

impl ValidMeeting {
    pub(crate) fn check(input: &NewMeeting) -> Result<ValidMeeting> {
        Ok(ValidMeeting {
            title: required_text("title", &input.title, 300)?,
            started_at: normalize_timestamp("started_at", &input.started_at)?,
            language: language(input.language.as_deref())?,
            participants: valid_participants(&input.participants)?,
        })
    }
}

pub(crate) fn valid_participants(
    participants: &[NewParticipant],
) -> Result<Vec<(String, Option<String>, ParticipantRole)>> {
    participants
        .iter()
        .map(|p| {
            Ok((
                required_text("participant name", &p.name, 200)?,
                optional_text("participant email", p.email.as_deref(), 254)?,
                p.role,
            ))
        })
        .collect()
}

pub(crate) fn insert_participants(
    tx: &Transaction<'_>,
    meeting_id: i64,
    participants: &[(String, Option<String>, ParticipantRole)],
) -> Result<()> {
    for (name, email, role) in participants {
        tx.execute(
            "INSERT INTO meeting_participants (meeting_id, name, email, role)
             VALUES (?1, ?2, ?3, ?4)",
            params![meeting_id, name, email, role],
        )?;
    }
    Ok(())
}

/// The built-in checklist of meeting type `kind` (the first one the user made when
/// there is none).
pub(crate) fn default_checklist(tx: &Transaction<'_>, kind: MeetingType) -> Result<Option<i64>> {
    Ok(tx
        .query_row(
            "SELECT id FROM checklists WHERE meeting_type = ?1 AND relationship_id IS NULL
             ORDER BY builtin DESC, id LIMIT 1",
            [kind],
            |r| r.get(0),
        )
        .optional()?)
}

/// Inserts the meeting with its participants; returns its id.
pub(crate) fn insert_meeting(
    tx: &Transaction<'_>,
    input: &NewMeeting,
    valid: &ValidMeeting,
) -> Result<i64> {
    ensure_exists(tx, "relationships", input.relationship_id)?;
    ensure_exists(tx, "checklists", input.checklist_id)?;
    let checklist_id = match input.checklist_id {
        Some(id) => Some(id),
        None => default_checklist(tx, input.kind)?,
    };
    let now = now_timestamp();
    tx.execute(
        "INSERT INTO meetings (relationship_id, title, type, status, started_at,
            language, checklist_id, created_at, updated_at, llm_enabled)
         VALUES (?1, ?2, ?3, 'active', ?4, ?5, ?6, ?7, ?7, ?8)",
        params![
            input.relationship_id,
            valid.title,
            input.kind,
            valid.started_at,
            valid.language,
            checklist_id,
            now,
            input.llm_enabled
        ],
    )?;
    let id = tx.last_insert_rowid();
    insert_participants(tx, id, &valid.participants)?;
    Ok(id)
}

impl Store {
    pub fn create_meeting(&self, input: &NewMeeting) -> Result<Meeting> {
        let valid = ValidMeeting::check(input)?;
        let id = self.write(|tx| insert_meeting(tx, input, &valid))?;
        self.meeting(id)
    }

    pub fn update_meeting(&self, id: i64, patch: &MeetingPatch) -> Result<Meeting> {
        let title = required_text("title", &patch.title, 300)?;
        let ended_at = patch
            .ended_at
            .as_deref()
            .map(|t| normalize_timestamp("ended_at", t))
            .transpose()?;
        let language = language(patch.language.as_deref())?;
        self.write(|tx| {
            ensure_exists(tx, "relationships", patch.relationship_id)?;
            ensure_exists(tx, "checklists", patch.checklist_id)?;
            let started_at: Option<String> = tx
                .query_row("SELECT started_at FROM meetings WHERE id = ?1", [id], |r| {
                    r.get(0)
                })
                .optional()?;
            let started_at = started_at.ok_or(StoreError::NotFound {
                entity: "meeting",
                id,
            })?;
            if ended_at
                .as_deref()
                .is_some_and(|end| end < started_at.as_str())
            {
                return Err(StoreError::invalid(
                    "ended_at",
                    "is before the meeting started",
                ));
            }
            tx.execute(
                "UPDATE meetings SET relationship_id = ?2, title = ?3, type = ?4, status = ?5,
                    ended_at = ?6, language = ?7, checklist_id = ?8, updated_at = ?9
                 WHERE id = ?1",
                params![
                    id,
                    patch.relationship_id,
                    title,
                    patch.kind,
                    patch.status,
                    ended_at,
                    language,
                    patch.checklist_id,
                    now_timestamp()
                ],
            )?;
            Ok(())
        })?;
        self.meeting(id)
    }

    /// Marks the meeting completed at `ended_at` (RFC 3339).
    pub fn end_meeting(&self, id: i64, ended_at: &str) -> Result<Meeting> {
        let m = self.meeting(id)?;
        self.update_meeting(
            id,
            &MeetingPatch {
                relationship_id: m.relationship_id,
                title: m.title,
                kind: m.kind,
                status: MeetingStatus::Completed,
                ended_at: Some(ended_at.to_owned()),
                language: m.language,
                checklist_id: m.checklist_id,
            },
        )
    }

    /// Sets the language the meeting is in (a code such as `ko`), leaving the rest of
    /// its row as it is: a live meeting in "auto" settles on one once it has heard
    /// enough speech.
    pub fn set_meeting_language(&self, id: i64, code: &str) -> Result<()> {
        let code = language(Some(code))?;
        self.update_one_meeting(
            id,
            "UPDATE meetings SET language = ?2, updated_at = ?3 WHERE id = ?1",
            params![id, code, now_timestamp()],
        )
    }

    /// Records the meeting's audio files, as paths relative to the data folder.
    pub fn set_meeting_audio_paths(&self, id: i64, paths: &[String]) -> Result<()> {
        let paths = paths
            .iter()
            .map(|p| data_relative_path("audio path", p))
            .collect::<Result<Vec<_>>>()?;
        self.update_one_meeting(
            id,
            "UPDATE meetings SET audio_paths = ?2, updated_at = ?3 WHERE id = ?1",
            params![id, to_json(&paths), now_timestamp()],
        )
    }

    /// Whether the language model may see meeting `id` (its own switch; the global
    /// setting is the language model client's business).
    pub fn meeting_llm_enabled(&self, id: i64) -> Result<bool> {
        self.reader()
            .query_row(
                "SELECT llm_enabled FROM meetings WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(StoreError::NotFound {
                entity: "meeting",
                id,
            })
    }

    /// Switches the language model on or off for meeting `id`.
    pub fn set_meeting_llm_enabled(&self, id: i64, on: bool) -> Result<()> {
        self.update_one_meeting(
            id,
            "UPDATE meetings SET llm_enabled = ?2 WHERE id = ?1",
            params![id, on],
        )
    }

    /// Runs `sql`, an update of meeting `id`; no such meeting is `NotFound`.
    fn update_one_meeting(&self, id: i64, sql: &str, params: impl rusqlite::Params) -> Result<()> {
        let changed = self.write(|tx| Ok(tx.execute(sql, params)?))?;
        if changed == 0 {
            return Err(StoreError::NotFound {
                entity: "meeting",
                id,
            });
        }
        Ok(())
    }

    pub fn meeting(&self, id: i64) -> Result<Meeting> {
        self.reader()
            .query_row(&format!("{SELECT} WHERE m.id = ?1"), [id], from_row)
            .optional()?
            .ok_or(StoreError::NotFound {
                entity: "meeting",
                id,
            })
    }

    /// Meetings, newest first.
    pub fn list_meetings(&self, filter: &MeetingFilter, page: Page) -> Result<Paged<Meeting>> {
        let after = filter
            .started_after
            .as_deref()
            .map(|t| normalize_timestamp("started_after", t))
            .transpose()?;
        let before = filter
            .started_before
            .as_deref()
            .map(|t| normalize_timestamp("started_before", t))
            .transpose()?;
        let condition = "(?1 IS NULL OR m.relationship_id = ?1) AND (?2 IS NULL OR m.type = ?2)
            AND (?3 IS NULL OR m.status = ?3) AND (?4 IS NULL OR m.started_at >= ?4)
            AND (?5 IS NULL OR m.started_at < ?5)";
        self.read(|conn| {
            let args = params![
                filter.relationship_id,
                filter.kind,
                filter.status,
                after,
                before
            ];
            let total: u64 = conn.query_row(
                &format!("SELECT count(*) FROM meetings m WHERE {condition}"),
                args,
                |r| r.get(0),
            )?;
            let items = conn
                .prepare(&format!(
                    "{SELECT} WHERE {condition} ORDER BY m.started_at DESC, m.id DESC
                     LIMIT ?6 OFFSET ?7"
                ))?
                .query_map(
                    params![
                        filter.relationship_id,
                        filter.kind,
                        filter.status,
                        after,
                        before,
                        page.clamped_limit(),
                        page.offset
                    ],
                    from_row,
                )?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(Paged::new(items, total, page))
        })
    }

    pub fn participants(&self, meeting_id: i64) -> Result<Vec<Participant>> {
        Ok(self
            .reader()
            .prepare(
                "SELECT id, meeting_id, name, email, role FROM meeting_participants
                 WHERE meeting_id = ?1 ORDER BY role = 'guest', id",
            )?
            .query_map([meeting_id], |row| {
                Ok(Participant {
                    id: row.get(0)?,
                    meeting_id: row.get(1)?,
                    name: row.get(2)?,
                    email: row.get(3)?,
                    role: row.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Deletes a meeting with everything recorded in it: transcript (and its search
    /// index rows), notes, questions, action items, summary and audio files.
    pub fn delete_meeting(&self, id: i64) -> Result<()> {
        let audio_paths = self.write(|tx| {
            let paths: Option<String> = tx
                .query_row(
                    "SELECT audio_paths FROM meetings WHERE id = ?1",
                    [id],
                    |r| r.get(0),
                )
                .optional()?;
            let paths: Vec<String> = from_json(&paths.ok_or(StoreError::NotFound {
                entity: "meeting",
                id,
            })?);
            tx.execute("DELETE FROM meetings WHERE id = ?1", [id])?;
            crate::audit::record(
                tx,
                "delete",
                &format!("meeting/{id}"),
                &serde_json::json!({ "audio_files": paths.len() }),
            )?;
            Ok(paths)
        })?;
        // The rows are gone for good; files follow. A file that cannot be removed is
        // logged, not fatal: the meeting must not come back half-deleted.
        for path in &audio_paths {
            self.remove_data_file(path);
        }
        self.remove_data_folder(self.layout().meeting(id).relative());
        Ok(())
    }
}
