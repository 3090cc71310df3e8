//! A meeting corrected after the fact: its title, type, relationship and participants.
//! The relationship is the one that matters most: the facts heard in the meeting belong
//! to whoever the meeting was with, so they move when the meeting does.

use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::clock::now_timestamp;
use crate::meetings::{default_checklist, ensure_exists, insert_participants, valid_participants};
use crate::validate::required_text;
use crate::{Meeting, MeetingType, NewParticipant, Result, Store, StoreError};

/// What may change about a meeting once it exists; an edit replaces all four.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MeetingEdit {
    pub title: String,
    #[serde(rename = "type")]
    pub kind: MeetingType,
    pub relationship_id: Option<i64>,
    /// Everyone in the meeting, the user included; replaces the list as it was.
    pub participants: Vec<NewParticipant>,
}

impl Store {
    /// Changes meeting `id`'s title, type, relationship and participants in one step.
    ///
    /// When the relationship changes, the facts heard in the meeting (relationship data
    /// whose meeting is this one) move to the new relationship, whose last interaction
    /// becomes the meeting's start if that is later; with no relationship they are
    /// removed, since a fact cannot stand without one (analysing the meeting again
    /// after linking it finds them again). The old relationship's last interaction
    /// goes back to its latest remaining meeting. When the type changes, the meeting
    /// tracks the new type's checklist.
    pub fn edit_meeting(&self, id: i64, edit: &MeetingEdit) -> Result<Meeting> {
        let title = required_text("title", &edit.title, 300)?;
        let participants = valid_participants(&edit.participants)?;
        self.write(|tx| {
            ensure_exists(tx, "relationships", edit.relationship_id)?;
            let before: Option<(Option<i64>, MeetingType, String)> = tx
                .query_row(
                    "SELECT relationship_id, type, started_at FROM meetings WHERE id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            let (old_relationship, old_kind, started_at) = before.ok_or(StoreError::NotFound {
                entity: "meeting",
                id,
            })?;
            tx.execute(
                "UPDATE meetings SET title = ?2, type = ?3, relationship_id = ?4, updated_at = ?5
                 WHERE id = ?1",
                params![id, title, edit.kind, edit.relationship_id, now_timestamp()],
            )?;
            if edit.kind != old_kind {
                tx.execute(
                    "UPDATE meetings SET checklist_id = ?2 WHERE id = ?1",
                    params![id, default_checklist(tx, edit.kind)?],
                )?;
            }
            tx.execute(
                "DELETE FROM meeting_participants WHERE meeting_id = ?1",
                [id],
            )?;
            insert_participants(tx, id, &participants)?;
            if edit.relationship_id != old_relationship {
                move_facts(tx, id, edit.relationship_id, &started_at)?;
                if let Some(old) = old_relationship {
                    tx.execute(
                        "UPDATE relationships SET last_interaction_at =
                            (SELECT max(started_at) FROM meetings WHERE relationship_id = ?1)
                         WHERE id = ?1",
                        [old],
                    )?;
                }
            }
            Ok(())
        })?;
        self.meeting(id)
    }
}

/// Moves the facts heard in meeting `id` to relationship `to`, or removes them when
/// the meeting has none now; the new relationship counts the meeting as an interaction.
fn move_facts(
    tx: &rusqlite::Transaction<'_>,
    id: i64,
    to: Option<i64>,
    started_at: &str,
) -> Result<()> {
    match to {
        Some(to) => {
            tx.execute(
                "UPDATE relationship_data SET relationship_id = ?2 WHERE meeting_id = ?1",
                params![id, to],
            )?;
            tx.execute(
                "UPDATE relationships SET last_interaction_at = ?2
                 WHERE id = ?1 AND (last_interaction_at IS NULL OR last_interaction_at < ?2)",
                params![to, started_at],
            )?;
        }
        None => {
            tx.execute("DELETE FROM relationship_data WHERE meeting_id = ?1", [id])?;
        }
    }
    Ok(())
}
