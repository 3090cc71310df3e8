//! What the copilot and the user add to a meeting: suggested questions, action items,
//! the summary and free-form notes.

use rusqlite::{OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};

use crate::clock::{normalize_date, now_timestamp};
use crate::error::missing_parent;
use crate::validate::{
    bounded_text, from_json, optional_text, required_text, to_json, unit_interval,
};
use crate::{ActionItemStatus, QuestionAction, QuestionPriority, Result, Store, StoreError};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewAiQuestion {
    pub meeting_id: i64,
    pub text: String,
    pub priority: QuestionPriority,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AiQuestion {
    pub id: i64,
    pub meeting_id: i64,
    pub text: String,
    pub priority: QuestionPriority,
    pub reason: String,
    pub suggested_at: String,
    pub user_action: Option<QuestionAction>,
    pub actioned_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewActionItem {
    pub meeting_id: i64,
    pub text: String,
    pub assignee: Option<String>,
    /// "YYYY-MM-DD".
    pub due_date: Option<String>,
    pub confidence: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ActionItem {
    pub id: i64,
    pub meeting_id: i64,
    pub text: String,
    pub assignee: Option<String>,
    pub due_date: Option<String>,
    pub confidence: Option<f64>,
    pub status: ActionItemStatus,
    /// Per integration (notion, calendar, ...) what happened when it was pushed.
    pub integration_status: serde_json::Map<String, serde_json::Value>,
    pub created_at: String,
    pub updated_at: String,
    /// What the model first wrote, once the user has edited the item.
    pub model_text: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SummaryInput {
    pub content: String,
    pub key_points: Vec<String>,
    pub decisions: Vec<String>,
    pub missed_questions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Summary {
    pub meeting_id: i64,
    #[serde(flatten)]
    pub body: SummaryInput,
    pub created_at: String,
    pub updated_at: String,
    /// When the user last edited it; an edited summary is not replaced by an analysis.
    pub edited_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Note {
    pub id: i64,
    pub meeting_id: i64,
    pub body: String,
    pub created_at: String,
    pub updated_at: String,
}

const LONG_MAX: usize = 100_000;

/// Who wrote a summary: the model's is replaced by the next analysis, the user's is not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SummaryAuthor {
    Model,
    User,
}

fn question_row(row: &Row<'_>) -> rusqlite::Result<AiQuestion> {
    Ok(AiQuestion {
        id: row.get(0)?,
        meeting_id: row.get(1)?,
        text: row.get(2)?,
        priority: row.get(3)?,
        reason: row.get(4)?,
        suggested_at: row.get(5)?,
        user_action: row.get(6)?,
        actioned_at: row.get(7)?,
    })
}

pub(crate) fn action_item_row(row: &Row<'_>) -> rusqlite::Result<ActionItem> {
    Ok(ActionItem {
        id: row.get(0)?,
        meeting_id: row.get(1)?,
        text: row.get(2)?,
        assignee: row.get(3)?,
        due_date: row.get(4)?,
        confidence: row.get(5)?,
        status: row.get(6)?,
        integration_status: from_json(&row.get::<_, String>(7)?),
        created_at: row.get(8)?,
        updated_at: row.get(9)?,
        model_text: row.get(10)?,
    })
}

/// The columns [`action_item_row`] reads, in its order.
pub(crate) const ACTION_ITEM_COLUMNS: &str = "id, meeting_id, text, assignee, due_date,
    confidence, status, integration_status, created_at, updated_at, model_text";

fn note_row(row: &Row<'_>) -> rusqlite::Result<Note> {
    Ok(Note {
        id: row.get(0)?,
        meeting_id: row.get(1)?,
        body: row.get(2)?,
        created_at: row.get(3)?,
        updated_at: row.get(4)?,
    })
}

pub(crate) fn not_found(entity: &'static str, id: i64) -> StoreError {
    StoreError::NotFound { entity, id }
}

impl Store {
    pub fn add_question(&self, q: &NewAiQuestion) -> Result<AiQuestion> {
        let text = required_text("question", &q.text, 2_000)?;
        let reason = bounded_text("reason", q.reason.trim(), 2_000)?;
        let id = self.write(|tx| {
            tx.execute(
                "INSERT INTO ai_questions (meeting_id, text, priority, reason, suggested_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![q.meeting_id, text, q.priority, reason, now_timestamp()],
            )
            .map_err(|e| missing_parent(e, "meeting", q.meeting_id))?;
            Ok(tx.last_insert_rowid())
        })?;
        self.question(id)
    }

    pub fn question(&self, id: i64) -> Result<AiQuestion> {
        self.reader()
            .query_row(
                "SELECT id, meeting_id, text, priority, reason, suggested_at, user_action,
                        actioned_at FROM ai_questions WHERE id = ?1",
                [id],
                question_row,
            )
            .optional()?
            .ok_or_else(|| not_found("question", id))
    }

    /// Records what the user did with a suggestion.
    pub fn set_question_action(&self, id: i64, action: QuestionAction) -> Result<AiQuestion> {
        let changed = self.write(|tx| {
            Ok(tx.execute(
                "UPDATE ai_questions SET user_action = ?2, actioned_at = ?3 WHERE id = ?1",
                params![id, action, now_timestamp()],
            )?)
        })?;
        if changed == 0 {
            return Err(not_found("question", id));
        }
        self.question(id)
    }

    pub fn questions(&self, meeting_id: i64) -> Result<Vec<AiQuestion>> {
        Ok(self
            .reader()
            .prepare(
                "SELECT id, meeting_id, text, priority, reason, suggested_at, user_action,
                        actioned_at FROM ai_questions WHERE meeting_id = ?1 ORDER BY id",
            )?
            .query_map([meeting_id], question_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?)
    }

    pub fn add_action_item(&self, item: &NewActionItem) -> Result<ActionItem> {
        let text = required_text("action item", &item.text, 2_000)?;
        let assignee = optional_text("assignee", item.assignee.as_deref(), 200)?;
        let due = item
            .due_date
            .as_deref()
            .map(|d| normalize_date("due date", d))
            .transpose()?;
        let confidence = unit_interval("confidence", item.confidence)?;
        let id = self.write(|tx| {
            tx.execute(
                "INSERT INTO action_items (meeting_id, text, assignee, due_date, confidence,
                    created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                params![
                    item.meeting_id,
                    text,
                    assignee,
                    due,
                    confidence,
                    now_timestamp()
                ],
            )
            .map_err(|e| missing_parent(e, "meeting", item.meeting_id))?;
            Ok(tx.last_insert_rowid())
        })?;
        self.action_item(id)
    }

    pub fn action_item(&self, id: i64) -> Result<ActionItem> {
        self.reader()
            .query_row(
                &format!(
                    "SELECT {ACTION_ITEM_COLUMNS} FROM action_items
                     WHERE id = ?1 AND removed_at IS NULL"
                ),
                [id],
                action_item_row,
            )
            .optional()?
            .ok_or_else(|| not_found("action item", id))
    }

    pub fn set_action_item_status(&self, id: i64, status: ActionItemStatus) -> Result<ActionItem> {
        let changed = self.write(|tx| {
            Ok(tx.execute(
                "UPDATE action_items SET status = ?2, updated_at = ?3
                 WHERE id = ?1 AND removed_at IS NULL",
                params![id, status, now_timestamp()],
            )?)
        })?;
        if changed == 0 {
            return Err(not_found("action item", id));
        }
        self.action_item(id)
    }

    pub fn action_items(&self, meeting_id: i64) -> Result<Vec<ActionItem>> {
        Ok(self
            .reader()
            .prepare(&format!(
                "SELECT {ACTION_ITEM_COLUMNS} FROM action_items
                 WHERE meeting_id = ?1 AND removed_at IS NULL ORDER BY id"
            ))?
            .query_map([meeting_id], action_item_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Writes the meeting's summary, replacing an earlier one unless the user edited it
    /// (then the user's stays and is returned).
    pub fn save_summary(&self, meeting_id: i64, input: &SummaryInput) -> Result<Summary> {
        self.write_summary(meeting_id, input, SummaryAuthor::Model)
    }

    /// Inserts or replaces the summary; the model's never replaces the user's.
    pub(crate) fn write_summary(
        &self,
        meeting_id: i64,
        input: &SummaryInput,
        author: SummaryAuthor,
    ) -> Result<Summary> {
        let content = bounded_text("summary", &input.content, LONG_MAX)?;
        let now = now_timestamp();
        let edited_at = (author == SummaryAuthor::User).then_some(now.as_str());
        self.write(|tx| {
            tx.execute(
                "INSERT INTO summaries (meeting_id, content, key_points, decisions,
                    missed_questions, created_at, updated_at, edited_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7)
                 ON CONFLICT (meeting_id) DO UPDATE SET content = excluded.content,
                    key_points = excluded.key_points, decisions = excluded.decisions,
                    missed_questions = excluded.missed_questions,
                    updated_at = excluded.updated_at,
                    edited_at = COALESCE(excluded.edited_at, summaries.edited_at)
                 WHERE summaries.edited_at IS NULL OR excluded.edited_at IS NOT NULL",
                params![
                    meeting_id,
                    content,
                    to_json(&input.key_points),
                    to_json(&input.decisions),
                    to_json(&input.missed_questions),
                    now,
                    edited_at
                ],
            )
            .map_err(|e| missing_parent(e, "meeting", meeting_id))?;
            Ok(())
        })?;
        self.summary(meeting_id)?
            .ok_or_else(|| not_found("summary", meeting_id))
    }

    pub fn summary(&self, meeting_id: i64) -> Result<Option<Summary>> {
        Ok(self
            .reader()
            .query_row(
                "SELECT meeting_id, content, key_points, decisions, missed_questions,
                        created_at, updated_at, edited_at FROM summaries WHERE meeting_id = ?1",
                [meeting_id],
                |row| {
                    Ok(Summary {
                        meeting_id: row.get(0)?,
                        body: SummaryInput {
                            content: row.get(1)?,
                            key_points: from_json(&row.get::<_, String>(2)?),
                            decisions: from_json(&row.get::<_, String>(3)?),
                            missed_questions: from_json(&row.get::<_, String>(4)?),
                        },
                        created_at: row.get(5)?,
                        updated_at: row.get(6)?,
                        edited_at: row.get(7)?,
                    })
                },
            )
            .optional()?)
    }

    pub fn add_note(&self, meeting_id: i64, body: &str) -> Result<Note> {
        let body = required_text("note", body, LONG_MAX)?;
        let id = self.write(|tx| {
            tx.execute(
                "INSERT INTO notes (meeting_id, body, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?3)",
                params![meeting_id, body, now_timestamp()],
            )
            .map_err(|e| missing_parent(e, "meeting", meeting_id))?;
            Ok(tx.last_insert_rowid())
        })?;
        self.note(id)
    }

    pub fn update_note(&self, id: i64, body: &str) -> Result<Note> {
        let body = required_text("note", body, LONG_MAX)?;
        let changed = self.write(|tx| {
            Ok(tx.execute(
                "UPDATE notes SET body = ?2, updated_at = ?3 WHERE id = ?1",
                params![id, body, now_timestamp()],
            )?)
        })?;
        if changed == 0 {
            return Err(not_found("note", id));
        }
        self.note(id)
    }

    pub fn delete_note(&self, id: i64) -> Result<()> {
        self.write(|tx| {
            if tx.execute("DELETE FROM notes WHERE id = ?1", [id])? == 0 {
                return Err(not_found("note", id));
            }
            crate::audit::record(tx, "delete", &format!("note/{id}"), &serde_json::json!({}))
        })
    }

    /// The meeting's notes as one text, saved as the user types: the meeting's first
    /// note takes `body`, or one is added; an emptied text deletes it. Returns the note
    /// that remains, if any.
    pub fn save_meeting_notes(&self, meeting_id: i64, body: &str) -> Result<Option<Note>> {
        let body = bounded_text("note", body.trim(), LONG_MAX)?;
        let id = self.write(|tx| {
            let existing: Option<i64> = tx
                .query_row(
                    "SELECT id FROM notes WHERE meeting_id = ?1 ORDER BY id LIMIT 1",
                    [meeting_id],
                    |row| row.get(0),
                )
                .optional()?;
            let now = now_timestamp();
            match (existing, body.is_empty()) {
                (Some(id), true) => {
                    tx.execute("DELETE FROM notes WHERE id = ?1", [id])?;
                    Ok(None)
                }
                (Some(id), false) => {
                    tx.execute(
                        "UPDATE notes SET body = ?2, updated_at = ?3 WHERE id = ?1",
                        params![id, body, now],
                    )?;
                    Ok(Some(id))
                }
                (None, true) => Ok(None),
                (None, false) => {
                    tx.execute(
                        "INSERT INTO notes (meeting_id, body, created_at, updated_at)
                         VALUES (?1, ?2, ?3, ?3)",
                        params![meeting_id, body, now],
                    )
                    .map_err(|e| missing_parent(e, "meeting", meeting_id))?;
                    Ok(Some(tx.last_insert_rowid()))
                }
            }
        })?;
        id.map(|id| self.note(id)).transpose()
    }

    pub fn note(&self, id: i64) -> Result<Note> {
        self.reader()
            .query_row(
                "SELECT id, meeting_id, body, created_at, updated_at FROM notes WHERE id = ?1",
                [id],
                note_row,
            )
            .optional()?
            .ok_or_else(|| not_found("note", id))
    }

    pub fn notes(&self, meeting_id: i64) -> Result<Vec<Note>> {
        Ok(self
            .reader()
            .prepare(
                "SELECT id, meeting_id, body, created_at, updated_at FROM notes
                 WHERE meeting_id = ?1 ORDER BY id",
            )?
            .query_map([meeting_id], note_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?)
    }
}
