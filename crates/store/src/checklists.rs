use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::checklist_edit::valid_item;
use crate::clock::now_timestamp;
use crate::validate::{from_json, required_text};
use crate::{MeetingType, Result, Store, StoreError};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ChecklistItem {
    pub id: i64,
    pub position: u32,
    pub text: String,
    /// Korean and English words whose mention covers the item.
    pub keywords: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Checklist {
    pub id: i64,
    pub name: String,
    pub meeting_type: MeetingType,
    /// Shipped with Onno (the user may still edit it).
    pub builtin: bool,
    /// Set on a relationship's own checklist, which every meeting with that
    /// relationship tracks besides its type's; `None` on a meeting type's.
    pub relationship_id: Option<i64>,
    pub items: Vec<ChecklistItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewChecklistItem {
    pub text: String,
    pub keywords: Vec<String>,
}

/// A `checklist_items` row read as `id, position, text, keywords`.
pub(crate) fn item_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ChecklistItem> {
    Ok(ChecklistItem {
        id: r.get(0)?,
        position: r.get(1)?,
        text: r.get(2)?,
        keywords: from_json(&r.get::<_, String>(3)?),
    })
}

impl Store {
    /// The meeting types' checklists, optionally only those for one meeting type, with
    /// their items. A relationship's own checklist is not one of them
    /// ([`Store::relationship_checklist`]).
    pub fn checklists(&self, meeting_type: Option<MeetingType>) -> Result<Vec<Checklist>> {
        let ids: Vec<i64> = self
            .reader()
            .prepare(
                "SELECT id FROM checklists
                 WHERE relationship_id IS NULL AND (?1 IS NULL OR meeting_type = ?1)
                 ORDER BY builtin DESC, id",
            )?
            .query_map([meeting_type], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter().map(|id| self.checklist(id)).collect()
    }

    pub fn checklist(&self, id: i64) -> Result<Checklist> {
        self.read(|conn| {
            let head = conn
                .query_row(
                    "SELECT name, meeting_type, builtin, relationship_id FROM checklists
                     WHERE id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .optional()?;
            let Some((name, meeting_type, builtin, relationship_id)) = head else {
                return Err(StoreError::NotFound {
                    entity: "checklist",
                    id,
                });
            };
            let items = conn
                .prepare(
                    "SELECT id, position, text, keywords FROM checklist_items
                     WHERE checklist_id = ?1 ORDER BY position, id",
                )?
                .query_map([id], item_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(Checklist {
                id,
                name,
                meeting_type,
                builtin,
                relationship_id,
                items,
            })
        })
    }

    /// Creates a checklist of the user's own.
    pub fn create_checklist(
        &self,
        name: &str,
        meeting_type: MeetingType,
        items: &[NewChecklistItem],
    ) -> Result<Checklist> {
        let name = required_text("checklist name", name, 200)?;
        let items = items.iter().map(valid_item).collect::<Result<Vec<_>>>()?;
        let id = self.write(|tx| {
            tx.execute(
                "INSERT INTO checklists (name, meeting_type, builtin, created_at)
                 VALUES (?1, ?2, 0, ?3)",
                params![name, meeting_type, now_timestamp()],
            )?;
            let id = tx.last_insert_rowid();
            for (position, (text, keywords)) in items.iter().enumerate() {
                tx.execute(
                    "INSERT INTO checklist_items (checklist_id, position, text, keywords)
                     VALUES (?1, ?2, ?3, ?4)",
                    params![id, position as i64 + 1, text, keywords],
                )?;
            }
            Ok(id)
        })?;
        self.checklist(id)
    }
}
