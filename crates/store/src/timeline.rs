//! What the relationship page and the home screen read to help the user prepare: a
//! relationship's meetings with what came out of each, the follow-ups that are due, and
//! the action items still waiting for the user's approval. Reads only; each answer is
//! put together from the same reads the meeting page uses, so both show the same thing.

use rusqlite::params;
use serde::{Deserialize, Serialize};

use crate::clock::normalize_timestamp;
use crate::followups::ACTION_ITEM_COLUMNS;
use crate::{ActionItem, ActionItemStatus, Meeting, Relationship, RelationshipData, Result, Store};

/// One meeting on a relationship's timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TimelineEntry {
    pub meeting: Meeting,
    /// The summary's first non-empty line, if the meeting has a summary.
    pub summary_line: Option<String>,
    /// Its action items still to do: pending or approved, not completed, rejected or removed.
    pub open_action_items: Vec<ActionItem>,
    /// The figures heard in it that the user has not dismissed.
    pub figures: Vec<RelationshipData>,
}

/// An action item waiting for approval, with the meeting it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PendingActionItem {
    pub item: ActionItem,
    pub meeting_title: String,
    pub meeting_started_at: String,
}

/// The most rows a home-screen list holds; more would not be read on a start page.
const HOME_LIMIT: i64 = 50;

fn first_line(text: &str) -> Option<String> {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map(str::to_owned)
}

impl Store {
    /// Every meeting with relationship `relationship_id`, newest first, each with its
    /// summary line, open action items and figures heard in it.
    pub fn relationship_timeline(&self, relationship_id: i64) -> Result<Vec<TimelineEntry>> {
        // Fails with NotFound for an unknown relationship rather than an empty timeline.
        self.relationship(relationship_id)?;
        let ids: Vec<i64> = self.read(|conn| {
            Ok(conn
                .prepare(
                    "SELECT id FROM meetings WHERE relationship_id = ?1
                     ORDER BY started_at DESC, id DESC",
                )?
                .query_map([relationship_id], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?)
        })?;
        ids.into_iter()
            .map(|id| {
                let open = self
                    .action_items(id)?
                    .into_iter()
                    .filter(|a| {
                        matches!(
                            a.status,
                            ActionItemStatus::Pending | ActionItemStatus::Approved
                        )
                    })
                    .collect();
                Ok(TimelineEntry {
                    meeting: self.meeting(id)?,
                    summary_line: self.summary(id)?.and_then(|s| first_line(&s.body.content)),
                    open_action_items: open,
                    figures: self.meeting_data(id)?,
                })
            })
            .collect()
    }

    /// Active relationships whose next meeting is before `before` (RFC 3339; the end of
    /// the user's today, so today's and overdue ones), the earliest first.
    pub fn due_relationships(&self, before: &str) -> Result<Vec<Relationship>> {
        let before = normalize_timestamp("before", before)?;
        let ids: Vec<i64> = self.read(|conn| {
            Ok(conn
                .prepare(
                    "SELECT id FROM relationships
                     WHERE status = 'active' AND next_meeting_at IS NOT NULL
                       AND unixepoch(next_meeting_at) < unixepoch(?1)
                     ORDER BY unixepoch(next_meeting_at), id LIMIT ?2",
                )?
                .query_map(params![before, HOME_LIMIT], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?)
        })?;
        ids.into_iter().map(|id| self.relationship(id)).collect()
    }

    /// Action items still pending approval across all meetings, newest meeting first.
    pub fn pending_action_items(&self) -> Result<Vec<PendingActionItem>> {
        let columns = ACTION_ITEM_COLUMNS
            .split(',')
            .map(|c| format!("a.{}", c.trim()))
            .collect::<Vec<_>>()
            .join(", ");
        self.read(|conn| {
            Ok(conn
                .prepare(&format!(
                    "SELECT {columns}, m.title, m.started_at
                     FROM action_items a JOIN meetings m ON m.id = a.meeting_id
                     WHERE a.removed_at IS NULL AND a.status = 'pending'
                     ORDER BY m.started_at DESC, a.id LIMIT ?1"
                ))?
                .query_map([HOME_LIMIT], |row| {
                    Ok(PendingActionItem {
                        item: crate::followups::action_item_row(row)?,
                        meeting_title: row.get(11)?,
                        meeting_started_at: row.get(12)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }
}
