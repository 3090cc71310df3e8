//! The user's say over what the copilot wrote: an action item reworded, reassigned,
//! given another due date or removed, and a summary rewritten. What the user changed
//! stays theirs when the meeting is analysed again (see migration 0010).

use rusqlite::params;
use serde::{Deserialize, Serialize};

use crate::clock::{normalize_date, now_timestamp};
use crate::followups::{SummaryAuthor, not_found};
use crate::validate::{optional_text, required_text};
use crate::{ActionItem, Result, Store, Summary, SummaryInput};

/// An action item as the user rewrites it; every field is replaced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ActionItemEdit {
    pub text: String,
    pub assignee: Option<String>,
    /// "YYYY-MM-DD".
    pub due_date: Option<String>,
}

impl Store {
    /// Rewrites an action item. The model's first text is kept aside, so a later
    /// analysis that finds the same item again does not add it a second time.
    pub fn edit_action_item(&self, id: i64, edit: &ActionItemEdit) -> Result<ActionItem> {
        let text = required_text("action item", &edit.text, 2_000)?;
        let assignee = optional_text("assignee", edit.assignee.as_deref(), 200)?;
        let due = edit
            .due_date
            .as_deref()
            .filter(|d| !d.trim().is_empty())
            .map(|d| normalize_date("due date", d))
            .transpose()?;
        let changed = self.write(|tx| {
            Ok(tx.execute(
                "UPDATE action_items SET model_text = COALESCE(model_text, text), text = ?2,
                    assignee = ?3, due_date = ?4, updated_at = ?5
                 WHERE id = ?1 AND removed_at IS NULL",
                params![id, text, assignee, due, now_timestamp()],
            )?)
        })?;
        if changed == 0 {
            return Err(not_found("action item", id));
        }
        self.action_item(id)
    }

    /// Removes an action item from every list. A marker stays (its text, nothing
    /// else shown anywhere) so that analysing the meeting again does not bring it back.
    pub fn remove_action_item(&self, id: i64) -> Result<()> {
        let changed = self.write(|tx| {
            Ok(tx.execute(
                "UPDATE action_items SET removed_at = ?2 WHERE id = ?1 AND removed_at IS NULL",
                params![id, now_timestamp()],
            )?)
        })?;
        if changed == 0 {
            return Err(not_found("action item", id));
        }
        Ok(())
    }

    /// Every text an action item of the meeting has had, the model's and the user's,
    /// removed ones included: what an analysis must not add again.
    pub fn known_action_item_texts(&self, meeting_id: i64) -> Result<Vec<String>> {
        let conn = self.reader();
        let mut stmt =
            conn.prepare("SELECT text, model_text FROM action_items WHERE meeting_id = ?1")?;
        let mut texts = Vec::new();
        for row in stmt.query_map([meeting_id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
        })? {
            let (text, model_text) = row?;
            texts.push(text);
            texts.extend(model_text);
        }
        Ok(texts)
    }

    /// Writes the summary as the user edited it; later analyses leave it as it is.
    pub fn edit_summary(&self, meeting_id: i64, input: &SummaryInput) -> Result<Summary> {
        self.write_summary(meeting_id, input, SummaryAuthor::User)
    }
}
